"""Word forms: inflections, possessives, contractions and letter-shaped profiles.

People write "sketching", "extruding", "joins", "the cube's top face", "doesn't", "an L-shaped section", "V-groove",
"C/L", "3-D". The grammar names base words ("sketch", "extrude", "join"), so without this each such form would be a
word nobody understood (``UNK``) and the whole prompt would be refused for its spelling, not its meaning.

Each rewrite keeps what the words say:

* an inflected word nobody understood is read as its base form only when that base is a word the grammar names
  (``KEYWORDS``) or a feature / edit verb of the lexicon ("pocketed" -> "pocket"): ``Tok.lemma`` changes the grammar
  terminal, never the text the slot planner reads (which keeps its own, older word lists);
* a possessive keeps its noun ("cube's" -> "cube" + a possessive mark ``'s``), which no rule reads yet and the slot
  planner refuses, so "the cube's top face" is never read as "the cube" + "top face";
* "n't" becomes "not", which is never dropped (see ``accounting.py``);
* a letter before "shaped" / "shape" or a profile noun ("L-shaped", "T-slot", "V-groove", "U channel") is one
  letter-shape token (``LETTER_V`` …): no rule builds one yet, so it refuses clearly instead of being read as a plain
  groove or slot.
"""

from __future__ import annotations

import re

__all__ = ["LETTERS", "NOT_DEPTH", "POSSESSIVE", "expand", "lemma", "letter_at", "split_possessive"]

POSSESSIVE = "'s"
#: letters that name a profile's shape ("a" and "i" are words; "x", "y", "z" are axes unless said "X-shaped")
LETTERS = frozenset("bcdefghjklmnopqrstuvw")
_SHAPED = {"shaped", "shape"}
#: nouns a letter before them gives a shape to ("T-slot", "V-groove", "U channel", "C-section", "T bracket")
_PROFILE_NOUNS = {"groove", "grooves", "slot", "slots", "channel", "channels", "notch", "notches", "section", "sections",
                  "profile", "profiles", "beam", "beams", "bracket", "brackets", "handle", "cutout", "cut", "bar",
                  "bars", "rail", "extrusion", "clip", "hook", "block", "plate", "frame", "piece"}
_PRONOUNS = {"it", "that", "there", "here", "what", "let", "one", "who", "he", "she", "where", "this"}

#: "M6 x 3D deep" is three diameters deep, not "3D" (the guard is shared with the lexer's token pattern)
NOT_DEPTH = r"(?!\s*[.\d])(?!\s*(?:deep|dp|depth)\b)"
_NOT = {"won't": "will not", "can't": "can not", "shan't": "shall not", "ain't": "is not"}
_CONTRACTION = re.compile(r"\b([a-z]+)n't\b")
_STRING_FORMS: list[tuple[str, str]] = [
    (r"\bc\s*/\s*l\b", " centreline "),  # "on C/L": the centreline (drawing shorthand)
    (r"\beq\.?\s*sp\.?(?=\s|,|$)", " equally spaced "),  # "6x Ø9 EQ. SP. on Ø70"
    (rf"(?<![\w.])(?<!x )3\s?-?\s?d\b{NOT_DEPTH}", " 3d "),  # "3D printed", "3-D": a word, not the number 3 and a "d"
    (r"\bcompletely (?=(?:through|thru)\b)", " "),  # "completely through" is "through"
    (r"\bpositive (?=[xyz]\b)", " "),  # "the positive Z direction" is "+Z", which is plain Z
    (r"\b(another|second|third) one\b", r"\1"),
    (r"\bea\b\.?", "each"),  # drawing shorthand: "6 mm holes ea corner" is "each corner"  # "another one along Y": a pronoun, not the number 1
]


def expand(text: str) -> str:
    """Contractions with "not" spelled out (the negation stays a word of its own), shorthand written out."""
    for word, full in _NOT.items():
        text = text.replace(word, full)
    text = _CONTRACTION.sub(r"\1 not", text)
    for pat, rep in _STRING_FORMS:
        text = re.sub(pat, rep, text)
    return text


#: forms no suffix rule finds ("radii", "vertices" are folded with the lexicon's plurals in ``vocab.fold``)
_IRREGULAR = {"axes": "axis", "lies": "lying", "lie": "lying", "sit": "sits", "sat": "sits"}

#: words with exactly the meaning of a word the grammar names, read as that word (never a near-synonym)
_SAME = {"symmetrical": "symmetric", "orthogonal": "perpendicular"}


def _candidates(word: str) -> list[str]:
    """Base forms an English inflection may come from, most likely first ("cutting" -> cutt, cut, cutte)."""
    out: list[str] = []
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            out += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                out.append(stem[:-1])  # "cutting" -> "cut", "modelled" -> "model"
            if stem[-1:] == "l" and stem[-2:] == "ll":
                out.append(stem[:-1])
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        out.append(word[:-1])
    return out


def lemma(word: str, known: frozenset[str]) -> str | None:
    """The base form of ``word`` that is one of ``known``, or ``None`` (a word not inflected, or not from a known base).
    """
    if word in _IRREGULAR and _IRREGULAR[word] in known:
        return _IRREGULAR[word]
    if word in _SAME and _SAME[word] in known:
        return _SAME[word]
    return next((c for c in _candidates(word) if c in known), None)


def split_possessive(word: str) -> str | None:
    """The noun of a possessive ("cube's" -> "cube"); ``None`` for "it's", "there's" and other contractions."""
    if word.endswith(POSSESSIVE) and len(word) > 3:
        noun = word[:-2]
        return None if noun in _PRONOUNS else noun
    return None


def letter_at(words: list[str], i: int, after_qty: bool) -> tuple[str, int] | None:
    """A letter-shape starting at ``words[i]``: (the letter, how many words it takes), or ``None``.

    "L shaped" / "X-shape" (2 words); "V groove", "T slot", "U channel" (the letter only: the noun stays a noun);
    "a T", "the U" standing alone. A letter right after a number is a size's initial ("50 H x 40 D"), never a shape.
    """
    w = words[i]
    if len(w) != 1 or not w.isalpha() or after_qty:
        return None
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if nxt in _SHAPED and w not in "ai":
        return w, 2
    if w in LETTERS and nxt in _PROFILE_NOUNS:
        return w, 1
    prev = words[i - 1] if i else ""
    if w in LETTERS and prev in ("a", "an", "the"):
        return w, 1  # "make a T out of two flat bars"
    return None
