"""Words of a slot-planner feature phrase checked against the op it made (red team 5).

The slot planner's builders ask for a word family ("face", "mod") and every word of that family then counts as
read, so a second face, an axis word or a shape adjective could vanish: "a hole … from the top face to the front
face" built a plain top hole, "two holes … lengthwise" two holes from the top, "a round window 50 x 30" a
rectangle, "the two front vertical edges" every vertical edge. Each check refuses the difference.
"""

from __future__ import annotations

import re
from typing import Any

from ai_designer.planning.context import reject
from ai_designer.planning.phrases import Phrase

__all__ = ["check_feature_words", "check_run_way"]

_OPPOSITE = {"top": "bottom", "bottom": "top", "front": "back", "back": "front", "left": "right", "right": "left"}
_AXIS_FACES = {"mod:along_x": ("left", "right"), "mod:along_y": ("front", "back"), "mod:along_z": ("top", "bottom")}
_CUTS = ("hole", "pocket")


def check_feature_words(ph: Phrase, op: Any) -> None:
    """Refuse a face pair, an axis, a shape word or an edge qualifier the built feature does not have."""
    kind = getattr(op, "op", "")
    if kind in _CUTS:
        _spacing(ph, op)
        _second_count(ph)
        _faces(ph, op)
        _axis(ph, op)
        _outline(ph, op)
    if kind == "boss":
        _outline(ph, op)
    if kind in ("fillet", "chamfer"):
        _edge_face(ph, op)


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve")


_EDGE_GAP = re.compile(r"\b(edge to edge|inner edges?|inside edges?|outer edges?|outside edges?|between (?:the|their) "
                       r"edges|clear between)\b")


def _spacing(ph: Phrase, op: Any) -> None:
    """"two holes 20 mm from each end, 10 mm apart": the spacing read must be the one the positions have; "50 apart
    edge to edge" is measured between the holes' edges (it was built between their centres)."""
    said = [t.values[0] for t in ph.toks if t.slot == "spacing" and t.values]
    gap = _EDGE_GAP.search(" ".join(t.text.lower() for t in ph.toks))
    if said and gap:
        raise reject(f"'{ph.text}': '{said[0]:g} apart {gap.group(0)}' is a gap between the {_name(op)}s' edges; the "
                     "offline planner places them by their centres (say the centre distance, or 'with a "
                     f"{said[0]:g} mm gap between them')")
    at = getattr(op, "at", None)
    if getattr(at, "kind", "") != "points":  # grids, rows and circles carry their own pitch
        return
    points = at.resolve() if at is not None and hasattr(at, "resolve") else None
    if not said or not points or len(points) < 2:
        return
    gaps = {round(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5, 6) for a, b in zip(points, points[1:], strict=False)}
    if any(abs(g - said[0]) > 1e-6 for g in gaps):
        raise reject(f"'{ph.text}': the spacing said ({said[0]:g}) is not the one the other sizes give")


def _second_count(ph: Phrase) -> None:
    """"two holes … 20 mm from each end and one in the middle": a second count names more features than built."""
    counts = [a.text.lower() for a, b in zip(ph.toks[1:], ph.toks[2:], strict=False)
              if a.text.lower() in _NUMBER_WORDS and b.concept == "pos:center"]  # "… and one in the middle"
    if counts and ph.count is not None:
        counts.insert(0, str(ph.count))
        raise reject(f"'{ph.text}' gives two counts ({', '.join(counts)}): describe each group of features in its "
                     "own phrase")


def _faces(ph: Phrase, op: Any) -> None:
    """"from the top face to the front face": two faces said as the ends of one hole."""
    texts = [t.text.lower() for t in ph.toks]
    if "from" not in texts or "to" not in texts[texts.index("from"):]:
        return
    span = ph.toks[texts.index("from"):]
    faces = list(dict.fromkeys(str(t.concept).split(":", 1)[1] for t in span
                               if (t.concept or "").startswith("face:") and t.text.lower().endswith(" face")))
    if len(faces) == 2 and _OPPOSITE.get(faces[0]) != faces[1]:
        raise reject(f"'{ph.text}' names two faces that are not opposite ({faces[0]}, {faces[1]}): a straight "
                     f"{_name(op)} goes in one face and out the opposite one")
    if len(faces) == 2 and getattr(op, "face", None) not in faces:
        raise reject(f"'{ph.text}': the {_name(op)} was not put on the faces said")


_DRILL_WAY = re.compile(r"\b(lengthwise|longitudinal(?:ly)?|end to end|(?:the )?long way)\b")


def _axis(ph: Phrase, op: Any) -> None:
    """One hole said to run along an axis ("lengthwise"); rows, slots and grooves use the words for their direction.
    Several holes drilled from the top with "lengthwise" ("two 10 mm holes going all the way through it lengthwise")
    were a row along the length: the words may as well say which way each hole runs, so that is refused."""
    at = getattr(op, "at", None)
    if getattr(op, "op", "") == "hole" and getattr(op, "face", "top") in ("top", "bottom") and at is not None \
            and len(at.resolve()) > 1 and ph.mentions("mod:through"):
        way = _DRILL_WAY.search(" ".join(t.text.lower() for t in ph.toks))
        if way:
            raise reject(f"'{way.group(0)}' in '{ph.text}': do the holes run {way.group(0)}, or stand in a row along "
                         "the length? (say e.g. 'two holes through from end to end, 10 mm apart', or 'two holes "
                         "from the top, in a row along the length')")
    if getattr(op, "op", "") != "hole" or getattr(at, "kind", "") != "points" or len(getattr(at, "points", [])) != 1:
        return
    face = getattr(op, "face", None)
    for t in ph.toks:
        faces = _AXIS_FACES.get(t.concept or "")
        if faces is not None and face is not None and face not in faces:
            raise reject(f"'{t.text}' in '{ph.text}': the {_name(op)} was built from the {face} face, not along "
                         "that axis (say e.g. 'through from the left end to the right end')")


