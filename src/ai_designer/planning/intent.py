"""What a plan should build, computed from the plan by formula: bounding box, volume (only when exact), hole count.

The planner uses the running bounds to place features on faces; the finished figures become ``plan.intent``, which
the validator checks against the solid FreeCAD built. Volume is ``None`` whenever a formula would be a guess (fillets
meeting at corners, features that overlap, gears): a wrong target is worse than none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ai_designer.schemas.task_graph import (
    CADPlan,
    Circle,
    Intent,
    OffsetProfile,
    Placement,
    Polygon,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
)

__all__ = ["Est", "estimate", "plan_intent", "profile_area", "profile_extent", "nan_box", "centered", "placed"]

_AXIS = {"top": 2, "bottom": 2, "front": 1, "back": 1, "left": 0, "right": 0}
_UV = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}


@dataclass(frozen=True)
class Est:
    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    volume: float | None
    holes: int = 0
    kind: str = "other"  # box | cylinder | sphere | curved | other: what a straight cut through it removes is known
    prismatic: bool = False  # every line along an axis through the footprint crosses the full thickness
    cut_axis: int = -1  # axis of the cuts so far (cuts along two axes may cross: volume unknown)
    marks: tuple[tuple[float, float, float], ...] = ()  # (u, v, bounding radius) of cuts so far, on that axis

    @property
    def size(self) -> tuple[float, float, float]:
        return (self.hi[0] - self.lo[0], self.hi[1] - self.lo[1], self.hi[2] - self.lo[2])

    def face_size(self, face: str) -> tuple[float, float]:
        u, v = _UV[face]
        return self.size[u], self.size[v]

    def thickness(self, face: str) -> float:
        return self.size[_AXIS[face]]


def _perimeter(p: object) -> float | None:
    if isinstance(p, Rectangle):
        return 2 * (p.length + p.width)
    if isinstance(p, RoundedRectangle):
        return 2 * (p.length + p.width) - (8 - 2 * math.pi) * p.radius
    if isinstance(p, Circle):
        return math.pi * p.diameter
    if isinstance(p, Slot):
        return 2 * (p.length - p.width) + math.pi * p.width
    if isinstance(p, RegularPolygon):
        return 2 * p.sides * p.circumradius * math.sin(math.pi / p.sides)
    return None


def _offset_area(p: OffsetProfile) -> float | None:
    """Grown convex profiles by Steiner's formula (A + P d + pi d^2); shrunk ones where the result keeps its kind."""
    base, d = p.profile, p.offset
    area, perimeter = profile_area(base), _perimeter(base)
    if d > 0:
        return None if area is None or perimeter is None else area + perimeter * d + math.pi * d * d
    if isinstance(base, Circle):
        return profile_area(Circle(diameter=base.diameter + 2 * d)) if base.diameter + 2 * d > 0 else None
    if isinstance(base, Rectangle):
        return (base.length + 2 * d) * (base.width + 2 * d) if min(base.length, base.width) + 2 * d > 0 else None
    if isinstance(base, RoundedRectangle) and base.radius + d > 0 and min(base.length, base.width) + 2 * d > 0:
        return profile_area(RoundedRectangle(length=base.length + 2 * d, width=base.width + 2 * d, radius=base.radius + d))
    if isinstance(base, Slot) and base.width + 2 * d > 0:
        return profile_area(Slot(length=base.length + 2 * d, width=base.width + 2 * d))
    return None


def profile_area(p: object) -> float | None:
    if isinstance(p, OffsetProfile):
        return _offset_area(p)
    if isinstance(p, Rectangle):
        return p.length * p.width
    if isinstance(p, RoundedRectangle):
        return p.length * p.width - (4 - math.pi) * p.radius ** 2
    if isinstance(p, Circle):
        return math.pi * p.diameter ** 2 / 4
    if isinstance(p, Slot):
        return (p.length - p.width) * p.width + math.pi * p.width ** 2 / 4
    if isinstance(p, RegularPolygon):
        r = p.circumradius
        return p.sides / 2 * r * r * math.sin(2 * math.pi / p.sides)
    if isinstance(p, Polygon):
        pts = p.points
        return abs(sum(pts[i][0] * pts[i - 1][1] - pts[i - 1][0] * pts[i][1] for i in range(len(pts)))) / 2
    return None


