"""A body stood on a plain block's top (or hung under it) must stand on it.

"a 20 mm boss 10 tall, 5 mm from the left edge" of a 100 mm plate was centred 5 mm in and hung 5 mm over the
edge: the words place the boss's centre, and a boss half off the part is not what they describe. A body no wider
than the face it stands on must lie within that face (flush with a side is fine); one wider than the face is a
stack ("a 40 mm cube on a 20 mm cube") and is not checked. Runs on the finished plan of either planner.

A boss must not stand over a hole or pocket cut before it into the face it stands on: "a disc … with a 10 mm hole 5
deep in the center and a 30 mm hub 10 high on top" sealed the hole under the hub, a void inside the part that every
check passed.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError

__all__ = ["check_footprints"]


def _turned(op: Any) -> bool:
    return any(abs(a) > 1e-9 for a in op.placement.rotate)


def _half(op: Any) -> tuple[float, float] | None:
    """Half the body's footprint (``None``: a body this check does not know)."""
    if getattr(op, "op", "") == "cylinder":
        return op.diameter / 2, op.diameter / 2
    if getattr(op, "op", "") == "box":
        return op.length / 2, op.width / 2
    return None


def _stands_on(base: Any, tool: Any) -> bool:
    """On the base's top face, or hanging under its bottom face."""
    bz, tz = base.placement.at[2], tool.placement.at[2]
    return abs(tz - (bz + base.height)) < 1e-6 or abs(tz + tool.height - bz) < 1e-6


def _boss_on_box(bodies: dict[Any, Any], op: Any) -> None:
    """The slot planner's bosses ("two 20 mm posts 5 mm from each end") on a plain block's top or bottom."""
    base: Any = bodies.get(getattr(op, "target", None))
    for _ in range(len(bodies)):
        if getattr(base, "op", "") not in ("hole", "pocket", "fillet", "chamfer", "boss"):
            break
        base = bodies.get(getattr(base, "target", None))
    prof: Any = getattr(op, "profile", None)
    d = getattr(prof, "diameter", None)
    half = (d / 2, d / 2) if d else (getattr(prof, "length", 0) / 2, getattr(prof, "width", 0) / 2)
    if getattr(base, "op", "") != "box" or _turned(base) or op.face not in ("top", "bottom") or not all(half) \
            or abs(float(getattr(op, "angle", 0.0) or 0.0)) > 1e-9:
        return
    for u, v in op.at.resolve():
        if abs(u) + half[0] > base.length / 2 + 1e-6 or abs(v) + half[1] > base.width / 2 + 1e-6:
            raise PlanError(f"the {op.id} at ({u:g}, {v:g}) hangs over the edge of the {base.length:g} x "
                            f"{base.width:g} face it stands on (a distance from an edge places its centre): give a "
                            "place that keeps it on the face")


_OPPOSITE = {"top": "bottom", "bottom": "top", "left": "right", "right": "left", "front": "back", "back": "front"}
_SAME_BOX = ("hole", "pocket", "fillet", "chamfer")  # features that leave the face frames where they were


def _opening(cut: Any, face: str) -> bool:
    """The hole or pocket opens on ``face``: drilled from it, or through from the face opposite (same u, v frame)."""
    return cut.face == face or (cut.depth is None and _OPPOSITE.get(cut.face) == face)


def _half_extent(cut: Any) -> tuple[float, float]:
    from ai_designer.planning.intent import profile_extent

    if cut.op == "hole":
        d = max(v for v in (cut.diameter, cut.cbore_diameter, cut.csink_diameter) if v is not None)
        return d / 2, d / 2
    du, dv = profile_extent(cut.profile)
    return (max(du, dv) / 2,) * 2 if abs(float(cut.angle or 0.0)) > 1e-9 else (du / 2, dv / 2)


def _boss_over_cut(bodies: dict[Any, Any], op: Any) -> None:
    """A hole or pocket earlier in the boss's chain, opening where the boss stands and under its footprint."""
    prof: Any = op.profile
    bu, bv = _half_extent(op.model_copy(update={"op": "pocket", "profile": prof}))
    cut: Any = bodies.get(op.target)
    for _ in range(len(bodies)):
        if getattr(cut, "op", "") not in _SAME_BOX:
            return
        if cut.op in ("hole", "pocket") and _opening(cut, op.face):
            cu, cv = _half_extent(cut)
            if any(abs(p[0] - q[0]) < bu + cu - 1e-6 and abs(p[1] - q[1]) < bv + cv - 1e-6
                   for p in cut.at.resolve() for q in op.at.resolve()):
                raise PlanError(f"the {op.id} would stand over the {cut.id} cut before it into the {op.face} face, "
                                "closing it: describe the boss first, then the hole or pocket in it")
        cut = bodies.get(cut.target)


