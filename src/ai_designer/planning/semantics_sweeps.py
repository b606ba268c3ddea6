"""Semantic functions of the sweeps block of ``grammar.lark``: revolve, loft, sweep and the profiles they use.

A mixin of :class:`semantics.Semantics`. Profiles, paths and sections become :class:`Loc` terms (``vertices``,
``axis_gap``, ``rev_angle``, ``rev_axis``, ``section_z``, ``path_arc`` …) and words that only confirm what the
operation does anyway become ``Loc("fact", face=<what>)``; ``compose_sweeps.py`` checks each fact against the
operation it is said of, so nothing is dropped.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["SweepSemantics"]

_PLANE_CIRCLE = ("circle of diameter", "circle diameter", "diameter circle")
_AXIS_TOKENS = {"W_X": 0, "W_Y": 1, "W_Z": 2}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (_flat(c) if isinstance(c, list) else [c])]


def _clause(action: str, children: list[Any], **extra: Any) -> Clause:
    items = _flat(children)
    nouns = [c for c in items if isinstance(c, Noun)]
    return Clause(action=action, noun=nouns[0] if nouns else None,
                  measures=[c for c in items if isinstance(c, Measure)],
                  sizes=[c for c in items if isinstance(c, Size)],
                  locs=[c for c in items if isinstance(c, Loc)], **extra)


def _angle(tok: Token) -> float:
    return float(tok.value.values[0])


class SweepSemantics:
    """``unit``: millimetres per bare number (set by :class:`semantics.Semantics`)."""

    unit: float

    # ---- profiles -----------------------------------------------------------------------------------------------
    def profile_sketch(self, children: list[Any]) -> Clause:
        """"draw a right triangle …", "sketch this closed profile …": a profile kept for the revolve after it."""
        items = _flat(children)
        if not any(isinstance(c, Noun) for c in items):
            items.append(Noun("profile"))
        return _clause("profile", items)

    def pcd_circle(self, children: list[Any]) -> Noun:
        """"a circle of diameter 40" (the vocabulary reads "circle of diameter" as a bolt circle's)."""
        tok = tokens(children)[0]
        if tok.value.text not in _PLANE_CIRCLE:
            raise reject(f"'{tok.value.text}' names a bolt circle, not an outline")
        size = next(c for c in children if isinstance(c, Size))
        return Noun("circle", measures=[Measure("diameter", size.values[0])])

    def pcd_radius_circle(self, children: list[Any]) -> Noun:
        """"a circle of radius 5"."""
        tok = tokens(children)[0]
        if tok.value.text not in ("circle of radius", "radius circle"):
            raise reject(f"'{tok.value.text}' names a bolt circle, not an outline")
        return Noun("circle", measures=[Measure("radius", next(c for c in children if isinstance(c, Size)).values[0])])

    def right_triangle(self, children: list[Any]) -> Noun:
        return Noun("right_triangle")

    def upright(self, children: list[Any]) -> Loc:
        return Loc("fact", face="upright")

    def prof_mod(self, children: list[Any]) -> Any:
        return [c for c in children if not isinstance(c, Token)]

    def coord_num(self, children: list[Any]) -> float:
        tok = children[0].value
        return float(tok.values[0] if tok.explicit else tok.values[0] * self.unit)

    def vertex(self, children: list[Any]) -> tuple[tuple[int, ...], tuple[float, float]]:
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        values = tuple(c for c in children if isinstance(c, float))
        return axes, (values[0], values[1])

    def vertices(self, children: list[Any]) -> Loc:
        points = [c for c in children if isinstance(c, tuple)]
        labels = {p[0] for p in points}
        if len(labels) != 1:
            raise reject("the profile's points name their axes differently")
        return Loc("vertices", axes=labels.pop(), values=tuple(v for _, xy in points for v in xy))

    def vertices_labelled(self, children: list[Any]) -> Loc:
        """"(X, Y): (0, 20), (60, 20) …": the axes are named once, before the points."""
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        loc = self.vertices([c for c in children if isinstance(c, tuple)])
        if loc.axes:
            raise reject("the profile's points name their axes twice")
        return Loc("vertices", axes=axes, values=loc.values)

    def gap_inner(self, children: list[Any]) -> Loc:
        """"with its inner edge 25 mm from a vertical axis"."""
        size = next(c for c in children if isinstance(c, Size))
        vertical = [t for t in tokens(children) if t.type == "MOD_ALONG_Y"]
        if vertical and vertical[0].value.text != "vertical":
            raise reject(f"'{vertical[0].value.text} axis' of a revolve")
        return Loc("axis_gap", face="inner", value=size.values[0], axes=(2,) if vertical else ())

    def gap_centre(self, children: list[Any]) -> Loc:
        """"whose centre is 30 mm from the axis", "with its centre 20 mm from the Z axis"."""
        axes = tuple(_AXIS_TOKENS[t.type] for t in tokens(children) if t.type in _AXIS_TOKENS)
        return Loc("axis_gap", face="centre", value=next(c for c in children if isinstance(c, Size)).values[0],
                   axes=axes)

    def gap_radius(self, children: list[Any]) -> Loc:
        """"at a radius of 30 (from the Z axis)": where a circle's centre turns (a rectangle's is refused)."""
        axes = tuple(_AXIS_TOKENS[t.type] for t in tokens(children) if t.type in _AXIS_TOKENS)
        return Loc("axis_gap", face="radius", value=next(c for c in children if isinstance(c, Size)).values[0],
                   axes=axes)

    # ---- revolve ------------------------------------------------------------------------------------------------
    def revolve_clause(self, children: list[Any]) -> Clause:
        return _clause("revolve", children)

    def rev_mod(self, children: list[Any]) -> Any:
        return [c for c in children if not isinstance(c, Token)]

    def rev_angle(self, children: list[Any]) -> Loc:
        return Loc("rev_angle", value=_angle(next(t for t in tokens(children) if t.type == "ANG")))

    def rev_half(self, children: list[Any]) -> Loc:
        return Loc("rev_angle", value=180.0)

    def rev_full(self, children: list[Any]) -> Loc:
        return Loc("rev_angle", value=360.0)

    def rev_axis(self, children: list[Any]) -> Loc:
        """"around the Z axis", "about the X axis", "round that axis" (the axis named before), "a vertical axis"."""
        toks = tokens(children)
        polar = [t for t in toks if t.type == "POS_POLAR"]
        if polar and polar[0].value.text != "around":
            raise reject(f"'{polar[0].value.text}' an axis")
        axes = [_AXIS_TOKENS[t.type] for t in toks if t.type in _AXIS_TOKENS]
        for t in toks:
            if t.type == "MOD_ALONG_Y":
                if t.value.text != "vertical":
                    raise reject(f"'{t.value.text} axis' of a revolve")
                axes.append(2)
        return Loc("rev_axis", axes=tuple(axes))

    def ring_result(self, children: list[Any]) -> Loc:
        """"to make a half ring", "three quarters of a ring": the fraction of a full turn."""
        inner = [c for c in _flat(children) if isinstance(c, Loc)]
        if inner:
            return inner[0] if len(inner) == 1 else inner  # type: ignore[return-value]
        toks = tokens(children)
        if any(t.type == "MOD_HALF" for t in toks):
            return Loc("ring", value=0.5)
        return Loc("ring", value=float(next(t for t in toks if t.type == "NUM").value.values[0]))

    # ---- loft ---------------------------------------------------------------------------------------------------
    def loft_clause(self, children: list[Any]) -> Clause:
        items = _flat(children)
        sections = [c for c in items if isinstance(c, Clause)]
        return _clause("loft", [c for c in items if not isinstance(c, Clause)], parts=sections)

    def loft_section(self, children: list[Any]) -> Clause:
        return _clause("section", children)

    def sec_at(self, children: list[Any]) -> Loc:
        coord = next(c for c in children if isinstance(c, Loc))
        if coord.axes != (2,):
            raise reject("a loft section is placed by its height (say e.g. 'at Z = 40')")
        return Loc("section_z", value=coord.value)

    def sec_ground(self, children: list[Any]) -> Loc:
        return Loc("section_z", value=0.0)

    def sec_height(self, children: list[Any]) -> Loc:
        return Loc("section_z", value=next(c for c in children if isinstance(c, Size)).values[0])

    def sec_above(self, children: list[Any]) -> Loc:
        higher = [t for t in tokens(children) if t.type == "CMP_HEIGHT_UP"]
        if higher and higher[0].value.text not in ("higher", "up", "above"):
            raise reject(f"a section '{higher[0].value.text}'")
        return Loc("section_above", value=next(c for c in children if isinstance(c, Size)).values[0])

    def loft_mod(self, children: list[Any]) -> Any:
        return [c for c in children if not isinstance(c, Token)]

    def ruled(self, children: list[Any]) -> Loc:
        return Loc("ruled")

    # ---- sweep --------------------------------------------------------------------------------------------------
    def sweep_clause(self, children: list[Any]) -> Clause:
        return _clause("sweep", children)

    def sweep_mod(self, children: list[Any]) -> Any:
        return [c for c in children if not isinstance(c, Token)]

    def profile_side(self, children: list[Any]) -> Loc:
        """"10 mm measured radially", "6 mm tall": the sides of a rectangle swept along an arc."""
        value = abs(next(c for c in children if isinstance(c, float)))
        side = next(t for t in tokens(children) if t.type in ("FACE_SIDE", "DIM_HEIGHT"))
        if side.type == "FACE_SIDE" and side.value.text not in ("radially", "radial"):
            raise reject(f"'measured {side.value.text}'")
        if value <= 0:
            raise reject("a profile side of 0 mm")
        return Loc("profile_side", face="radial" if side.type == "FACE_SIDE" else "height", value=value)

    def line_path(self, children: list[Any]) -> Loc:
        row = next(t for t in tokens(children) if t.type == "POS_ROW")
        if row.value.text != "line":
            raise reject(f"a sweep along a straight '{row.value.text}'")
        points = [c for c in children if isinstance(c, tuple)]
        return Loc("path_line", values=(*points[0], *points[1]))

    def straight_path(self, children: list[Any]) -> Loc:
        """"along a straight path 50 mm long": a line from the profile's centre, square to it."""
        row = [t for t in tokens(children) if t.type == "POS_ROW"]
        if row and row[0].value.text != "line":
            raise reject(f"a sweep along a straight '{row[0].value.text}'")
        length = next(c for c in children if isinstance(c, Size)).values[0]
        return Loc("path_line", face="free", values=(0.0, 0.0, 0.0, 0.0, 0.0, length))

    def point3(self, children: list[Any]) -> tuple[float, ...]:
        return tuple(c for c in children if isinstance(c, float))

    def arc_path(self, children: list[Any]) -> Loc:
        """"a quarter-circle arc (90°) of radius 50", "a 180° arc of radius 40": stated angles must agree."""
        toks = tokens(children)
        angles = [_angle(t) for t in toks if t.type == "ANG"] + [90.0 for t in toks if t.type == "W_QUARTER"] \
            + [180.0 for t in toks if t.type == "W_SEMICIRCLE"]
        if len(set(angles)) != 1:
            raise reject(f"the arc's angle is given as {' and '.join(f'{a:g}°' for a in angles)}")
        radius = next(c for c in children if isinstance(c, Size)).values[0]
        return Loc("path_arc", value=radius, values=(angles[0],))

    def segment(self, children: list[Any]) -> tuple[float, int]:
        length = next(c for c in children if isinstance(c, Size)).values[0]
        for t in tokens(children):
            if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y"):
                if t.value.text not in ("along x", "along y"):
                    raise reject(f"a path going '{t.value.text}'")
                return length, 0 if t.type == "MOD_ALONG_X" else 1
        return length, next(_AXIS_TOKENS[t.type] for t in tokens(children) if t.type in _AXIS_TOKENS)

    def poly_path(self, children: list[Any]) -> Loc:
        """"a path that goes 60 mm along X, then turns 90° and goes 40 mm along Y": segments and their turns."""
        segments = [c for c in children if isinstance(c, tuple)]
        turns = [_angle(t) for t in tokens(children) if t.type == "ANG"]
        values = [v for seg in segments for v in seg]
        return Loc("path_poly", values=tuple(values), axes=tuple(int(t) for t in turns))

    # ---- facts about the operation ------------------------------------------------------------------------------
    def facts_clause(self, children: list[Any]) -> Clause:
        return _clause("facts", children)

    def sweep_note(self, children: list[Any]) -> Any:
        return children

    def fact_flat(self, children: list[Any]) -> Loc:
        return Loc("fact", face="flat_ends")

    def fact_square(self, children: list[Any]) -> Loc:
        return Loc("fact", face="square_to_path")

    def fact_centred(self, children: list[Any]) -> Loc:
        return Loc("fact", face="centred_on_path")

    def fact_planar(self, children: list[Any]) -> Loc:
        return Loc("fact", face="planar_path")

    def fact_arc_plane(self, children: list[Any]) -> Loc:
        plane = next(t for t in tokens(children) if t.type in ("W_XY", "W_XZ", "W_YZ"))
        return Loc("arc_plane", face=plane.value.text)

    def fact_mitre(self, children: list[Any]) -> Loc:
        return Loc("fact", face="mitred_corners")

    def fact_solid(self, children: list[Any]) -> Loc:
        return Loc("fact", face="solid")

    def fact_coaxial(self, children: list[Any]) -> Loc:
        return Loc("fact", face="coaxial")

    def fact_long_parallel(self, children: list[Any]) -> Loc:
        return Loc("fact", face="long_sides_parallel")

    def fact_axis_aligned(self, children: list[Any]) -> Loc:
        along = next(t for t in tokens(children) if t.type == "MOD_ALONG_X")
        if along.value.text != "parallel to x":
            raise reject(f"edges '{along.value.text} and Y'")
        return Loc("fact", face="axis_aligned")
