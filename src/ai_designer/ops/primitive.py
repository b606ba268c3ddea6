"""Registration of a primitive: its compiler plus the box and estimate of the unplaced body; the placement (turn
about the origin, then move) is applied here, once for every primitive."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ai_designer.ops.registry import OpSpec, register

__all__ = ["register_primitive"]


def register_primitive(name: str, model: type, compile_op: Callable[[Any, Any], None],
                       extents: Callable[[Any], Any], estimate: Callable[[Any], Any],
                       block_like: Callable[[Any, Any], bool] | None = None) -> OpSpec:
    def placed_extents(op: Any, known: dict[str, Any]) -> Any:
        return extents(op).placed(op.placement)

    def placed_estimate(op: Any, known: dict[str, Any], plan: Any) -> Any:
        from ai_designer.planning.intent import placed

        return placed(estimate(op), op.placement)

    return register(OpSpec(name, model, compile_op, placed_extents, placed_estimate, block_like=block_like))
