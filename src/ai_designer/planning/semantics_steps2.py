"""Semantic functions of the ``step sequences, round 2`` block of ``grammar.lark``.

A mixin of :class:`semantics.Semantics`. The rules read what step-by-step descriptions say in one breath: an outline
padded in the same clause ("pad a 40 x 40 square sketch 40 mm"), what the steps made ("so you get a cube", "so it's a
square tube with 5 mm walls" — a claim ``compose_steps2`` checks on the part, never a word dropped), rectangular
through cuts ("a 20 x 20 square hole"), one hole at each of several coordinates ("at X = 20 and X = 100") and a hole
"through both walls" of a hollow part.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.core.errors import PlanError
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["StepTwoSemantics"]

_SHAPE = {"W_SQUARE": "square", "W_RECTANGLE": "rectangle", "W_CIRCLE": "circle"}
_AXIS = {"MOD_ALONG_X": 0, "MOD_ALONG_Y": 1, "W_X": 0, "W_Y": 1, "W_Z": 2}
_PLANE = {0: "yz", 1: "xz", 2: "xy"}
#: words that may introduce what the steps made: "so you get", "so that you have", "so it's", "giving"
_RESULT_WORDS = {"so", "you", "get", "have", "it's", "giving", "gives", "we", "i"}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


class StepTwoSemantics:
    """Rules of step-by-step descriptions said in one breath (see the module docstring)."""

    def pad_shape(self, children: list[Any]) -> Noun:
        kind = next(_SHAPE[t.type] for t in tokens(children) if t.type in _SHAPE)
        return Noun(kind, sizes=[c for c in children if isinstance(c, Size)],
                    measures=[c for c in children if isinstance(c, Measure)])

    def pad_axis(self, children: list[Any]) -> Loc:
        axis = next((_AXIS[t.type] for t in tokens(children) if t.type in _AXIS), 2)
        return Loc("pad_axis", axes=(axis,))

    def pad_outline(self, children: list[Any]) -> list[Clause]:
        """The outline becomes a sketch on the plane across the direction (XY when none is said, stated), padded
        from that plane along the direction; a result said after it is checked once the pad is made."""
        items = _flat(children)
        noun = next(c for c in items if isinstance(c, Noun))
        if not (noun.sizes or noun.measures):
            raise PlanError(f"the {noun.kind}'s size is not given")
        dist = next(c for c in items if isinstance(c, Size))
        said = next((c for c in items if isinstance(c, Loc) and c.kind == "pad_axis"), None)
        n = said.axes[0] if said else 2
        anchors = [c for c in items if isinstance(c, Loc) and c.kind == "anchor"]
        results = [c for c in items if isinstance(c, Loc) and c.kind == "result"]
        out = [Clause("placed_sketch", noun=noun, locs=[Loc("plane", face=_PLANE[n]), *anchors]),
               Clause("extrude", locs=[Loc("extent", face="along", axes=(n,), value=dist.values[0])])]
        if said is None:
            out.insert(0, Clause("assume", text="sketch: on the XY plane, padded up along Z (no plane stated)"))
        if results:
            out.append(Clause("result_check", locs=results))
        return out

    def result_said(self, children: list[Any]) -> list[Loc]:
        words = [t.value.text for t in tokens(children) if isinstance(t, Token) and t.type == "IGN"]
        if words[0] not in ("so", "giving", "gives") or any(w not in _RESULT_WORDS for w in words):
            raise PlanError(f"'{' '.join(words)}' does not say what the steps made")
        return [c for c in _flat(children) if isinstance(c, Loc)]

    def result_cube(self, children: list[Any]) -> list[Loc]:
        corner = [Loc("anchor", face="corner")] if any(t.type == "W_ORIGIN" for t in tokens(children)) else []
        return [Loc("result", face="cube"), *corner]

    def result_tube(self, children: list[Any]) -> Loc:
        wall = next(c for c in children if isinstance(c, Size))
        return Loc("result", face="square_tube", value=wall.values[0])

    def result_clause(self, children: list[Any]) -> Clause:
        return Clause("result_check", locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def cutout_np(self, children: list[Any]) -> list[Any]:
        """"a 20 x 20 square hole", "a window 30 x 30": a rectangular cut through the part; like a hole's, its
        direction ("through along X") is the way it is cut (``compose_steps2``), not the way its length runs."""
        noun = Noun("pocket", sizes=[c for c in children if isinstance(c, Size)],
                    measures=[c for c in children if isinstance(c, Measure)])
        return [noun, Loc("cutout")]

    def through_walls(self, children: list[Any]) -> list[Loc]:
        word = next(t.value.text for t in tokens(children) if t.type == "IGN")
        if word != "both":
            raise PlanError(f"'through {word} walls' does not say which walls")
        return [Loc("through"), Loc("cross_walls", value=2.0)]
