"""Composition of the CAD-code-generator steps (``semantics_codegen.py``): a sketch of loops on a plane, scaled,
extruded each way along the normal into a new body, or joined to / cut from the part so far; final dimensions checked.

The first loop of the first face is the outline (a polygon by its points, or a circle); further loops of that face
are holes through it (each must lie inside the outline, so it is a hole and not a second region). A second face is
refused (whether its region is separate or overlapping is not checked here). The scale multiplies every coordinate
and radius about the sketch origin, as the generators' code does. "The final dimensions are length L, width W,
height H" must be the built part's extents along X, Y and Z; a mismatch is refused, never built.
"""

from __future__ import annotations

from ai_designer.planning.build import Build
from ai_designer.planning.compose_profiles import _check_simple
from ai_designer.planning.compose_sketch import PLANES, traced_body
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Cylinder, Operation, Placement

__all__ = ["CODEGEN_ACTIONS"]

_TOL = 1e-6


def _step(b: Build, clause: Clause) -> None:
    """A zero coordinate system or the transform into it: nothing moves (checked in the semantics)."""
    if clause.text == "transform" and (b.sketch is None or b.sketch.action != "cg_sketch"):
        raise reject("'transform the sketch' with no sketch drawn")


def _sketch(b: Build, clause: Clause) -> None:
    if b.sketch is not None:
        raise reject("a new sketch while another is not yet extruded")
    b.sketch = Clause("cg_sketch", locs=list(clause.locs))


def _open_sketch(b: Build) -> Clause:
    sketch = b.sketch
    if sketch is None or sketch.action != "cg_sketch":
        raise reject("a loop drawn with no 2D sketch started (say e.g. 'draw a 2D sketch on the XY plane')")
    return sketch


def _no_pending(sketch: Clause) -> None:
    pending = sketch.loc("cg_pending")
    if pending is not None:
        raise ambiguous(f"a loop said to have {pending.value:g} lines has {len(pending.values) // 5} before the next step")


def _next_loop(sketch: Clause, locs: list[Loc]) -> None:
    """"In the first face" (its first loop, or the loop numbered after it) or "in the Nth loop": loops in order."""
    where = next(loc for loc in locs if loc.kind == "cg_face")
    numbered = next((loc for loc in locs if loc.kind == "cg_loopno"), None)
    order = int(where.value or 0)
    count = len([loc for loc in sketch.locs if loc.kind in ("vertices", "cg_circle")])
    number = int(numbered.value or 0) if numbered else order if where.face == "loop" else 1
    if where.face == "face" and order != 1 or number != count + 1:
        raise reject(f"the {where.face} numbered {order} (one face, its loops counted in order, are read)")


def _loop_open(b: Build, clause: Clause) -> None:
    sketch = _open_sketch(b)
    _no_pending(sketch)
    _next_loop(sketch, clause.locs)
    sketch.locs.append(Loc("cg_pending", value=clause.locs[1].value, values=()))


def _line(b: Build, clause: Clause) -> None:
    """One line of the open loop; with the last, the loop is checked to be one closed chain, in order."""
    sketch = _open_sketch(b)
    pending = sketch.loc("cg_pending")
    if pending is None:
        raise reject("a line with no loop open (say e.g. 'in the first face, draw a loop of four lines')")
    line = clause.locs[0]
    values = (*pending.values, float(line.value or 0), *line.values)
    sketch.locs.remove(pending)
    if len(values) // 5 < int(pending.value or 0):
        sketch.locs.append(Loc("cg_pending", value=pending.value, values=values))
        return
    lines = [values[i:i + 5] for i in range(0, len(values), 5)]
    if [int(ln[0]) for ln in lines] != list(range(1, len(lines) + 1)):
        raise ambiguous("the lines of a loop are not numbered in order")
    for a, nxt in zip(lines, lines[1:] + lines[:1], strict=True):
        if a[3:5] != nxt[1:3]:
            raise ambiguous(f"a line of the loop ends at {a[3:5]} but the next starts at {nxt[1:3]}: not one "
                            "closed chain")
    sketch.locs.append(Loc("vertices", values=tuple(v for ln in lines for v in ln[1:3])))


def _circle(b: Build, clause: Clause) -> None:
    sketch = _open_sketch(b)
    _no_pending(sketch)
    _next_loop(sketch, clause.locs)
    sketch.locs.append(clause.locs[1])


def _scale(b: Build, clause: Clause) -> None:
    sketch = b.sketch
    if sketch is None or sketch.action != "cg_sketch" or sketch.has("cg_scaled"):
        raise reject("'scale the sketch' needs one drawn sketch, scaled once")
    _no_pending(sketch)
    f = float(clause.locs[0].value or 0)
    sketch.locs[:] = [Loc(loc.kind, values=tuple(round(v * f, 12) for v in loc.values))
                      if loc.kind in ("vertices", "cg_circle") else loc for loc in sketch.locs]
    sketch.locs.append(Loc("cg_scaled", value=f))


