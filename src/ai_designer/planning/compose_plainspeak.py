"""Composition of the ``plain speak`` block's one clause of its own: "the bottom edge stays sharp".

A fact about edges is never dropped: it is checked against the edge finishes made so far (a finish on those edges,
or on every edge, refuses the prompt) and reported in the plan's assumptions. Every other plain-speak sentence is
read as the clause its imperative form makes (``semantics_plainspeak.py``), so it needs nothing here.
"""

from __future__ import annotations

from collections.abc import Callable

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import Chamfer, Fillet

__all__ = ["PLAINSPEAK_ACTIONS", "check_sharp_after"]

# which finished edges a "stays sharp" contradicts: the same selector, every edge, or a wider one that holds them
_COVERS = {"top": {"top", "all", "top_outer", "outside"}, "bottom": {"bottom", "all", "bottom_outer", "outside"},
           "vertical": {"vertical", "all", "outside"}, "all": None}


def sharp_fact(b: Build, clause: Clause) -> None:
    """"the bottom edge stays sharp": refused when a finish made so far is on those edges; otherwise stated."""
    which = clause.edges or "all"
    if which not in _COVERS or b.current is None:
        raise ambiguous(f"'{which} edges stay sharp': say which edges of the part stay sharp")
    covered = _COVERS[which]
    for op in b.ops:
        if isinstance(op, (Fillet, Chamfer)) and (covered is None or op.edges in covered):
            raise ambiguous(f"the {which} edges are said to stay sharp, but a finish is put on them")
    b.assumptions.append(f"the {which} edges stay sharp (checked against the finishes said before it)")
    b.assumptions.append(f"{_SHARP}{which}")


_SHARP = "sharp edges: "


def check_sharp_after(b: Build) -> None:
    """"The top edges stay sharp. The top edges get a 1 mm chamfer.": a finish said after the fact is checked too
    (``sharp_fact`` sees only the ops made before it); the marker it leaves is removed here."""
    marks = [a for a in b.assumptions if a.startswith(_SHARP)]
    for mark in marks:
        which = mark.removeprefix(_SHARP)
        covered = _COVERS.get(which)
        if any(isinstance(op, (Fillet, Chamfer)) and (covered is None or op.edges in covered) for op in b.ops):
            raise ambiguous(f"the {which} edges are said to stay sharp, but a finish is put on them")
    b.assumptions[:] = [a for a in b.assumptions if not a.startswith(_SHARP)]


PLAINSPEAK_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"ps_sharp": sharp_fact}