def _hole_through_boss(bodies: dict[Any, Any], op: Any) -> None:
    """A hole drilled down a round boss, as wide as the boss or wider, takes the whole boss away ("make the hole 25
    mm" of an 8 mm hole through a Ø20 boss): the part no longer has the boss its plan and intent describe."""
    d = max(v for v in (op.diameter, op.cbore_diameter, op.csink_diameter) if v is not None)
    _hole_down_post(bodies, op, d)
    boss: Any = bodies.get(op.target)
    for _ in range(len(bodies)):
        if getattr(boss, "op", "") not in (*_SAME_BOX, "boss"):
            return
        width = getattr(getattr(boss, "profile", None), "diameter", None) if boss.op == "boss" else None
        if width is not None and d >= width - 1e-6 and (boss.face == op.face or _opening(op, boss.face)) and any(
                abs(p[0] - q[0]) < 1e-6 and abs(p[1] - q[1]) < 1e-6 for p in op.at.resolve() for q in boss.at.resolve()):
            raise PlanError(f"the {d:g} mm {op.id} down the {width:g} mm {boss.id} would take the whole {boss.id} "
                            "away: make the hole narrower than the boss, or the boss wider")
        boss = bodies.get(boss.target)


def _centred_parts(bodies: dict[Any, Any], op: Any) -> list[Any] | None:
    """The upright boxes and cylinders, each centred on the Z axis, that a union (after features) is made of."""
    kind = getattr(op, "op", "")
    if kind in ("box", "cylinder"):
        at = op.placement.at
        return None if _turned(op) or abs(at[0]) > 1e-9 or abs(at[1]) > 1e-9 else [op]
    if kind == "boolean" and op.kind == "union":
        parts = [_centred_parts(bodies, bodies.get(i)) for i in [op.base, *op.tools]]
        return None if any(p is None for p in parts) else [c for p in parts if p for c in p]
    if kind in _SAME_BOX:
        return _centred_parts(bodies, bodies.get(op.target))
    return None


def _hole_down_post(bodies: dict[Any, Any], op: Any, d: float) -> None:
    """The grammar's boss is a cylinder joined on top: a centred hole as wide as it drills it away."""
    at = op.at.resolve()
    if op.face not in ("top", "bottom") or len(at) != 1 or any(abs(v) > 1e-9 for v in at[0]):
        return
    parts = _centred_parts(bodies, bodies.get(op.target)) or []
    for post in parts[1:]:
        z = post.placement.at[2]
        entered = op.depth is None or (z > 1e-9) == (op.face == "top")
        if post.op == "cylinder" and post.diameter <= d + 1e-6 and entered:
            raise PlanError(f"the {d:g} mm {op.id} down the {post.diameter:g} mm {post.id} would take it away: "
                            "make the hole narrower than the boss, or the boss wider")


def check_footprints(ops: list[Any]) -> None:
    bodies: dict[Any, Any] = {getattr(op, "id", None): op for op in ops}
    for op in ops:
        if getattr(op, "op", "") == "boss":
            _boss_on_box(bodies, op)
            _boss_over_cut(bodies, op)
        if getattr(op, "op", "") == "hole":
            _hole_through_boss(bodies, op)
        if getattr(op, "op", "") != "boolean" or op.kind != "union":
            continue
        base: Any = bodies.get(op.base)
        if getattr(base, "op", "") != "box" or _turned(base):
            continue
        tools: list[Any] = [bodies.get(t) for t in op.tools]
        for tool in tools:
            half = _half(tool) if tool is not None else None
            if half is None or _turned(tool) or 2 * half[0] > base.length + 1e-6 or 2 * half[1] > base.width + 1e-6 \
                    or not _stands_on(base, tool):
                continue
            du = abs(tool.placement.at[0] - base.placement.at[0]) + half[0]
            dv = abs(tool.placement.at[1] - base.placement.at[1]) + half[1]
            if du > base.length / 2 + 1e-6 or dv > base.width / 2 + 1e-6:
                raise PlanError(f"the {tool.op} {tool.id} hangs over the edge of the {base.length:g} x {base.width:g} "
                                f"face it stands on (a distance from an edge places its centre): give a place that "
                                "keeps it on the face")
