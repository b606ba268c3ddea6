"""Semantic functions of the ``step sequences, round 8`` block of ``grammar.lark``.

A mixin of :class:`semantics.Semantics`. Ways of saying things that recur across writers who describe a part step by
step: a hub "on one face" of a disc ("Hub on one face, Ø50, standing 20 proud, so 32 overall", "HUB Ø40 x 25
PROJECTING FROM ONE FACE"), a flange named by its outside diameter ("3\" OD flange, 1/2\" thick, with …"), a first
sentence that only names the part ("Flange.", "Create a cup."), a sketch said before its outline ("New sketch on the
top face: a circle …, pad 12 mm further up") and a body's vertical edges rounded where it is said ("with its four
vertical corner edges rounded to R10"). The rules match loose terminals (``UNBUILT``, ``IGN``, ``NUM``), so every
word is checked here: anything else is refused by name rather than read as the nearest phrase. What needs the part
(which face "one face" is, whether a title fits the steps) is decided in ``compose_steps8``.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Tree

from ai_designer.planning.descriptions import mark_chat
from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["StepEightSemantics"]

#: how a body rises from the face it is on: "projecting from", "sticking out from", "protruding from"
_RISING = frozenset({"projecting", "protruding", "sticking", "standing"})
_PARTICLES = frozenset({"out", "up"})
#: what says the figure is the whole part's: "so 32 overall", "so 37 total"
_OVERALL = frozenset({"overall", "total"})


def _one(children: list[Any], said: str) -> None:
    """"one face": exactly one ("two faces" names no single face)."""
    num = next(t for t in tokens(children) if t.type == "NUM").value
    if num.values[0] != 1:
        raise reject(f"'{said} {num.text} face' names no single face")


class StepEightSemantics:
    """Rules of step-by-step descriptions, round 8 (see the module docstring)."""

    def s8_one_face(self, children: list[Any]) -> Loc:
        """"on one face": which face is decided once the part it goes on is known (compose_steps8)."""
        _one(children, "on")
        return Loc("any_face")

    def s8_rising_from_face(self, children: list[Any]) -> Loc:
        """"projecting from one face", "sticking out from one face": the body stands on that face."""
        words = [t.value.text.lower() for t in tokens(children) if t.type in ("UNBUILT", "IGN")]
        if words[0] not in _RISING or any(w not in _PARTICLES for w in words[1:]):
            raise reject(f"'{' '.join(words)} from one face' is not read offline (say e.g. 'on the top face')")
        _one(children, "from")
        return Loc("any_face")

    def s8_standing_proud(self, children: list[Any]) -> Measure:
        """"standing 20 proud": the body's height above its face, as "20 tall"."""
        word = next(t.value.text.lower() for t in tokens(children) if t.type == "UNBUILT")
        if word != "proud":
            raise reject(f"'standing … {word}' is not read as a height offline (say e.g. 'standing 20 mm proud')")
        return Measure("height", next(c for c in children if isinstance(c, Size)).values[0])

    def s8_so_overall(self, children: list[Any]) -> Loc:
        """"so 32 overall": the part's height once this body is on it, checked when composed (as "(OVERALL 32)")."""
        first, last = (t.value.text.lower() for t in tokens(children) if t.type == "IGN")
        if first != "so" or last not in _OVERALL:
            raise reject(f"'{first} … {last}' is not read offline")
        return Loc("overall_said", value=next(c for c in children if isinstance(c, Size)).values[0])

    def s8_title(self, children: list[Any]) -> list[Clause]:
        """"Flange.", "Create a cup." as the first sentence: the part's name; the other sentences must build something that fits it
        (``descriptions.name_conflict``). Said after the part is begun it would ask for a second body: refused."""
        tree = Tree("s8_title", [c for c in children if not (isinstance(c, Tree) and c.data == "create_verb")])
        words = list(tree.scan_values(lambda v: isinstance(v, Token)))
        if getattr(self, "built", False):
            said = " ".join(t.value.text for t in words)
            raise reject(f"'{said}' said alone after the part is begun: say what to add and its sizes")
        shaped = [t.value.text for t in words if t.type == "IGN" and get_ignorable().unbuilt_feature(t.value.text)]
        if shaped:
            raise reject(f"'{shaped[0]}' may say how the part is shaped, which the offline planner does not read from "
                         "its name (give the shape and its sizes, or leave the word out)")
        mark_chat(tree)
        return [Clause("s8_title", text=" ".join(t.value.text.lower() for t in words))]

    def s8_od_flange(self, children: list[Any]) -> Noun:
        """"3\" OD flange": a disc of that outside diameter (its thickness is said with it, or the body is refused
        for the want of it, as any disc)."""
        word = next(t.value.text for t in tokens(children) if t.type == "SHAPE_FLANGE")
        size = next(c for c in children if isinstance(c, Size))
        return Noun("cylinder", measures=[Measure("diameter", size.values[0])], words=(word,))

    def s8_sketch_on_face(self, children: list[Any]) -> Clause:
        """"(New) sketch on the top face: <outline>": the sketch of the shared rule, on that face."""
        lead = [t.value.text.lower() for t in tokens(children) if t.type == "IGN"]
        if lead and lead != ["new"]:
            raise reject(f"'{' '.join(lead)} sketch' is not read offline (say e.g. 'sketch on the top face: …')")
        said = [Loc("face", face=c) if isinstance(c, str) and not isinstance(c, Token) else c for c in children
                if not (isinstance(c, Token) and c.type == "IGN")]
        return self.sketch_outline(said)  # type: ignore[attr-defined]

    def s8_further_up(self, children: list[Any]) -> Loc:
        """"further up": up, away from the face the sketch is on (as "another 12 mm")."""
        word = next(t.value.text.lower() for t in tokens(children) if t.type == "EDIT_AWAY")
        if word not in ("further", "farther"):
            raise reject(f"'{word} up' is not read offline (say e.g. 'pad it 12 mm up')")
        return Loc("direction", face="up")

    def s8_edges_rounded(self, children: list[Any]) -> Clause:
        """"with its four vertical corner edges rounded to R10": said as "with the four corners rounded to R10"."""
        return self.corners_rounded(children)  # type: ignore[attr-defined]
