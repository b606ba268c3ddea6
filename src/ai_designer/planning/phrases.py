"""Tokens -> phrases with filled slots: the feature/slot extractor.

A prompt is cut into *sentences* (``.``, ``;``, numbered steps, "then") and each sentence into *phrases* (``,``,
"and", "with" …). A phrase has at most one *head* (a shape such as ``shape:plate`` or a feature such as
``feat:hole``); each quantity is bound to the named dimension next to it ("8 mm **thick**", "**diameter** 40",
"6 mm **from both edges**"). A phrase without a head ("…, 8 mm thick") hands its dimensions to the nearest earlier
phrase whose head accepts them (``heads.yaml``), so "a washer with a 8.4 mm hole, 16 mm OD" gives the OD to the
washer, not to the hole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_designer.planning.lexer import Tok
from ai_designer.planning.splitting import NEGATIONS, is_head
from ai_designer.planning.vocab import Vocab

__all__ = ["NEGATIONS", "Phrase", "bind", "negated"]

#: nouns "one" may pick out ("one face", "one end"): a place, never a 1 mm size
_PLACE_NOUNS = {"face", "faces", "side", "sides", "end", "ends", "edge", "edges", "corner", "corners"}
_POST_ONLY = {"thick", "tall", "high", "long", "wide", "deep", "apart", "broad", "thk"}
_SKIP_BEFORE = {"of", "is", "are", ":", "=", "a", "an", "about", "approx", "approximately", "roughly", "at", "to",
                "around", "be", "the", "with", "by", "measuring", "size", "sized", "total", "overall", "nominal"}


@dataclass
class Phrase:
    toks: list[Tok]
    sentence: int
    head: str | None = None
    head_tok: Tok | None = None
    rel: str | None = None  # this body sits "on_top" of / "under" the previous one
    refs: list[str] = field(default_factory=list)  # shapes named with "the" (targets, e.g. "the shank")
    feat_refs: list[str] = field(default_factory=list)  # existing features named with "the" ("the holes")
    slots: dict[str, list[Tok]] = field(default_factory=dict)
    free: list[Tok] = field(default_factory=list)  # quantities bound to no named dimension, in order
    count: int | None = None
    concepts: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # words the vocabulary does not know
    doubts: list[str] = field(default_factory=list)  # headless text that says something we cannot read
    asked: set[str] = field(default_factory=set)  # concepts and families a builder looked for (slot_guards.unread)

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.toks if t.kind != "sep")

    def has(self, concept: str) -> bool:
        self.asked.add(concept)
        return any(c == concept or c.startswith(concept + ":") for c in self.concepts)

    def mark(self, concept: str) -> None:
        """The builder read the words of ``concept`` by their text (``slot_guards.unread`` then accepts them)."""
        for t in self.toks:
            if t.concept == concept:
                t.slot = t.slot or "read"

    def mentions(self, concept: str) -> bool:
        """``has`` without counting as a reading: for checks that only steer away from a word."""
        return any(c == concept or c.startswith(concept + ":") for c in self.concepts)

    def family(self, family: str) -> list[str]:
        self.asked.add(family)
        return [c.split(":", 1)[1] for c in self.concepts if c.startswith(family + ":")]

    def value(self, *names: str) -> float | None:
        for n in names:
            if self.slots.get(n):
                return self.slots[n][0].values[-1]
        return None

    def add_slot(self, name: str, tok: Tok) -> None:
        tok.slot = name
        self.slots.setdefault(name, []).append(tok)


def negated(ph: Phrase) -> bool:
    """"no holes", "without any fillets": a negation word right before the phrase's feature noun."""
    if ph.head_tok is None or not (ph.head or "").startswith("feat:"):
        return False
    idx = next((i for i, t in enumerate(ph.toks) if t is ph.head_tok), 0)
    for t in reversed(ph.toks[:idx]):
        if t.text in NEGATIONS:
            return True
        if t.kind != "word" or not (t.concept in ("filler", None) or t.text in ("any", "other")):
            return False
    return False


_SHRINK = {"reduce", "decrease", "shrink", "shorten", "lower", "cut", "trim", "narrow", "thin", "lessen"}


def bind(ph: Phrase, vocab: Vocab) -> None:
    """Give each quantity of the phrase its slot (dimension, count, pattern, side) from the words around it."""
    claimed: set[int] = set()
    for i, t in enumerate(ph.toks):
        if t.kind != "qty":
            continue
        if _bind_marked(ph, i, t) or _bind_count(ph, i, t) or _bind_pattern(ph, i, t) or _bind_side(ph, i, t) \
                or _bind_compared(ph, i, t):
            continue
        _bind_named(ph, i, t, claimed)


