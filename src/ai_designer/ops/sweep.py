"""``sweep``: a 2-D profile moved along a path — a line, a polyline, an arc or a helix (pipes, handles, springs).

The profile is drawn in its own XY plane, centred on the origin, and turned so that its Z axis follows the path's
start direction (the shortest turn from +Z). Paths start at the origin (helix: at ``(diameter/2, 0, 0)``):

* ``polyline``: straight segments through ``points`` (the first point is where the profile sits); corners are
  mitred (``corners: "right"``) or rounded (``"round"``);
* ``arc``: starts at the origin heading +Z and bends towards +X (``plane: "XZ"``) or +Y (``"YZ"``) with ``radius``
  through ``angle`` degrees;
* ``helix``: a coil of ``diameter`` and ``pitch`` up to ``height`` about the Z axis (use ``frenet: true``).

Volumes by Pappus (profile area x path length) for lines and arcs; helices and cornered polylines are not exact.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, model_validator

from ai_designer.ops.loft import SectionProfile
from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Polygon, Positive, StrictModel, Vec3

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script

__all__ = ["Sweep", "PolylinePath", "ArcPath", "HelixPath", "SweepPath"]


class PolylinePath(StrictModel):
    kind: Literal["polyline"] = "polyline"
    points: list[Vec3] = Field(min_length=2, max_length=100, description="[x, y, z] corners; 2 points = a line")
    corners: Literal["right", "round"] = "right"

    @model_validator(mode="after")
    def _segments(self) -> PolylinePath:
        if any(math.dist(a, b) < 1e-6 for a, b in zip(self.points, self.points[1:], strict=False)):
            raise ValueError("sweep path: two consecutive points are the same; remove the repeated point")
        return self


class ArcPath(StrictModel):
    kind: Literal["arc"] = "arc"
    radius: Positive
    angle: float = Field(gt=0, lt=360, description="degrees of bend")
    plane: Literal["XZ", "YZ"] = Field(default="XZ", description="XZ bends towards +X, YZ towards +Y")


class HelixPath(StrictModel):
    kind: Literal["helix"] = "helix"
    diameter: Positive
    pitch: Positive
    height: Positive


SweepPath = Annotated[PolylinePath | ArcPath | HelixPath, Field(discriminator="kind")]


class Sweep(PrimitiveBase):
    """A profile moved along a path (line/polyline, arc or helix) starting at the origin."""

    op: Literal["sweep"] = "sweep"
    profile: SectionProfile
    path: SweepPath
    frenet: bool = Field(default=False, description="keep the profile upright along a helix (use true for springs)")


def start_direction(path: Any) -> tuple[float, float, float]:
    if isinstance(path, PolylinePath):
        (x0, y0, z0), (x1, y1, z1) = path.points[0], path.points[1]
        d = math.dist(path.points[0], path.points[1])
        return ((x1 - x0) / d, (y1 - y0) / d, (z1 - z0) / d)
    if isinstance(path, ArcPath):
        return (0.0, 0.0, 1.0)
    r = path.diameter / 2
    n = math.hypot(2 * math.pi * r, path.pitch)
    return (0.0, 2 * math.pi * r / n, path.pitch / n)


def _path_source(path: Any) -> str:
    from ai_designer.freecad.codegen_support import num

    if isinstance(path, PolylinePath):
        pts = ", ".join(f"({', '.join(num(v) for v in p)})" for p in path.points)
        return f"cad.sweep_polyline([{pts}])"
    if isinstance(path, ArcPath):
        return f"cad.sweep_arc({num(path.radius)}, {num(path.angle)}, {path.plane!r})"
    return f"cad.sweep_helix({num(path.diameter)}, {num(path.pitch)}, {num(path.height)})"


def _compile(s: Script, op: Sweep) -> None:
    from ai_designer.freecad.codegen_primitives import profile_object
    from ai_designer.freecad.codegen_support import num, rotation_args

    s.emit(f"# --- {op.id}: sweep a profile along a {op.path.kind} path (the path is fixed; sizes are in Params) ---")
    path = s.name(f"{op.id}_path")
    s.add(path, "Part::Feature")
    s.emit(f"{path}.Shape = {_path_source(op.path)}")
    profile, desc = profile_object(s, f"{op.id}_profile", op.id, op.profile)
    start = op.path.points[0] if isinstance(op.path, PolylinePath) else (
        (op.path.diameter / 2, 0.0, 0.0) if isinstance(op.path, HelixPath) else (0.0, 0.0, 0.0))
    d = start_direction(op.path)
    s.emit(f"# the {desc}, square to the path where it starts",
           f"{profile}.Placement = Placement(Vector({', '.join(num(v) for v in start)}), "
           f"Rotation(Vector(0, 0, 1), Vector({', '.join(num(v) for v in d)})))")
    var = s.name(op.id)
    s.add(var, "Part::Sweep", op.label or op.id)
    s.emit(f"{var}.Sections = [{profile}]", f"{var}.Spine = ({path}, [])", f"{var}.Solid = True",
           f"{var}.Frenet = {op.frenet}")
    if isinstance(op.path, PolylinePath) and len(op.path.points) > 2:
        s.emit(f"{var}.Transition = {'Round corner' if op.path.corners == 'round' else 'Right corner'!r}")
    if not op.placement.is_identity():
        result = s.name(f"{op.id}_placed")
        s.add(result, "Part::Compound")
        at = ", ".join(num(v) for v in op.placement.at)
        s.emit(f"{result}.Links = [{var}]", f"{result}.Placement = Placement(Vector({at}), {rotation_args(op.placement)})")
        var = result
    s.objects[op.id] = var


def _path_box(path: Any) -> tuple[tuple[float, float, float], tuple[float, float, float], bool]:
    """Box of the path's centre line and whether widening it by the profile's reach is exact."""
    if isinstance(path, PolylinePath):
        lo = tuple(min(p[k] for p in path.points) for k in range(3))
        hi = tuple(max(p[k] for p in path.points) for k in range(3))
        return lo, hi, False  # type: ignore[return-value]
    if isinstance(path, ArcPath):
        a = math.radians(path.angle)
        samples = [a * i / 64 for i in range(65)]
        us = [path.radius - path.radius * math.cos(t) for t in samples]
        zs = [path.radius * math.sin(t) for t in samples]
        k = 0 if path.plane == "XZ" else 1
        arc_lo, arc_hi = [0.0, 0.0, min(zs)], [0.0, 0.0, max(zs)]
        arc_lo[k], arc_hi[k] = min(us), max(us)
        return tuple(arc_lo), tuple(arc_hi), False  # type: ignore[return-value]
    r = path.diameter / 2
    return (-r, -r, 0.0), (r, r, path.height), False


def _extents(op: Sweep, known: dict[str, Any]) -> Any:
    from ai_designer.cad.extents import Extents, profile_extents

    x0, x1, y0, y1 = profile_extents(op.profile)
    reach = max(abs(x0), abs(x1), abs(y0), abs(y1))
    lo, hi, _ = _path_box(op.path)
    box = Extents(tuple(v - reach for v in lo), tuple(v + reach for v in hi), False)  # type: ignore[arg-type]
    return box.placed(op.placement)


def path_length(path: Any) -> float:
    if isinstance(path, PolylinePath):
        return sum(math.dist(a, b) for a, b in zip(path.points, path.points[1:], strict=False))
    if isinstance(path, ArcPath):
        return path.radius * math.radians(path.angle)
    turns = path.height / path.pitch
    return turns * math.hypot(math.pi * path.diameter, path.pitch)


def volume(op: Sweep) -> float | None:
    """Profile area x path length where that is exact: a straight line, or an arc the profile stays inside."""
    from ai_designer.planning.intent import profile_area

    area = profile_area(op.profile)
    if isinstance(op.profile, Polygon):  # Pappus needs the profile's centroid on the path; a free polygon's may not be
        return None
    straight = isinstance(op.path, PolylinePath) and len(op.path.points) == 2
    if area is None or not (straight or isinstance(op.path, ArcPath)):
        return None
    return area * path_length(op.path)


def _estimate(op: Sweep, known: dict[str, Any], plan: Any) -> Any:
    from ai_designer.planning.intent import nan_box

    return nan_box(volume(op))  # the box of a swept solid is not exact enough to check


SPEC = register(OpSpec("sweep", Sweep, _compile, _extents, _estimate))
