"""Semantic functions of the ``stacking`` block of ``grammar.lark``: unions and stacks said the way people say them.

"CUBE 40." (a cube with its side said after it), "UNION." / "Fuse all." / "Merged into one piece please." (the bodies
were joined when they were placed: checked like "union them", so a lone body is refused, never passed).
"Three discs stacked up, all on one centre line. Bottom one 60 diameter, 5 thick. …": ``stack_intro`` (the count and
kind) and one ``stack_level`` per level, ``Loc("level", face="bottom" | "middle" | "top")``, put together by
``compose_stacking.py``.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["StackingSemantics"]

#: filler a fuse clause may end with ("merged into one piece please")
_FUSE_FILLER = ("piece", "please", "thanks")
_SHAPE = {"SHAPE_DISC": "cylinder", "SHAPE_CYLINDER": "cylinder", "SHAPE_ROD": "cylinder"}
_ROLE = {"FACE_BOTTOM": "bottom", "POS_CENTER": "middle", "FACE_TOP": "top"}
_HEIGHT = {"DIM_HEIGHT": "height", "DIM_THICKNESS": "thickness"}


def _only(children: list[Any], kind: str, allowed: tuple[str, ...], what: str) -> None:
    """A word of ``kind`` the rule lets through must be one of ``allowed`` (IGN stands for many words)."""
    for t in tokens(children):
        if t.type == kind and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not read in {what} offline")


class TaperMeasure(Measure):
    """A diameter of a taper said "from 40 across down to 20": which end is which follows the way it is read, so
    under a body (read downwards) it is not the plan's bottom / top (checked by ``check_taper_under``)."""


def check_taper_under(measures: list[Any], locs: list[Any]) -> None:
    """"a cone underneath going from 50 across down to 30": 50 at the body or at the foot? Refused (both read)."""
    if any(isinstance(m, TaperMeasure) for m in measures) and any(getattr(loc, "kind", "") == "under" for loc in locs):
        raise ambiguous("a taper 'from … down to …' under a body: say its diameter at the body and at its foot "
                        "(e.g. 'top diameter 50, bottom diameter 30')")


