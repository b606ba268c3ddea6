"""Edits of the session's current plan: "make it 10 mm thick", "change the holes to M6 clearance",
"remove the fillets", "add a 6 mm hole in the center". Returns a modified copy; the original is never touched.

Resizing the base keeps features where a machinist would: corner holes stay the same distance from the edges.
"""

from __future__ import annotations

from ai_designer.core.errors import RejectedError
from ai_designer.planning.accounting import EDIT_ONLY
from ai_designer.planning.assemble import finish
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.edit_features import FEATURE_OPS, feature_targets, get_field, resize_features
from ai_designer.planning.edit_moves import (
    move_features,
    resize_bracket,
    rotate_features,
    scale_by,
    scale_plan,
    tray_floor,
)
from ai_designer.planning.edit_moves import tray_walls as _tray_walls
from ai_designer.planning.edit_patterns import is_pattern_edit, pattern_edit
from ai_designer.planning.edit_words import bind_loose, check_compared, growth, sizes_from_face
from ai_designer.planning.features import build_feature
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.terminals import get_ignorable
from ai_designer.planning.vocab import Vocab
from ai_designer.schemas.task_graph import (
    PRIMITIVE_OPS,
    Boolean,
    Boss,
    Box,
    CADPlan,
    Cone,
    Cylinder,
    Extrude,
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
# words that state how an existing feature should be ("the holes should be M5 tapped")
_STATEMENT = {"should", "must", "need", "needs"}


def is_edit(phrases: list[Phrase]) -> bool:
    """An edit unless the prompt describes a new body on its own ("make a 40 mm sphere" replaces the design;
    "put a 20 mm cylinder on top" adds to it)."""
    return not any(p.head and p.head.startswith("shape:") and not p.rel for p in phrases)


def _base(ops: list[Operation]) -> Operation:
    return ops[0]


def _remove(ops: list[Operation], kinds: set[str], result: str | None) -> tuple[list[Operation], str | None, int]:
    classes = tuple(c for k in kinds for c in FEATURE_OPS.get(k, ()))
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


def _one_body(ctx: Ctx, ph: Phrase) -> None:
    """Sizes of a part made of several bodies (an L-bracket's legs, a stack) are not one field: refuse."""
    bodies = [op for op in ctx.ops if op.op in PRIMITIVE_OPS]
    if len(bodies) > 1 or any(isinstance(op, Boolean) for op in ctx.ops):
        raise reject(f"'{ph.text}': the part is made of {len(bodies)} bodies, and which of them this size belongs to "
                     "is not known offline — describe the part again with the new size")


def _resize_base(ctx: Ctx, ph: Phrase, notes: list[str]) -> bool:
    sizes_from_face(ph)
    bracket = resize_bracket(ctx, ph, notes)
    if bracket is not None:
        return bracket
    _one_body(ctx, ph)
    base = _base(ctx.ops)
    fields = _BASE_FIELDS.get(type(base), {})
    changed = False
    factor = _factor(ph)
    said = [s for s in ph.slots if s in fields and ph.slots[s]]
    if len({fields[s] for s in said}) < len(said):  # "80 mm long and 70 mm tall" of a cylinder: both its height
        raise reject(f"'{ph.text}': {' and '.join(said)} are one size of the {type(base).__name__.lower()} "
                     "— give it once")
    if factor and (ph.mentions("dim:wall") or ph.mentions("dim:floor")):
        raise reject(f"'{ph.text}': a wall or floor scaled by a factor is not read offline — give its new thickness "
                     "(e.g. 'make the walls 4 mm thick')")
    for slot, toks in list(ph.slots.items()):
        if slot in fields and toks:
            tok = toks[0]
            value = tok.values[-1] if tok.percent else ctx.mm(tok)[-1]
            ctx.used.add(id(tok))
            if tok.delta:
                old = get_field(base, fields[slot])
                value = old * (1 + tok.delta * value / 100) if tok.percent else old + tok.delta * value
            changed |= _apply_base(ctx, base, fields[slot], value, notes)
            base = _base(ctx.ops)
    multi = next((t for t in ph.free if len(t.values) > 1), None)
    if multi is not None:  # "resize it to 120 x 80", "change the size to 150 x 100 x 12"
        names = ["length", "width", "height"] if isinstance(base, (Box, Extrude)) else ["diameter", "height"]
        if len(multi.values) > len(names):  # "make it 120 x 80 x 10 x 5": the fourth size is nothing's
            raise reject(f"'{ph.text}': {len(multi.values)} sizes for a {type(base).__name__.lower()} of "
                         f"{len(names)}")
        for name, value in zip(names, ctx.mm(multi), strict=False):
            if name in fields:
                changed |= _apply_base(ctx, base, fields[name], value, notes)
                base = _base(ctx.ops)
    if factor:
        if ph.mentions("mod:twice") and ph.mentions("mod:half") or any(w in ph.slots for w in _factored(ph)):
            raise reject(f"'{ph.text}': a size both given and scaled, or scaled two ways, in one change — give the "
                         "new sizes")  # "half as long … 10 mm longer": both were applied, times two
        words = _factored(ph)
        for w in words:
            if w in fields:
                old = get_field(base, fields[w])
                changed |= _apply_base(ctx, base, fields[w], old * factor, notes)
                base = _base(ctx.ops)
    return changed


def _factored(ph: Phrase) -> list[str]:
    """The sizes "twice as …" / "half as …" name: the size word right after it ("twice as long and 10 mm thick":
    the length only — the thickness had been doubled too), else every size the phrase names."""
    out: list[str] = []
    for i, t in enumerate(ph.toks):
        if t.concept in ("mod:twice", "mod:half"):
            nxt = next((x for x in ph.toks[i + 1:i + 3] if x.text not in ("as", "the")), None)
            if nxt is not None and (nxt.concept or "").startswith("dim:"):
                out.append((nxt.concept or "")[4:])
    return out or [c.split(":")[1] for c in ph.concepts if c.startswith("dim:")]


def _apply_base(ctx: Ctx, base: Operation, path: str, value: float, notes: list[str]) -> bool:
    old = get_field(base, path)
    new = _set(base, path, value)
    ctx.ops[0] = new
    notes.append(f"{base.id}.{path}: {old:g} -> {value:g} mm")
    if isinstance(old, float):
        _keep_walls(ctx, base.id, path, value - old)
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


def _keep_walls(ctx: Ctx, base_id: str, path: str, delta: float) -> None:
    """A tray's cavity follows its outside: same walls and floor when the tray grows or shrinks."""
    field = {"height": "depth", "length": "profile.length", "width": "profile.width",
             "diameter": "profile.diameter"}.get(path)
    for i, op in enumerate(ctx.ops):
        if not (isinstance(op, Pocket) and op.target == base_id and op.id.startswith("cavity")) or field is None:
            continue
        old = get_field(op, field) if field == "depth" or hasattr(op.profile, field.split(".")[1]) else None
        if old:
            ctx.ops[i] = _set(op, field, old + delta)
            ctx.assume(f"{op.id}: the walls and floor keep their thickness")


def _changes_existing(ctx: Ctx, ph: Phrase) -> bool:
    """A feature phrase in an edit that speaks of features the design has is a change, not an addition: "4 bolt
    holes, not 6" / "instead of 6" / "rather than 6", "the corner holes should be M5 tapped", "slot 2 mm wider",
    "bore it out to 16" ("it"/"them" right after a hole word)."""
    if "add" in ph.family("edit"):
        return False
    words = [t.text for t in ph.toks]
    idx = next((i for i, t in enumerate(ph.toks) if t is ph.head_tok), -1)
    after = words[idx + 1] if 0 <= idx < len(words) - 1 else ""
    definite = bool(words) and words[0].split()[0] == "the"  # "…, and the corner holes 8 mm": the holes the design has
    said = definite or any(w in ("not", "instead", "rather") for w in words[:-1]) or bool(set(words) & _STATEMENT) \
        or bool(ph.family("cmp")) or (ph.head == "feat:hole" and after in ("it", "them")) or ph.has("edit:number")
    return said and bool(feature_targets(ctx, ph, set(ph.family("feat"))))


def _whole(ctx: Ctx, ph: Phrase, targets: list[int]) -> None:
    """"the left holes", "one hole", "the two right holes", "… only", "… except …": an edit changes every feature
    of a pattern or none — a subset is refused (it used to change all of them)."""
    words = {t.text for t in ph.toks if t.kind == "word"}
    faces = set(ph.family("face")) - {"side"} - {getattr(ctx.ops[i], "face", None) for i in targets}
    count = sum(len(at.resolve()) for at in (getattr(ctx.ops[i], "at", None) for i in targets) if at is not None)
    more = ph.has("edit:more") or is_pattern_edit(ph) and ph.count is not None
    if faces:
        raise reject(f"'{ph.text}': the features are not on the {'/'.join(sorted(faces))} face — changing some of "
                     "them, or moving them to another face, is not offered offline")
    ordinal = words & {"first", "second", "third", "fourth", "last", "other"}  # "the first hole": one
    if "except" in words or ordinal and count > 1 or (ph.count is not None and ph.count < count and not more):
        raise reject(f"'{ph.text}': changing only some of the features is not offered offline — change them all, "
                     "or describe the part again")


def _read(ph: Phrase) -> bool:
    """Mark the edit-only words of a phrase as read by the edit that consumes them (see ``accounting.EDIT_ONLY``)."""
    for t in ph.toks:
        if t.concept in EDIT_ONLY:
            t.slot = "read"
    return True


def _add_feature(ctx: Ctx, ph: Phrase) -> bool:
    op = build_feature(ctx, ph)
    if op not in ctx.ops:
        ctx.add(op)
    ctx.last_feature = op
    return True


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
        if any(ph.has(f) for f in ("face", "pos", "side")) or ph.free or ph.slots:
            raise reject(f"'{ph.text}': removing only some of the features is not offered offline — say which to "
                         "keep as a new description, or remove them all")
        ctx.ops, _, n = _remove(ctx.ops, kinds, None)
        if n == 0:
            raise reject(f"the design has no {'/'.join(sorted(kinds))} to remove")
        notes.append(f"removed {n} {'/'.join(sorted(kinds))} operation(s)")
        ctx.current = ctx.ops[-1].id
        return True
    if "undo" in edits:
        raise reject("'undo' is handled by the session, not the planner")
    if ("move" in edits or "bring" in edits) and not is_pattern_edit(ph):
        return _read(ph) and move_features(ctx, ph, feats, feature_targets(ctx, ph, feats), notes)
    if "scale" in edits:
        return scale_plan(ctx, ph, notes)
    if "rotate" in edits:
        return _read(ph) and rotate_features(ctx, ph, feats, notes)
    bind_loose(ph)
    check_compared(ph)
    if "wall" in ph.slots and _tray_walls(ctx, ph, notes):
        return True
    if "floor" in ph.slots and tray_floor(ctx, ph, notes):
        return True
    if feats or is_pattern_edit(ph):
        targets = feature_targets(ctx, ph, feats) if feats else \
            [i for i, op in enumerate(ctx.ops) if isinstance(op, (Hole, Pocket, Boss))]  # "make the PCD 90"
        _whole(ctx, ph, targets)
        if is_pattern_edit(ph):
            return _read(ph) and pattern_edit(ctx, ph, targets, notes)
        if not targets and feats <= {"fillet", "chamfer"} and ph.head:  # "make the corners rounded R8": none yet
            return _add_feature(ctx, ph)
        return resize_features(ctx, ph, targets, feats, notes)
    k = growth(ph)
    if k is not None:
        ctx.used.update(id(t) for toks in ph.slots.values() for t in toks)
        ctx.assume(f"'{ph.text}': every size scaled by {k:g} (holes and positions too)")
        return scale_by(ctx, k, notes)
    if ph.slots or _factor(ph) or any(len(t.values) > 1 for t in ph.free):
        return _resize_base(ctx, ph, notes)
    return False


def _no_change(prompt: str, phrases: list[Phrase]) -> RejectedError:
    """Nothing in the prompt changes the shape: say so, naming a material / purpose word if that is all it has."""
    ign = get_ignorable()
    said = [(t.text, ign.why(t.text)) for ph in phrases for t in ph.toks if t.kind == "word"]
    meaning = [(w, why) for w, why in said if why and why.startswith(("names a material", "says what the part"))]
    if meaning:
        word, why = meaning[0]
        return reject(f"'{word}' {why}: nothing in '{prompt.strip()[:80]}' changes the shape")
    return reject(f"did not understand the change '{prompt.strip()[:80]}' "
                  "(e.g. 'make it 10 mm thick', 'add a 6 mm hole in the center', 'remove the fillets')")


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
        if ph.head and ph.head.startswith("feat:") and (not edits or "add" in edits) and "more" not in edits \
                and not _changes_existing(ctx, ph):
            did |= _add_feature(ctx, ph)
            continue
        did |= edit_phrase(ctx, ph, notes)
    if not did:
        raise _no_change(prompt, phrases)
    ctx.check_all_used(phrases)
    plan = finish(ctx, prompt, current.name, [*current.assumptions, *(f"edit: {n}" for n in notes)])
    plan.description = (current.description + " | " + " ".join(prompt.split()))[:600]
    return plan
