"""Outlines given by their points, extruded along their plane's normal; moves and turns of the whole part.

"Sketch a closed polyline on the XY plane through the points (0,0), (40,0), … Extrude it 12 mm in the negative Z
direction": the points are model coordinates in the named plane (its two axes, in the plane's order, unless the
points name them: "(X 10, Z 0)"); the outline must be a simple polygon (no crossing edges, not flat). The extent
along the normal is read as for any placed sketch (``compose_sketch._normal``). "Translate the whole part by (0, 0,
15)" and "rotate it 90° about the X axis" move the part so far (a ``transform``); turns are quarter turns only, so
the part's box stays known.
"""

from __future__ import annotations

from ai_designer.planning.build import Build
from ai_designer.planning.compose_sketch import PLANES, SKETCH_ACTIONS, normal_extent, traced_body
from ai_designer.planning.cuts_compose import cut
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Noun, Size
from ai_designer.schemas.task_graph import Boolean, Placement, Transform

__all__ = ["PROFILE_ACTIONS", "extrude_profile"]

_PLANE_AXES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}


def _points(sketch: Clause) -> tuple[str, list[tuple[float, float]]]:
    """The sketch's plane and its points in the plane's (u, v) order."""
    planes = {loc.face or "" for loc in sketch.locs if loc.kind == "plane"}
    if len(planes) != 1:
        raise reject("the plane of the outline's points is not given once (say e.g. 'on the XY plane')")
    plane = planes.pop()
    others = [loc.kind for loc in sketch.locs if loc.kind not in ("plane", "vertices")]
    if others or sketch.measures or sketch.sizes:
        raise reject("an outline given by its points is extruded offline with nothing else said about it")
    order = _PLANE_AXES[plane]
    points: list[tuple[float, float]] = []
    for loc in (loc for loc in sketch.locs if loc.kind == "vertices"):
        if loc.axes and set(loc.axes) != set(order):
            raise ambiguous("the outline's points name axes that are not its plane's")
        flip = bool(loc.axes) and loc.axes != order
        pairs = [(loc.values[i], loc.values[i + 1]) for i in range(0, len(loc.values), 2)]
        points += [(b, a) if flip else (a, b) for a, b in pairs]
    if len(points) > 3 and points[0] == points[-1]:
        points.pop()
    _check_simple(points)
    return plane, points


def _crosses(p: tuple[float, float], q: tuple[float, float], r: tuple[float, float], s: tuple[float, float]) -> bool:
    def side(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return side(p, q, r) * side(p, q, s) < 0 and side(r, s, p) * side(r, s, q) < 0


def _check_simple(points: list[tuple[float, float]]) -> None:
    """A polygon FreeCAD can make a face of: at least three distinct corners, an area, no two edges crossing."""
    if len(points) < 3 or len(set(points)) != len(points):
        raise ambiguous("an outline needs at least three different points")
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1], strict=True)) / 2
    if abs(area) < 1e-9:
        raise ambiguous("the outline's points enclose no area")
    edges = list(zip(points, points[1:] + points[:1], strict=True))
    for i, (p, q) in enumerate(edges):
        for j in range(i + 2, len(edges)):
            if (i == 0 and j == len(edges) - 1):
                continue
            if _crosses(p, q, *edges[j]):
                raise ambiguous("the outline's edges cross each other")


def extrude_profile(b: Build, clause: Clause) -> None:
    """A profile given by its points, extruded: the first body, or joined to the part so far."""
    sketch, b.sketch = b.sketch, None
    assert sketch is not None
    if sketch.noun and sketch.noun.kind != "profile":
        raise reject(f"a {sketch.noun.kind.replace('_', ' ')} given by its corners is revolved, not extruded, offline")
    plane, points = _points(sketch)
    n = PLANES[plane][2]
    body = traced_body(b, points, n, normal_extent(clause, n))
    if b.current is None:
        b.add(body)
        return
    base = b.current
    b.add(body, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[body.id]))


def _move_part(b: Build, clause: Clause) -> None:
    if b.current is None or b.sketch is not None:
        raise reject("'translate' / 'move' needs a finished part to move")
    by = clause.locs[0].values
    b.add(Transform(id=b.new_id("moved"), target=b.current, placement=Placement(at=(by[0], by[1], by[2]))))


