"""Semantic functions of the ``part nouns`` block of ``grammar.lark``: a part named by what it holds.

"Bearing block.", "Bearing block, 80 wide, 60 deep, 50 high", "Bearing block: rectangular block 60 long, …" — the
bearing is another object, which the part holds: the word says what the part is for, like "shelf" in "a shelf
bracket". It is marked so (``descriptions.FOR``) and listed under ``ignored``; but "bearing" is also a part the planner
does not model, so the name is only taken when the finished part has somewhere for the bearing to sit (a round bore or
pocket). That needs every sentence, so each rule here adds a ``pn_holds`` clause which ``compose_partnouns.py``
checks once the part is finished. Only "bearing" is read this way: "spring block" or "cam housing" may name the shape
of the part, so they stay refused.

The block's other rules name parts and faces the same way: a hole by its use ("a Ø10 drain hole": a plain round
hole), "the short vertical edges", a wall "along the back edge of the base", "one of the two 60 x 40 end walls" of an
open box. Each returns the words as said; ``compose_partnouns.py`` checks them against the part.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.descriptions import FOR, NAME
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["PartNounSemantics", "HELD", "SHORT_VERTICAL"]

#: the edge class of "the short vertical edges" until composed (the vertical edges, checked to be the shortest)
SHORT_VERTICAL = "short_vertical"
#: the parts another part may be named by holding ("a bearing block" holds a bearing)
HELD = frozenset({"bearing", "bearings"})
#: the nouns of a part that holds one ("a bearing housing", "a bearing block"); "a bearing cylinder" or "a bearing
#: ring" may be the bearing itself, which is not modelled
_HOLDERS = frozenset({"block", "housing", "holder", "carrier", "mount", "support", "plate"})


def _held(children: list[Any], holder: str | None = None) -> Clause:
    """The clause that checks the name on the finished part. The held word is marked as what the part is for; the
    noun after it ("block", "housing") must name a part that holds one, and is marked as the part's name when it
    builds nothing itself."""
    toks = tokens(children)
    word = next(t for t in toks if t.type == "REFUSE")
    if word.value.text.lower() not in HELD:
        raise reject(f"'{word.value.text}' is a part the offline planner does not model (it would only approximate it)")
    named = None if holder is not None else toks[toks.index(word) + 1]
    said = holder if named is None else str(named.value.text).lower()
    if said not in _HOLDERS:
        raise reject(f"'{word.value.text} {said}' may be the {word.value.text} itself, which the offline planner does "
                     "not model (say what holds it: a bearing block, a bearing housing)")
    word.value.slot = FOR
    if named is not None and named.value.slot is None:
        named.value.slot = NAME
    return Clause("pn_holds", text=str(word.value.text).lower())


#: words that say what a hole is for ("a drain hole", "mounting holes"): it is still a plain round hole
_PURPOSE_HOLE = frozenset({"drain", "mounting", "screw", "fixing"})


class PartNounSemantics:
    """One method per rule of the block; each reads its own children."""

    def pn_held_name(self, children: list[Any]) -> Clause:
        """"Bearing block.", "bearing housing": the name alone (the sizes come in other sentences)."""
        return _held(children)

    def pn_held_lead(self, children: list[Any]) -> Clause:
        """"Bearing block: rectangular block 60 long, …": the name before the body the colon describes."""
        return _held(children)

    def pn_held_create(self, children: list[Any]) -> list[Clause]:
        """"Bearing block, 80 wide, 60 deep, 50 high": the body itself, named by what it holds."""
        rest = [c for c in children if not (isinstance(c, Token) and c.type == "REFUSE")]
        body: Clause = self.create_body(rest)  # type: ignore[attr-defined]
        noun = next(c for c in children if isinstance(c, Noun))
        return [body, _held(children, noun.word)]

    def pn_purpose_hole(self, children: list[Any]) -> Noun:
        """"a Ø10 drain hole": a hole; the word before it says what it is for (listed under ``ignored``)."""
        use = next(t for t in tokens(children) if t.type == "IGN")
        if str(use.value.text).lower() not in _PURPOSE_HOLE:
            raise reject(f"'{use.value.text} hole' is not understood (a plain round hole is 'a 6 mm hole')")
        return self.hole_np([c for c in children if c is not use])  # type: ignore[attr-defined]

    def pn_short_vertical(self, children: list[Any]) -> Loc:
        """"the short vertical edges": the vertical edges, checked to be the shortest when composed."""
        return Loc("edges", face=SHORT_VERTICAL)

    def pn_wall(self, children: list[Any]) -> Clause:
        """A wall along the back edge of the base: its sizes (``length`` said as the base's or not at all,
        ``thickness``, ``total`` height from the bottom of the base), each said once."""
        measures = [c for c in children if isinstance(c, Measure)]
        dims = [m.dim for m in measures]
        if len(set(dims)) != len(dims):
            raise ambiguous("a size of the wall is given twice")
        return Clause("pn_wall", measures=measures)

    def pn_rise(self, children: list[Any]) -> None:
        """"goes straight up", "stands up": the wall rises from the base (the only way it is placed)."""
        words = {str(t.value.text).lower() for t in tokens(children) if t.type == "IGN"}
        if not words <= _RISE:
            raise reject(f"'{' '.join(sorted(words - _RISE))}' in a wall standing up is not understood")

    def pn_wall_length(self, children: list[Any]) -> Measure:
        """"same 60 width", "the full 60 long", "80 long": along the back edge — the base's length (checked)."""
        same = [str(t.value.text).lower() for t in tokens(children) if t.type == "IGN"]
        if any(w != "same" for w in same):
            raise reject(f"'{same[0]}' in the wall's length is not understood")
        return Measure("length", _one(children))

    def pn_wall_thick(self, children: list[Any]) -> Measure:
        return Measure("thickness", _one(children))

    def pn_wall_height(self, children: list[Any]) -> Measure:
        """"50 tall measured from the bottom of the base", "so the whole thing comes to 50 tall …": the top of the
        wall above the bottom of the base."""
        said = {str(t.value.text).lower() for t in tokens(children) if t.type in ("IGN", "UNK")}
        if not said <= {"so", "comes", "come", "gets", "stands", "is"}:
            raise reject(f"'{' '.join(sorted(said))}' in the wall's height is not understood")
        return Measure("total", _one(children))

    def pn_wall_flush(self, children: list[Any]) -> list[Any]:
        """"its back face flush with the back edge of the base": where the wall stands anyway (said again)."""
        return []


def _one(children: list[Any]) -> float:
    return next(c for c in children if isinstance(c, Size)).values[0]


#: the words of "goes straight up", "stands up", "stand up"
_RISE = frozenset({"goes", "go", "stands", "stand", "standing", "sticks", "going"})
