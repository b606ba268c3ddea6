"""Words the slot planner's builders do not read, caught after each phrase is built.

The slot planner binds numbers to slots and checks that every number was used, but its builders read concept words
(``open``, ``half``, ``each``, a count before ``edges``) only where they look for them; a word they never look at
used to vanish and leave a plain, validated, wrong part ("a 40 mm box with one open side" built a solid box, "half a
50 mm cube" a whole one, "a 20 mm hole off-centre" a centred hole, "three edges chamfered" every edge). These checks
compare what the phrase says with what its builder made and refuse the difference; the grammar path does not need
them (its actions declare what they read).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.hole_places import ROUND_BODIES, base_body
from ai_designer.planning.phrases import Phrase
from ai_designer.planning.slot_feature_words import check_feature_words, check_run_way

__all__ = ["check_body", "check_counterbored_slots", "check_feature", "check_unread"]

_OPEN_BODIES = ("tube", "rect_tube")
_TOTAL = frozenset({"total", "in total", "overall", "altogether"})  # open at the ends by their nature


def check_body(ctx: Ctx, ph: Phrase, op: Any, start: int) -> None:
    """A body phrase: ``open`` needs walls (a cavity made with the body), ``half`` a hemisphere."""
    made = ctx.ops[start:]
    if ph.has("mod:half") and not getattr(op, "hemisphere", False):
        raise reject(f"'half' in '{ph.text}' is not read by the offline planner for this body (say the size of the "
                     "half you want, e.g. 'a 50 x 50 x 25 block', or 'a hemisphere 40 mm in diameter')")
    _stacked_face(ph)
    _letter_sizes(ph)
    _side_radius(ph)
    _shape_adjective(ph, op)
    if start > 0 and any(t.text.lower() in _TOTAL for t in ph.toks):  # "with a cone on top, 60 mm overall"
        raise reject(f"'{ph.text}': a size said '… overall' / 'in total' after a second body is the whole part's, "
                     "not that body's: give each body its own sizes")
    if ph.has("mod:open") and op.op not in _OPEN_BODIES and len(made) < 2:
        raise reject(f"'open' in '{ph.text}': an open box or cup needs its wall thickness (say e.g. 'an open box "
                     "100 x 60 x 40 mm, 2 mm walls')")


_ROUND_OPS = ("cylinder", "tube", "cone", "sphere", "torus", "revolve")
_POLYGON_WORDS = {"triangular": 3, "pentagonal": 5, "hexagonal": 6, "heptagonal": 7, "octagonal": 8}


def _shape_adjective(ph: Phrase, op: Any) -> None:
    """"square washer, 20 od …" built a round washer, "square bar 15 x 20" an oblong one, "a round box" a box and
    "a cylinder …, lying down" an upright one: the slot planner takes these words as harmless; refuse when the body
    it made does not have the shape or the pose they say."""
    words = {t.text.lower() for t in ph.toks if t.kind == "word"}
    kind = getattr(op, "op", "")
    dims: list[Any] = [getattr(op, f, None) for f in ("length", "width", "height")]
    sides = getattr(op, "sides", None) or getattr(getattr(op, "profile", None), "sides", None)
    if "square" in words and _adjective(ph, "square"):
        uneven = kind == "box" and None not in dims and len({round(float(d), 6) for d in dims}) == 3
        if kind in _ROUND_OPS or uneven or (sides is not None and sides != 4):
            raise reject(f"'square' in '{ph.text}' does not fit the {kind} the sizes make (give a square's sides "
                         "equal, or say the shape another way)")
    for word, n in _POLYGON_WORDS.items():  # "a triangular standoff", "a pentagonal nut" built hexagons
        if word in words and _adjective(ph, word) and sides != n:
            raise reject(f"'{word}' in '{ph.text}' does not fit the {kind} the sizes make ("
                         f"{f'{sides} sides' if sides else 'not a polygon'}): the offline planner builds this part "
                         "only in its standard shape")
    if "round" in words and _adjective(ph, "round") and kind == "box":
        raise reject(f"'round' in '{ph.text}': the sizes make a box (say a cylinder's diameter and height)")
    rotated = any(abs(a) > 1e-9 for a in getattr(getattr(op, "placement", None), "rotate", (0.0,)))
    if "lying" in words and not rotated and kind in _ROUND_OPS:
        raise reject(f"'lying' in '{ph.text}' is not read here: say the axis (e.g. 'along X')")


def _adjective(ph: Phrase, word: str) -> bool:
    """Whether ``word`` is said of the body: just before its noun, or as a bare item of its list ("…, square")."""
    toks = ph.toks
    for i, t in enumerate(toks):
        if t.text.lower() != word:
            continue
        after = toks[i + 1] if i + 1 < len(toks) else None
        before = toks[i - 1] if i > 0 else None
        if after is None or after is ph.head_tok or after.kind == "sep" or (before is not None and before.kind == "sep"
                                                                             and after.kind == "sep"):
            return True
    return False


def _letter_sizes(ph: Phrase) -> None:
    """"cylinder h35 d20": the slot planner binds numbers by their order (diameter first), so a height said first by
    its letter was built as the diameter (35 across, 20 tall); the grammar reads the letters, so here it is refused."""
    sizes = [(a, b) for a, b in zip(ph.toks, ph.toks[1:], strict=False) if b.kind == "qty"]
    if sizes and sizes[0][0].text.lower() == "h" and sizes[0][1].slot not in ("height", "length"):
        raise reject(f"'h{sizes[0][1].text}' in '{ph.text}': a height said first by its letter is read offline only "
                     "as 'cylinder h40 d30' (or write e.g. '30 mm diameter, 40 mm tall')")


def _side_radius(ph: Phrase) -> None:
    """"a ring 30 outer radius, 20 inner radius": 'outer' / 'inner' are the diameters to the slot planner and the
    'radius' after them fell away (a ring half the size): refused, naming the words."""
    for a, b in zip(ph.toks, ph.toks[1:], strict=False):
        if a.concept in ("dim:od", "dim:id") and b.concept == "dim:radius":
            raise reject(f"'{a.text} {b.text}' in '{ph.text}' is not read offline: give the diameters (e.g. '60 OD, "
                         "40 ID')")


def _stacked_face(ph: Phrase) -> None:
    """A stacked body goes on top or under; "a hemisphere on the bottom" or "a cylinder on the front face" is not
    "on top" (the extractor reads "on" as on top)."""
    if ph.rel not in ("on_top", "under"):
        return
    other = "face:bottom" if ph.rel == "on_top" else "face:top"
    for t in ph.toks:
        side = (t.concept or "").startswith("face:") and t.text.endswith((" face", " side", " surface"))
        if t.concept == other or (side and t.concept not in ("face:top", "face:bottom")):
            raise reject(f"'{t.text}' in '{ph.text}': the offline planner stacks a body on top of or under the "
                         "part, not on another face (say e.g. 'on top, flush with the front side')")


def check_feature(ctx: Ctx, ph: Phrase, op: Any) -> None:
    """A feature phrase: a single position where the words ask for several, "off-centre", a count of edges."""
    words = [t.text for t in ph.toks]
    last = getattr(ctx.last_feature, "op", None)
    if ph.head == "feat:tapped" and not any("hole" in w for w in words) and last == "hole":
        raise reject(f"'{ph.text}' after a hole reads as that hole tapped, but the hole already has a size: say one "
                     "(e.g. 'an M12 tapped hole')")  # it used to drill a second, tap-drill hole in the same place
    for a, b in zip(ph.toks, ph.toks[1:], strict=False):
        if a.text == "off" and b.concept == "pos:center":
            raise reject(f"'off {b.text}' in '{ph.text}' does not say where the {_noun(ph)} goes (say e.g. "
                         "'20 mm from the left edge' or 'at x = 20, y = 10')")
    positions = getattr(op, "at", None)
    resolved = positions.resolve() if positions is not None and hasattr(positions, "resolve") else None
    if resolved is not None and len(resolved) == 1 and ph.mentions("mod:each"):
        raise reject(f"'{ph.text}' places a {_noun(ph)} at each of several places, but only one position could be "
                     "read: describe each group in its own phrase (e.g. 'a 20 mm hole 15 mm from each end, and a "
                     "20 mm hole in the middle')")
    if ph.head in ("feat:fillet", "feat:chamfer") and ph.count is not None \
            and any(w.split()[-1] in ("edge", "edges") for w in words if w.split()):  # "edges", "top edges"
        _check_edge_count(ctx, ph, op)
    check_feature_words(ph, op)
    if ctx.ops:
        face = getattr(op, "face", "top") or "top"
        est = ctx.est()
        round_top = isinstance(base_body(ctx, ctx.current), ROUND_BODIES) and face in ("top", "bottom")
        check_run_way(ph, op, est.face_size(face), round_top)


def _check_edge_count(ctx: Ctx, ph: Phrase, op: Any) -> None:
    """"three edges chamfered": the plan selects edge groups; a count must be the size of the group chosen."""
    group = str(getattr(op, "edges", ""))
    boxy = len(ctx.ops) == 1 and ctx.est().kind == "box"  # a plain block: the groups' edge counts are known
    sizes = {"all": 12, "top": 4, "bottom": 4, "vertical": 4} if boxy else {}
    if sizes.get(group) != ph.count:
        raise reject(f"'{ph.count} edges' in '{ph.text}': the offline planner rounds or chamfers edge groups (all "
                     "edges, the top or bottom edges, the vertical edges); say which group")


def check_counterbored_slots(ctx: Ctx, phrases: list[Phrase]) -> None:
    """"a counterbored slot 30 x 8" is a counterbore only when a later phrase gives its size; else a plain slot
    would be built."""
    made = any(op.id.startswith("slot_cbore") for op in ctx.ops)
    for ph in phrases:
        if ph.head == "feat:slot" and ph.has("mod:counterbored") and not made:
            raise reject(f"'{ph.text}': the counterbore's width and depth are not given (say e.g. 'a counterbored "
                         "slot 30 x 8, counterbore 14 wide 4 deep')")


def _noun(ph: Phrase) -> str:
    return ph.head_tok.text if ph.head_tok is not None else "feature"


# Families of words that change a part. A builder reads them by asking the phrase (``Phrase.has`` / ``family`` record
# what was asked); a word of these families that no builder asked about was never read, and refuses the phrase
# ("a hole near the left end" used to be a centred hole, "a pair of grooves" one groove, "double holes" one hole).
# Sizes (``dim:``) are read through the numbers bound to them, which ``Ctx.check_all_used`` checks.
_FAMILIES = ("mod", "pos", "face", "side", "edge", "rel", "cmp")
# slots whose quantity says a place: the words after it ("15 mm from each end", "20 mm to the right") are its own
_PLACED = ("from_", "to_", "inset", "spacing", "grid", "square", "clock", "pcd")


def check_unread(ph: Phrase, op: Any) -> None:
    """Refuse a phrase with a word no builder looked at (see ``_FAMILIES``)."""
    words = unread(ph, op)
    if words:
        quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(words))
        raise reject(f"{quoted} in '{ph.text}' is not read by the offline planner, which would have left it out "
                     "(say it another way, e.g. with distances from the edges, or use a language model)")


def unread(ph: Phrase, op: Any) -> list[str]:
    """The words of ``_FAMILIES`` in ``ph`` that the builder of ``op`` never asked about, nor confirm its defaults."""
    placed = _placed_words(ph)
    asked = set(ph.asked)
    if "mod:along_y" in asked:
        asked.add("mod:along_x")  # a builder that chose between X and Y read both
    out: list[str] = []
    for i, t in enumerate(ph.toks):
        c = t.concept or ""
        fam = c.split(":", 1)[0]
        if fam == "dim" and _loose_dim(ph.toks, i) and id(t) not in placed and t.slot != "read" \
                and not _idiom(ph.toks, i):
            out.append(t.text)
            continue
        if fam not in _FAMILIES or id(t) in placed or t.slot == "read" or _confirms(c, ph, op, t.text) \
                or _idiom(ph.toks, i):
            continue
        if c in asked or fam in asked or any(c.startswith(a + ":") for a in asked):
            continue
        out.append(t.text)
    return out


_UNIT_WORDS = {"dimensions", "dims", "sizes", "units", "mm", "inches", "inch", "in", "metric", "imperial"}


def _is_body(t: Any) -> bool:
    return (t.concept or "").startswith("shape:")


def _idiom(toks: list[Any], i: int) -> bool:
    """Set phrases whose words say nothing of their own: "2 off" (a count), "all dimensions in mm", "through
    everything", "100 mm on a side"."""
    t = toks[i]
    prev = toks[i - 1] if i else None
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if (t.concept or "").startswith("dim:") and _centred_on(toks, i):
        return True  # "centred on the width": the default, said
    if t.concept == "rel:on_top" and t.text == "over" and nxt is not None and nxt.kind == "qty":
        return True  # "10 mm to 6 mm over 40 mm": a length
    if t.concept == "dim:floor" and t.text == "floor" and prev is not None and prev.text == "the":
        return True  # "a hole in the centre of the floor": down through it (the floor is the bottom)
    if t.concept == "mod:each" and nxt is None and prev is not None and prev.kind == "sep":
        return True  # "…, each with a 3 mm hole": the phrase after it reads "each" (the holes go in every post)
    if (t.concept or "").startswith("cmp:") and nxt is not None and _is_body(nxt):
        return True  # "a smaller cylinder 20 mm diameter": a description, the sizes are given
    if t.text == "off" and prev is not None and prev.kind == "qty" and prev.is_int:
        return True
    if t.text == "all" and nxt is not None and nxt.text in _UNIT_WORDS:
        return True
    if t.concept == "edge:all" and t.text == "everything" and prev is not None and prev.text in ("through", "thru"):
        return True
    return t.concept == "face:side" and t.text == "side" and [x.text for x in toks[max(0, i - 2):i]] == ["on", "a"]


