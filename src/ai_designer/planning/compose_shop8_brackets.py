"""Compose functions of the ``shop8`` block for L-brackets (semantics_shop8_brackets.py).

The legs said in the sentence after the bracket (``s8_brk_more``) join the bracket clause said just before them,
which ``compose_shopparts.bracket_action`` builds: the flat leg along X, the upright at its -X end, legs measured to
the outside. One hole then goes through each leg, centred across the width, at its distance from the outside corner:
straight down through the flat leg, along X through the upright. Each leg is named by its length or as the long or
short one (refused when the legs are equal); a hole that would cut into the other leg or run off its own is refused.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.core.errors import PlanError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Cylinder, Placement

__all__ = ["BRACKET8_ACTIONS", "merge_bracket_legs"]

_TOL = 1e-6


def merge_bracket_legs(clauses: list[Clause]) -> list[Clause]:
    """"One leg is 50 mm long, the other 40 mm, …" goes with the L-bracket said just before it."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "s8_brk_more":
            if not out or out[-1].action != "sp_bracket":
                raise ambiguous("the legs of an L-bracket need the bracket said just before them")
            out[-1] = replace(out[-1], locs=[*out[-1].locs, *clause.locs])
        else:
            out.append(clause)
    return out


def _bracket(b: Build) -> tuple[float, float, float, float]:
    """Flat leg, upright leg (both outside), width and thickness of the bracket the part is, and nothing more."""
    ops = b.ops
    if len(ops) != 3 or not (isinstance(ops[0], Box) and isinstance(ops[1], Box) and isinstance(ops[2], Boolean)) \
            or not ops[0].id.startswith("base_leg") or not ops[1].id.startswith("upright_leg"):
        raise ambiguous("a hole 'through each leg' is read here only on a plain L-bracket")
    base, up = ops[0], ops[1]
    return base.length, up.height + base.height, base.width, base.height


def _leg_of(loc: Loc, flat: float, upright: float) -> str:
    """"x" (the flat leg) or "z" (the upright) for a hole said "in the long leg" or "on the 50 leg"."""
    if abs(flat - upright) < _TOL:
        raise ambiguous("the legs are equal: which leg each hole is in is not said")
    if loc.values:
        said = loc.values[0]
        if abs(said - flat) < _TOL:
            return "x"
        if abs(said - upright) < _TOL:
            return "z"
        raise ambiguous(f"no leg of the bracket is {said:g} long")
    return "x" if (loc.face == "long") == (flat > upright) else "z"


def bracket_leg_holes(b: Build, clause: Clause) -> None:
    """One hole through each leg, centred across the width, at its distance from the outside corner."""
    flat, upright, width, thick = _bracket(b)
    d = clause.measure("diameter") or 0.0
    centred = clause.loc("centred")
    if centred is None or (centred.value is not None and abs(centred.value - width) > _TOL):
        raise ambiguous(f"the holes are centred across the bracket's {width:g} width, or the widths disagree")
    at = {_leg_of(loc, flat, upright): float(loc.value or 0.0) for loc in clause.locs if loc.kind == "leg_hole"}
    if set(at) != {"x", "z"} or len([loc for loc in clause.locs if loc.kind == "leg_hole"]) != 2:
        raise ambiguous("one hole in each leg: say where the hole of each leg goes")
    for leg, s in at.items():
        length = flat if leg == "x" else upright
        if clause.has("halfway") and abs(s - (thick + (length - thick) / 2)) > _TOL:
            raise ambiguous(f"{s:g} from the outside corner is not halfway along the flat part of the {length:g} leg")
        if s - d / 2 <= thick or s + d / 2 >= length or d >= width:
            raise PlanError(f"a Ø{d:g} hole {s:g} from the outside corner does not fit the {length:g} leg")
    down = Cylinder(id=b.new_id("leg_hole"), diameter=d, height=thick + 2.0,
                    placement=Placement(at=(-flat / 2 + at["x"], 0.0, -1.0)))
    across = Cylinder(id=b.new_id("leg_hole"), diameter=d, height=thick + 2.0,
                      placement=Placement(at=(-flat / 2 - 1.0, 0.0, at["z"]), rotate=(0.0, 90.0, 0.0)))
    b.add(down, becomes_current=False)
    b.add(across, becomes_current=False)
    b.add(Boolean(id=b.new_id("leg_holes"), kind="cut", base=b.current or "", tools=[down.id, across.id]))


BRACKET8_ACTIONS = {"s8_brk_holes": bracket_leg_holes}
