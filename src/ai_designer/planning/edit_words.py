"""How the loose words of an edit phrase name the size they change, before the edit is applied.

Users type edits tersely after seeing a part: "make the slot wider, 12 mm", "lengthen the slot to 40 mm", "shorten
the slot by 10 mm", "thicker walls please, 4 mm", "bolt circle diameter should be 85", "5 mm shorter from the top",
"take 5 mm off the top", "make it 20 % bigger", "shrink it by 10 %". The phrase extractor leaves such a number
unbound (a comma or a verb sits between it and its size); these rules bind it when exactly one size is named, and
leave it unbound otherwise (the edit then refuses rather than guessing which size a bare number is).
"""

from __future__ import annotations

from ai_designer.planning.phrases import Phrase
from ai_designer.planning.refusals import reject

__all__ = ["bind_loose", "check_compared", "growth", "sizes_from_face"]

# verbs that name the size they change, and which way ("shorten the slot by 10 mm")
_VERB_DIMS = {"lengthen": ("length", 1), "shorten": ("length", -1), "widen": ("width", 1), "narrow": ("width", -1),
              "thicken": ("thickness", 1), "deepen": ("depth", 1)}
_GROW = {"grow", "enlarge", "increase", "expand"}
_SHRINK = {"shrink", "reduce", "decrease"}
_NOT_SIZES = {"scale", "inset", "spacing"}


def _named(ph: Phrase) -> dict[str, int]:
    """Sizes the phrase names without a number next to them, with the direction a comparative or verb gives."""
    named = {c[:-1]: (1 if c.endswith("+") else -1) for c in ph.family("cmp")}
    for t in ph.toks:
        if t.text in _VERB_DIMS:
            dim, sign = _VERB_DIMS[t.text]
            named[dim] = sign
    if ph.has("dim:wall") and "wall" not in ph.slots:
        named = {"wall": 0}
    dims = [d for d in ph.family("dim") if d not in _NOT_SIZES]
    if not named and len(dims) == 1 and not ph.slots:  # "bolt circle diameter should be 85"
        named = {dims[0]: 0}
    return named


def _taken_off(ph: Phrase) -> bool:
    """"shave 2 mm off the thickness", "trim 5 mm off the length": the size named after "off" shrinks by N."""
    toks = ph.toks
    for i, t in enumerate(toks[:-1]):
        if t.kind != "qty" or t not in ph.free or toks[i + 1].text != "off":
            continue
        dims = [d for d in ph.family("dim") if d not in _NOT_SIZES]
        if len(dims) != 1 or len(ph.free) != 1 or ph.slots:
            raise reject(f"'{ph.text}': say which size to take it off (e.g. '2 mm off the thickness')")
        t.delta = -1
        ph.free.remove(t)
        ph.add_slot(dims[0], t)
        for w in ph.toks:
            if w.concept == "edit:trim":
                w.slot = "read"
        return True
    return False


def bind_loose(ph: Phrase) -> None:
    """One unbound number and one named size: the number sets that size ("by N" changes it by N instead).
    "make the floor 5 mm thick": the number is the floor's thickness."""
    if _taken_off(ph):
        return
    if ph.has("dim:wall") and "wall" not in ph.slots and list(ph.slots) == ["thickness"]:
        ph.slots["wall"] = ph.slots.pop("thickness")  # "make the walls 2 mm thicker": the walls' thickness
    if ph.mentions("dim:pcd") and list(ph.slots) == ["diameter"] and not any(t.delta for t in ph.slots["diameter"]):
        ph.slots["pcd"] = ph.slots.pop("diameter")  # "make the bolt circle 50 mm diameter" had resized the disc
    sizes = [k for k in ph.slots if k in ("thickness", "depth", "height")]
    if ph.has("dim:floor") and "floor" not in ph.slots and len(sizes) == 1 and len(ph.slots) == 1:
        ph.slots["floor"] = ph.slots.pop(sizes[0])
    named = _named(ph)
    lengths = [t for t in ph.free if t.unit != "angle" and len(t.values) == 1]
    if len(named) != 1 or len(lengths) != 1 or len(ph.free) != 1 or set(named) & set(ph.slots):
        return
    (dim, sign), tok = next(iter(named.items())), lengths[0]
    idx = next(i for i, t in enumerate(ph.toks) if t is tok)
    if idx and ph.toks[idx - 1].text == "by" and sign:
        tok.delta = sign
    ph.free.remove(tok)
    ph.add_slot(dim, tok)


def sizes_from_face(ph: Phrase) -> None:
    """"5 mm shorter from the top", "take 5 mm off the top": a size changed from the top or bottom is the height
    (the part rests on z = 0); from a side the features would move with that end, which is not offered."""
    faces = set(ph.family("face"))
    if not faces:
        return
    cut = [k for k in ph.slots if k in ("from_top", "from_bottom")]
    if cut and len(ph.slots) == 1 and any(t.text == "off" for t in ph.toks):
        tok = ph.slots.pop(cut[0])[0]
        tok.delta = -1
        ph.add_slot("height", tok)
        for w in ph.toks:
            if w.concept == "edit:trim":
                w.slot = "read"
        return
    if not ph.slots:
        return
    if faces - {"top", "bottom"}:
        raise reject(f"'{ph.text}': changing the size from one side moves what is on that end — give the new size "
                     "(e.g. 'make it 95 mm long')")
    if not any(t.delta for toks in ph.slots.values() for t in toks):  # "make the bottom 5 mm thick" made the whole
        raise reject(f"'{ph.text}': a size given to the {'/'.join(sorted(faces))} is that wall's or floor's, not the "
                     "part's (say e.g. 'make it 5 mm thick', or 'make the floor 5 mm thick')")  # open box 5 mm tall
    if list(ph.slots) == ["length"]:
        ph.slots["height"] = ph.slots.pop("length")


def growth(ph: Phrase) -> float | None:
    """"make it 20 % bigger", "shrink it by 10 %" with no size named: the factor every size scales by, else None."""
    named = [c for c in ph.concepts if c.startswith("dim:") and c != "dim:scale"]
    if len(ph.slots) != 1 or named or ph.family("feat") or ph.feat_refs:  # "increase the length by 10 %": one size
        return None
    toks = [t for t in ph.slots.get("diameter", []) if t.percent and t.delta]
    if len(toks) == 1:
        return 1 + toks[0].delta * toks[0].values[-1] / 100
    words = {t.text for t in ph.toks}
    scale = ph.slots.get("scale", [])
    sign = -1 if words & _SHRINK else 1 if words & _GROW else 0
    if len(scale) == 1 and sign and "percent" in words:
        return 1 + sign * scale[0].values[-1] / 100
    return None


def check_compared(ph: Phrase) -> None:
    """"bigger" / "larger" / "smaller" name no size and are read as the diameter; with another size named ("make the
    radius 10 mm bigger" grew the diameter by 10, "make the bolt circle 10 mm bigger" the disc) it is that size
    the words change, which the edit does not read: refused, naming the size."""
    compared = [t for t in ph.slots.get("diameter", []) if t.delta]
    generic = any(t.concept in ("cmp:diameter+", "cmp:diameter-") and " " not in t.text for t in ph.toks)
    named = [c.split(":", 1)[1] for c in ph.concepts if c.startswith("dim:")]
    other = [d for d in named if d not in ph.slots and d not in ("diameter", "size") and d not in _NOT_SIZES]
    if compared and generic and other:
        raise reject(f"'{ph.text}': the {other[0]} is said to change, but 'bigger' / 'smaller' is read as a "
                     f"diameter — give the new {other[0]} (e.g. 'make the {other[0]} 30 mm')")
