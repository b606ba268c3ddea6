"""The centre of a part whose footprint is an odd regular polygon: the polygon's centre, not its box's middle.

A pentagon, a triangle or a heptagon is drawn with a corner on +X and a flat on -X, so the middle of its box is
``R (1 - cos(180°/n)) / 2`` towards the corner from the polygon's centre. "A hole in the centre" of a pentagonal prism
went through the box's middle (2.36 mm off for a 40 mm pentagon); only "the centre of the pentagon" after a sketch
and an extrusion was put right (compose_shapes). Here every location term that means the middle — "centre",
an offset "30 mm along X" from the middle, an axis left unplaced — takes the polygon's centre on X and Y, wherever
the part so far has that polygon's footprint (a boss on top or a hole in it does not change that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ai_designer.ops.extrude import Extrude
from ai_designer.ops.prism import Prism
from ai_designer.planning.refusals import reject
from ai_designer.schemas.profiles import Points, RegularPolygon

if TYPE_CHECKING:
    from ai_designer.planning.circle_places import Face, Placed
    from ai_designer.planning.context import Ctx
    from ai_designer.planning.phrases import Phrase

__all__ = ["face_offset", "on_polygon", "polygon_centre", "shifted"]

_EPS = 1e-6

Centre = tuple[float | None, float | None, float | None]


def _odd_polygon(op: Any) -> bool:
    """A prism or an extruded regular polygon with an odd number of sides, standing on Z (turned about Z at most:
    its centre stays the placement's point)."""
    rotate = getattr(getattr(op, "placement", None), "rotate", (1.0, 1.0, 1.0))
    if rotate[0] or rotate[1]:
        return False
    if isinstance(op, Prism):
        return op.sides % 2 == 1
    return isinstance(op, Extrude) and isinstance(op.profile, RegularPolygon) and op.profile.sides % 2 == 1


def polygon_centre(ops: Sequence[Any], lo: Sequence[float], hi: Sequence[float]) -> Centre:
    """(x, y, None) of the odd regular polygon whose box is the part's box on X and Y; ``(None, None, None)`` when
    there is none (the middle of the box is the centre)."""
    from ai_designer.ops.registry import spec

    for op in ops:
        if not _odd_polygon(op):
            continue
        est = spec(op.op).estimate(op, {}, None)
        if all(abs(est.lo[k] - lo[k]) < _EPS and abs(est.hi[k] - hi[k]) < _EPS for k in (0, 1)):
            return op.placement.at[0], op.placement.at[1], None
    return None, None, None


_FACE_UV = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}


def face_offset(ops: Sequence[Any], lo: Sequence[float], hi: Sequence[float], face: str) -> tuple[float, float]:
    """Where the part's own centre is on ``face``, from the face's middle (``(0, 0)`` unless the footprint is an odd
    regular polygon): the slot planner's positions are offsets from the face's middle."""
    centre = polygon_centre(ops, lo, hi)
    u, v = ((0.0 if c is None else c - (lo[a] + hi[a]) / 2) for a in _FACE_UV[face] for c in (centre[a],))
    return u, v


def shifted(at: Any, du: float, dv: float) -> Any:
    """Positions ``at`` moved by ``(du, dv)`` (a pattern's centre, or each point)."""
    if not (du or dv):
        return at
    if isinstance(at, Points):
        return Points(points=[(u + du, v + dv) for u, v in at.points])
    return at.model_copy(update={"center": (at.center[0] + du, at.center[1] + dv)})


def on_polygon(ctx: Ctx, ph: Phrase, f: Face, fuv: tuple[float | None, float | None], cuv: tuple[float, float],
                target: Any, single: Callable[..., Placed]) -> Placed:
    """One feature on the face of an odd regular polygon (a pentagon, a triangle): centred on the polygon's centre,
    at model coordinates, or measured from a named edge of its box; corners, ends, rows and grids of such a face are
    not placed offline (its box's corners are off the polygon)."""
    from ai_designer.planning.circle_places import count_of

    if (count_of(ph, 1) or 1) > 1 or ph.slots.get("grid") or ph.has("pos:grid") or ph.has("pos:corners"):
        raise reject(f"'{ph.text}': several {f.what}s on a {f.name} face that is an odd polygon are placed offline only "
                     "on a circle round its centre (say e.g. 'on a 30 mm PCD')")
    x, y = ctx.slot(ph, "xpos"), ctx.slot(ph, "ypos")
    if (x is not None or y is not None) and f.name in ("top", "bottom"):
        u, v = (x or 0.0) - (target.lo[0] + target.hi[0]) / 2, (y or 0.0) - (target.lo[1] + target.hi[1]) / 2
        ctx.assume(f"{f.what} at x={x or 0.0:g}, y={y or 0.0:g} from the polygon's centre (model origin)")
        return Points(points=[(u, v)]), 1
    at, n = single(ctx, ph, f, fuv[0], fuv[1])
    (u, v), = at.resolve()
    return Points(points=[(u + (cuv[0] if fuv[0] is None else 0.0), v + (cuv[1] if fuv[1] is None else 0.0))]), n
