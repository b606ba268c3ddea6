"""Edits that move or scale what exists: "move the hole 10 mm to the left", "scale it by 2" / "by 150 %",
"set the wall thickness to 3" on a tray. Each works on ``ctx.ops`` (copies of the session's plan)."""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import (
    Boss,
    Box,
    GridPattern,
    Hole,
    LinearPattern,
    Pocket,
    Points,
    PolarPattern,
)

__all__ = ["move_features", "scale_by", "scale_plan", "tray_walls"]

_FEATURES = {"hole": (Hole,), "tapped": (Hole,), "counterbore": (Hole,), "countersink": (Hole,), "pocket": (Pocket,),
             "cutout": (Pocket,), "slot": (Pocket,), "groove": (Pocket,), "boss": (Boss,)}
_DIRS = {"top": {"right": (1, 0), "left": (-1, 0), "back": (0, 1), "front": (0, -1), "top": (0, 1), "bottom": (0, -1)}}
# fields that are not lengths: never scaled
_NOT_LENGTH = {"count", "count_x", "count_y", "sides", "teeth", "angle", "start_angle", "sweep", "csink_angle",
               "pressure_angle", "rotate", "taper", "version", "volume_tolerance", "bbox_tolerance", "solids", "holes"}


def move_features(ctx: Ctx, ph: Phrase, feats: set[str], notes: list[str]) -> bool:
    classes = tuple(c for k in feats for c in _FEATURES.get(k, ()))
    if not classes:
        raise reject(f"move what? ('{ph.text}') — say e.g. 'move the hole 10 mm to the left'")
    du = dv = 0.0
    for side, (su, sv) in _DIRS["top"].items():
        d = ctx.slot(ph, f"to_{side}")
        if d is not None:
            du, dv = du + su * d, dv + sv * d
    if du == 0 and dv == 0:
        raise reject(f"say how far and which way to move it ('{ph.text}'), e.g. '10 mm to the left'")
    moved = 0
    for i, op in enumerate(ctx.ops):
        if isinstance(op, classes) and op.face in ("top", "bottom"):
            ctx.ops[i] = op.model_copy(update={"at": _shift(op.at, du, dv)})
            notes.append(f"{op.id}: moved by ({du:g}, {dv:g}) mm")
            moved += 1
    if not moved:
        raise reject(f"the design has no {'/'.join(sorted(feats))} on the top face to move")
    return True


def _shift(at: Any, du: float, dv: float) -> Any:
    if isinstance(at, Points):
        return Points(points=[(u + du, v + dv) for u, v in at.points])
    if isinstance(at, LinearPattern) and at.start is not None:
        return at.model_copy(update={"start": (at.start[0] + du, at.start[1] + dv)})
    if isinstance(at, (LinearPattern, PolarPattern, GridPattern)):
        return at.model_copy(update={"center": (at.center[0] + du, at.center[1] + dv)})
    return at


def _factor(ctx: Ctx, ph: Phrase) -> float:
    if ph.has("mod:twice"):
        return 2.0
    if ph.has("mod:half"):
        return 0.5
    for t in ph.free + ph.slots.get("scale", []):
        if t.unit is None and len(t.values) == 1:
            ctx.used.add(id(t))
            v = t.values[0]
            return v / 100 if "percent" in ph.text.split() or v > 10 else v
    raise reject(f"scale by how much? ('{ph.text}') — say e.g. 'scale it by 2' or 'by 150 %'")


def _scaled(data: Any, k: float, key: str = "") -> Any:
    if isinstance(data, dict):
        return {n: (v if n in _NOT_LENGTH else _scaled(v, k, n)) for n, v in data.items()}
    if isinstance(data, list):
        return [_scaled(v, k, key) for v in data]
    if isinstance(data, tuple):
        return tuple(_scaled(v, k, key) for v in data)
    if isinstance(data, float) or (isinstance(data, int) and not isinstance(data, bool) and key not in ("teeth",)):
        return data * k
    return data


def scale_plan(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    return scale_by(ctx, _factor(ctx, ph), notes)


def scale_by(ctx: Ctx, k: float, notes: list[str]) -> bool:
    """Every length of the plan times ``k`` (holes and positions too: the part is the same shape, larger)."""
    if not 0 < k <= 100:
        raise PlanError(f"a scale factor of {k:g} is not usable")
    ctx.ops = [type(op).model_validate(_scaled(op.model_dump(), k)) for op in ctx.ops]
    notes.append(f"scaled every size by {k:g}")
    return True


def tray_walls(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    """Trays are a box with a pocket: new walls keep the outside size and the floor."""
    base = ctx.ops[0]
    cavity = next((op for op in ctx.ops if isinstance(op, Pocket) and op.target == base.id), None)
    if not isinstance(base, Box) or cavity is None or not hasattr(cavity.profile, "length"):
        return False
    wall = ctx.slot(ph, "wall")
    assert wall is not None
    L, W = base.length - 2 * wall, base.width - 2 * wall
    if L <= 0 or W <= 0:
        raise PlanError(f"{wall:g} mm walls leave no room inside {base.length:g} x {base.width:g} mm")
    prof = cavity.profile.model_copy(update={"length": L, "width": W})
    i = ctx.ops.index(cavity)
    ctx.ops[i] = cavity.model_copy(update={"profile": prof})
    notes.append(f"{cavity.id}: walls {wall:g} mm")
    return True
