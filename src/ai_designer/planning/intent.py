"""What a plan should build, computed from the plan by formula: bounding box, volume (only when exact), hole count.

The planner uses the running bounds to place features on faces; the finished figures become ``plan.intent``, which
the validator checks against the solid FreeCAD built. Volume is ``None`` whenever a formula would be a guess (fillets
meeting at corners, features that overlap, gears): a wrong target is worse than none.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ai_designer.schemas.task_graph import (
    Boolean,
    Boss,
    CADPlan,
    Chamfer,
    Circle,
    Fillet,
    Hole,
    Intent,
    OffsetProfile,
    Outline,
    Placement,
    Pocket,
    Polygon,
    Rectangle,
    RegularPolygon,
    Revolve,
    RoundedRectangle,
    Shell,
    Slot,
)

__all__ = ["Est", "estimate", "plan_intent", "profile_area", "profile_extent", "nan_box", "centered", "pappus",
           "cut_estimate", "boss_estimate", "edge_feature_estimate", "shell_estimate", "boolean_estimate", "placed"]

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


def placed(e: Est, placement: Placement) -> Est:
    """``e`` moved by a placement; a turned body's box is not tracked (unchecked)."""
    if any(placement.rotate):
        return replace(e, lo=_NAN3, hi=_NAN3, kind="other", prismatic=False)
    return replace(e, lo=_add(e.lo, placement.at), hi=_add(e.hi, placement.at))


def centered(dx: float, dy: float, z0: float, z1: float, vol: float | None, kind: str, prismatic: bool) -> Est:
    return Est((-dx / 2, -dy / 2, z0), (dx / 2, dy / 2, z1), vol, 0, kind, prismatic)


def pappus(op: Revolve) -> float | None:
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


def _positions(op: Hole | Pocket | Boss) -> list[tuple[float, float]]:
    return op.at.resolve()


def _inside(t: Est, face: str, pts: list[tuple[float, float]], du: float, dv: float) -> bool:
    su, sv = t.face_size(face)
    return all(abs(u) + du / 2 <= su / 2 + 1e-6 and abs(v) + dv / 2 <= sv / 2 + 1e-6 for u, v in pts)


def _disjoint(pts: list[tuple[float, float]], size: float) -> bool:
    return all(math.dist(a, b) >= size - 1e-9 for i, a in enumerate(pts) for b in pts[i + 1:])


def cut_estimate(t: Est, op: Hole | Pocket) -> Est:
    pts = _positions(op)
    if isinstance(op, Pocket) and isinstance(op.profile, Outline):  # the target's outline: the box stays, volume unknown
        return replace(t, volume=None, prismatic=False, cut_axis=_AXIS[op.face])
    area: float | None
    if isinstance(op, Hole):
        area = math.pi * op.diameter ** 2 / 4
        du = dv = op.diameter
        extra = 0.0
        if op.kind == "counterbore" and op.cbore_diameter and op.cbore_depth:
            extra = math.pi / 4 * (op.cbore_diameter ** 2 - op.diameter ** 2) * op.cbore_depth
            du = dv = op.cbore_diameter
        elif op.kind == "countersink" and op.csink_diameter:
            h = (op.csink_diameter - op.diameter) / 2 / math.tan(math.radians(op.csink_angle / 2))
            r1, r2 = op.csink_diameter / 2, op.diameter / 2
            extra = math.pi * h / 3 * (r1 * r1 + r1 * r2 + r2 * r2) - math.pi * r2 * r2 * h
            du = dv = op.csink_diameter
        # a counterbore/countersink over an existing hole of the same diameter enlarges it: no new hole
        same = [(a, b) for a, b, r in t.marks if op.kind != "simple" and abs(r - op.diameter / math.sqrt(2)) < 1e-6]
        holes = t.holes + sum(1 for p in pts if not any(math.dist(p, k) < 1e-6 for k in same))
    else:
        area = profile_area(op.profile)
        du, dv = profile_extent(op.profile)
        if op.angle % 180:
            du, dv = dv, du
        extra, holes = 0.0, t.holes
    full = t.thickness(op.face)
    depth = full if op.depth is None else min(op.depth, full)
    reach = math.hypot(du, dv) / 2
    new_marks = tuple((u, v, reach) for u, v in pts)
    clear = all(math.dist((u, v), (a, b)) >= reach + r - 1e-9 for u, v in pts for a, b, r in t.marks)
    if isinstance(op, Pocket) and (du >= t.face_size(op.face)[0] - 1e-6 or dv >= t.face_size(op.face)[1] - 1e-6):
        ok = t.kind == "box" and t.prismatic and area is not None and len(pts) == 1 and clear
        removed = (min(du, t.face_size(op.face)[0]) * min(dv, t.face_size(op.face)[1]) * depth) if ok else None
        return replace(t, volume=None if removed is None or t.volume is None else t.volume - removed,
                       prismatic=False, kind=t.kind, marks=t.marks + new_marks, cut_axis=_AXIS[op.face])
    ok = (t.volume is not None and area is not None and t.prismatic and _inside(t, op.face, pts, du, dv)
          and t.cut_axis in (-1, _AXIS[op.face]) and clear
          and _disjoint(pts, max(du, dv)) and (t.kind == "box" or _AXIS[op.face] == 2))
    removed = len(pts) * (area * depth + extra) if ok and area is not None else None
    through = op.depth is None or op.depth >= full
    if through and t.kind in ("sphere", "curved") and any(math.hypot(u, v) < du / 2 for u, v in pts):
        t = _through_pole(t, _AXIS[op.face], pts, du / 2, isinstance(op, Hole) and op.kind == "simple")
    return replace(t, volume=t.volume - removed if removed is not None and t.volume is not None else None,
                   holes=holes, prismatic=t.prismatic and through and isinstance(op, Hole) and op.kind == "simple",
                   cut_axis=_AXIS[op.face], marks=t.marks + new_marks)


