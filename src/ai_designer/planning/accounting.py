"""Every word accounted for: each word of a prompt is built, known filler, or listed under ``ignored`` with why.

Runs on the result of *both* planner paths (the grammar and the slot extractor), so no path can drop a word
silently: a word that names a feature the planner does not build ("lid", "engraved", "knurled", "thread") refuses
the prompt unless the plan reports it in its assumptions; a word nobody understood refuses the prompt quoting it.
"""

from __future__ import annotations

from ai_designer.planning.descriptions import AFTER, WHY
from ai_designer.planning.lexer import Tok
from ai_designer.planning.refusals import reject
from ai_designer.planning.terminals import get_ignorable, terminal
from ai_designer.planning.vocab import Vocab

__all__ = ["account"]

_LISTED = ("says what the part is for", "names a material", "says how it is made", "describes the part in words",
           "a symmetric tolerance")
# words listed as joining words in ignorable.yaml that can change the part when nothing reads them ("a hole or two",
# "only on the left side", "one open side", "the other end"): the grammar accepts them only where a rule places them;
# on the slot path, where no rule does, they refuse the prompt unless a concept phrase consumed them
_COUNTING = {"or", "either", "other", "only", "second", "third", "fourth", "fifth", "last", "but", "except", "off",
             "over", "per", "one", "ones", "both", "each", "every", "all"}


def _counting_read(toks: list[Tok], i: int) -> bool:
    """The few places where such a word only confirms what the builder did: "the outside edges only" (an edge group
    is a selection already), "only 10 mm deep", "through both sides" (a through hole), "both centred" (features are centred unless
    placed)."""
    word = toks[i].text
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if word == "only":  # "the outside edges only", "only 10 mm deep", "5 mm deep only"
        return any(t is not None and ((t.concept or "").startswith(("edge:", "dim:")) or t.kind == "qty")
                   for t in (prev, nxt))
    if word == "both":
        return (prev is not None and prev.text in ("through", "thru")) or \
            (nxt is not None and nxt.concept == "pos:center")
    return False
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
# "the top (outside) edge of the boss": its rim, read by edge_owner and checked when composed (compose_hubs)
_BOSS_RIM = ("edge:top", "edge:top_outer")


def _feature_edges(toks: list[Tok], parsed: bool) -> None:
    """"the slot edges", "the edges of the pocket": edges chosen by the feature that made them are not offered
    (``parsed``: the grammar read the boss's rim, and compose checked it is the only top edge it finishes; or a rule
    marked the edge word read — "the inside corners of the channel", ``compose_holewords.cut_corners``)."""
    words = [t for t in toks if t.kind != "word" or t.text not in ("the", "a", "an", "its")]
    before = [Tok("sep", "."), *words]
    for prev, a, b, c in zip(before, words, words[1:], [*words[2:], Tok("sep", ".")], strict=False):
        if prev.text in ("near", "far"):
            continue  # "the near edge of the groove 15 from one end" places the groove, it selects no edge
        scoped = (a.concept in _FEATURE_EDGES and (b.concept or "").startswith("edge:")) or \
            ((a.concept or "").startswith("edge:") and b.text == "of" and c.concept in _FEATURE_EDGES)
        read = parsed and (a.concept in _BOSS_RIM and c.concept == "feat:boss" or a.slot == "read")
        if scoped and not read:  # "read": a grammar rule chose these edges and compose checked them (holewords)
            raise reject(f"'{a.text} {b.text}{' ' + c.text if b.text == 'of' else ''}': edges chosen by the feature "
                         "that made them are not supported offline (only all / top / bottom / vertical edges)")


def _added_thing(word: str, before: list[str], why: str | None) -> None:
    """"a cylinder with a knob on top", "a block with a step along one side": a purpose or filler word after "with a"
    asks for something to be added — refuse it rather than list it or drop it."""
    if why and why.startswith((_LISTED[0], "talks about the description")) and len(before) == 2 and before[0] in ("with", "and", "add") \
            and before[1] in ("a", "an"):
        raise reject(f"'{before[0]} {before[1]} {word}' asks for a {word}, which the offline planner does not know "
                     "how to build (describe its shape and size, e.g. 'a 20 mm cylinder 15 mm tall on top')")


_LIMITS = {("up", "to"), ("just", "over"), ("just", "under"), ("just", "below"), ("just", "above"),
           ("slightly", "over"), ("slightly", "under"), ("at", "most"), ("at", "least"), ("no", "more"),
           ("no", "less"), ("not", "more"), ("not", "less"), ("or", "more"), ("or", "less"), ("or", "so")}


