"""Edits that move or scale what exists: "move the hole 10 mm to the left", "scale it by 2" / "by 150 %",
"set the wall thickness to 3" on a tray. Each works on ``ctx.ops`` (copies of the session's plan)."""

from __future__ import annotations

import math
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

__all__ = ["check_footprint", "move_features", "resize_bracket", "rotate_features", "scale_by", "scale_plan", "tray_floor", "tray_walls"]

_FEATURES = {"hole": (Hole,), "tapped": (Hole,), "counterbore": (Hole,), "countersink": (Hole,), "pocket": (Pocket,),
             "cutout": (Pocket,), "slot": (Pocket,), "groove": (Pocket,), "boss": (Boss,)}
_DIRS = {"top": {"right": (1, 0), "left": (-1, 0), "back": (0, 1), "front": (0, -1), "top": (0, 1), "bottom": (0, -1)}}
# fields that are not lengths: never scaled
_NOT_LENGTH = {"count", "count_x", "count_y", "sides", "teeth", "angle", "start_angle", "sweep", "csink_angle",
               "pressure_angle", "rotate", "taper", "version", "volume_tolerance", "bbox_tolerance", "solids", "holes"}


def move_features(ctx: Ctx, ph: Phrase, feats: set[str], targets: list[int], notes: list[str]) -> bool:
    """Shift the features at ``targets`` (the ones the phrase names: "the holes" on a flange are the bolt holes, not
    the bore) by the stated distance."""
    classes = tuple(c for k in feats for c in _FEATURES.get(k, ()))
    if not classes:
        raise reject(f"move what? ('{ph.text}') — say e.g. 'move the hole 10 mm to the left'")
    du = dv = 0.0
    for side, (su, sv) in _DIRS["top"].items():
        d = ctx.slot(ph, f"to_{side}")
        if d is not None:
            du, dv = du + su * d, dv + sv * d
    faces = [f for f in ph.family("face") if f in _DIRS["top"] and f not in ("top", "bottom")]
    lengths = [t for t in ph.free if t.unit != "angle" and len(t.values) == 1]
    if du == 0 and dv == 0 and ph.has("edit:toward") and len(faces) == 1 and len(lengths) == 1 == len(ph.free):
        d = ctx.mm(lengths[0])[-1]  # "move the slot 15 mm towards the right end"
        du, dv = _DIRS["top"][faces[0]][0] * d, _DIRS["top"][faces[0]][1] * d
    if du == 0 and dv == 0:
        raise reject(f"say how far and which way to move it ('{ph.text}'), e.g. '10 mm to the left'")
    moved = 0
    for i in targets:
        op = ctx.ops[i]
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
            v, words = t.values[0], ph.text.split()
            if "percent" in words and ("up" in words or "down" in words):  # "scale it up by 10 %": 1.1, not 0.1
                return 1 + v / 100 if "up" in words else 1 - v / 100
            if "down" in words:
                raise reject(f"'{ph.text}': scaled down by {v:g} — say the factor (e.g. 'scale it by 0.5') or a "
                             "percentage")
            return v / 100 if "percent" in words or v > 10 else v
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
    if ph.slots["wall"][0].delta:  # "make the walls 2 mm thicker"
        wall = (base.length - cavity.profile.length) / 2 + ph.slots["wall"][0].delta * wall
    L, W = base.length - 2 * wall, base.width - 2 * wall
    if L <= 0 or W <= 0:
        raise PlanError(f"{wall:g} mm walls leave no room inside {base.length:g} x {base.width:g} mm")
    prof = cavity.profile.model_copy(update={"length": L, "width": W})
    i = ctx.ops.index(cavity)
    ctx.ops[i] = cavity.model_copy(update={"profile": prof})
    floor = f" (the floor stays {base.height - cavity.depth:g} mm)" if cavity.depth is not None else ""
    notes.append(f"{cavity.id}: walls {wall:g} mm{floor}")  # the floor, once taken equal to the walls, is not changed
    return True


def rotate_features(ctx: Ctx, ph: Phrase, feats: set[str], notes: list[str]) -> bool:
    """"rotate the slot 90 degrees": a single slot, pocket or boss turns about its own centre (on its face)."""
    classes = tuple(c for k in feats for c in _FEATURES.get(k, ()) if c is not Hole)
    angles = [t for t in ph.free if t.unit == "angle"]
    if not classes or len(angles) != 1 or len(ph.free) != 1:
        raise reject(f"'{ph.text}': say which slot, pocket or boss to rotate and by how many degrees "
                     "(e.g. 'rotate the slot 90 degrees')")
    turned = 0
    for i, op in enumerate(ctx.ops):
        if isinstance(op, (Pocket, Boss)) and isinstance(op, classes):
            if len(op.at.resolve()) != 1:
                raise reject(f"'{ph.text}': {op.id} is a pattern; turning each copy or the whole pattern are two "
                             "different parts — describe the new positions")
            ctx.ops[i] = op.model_copy(update={"angle": (op.angle + angles[0].values[0]) % 360})
            check_footprint(ctx, ctx.ops[i])
            notes.append(f"{op.id}: turned by {angles[0].values[0]:g} deg")
            turned += 1
    if not turned:
        raise reject(f"the design has no {'/'.join(sorted(feats))} to rotate")
    return True