def _at(toks: list[Tok], k: int) -> Tok | None:
    return toks[k] if 0 <= k < len(toks) else None


def _bind_marked(ph: Phrase, i: int, t: Tok) -> bool:
    """Clock positions, thread sizes, and "one" that counts nothing new ("two holes, one 20 mm from each end")."""
    if t.slot == "clock":
        ph.add_slot("clock", t)
        return True
    if t.thread:
        ph.add_slot("thread", t)
        return True
    after_one = _at(ph.toks, i + 1)
    return t.text == "one" and after_one is not None and (
        after_one.kind == "qty" or after_one.text in ("at", "on", "in", "each")
        or (after_one.concept or "").startswith(("pos:", "mod:", "side:", "face:")))


def _bind_count(ph: Phrase, i: int, t: Tok) -> bool:
    """"Ø6.6 thru x4", "4 x …" (not "2 x 45 deg", a chamfer), "four corners"."""
    toks = ph.toks
    nxt, nxt2 = _at(toks, i + 1), _at(toks, i + 2)
    if t.is_int and ph.count is None and i > 0 and toks[i - 1].text == "x" and toks[i - 1].kind == "word" \
            and t.text.isdigit() and (i < 2 or (toks[i - 2].kind != "qty" and not _is_dim(toks[i - 2]))) \
            and not (nxt is not None and _is_dim(nxt)):
        ph.count = int(t.values[0])
        return True
    if nxt is not None and nxt.kind == "word" and nxt.text == "x" and t.is_int and not (
            nxt2 is not None and nxt2.kind == "qty" and nxt2.unit == "angle"):
        ph.count = int(t.values[0])
        return True
    before = next((x for x in reversed(toks[:i]) if x.concept != "filler"), None)
    if nxt is not None and nxt.concept == "pos:corners" and t.is_int and ph.count is None \
            and not (before is not None and (before.concept or "").startswith("dim:")):
        ph.count = int(t.values[0])
        return True
    return False


def _bind_pattern(ph: Phrase, i: int, t: Tok) -> bool:
    """"at 100 mm centres", "on a 31 mm square pattern", grids, "at the corners, 10 mm in"."""
    toks = ph.toks
    nxt = _at(toks, i + 1)
    slot = None
    if nxt is not None and nxt.concept == "pos:center" and nxt.text in ("centres", "centers") and t.unit == "length":
        slot = "spacing"
    elif nxt is not None and (nxt.concept == "pos:square" or nxt.text == "square" and t.unit == "length"
                              and (ph.head or "").startswith("feat:") and nxt is toks[-1]):
        slot = "square"
    elif (nxt is not None and nxt.concept == "pos:grid") or _grid_count(toks, i, ph):
        slot = "grid"
    elif nxt is not None and nxt.text == "in" and t.unit == "length" and (i + 2 == len(toks) or toks[i + 2].kind == "sep"):
        slot = "inset"
    if slot:
        ph.add_slot(slot, t)
    return slot is not None


def _bind_side(ph: Phrase, i: int, t: Tok) -> bool:
    """"20 mm to the right (of …)", "15 mm from the left edge"."""
    toks = ph.toks
    nxt, nxt2 = _at(toks, i + 1), _at(toks, i + 2)
    side = _to_side(toks, i + 1)
    if side:
        ph.add_slot(f"to_{side}", t)
        return True
    k = i + 2
    while k < len(toks) and toks[k].concept == "filler" and toks[k].text in ("the", "a", "an", "both", "its"):
        k += 1
    nxt2 = _at(toks, k)  # "10 mm in from the long edges"
    if nxt is not None and nxt.concept == "mod:from" or (nxt is not None and nxt.concept == "dim:inset"
                                                          and nxt2 is not None and nxt2.concept
                                                          and nxt2.concept.startswith(("face:", "side:"))):
        side = _side_after(toks, i + 2)
        if side:
            ph.add_slot(f"from_{side}", t)
            return True
    return False


