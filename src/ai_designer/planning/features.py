"""Builders for features on the current body: pockets and cutouts, slots, grooves, bosses, fillets, chamfers and
shells; holes are built by ``hole_features.py``."""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.cuts import groove, slot
from ai_designer.planning.finishing import edge_feature, face_for, shell
from ai_designer.planning.hole_features import hole, modify_last_hole
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.positions import place
from ai_designer.schemas.task_graph import (
    Boss,
    Circle,
    Hole,
    Operation,
    Pocket,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    center_point,
)

__all__ = ["build_feature"]

_POLYGON_WORDS = {"triangular": 3, "triangle": 3, "square": 4, "pentagonal": 5, "pentagon": 5, "hexagonal": 6,
                  "hexagon": 6, "hex": 6, "octagonal": 8, "octagon": 8}


def _polygon(ctx: Ctx, ph: Phrase, what: str) -> object | None:
    """"a hexagonal pocket 13 mm across flats": a regular polygon profile (square stays a rectangle)."""
    sides = next((n for w, n in _POLYGON_WORDS.items() if w in ph.text.split() and n != 4), None)
    if sides is None:
        return None
    af = ctx.slot(ph, "af")
    ac = ctx.slot(ph, "ac", "diameter")
    if af is None and ac is None and ph.free and len(ph.free[0].values) == 1:
        af = ctx.mm(ph.free.pop(0))[0]
        ctx.assume(f"{what}: {af:g} mm is across flats")
    if af is None and ac is None:
        raise reject(f"the {what}'s size is not given (say e.g. '13 mm across flats')")
    return RegularPolygon(sides=sides, across_flats=af, diameter=None if af else ac)


def _profile(ctx: Ctx, ph: Phrase, what: str) -> tuple[object, float | None]:
    """A pocket/boss profile and (when given as the third of ``A x B x C``) its depth."""
    poly = _polygon(ctx, ph, what)
    if poly is not None:
        return poly, None
    corner = ph.has("dim:corner_radius")
    d = ctx.slot(ph, "diameter") if corner else ctx.diameter(ph, "diameter")
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    if multi and d is not None and not ph.slots.get("diameter"):
        d = None  # "50 x 30 pocket … R4": the radius rounds the corners
    third = None
    L, W = ctx.slot(ph, "length"), ctx.slot(ph, "width")
    if multi:
        L, W = L or multi[0], W or multi[1]
        third = multi[2] if len(multi) > 2 else None
    singles = [f[0] for f in free if len(f) == 1]
    if d is None and L is None and singles:
        if ph.has("shape:cylinder") or "round" in ph.text or "circular" in ph.text or "cylindrical" in ph.text:
            d = singles.pop(0)
        else:
            L = singles.pop(0)
    if L is not None and W is None and singles:
        W = singles.pop(0)
    extra = singles + [v for f in free if len(f) > 1 and f is not multi for v in f]
    if extra:  # "a 40 x 20 pocket 10 deep, the 40 along the width": the second 40 was read by nothing (ctx.free
        ctx.leftover(ph, extra[0])  # marks every number used), and the pocket kept its 40 along X
    if d is not None:
        if multi or L is not None or W is not None:  # "a 30 x 20 pocket … with 5 mm diameter corners" made four
            raise reject(f"'{ph.text}' gives the {what} a diameter ({d:g}) and a length and width: say which shape "
                         "it has")  # round 5 mm pockets and dropped the 30 x 20
        return Circle(diameter=d), third
    if L is None:
        raise reject(f"the {what}'s size is not given in '{ph.text}' (say e.g. 'a 40 x 20 mm {what}')")
    if W is None:
        W = L
        ctx.assume(f"{what}: square {L:g} x {L:g} mm")
    r = ctx.slot(ph, "corner_radius") or (ctx.slot(ph, "radius") if ph.has("dim:corner_radius") else None)
    if r is not None:
        return RoundedRectangle(length=L, width=W, radius=min(r, min(L, W) / 2 - 1e-3)), third
    return Rectangle(length=L, width=W), third


