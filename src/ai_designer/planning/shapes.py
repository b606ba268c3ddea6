"""Builders for bodies: primitives and standard parts, each from a phrase's slots.

Every builder follows the task-graph conventions (bodies rest on XY, centred on Z) and records the assumptions it
makes. A required size that is missing raises :class:`RejectedError` naming it; an impossible one :class:`PlanError`.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Circle,
    Cone,
    Cylinder,
    Extrude,
    Hole,
    Operation,
    Placement,
    Prism,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Sphere,
    SpurGear,
    Torus,
    Transform,
    Tube,
)

__all__ = ["build_shape"]


def _thread(ctx: Ctx, ph: Phrase) -> str | None:
    toks = ph.slots.get("thread")
    return toks[0].thread if toks else None


def _dims3(ctx: Ctx, ph: Phrase) -> tuple[float | None, float | None, float | None]:
    """Length, width, height from ``A x B x C`` and/or named slots, in that order of preference."""
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    singles = [f[0] for f in free if len(f) == 1]
    L = ctx.slot(ph, "length")
    W = ctx.slot(ph, "width")
    H = ctx.slot(ph, "height", "thickness", "depth")
    if multi:
        vals = list(multi)
        if len(vals) == 2 and H is None and L is not None:
            W, H = vals
        else:
            L = L if L is not None else vals[0]
            W = W if W is not None else vals[1]
            if len(vals) > 2:
                H = H if H is not None else vals[2]
    for v in singles:
        if L is None:
            L = v
        elif W is None:
            W = v
        elif H is None:
            H = v
    return L, W, H


def _box(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    size = ctx.slot(ph, "size")
    L, W, H = _dims3(ctx, ph)
    if kind == "cube":
        side = size or L
        side = ctx.need(side, "the cube's size", "a 40 mm cube")
        L = W = H = side
    name = {"plate": "plate", "bar": "bar"}.get(kind, "block")
    if L is not None and W is None and H is None and kind == "box" and not ph.slots:
        W = H = L
        ctx.assume(f"{kind}: all sides {L:g} mm (one size given)")
    if L is not None and W is None and "square" in ph.text.split():
        W = L
    L = ctx.need(L, f"the {name}'s length", f"a 100 x 60 x 8 mm {name}")
    W = ctx.need(W, f"the {name}'s width", f"a 100 x 60 x 8 mm {name}")
    H = ctx.need(H, f"the {name}'s {'thickness' if kind == 'plate' else 'height'}", f"a 100 x 60 x 8 mm {name}")
    r = ctx.slot(ph, "corner_radius")
    if r is not None:
        if 2 * r > min(L, W) + 1e-9:
            raise PlanError(f"corner radius {r:g} mm is more than half the {min(L, W):g} mm side")
        if 2 * r >= min(L, W) - 1e-9:
            r = min(L, W) / 2 - 1e-3
        return Extrude(id=ctx.new_id(name), profile=RoundedRectangle(length=L, width=W, radius=r), height=H)
    return Box(id=ctx.new_id(name), length=L, width=W, height=H)


def _round(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    free = ctx.free_flat(ph)
    d = ctx.diameter(ph, "diameter", "od", "size", "width")
    h = ctx.slot(ph, "height", "length", "thickness", "depth")
    for v in free:
        if d is None:
            d = v
        elif h is None:
            h = v
    name = {"rod": "rod", "disc": "disc"}.get(kind, "cylinder")
    d = ctx.need(d, f"the {name}'s diameter", f"a {name} 20 mm in diameter")
    h = ctx.need(h, f"the {name}'s {'thickness' if kind == 'disc' else 'length' if kind == 'rod' else 'height'}",
                 f"a {name} 20 mm in diameter and 50 mm long")
    if kind == "rod":
        ctx.assume("rod axis: vertical (Z)")
    return Cylinder(id=ctx.new_id(name), diameter=d, height=h)


def _sphere(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    d = ctx.diameter(ph, "diameter", "od", "size")
    if d is None and ctx.free_flat(ph):
        d = ctx.free_flat(ph)[0]
        if not ph.slots.get("diameter"):
            ctx.assume(f"{kind}: {d:g} mm is the diameter")
    d = ctx.need(d, f"the {kind}'s diameter", f"a 40 mm diameter {kind}")
    return Sphere(id=ctx.new_id(kind), diameter=d, hemisphere=kind == "hemisphere")


def _cone(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    free = ctx.free_flat(ph)
    diams = [ctx.mm(t)[0] for t in ph.slots.get("diameter", [])] + [2 * ctx.mm(t)[0] for t in ph.slots.get("radius", [])]
    bottom = ctx.slot(ph, "bottom_diameter", "od")
    top = ctx.slot(ph, "top_diameter", "id")
    if bottom is None and ctx.slot(ph, "bottom_radius") is not None:
        bottom = 2 * ctx.slot(ph, "bottom_radius")  # type: ignore[operator]
    if top is None and ctx.slot(ph, "top_radius") is not None:
        top = 2 * ctx.slot(ph, "top_radius")  # type: ignore[operator]
    if bottom is None and diams:
        bottom = diams.pop(0)
    if top is None and diams:
        top = diams.pop(0)
    h = ctx.slot(ph, "height", "length")
    rest = list(free)
    if bottom is None and rest:
        bottom = rest.pop(0)
    if h is None and rest:
        h = rest.pop(-1)
    if top is None and rest:
        top = rest.pop(0)
    bottom = ctx.need(bottom, "the cone's base diameter", "a cone 40 mm diameter at the base, 30 mm tall")
    h = ctx.need(h, "the cone's height", "a cone 40 mm diameter at the base, 30 mm tall")
    top = top or 0.0
    if top == bottom:
        raise PlanError(f"a cone with equal top and bottom diameters ({top:g} mm) is a cylinder")
    return Cone(id=ctx.new_id("cone"), bottom_diameter=bottom, top_diameter=top, height=h)


def _torus(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    od, id_ = ctx.slot(ph, "od"), ctx.slot(ph, "id")
    tube = ctx.slot(ph, "tube", "thickness", "width")
    major = ctx.diameter(ph, "diameter", "size")
    free = ctx.free_flat(ph)
    if od is not None and id_ is not None:
        major, tube = (od + id_) / 2, (od - id_) / 2
    elif od is not None and tube is not None:
        major = od - tube
    elif id_ is not None and tube is not None:
        major = id_ + tube
    for v in free:
        if major is None:
            major = v
        elif tube is None:
            tube = v
    major = ctx.need(major, "the torus's diameter", "a torus 60 mm across with a 10 mm tube")
    tube = ctx.need(tube, "the torus's tube diameter", "a torus 60 mm across with a 10 mm tube")
    if major is not None and od is None and id_ is None and not ph.slots.get("diameter"):
        ctx.assume(f"torus: {major:g} mm is the centre-line diameter")
    wall = ctx.slot(ph, "wall")
    inner = tube - 2 * wall if wall is not None and ("hollow" in ph.text or ph.has("feat:shell")) else 0.0
    if tube >= major:
        raise PlanError(f"torus tube {tube:g} mm must be smaller than its centre-line diameter {major:g} mm")
    if inner < 0:
        raise PlanError(f"hollow torus wall {wall:g} mm is more than half the tube {tube:g} mm")
    return Torus(id=ctx.new_id("torus"), major_diameter=major, minor_diameter=tube, inner_diameter=inner)


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
    for v in free:
        if od is None:
            od = v
        elif id_ is None and wall is None:
            id_ = v
        elif h is None:
            h = v
    if std is not None:
        id_ = id_ if id_ is not None else std[0]
        od = od if od is not None else std[1]
        h = h if h is not None else std[2]
    if od is not None and id_ is None and wall is not None:
        id_ = od - 2 * wall
    if id_ is not None and od is None and wall is not None:
        od = id_ + 2 * wall
    od = ctx.need(od, f"the {name}'s outer diameter", f"a {name} 20 mm OD, 10 mm ID, 30 mm long")
    id_ = ctx.need(id_, f"the {name}'s inner diameter (or wall)", f"a {name} 20 mm OD, 10 mm ID, 30 mm long")
    h = ctx.need(h, f"the {name}'s length", f"a {name} 20 mm OD, 10 mm ID, 30 mm long")
    if id_ <= 0 or id_ >= od:
        raise PlanError(f"{name}: inner diameter {id_:g} mm must be between 0 and the outer {od:g} mm")
    return od, id_, h


def _tube(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    thread = _thread(ctx, ph)
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
    body = ctx.add(_box(ctx, ph, "box"))
    ctx.assume("hollow box: closed, walls inwards from the outside size")
    return Shell(id=ctx.new_id("shell"), target=body.id, thickness=wall)


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


_SIDES = {"tri": 3, "square": 4, "pent": 5, "hex": 6, "hept": 7, "oct": 8}


def _prism(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    text = ph.head_tok.text if ph.head_tok else ""
    sides = next((n for k, n in _SIDES.items() if k in text), 6)
    af = ctx.slot(ph, "af")
    ac = ctx.slot(ph, "ac", "diameter")
    h = ctx.slot(ph, "height", "length", "thickness")
    for v in ctx.free_flat(ph):
        if af is None and ac is None:
            af = v
            ctx.assume(f"prism: {v:g} mm is across flats")
        elif h is None:
            h = v
    if af is None and ac is None:
        ctx.need(None, "the prism's size across flats", "a hex prism 20 mm across flats, 30 mm tall")
    h = ctx.need(h, "the prism's height", "a hex prism 20 mm across flats, 30 mm tall")
    return Prism(id=ctx.new_id("prism"), sides=sides, across_flats=af, diameter=None if af else ac, height=h)


def _nut(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    thread = _thread(ctx, ph)
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
    thread = _thread(ctx, ph)
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
    od = ctx.need(od, "the flange's outer diameter", "a flange 120 mm OD, 15 mm thick")
    t = ctx.need(t, "the flange's thickness", "a flange 120 mm OD, 15 mm thick")
    body = ctx.add(Cylinder(id=ctx.new_id("flange"), diameter=od, height=t))
    hub = ctx.slot(ph, "hub")
    if hub is not None:
        hub_h = ctx.need(ctx.slot(ph, "hub_height"), "the hub's height", "a 60 mm hub 20 mm high")
        from ai_designer.schemas.task_graph import Boss
        body = ctx.add(Boss(id=ctx.new_id("hub"), target=body.id, profile=Circle(diameter=hub), height=hub_h))
    bore = ctx.slot(ph, "id")
    if bore is not None:
        body = ctx.add(Hole(id=ctx.new_id("bore"), target=body.id, diameter=bore))
    pcd = ctx.slot(ph, "pcd")
    if pcd is not None:
        raise PlanError("say the bolt holes as a feature: 'with 6 x 12 mm holes on a 95 mm PCD'")
    return body


def _gear(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    teeth_tok = ph.slots.get("teeth")
    teeth = int(teeth_tok[0].values[0]) if teeth_tok else ph.count
    module = None
    if ph.slots.get("module"):
        module = ph.slots["module"][0].values[0] * (ctx.unit or 1.0)
    pd = ctx.slot(ph, "pitch_diameter")
    fw = ctx.slot(ph, "face_width", "width", "thickness", "height", "length")
    bore = ctx.diameter(ph, "id", "diameter")
    free = ctx.free_flat(ph)
    for v in free:
        if fw is None:
            fw = v
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
    return Boolean(id=ctx.new_id("bracket"), kind="union", base=base.id, tools=[up.id])


def _tray(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    from ai_designer.schemas.task_graph import Pocket

    L, W, H = _dims3(ctx, ph)
    wall = ctx.need(ctx.slot(ph, "wall", "thickness"), "the wall thickness", "an open box 100 x 60 x 40 mm, 2 mm walls")
    L = ctx.need(L, "the box's length", "an open box 100 x 60 x 40 mm with 2 mm walls")
    W = ctx.need(W, "the box's width", "an open box 100 x 60 x 40 mm with 2 mm walls")
    H = ctx.need(H, "the box's height", "an open box 100 x 60 x 40 mm with 2 mm walls")
    floor = ctx.slot(ph, "floor")
    if floor is None:
        floor = wall
        ctx.assume(f"floor thickness = wall thickness {wall:g} mm (not stated)")
    if 2 * wall >= min(L, W) or floor >= H:
        raise PlanError(f"walls of {wall:g} mm / floor {floor:g} mm leave no room inside {L:g} x {W:g} x {H:g} mm")
    ctx.assume("outside dimensions; open at the top")
    body = ctx.add(Box(id=ctx.new_id("tray"), length=L, width=W, height=H))
    r = ctx.slot(ph, "corner_radius")
    prof = Rectangle(length=L - 2 * wall, width=W - 2 * wall) if r is None else \
        RoundedRectangle(length=L - 2 * wall, width=W - 2 * wall, radius=min(r, (min(L, W) - 2 * wall) / 2 - 1e-3))
    return Pocket(id=ctx.new_id("cavity"), target=body.id, profile=prof, depth=H - floor)


BUILDERS: dict[str, Callable[[Ctx, Phrase, str], Operation]] = {
    "box": _box, "cube": _box, "plate": _box, "bar": _box,
    "cylinder": _round, "rod": _round, "disc": _round,
    "sphere": _sphere, "hemisphere": _sphere, "cone": _cone, "torus": _torus,
    "ring": _tube, "tube": _tube, "washer": _tube, "spacer": _tube, "rect_tube": _rect_tube,
    "prism": _prism, "nut": _nut, "standoff": _standoff, "flange": _flange, "gear": _gear,
    "bracket": _bracket, "tray": _tray, "hollow_box": _hollow_box,
}


def build_shape(ctx: Ctx, ph: Phrase) -> Operation:
    """Add the body a shape phrase describes; stack it on/under the current body when the phrase says so."""
    kind = (ph.head or "shape:box").split(":", 1)[1]
    if kind == "bar" and (ph.slots.get("diameter") or ph.slots.get("radius")):
        kind = "rod"
    if kind == "ring" and (ph.has("shape:torus") or (ctx.slot(ph, "tube") is not None)):
        kind = "torus"
    if kind == "washer" and not ph.slots.get("id") and not _thread(ctx, ph) and ctx.slot(ph, "od") is not None \
            and not ph.free:
        raise PlanError("washer: give the inner diameter, e.g. '16 mm OD, 8.4 mm ID, 1.6 mm thick' or 'an M8 washer'")
    prev = ctx.current
    op = BUILDERS[kind](ctx, ph, kind)
    if prev is not None and ph.rel in ("on_top", "under"):
        ctx.add(op)
        est_prev, est_new = ctx.est(prev), ctx.est(op.id)
        z = est_prev.hi[2] - est_new.lo[2] if ph.rel == "on_top" else est_prev.lo[2] - est_new.hi[2]
        cx = (est_prev.lo[0] + est_prev.hi[0]) / 2 - (est_new.lo[0] + est_new.hi[0]) / 2
        cy = (est_prev.lo[1] + est_prev.hi[1]) / 2 - (est_new.lo[1] + est_new.hi[1]) / 2
        tool = op.id
        if hasattr(op, "placement"):
            op.placement = Placement(at=(cx, cy, z))  # type: ignore[union-attr]
        else:
            tool = ctx.add(Transform(id=ctx.new_id("moved"), target=op.id, placement=Placement(at=(cx, cy, z)))).id
        ctx.junction_z = est_prev.hi[2] if ph.rel == "on_top" else est_prev.lo[2]
        ctx.assume(f"{op.id}: {'on top of' if ph.rel == 'on_top' else 'under'} {prev}, centred")
        return Boolean(id=ctx.new_id("union"), kind="union", base=prev, tools=[tool])
    return op
