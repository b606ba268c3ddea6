"""The part being composed and the helpers every action shares (see ``compose.py``).

``Build`` holds the operations so far; ``only_uses`` refuses a clause that says something its action would not use
(so nothing is dropped); ``cut_face`` / ``cut_depth`` / ``face_uv`` read where a cut goes through the location algebra.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, cast

from ai_designer.planning.bodies import BodySize
from ai_designer.planning.intent import estimate
from ai_designer.planning.locate import FACE_AXIS, Frame, resolve_axis
from ai_designer.planning.polygon_centres import polygon_centre
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import (
    Box,
    CADPlan,
    Cone,
    Cylinder,
    FaceName,
    Operation,
    Placement,
    Prism,
    Sphere,
)

__all__ = ["AXIS_FACE", "BODY_DIMS", "Build", "FACE_UV", "PLACE", "cut_depth", "cut_face", "face_uv", "only_uses",
           "primitive", "said_once", "single_size", "stack_z", "stated_faces"]

FACE_UV = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}


@dataclass
class Build:
    """The part so far: operations, the id of the current body, conventions applied."""

    ops: list[Operation] = field(default_factory=list)
    current: str | None = None
    assumptions: list[str] = field(default_factory=list)
    sketch: Clause | None = None
    counter: int = 0
    group: list[str] = field(default_factory=list)  # bodies made apart, waiting to be joined ("joined by a rod")
    lathe_length: float | None = None  # "overall length 50" of a turned part, checked when it is finished
    tray: dict[str, Any] | None = None  # a tray described over several sentences (trays_compose.py)
    bracket: tuple[float, float, float] | None = None  # an L-bracket's leg, width and thickness (brackets_compose.py)
    facts: list[str] = field(default_factory=list)  # "no holes", "sharp corners": checked when the part is finished
    names: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)  # bodies' nouns (compose_partrefs.py)

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


PLACE = {"centre", "coord", "from_face", "offset", "at_face"}
BODY_DIMS = {"af", "length", "width", "height", "thickness", "depth", "diameter", "radius", "bottom_diameter",
              "top_diameter", "bottom_radius", "top_radius"}


def only_uses(clause: Clause, locs: set[str], dims: set[str], max_sizes: int = 9) -> None:
    """Refuse a clause that says something its action would not use: nothing in it may be dropped."""
    extra = [loc.kind for loc in clause.locs if loc.kind not in locs]
    measures = [*clause.measures, *(clause.noun.measures if clause.noun else [])]
    extra += [m.dim for m in measures if m.dim not in dims]
    sizes = [*clause.sizes, *(clause.noun.sizes if clause.noun else [])]
    if extra or len(sizes) > max_sizes:
        what = ", ".join(dict.fromkeys(extra)) or "a size too many"
        raise reject(f"'{clause.action}' of a {clause.noun.kind if clause.noun else 'part'} with {what} is not "
                     "something the grammar planner builds")


def primitive(b: Build, size: BodySize, centre: tuple[float, float], base_z: float) -> Operation:
    at = Placement(at=(centre[0], centre[1], base_z))
    d, _, h = size.dims
    if size.kind == "box":
        return Box(id=b.new_id("block"), length=d, width=size.dims[1], height=h, placement=at)
    if size.kind == "cylinder":
        return Cylinder(id=b.new_id("cylinder"), diameter=d, height=h, placement=at)
    if size.kind == "prism":
        return Prism(id=b.new_id("prism"), sides=size.sides, across_flats=d, height=h, placement=at)
    if size.kind == "cone":
        return Cone(id=b.new_id("cone"), bottom_diameter=d, top_diameter=size.top, height=h, placement=at)
    return Sphere(id=b.new_id("sphere"), diameter=d, hemisphere=size.kind == "hemisphere", placement=at)


def stack_z(b: Build, clause: Clause, size: BodySize, lo: tuple[float, ...], hi: tuple[float, ...]) -> float:
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


AXIS_FACE = {0: "right", 1: "back", 2: "top"}  # a cut along X enters the right face …


def stated_faces(clause: Clause) -> list[str]:
    """Faces the clause names; a bare "down" (``value`` -1) counts only when no other face is named."""
    strong = [loc.face for loc in clause.locs if loc.kind == "face" and loc.face and loc.value != -1.0]
    return strong or [loc.face for loc in clause.locs if loc.kind == "face" and loc.face]


def cut_face(clause: Clause) -> FaceName:
    """The face a cut goes in by: the one named, else the one its direction enters ("along Y": the back); a direction
    along the named face's own axis agrees with it ("into the bottom face along the axis")."""
    faces = stated_faces(clause)
    named = {FACE_AXIS[f][0] for f in faces if f in FACE_AXIS}
    faces += [AXIS_FACE[loc.axes[0]] for loc in clause.locs if loc.kind == "direction_axis" and loc.axes[0] not in named]
    if len(set(faces)) > 1:
        raise ambiguous(f"the cut is given two directions ({', '.join(dict.fromkeys(faces))})")
    return cast("FaceName", faces[0]) if faces else "top"


