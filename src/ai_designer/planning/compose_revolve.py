"""Revolve clauses -> ``revolve`` (a closed outline turned about an axis), ``torus`` or an arc ``sweep``.

The profile is the sketch just before ("draw a right triangle in the XZ plane with corners at …", "sketch this
closed profile in the XY plane (X, Y): …", "take a rectangle 10 wide and 20 tall … its inner edge 25 mm from a
vertical axis") or named in the clause itself ("revolve a circle of diameter 10, whose centre is 30 mm from the
axis, through 270°"). The axis must lie in the profile's plane and the profile on one side of it; the angle must
agree with any fraction of a ring the words name ("to make a half ring").
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.planning.build import Build
from ai_designer.planning.compose_sweep_words import check_l_section, check_meaning, check_name, radial_points
from ai_designer.planning.compose_sweeps import (
    SWEEP_ACTIONS,
    circle_diameter,
    facts_of,
    first_body,
    rotation,
    turn_to,
)
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Noun
from ai_designer.schemas.task_graph import ArcPath, Circle, Placement, Revolve, Sweep, Torus

__all__ = ["ALL_SWEEP_ACTIONS"]

_PLANES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}


def _profile(b: Build, clause: Clause) -> None:
    """A profile clause ("draw …", "sketch on XZ …") waits for the revolve (or extrude) that uses it."""
    if b.current is not None:
        raise reject("a profile drawn on a part that already exists is not placed offline")
    if b.sketch is not None:
        raise reject("a second sketch before the first one is used")
    b.sketch = clause


def _angle(locs: list[Loc]) -> float:
    angles = {float(loc.value or 0) for loc in locs if loc.kind == "rev_angle"}
    rings = {float(loc.value or 0) * 360 for loc in locs if loc.kind == "ring"}
    if len(angles) > 1 or len(rings) > 1:
        raise ambiguous("the revolve is given two different angles")
    if angles and rings and angles != rings:
        raise ambiguous(f"{angles.pop():g}° is not {rings.pop() / 360:g} of a ring")
    angle = next(iter(angles or rings), None)
    if angle is None:
        raise reject("the revolve angle is not given (say e.g. 'revolve it 360° about the Z axis')")
    if not 0 < angle <= 360:
        raise reject(f"a revolve through {angle:g}°")
    return angle


def _axis(locs: list[Loc]) -> int | None:
    axes = {a for loc in locs if loc.kind in ("rev_axis", "axis_gap") for a in loc.axes}
    if len(axes) > 1:
        raise ambiguous("the revolve is given two axes")
    return next(iter(axes), None)


def _outline(sketch: Clause, axis: int | None) -> tuple[list[tuple[float, float]], int, int]:
    """``([radius, height] points, axis, radial axis)`` of a profile given by its corners."""
    locs = [loc for loc in sketch.locs if loc.kind == "vertices"]
    labels = {loc.axes for loc in locs if loc.axes}
    planes = [_PLANES[loc.face or ""] for loc in sketch.locs if loc.kind == "plane"]
    if len(labels) > 1 or len(planes) > 1 or not (labels or planes):
        raise reject("the plane of the profile's points is not given once (say e.g. 'in the XZ plane')")
    order = labels.pop() if labels else planes[0]
    if planes and set(planes[0]) != set(order):
        raise ambiguous("the profile's points name axes that are not its plane's")
    values = [v for loc in locs for v in loc.values]
    points = [dict(zip(order, values[i:i + 2], strict=True)) for i in range(0, len(values), 2)]
    if len(points) > 3 and points[0] == points[-1]:
        points.pop()
    if axis not in order:
        raise reject("the revolve axis does not lie in the profile's plane (say e.g. 'about the Z axis')")
    radial = next(a for a in order if a != axis)
    out = [(p[radial], p[axis]) for p in points]
    if any(r < 0 for r, _ in out) or all(r == 0 for r, _ in out):
        raise reject("the profile crosses or lies on the revolve axis (radii must be ≥ 0 on one side)")
    _check_kind(sketch, out)
    return out, axis, radial


def _check_kind(sketch: Clause, pts: list[tuple[float, float]]) -> None:
    kind = sketch.noun.kind if sketch.noun else "profile"
    sides = 3 if kind == "right_triangle" else int(kind[7:]) if kind.startswith("polygon") else None
    if kind != "profile" and sides is None:
        raise reject(f"a {kind} given by its corners")
    if len(pts) < 3 or (sides is not None and len(pts) != sides):
        raise ambiguous(f"a {kind.replace('_', ' ')} with {len(pts)} corners")
    if kind == "right_triangle":
        dots = [(pts[i - 1][0] - p[0]) * (pts[(i + 1) % 3][0] - p[0]) + (pts[i - 1][1] - p[1])
                * (pts[(i + 1) % 3][1] - p[1]) for i, p in enumerate(pts)]
        if all(abs(d) > 1e-9 for d in dots):
            raise ambiguous("the corners given do not make a right triangle")


def _ring_section(b: Build, sketch: Clause, locs: list[Loc], axis: int | None, angle: float) -> None:
    """A circle whose centre is R from the axis: a torus, or part of one (an arc sweep, the same solid)."""
    gap = next((loc for loc in locs if loc.kind == "axis_gap"), None)
    d = circle_diameter(sketch)
    if gap is None or gap.face not in ("centre", "radius"):
        raise reject("how far the circle's centre is from the revolve axis is not given")
    r = float(gap.value or 0)
    if r <= d / 2:
        raise reject("the circle reaches the revolve axis (its centre must be more than its radius from it)")
    axis = 2 if axis is None else axis
    if angle == 360:
        turn = Placement(rotate=turn_to(axis, (axis + 1) % 3))
        b.add(Torus(id=b.new_id("torus"), major_diameter=2 * r, minor_diameter=d, placement=turn))
        return
    rotate = {1: (0.0, 0.0, 0.0), 2: (90.0, 0.0, 0.0), 0: (0.0, 0.0, 90.0)}[axis]  # the arc's axis is local Y
    m = rotation(*rotate)
    at = (-m[0][0] * r, -m[1][0] * r, -m[2][0] * r)  # the arc's centre (r, 0, 0) onto the axis through the origin
    b.add(Sweep(id=b.new_id("revolved"), profile=Circle(diameter=d), path=ArcPath(radius=r, angle=angle),
                placement=Placement(at=at, rotate=rotate)))


def _rect_section(sketch: Clause, locs: list[Loc], axis: int | None) -> list[tuple[float, float]]:
    """"a rectangle 10 wide and 20 tall … its inner edge 25 mm from a vertical axis": width radial, height along."""
    gap = next((loc for loc in locs if loc.kind == "axis_gap"), None)
    width, height = sketch.measure("width"), sketch.measure("height")
    if gap is None or width is None or height is None or sketch.sizes or (sketch.noun and sketch.noun.sizes):
        raise reject("a rectangle to revolve needs its width (across the axis), its height (along it) and how far "
                     "its inner edge is from the axis")
    if axis not in (None, 2):
        raise ambiguous("'tall' along an axis that is not vertical")
    if gap.face == "radius":
        raise ambiguous("'at a radius of …' of a rectangle: say which edge (e.g. 'its inner edge 25 mm from the axis')")
    inner = float(gap.value or 0) - (width / 2 if gap.face == "centre" else 0.0)
    if inner < 0:
        raise reject("the rectangle crosses the revolve axis")
    return [(inner, 0.0), (inner + width, 0.0), (inner + width, height), (inner, height)]


def _spans_as_corners(sketch: Clause) -> Clause:
    """"a rectangle from X = 20 to X = 30, Z = 0 to Z = 15": its four corners, in the plane of the two spans."""
    spans = [loc for loc in sketch.locs if loc.kind == "span"]
    if len(spans) != 2 or spans[0].axes == spans[1].axes or sketch.sizes or sketch.measures or sketch.has("anchor"):
        raise reject("a rectangle to revolve is given by two spans, e.g. 'from X = 20 to X = 30, Z = 0 to Z = 15'")
    (a, (a0, a1)), (c, (c0, c1)) = ((loc.axes[0], loc.values) for loc in spans)
    corners = (a0, c0, a1, c0, a1, c1, a0, c1)
    rest = [loc for loc in sketch.locs if loc.kind not in ("span", "plane")]
    return Clause("profile", noun=Noun("profile"), locs=[*rest, Loc("vertices", axes=(a, c), values=corners)])


def _revolve(b: Build, clause: Clause) -> None:
    first_body(b, "revolve")
    check_name(clause)
    sketch, b.sketch = (clause if clause.noun else b.sketch), None
    if sketch is None:
        raise reject("'revolve' needs a profile first (e.g. 'sketch on XZ a rectangle …, revolve it 360° about Z')")
    locs = clause.locs + (sketch.locs if sketch is not clause else [])
    facts = facts_of("revolve", locs)
    angle, axis = _angle(locs), _axis(locs)
    sketch = radial_points(b, sketch, axis, angle)
    kind = sketch.noun.kind if sketch.noun else "profile"
    plain = kind == "circle" or kind == "rectangle" and not sketch.has("vertices") and not sketch.has("span")
    if plain and ("l_section" in facts or any(loc.kind == "coord_meaning" for loc in locs)):
        raise reject("a profile's cross-section or coordinates are described, but it is not given by its points")
    if kind == "circle":
        _ring_section(b, sketch, locs, axis, angle)
        return
    if kind == "rectangle" and sketch.has("span"):
        sketch = _spans_as_corners(sketch)
    if kind == "rectangle" and not sketch.has("vertices"):
        points, rotate = _rect_section(sketch, locs, axis), (0.0, 0.0, 0.0)
    else:
        if axis is None:
            raise reject("the revolve axis is not given (say e.g. 'about the Z axis')")
        points, axis, radial = _outline(sketch, axis)
        check_meaning(locs, axis, radial)
        check_l_section(points, facts)
        rotate = turn_to(axis, radial)
    if angle < 360 and not any(loc.kind == "fact" and loc.face == "flat_ends" for loc in locs):
        b.assumptions.append(f"revolve: {angle:g}° starting from the profile's plane")
    b.add(Revolve(id=b.new_id("revolve"), points=points, angle=angle, placement=Placement(rotate=rotate)))


ALL_SWEEP_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {
    **SWEEP_ACTIONS, "revolve": _revolve, "profile": _profile}
