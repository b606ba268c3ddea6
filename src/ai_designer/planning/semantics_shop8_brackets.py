"""Semantic functions of the ``shop8`` block of ``grammar.lark`` for L-brackets (semantics_shop8.py has the rest).

An L-bracket said first by its stock and width ("L-bracket out of 5 mm plate, 30 mm wide") gets its unequal legs in
the next sentence ("One leg is 50 mm long, the other 40 mm, both measured to the outside of the bend"), then one hole
through each leg, each leg named by its length or as the long / short one. The words with no terminal of their own
are checked; composed in ``compose_shop8_brackets.py``.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.semantics_shop8 import _only_text, _sizes
from ai_designer.planning.sentences import Clause, Loc, Measure

__all__ = ["Shop8BracketSemantics"]


class Shop8BracketSemantics:
    """L-brackets: unequal legs said after the bracket (``s8_brk_more``) and one hole through each leg."""

    def s8_brk_legs(self, children: list[Any]) -> Clause:
        legs = next(c for c in children if isinstance(c, list))
        return Clause("s8_brk_more", locs=[*legs, Loc("outside")])

    def s8_legs_other(self, children: list[Any]) -> list[Loc]:
        """"one leg is 50 mm long, the other 40 mm": the first lies flat (an L is the same part either way up)."""
        count = next(t for t in tokens(children) if t.type == "NUM")
        if count.value.values[0] != 1:
            raise reject(f"'{count.value.text} leg' is not read here offline")
        _only_text(children, "IGN", ("other",))
        first, second = _sizes(children)[:2]
        return [Loc("leg_x", value=first), Loc("leg_z", value=second)]

    def s8_legs_long_short(self, children: list[Any]) -> list[Loc]:
        _only_text(children, "DIM_LENGTH", ("long",))
        long, short = _sizes(children)[:2]
        if long <= short:
            raise ambiguous(f"the long leg {long:g} is not longer than the short one {short:g}")
        return [Loc("leg_x", value=long), Loc("leg_z", value=short)]

    def s8_brk_outside(self, children: list[Any]) -> None:
        _only_text(children, "IGN", ("both",))
        _only_text(children, "DIM_OD", ("outside",))
        _only_text(children, "POS_CORNERS", ("the corner", "corner"))

    def s8_brk_sharp(self, children: list[Any]) -> None:
        """"sharp inside corner", "square corner (no bend radius)": as the bracket is built."""
        _only_text(children, "EDGE_JUNCTION", ("inside corner",))
        _only_text(children, "POS_CORNERS", ("corner",))
        _only_text(children, "EDIT_REMOVE", ("no",))

    def s8_brk_holes(self, children: list[Any]) -> Clause:
        count = next(t for t in tokens(children) if t.type == "NUM")
        if count.value.values[0] != 1:
            raise reject("one hole through each leg is read here offline")
        _only_text(children, "FEAT_HOLE", ("hole",))
        _only_text(children, "MOD_IN_EACH_LEG", ("each leg", "in each leg"))
        d = _sizes([c for c in children if not isinstance(c, Loc)])[0]
        return Clause("s8_brk_holes", measures=[Measure("diameter", d)],
                      locs=[c for c in children if isinstance(c, Loc)])

    def s8_brk_centred(self, children: list[Any]) -> Loc:
        _only_text(children, "DIM_DIAMETER", ("across",))
        width = _sizes(children)
        return Loc("centred", value=width[0] if width else None)

    def s8_brk_halfway(self, children: list[Any]) -> Loc:
        """"halfway along the flat part of the leg": checked against the distances said after it."""
        _only_text(children, "W_PART", ("part",))
        return Loc("halfway")

    def s8_at_named_leg(self, children: list[Any]) -> Loc:
        _only_text(children, "DIM_LENGTH", ("long",))
        _only_text(children, "POS_CORNERS", ("corner",))
        _only_text(children, "DIM_OD", ("outside",))
        which = "short" if any(t.type == "W_SHORT" for t in tokens(children)) else "long"
        return Loc("leg_hole", face=which, value=_sizes(children)[0])

    def s8_at_sized_leg(self, children: list[Any]) -> Loc:
        """"27.5 mm from the outside corner on the 50 leg", "22.5 mm on the 40 leg": the leg named by its length."""
        _only_text(children, "POS_CORNERS", ("corner",))
        _only_text(children, "DIM_OD", ("outside",))
        _only_text(children, "REL_ON_TOP", ("on",))
        leg = next(t for t in tokens(children) if t.type == "NUM").value.values[0] * self.unit  # type: ignore[attr-defined]
        return Loc("leg_hole", values=(leg,), value=_sizes(children)[0])
