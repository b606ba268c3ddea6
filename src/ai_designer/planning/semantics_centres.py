"""Semantic functions of the ``unions, round 3`` rules of ``grammar.lark``: a body's centre at a named point of the
part so far — the middle of a face, one corner or each corner, a point on the part's axis — for a body joined or cut
there ("subtract a sphere of radius 15 whose center is on one of the cube's corners").

Each rule returns ``Loc("centre_at", face=…)`` (``face``: a face name, ``corner``, ``corners`` or ``axis``; ``value``:
an offset along the face's outward normal; ``values``: a height said again, ``(z,)``), resolved against the part in
``compose_centres.py``.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Loc, Size

__all__ = ["CentreSemantics"]

#: words an IGN slot of these rules may hold: "whose centre is exactly at", "cut … out of each corner"
_LEAD_WORDS = ("whose", "exactly", "precisely", "right", "directly")
_EACH_CORNER = ("each corner", "every corner", "all corners", "all the corners", "all four corners",
                "all eight corners", "all 8 corners", "the corners", "corners", "each of the corners")


def _only(children: list[Any], allowed: tuple[str, ...]) -> None:
    for t in tokens(children):
        if t.type == "IGN" and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class CentreSemantics:
    """One method per rule of the block; each reads its own children."""

    unit: float

    def centre_at(self, children: list[Any]) -> Loc:
        """The point named by ``centre_ref``, with the height said again in brackets when there is one."""
        loc = next(c for c in children if isinstance(c, Loc))
        z = [c for c in children if isinstance(c, float)]
        return Loc(loc.kind, face=loc.face, value=loc.value, values=tuple(z))

    def centre_lead(self, children: list[Any]) -> None:
        _only(children, _LEAD_WORDS)
        if any(t.type == "ART" and t.value.text not in ("its", "the") for t in tokens(children)):
            raise reject("'a centre' names no point of the body: say 'its centre'")
        return None

    def centre_face_mid(self, children: list[Any]) -> Loc:
        """"the middle of the (cube's) top face"."""
        return Loc("centre_at", face=next(c for c in children if type(c) is str))

    def centre_one_corner(self, children: list[Any]) -> Loc:
        """"one of the cube's corners"."""
        one = next(t for t in tokens(children) if t.type == "NUM").value
        if one.values[0] != 1:
            raise reject(f"'{one.text} of the corners' for one body: say 'one of the corners' or 'each corner'")
        return Loc("centre_at", face="corner")

    def centre_on_axis(self, children: list[Any]) -> Loc:
        """"on the axis, 10 mm above the top face": on the part's upright axis, that far out of the face."""
        size = next((c for c in children if isinstance(c, Size)), None)
        if size is None:
            return Loc("centre_at", face="axis")
        face = next(c for c in children if type(c) is str)
        side = next(t for t in tokens(children) if t.type in ("REL_ON_TOP", "REL_UNDER"))
        if (face, side.type) not in (("top", "REL_ON_TOP"), ("bottom", "REL_UNDER")) or side.value.text not in (
                "above", "over", "below", "under", "beneath"):
            raise reject(f"'{side.value.text} the {face} face' does not say which way from the face")
        return Loc("centre_at", face=f"axis_{face}", value=size.values[0])

    def centre_owner(self, children: list[Any]) -> None:
        return None

    def centre_z(self, children: list[Any]) -> float:
        tok = next(t for t in tokens(children) if t.type == "NUM").value
        return float(tok.values[0] if tok.explicit else tok.values[0] * self.unit)

    def centre_corners(self, children: list[Any]) -> Loc:
        """"out of each corner", "centred on every corner": one body at each corner of the part."""
        corner = next(t for t in tokens(children) if t.type == "POS_CORNERS").value.text
        _only(children, ("out",))
        if corner not in _EACH_CORNER:
            raise reject(f"'{corner}' does not say which corner (say 'one of the corners' or 'each corner')")
        return Loc("centre_at", face="corners")
