"""``fillet``: round the selected edges of the target (a PartDesign fillet whose radius is a spreadsheet cell).

Schema, FreeCAD compilation, analytic box (the outline stays) and intent estimate, registered together. Edges are
chosen by selector (``edges``), height (``at_z``) and the operation that made them (``created_by``).

A radius of exactly half the width of a block-like part on its vertical edges is a *full round*: OCC cannot fillet
two edges into one face, so it is built directly (the part intersected with a stadium of its own footprint). Larger
radii are refused before FreeCAD (``check``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, block_like, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import EdgeSelector, Positive

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Fillet", "CREATED_BY"]

CREATED_BY = "id of an earlier hole/pocket/boss/body: only edges on what it made; top, bottom, face:* then mean its box"


class Fillet(FeatureBase):
    """Radius = half the part's width on the vertical edges gives a full round."""

    op: Literal["fillet"] = "fillet"
    radius: Positive
    edges: EdgeSelector = "all"
    at_z: float | None = Field(default=None, description="only edges at this height")
    created_by: str | None = Field(default=None, description=CREATED_BY)

    def references(self) -> list[str]:
        return [self.target] + ([self.created_by] if self.created_by else [])


def full_round_width(s: Script, op: Fillet) -> float | None:
    """The footprint's smaller side when ``op`` is a full round (vertical edges, radius = half of it), else None."""
    if op.edges != "vertical" or op.created_by or op.at_z is not None:
        return None
    ext = s.extents.get(op.target)
    if ext is None or not ext.exact or not block_like(s.plan, op.target):
        return None
    side = min(ext.size[0], ext.size[1])
    return side if abs(2 * op.radius - side) < 1e-6 else None


def _full_round(s: Script, op: Fillet, side: float) -> None:
    from ai_designer.freecad.codegen_support import num

    target = s.ref(op.target)
    s.emit(f"# --- {op.id}: full round — fillet r{num(op.radius)} = half of the {num(side)} mm width on the vertical "
           f"edges of {op.target}: built as the part cut to a stadium of its footprint (a fillet cannot do it) ---",
           "doc.recompute()  # the round follows the built target's footprint")
    var = s.name(op.id)
    s.add(var, "Part::Feature", op.label or op.id)
    s.emit(f"{var}.Shape = cad.full_round({target}.Shape, {num(op.radius)}, {op.id!r})")
    s.objects[op.id] = var


def _compile(s: Script, op: Fillet) -> None:
    from ai_designer.freecad.codegen_dressup import edge_feature

    side = full_round_width(s, op)
    if side is not None:
        _full_round(s, op, side)
        return
    edge_feature(s, op, "radius", "Radius", "PartDesign::Fillet")


def _all_edges(r: float) -> Any:
    """Volume of an L x W x H box with every edge rounded to ``r`` (a rounded box: Minkowski sum of a smaller box and
    a ball)."""
    def volume(L: float, W: float, H: float) -> float:
        a, b, c = L - 2 * r, W - 2 * r, H - 2 * r
        return a * b * c + 2 * r * (a * b + b * c + c * a) + math.pi * r * r * (a + b + c) + 4 / 3 * math.pi * r ** 3

    return volume


def _estimate(op: Fillet, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.ops.edge_support import edge_estimate

    return edge_estimate(op, known, plan, (4 - math.pi) * op.radius ** 2, _all_edges(op.radius))


def _check(op: Fillet, plan: Any, extents: dict[str, Any]) -> list[str]:
    from ai_designer.ops.edge_support import edge_problems

    return edge_problems(op, plan, extents, op.radius, "fillet radius", full_round_ok=True,
                         hint=" For a full round use radius exactly half the width on the 'vertical' edges, or draw "
                              "the profile as a slot / rounded_rectangle.")


SPEC = register(OpSpec("fillet", Fillet, _compile, lambda op, known: known[op.target], _estimate, check=_check))
