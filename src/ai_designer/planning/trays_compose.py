"""Trays and open boxes described over several sentences, the way hobbyists do ("The inside has to be 80 x 50 and
25 deep. Make the walls 3 mm and the floor 3 mm, open on top.").

Each clause adds what it says to the pending tray: its inside or outside size, the walls, the floor, that it is
open on top. The tray is built as soon as its size, its walls and its open top are known (a floor not given equals
the walls, recorded); anything said about it afterwards, or a tray left incomplete, is refused. Inside sizes grow
the body by the walls and the floor. A box with walls that is not said to be open is not guessed.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Box, Pocket, Rectangle

__all__ = ["finish_tray", "settle_tray", "tray_action"]


def tray_action(b: Build, clause: Clause) -> None:
    if b.tray is None:
        if b.current is not None:
            raise ambiguous("walls / an inside size for a part that is already built: describe the tray first")
        b.tray = {}
    for loc in clause.locs:
        key = loc.kind
        if key in ("open", "sharp_corners") and key in b.tray:
            continue  # the same fact said twice ("an open box …, open top")
        if b.tray.get("built"):
            raise ambiguous("more said about the tray after its size, walls and open top: say it all before")
        if key in b.tray:
            raise ambiguous(f"the tray's {key} is given twice")
        b.tray[key] = loc.values if loc.values else loc.value
    if not b.tray.get("built") and {"wall", "open", "floor"} <= set(b.tray) and (
            "inside" in b.tray or "outside" in b.tray):
        _build(b, b.tray)


def settle_tray(b: Build) -> None:
    """Before any other step, and at the end: a tray whose floor was not said is built with the walls' thickness
    (the floor may still come in the clause after the walls: "Sides are 10 thick and the bottom is 12 thick")."""
    tray = b.tray
    if tray is not None and not tray.get("built") and {"wall", "open"} <= set(tray) and (
            "inside" in tray or "outside" in tray):
        _build(b, tray)


def finish_tray(b: Build) -> None:
    settle_tray(b)
    if b.tray is not None and b.tray.get("built") is None:
        missing = [w for w, k in (("its size", "size"), ("its wall thickness", "wall"), ("that it is open on top", "open"))
                   if (k == "size" and "inside" not in b.tray and "outside" not in b.tray) or (k != "size" and k not in b.tray)]
        raise ambiguous(f"the tray is not fully described: {', '.join(missing)} not given")


def _build(b: Build, tray: dict[str, Any]) -> None:
    wall = float(tray["wall"])
    floor = tray.get("floor")
    if floor is None:
        floor = wall
        b.assumptions.append(f"floor thickness = wall thickness {wall:g} mm (not stated)")
    inside = "inside" in tray
    length, width, height = tray["inside"] if inside else tray["outside"]
    if inside:
        length, width, height = length + 2 * wall, width + 2 * wall, height + floor
        b.assumptions.append(f"inside size given: outside {length:g} x {width:g} x {height:g} mm; open at the top")
    else:
        b.assumptions.append("outside dimensions; open at the top")
    if 2 * wall >= min(length, width) or floor >= height:
        raise PlanError(f"walls of {wall:g} mm / floor {floor:g} mm leave no room inside {length:g} x {width:g} x "
                        f"{height:g} mm")
    body = Box(id=b.new_id("tray"), length=length, width=width, height=height)
    b.add(body)
    b.add(Pocket(id=b.new_id("cavity"), target=body.id, profile=Rectangle(length=length - 2 * wall,
                                                                          width=width - 2 * wall),
                 depth=height - floor))
    tray["built"] = True
