"""The operation registry: one :class:`OpSpec` per plan operation kind (its ``op`` tag).

An operation module declares its pydantic model and three functions and calls :func:`register` once, at the end of
the module (a dictionary insert, no other work). The functions take the op and the per-id results computed so far:

* ``compile(script, op)`` writes the op's FreeCAD block (``freecad.codegen_support.Script``);
* ``extents(op, known)`` returns its analytic box (``cad.extents.Extents``) or ``None`` when unknown;
* ``estimate(op, known, plan)`` returns the planner's running estimate (``planning.intent.Est``): box, volume or
  ``None``.

Primitives (``ops.box`` … ``ops.spur_gear``) and the newer operations (``ops.loft``, ``ops.sweep``, ``ops.mirror``)
have one module each, imported by ``schemas.task_graph`` for their schemas; the features and combining operations
register in ``ops.features`` (loaded on the first look-up), their compilers share the tool-placement code of
``freecad.codegen_features``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["OpSpec", "register", "spec_for", "spec", "registered"]


@dataclass(frozen=True)
class OpSpec:
    name: str
    model: type
    compile: Callable[[Any, Any], None]
    extents: Callable[[Any, dict[str, Any]], Any]
    estimate: Callable[[Any, dict[str, Any], Any], Any]


_REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    _REGISTRY[spec.name] = spec
    return spec


def _load() -> None:
    if "hole" not in _REGISTRY:
        import ai_designer.ops.features  # noqa: F401 - registers on import


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
