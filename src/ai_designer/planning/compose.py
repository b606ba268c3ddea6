"""Typed clauses -> CAD plan operations: each action is one function acting on the part so far.

``create`` starts the part; ``join`` unions a primitive placed by the location algebra; ``cut`` drills holes, cuts
slots/pockets or subtracts a placed primitive; ``fillet``/``chamfer`` take an edge class; ``sketch`` + ``extrude``
make a body from an outline on a plane. Anything a clause leaves unsaid that changes the part is refused; every
convention applied is recorded in the plan's assumptions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import cast

from ai_designer.planning.bodies import BodySize, body_size, one_of
from ai_designer.planning.intent import estimate
from ai_designer.planning.locate import Frame, resolve_axis
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Cone,
    Cylinder,
    FaceName,
    Fillet,
    Hole,
    Operation,
    Placement,
    Pocket,
    Points,
    Prism,
    Rectangle,
    Slot,
    Sphere,
)

__all__ = ["ACTIONS", "Build", "compose"]

_FACE_UV = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}


@dataclass
class Build:
    """The part so far: operations, the id of the current body, conventions applied."""

    ops: list[Operation] = field(default_factory=list)
    current: str | None = None
    assumptions: list[str] = field(default_factory=list)
    sketch: Clause | None = None
    counter: int = 0

    def new_id(self, base: str) -> str:
        self.counter += 1
        return f"{base}{self.counter}"

    def add(self, op: Operation, becomes_current: bool = True) -> None:
        self.ops.append(op)
        if becomes_current:
            self.current = op.id

    def box(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        if self.current is None:
            raise reject("there is no part yet to work on — start with a body (e.g. 'a 100 x 60 x 10 mm block')")
        est = estimate(CADPlan(operations=list(self.ops), result=self.current))[self.current]
        if any(math.isnan(v) for v in (*est.lo, *est.hi)):
            raise reject("the part's extents are unknown after a rotation, so positions on it cannot be resolved")
        return est.lo, est.hi


_PLACE = {"centre", "coord", "from_face", "offset", "at_face"}
_BODY_DIMS = {"length", "width", "height", "thickness", "depth", "diameter", "radius", "bottom_diameter",
              "top_diameter", "bottom_radius", "top_radius"}


def _only(clause: Clause, locs: set[str], dims: set[str], max_sizes: int = 9) -> None:
    """Refuse a clause that says something its action would not use: nothing in it may be dropped."""
    extra = [loc.kind for loc in clause.locs if loc.kind not in locs]
    measures = [*clause.measures, *(clause.noun.measures if clause.noun else [])]
    extra += [m.dim for m in measures if m.dim not in dims]
    sizes = [*clause.sizes, *(clause.noun.sizes if clause.noun else [])]
    if extra or len(sizes) > max_sizes:
        what = ", ".join(dict.fromkeys(extra)) or "a size too many"
        raise reject(f"'{clause.action}' of a {clause.noun.kind if clause.noun else 'part'} with {what} is not "
                     "something the grammar planner builds")


def _primitive(b: Build, size: BodySize, centre: tuple[float, float], base_z: float) -> Operation:
    at = Placement(at=(centre[0], centre[1], base_z))
    d, _, h = size.dims
    if size.kind == "box":
        return Box(id=b.new_id("block"), length=d, width=size.dims[1], height=h, placement=at)
    if size.kind == "cylinder":
        return Cylinder(id=b.new_id("cylinder"), diameter=d, height=h, placement=at)
    if size.kind == "cone":
        return Cone(id=b.new_id("cone"), bottom_diameter=d, top_diameter=size.top, height=h, placement=at)
    return Sphere(id=b.new_id("sphere"), diameter=d, hemisphere=size.kind == "hemisphere", placement=at)


def _stack_z(b: Build, clause: Clause, size: BodySize, lo: tuple[float, ...], hi: tuple[float, ...]) -> float:
    """Base height of a joined body: on top / under the part, or at a stated z."""
    stated = [loc for loc in clause.locs if loc.kind in ("on_top", "under") or (loc.kind == "coord" and 2 in loc.axes)]
    if len(stated) > 1:
        raise reject("the body's height is placed twice (on top / under / at z =)")
    if clause.has("on_top"):
        if size.kind == "sphere":
            raise reject("a sphere on a flat face touches it in a single point — say how far it sinks in or give "
                         "its centre (e.g. 'at z = 30')")
        return hi[2]
    if clause.has("under"):
        return lo[2] - size.dims[2]
    z = [loc for loc in clause.locs if loc.kind == "coord" and 2 in loc.axes]
    if z:
        return float(z[0].value or 0.0) - (size.dims[2] / 2 if size.kind == "sphere" else 0.0)
    raise reject(f"where the {clause.noun.kind if clause.noun else 'body'} sits is not given (say e.g. 'on top of "
                 "the block' or 'at z = 10')")


def _create(b: Build, clause: Clause) -> None:
    if b.current is not None:
        if any(loc.kind in ("on_top", "under") for loc in clause.locs):
            _join(b, clause)
            return
        raise reject("a second separate body — say how it attaches (e.g. 'on top of the block')")
    _only(clause, {"coord", "centre"}, _BODY_DIMS)
    size = body_size(clause, b.assumptions)
    xy = [0.0, 0.0]
    for loc in clause.locs:
        if loc.kind == "coord" and loc.axes[0] < 2:
            xy[loc.axes[0]] = float(loc.value or 0.0)
    b.add(_primitive(b, size, (xy[0], xy[1]), 0.0))


def _join(b: Build, clause: Clause) -> None:
    _only(clause, _PLACE | {"on_top", "under"}, _BODY_DIMS)
    size = body_size(clause, b.assumptions)
    lo, hi = b.box()
    frame = Frame(lo, hi, size.dims, round_object=size.kind != "box")
    what = clause.noun.kind if clause.noun else "body"
    centre = (resolve_axis(frame, clause.locs, 0, b.assumptions, what),
              resolve_axis(frame, clause.locs, 1, b.assumptions, what))
    tool = _primitive(b, size, centre, _stack_z(b, clause, size, lo, hi))
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[tool.id]))


_AXIS_FACE = {0: "right", 1: "back", 2: "top"}  # a cut along X enters the right face …


def _face(clause: Clause) -> FaceName:
    faces = [loc.face for loc in clause.locs if loc.kind == "face" and loc.face]
    faces += [_AXIS_FACE[loc.axes[0]] for loc in clause.locs if loc.kind == "direction_axis"]
    if len(set(faces)) > 1:
        raise ambiguous(f"the cut is given two directions ({', '.join(dict.fromkeys(faces))})")
    return cast("FaceName", faces[0]) if faces else "top"


def _depth(clause: Clause, what: str, b: Build, default_through: bool) -> float | None:
    depth = clause.measure("depth")
    if clause.has("through"):
        if depth is not None:
            raise ambiguous(f"the {what} is both 'through' and {depth:g} mm deep")
        return None
    if depth is None and not default_through:
        raise reject(f"the {what}'s depth is not given (say e.g. '5 mm deep' or 'through')")
    if depth is None:
        b.assumptions.append(f"{what} depth: through (not stated)")
    return depth


def _uv(b: Build, clause: Clause, face: str, size: tuple[float, float, float], round_object: bool,
        what: str) -> tuple[float, float]:
    lo, hi = b.box()
    frame = Frame(lo, hi, size, round_object)
    u_axis, v_axis = _FACE_UV[face]
    u = resolve_axis(frame, clause.locs, u_axis, b.assumptions, what) - frame.mid(u_axis)
    v = resolve_axis(frame, clause.locs, v_axis, b.assumptions, what) - frame.mid(v_axis)
    return round(u, 9), round(v, 9)


def _single_size(clause: Clause, *dims: str) -> float | None:
    value = clause.measure(*dims)
    sizes = [s for s in [*(clause.noun.sizes if clause.noun else []), *clause.sizes] if len(s.values) == 1]
    if value is None and len(sizes) == 1:
        return sizes[0].values[0]
    if value is not None and sizes:
        raise reject(f"'{sizes[0].values[0]:g} mm' is a second size for the same thing")
    return value


def _hole(b: Build, clause: Clause) -> None:
    _only(clause, _PLACE | {"face", "through", "direction_axis"}, {"diameter", "radius", "depth"}, max_sizes=1)
    one_of(clause, "diameter", "radius")
    d = _single_size(clause, "diameter")
    r = clause.measure("radius")
    d = d if d is not None else (2 * r if r is not None else None)
    if d is None:
        raise reject("the hole's diameter is not given (say e.g. 'a 6 mm hole')")
    if clause.noun and clause.noun.count != 1:
        raise reject("several holes need a pattern or positions for each (e.g. 'at the corners, 10 mm from the edges')")
    face = _face(clause)
    uv = _uv(b, clause, face, (d, d, d), True, "hole")
    depth = _depth(clause, "hole", b, default_through=True)
    b.add(Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, depth=depth, face=face,
               at=Points(points=[uv])))


def _run_axis(b: Build, clause: Clause, face: str, what: str) -> int:
    """A slot or pocket's length runs along the longer side of the face it is cut into (recorded)."""
    lo, hi = b.box()
    u_axis, v_axis = _FACE_UV[face]
    run = u_axis if hi[u_axis] - lo[u_axis] >= hi[v_axis] - lo[v_axis] else v_axis
    b.assumptions.append(f"{what} length runs along {'XYZ'[run]} (the longer side of the {face} face)")
    return run


