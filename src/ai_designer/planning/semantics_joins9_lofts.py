"""Semantic functions of the ``joins9`` loft rules of ``grammar.lark``: a loft's two sections said by their roles in a
sentence of their own ("the bottom is a 40 x 40 square on z=0, …, and the top is a 20 mm diameter circle at z=50"),
then the loft ("Loft between the two"), or the loft named inside that sentence ("(a truncated pyramid / loft)").

``j9_role_secs`` makes ``Clause("j9_sections", parts=[bottom, top])`` whose locations are the loft's facts (``fact``
``coaxial`` / ``sides_parallel``, ``ruled``), the name said before it (``j9_name``) and ``j9_loft_said`` when the
sentence names the loft; ``j9_loft_two`` and ``j9_name`` are clauses of their own. ``compose_joins9.role_lofts``
joins them into the ``loft`` clause the sweeps block builds, checking the name against it.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["JoinsNineLoftSemantics"]


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _words(children: list[Any], *types: str) -> list[str]:
    return [t.value.text.lower() for t in tokens(children) if t.type in types]


def _only(children: list[Any], kind: str, allowed: tuple[str, ...], what: str) -> None:
    for word in _words(children, kind):
        if word not in allowed:
            raise reject(f"'{word}' {what} is not understood")


class JoinsNineLoftSemantics:
    """One method per rule; each reads its own children."""

    def j9_role_secs(self, children: list[Any]) -> Clause:
        """The bottom section then the top one, and what the sentence says of the loft between them."""
        items = _flat(children)
        sections = [c for c in items if isinstance(c, Clause)]
        roles = [sec.loc("role") for sec in sections]
        if [r.face if r else "" for r in roles] != ["bottom", "top"]:
            raise reject("a loft's sections are read offline as the bottom first, then the top")
        locs = [c for c in items if isinstance(c, Loc)]
        for sec in sections:
            if sec.has("j9_centred"):
                locs.append(Loc("fact", face="coaxial"))
            sec.locs = [loc for loc in sec.locs if loc.kind != "j9_centred"]
        return Clause("j9_sections", parts=sections, locs=locs)

    def j9_role(self, children: list[Any]) -> Clause:
        """"the bottom is a 60 x 30 rectangle", "top face a 20 x 20 square 30mm higher", "the top is a 20 mm
        diameter circle at z=50"."""
        _only(children, "FACE_BOTTOM", ("bottom", "bottom face"), "as a loft section")
        _only(children, "FACE_TOP", ("top", "top face"), "as a loft section")
        items = _flat(children)
        noun = next((c for c in items if isinstance(c, Noun)), None)
        sizes = [c for c in items if isinstance(c, Size)]
        if noun is None:
            if _words(children, "DIM_PCD") != ["diameter circle"]:
                raise reject(f"'{' '.join(_words(children, 'DIM_PCD'))}' is not a loft section")
            noun, sizes = Noun("circle", measures=[Measure("diameter", sizes[0].values[0])]), sizes[1:]
        role = "top" if _words(children, "FACE_TOP") else "bottom"
        return Clause("section", noun=noun, measures=[c for c in items if isinstance(c, Measure)], sizes=sizes,
                      locs=[Loc("role", face=role), *(c for c in items if isinstance(c, Loc))])

    def j9_sec_mod(self, children: list[Any]) -> Any:
        return next((c for c in children if not hasattr(c, "type")), None)

    def j9_centred(self, children: list[Any]) -> Loc:
        """"centred on the origin", "also centred", "centred over it", "centred over the bottom one"."""
        _only(children, "EDIT_ADD", ("also",), "before 'centred'")
        _only(children, "REL_ON_TOP", ("on", "over"), "after 'centred'")
        _only(children, "NUM", ("one",), "after 'the bottom'")
        return Loc("j9_centred")

    def j9_sides_parallel(self, children: list[Any]) -> Loc:
        return Loc("fact", face="sides_parallel")

    def j9_straight(self, children: list[Any]) -> Loc:
        """"straight faces in between": a ruled loft."""
        return Loc("ruled")

    def j9_loft_named(self, children: list[Any]) -> list[Loc]:
        """"(a truncated pyramid / loft)": the loft, named (the name checked against its sections)."""
        if _words(children, "UNK", "UNBUILT") != ["truncated", "pyramid"]:
            raise reject(f"'{' '.join(_words(children, 'UNK', 'UNBUILT'))}' is not read as a loft's name")
        return [Loc("j9_loft_said"), Loc("j9_name", face="truncated pyramid")]

    def j9_name_words(self, children: list[Any]) -> Loc:
        return Loc("j9_name", face=" ".join(_words(children, "IGN", "UNK", "UNBUILT")))

    def j9_name(self, children: list[Any]) -> Clause:
        """"Want to print a tapered foot.": what the part is for and its name, checked against the loft after it."""
        return Clause("j9_name", locs=[Loc("j9_name", face=" ".join(_words(children, "IGN", "W_TO", "UNK", "UNBUILT")))])

    def j9_loft_two(self, children: list[Any]) -> Clause:
        """"Loft between the two (to make a solid)"."""
        _only(children, "NUM", ("two",), "sections")
        return Clause("j9_loft_two", locs=[Loc("fact", face="solid")] if _words(children, "W_SOLID") else [])

    def j9_straight_loft_two(self, children: list[Any]) -> Clause:
        """"Sides are flat — just a straight loft between the two": a ruled loft."""
        _only(children, "NUM", ("two",), "sections")
        _only(children, "IGN", ("just",), "before the loft")
        return Clause("j9_loft_two", locs=[Loc("ruled")])
