"""Builders for primitive bodies (box, cylinder, sphere, cone, torus, prism) and the slot helpers they share.

Each follows the task-graph conventions (rest on XY, centred on Z); a missing size raises RejectedError naming it.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import (
    Box,
    Cone,
    Cylinder,
    Extrude,
    Operation,
    Prism,
    RoundedRectangle,
    Sphere,
    Torus,
)

__all__ = ["box", "round_body", "sphere", "cone", "torus", "prism", "thread_size", "dims3"]


def thread_size(ctx: Ctx, ph: Phrase) -> str | None:
    toks = ph.slots.get("thread")
    return toks[0].thread if toks else None


def _restated(ph: Phrase, multi: tuple[float, ...], named: tuple[float | None, ...]) -> tuple[float, ...]:
    """"100 x 8 x 60, 8 thick": a named size may restate one of ``A x B x C`` (it then says which one is which); a
    size that is not among them ("60 x 40 x 20, 10 mm deep and 20 wide") contradicts them and is refused."""
    rest = list(multi)
    for v in (n for n in named if n is not None):
        match = next((x for x in rest if abs(x - v) < 1e-9), None)
        if match is None:
            sizes = " x ".join(f"{x:g}" for x in multi)
            raise reject(f"the sizes in '{ph.text}' disagree: {sizes} and {v:g} mm (say each size once)")
        rest.remove(match)
    return tuple(n if n is not None else rest.pop(0) for n in named)


def dims3(ctx: Ctx, ph: Phrase) -> tuple[float | None, float | None, float | None]:
    """Length, width, height from ``A x B x C`` and/or named slots, in that order of preference."""
    free = ctx.free(ph)
    multi = next((f for f in free if len(f) > 1), None)
    singles = [f[0] for f in free if len(f) == 1]
    L = ctx.slot(ph, "length")
    W = ctx.slot(ph, "width")
    H = ctx.slot(ph, "height", "thickness", "depth")
    if multi and len(multi) == 3 and (L, W, H) != (None, None, None):
        L, W, H = _restated(ph, multi, (L, W, H))
    elif multi:
        vals = list(multi)
        if len(vals) == 2 and H is None and L is not None:
            W, H = vals
        elif len(vals) == 2 and (L is not None or W is not None):  # "100 x 60, thickness 5, length 120" built 120
            L, W = _restated(ph, multi, (L, W))
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
        else:
            ctx.leftover(ph, v)
    return L, W, H


def box(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    if ph.has("mod:stepped"):  # "a block … with a step along one side": the box builder makes no steps
        raise reject(f"a step on a {kind} ('{ph.text}'): describe it as a cut (e.g. 'cut a 20 x 10 mm rebate along "
                     "the front top edge, the full length') or as blocks stacked on each other")
    size = ctx.slot(ph, "size")
    L, W, H = dims3(ctx, ph)
    if kind == "cube":
        if len({v for v in (L, W, H) if v is not None}) > 1:
            raise reject(f"'{ph.text}' gives a cube more than one size ({', '.join(f'{v:g}' for v in (L, W, H) if v)})")
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
    if r is None and (ph.has("dim:corner_radius") or ph.has("pos:corners")):
        r = ctx.slot(ph, "radius")  # "with rounded corners, radius 8"
        if r is not None:
            ph.mark("dim:corner_radius")
    if r is not None:
        if 2 * r > min(L, W) + 1e-9:
            raise PlanError(f"corner radius {r:g} mm is more than half the {min(L, W):g} mm side")
        if 2 * r >= min(L, W) - 1e-9:
            r = min(L, W) / 2 - 1e-3
        return Extrude(id=ctx.new_id(name), profile=RoundedRectangle(length=L, width=W, radius=r), height=H)
    return Box(id=ctx.new_id(name), length=L, width=W, height=H)


def round_body(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    free = ctx.free_flat(ph)
    d = ctx.diameter(ph, "diameter", "od", "size", "width")
    h = ctx.slot(ph, "height", "length", "thickness", "depth")
    for v in free:
        if d is None:
            d = v
        elif h is None:
            h = v
        else:
            ctx.leftover(ph, v)
    name = {"rod": "rod", "disc": "disc"}.get(kind, "cylinder")
    if ph.has("mod:along_x") or ph.has("mod:along_y"):  # "a cylinder … lying along X": never built standing up
        raise reject(f"a {name} lying along X or Y: the offline planner builds round bodies standing along Z "
                     f"(say 'a {name} … standing up', or let a language model plan it)")
    d = ctx.need(d, f"the {name}'s diameter", f"a {name} 20 mm in diameter")
    h = ctx.need(h, f"the {name}'s {'thickness' if kind == 'disc' else 'length' if kind == 'rod' else 'height'}",
                 f"a {name} 20 mm in diameter and 50 mm long")
    if kind == "rod":
        ctx.assume("rod axis: vertical (Z)")
    return Cylinder(id=ctx.new_id(name), diameter=d, height=h)


def sphere(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    d = ctx.diameter(ph, "diameter", "od", "size")
    if d is None and ctx.free_flat(ph):
        d = ctx.free_flat(ph)[0]
        if not ph.slots.get("diameter"):
            ctx.assume(f"{kind}: {d:g} mm is the diameter")
    d = ctx.need(d, f"the {kind}'s diameter", f"a 40 mm diameter {kind}")
    return Sphere(id=ctx.new_id(kind), diameter=d, hemisphere=kind == "hemisphere")


def _cone_ends(ctx: Ctx, ph: Phrase) -> tuple[float | None, float | None, list[float]]:
    """The diameters a face word names ("top dia 30, bottom dia 60", in either order), and the others in order."""
    ph.asked.add("face")
    ends: dict[str, float] = {}
    rest: list[float] = []
    for slot, factor in (("diameter", 1.0), ("radius", 2.0)):
        for tok in ph.slots.get(slot, []):
            k = next(i for i, t in enumerate(ph.toks) if t is tok or t.text == tok.text and t.kind == "qty")
            before = [t.concept for t in ph.toks[max(0, k - 3):k]]
            face = "top" if "face:top" in before else "bottom" if "face:bottom" in before else None
            value = factor * ctx.mm(tok)[0]
            if face is None or face in ends:
                rest.append(value)
            else:
                ends[face] = value
    return ends.get("bottom"), ends.get("top"), rest


def cone(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    free = ctx.free_flat(ph)
    named_bottom, named_top, diams = _cone_ends(ctx, ph)
    bottom = ctx.slot(ph, "bottom_diameter", "od") or named_bottom
    top = ctx.slot(ph, "top_diameter", "id") or named_top
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
    word = ph.head_tok.text.lower() if ph.head_tok else ""
    if not top and word.split()[-1:] in (["pin"], ["rod"], ["shaft"]):
        raise reject(f"a {word} has a small end: give its diameter (e.g. 'a {word} 10 mm to 6 mm over 40 mm'); built "
                     "as a cone it came to a sharp point")
    top = top or 0.0
    if top == bottom:
        raise PlanError(f"a cone with equal top and bottom diameters ({top:g} mm) is a cylinder")
    return Cone(id=ctx.new_id("cone"), bottom_diameter=bottom, top_diameter=top, height=h)


def torus(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    od, id_ = ctx.slot(ph, "od"), ctx.slot(ph, "id")
    tube = ctx.slot(ph, "tube", "thickness", "width")
    major = ctx.diameter(ph, "diameter", "size")
    if ctx.slot(ph, "major_radius") is not None:
        major = 2 * ctx.slot(ph, "major_radius")  # type: ignore[operator]
    if ctx.slot(ph, "minor_radius") is not None:
        tube = 2 * ctx.slot(ph, "minor_radius")  # type: ignore[operator]
    if "major" in ph.text.split() and "minor" in ph.text.split() and od is not None and id_ is not None:
        major, tube, od, id_ = od, id_, None, None  # torus "major/minor diameter": centre line and tube
    free = ctx.free_flat(ph)
    if major is not None and od is None and any(w in ph.text.split() for w in ("across", "overall", "outside")):
        od, major = major, None  # "a torus 80 mm across": the overall size
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
        else:
            ctx.leftover(ph, v)
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


_SIDES = {"tri": 3, "square": 4, "pent": 5, "hex": 6, "hept": 7, "oct": 8}


def prism(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    words = [w for t in ph.toks for w in t.text.split()]
    sides = next((n for w in words for k, n in _SIDES.items() if w.startswith(k) and k != "square"), 6)
    af = ctx.slot(ph, "af")
    ac = ctx.slot(ph, "ac", "diameter")
    if ctx.slot(ph, "ac") is None and ctx.slot(ph, "diameter") is not None:  # "a hex bar 20 mm across"
        raise reject(f"'{ph.text}': is {ctx.slot(ph, 'diameter'):g} mm across the flats or across the corners? (it "
                     "was built across the corners; say 'across flats' or 'across corners')")
    h = ctx.slot(ph, "height", "length", "thickness")
    for v in ctx.free_flat(ph):
        if af is None and ac is None:
            af = v
            ctx.assume(f"prism: {v:g} mm is across flats")
        elif h is None:
            h = v
        else:
            ctx.leftover(ph, v)
    if af is None and ac is None:
        ctx.need(None, "the prism's size across flats", "a hex prism 20 mm across flats, 30 mm tall")
    h = ctx.need(h, "the prism's height", "a hex prism 20 mm across flats, 30 mm tall")
    return Prism(id=ctx.new_id("prism"), sides=sides, across_flats=af, diameter=None if af else ac, height=h)


