"""U-brackets (semantics_ubracket.py): a base with an upright leg at each end of its length, and their holes.

The sentences of one bracket (``shp_u`` clauses, the first naming it) are gathered into one (``gather_u``); each size
must be said once or agree where said again. The part is a block ``length x width x height`` (X, Y, Z; the height
overall, from the bottom of the base) with the space between the legs taken out above the base, open at the top and
at both sides. Base holes go down through the base at distances from one end of the length (the -X end), on the
centreline; leg holes go along X through both legs, centred across the width, at a height from the bottom (or down
from the top). A hole that would cut into a leg from the base, or off the leg, is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build, said_once
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Boolean, Box, Hole, Placement, Points

__all__ = ["gather_u", "u_bracket"]


def gather_u(clauses: list[Clause]) -> list[Clause]:
    """One ``shp_u`` clause per bracket: the sentences after its name, up to the first that is not about it."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "shp_u" and not clause.has("u_head"):
            if not out or out[-1].action != "shp_u":
                raise reject("a U-bracket's size or holes said without the U-bracket before them")
            out[-1].locs.extend(clause.locs)
            continue
        out.append(clause)
    return out


def _sizes(clause: Clause) -> tuple[float, float, float, float, float]:
    """``(length, width, height, base thickness, leg thickness)``, each said (a thickness said for both fills
    either)."""
    length = said_once(clause, "u_len", "the U-bracket's length")
    width = said_once(clause, "u_width", "the U-bracket's width")
    height = said_once(clause, "u_height", "the U-bracket's height")
    both = said_once(clause, "u_thick", "the U-bracket's thickness")
    base = said_once(clause, "u_base_thick", "the U-bracket's base thickness")
    leg = said_once(clause, "u_wall_thick", "the U-bracket's leg thickness")
    if both is not None and ((base is not None and base != both) or (leg is not None and leg != both)):
        raise ambiguous("the U-bracket's thickness is given twice and does not agree")
    base, leg = base if base is not None else both, leg if leg is not None else both
    ends = said_once(clause, "u_legs_ends", "the U-bracket's length the legs stand at the ends of")
    if ends is not None and length is not None and ends != length:
        raise ambiguous(f"legs at the ends of the {ends:g} length of a {length:g} long U-bracket")
    if None in (length, width, height, base, leg) or not clause.has("u_legs_ends"):
        raise reject("a U-bracket needs its length, width, overall height, thickness and legs at both ends")
    assert length is not None and width is not None and height is not None and base is not None and leg is not None
    if 2 * leg >= length or base >= height:
        raise PlanError(f"a U-bracket {length:g} long and {height:g} tall has no room between {leg:g} mm legs on a "
                        f"{base:g} mm base")
    return length, width, height, base, leg


def _holes(b: Build, clause: Clause, size: tuple[float, float, float, float, float]) -> None:
    length, width, height, base, leg = size
    for loc in (x for x in clause.locs if x.kind == "u_base_holes"):
        d = float(loc.value or 0)
        xs = [-length / 2 + a for a in loc.values]
        if any(abs(x) + d / 2 > length / 2 - leg for x in xs) or d >= width:
            raise PlanError(f"Ø{d:g} base holes at {', '.join(f'{a:g}' for a in loc.values)} from one end run into a leg")
        if any(abs(x + y) > 1e-9 for x, y in zip(xs, reversed(xs), strict=True)):
            b.assumptions.append("U-bracket: base holes measured from the -X end")
        b.add(Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="top",
                   at=Points(points=[(x, 0.0) for x in xs])))
    for loc in (x for x in clause.locs if x.kind == "u_leg_holes"):
        d = float(loc.value or 0)
        up = said_once(clause, "u_hole_z", "the U-bracket's leg holes' height")
        down = said_once(clause, "u_hole_down", "the U-bracket's leg holes' depth")
        if (up is None) == (down is None):
            raise reject("how high the holes in the legs are is not given once")
        z = up if up is not None else height - (down or 0.0)
        if z - d / 2 < base or z + d / 2 > height or d >= width:
            raise PlanError(f"Ø{d:g} holes {z:g} mm up do not fit the legs")
        b.add(Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="left",
                   at=Points(points=[(0.0, z - height / 2)])))


def u_bracket(b: Build, clause: Clause) -> None:
    if b.current is not None:
        raise ambiguous("a U-bracket after another body: describe one part")
    size = _sizes(clause)
    length, width, height, base, leg = size
    if clause.has("u_base_bare") and clause.has("u_base_holes"):
        raise ambiguous("'the base has no holes', and holes in the base")
    if (clause.has("u_hole_z") or clause.has("u_hole_down") or clause.has("u_centred")) and not clause.has("u_leg_holes"):
        raise reject("a place for holes in the legs, but no holes")
    outer = Box(id=b.new_id("u_block"), length=length, width=width, height=height)
    gap = Box(id=b.new_id("u_gap"), length=length - 2 * leg, width=width + 2.0, height=height - base + 1.0,
              placement=Placement(at=(0.0, 0.0, base)))
    b.add(outer, becomes_current=False)
    b.add(gap, becomes_current=False)
    b.add(Boolean(id=b.new_id("u_bracket"), kind="cut", base=outer.id, tools=[gap.id]))
    b.assumptions.append("U-bracket: the base along X with a leg at each end, open at the top and both sides")
    _holes(b, clause, size)


