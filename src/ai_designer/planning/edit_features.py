"""Edits of features the design has: which features a phrase names ("the bore" by its label, "the holes" the
patterned ones) and their sizes ("make the holes 10 mm", "10 mm deep", "change the holes to M6 clearance",
"… M5 tapped", "make the fillets 3", "make the slot 40 long"). A bare number sets a size only where the feature
has one size (a hole's diameter, a fillet's radius); for a slot or pocket the size must be named.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.edit_moves import check_footprint
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.vocab import fold
from ai_designer.schemas.task_graph import Boss, Chamfer, Fillet, Hole, Operation, Pocket, Shell

__all__ = ["FEATURE_OPS", "feature_targets", "get_field", "resize_features"]

FEATURE_OPS: dict[str, tuple[type, ...]] = {
    "hole": (Hole,), "tapped": (Hole,), "counterbore": (Hole,), "countersink": (Hole,),
    "fillet": (Fillet,), "chamfer": (Chamfer,), "pocket": (Pocket,), "cutout": (Pocket,), "slot": (Pocket,),
    "groove": (Pocket,), "boss": (Boss,), "shell": (Shell,),
}
_FEATURE_FIELDS: dict[type, dict[str, str]] = {
    Hole: {"diameter": "diameter", "depth": "depth", "size": "diameter"},
    Fillet: {"radius": "radius", "size": "radius"},
    Chamfer: {"size": "size", "length": "size", "width": "size"},
    Shell: {"wall": "thickness", "thickness": "thickness", "size": "thickness"},
    Pocket: {"depth": "depth", "length": "profile.length", "width": "profile.width", "diameter": "profile.diameter",
             "corner_radius": "profile.radius"},
    Boss: {"height": "height"},
}


# words that name a profile: an edit of sizes cannot make a round hole square
_SHAPE_WORDS = {"square", "rectangular", "round", "circular", "hexagonal", "hex", "oval", "triangular", "octagonal",
                "pentagonal", "obround", "elongated"}
# a feature with one size: a bare number sets it ("make the holes 10 mm", "make the fillets 3")
_ONE_SIZE: dict[type, str] = {Hole: "diameter", Fillet: "radius", Chamfer: "size", Shell: "thickness"}


def get_field(op: Operation, path: str) -> Any:
    obj: Any = op
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _at(op: Operation) -> list[tuple[float, float]]:
    at = getattr(op, "at", None)
    return at.resolve() if at is not None else []


def feature_targets(ctx: Ctx, ph: Phrase, kinds: set[str]) -> list[int]:
    """Indexes of the features the phrase names: by label ("the bore"), else by number ("the holes" -> patterned)."""
    classes = tuple(c for k in kinds for c in FEATURE_OPS.get(k, ()))
    targets = [i for i, op in enumerate(ctx.ops) if isinstance(op, classes)]
    if not targets:
        return targets
    named = {fold(t.text) for t in ph.toks if (t.concept or "").startswith("feat:")}
    # a label that is only the feature's kind ("hole", "holes") names nothing: "make the corner holes 8 mm" had
    # matched both the 'hole' in the centre and the 'holes' at the corners by their labels
    specific = named - set(FEATURE_OPS)
    by_name = [i for i in targets if ctx.ops[i].label and fold(ctx.ops[i].label or "") in specific]
    if by_name:  # "make the bore 12 mm" changes the bore, not the bolt holes
        targets = by_name
    else:  # "the holes" -> the patterned ones, "the hole" -> a single one, when the design has both
        plural = any(t.text.endswith("s") for t in ph.toks if (t.concept or "").startswith("feat:"))
        same = [i for i in targets if (len(_at(ctx.ops[i])) > 1) == plural]
        targets = same or targets
    return _centred(ctx, ph, targets, named)


def _centred(ctx: Ctx, ph: Phrase, targets: list[int], named: set[str]) -> list[int]:
    """"the centre hole", "the bore" (no feature labelled so) name the one feature in the middle: never a pattern
    elsewhere ("make the centre hole 8 mm" on a plate with four corner holes resized the corner holes)."""
    feat = next((k for k, t in enumerate(ph.toks) if (t.concept or "").startswith("feat:")), len(ph.toks))
    said = {t.concept for t in ph.toks[:feat]}  # "the centre hole", "the corner holes"; not "… to the centre"
    if "pos:corners" in said:
        corners = [i for i in targets if len(pts := _at(ctx.ops[i])) == 4
                   and len({(round(abs(u), 6), round(abs(v), 6)) for u, v in pts}) == 1 and all(u and v for u, v in pts)]
        if not corners:
            raise reject(f"'{ph.text}': the design has no holes at its four corners for these words to name")
        return corners
    if not ("pos:center" in said or "bore" in named):
        return targets
    middle = [i for i in targets if all(abs(u) < 1e-6 and abs(v) < 1e-6 for u, v in _at(ctx.ops[i]) or [(0.0, 0.0)])
              and len(_at(ctx.ops[i])) <= 1]
    if not middle:
        word = "bore" if "bore" in named else "centre"
        raise reject(f"'{ph.text}': the design has no single feature in the middle for '{word}' to name "
                     "(its features are elsewhere)")
    return middle


def resize_features(ctx: Ctx, ph: Phrase, targets: list[int], kinds: set[str], notes: list[str]) -> bool:
    if not targets:
        raise reject(f"the current design has no {'/'.join(sorted(kinds))} to change")
    changed = False
    thread = ph.slots.get("thread")
    _check_kind_words(ph, kinds, thread)
    for i in targets:
        op = ctx.ops[i]
        fields = _FEATURE_FIELDS.get(type(op), {})
        updates: dict[str, Any] = {}
        if thread and isinstance(op, Hole):
            updates["diameter"] = _thread_hole(ctx, ph, thread[0].thread or "", tapped="tapped" in kinds)
        for slot, toks in ph.slots.items():
            if slot in fields:
                tok = toks[0]
                value = tok.values[-1] if tok.percent else ctx.mm(tok)[-1]
                ctx.used.add(id(tok))
                if tok.delta:
                    old = get_field(op, fields[slot]) or 0
                    value = old * (1 + tok.delta * value / 100) if tok.percent else old + tok.delta * value
                updates[fields[slot]] = value
        if not updates and ph.free:
            updates.update(_bare_sizes(ctx, op, ph))
        if not updates and kinds & {"countersink", "counterbore"}:
            raise reject(f"'{ph.text}': the {'countersink' if 'countersink' in kinds else 'counterbore'} size is not "
                         "given (say e.g. 'countersink the holes to 11 mm' or 'counterbore the holes 10 mm, 4 deep')")
        if ph.has("mod:through") and isinstance(op, (Hole, Pocket)):
            updates["depth"] = None
        if isinstance(op, Pocket) and (ph.has("mod:along_x") or ph.has("mod:along_y")):
            updates["angle"] = _turned(ctx, op, 90.0 if ph.has("mod:along_y") else 0.0)
        if updates:
            data = op.model_dump()
            for key, value in updates.items():
                if "." in key:
                    head, attr = key.split(".", 1)
                    if attr not in data[head]:
                        raise reject(f"{op.id} has no {attr} to change")
                    data[head][attr] = value
                else:
                    data[key] = value
            ctx.ops[i] = type(op).model_validate(data)
            notes.append(f"{op.id}: " + ", ".join(f"{k} -> {v}" for k, v in updates.items()))
            changed = True
    return changed


def _check_kind_words(ph: Phrase, kinds: set[str], thread: list[Any] | None) -> None:
    """Words a size edit would drop: "make the holes countersunk 12 mm" made 12 mm plain holes (the bare number is
    the holes' one size), "… 5 mm tapped" a plain 5 mm hole, "3 mm larger in radius" 3 mm more diameter."""
    kind = next((k for k in ("countersink", "counterbore") if k in kinds), None)
    if kind and ph.free and not ph.slots:
        raise reject(f"'{ph.text}': is {ph.free[0].text} the hole or the {kind}? (say e.g. "
                     f"'{'countersink the holes to 11 mm' if kind == 'countersink' else 'counterbore the holes 10 mm, 4 deep'}')")
    if "tapped" in kinds and not thread and (ph.free or ph.slots.get("diameter")):
        raise reject(f"'{ph.text}': a tapped hole is sized by its thread (e.g. 'make the holes M5 tapped', modelled as "
                     "the tap drill)")
    if ph.mentions("dim:radius") and ph.slots.get("diameter") and not ph.slots.get("radius"):
        raise reject(f"'{ph.text}': the size was read as a diameter but a radius is said — give the new diameter "
                     "(e.g. 'make the holes 12 mm')")


def _thread_hole(ctx: Ctx, ph: Phrase, name: str, tapped: bool) -> float:
    """"change the holes to M6 clearance" (ISO 273, medium unless "fine"/"coarse"), "… M5 tapped" (tap drill)."""
    if tapped:
        d = ctx.vocab.standard("tap_drill", name)
        if d is None:
            raise PlanError(f"no tap drill size known for {name}")
        ctx.assume(f"{name} tapped: modelled as a {d:g} mm tap-drill hole (thread not modelled)")
        return float(d)
    fits = ctx.vocab.standard("clearance", name)
    if fits is None:
        raise PlanError(f"no ISO 273 clearance size known for {name}")
    fit = next((f for f in ("fine", "coarse") if ph.has(f"mod:{f}")), "medium")
    d = fits[{"fine": 0, "medium": 1, "coarse": 2}[fit]]
    ctx.assume(f"{name} clearance: {d:g} mm (ISO 273 {fit})")
    return float(d)


def _turned(ctx: Ctx, op: Pocket, angle: float) -> float:
    """"make the slot run along the width": a slot or pocket turned to lie along Y (90 deg) or X (0 deg)."""
    if not hasattr(op.profile, "length") or len(op.at.resolve()) != 1:
        raise reject(f"{op.id}: only a single slot or rectangular pocket can be turned along X or Y")
    check_footprint(ctx, op.model_copy(update={"angle": angle}))
    return angle


def _bare_sizes(ctx: Ctx, op: Operation, ph: Phrase) -> dict[str, float]:
    """Numbers with no size named: "make the holes 10 mm" (a one-size feature), "make the pocket 50 x 40" (a
    rectangular pocket or slot: length x width [x depth]). A shape word ("make the hole square, 10 mm") names a
    profile an edit does not change: refused."""
    shapes = {t.text for t in ph.toks} & _SHAPE_WORDS
    if shapes:
        raise reject(f"'{ph.text}': an edit changes sizes, not the shape of {op.id} ('{sorted(shapes)[0]}') — "
                     "describe the part again with the new feature")
    multi = [t for t in ph.free if len(t.values) > 1 and t.unit != "angle"]
    if isinstance(op, Pocket) and len(multi) == 1 == len(ph.free) and hasattr(op.profile, "length"):
        values = ctx.mm(multi[0])
        if len(values) > 3:  # "make the pocket 70 x 40 x 5 x 2": the fourth size was dropped
            raise reject(f"'{ph.text}': {len(values)} sizes for a pocket of three (length x width x depth)")
        names = ["profile.length", "profile.width", "depth"][: len(values)]
        return dict(zip(names, values, strict=False))
    return {_one_size(op, ph): ctx.free_flat(ph)[0]}


def _one_size(op: Operation, ph: Phrase) -> str:
    """The field a bare number sets ("make the holes 10 mm"): only a feature with one size has one."""
    key = _ONE_SIZE.get(type(op))
    if key is None or len(ph.free) != 1 or ph.free[0].unit == "angle" or len(ph.free[0].values) != 1:
        raise reject(f"'{ph.text}': which size of {op.id} is that? (e.g. '30 mm long', '10 mm wide', '5 mm deep')")
    return key
