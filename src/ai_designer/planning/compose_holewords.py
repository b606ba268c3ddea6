"""Holes and cuts placed the way several writers say it, composed (the ``hole words`` block,
``semantics_holewords.py``).

"On one of the two 60 x 40 end walls, cut a Ø12 hole through that wall only": ``wall_hole`` finds the walls the size
names on a box shelled with its top open, checks they are its end walls (across its longer side), and drills the
hole into the left (or front) one as deep as the wall is thick — either end gives the same part mirrored, which is
stated. The distances said of the hole ("35 from either side and 20 up from the bottom") are checked against the
wall's centre; a wall the words do not single out is refused.

"On the centreline of the 25 face", "from one flat to the opposite flat", "passing through the axis":
``mark_holewords`` (a pass, the last) takes these terms off the cut and holds the cut in a ``hw_face_checked``
clause; ``face_checked`` makes the cut with its own action, then checks each term on the holes it made — the face
they entered has a side of that size; the part is one hexagonal prism standing on Z, whose flats face ±Y (so the
holes along Y go flat to flat; the other two pairs give the same part turned, which is stated); the holes cross the
upright axis of a part that is one prism or cylinder standing on Z; "in the floor of the channel": the holes are
drilled from the top inside the footprint of the one pocket cut before, and reach below its floor; "15 from one
end": measured from the bottom of a part standing on Z that is the same from either end (one upright body with
through holes down its axis and finishes on every edge, or none), which is stated.

"Leave R5 fillets in the two bottom inside corners of the channel": ``cut_corners`` finishes the concave edges made
by the one pocket of the part, which must run the part's whole length (open at both ends: then its only inside
corners are the two along its floor) and stop short of the bottom; a count said must be two. "A 1 mm chamfer on the
bore edge at both ends": ``bore_rims`` chamfers the convex edges made by the one through hole drilled last (its two
rims, whatever the part around it is). "Fillet the inside corner edge where the two legs meet": ``legs_corner``
finishes the concave edges of a part that is one extruded outline with a single inside corner (an L), so the one
edge there. "Through the horizontal leg" of such an L extruded from the XZ plane: each hole runs across that leg's
thickness (along Z; X for the vertical leg) and its line crosses the outline once, short of the other leg.
"A slot across the (whole) top face" of a part round about Z: ``slot_across`` cuts it through the axis from side to
side (a pocket as long as the diameter), along the axis said or X (stated: every way across gives the same part);
"the bottom circular edge" of such a cylinder is its outer rim there (no hole may open on that face).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import FACE_UV, Build, single_size
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc, Measure
from ai_designer.schemas.profiles import Points, Polygon, Rectangle
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Chamfer,
    Cone,
    Cylinder,
    Extrude,
    Fillet,
    Hole,
    Pocket,
    Prism,
    Shell,
    Sphere,
)

__all__ = ["bore_rims", "cut_corners", "face_checked", "legs_corner", "mark_holewords", "rim_edge", "slot_across",
           "wall_hole"]

Actions = dict[str, Callable[[Build, Clause], None]]
_TOL = 1e-6
_CHECKS = {"hw_face_size", "hw_flats", "hw_through_axis", "hw_in_floor", "hw_one_end", "hw_leg"}


def _shelled_box(b: Build) -> tuple[tuple[float, float, float], float]:
    """The sizes of the box the part is (shelled, open at the top) and its wall thickness."""
    shells = [op for op in b.ops if isinstance(op, Shell)]
    if not shells or b.current != shells[-1].id:
        raise ambiguous("'through that wall only' is read offline only right after a box is shelled")
    shell = shells[-1]
    body = next((op for op in b.ops if op.id == shell.target), None)
    if not isinstance(body, Box) or list(shell.open_faces) != ["top"]:
        raise ambiguous("'through that wall only' is read offline only on a box shelled with its top open")
    lo, hi = b.box()
    return (hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]), float(shell.thickness)


def _wall_axis(ext: tuple[float, float, float], said: Loc) -> int:
    """The axis across the walls the size names (0: the walls at either X end, 1: at either Y end)."""
    def fits(axis: int) -> bool:
        width = ext[1 - axis]
        if said.face == "wide":
            return abs(width - said.values[0]) < _TOL
        return sorted((width, ext[2])) == sorted(said.values)
    axes = [a for a in (0, 1) if fits(a)]
    if len(axes) != 1:
        sizes = " x ".join(f"{v:g}" for v in said.values)
        raise ambiguous(f"the {sizes} walls are {'not walls of this box' if not axes else 'both pairs of walls'}")
    if abs(ext[0] - ext[1]) < _TOL or (ext[0] > ext[1]) != (axes[0] == 0):
        raise ambiguous("the walls named are not the end walls (across the box's longer side)")
    return axes[0]


def wall_hole(b: Build, clause: Clause, actions: Actions) -> None:
    """A hole through one end wall only: into the left (front) face, as deep as the wall, centred where said."""
    ext, wall = _shelled_box(b)
    axis = _wall_axis(ext, next(loc for loc in clause.locs if loc.kind == "hw_wall"))
    for at in (loc for loc in clause.locs if loc.kind == "hw_wall_at"):
        want = ext[1 - axis] / 2 if at.face == "side" else ext[2] / 2
        if at.value is None or abs(at.value - want) > _TOL:
            raise ambiguous(f"{at.value:g} from the {at.face} is not the middle of the wall ({want:g})")
    face = "left" if axis == 0 else "front"
    b.assumptions.append(f"one of the two end walls: the {face} one (either gives the same part, mirrored)")
    places = [loc for loc in clause.locs if loc.kind == "centre"]
    hole = Clause("cut", noun=clause.noun, measures=[*clause.measures, Measure("depth", wall)],
                  locs=[Loc("face", face=face), *places])
    actions["cut"](b, hole)



def _without(clause: Clause, kinds: set[str]) -> Clause:
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind not in kinds],
                   parts=[_without(p, kinds) for p in clause.parts])


def mark_holewords(clauses: list[Clause]) -> list[Clause]:
    """A cut that names its face by a size ("of the 25 face") is held in a ``hw_face_checked`` clause."""
    out = []
    for clause in clauses:
        said = [loc for loc in clause.locs if loc.kind in _CHECKS]
        edges = next((loc.face for loc in clause.locs if loc.kind == "edges"), "") or ""
        if edges == "hw_legs" or edges.startswith("hw_rim_"):
            clause = Clause("hw_legs_corner" if edges == "hw_legs" else "hw_rim", parts=[clause], edges=edges)
        elif said:
            clause = Clause("hw_face_checked", locs=said, parts=[_without(clause, _CHECKS)])
        out.append(clause)
    return out


def _upright_body(b: Build) -> Prism | Cylinder:
    """The one body of the part: a prism or cylinder standing on Z (nothing joined to it)."""
    bodies = [op for op in b.ops if isinstance(op, (Box, Cylinder, Prism, Cone, Sphere, Boolean))]
    if len(bodies) != 1 or not isinstance(bodies[0], (Prism, Cylinder)) or any(bodies[0].placement.rotate):
        raise ambiguous("'through the axis' and 'flat to flat' are read offline only on one prism or cylinder "
                        "standing on Z")
    return bodies[0]


def _either_end(b: Build, term: Loc) -> None:
    """"15 from one end": the part so far is one body standing on Z, the same seen from either end."""
    body = _upright_body(b)
    for op in b.ops:
        hole_ok = isinstance(op, Hole) and op.depth is None and op.kind == "simple" and op.face in ("top", "bottom") \
            and all(abs(u) + abs(v) < _TOL for u, v in op.at.resolve())
        finish_ok = isinstance(op, (Fillet, Chamfer)) and op.edges in ("all", "circular", "vertical") \
            and op.at_z is None and op.created_by is None
        if op is not body and not hole_ok and not finish_ok:
            raise ambiguous("'from one end': the part is not the same from either end, so say which end")
    b.assumptions.append(f"{term.value:g} from one end: measured from the bottom (the part is the same from either "
                         "end)")


def _crossings(points: list[tuple[float, float]], at: float, axis: int) -> list[float]:
    """Where the line ``coord[1 - axis] = at`` crosses a polygon's edges, along ``axis``."""
    out = []
    for (ax, ay), (bx, by) in zip(points, [*points[1:], points[0]], strict=True):
        a, b = ((ax, ay), (bx, by)) if axis == 1 else ((ay, ax), (by, bx))
        if (a[0] - at) * (b[0] - at) < 0:
            out.append(a[1] + (at - a[0]) * (b[1] - a[1]) / (b[0] - a[0]))
    return sorted(out)