def _through_pole(t: Est, axis: int, pts: list[tuple[float, float]], r: float, round_hole: bool) -> Est:
    """A through cut over a round body's pole shortens it along the cut: exactly ``2 sqrt(R^2 - r^2)`` for one
    centred hole in a sphere (a napkin ring), unknown (unchecked) otherwise."""
    lo, hi = list(t.lo), list(t.hi)
    big = t.size[axis] / 2
    if round_hole and t.kind == "sphere" and len(pts) == 1 and math.hypot(*pts[0]) < 1e-9 and r < big:
        mid, half = (lo[axis] + hi[axis]) / 2, math.sqrt(big * big - r * r)
        lo[axis], hi[axis] = mid - half, mid + half
    else:
        lo[axis] = hi[axis] = math.nan
    return replace(t, lo=tuple(lo), hi=tuple(hi))  # type: ignore[arg-type]


def boss_estimate(t: Est, op: Boss) -> Est:
    pts = _positions(op)
    if isinstance(op.profile, Outline):
        lo, hi = list(t.lo), list(t.hi)
        grow = max(op.profile.offset, 0.0)
        u_ax, v_ax = _UV[op.face]
        for k in (u_ax, v_ax):
            lo[k], hi[k] = lo[k] - grow, hi[k] + grow
        if op.face in ("top", "back", "right"):
            hi[_AXIS[op.face]] += op.height
        else:
            lo[_AXIS[op.face]] -= op.height
        return Est(tuple(lo), tuple(hi), None, t.holes, "other", False)  # type: ignore[arg-type]
    du, dv = profile_extent(op.profile)
    if op.angle % 180:
        du, dv = dv, du
    area = profile_area(op.profile)
    ax = _AXIS[op.face]
    lo, hi = list(t.lo), list(t.hi)
    u_ax, v_ax = _UV[op.face]
    cu, cv = (t.lo[u_ax] + t.hi[u_ax]) / 2, (t.lo[v_ax] + t.hi[v_ax]) / 2
    for u, v in pts:
        lo[u_ax], hi[u_ax] = min(lo[u_ax], cu + u - du / 2), max(hi[u_ax], cu + u + du / 2)
        lo[v_ax], hi[v_ax] = min(lo[v_ax], cv + v - dv / 2), max(hi[v_ax], cv + v + dv / 2)
    if op.face in ("top", "back", "right"):
        hi[ax] += op.height
    else:
        lo[ax] -= op.height
    ok = t.volume is not None and area is not None and _inside(t, op.face, pts, du, dv) and _disjoint(pts, max(du, dv))
    vol = t.volume + len(pts) * area * op.height if ok else None  # type: ignore[operator]
    return Est(tuple(lo), tuple(hi), vol, t.holes, "other", False)  # type: ignore[arg-type]


