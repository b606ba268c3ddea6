"""Semantic functions of the step-sequence rules of ``grammar.lark`` (the ``step sequences and references`` block).

A mixin of :class:`semantics.Semantics`. The rules read words that point back at earlier steps ("on top of that",
"another one at X = 85", "the edge where the cylinder meets the plate") or restate what a clause already says
("(along Y)"); each function marks what it read with a :class:`Loc` that ``compose_steps.py`` resolves against the
earlier clauses or the part so far, refusing what does not fit rather than dropping it.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["StepSemantics"]

_OPPOSITE = {"top": "bottom", "bottom": "top", "left": "right", "right": "left", "front": "back", "back": "front"}
_AXIS_WORDS = {"MOD_ALONG_X": 0, "MOD_ALONG_Y": 1, "W_X": 0, "W_Y": 1, "W_Z": 2}


def _counts(children: list[Any]) -> list[int]:
    return [c for c in children if isinstance(c, int) and not isinstance(c, bool)]


class StepSemantics:
    """Rules of step-by-step descriptions that refer to what earlier steps made."""

    def restated_axis(self, children: list[Any]) -> Loc:
        """"(along Y)": the axis, kept apart from the clause's own direction until ``compose_steps`` compares them.
        "(vertical)" is Z; "(horizontal)" names no single axis and is refused."""
        toks = tokens(children)
        words = " ".join(t.value.text for t in toks)
        if "horizontal" in words:
            raise PlanError("'(horizontal)' does not say which horizontal axis — say '(along X)' or '(along Y)'")
        axis = 2 if "vertical" in words else next(_AXIS_WORDS[t.type] for t in toks if t.type in _AXIS_WORDS)
        return Loc("restated_axis", axes=(axis,))

    def loc_on_that(self, children: list[Any]) -> Loc:
        """"on top of that": on the body made last (``face`` = "that"; checked when composed)."""
        return Loc("on_top", face="that")

    def sketch_on_that(self, children: list[Any]) -> Clause:
        """"a circle Ø10 on that": a sketch on top of the body made last (checked like "on top of that")."""
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        noun = next(c for c in flat if isinstance(c, Noun))
        return Clause("sketch", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)],
                      locs=[*(c for c in flat if isinstance(c, Loc)), Loc("on_top", face="that")])

    def loc_face_to_face(self, children: list[Any]) -> list[Loc]:
        """"from the top face to the bottom face": through the part, entering the first face. Two faces that are not
        opposite give no straight cut."""
        start, end = (c for c in children if type(c) is str)
        if _OPPOSITE[start] != end:
            raise PlanError(f"'from the {start} to the {end}' is not a straight cut through the part (name two "
                            "opposite faces)")
        return [Loc("through"), Loc("face", face=start)]

    def centred_side(self, children: list[Any]) -> list[Loc]:
        """"centred on the side face": centred on the face the cut's direction enters (checked when composed)."""
        return [Loc("side"), Loc("centre", face="side")]

    def also_centred(self, children: list[Any]) -> Loc:
        word = children[0].value.text
        if word != "also":
            raise PlanError(f"'{word} centred' does not place anything")
        return Loc("centre")

    def cube_np(self, children: list[Any]) -> Noun:
        size = next(c for c in children if isinstance(c, Size))
        return Noun("cube", sizes=[size])

    def cube_side(self, children: list[Any]) -> Size:
        return next(c for c in children if isinstance(c, Size))

    def side_hole_np(self, children: list[Any]) -> list[Any]:
        """"a 6 mm side hole", "a cross hole": a hole whose direction (X or Y, said in the clause) picks the side."""
        noun = Noun("hole")
        for c in children:
            if isinstance(c, Size):
                noun.sizes.append(c)
            elif isinstance(c, Measure):
                noun.measures.append(c)
        counts = _counts(children)
        if counts:
            noun.count = counts[0]
        return [noun, Loc("side")]

    def another_hole(self, children: list[Any]) -> Clause:
        """"another Ø20 hole …", "and another at X = 85", "a second one": one more hole like the one before it
        (``Loc("another")``, resolved by ``compose_steps.resolve_another``)."""
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        nouns = [c for c in flat if isinstance(c, Noun)]
        ones = [t for t in tokens(children) if t.type == "NUM"]
        if any(t.value.values[0] != 1 for t in ones) or (nouns and nouns[0].count != 1):
            raise PlanError("'another' names one more hole: give each further hole its own position")
        noun = nouns[0] if nouns else Noun("hole")
        return Clause("cut", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)],
                      locs=[*(c for c in flat if isinstance(c, Loc)), Loc("another")])

    def fuse_them(self, children: list[Any]) -> Clause:
        """"union them together", "fuse the two", "merge them into one body": ``value`` = the number of bodies said
        (0: "them"), checked against the bodies made."""
        toks = tokens(children)
        into = next((i for i, t in enumerate(toks) if t.type == "W_INTO"), len(toks))
        nums = [(i, t.value.values[0]) for i, t in enumerate(toks) if t.type == "NUM"]
        if any(i > into and v != 1 for i, v in nums):
            raise PlanError("the bodies are fused into one solid")
        said = next((v for i, v in nums if i < into), 0.0)
        return Clause("fuse_check", locs=[Loc("bodies", value=float(said))])

    def junction_ref(self, children: list[Any]) -> Loc:
        """"the edge where the cylinder meets the plate": the edges where the body joined last meets the part
        (``face`` = "junction" or "junction:<names>", the bodies named, checked when composed)."""
        where = [t for t in tokens(children) if t.type == "IGN"]
        if where and where[0].value.text != "where":
            raise PlanError(f"'{where[0].value.text}' does not say which edges")
        names = [c for c in children if type(c) is str and c]
        said = next((t.value.text for t in tokens(children) if t.type == "EDGE_JUNCTION"), "")
        kind = "junction_base" if said.startswith(("base", "root")) else "junction"  # the base of the body on top
        return Loc("edges", face=kind + (":" + ",".join(names) if names else ""))

    def joint_name(self, children: list[Any]) -> str:
        """A body named at a junction: its shape ("cylinder", "box" …), or "" for a word that names any body."""
        return children[0].kind if isinstance(children[0], Noun) else ""
