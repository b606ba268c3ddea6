"""Semantic functions of the ``plain speak`` rules of ``grammar.lark``: the part described as it is by people who do
not use CAD words — "there should be a 12 mm hole going all the way through it lengthwise", "in the centre is a
rectangular window 60 x 30 cut through", "the top edge should be rounded over with a 3 mm radius", "the bottom edge
stays sharp", "the four corners of the plate are round with radius 10", "I need a round knob, 30 mm across".

Each sentence becomes the same clause its imperative form makes (a cut, a fillet or chamfer, a body), so the
composition is shared. The words that only say the thing exists ("there should be", "it needs", "is") are filler the
vocabulary already ignores; here they are checked against the few that may stand in that place, so that a word that
changes the meaning ("there should *not* be", "it *might* have") is never read as a plain "there is".
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["PlainSpeakSemantics"]

# the ignorable words that may say "this exists / is wanted" before the thing, or "is" before an edge finish
_EXIST_WORDS = frozenset({
    "there", "there's", "it's", "should", "must", "will", "shall", "would", "has", "have", "had", "got", "need",
    "needs", "want", "also", "then", "get", "gets", "i need", "i want", "we need", "we want", "would like", "i'd",
    "we'd", "like", "i'd like", "we'd like", "i would like"})
_GOES_WORDS = frozenset({"goes", "go", "going", "passes"})


def _check_words(children: list[Any], allowed: frozenset[str], where: str) -> None:
    for t in tokens(children):
        if t.type == "IGN" and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not read {where} offline")


def _underside(loc: Loc) -> Loc:
    """"underneath, in the centre, there's a 6 mm hole": a cut said to be under the part goes into its bottom face."""
    return Loc("face", face="bottom") if loc.kind == "under" else loc


class PlainSpeakSemantics:
    """One method per rule of the block; each reads its own children."""

    def ps_exist(self, children: list[Any]) -> None:
        """"there should be", "there's", "it needs", "is": the thing after exists (nothing else is said)."""
        _check_words(children, _EXIST_WORDS, "before a feature")
        return None

    def ps_be(self, children: list[Any]) -> None:
        _check_words(children, _EXIST_WORDS, "between edges and their finish")
        return None

    def ps_tool(self, children: list[Any]) -> Any:
        return children[0]

    def ps_tail(self, children: list[Any]) -> Loc | None:
        """"running", "cut through": the verb of a cut said as a fact; "from bottom to top": its direction."""
        return next((c for c in children if isinstance(c, Loc)), None)

    def ps_vertical(self, children: list[Any]) -> Loc:
        faces = [t.type for t in tokens(children) if t.type in ("FACE_TOP", "FACE_BOTTOM")]
        if len(set(faces)) != 2:
            raise reject("'from … to …' must name the top and the bottom")
        return Loc("direction_axis", axes=(2,))

    def ps_cut(self, children: list[Any]) -> Clause:
        """A hole, slot, pocket or window said to be there: a cut, as "cut a …" would make it."""
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        goes = [t for t in tokens(flat) if t.type == "IGN"]
        # only the subject-first form ("a hole goes through …") has a bare IGN verb at this level
        if goes and not any(t.type in ("W_IS", "W_ARE") for t in tokens(flat)):
            _check_words(goes, _GOES_WORDS | _EXIST_WORDS, "after a feature")
        nouns = [c for c in flat if isinstance(c, Noun)]
        return Clause("cut", noun=nouns[0] if nouns else None,
                      measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)],
                      locs=[_underside(c) for c in flat if isinstance(c, Loc)])

    def ps_edge_finish(self, children: list[Any]) -> Clause:
        """"the top edge should be rounded over with a 3 mm radius": a fillet (or chamfer) of those edges."""
        verb = next(t for t in tokens(children) if t.type in ("FEAT_FILLET", "FEAT_CHAMFER"))
        _check_words(children, _EXIST_WORDS, "between edges and their finish")
        edges = next(c for c in children if isinstance(c, Loc) and c.kind == "edges")
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        return Clause(verb.value.concept.split(":")[1], measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)],
                      edges=edges.face or "all")

    def ps_sharp(self, children: list[Any]) -> Clause:
        """"the bottom edge stays sharp": checked against the edge finishes of the part (``compose_plainspeak``)."""
        edges = next(c for c in children if isinstance(c, Loc) and c.kind == "edges")
        return Clause("ps_sharp", locs=[edges], edges=edges.face or "all")

    def ps_radius(self, children: list[Any]) -> Size:
        return next(c for c in children if isinstance(c, Size))

    def ps_corners(self, children: list[Any]) -> Clause:
        """"the four corners of the plate are round with radius 10": the vertical edges seen from above."""
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        size = next(c for c in children if isinstance(c, Size))
        edges = Loc("edges", face="vertical", value=float(counts[0]) if counts else None)
        return Clause("fillet", measures=[Measure("radius", size.values[0])], locs=[edges], edges="vertical")

    def ps_round_np(self, children: list[Any]) -> Noun:
        """"a round knob": a cylinder, named by a word with no geometric meaning (its sizes are said after it)."""
        return Noun("cylinder")

    def ps_is(self, children: list[Any]) -> None:
        _check_words(children, _EXIST_WORDS, "between a body and its sizes")
        return None

    def ps_create(self, children: list[Any]) -> Clause:
        """"block is 70 long, 40 wide": the body and its sizes, as "a block 70 long, 40 wide" makes it."""
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        nouns = [c for c in flat if isinstance(c, Noun)]
        return Clause("create", noun=nouns[0] if nouns else None,
                      measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])

    def ps_said_it(self, children: list[Any]) -> Clause:
        """"the height is 20 mm": given to the body made before, which must not have that size yet (hobby's
        ``said_it``, composed by ``compose_hobby.merge_said_it``)."""
        dim = next(c for c in children if isinstance(c, str) and not isinstance(c, Token))
        size = next(c for c in children if isinstance(c, Size))
        return Clause("said_it", measures=[Measure(dim, size.values[0])])
