"""Semantic functions of the shop-wording rules of ``grammar.lark`` (the ``shop and hobbyist wording`` block).

A mixin of :class:`semantics.Semantics`, like :class:`semantics_locs.LocationSemantics`: one method per rule.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.sentences import Loc, Size

__all__ = ["ShopSemantics"]


class ShopSemantics:
    """Rules a machinist or hobbyist writes: rows of holes given by the first one and the pitch."""

    def loc_row(self, children: list[Any]) -> Loc:
        """"the first one 20 from the left end, 40 pitch": ``value`` = the first centre's distance from ``face``,
        ``values`` = (pitch,). "The first one" must be one hole."""
        firsts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        if firsts and firsts[0] != 1:
            raise PlanError(f"'the first {firsts[0]}' of a row: say where the first hole is")
        face = next(c for c in children if type(c) is str)
        first, pitch = (c.values[0] for c in children if isinstance(c, Size))
        return Loc("row", face=face, value=first, values=(pitch,))
