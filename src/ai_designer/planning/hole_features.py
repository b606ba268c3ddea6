"""The slot planner's holes on the current body: diameters from sizes, fits and tap callouts, the kind
(through, blind, counterbored, countersunk, tapped), holes in a bracket's legs or on each face, and edits of the
last hole (``features.build_feature`` dispatches to them)."""

from __future__ import annotations

from typing import Any, Literal

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.cuts import slot_counterbore
from ai_designer.planning.hole_places import hole_face_depth, not_inside_earlier, on_tube_wall
from ai_designer.planning.intent import Est
from ai_designer.planning.lexer import Tok
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.positions import place
from ai_designer.planning.slot_guards import check_tapped
from ai_designer.schemas.task_graph import (
    Boss,
    Hole,
    Operation,
    Pocket,
    Points,
    PolarPattern,
    Slot,
)

__all__ = ["hole", "modify_last_hole"]


_FIT = {"fine": 0, "coarse": 2}


def _hole_diameter(ctx: Ctx, ph: Phrase, tapped: bool) -> tuple[float | None, list[float]]:
    """Hole diameter and the other diameters in the phrase (counterbore / countersink sizes)."""
    diams = [ctx.mm(t)[-1] for t in ph.slots.get("diameter", [])]
    diams += [2 * ctx.mm(t)[-1] for t in ph.slots.get("radius", [])]
    if not diams:
        diams += [ctx.mm(t)[-1] for t in ph.slots.get("width", [])]  # "a hole … that is 10 mm wide"
    free = ctx.free(ph)
    for vals in free:
        if len(vals) == 2 and ph.count is None and float(vals[0]).is_integer() and vals[0] <= 64:
            tok = next(t for t in ph.free if len(t.values) == 2)
            ph.count = int(tok.raw[0])
            diams.append(vals[1])
        else:
            diams.extend(vals)
    thread = ph.slots.get("thread")
    if thread:
        name = thread[0].thread or ""
        if tapped:
            check_tapped(ctx, ph, name, diams)
            d = ctx.vocab.standard("tap_drill", name)
            if d is None:
                raise PlanError(f"no tap drill size known for {name}")
            ctx.assume(f"{name} tapped: modelled as a {d:g} mm tap-drill hole (thread not modelled)")
            return d, diams
        fits = ctx.vocab.standard("clearance", name)
        if fits is None:
            raise PlanError(f"no ISO 273 clearance size known for {name}")
        fit = next((f for f in ("fine", "coarse") if ph.has(f"mod:{f}")), "medium")
        d = fits[_FIT.get(fit, 1)]
        ctx.assume(f"{name} clearance: {d:g} mm (ISO 273 {fit})")
        return d, diams
    if not diams:
        return None, []
    if tapped:  # "a 6 mm tapped hole": built as a plain 6 mm hole, the thread (and its tap drill) silently dropped
        word = next((t.text.split()[0] for t in ph.toks if t.concept == "feat:tapped"), "tapped")
        raise reject(f"'{ph.text}' says the hole is {word} but gives a plain size, not a thread: say the thread "
                     f"(e.g. 'an M{diams[0]:g} tapped hole', modelled as its tap drill) or the drill size as a plain "
                     "hole")
    if len(diams) >= 2 and (ph.has("pos:polar") or _on_diameter(ph)) and not ph.slots.get("pcd"):
        big = max(diams)  # "on a circle of diameter 100": the larger diameter is the bolt circle
        diams.remove(big)
        ph.slots["pcd"] = [Tok("qty", f"{big:g}", values=(big,), unit="length", explicit=True)]
    diams_sorted = sorted(diams)
    return diams_sorted[0], diams_sorted[1:]


def _on_diameter(ph: Phrase) -> bool:
    """"Ø8 holes x6 on Ø60": holes "on" a diameter sit on that circle."""
    words = [t.text for t in ph.toks]
    return any(w == "on" and words[k + 1:k + 2] == ["dia"] for k, w in enumerate(words)) and (ph.count or 0) > 1


_HoleKind = tuple[Literal["simple", "counterbore", "countersink"], float | None, float | None, float | None,
                  float | None]


