"""Registry entries of the features (hole … shell) and of the combining operations (pattern, boolean, transform,
custom): how each changes the analytic box and the intent estimate of the body it works on.

The formulas live next to their data types (``cad.extents`` for boxes, ``planning.intent`` for estimates); an entry
names, per operation, which of them applies. The FreeCAD compilation is in ``freecad.codegen_features``,
``codegen_dressup`` and ``codegen_combine``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ai_designer.cad.extents import boolean_extents, boss_extents, pattern_extents
from ai_designer.ops.registry import OpSpec, register
from ai_designer.planning.intent import (
    boolean_estimate,
    boss_estimate,
    cut_estimate,
    edge_feature_estimate,
    nan_box,
    placed,
    shell_estimate,
)
from ai_designer.schemas.task_graph import (
    Boolean,
    Boss,
    Box,
    CADPlan,
    Chamfer,
    Custom,
    Fillet,
    Hole,
    Pattern,
    Pocket,
    Shell,
    Transform,
)

__all__: list[str] = []


def _compiler(table: str, name: str) -> Callable[[Any, Any], None]:
    def compile_op(s: Any, op: Any) -> None:
        from ai_designer.freecad import codegen_combine, codegen_dressup, codegen_features

        tables = {"features": codegen_features.FEATURES, "dressup": codegen_dressup.DRESS_UP,
                  "combine": codegen_combine.COMBINE}
        tables[table][name](s, op)  # type: ignore[operator]

    return compile_op


def _box_dims(plan: CADPlan, op_id: str) -> tuple[float, float, float] | None:
    """The sizes of ``op_id`` when it is a plain box (the edge and shell formulas need them)."""
    op = plan.get(op_id)
    return (op.length, op.width, op.height) if isinstance(op, Box) else None


def _same(op: Any, known: dict[str, Any]) -> Any:
    return known[op.target]  # the feature keeps the target's outline


def _pocket_extents(op: Pocket, known: dict[str, Any]) -> Any:
    base = known[op.target]
    return base.inexact() if base and op.depth is None else base  # a through pocket may trim an end


def _transform_extents(op: Transform, known: dict[str, Any]) -> Any:
    base = known[op.target]
    return base.placed(op.placement) if base else None


_ENTRIES: list[tuple[str, type, str, Callable[..., Any], Callable[..., Any]]] = [
    ("hole", Hole, "features", _same, lambda op, known, plan: cut_estimate(known[op.target], op)),
    ("pocket", Pocket, "features", _pocket_extents, lambda op, known, plan: cut_estimate(known[op.target], op)),
    ("boss", Boss, "features", lambda op, known: boss_extents(known[op.target], op) if known[op.target] else None,
     lambda op, known, plan: boss_estimate(known[op.target], op)),
    ("fillet", Fillet, "dressup", _same,
     lambda op, known, plan: edge_feature_estimate(known[op.target], op, _box_dims(plan, op.target))),
    ("chamfer", Chamfer, "dressup", _same,
     lambda op, known, plan: edge_feature_estimate(known[op.target], op, _box_dims(plan, op.target))),
    ("shell", Shell, "dressup", _same,
     lambda op, known, plan: shell_estimate(known[op.target], op, _box_dims(plan, op.target))),
    ("pattern", Pattern, "combine", lambda op, known: pattern_extents(known[op.source], op),
     lambda op, known, plan: nan_box()),
    ("boolean", Boolean, "combine", boolean_extents, lambda op, known, plan: boolean_estimate(op, known)),
    ("transform", Transform, "combine", _transform_extents,
     lambda op, known, plan: placed(known[op.target], op.placement)),
    ("custom", Custom, "combine", lambda op, known: None, lambda op, known, plan: nan_box()),
]

for _name, _model, _table, _extents, _estimate in _ENTRIES:
    register(OpSpec(_name, _model, _compiler(_table, _name), _extents, _estimate))
