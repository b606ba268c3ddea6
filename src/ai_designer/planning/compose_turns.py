"""A bent rod or tube said as stock, then a run "straight leg, bend, straight leg" -> ``cylinder`` + arc ``sweep`` +
``cylinder`` (and the same less the bore for a tube).

"Bend me a rod, 8 diameter. Runs straight 50, then a 90 degree bend at 20 radius to the centre line, then straight
another 30." The centre line starts with the first leg along +Z ending at the origin, bends towards +X on the stated
centre-line radius (the sweep's arc path), and the second leg continues along the tangent at the arc's end. Each leg's
length is its straight part alone (the bend is not counted in it), the radius is to the bar's centre line.
``merge_bends`` joins the stock sentence, the run sentence and the facts said after them ("All in one plane.", "The
ends are cut square.") into one ``rod_bend`` clause; a stock with no run (or a run with no stock) is refused.
"""

from __future__ import annotations

import math

from ai_designer.planning.build import Build
from ai_designer.planning.compose_revolve import ALL_SWEEP_ACTIONS
from ai_designer.planning.compose_sweeps import first_body
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.profiles import OffsetProfile, Rectangle
from ai_designer.schemas.task_graph import (
    ArcPath,
    Boolean,
    Circle,
    Cylinder,
    Extrude,
    Placement,
    Revolve,
    Sweep,
)

__all__ = ["TURN_ACTIONS", "merge_bends"]

_FACTS = {"flat_ends", "planar_path", "centred_on_path", "round_profile", "square_to_path", "solid"}


def merge_bends(clauses: list[Clause]) -> list[Clause]:
    """The stock, the run right after it and the facts after those make one bend; a revolve said first, with no
    profile before it, takes the profile said right after it ("REVOLVE 360° ABOUT VERT AXIS. CLOSED PROFILE …")."""
    out: list[Clause] = []
    for c in clauses:
        last = out[-1] if out else None
        if (last is not None and last.action == "revolve" and last.noun is None and c.action == "profile"
                and not any(x.action in ("profile", "sketch", "revolve") for x in out[:-1])):
            out[-1:] = [c, last]
        elif last is not None and last.action == "bend_head" and c.action == "bend_run":
            out[-1] = Clause("rod_bend", locs=[*last.locs, *c.locs])
        elif last is not None and last.action in ("rod_bend", "turn_revolve", "turn_frame") and c.action == "facts":
            last.locs.extend(c.locs)
        else:
            out.append(c)
    for c in out:  # "the result should be a half ring: outer diameter 60, …" is checked on a revolve only
        if c.action == "revolve" and c.has("ring_dim"):
            c.action = "turn_revolve"
        elif c.action != "turn_revolve" and c.has("ring_dim"):
            raise reject("a ring's sizes said of something that is not a revolve")
    return out


def _one(clause: Clause, kind: str, what: str, required: bool = True) -> float | None:
    values = [float(loc.value or 0) for loc in clause.locs if loc.kind == kind]
    if len(values) > 1 and (kind != "bend_angle" or len(set(values)) > 1):
        raise ambiguous(f"the bend's {what} is given twice" + (" and differently" if kind == "bend_angle" else ""))
    if not values and required:
        raise reject(f"the bend's {what} is not given")
    return values[0] if values else None


def _sizes(clause: Clause) -> tuple[float, float | None, float, float, float, float]:
    """``(diameter, bore or None, angle, centre-line radius, first leg, second leg)``, checked to make one solid."""
    facts = {loc.face or "" for loc in clause.locs if loc.kind == "fact"}
    if facts - _FACTS:
        raise reject(f"'{', '.join(sorted(facts - _FACTS))}' is not read of a bent bar offline")
    od = float(_one(clause, "bend_od", "diameter") or 0)
    wall, bore = _one(clause, "bend_wall", "wall", False), _one(clause, "bend_id", "bore", False)
    inner = od - 2 * wall if wall is not None else bore
    if inner is not None and (inner <= 0 or inner >= od):
        raise reject("the tube's wall leaves no bore (or a bore as large as the tube)")
    angle = float(_one(clause, "bend_angle", "angle") or 0)
    radius = float(_one(clause, "bend_radius", "centre-line radius") or 0)
    legs = (float(_one(clause, "bend_leg1", "first leg") or 0), float(_one(clause, "bend_leg2", "second leg") or 0))
    if angle != 90.0:
        raise reject(f"a bar bent through {angle:g}° (only 90° bends are built offline: the box of a bend at "
                     "another angle is not estimated)")
    if radius <= od / 2:
        raise reject("the centre-line radius is not more than the bar's radius: the bend would fold into itself")
    return od, inner, angle, radius, legs[0], legs[1]