def _pocket(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    prof, third = _profile(ctx, ph, "pocket")
    depth = ctx.slot(ph, "depth") or third
    cut = ph.head == "feat:cutout" or ph.has("mod:through")
    if depth is None and not cut:
        raise reject(f"the pocket depth is not given in '{ph.text}' (say e.g. '5 mm deep', or 'through')")
    face = face_for(ctx, ph)
    if depth is not None and ph.has("mod:through") and depth < est.thickness(face) - 1e-9:
        raise reject(f"'{ph.text}': the pocket is both 'through' and {depth:g} mm deep")  # it was cut that deep
    from ai_designer.planning.intent import profile_extent

    du, dv = profile_extent(prof)
    at, n = place(ctx, ph, est, face, max(du, dv), what="pocket")
    if depth is not None and depth > est.thickness(face) + 1e-9:
        raise PlanError(f"the {depth:g} mm deep pocket goes into a part {est.thickness(face):g} mm thick there: say "
                        "'through', or a depth that fits")
    if depth is not None and depth >= est.thickness(face):
        depth = None
    return Pocket(id=ctx.new_id("pockets" if n > 1 else "pocket" if not cut else "cutout"), target=ctx.current or "",
                  profile=prof, depth=depth, face=face, at=at, angle=_axis_turn(ph, prof, n, face))  # type: ignore[arg-type]


def _axis_turn(ph: Phrase, prof: object, n: int, face: str) -> float:
    """"a 40 x 20 pocket … along Y", "… along the width": the way one rectangle's first side runs (as a slot's). The
    placement reads these words only for a row of several, so one pocket or boss kept its 40 along X."""
    axes = [c for c in ("mod:along_x", "mod:along_y") if ph.mentions(c)]
    if n != 1 or not axes or not isinstance(prof, (Rectangle, RoundedRectangle)):
        return 0.0
    words = ", ".join(t.text for t in ph.toks if t.concept in axes)
    if len(axes) > 1:
        raise reject(f"'{ph.text}' says both X and Y ({words}) for one {ph.head_tok.text if ph.head_tok else 'cut'}: "
                     "say which way its length runs")
    if face not in ("top", "bottom"):
        raise reject(f"'{words}' on the {face} face: say the sizes by the face's own sides (e.g. '40 long, 20 tall')")
    return 90.0 if axes == ["mod:along_y"] else 0.0


def _boss(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    h = ctx.slot(ph, "height", "length" if ph.slots.get("diameter") else "height", "thickness")
    if h is None and ph.free and ctx.diameter(ph, "diameter", "od") is not None:
        h = ctx.free_flat(ph)[-1]
        ph.free = ph.free[:-1]
    d = ctx.diameter(ph, "diameter", "od")
    head = ph.head_tok.text if ph.head_tok else ""
    round_head = not any(w in head for w in ("rib", "platform", "lug", "rectangular", "block"))
    if d is None and round_head and not any(len(t.values) > 1 for t in ph.free) and ph.free:
        d = ctx.mm(ph.free.pop(0))[-1]
    if d is not None:
        prof: object = Circle(diameter=d)
    else:
        singles = ctx.free(ph)
        if h is None and singles and len(singles[-1]) == 1 and len(singles) > 1:
            h = singles[-1][0]
            ph.free = ph.free[:-1]
        prof, third = _profile(ctx, ph, "boss")
        h = h or third
    h = ctx.need(h, "the boss's height", "a 20 mm diameter boss 10 mm tall")
    face = "bottom" if ph.has("rel:under") else face_for(ctx, ph)
    from ai_designer.planning.intent import profile_extent

    du, dv = profile_extent(prof)
    at, n = place(ctx, ph, est, face, max(du, dv), what="boss")
    centre = center_point()
    # a through hole down Z has two ends: a boss on the bottom closes it as surely as one on top
    ends = {"top", "bottom"} if face in ("top", "bottom") else {face}
    covered = next((op for op in ctx.ops if isinstance(op, Hole) and op.at == centre and at == centre
                    and (op.face or "top") in ends and op.depth is None), None)
    through_too = covered is not None and covered is ctx.ops[-1] and covered.diameter < min(du, dv)
    if covered is not None and not through_too:  # the boss would close the top of an earlier centred through hole
        raise reject(f"the {ph.head_tok.text if ph.head_tok else 'boss'} would cover the {covered.label or 'hole'} "
                     "described before it: describe the boss first, then the hole (e.g. 'a disc … with a 30 mm hub "
                     "10 high on top. Drill a 12 mm hole through it.')")
    if through_too:  # "a disc with a 10 mm hole in the centre and a 30 mm hub on top": the hole runs through both
        ctx.ops.pop()
        ctx.current = covered.target  # type: ignore[union-attr]
    op = Boss(id=ctx.new_id("bosses" if n > 1 else "boss"), target=ctx.current or "", profile=prof, height=h,  # type: ignore[arg-type]
              face=face, at=at, angle=_axis_turn(ph, prof, n, face))  # type: ignore[arg-type]
    if through_too:
        ctx.junction_z = est.hi[2] if face == "top" else est.lo[2]
        ctx.add(op)
        ctx.assume(f"{covered.id}: drilled through the {op.id} as well (described before it)")  # type: ignore[union-attr]
        return covered.model_copy(update={"target": op.id})  # type: ignore[union-attr]
    ctx.junction_z = est.hi[2] if face == "top" else est.lo[2]
    return op



BUILDERS: dict[str, Callable[[Ctx, Phrase], Operation]] = {
    "hole": hole, "tapped": hole, "counterbore": hole, "countersink": hole,
    "pocket": _pocket, "cutout": _pocket, "slot": slot, "groove": groove, "boss": _boss,
    "fillet": edge_feature, "chamfer": edge_feature, "shell": shell,
}


def build_feature(ctx: Ctx, ph: Phrase) -> Operation:
    kind = (ph.head or "").split(":", 1)[1]
    if kind in ("counterbore", "countersink") and (not ph.has("feat:hole") or "hole" in ph.feat_refs) \
            and not ph.count \
            and not ph.has("pos:corners") and not ph.slots.get("thread"):
        modified = modify_last_hole(ctx, ph)
        if isinstance(modified, Pocket):
            return modified
        if modified is not None:
            idx = next(i for i, op in enumerate(ctx.ops) if op.id == modified.id)
            ctx.ops[idx] = modified
            return modified
        if kind == "counterbore" and ph.slots.get("depth") and not ph.slots.get("cbore_diameter") \
                and len(ph.slots.get("diameter", [])) + len(ph.free) == 1:
            ctx.assume("a counterbore with no hole in it: a round recess")
            kind = "pocket"  # "a 50 mm dia x 5 deep counterbore in the center" (a spot face / recess)
            if ph.free:  # "a 20 mm counterbore 5 deep": its size is a diameter (a counterbore is round)
                ph.add_slot("diameter", ph.free.pop())
    op = BUILDERS[kind](ctx, ph)
    if op.label is None and ph.head_tok is not None:
        op.label = ph.head_tok.text  # "bore", "bolt holes": lets a later edit name this feature
    return op
