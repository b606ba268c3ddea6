"""Shop parts said over several sentences ("FLANGED BUSHING. FLANGE Ø30 x 3 THK, BODY Ø18, OAL 20.") and a
flanged bushing's body length that follows from its overall length.

``merge_flanged`` gathers a flanged part's name and the sentences of its parts that follow into the one
``flanged`` clause ``stock_compose.flanged_action`` builds; a part said without a flanged name before it, or a name
with no parts after it, is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["merge_flanged", "narrow_from_overall"]


def merge_flanged(clauses: list[Clause]) -> list[Clause]:
    """A ``flanged`` clause followed by ``flanged_more`` clauses (its parts in sentences of their own) becomes one
    clause; a name alone ("FLANGED BUSHING.") takes the parts of the sentences after it, whose flange said with its
    own name ("FLANGE Ø30 x 3 THK, …") is the bushing's wide part."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "flanged_more":
            if not out or out[-1].action != "flanged":
                raise ambiguous("the parts of a flanged piece are said before the piece is named")
            out[-1] = replace(out[-1], locs=_dedupe([*out[-1].locs, *clause.locs]))
        elif clause.action == "flanged" and out and out[-1].action == "flanged" and _only_name(out[-1]):
            name = out[-1].locs[0]
            parts = clause.locs[1:] if clause.locs and clause.locs[0].kind == "name" else clause.locs
            if name.face == "bushing":
                parts = [replace(p, kind="wide") if p.kind == "bare" else p for p in parts]
            out[-1] = replace(out[-1], locs=_dedupe([name, *parts]))
        else:
            out.append(clause)
    for clause in out:
        if clause.action == "flanged" and _only_name(clause):
            raise reject("a flanged part is named but its flange and body are not described")
    return out


def _only_name(clause: Clause) -> bool:
    return all(loc.kind == "name" for loc in clause.locs)


def _dedupe(locs: list[Loc]) -> list[Loc]:
    """The overall length said twice ("overall length 25 … (included in the 25)") counts once when it agrees."""
    overall = [loc for loc in locs if loc.kind == "overall"]
    if len({float(loc.value or 0.0) for loc in overall}) > 1:
        raise ambiguous("two different overall lengths are given")
    return [loc for loc in locs if loc.kind != "overall"] + overall[:1]


def narrow_from_overall(b: Build, clause: Clause, wide: Loc, hw: float, hn: float) -> float:
    """The body's length when only the overall length is said ("body OD 20, overall length 25; collar … 4 thick
    (included in the 25)"): the overall less the flange (recorded). A collar said to be included in a length other
    than the overall one is refused."""
    overall = [loc for loc in clause.locs if loc.kind == "overall"]
    if wide.value is not None and (not overall or abs(float(overall[0].value or 0.0) - float(wide.value)) > 1e-6):
        raise ambiguous(f"the flange is said to be included in {wide.value:g}, which is not the overall length")
    if hn or not overall or not hw:
        return hn
    rest = float(overall[0].value or 0.0) - hw
    if rest <= 0:
        raise ambiguous(f"the overall length {overall[0].value:g} leaves nothing for the body past the "
                        f"{hw:g} flange")
    b.assumptions.append(f"body length = overall {overall[0].value:g} - flange {hw:g} = {rest:g} mm")
    return rest