def _in_leg(b: Build, hole: Hole, leg: str) -> None:
    """The hole crosses only the named leg of an L extruded from the XZ plane, across its thickness."""
    body = next((op for op in b.ops if isinstance(op, Extrude)), None)
    axis = 1 if leg == "horizontal" else 0  # the polygon's (X, Z) axis the hole runs along
    faces = ("top", "bottom") if leg == "horizontal" else ("left", "right")
    if not isinstance(body, Extrude) or not isinstance(body.profile, Polygon) or body.placement.rotate != (90, 0, 0) \
            or _reflex_corners(list(body.profile.points)) != 1 or hole.face not in faces:
        raise ambiguous(f"'the {leg} leg' is read offline only for holes across one leg of an L outline extruded "
                        "from the XZ plane")
    points = [(u + body.placement.at[0], v + body.placement.at[2]) for u, v in body.profile.points]
    lo, hi = b.box()
    span = [max(p[axis] for p in points) - min(p[axis] for p in points)]
    for u, v in hole.at.resolve():
        at = (lo[0] + hi[0]) / 2 + u if leg == "horizontal" else (lo[2] + hi[2]) / 2 + v
        cuts = _crossings(points, at, axis)
        if len(cuts) != 2 or cuts[1] - cuts[0] >= span[0] - _TOL:
            raise ambiguous(f"a hole at {at:g} does not pass through the {leg} leg only")


