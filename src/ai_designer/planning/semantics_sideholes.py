"""Semantic functions of the ``side holes round`` rules of ``grammar.lark``: holes drilled into a side face or
across a round part, said as drawing notes ("2x Ø8 CROSS HOLES THRU BOTH WALLS") with facts about their axes
("hole axes parallel (same side)").

A cross hole names no direction; ``compose_sideholes`` picks it only where every direction across the part's axis
gives the same part (a round part), and states it; elsewhere the hole is refused as before.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["SideHoleSemantics"]


class SideHoleSemantics:
    """One method per rule of the block; each reads its own children."""

    def sh_side_note(self, children: list[Any]) -> Clause:
        """"2x Ø8 CROSS HOLES THRU": the diameter, the count, a hole into a side face."""
        size = next(c for c in children if isinstance(c, Size))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        noun = Noun("hole", count=counts[0] if counts else 1, measures=[Measure("diameter", size.values[0])])
        rest = [c for c in children if c is not size and not isinstance(c, int)]
        return _clause("cut", [noun, Loc("side"), *rest])

    def sh_parallel(self, children: list[Any]) -> Loc:
        """"hole axes parallel (same side)": a fact checked on the holes the clause makes (``same_way``)."""
        words = [t.value.text.lower() for t in tokens(children)]
        return Loc("same_way", face="same" if "same" in words else None)

    def sh_from_outside(self, children: list[Any]) -> Loc:
        """"from the outside into the bore": a hole into the side of a round hollow part (it needs "one wall")."""
        _only(children, {"DIM_OD": ("outside",), "FEAT_HOLE": ("bore", "hole")})
        return Loc("from_outside")

    def sh_one_wall(self, children: list[Any]) -> Loc:
        """"through one wall only", "... - the opposite wall stays intact": through the wall on one side only."""
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("'through N walls': say 'through one wall' or 'through both walls'")
        _only(children, {"IGN": ("only",), "DIM_WALL": ("wall", "side"), "FACE_SIDE": ("wall", "side")})
        return Loc("one_wall")


def _clause(action: str, children: list[Any]) -> Clause:
    """A clause from its children by type, as ``semantics._clause`` (not imported: semantics imports this mixin)."""
    flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
    nouns = [c for c in flat if isinstance(c, Noun)]
    return Clause(action=action, noun=nouns[0] if nouns else None, measures=[c for c in flat if isinstance(c, Measure)],
                  sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])


def _only(children: list[Any], allowed: dict[str, tuple[str, ...]]) -> None:
    """The words the rule reads loosely (by terminal) must be the ones it means."""
    for t in tokens(children):
        words = allowed.get(t.type)
        if words is not None and t.value.text.lower() not in words:
            raise reject(f"'{t.value.text}' is not read in a hole through the wall of a round part")


class SidePlaceSemantics:
    """The places of a hole in a side face: its centre said as a list, the middle of the part's thickness."""

    def sh_places(self, children: list[Any]) -> list[Loc]:
        out: list[Loc] = []
        for c in children:
            out += c if isinstance(c, list) else [c] if isinstance(c, Loc) else []
        return out

    def sh_centre_is(self, children: list[Any]) -> list[Loc]:
        """"centre is in middle of the length and 25 mm over the bottom": each place said of the centre."""
        _only(children, {"POS_CENTER": ("centre", "center")})
        return next(c for c in children if isinstance(c, list))

    def sh_centre_thick(self, children: list[Any]) -> Loc:
        """"in middle of thickness": centred across the part's thinnest side (resolved, and checked, when
        composed: the side must lie on the face the hole enters and be the only thinnest one)."""
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        return Loc("centre_thick", value=sizes[0] if sizes else None)

    def sh_across_axis(self, children: list[Any]) -> Loc:
        """"square to the axis": across the part's axis — a cross hole (composed only on a round part)."""
        return Loc("across_axis")

    def sh_centre_at(self, children: list[Any]) -> Any:
        """"with its centre 10 mm up from the bottom": the place given, of the hole's centre (how holes are placed)."""
        _only(children, {"POS_CENTER": ("centre", "center")})
        return next(c for c in children if isinstance(c, (Loc, list)))

    def sh_there_is(self, children: list[Any]) -> Clause:
        """"also there is one cross hole dia 5 through the shaft": a hole said to be there is a hole cut."""
        _only(children, {"IGN": ("there",), "EDIT_ADD": ("also", "and also", "plus")})
        return _clause("cut", children)

    def sh_from_face(self, children: list[Any]) -> Loc:
        """"at 15 mm from the bottom face": from that face to the centre."""
        face = next(c for c in children if type(c) is str)
        return Loc("from_face", face=face, value=next(c for c in children if isinstance(c, Size)).values[0])

    def sh_up_from(self, children: list[Any]) -> Loc:
        """"10 mm up from the bottom (end)", "5 down from the top": only a face phrase that says "from"."""
        face = next(t for t in tokens(children) if t.type in ("FACE_BOTTOM", "FACE_TOP"))
        words = face.value.text.lower().split()
        if "from" not in words:
            raise reject(f"'{face.value.text}' after a distance: say '… from the {words[-1]}'")
        side = "bottom" if face.type == "FACE_BOTTOM" else "top"
        return Loc("from_face", face=side, value=next(c for c in children if isinstance(c, Size)).values[0])
