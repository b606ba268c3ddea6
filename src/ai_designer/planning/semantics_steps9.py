"""Semantic functions of the ``step sequences, round 9`` block of ``grammar.lark``.

A mixin of :class:`semantics.Semantics`. A remark after a through cut that names the bodies it passes through ("…,
pocket it through all, so the hole goes through both the boss and the base"). The rule matches loose terminals
(``IGN``, ``UNK``), so every such word is checked here and anything else is refused by name; the remark is never
dropped: it becomes a term (``s9_bodies``) that ``compose_steps9`` checks on the cut once it is made.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["StepNineSemantics"]

#: the verbs of a hole passing through: "goes", "passes", "runs", "cuts"
_VERBS = frozenset({"goes", "go", "passes", "runs", "cuts", "continues"})


class StepNineSemantics:
    """Rules of the steps9 block."""

    def s9_through_bodies(self, children: list[Any]) -> Loc:
        """"so the hole goes through both the boss and the base": the cut passes through the two bodies named (the
        names are kept for the message; which bodies they are is checked on the part in ``compose_steps9``)."""
        toks = tokens(children)
        loose = [t.value.text.lower() for t in toks if t.type in ("IGN", "UNK")]
        lead, verb, rest = loose[0], (loose[1:2] or ["runs"])[0], loose[2:]
        if lead != "so" or verb not in _VERBS or rest not in ([], ["both"]):
            raise reject(f"'{' '.join(loose)}' is not read in 'so the hole goes through the … and the …' offline")
        names = [t.value.text.lower() for t in toks if t.type not in ("IGN", "UNK", "ART", "W_THAT", "FEAT_HOLE",
                                                                       "W_RUNS", "MOD_THROUGH", "W_AND")]
        if len(names) != 2 or names[0] == names[1]:
            raise reject("a hole said to go through 'the … and the …' names two different bodies")
        return Loc("s9_bodies", face=" and ".join(names), value=2)

    def s9_cut_said(self, children: list[Any]) -> Clause:
        """"pocket it through all, so the hole goes through …": the remark's term joins the cut."""
        cut = next(c for c in children if isinstance(c, Clause))
        return replace(cut, locs=[*cut.locs, *(c for c in children if isinstance(c, Loc))])
