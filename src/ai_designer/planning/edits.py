"""Edits of the session's current plan: "make it 10 mm thick", "change the holes to M6 clearance",
"remove the fillets", "add a 6 mm hole in the center". Returns a modified copy; the original is never touched.

Resizing the base keeps features where a machinist would: corner holes stay the same distance from the edges.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.assemble import finish
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.edit_moves import move_features, scale_by, scale_plan
from ai_designer.planning.edit_moves import tray_walls as _tray_walls
from ai_designer.planning.edit_patterns import is_pattern_edit, pattern_edit
from ai_designer.planning.features import build_feature
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.vocab import Vocab, fold
from ai_designer.schemas.task_graph import (
    PRIMITIVE_OPS,
    Boolean,
    Boss,
    Box,
    CADPlan,
    Chamfer,
    Cone,
    Cylinder,
    Extrude,
    Fillet,
    GridPattern,
    Hole,
    Operation,
    Pocket,
    Prism,
    Shell,
    Sphere,
    SpurGear,
    Tube,
)

__all__ = ["is_edit", "apply_edit", "edit_phrase"]

_FEATURE_OPS: dict[str, tuple[type, ...]] = {
    "hole": (Hole,), "tapped": (Hole,), "counterbore": (Hole,), "countersink": (Hole,),
    "fillet": (Fillet,), "chamfer": (Chamfer,), "pocket": (Pocket,), "cutout": (Pocket,), "slot": (Pocket,),
    "groove": (Pocket,), "boss": (Boss,), "shell": (Shell,),
}
# named dimension -> field of the base body, per body type
_BASE_FIELDS: dict[type, dict[str, str]] = {
    Box: {"length": "length", "width": "width", "height": "height", "thickness": "height", "depth": "height"},
    Cylinder: {"diameter": "diameter", "od": "diameter", "height": "height", "thickness": "height", "length": "height"},
    Tube: {"od": "outer_diameter", "diameter": "outer_diameter", "id": "inner_diameter", "height": "height",
           "length": "height", "thickness": "height"},
    Extrude: {"height": "height", "thickness": "height", "length": "profile.length", "width": "profile.width"},
    Prism: {"height": "height", "thickness": "height", "af": "across_flats", "length": "height"},
    Sphere: {"diameter": "diameter", "size": "diameter"},
    Cone: {"height": "height", "diameter": "bottom_diameter"},
    SpurGear: {"face_width": "face_width", "thickness": "face_width", "module": "module", "teeth": "teeth"},
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


# a feature with one size: a bare number sets it ("make the holes 10 mm", "make the fillets 3")
_ONE_SIZE: dict[type, str] = {Hole: "diameter", Fillet: "radius", Chamfer: "size", Shell: "thickness"}
# verbs that name the size they change ("lengthen the slot to 40 mm")
_VERB_DIMS = {"lengthen": "length", "shorten": "length", "widen": "width", "narrow": "width", "thicken": "thickness",
              "deepen": "depth"}


def is_edit(phrases: list[Phrase]) -> bool:
    """An edit unless the prompt describes a new body on its own ("make a 40 mm sphere" replaces the design;
    "put a 20 mm cylinder on top" adds to it)."""
    return not any(p.head and p.head.startswith("shape:") and not p.rel for p in phrases)


def _base(ops: list[Operation]) -> Operation:
    return ops[0]


def _remove(ops: list[Operation], kinds: set[str], result: str | None) -> tuple[list[Operation], str | None, int]:
    classes = tuple(c for k in kinds for c in _FEATURE_OPS.get(k, ()))
    removed = 0
    out: list[Operation] = []
    remap: dict[str, str] = {}
    for op in ops:
        op = op.model_copy(deep=True)
        tgt = getattr(op, "target", None)
        if tgt in remap:
            op.target = remap[tgt]  # type: ignore[union-attr]
        if classes and isinstance(op, classes) and tgt is not None:
            remap[op.id] = op.target  # type: ignore[union-attr]
            removed += 1
            continue
        out.append(op)
    if result in remap:
        result = remap[result]
    return out, result, removed


def _set(op: Operation, path: str, value: float) -> Operation:
    if "." in path:
        head, attr = path.split(".", 1)
        sub = getattr(op, head).model_copy(update={attr: value})
        data = op.model_dump()
        data[head] = sub.model_dump()
        return type(op).model_validate(data)
    data = op.model_dump()
    data[path] = int(value) if path == "teeth" else value
    return type(op).model_validate(data)


def _factor(ph: Phrase) -> float | None:
    if ph.has("mod:twice"):
        return 2.0
    if ph.has("mod:half"):
        return 0.5
    return None


def _from_face(ph: Phrase) -> None:
    """"5 mm shorter from the top": a size changed from the top or bottom is the height (the part rests on z = 0);
    from a side the features would move with that end, which is not offered."""
    faces = set(ph.family("face"))
    if not faces or not ph.slots:
        return
    if faces - {"top", "bottom"}:
        raise reject(f"'{ph.text}': changing the size from one side moves what is on that end — give the new size "
                     "(e.g. 'make it 95 mm long')")
    if list(ph.slots) == ["length"]:
        ph.slots["height"] = ph.slots.pop("length")


def _one_body(ctx: Ctx, ph: Phrase) -> None:
    """Sizes of a part made of several bodies (an L-bracket's legs, a stack) are not one field: refuse."""
    bodies = [op for op in ctx.ops if op.op in PRIMITIVE_OPS]
    if len(bodies) > 1 or any(isinstance(op, Boolean) for op in ctx.ops):
        raise reject(f"'{ph.text}': the part is made of {len(bodies)} bodies, and which of them this size belongs to "
                     "is not known offline — describe the part again with the new size")


def _resize_base(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    _from_face(ph)
    _one_body(ctx, ph)
    base = _base(ctx.ops)
    fields = _BASE_FIELDS.get(type(base), {})
    changed = False
    factor = _factor(ph)
    for slot, toks in list(ph.slots.items()):
        if slot in fields and toks:
            tok = toks[0]
            value = tok.values[-1] if tok.percent else ctx.mm(tok)[-1]
            ctx.used.add(id(tok))
            if tok.delta:
                old = _get(base, fields[slot])
                value = old * (1 + tok.delta * value / 100) if tok.percent else old + tok.delta * value
            changed |= _apply_base(ctx, base, fields[slot], value, notes)
            base = _base(ctx.ops)
    multi = next((t for t in ph.free if len(t.values) > 1), None)
    if multi is not None:  # "resize it to 120 x 80", "change the size to 150 x 100 x 12"
        names = ["length", "width", "height"] if isinstance(base, (Box, Extrude)) else ["diameter", "height"]
        for name, value in zip(names, ctx.mm(multi), strict=False):
            if name in fields:
                changed |= _apply_base(ctx, base, fields[name], value, notes)
                base = _base(ctx.ops)
    if factor:
        words = [c.split(":")[1] for c in ph.concepts if c.startswith("dim:")]
        for w in words:
            if w in fields:
                old = _get(base, fields[w])
                changed |= _apply_base(ctx, base, fields[w], old * factor, notes)
                base = _base(ctx.ops)
    return changed


def _get(op: Operation, path: str) -> Any:
    obj: Any = op
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def _apply_base(ctx: Ctx, base: Operation, path: str, value: float, notes: list[str]) -> bool:
    old = _get(base, path)
    new = _set(base, path, value)
    ctx.ops[0] = new
    notes.append(f"{base.id}.{path}: {old:g} -> {value:g} mm")
    if path == "height" and isinstance(old, float):  # a tray keeps its floor thickness
        for i, op in enumerate(ctx.ops):
            if isinstance(op, Pocket) and op.target == base.id and op.id.startswith("cavity") and op.depth:
                ctx.ops[i] = op.model_copy(update={"depth": op.depth + value - old})
    # keep corner/edge patterns the same distance from the edges
    if path in ("length", "width", "profile.length", "profile.width") and isinstance(old, float):
        delta = value - old
        axis = "x" if path.endswith("length") else "y"
        for i, op in enumerate(ctx.ops):
            if isinstance(op, (Hole, Pocket, Boss)) and op.face in ("top", "bottom") and isinstance(op.at, GridPattern):
                sp = getattr(op.at, f"spacing_{axis}")
                if getattr(op.at, f"count_{axis}") > 1 and sp + delta > 0:
                    at = op.at.model_copy(update={f"spacing_{axis}": sp + delta})
                    ctx.ops[i] = op.model_copy(update={"at": at})
                    ctx.assume(f"{op.id}: kept the same distance from the edges")
    return True


def _at(op: Operation) -> list[tuple[float, float]]:
    at = getattr(op, "at", None)
    return at.resolve() if at is not None else []


def _targets(ctx: Ctx, ph: Phrase, kinds: set[str]) -> list[int]:
    """Indexes of the features the phrase names: by label ("the bore"), else by number ("the holes" -> patterned)."""
    classes = tuple(c for k in kinds for c in _FEATURE_OPS.get(k, ()))
    targets = [i for i, op in enumerate(ctx.ops) if isinstance(op, classes)]
    if not targets:
        return targets
    named = {fold(t.text) for t in ph.toks if (t.concept or "").startswith("feat:")}
    by_name = [i for i in targets if ctx.ops[i].label and fold(ctx.ops[i].label or "") in named]
    if by_name:  # "make the bore 12 mm" changes the bore, not the bolt holes
        targets = by_name
    else:  # "the holes" -> the patterned ones, "the hole" -> a single one, when the design has both
        plural = any(t.text.endswith("s") for t in ph.toks if (t.concept or "").startswith("feat:"))
        same = [i for i in targets if (len(_at(ctx.ops[i])) > 1) == plural]
        targets = same or targets
    return targets


def _resize_features(ctx: Ctx, ph: Phrase, targets: list[int], kinds: set[str], notes: list[str]) -> bool:
    if not targets:
        raise reject(f"the current design has no {'/'.join(sorted(kinds))} to change")
    changed = False
    thread = ph.slots.get("thread")
    for i in targets:
        op = ctx.ops[i]
        fields = _FEATURE_FIELDS.get(type(op), {})
        updates: dict[str, Any] = {}
        if thread and isinstance(op, Hole):
            name = thread[0].thread or ""
            fits = ctx.vocab.standard("clearance", name)
            if fits is None:
                raise PlanError(f"no ISO 273 clearance size known for {name}")
            fit = next((f for f in ("fine", "coarse") if ph.has(f"mod:{f}")), "medium")
            updates["diameter"] = fits[{"fine": 0, "medium": 1, "coarse": 2}[fit]]
            ctx.assume(f"{name} clearance: {updates['diameter']:g} mm (ISO 273 {fit})")
        for slot, toks in ph.slots.items():
            if slot in fields:
                tok = toks[0]
                value = tok.values[-1] if tok.percent else ctx.mm(tok)[-1]
                ctx.used.add(id(tok))
                if tok.delta:
                    old = _get(op, fields[slot]) or 0
                    value = old * (1 + tok.delta * value / 100) if tok.percent else old + tok.delta * value
                updates[fields[slot]] = value
        if not updates and ph.free:
            updates[_one_size(op, ph)] = ctx.free_flat(ph)[0]
        if not updates and kinds & {"countersink", "counterbore"}:
            raise reject(f"'{ph.text}': the {'countersink' if 'countersink' in kinds else 'counterbore'} size is not "
                         "given (say e.g. 'countersink the holes to 11 mm' or 'counterbore the holes 10 mm, 4 deep')")
        if ph.has("mod:through") and isinstance(op, (Hole, Pocket)):
            updates["depth"] = None
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


def _one_size(op: Operation, ph: Phrase) -> str:
    """The field a bare number sets ("make the holes 10 mm"): only a feature with one size has one."""
    key = _ONE_SIZE.get(type(op))
    if key is None or len(ph.free) != 1:
        raise reject(f"'{ph.text}': which size of {op.id} is that? (e.g. '30 mm long', '10 mm wide', '5 mm deep')")
    return key


def _bind_loose(ph: Phrase) -> None:
    """"make the slot wider, 12 mm", "lengthen the slot to 40", "thicker walls, 4 mm": one number, one size named by
    a comparative, a verb or "walls" — the number sets that size."""
    named = {c[:-1] for c in ph.family("cmp")} | {_VERB_DIMS[t.text] for t in ph.toks if t.text in _VERB_DIMS}
    if ph.has("dim:wall") and "wall" not in ph.slots:
        named = {"wall"}
    lengths = [t for t in ph.free if t.unit != "angle" and len(t.values) == 1]
    if len(named) == 1 and len(lengths) == 1 and len(ph.free) == 1 and not (named & set(ph.slots)):
        ph.free.remove(lengths[0])
        ph.add_slot(named.pop(), lengths[0])


def _add_feature(ctx: Ctx, ph: Phrase) -> bool:
    op = build_feature(ctx, ph)
    if op not in ctx.ops:
        ctx.add(op)
    ctx.last_feature = op
    return True


def _bigger(ph: Phrase) -> float | None:
    """"make it 20 % bigger" / "10 % smaller" with no size named: every size scales (a factor), else ``None``."""
    toks = [t for t in ph.slots.get("diameter", []) if t.percent and t.delta]
    if len(toks) != 1 or ph.has("dim:diameter") or len(ph.slots) != 1:
        return None
    return 1 + toks[0].delta * toks[0].values[-1] / 100


def edit_phrase(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    """Apply one "make …" / "remove …" phrase to ``ctx.ops``; False when the phrase changes nothing."""
    edits = ph.family("edit")
    feats = set(ph.family("feat")) | set(ph.feat_refs)
    if "remove" in edits:
        kinds = feats or {"fillet", "chamfer"} & set(ph.family("edge"))
        faces = [f for f in ph.family("face") if f != "side"]
        shells = [i for i, op in enumerate(ctx.ops) if isinstance(op, Shell)]
        if not kinds and faces and shells:  # "hollow it out … and remove the top face": open that face
            shell = ctx.ops[shells[-1]]
            assert isinstance(shell, Shell)
            opened = list(dict.fromkeys([*shell.open_faces, *faces]))
            ctx.ops[shells[-1]] = shell.model_copy(update={"open_faces": opened})
            notes.append(f"{shell.id}: open faces {', '.join(opened)}")
            return True
        if not kinds:
            raise reject(f"remove what? ('{ph.text}') — say e.g. 'remove the fillets'")
        ctx.ops, _, n = _remove(ctx.ops, kinds, None)
        if n == 0:
            raise reject(f"the design has no {'/'.join(sorted(kinds))} to remove")
        notes.append(f"removed {n} {'/'.join(sorted(kinds))} operation(s)")
        ctx.current = ctx.ops[-1].id
        return True
    if "undo" in edits:
        raise reject("'undo' is handled by the session, not the planner")
    if "move" in edits and not is_pattern_edit(ph):
        return move_features(ctx, ph, feats, notes)
    if "scale" in edits:
        return scale_plan(ctx, ph, notes)
    _bind_loose(ph)
    if "wall" in ph.slots and _tray_walls(ctx, ph, notes):
        return True
    if feats or is_pattern_edit(ph):
        targets = _targets(ctx, ph, feats) if feats else \
            [i for i, op in enumerate(ctx.ops) if isinstance(op, (Hole, Pocket, Boss))]  # "make the PCD 90"
        if is_pattern_edit(ph):
            return pattern_edit(ctx, ph, targets, notes)
        if not targets and feats <= {"fillet", "chamfer"} and ph.head:  # "make the corners rounded R8": none yet
            return _add_feature(ctx, ph)
        return _resize_features(ctx, ph, targets, feats, notes)
    k = _bigger(ph)
    if k is not None:
        ctx.used.update(id(t) for t in ph.slots["diameter"])
        ctx.assume(f"'{ph.text}': every size scaled by {k:g} (holes and positions too)")
        return scale_by(ctx, k, notes)
    if ph.slots or _factor(ph) or any(len(t.values) > 1 for t in ph.free):
        return _resize_base(ctx, ph, notes)
    return False


def apply_edit(prompt: str, current: CADPlan, phrases: list[Phrase], vocab: Vocab, unit: float | None) -> CADPlan:

    ctx = Ctx(vocab=vocab, unit=unit, ops=[op.model_copy(deep=True) for op in current.operations],
              current=current.result_id)
    ctx._ids = {op.id for op in ctx.ops}
    notes: list[str] = []
    did = False
    for ph in phrases:
        edits = ph.family("edit")
        if ph.head and ph.head.startswith("shape:") and ph.rel:  # "put a 20 mm cylinder on top"
            from ai_designer.planning.shapes import build_shape

            op = build_shape(ctx, ph)
            if op not in ctx.ops:
                ctx.add(op)
            did = True
            continue
        if ph.head and ph.head.startswith("feat:") and (not edits or "add" in edits) and "more" not in edits:
            did |= _add_feature(ctx, ph)
            continue
        did |= edit_phrase(ctx, ph, notes)
    if not did:
        raise reject(f"did not understand the change '{prompt.strip()[:80]}' "
                     "(e.g. 'make it 10 mm thick', 'add a 6 mm hole in the center', 'remove the fillets')")
    ctx.check_all_used(phrases)
    plan = finish(ctx, prompt, current.name, [*current.assumptions, *(f"edit: {n}" for n in notes)])
    plan.description = (current.description + " | " + " ".join(prompt.split()))[:600]
    return plan
