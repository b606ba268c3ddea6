"""The location algebra: a reference on the part so far plus offsets along named axes -> a point in model space.

Every :class:`~ai_designer.planning.sentences.Loc` constrains one or more axes of the new object's centre:
``centre`` (the part's middle on those axes), ``coord`` (``x = 30``: model coordinates, origin at the centre of the
first body's footprint), ``from_face`` (``20 mm from the right end``), ``offset`` (``30 mm along X`` from the middle),
``at_face`` (flush with that face), ``on_top``/``under`` (stacked). Two constraints on one axis are a contradiction
and are refused; an axis nobody constrains is centred and the assumption is recorded.

Distances from a face are measured to the centre of round things (holes, cylinders, spheres), the way drawings
dimension them; for rectangular things (slots, pockets, blocks) the words can mean the centre or the near side, so
the prompt is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Loc

__all__ = ["Frame", "FACE_AXIS", "resolve_axis"]

#: face -> (axis, +1 for the max side / -1 for the min side)
FACE_AXIS = {"left": (0, -1), "right": (0, 1), "front": (1, -1), "back": (1, 1), "bottom": (2, -1), "top": (2, 1)}
_AXIS_NAME = "XYZ"


@dataclass(frozen=True)
class Frame:
    """The part so far (its bounding box) and the size of the object being placed; ``centre``: the part's own
    centre where it is not its box's middle (an odd regular polygon: ``polygon_centres.py``)."""

    lo: tuple[float, float, float]
    hi: tuple[float, float, float]
    size: tuple[float, float, float]
    round_object: bool
    centre: tuple[float | None, float | None, float | None] = (None, None, None)

    def mid(self, axis: int) -> float:
        """The middle of the box (positions on a face are measured from it)."""
        return (self.lo[axis] + self.hi[axis]) / 2

    def middle(self, axis: int) -> float:
        """What "the centre" of the part is along ``axis``."""
        own = self.centre[axis]
        return self.mid(axis) if own is None else own


def _from_face(frame: Frame, loc: Loc, axis: int, notes: list[str], what: str) -> float:
    face_axis, side = FACE_AXIS[loc.face or ""]
    d = float(loc.value or 0.0)
    if not frame.round_object:
        raise ambiguous(f"'{d:g} mm from the {loc.face}' for a {what} can mean its centre or its near side — the "
                     "offline planner does not guess which")
    notes.append(f"{what}: {d:g} mm from the {loc.face} measured to its centre")
    return frame.hi[face_axis] - d if side > 0 else frame.lo[face_axis] + d


def _flush(frame: Frame, loc: Loc, what: str) -> float:
    axis, side = FACE_AXIS[loc.face or ""]
    if what.startswith("hole"):  # flush would leave the hole tangent to that edge: not what "at the back" means
        raise ambiguous(f"'at the {loc.face}' does not say how far from the {loc.face} edge the {what} goes (say e.g. "
                        f"'10 mm from the {loc.face} edge')")
    half = frame.size[axis] / 2
    return frame.hi[axis] - half if side > 0 else frame.lo[axis] + half


def _axes_of(loc: Loc) -> tuple[int, ...]:
    if loc.kind in ("from_face", "at_face"):
        return (FACE_AXIS[loc.face or ""][0],)
    if loc.kind == "centre":
        return loc.axes or (0, 1)
    if loc.kind in ("coord", "offset"):
        return loc.axes
    return ()


def _value(frame: Frame, loc: Loc, axis: int, notes: list[str], what: str) -> float:
    if loc.kind == "centre":
        return frame.middle(axis)
    if loc.kind == "coord":
        return float(loc.value or 0.0)
    if loc.kind == "offset":
        return frame.middle(axis) + float(loc.value or 0.0)
    if loc.kind == "from_face":
        return _from_face(frame, loc, axis, notes, what)
    return _flush(frame, loc, what)


def resolve_axis(frame: Frame, locs: list[Loc], axis: int, notes: list[str], what: str) -> float:
    """Centre coordinate of the object along ``axis`` (0 = X, 1 = Y, 2 = Z)."""
    hits = [loc for loc in locs if axis in _axes_of(loc)]
    explicit = [loc for loc in hits if not (loc.kind == "centre" and not loc.axes)]
    if len(explicit) > 1:
        raise ambiguous(f"the {what} is placed twice along {_AXIS_NAME[axis]} — give one position per axis")
    chosen = explicit or hits
    if not chosen:
        notes.append(f"{what}: centred along {_AXIS_NAME[axis]} (not stated)")
        return frame.middle(axis)
    return _value(frame, chosen[0], axis, notes, what)
