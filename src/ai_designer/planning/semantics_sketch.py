"""Semantic functions of the placed-sketch block of ``grammar.lark``: sketches in model coordinates and extrusions
along a named axis.

A mixin of :class:`semantics.Semantics`. A sketch's terms become :class:`Loc` s — ``axis_len`` (a side along an
axis), ``span`` (``X from -20 to 20``), ``anchor`` (``from the origin``: its corner there; ``centre``: centred at a
point) — and an extrusion's become one ``extent`` (``face`` = ``along`` / ``each_way`` / ``range``); the composition
in ``compose_sketch.py`` turns them into a body placed where the words put it.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["SketchSemantics"]

_AXIS_TOKENS = {"W_X": 0, "W_Y": 1, "W_Z": 2}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (_flat(c) if isinstance(c, list) else [c])]


def _axis(children: list[Any]) -> int:
    """The axis a phrase names: an ``axis`` child, an axis word, or "along X" / "along Y"."""
    ints = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
    if ints:
        return ints[0]
    for t in tokens(children):
        if t.type in _AXIS_TOKENS:
            return _AXIS_TOKENS[t.type]
        if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y"):
            if t.value.text not in ("along x", "along y"):
                raise reject(f"'{t.value.text}' in a sketch")
            return 0 if t.type == "MOD_ALONG_X" else 1
    raise reject("an axis is not named")


class SketchSemantics:
    """``unit``: millimetres per bare number (set by :class:`semantics.Semantics`)."""

    unit: float

    def placed_sketch(self, children: list[Any]) -> Clause:
        items = _flat(children)
        plane = next(t for t in tokens(items) if t.type in ("W_XY", "W_XZ", "W_YZ"))
        nouns = [c for c in items if isinstance(c, Noun)]
        return Clause(action="placed_sketch", noun=nouns[0], measures=[c for c in items if isinstance(c, Measure)],
                      sizes=[c for c in items if isinstance(c, Size)],
                      locs=[Loc("plane", face=plane.value.text), *(c for c in items if isinstance(c, Loc))])

    def sk_mod(self, children: list[Any]) -> Any:
        return [c for c in children if not isinstance(c, Token)]

    def axis_len(self, children: list[Any]) -> Loc:
        """"120 mm along X", "60 (X)": the sketch's side along that axis."""
        size = next(c for c in children if isinstance(c, Size))
        return Loc("axis_len", axes=(_axis(children),), value=size.values[0])

    def axis_span(self, children: list[Any]) -> Loc:
        """"X from -20 to 20", "(Z 0 to 20)": where the sketch lies along that axis."""
        lo, hi = (c for c in children if isinstance(c, float))
        if hi <= lo:
            raise reject(f"a span from {lo:g} to {hi:g}")
        return Loc("span", axes=(_axis(children),), values=(lo, hi))

    def coord_span(self, children: list[Any]) -> Loc:
        """"from X = 20 to X = 30": both ends name the same axis."""
        (a0, lo), (a1, hi) = (c for c in children if isinstance(c, tuple))
        if a0 != a1 or hi <= lo:
            raise reject("a span must run up one axis (e.g. 'from X = 20 to X = 30')")
        return Loc("span", axes=(a0,), values=(lo, hi))

    def sk_from_origin(self, children: list[Any]) -> Loc:
        return Loc("anchor", face="corner")

    def sk_centred_origin(self, children: list[Any]) -> Loc:
        return Loc("anchor", face="centre", values=(0.0, 0.0, 0.0), axes=(0, 1, 2))

    def sk_centred_at(self, children: list[Any]) -> Loc:
        """"centred at X = 0, Z = 30": the named coordinates of the sketch's centre."""
        pairs = [c for c in children if isinstance(c, tuple)]
        axes = tuple(a for a, _ in pairs)
        if len(set(axes)) != len(axes):
            raise reject("a coordinate of the sketch's centre is given twice")
        return Loc("anchor", face="centre", axes=axes, values=tuple(v for _, v in pairs))

    def sk_coord(self, children: list[Any]) -> tuple[int, float]:
        value = next(c for c in children if isinstance(c, float))
        kind = next(t.type for t in tokens(children))
        return {"DIM_XPOS": 0, "DIM_YPOS": 1, "DIM_TEETH": 2}[kind], value

    # ---- extrusions ---------------------------------------------------------------------------------------------
    def extrude_placed(self, children: list[Any]) -> Clause:
        return Clause(action="extrude", locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def ext_along(self, children: list[Any]) -> Loc:
        """"6 in +Z", "15 along -Z", "40 mm up in Z", "10 down along Z": a distance one way along an axis."""
        size = next(c for c in children if isinstance(c, Size)).values[0]
        toks = {t.type for t in tokens(children)}
        negative = "W_NEGATIVE" in toks
        if "W_DOWN" in toks and ("W_Z" not in toks or negative):
            raise reject("'down' along an axis that is not +Z")
        sign = -1.0 if negative or "W_DOWN" in toks else 1.0
        return Loc("extent", face="along", axes=(_axis(children),), value=sign * size)

    def ext_each_way(self, children: list[Any]) -> Loc:
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return Loc("extent", face="each_way", axes=(_axis(children),), value=size)

    def ext_range(self, children: list[Any]) -> Loc:
        (a0, lo), (a1, hi) = (c for c in children if isinstance(c, tuple))
        if a0 != a1 or hi <= lo:
            raise reject("an extrusion from one coordinate to another must go up one axis")
        return Loc("extent", face="range", axes=(a0,), values=(lo, hi))

    def ext_total(self, children: list[Any]) -> Loc:
        """"(20 total)": the whole length, checked against the extent."""
        word = next(t for t in tokens(children) if t.type == "IGN")
        if word.value.text != "total":
            raise reject(f"'({word.value.text})' after an extrusion")
        return Loc("extent_total", value=next(c for c in children if isinstance(c, Size)).values[0])

    def pocket_through_both(self, children: list[Any]) -> Clause:
        return Clause(action="sketch_cut", locs=[Loc("extent", face="through_both")])

    # ---- offset outlines ----------------------------------------------------------------------------------------
    def offset_pocket(self, children: list[Any]) -> Clause:
        """A pocket whose outline is the part's own outline offset inward; its face, depth and stated facts."""
        items = _flat(children)
        face = next(c for c in items if type(c) is str)
        depth = next(c for c in items if isinstance(c, Size)).values[0]
        return Clause(action="offset_pocket", measures=[Measure("depth", depth)],
                      locs=[Loc("face", face=face), *(c for c in items if isinstance(c, Loc))])

    def offset_outline(self, children: list[Any]) -> Loc:
        return next(c for c in _flat(children) if isinstance(c, Loc))

    def offset_by(self, children: list[Any]) -> Loc:
        verb = next(t for t in tokens(children) if t.type == "EDIT_MOVE")
        if verb.value.text != "offset":
            raise reject(f"an outline '{verb.value.text}'")
        return Loc("outline_offset", value=-next(c for c in children if isinstance(c, Size)).values[0])

    def offset_walls(self, children: list[Any]) -> Loc:
        word = [t for t in tokens(children) if t.type == "IGN"]
        if word and word[0].value.text != "so":
            raise reject(f"'{word[0].value.text}' before the walls")
        return Loc("walls", value=next(c for c in children if isinstance(c, Size)).values[0])

    def offset_square(self, children: list[Any]) -> Loc:
        return Loc("fact", face="square_inside_corners")

    # ---- profiles traced as moves -------------------------------------------------------------------------------
    def traced_sketch(self, children: list[Any]) -> Clause:
        """A closed outline traced from the origin: its moves, kept for the extrusion (which knows the plane)."""
        items = _flat(children)
        toks = tokens(items)
        plane = next(t for t in toks if t.type in ("W_XY", "W_XZ", "W_YZ"))
        shape = [t for t in toks if t.type == "SHAPE_BRACKET"]
        if shape and shape[0].value.text not in ("l shape", "l shaped"):
            raise reject(f"a traced outline named '{shape[0].value.text}'")
        return Clause(action="placed_sketch", noun=Noun("traced"),
                      locs=[Loc("plane", face=plane.value.text), *(c for c in items if isinstance(c, Loc))])

    def trace(self, children: list[Any]) -> list[Loc]:
        close = next(t for t in tokens(children) if t.type == "MOD_FINE")
        if close.value.text != "close":
            raise reject(f"a traced outline ending '{close.value.text}'")
        return [c for c in children if isinstance(c, Loc)]

    def move_by(self, children: list[Any]) -> Loc:
        """"go 50 along +X", "up 8 in Z": a move by a distance along an axis ("down" / "-X": backwards)."""
        toks = {t.type: t for t in tokens(children)}
        if "IGN" in toks and toks["IGN"].value.text != "go":
            raise reject(f"'{toks['IGN'].value.text}' in a traced outline")
        axis = _axis(children)
        if ("W_UP" in toks or "W_DOWN" in toks) and axis != 2:
            raise reject("'up' / 'down' along an axis that is not Z")
        sign = -1.0 if "W_DOWN" in toks or "W_NEGATIVE" in toks else 1.0
        return Loc("move", face="by", axes=(axis,), value=sign * next(c for c in children if isinstance(c, Size)).values[0])

    def move_to(self, children: list[Any]) -> Loc:
        """"back to X = 8", "up to Z = 45": a move to a coordinate."""
        words = [t for t in tokens(children) if t.type == "IGN"]
        if words and words[0].value.text != "go":
            raise reject(f"'{words[0].value.text}' in a traced outline")
        axis, value = next(c for c in children if isinstance(c, tuple))
        return Loc("move", face="to", axes=(axis,), value=value)
