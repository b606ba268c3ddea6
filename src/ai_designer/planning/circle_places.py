"""Features on a circle: bolt circles (PCD, equally spaced or N degrees apart, the first at a clock position) and
single clock positions ("at 12, 4 and 8 o'clock, 35 mm from the centre"), plus the face description the placement
functions of ``positions.py`` share."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import Points, PolarPattern, Positions

__all__ = ["Face", "Placed", "count_of", "on_clock", "on_circle"]


@dataclass(frozen=True)
class Face:
    """The face features go on: its size, name, and the feature's size and name (for messages)."""

    su: float
    sv: float
    name: str
    size: float
    what: str


Placed = tuple[Positions, int]


def count_of(ph: Phrase, default: int | None = None) -> int | None:
    return ph.count if ph.count is not None else default


def _first_at(ph: Phrase, pcd: float | None) -> float | None:
    """"6 holes on an 80 mm PCD, the first at 12 o'clock": the start angle of a bolt circle."""
    clocks = [t.values[0] for t in ph.slots.get("clock", [])]
    if clocks and pcd is not None and (ph.count or 0) > len(clocks) and len(clocks) == 1:
        return 90 - 30 * (clocks[0] % 12)
    return None


def on_clock(ctx: Ctx, ph: Phrase, f: Face, pcd: float | None) -> Placed | None:
    """"at 12, 4 and 8 o'clock, 35 mm from the centre"."""
    clocks = [t.values[0] for t in ph.slots.get("clock", [])]
    if not clocks or _first_at(ph, pcd) is not None:
        return None
    r = ctx.slot(ph, "from_center")
    r = r if r is not None else (pcd / 2 if pcd else None)
    if r is None and ph.has("pos:halfway"):
        r = min(f.su, f.sv) / 4
        ctx.assume(f"{f.what}: halfway between the centre and the edge = {r:g} mm from the centre")
    r = ctx.need(r, f"how far from the centre the {f.what} at {clocks[0]:g} o'clock is",
                 "at 3 o'clock, 20 mm from the centre")
    pts = [(r * math.cos(math.radians(90 - 30 * (h % 12))), r * math.sin(math.radians(90 - 30 * (h % 12))))
           for h in clocks]
    return Points(points=[(round(x, 9), round(y, 9)) for x, y in pts]), len(pts)


def on_circle(ctx: Ctx, ph: Phrase, f: Face, pcd: float | None) -> Placed | None:
    """Bolt circles: "six holes on a 80 mm PCD", "4 holes 60 degrees apart" (a partial circle)."""
    linear = ph.has("mod:along_x") or ph.has("mod:along_y") or ph.has("pos:row")
    if pcd is None and not (ph.has("pos:polar") and not linear):
        return None
    what = f.what
    n = count_of(ph)
    if pcd is None:
        raise PlanError(f"{what} equally spaced on a circle: say the circle's diameter (e.g. 'on a 80 mm PCD')")
    step = _angular_step(ph)
    if n is None and step:
        n = round(360 / step)  # "holes every 45 degrees"
    n = int(ctx.need(n, f"how many {what}s go on the {pcd:g} mm circle", "six holes on a 80 mm PCD"))
    first_at = _first_at(ph, pcd)
    start = first_at if first_at is not None else _start_angle(ph)
    if start is None:
        start = 0.0
        ctx.assume(f"{what}s on the {pcd:g} mm circle: first at 0 deg (+X)")
    if pcd + f.size > max(f.su, f.sv) + 1e-6:
        raise PlanError(f"{what}s on a {pcd:g} mm circle do not fit on the {f.su:g} x {f.sv:g} mm face")
    sweep = 360.0
    if step and n * step < 360 - 1e-6:
        sweep = step * (n - 1)
        ctx.assume(f"{n} {what}s {step:g} deg apart: an arc of {sweep:g} deg")
    _check_circle_fits(what, pcd, f.size, n, start, sweep, f.su, f.sv)
    return PolarPattern(count=n, diameter=pcd, start_angle=start, sweep=sweep), n


_STEP_WORDS = {"interval", "intervals", "increments", "increment", "apart", "spacing", "pitch", "spaced"}


def _angle_toks(ph: Phrase) -> list[tuple[int, object]]:
    return [(i, t) for i, t in enumerate(ph.toks) if t.kind == "qty" and t.unit == "angle"]


def _angular_step(ph: Phrase) -> float | None:
    """"every 45 degrees", "at 120 degree intervals", "60° apart": the angle between neighbours."""
    for i, t in _angle_toks(ph):
        before = ph.toks[i - 1] if i else None
        after = ph.toks[i + 1] if i + 1 < len(ph.toks) else None
        if (before is not None and before.concept == "mod:each") or (after is not None and (
                after.text in _STEP_WORDS or after.concept == "dim:spacing")):
            return float(t.values[0])  # type: ignore[attr-defined]
    return None


def _start_angle(ph: Phrase) -> float | None:
    step = _angular_step(ph)
    for _, t in _angle_toks(ph):
        if step is None or t.values[0] != step:  # type: ignore[attr-defined]
            return float(t.values[0])  # type: ignore[attr-defined]
    return None


def _check_circle_fits(what: str, pcd: float, size: float, n: int, start: float, sweep: float, su: float,
                       sv: float) -> None:
    """Every feature of a bolt circle must lie inside the face: on a 100 x 60 plate a 60 mm PCD puts the holes at
    90 and 270 deg on the long edges, which would cut open notches instead of holes."""
    div = n if abs(sweep - 360.0) < 1e-6 else max(n - 1, 1)
    for k in range(n):
        a = math.radians(start + sweep * k / div)
        x, y = pcd / 2 * math.cos(a), pcd / 2 * math.sin(a)
        if abs(x) + size / 2 > su / 2 + 1e-6 or abs(y) + size / 2 > sv / 2 + 1e-6:
            raise PlanError(f"{what}s on a {pcd:g} mm circle run off the {su:g} x {sv:g} mm face (the one at "
                            f"{math.degrees(a):g} deg); use a smaller circle or a larger part")
