"""Words both readers built as another part, refused before either reads them.

"four holes at each corner" (or "at each end", "on each side"): a count of holes said right before "at each corner" counts the holes *at each corner*
(four there, sixteen in all), and where several holes go within one corner is said nowhere. Both readers built one
hole per corner (four in all) — "two holes in each corner" was refused only because two is not four. A count said
apart from the corner words is read as before: "four holes, one at each corner", "four holes, 6 mm in from the edges
at each corner" (the distance is what is said at each corner), "4 M4 holes 5 mm from each corner".

"a hole through the centre along X": the grammar read "the centre along X" as a place (centred in X, as in "centred
along X") and drilled the hole down from the top face; the words give the hole's direction. Refused, saying how to
put it ("a hole along X, through the centre" is read as meant).
"""

from __future__ import annotations

from ai_designer.planning.lexer import Tok
from ai_designer.planning.refusals import ambiguous

__all__ = ["check_centre_along", "check_per_corner"]

_DISTRIBUTIVE = ("each", "every", "per")
_WINDOW = 8  # tokens looked at before the feature noun for its count ("four countersunk 5 mm holes")
_PLACES = {"pos:corners": ("at each corner", 4), "side:short": ("at each end", 2), "face:side": ("on each side", 0),
           "mod:each_face": ("on each face", 0)}  # what the places are called, and how many there are (0: it depends)


def _place_words(toks: list[Tok], i: int) -> tuple[int, str] | None:
    """The index after "each corner" / "every corner" / "per corner" / "each of the (four) corners" / "each end" /
    "each side" / "on each face" starting at ``i``, and the concept of the place; ``None`` when none starts there.
    Legs are left to the L-bracket's own reading, which asks where several holes in each leg go."""
    t = toks[i]
    if t.concept in ("pos:corners", "mod:each_face") and t.text.lower().split()[-2:][0] in _DISTRIBUTIVE + ("on",):
        return i + 1, t.concept
    if t.concept != "mod:each" or t.text.lower() not in _DISTRIBUTIVE:
        return None
    j = i + 1
    while j < len(toks) and (toks[j].concept == "filler" or (toks[j].kind == "qty" and toks[j].is_int)):
        j += 1  # "each of the four corners"
    if j < len(toks) and toks[j].concept in _PLACES:
        return j + 1, str(toks[j].concept)
    return None


def _skippable(t: Tok) -> bool:
    """Words between a feature noun and "at each corner" that do not say where: "holes *drilled through* at each
    corner", "holes *for M5 screws* at each corner"."""
    if t.kind == "sep" or (t.kind == "qty" and not t.thread):
        return False
    concept = t.concept or ""
    return concept in ("", "filler", "mod:through", "feat:hole", "rel:on_top") or t.thread is not None


def _noun_before(toks: list[Tok], i: int) -> int | None:
    j = i - 1
    while j >= 0 and _skippable(toks[j]) and not (toks[j].concept or "").startswith("feat:"):
        j -= 1
    return j if j >= 0 and (toks[j].concept or "").startswith("feat:") else None


def _count_before(toks: list[Tok], noun: int) -> int | None:
    """The count of the feature noun at ``noun``: the first bare whole number in the words before it ("four 6 mm
    holes", "4 x Ø6 holes"), not a size ("Ø6", "6 mm") nor a thread."""
    start = noun
    while start > 0 and noun - start < _WINDOW:
        t = toks[start - 1]
        if t.kind == "sep" or (t.concept or "").startswith(("shape:", "pos:")) or t.text.lower() in ("with", "and"):
            break
        start -= 1
    for k in range(start, noun):
        t = toks[k]
        if t.is_int and not t.explicit and not (k and (toks[k - 1].concept or "").startswith("dim:")):
            return k
    return None


def check_per_corner(toks: list[Tok]) -> None:
    """Refuse "N holes at each corner / at each end / on each side" for N > 1 (see the module docstring)."""
    for i in range(len(toks)):
        found = _place_words(toks, i)
        noun = _noun_before(toks, i) if found is not None else None
        at = _count_before(toks, noun) if noun is not None else None
        if found is None or noun is None or at is None or toks[at].values[0] <= 1:
            continue
        n, (place, places) = int(toks[at].values[0]), _PLACES[found[1]]
        said = " ".join(t.text for t in toks[at:found[0]])
        total = f" ({places * n} in all)" if places else ""
        one = f"{place.split()[0]} one {place.split()[-1]}"
        raise ambiguous(f"'{said}' says {n} {toks[noun].text} {place}{total}, and where they go {one} is not "
                        f"stated (for one {place} say '{places or 'N'} {toks[noun].text}, one {place}'; "
                        "for several, give each one's position)")


_CENTRE_NOUNS = ("centre", "center", "middle", "centre point", "center point", "midpoint")


def check_centre_along(toks: list[Tok]) -> None:
    """Refuse "through the centre along X / Y" in a sentence about a hole (see the module docstring)."""
    sentence_has_hole = False
    for i, t in enumerate(toks):
        if t.kind == "sep" and t.text in (".", ";", "\n"):
            sentence_has_hole = False
        sentence_has_hole = sentence_has_hole or t.concept == "feat:hole"
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        words = nxt.text.lower().removesuffix(" axis").split() if nxt is not None else []
        if t.concept != "pos:center" or t.text.lower() not in _CENTRE_NOUNS or nxt is None \
                or nxt.concept not in ("mod:along_x", "mod:along_y") or words[:1] != ["along"] \
                or words[-1] not in ("x", "y"):
            continue  # "through the centre along its length" is the hole's own axis, and is read so
        if sentence_has_hole or any(u.concept == "feat:hole" for u in toks[i:]):
            axis = words[-1]
            raise ambiguous(f"'{t.text} {nxt.text}' may say the hole runs along {axis.upper()} or that it is centred "
                            f"along {axis.upper()}: say the direction apart from the place (e.g. 'a 6 mm hole along "
                            f"{axis.upper()}, through the centre')")