def _bound(toks: list[Tok], i: int) -> str | None:
    """"up to 10 mm", "just over 10 mm", "10 mm or more": a limit the slot planner would read as the size."""
    if i + 1 >= len(toks) or (toks[i].text, toks[i + 1].text) not in _LIMITS:
        return None
    near = toks[max(0, i - 1):i + 4]
    return f"{toks[i].text} {toks[i + 1].text}" if any(t.kind == "qty" for t in near) else None


def _word_forms(toks: list[Tok], edit: bool) -> None:
    """What the slot planner must not read past: a possessive ("the cube's top face" is not "the cube" + "top face"),
    a letter-shaped profile ("V-groove" is not a groove), and "not" anywhere but right before a feature noun
    ("a hole that does not go through" is not a through hole; "not hollow", "not through" are read)."""
    for i, t in enumerate(toks):
        bound = None if edit else _bound(toks, i)  # an edit's "open the bore up to 14 mm" sets the size
        if bound:
            raise reject(f"'{bound}' gives a limit, not a size: say the size you want (e.g. 'a 10 mm hole')")
        if t.kind == "word" and t.text in ("y", "z") and t.concept is None and not edit:
            raise reject(f"'{t.text}' alone is not read by the offline planner here (say 'along {t.text.upper()}' "
                         "once for each hole)")
        if t.concept == "poss":
            owner = toks[i - 1].text if i else ""
            raise reject(f"'{owner}{t.text}': a possessive is not read offline (say e.g. 'the top face of the {owner}')")
        if (t.concept or "").startswith("letter:"):
            raise reject(f"'{t.text}': a letter-shaped profile is not built offline (describe it as bodies or a "
                         "sketch with sizes)")
        if t.kind == "word" and t.text == "not" and not edit:  # an edit reads its own ("4 holes, not 6")
            rest = [n for n in toks[i + 1:] if not (n.concept == "filler" or n.text in ("any", "other"))]
            nxt = rest[0] if rest else None
            ends = len(rest) < 2 or rest[1].kind == "sep" or rest[1].text in ("and", "with", "but")
            if nxt is None or not (nxt.concept or "").startswith("feat:") or not ends:  # "don't drill through"
                raise reject(f"'not {nxt.text if nxt else ''}': the offline planner only reads 'not' right before a "
                             "feature it leaves out ('not hollow'); it will not drop a negation")


def account(toks: list[Tok], vocab: Vocab, assumptions: list[str], parsed: bool = False,
            edit: bool = False) -> list[str]:
    """The ``ignored`` list for a plan built from ``toks``; raises ``RejectedError`` for words it cannot account.

    ``parsed``: the grammar consumed every token, so only the words it read as ignorable (``IGN``) are listed.
    ``edit``: the words change ``current`` (the edit code reads "not" itself: "4 bolt holes, not 6").
    """
    _feature_edges(toks, parsed)
    if not parsed:
        _word_forms(toks, edit)
    unread = [] if parsed else [t.text for t in toks if t.concept in EDIT_ONLY and t.slot != "read"]
    if unread:
        raise reject(f"did not understand {', '.join(repr(w) for w in dict.fromkeys(unread))} here (such words are "
                     "read only as a change of an existing feature, e.g. 'make the holes 2 mm further from the edge')")
    ign = get_ignorable()
    unknown: list[str] = []
    ignored: dict[str, str] = {}
    for i, t in enumerate(toks):
        if parsed and t.slot in WHY and (t.slot == AFTER or not ign.unbuilt_feature(t.text)):
            ignored.setdefault(t.text, WHY[t.slot])
            continue
        if t.kind != "word" or (t.concept is not None and t.concept != "filler"):
            continue
        if parsed and terminal(t, ign) != "IGN":
            continue
        word = t.text
        # the words before are read in the whole prompt: "a cube with a knob" asks for a knob on either path
        _added_thing(word, [x.text for x in toks[max(0, i - 2):i]], ign.why(word))
        feature = ign.unbuilt_feature(word)
        if feature and not _reported(word, assumptions):
            raise reject(f"'{word}' asks for {feature}, which the offline planner does not build (it will not leave "
                         "it out silently)")
        why = ign.why(word)
        if not parsed and word in _COUNTING and not _counting_read(toks, i):
            unknown.append(word)
        elif why:
            if why.startswith(_LISTED):
                ignored.setdefault(word, why)
        elif t.concept is None and word not in vocab.harmless and word not in _SHORTHAND \
                and word.replace("'", "").isalpha():
            unknown.append(word)
    if unknown:
        quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(unknown))
        raise reject(f"did not understand {quoted}")
    return [f"{w}: {why}" for w, why in ignored.items()]
