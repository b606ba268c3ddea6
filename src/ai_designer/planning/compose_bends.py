"""Tube bends -> a hollow arc with an optional straight leg at each end (``sweep``, ``cylinder``, ``boolean``).

"Tube bend: dia 20 OD x 2 wall, 90 deg bend, centreline radius 40, 25 straight at each end". The centre line starts
at the origin going up +Z, bends towards +X on the stated centre-line radius (the sweep's arc path), and each leg
continues straight along the tangent at its end of the arc. The solid is the outside (two cylinders and a swept
circle) minus the bore (the same, the bore's legs 1 mm longer — 1 mm long with no legs — so no face of the cut is
shared with the outside).
Every figure must be said once: the outside diameter, the wall or bore, the angle and the centre-line radius.
"""

from __future__ import annotations

import math

from ai_designer.planning.build import Build
from ai_designer.planning.compose_sweeps import first_body
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import ArcPath, Boolean, Circle, Cylinder, Placement, Sweep

__all__ = ["BEND_ACTIONS"]


def _once(clause: Clause, kind: str, what: str, required: bool = True) -> float | None:
    values = [float(loc.value or 0) for loc in clause.locs if loc.kind == kind]
    if len(values) > 1:
        raise ambiguous(f"the bend's {what} is given twice")
    if not values and required:
        raise reject(f"the bend's {what} is not given")
    return values[0] if values else None


def _sizes(clause: Clause) -> tuple[float, float, float, float, float]:
    """``(outside diameter, bore, angle, centre-line radius, straight leg)`` checked to make one solid."""
    od = float(_once(clause, "bend_od", "outside diameter") or 0)
    wall, bore = _once(clause, "bend_wall", "wall", False), _once(clause, "bend_id", "bore", False)
    inner = od - 2 * wall if wall is not None else bore
    if inner is None or inner <= 0 or inner >= od:
        raise reject("the tube's wall leaves no bore (or a bore as large as the tube)")
    angle = float(_once(clause, "bend_angle", "angle") or 0)
    radius = float(_once(clause, "bend_radius", "centre-line radius") or 0)
    leg = _once(clause, "bend_legs", "straight length", False) or 0.0
    if not 0 < angle <= 180:
        raise reject(f"a tube bent through {angle:g}° (up to 180° is built offline)")
    if radius <= od / 2:
        raise reject("the centre-line radius is not more than the tube's radius: the bend would fold into itself")
    return od, inner, angle, radius, leg


def _body(b: Build, d: float, angle: float, radius: float, leg: float, extra: float) -> list[str]:
    """One round body along the centre line (the outside, or the bore with ``extra`` mm more at each leg)."""
    ids = []
    if leg + extra:
        first = Cylinder(id=b.new_id("leg"), diameter=d, height=leg + extra,
                         placement=Placement(at=(0.0, 0.0, -leg - extra)))
        b.add(first, becomes_current=False)
        ids.append(first.id)
    arc = Sweep(id=b.new_id("bend"), profile=Circle(diameter=d), path=ArcPath(radius=radius, angle=angle))
    b.add(arc, becomes_current=False)
    ids.append(arc.id)
    if leg + extra:
        a = math.radians(angle)
        end = (radius * (1 - math.cos(a)), 0.0, radius * math.sin(a))
        second = Cylinder(id=b.new_id("leg"), diameter=d, height=leg + extra,
                          placement=Placement(at=end, rotate=(0.0, angle, 0.0)))
        b.add(second, becomes_current=False)
        ids.append(second.id)
    return ids


def tube_bend(b: Build, clause: Clause) -> None:
    first_body(b, "tube bend")
    od, inner, angle, radius, leg = _sizes(clause)
    outside, bore = _body(b, od, angle, radius, leg, 0.0), _body(b, inner, angle, radius, leg, 1.0)
    if len(outside) > 1:
        b.add(Boolean(id=b.new_id("outside"), kind="union", base=outside[0], tools=outside[1:]), becomes_current=False)
        outside = [b.ops[-1].id]
    b.add(Boolean(id=b.new_id("bore"), kind="union", base=bore[0], tools=bore[1:]), becomes_current=False)
    b.add(Boolean(id=b.new_id("tube_bend"), kind="cut", base=outside[0], tools=[b.ops[-1].id]))
    if not leg:
        b.assumptions.append("tube bend: no straight legs (none stated)")


BEND_ACTIONS = {"tube_bend": tube_bend}