def _bind_compared(ph: Phrase, i: int, t: Tok) -> bool:
    """"2 mm thicker", "20 % longer", and "30 mm diameter for 20 mm" (a section's length)."""
    toks = ph.toks
    nxt = _at(toks, i + 1)
    cmp_tok = nxt
    if nxt is not None and nxt.text == "percent" and i + 2 < len(toks):
        cmp_tok, t.percent = toks[i + 2], True
    if cmp_tok is not None and (cmp_tok.concept or "").startswith("cmp:"):
        name = cmp_tok.concept[4:]  # type: ignore[index]
        t.delta = 1 if name.endswith("+") else -1
        ph.add_slot(name[:-1], t)
        return True
    before_for = next((x for x in reversed(toks[:i]) if x.text not in ("a", "an", "the")), None)
    if before_for is not None and before_for.text == "for" and t.unit == "length" and ph.slots.get("diameter"):
        ph.add_slot("length", t)
        return True
    return False


def _pre_dim(ph: Phrase, i: int, t: Tok, post: str | None, claimed: set[int]) -> tuple[int, str | None, bool]:
    """The named dimension before the quantity ("diameter 40"); ``True`` when a comparative set it instead."""
    toks = ph.toks
    by = i > 0 and toks[i - 1].text == "by"  # "thicker by 2 mm"
    j = i - 1
    while j >= 0 and toks[j].kind == "word" and toks[j].text in _SKIP_BEFORE \
            and toks[j].concept in ("filler", None, "rel:on_top"):
        j -= 1
    if j >= 0 and (toks[j].concept or "").startswith("cmp:") and post is None:
        if by:
            t.delta = 1 if (toks[j].concept or "").endswith("+") else -1
        ph.add_slot(toks[j].concept[4:-1], t)  # type: ignore[index]  # "thicker: 12 mm" sets the size
        return j, None, True
    if j >= 0 and (toks[j].concept or "").startswith("dim:") and j not in claimed:
        return j, toks[j].concept[4:], False  # type: ignore[index]
    return j, None, False


def _post_dim(ph: Phrase, i: int, t: Tok, pre: str | None, claimed: set[int]) -> str | None:
    """The named dimension after the quantity ("8 mm thick"), with walls and floors told apart."""
    toks = ph.toks
    nxt, after = _at(toks, i + 1), _at(toks, i + 2)
    post = (nxt.concept or "")[4:] if nxt is not None and (nxt.concept or "").startswith("dim:") else None
    if post in ("thickness", "width") and (pre == "wall" or (after is not None and after.concept == "dim:wall")):
        post = "wall"  # "walls 4 mm thick", "2.5 mm thick walls", "a 10 mm wide border"
        if pre != "wall" and after is not None:
            claimed.add(i + 2)
    if post == "thickness" and after is not None and after.concept == "face:bottom":
        post = "floor"  # "a 3 mm thick bottom"
        after.slot = "read"
    if post is None and nxt is not None and nxt.concept == "face:bottom" and t.unit == "length":
        post = "floor"  # "a 3 mm bottom"
        nxt.slot = "read"
    return post


def _bind_named(ph: Phrase, i: int, t: Tok, claimed: set[int]) -> None:
    """A quantity next to a named dimension, a count before a head, or a free quantity."""
    toks = ph.toks
    nxt = _at(toks, i + 1)
    raw_post = (nxt.concept or "")[4:] if nxt is not None and (nxt.concept or "").startswith("dim:") else None
    j, pre, done = _pre_dim(ph, i, t, raw_post, claimed)
    if done:
        return
    post = _post_dim(ph, i, t, pre, claimed)
    k = i + 2
    while k < len(toks) and toks[k].concept == "filler" and toks[k].text in _SKIP_BEFORE:
        k += 1
    next_owns = k < len(toks) and toks[k].kind == "qty"  # "Ø10 PCD 80": PCD names the 80, not the 10
    if post in ("diameter", "radius") and next_owns and t.is_int and nxt is not None and nxt.text == "dia" \
            and ph.count is None and any(is_head(x) for x in toks[k + 1:k + 3]):
        ph.count = int(t.values[0])  # "four Ø11 holes": Ø names the 11, four counts the holes
        return
    post_first = nxt is not None and not next_owns and (
        nxt.text in _POST_ONLY or nxt.text.startswith(("from", "in from", "away")))
    if post and (post_first or not pre or not next_owns):
        _assign(ph, post, t, last=True)
        claimed.add(i + 1)
    elif pre:
        if i > 0 and toks[i - 1].text == "by" and ph.has("edit:resize"):
            t.delta = -1 if any(w in ph.text.split() for w in _SHRINK) else 1
        _assign(ph, pre, t, last=False)
        claimed.add(j)
    elif nxt is not None and nxt.concept == "shape:tube":
        ph.add_slot("tube", t)
    elif t.is_int and ph.count is None and t.values[0] <= 500 \
            and _head_follows(toks, i, allow_qty=not t.text[:1].isdigit()):
        ph.count = int(t.values[0])
    elif t.text.lower() == "one" and nxt is not None and nxt.text in _PLACE_NOUNS:
        ph.doubts.append(f"{t.text} {nxt.text}")  # "on one face": a place, never a 1 mm size ("Hub Ø40 x 25 …")
    else:
        ph.free.append(t)


