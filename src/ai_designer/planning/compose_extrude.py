"""The ``sketch`` and ``extrude`` actions: an outline on a plane (rectangle, square, circle, regular polygon) held
until an extrusion makes it a body — the first body, centred on the origin, or a pad on top of the part so far.

Split from ``compose.py`` (one function per action there); the outline's sizes are read by :func:`clause_pair` and the
profile helpers, the extrusion's direction by ``_extrude_shift``."""

from __future__ import annotations

from ai_designer.planning.bodies import one_of
from ai_designer.planning.build import Build, only_uses, single_size
from ai_designer.planning.compose_profiles import extrude_profile
from ai_designer.planning.compose_sketch import extrude_placed
from ai_designer.planning.compose_unions import origin_as_coords
from ai_designer.planning.pads import pad_on_top
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Box, Cylinder, Placement, Prism

__all__ = ["clause_pair", "extrude", "sketch"]


def sketch(b: Build, clause: Clause) -> None:
    clause = origin_as_coords(clause, 2)
    only_uses(clause, {"plane", "face", "on_top", "centre", "coord", "offset", "from_face", "at_face", "centre_outline"},
              {"diameter", "radius", "length", "width", "af", "ac"}, max_sizes=1)
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


def extrude(b: Build, clause: Clause) -> None:
    if b.sketch is not None and b.sketch.action == "placed_sketch":
        return extrude_placed(b, clause)
    if b.sketch is not None and b.sketch.action == "profile" and b.sketch.has("vertices"):
        return extrude_profile(b, clause)
    only_uses(clause, {"direction"}, {"height", "depth", "length", "thickness"}, max_sizes=1)
    sketch, b.sketch = b.sketch, None
    if sketch is None:
        raise reject("'extrude' needs a sketch first (e.g. 'sketch a rectangle 40 by 25 on the XY plane')")
    one_of(clause, "height", "depth", "length", "thickness")
    dist = single_size(clause, "height", "depth", "length", "thickness")
    if dist is None:
        raise reject("the extrusion distance is not given (say e.g. 'extrude it 10 mm')")
    kind, a, c = _profile_size(sketch)
    plane = next((loc.face for loc in sketch.locs if loc.kind == "plane"), "xy")
    if b.current is not None:
        pad_on_top(b, sketch, clause, kind, (a, c, dist))
        return
    if any(loc.kind not in ("plane", "direction") and not _at_origin(loc) for loc in [*sketch.locs, *clause.locs]):
        raise reject("the sketch's position is not supported offline (the first sketch is centred on the origin)")
    dims = {"xy": (a, c, dist), "xz": (a, dist, c), "yz": (dist, a, c)}[plane or "xy"]
    shift = _extrude_shift(clause, plane or "xy", dist)
    if kind == "rectangle":
        b.add(Box(id=b.new_id("block"), length=dims[0], width=dims[1], height=dims[2], placement=shift))
        return
    if kind.startswith("polygon"):
        if plane != "xy":
            raise reject("polygon outlines are extruded from the XY plane only, offline")
        b.add(Prism(id=b.new_id("prism"), sides=int(kind[7:]), across_flats=a or None, diameter=c or None,
                    height=dist, placement=shift))
        return
    turn = {"xy": (0.0, 0.0, 0.0), "xz": (90.0, 0.0, 0.0), "yz": (0.0, 90.0, 0.0)}[plane or "xy"]
    b.add(Cylinder(id=b.new_id("cylinder"), diameter=a, height=dist, placement=Placement(at=shift.at, rotate=turn)))


def _extrude_shift(clause: Clause, plane: str, dist: float) -> Placement:
    """"extrude it 12 mm downward" goes below the sketch plane, "symmetrically" half each way (XY sketches; the
    direction used to be read and dropped, leaving the body above the plane)."""
    way = next((loc.face for loc in clause.locs if loc.kind == "direction"), "up")
    if way == "up":
        return Placement()
    if plane != "xy":
        raise reject(f"extruding '{way}' from the {plane.upper()} plane is not supported offline (say the axis, e.g. "
                     "'extrude it 12 mm in the negative Y direction')")
    return Placement(at=(0.0, 0.0, -dist if way == "down" else -dist / 2))


def _at_origin(loc: Loc) -> bool:
    """"centred on the origin": the first body is centred on the origin anyway."""
    return loc.kind == "centre" or (loc.kind == "coord" and loc.axes[0] < 2 and loc.value == 0.0)