_CORNERED = ("square", "hex", "hexagonal", "rectangular", "triangular", "octagonal", "pentagonal")


def _outline(ph: Phrase, op: Any) -> None:
    shape = getattr(getattr(op, "profile", None), "shape", None)
    words = [w for t in ph.toks for w in t.text.lower().split()]  # "square pocket" is one token
    if shape == "circle" and any(w in _CORNERED for w in words):  # "a 24 mm square post" was built round
        raise reject(f"'{ph.text}': a {next(w for w in words if w in _CORNERED)} word for a round {_name(op)} (give "
                     "its sides, e.g. 'a 24 x 24 post', or its size across flats)")
    if shape == "rectangle" and any(w in ("round", "circular", "oval") for w in words):
        raise reject(f"'{ph.text}': a round word for a rectangular {_name(op)} (give a diameter for a round one)")
    profile: Any = getattr(op, "profile", None)
    if shape == "rectangle" and "square" in words and abs(profile.length - profile.width) > 1e-9:
        raise reject(f"'{ph.text}': a square {_name(op)} of {profile.length:g} x {profile.width:g}")


def _edge_face(ph: Phrase, op: Any) -> None:
    """"the two front vertical edges": a face before an edge group narrows it; the plan's groups do not."""
    for a, b in zip(ph.toks, ph.toks[1:], strict=False):
        face = (a.concept or "").split(":", 1)[-1]
        if (a.concept or "").startswith("face:") and (b.concept or "").startswith("edge:") \
                and face not in str(getattr(op, "edges", "")):
            raise reject(f"'{a.text} {b.text}' in '{ph.text}': the offline planner rounds or chamfers whole edge "
                         "groups (all, top, bottom, vertical), not the ones on one face")
    count = ph.count
    if count is not None and any(t.text.lower().endswith("edges") for t in ph.toks):
        group = str(getattr(op, "edges", ""))
        if {"top": 4, "bottom": 4, "vertical": 4, "all": 12}.get(group, count) != count:
            raise reject(f"'{count} edges' in '{ph.text}': say which group of edges (all, top, bottom, vertical)")


def _name(op: Any) -> str:
    return str(getattr(op, "op", "feature"))


_LONG_RUN = re.compile(r"\b(lengthwise|longitudinal(?:ly)?|(?:the )?long way|along (?:the|its) length|"
                       r"along the long (?:side|edge)s?|(?:the )?full length|end to end)\b")
_SHORT_RUN = re.compile(r"\b(crosswise|transverse(?:ly)?|(?:the )?short(?:er)? way|along the short(?:er)? (?:side|edge)s?|"
                        r"across (?:the|its) (?:part|plate|bar|block|piece|strip|width)|across (?:it|them)|widthwise)\b")


_ACROSS_ANY = re.compile(r"across (?:it|them|(?:the|its) width)|widthwise")


def check_run_way(ph: Phrase, op: Any, face_size: tuple[float, float], round_face: bool = False) -> None:
    """"a groove along the length" of a 30 x 150 bar, "a slot running the short way": the lexicon files these words
    under X or Y (or not at all), which is the part's long or short side only when its first size is the longest;
    the cut built must run the way the words say, measured on the face it is in (a round face: any way)."""
    if getattr(op, "op", "") not in ("pocket", "boss") or getattr(getattr(op, "at", None), "kind", "") != "points":
        return
    text = " ".join(t.text.lower() for t in ph.toks)
    long_, short = _LONG_RUN.search(text), _SHORT_RUN.search(text)
    if not (long_ or short):
        return
    said = (long_ or short).group(0)  # type: ignore[union-attr]
    if long_ and short:
        raise reject(f"'{long_.group(0)}' and '{short.group(0)}' in '{ph.text}' say two ways for one cut")
    su, sv = face_size
    if abs(su - sv) <= 1e-9 * max(su, sv):
        if round_face:  # "a slot across the top" of a cylinder: every way across a round face is alike
            return
        if _ACROSS_ANY.fullmatch(said):  # "a groove across it" of a square face: either way is the same part
            return
        raise reject(f"'{said}' in '{ph.text}': the face is square, so it has no long or short way (say along X "
                     "or along Y)")
    runs_u = _runs_along_u(op)
    if runs_u is None:
        raise reject(f"'{said}' in '{ph.text}': a round {_name(op)} runs no way")
    want_u = (su > sv) == bool(long_)
    ph.mark("mod:along_x")
    ph.mark("mod:along_y")
    if runs_u != want_u:
        raise reject(f"'{said}' in '{ph.text}': the {_name(op)} was built along the face's "
                     f"{'long' if runs_u == (su > sv) else 'short'} side; say along X or along Y")


def _runs_along_u(op: Any) -> bool | None:
    """Whether the cut's long side lies along the face's first axis (X on the top face); ``None``: no long side."""
    prof: Any = getattr(op, "profile", None)
    shape = getattr(prof, "shape", "")
    turned = abs(float(getattr(op, "angle", 0.0) or 0.0)) % 180 == 90
    if shape == "slot":
        return not turned
    if shape in ("rectangle", "rounded_rectangle"):
        if abs(prof.length - prof.width) <= 1e-9:
            return None
        return (prof.length > prof.width) != turned
    return None