def _in_floor(b: Build, hole: Hole) -> None:
    """Each hole inside the footprint of the pocket cut last from the top, and deeper than its floor."""
    pocket = next((op for op in reversed(b.ops) if isinstance(op, Pocket)), None)
    if pocket is None or pocket.face != "top" or hole.face != "top" or not isinstance(pocket.profile, Rectangle) \
            or not isinstance(pocket.at, Points) or len(pocket.at.points) != 1 or abs(pocket.angle) % 90 > _TOL:
        raise ambiguous("'in the floor of the channel' is read offline only for holes from the top into one "
                        "rectangular channel or pocket cut from the top")
    if any(not isinstance(op, (Hole, Fillet, Chamfer)) for op in b.ops[b.ops.index(pocket) + 1:]):
        raise ambiguous("'in the floor of the channel': the part changed after the channel was cut")
    across = abs(pocket.angle) % 180 > _TOL
    half = (pocket.profile.width / 2, pocket.profile.length / 2) if across else \
        (pocket.profile.length / 2, pocket.profile.width / 2)
    (cx, cy), r = pocket.at.points[0], hole.diameter / 2
    inside = all(abs(x - cx) + r <= half[0] + _TOL and abs(y - cy) + r <= half[1] + _TOL
                 for x, y in hole.at.resolve())
    deeper = hole.depth is None or pocket.depth is None or hole.depth > pocket.depth + _TOL
    if not inside or not deeper:
        raise ambiguous("the holes said to be in the floor of the channel are not all inside it")


def _check_hole(b: Build, hole: Hole, term: Loc, ext: list[float]) -> None:
    u, v = FACE_UV[hole.face]
    if term.kind == "hw_face_size":
        size = term.value or 0.0
        if min(abs(ext[u] - size), abs(ext[v] - size)) > _TOL:
            raise ambiguous(f"the holes go into the {ext[u]:g} x {ext[v]:g} {hole.face} face, not a {size:g} mm face")
        return
    if term.kind == "hw_in_floor":
        _in_floor(b, hole)
        return
    if term.kind == "hw_leg":
        _in_leg(b, hole, term.face or "")
        return
    body = _upright_body(b)
    if term.kind == "hw_flats":
        if not isinstance(body, Prism) or body.sides != 6 or hole.face not in ("front", "back"):
            raise ambiguous("'from one flat to the opposite flat' is read offline only across a hexagonal prism")
        b.assumptions.append("flat to flat: across Y (the other pairs of flats give the same part, turned)")
        return
    across = 0 if u != 2 else 1  # the face's horizontal axis: the hole crosses the Z axis where it is 0
    if hole.face in ("top", "bottom") or any(abs(p[across]) > _TOL for p in hole.at.resolve()):
        raise ambiguous("the hole does not pass through the part's axis")