def edge_feature_estimate(t: Est, op: Fillet | Chamfer, box: tuple[float, float, float] | None) -> Est:
    r = op.radius if isinstance(op, Fillet) else op.size
    vol = None
    if box is not None and t.volume is not None and op.at_z is None:
        L, W, H = box
        shave = (4 - math.pi) * r * r if isinstance(op, Fillet) else 2 * r * r
        if op.edges == "vertical":
            vol = t.volume - shave * H
        elif op.edges == "all" and isinstance(op, Fillet) and abs(t.volume - L * W * H) < 1e-6:
            a, b, c = L - 2 * r, W - 2 * r, H - 2 * r
            vol = a * b * c + 2 * r * (a * b + b * c + c * a) + math.pi * r * r * (a + b + c) + 4 / 3 * math.pi * r ** 3
    return replace(t, volume=vol, prismatic=False)


def shell_estimate(t: Est, op: Shell, box: tuple[float, float, float] | None) -> Est:
    vol = None
    if box is not None and t.volume is not None and abs(t.volume - box[0] * box[1] * box[2]) < 1e-6:
        L, W, H = box
        k = op.thickness
        open_z = sum(1 for f in op.open_faces if f in ("top", "bottom"))
        open_y = sum(1 for f in op.open_faces if f in ("front", "back"))
        open_x = sum(1 for f in op.open_faces if f in ("left", "right"))
        vol = L * W * H - (L - (2 - open_x) * k) * (W - (2 - open_y) * k) * (H - (2 - open_z) * k)
    return replace(t, volume=vol, prismatic=False)


def estimate(plan: CADPlan) -> dict[str, Est]:
    """Running estimate after each operation (by id): each operation's registry entry (``ai_designer.ops``) says
    how it changes the estimates so far."""
    from ai_designer.ops.registry import spec

    out: dict[str, Est] = {}
    for op in plan.operations:
        out[op.id] = spec(op.op).estimate(op, out, plan)
    return out


def boolean_estimate(op: Boolean, out: dict[str, Est]) -> Est:
    parts = [out[op.base], *(out[t] for t in op.tools)]
    base = parts[0]
    if op.kind == "intersect":  # the common part lies in every body's box
        lo3 = (max(p.lo[0] for p in parts), max(p.lo[1] for p in parts), max(p.lo[2] for p in parts))
        hi3 = (min(p.hi[0] for p in parts), min(p.hi[1] for p in parts), min(p.hi[2] for p in parts))
        return replace(base, lo=lo3, hi=hi3, volume=None, kind="other", prismatic=False)
    if op.kind != "union":
        return replace(base, volume=None, kind="other", prismatic=False)
    lo = tuple(min(p.lo[i] for p in parts) for i in range(3))
    hi = tuple(max(p.hi[i] for p in parts) for i in range(3))
    vol = None
    if all(p.volume is not None for p in parts) and _touching_only(parts):
        vol = sum(p.volume for p in parts)  # type: ignore[misc]
    return Est(lo, hi, vol, sum(p.holes for p in parts), "other", False)  # type: ignore[arg-type]


def _touching_only(parts: list[Est]) -> bool:
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            overlap = [min(a.hi[k], b.hi[k]) - max(a.lo[k], b.lo[k]) for k in range(3)]
            if all(o > 1e-6 for o in overlap):
                return False
    return True


def plan_intent(plan: CADPlan) -> Intent:
    est = estimate(plan).get(plan.result_id)
    if est is None:
        return Intent()
    size = est.size
    bbox = None if any(math.isnan(v) for v in size) else tuple(round(v, 6) for v in size)
    vol = round(est.volume, 6) if est.volume is not None and est.volume > 0 else None
    return Intent(bbox=bbox, volume=vol, holes=est.holes or None, notes=list(plan.intent.notes))  # type: ignore[arg-type]