def _outline(clause: Clause, what: str) -> tuple[float, float]:
    length, width = clause.measure("length"), clause.measure("width")
    sizes = [s for s in [*(clause.noun.sizes if clause.noun else []), *clause.sizes]]
    if sizes and len(sizes[0].values) == 2 and length is None and width is None:
        length, width = sizes[0].values
    elif sizes and len(sizes[0].values) == 1 and (length is None) != (width is None):
        length, width = (sizes[0].values[0], width) if length is None else (length, sizes[0].values[0])
    elif sizes:
        raise reject(f"the {what} is given more sizes than its length and width")
    if length is None or width is None:
        raise reject(f"the {what}'s length and width are not both given (say e.g. '30 mm long, 8 mm wide')")
    return max(length, width), min(length, width)


def _slot_or_pocket(b: Build, clause: Clause) -> None:
    _only(clause, _PLACE | {"face", "through"}, {"length", "width", "depth"}, max_sizes=1)
    what = clause.noun.kind if clause.noun else "slot"
    length, width = _outline(clause, what)
    face = _face(clause)
    run = _run_axis(b, clause, face, what)
    size = [width, width, width]
    size[run] = length
    depth = _depth(clause, what, b, default_through=what == "slot")
    uv = _uv(b, clause, face, (size[0], size[1], size[2]), False, what)
    profile = Slot(length=length, width=width) if what == "slot" else Rectangle(length=length, width=width)
    angle = 0.0 if run == _FACE_UV[face][0] else 90.0
    b.add(Pocket(id=b.new_id(what), target=b.current or "", profile=profile, depth=depth, face=face,
                 at=Points(points=[uv]), angle=angle))


