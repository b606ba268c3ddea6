"""Asides: what the part is for, why, and what the maker will do later — phrases with no geometric meaning.

"a 6 mm hole into the bottom face for the shaft", "round over the top edge so it's comfortable to grab", "knob for
my guitar amp's volume pot: …", "(solid for now, i'll shell it in the slicer)", "i'll tap it m3 myself, do not model
any thread". People wrap such phrases round the geometry; the grammar's clause rules do not take them, and the words
in them (amp, carriage, slicer) are known nowhere, so the whole prompt used to fail.

A sentence the grammar cannot read as it is, is tried once more without its asides (``grammar._readable``): a sentence
that parses as it is keeps its reading, so no sentence read before changes. An aside is a *purpose phrase* — "for …",
"so (that) it …", ", to hold …", "used on / meant for …" — running to the next comma, colon, bracket or the end, or a
*label* "X for Y:" opening the first sentence. It is taken out only when every word in it has no geometric meaning:
no quantity or thread size ("for M3 screws" is a hole size, "for a 608 bearing" a size the planner cannot know — both
stay in, so the sentence is read with them or refused), no feature, shape-modifier, dimension, position, face, edge,
axis or count word, no negation ("not through", "not the slot edges"), no word the planner does not build, and no
unknown word that may name a shape (``descriptions._looks_like_shape``). Words the vocabulary does not know (amp,
carriage) are accepted only here, inside such a phrase. Each removed word is listed under ``ignored`` with why: what
the part is for, a remark, the part's name (checked against what is built, ``descriptions.name_conflict``), or work
the maker does after ("tap it M3 myself", "shell it in the slicer", "do not model any thread": threads and shells
are never modelled, so the plan is the part as asked).
"""

from __future__ import annotations

from lark import Token

from ai_designer.planning.descriptions import AFTER, FOR, NAME, REMARK, _looks_like_shape
from ai_designer.planning.terminals import get_ignorable

__all__ = ["strip_asides", "mark_asides"]

# grammar words that say nothing about the part's shape inside a purpose phrase
_FUNCTION = {"ART", "W_IT", "W_IS", "W_ARE", "W_BE", "W_TO", "W_IN", "W_INTO", "W_OF", "W_AND", "W_FOR", "W_THAT",
             "W_THIS", "W_SITS", "W_PART", "W_THING", "W_BUILD", "W_VOLUME", "POSS", "EDIT_MOVE", "W_WITH", "W_AS"}
# ignorable words that may still count, compare, size or negate ("for both ends", "for the same size", "without")
_DENY = {"or", "either", "other", "another", "only", "but", "except", "off", "over", "per", "one", "ones", "both",
         "each", "every", "all", "any", "same", "size", "sized", "sizes", "dimension", "dimensions", "measure",
         "measures", "measurements", "equal", "equals", "without", "not", "no", "never", "nor", "half", "whole",
         "entire", "total", "overall", "exactly", "tight", "loose", "snug", "smooth", "flush", "level", "even",
         "thin", "thick", "thinner", "thicker", "wide", "wider", "narrow", "narrower", "tall", "taller", "short",
         "shorter", "long", "longer", "deep", "deeper", "shallow", "bigger", "smaller", "larger", "hollow", "open",
         "closed", "sharp", "soft", "round", "rounded", "flat", "straight", "centred", "centered", "middle", "inside",
         "outside", "upside", "down", "up", "left", "right", "top", "bottom", "front", "back", "side", "sides", "end",
         "ends", "edge", "edges", "corner", "corners", "axis", "solid", "isn't", "doesn't", "won't", "cannot", "can't"}
# the words that may follow "so" / "so that": a subject ("so it slides in", "so i can screw it on")
_SUBJECT = {"it", "it's", "i", "i'll", "i'm", "we", "you", "they", "that's", "there's", "the", "my", "its"}
_ENDS = {"COMMA", "COLON", "RP", "LP", "END"}
# "used on a lathe", "meant for my desk", "intended for kids"
_PARTICIPLES = {"used", "meant", "intended"}


