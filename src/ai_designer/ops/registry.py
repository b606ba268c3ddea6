"""The operation registry: one :class:`OpSpec` per plan operation kind (its ``op`` tag).

An operation module declares its pydantic model and three functions and calls :func:`register` once, at the end of
the module (a dictionary insert, no other work). The functions take the op and the per-id results computed so far:

* ``compile(script, op)`` writes the op's FreeCAD block (``freecad.codegen_support.Script``);
* ``extents(op, known)`` returns its analytic box (``cad.extents.Extents``) or ``None`` when unknown;
* ``estimate(op, known)`` returns the planner's running estimate (``planning.intent.Est``): box, volume or ``None``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["OpSpec", "register", "spec_for", "registered"]


@dataclass(frozen=True)
class OpSpec:
    name: str
    model: type
    compile: Callable[[Any, Any], None]
    extents: Callable[[Any, dict[str, Any]], Any]
    estimate: Callable[[Any, dict[str, Any]], Any]


_REGISTRY: dict[str, OpSpec] = {}


def register(spec: OpSpec) -> OpSpec:
    _REGISTRY[spec.name] = spec
    return spec


def spec_for(name: str) -> OpSpec | None:
    return _REGISTRY.get(name)


def registered() -> list[str]:
    return sorted(_REGISTRY)