def _hole_kind(ctx: Ctx, ph: Phrase, kinds: set[str], diameters: list[float], depth: float | None) -> _HoleKind:
    """Simple, counterbored (ISO 4762 sizes for ``M6``) or countersunk (ISO 10642): kind, cbore d/depth, csink d,
    and the hole's own depth."""
    others = diameters[1:]
    thread = ph.slots.get("thread") or []
    if "counterbore" in kinds:
        cb_d = ctx.slot(ph, "cbore_diameter") or (others[-1] if others else None)
        cb_depth = ctx.slot(ph, "cbore_depth") or depth
        std = ctx.vocab.standard("counterbore", thread[0].thread or "") if thread else None
        if std and cb_d is None:
            cb_d, cb_depth = std[0], cb_depth or std[1]
            ctx.assume(f"counterbore for {thread[0].thread} socket head: {std[0]:g} mm x {cb_depth:g} mm deep")
        cb_d = ctx.need(cb_d, "the counterbore diameter", "6.6 mm holes counterbored 11 mm x 6.4 mm deep")
        cb_depth = ctx.need(cb_depth, "the counterbore depth", "6.6 mm holes counterbored 11 mm x 6.4 mm deep")
        return "counterbore", cb_d, cb_depth, None, ctx.slot(ph, "depth") if ctx.slot(ph, "cbore_depth") else None
    if "countersink" in kinds:
        cs_d = others[-1] if others else None
        if cs_d is None and thread:
            cs_d = ctx.vocab.standard("countersink", thread[0].thread or "")
            if cs_d:
                ctx.assume(f"countersink for {thread[0].thread} flat head: {cs_d:g} mm, 90 deg")
        cs_d = ctx.need(cs_d, "the countersink diameter", "5.5 mm holes countersunk to 11 mm")
        return "countersink", None, None, cs_d, depth
    if others:
        raise reject(f"more than one diameter for one hole in '{ph.text}' ({', '.join(f'{o:g}' for o in diameters)} mm)")
    return "simple", None, None, None, depth


def hole(ctx: Ctx, ph: Phrase) -> Operation:
    target = ctx.current
    est = ctx.est()
    kinds = set(ph.family("feat"))
    if ph.slots.get("cbore_diameter") or ph.has("mod:counterbored"):
        kinds.add("counterbore")  # "…, counterbore diameter 11, counterbore depth 6"
    if ph.has("mod:countersunk"):
        kinds.add("countersink")
    tapped = "tapped" in kinds
    d, others = _hole_diameter(ctx, ph, tapped)
    # "with a hole through each post": reuse the positions of the last boss
    reuse = ctx.last_feature if isinstance(ctx.last_feature, Boss) and not ph.slots.get("pcd") \
        and not ph.has("pos:corners") and not ph.has("pos:polar") and ph.count in (None,) else None
    if d is None:
        raise reject(f"the hole's diameter is not given in '{ph.text}' (say e.g. 'a 6 mm hole' or 'M6 clearance holes')")
    face, depth = hole_face_depth(ctx, ph, est)
    if depth is None and "only" in ph.text.split():  # "a 10 mm hole through the boss only": not the whole part
        raise reject(f"'{ph.text}': say how deep the hole goes (e.g. '10 mm deep') — 'through' drills the whole part")
    kind, cb_d, cb_depth, cs_d, depth = _hole_kind(ctx, ph, kinds, [d, *others], depth)
    if ph.has("mod:blind") and depth is None:
        raise reject("a blind hole needs a depth (say e.g. '10 mm deep')")
    full = est.thickness(face)
    if depth is None and not ph.has("mod:through"):
        ctx.assume("hole depth: through (not stated)")
    if depth is not None and depth >= full - 1e-9:
        if ph.has("mod:blind") or depth > full + 1e-9:  # "a blind hole … 32 mm deep" in 30 mm: not a through hole
            raise PlanError(f"the {depth:g} mm deep hole goes into a part {full:g} mm thick there: say 'through', or "
                            "a depth that fits")
        depth = None
    if ph.has("mod:in_each_leg") and ctx.bracket is not None:
        return _holes_in_legs(ctx, ph, d)
    if ph.has("mod:each_face"):
        return _holes_on_each_face(ctx, ph, d, depth)
    if reuse is not None:
        at, n = reuse.at, len(reuse.at.resolve())
        ctx.assume(f"holes at the {reuse.id} positions")
    elif ctx.bracket is not None and ("leg" in ph.text or "upright" in ph.text.split()):
        ph.mark("dim:leg")
        at, n, face = _on_bracket_leg(ctx, ph, cb_d or cs_d or d)
    else:
        at, n = place(ctx, ph, est, face, cb_d or cs_d or d, what="hole")
        on_tube_wall(ctx, target, face, at)
        not_inside_earlier(ctx, face, at, d, depth)
    if kind != "countersink" and ctx.angle(ph) is not None and not isinstance(at, PolarPattern):
        raise reject(f"an angle in '{ph.text}' that places no hole on a circle: holes are drilled square to a face "
                     "offline (angled holes need a language model)")
    angle = ctx.angle(ph) if kind == "countersink" else None
    if kind == "countersink" and angle is None:
        ctx.assume("countersink angle: 90 deg")
    op = Hole(id=ctx.new_id("holes" if n > 1 else "hole"), target=target or "", diameter=d, depth=depth, face=face,  # type: ignore[arg-type]
              at=at, kind=kind, cbore_diameter=cb_d, cbore_depth=cb_depth, csink_diameter=cs_d,
              csink_angle=angle if angle and 0 < angle < 180 else 90.0)
    if d >= min(est.face_size(face)):
        raise PlanError(f"a {d:g} mm hole does not fit on the {min(est.face_size(face)):g} mm wide {face} face")
    return op