def _word_ok(toks: list[Token], k: int, shapes: bool) -> bool:
    """One word inside a purpose phrase: function words, ignorable and unknown words, named objects."""
    tok, word = toks[k], toks[k].value.text
    prev = toks[k - 1].type if k else None
    nxt = [t.value.text for t in toks[k + 1:k + 3]]
    if word in _DENY:
        if word == "axis" and k >= 2 and toks[k - 1].type in ("W_X", "W_Y", "W_Z") and toks[k - 2].type == "POSS":
            return True  # "for my 3d printer's z axis": the axis of another machine, not of this part
        return word == "back" and nxt in (["of", "my"], ["of", "our"])  # "at the back of my desk"
    if tok.type in _FUNCTION:
        return True
    if tok.type == "REL_ON_TOP":
        return word == "on"  # "on my rc plane stand" ("on top of" is a place)
    if tok.type in ("W_PLANE", "W_Y", "W_X", "W_Z") and prev == "POSS":
        return True  # "my rc plane stand", "my printer's y carriage" ("the XY plane" has W_XY, refused)
    if tok.type == "W_PLANE":
        return True
    if tok.type == "W_AT":  # "sits at the back of my desk"
        return [t.value.text for t in toks[k + 1:k + 5]] in (["the", "back", "of", "my"], ["the", "back", "of", "our"])
    if tok.type in ("IGN", "UNK", "REFUSE"):
        return not _looks_like_shape(tok)
    return shapes and tok.type.startswith("SHAPE_")  # "for the shaft": another object (never after "so")


def _span_ok(toks: list[Token], shapes: bool) -> bool:
    content = [t for t in toks if t.type in ("IGN", "UNK", "REFUSE") or t.type.startswith("SHAPE_")]
    return bool(content) and all(_word_ok(toks, k, shapes) for k in range(len(toks)))


def _phrase_end(sentence: list[Token], start: int) -> int:
    return next((k for k in range(start, len(sentence)) if sentence[k].type in _ENDS), len(sentence))


def _head(sentence: list[Token], i: int) -> tuple[int, bool, str] | None:
    """Where a purpose phrase opened at ``i`` has its first content word, whether it may name shapes, and its role."""
    tok, text = sentence[i], sentence[i].value.text
    nxt = sentence[i + 1] if i + 1 < len(sentence) else None
    prev = sentence[i - 1].type if i else "LP"
    if tok.type == "W_FOR" or (tok.type == "MOD_CLEARANCE" and text in ("for a", "for an")):
        return i + 1, True, FOR  # "for bolts" / "for screws" is a clearance hole: read by the grammar
    if tok.type == "IGN" and text == "so" and nxt is not None:
        j = i + 2 if nxt.type == "W_THAT" else i + 1
        if j < len(sentence) and sentence[j].value.text in _SUBJECT:
            return j, False, REMARK
    if tok.type == "IGN" and text in _PARTICIPLES and nxt is not None and \
            (nxt.type in ("W_FOR", "W_IN", "W_WITH", "W_AS", "W_TO") or nxt.value.text == "on"):
        return i + 2, False, FOR  # "used as a tube" would say what it is
    if tok.type == "W_TO" and prev in ("COMMA", "LP") and nxt is not None and nxt.type in ("IGN", "UNK") \
            and nxt.value.text not in _SUBJECT:
        return i + 1, True, FOR  # ", to hold my phone" (but "to it", "to the top" are places)
    return None


def _label(sentence: list[Token]) -> list[tuple[int, str]] | None:
    """"knob for my guitar amp's volume pot:", "doing a little rocket for my kid's shelf:", "super simple one :)",
    "small idler pulley for an o ring belt.": the first sentence opens with the part's name (and what it is for),
    then a colon, a smiley or the end; the name words are kept for ``name_conflict``."""
    colon = next((k for k, t in enumerate(sentence) if t.type in ("COLON", "COMMA", "LP", "RP")), len(sentence))
    if colon < len(sentence) and sentence[colon].type != "COLON":
        return None
    end = colon + 1 if colon + 1 < len(sentence) and sentence[colon + 1].type == "RP" else colon  # ":)"
    fors = [k for k in range(colon) if sentence[k].type == "W_FOR" or sentence[k].value.text in ("for a", "for an")]
    cut = fors[0] if fors else colon
    if colon == len(sentence) and not fors:
        return None  # a whole sentence that is only a name is the descriptions' (descriptions.py)
    name, rest = list(sentence[:cut]), sentence[cut + 1:colon]
    if len(name) >= 2 and name[-1].value.text == "one" and name[-2].type == "IGN":
        name = name[:-1]  # "super simple one", "a quick one"
    if not _span_ok(name, False) or (fors and not _span_ok(rest, True)):
        return None
    return [(k, NAME if k < cut else FOR) for k in range(min(end + 1, len(sentence)))]


def _plain_hole(sentence: list[Token], i: int) -> int | None:
    """"(just a plain round hole)" after the hole it speaks of: says the hole has no thread, counterbore or
    countersink — checked on the sentence's words, never read as a second hole."""
    words = [t.value.text for t in sentence]
    if sentence[i].type != "LP" or "plain" not in words[i:i + 4]:
        return None
    close = next((k for k in range(i, len(sentence)) if sentence[k].type in ("RP", "COMMA")), None)
    if close is None or sentence[close - 1].type != "FEAT_HOLE" or \
            any(w not in ("just", "a", "plain", "simple") for w in words[i + 1:close - 1]):
        return None
    before = [t.type for t in sentence[:i]]
    if before.count("FEAT_HOLE") != 1 or any(t in ("FEAT_COUNTERBORE", "FEAT_COUNTERSINK", "THREAD") for t in before):
        return None
    return close


