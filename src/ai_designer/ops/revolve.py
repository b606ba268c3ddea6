"""``revolve``: a [radius, z] outline turned about Z.

Schema, FreeCAD compilation, analytic box and intent estimate of the operation, registered together.

The box and estimate are of the unplaced body (resting on z = 0, centred on Z); ``register_primitive`` applies the
placement. Helpers are imported inside the functions: ``schemas.task_graph`` imports this module for its schema.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Literal

from pydantic import Field, field_validator

from ai_designer.ops.primitive import register_primitive
from ai_designer.schemas.op_base import PrimitiveBase
from ai_designer.schemas.profiles import Vec2

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents as ExtentsT
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Revolve"]


class Revolve(PrimitiveBase):
    """Revolve a closed polyline given as ``[radius, z]`` points (radius >= 0) about the Z axis by ``angle``."""

    op: Literal["revolve"] = "revolve"
    points: list[Vec2] = Field(min_length=3)
    angle: float = Field(default=360.0, gt=0, le=360)

    @field_validator("points")
    @classmethod
    def _radii(cls, pts: list[Vec2]) -> list[Vec2]:
        if any(p[0] < 0 for p in pts):
            raise ValueError("revolve profile radii must be >= 0 (the axis is at radius 0)")
        return pts


def _compile(s: Script, op: Revolve) -> None:
    from ai_designer.freecad.codegen_support import apply, num, rotation_args, rotation_matrix

    s.emit(f"# --- {op.id}: revolve a [radius, z] outline of {len(op.points)} points by {num(op.angle)} deg about Z ---")
    sketch = s.name(f"{op.id}_outline")
    pts = ", ".join(f"({num(r)}, {num(z)})" for r, z in op.points)
    s.emit(f"{sketch} = cad.polygon_sketch(doc, {sketch!r}, [{pts}])",
           f"{sketch}.Placement = Placement(Vector(0, 0, 0), Rotation(Vector(1, 0, 0), 90))  # sketch X = radius, Y = z")
    var = s.name(op.id)
    s.add(var, "Part::Revolution", op.label or op.id)
    s.emit(f"{var}.Source = {sketch}", f"{var}.Axis = Vector(0, 0, 1)", f"{var}.Base = Vector(0, 0, 0)",
           f"{var}.Solid = True")
    s.bind(var, "Angle", s.param(op.id, "angle", op.angle, f"{op.id}: revolution angle (deg)"))
    if not op.placement.is_identity():
        # a Part::Revolution owns its placement; move the outline instead
        m = rotation_matrix(*op.placement.rotate)
        axis = apply(m, (0.0, 0.0, 1.0))
        s.emit(f"{sketch}.Placement = Placement(Vector({', '.join(num(v) for v in op.placement.at)}), "
               f"{rotation_args(op.placement)}).multiply({sketch}.Placement)",
               f"{var}.Axis = Vector({', '.join(num(v) for v in axis)})",
               f"{var}.Base = Vector({', '.join(num(v) for v in op.placement.at)})")
    s.objects[op.id] = var


def _extents(op: Revolve) -> ExtentsT:
    from ai_designer.cad.extents import Extents

    r = max(p[0] for p in op.points)
    zs = [p[1] for p in op.points]
    return Extents((-r, -r, min(zs)), (r, r, max(zs)), op.angle >= 360)


def pappus(op: Revolve) -> float | None:
    """Volume by Pappus's theorem: the profile's area times the path of its centroid."""
    pts = op.points
    a = cx = 0.0
    for i in range(len(pts)):
        x0, y0 = pts[i - 1]
        x1, y1 = pts[i]
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
    if a == 0:
        return None
    area = a / 2
    centroid_r = cx / (6 * area)
    return abs(area) * abs(centroid_r) * math.radians(op.angle)


def _estimate(op: Revolve) -> Est:
    """A full turn fills the circle of the largest radius; a part turn (from +X towards +Y) only its sector."""
    from ai_designer.planning.intent import Est, centered

    rmin, rmax = min(p[0] for p in op.points), max(p[0] for p in op.points)
    zs = [p[1] for p in op.points]
    if op.angle >= 360:
        return centered(2 * rmax, 2 * rmax, min(zs), max(zs), pappus(op), "other", False)
    phis = [math.radians(a) for a in (0.0, op.angle, 90.0, 180.0, 270.0) if a <= op.angle]
    xs = [r * math.cos(f) for r in (rmin, rmax) for f in phis]
    ys = [r * math.sin(f) for r in (rmin, rmax) for f in phis]
    return Est((min(xs), min(ys), min(zs)), (max(xs), max(ys), max(zs)), pappus(op), 0, "other", False)


SPEC = register_primitive("revolve", Revolve, _compile, _extents, _estimate)
