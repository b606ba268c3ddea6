"""Semantic functions of the ``two bodies crossing at right angles`` rules of ``grammar.lark``: "crossing each other
at their midpoints at right angles", "both lying in the same plane", "(like a plus sign seen from above)".

``Loc("crossing", face="middles" | None)`` (``middles``: they cross at their middles), ``Loc("cross_plane")`` (both
lie flat in one plane), ``Loc("cross_plus")`` (a plus seen from above); composed by ``compose_crossing.py``.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Loc

__all__ = ["CrossingSemantics"]

_MIDDLES = ("midpoints", "midpoint", "middles", "middle", "centres", "centers", "centre", "center", "mid points")


def _ign(children: list[Any], allowed: tuple[str, ...]) -> None:
    for t in tokens(children):
        if t.type in ("IGN", "UNK") and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class CrossingSemantics:
    """One method per rule of the block; each reads its own children."""

    def crossing(self, children: list[Any]) -> Loc:
        _ign(children, ("other",))
        middles = any(isinstance(c, Loc) and c.kind == "cross_where" for c in children)
        return Loc("crossing", face="middles" if middles else None)

    def cross_where(self, children: list[Any]) -> Loc:
        _ign(children, ("their",))
        word = next(t for t in tokens(children) if t.type == "POS_CENTER").value.text
        if word not in _MIDDLES:
            raise reject(f"'at their {word}' does not say where they cross")
        return Loc("cross_where")

    def cross_angle(self, children: list[Any]) -> None:
        _ign(children, ("other",))
        for t in tokens(children):
            if t.type == "ANG" and abs(t.value.values[0] - 90.0) > 1e-9:
                raise reject(f"bodies crossing at {t.value.text}: only right angles are read offline")
            if t.type == "FACE_RIGHT" and t.value.text != "right":
                raise reject(f"'{t.value.text} angles' is not read offline")
        return None

    def cross_plane(self, children: list[Any]) -> Loc:
        _ign(children, ("both", "same"))
        return Loc("cross_plane")

    def cross_plus(self, children: list[Any]) -> Loc:
        _ign(children, ("like", "sign"))
        return Loc("cross_plus")
