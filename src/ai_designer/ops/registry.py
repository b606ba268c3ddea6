"""The operation registry: one :class:`OpSpec` per plan operation kind (its ``op`` tag).

Every operation has a module of its own in :mod:`ai_designer.ops` that declares its pydantic model and its functions
and calls :func:`register` once, at the end of the module (a dictionary insert, no other work). The functions take
the op and the per-id results computed so far:

* ``compile(script, op)`` writes the op's FreeCAD block (``freecad.codegen_support.Script``);
* ``extents(op, known)`` returns its analytic box (``cad.extents.Extents``) or ``None`` when unknown;
* ``estimate(op, known, plan)`` returns the planner's running estimate (``planning.intent.Est``): box, volume or
  ``None``;
* ``check(op, plan, extents)`` (optional) lists what is wrong with the op before FreeCAD runs, worded for the model
  that wrote the plan and for a person (``freecad.plan_checks`` collects them);
* ``block_like(op, plan)`` (optional) says whether the op's body is a rectangular block seen from above (its vertical
  edges are the corners of its box: full rounds and radius limits rely on it);
* ``takes_outline`` says whether an ``outline`` profile (the target's own outline) makes sense for the op.

The generic code (``freecad.codegen``, ``freecad.plan_checks``, ``cad.extents``, ``planning.intent``) iterates the
plan and asks each operation's entry; ``schemas.task_graph`` imports every operation module for the ``Operation``
union, so the registry is complete once a plan type exists. Helpers shared by several operations live in support
modules (``ops.feature_support``, ``ops.edge_support``, ``freecad.codegen_tools``, ``freecad.codegen_dressup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["OpSpec", "register", "spec_for", "spec", "registered", "block_like"]


def _no_problems(op: Any, plan: Any, extents: dict[str, Any]) -> list[str]:
    return []


@dataclass(frozen=True)
class OpSpec:
    name: str
    model: type
    compile: Callable[[Any, Any], None]
    extents: Callable[[Any, dict[str, Any]], Any]
    estimate: Callable[[Any, dict[str, Any], Any], Any]
    check: Callable[[Any, Any, dict[str, Any]], list[str]] = _no_problems
    block_like: Callable[[Any, Any], bool] | None = None
    takes_outline: bool = False


_REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    _REGISTRY[spec.name] = spec
    return spec


def _load() -> None:
    if not _REGISTRY:
        import ai_designer.schemas.task_graph  # noqa: F401 - imports every operation module


def spec_for(name: str) -> OpSpec | None:
    _load()
    return _REGISTRY.get(name)


def spec(name: str) -> OpSpec:
    """The entry of operation kind ``name``; a kind in the schema without an entry is a programming error."""
    found = spec_for(name)
    if found is None:  # pragma: no cover - every schema operation registers
        raise KeyError(f"operation {name!r} has no registry entry")
    return found


def registered() -> list[str]:
    _load()
    return sorted(_REGISTRY)


def block_like(plan: Any, op_id: str) -> bool:
    """True when ``op_id``'s body is a rectangular block seen from above (a box, a rectangle extruded straight up,
    with holes or round/rectangular pockets at most): its vertical edges are the four corners of its bounding box."""
    op = plan.get(op_id)
    test = spec(op.op).block_like
    return test is not None and test(op, plan)


def quarter_turns(placement: Any) -> bool:
    """True when a placement turns only by multiples of 90 degrees (a block stays axis-aligned)."""
    return all(abs(v / 90 - round(v / 90)) < 1e-9 for v in placement.rotate)