def _cut_body(b: Build, clause: Clause) -> None:
    """Subtract a placed primitive: through the whole part along Z, or sunk into the top face by its height."""
    _only(clause, _PLACE | {"face", "through"}, _BODY_DIMS)
    lo, hi = b.box()
    size = body_size(clause, b.assumptions, hi[2] - lo[2] if clause.has("through") else None)
    what = clause.noun.kind if clause.noun else "body"
    frame = Frame(lo, hi, size.dims, round_object=size.kind != "box")
    centre = (resolve_axis(frame, clause.locs, 0, b.assumptions, what),
              resolve_axis(frame, clause.locs, 1, b.assumptions, what))
    if clause.has("through"):
        size = BodySize(size.kind, (size.dims[0], size.dims[1], hi[2] - lo[2]), size.top)
        base_z = lo[2]
    elif _face(clause) == "top" and clause.has("face"):
        base_z = hi[2] - size.dims[2]
    else:
        raise reject(f"where the cut {what} goes is not given (say e.g. 'through the part' or 'into the top face')")
    tool = _primitive(b, size, centre, base_z)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("cut"), kind="cut", base=base, tools=[tool.id]))


def _cut(b: Build, clause: Clause) -> None:
    kind = clause.noun.kind if clause.noun else ""
    if b.current is None and kind not in ("hole", "slot", "pocket"):
        _create(b, clause)  # "cut a bar 100 long …" from stock: the first body
        return
    if kind == "hole":
        _hole(b, clause)
    elif kind in ("slot", "pocket"):
        _slot_or_pocket(b, clause)
    else:
        _cut_body(b, clause)


_BOX_EDGE_COUNTS = {"all": 12, "vertical": 4, "top": 4, "bottom": 4, "top_outer": 4, "bottom_outer": 4}


def _check_edge_count(b: Build, clause: Clause, edges: str) -> None:
    """"the four vertical edges": a count must match what the selector takes, or the words mean other edges."""
    loc = clause.loc("edges")
    if loc is None or loc.value is None:
        return
    op = next(o for o in b.ops if o.id == b.current)
    if not isinstance(op, Box) or _BOX_EDGE_COUNTS.get(edges) != int(loc.value):
        raise ambiguous(f"'{int(loc.value)} {edges} edges' does not match the edges of this part that the offline "
                     "planner can select")


def _edge(b: Build, clause: Clause) -> None:
    _only(clause, {"edges"}, {"radius"}, max_sizes=1)
    size = _single_size(clause, "radius", "size")
    if size is None:
        raise reject(f"the {clause.action} size is not given (say e.g. '2 mm')")
    target = b.current or ""
    edges = clause.edges or "all"
    _check_edge_count(b, clause, edges)
    if clause.action == "fillet":
        b.add(Fillet(id=b.new_id("fillet"), target=target, radius=size, edges=edges))  # type: ignore[arg-type]
    else:
        b.add(Chamfer(id=b.new_id("chamfer"), target=target, size=size, edges=edges))  # type: ignore[arg-type]