def face_checked(b: Build, clause: Clause, actions: Actions) -> None:
    """The cut, then its face checked: every hole it made entered a face with a side of the size said."""
    lo, hi = b.box()
    ext = [hi[k] - lo[k] for k in range(3)]
    for term in (loc for loc in clause.locs if loc.kind == "hw_one_end"):
        _either_end(b, term)
    start = len(b.ops)
    inner = clause.parts[0]
    actions[inner.action](b, inner)
    holes = [op for op in b.ops[start:] if isinstance(op, Hole)]
    if not holes:
        raise ambiguous("a face named by its size, 'flat to flat' and 'through the axis' are read offline only for "
                        "holes")
    for hole in holes:
        for term in (loc for loc in clause.locs if loc.kind != "hw_one_end"):
            _check_hole(b, hole, term, ext)


def _channel(b: Build) -> tuple[Pocket, Rectangle]:
    """The one rectangular pocket of the part, open at both ends of the part and with a floor."""
    pockets = [op for op in b.ops if isinstance(op, Pocket)]
    profile = pockets[0].profile if len(pockets) == 1 else None
    if not isinstance(profile, Rectangle) or pockets[0].face != "top":
        raise ambiguous("the inside corners of a channel are read offline only for one rectangular channel cut from "
                        "the top")
    pocket = pockets[0]
    lo, hi = b.box()
    axis = 0 if abs(pocket.angle) < _TOL else 1 if abs(abs(pocket.angle) - 90) < _TOL else -1
    spans = axis >= 0 and profile.length >= hi[axis] - lo[axis] - _TOL
    if not spans or pocket.depth is None or pocket.depth >= hi[2] - lo[2] - _TOL:
        raise ambiguous("the channel is not open at both ends with a floor: its inside corners are not two edges "
                        "along the floor")
    return pocket, profile


def cut_corners(b: Build, clause: Clause) -> None:
    """The two inside corners along a full-length channel's floor, filleted or chamfered."""
    pocket, profile = _channel(b)
    said = clause.locs[0]
    if said.value is not None and said.value != 2:
        raise ambiguous(f"a channel open at both ends has two inside corners along its floor, not {said.value:g}")
    size = clause.sizes[0].values[0]
    depth = pocket.depth or 0.0
    if size >= min(depth, profile.width / 2) - _TOL:
        raise ambiguous(f"a {size:g} mm {said.face} does not fit the channel's {profile.width:g} x {depth:g} mm "
                        "section")
    if said.face == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=b.current or "", radius=size, edges="concave", created_by=pocket.id))
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=b.current or "", size=size, edges="concave", created_by=pocket.id))


def bore_rims(b: Build, clause: Clause) -> None:
    """The two rims of the one plain through hole drilled last: its convex edges."""
    last = next((op for op in b.ops if op.id == b.current), None)
    if not isinstance(last, Hole) or last.kind != "simple" or last.depth is not None or len(last.at.resolve()) != 1:
        raise ambiguous("'the bore edge at both ends' is read offline only right after one plain through bore")
    size = clause.sizes[0].values[0]
    if size >= last.diameter / 2:
        raise ambiguous(f"a {size:g} mm chamfer does not fit the Ø{last.diameter:g} bore's rim")
    b.add(Chamfer(id=b.new_id("chamfer"), target=last.id, size=size, edges="convex", created_by=last.id))


def _reflex_corners(points: list[tuple[float, float]]) -> int:
    """How many inside (reflex) corners a simple polygon has."""
    n = len(points)
    area = sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1] for i in range(n))
    count = 0
    for i in range(n):
        (ax, ay), (bx, by), (cx, cy) = points[i - 1], points[i], points[(i + 1) % n]
        turn = (bx - ax) * (cy - by) - (by - ay) * (cx - bx)
        count += turn * area < -_TOL
    return count


def legs_corner(b: Build, clause: Clause) -> None:
    """"The inside corner edge where the two legs meet": the one concave edge of an extruded L outline."""
    inner = clause.parts[0]
    bodies = [op for op in b.ops if not isinstance(op, Hole)]
    body = bodies[0] if len(bodies) == 1 else None
    if not isinstance(body, Extrude) or not isinstance(body.profile, Polygon) or body.inner \
            or _reflex_corners(list(body.profile.points)) != 1:
        raise ambiguous("'where the two legs meet' is read offline only on one extruded outline with a single "
                        "inside corner (an L)")
    b.assumptions.append("the L's one inside corner: its concave edge")
    _finish(b, inner, "concave")


