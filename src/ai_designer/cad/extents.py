"""Analytic bounding boxes of a CAD plan, without FreeCAD.

:func:`plan_extents` walks the plan and estimates each operation's axis-aligned bounding box from the parameters
alone (the plan conventions fix where every primitive sits). An estimate is ``exact`` when it equals what FreeCAD
will measure (axis-aligned primitives, features that do not change the outline); otherwise it is a box that contains
the part (a rotated body, a partial revolve, a gear) or ``None`` when nothing is known (custom code).

The generator uses exact boxes to refuse, before anything runs, features that cannot touch their target (a hole
outside the face it is drilled into, a shell as thick as the part); planners and validators can use the overall box.

    >>> from ai_designer.schemas.task_graph import CADPlan, Box
    >>> plan_extents(CADPlan(operations=[Box(id="b", length=10, width=20, height=5)]))["b"].size
    (10.0, 20.0, 5.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.schemas.task_graph import (
    CADPlan,
    Circle,
    OffsetProfile,
    Outline,
    Placement,
    Polygon,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
)

__all__ = ["Extents", "plan_extents", "profile_extents", "FACE_AXES", "box_extents", "polygon_extents"]

Vec = tuple[float, float, float]

#: face -> (u axis, v axis, normal axis, +1 if the face is at the maximum of the normal axis)
FACE_AXES = {"top": (0, 1, 2, 1), "bottom": (0, 1, 2, -1), "front": (0, 2, 1, -1), "back": (0, 2, 1, 1),
             "left": (1, 2, 0, -1), "right": (1, 2, 0, 1)}


@dataclass(frozen=True)
class Extents:
    lo: Vec
    hi: Vec
    exact: bool = True

    @property
    def size(self) -> Vec:
        return (self.hi[0] - self.lo[0], self.hi[1] - self.lo[1], self.hi[2] - self.lo[2])

    @property
    def center(self) -> Vec:
        return ((self.lo[0] + self.hi[0]) / 2, (self.lo[1] + self.hi[1]) / 2, (self.lo[2] + self.hi[2]) / 2)

    def union(self, other: Extents) -> Extents:
        return Extents(tuple(min(a, b) for a, b in zip(self.lo, other.lo, strict=True)),  # type: ignore[arg-type]
                       tuple(max(a, b) for a, b in zip(self.hi, other.hi, strict=True)),  # type: ignore[arg-type]
                       self.exact and other.exact)

    def inexact(self) -> Extents:
        return Extents(self.lo, self.hi, False)

    def placed(self, placement: Placement) -> Extents:
        """Rotate (X, then Y, then Z, about the origin) and move; exact only for quarter turns."""
        if placement.is_identity():
            return self
        a, b, c = (math.radians(v) for v in placement.rotate)
        ca, sa, cb, sb, cc, sc = math.cos(a), math.sin(a), math.cos(b), math.sin(b), math.cos(c), math.sin(c)
        m = ((cc * cb, cc * sb * sa - sc * ca, cc * sb * ca + sc * sa),
             (sc * cb, sc * sb * sa + cc * ca, sc * sb * ca - cc * sa),
             (-sb, cb * sa, cb * ca))
        corners = [(x, y, z) for x in (self.lo[0], self.hi[0]) for y in (self.lo[1], self.hi[1])
                   for z in (self.lo[2], self.hi[2])]
        moved = [tuple(sum(m[k][j] * p[j] for j in range(3)) + placement.at[k] for k in range(3)) for p in corners]
        quarter = all(abs(v / 90 - round(v / 90)) < 1e-9 for v in placement.rotate)
        return Extents(tuple(min(p[k] for p in moved) for k in range(3)),  # type: ignore[arg-type]
                       tuple(max(p[k] for p in moved) for k in range(3)),  # type: ignore[arg-type]
                       self.exact and quarter)


def box_extents(x: float, y: float, z0: float, z1: float, exact: bool = True) -> Extents:
    """The box ``[-x, x] x [-y, y] x [z0, z1]``."""
    return Extents((-x, -y, z0), (x, y, z1), exact)


def polygon_extents(sides: int, circumradius: float, height: float) -> Extents:
    """A regular prism (a corner on +X) from z 0 to ``height``."""
    x0, x1, y0, y1 = _polygon_half(sides, circumradius)
    return Extents((x0, y0, 0), (x1, y1, height))


def _polygon_half(sides: int, circumradius: float) -> tuple[float, float, float, float]:
    xs = [circumradius * math.cos(2 * math.pi * k / sides) for k in range(sides)]
    ys = [circumradius * math.sin(2 * math.pi * k / sides) for k in range(sides)]
    return min(xs), max(xs), min(ys), max(ys)


def profile_extents(profile: object) -> tuple[float, float, float, float]:
    """``(xmin, xmax, ymin, ymax)`` of a 2-D profile as the generator draws it (centred; polygons as given).

    An offset profile is its base grown by the offset (exact for circles, rectangles and slots; a bound for shrunk
    polygons). An ``outline`` has no size of its own (it is the target's): ``(0, 0, 0, 0)``."""
    if isinstance(profile, OffsetProfile):
        x0, x1, y0, y1 = profile_extents(profile.profile)
        d = profile.offset
        return x0 - d, x1 + d, y0 - d, y1 + d
    if isinstance(profile, Outline):
        return 0.0, 0.0, 0.0, 0.0
    if isinstance(profile, (Rectangle, RoundedRectangle, Slot)):
        return -profile.length / 2, profile.length / 2, -profile.width / 2, profile.width / 2
    if isinstance(profile, Circle):
        r = profile.diameter / 2
        return -r, r, -r, r
    if isinstance(profile, RegularPolygon):
        return _polygon_half(profile.sides, profile.circumradius)
    assert isinstance(profile, Polygon)
    xs, ys = [p[0] for p in profile.points], [p[1] for p in profile.points]
    return min(xs), max(xs), min(ys), max(ys)


def plan_extents(plan: CADPlan) -> dict[str, Extents | None]:
    """Estimated bounding box after each operation, by id (``None`` where unknown): each operation's registry entry
    (``ai_designer.ops``) says how it changes the boxes computed so far."""
    from ai_designer.ops.registry import spec

    out: dict[str, Extents | None] = {}
    for op in plan.operations:
        out[op.id] = spec(op.op).extents(op, out)
    return out
