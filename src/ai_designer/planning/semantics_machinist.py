"""Semantic functions of the ``machinist notes`` block of ``grammar.lark``: drawing-note shorthand as machinists and
engineers write it ("(4) Ø.266 THRU", "Ø40 x 60 LG", "TURN Ø25 x 20 LG ONE END").

A mixin of :class:`semantics.Semantics`, one method per rule; the notes reuse the clauses the longer phrasings
make, so composition and its checks (counts that must fit a pattern, sizes that must fit the stock) are shared.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["MachinistLatheSemantics", "MachinistSemantics"]


_DIMENSIONS = ("dimensions", "dims", "dimension", "sizes")
_UNIT_WORDS = ("inches", "inch", "mm", "millimeters", "millimetres", "cm")


class MachinistSemantics:
    """Drawing-note shorthand: each method reads its own rule's children."""

    def count_bracket(self, children: list[Any]) -> int:
        """"(4)": a count in brackets, as drawings write the number of like holes."""
        tok = next(c for c in children if isinstance(c, Token) and c.type == "NUM").value
        if not tok.is_int or tok.values[0] < 1:
            raise PlanError(f"'({tok.text})' is not a count of features")
        return int(tok.values[0])

    def loc_row_mid(self, children: list[Any]) -> Loc:
        """"40 APART": the pitch of like holes centred on the line said with them (``hole_rows``)."""
        return Loc("row_mid", values=(next(c for c in children if isinstance(c, Size)).values[0],))

    def round_note(self, children: list[Any]) -> Clause:
        """"Ø50 x 30 LG": the diameter and the length of round stock, with no noun (a cylinder, like "… shaft")."""
        dims = [str(c.value.concept.split(":")[1]) for c in children if isinstance(c, Token) and c.type != "Q2"]
        values = next(c for c in children if isinstance(c, Size)).values
        noun = Noun("cylinder", measures=[Measure(dims[0], values[0]), Measure(dims[1], values[1])])
        return Clause("create", noun=noun)

    def fillet_typ(self, children: list[Any]) -> Clause:
        """"R5 TYP ALL VERTICAL EDGES": the radius on each edge named (TYP says only that they are alike)."""
        return self.fillet_note(_without_typ(children))  # type: ignore[attr-defined]

    def corners_typ(self, children: list[Any]) -> Clause:
        """"R10 TYP 4 CORNERS": the plate's corners seen from above, rounded alike (the count is checked)."""
        return self.corners_rounded(_without_typ(children))  # type: ignore[attr-defined]


def _without_typ(children: list[Any]) -> list[Any]:
    """The children without the ``TYP`` word; any other filler word there is not a drawing note and is refused."""
    words = [c for c in children if isinstance(c, Token) and c.type == "IGN"]
    if len(words) != 1 or words[0].value.text not in ("typ", "typical"):
        raise reject(f"did not understand '{' '.join(w.value.text for w in words)}' after the radius")
    return [c for c in children if c is not words[0]]


class MachinistLatheSemantics:
    """Turned-part notes, composed by ``lathe.py`` like the longer phrasings."""

    def turn_note(self, children: list[Any]) -> Clause:
        """"TURN Ø25 x 20 LG ON ONE END": ``values`` = (length, diameter) of the turned-down end."""
        _one(children)
        d, length = next(c for c in children if isinstance(c, Size)).values
        return Clause("lathe", locs=[Loc("turn_down", face="one", values=(length, d))])

    def end_hole_note(self, children: list[Any]) -> Clause:
        """"BORE Ø30 x 15 DP ONE END": ``values`` = (diameter, depth) of the hole into that end."""
        d, depth = next(c for c in children if isinstance(c, Size)).values
        end = next(c for c in children if type(c) is str)
        return Clause("lathe", locs=[Loc("end_hole", face=end, values=(d, depth))])

    def lathe_end(self, children: list[Any]) -> str:
        """"one end" (checked to be one), "the small end"."""
        if any(isinstance(c, Token) and c.type == "DIM_TOP_DIAMETER" for c in children):
            words = next(c for c in children if isinstance(c, Token) and c.type == "DIM_TOP_DIAMETER").value.text
            if words not in ("small end", "smaller end"):
                raise reject(f"did not understand '{words}' as an end of the part")
            return "small"
        _one(children)
        return "one"


def _one(children: list[Any]) -> None:
    num = next(c for c in children if isinstance(c, Token) and c.type == "NUM").value
    if num.values[0] != 1:
        raise reject(f"'{num.text} end': a bar has one end of each kind — say which end")

    def units_note(self, children: list[Any]) -> Clause:
        """"ALL DIMENSIONS IN INCHES": only the unit note's own words; the lexer sets the unit it names."""
        words = [c.value.text for c in children if isinstance(c, Token) and c.type in ("IGN", "UNK", "MOD_EACH")]
        if words[-2] not in _DIMENSIONS or words[-1] not in _UNIT_WORDS or words[0] not in ("all", *_DIMENSIONS):
            raise reject(f"did not understand '{' '.join(words)}'")
        return Clause("assume", text=f"numbers without a unit are in {words[-1]} (the units note)")
