"""A stack said first and its levels after ("Three discs stacked up, all on one centre line. Bottom one 60 diameter,
5 thick. Middle 45 diameter, 10 thick. Top 30 diameter, 15 thick."), turned into the clauses the planner builds
anyway: the bottom level created, each next one joined on top, centred on the same axis.

The levels must follow the intro, one clause each, in the order bottom, (middle,) top, as many as the count says and
of the kind it says; anything else is refused (a level said twice, missing, out of order, or with no stack before it).
"""

from __future__ import annotations

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Noun

__all__ = ["stack_levels"]

_ORDER = {2: ["bottom", "top"], 3: ["bottom", "middle", "top"]}


def _level(intro: Clause, clause: Clause, first: bool) -> Clause:
    """One level as a body: created (the bottom) or joined on top of the part so far, on the stack's axis."""
    assert intro.noun is not None
    if clause.noun is not None and clause.noun.kind != intro.noun.kind:
        raise ambiguous(f"a {clause.noun.kind} in a stack of {intro.noun.kind}s")
    if not clause.measures:
        raise reject("a level of a stack needs its sizes")
    noun = Noun(intro.noun.kind, measures=list(clause.measures))
    if first:
        return Clause("create", noun=noun, text=clause.text)
    return Clause("join", noun=noun, locs=[Loc("on_top"), Loc("centre", axes=(0, 1))], text=clause.text)


def stack_levels(clauses: list[Clause]) -> list[Clause]:
    """Each ``stack_intro`` and the ``stack_level`` clauses after it, as create + joins."""
    out: list[Clause] = []
    i = 0
    while i < len(clauses):
        clause = clauses[i]
        if clause.action == "stack_level":
            raise ambiguous("a level of a stack (bottom / middle / top) with no stack said before it")
        if clause.action != "stack_intro":
            out.append(clause)
            i += 1
            continue
        if out:
            raise ambiguous("a stack said after other bodies: say where it stands")
        assert clause.noun is not None
        roles = _ORDER[clause.noun.count]
        levels = clauses[i + 1:i + 1 + len(roles)]
        said = [next((loc.face for loc in c.locs if loc.kind == "level"), None) for c in levels
                if c.action == "stack_level"]
        if said != roles:
            raise ambiguous(f"a stack of {clause.noun.count} needs its levels said in order: {', '.join(roles)}")
        out.extend(_level(clause, c, k == 0) for k, c in enumerate(levels))
        i += 1 + len(roles)
    return out
