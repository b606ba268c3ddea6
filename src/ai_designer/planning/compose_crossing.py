"""Two bodies "crossing at right angles": read as one along X and one along Y, their middles at the origin — what
``compose_unions.create_many`` builds for "one along X and one along Y, both centred on the origin".

They must be said to cross at their middles (or be centred on the origin): crossing elsewhere is a place the words
do not give. Which plane they lie in does not change the part, only how it is turned: the XY plane is recorded as
a convention unless the words say it ("both lying in the same plane", "like a plus sign seen from above"); flat bars
lie flat in it (their thickness along Z).
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["crossing_as_axes"]


def crossing_as_axes(clause: Clause, assumptions: list[str]) -> Clause:
    """The clause with "crossing at right angles" as ``orient_each`` X, Y and its middle on the origin."""
    cross = clause.loc("crossing")
    notes = [loc for loc in clause.locs if loc.kind in ("cross_plane", "cross_plus")]
    if cross is None:
        if notes:
            raise ambiguous("'in the same plane' / 'like a plus' is said of bodies that cross; these are not said to")
        return clause
    count = clause.noun.count if clause.noun else 1
    if count != 2 or clause.has("orient_each"):
        raise ambiguous("'crossing at right angles' is read for two bodies whose directions are not listed")
    origin = clause.loc("origin")
    if cross.face != "middles" and (origin is None or origin.face != "centre"):
        raise ambiguous("where the two bodies cross is not given (say e.g. 'crossing at their midpoints')")
    if not notes:
        assumptions.append("the two crossing bodies lie in the XY plane, one along X and one along Y")
    locs = [loc for loc in clause.locs if loc.kind not in ("crossing", "cross_plane", "cross_plus", "origin")]
    return replace(clause, locs=[*locs, Loc("orient_each", axes=(0, 1)), Loc("origin", face="centre"), Loc("fused")])
