"""Builders for standard parts expanded into plan operations: washers, spacers, tubes and rings, rectangular
tubes, hex nuts, standoffs, flanges, spur gears, L-brackets, trays / open boxes and hollow boxes. ISO sizes come
from ``vocab/standards.yaml``; threads are not modelled (plain bores, recorded as assumptions).
"""

from __future__ import annotations

from typing import Literal

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.primitives import box, thread_size
from ai_designer.planning.trays import tray
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Circle,
    Cylinder,
    Extrude,
    Hole,
    Operation,
    Placement,
    Rectangle,
    RegularPolygon,
    SpurGear,
    Tube,
)

__all__ = ["STANDARD_BUILDERS"]


def _ring_dims(ctx: Ctx, ph: Phrase, name: str, std: tuple[float, float, float] | None = None
               ) -> tuple[float, float, float]:
    od = ctx.slot(ph, "od")
    id_ = ctx.slot(ph, "id")
    h = ctx.slot(ph, "height", "length", "thickness", "width")
    wall = ctx.slot(ph, "wall")
    d = ctx.diameter(ph, "diameter", "size")
    if d is not None:
        if od is None:
            od = d
        elif id_ is None:
            id_ = d
    free = ctx.free_flat(ph)
    named = next((n for n in ("wall", "id", "od") if free and ph.mentions(f"dim:{n}") and not ph.slots.get(n)), None)
    if named:  # "tube od 30 wall 3 x 60 lg": "3 x 60" went to the length, and the 3 left over became the bore
        raise reject(f"'{ph.text}': the {named.upper() if len(named) == 2 else named} is named but no size was read "
                     f"for it; give each size with its name (e.g. '30 od, 3 wall, 60 long')")
    for v in free:
        if od is None:
            od = v
        elif id_ is None and wall is None:
            id_ = v
        elif h is None:
            h = v
        else:
            ctx.leftover(ph, v)
    if std is not None:
        id_ = id_ if id_ is not None else std[0]
        od = od if od is not None else std[1]
        h = h if h is not None else std[2]
    if od is not None and id_ is not None and wall is not None and abs(od - id_ - 2 * wall) > 1e-6:
        raise reject(f"'{ph.text}': the {name}'s outside {od:g}, inside {id_:g} and {wall:g} mm wall do not agree "
                     f"(a {wall:g} mm wall makes the inside {od - 2 * wall:g}): give two of them")  # the wall was dropped
    if od is not None and id_ is None and wall is not None:
        id_ = od - 2 * wall
    if id_ is not None and od is None and wall is not None:
        od = id_ + 2 * wall
    od = ctx.need(od, f"the {name}'s outer diameter", f"a {name} 20 mm OD, 10 mm ID, 30 mm long")
    id_ = ctx.need(id_, f"the {name}'s inner diameter (or wall)", f"a {name} 20 mm OD, 10 mm ID, 30 mm long")
    flat = name in ("washer", "ring")
    h = ctx.need(h, f"the {name}'s {'thickness' if flat else 'length'}",
                 f"a {name} 20 mm OD, 10 mm ID, {'2 mm thick' if flat else '30 mm long'}")
    if id_ <= 0 or id_ >= od:
        raise PlanError(f"{name}: inner diameter {id_:g} mm must be between 0 and the outer {od:g} mm")
    return od, id_, h


