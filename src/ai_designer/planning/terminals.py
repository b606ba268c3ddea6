"""Lexer tokens -> grammar terminals, and the words that may be ignored (each with why).

The grammar (``grammar.lark``) is written over *terminals*, not text: a quantity is ``LEN``/``NUM``/``Q2``/``Q3``/
``ANG``/``QANG`` (a size and an angle), a vocabulary phrase is its concept (``shape:box`` -> ``SHAPE_BOX``), a word the grammar uses by itself is
``W_<WORD>`` (``cut`` -> ``W_CUT``), a word with no geometric meaning listed in ``vocab/ignorable.yaml`` is ``IGN``,
and anything else is ``UNK`` — which no rule accepts, so a prompt with a word nobody understood never parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Token

from ai_designer.planning.lexer import Tok
from ai_designer.planning.vocab import Vocab, fold, get_vocab, load_yaml
from ai_designer.planning.wordforms import LETTERS, lemma

__all__ = ["KEYWORDS", "Ignorable", "get_ignorable", "terminal", "to_terminals", "declared"]

#: Words the grammar names itself; they win over the vocabulary's reading of the same text.
KEYWORDS = frozenset("""
create make start begin first next then finally lastly now after afterwards second third model build draw
add join attach union fuse unite combine merge place put stack sits sitting rests resting
cut subtract remove drill
sketch extrude extruded extrusion profile plane xy xz yz upward upwards up down downward downwards symmetric
symmetrically directions direction opposite reverse distance
rectangle circle square hexagon pentagon octagon triangle polygon regular sided sides
it this that them part body solid result whole entire into
of in at from to by with into for and as is are be
x y z axis
end ends face faces point shape
minus plus times tuple endtuple translate along pad straight take
revolve loft sweep arc path quarter turns ruled flat stays kept perpendicular runs measured mitred mitered coaxial
parallel between lying ground directly standing upright negative outline inward inwards semicircle revolved swept
step bolt sq adjacent full running mill origin another more round stem thing way broken leave sharp stay turn leaving centreline centerline l w h near seen
meets crossing fused merged joined together section lying intersection shared volume standing between capped away keeping lay flat shoulder remaining flats mid rest measured
flush cl
polyline points vertices positive
tapering
bend bent
rect
coordinate system euler translation vector loop transform apply factor existing
coming
finish intact
plan view footprint common keep
short
spanning
""".split())  # noqa: SIM905 - a word list reads better as text



@dataclass(frozen=True)
class Ignorable:
    """Words with no geometric meaning, each with the reason shown under ``ignored`` in the result."""

    reasons: dict[str, str]  # folded word -> why it can be ignored
    unbuilt: dict[str, str]  # folded word -> the feature it names, which the offline planner does not build

    def why(self, word: str) -> str | None:
        return self.reasons.get(word) or self.reasons.get(fold(word))

    def unbuilt_feature(self, word: str) -> str | None:
        return self.unbuilt.get(word) or self.unbuilt.get(fold(word))


@lru_cache(maxsize=1)
def get_ignorable() -> Ignorable:
    data = load_yaml("ignorable.yaml")
    reasons = {fold(str(w)): str(why) for why, words in data["ignorable"].items() for w in words}
    unbuilt = {fold(str(w)): str(what) for what, words in data["unbuilt"].items() for w in words}
    return Ignorable(reasons=reasons, unbuilt=unbuilt)


@lru_cache(maxsize=4096)
def _concept_terminal(concept: str) -> str:
    return re.sub(r"[^A-Z0-9_]", "_", concept.upper().replace("+", "_UP").replace("-", "_DOWN"))


#: other spellings of one grammar word: "CL" is a drawing's centreline
_KEYWORD_ALIASES = {"centerline": "W_CENTRELINE", "cl": "W_CENTRELINE", "rect": "W_RECTANGLE"}


def _keyword_terminal(text: str) -> str:
    return _KEYWORD_ALIASES.get(text) or "W_" + text.upper()


def terminal(tok: Tok, ignorable: Ignorable) -> str:
    """The grammar terminal for one lexer token."""
    if tok.kind == "sep":
        return {",": "COMMA", "(": "LP", ")": "RP", "&": "W_AND"}.get(tok.text, "END")
    if tok.kind == "qty":
        if tok.thread:
            return "THREAD"
        if len(tok.values) == 3:
            return "Q3"
        if len(tok.values) == 2:
            return "QANG" if tok.unit == "angle" else "Q2"  # "0.5 x 45°": a size and an angle
        return {"angle": "ANG", "length": "LEN"}.get(tok.unit or "", "NUM")
    text = tok.text
    if text in KEYWORDS:
        return _keyword_terminal(text)
    if tok.concept and tok.concept not in ("filler",):
        return _concept_terminal(tok.concept)
    if text == ":":
        return "COLON"
    if text in ("a", "an", "the", "its", "="):
        return "ART"
    if ignorable.unbuilt_feature(text):
        return "UNBUILT"
    if ignorable.why(text) or tok.concept == "filler":
        return "IGN"
    return _inflected(text)


@lru_cache(maxsize=1)
def _base_words() -> dict[str, str]:
    """Words an inflected form may be read as, with their terminal: the grammar's own words and the lexicon's
    feature and edit verbs ("pocketed" -> FEAT_POCKET). Body nouns are not among them ("tapering" is not a cone)."""
    out = {k: _keyword_terminal(k) for k in KEYWORDS}
    for key, concept in get_vocab().phrases.items():
        if len(key) == 1 and concept.split(":", 1)[0] in ("feat", "edit") and key[0] not in out:
            out[key[0]] = _concept_terminal(concept)
    return out


@lru_cache(maxsize=1)
def _bases() -> frozenset[str]:
    return frozenset(_base_words())


@lru_cache(maxsize=4096)
def _inflected(text: str) -> str:
    """"sketching" -> W_SKETCH, "joins" -> W_JOIN: a word nobody understood, read as its base form when the grammar
    names that base (``wordforms.lemma``); anything else is UNK."""
    base = _base_words()
    word = lemma(text, _bases()) if text.isalpha() else None
    return base[word] if word else "UNK"


def to_terminals(toks: list[Tok], ignorable: Ignorable) -> list[Token]:
    """Lark tokens carrying the lexer token (``value``) and its index (``start_pos``) for error messages."""
    out = []
    for i, t in enumerate(toks):
        term = terminal(t, ignorable)
        out.append(Token(term, t, start_pos=i))
    return out


def declared(vocab: Vocab) -> list[str]:
    """Every terminal name a token can map to (``%declare`` needs them all)."""
    names = {"COLON", "COMMA", "LP", "RP", "END", "THREAD", "Q3", "Q2", "QANG", "ANG", "LEN", "NUM", "ART", "IGN", "UNK", "UNBUILT"}
    names |= {"W_" + k.upper() for k in KEYWORDS} | {"W_AND"}
    names |= {_concept_terminal(c) for c in set(vocab.phrases.values()) if c != "filler"}
    names |= {"POSS"} | {f"LETTER_{c.upper()}" for c in LETTERS | set("aixyz")}
    return sorted(names)
