"""Edits of where patterned features sit and how many there are: "make the holes 2 mm further from the edge",
"I need the holes 2 mm further in", "move the holes 5 mm closer to the centre", "put the holes 10 mm from the edges",
"make the bolt circle 90 mm", "space the holes 40 mm apart", "use 8 bolt holes instead of 6", "add two more holes".

Each reading is applied only where it has one meaning: holes at the corners (a grid centred on a centred box) move
along both axes (or the axis a "long / short edge" names), a bolt circle grows or shrinks about its centre, a row's
pitch changes about its middle. A single hole "further from the edge", a 2-D grid "spaced 30 apart", or "two more
holes" in a row or a grid have no single reading and are refused, saying why — never applied to another size (the
first design read "2 mm further from the edge" as a 2 mm hole).
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.context import Ctx, reject
from ai_designer.planning.lexer import Tok
from ai_designer.planning.phrases import Phrase
from ai_designer.schemas.task_graph import (
    Box,
    Cylinder,
    GridPattern,
    LinearPattern,
    Operation,
    PolarPattern,
    Tube,
)

__all__ = ["is_pattern_edit", "pattern_edit"]

_INWARD_WORDS = {"in", "inward", "inwards", "inboard"}
_OUTWARD_WORDS = {"out", "outward", "outwards", "outboard"}


def is_pattern_edit(ph: Phrase) -> bool:
    """The phrase changes where a pattern's features sit, its bolt circle, its pitch or its count."""
    edits = set(ph.family("edit"))
    if "bring" in edits:
        edits.add("move")
    words = {t.text for t in ph.toks}
    if "move" in edits and set(ph.family("face")) & {"left", "right", "front", "back"}:
        return False  # "move the slot 15 mm towards the right end": a move in a direction
    if "move" in edits and words & (_INWARD_WORDS | _OUTWARD_WORDS):  # "shift the holes 4 mm inwards"
        return True
    if ph.has("edit:number") and (ph.has("mod:twice") or ph.has("mod:half")):  # "double the number of holes"
        return True
    if ph.has("pos:square") and (ph.slots.get("square") or ph.free):  # "change the bolt square to 60 mm"
        return True
    return bool(edits & {"away", "toward", "more"}) or any(ph.slots.get(s) for s in ("pcd", "pcd_radius", "spacing")) \
        or ("inset" in ph.slots and "move" not in edits) \
        or (ph.count is not None and bool(ph.head or ph.feat_refs) and "add" not in edits and not ph.slots
            and not any(t.unit for t in ph.free))  # "make the 4 holes 8 mm" names them, it does not count them


