"""Every word accounted for: each word of a prompt is built, known filler, or listed under ``ignored`` with why.

Runs on the result of *both* planner paths (the grammar and the slot extractor), so no path can drop a word
silently: a word that names a feature the planner does not build ("lid", "engraved", "knurled", "thread") refuses
the prompt unless the plan reports it in its assumptions; a word nobody understood refuses the prompt quoting it.
"""

from __future__ import annotations

from ai_designer.planning.descriptions import WHY
from ai_designer.planning.lexer import Tok
from ai_designer.planning.refusals import reject
from ai_designer.planning.terminals import get_ignorable, terminal
from ai_designer.planning.vocab import Vocab

__all__ = ["account"]

_LISTED = ("says what the part is for", "names a material", "says how it is made", "describes the part in words")
_SHORTHAND = {"r", "d", "h", "l", "w", "eq", "sp", "lg", "dia", "thk", "typ", "x", "y", "z", "cm", "inches",
              "centerline", "centreline"}


def _reported(word: str, assumptions: list[str]) -> bool:
    stem = word[:5]
    return any(stem in a.lower() for a in assumptions)


# words only an edit reads ("2 mm further from the edge", "two more holes", "rotate the slot"): the edit marks each
# token it read (``Tok.slot = "read"``); anywhere else such a word was not understood
EDIT_ONLY = ("edit:away", "edit:toward", "edit:more", "edit:space", "edit:rotate", "edit:inward", "edit:outward",
             "edit:number", "edit:bring", "edit:trim")
_FEATURE_EDGES = ("feat:slot", "feat:pocket", "feat:groove", "feat:boss", "feat:cutout")


def _feature_edges(toks: list[Tok]) -> None:
    """"the slot edges", "the edges of the pocket": edges chosen by the feature that made them are not offered."""
    words = [t for t in toks if t.kind != "word" or t.text not in ("the", "a", "an", "its")]
    before = [Tok("sep", "."), *words]
    for prev, a, b, c in zip(before, words, words[1:], [*words[2:], Tok("sep", ".")], strict=False):
        if prev.text in ("near", "far"):
            continue  # "the near edge of the groove 15 from one end" places the groove, it selects no edge
        scoped = (a.concept in _FEATURE_EDGES and (b.concept or "").startswith("edge:")) or \
            ((a.concept or "").startswith("edge:") and b.text == "of" and c.concept in _FEATURE_EDGES)
        if scoped:
            raise reject(f"'{a.text} {b.text}{' ' + c.text if b.text == 'of' else ''}': edges chosen by the feature "
                         "that made them are not supported offline (only all / top / bottom / vertical edges)")


def _added_thing(word: str, before: list[str], why: str | None) -> None:
    """"a cylinder with a knob on top", "a block with a step along one side": a purpose or filler word after "with a"
    asks for something to be added — refuse it rather than list it or drop it."""
    if why and why.startswith((_LISTED[0], "talks about the description")) and len(before) == 2 and before[0] in ("with", "and", "add") \
            and before[1] in ("a", "an"):
        raise reject(f"'{before[0]} {before[1]} {word}' asks for a {word}, which the offline planner does not know "
                     "how to build (describe its shape and size, e.g. 'a 20 mm cylinder 15 mm tall on top')")


def account(toks: list[Tok], vocab: Vocab, assumptions: list[str], parsed: bool = False) -> list[str]:
    """The ``ignored`` list for a plan built from ``toks``; raises ``RejectedError`` for words it cannot account.

    ``parsed``: the grammar consumed every token, so only the words it read as ignorable (``IGN``) are listed.
    """
    _feature_edges(toks)
    unread = [] if parsed else [t.text for t in toks if t.concept in EDIT_ONLY and t.slot != "read"]
    if unread:
        raise reject(f"did not understand {', '.join(repr(w) for w in dict.fromkeys(unread))} here (such words are "
                     "read only as a change of an existing feature, e.g. 'make the holes 2 mm further from the edge')")
    ign = get_ignorable()
    if parsed:  # the words read as ignorable, and those a description read (descriptions.py: name, use, remark)
        toks = [t for t in toks if terminal(t, ign) == "IGN" or t.slot in WHY]
    unknown: list[str] = []
    ignored: dict[str, str] = {}
    for i, t in enumerate(toks):
        if parsed and t.slot in WHY and not ign.unbuilt_feature(t.text):
            ignored.setdefault(t.text, WHY[t.slot])
            continue
        if t.kind != "word" or (t.concept is not None and t.concept != "filler"):
            continue
        word = t.text
        _added_thing(word, [x.text for x in toks[max(0, i - 2):i]], ign.why(word))
        feature = ign.unbuilt_feature(word)
        if feature and not _reported(word, assumptions):
            raise reject(f"'{word}' asks for {feature}, which the offline planner does not build (it will not leave "
                         "it out silently)")
        why = ign.why(word)
        if why:
            if why.startswith(_LISTED):
                ignored.setdefault(word, why)
        elif t.concept is None and word not in vocab.harmless and word not in _SHORTHAND \
                and word.replace("'", "").isalpha():
            unknown.append(word)
    if unknown:
        quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(unknown))
        raise reject(f"did not understand {quoted}")
    return [f"{w}: {why}" for w, why in ignored.items()]