def cut_depth(clause: Clause, what: str, b: Build, default_through: bool) -> float | None:
    depth = clause.measure("depth")
    if clause.has("blind") and (depth is None or clause.has("through")):
        raise ambiguous(f"the {what} is blind but its depth is not given (say e.g. '10 mm deep')")
    if depth is not None and clause.has("direction_axis") and not stated_faces(clause):
        raise ambiguous(f"the {what} runs one way across the part ('from front to back', 'along Y') but is {depth:g} mm "
                        "deep: say the face it goes in from (e.g. 'from the front face, 15 mm deep')")
    said_through = clause.noun is not None and any(w.startswith(("through", "thru")) for w in clause.noun.words)
    if clause.has("through") or said_through:
        if depth is not None:
            raise ambiguous(f"the {what} is both 'through' and {depth:g} mm deep")
        return None
    if depth is None and not default_through:
        raise reject(f"the {what}'s depth is not given (say e.g. '5 mm deep' or 'through')")
    if depth is None:
        b.assumptions.append(f"{what} depth: through (not stated)")
    return depth


def part_frame(b: Build, lo: tuple[float, float, float], hi: tuple[float, float, float],
               size: tuple[float, float, float], round_object: bool) -> Frame:
    """The frame positions on the part so far are resolved in: its box, and its own centre where that is not the
    box's middle (an odd regular polygon's footprint: ``polygon_centres.py``)."""
    return Frame(lo, hi, size, round_object, polygon_centre(b.ops, lo, hi))


def face_uv(b: Build, clause: Clause, face: str, size: tuple[float, float, float], round_object: bool,
        what: str) -> tuple[float, float]:
    lo, hi = b.box()
    frame = part_frame(b, lo, hi, size, round_object)
    u_axis, v_axis = FACE_UV[face]
    _nothing_along_depth(clause, 3 - u_axis - v_axis, what)
    u = resolve_axis(frame, clause.locs, u_axis, b.assumptions, what) - frame.mid(u_axis)
    v = resolve_axis(frame, clause.locs, v_axis, b.assumptions, what) - frame.mid(v_axis)
    return round(u, 9), round(v, 9)


def _nothing_along_depth(clause: Clause, depth: int, what: str) -> None:
    """"a hole along X at x = 10": a position along the cut's own direction places nothing — refused, not dropped
    (coordinates that "at the origin" gives every axis are exempt: the cut's axis passes through it)."""
    for loc in clause.locs:
        axes = loc.axes if loc.kind in ("coord", "offset") else \
            (FACE_AXIS[loc.face or ""][0],) if loc.kind in ("from_face", "at_face") else ()
        if depth in axes and loc.face != "origin":
            raise ambiguous(f"the {what} runs along {'XYZ'[depth]}, so a position along {'XYZ'[depth]} does not "
                            "place it — give its position across that direction")


def single_size(clause: Clause, *dims: str) -> float | None:
    value = clause.measure(*dims)
    sizes = [s for s in [*(clause.noun.sizes if clause.noun else []), *clause.sizes] if len(s.values) == 1]
    if value is None and len(sizes) == 1:
        return sizes[0].values[0]
    if value is not None and sizes:
        raise reject(f"'{sizes[0].values[0]:g} mm' is a second size for the same thing")
    return value


def said_once(clause: Clause, kind: str, what: str) -> float | None:
    """The one value the clause's ``kind`` terms give (``None`` when none does); the same size said twice alike is
    one, two different values are refused naming ``what`` ("the T's stem width")."""
    values = {round(float(loc.value), 9) for loc in clause.locs if loc.kind == kind and loc.value is not None}
    if len(values) > 1:
        raise ambiguous(f"{what} is given as {' and '.join(f'{v:g}' for v in sorted(values))}")
    return values.pop() if values else None