def _finish(b: Build, inner: Clause, edges: str) -> None:
    """The fillet or chamfer an edge clause asks for, on the edges chosen for it."""
    action = inner.action if inner.action in ("fillet", "chamfer") else \
        next((loc.face for loc in inner.locs if loc.kind == "es_action"), "")
    size = single_size(inner, "radius", "size") if inner.action != "es_edges" else inner.sizes[0].values[0]
    if size is None or action not in ("fillet", "chamfer"):
        raise ambiguous("the size of the edge finish is not given")
    if action == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=b.current or "", radius=size, edges=edges))  # type: ignore[arg-type]
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=b.current or "", size=size, edges=edges))  # type: ignore[arg-type]


def rim_edge(b: Build, clause: Clause) -> None:
    """"The bottom circular edge" of a cylinder standing on Z with no hole through that face: its outer rim."""
    _round_about_z(b, "'the circular edge' of a face")
    face = (clause.edges or "").removeprefix("hw_rim_")
    if any(isinstance(op, Hole) and (op.depth is None or op.face == face) for op in b.ops):
        raise ambiguous(f"the {face} face has more than one circular edge (a hole's rim too): say which")
    _finish(b, clause.parts[0], f"{face}_outer")


def _round_about_z(b: Build, what: str) -> Cylinder:
    """The part's one body, a cylinder standing on Z at the origin; only holes down its axis and edge finishes on it."""
    body = b.ops[0] if b.ops else None
    if not isinstance(body, Cylinder) or body.placement.rotate != (0.0, 0.0, 0.0) \
            or abs(body.placement.at[0]) + abs(body.placement.at[1]) > _TOL:
        raise ambiguous(f"{what} is read offline only on a cylinder standing on Z")
    for op in b.ops[1:]:
        axial = isinstance(op, Hole) and op.face in ("top", "bottom") \
            and all(abs(u) + abs(v) < _TOL for u, v in op.at.resolve())
        if not axial and not (isinstance(op, (Fillet, Chamfer)) and op.created_by is None):
            raise ambiguous(f"{what} is read offline only on a plain cylinder (with holes down its axis and edge "
                            "finishes)")
    return body


def _round_on_top(b: Build) -> Cylinder:
    """"That round part": the upright cylinder joined last, its top the part's top and its axis the top face's
    centre."""
    union = b.ops[-1] if b.ops else None
    tool = next((op for op in b.ops if isinstance(union, Boolean) and union.kind == "union" and union.tools
                 and op.id == union.tools[-1]), None)
    lo, hi = b.box()
    if not isinstance(tool, Cylinder) or tool.placement.rotate != (0.0, 0.0, 0.0) \
            or abs(tool.placement.at[2] + tool.height - hi[2]) > _TOL \
            or abs(tool.placement.at[0] - (lo[0] + hi[0]) / 2) + abs(tool.placement.at[1] - (lo[1] + hi[1]) / 2) > _TOL:
        raise ambiguous("'that round part' is read offline only as an upright cylinder joined last on top, centred")
    return tool


def slot_across(b: Build, clause: Clause) -> None:
    """A slot right across the top of a cylinder, through its axis: a pocket the diameter long."""
    on_last = clause.has("hw_on_last")
    body = _round_on_top(b) if on_last else _round_about_z(b, "a slot across the top face")
    if on_last and clause.loc("hw_run") is None:
        raise ambiguous("the slot across the round part does not say which way it runs")
    width, depth = clause.measure("width"), clause.measure("depth")
    if width is None or depth is None or width >= body.diameter or depth >= body.height:
        raise ambiguous("the slot's width and depth do not fit across the top of the cylinder")
    run = clause.loc("hw_run")
    axis = run.axes[0] if run is not None else 0
    if run is None:
        b.assumptions.append("slot across the top: along X (every way across the axis gives the same part)")
    b.add(Pocket(id=b.new_id("slot"), target=b.current or "", profile=Rectangle(length=body.diameter, width=width),
                 depth=depth, face="top", at=Points(points=[(0.0, 0.0)]), angle=90.0 * axis))