def _centred_on(toks: list[Any], i: int) -> bool:
    """"centred on the width", "centre of the length": a centring word a few joining words before the size word
    ("in the centre, running across" is not: the comma ends it, and 'across' said which way the slot runs)."""
    for k in range(i - 1, max(-1, i - 4), -1):
        if toks[k].concept == "pos:center":
            return True
        if toks[k].text not in ("on", "the", "of", "in", "along", "across", "its"):
            return False
    return False


def _placed_words(ph: Phrase) -> set[int]:
    """Tokens after a quantity bound to a place ("15 mm *from each end*") up to the next quantity or comma; a long or
    short side only when the quantity was bound to it ("10 mm in from the long edges" bound to the edges is not)."""
    out: set[int] = set()
    slot, ended = "", False
    for t in ph.toks:
        if t.kind == "qty" and t.text in ("one", "either"):
            continue  # "10 mm from one end"
        if t.kind == "qty":
            slot, ended = (t.slot or "" if any((t.slot or "").startswith(b) for b in _PLACED) else ""), False
        elif t.kind == "sep" or (ended and t.text not in _GO_ON):
            slot = ""  # "10 mm from the left edge *to its edge*": the place ended with its edge, the rest is unread
        elif slot and not ((t.concept or "").startswith("side:") and slot != "from_" + (t.concept or "")[5:]):
            out.add(id(t))
            ended = t.text in _REFERENCE_NOUNS
    return out