def _after(sentence: list[Token], i: int) -> int | None:
    """"i'll tap it m3 myself", "i'll shell it in the slicer", "do not model any thread": work the maker does after,
    none of which the plan models (threads and slicer shells never are); returns where the phrase ends."""
    words = [t.value.text for t in sentence]
    end = _phrase_end(sentence, i)
    said = words[i:end]
    if said[:1] in (["i'll"], ["we'll"]) and len(said) >= 3 and said[2] == "it":
        verb, tail = said[1], said[3:]
        if verb in ("tap", "thread") and (tail in (["myself"], ["later"]) or
                                          (len(tail) == 2 and sentence[i + 3].type == "THREAD" and tail[1] in
                                           ("myself", "later"))):
            return end
        if verb == "shell" and tail == ["in", "the", "slicer"]:
            return end
        if verb in ("glue", "paint", "sand") and all(_word_ok(sentence, k, False) for k in range(i + 3, end)):
            return end
    if said == ["solid", "for", "now"] and not any(t.type == "FEAT_SHELL" for t in sentence[:i]):
        return end  # "(solid for now, i'll shell it in the slicer)": the part is built solid, as said
    if said in (["do", "not", "model", "any", "thread"], ["do", "not", "model", "the", "thread"],
                ["do", "not", "model", "the", "threads"], ["do", "not", "model", "any", "threads"],
                ["no", "thread", "needed"], ["no", "threads", "needed"]):
        return end
    return None


def strip_asides(sentence: list[Token], first: bool) -> tuple[list[Token], list[tuple[Token, str]]] | None:
    """The sentence without its asides and each removed word's role, or ``None`` when it has none."""
    marks: list[tuple[int, str]] = (_label(sentence) or []) if first else []
    i = marks[-1][0] + 1 if marks else 0
    while i < len(sentence):
        end = _plain_hole(sentence, i)
        if end is not None:
            end += sentence[end].type == "COMMA"  # "(just a plain hole, i'll glue it on)"
            marks += [(k, REMARK) for k in range(i + 1, end)]
            i = end
            continue
        end = _after(sentence, i)
        if end is not None:
            marks += [(k, AFTER) for k in range(i, end)]
            i = end
            continue
        head = _head(sentence, i)
        if head is not None:
            start, shapes, role = head
            end = _phrase_end(sentence, start)
            if _span_ok(sentence[start:end], shapes):
                marks += [(k, role) for k in range(i, end)]
                i = end
                continue
        i += 1
    if not marks:
        return None
    gone = {k for k, _ in marks}
    _tidy(sentence, gone)
    kept = [t for k, t in enumerate(sentence) if k not in gone]
    return kept, [(sentence[k], role) for k, role in marks]


def _tidy(sentence: list[Token], gone: set[int]) -> None:
    """Drop the comma before an aside ("…, for the cables.") and brackets left empty ("(i'll glue it on)")."""
    gone |= {k for k, t in enumerate(sentence) if t.type == "COMMA" and k - 1 in gone and k + 1 in gone}
    runs: list[tuple[int, int]] = []
    for k in sorted(gone):
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    for a, b in runs:
        before = sentence[a - 1].type if a else None
        after = sentence[b + 1].type if b + 1 < len(sentence) else None
        if before == "LP" and after == "RP":
            gone |= {a - 1, b + 1}
        elif before == "COMMA" and after in (None, "COMMA", "RP", "COLON"):
            gone.add(a - 1)
        elif before in ("COMMA", None) and after == "COMMA":
            gone.add(b + 1)


def mark_asides(marks: list[tuple[Token, str]]) -> None:
    """Each removed word's role (``Tok.slot``), which ``accounting.py`` lists under ``ignored`` with why; ignorable
    words keep their own reason and function words are not listed."""
    ign = get_ignorable()
    for tok, role in marks:
        purpose = tok.type == "IGN" and (ign.why(tok.value.text) or "").startswith("says what the part is for")
        if tok.type not in _QUIET or purpose:  # "knob" in "knob for my amp:" names the part
            tok.value.slot = role


_QUIET = {"IGN", "ART", "W_IT", "W_IS", "W_ARE", "W_BE", "W_TO", "W_IN", "W_INTO", "W_OF", "W_AND", "W_FOR", "W_THAT",
          "W_THIS", "W_WITH", "W_AS", "POSS", "COMMA", "COLON", "LP", "RP"}