def _tube(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    if any(len(t.values) == 3 for t in ph.free) and not ph.slots.get("od"):
        if kind != "spacer":  # "a washer 20 x 10 x 2", "a tube 40 x 30 x 100" were solid blocks: never hollow stock
            raise reject(f"'{ph.text}': a {ph.head_tok.text if ph.head_tok else kind} is round and hollow; give its "
                         f"outside and inside diameters and its {'thickness' if kind in ('washer', 'ring') else 'length'} "
                         "(e.g. '20 od, 10 id, 2 thick')")
        ctx.assume(f"{kind} given as length x width x thickness: a rectangular block")
        return box(ctx, ph, "box")  # "a 40 x 40 x 10 fan spacer"
    thread = thread_size(ctx, ph)
    name = {"washer": "washer", "spacer": "spacer", "ring": "ring"}.get(kind, "tube")
    std = None
    if thread and kind == "washer":
        std = ctx.vocab.standard("washer", thread)
        if std is None:
            raise PlanError(f"no ISO 7089 washer size for {thread}")
        ctx.assume(f"washer: ISO 7089 {thread} ({std[0]:g} x {std[1]:g} x {std[2]:g} mm)")
    elif thread and kind == "spacer":
        clear = ctx.vocab.standard("clearance", thread)
        if clear and not ph.slots.get("id"):
            ph.slots.setdefault("id", [])
            std = (clear[1], ctx.slot(ph, "od") or 0, 0)
            ctx.assume(f"spacer bore: {thread} clearance {clear[1]:g} mm")
    if std is not None and std[1] == 0:
        od, id_, h = _ring_dims(ctx, ph, name)
        if not ph.slots.get("id"):
            id_ = std[0]
    else:
        od, id_, h = _ring_dims(ctx, ph, name, std)
    return Tube(id=ctx.new_id(name), outer_diameter=od, inner_diameter=id_, height=h)


def _hollow_box(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    from ai_designer.schemas.task_graph import Shell

    wall = ctx.need(ctx.slot(ph, "wall"), "the wall thickness", "a hollow box 50 x 50 x 50 with 4 mm walls")
    from ai_designer.planning.finishing import open_faces

    cube = ph.head_tok is not None and "cube" in ph.head_tok.text
    shape = box(ctx, ph, "cube" if cube else "box")
    faces = open_faces(ph, named=False)
    if any(t.concept == "dim:id" for t in ph.toks):  # "90 x 65 x 30 inside, 2 mm walls": the walls go outside
        if not isinstance(shape, Box):
            raise reject(f"'{ph.text}': give the outside sizes of a hollow box with rounded corners")
        grow = {"length": 2 * wall, "width": 2 * wall, "height": (2 - len(faces)) * wall}
        shape = shape.model_copy(update={k: getattr(shape, k) + v for k, v in grow.items()})
        ctx.assume(f"hollow box: inside sizes as stated; outside {shape.length:g} x {shape.width:g} x "
                   f"{shape.height:g} mm, {'open at the ' + ' and '.join(faces) if faces else 'closed'}")
    else:
        ctx.assume(f"hollow box: {'open at the ' + ' and '.join(faces) if faces else 'closed'}, walls inwards from "
                   "the outside size")
    body = ctx.add(shape)
    return Shell(id=ctx.new_id("shell"), target=body.id, thickness=wall, open_faces=faces)  # type: ignore[arg-type]


def _frame(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    """A flat rectangular frame: outside size, border width, thickness (a plate with a centred window)."""
    from ai_designer.schemas.task_graph import Pocket

    border = ctx.need(ctx.slot(ph, "wall"), "the frame's border width", "a frame 100 x 80 outside, 10 mm border, 5 thick")
    ph.free = ph.free + ph.slots.pop("od", [])  # "100 x 80 outside": the outside size
    body = ctx.add(box(ctx, ph, "plate"))
    assert isinstance(body, Box)
    if 2 * border >= min(body.length, body.width):
        raise PlanError(f"a {border:g} mm border leaves no opening in {body.length:g} x {body.width:g} mm")
    ctx.assume("frame: outside size given; border all round")
    return Pocket(id=ctx.new_id("opening"), target=body.id,
                  profile=Rectangle(length=body.length - 2 * border, width=body.width - 2 * border))


def _rect_tube(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    L, W = (multi[0], multi[1]) if multi else (ctx.slot(ph, "width"), None)
    H = multi[2] if multi and len(multi) > 2 else ctx.slot(ph, "length", "height")
    if multi is None:
        singles = [f[0] for f in free if len(f) == 1]
        L = L or (singles[0] if singles else None)
    wall = ctx.need(ctx.slot(ph, "wall", "thickness"), "the tube's wall thickness", "40 x 20 mm, 2 mm wall, 100 long")
    L = ctx.need(L, "the tube's outer size", "a 40 x 20 mm rectangular tube, 2 mm wall, 100 mm long")
    W = W if W is not None else L
    H = ctx.need(H, "the tube's length", "a 40 x 20 mm rectangular tube, 2 mm wall, 100 mm long")
    if 2 * wall >= min(L, W):
        raise PlanError(f"wall {wall:g} mm leaves no hole in a {L:g} x {W:g} mm section")
    ctx.assume("rectangular tube axis: vertical (Z)")
    return Extrude(id=ctx.new_id("tube"), profile=Rectangle(length=L, width=W), height=H,
                   inner=[Rectangle(length=L - 2 * wall, width=W - 2 * wall)])


def _nut(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    thread = thread_size(ctx, ph)
    std = ctx.vocab.standard("hex_nut", thread) if thread else None
    if thread and std is None:
        raise PlanError(f"no ISO 4032 nut size for {thread}")
    af = ctx.slot(ph, "af") or (std[0] if std else None)
    h = ctx.slot(ph, "height", "thickness") or (std[1] if std else None)
    bore = ctx.diameter(ph, "id", "diameter") or (float(thread[1:]) if thread else None)
    free = ctx.free_flat(ph)
    for v in free:
        if af is None:
            af = v
        elif h is None:
            h = v
        elif bore is None:
            bore = v
        else:
            ctx.leftover(ph, v)
    af = ctx.need(af, "the nut's size across flats", "an M8 hex nut, or a hex nut 13 mm across flats, 6.5 mm thick")
    h = ctx.need(h, "the nut's thickness", "an M8 hex nut, or a hex nut 13 mm across flats, 6.5 mm thick")
    bore = ctx.need(bore, "the nut's bore", "an M8 hex nut")
    if std:
        ctx.assume(f"hex nut: ISO 4032 {thread}, {af:g} mm across flats, {h:g} mm thick")
    ctx.assume(f"nut thread not modelled: plain {bore:g} mm bore")
    if bore >= af:
        raise PlanError(f"nut bore {bore:g} mm must be smaller than {af:g} mm across flats")
    return Extrude(id=ctx.new_id("nut"), profile=RegularPolygon(sides=6, across_flats=af), height=h,
                   inner=[Circle(diameter=bore)])


def _standoff(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    thread = thread_size(ctx, ph)
    h = ctx.slot(ph, "height", "length")
    af = ctx.slot(ph, "af")
    od = ctx.slot(ph, "od")
    bore = ctx.diameter(ph, "id", "diameter")
    for v in ctx.free_flat(ph):
        if h is None:
            h = v
        elif af is None and od is None:
            if "round" in ph.text:
                od = v
            else:
                af = v
        else:
            ctx.leftover(ph, v)
    if thread:
        bore = bore or float(thread[1:])
        if af is None and od is None:
            af = ctx.vocab.standard("standoff_af", thread)
            if af:
                ctx.assume(f"standoff: {thread} hex, {af:g} mm across flats")
    h = ctx.need(h, "the standoff's length", "an M3 hex standoff 10 mm long")
    bore = ctx.need(bore, "the standoff's bore", "an M3 hex standoff 10 mm long")
    ctx.assume(f"standoff thread not modelled: plain {bore:g} mm bore through")
    if od is not None or "round" in ph.text:
        od = ctx.need(od, "the standoff's outer diameter", "a round standoff 6 mm OD, 3 mm bore, 10 mm long")
        return Tube(id=ctx.new_id("standoff"), outer_diameter=od, inner_diameter=bore, height=h)
    af = ctx.need(af, "the standoff's size across flats", "an M3 hex standoff 5.5 mm across flats, 10 mm long")
    return Extrude(id=ctx.new_id("standoff"), profile=RegularPolygon(sides=6, across_flats=af), height=h,
                   inner=[Circle(diameter=bore)])


def _flange(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    od = ctx.diameter(ph, "od", "diameter")
    t = ctx.slot(ph, "thickness", "height")
    free = ctx.free_flat(ph)
    for v in free:
        if od is None:
            od = v
        elif t is None:
            t = v
        else:
            ctx.leftover(ph, v)
    od = ctx.need(od, "the flange's outer diameter", "a flange 120 mm OD, 15 mm thick")
    t = ctx.need(t, "the flange's thickness", "a flange 120 mm OD, 15 mm thick")
    body = ctx.add(Cylinder(id=ctx.new_id("flange"), diameter=od, height=t))
    hub = ctx.slot(ph, "hub")
    if hub is not None:
        hub_h = ctx.need(ctx.slot(ph, "hub_height"), "the hub's height", "a 60 mm hub 20 mm high")
        from ai_designer.schemas.task_graph import Boss
        body = ctx.add(Boss(id=ctx.new_id("hub"), target=body.id, profile=Circle(diameter=hub), height=hub_h,
                            face=_hub_face(ph)))
    bore = ctx.slot(ph, "id")
    if bore is not None:
        body = ctx.add(Hole(id=ctx.new_id("bore"), target=body.id, diameter=bore))
    pcd = ctx.slot(ph, "pcd")
    if pcd is not None:
        raise PlanError("say the bolt holes as a feature: 'with 6 x 12 mm holes on a 95 mm PCD'")
    return body


def _hub_face(ph: Phrase) -> Literal["top", "bottom"]:
    """The face a flange's hub stands on: "hub … under it" / "underneath" / "on the bottom" is the bottom face (the
    builder put every hub on top, and the words that said otherwise were taken as the flange's own stacking)."""
    below = ph.rel == "under" or ph.has("face:bottom")
    above = ph.has("face:top") or any(t.text in ("above", "up") for t in ph.toks)
    if below and above:
        raise reject(f"'{ph.text}' puts the hub both above and below the flange: say one side")
    if any(ph.has(f"face:{f}") for f in ("left", "right", "front", "back")):
        raise reject(f"'{ph.text}': a flange's hub stands on its top or bottom face")
    if below:
        ph.mark("rel:under")
        ph.mark("rel:on_top")
    return "bottom" if below else "top"


def _gear(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    teeth_tok = ph.slots.get("teeth")
    teeth = int(teeth_tok[0].values[0]) if teeth_tok else ph.count
    module = None
    if ph.slots.get("module"):
        module = ph.slots["module"][0].values[0] * (ctx.unit or 1.0)
    if module is None and ph.slots.get("thread"):
        module = ph.slots["thread"][0].values[0]  # "m1.5" on a gear is the module, not a thread
    pd = ctx.slot(ph, "pitch_diameter")
    fw = ctx.slot(ph, "face_width", "width", "thickness", "height", "length")
    bore = ctx.diameter(ph, "id", "diameter")
    free = ctx.free_flat(ph)
    for v in free:
        if fw is None:
            fw = v
        else:
            ctx.leftover(ph, v)
    teeth = int(ctx.need(teeth, "the gear's number of teeth", "a spur gear with 24 teeth, module 2, 10 mm wide"))
    if module is None and pd is not None:
        module = pd / teeth
    module = ctx.need(module, "the gear's module (or pitch diameter)", "a spur gear with 24 teeth, module 2")
    fw = ctx.need(fw, "the gear's face width", "a spur gear with 24 teeth, module 2, 10 mm wide")
    if module <= 0:
        raise PlanError("gear module must be positive")
    pa = ctx.angle(ph) or 20.0
    if pa not in (20.0,):
        ctx.assume(f"pressure angle {pa:g} deg")
    else:
        ctx.assume("pressure angle: 20 deg (not stated)")
    return SpurGear(id=ctx.new_id("gear"), teeth=teeth, module=module, face_width=fw, bore_diameter=bore or 0.0,
                    pressure_angle=pa)


def _bracket(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    order = {id(t): i for i, t in enumerate(ph.toks)}
    leg_toks = sorted([*ph.slots.get("leg", []), *(t for t in ph.free if len(t.values) == 1)],
                      key=lambda t: order.get(id(t), 0))
    legs = [ctx.mm(t)[-1] for t in leg_toks][:2]
    ph.free = [t for t in ph.free if t not in leg_toks[:2]]
    t = ctx.slot(ph, "thickness")
    w = ctx.slot(ph, "width")
    L, H = ctx.slot(ph, "length"), ctx.slot(ph, "height")
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    if multi and len(multi) == 3 and t is None and multi[2] < min(multi[:2]) and (w is not None or L is not None):
        w = w if w is not None else L  # "an angle 50 x 50 x 5, 100 long": legs, legs, thickness; length = width
        L, H, t = multi
        multi = None
    if multi and len(multi) >= 2:
        vals = list(multi)
        L, H = (L or vals[0]), (H or vals[1])
        if len(vals) > 2 and w is None:
            w = vals[2]
    if legs:
        L = L or legs[0]
        H = H or (legs[1] if len(legs) > 1 else legs[0])
    for v in [f[0] for f in free if len(f) == 1]:
        if L is None:
            L = v
        elif H is None:
            H = v
        elif w is None:
            w = v
        elif t is None:
            t = v
        else:
            ctx.leftover(ph, v)
    L = ctx.need(L, "the bracket's leg lengths", "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick")
    H = ctx.need(H, "the bracket's second leg", "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick")
    w = ctx.need(w, "the bracket's width", "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick")
    t = ctx.need(t, "the bracket's thickness", "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick")
    if t >= min(L, H):
        raise PlanError(f"bracket thickness {t:g} mm must be less than its legs ({L:g}, {H:g} mm)")
    ctx.assume("L-bracket: horizontal leg along X, upright leg at -X end, legs measured outside")
    base = ctx.add(Box(id=ctx.new_id("base_leg"), length=L, width=w, height=t))
    up = ctx.add(Box(id=ctx.new_id("upright_leg"), length=t, width=w, height=H - t,
                     placement=Placement(at=(-L / 2 + t / 2, 0, t))))
    ctx.roles["leg"] = base.id
    ctx.bracket = (L, H, t)
    return Boolean(id=ctx.new_id("bracket"), kind="union", base=base.id, tools=[up.id])


STANDARD_BUILDERS = {
    "ring": _tube, "tube": _tube, "washer": _tube, "spacer": _tube, "rect_tube": _rect_tube, "nut": _nut,
    "standoff": _standoff, "flange": _flange, "gear": _gear, "bracket": _bracket, "tray": tray,
    "hollow_box": _hollow_box, "frame": _frame,
}