def profile_extent(p: object) -> tuple[float, float]:
    if isinstance(p, OffsetProfile):
        dx, dy = profile_extent(p.profile)
        return dx + 2 * p.offset, dy + 2 * p.offset
    if isinstance(p, (Rectangle, RoundedRectangle, Slot)):
        return p.length, p.width
    if isinstance(p, Circle):
        return p.diameter, p.diameter
    if isinstance(p, RegularPolygon):
        r = p.circumradius
        xs = [r * math.cos(2 * math.pi * i / p.sides) for i in range(p.sides)]
        ys = [r * math.sin(2 * math.pi * i / p.sides) for i in range(p.sides)]
        return max(xs) - min(xs), max(ys) - min(ys)
    if isinstance(p, Polygon):
        xs, ys = [q[0] for q in p.points], [q[1] for q in p.points]
        return max(xs) - min(xs), max(ys) - min(ys)
    return 0.0, 0.0


_NAN3 = (math.nan, math.nan, math.nan)


def nan_box(volume: float | None = None) -> Est:
    """An estimate whose box is unknown (not checked), with a volume when one is known."""
    return Est(_NAN3, _NAN3, volume)


def _add(a: tuple[float, float, float], b: tuple[float, float, float]) -> tuple[float, float, float]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def _quarter_turn(p: tuple[float, float, float], rotate: tuple[float, float, float]) -> tuple[float, float, float]:
    """``p`` turned by quarter turns about X, then Y, then Z (exact: no trigonometry)."""
    x, y, z = p
    for axis, deg in enumerate(rotate):
        for _ in range(round(deg / 90) % 4):
            x, y, z = ((x, -z, y), (z, y, -x), (-y, x, z))[axis]
    return x, y, z


def placed(e: Est, placement: Placement) -> Est:
    """``e`` moved by a placement. A body turned by quarter turns keeps an exact box (the turned corners of its box);
    any other turn's box is not tracked (unchecked)."""
    if any(placement.rotate):
        if any(r % 90 for r in placement.rotate) or any(math.isnan(v) for v in (*e.lo, *e.hi)):
            return replace(e, lo=_NAN3, hi=_NAN3, kind="other", prismatic=False)
        corners = [_quarter_turn((a, b, c), placement.rotate) for a in (e.lo[0], e.hi[0])
                   for b in (e.lo[1], e.hi[1]) for c in (e.lo[2], e.hi[2])]
        lo = tuple(min(p[i] for p in corners) for i in range(3))
        hi = tuple(max(p[i] for p in corners) for i in range(3))
        kind = e.kind if e.kind in ("box", "sphere", "cylinder") else "other"  # still one, turned: not prismatic
        e = replace(e, lo=lo, hi=hi, kind=kind, prismatic=False)  # type: ignore[arg-type]
    return replace(e, lo=_add(e.lo, placement.at), hi=_add(e.hi, placement.at))


def centered(dx: float, dy: float, z0: float, z1: float, vol: float | None, kind: str, prismatic: bool) -> Est:
    return Est((-dx / 2, -dy / 2, z0), (dx / 2, dy / 2, z1), vol, 0, kind, prismatic)


def estimate(plan: CADPlan) -> dict[str, Est]:
    """Running estimate after each operation (by id): each operation's registry entry (``ai_designer.ops``) says
    how it changes the estimates so far."""
    from ai_designer.ops.registry import spec

    out: dict[str, Est] = {}
    for op in plan.operations:
        out[op.id] = spec(op.op).estimate(op, out, plan)
    return out


def plan_intent(plan: CADPlan) -> Intent:
    est = estimate(plan).get(plan.result_id)
    if est is None:
        return Intent()
    size = est.size
    bbox = None if any(math.isnan(v) for v in size) else tuple(round(v, 6) for v in size)
    vol = round(est.volume, 6) if est.volume is not None and est.volume > 0 else None
    return Intent(bbox=bbox, volume=vol, holes=est.holes or None, notes=list(plan.intent.notes))  # type: ignore[arg-type]
