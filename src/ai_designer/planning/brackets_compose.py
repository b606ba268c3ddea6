"""L-brackets read by the grammar, with the same holes in each leg placed from the outside corner.

"An L bracket: both legs 40 mm long measured on the outside, 25 wide, 4 thick. One 5 mm hole through each leg, hole
centres 22 mm from the outside corner and centred across the 25 width." / "ANGLE BRACKET, EQUAL LEGS 50 x 50
(OUTSIDE), 5 THK, 40 WIDE. 2x Ø6.5 THRU EACH LEG, 25 FROM OUTSIDE CORNER, 10 FROM EACH SIDE EDGE." The horizontal leg
runs along X with the upright at -X (the outside corner at x = -L/2, z = 0); each leg gets the holes, the upright's
drilled along X from its outside face. A hole that would cut into the other leg, or off the leg, is refused.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Boolean, Box, Hole, Placement, Points

__all__ = ["bracket_action"]


def bracket_action(b: Build, clause: Clause) -> None:
    loc = clause.locs[0]
    if loc.kind == "bracket":
        _bracket(b, *loc.values)
    else:
        centred = clause.loc("across_centred")
        if b.bracket is not None and centred is not None and abs(float(centred.value or 0.0) - b.bracket[1]) > 1e-6:
            raise ambiguous(f"'centred across the {centred.value:g} width', but the bracket is {b.bracket[1]:g} wide")
        _leg_holes(b, loc.values[0], int(loc.values[1]), loc.values[2], loc.values[3] if len(loc.values) > 3 else None)


def _bracket(b: Build, leg: float, width: float, thick: float) -> None:
    if b.current is not None:
        raise ambiguous("a bracket after another body: describe one part")
    if thick >= leg:
        raise PlanError(f"bracket thickness {thick:g} mm must be less than its legs ({leg:g} mm)")
    base = Box(id=b.new_id("base_leg"), length=leg, width=width, height=thick)
    up = Box(id=b.new_id("upright_leg"), length=thick, width=width, height=leg - thick,
             placement=Placement(at=(-leg / 2 + thick / 2, 0.0, thick)))
    b.add(base, becomes_current=False)
    b.add(up, becomes_current=False)
    b.assumptions.append("L-bracket: horizontal leg along X, upright leg at the -X end, legs measured outside")
    b.add(Boolean(id=b.new_id("bracket"), kind="union", base=base.id, tools=[up.id]))
    b.bracket = (leg, width, thick)


def _leg_holes(b: Build, d: float, count: int, corner: float, side: float | None) -> None:
    """``count`` holes Ø``d`` in each leg, ``corner`` from the outside corner; one centred across the width, or two
    ``side`` from each side edge."""
    if b.bracket is None:
        raise ambiguous("holes 'in each leg' need an L-bracket described before them")
    leg, width, thick = b.bracket
    if (count, side is None) not in ((1, True), (2, False)):
        raise ambiguous(f"{count} hole(s) in each leg: say where across the leg (centred, or N from each side edge)")
    across = [0.0] if side is None else [-(width / 2 - side), width / 2 - side]
    if corner - d / 2 <= thick or corner + d / 2 > leg or any(abs(v) + d / 2 > width / 2 for v in across):
        raise PlanError(f"Ø{d:g} holes {corner:g} mm from the outside corner do not fit the legs")
    flat = Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, face="top",
                at=Points(points=[(-leg / 2 + corner, v) for v in across]))
    b.add(flat)
    upright = Hole(id=b.new_id("hole"), target=flat.id, diameter=d, face="left",
                   at=Points(points=[(v, corner - leg / 2) for v in across]))
    b.add(upright)
