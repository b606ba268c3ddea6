"""Step sequences, round 9 (``semantics_steps9.py``): remarks on a cut through all, checked on the cut.

"…, pocket it through all, so the hole goes through both the boss and the base" adds no geometry, but it is a claim
about the cut: ``steps9`` (a pass, before ``mark_extent``) wraps the cut clause carrying the term in an
``s9_through_bodies`` clause, whose action makes the cut with its own action and then checks the claim. It is read
only where it can be checked without the solid: one through hole at the middle of the top face, into a part made of
exactly as many upright bodies as named, every one centred on that axis and wider than the hole — then the hole
passes through each of them. A purpose remark ("…, to notch a step into the top of the rod on the +X side", "- a slot
across the top end") is checked the same way (``purpose``): the one block subtracted opens on the top, runs across
the part one way, and across the other way reaches only the side said (a step or notch) or neither side (a slot).
Anything else refuses the prompt; a remark is never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import Build
from ai_designer.planning.intent import estimate
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.profiles import Points
from ai_designer.schemas.task_graph import Boolean, Box, CADPlan, Cylinder, Hole

__all__ = ["purpose", "steps9", "through_bodies"]

Action = Callable[[Build, Clause], None]
_TOL = 1e-6


def steps9(clauses: list[Clause]) -> list[Clause]:
    """The pass of this block: a cut clause carrying a remark's term becomes the clause of its check."""
    out = []
    for clause in clauses:
        for kind, action in (("s9_bodies", "s9_through_bodies"), ("s9_purpose", "s9_purpose")):
            terms = [loc for loc in clause.locs if loc.kind == kind]
            if terms:
                inner = replace(clause, locs=[loc for loc in clause.locs if loc.kind != kind])
                clause = Clause(action, locs=terms, parts=[inner], text=clause.text)
        out.append(clause)
    return out


def purpose(b: Build, clause: Clause, actions: dict[str, Action]) -> None:
    """"to notch a step into the top on the +X side", "a slot across the top end": make the cut, then check that
    the one block it subtracted opens on the top and spans the part one way across, and across the other way is
    inside the part (a slot) or reaches the side said and only that one (a step)."""
    term, inner = clause.locs[0], clause.parts[0]
    lo, hi = b.box()
    start = len(b.ops)
    actions[inner.action](b, inner)
    cuts = [op for op in b.ops[start:] if isinstance(op, Boolean) and op.kind == "cut"]
    tools = [op for op in b.ops[start:] if any(op.id in c.tools for c in cuts)]
    if len(cuts) != 1 or len(tools) != 1 or not isinstance(tools[0], Box):
        raise ambiguous(f"what the cut makes (a {term.face}) is read offline only of one block cut through the part")
    est = estimate(CADPlan(operations=list(b.ops), result=tools[0].id))[tools[0].id]
    tlo, thi = est.lo, est.hi
    if thi[2] < hi[2] - _TOL or tlo[2] <= lo[2] + _TOL:
        raise ambiguous(f"the cut said to make a {term.face} into the top does not open on the top only")
    spans = [i for i in (0, 1) if tlo[i] <= lo[i] + _TOL and thi[i] >= hi[i] - _TOL]
    if len(spans) != 1:
        raise ambiguous(f"the cut said to make a {term.face} does not run across the part one way")
    other = 1 - spans[0]
    opens = [s for s, reached in ((-1.0, tlo[other] <= lo[other] + _TOL), (1.0, thi[other] >= hi[other] - _TOL))
             if reached]
    want = [] if term.face == "slot" else [term.values[0]] if int(term.values[1]) == other else None
    if opens != want:
        said = "no side" if term.face == "slot" else f"the {'-' if term.values[0] < 0 else '+'}{'XY'[int(term.values[1])]} side"
        raise ambiguous(f"the cut said to make a {term.face} opening on {said} does not (it opens on "
                        f"{', '.join(('-' if s < 0 else '+') + 'XY'[other] for s in opens) or 'no side'})")


def through_bodies(b: Build, clause: Clause, actions: dict[str, Action]) -> None:
    """Make the cut, then check that it is one through hole on the axis every named body is centred on."""
    said = clause.locs[0].face or "the bodies named"
    inner = clause.parts[0]
    bodies = _bodies(b)
    start = len(b.ops)
    actions[inner.action](b, inner)
    new = [op for op in b.ops[start:] if isinstance(op, Hole)]
    if len(new) != 1 or len(b.ops[start:]) != 1:
        raise ambiguous(f"'the hole goes through the {said}' is read offline only of one plain hole")
    hole = new[0]
    centred = isinstance(hole.at, Points) and [tuple(p) for p in hole.at.points] == [(0.0, 0.0)]
    if hole.depth is not None or hole.face != "top" or not centred:
        raise ambiguous(f"the hole said to go through the {said} is not one through hole in the middle of the top face")
    if len(bodies) != int(clause.locs[0].value or 0):
        raise ambiguous(f"the hole is said to go through the {said}, but the part is made of {len(bodies)} bodies")
    for lo, hi in bodies:
        if min(hi[0] - lo[0], hi[1] - lo[1]) <= hole.diameter + _TOL:
            raise ambiguous(f"a body of the part is not wider than the Ø{hole.diameter:g} hole said to go through it")


def _bodies(b: Build) -> list[tuple[tuple[float, ...], tuple[float, ...]]]:
    """The extents of the bodies the part is made of: upright blocks and cylinders joined, none cut; each must be
    centred on the part's vertical axis (the line a hole in the middle of the top face goes down)."""
    lo, hi = b.box()
    mid = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2)
    tools = {t for op in b.ops if isinstance(op, Boolean) for t in op.tools if op.kind != "union"}
    out: list[tuple[tuple[float, ...], tuple[float, ...]]] = []
    for op in b.ops:
        if isinstance(op, Boolean):
            if op.kind != "union":
                raise ambiguous("the hole is said to go through bodies named, but the part has a cut body in it")
            continue
        if not isinstance(op, (Box, Cylinder)) or op.id in tools or op.placement.rotate != (0.0, 0.0, 0.0):
            raise ambiguous(f"which bodies the hole goes through is read offline only on upright blocks and "
                            f"cylinders joined ({op.id} is not one)")
        est = estimate(CADPlan(operations=list(b.ops), result=op.id))[op.id]
        if any(abs((est.lo[i] + est.hi[i]) / 2 - mid[i]) > _TOL for i in (0, 1)):
            raise ambiguous(f"{op.id} is not centred on the part's axis, so a hole in the middle of the top face "
                            "may not go through it")
        out.append((est.lo, est.hi))
    return out