def _body(b: Build, d: float, angle: float, radius: float, legs: tuple[float, float], extra: float) -> str:
    """One round body along the centre line (the outside, or the bore with ``extra`` mm more at each leg)."""
    first = Cylinder(id=b.new_id("leg"), diameter=d, height=legs[0] + extra,
                     placement=Placement(at=(0.0, 0.0, -legs[0] - extra)))
    arc = Sweep(id=b.new_id("bend"), profile=Circle(diameter=d), path=ArcPath(radius=radius, angle=angle))
    a = math.radians(angle)
    end = (radius * (1 - math.cos(a)), 0.0, radius * math.sin(a))
    second = Cylinder(id=b.new_id("leg"), diameter=d, height=legs[1] + extra,
                      placement=Placement(at=end, rotate=(0.0, angle, 0.0)))
    for op in (first, arc, second):
        b.add(op, becomes_current=False)
    b.add(Boolean(id=b.new_id("bar"), kind="union", base=first.id, tools=[arc.id, second.id]), becomes_current=False)
    return b.ops[-1].id


def rod_bend(b: Build, clause: Clause) -> None:
    first_body(b, "bent bar")
    od, inner, angle, radius, leg1, leg2 = _sizes(clause)
    outside = _body(b, od, angle, radius, (leg1, leg2), 0.0)
    if inner is None:
        b.current = outside
        b.assumptions.append("bent rod: the first leg runs up Z to the origin, the bend turns towards +X")
        return
    bore = _body(b, inner, angle, radius, (leg1, leg2), 1.0)
    b.add(Boolean(id=b.new_id("tube_bend"), kind="cut", base=outside, tools=[bore]))
    b.assumptions.append("bent tube: the first leg runs up Z to the origin, the bend turns towards +X")


def turn_revolve(b: Build, clause: Clause) -> None:
    """A revolve whose axis is named only as "that axis" (built about Z, recorded), or whose ring is described after
    it: the ring's outer and inner diameters and its height must be the revolved profile's."""
    dims = [loc for loc in clause.locs if loc.kind == "ring_dim"]
    locs = [loc for loc in clause.locs if loc.kind != "ring_dim"]
    axes = {a for loc in locs if loc.kind == "rev_axis" for a in loc.axes}
    if not axes and any(loc.kind == "rev_axis" for loc in locs):
        locs.append(Loc("rev_axis", axes=(2,)))
        b.assumptions.append("revolve: 'that axis' is not named; built about Z")
    ALL_SWEEP_ACTIONS["revolve"](b, Clause("revolve", noun=clause.noun, measures=clause.measures,
                                           sizes=clause.sizes, locs=locs))
    op = b.ops[-1]
    if not isinstance(op, Revolve):
        if dims:
            raise reject("a ring's sizes said of a revolve that is not built from a profile's points")
        return
    radii, heights = [p[0] for p in op.points], [p[1] for p in op.points]
    have = {"od": 2 * max(radii), "id": 2 * min(radii), "height": max(heights) - min(heights)}
    for loc in dims:
        if abs(have[loc.face or ""] - float(loc.value or 0)) > 1e-6:
            raise ambiguous(f"the ring's {loc.face} is said to be {loc.value:g} but the profile makes "
                            f"{have[loc.face or '']:g}")


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return sorted(a) == sorted(b) or tuple(a) == tuple(b)


def turn_frame(b: Build, clause: Clause) -> None:
    """A rectangle and its outward offset (round corners, the offset's radius) padded between them: one extrusion
    of the offset outline with the rectangle cut through; what is said it makes must be that."""
    first_body(b, "frame")
    rect = tuple(float(v) for v in (clause.loc("frame_rect") or Loc("frame_rect")).values)
    offset = float((clause.loc("frame_offset") or Loc("frame_offset")).value or 0)
    height = float((clause.loc("frame_height") or Loc("frame_height")).value or 0)
    outer = (rect[0] + 2 * offset, rect[1] + 2 * offset)
    for loc in clause.locs:
        if loc.kind != "fact" or loc.face == "frame_round":
            continue
        ok = {"frame_wall": abs(float(loc.value or 0) - offset) < 1e-9,
              "frame_inner": _same(loc.values, rect), "frame_inner_sharp": _same(loc.values, rect),
              "frame_outer": _same(loc.values, outer) and loc.value in (None, offset)}.get(loc.face or "")
        if not ok:
            said = {"frame_wall": "the walls", "frame_outer": "the outside"}.get(loc.face or "", "the inner opening")
            raise ambiguous(f"{said} said of the frame does not match a {rect[0]:g} x {rect[1]:g} rectangle "
                            f"offset {offset:g} mm outward")
    said_round = [loc for loc in clause.locs if loc.face == "frame_round" or loc.face == "frame_outer" and loc.value]
    if not said_round:
        b.assumptions.append(f"frame: the outward offset has round corners of radius {offset:g}")
    b.add(Extrude(id=b.new_id("frame"), profile=OffsetProfile(profile=Rectangle(length=rect[0], width=rect[1]),
                                                              offset=offset),
                  inner=[Rectangle(length=rect[0], width=rect[1])], height=height))


def _alone(b: Build, clause: Clause) -> None:
    if clause.action == "bend_head":
        raise reject("the bent bar's legs and bend are not said next (e.g. 'runs straight 50, then a 90 degree bend "
                     "at 20 radius, then straight another 30')")
    raise reject("a run of legs and a bend with no bar said before it (e.g. 'bend me a rod, 8 diameter')")


TURN_ACTIONS = {"rod_bend": rod_bend, "bend_head": _alone, "bend_run": _alone, "turn_revolve": turn_revolve,
                "turn_frame": turn_frame}
