"""What fillet and chamfer share: their checks before FreeCAD and their volume formula on a plain box.

Loaded only from inside the operations' functions (it builds on ``freecad.plan_checks`` and ``planning.intent``,
which import the plan model, which imports the operation modules).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ai_designer.freecad.plan_checks import ancestors
from ai_designer.ops.feature_support import box_dims
from ai_designer.ops.registry import block_like
from ai_designer.planning.intent import Est

__all__ = ["edge_problems", "edge_estimate"]

_TOP = ("top", "bottom", "top_outer", "bottom_outer", "face:top", "face:bottom")


def _too_big(op: Any, size: float, what: str, size_of: tuple[float, float, float], full_round: bool,
             hint: str) -> str | None:
    """A message when ``size`` reaches half of a side the selected edges share (or a whole side face), else None.
    ``full_round``: the size is exactly the one the generator builds as a full round."""
    lx, ly, lz = size_of
    wide = min(lx, ly)
    limits = []  # (largest allowed size, why)
    if op.edges in ("vertical", *_TOP):
        limits.append((wide / 2, f"the part is {wide:g} mm wide, so the rounds on opposite edges would meet"))
    if op.edges in _TOP:
        limits.append((lz, f"the part is only {lz:g} mm thick, so it would eat the whole side face"))
    if op.edges not in ("vertical", *_TOP):
        small = min(lx, ly, lz)
        limits.append((small / 2, f"the part's smallest side is {small:g} mm, so rounds from two sides would meet"))
    for limit, why in limits:
        if size >= limit - 1e-9 and not full_round:
            return (f"{op.op} {op.id!r}: {what} {size:g} mm is too big for the {op.edges!r} edges of {op.target!r}: "
                    f"{why}. Use less than {limit:g} mm.{hint}")
    return None


def edge_problems(op: Any, plan: Any, extents: dict[str, Any], size: float, what: str, *,
                  full_round_ok: bool = False, hint: str = "") -> list[str]:
    """``created_by`` naming an operation the target was not built from; on block-like parts a size that reaches
    half the width or thickness (except the exact full round when ``full_round_ok``)."""
    out = []
    if op.created_by and op.created_by not in ancestors(plan, op.target):
        out.append(f"{op.op} {op.id!r}: created_by {op.created_by!r} is not part of {op.target!r}, so none of its "
                   f"edges can be there; name an operation that {op.target!r} was built from")
    ext = extents.get(op.target)
    if ext is not None and ext.exact and block_like(plan, op.target) and op.created_by is None and op.at_z is None:
        full_round = full_round_ok and op.edges == "vertical" and abs(2 * size - min(ext.size[0], ext.size[1])) < 1e-6
        problem = _too_big(op, size, what, ext.size, full_round, hint)
        if problem:
            out.append(problem)
    return out


def edge_estimate(op: Any, known: dict[str, Any], plan: Any, shave: float, all_edges: Any = None) -> Est:
    """The target with its ``vertical`` edges shaved by ``shave`` mm² each along a plain box's height; ``all_edges``
    (box sizes -> volume) where every edge of an unmodified box is known by formula. Other selections leave the volume
    unchecked."""
    t = known[op.target]
    box = box_dims(plan, op.target)
    vol = None
    if box is not None and t.volume is not None and op.at_z is None:
        L, W, H = box
        if op.edges == "vertical":
            vol = t.volume - shave * H
        elif op.edges == "all" and all_edges is not None and abs(t.volume - L * W * H) < 1e-6:
            vol = all_edges(L, W, H)
    return replace(t, volume=vol, prismatic=False)