# the nouns that end a place ("from the left *edge*"), unless "of" or "and" carries it on ("the left edge of the top
# face", "the left and front edges")
_REFERENCE_NOUNS = frozenset({"edge", "edges", "end", "ends", "side", "sides", "corner", "corners"})
_GO_ON = frozenset({"of", "and"})


_BETWEEN = {"in", "of", ":", "=", "is", "to", "a", "an", "the", "by", "(", ")", "its", "mm", "each", "all", "dimensions",
            "size", "sizes", "measuring", "measures", "are"}


def _loose_dim(toks: list[Any], i: int) -> bool:
    """A size word with no number next to it ("a hole through the length", "twice as long", "a slot across"):
    nothing bound it, so nothing read it ("diameter of 40", "40 mm in diameter", "(5 mm radius)" are bound)."""
    for step in (-1, 1):
        k = i + step
        while 0 <= k < len(toks) and abs(k - i) <= 3 and (toks[k].text in _BETWEEN or toks[k].kind == "qty"
                                                         or (toks[k].concept or "").startswith("dim:")):
            if toks[k].kind == "qty":
                return False
            k += step
    return True


_ON = {"on", "on top", "on top of", "onto", "atop", "sitting on", "resting on", "stacked on"}


def _confirms(concept: str, ph: Phrase, op: Any, text: str = "") -> bool:
    """Words that say what the builder does anyway: "in the top", "through", "in the middle", "on a bolt circle"."""
    at = type(getattr(op, "at", None)).__name__
    if concept == "face:top":
        return (getattr(op, "face", None) or "top") == "top"
    if concept == "mod:through":
        return getattr(op, "depth", None) is None
    if concept in ("pos:polar", "mod:each") and at == "PolarPattern":
        return True
    if concept == "pos:grid":
        return at == "GridPattern"
    if concept.startswith("rel:"):  # stacking is read by the extractor (``Phrase.rel``); "on" a face says nothing
        return ph.rel == concept[4:] or (concept == "rel:on_top" and text in _ON)
    if concept == "mod:along_x" and text in ("along its length", "along the length", "lengthwise") \
            and op.op in ("prism", "tube", "cylinder", "extrude") and ph.head is not None and ph.head.startswith("shape:"):
        return True  # "hex standoff …, a hole through the middle along its length": its bore, along its axis (Z)
    if concept == "mod:counterbored":
        return type(getattr(op, "profile", None)).__name__ == "Slot"  # the next phrase sizes it (see below)
    return concept in ("pos:center", "mod:clearance")


def check_tapped(ctx: Ctx, ph: Phrase, name: str, diams: list[float]) -> None:
    """A tapped hole that is not one: a hole given a plain size too ("a 10 mm hole tapped M12" drilled two holes), or a
    thread as wide as the part ("a 20 mm rod threaded M20" is an outside thread, once built as a tapped hole)."""
    if diams and not (ph.has("feat:counterbore") or ph.has("feat:countersink") or ph.has("mod:counterbored")
                      or ph.has("mod:countersunk")):
        raise reject(f"'{ph.text}' gives one hole two sizes ({diams[0]:g} mm and an {name} thread, whose tap drill is "
                     "another size): say one (e.g. 'an M12 tapped hole')")
    if ctx.ops:
        size = ctx.est().size
        nominal = float(name[1:]) if name[1:].replace(".", "", 1).isdigit() else 0.0
        if nominal >= min(size[0], size[1]) - 1e-6:
            raise reject(f"an {name} thread on a part {min(size[0], size[1]):g} mm across is an outside thread; the "
                         "offline planner models no threads (say the plain diameter, e.g. 'a 20 mm rod')")