_SINGLE = {"thickness", "height", "depth", "wall", "floor", "diameter", "radius", "od", "id", "pcd", "inset", "gap",
           "teeth", "module", "length", "width", "face_width"}
_ROUND = {"diameter", "radius", "od", "id"}


def _assign(ph: Phrase, slot: str, t: Tok, *, last: bool) -> None:
    """Bind ``t`` to ``slot``; of ``A x B x C`` a slot named after it ("… 5 deep") takes C, before it ("Ø30 x 15")
    takes A, and the rest stays free."""
    if slot == "radius" and ph.has("dim:corner_radius"):
        slot = "corner_radius"  # "rounded corners (5 mm radius)"
    if len(t.values) > 2 and slot in _ROUND:
        ph.free.append(t)  # "120 x 90 x 60 mm outside" sizes a box; a diameter splits off "Ø30 x 15" only
    elif len(t.values) > 1 and slot in _SINGLE:
        k = -1 if last else 0
        rest_vals = t.values[:-1] if last else t.values[1:]
        rest = Tok("qty", t.text, values=rest_vals, unit=t.unit, explicit=t.explicit, raw=list(rest_vals))
        one = Tok("qty", t.text, values=(t.values[k],), unit=t.unit, explicit=t.explicit)
        ph.free.append(rest)
        ph.add_slot(slot, one)
    else:
        ph.add_slot(slot, t)


def _head_follows(toks: list[Tok], i: int, *, allow_qty: bool) -> bool:
    """A bare integer counts the feature noun that follows ("8 equally spaced holes", "four 5.5 mm holes")."""
    for t in toks[i + 1:]:
        if is_head(t):
            return (t.concept or "").startswith("feat:") and (t.text.endswith("s") or allow_qty)
        if t.kind == "word" and (t.concept or "").startswith("rel:"):
            return False
        if t.kind == "word" and (t.concept or "").startswith("dim:") and not allow_qty:
            return False
        if t.kind == "qty" and t.thread:
            continue  # "4 M5 clearance holes": the thread names the hole, 4 counts it
        if t.kind == "qty" and (not allow_qty and (t.unit != "length" or len(t.values) > 1)):
            return False
        if t.kind == "sep":
            return False
    return False


def _grid_count(toks: list[Tok], i: int, ph: Phrase) -> bool:
    """``3 x 2`` without a unit before a feature noun, in a phrase that says grid/array: the grid's counts."""
    t = toks[i]
    if len(t.values) != 2 or t.explicit or not all(float(v).is_integer() and 0 < v <= 50 for v in t.values):
        return False
    if not (ph.has("pos:grid") or any((x.concept or "") == "pos:grid" for x in toks)):
        return False
    return any(is_head(x) and (x.concept or "").startswith("feat:") for x in toks[i + 1:i + 4])


def _is_dim(t: Tok) -> bool:
    return (t.concept or "").startswith("dim:")


def _to_side(toks: list[Tok], j: int) -> str | None:
    if j >= len(toks) or toks[j].text != "to":
        return None
    j += 1
    while j < len(toks) and toks[j].text in ("the", "its"):
        j += 1
    if j < len(toks) and (toks[j].concept or "").startswith("face:") and toks[j].concept != "face:side":
        return toks[j].concept[5:]  # type: ignore[index]
    return None


def _side_after(toks: list[Tok], j: int) -> str | None:
    while j < len(toks) and (toks[j].concept in ("filler", "mod:each") or toks[j].text in ("one", "either")):
        j += 1
    if j < len(toks) and toks[j].concept:
        fam, _, name = (toks[j].concept or "").partition(":")
        if fam in ("face", "side") and name != "side":
            return name
        if toks[j].concept == "face:side" and toks[j].text.endswith("s"):
            return "edges"  # "8 mm from the sides"
        if toks[j].concept == "pos:center":
            return "center"
        if fam in ("edge", "dim") and name in ("all", "inset"):
            return "edges"
        if fam == "edge" and name in ("top", "bottom"):
            return name  # "15 mm from the top edge"
    return None
