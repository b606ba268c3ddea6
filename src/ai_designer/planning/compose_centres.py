"""Bodies whose centre is at a named point of the part so far, joined to it or cut from it: "subtract a sphere of
radius 15 whose center is on one of the cube's corners", "cut a 20 mm sphere out of each corner", "a sphere of
diameter 30 centred on the top face", "a sphere … whose centre is on the axis, 10 mm above the top face (at Z = 30)".

The point is resolved on the part's bounding box (``semantics_centres.py`` names it): the middle of a face, a corner
(one — any corner of a plain block, which is symmetric, recorded — or each of the eight), or a point on the axis of
an upright round part. The body's middle goes there (a hemisphere's "centre" could be its flat face's or its middle:
refused). Each body must overlap the part: a joined one that only touched it would be a separate solid, a cut one
that missed it would cut nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from ai_designer.planning.build import BODY_DIMS, Build, only_uses
from ai_designer.planning.compose_unions import oriented_size, placed_body
from ai_designer.planning.locate import FACE_AXIS
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Cone, Cylinder, Prism

__all__ = ["at_centre", "sphere_face_centre"]

Vec = tuple[float, float, float]


def sphere_face_centre(clause: Clause) -> Clause:
    """"a sphere of diameter 30 centred on the top face": a sphere cannot sit on a face (it would touch it in a
    point), so the words name where its centre is — the middle of that face."""
    noun = clause.noun
    faces = [loc for loc in clause.locs if loc.kind == "face"]
    if noun is None or noun.kind != "sphere" or len(faces) != 1 or not clause.has("centre") or clause.has("on_top") \
            or clause.has("centre_at"):
        return clause
    rest = [loc for loc in clause.locs if loc.kind not in ("face", "centre")]
    return replace(clause, locs=[*rest, Loc("centre_at", face=faces[0].face)])


def _box_part(b: Build, what: str) -> None:
    """Corners are the part's own only when the part is one plain block (its box is its shape)."""
    if len(b.ops) != 1 or not isinstance(b.ops[0], Box) or b.ops[0].placement.rotate != (0.0, 0.0, 0.0):
        raise ambiguous(f"'{what}' of this part: the offline planner places bodies on the corners of a plain block only")


def _axis_point(b: Build, loc: Loc, lo: Vec, hi: Vec, z_said: list[float]) -> Vec:
    """A point on the axis of an upright round part: out of the top or bottom face by ``value``, or at a stated Z."""
    first = b.ops[0] if b.ops else None
    if not isinstance(first, (Cylinder, Cone, Prism)) or first.placement.rotate != (0.0, 0.0, 0.0):
        raise ambiguous("'on the axis': the part has no upright axis the offline planner knows (say where the centre "
                        "is in X, Y and Z)")
    x, y = first.placement.at[0], first.placement.at[1]
    if loc.face == "axis_top":
        return x, y, hi[2] + float(loc.value or 0.0)
    if loc.face == "axis_bottom":
        return x, y, lo[2] - float(loc.value or 0.0)
    if len(z_said) != 1:
        raise ambiguous("'on the axis' does not say where along the axis (say e.g. 'at Z = 30')")
    return x, y, z_said[0]


def _points(b: Build, clause: Clause) -> list[Vec]:
    loc = clause.loc("centre_at")
    assert loc is not None
    lo, hi = b.box()
    z_said = [float(c.value or 0.0) for c in clause.locs if c.kind == "coord" and c.axes == (2,)]
    if loc.face in ("corner", "corners"):
        _box_part(b, "a corner")
        if loc.face == "corner":
            b.assumptions.append("the corner: the +X +Y +Z one (a plain block's corners are alike)")
            return [(hi[0], hi[1], hi[2])]
        return [(x, y, z) for x in (lo[0], hi[0]) for y in (lo[1], hi[1]) for z in (lo[2], hi[2])]
    if loc.face and loc.face.startswith("axis"):
        points = [_axis_point(b, loc, lo, hi, z_said)]
    else:
        axis, side = FACE_AXIS[loc.face or ""]
        mid = [(lo[k] + hi[k]) / 2 for k in range(3)]
        mid[axis] = hi[axis] if side > 0 else lo[axis]
        points = [(mid[0], mid[1], mid[2])]
    for z in [*loc.values, *(z_said if loc.face != "axis" else [])]:
        if abs(points[0][2] - z) > 1e-6:
            raise ambiguous(f"the centre is said to be at Z = {z:g}, but that point is at Z = {points[0][2]:g}")
    return points


def at_centre(b: Build, clause: Clause, kind: Literal["union", "cut"]) -> None:
    """Join (``kind`` = ``union``) or cut the clause's body with its middle at each named point."""
    only_uses(clause, {"centre_at", "coord", "direction_axis"} | ({"fused"} if kind == "union" else set()), BODY_DIMS)
    loc = clause.loc("centre_at")
    if any(c.kind == "coord" and c.axes != (2,) for c in clause.locs) or (
            clause.has("coord") and loc is not None and loc.face in ("corner", "corners")):
        raise ambiguous("the body's centre is placed twice (at a named point and by coordinates)")
    what = clause.noun.kind if clause.noun else "body"
    if what == "hemisphere":
        raise ambiguous("a hemisphere's centre can mean its flat face's centre or its middle")
    axes = [c.axes[0] for c in clause.locs if c.kind == "direction_axis"]
    axis = axes[0] if len(axes) == 1 else None
    size, world = oriented_size(clause, axis, b.assumptions)
    lo, hi = b.box()
    tools = []
    for centre in _points(b, clause):
        if any(centre[k] + world[k] / 2 <= lo[k] + 1e-9 or centre[k] - world[k] / 2 >= hi[k] - 1e-9 for k in range(3)):
            raise ambiguous(f"the {what} there does not overlap the part: " + (
                "they would be separate solids" if kind == "union" else "it would cut nothing"))
        tool = placed_body(b, size, axis, world, centre)
        b.add(tool, becomes_current=False)
        tools.append(tool.id)
    base = b.current or ""
    b.add(Boolean(id=b.new_id("joined" if kind == "union" else "cut"), kind=kind, base=base, tools=tools))
