"""Composition of shop wording: turning steps on a round bar (see ``lathe.py``).

Each turning clause carries one location term naming the step; ``lathe_action`` dispatches it.
"""

from __future__ import annotations

from ai_designer.planning.build import Build
from ai_designer.planning.cuts_compose import cut
from ai_designer.planning.lathe import (
    END_FACE,
    end_chamfer,
    lathe_check_length,
    lathe_groove,
    lathe_section,
    turn_down,
    turned_body,
)
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun

__all__ = ["finish_lathe", "lathe_action"]


def lathe_action(b: Build, clause: Clause) -> None:
    """One turning step (see ``lathe.py``); the clause carries exactly one ``Loc`` saying which."""
    loc = clause.locs[0]
    if loc.kind == "overall":
        b.lathe_length = loc.value
    elif loc.kind == "section":
        if (loc.face == "W_FIRST") != (b.current is None):
            raise reject("the first section of a turned part is 'for the first …', the others 'the next …'")
        lathe_section(b, *loc.values)
    elif loc.kind == "turn_down":
        turn_down(b, loc.values[0], loc.values[1], loc.face or "one")
    elif loc.kind == "end_hole":
        end_hole(b, loc.values[0], loc.values[1], loc.face or "")
    elif loc.kind == "groove":
        lathe_groove(b, loc.values[0], loc.values[1], loc.values[2], loc.face or "one")
    else:
        end_chamfer(b, float(loc.value or 0.0), loc.face or "both")


def end_hole(b: Build, d: float, depth: float, end: str) -> None:
    """A hole on the axis of a turned part, into the named end (a blind depth as stated)."""
    face = END_FACE.get(end)
    if face is None:
        raise reject(f"the '{end}' end of a bar: say the left or the right end")
    turned_body(b)
    b.assumptions.append(f"the {end} end: the {face} of the bar (standing on Z)")
    cut(b, Clause("cut", noun=Noun("hole", measures=[Measure("diameter", d), Measure("depth", depth)]),
                  locs=[Loc("face", face=face), Loc("centre")]))


def finish_lathe(b: Build) -> None:
    """"overall length 50": checked once every section is on."""
    lathe_check_length(b, b.lathe_length)
