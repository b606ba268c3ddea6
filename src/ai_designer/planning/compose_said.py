"""What is said of a body after it is named ("… with a cone on top, centered: the cone is 30 mm in diameter where it
meets the base, 10 mm in diameter at its flat top, and 20 mm tall"): given to the clause that named that body, before
composition, so the body is built once with everything said of it.

The body must have been named before and given none of its sizes yet (sizes said in two places would be two
readings); facts that restate where it is ("centered on the top face" of a body already on top, "its flat side down"
of a hemisphere on top) are checked and folded. Also "a square base 30 x 30 x 10": checked to be square.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["merge_said"]

_BODY_ACTIONS = ("create", "join", "cut", "create_many", "join_points", "intersect")


def _target(out: list[Clause], said: Clause) -> int:
    kind = said.noun.kind if said.noun else ""
    for i in range(len(out) - 1, -1, -1):
        c = out[i]
        if c.action in _BODY_ACTIONS and c.noun is not None and c.noun.kind == kind:
            return i
    raise ambiguous(f"'the {kind} …' says more of a {kind}, but no {kind} was named before")


def _locs(target: Clause, said: Clause) -> list[Loc]:
    """The target's locations with the said ones added; the ones that restate it are checked and folded."""
    locs = list(target.locs)
    on_top = target.has("on_top")
    for loc in said.locs:
        if loc.kind == "flat_down":
            if target.noun is None or target.noun.kind != "hemisphere" or not on_top:
                raise ambiguous("'its flat side down' is said of a hemisphere joined on top only, offline")
            continue
        if loc.kind == "face" and loc.face == "top" and on_top:
            continue  # "centered on the top face" of a body on top: where it already is
        if loc.kind == "centre" and not loc.axes and any(c.kind == "centre" and not c.axes for c in locs):
            continue
        if loc.kind == "centre_at" and loc.face == "top" and on_top:
            locs = [c for c in locs if c.kind != "on_top"]  # "with a ball on top …, its centre at the top face"
        locs.append(loc)
    return locs


def _merge(target: Clause, said: Clause) -> Clause:
    noun = target.noun
    assert noun is not None
    if said.measures and (noun.sizes or noun.measures or target.sizes or target.measures):
        raise ambiguous(f"the {noun.kind}'s sizes are given in two places")
    return replace(target, noun=replace(noun, measures=[*noun.measures, *said.measures]), locs=_locs(target, said))


def _square(clause: Clause) -> Clause:
    if not clause.has("square"):
        return clause
    sizes = [s for s in [*(clause.noun.sizes if clause.noun else []), *clause.sizes] if len(s.values) >= 2]
    if len(sizes) != 1 or abs(sizes[0].values[0] - sizes[0].values[1]) > 1e-9:
        raise ambiguous("a 'square' body whose length and width are not given equal (say e.g. '30 x 30 x 10')")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "square"])


def merge_said(clauses: list[Clause]) -> list[Clause]:
    """Each ``said`` clause given to the body it speaks of (the last one of that kind named before it)."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action != "said":
            out.append(clause)
            continue
        i = _target(out, clause)
        out[i] = _merge(out[i], clause)
    return [_square(c) for c in out]
