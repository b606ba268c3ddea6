"""Cuts that run along a face or round a body: slots (and slot counterbores), grooves and channels along a face, and
grooves all the way round a cylinder."""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.finishing import face_for
from ai_designer.planning.hole_places import ROUND_BODIES, base_body
from ai_designer.planning.lexer import Tok
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.positions import place
from ai_designer.schemas.task_graph import (
    Boolean,
    Cylinder,
    Operation,
    Placement,
    Pocket,
    Points,
    Rectangle,
    Slot,
    Tube,
)

__all__ = ["slot", "slot_counterbore", "groove"]

def slot(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    L, W = ctx.slot(ph, "length"), ctx.slot(ph, "width") or ctx.diameter(ph, "diameter")
    if multi:
        L, W = L or max(multi[:2]), W or min(multi[:2])
    singles = [f[0] for f in free if len(f) == 1]
    for v in singles:
        if L is None:
            L = v
        elif W is None:
            W = v
        else:
            ctx.leftover(ph, v)
    if L is None and W is not None and (ph.has("mod:along_x") or ph.has("mod:along_y")):
        ph.slots.setdefault("width", [Tok("qty", f"{W:g}", values=(W,), unit="length", explicit=True)])
        ctx.assume("a slot running the full length/width is cut as a groove")
        return groove(ctx, ph)  # "a 20 mm wide slot … running the full width"
    L = ctx.need(L, "the slot's length", "a 30 x 8 mm slot")
    W = ctx.need(W, "the slot's width", "a 30 x 8 mm slot")
    if L < W:
        L, W = W, L
    depth = ctx.slot(ph, "depth")
    face = face_for(ctx, ph)
    if depth is None:
        ctx.assume("slot depth: through (not stated)")
    elif depth > est.thickness(face) + 1e-9:  # "a slot 12 deep" in a 10 mm plate: not a through slot said
        raise PlanError(f"the {depth:g} mm deep slot goes into a part {est.thickness(face):g} mm thick there: say "
                        "'through', or a depth that fits")
    elif depth >= est.thickness(face):
        depth = None
    angle = 90.0 if ph.has("mod:along_y") else 0.0
    at, n = place(ctx, ph, est, face, W, what="slot")
    return Pocket(id=ctx.new_id("slots" if n > 1 else "slot"), target=ctx.current or "",
                  profile=Slot(length=L, width=W), depth=depth, face=face, at=at, angle=angle)  # type: ignore[arg-type]



def slot_counterbore(ctx: Ctx, ph: Phrase, slot: Pocket) -> Operation:
    """"…, counterbore 14 wide 4 deep" after a slot: a wider, shallow slot pocket at the same places."""
    assert isinstance(slot.profile, Slot)
    w = ctx.slot(ph, "width", "cbore_diameter") or ctx.diameter(ph, "diameter") or \
        (ctx.free_flat(ph)[0] if ctx.free_flat(ph) else None)
    w = ctx.need(w, "the slot counterbore width", "counterbore 14 wide, 4 deep")
    dep = ctx.need(ctx.slot(ph, "depth", "cbore_depth"), "the slot counterbore depth", "counterbore 14 wide, 4 deep")
    if w <= slot.profile.width:
        raise PlanError(f"slot counterbore {w:g} mm must be wider than the {slot.profile.width:g} mm slot")
    prof = Slot(length=slot.profile.length + (w - slot.profile.width), width=w)
    ctx.assume("slot counterbore: same centre line, widened equally all round")
    return Pocket(id=ctx.new_id("slot_cbore"), target=slot.id, profile=prof, depth=dep, face=slot.face, at=slot.at,
                  angle=slot.angle)



def groove(ctx: Ctx, ph: Phrase) -> Operation:
    est = ctx.est()
    w = ctx.slot(ph, "width")
    depth = ctx.slot(ph, "depth")
    free = ctx.free_flat(ph)
    for v in free:
        if w is None:
            w = v
        elif depth is None:
            depth = v
        else:
            ctx.leftover(ph, v)
    w = ctx.need(w, "the groove's width", "a 10 mm wide, 3 mm deep groove along the top")
    depth = ctx.need(depth, "the groove's depth", "a 10 mm wide, 3 mm deep groove along the top")
    around = ph.has("mod:around") or any(t.concept == "pos:polar" and t.text == "around" for t in ph.toks)
    if around:
        ph.asked.add("pos:polar")
        return _ring_groove(ctx, ph, w, depth)
    face = face_for(ctx, ph)
    said = any(t.concept in ("face:top", "face:bottom") or t.text.startswith("across the") for t in ph.toks)
    if face in ("top", "bottom") and not said and isinstance(base_body(ctx, ctx.current), ROUND_BODIES):
        raise reject(f"'{ph.text}' on a round part: say whether it goes around it ('a 2 mm wide, 1 mm deep groove "
                     "around it 10 mm from the top') — a keyway or a groove along the part is not built offline")
    su, sv = est.face_size(face)
    along_y = ph.has("mod:along_y")
    way = {"along", "across", "lengthwise", "crosswise", "widthwise", "length", "width", "way"} & set(ph.text.split())
    if not along_y and not ph.has("mod:along_x") and not way and su < sv - 1e-9:
        # no way said: "the full length (X)" of a 40 x 60 face ran the short way
        raise reject(f"'{ph.text}': which way the groove runs is not said, and the {face} face is longer along Y "
                     "(say e.g. 'along the length' or 'along X')")
    ctx.assume(f"groove runs the full {'width (Y)' if along_y else 'length (X)'} of the {face} face, centred")
    prof = Rectangle(length=w, width=sv + 2) if along_y else Rectangle(length=su + 2, width=w)
    if depth >= est.thickness(face):
        raise PlanError(f"a {depth:g} mm deep groove cuts the {est.thickness(face):g} mm part in two")
    from ai_designer.planning.positions import _from_sides

    fu, fv = _from_sides(ctx, ph, face, su, sv)

    at = Points(points=[((fu or 0.0) if along_y else 0.0, 0.0 if along_y else (fv or 0.0))])
    return Pocket(id=ctx.new_id("groove"), target=ctx.current or "", profile=prof, depth=depth, face=face, at=at)  # type: ignore[arg-type]



def _ring_groove(ctx: Ctx, ph: Phrase, w: float, depth: float) -> Operation:
    """A groove all the way round a round body: cut with a ring (tube) at the stated height."""
    est = ctx.est()
    base = next((op for op in ctx.ops if isinstance(op, (Cylinder, Tube))), None)
    dx, dy, h = est.size
    if base is None or abs(dx - dy) > 1e-6:
        raise reject("a groove 'around' needs a round body (cylinder, rod, tube) to go round")
    if 2 * depth >= dx or w >= h:
        raise PlanError(f"a {w:g} x {depth:g} mm groove does not fit round a {dx:g} mm x {h:g} mm body")
    top, bottom = ctx.slot(ph, "from_top"), ctx.slot(ph, "from_bottom")
    z = est.hi[2] - top if top is not None else est.lo[2] + bottom if bottom is not None else (est.lo[2] + est.hi[2]) / 2
    if top is None and bottom is None:
        ctx.assume("groove around: at mid-height")
    else:
        ctx.assume("groove around: position measured to the groove's centre line")
    if z - w / 2 < est.lo[2] - 1e-6 or z + w / 2 > est.hi[2] + 1e-6:
        raise PlanError("the groove runs off the end of the part")
    cx, cy = (est.lo[0] + est.hi[0]) / 2, (est.lo[1] + est.hi[1]) / 2
    ring = ctx.add(Tube(id=ctx.new_id("groove_ring"), outer_diameter=dx + 2, inner_diameter=dx - 2 * depth, height=w,
                        placement=Placement(at=(cx, cy, z - w / 2))), body=False)
    return Boolean(id=ctx.new_id("groove"), kind="cut", base=ctx.current or "", tools=[ring.id])