def pattern_edit(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    """Apply the phrase to the patterned features at ``targets`` (indexes into ``ctx.ops``)."""
    edits = set(ph.family("edit"))
    if not targets:
        raise reject(f"the design has no patterned features for '{ph.text}' to change")
    placed = bool(ph.slots.get("pcd") or ph.slots.get("pcd_radius") or ph.slots.get("spacing") or ph.has("pos:square"))
    pats: list[Any] = [getattr(ctx.ops[i], "at", None) for i in targets]
    now = sum(len(at.resolve()) for at in pats if at is not None)
    if placed and ph.count is not None and ph.count != now:  # "make it 3 holes, 30 apart" kept two holes
        raise reject(f"'{ph.text}': a new number of features and a new spacing in one edit is not offered offline "
                     "(change one, then the other)")
    if ph.slots.get("pcd") or ph.slots.get("pcd_radius"):
        return _circle(ctx, ph, targets, notes)
    if ph.slots.get("spacing"):
        return _pitch(ctx, ph, targets, notes)
    if ph.has("pos:square"):
        return _square(ctx, ph, targets, notes)
    if ph.count is not None or "more" in edits or ph.has("mod:twice") or ph.has("mod:half"):
        return _count(ctx, ph, targets, notes)
    return _distance(ctx, ph, targets, notes)


def _polar(ctx: Ctx, targets: list[int], what: str) -> list[int]:
    found = [i for i in targets if isinstance(getattr(ctx.ops[i], "at", None), PolarPattern)]
    if not found:
        raise reject(f"the design has no features on a circle to {what}")
    return found


def _update_at(ctx: Ctx, i: int, notes: list[str], **changes: float | int) -> None:
    op = ctx.ops[i]
    at = op.at.model_copy(update=changes)  # type: ignore[union-attr]
    ctx.ops[i] = op.model_copy(update={"at": at})
    _check_inside(ctx, ctx.ops[i])
    notes.append(f"{op.id}: " + ", ".join(f"{k} -> {v:g}" for k, v in changes.items()))


def _circle(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    """"make the bolt circle 90 mm", "change the PCD to 100"."""
    d = ctx.slot(ph, "pcd")
    if d is None:
        r = ctx.slot(ph, "pcd_radius")
        d = None if r is None else 2 * r
    assert d is not None
    for i in _polar(ctx, targets, "put on another circle"):
        _update_at(ctx, i, notes, diameter=d)
    return True


def _pitch(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    """"space the holes 40 mm apart": a row's pitch about its middle; a grid with one row or column likewise."""
    pitch = ctx.slot(ph, "spacing")
    assert pitch is not None
    changed = 0
    for i in targets:
        at = getattr(ctx.ops[i], "at", None)
        if isinstance(at, LinearPattern) and at.start is None:
            _update_at(ctx, i, notes, spacing=pitch)
        elif isinstance(at, GridPattern) and (at.count_x == 1) != (at.count_y == 1):
            _update_at(ctx, i, notes, **{"spacing_x" if at.count_x > 1 else "spacing_y": pitch})
        elif isinstance(at, GridPattern):
            raise reject(f"'{ph.text}': the features are in a {at.count_x} x {at.count_y} grid — say which way "
                         "(e.g. '40 mm apart along the length')")
        else:
            continue
        changed += 1
    if not changed:
        raise reject(f"'{ph.text}': the design has no row of features whose pitch could change")
    return True


def _square(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    """"change the bolt square to 60 mm": four features on a square get the new side, about the same centre."""
    toks = [*ph.slots.get("square", []), *ph.free]
    if len(toks) != 1 or len(toks[0].values) != 1:
        raise reject(f"'{ph.text}': say the side of the square once, e.g. 'change the bolt square to 60 mm'")
    side = ctx.mm(toks[0])[-1]
    squares = [i for i in targets if isinstance(getattr(ctx.ops[i], "at", None), GridPattern)
               and ctx.ops[i].at.count_x == ctx.ops[i].at.count_y == 2]  # type: ignore[union-attr]
    if not squares:
        raise reject(f"'{ph.text}': the design has no four features on a square")
    for i in squares:
        _update_at(ctx, i, notes, spacing_x=side, spacing_y=side)
    return True


def _old_count(ctx: Ctx, ph: Phrase, old: int) -> None:
    """"8 holes instead of 6": the number after "instead of" must be what the design has."""
    for t in ph.free:
        if t.is_int and int(t.values[0]) == old:
            ctx.used.add(id(t))
        else:
            raise reject(f"did not understand what '{t.text}' refers to in '{ph.text}' (the design has {old})")


def _count(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    """"use 8 bolt holes instead of 6", "add two more holes": only on a full bolt circle (stays equally spaced)."""
    more = "more" in ph.family("edit")
    found = [i for i in targets if getattr(ctx.ops[i], "at", None) is not None]
    circles = [i for i in found if isinstance(ctx.ops[i].at, PolarPattern)]  # type: ignore[union-attr]
    if not circles or len(circles) < len(found):
        raise reject(f"'{ph.text}': where the new features go is only clear on a bolt circle (equally spaced) — "
                     "describe their positions")
    for i in circles:
        at = ctx.ops[i].at  # type: ignore[union-attr]
        assert isinstance(at, PolarPattern)
        if at.sweep < 360:
            raise reject(f"'{ph.text}': the features are on an arc, not a full circle — describe the positions")
        n = at.count + (ph.count or 1) if more else ph.count
        if n is None:  # "double / halve the number of holes"
            n = at.count * 2 if ph.has("mod:twice") else at.count // 2 if at.count % 2 == 0 else None
        if n is None:
            raise reject(f"'{ph.text}': half of {at.count} features is not a whole number")
        assert n is not None
        _old_count(ctx, ph, at.count)
        if not 1 <= n <= 500:
            raise PlanError(f"{n} features on a circle is not usable")
        ctx.assume(f"{ctx.ops[i].id}: {n} equally spaced on the {at.diameter:g} mm circle")
        _update_at(ctx, i, notes, count=n)
    return True


def _length(ctx: Ctx, ph: Phrase) -> tuple[Tok, float]:
    toks = [*ph.slots.get("inset", []), *ph.free]
    if len(toks) != 1:
        raise reject(f"'{ph.text}': say by how much, e.g. '2 mm further from the edge'")
    return toks[0], ctx.mm(toks[0])[-1]


def _direction(ph: Phrase) -> tuple[str, int]:
    """("edge" | "centre" | "", +1 inward / -1 outward / 0 absolute) from the words of the phrase."""
    edits = set(ph.family("edit")) | ({"move"} if ph.has("edit:bring") else set())
    words = {t.text for t in ph.toks}
    centre = ph.has("pos:center")
    edge = ph.has("dim:inset") or ph.has("edge") or ph.has("side")
    sense = 0
    if "away" in edits:
        sense = -1 if centre or words & _OUTWARD_WORDS else 1
    elif "toward" in edits:
        sense = 1 if centre else -1
    elif words & _INWARD_WORDS and "move" in edits:
        sense = 1
    elif words & _OUTWARD_WORDS and "move" in edits:
        sense = -1
    if sense and not (centre or edge or words & (_INWARD_WORDS | _OUTWARD_WORDS)):
        raise reject(f"'{ph.text}': further from / closer to what? (e.g. 'the edges', 'the centre')")
    return ("centre" if centre else "edge"), sense


def _distance(ctx: Ctx, ph: Phrase, targets: list[int], notes: list[str]) -> bool:
    ref, sense = _direction(ph)
    if "inset" in ph.slots and not ph.free:  # "closer to the corners, 4 mm from each edge": the new distance
        sense = 0
    if sense == 0 and (ref != "edge" or "inset" not in ph.slots):
        raise reject(f"did not understand the change '{ph.text}'")
    _, d = _length(ctx, ph)
    base = ctx.ops[0]
    for i in targets:
        at = getattr(ctx.ops[i], "at", None)
        placement = getattr(base, "placement", None)
        if getattr(ctx.ops[i], "face", None) not in ("top", "bottom") or placement is None \
                or not placement.is_identity():
            raise reject(f"'{ph.text}': {ctx.ops[i].id} is not on the top or bottom of the part — give its positions")
        if isinstance(at, GridPattern) and isinstance(base, Box) and at.center == (0.0, 0.0):
            _grid_distance(ctx, ph, i, at, base, d * sense if sense else None, d, notes)
        elif isinstance(at, PolarPattern) and isinstance(base, (Cylinder, Tube)) and at.center == (0.0, 0.0):
            outer = base.diameter if isinstance(base, Cylinder) else base.outer_diameter
            new = at.diameter - 2 * d * sense if sense else outer - 2 * d
            if ref == "centre" and not sense:
                new = 2 * d
            _update_at(ctx, i, notes, diameter=new)
        else:
            raise reject(f"'{ph.text}': {ctx.ops[i].id} is not a corner pattern or a bolt circle, so 'further from "
                         "the edge' has no single meaning — give the new positions")
    return True


def _grid_distance(ctx: Ctx, ph: Phrase, i: int, at: GridPattern, base: Box, inward: float | None, d: float,
                   notes: list[str]) -> None:
    """Corner holes: each axis with more than one column moves in by ``inward`` (or to ``d`` from the edges)."""
    sides = set(ph.family("side"))
    axes = [a for a in ("x", "y") if getattr(at, f"count_{a}") > 1]
    if sides:  # the long edges run along the longer side: distance from them is measured across it
        long_axis = "y" if base.length >= base.width else "x"
        want = {long_axis if s == "long" else ("x" if long_axis == "y" else "y") for s in sides}
        axes = [a for a in axes if a in want]
    if not axes:
        raise reject(f"'{ph.text}': the features are not spread towards those edges")
    size = {"x": base.length, "y": base.width}
    changes = {}
    for a in axes:
        sp = getattr(at, f"spacing_{a}")
        changes[f"spacing_{a}"] = sp - 2 * inward if inward is not None else size[a] - 2 * d
        if changes[f"spacing_{a}"] <= 0:
            raise PlanError(f"'{ph.text}' moves the features past each other")
    _update_at(ctx, i, notes, **changes)


def _check_inside(ctx: Ctx, op: Operation) -> None:
    """A moved pattern must stay on the part: its features' footprint within the base's outline."""
    base = ctx.ops[0]
    if getattr(op, "face", None) not in ("top", "bottom"):
        return  # positions on a side face: the build's own checks apply
    size = getattr(op, "diameter", None) or 0.0
    pts = op.at.resolve() if getattr(op, "at", None) is not None else []  # type: ignore[union-attr]
    if isinstance(base, Box):
        over = [p for p in pts if abs(p[0]) + size / 2 > base.length / 2 or abs(p[1]) + size / 2 > base.width / 2]
    elif isinstance(base, (Cylinder, Tube)):
        outer = base.diameter if isinstance(base, Cylinder) else base.outer_diameter
        over = [p for p in pts if (p[0] ** 2 + p[1] ** 2) ** 0.5 + size / 2 > outer / 2]
    else:
        over = []
    if over:
        raise PlanError(f"{op.id} would run off the part at ({over[0][0]:.4g}, {over[0][1]:.4g}) mm")
    gaps = [((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 for n, a in enumerate(pts) for b in pts[n + 1:]]
    if gaps and min(gaps) <= size:
        raise PlanError(f"{op.id}: {size:g} mm features {min(gaps):.4g} mm apart would run into each other")
