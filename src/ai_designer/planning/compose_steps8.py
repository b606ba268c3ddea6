"""Step sequences, round 8 (``semantics_steps8.py``): a body joined "on one face" of the part.

"Hub on one face, Ø50, 20 proud" is only one part when every flat face of the part so far gives the same result: a
lone upright disc (either end face) or a lone cube (any face). ``one_face_joins`` runs before the clauses are
composed: the body is stacked on the top (so "so 32 overall" is checked as for any stacked body), after a check
clause that refuses any other part when it is reached, and notes the choice. Cuts "into one face" are the cut
rules' own (``round_cuts.one_face``) and are left alone here.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.core.errors import RejectedError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.round_cuts import one_face
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["STEP8_ACTIONS", "one_face_joins"]

_JOINS = ("create", "join")
#: clauses that begin a body from nothing: after a title naming the part, the steps that make it
_BEGINS = ("create", "sketch", "placed_sketch")
_PLACED = ("face", "on_top", "under", "centre_at")


def one_face_joins(clauses: list[Clause]) -> list[Clause]:
    """A join "on one face" becomes the check, then the same join stacked on the top; a title ("Create a cup.")
    is taken out once the next clause is seen to begin the body (any other reading is left to the slot planner,
    which reads "Create a tray. Outside 100 x 60 x 20, walls 2 mm." as one tray)."""
    out: list[Clause] = []
    for k, clause in enumerate(clauses):
        if clause.action == "s8_title":
            if k or len(clauses) < 2 or clauses[1].action not in _BEGINS:
                raise reject("the part is named before its steps, but the next sentence does not begin the body "
                             "(say e.g. 'First, make a cylinder 60 mm in diameter and 40 mm tall')")
            continue
        if not clause.has("any_face") or clause.action not in _JOINS:
            out.append(clause)
            continue
        if any(clause.has(kind) for kind in _PLACED):
            raise ambiguous("the body is placed on 'one face' and on another face besides: say one")
        locs = [Loc("on_top") if loc.kind == "any_face" else loc for loc in clause.locs]
        out += [Clause("s8_one_face"), replace(clause, locs=locs)]
    return out


def _one_face(b: Build, clause: Clause) -> None:
    """The part so far must look the same from every face the body may stand on (else refused by name)."""
    if b.current is None:
        raise reject("'on one face' said before the part is described: describe the part first")
    try:
        one_face(b, Clause("join", locs=[Loc("any_face")]))
    except RejectedError as exc:  # final: no other reader may pick a face (or misread "one" as a size)
        raise ambiguous(str(exc.details.get("problem", exc.message))) from exc
    b.assumptions.append("'one face': the top face (every flat face of the part gives the same part)")


STEP8_ACTIONS = {"s8_one_face": _one_face}
