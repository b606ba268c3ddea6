"""Lofts said by their sections' roles, then the loft (``joins9`` block, ``semantics_joins9_lofts.py``).

``role_lofts`` (a pass) joins a ``j9_sections`` clause (the bottom and top sections) and the "Loft between the two"
after it — or the loft named in the same sentence — into the ``loft`` clause ``compose_sweeps`` builds. Sections
with no loft said, or a loft with no sections before it, are refused. The name said before the sections is checked
against the loft: words of what the part is for ("printing", "stand", "piece") are read as such; "pyramid" needs
two rectangles of one shape (a frustum), "tapered" a top smaller than the bottom every way; any other word refuses.
"with the sides parallel" lines two rectangles up side to side, as each was said.
"""

from __future__ import annotations

from ai_designer.planning.compose_sweeps import circle_diameter, two_sides
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["role_lofts"]

_NEUTRAL = {"a", "transition", "piece", "printing", "print", "want", "to", "little", "small", "stand", "foot",
            "block", "adapter"}


def _extent(sec: Clause) -> tuple[float, float]:
    """A section's two sides, longest first (a circle's diameter twice)."""
    if sec.noun is not None and sec.noun.kind == "circle":
        d = circle_diameter(sec)
        return d, d
    a, w = two_sides(sec)
    return max(a, w), min(a, w)


def _check_name(words: list[str], sections: list[Clause]) -> None:
    kinds = {sec.noun.kind if sec.noun else "" for sec in sections}
    for word in words:
        if word in _NEUTRAL:
            continue
        if word in ("pyramid", "truncated"):
            sides = [two_sides(sec) for sec in sections] if kinds <= {"rectangle", "square"} else []
            if len(sides) != 2 or abs(sides[0][0] * sides[1][1] - sides[0][1] * sides[1][0]) > 1e-6:
                raise reject("a 'truncated pyramid' lofts between two rectangles of one shape, and these are not")
        elif word == "tapered":
            (b1, b2), (t1, t2) = (_extent(sec) for sec in sections)
            if not (t1 < b1 and t2 < b2):
                raise reject("a 'tapered' loft whose top is not smaller than its bottom")
        else:
            raise reject(f"the name '{word}' before the loft is not read offline")


def _loft(sections: Clause, said: list[Loc], names: list[str]) -> Clause:
    """The loft clause of the two sections, the facts said of them and of the loft, its name checked."""
    locs = [loc for loc in [*sections.locs, *said] if loc.kind not in ("j9_name", "j9_loft_said")]
    _check_name(names, sections.parts)
    kinds = [sec.noun.kind if sec.noun else "" for sec in sections.parts]
    if any(loc.kind == "fact" and loc.face == "sides_parallel" for loc in locs) and kinds.count("rectangle") == 2:
        (a1, w1), (a2, w2) = (two_sides(sec) for sec in sections.parts)
        if (a1 - w1) * (a2 - w2) < 0:
            raise reject("two rectangles said 'with the sides parallel', one long way and one short way first: say "
                         "which sides are parallel (e.g. 'long sides parallel')")
        locs = [loc for loc in locs if loc.face != "sides_parallel"] + [Loc("fact", face="long_sides_parallel")]
    return Clause("loft", parts=sections.parts, locs=locs)


def role_lofts(clauses: list[Clause]) -> list[Clause]:
    """A name (optional), the sections by role, then the loft between them: one loft."""
    out: list[Clause] = []
    names: list[str] = []
    i = 0
    while i < len(clauses):
        c = clauses[i]
        if c.action == "j9_name":
            if i + 1 >= len(clauses) or clauses[i + 1].action != "j9_sections":
                raise reject(f"'{c.locs[0].face}' is read offline only as the name of a loft said right after it")
            names = (c.locs[0].face or "").split()
        elif c.action == "j9_sections":
            names += [w for loc in c.locs if loc.kind == "j9_name" for w in (loc.face or "").split()]
            nxt = clauses[i + 1] if i + 1 < len(clauses) else None
            if c.has("j9_loft_said"):
                out.append(_loft(c, [], names))
            elif nxt is not None and nxt.action == "j9_loft_two":
                out.append(_loft(c, nxt.locs, names))
                i += 1
            else:
                raise reject("a bottom and a top section are said, but not what is made of them (e.g. 'Loft between "
                             "the two.')")
            names = []
        elif c.action == "j9_loft_two":
            raise reject("'loft between the two' is read offline only right after the bottom and top sections")
        else:
            out.append(c)
        i += 1
    return out