def check_footprint(ctx: Ctx, op: Pocket | Boss) -> None:
    """A turned feature must still fit on its face: its rotated extent inside the base box's outline."""
    base = ctx.ops[0]
    prof = op.profile
    length = getattr(prof, "length", None) or getattr(prof, "diameter", None)
    width = getattr(prof, "width", None) or length
    if not isinstance(base, Box) or op.face not in ("top", "bottom") or length is None or width is None:
        raise reject(f"{op.id}: turning it is only offered for a slot or pocket on the top of a block")
    a = math.radians(op.angle)
    du = abs(length * math.cos(a)) / 2 + abs(width * math.sin(a)) / 2
    dv = abs(length * math.sin(a)) / 2 + abs(width * math.cos(a)) / 2
    (u, v), = op.at.resolve()
    if abs(u) + du > base.length / 2 or abs(v) + dv > base.width / 2:
        raise PlanError(f"{op.id} turned by {op.angle:g} deg runs off the {base.length:g} x {base.width:g} mm face")


def _bracket(ops: list[Any]) -> tuple[Box, Box] | None:
    """The two legs of an L-bracket with nothing else on it (features on a leg would have to move with it)."""
    if len(ops) == 3 and isinstance(ops[0], Box) and isinstance(ops[1], Box) and ops[0].id.startswith("base_leg") \
            and ops[1].id.startswith("upright_leg") and getattr(ops[2], "kind", None) == "union":
        return ops[0], ops[1]
    return None


_UPRIGHT = {"upright", "vertical", "upstanding", "standing", "side"}
_LYING = {"base", "horizontal", "bottom", "flat", "lower", "lying"}


def _legs(ph: Phrase, slot: str) -> list[str]:
    """Which overall size a leg's length is: "the upright leg 50 long" -> height, "the base leg" -> length,
    "the legs 50 mm long" -> both; "the leg" alone names neither."""
    words = {w for t in ph.toks for w in t.text.split()}
    if not (ph.has("dim:leg") or ph.has("mod:in_each_leg") or words & {"leg", "legs"}) \
            or slot not in ("length", "height"):
        return [slot]
    up, lying = bool(words & _UPRIGHT), bool(words & _LYING)
    if up != lying:
        return ["height" if up else "length"]
    if words & {"legs", "both", "each"} and not up:
        return ["length", "height"]
    raise reject(f"'{ph.text}': which leg? (say 'the upright leg', 'the base leg' or 'both legs')")


def resize_bracket(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool | None:
    """"make it 8 mm thick", "make the bracket 50 mm wide", "make it 80 long": both legs follow (None: not a bare
    L-bracket)."""
    legs = _bracket(ctx.ops)
    if legs is None:
        return None
    base, up = legs
    size = {"length": base.length, "height": base.height + up.height, "width": base.width, "thickness": base.height}
    for slot, toks in ph.slots.items():
        if slot not in size or len(toks) != 1:
            raise reject(f"'{ph.text}': an L-bracket's sizes are its length, height, width and thickness")
        value = ctx.mm(toks[0])[-1]
        for name in _legs(ph, slot):
            size[name] = size[name] + toks[0].delta * value if toks[0].delta else value
    L, H, w, t = size["length"], size["height"], size["width"], size["thickness"]
    if t >= min(L, H):
        raise PlanError(f"bracket thickness {t:g} mm must be less than its legs ({L:g}, {H:g} mm)")
    ctx.ops[0] = base.model_copy(update={"length": L, "width": w, "height": t})
    ctx.ops[1] = up.model_copy(update={"length": t, "width": w, "height": H - t,
                                       "placement": up.placement.model_copy(update={"at": (-L / 2 + t / 2, 0, t)})})
    notes.append(f"L-bracket: legs {L:g} and {H:g} mm, {w:g} mm wide, {t:g} mm thick")
    return True


def tray_floor(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    """"make the floor 5 mm thick": a tray's cavity gets shallower, the outside stays (False: not a tray)."""
    base = ctx.ops[0]
    cavity = next((op for op in ctx.ops if isinstance(op, Pocket) and op.target == base.id
                   and op.id.startswith("cavity") and op.depth), None)
    height = getattr(base, "height", None)
    if cavity is None or height is None:
        return False
    floor = ctx.slot(ph, "floor")
    assert floor is not None
    if floor >= height:
        raise PlanError(f"a {floor:g} mm floor leaves no cavity in a {height:g} mm tall tray")
    ctx.ops[ctx.ops.index(cavity)] = cavity.model_copy(update={"depth": height - floor})
    notes.append(f"{cavity.id}: floor {floor:g} mm")
    return True
