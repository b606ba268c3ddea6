"""Semantic functions of the ``sizes said after the body is named`` rules of ``grammar.lark``: "the half sphere has
a 20 mm radius, its flat side down", "the cone is 30 mm in diameter where it meets the base, 10 mm in diameter at
its flat top, and 20 mm tall", "Pins are Ø12 and 20 tall".

``said_of`` makes a ``Clause("said", noun=…)`` holding what is said; ``compose_said.merge_said`` gives it to the body
named before it, which must not have those sizes already.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["SaidSemantics"]

_VERBS = ("has", "have")
_SITTING = ("sitting on", "resting on", "standing on", "sits on", "rests on", "stands on", "placed on")


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


class SaidSemantics:
    """One method per rule of the block; each reads its own children."""

    def said_of(self, children: list[Any]) -> Clause:
        flat = _flat(children)
        for t in tokens(children):
            if t.type == "IGN" and t.value.text not in _VERBS:
                raise reject(f"'{t.value.text}' is not read here offline")
        noun = next(c for c in flat if isinstance(c, Noun))
        dim = next((c for c in flat if type(c) is str), None)
        measures = [c for c in flat if isinstance(c, Measure)]
        if dim is not None:  # "the cylinder's diameter is 20 mm"
            measures.append(Measure(dim, next(c for c in flat if isinstance(c, Size)).values[0]))
        return Clause("said", noun=Noun(noun.kind), measures=measures, locs=[c for c in flat if isinstance(c, Loc)])

    def said_noun(self, children: list[Any]) -> Noun:
        return Noun(children[0].kind)

    def said_item(self, children: list[Any]) -> Any:
        return children[0] if len(children) == 1 else [c for c in children if isinstance(c, (Measure, Loc))]

    def said_measure_of(self, children: list[Any]) -> Measure:
        """"a diameter of 20"."""
        dim = next(c for c in children if type(c) is str)
        return Measure(dim, next(c for c in children if isinstance(c, Size)).values[0])

    def said_bottom(self, children: list[Any]) -> Measure:
        """"30 mm in diameter where it meets the base", "… at the bottom": a cone's base diameter."""
        for t in tokens(children):
            if t.type == "EDGE_JUNCTION" and t.value.text not in ("where it meets",):
                raise reject(f"'{t.value.text}' is not read here offline")
            if t.type == "SHAPE_PLATE" and t.value.text != "base":
                raise reject(f"'at the {t.value.text}' does not name the end of the body")
        return Measure("bottom_diameter", next(c for c in children if isinstance(c, Size)).values[0])

    def said_top(self, children: list[Any]) -> Measure:
        """"10 mm in diameter at its flat top": a cone's top diameter."""
        return Measure("top_diameter", next(c for c in children if isinstance(c, Size)).values[0])

    def said_flat_down(self, children: list[Any]) -> Loc:
        """"its flat side down": a hemisphere as built (checked when merged)."""
        return Loc("flat_down")

    def said_centred(self, children: list[Any]) -> Loc:
        return Loc("centre")

    def said_centred_face(self, children: list[Any]) -> list[Loc]:
        """"centered on the top face of the block": centred, on that face."""
        return [Loc("centre"), Loc("face", face=next(c for c in children if type(c) is str))]

    def loc_sitting_on_top(self, children: list[Any]) -> Loc:
        """"sitting on top of it": the lexer read "sitting on" as one word and "top of it" follows."""
        word = next(t for t in tokens(children) if t.type == "REL_ON_TOP").value.text
        if word not in _SITTING:
            raise reject(f"'{word} top of it' is not read offline")
        return Loc("on_top")

    def square_np(self, children: list[Any]) -> list[Any]:
        """"a square base 30 x 30 x 10": the body and a mark that its length and width must be equal."""
        word = next(t for t in tokens(children) if t.type in ("SHAPE_PLATE", "SHAPE_BOX"))
        kind = "box" if word.type == "SHAPE_BOX" else "plate"
        noun = Noun(kind, sizes=[c for c in children if isinstance(c, Size)], words=(word.value.text,))
        return [noun, Loc("square")]
