"""``chamfer``: bevel the selected edges of the target (a PartDesign chamfer whose size is a spreadsheet cell).

Schema, FreeCAD compilation, analytic box (the outline stays) and intent estimate, registered together. Edges are
chosen as for ``fillet`` (``edges``, ``at_z``, ``created_by``); the FreeCAD code is shared
(``freecad.codegen_dressup``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import EdgeSelector, Positive

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Chamfer"]


class Chamfer(FeatureBase):
    """Fields as fillet (at_z, created_by), with size instead of radius."""

    op: Literal["chamfer"] = "chamfer"
    size: Positive
    edges: EdgeSelector = "all"
    at_z: float | None = None
    created_by: str | None = None

    def references(self) -> list[str]:
        return [self.target] + ([self.created_by] if self.created_by else [])


def _compile(s: Script, op: Chamfer) -> None:
    from ai_designer.freecad.codegen_dressup import edge_feature

    edge_feature(s, op, "size", "Size", "PartDesign::Chamfer")


def _estimate(op: Chamfer, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.ops.edge_support import edge_estimate

    return edge_estimate(op, known, plan, 2 * op.size ** 2)


def _check(op: Chamfer, plan: Any, extents: dict[str, Any]) -> list[str]:
    from ai_designer.ops.edge_support import edge_problems

    return edge_problems(op, plan, extents, op.size, "chamfer size")


SPEC = register(OpSpec("chamfer", Chamfer, _compile, lambda op, known: known[op.target], _estimate, check=_check))
