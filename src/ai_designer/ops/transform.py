"""``transform``: a moved (turned, then shifted) copy of a body that stays linked to the original.

Schema, FreeCAD compilation (a ``Part::Compound`` of the target with its own placement), analytic box and intent
estimate, registered together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ai_designer.ops.registry import OpSpec, block_like, register
from ai_designer.schemas.op_base import OpBase
from ai_designer.schemas.profiles import Placement

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Transform"]


class Transform(OpBase):
    op: Literal["transform"] = "transform"
    target: str
    placement: Placement

    def references(self) -> list[str]:
        return [self.target]


def _compile(s: Script, op: Transform) -> None:
    from ai_designer.freecad.codegen_support import num, rotation_args

    target = s.ref(op.target)
    p = op.placement
    s.emit(f"# --- {op.id}: move {op.target} (rotate {', '.join(num(v) for v in p.rotate)} deg about X, Y, Z; "
           f"then by {', '.join(num(v) for v in p.at)} mm) ---")
    var = s.name(op.id)
    s.add(var, "Part::Compound", op.label or op.id)
    s.emit(f"{var}.Links = [{target}]",
           f"{var}.Placement = Placement(Vector({', '.join(num(v) for v in p.at)}), {rotation_args(p)})")
    s.objects[op.id] = var


def _extents(op: Transform, known: dict[str, Any]) -> Any:
    base = known[op.target]
    return base.placed(op.placement) if base else None


def _estimate(op: Transform, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.planning.intent import placed

    return placed(known[op.target], op.placement)


def _block_like(op: Transform, plan: Any) -> bool:
    return not any(op.placement.rotate) and block_like(plan, op.target)


SPEC = register(OpSpec("transform", Transform, _compile, _extents, _estimate, block_like=_block_like))