def _on_bracket_leg(ctx: Ctx, ph: Phrase, size: float) -> tuple[Any, int, str]:
    """Holes placed on the free part of one L-bracket leg ("in the base leg", "in the upright leg")."""
    from ai_designer.planning.edit_moves import _shift

    L, H, t = ctx.bracket  # type: ignore[misc]
    w = ctx.est().size[1]
    upright = any(x in ph.text.split() for x in ("upright", "vertical", "standing", "side"))
    if upright:  # the -X face; u = Y, v = Z over the upright's free height
        leg = Est((-L / 2, -w / 2, t), (-L / 2 + t, w / 2, H), None)
        at, n = place(ctx, ph, leg, "left", size, what="hole")
        ctx.assume("holes in the upright leg: through it from the outside (-X) face")
        return _shift(at, 0.0, t / 2), n, "left"
    leg = Est((-L / 2 + t, -w / 2, 0), (L / 2, w / 2, t), None)
    at, n = place(ctx, ph, leg, "bottom", size, what="hole")
    ctx.assume("holes in the base leg: placed on its free part, through it")
    return _shift(at, t / 2, 0.0), n, "bottom"


def _holes_in_legs(ctx: Ctx, ph: Phrase, d: float) -> Operation:
    """One hole centred in the free part of each L-bracket leg: down through the base, across through the upright."""
    L, H, t = ctx.bracket  # type: ignore[misc]
    if ph.count not in (None, 1):
        raise reject(f"{ph.count} holes in each leg: say where they go on each leg (e.g. '2 holes in each leg, "
                     "15 mm from each side edge, centred on the leg') — one hole per leg is all that is placed offline")
    if d >= min(L, H) - t:
        raise PlanError(f"a {d:g} mm hole does not fit in the bracket's legs")
    ctx.assume("holes in each leg: centred on the free part of each leg, through")
    first = ctx.add(Hole(id=ctx.new_id("leg_hole"), target=ctx.current or "", diameter=d, face="bottom",
                         at=Points(points=[(t / 2, 0.0)])))
    return Hole(id=ctx.new_id("upright_hole"), target=first.id, diameter=d, face="left",
                at=Points(points=[(0.0, t / 2)]))


def _holes_on_each_face(ctx: Ctx, ph: Phrase, d: float, depth: float | None) -> Operation:
    """A centred hole on every face: three through holes along X, Y, Z, or six blind ones."""
    faces = ["top", "front", "right"] if depth is None else ["top", "bottom", "front", "back", "left", "right"]
    est = ctx.est()
    if d >= min(v for v in est.size):
        raise PlanError(f"a {d:g} mm hole does not fit on every face of the part")
    ctx.assume("a hole on each face: centred" + ("; through holes meet in the middle" if depth is None else ""))
    op: Operation | None = None
    for face in faces:
        target = ctx.current or ""
        op = Hole(id=ctx.new_id(f"hole_{face}"), target=target, diameter=d, depth=depth, face=face)  # type: ignore[arg-type]
        if face != faces[-1]:
            ctx.add(op)
    assert op is not None
    return op


def modify_last_hole(ctx: Ctx, ph: Phrase) -> Operation | None:
    """"..., counterbored 11 mm x 6 deep" following a hole phrase turns that hole into a counterbore."""
    last = ctx.ops[-1] if ctx.ops else None
    if isinstance(last, Pocket) and isinstance(last.profile, Slot) and ph.head == "feat:counterbore":
        return slot_counterbore(ctx, ph, last)
    if not isinstance(last, Hole) and "hole" in ph.feat_refs:  # "Counterbore the holes …" after other steps
        last = next((op for op in reversed(ctx.ops) if isinstance(op, Hole)), None)
    if not isinstance(last, Hole) or last.kind != "simple":
        return None
    kinds = set(ph.family("feat"))
    diams = sorted([ctx.mm(t)[-1] for t in ph.slots.get("diameter", []) + ph.slots.get("cbore_diameter", [])] +
                   ctx.free_flat(ph))
    if "counterbore" in kinds:
        dep = ctx.slot(ph, "depth", "cbore_depth")
        cb = diams[-1] if diams else None
        cb = ctx.need(cb, "the counterbore diameter", "counterbored 11 mm x 6 mm deep")
        dep = ctx.need(dep, "the counterbore depth", "counterbored 11 mm x 6 mm deep")
        return last.model_copy(update={"kind": "counterbore", "cbore_diameter": cb, "cbore_depth": dep})
    cs = diams[-1] if diams else None
    cs = ctx.need(cs, "the countersink diameter", "countersunk to 11 mm")
    ctx.assume("countersink angle: 90 deg")
    return last.model_copy(update={"kind": "countersink", "csink_diameter": cs})
