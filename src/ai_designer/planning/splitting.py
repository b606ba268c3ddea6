"""Cutting a prompt's tokens into sentences and phrases, one head (body or feature noun) per phrase.

Sentences end at ``.``, ``;``, numbered steps and "then"; phrases at ``,``, "and", "with" …. When one phrase still
names two new things ("a box 60x40x20 hollowed out", "4 countersunk M5 holes", "a 20 mm cube on top of a 40 mm
cube") it is cut before the second noun group, or the first noun is read as an adjective of the second.
"""

from __future__ import annotations

from ai_designer.planning.lexer import SENTENCE_SEPS, Tok

__all__ = ["NEGATIONS", "is_head", "is_ref", "mark_clock", "sentences", "split_parts"]

_PHRASE_SPLIT = {",", "&", "and", "with", "plus", "having", "featuring", "including", "while"}
NEGATIONS = {"no", "without", "none", "never", "not"}  # "a cube without holes": the feature is not wanted
_SENTENCE_WORDS = {"then", "finally", "afterwards", "lastly", "after"}
_REF_WORDS = {"the", "this", "that", "its", "each", "both", "same", "existing", "whole", "entire"}


def is_head(t: Tok) -> bool:
    return t.concept is not None and (t.concept.startswith("shape:") or t.concept.startswith("feat:"))


def sentences(toks: list[Tok]) -> list[list[Tok]]:
    out: list[list[Tok]] = [[]]
    for t in toks:
        if (t.kind == "sep" and t.text in SENTENCE_SEPS) or (t.kind == "word" and t.text in _SENTENCE_WORDS):
            out.append([])
        else:
            out[-1].append(t)
    return [s for s in out if s]


def mark_clock(sent: list[Tok]) -> list[Tok]:
    """``at 12, 4 and 8 o'clock`` -> three quantities in the ``clock`` slot, kept in one phrase."""
    out = list(sent)
    for i, t in enumerate(out):
        if t.concept == "pos:oclock":
            j = i - 1
            while j >= 0 and (out[j].kind == "qty" or out[j].text in (",", "and")):
                if out[j].kind == "qty":
                    out[j].slot = "clock"
                else:
                    out[j] = Tok("word", "&clock", concept="filler")
                j -= 1
    return out


def split_parts(sent: list[Tok]) -> list[list[Tok]]:
    parts: list[list[Tok]] = [[]]
    for t in sent:
        if (t.kind == "sep" or t.kind == "word") and t.text in _PHRASE_SPLIT:
            parts.append([])
        else:
            parts[-1].append(t)
    out: list[list[Tok]] = []
    for p in parts:
        out.extend(_split_two_heads(p))
    return [p for p in out if p]


def is_ref(toks: list[Tok], i: int) -> bool:
    j = i - 1
    while j >= 0 and toks[j].kind == "word" and toks[j].concept is None and toks[j].text not in _REF_WORDS:
        j -= 1  # skip adjectives without meaning ("the small plate")
    return j >= 0 and toks[j].kind == "word" and (toks[j].text in _REF_WORDS or toks[j].concept == "mod:each")


_ADJECTIVE_FEATS = {"feat:shell": "mod:hollow", "feat:counterbore": "mod:counterbored",
                    "feat:countersink": "mod:countersunk"}


def _split_two_heads(p: list[Tok]) -> list[list[Tok]]:
    """Two new heads in one phrase: cut before the second one's noun group (or at the ``on top of`` between them)."""
    heads = [i for i, t in enumerate(p) if is_head(t) and not is_ref(p, i)]
    if len(heads) < 2:
        return [p]
    first, second = heads[0], heads[1]
    if second == first + 1 and (p[first].concept or "").startswith("shape:") \
            and (p[second].concept or "").startswith("shape:"):
        p[second] = Tok("word", p[second].text, concept="filler")  # "spacer ring": one noun
        return _split_two_heads(p)
    c1, c2 = p[first].concept or "", p[second].concept or ""
    if c1 == "shape:prism" and second == first + 1 and c2 in ("feat:pocket", "feat:cutout", "feat:boss"):
        p[first] = Tok("word", p[first].text, concept="filler")  # "a hex pocket": the shape of the pocket
        return _split_two_heads(p)
    if c1 in _ADJECTIVE_FEATS and second <= first + 2 and (c2.startswith("shape:") or c2 == "feat:slot"):
        p[first] = Tok("word", p[first].text, concept=_ADJECTIVE_FEATS[c1])  # "hollow torus", "counterbored slot"
        return _split_two_heads(p)
    if c1 in _ADJECTIVE_FEATS and c2 in ("feat:hole", "feat:tapped") and all(
            t.kind == "qty" or t.concept in ("filler", None) or (t.concept or "").startswith("mod:")
            for t in p[first + 1:second]):
        p[first] = Tok("word", p[first].text, concept=_ADJECTIVE_FEATS[c1])  # "4 countersunk M5 holes"
        return _split_two_heads(p)
    if c2 in ("feat:counterbore", "feat:countersink", "feat:tapped") and c1 in ("feat:hole", "feat:tapped") \
            and second > first + 1 and all(t.kind == "qty" or t.concept == "filler" or t.text == "x"
                                           for t in p[first + 1:second]):
        if c2 == "feat:tapped":  # "Holes: 4x M5 tapped"
            p[first] = Tok("word", p[first].text, concept="filler")
        else:  # "4 holes M6 c'bore"
            p[second] = Tok("word", p[second].text, concept=_ADJECTIVE_FEATS[c2])
        return _split_two_heads(p)
    if c1 == c2 and c1.startswith("feat:"):
        return [p]  # "drill holes ... holes" style repetition
    cut = second
    for k in range(first + 1, second):
        if (p[k].concept or "").startswith("rel:"):
            if (p[first].concept or "").startswith("shape:") and (p[second].concept or "").startswith("shape:"):
                lower, upper = p[k:], p[:k]
                rel = p[k].concept
                upper.append(Tok("word", "&rel", concept=rel))
                return [*_split_two_heads(lower[1:]), upper]
            cut = k
            break
    else:
        while cut - 1 > first and _leads_second(p, cut - 1, first):
            cut -= 1
    return [p[:cut], *_split_two_heads(p[cut:])]


def _leads_second(p: list[Tok], k: int, first: int) -> bool:
    """Does token ``k`` (between two heads) belong to the second head's noun group ("4 M5 *holes*", "no *holes*",
    "2x Ø8 *holes*")? A full ``A x B x C`` right after a body ("a box 60x40x20 hollowed out") stays with the body."""
    t = p[k]
    if k == first + 1 and len(t.values) == 3 and (p[first].concept or "").startswith("shape:"):
        return False
    if t.kind == "qty" or t.concept in ("filler", None) or (t.concept or "").startswith(("pos:", "mod:")) \
            or t.text in NEGATIONS:
        return True
    return t.concept in ("dim:diameter", "dim:radius") and k - 1 > first and k + 1 < len(p) \
        and p[k + 1].kind == "qty" and p[k - 1].text == "x"  # "2x Ø8 holes"
