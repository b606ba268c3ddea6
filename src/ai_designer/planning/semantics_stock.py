"""Semantic functions of the ``stock sections and flanged parts, round 3`` block of ``grammar.lark``.

A mixin of :class:`semantics.Semantics`: one method per rule. Structural stock named by its section (angle, square or
rectangular tube) and flanged round parts (a flanged bushing, a flange with a hub) are described as a list of items
after the part's name, in any order; each item becomes one ``Loc`` of a ``stock`` clause and ``stock_compose.py``
checks that every size the section needs is said exactly once.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["StockSemantics"]

#: words before or after the stock's name that say nothing about its geometry
_STOCK_WORDS = ("piece", "stock", "length", "bar", "section", "extrusion", "profile", "plain", "standard", "some",
                "little", "small", "short", "long")
_ANGLE_WORDS = ("angle", "angle iron", "l angle", "l profile")
_TUBE_WORDS = ("square tube", "rectangular tube", "box section", "rectangular pipe", "square pipe",
               "rectangular hollow section", "box tube", "rhs", "shs")


def _sizes(children: list[Any]) -> list[float]:
    return [v for c in children if isinstance(c, Size) for v in c.values]


class StockSemantics:
    """Stock sections: ``Clause("stock", locs=[Loc("section", face=angle|tube), …items])``."""

    def stock_section(self, children: list[Any]) -> Clause:
        word = next(t for t in tokens(children) if t.type in ("DIM_ANGLE", "SHAPE_RECT_TUBE", "SHAPE_BRACKET"))
        text = word.value.text
        if text not in (*_ANGLE_WORDS, *_TUBE_WORDS):
            raise reject(f"'{text}' given as a section of stock: say e.g. 'equal angle 50 x 50 x 5, 40 long'")
        kind = "angle" if text in _ANGLE_WORDS else "tube"
        square = text in ("square tube", "square pipe", "shs")
        locs = [Loc("section", face=kind, value=1.0 if square else 0.0)]
        equal = _adjectives(children)
        if equal:
            locs.append(Loc("equal_legs"))
        pre = next((c for c in children if isinstance(c, Size)), None)
        if pre is not None:
            locs.append(Loc("sizes", values=pre.values))
        locs += [c for c in children if isinstance(c, Loc)]
        return Clause("stock", locs=locs)

    def stock_piece(self, children: list[Any]) -> None:
        tok = tokens(children)[0]
        if tok.value.text not in ("piece", "length", "bit", "offcut", "stick"):
            raise reject(f"'{tok.value.text} of' before the stock is not read here offline")

    def stock_cut_length(self, children: list[Any]) -> Loc:
        """"a 300 mm length of …": how long the stock is cut."""
        return Loc("length", value=_sizes(children)[0])

    def stock_adj(self, children: list[Any]) -> Token:
        return tokens(children)[0]

    def stock_pre(self, children: list[Any]) -> Size:
        return next(c for c in children if isinstance(c, Size))

    def stock_word(self, children: list[Any]) -> Token:
        return tokens(children)[0]

    def stock_sizes(self, children: list[Any]) -> Loc:
        """"25 x 25 outside", "1 x 1 legs", "50 x 50 x 5": the section's sizes (and thickness)."""
        which = next((t.type for t in tokens(children) if t.type in ("DIM_LEG", "DIM_OD")), None)
        if which == "DIM_OD" and tokens(children)[-1].value.text not in ("outside", "od", "outer", "overall"):
            raise reject(f"'{tokens(children)[-1].value.text}' after a section size is not read here offline")
        return Loc("sizes", face={"DIM_LEG": "legs", "DIM_OD": "outside"}.get(which or ""), values=tuple(_sizes(children)))

    def stock_legs(self, children: list[Any]) -> Loc:
        """"legs 50 and 30", "legs 50 x 50"."""
        return Loc("sizes", face="legs", values=tuple(_sizes(children)))

    def stock_wall(self, children: list[Any]) -> Loc:
        return Loc("wall", value=_sizes(children)[0])

    def stock_measure(self, children: list[Any]) -> Loc:
        """"1/8" thick", "6" long", "40 LG": the thickness or the length of the stock."""
        measures = [m for c in children for m in (c if isinstance(c, list) else [c]) if isinstance(m, Measure)]
        if len(measures) != 1 or measures[0].dim not in ("thickness", "length"):
            raise reject(f"'{', '.join(m.dim for m in measures)}' of a section of stock: give its sizes, thickness "
                         "and length")
        return Loc(measures[0].dim, value=measures[0].value)

    def stock_fact(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def no_radius(self, children: list[Any]) -> Loc:
        """"no radius inside or out", "no inside radius": no rounding anywhere on the part."""
        ign = [t.value.text for t in tokens(children) if t.type == "IGN"]
        if ign and ign != ["or", "out"]:
            raise reject(f"'{' '.join(ign)}' is not read here offline")
        return Loc("no_radius", value=1.0)


def _adjectives(children: list[Any]) -> bool:
    """The words around the stock's name: ``True`` when they say the legs are equal. A material is listed under
    ``ignored``; a word that may change the geometry refuses the prompt."""
    equal = False
    ign = get_ignorable()
    for t in tokens(children):
        if t.type != "IGN":
            continue
        word = t.value.text
        if word == "equal":
            equal = True
        elif word not in _STOCK_WORDS and not (ign.why(word) or "").startswith("names a material"):
            raise reject(f"'{word}' said of a section of stock is not read here offline")
    return equal
