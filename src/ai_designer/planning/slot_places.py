"""Counts and places the slot planner's feature builders can get wrong, caught after each feature is built.

The builders place a feature from the slots they know; a word that says how many, or where, in a way they do not
model used to leave a plain, validated, wrong part: "a pair of grooves" built one groove, "6 mm holes 10 mm from
the long edges" one hole, "a 6 mm hole in the corner" four corner holes, "a hole 20 mm from the edge" a centred
hole, "two counterbored holes in the center" a row spread to the ends, "one edge chamfered" every edge, "a slot at
45 degrees" a straight slot. Each check compares what the phrase says with what the builder made and refuses the
difference (the grammar path declares what its actions read and does not need them).
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.phrases import Phrase

__all__ = ["check_places"]

_PLACE_SLOTS = ("from_", "to_", "inset")
_ONE_WORDS = {"one", "single", "a", "an"}
_PLAN_VIEW = {"horizontal", "horizontally", "vertical", "vertically"}


def check_places(ctx: Ctx, ph: Phrase, op: Any) -> None:
    """All checks of this module for one built feature phrase."""
    at = getattr(op, "at", None)
    points = at.resolve() if at is not None and hasattr(at, "resolve") else None
    _count(ph, points)
    _corner(ph, points)
    _placed_at_centre(ctx, ph, op, points)
    _centre_row(ctx, ph, points)
    _plan_view(ph, op)
    _one_edge(ph)
    _angle(ph, op)
    _another(ph)
    _side_pair(ph, at)
    if op.op == "shell" and ph.count is not None and ph.count != len(getattr(op, "open_faces", []) or []):
        raise reject(f"'{ph.text}': {ph.count} open faces, but the offline planner could name "
                     f"{len(op.open_faces or [])} (name each face: 'open at the top and the front')")


def _side_pair(ph: Phrase, at: Any) -> None:
    """"four holes 10 mm in from the long edges" (how many on each, where along them?): a distance from both edges
    of a pair places features only as corners or one at each end (one edge of a symmetric part is either one)."""
    sides = [n for n in ("from_long", "from_short") if ph.slots.get(n)]
    plural = [t.text for t in ph.toks if (t.concept or "").startswith("side:") and t.text.endswith("s")]
    if not sides or not plural or type(at).__name__ == "GridPattern" or ph.mentions("mod:each"):
        return
    words = plural[0]
    raise reject(f"'{words}' in '{ph.text}' does not say which of the two edges, or where along it (say e.g. '10 mm "
                 "from the front edge', or '10 mm from the long edges and 15 mm from the short edges')")


def _another(ph: Phrase) -> None:
    """"a 10 mm hole and another 30 mm to the right": "another" after the noun is a second feature, which the
    merged phrase would only move."""
    idx = next((i for i, t in enumerate(ph.toks) if t is ph.head_tok), None)
    if idx is not None and any(t.text in ("another", "second") for t in ph.toks[idx + 1:]):
        raise reject(f"'{ph.text}': say the second {_noun(ph)} with its own size (e.g. 'and another 10 mm hole 30 mm "
                     "to the right')")


def _noun(ph: Phrase) -> str:
    return ph.head_tok.text if ph.head_tok is not None else "feature"


def _count(ph: Phrase, points: list[tuple[float, float]] | None) -> None:
    """"a pair of grooves" (one built), "two rows of holes" (the count is the rows'), "holes" with one built."""
    noun = ph.head_tok.text if ph.head_tok is not None else "feature"
    toks = ph.toks
    for i, t in enumerate(toks[:-2]):
        if t.kind == "qty" and t.is_int and toks[i + 1].kind == "word" and toks[i + 2].text == "of" \
                and toks[i + 1].concept not in ("dim:diameter", "dim:radius") and not _is_head(toks[i + 1]):
            raise reject(f"'{t.text} {toks[i + 1].text} of' in '{ph.text}': the offline planner counts features, not "
                         f"{toks[i + 1].text} (say how many {noun} and where each goes)")
    for a, b in zip(toks, toks[1:], strict=False):
        if a.kind == "qty" and a.is_int and b.text in ("faces", "sides", "walls") and a.text not in ("1", "one"):
            raise reject(f"'{a.text} {b.text}' in '{ph.text}': say which {b.text} (e.g. 'open at the top and the "
                         "front')")
    if points is None or len(points) != 1:
        return
    if (ph.count or 1) > 1:
        raise reject(f"'{ph.text}' asks for {ph.count} {noun}, but the offline planner could place only one (say "
                     "where each goes, e.g. '2 holes 40 mm apart' or 'one 20 mm from each end')")
    written = any(t is ph.head_tok for t in ph.toks)  # "Ø.25 THRU": the extractor supplies the noun "holes"
    plural = written and noun.endswith("s") and not noun.endswith(("ss", "us")) and ph.count is None \
        and not (ph.mentions("mod:each_face") or ph.mentions("mod:each"))  # "holes through all faces": one a face
    if plural and ph.head in ("feat:hole", "feat:slot", "feat:pocket", "feat:boss"):
        raise reject(f"'{ph.text}' asks for {noun} but says neither how many nor where each goes (say e.g. 'four "
                     f"6 mm holes 10 mm from the long edges and 15 mm from the short edges')")


def _is_head(t: Any) -> bool:
    return (t.concept or "").startswith(("feat:", "shape:"))


def _corner(ph: Phrase, points: list[tuple[float, float]] | None) -> None:
    """"a 6 mm hole in the corner" built at all four corners: which corner is not said."""
    if points is None or len(points) != 4 or ph.count is not None:
        return
    corners = [t for t in ph.toks if t.concept == "pos:corners"]
    singular = all(not t.text.endswith("s") and not {"each", "every", "all", "four"} & set(t.text.split())
                   for t in corners)
    if corners and singular and not ph.mentions("mod:each") \
            and not (ph.head_tok is not None and ph.head_tok.text.endswith("s")):
        raise reject(f"'{ph.text}': one corner is named but not which (say e.g. 'in the front left corner, 10 mm "
                     "from both edges', or 'four holes, one in each corner')")


def _placed_at_centre(ctx: Ctx, ph: Phrase, op: Any, points: list[tuple[float, float]] | None) -> None:
    """"a hole 20 mm from the edge": a distance was read, yet the feature sits in the middle of its face."""
    if points is None or len(points) != 1 or any(abs(c) > 1e-6 for c in points[0]):
        return
    face = getattr(op, "face", None) or "top"
    try:
        su, sv = ctx.est(getattr(op, "target", None) or None).face_size(face)
    except Exception:  # noqa: BLE001 - no estimate: nothing to compare with
        return
    for name, toks in ph.slots.items():
        if not name.startswith(_PLACE_SLOTS):
            continue
        for tok in toks:
            d = ctx.mm(tok)[-1]
            if name.startswith("to_") or name == "from_center" or all(abs(d - s / 2) > 1e-6 for s in (su, sv)):
                raise reject(f"'{tok.text}' in '{ph.text}' gives a distance, but the offline planner could not tell "
                             "from which edge (say e.g. '20 mm from the left edge and 15 mm from the front edge')")


def _centre_row(ctx: Ctx, ph: Phrase, points: list[tuple[float, float]] | None) -> None:
    """"two counterbored holes in the center": a row spread to the ends is not in the centre."""
    if any((t.concept or "").startswith("edit:") for t in ph.toks):
        return  # "closer to the centre": an edit word, refused by the accounting with its own message
    spread = any(a.startswith(f"{len(points or [])} ") and "spread to" in a for a in ctx.assumptions)
    if points is not None and len(points) > 1 and spread and ph.mentions("pos:center"):
        raise reject(f"'{ph.text}' puts {len(points)} features in the centre: say how far apart they are (e.g. "
                     "'two holes 40 mm apart, centred')")


def _plan_view(ph: Phrase, op: Any) -> None:
    """"horizontally": X or Y? (a hole or slot on a part lying flat runs horizontally either way); "vertically" says
    up only for a hole into the top or bottom."""
    words = {t.text for t in ph.toks} & _PLAN_VIEW
    hole_down = op.op == "hole" and (getattr(op, "face", None) or "top") in ("top", "bottom")
    if words and not (hole_down and words <= {"vertical", "vertically"}):
        word = sorted(words)[0]
        raise reject(f"'{word}' in '{ph.text}' does not say which axis (say 'along X', 'along Y' or 'along the "
                     "length')")


def _one_edge(ph: Phrase) -> None:
    """"one edge chamfered", "a single top edge rounded": the plan rounds edge groups, not one edge."""
    if ph.head not in ("feat:fillet", "feat:chamfer"):
        return
    toks = [t for t in ph.toks if t.concept != "filler" or t.text in _ONE_WORDS]
    for i, t in enumerate(toks):
        if not (t.text == "edge" or t.text.endswith(" edge")):
            continue  # "edge", "top edge"
        k = i - 1
        while k >= 0 and (toks[k].concept or "").startswith(("face:", "side:", "edge:")):
            k -= 1
        if k >= 0 and (toks[k].text in _ONE_WORDS or (toks[k].kind == "qty" and toks[k].text in ("1", "one"))):
            raise reject(f"'{ph.text}': a single edge cannot be selected offline (the offline planner rounds or "
                         "chamfers edge groups: all edges, the top or bottom edges, the vertical edges)")


def _angle(ph: Phrase, op: Any) -> None:
    """"a slot at 45 degrees": an angle no builder used (bolt circles, countersinks and gears read theirs)."""
    angles = [t for t in ph.toks if t.kind == "qty" and t.unit == "angle" and len(t.values) == 1
              and t.slot not in ("clock",)]
    if not angles or type(getattr(op, "at", None)).__name__ == "PolarPattern":
        return
    if op.op in ("chamfer",) or getattr(op, "kind", None) == "countersink" or getattr(op, "angle", None):
        return
    raise reject(f"'{angles[0].text}' in '{ph.text}': the offline planner does not turn this feature by an angle")
