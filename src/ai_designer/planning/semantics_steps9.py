"""Semantic functions of the ``step sequences, round 9`` block of ``grammar.lark``.

A mixin of :class:`semantics.Semantics`. A remark after a through cut that names the bodies it passes through ("…,
pocket it through all, so the hole goes through both the boss and the base"); a turned part named by its overall
length whose diameters are said by the lengths of its sections ("Turn a shaft 80 long overall. The first 55 mm is
Ø20, the remaining 25 is turned down to Ø14." — lathe sections, as ``shp_stepped`` makes them); and a purpose remark
naming the feature a cut through all makes ("to notch a step into the top of the rod on the +X side"). The rules
match loose terminals (``IGN``, ``UNK``), so every such word is checked here and anything else is refused by name; a
remark is never dropped: it becomes a term (``s9_bodies``, ``s9_purpose``) that ``compose_steps9`` checks on the cut
once it is made.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["StepNineSemantics"]

#: the verbs of a hole passing through: "goes", "passes", "runs", "cuts"
_VERBS = frozenset({"goes", "go", "passes", "runs", "cuts", "continues"})
#: the verbs of a purpose remark: "to notch a step", "to cut a notch", "to make a slot"
_MAKING = frozenset({"notch", "cut", "make", "mill", "machine", "form", "leave", "give", "create"})
#: which section of a turned part: "the next", "the remaining" / "the last" (the last one)
_WHICH = {"next": "next", "remaining": "last", "last": "last"}


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in children if isinstance(c, Size)]


def _texts(children: list[Any], *kinds: str) -> list[str]:
    return [t.value.text.lower() for t in tokens(children) if t.type in kinds]


def _verb(children: list[Any]) -> list[str]:
    """The loose words of a section ("the last 30 mm has diameter 14", "is turned down to"): "has" for the verb,
    "turned" before "down", "last" for which section; the others are refused by name."""
    loose = _texts(children, "IGN")
    bad = [w for w in loose if w not in ("has", "turned", "last")]
    if bad:
        raise reject(f"'{' '.join(bad)}' is not read in a section of a turned part ('the first 55 mm is Ø20')")
    return [w for w in loose if w == "last"]


class StepNineSemantics:
    """Rules of the steps9 block."""

    def s9_through_bodies(self, children: list[Any]) -> Loc:
        """"so the hole goes through both the boss and the base": the cut passes through the two bodies named (the
        names are kept for the message; which bodies they are is checked on the part in ``compose_steps9``)."""
        toks = tokens(children)
        loose = [t.value.text.lower() for t in toks if t.type in ("IGN", "UNK")]
        lead, verb, rest = loose[0], (loose[1:2] or ["runs"])[0], loose[2:]
        if lead != "so" or verb not in _VERBS or rest not in ([], ["both"]):
            raise reject(f"'{' '.join(loose)}' is not read in 'so the hole goes through the … and the …' offline")
        names = [t.value.text.lower() for t in toks if t.type not in ("IGN", "UNK", "ART", "W_THAT", "FEAT_HOLE",
                                                                       "W_RUNS", "MOD_THROUGH", "W_AND")]
        if len(names) != 2 or names[0] == names[1]:
            raise reject("a hole said to go through 'the … and the …' names two different bodies")
        return Loc("s9_bodies", face=" and ".join(names), value=2)

    def s9_cut_said(self, children: list[Any]) -> Clause:
        """"pocket it through all, so the hole goes through …": the remark's term joins the cut."""
        cut = next(c for c in children if isinstance(c, Clause))
        return replace(cut, locs=[*cut.locs, *(c for c in children if isinstance(c, Loc))])

    def s9_length_only(self, children: list[Any]) -> Clause:
        """"Turn a shaft 80 long overall", "A pin, 60 mm overall length": the length the sections of the next sentence
        must add up to (a turned part: ``lathe`` builds nothing until a section is said)."""
        loose = [t.value.text.lower() for t in tokens(children) if t.type == "IGN"]
        if loose not in (["overall"], ["total"]):
            raise reject(f"'{' '.join(loose)}' is not read in 'a shaft 80 long overall' offline")
        return Clause("lathe", locs=[Loc("overall", value=_sizes(children)[0])])

    def s9_sec_first(self, children: list[Any]) -> tuple[str, float, float, str]:
        """"the first 55 mm is Ø20": ``("first", diameter, length, "")``."""
        _verb(children)
        length, d = _sizes(children)
        return ("first", d, length, "")

    def s9_sec_next(self, children: list[Any]) -> tuple[str, float, float, str]:
        """"the remaining 25 is turned down to Ø14", "the last 30 mm is diameter 14 (step down)": which section,
        its diameter and length, and "down" when it is said to step or be turned down."""
        loose = _verb(children)
        which = _texts(children, "W_REMAINING", "W_NEXT") or loose[:1]
        if which[0] not in _WHICH:
            raise reject(f"'the {which[0]}' is not read as a section of a turned part offline")
        down = any(t.type == "W_DOWN" for t in tokens(children))
        length, d = _sizes(children)
        return (_WHICH[which[0]], d, length, "down" if down else "")

    def s9_sections(self, children: list[Any]) -> list[Clause]:
        """The sections, bottom up: each differs from the one before, one said "down" is smaller, "the last" /
        "the remaining" is the last one (as ``shp_stepped`` checks its own)."""
        sections = [c for c in children if isinstance(c, tuple)]
        out = []
        for i, (which, d, length, how) in enumerate(sections):
            before = sections[i - 1][1] if i else None
            if which == "last" and i != len(sections) - 1:
                raise reject(f"'the {which}' section is not the last one said")
            if before is not None and (abs(d - before) < 1e-9 or (how == "down" and d > before)):
                raise reject(f"Ø{d:g} after Ø{before:g} is not a step" + (" down" if how else ""))
            out.append(Clause("lathe", locs=[Loc("section", face="W_FIRST" if not i else "W_NEXT",
                                                 values=(d, d, length))]))
        return out

    def s9_at_top(self, children: list[Any]) -> Loc:
        """"into the top of the rod", "across the top end": the cut opens on the part's top."""
        across = _texts(children, "MOD_ALONG_Y")
        if across and across[0] != "across the top":
            raise reject(f"'{across[0]}' is not read in a remark on what a cut makes offline")
        return Loc("s9_top")

    def s9_on_side(self, children: list[Any]) -> Loc:
        """"on the +X side", "on the -Y side": the side of the part the cut opens on (the lexer reads "+X" as X)."""
        axis = _texts(children, "W_X", "W_Y")[0]
        return Loc("s9_side", face=("-" if _texts(children, "W_NEGATIVE") else "+") + axis)

    def s9_purpose(self, children: list[Any]) -> Loc:
        """"to notch a step into the top …", "a slot across the top end": the feature the cut makes and where (a
        step or notch opens on the top and one side, so its side must be said; a slot opens on the top only)."""
        toks = tokens(children)
        verbs = [t.value.text.lower() for t in toks[1:2] if toks[0].type == "W_TO"]
        if verbs and verbs[0] not in _MAKING:
            raise reject(f"'to {verbs[0]}' is not read in a remark on what a cut makes offline")
        noun = [t.value.text.lower() for t in toks[1 + len(verbs):] if t.type in ("FEAT_SLOT", "W_STEP", "UNBUILT")]
        kind = "slot" if noun[:1] == ["slot"] else "step" if noun[:1] in (["step"], ["notch"]) else ""
        wheres = [c for c in children if isinstance(c, Loc)]
        sides = [loc.face or "" for loc in wheres if loc.kind == "s9_side"]
        if not kind or len(sides) > 1 or (kind == "step") != bool(sides) or \
                not any(loc.kind == "s9_top" for loc in wheres):
            raise reject(f"'{' '.join(t.value.text for t in toks)}': what the cut makes is read offline only as a "
                         "slot across the top, or a step or notch into the top on a side said ('on the +X side')")
        side = (-1.0 if sides[0][0] == "-" else 1.0, float("xy".index(sides[0][1]))) if sides else ()
        return Loc("s9_purpose", face=kind, values=side)

    def s9_through_lot(self, children: list[Any]) -> Loc:
        """"through the lot": through the whole part (any other unknown word after "through the" is refused)."""
        words = [t.value.text.lower() for t in tokens(children) if t.type in ("ART", "UNK")]
        if words != ["the", "lot"]:
            raise reject(f"'through {' '.join(words)}' is not read offline (say e.g. 'through everything')")
        return Loc("through")
