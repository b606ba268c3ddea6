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
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["FlangedSemantics", "StockSemantics"]

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


_DIAMETERS = ("diameter", "od")
#: why a word before the part's name may be listed under ``ignored``
_NAME_REASONS = ("names a material", "says what the part", "says how it is made", "describes the part in words")
_HEIGHTS = ("thickness", "length", "height")


class FlangedSemantics:
    """Flanged round parts: ``Clause("flanged", locs=[Loc("name", face=bushing|flange), Loc("wide"|"narrow"|"bare",
    values=(diameter, height, bore)), Loc("overall"), Loc("bore")])``; a size not said is 0."""

    def flanged(self, children: list[Any]) -> Clause:
        return Clause("flanged", locs=[c for c in children if isinstance(c, Loc)])

    def fl_more(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def flanged_name(self, children: list[Any]) -> Loc:
        toks = tokens(children)
        for t in toks:
            if t.type == "IGN" and not (get_ignorable().why(t.value.text) or "").startswith(_NAME_REASONS):
                raise reject(f"'{t.value.text}' said of a flanged part is not read here offline")
        if any(t.type == "UNBUILT" and t.value.text != "flanged" for t in toks):
            raise reject("only a 'flanged' bushing is read here offline")
        return Loc("name", face="flange" if any(t.type == "SHAPE_FLANGE" for t in toks) else "bushing")

    def fl_dims(self, children: list[Any]) -> Loc:
        return _round_dims([m for c in children if isinstance(c, list) for m in c])

    def fl_measure(self, children: list[Any]) -> list[Measure]:
        """A measure, or a size named outside / inside (of a round part: its diameter and its bore)."""
        if isinstance(children[0], (Measure, list)):
            return children[0] if isinstance(children[0], list) else [children[0]]
        which = next(t for t in tokens(children) if t.type in ("DIM_OD", "DIM_ID"))
        return [Measure("od" if which.type == "DIM_OD" else "id", _sizes(children)[0])]

    def fl_wide(self, children: list[Any]) -> Loc:
        return _named("wide", children)

    def fl_bare(self, children: list[Any]) -> Loc:
        return _named("bare", children)

    def fl_narrow(self, children: list[Any]) -> Loc:
        """"body 12 mm diameter and 10 mm long below the flange", "a hub 50 dia sticking up 20 mm above the disc",
        "a Ø50 hub 20 high on top": ``face`` = the side of the wide part it is on, when said."""
        dims = [c for c in children if isinstance(c, Loc) and c.kind == "dims"]
        pre = [c for c in children if isinstance(c, Size)]
        where = [c for c in children if isinstance(c, Loc) and c.kind in ("below", "above")]
        d, h, bore = dims[0].values if dims else (0.0, 0.0, 0.0)
        if pre:
            if d:
                raise reject("the body's diameter is given twice")
            d = pre[0].values[0]
        if where and where[0].value:
            if h:
                raise reject("the height of the hub is given twice")
            h = float(where[0].value)
        return Loc("narrow", face=where[0].kind if where else None, values=(d, h, bore))

    def fl_pre(self, children: list[Any]) -> Size:
        found = next((c for c in children if isinstance(c, Size)), None)
        return found if found is not None else self.size(tokens(children))  # type: ignore[attr-defined]

    def fl_below(self, children: list[Any]) -> Loc:
        return Loc("below")

    def fl_above(self, children: list[Any]) -> Loc:
        for t in tokens(children):
            if t.type == "UNBUILT" and t.value.text not in ("sticking", "sticks", "projecting", "protruding"):
                raise reject(f"'{t.value.text}' is not read here offline")
        sizes = _sizes(children)
        return Loc("above", value=sizes[0] if sizes else None)

    def fl_overall(self, children: list[Any]) -> Loc:
        """"(12 mm overall length)", "(total height 32)": the sum of the parts' heights, checked."""
        for t in tokens(children):
            if t.type == "IGN" and t.value.text not in ("overall", "total"):
                raise reject(f"'{t.value.text}' in brackets is not read here offline")
        return Loc("overall", value=_sizes(children)[0])

    def fl_bore(self, children: list[Any]) -> Loc:
        """"8 mm bore through", "bore Ø8 through": through the whole part, on its axis."""
        _bore_word(children)
        return Loc("bore", value=_bore_size(children))

    def bore_note(self, children: list[Any]) -> Clause:
        """"Bore 30 dia all the way through": a hole, its diameter written after the number."""
        size = next(c for c in children if isinstance(c, Size))
        rest = [x for c in children if c is not size for x in (c if isinstance(c, list) else [c])]
        return Clause("cut", noun=Noun("hole", measures=[Measure("diameter", size.values[0])]),
                      measures=[c for c in rest if isinstance(c, Measure)], sizes=[c for c in rest if isinstance(c, Size)],
                      locs=[c for c in rest if isinstance(c, Loc)])


def _bore_word(children: list[Any]) -> None:
    for t in tokens(children):
        if t.type == "FEAT_HOLE" and t.value.text not in ("bore", "hole", "bore hole"):
            raise reject(f"'{t.value.text}' as the bore of a flanged part is not read here offline")


def _bore_size(children: list[Any]) -> float:
    measures = [c for c in children if isinstance(c, Measure)]
    if measures:
        if measures[0].dim not in ("diameter", "radius"):
            raise reject(f"a bore given by its {measures[0].dim}")
        return measures[0].value * (2 if measures[0].dim == "radius" else 1)
    return _sizes(children)[0]


def _round_dims(measures: list[Measure]) -> Loc:
    """A round part's measures: ``values`` = (diameter, height, bore), 0 where not said; each said once."""
    out = {"d": 0.0, "h": 0.0, "bore": 0.0}
    for m in measures:
        key = "d" if m.dim in _DIAMETERS else "h" if m.dim in _HEIGHTS else "bore" if m.dim == "id" else None
        value = m.value
        if m.dim == "radius":
            key, value = "d", 2 * m.value
        if key is None:
            raise reject(f"'{m.dim}' of a part of a flanged piece is not read here offline")
        if out[key]:
            raise reject(f"the {'diameter' if key == 'd' else key} of one part is given twice")
        out[key] = value
    return Loc("dims", values=(out["d"], out["h"], out["bore"]))


def _named(kind: str, children: list[Any]) -> Loc:
    dims = next(c for c in children if isinstance(c, Loc) and c.kind == "dims")
    return Loc(kind, values=dims.values)
