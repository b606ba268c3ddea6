"""Step sequences, round 8 (``semantics_steps8.py``): a body joined "on one face" of the part, titles, flange + hub.

"Hub on one face, Ø50, 20 proud" is only one part when every flat face of the part so far gives the same result: a
lone upright disc (either end face) or a lone cube (any face). ``steps8`` runs before the clauses are
composed: the body is stacked on the top (so "so 32 overall" is checked as for any stacked body), after a check
clause that refuses any other part when it is reached, and notes the choice. Cuts "into one face" are the cut
rules' own (``round_cuts.one_face``) and are left alone here. The same pass takes out a title ("Create a cup.") before
the steps that make the part, and reads a flange said alone ("FLANGE: DISC Ø90 x 12 THK.") as its disc when its hub
follows in a sentence of its own.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.core.errors import RejectedError
from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.round_cuts import one_face
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun

__all__ = ["STEP8_ACTIONS", "steps8"]

_JOINS = ("create", "join")
#: clauses that begin a body from nothing: after a title naming the part, the steps that make it
_BEGINS = ("create", "sketch", "placed_sketch")
_PLACED = ("face", "on_top", "under", "centre_at")


def steps8(clauses: list[Clause]) -> list[Clause]:
    """The pass of this block (see the module docstring), before the clauses are composed."""
    return _one_face_joins(_titles(_flange_then_hub(clauses)))


def _titles(clauses: list[Clause]) -> list[Clause]:
    """A title ("Create a cup.") is taken out once the next clause is seen to begin the body; any other reading is
    left to the slot planner, which reads "Create a tray. Outside 100 x 60 x 20, walls 2 mm." as one tray."""
    for k, clause in enumerate(clauses):
        if clause.action == "s8_title" and (k or len(clauses) < 2 or clauses[1].action not in _BEGINS):
            raise reject("the part is named before its steps, but the next sentence does not begin the body "
                         "(say e.g. 'First, make a cylinder 60 mm in diameter and 40 mm tall')")
    out = [clause for clause in clauses if clause.action != "s8_title"]
    if len(out) < len(clauses) and clauses[0].text.split()[-1] == "flange" and _disc_then_hub(out):
        disc = out[0].noun
        out[0] = replace(out[0], noun=replace(disc, words=(*disc.words, "flange")) if disc else None)
    return out


def _disc_then_hub(clauses: list[Clause]) -> bool:
    """"Flange. Disc Ø90, 12 thick. Hub on one face …": the disc is the flange ("holes through the flange")."""
    noun = clauses[0].noun
    return len(clauses) > 1 and clauses[0].action == "create" and noun is not None and noun.kind == "cylinder" \
        and clauses[1].has("hub")


def _flange_then_hub(clauses: list[Clause]) -> list[Clause]:
    """"FLANGE: DISC Ø90 x 12 THK." then "HUB Ø40 x 25 …" in a sentence of its own: the flange rule's clause holds
    only the disc, so it is made as the disc (named "flange") and the hub is joined by its own clause. Only when the
    very next clause is a hub; a flange with no hub said stays the flange rule's (refused)."""
    out = list(clauses)
    for k, clause in enumerate(clauses[:-1]):
        kinds = sorted(loc.kind for loc in clause.locs)
        name = clause.loc("name")
        if clause.action != "flanged" or kinds != ["name", "wide"] or name is None or name.face != "flange" \
                or not clauses[k + 1].has("hub"):
            continue
        wide = clause.loc("wide")
        diameter, height, bore = wide.values if wide is not None else (0.0, 0.0, 0.0)
        if not (diameter and height) or bore:
            continue
        disc = Noun("cylinder", measures=[Measure("diameter", diameter), Measure("height", height)], words=("flange",))
        out[k] = Clause("create", noun=disc)
    return out


def _one_face_joins(clauses: list[Clause]) -> list[Clause]:
    """A join "on one face" becomes the check, then the same join stacked on the top."""
    out: list[Clause] = []
    for clause in clauses:
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
