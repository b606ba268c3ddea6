"""Semantic functions of the ``shop8`` block of ``grammar.lark``: hobbyist and machine-shop wording.

Each rule reads one way of saying a thing that writers of several blind sets used ("round spacer: 12 mm outside
diameter, 6.5 mm hole, 20 mm long", …) into the values the rest of the grammar already builds; where a word could mean
more than one thing, the function refuses and names it instead of guessing.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Size

__all__ = ["Shop8Semantics"]


def _sizes(children: list[Any]) -> list[float]:
    """The sizes among ``children``: read ones and sizes said with their unit (``LEN`` tokens, in millimetres)."""
    out = [v for c in children if isinstance(c, Size) for v in c.values]
    return out + [t.value.values[0] for t in tokens(children) if t.type == "LEN"]


class Shop8Semantics:
    """One method per rule of the block; each reads its own children."""

    def s8_bore(self, children: list[Any]) -> tuple[str, float]:
        """"6.5 mm hole" in a spacer's list is its bore: one hole ("6.5 mm holes" would say several)."""
        hole = next(t for t in tokens(children) if t.type == "FEAT_HOLE")
        if hole.value.text.endswith("s"):
            raise ambiguous(f"'{hole.value.text}' in a list of sizes: a spacer has one bore (say e.g. '6.5 mm bore')")
        return ("id", _sizes(children)[0])