def _sketch(b: Build, clause: Clause) -> None:
    _only(clause, {"plane"}, {"diameter", "radius", "length", "width", "af", "ac"}, max_sizes=1)
    if b.sketch is not None:
        raise reject("a second sketch before the first one is extruded")
    b.sketch = clause


def _profile_size(sketch: Clause) -> tuple[str, float, float]:
    kind = sketch.noun.kind if sketch.noun else ""
    sizes = [v for s in [*(sketch.noun.sizes if sketch.noun else []), *sketch.sizes] for v in s.values]
    if kind == "circle":
        d = sketch.measure("diameter")
        r = sketch.measure("radius")
        d = d or (2 * r if r else None) or (sizes[0] if len(sizes) == 1 else None)
        if d is None:
            raise reject("the circle's diameter is not given")
        return "circle", d, d
    if kind == "square" and len(sizes) == 1:
        return "rectangle", sizes[0], sizes[0]
    if kind.startswith("polygon"):
        return _polygon_size(sketch, kind, sizes)
    length, width = clause_pair(sketch, sizes)
    return "rectangle", length, width


def _polygon_size(sketch: Clause, kind: str, sizes: list[float]) -> tuple[str, float, float]:
    """A regular polygon: ``(kind, across flats or 0, across corners or 0)``."""
    af, ac = sketch.measure("af"), sketch.measure("ac")
    if sizes or (af is None) == (ac is None):
        raise reject(f"give the {int(kind[7:])}-sided outline's size across flats or across corners")
    return kind, af or 0.0, ac or 0.0


def clause_pair(sketch: Clause, sizes: list[float]) -> tuple[float, float]:
    length, width = sketch.measure("length"), sketch.measure("width")
    if length is None and width is None and len(sizes) == 2:
        return sizes[0], sizes[1]
    if length is None or width is None or sizes:
        raise reject("the rectangle's two sides are not given (say e.g. 'a rectangle 40 by 25')")
    return length, width


def _extrude(b: Build, clause: Clause) -> None:
    _only(clause, {"direction"}, {"height", "depth", "length", "thickness"}, max_sizes=1)
    sketch, b.sketch = b.sketch, None
    if sketch is None:
        raise reject("'extrude' needs a sketch first (e.g. 'sketch a rectangle 40 by 25 on the XY plane')")
    one_of(clause, "height", "depth", "length", "thickness")
    dist = _single_size(clause, "height", "depth", "length", "thickness")
    if dist is None:
        raise reject("the extrusion distance is not given (say e.g. 'extrude it 10 mm')")
    kind, a, c = _profile_size(sketch)
    plane = next((loc.face for loc in sketch.locs if loc.kind == "plane"), "xy")
    if b.current is not None or any(loc.kind not in ("plane", "direction") for loc in [*sketch.locs, *clause.locs]):
        raise reject("a sketch placed on an existing part is not supported offline yet")
    dims = {"xy": (a, c, dist), "xz": (a, dist, c), "yz": (dist, a, c)}[plane or "xy"]
    if kind == "rectangle":
        b.add(Box(id=b.new_id("block"), length=dims[0], width=dims[1], height=dims[2]))
        return
    if kind.startswith("polygon"):
        if plane != "xy":
            raise reject("polygon outlines are extruded from the XY plane only, offline")
        b.add(Prism(id=b.new_id("prism"), sides=int(kind[7:]), across_flats=a or None, diameter=c or None,
                    height=dist))
        return
    turn = {"xy": (0.0, 0.0, 0.0), "xz": (90.0, 0.0, 0.0), "yz": (0.0, 90.0, 0.0)}[plane or "xy"]
    b.add(Cylinder(id=b.new_id("cylinder"), diameter=a, height=dist, placement=Placement(rotate=turn)))


ACTIONS: dict[str, Callable[[Build, Clause], None]] = {
    "create": _create, "join": _join, "cut": _cut, "fillet": _edge, "chamfer": _edge, "sketch": _sketch,
    "extrude": _extrude,
}


def compose(clauses: list[Clause]) -> Build:
    """Apply each clause in order; the result's ``ops`` end with the finished part."""
    b = Build()
    for clause in clauses:
        action = ACTIONS.get(clause.action)
        if action is None:
            raise reject(f"'{clause.action}' is not supported by the offline planner yet")
        action(b, clause)
    if b.sketch is not None:
        raise reject("the sketch is never extruded (say e.g. 'extrude it 10 mm')")
    if not b.ops:
        raise reject("nothing to build")
    return b

