"""Semantic functions of the ``shapes`` block of ``grammar.lark``: shape and posture words.

People name a body's profile or its posture by an adjective before the noun ("a regular hexagon", "a 90° V-groove",
"a half round groove", "four round pins", "standing upright", "lying flat", "the four vertical outside edges"). Each
rule here reads what the word means for the geometry — a size, a profile, an orientation — or refuses it; the rules
match loose terminals (``MOD_ALONG_Y`` is both "vertical" and "across the top", ``EDGE_ALL`` is "edges" and "outside
edges"), so the words are checked here and any other is refused by name.
"""

from __future__ import annotations

import math
from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import AXES, Clause, Loc, Measure, Noun, Size

__all__ = ["ShapeSemantics"]

_VERTICAL = frozenset({"vertical", "upright"})
_GROOVE_WORDS = frozenset({"groove", "channel", "trough", "cradle", "gutter", "flute"})
_WIDTH_WORDS = frozenset({"wide", "width", "in width", "broad", "wd"})
_OUTSIDE = frozenset({"outer", "outside", "external", "outer edges", "outside edges", "external edges"})


def _texts(children: list[Any], *types: str) -> list[str]:
    return [str(t.value.text).lower() for t in tokens(children) if t.type in types]


def _count(children: list[Any]) -> float | None:
    counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
    return float(counts[0]) if counts else None


class ShapeSemantics:
    """One method per rule of the block; each reads its own children."""

    def shp_vertical_outer(self, children: list[Any]) -> Loc:
        """"the four vertical outside edges / corners": a block's vertical corner edges (compose checks the count on
        a plain block, where every vertical edge is an outside one)."""
        said = _texts(children, "MOD_ALONG_Y")
        outside = _texts(children, "DIM_OD", "EDGE_ALL")
        if said[0] not in _VERTICAL:
            raise reject(f"'{said[0]}' before edges is not read offline (say 'the vertical edges')")
        if outside[0] not in _OUTSIDE or (len(outside) > 1 and outside[1] not in ("edges", "edge")):
            raise reject(f"'vertical {' '.join(outside)}' is not read offline (say 'the vertical outside edges')")
        return Loc("edges", face="vertical", value=_count(children))

    def shp_regular(self, children: list[Any]) -> int:
        """"a regular hexagon": the polygon (every polygon outline here is regular)."""
        return next(c for c in children if isinstance(c, int) and not isinstance(c, bool))

    def shp_side(self, children: list[Any]) -> Measure:
        words = _texts(children, "IGN")
        if words and words != ["whose"]:
            raise reject(f"'{' '.join(words)} sides' is not read offline")
        return Measure("side", next(c for c in children if isinstance(c, Size)).values[0])

    def shp_side_outline(self, children: list[Any]) -> Noun:
        """A regular polygon by its side ``s``: across the corners ``s / sin(180° / n)``."""
        sides = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        side = next(c for c in children if isinstance(c, Measure)).value
        return Noun(f"polygon{sides}", measures=[Measure("ac", round(side / math.sin(math.pi / sides), 9))])

    def shp_flats(self, children: list[Any]) -> Loc:
        """"with two of its flats parallel to the X axis": ``Loc("shp_flats", axes=(axis,), value=count)``."""
        axis = next(t.type for t in tokens(children) if t.type in ("W_X", "W_Y"))[-1].lower()
        nums = [t for t in tokens(children) if t.type == "NUM"]
        count = float(nums[0].value.values[0]) if nums else 1.0
        return Loc("shp_flats", axes=(AXES[axis],), value=count)

    def shp_groove(self, children: list[Any]) -> Clause:
        items = [x for c in children for x in (c if isinstance(c, list) else [c])]
        noun = next(c for c in items if isinstance(c, Noun))
        return Clause("shp_groove", noun=noun, measures=[c for c in items if isinstance(c, Measure)],
                      sizes=[c for c in items if isinstance(c, Size)], locs=[c for c in items if isinstance(c, Loc)])

    def shp_groove_np(self, children: list[Any]) -> Noun:
        """"a 90° V-groove", "an R15 half-round cradle": the groove's section (``shp_v`` / ``shp_round``); the angle
        of a V is its included angle."""
        word = _texts(children, "FEAT_GROOVE", "UNBUILT")[0]
        if word not in _GROOVE_WORDS:
            raise reject(f"'{word}' with a V or half-round section is not read offline (say 'groove')")
        v = any(t.type == "LETTER_V" for t in tokens(children))
        measures = [c for c in children if isinstance(c, Measure)]
        angles = [t.value.values[0] for t in tokens(children) if t.type == "ANG"]
        measures += [Measure("angle", a) for a in angles]
        return Noun("shp_v" if v else "shp_round", measures=measures)

    def shp_run_dim(self, children: list[Any]) -> Loc:
        """"along the 60 length", "running the 1.25 width direction": the groove runs along the side that long."""
        dim = _texts(children, "DIM_LENGTH", "DIM_WIDTH")[0]
        return Loc("shp_run", face="width" if dim in _WIDTH_WORDS else "length",
                   value=next(c for c in children if isinstance(c, Size)).values[0])

    def shp_axis_face(self, children: list[Any]) -> Loc:
        """"axis on top face", "the groove's axis lies in the top face", "whose axis lies on the top face"."""
        words = _texts(children, "IGN")
        if words and words != ["whose"]:
            raise reject(f"'{' '.join(words)} axis' is not read offline")
        return Loc("shp_axis_face", face="top")

    def shp_top_width(self, children: list[Any]) -> Measure:
        """"(20 wide at the top)": a V-groove's width at the face (checked against its angle and depth)."""
        return Measure("top_width", next(c for c in children if isinstance(c, Size)).values[0])
