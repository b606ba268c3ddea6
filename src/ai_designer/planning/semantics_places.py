"""Semantic functions of the ``places round`` rules of ``grammar.lark``: the ways people say where a feature goes and
which way it runs ("in the middle of the top face", "from front to back", "top to bottom", "coaxial with the
cylinder", "one near each corner, 8 mm in from both edges", "centre 15 mm above the bottom", "halfway along its
length").

Every rule gives a term the location algebra already reads (``sentences.Loc``: ``centre``, ``direction_axis``,
``part_axis``, ``corners``, ``from_face``, ``centre_dim``), so any feature clause that takes a location takes these
phrases, and each composition still refuses the terms it does not use.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["PlaceSemantics"]

#: the only ignorable words that may stand before "from <face> to <face>" ("going from the top to the bottom")
_SPAN_LEADS = {"going", "goes", "running", "runs", "run", "drilled", "straight", "all"}
#: the only ignorable words the corner rules read: "from both edges", "both of its nearest edges", "their centres"
_CORNER_WORDS = {"both", "its", "their", "adjacent", "the"}
_CENTRE_WORDS = {"its", "their", "the", "with", "hole", "holes"}


def _size(children: list[Any]) -> float:
    return float(next(c for c in children if isinstance(c, Size)).values[0])


def _only(children: list[Any], allowed: set[str], what: str) -> None:
    """The IGN words a rule reads must be the ones it means; any other is not dropped but refused."""
    for t in tokens(children):
        if t.type == "IGN" and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' in '{what}' is not understood")


class PlaceSemantics:
    """One method per rule of the block; each reads its own children."""

    def place_centred_on(self, children: list[Any]) -> Loc | list[Loc]:
        """"in the middle of the top face": the centred_on term after "in" / "at"."""
        return next(c for c in children if isinstance(c, (Loc, list)))

    def place_span_words(self, children: list[Any]) -> Loc:
        """"from front to back", "from left to right": the lexicon's direction phrase after "from"."""
        return self.loc_direction(children)  # type: ignore[attr-defined]

    def place_span_faces(self, children: list[Any]) -> list[Loc]:
        """"going from top face to bottom face", "top to bottom": through, entering the first (opposite faces)."""
        _only(children, _SPAN_LEADS, "from … to …")
        return self.loc_face_to_face(children)  # type: ignore[attr-defined]

    def place_coaxial(self, children: list[Any]) -> Loc:
        """"coaxial with the cylinder": on the part's axis (an upright round part, checked when composed)."""
        return Loc("part_axis")

    def place_corners(self, children: list[Any]) -> Loc:
        """"one near each corner, 8 in from both edges", "each 6 mm from the two nearest edges": one per corner."""
        _only(children, _CORNER_WORDS, "from the edges at each corner")
        toks = tokens(children)
        for i, t in enumerate(toks):
            if t.type != "NUM":
                continue
            per_corner = i + 1 < len(toks) and toks[i + 1].type == "W_NEAR" or i > 0 and toks[i - 1].type == "MOD_EACH"
            allowed = ("one", "1") if per_corner else ("two", "2")  # one hole per corner, its two nearest edges
            if t.value.text.lower() not in allowed:
                raise ambiguous(f"'{t.value.text}' in 'near each corner … from the edges': one hole at each corner, "
                                "measured from its two nearest edges")
        near = [t for t in tokens(children) if t.type == "UNBUILT"]
        if near and near[0].value.text.lower() not in ("nearest", "closest", "near", "adjacent"):
            raise reject(f"'{near[0].value.text} edges' is not understood")
        return Loc("corners", value=_size(children))

    def place_above(self, children: list[Any]) -> Loc:
        """"centre 15 mm above the bottom", "10 below the top face": a distance from that face to the centre.
        Above names the bottom face, below the top; "20 above the top" is outside the part and refused."""
        _only(children, _CENTRE_WORDS, "… above the …")
        face = next(c for c in children if type(c) is str)
        under = any(t.type == "REL_UNDER" for t in tokens(children))
        if (face, under) not in (("bottom", False), ("top", True)):
            word = "below" if under else "above"
            raise reject(f"'{word} the {face}' does not place a feature inside the part")
        return Loc("from_face", face=face, value=_size(children))

    def place_halfway(self, children: list[Any]) -> Loc:
        """"halfway along its length": centred along the part's length."""
        return Loc("centre_dim", face="length")

    def place_first_cut(self, children: list[Any]) -> Clause:
        """"halfway along its length, drill …": the place said before the cut is the cut's (none is dropped)."""
        said = [x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Loc)]
        clause = next(c for c in children if isinstance(c, Clause))
        clause.locs[:0] = said
        return clause

    def place_row(self, children: list[Any]) -> Loc:
        """"first hole 20 mm from one end and then every 20 mm": ``row`` from that end (``face`` = ``end`` for "one
        end": the row must then be the same from either end, checked in ``hole_rows``)."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if words.get("MOD_EACH") != "every":
            raise reject(f"'{words.get('MOD_EACH')}' in a row of holes: say 'then every 20 mm'")
        return row_loc(children, pitch_first=False)

    def place_standing(self, children: list[Any]) -> Loc:
        """"standing vertical", "standing upright": along Z ("vertical" is the lexicon's Y for slots seen from the
        front, so the word itself is checked)."""
        word = tokens(children)[-1].value.text.lower()
        if word not in ("vertical", "vertically", "upright"):
            raise reject(f"'standing {word}': say 'standing upright' or 'along Z'")
        return Loc("direction_axis", axes=(2,))

    def place_vertical(self, children: list[Any]) -> list[Any]:
        """"a 10 mm vertical hole": the hole (as ``hole_np``) running along Z (only the word "vertical")."""
        word = next(t for t in tokens(children) if t.type == "MOD_ALONG_Y").value.text.lower()
        if word not in ("vertical", "vertically"):
            raise reject(f"'{word}' before 'hole': say 'along X' or 'along Y' after it")
        rest = [c for c in children if not (isinstance(c, Token) and c.type == "MOD_ALONG_Y")]
        return [self.hole_np(rest), Loc("direction_axis", axes=(2,))]  # type: ignore[attr-defined]


def row_loc(children: list[Any], *, pitch_first: bool) -> Loc:
    """A row of holes from where its first hole is and its pitch ("first one 20 from the end, then every 25", "25
    pitch, first one 25 from the end"): ``Loc("row")`` from the face said (the end by default); a count other than
    "the first one" is refused."""
    nums = [t.value for t in tokens(children) if t.type == "NUM"]
    if any(n.values[0] != 1 for n in nums):
        raise reject(f"'the first {nums[0].text}' of a row: say where the first hole is")
    faces = [c for c in children if type(c) is str]
    a, b = (c.values[0] for c in children if isinstance(c, Size))
    first, pitch = (b, a) if pitch_first else (a, b)
    return Loc("row", face=faces[0] if faces else "end", value=first, values=(pitch,))