def _circle_body(b: Build, circle: tuple[float, ...], n: int, extent: tuple[float, float]) -> Operation:
    if n != 2:
        raise reject("a circle extruded offline from a sketch on the XY plane only")
    cx, cy, r = circle
    return Cylinder(id=b.new_id("cylinder"), diameter=2 * r, height=extent[1] - extent[0],
                    placement=Placement(at=(cx, cy, extent[0])))


def _inside(points: list[tuple[float, float]], circle: tuple[float, ...]) -> bool:
    """The circle lies inside the polygon: its centre inside, and no edge nearer to the centre than the radius."""
    cx, cy, r = circle
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > cy) != (y2 > cy) and cx < x1 + (cy - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((cx - x1) * dx + (cy - y1) * dy) / (dx * dx + dy * dy)))
        if ((x1 + t * dx - cx) ** 2 + (y1 + t * dy - cy) ** 2) ** 0.5 <= r + _TOL:
            return False
    return inside


def _solid(b: Build, sketch: Clause, extent: tuple[float, float]) -> list[Operation]:
    """The outline's body, then one tool body per hole loop (checked to lie inside the outline)."""
    plane = next(loc.face or "" for loc in sketch.locs if loc.kind == "plane")
    n = PLANES[plane][2]
    loops = [loc for loc in sketch.locs if loc.kind in ("vertices", "cg_circle")]
    if not loops:
        raise reject("the sketch has no loop to extrude")
    outer, holes = loops[0], loops[1:]
    if outer.kind == "cg_circle":
        if any(h.kind != "cg_circle" or (h.values[0], h.values[1]) != outer.values[:2] or h.values[2] >= outer.values[2]
               for h in holes):
            raise ambiguous("a loop inside a circle that is not a smaller concentric circle")
        return [_circle_body(b, outer.values, n, extent)] + [_circle_body(b, h.values, n, (extent[0] - 1.0, extent[1] + 1.0)) for h in holes]
    points = [(outer.values[i], outer.values[i + 1]) for i in range(0, len(outer.values), 2)]
    _check_simple(points)
    out = [traced_body(b, points, n, extent)]
    for h in holes:
        if h.kind != "cg_circle" or not _inside(points, h.values):
            raise reject("an inner loop that is not a circle inside the outline")
        out.append(_circle_body(b, h.values, n, (extent[0] - 1.0, extent[1] + 1.0)))
    return out


def _extrude(b: Build, clause: Clause) -> None:
    """The sketch extruded each way along its normal; the result is said here or in the next sentence."""
    sketch = b.sketch
    if sketch is None or sketch.action != "cg_sketch":
        raise reject("'extrude the sketch' with no 2D sketch drawn")
    _no_pending(sketch)
    b.sketch = Clause("cg_extruded", locs=[*sketch.locs, clause.locs[0]])
    if clause.loc("cg_op") is not None:
        _result(b, clause)


def _result(b: Build, clause: Clause) -> None:
    """"creating a new solid body" / "join it with the existing body" / "cut it from the existing body"."""
    done, b.sketch = b.sketch, None
    if done is None or done.action != "cg_extruded":
        raise reject("a result ('a new solid body') with no extrusion before it")
    back, toward = next(loc.values for loc in done.locs if loc.kind == "cg_extent")
    body, *holes = _solid(b, done, (0.0 - back if back else 0.0, toward))
    b.add(body, becomes_current=False)
    if holes:
        for h in holes:
            b.add(h, becomes_current=False)
        b.add(Boolean(id=b.new_id("holed"), kind="cut", base=body.id, tools=[h.id for h in holes]),
              becomes_current=False)
    tool = b.ops[-1].id
    op = next(loc.face for loc in clause.locs if loc.kind == "cg_op")
    if op == "new":
        if b.current is not None:
            raise reject("a second new solid body beside the part (how the bodies combine is not said)")
        b.current = tool
        return
    if b.current is None:
        raise reject(f"'{op} with the existing body' with no body yet")
    b.add(Boolean(id=b.new_id("joined" if op == "join" else "cut"), kind="union" if op == "join" else "cut",
                  base=b.current, tools=[tool]))


def _final(b: Build, clause: Clause) -> None:
    lo, hi = b.box()
    axis = {"length": 0, "width": 1, "height": 2}
    for loc in clause.locs:
        built = hi[axis[loc.face or ""]] - lo[axis[loc.face or ""]]
        if abs(built - float(loc.value or 0)) > _TOL * max(1.0, built):
            raise ambiguous(f"the final {loc.face} is said to be {loc.value:g} but the steps build {built:g} "
                            f"(length, width, height are read along X, Y, Z)")


CODEGEN_ACTIONS = {"cg_step": _step, "cg_sketch": _sketch, "cg_loop_open": _loop_open, "cg_line": _line,
                   "cg_circle": _circle, "cg_scale": _scale, "cg_extrude": _extrude, "cg_result": _result,
                   "cg_final": _final}
