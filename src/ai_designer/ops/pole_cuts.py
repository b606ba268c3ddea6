"""A cut over the pole of a round body (a sphere, a dome, a cone's tip): what it does to the body's box and volume.

A hole drilled down a dome's axis takes the dome's top off: the part is ``sqrt(R² - r²)`` tall, not ``R``. The
estimate kept the box (a blind hole) or dropped it (a through hole), so "a hemisphere 50 mm diameter with a 10 mm
hole 10 deep" failed the plan's own check (the intent said 25 tall, the part is 24.49) and a through hole was
checked against nothing. One round hole on the axis of an untouched sphere or dome is exact here (box and volume,
through or blind, from either end); any other cut over a round body's pole leaves that axis unchecked.

Loaded only from inside the operations' functions, like ``feature_support``.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ai_designer.cad.extents import FACE_AXES
from ai_designer.planning.intent import Est

__all__ = ["over_pole", "pole_cut"]

Point = tuple[float, float]
_ROUND = ("sphere", "dome", "curved")


def over_pole(t: Est, pts: list[Point], half: float) -> bool:
    """A cut of half-width ``half`` at ``pts`` (on the face, from its centre) covers the body's axis, on a round
    body whose extent along the cut there is not its box's; or any cut into a union one of whose outer sides is a
    round body (``boolean``'s "rounded": where its pole is is not kept)."""
    return t.kind == "rounded" or (t.kind in _ROUND and any(math.hypot(u, v) < half for u, v in pts))


def _ball(t: Est, axis: int) -> tuple[float, float] | None:
    """(radius, centre along ``axis``) of an untouched sphere, or of a dome cut along Z; else ``None``."""
    dx, dy, dz = t.size
    if t.marks or t.volume is None or abs(dx - dy) > 1e-9:
        return None
    r = dx / 2
    if t.kind == "sphere" and abs(dz - dx) < 1e-9:
        return r, t.lo[axis] + r
    if t.kind == "dome" and axis == 2 and abs(dz - r) < 1e-9:
        return r, t.lo[2]
    return None


def _slice(big: float, small: float, a: float, b: float) -> float:
    """Volume of {ρ < small} ∩ ball of radius ``big`` between heights ``a`` < ``b`` from its centre."""
    h = math.sqrt(big * big - small * small)

    def cap(s: float) -> float:  # ∫ π (R² - s²) ds from 0 to s
        return math.pi * (big * big * s - s ** 3 / 3)

    def prim(s: float) -> float:  # ∫ π min(r², R² - s²) ds from 0 to s (odd in s)
        m = min(abs(s), big)
        inner = math.pi * small * small * min(m, h)
        outer = cap(m) - cap(h) if m > h else 0.0
        return math.copysign(inner + outer, s)

    return prim(min(b, big)) - prim(max(a, -big))


def pole_cut(t: Est, face: str, pts: list[Point], r: float, depth: float | None, round_hole: bool) -> Est:
    """``t`` after a cut over its pole: exact for one centred round hole in an untouched sphere or dome (its volume
    and its extent along the hole), the extent along the cut unknown otherwise."""
    _, _, axis, sign = FACE_AXES[face]
    lo, hi = list(t.lo), list(t.hi)
    ball = _ball(t, axis) if round_hole and len(pts) == 1 and math.hypot(*pts[0]) < 1e-9 else None
    if ball is None or r >= ball[0]:
        lo[axis] = hi[axis] = math.nan
        return replace(t, lo=tuple(lo), hi=tuple(hi), volume=None)  # type: ignore[arg-type]
    big, centre = ball
    h = math.sqrt(big * big - r * r)  # where the hole's wall leaves the ball
    bottom, top = lo[axis] - centre, hi[axis] - centre  # the body's ends, from the ball's centre
    reach = top - bottom if depth is None else min(depth, top - bottom)
    a, b = (top - reach, top) if sign > 0 else (bottom, bottom + reach)  # the hole, from the centre
    # what is left: outside the hole wall from -h to h (within the body), inside it below a and above b
    ends_inside = [s for s, left in ((bottom, a > bottom), (a, a > bottom), (b, b < top), (top, b < top)) if left]
    new_bottom = min([max(bottom, -h), *ends_inside])
    new_top = max([min(top, h), *ends_inside])
    lo[axis], hi[axis] = centre + new_bottom, centre + new_top
    volume = t.volume - _slice(big, r, a, b) if t.volume is not None else None
    return replace(t, lo=tuple(lo), hi=tuple(hi), volume=volume)  # type: ignore[arg-type]
