"""Semantic functions of the ``hobby round`` rules of ``grammar.lark``: sizes said of the part in a clause of their
own, the way hobbyists talk ("a plate, 80 by 40, make it 3 mm thick", "Just a plate. 100 x 50. Make it 4 mm thick.",
"it should be 30 tall").

``make_it`` makes a ``Clause("said_it", measures=…)``; ``compose_hobby.merge_said_it`` gives the measures to the body
made before it, which must not have those sizes already (nothing is said twice, nothing is guessed).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Measure, Size

__all__ = ["HobbySemantics"]

# the words that may open the clause, by terminal: what else is there is not read as "make it …"
_OPENERS = {"W_MAKE": ("make",), "W_IT": ("it",), "W_BE": ("be",),
            "IGN": ("should", "must", "will", "can", "about", "roughly", "approximately", "approx", "around")}


class HobbySemantics:
    """One method per rule of the block; each reads its own children."""

    def make_it(self, children: list[Any]) -> Clause:
        for t in tokens(children):
            allowed = _OPENERS.get(t.type)
            if allowed is not None and t.value.text.lower() not in allowed:
                raise reject(f"'{t.value.text}' is not read before a size offline")
        measures = [c for c in children if isinstance(c, Measure)]
        return Clause("said_it", measures=measures)

    def said_sizes(self, children: list[Any]) -> list[Clause]:
        """"100 x 50." said alone: the sizes of the body named before."""
        return [Clause("said_it", sizes=[c for c in children if isinstance(c, Size)])]


_APPROX = ("about", "roughly", "approximately", "approx", "around", "circa", "somewhere around", "more or less")
_SKIP = ("a", "an")


def approximate_sizes(toks: list[Any]) -> str | None:
    """"about 25 mm wide", "roughly a 30 mm cube": the size after the word is built as written, and the plan says
    so (a hedged size is never rounded or guessed at; the note lets the user see it was taken as exact)."""
    said = []
    for i, tok in enumerate(toks):
        if tok.kind != "word" or tok.text.lower() not in _APPROX:
            continue
        j = i + 1
        while j < len(toks) and toks[j].kind == "word" and toks[j].text.lower() in _SKIP:
            j += 1
        if j < len(toks) and toks[j].kind == "qty":
            said.append(f"{tok.text.lower()} {toks[j].text}")
    if not said:
        return None
    return f"sizes said approximately are built exactly as written ({', '.join(dict.fromkeys(said))})"