class StackingSemantics:
    """One method per rule of the block; each reads its own children."""

    def stk_cube_np(self, children: list[Any]) -> Noun:
        """"cube 40", "cube of side 40": the cube's side after its name (one size, a single value)."""
        _only(children, "FACE_SIDE", ("side",), "a cube's size")
        noun = next(c for c in children if isinstance(c, Noun))
        size = next(c for c in children if isinstance(c, Size))
        if len(size.values) != 1:
            raise reject("a cube's side is one size")
        noun.sizes.append(size)
        return noun

    def stk_fuse_all(self, children: list[Any]) -> Clause:
        """"UNION.", "fuse all", "merged into one piece": every body made so far is one solid (value 0: count not
        said; compose_steps checks at least two bodies were made and joined)."""
        _only(children, "IGN", _FUSE_FILLER, "'fuse all'")
        return Clause("fuse_check", locs=[Loc("bodies", value=0.0)])

    def stk_into(self, children: list[Any]) -> list[Any]:
        """"into one solid / body / part / piece": only one."""
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("the bodies are fused into one solid")
        return list(children)

    def stk_shape(self, children: list[Any]) -> Noun:
        return Noun(_SHAPE[children[0].type])

    def stk_coax(self, children: list[Any]) -> Loc:
        """"all on one centre line", "coaxial", "centred": the levels share one axis (what the stack builds)."""
        _only(children, "POS_CENTER", ("centre", "center", "centred", "centered", "centre line", "center line"),
              "a stack's axis")
        _only(children, "POS_ROW", ("line", "centreline", "centerline"), "a stack's axis")
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a stack on several centre lines")
        return Loc("centre", axes=(0, 1))

    def stk_intro(self, children: list[Any]) -> Clause:
        """"three discs stacked up": how many levels, of which kind (their sizes follow, level by level)."""
        _only(children, "IGN", ("other",), "a stack")
        _only(children, "REL_ON_TOP", ("on", "stacked on", "on top"), "a stack")
        count = next(t.value.values[0] for t in tokens(children) if t.type == "NUM")
        if count != int(count) or not 2 <= count <= 3:
            raise reject("a stack of two or three bodies is read offline (bottom, middle, top)")
        noun = next(c for c in children if isinstance(c, Noun))
        return Clause("stack_intro", noun=Noun(noun.kind, count=int(count)))

    def stk_role(self, children: list[Any]) -> Loc:
        _only(children, "POS_CENTER", ("middle",), "a level of a stack")
        return Loc("level", face=_ROLE[children[0].type])

    def stk_size(self, children: list[Any]) -> list[Measure]:
        """"60 diameter", "30 dia x 15 high": the level's named sizes."""
        if len(children) == 1:
            return [children[0]]
        sizes = [c for c in children if isinstance(c, Size)]
        height = next(_HEIGHT[t.type] for t in tokens(children) if t.type in _HEIGHT)
        return [Measure("diameter", sizes[0].values[0]), Measure(height, sizes[1].values[0])]

    def stk_sizes(self, children: list[Any]) -> list[Measure]:
        return [m for c in children if isinstance(c, list) for m in c]

    def stk_level(self, children: list[Any]) -> Clause:
        """"Bottom one 60 diameter, 5 thick": one level's sizes ("one" only: "bottom two" is not a level)."""
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a level of a stack is one body")
        nouns = [c for c in children if isinstance(c, Noun)]
        measures = [m for c in children if isinstance(c, list) for m in c]
        return Clause("stack_level", noun=nouns[0] if nouns else None, measures=measures,
                      locs=[c for c in children if isinstance(c, Loc)])

    def stk_dia(self, children: list[Any]) -> float:
        return float(next(c for c in children if isinstance(c, Size)).values[0])

    def stk_taper(self, children: list[Any]) -> list[Measure]:
        """"goes from 40 across down to 20 across over 30 of height": a cone's bottom and top diameters, height."""
        _only(children, "IGN", ("goes", "going", "go"), "a taper")
        _only(children, "REL_ON_TOP", ("over",), "a taper")
        bottom, top = (c for c in children if isinstance(c, float))
        if top >= bottom:
            raise reject("a taper 'from … down to …' gets narrower")
        height = next(c for c in children if isinstance(c, Size)).values[0]
        return [TaperMeasure("bottom_diameter", bottom), TaperMeasure("top_diameter", top), Measure("height", height)]

    def stk_to_point(self, children: list[Any]) -> list[Measure]:
        """"coming to a sharp point 25 mm above the top of the cylinder": the point's height over the face it sits on
        (the cone's height; a cone with no top size is pointed)."""
        _only(children, "REL_ON_TOP", ("above",), "a cone's point")
        _only(children, "W_SHARP", ("sharp",), "a cone's point")
        return [Measure("height", next(c for c in children if isinstance(c, Size)).values[0]),
                Measure("top_diameter", 0.0)]

    def stk_cone_shaped(self, children: list[Any]) -> Noun:
        """"a cone-shaped taper": a cone (the lexer reads both words as cones)."""
        _only(children, "SHAPE_CONE", ("cone", "taper"), "a cone's name")
        return Noun("cone")

    def stk_sitting_on_top(self, children: list[Any]) -> Loc:
        """"sitting on top", "resting on top": stacked on the part (as "on top")."""
        _only(children, "REL_ON_TOP", ("sitting on", "sits on", "resting on", "rests on", "on", "standing on",
                                       "stands on"), "'on top'")
        _only(children, "FACE_TOP", ("top",), "'on top'")
        return Loc("on_top")

    def stk_bottom_is(self, children: list[Any]) -> Clause:
        """"The bottom is a cylinder …": the body the part starts with (created; a later one is refused there)."""
        _only(children, "FACE_BOTTOM", ("bottom",), "'the bottom is …'")
        nouns = [c for c in children if isinstance(c, Noun)]
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        return Clause("create", noun=nouns[0], measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])


_CONSEQUENCE = frozenset({"so"})
_TOTAL = frozenset({"total", "in total", "overall", "altogether", "all in"})


def no_consequence_size(children: list[Any], joined: bool) -> None:
    """"…, so it's 50 mm tall in total" says what the steps make, never a size of the body it follows (a cone with
    no height would get 50); "50 mm overall" of a body joined onto another is the stack's size, not its own."""
    flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
    words = [c.value.text.lower() if isinstance(c, Token) and c.type == "IGN" and hasattr(c.value, "text") else None
             for c in flat]
    sized = [isinstance(c, (Measure, Size)) for c in flat]
    after_so = any(w in _CONSEQUENCE and any(sized[i + 1:]) for i, w in enumerate(words))
    joined = joined or any(isinstance(c, Loc) for c in flat)  # "with a cone sitting on top, … 60 tall in total"
    if after_so or (joined and any(w in _TOTAL for w in words)):
        raise ambiguous("a size said as a result ('so it's …', '… in total') is not a size of the body it follows: "
                        "give each body its own sizes")
