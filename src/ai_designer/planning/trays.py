"""Trays, open boxes and cups (slot planner): a body with a cavity open at the top, given by its outside or its
inside size.

"120 x 90 x 60 outside" is the outside of a rectangular box (the word "outside" is not a diameter there: it used to
build a 60 mm cylinder); "the inside has to be 80 x 50, 25 deep, 3 mm walls and floor" is the cavity, and the body
grows by the walls and the floor. An inside size the builder cannot place exactly (the inside of a cup) is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.primitives import dims3
from ai_designer.schemas.task_graph import (
    Box,
    Circle,
    Cylinder,
    Operation,
    Pocket,
    Rectangle,
    RoundedRectangle,
)

__all__ = ["tray"]

_OUTSIDE_WORDS = ("outside", "outer", "external", "overall")
_EXAMPLE = "an open box 100 x 60 x 40 mm, 2 mm walls"


def _said_inside(ph: Phrase) -> bool:
    """"inside 80 x 50", "the inside has to be …": the sizes are the cavity's."""
    return any(t.concept == "dim:id" for t in ph.toks)


def _rect_outside(ph: Phrase) -> bool:
    """"120 x 90 x 60 mm outside": an ``od`` slot taken from a size of several values (the binder hands it the last
    one) is a box's outside size, not a diameter."""
    return any(len(t.values) > 1 or " x " in t.text for t in ph.slots.get("od", []))


def tray(ctx: Ctx, ph: Phrase, kind: str) -> Operation:
    inside = _said_inside(ph)
    d = None if _rect_outside(ph) else ctx.diameter(ph, "diameter", "od")
    if d is not None:
        if inside:
            raise reject("the inside size of a round container is not read offline: give its outside diameter "
                         "(e.g. 'a cup 50 mm in diameter, 60 mm tall, 2 mm walls')")
        return _round_tray(ctx, ph, d)
    L, W, H = dims3(ctx, ph)
    if H is None and _rect_outside(ph):
        H = ctx.slot(ph, "od")  # the last value of "120 x 90 x 60 outside", split off by the binder
    wall = ctx.need(ctx.slot(ph, "wall", "thickness"), "the wall thickness", _EXAMPLE)
    L = ctx.need(L, "the box's length", _EXAMPLE)
    W = ctx.need(W, "the box's width", _EXAMPLE)
    H = ctx.need(H, "the box's height" if not inside else "the box's inside depth", _EXAMPLE)
    floor = _floor(ctx, ph, wall)
    if inside:
        L, W, H = L + 2 * wall, W + 2 * wall, H + floor
        ctx.assume(f"inside {L - 2 * wall:g} x {W - 2 * wall:g}, {H - floor:g} deep: outside {L:g} x {W:g} x "
                   f"{H:g} mm; open at the top")
    else:
        ctx.assume("outside dimensions; open at the top")
    if 2 * wall >= min(L, W) or floor >= H:
        raise PlanError(f"walls of {wall:g} mm / floor {floor:g} mm leave no room inside {L:g} x {W:g} x {H:g} mm")
    ctx.tray_wall = wall
    body = ctx.add(Box(id=ctx.new_id("tray"), length=L, width=W, height=H))
    r = ctx.slot(ph, "corner_radius")
    k = next((i for i, t in enumerate(ph.toks) if t.concept == "dim:corner_radius"), None)
    if r is not None and k and any(w in ("outside", "outer", "external") for t in ph.toks[max(0, k - 2):k]
                                   for w in t.text.lower().split()):
        raise reject(f"'{ph.text}': a tray's corner radius rounds its cavity (the inside corners); rounding the "
                     "outside corners is not offered offline (it was put inside)")
    prof = Rectangle(length=L - 2 * wall, width=W - 2 * wall) if r is None else \
        RoundedRectangle(length=L - 2 * wall, width=W - 2 * wall, radius=min(r, (min(L, W) - 2 * wall) / 2 - 1e-3))
    return Pocket(id=ctx.new_id("cavity"), target=body.id, profile=prof, depth=H - floor)


def _round_tray(ctx: Ctx, ph: Phrase, d: float) -> Operation:
    """A cup / round container: a cylinder with a round cavity, open at the top."""
    h = ctx.slot(ph, "height", "depth", "length")
    free = ctx.free_flat(ph)
    if h is None and free:
        h = free[0]
    h = ctx.need(h, "the container's height", "a cup 50 mm in diameter, 60 mm tall, 2 mm walls")
    wall = ctx.need(ctx.slot(ph, "wall", "thickness"), "the wall thickness", "a cup 50 mm in diameter, 60 mm tall, 2 mm walls")
    floor = _floor(ctx, ph, wall)
    if 2 * wall >= d or floor >= h:
        raise PlanError(f"walls of {wall:g} mm / floor {floor:g} mm leave no room inside a {d:g} x {h:g} mm cup")
    ctx.assume("outside dimensions; open at the top")
    ctx.tray_wall = wall
    body = ctx.add(Cylinder(id=ctx.new_id("cup"), diameter=d, height=h))
    return Pocket(id=ctx.new_id("cavity"), target=body.id, profile=Circle(diameter=d - 2 * wall), depth=h - floor)


def _floor(ctx: Ctx, ph: Phrase, wall: float) -> float:
    """The floor's thickness: stated, "4 mm walls and floor" (the wall's), or the wall's (recorded)."""
    floor = ctx.slot(ph, "floor")
    if floor is not None:
        return floor
    for i, t in enumerate(ph.toks):
        if t.concept == "dim:floor" and i > 1 and ph.toks[i - 1].kind == "sep" and ph.toks[i - 2].concept == "dim:wall":
            t.slot = "read"
            return wall
    ctx.assume(f"floor thickness = wall thickness {wall:g} mm (not stated)")
    return wall
