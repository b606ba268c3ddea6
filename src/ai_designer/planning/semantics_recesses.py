"""Semantic functions of the ``recesses round`` block of ``grammar.lark``: slots, pockets and windows said the way
people say them.

What they add is location terms that ``compose_recesses.recess`` reads: the ends of a slot (``ends``: round or
square; ``overall``: "tip to tip", the length measured over the ends, which is how a slot profile is sized), the
way its length runs ("running the long way", "running along the length of the bar": ``direction_axis``) and which
part side a size lies along ("(the 60 goes in same direction as the 100)", "60 along the 100 side": ``side_match``).
A near-miss word in those places ("nose to nose", "the 60 goes in another direction") refuses the sentence rather
than being read as the nearest phrase.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["RecessSemantics"]

_SIDE_VERBS = {"goes", "runs", "going", "running", "lies", "is"}
_SAME = {"same"}
_WANT = {"i want", "i need", "we want", "we need", "i would like", "i'd like", "there is", "there's"}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _pocket_noun(outline: Noun) -> Noun:
    """The outline a pocket is cut to ("a dia 40 circle", "a 30 x 20 rect", "a 25 square") as a pocket noun."""
    if outline.kind == "circle":
        if outline.sizes or not any(m.dim in ("diameter", "radius") for m in outline.measures):
            raise reject("the circle to pocket is given no diameter (say e.g. 'a dia 40 circle')")
        return Noun("pocket", measures=list(outline.measures))
    if outline.kind == "rectangle":
        return Noun("pocket", sizes=list(outline.sizes), measures=list(outline.measures))
    if outline.kind == "square" and len(outline.sizes) == 1 and len(outline.sizes[0].values) == 1 \
            and not outline.measures:
        side = outline.sizes[0].values[0]
        return Noun("pocket", sizes=[Size((side, side))])
    raise reject(f"a pocket cut to a {outline.kind} outline is not read offline (say its length and width)")


class RecessSemantics:
    """One method per rule of the recesses block (see the module docstring)."""

    def recess_tip(self, children: list[Any]) -> Loc:
        words = [t.value.text.lower() for t in tokens(children) if t.type == "UNBUILT"]
        if words != ["tip", "tip"]:
            raise reject(f"'{' to '.join(words)}': the length of a slot is read 'tip to tip' or 'overall' offline")
        return Loc("overall")

    def recess_ends(self, children: list[Any]) -> list[Loc]:
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        shape = next((t.type for t in tokens(children) if t.type in ("W_ROUND", "W_SQUARE")), None)
        if shape is not None:
            locs.append(Loc("ends", face="round" if shape == "W_ROUND" else "square"))
        return locs

    def recess_long_way(self, children: list[Any]) -> Loc:
        """"running the long way": along the part's longest side (``cuts_compose`` resolves ``long``)."""
        return Loc("direction_axis", axes=(0,), face="long")

    def recess_run(self, children: list[Any]) -> Loc:
        """"running along the length of the bar", "along the width of the plate": the way the length runs."""
        loc: Loc = self.loc_direction([t for t in tokens(children)  # type: ignore[attr-defined]
                                       if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y")])
        return loc

    def recess_side(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def recess_side_said(self, children: list[Any]) -> Loc:
        """"the 60 goes in same direction as the 100", "60 along the 100 side", "40 side parallel to 120 side"."""
        for t in tokens(children):
            if t.type == "IGN" and t.value.text.lower() not in _SIDE_VERBS | _SAME:
                raise reject(f"'{t.value.text}' is not read in 'the … goes in the same direction as the …'")
        ign = [t.value.text.lower() for t in tokens(children) if t.type == "IGN"]
        if ign and (ign[0] not in _SIDE_VERBS or ign[-1] not in _SAME):
            raise reject("say 'the 60 goes in the same direction as the 100'")
        sizes = [c for c in children if isinstance(c, Size)]
        return Loc("side_match", values=(sizes[0].values[0], sizes[1].values[0]))

    def recess_centre_face(self, children: list[Any]) -> Loc:
        """"centred on the face": on the face the clause works on (the centre of both its sides)."""
        return Loc("centre")

    def recess_pocket(self, children: list[Any]) -> Clause:
        """"pocket a dia 40 circle centred on the top face, 6 deep": the outline is the pocket's."""
        flat = _flat(children)
        outline = next(c for c in flat if isinstance(c, Noun))
        return Clause("cut", noun=_pocket_noun(outline), measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])

    def recess_pocket_it(self, children: list[Any]) -> Clause:
        """"… and pocket it 8 deep": ``compose_recesses.mark_recesses`` joins it to the sketch before it."""
        depth = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("pocket_sketch", measures=[Measure("depth", depth)])

    def recess_from_floor(self, children: list[Any]) -> Loc:
        """"… through all from the pocket floor": the hole starts in the floor of the pocket made before."""
        loc: Loc = self.loc_in_pocket(children)  # type: ignore[attr-defined]
        return loc

    def recess_edge(self, children: list[Any]) -> Loc:
        """"along one of the long top edges", "along the front top edge": which top edge the step runs along."""
        toks = tokens(children)
        if any(t.type == "NUM" and t.value.text.lower() not in ("one", "1") for t in toks):
            raise reject("a step along several edges is not read offline (say one edge)")
        side = next((t.type.removeprefix("FACE_").lower() for t in toks if t.type.startswith("FACE_")), None)
        long = any(t.type == "DIM_LENGTH" for t in toks)
        return Loc("step_edge", face=side, value=1.0 if long else None)

    def recess_step_np(self, children: list[Any]) -> Noun:
        return Noun("step", measures=[c for c in _flat(children) if isinstance(c, Measure)])

    def recess_step(self, children: list[Any]) -> Clause:
        for t in tokens(children):
            if t.type == "IGN" and t.value.text.lower() not in _WANT:
                raise reject(f"'{t.value.text}' is not read before a step offline")
        flat = _flat(children)
        noun = next(c for c in flat if isinstance(c, Noun))
        return Clause("step_cut", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])
