"""Semantic functions of the ``part references`` block of ``grammar.lark``: a body named by its noun.

"the flange", "the disc", "the base", "the boss", "the wall": a location that names a body made before. The name is
kept as said (``Loc.face``) and resolved when the part is composed (``compose_partrefs.py``), against the nouns the
bodies were made with; nothing here decides which body it is.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Loc, Noun

__all__ = ["PartRefSemantics"]


def _word(children: list[Any]) -> str:
    named = next(c for c in children if type(c) is str)
    return named


class PartRefSemantics:
    """One method per rule of the block; each reads its own children."""

    def pr_name(self, children: list[Any]) -> str:
        """The noun said after the article: a body word (``shape_word``'s noun keeps it) or a part word."""
        noun = next((c for c in children if isinstance(c, Noun)), None)
        if noun is not None:
            return noun.words[0].lower()
        toks = tokens(children)
        return str(toks[0].value.text).lower() if toks else _word(children)

    def pr_part(self, children: list[Any]) -> str:
        return str(tokens(children)[0].value.text).lower()

    def pr_in(self, children: list[Any]) -> Loc:
        """"in the disc", "into the base": a hole into that body."""
        return Loc("named", face=_word(children))

    def pr_through(self, children: list[Any]) -> list[Loc]:
        """"through the flange": a through hole in that body only."""
        return [Loc("named", face=_word(children)), Loc("through")]

    def pr_from_face(self, children: list[Any]) -> list[Loc]:
        """"down from the top of the boss": into that face, which must be the body's (``value`` 1)."""
        face, word = (c for c in children if type(c) is str)
        return [Loc("face", face=face), Loc("named", face=word, value=1.0)]

    def pr_axis(self, children: list[Any]) -> Loc:
        """"on the post's centreline", "along the boss axis": on the axis of that round body."""
        return Loc("named_axis", face=_word(children))
