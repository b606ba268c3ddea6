"""Semantic functions of the ``drawing callouts`` block of ``grammar.lark``: corner radii as drawings write them
("4 CORNERS R8 (VERTICAL EDGES)", "4 vertical corners rounded 1/4 R").

A mixin of :class:`semantics.Semantics`. The other callouts ("C1 ON TOP OUTER EDGE", "CTR", "B.C.") are rewritten by
the lexer into words the existing rules read, so they share those rules' checks.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause

__all__ = ["CalloutSemantics"]

#: the words that may name the corners: a plate's corners seen from above (its vertical edges)
_CORNER_WORDS = ("corner", "corners", "vertical corner", "vertical corners", "corner radius", "corners radius")


class CalloutSemantics:
    """Corner-radius callouts: the same clause as "with 4 corners rounded R8" (``corners_rounded``)."""

    def callout_corners(self, children: list[Any]) -> Clause:
        """"4 CORNERS R8": only corner words may name the edges ("4 vertical edges R8" is read elsewhere)."""
        words = [c.value.text for c in children if isinstance(c, Token) and c.type in ("EDGE_VERTICAL", "POS_CORNERS",
                                                                                       "DIM_CORNER_RADIUS")]
        if not words or words[0] not in _CORNER_WORDS:
            raise reject(f"did not understand '{words[0] if words else ''}' as the corners of the part")
        return self.corners_rounded(children)  # type: ignore[attr-defined]

    def callout_round(self, children: list[Any]) -> Token:
        """The word that says the corners are rounded (no value of its own)."""
        return children[0]

    def callout_vertical(self, children: list[Any]) -> Token:
        """"(VERTICAL EDGES)": restates that the corners are the vertical edges."""
        return children[1]