def _rotate_part(b: Build, clause: Clause) -> None:
    if b.current is None and b.sketch is not None and clause.text == "spin":  # "spin it 360° about Z": a revolve
        from ai_designer.planning.compose_revolve import ALL_SWEEP_ACTIONS

        turn = clause.locs[0]
        ALL_SWEEP_ACTIONS["revolve"](b, Clause("revolve", locs=[Loc("rev_angle", value=turn.value),
                                                                 Loc("rev_axis", axes=turn.axes)]))
        return
    if b.current is None or b.sketch is not None:
        raise reject("'rotate' needs a finished part to turn")
    turn = clause.locs[0]
    angle = float(turn.value or 0)
    if angle % 90:
        raise reject(f"a turn of {angle:g}° (only quarter turns of the whole part are made offline)")
    rotate = tuple(angle if a == turn.axes[0] else 0.0 for a in range(3))
    b.add(Transform(id=b.new_id("turned"), target=b.current,
                    placement=Placement(rotate=(rotate[0], rotate[1], rotate[2]))))


def _outline_centre(b: Build, locs: list[Loc]) -> list[Loc]:
    """"centred on the rectangle": the part so far must be that outline's extrusion alone (its centre is the
    part's); otherwise which outline is meant is not known here."""
    if not any(loc.kind == "centre_outline" for loc in locs):
        return locs
    if len(b.ops) != 1:
        raise reject("'centred on the rectangle / circle' of a part made of more than that one extrusion")
    return [Loc("centre") if loc.kind == "centre_outline" else loc for loc in locs]


def _cut_through(b: Build, clause: Clause) -> None:
    """The sketch just drawn, cut through the whole part along its normal: a placed sketch as a body subtracted
    across the part; a circle or rectangle sketched on the top face (or the XY plane) as a through hole or pocket."""
    sketch = b.sketch
    if sketch is None or b.current is None:
        raise reject("'cut it through' needs a sketch drawn on a part")
    axes = {loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis"}
    if sketch.action == "placed_sketch":
        n = PLANES[next(loc.face or "" for loc in sketch.locs if loc.kind == "plane")][2]
        if axes - {n}:
            raise ambiguous("the cut goes along an axis that is not the sketch plane's normal")
        SKETCH_ACTIONS["sketch_cut"](b, clause)
        return
    if sketch.action != "sketch" or axes - {2}:
        raise reject("a sketch is cut through offline from the top face (or the XY plane) only")
    b.sketch = None
    planes = {loc.face for loc in sketch.locs if loc.kind == "plane"}
    faces = {loc.face for loc in sketch.locs if loc.kind == "face"}
    if planes - {"xy"} or faces - {"top"}:
        raise reject("a sketch is cut through offline from the top face (or the XY plane) only")
    if not planes and not faces:
        b.assumptions.append("sketch: on the top face (no plane or face stated); cut through along Z")
    locs = [loc for loc in _outline_centre(b, sketch.locs) if loc.kind not in ("plane", "face")]
    kind = sketch.noun.kind if sketch.noun else ""
    if kind == "circle":
        noun = Noun("hole", measures=[m for m in sketch.measures if m.dim in ("diameter", "radius")]
                    + (sketch.noun.measures if sketch.noun else []), sizes=list(sketch.noun.sizes if sketch.noun else []))
    elif kind in ("rectangle", "square"):
        noun = Noun("pocket", sizes=list(sketch.noun.sizes if sketch.noun else []) + list(sketch.sizes),
                    measures=list(sketch.noun.measures if sketch.noun else []))
        if kind == "square" and len([v for s in noun.sizes for v in s.values]) == 1:
            side = noun.sizes[0].values[0]
            noun.sizes = [Size((side, side))]
    else:
        raise reject(f"a {kind or 'profile'} sketched on the part is not cut through offline")
    others = [m for m in sketch.measures if m.dim not in ("diameter", "radius")]
    cut(b, Clause("cut", noun=noun, measures=others, locs=[*locs, Loc("face", face="top"), Loc("through")]))


PROFILE_ACTIONS = {"move_part": _move_part, "rotate_part": _rotate_part, "cut_through": _cut_through}
