"""``boolean``: union, cut or intersection of a base body with one or more tool bodies.

Schema, FreeCAD compilation (``Part::MultiFuse`` / ``Part::Cut`` / ``Part::MultiCommon``), analytic box and intent
estimate, registered together. A union's volume is the sum of its parts only when they at most touch.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import OpBase

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Boolean"]


class Boolean(OpBase):
    op: Literal["boolean"] = "boolean"
    kind: Literal["union", "cut", "intersect"]
    base: str
    tools: list[str] = Field(min_length=1)

    def references(self) -> list[str]:
        return [self.base, *self.tools]


def _compile(s: Script, op: Boolean) -> None:
    base, tools = s.ref(op.base), [s.ref(t) for t in op.tools]
    s.emit(f"# --- {op.id}: {op.kind} of {op.base} with {', '.join(op.tools)} ---")
    var = s.name(op.id)
    if op.kind == "cut":
        tool = tools[0]
        if len(tools) > 1:
            tool = s.name(f"{op.id}_tools")
            s.add(tool, "Part::Compound")
            s.emit(f"{tool}.Links = [{', '.join(tools)}]")
        s.add(var, "Part::Cut", op.label or op.id)
        s.emit(f"{var}.Base = {base}", f"{var}.Tool = {tool}")
        s.checks.append(f"('cut', {(op.label or op.id)!r}, {var}, {base}, [{', '.join(tools)}])")
    else:
        s.add(var, "Part::MultiFuse" if op.kind == "union" else "Part::MultiCommon", op.label or op.id)
        s.emit(f"{var}.Shapes = [{', '.join([base, *tools])}]")
        if op.kind == "union":
            s.emit(f"{var}.Refine = True")
    s.objects[op.id] = var


def _extents(op: Boolean, known: dict[str, Extents | None]) -> Extents | None:
    from ai_designer.cad.extents import Extents

    base = known[op.base]
    tools = [known[t] for t in op.tools]
    if base is None:
        return None
    if op.kind == "cut":
        return base.inexact()
    if any(t is None for t in tools):
        return None
    if op.kind == "union":
        out = base
        for t in tools:
            out = out.union(t)  # type: ignore[arg-type]
        return out
    lo = tuple(max([base.lo[k], *(t.lo[k] for t in tools)]) for k in range(3))  # type: ignore[union-attr]
    hi = tuple(min([base.hi[k], *(t.hi[k] for t in tools)]) for k in range(3))  # type: ignore[union-attr]
    return Extents(lo, hi, False)  # type: ignore[arg-type]


def _touching_only(parts: list[Est]) -> bool:
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            overlap = [min(a.hi[k], b.hi[k]) - max(a.lo[k], b.lo[k]) for k in range(3)]
            if all(not o <= 1e-6 for o in overlap):  # an unknown (NaN) box may overlap
                return False
    return True


def _overlap_exact(parts: list[Est]) -> bool:
    """Is the intersection's box the overlap of the parts' boxes? Yes for blocks; and for blocks, spheres and
    cylinders sharing one centre (each reaches its box on the axes through that centre, inside the others)."""
    if all(p.kind == "box" for p in parts):
        return True
    mids = {tuple(round((p.lo[i] + p.hi[i]) / 2, 9) for i in range(3)) for p in parts}
    return len(mids) == 1 and all(p.kind in ("box", "sphere", "cylinder") for p in parts)


def _estimate(op: Boolean, known: dict[str, Est], plan: Any) -> Est:
    from ai_designer.planning.intent import Est

    parts = [known[op.base], *(known[t] for t in op.tools)]
    base = parts[0]
    if op.kind == "intersect":
        exact = _overlap_exact(parts)
        nan = (math.nan, math.nan, math.nan)
        lo = tuple(max(p.lo[i] for p in parts) for i in range(3)) if exact else nan
        hi = tuple(min(p.hi[i] for p in parts) for i in range(3)) if exact else nan
        return Est(lo, hi, None, 0, "other", False)  # type: ignore[arg-type]
    if op.kind != "union":
        return replace(base, volume=None, kind="other", prismatic=False)
    lo = tuple(min(p.lo[i] for p in parts) for i in range(3))
    hi = tuple(max(p.hi[i] for p in parts) for i in range(3))
    vol = None
    if all(p.volume is not None for p in parts) and _touching_only(parts):
        vol = sum(p.volume for p in parts)  # type: ignore[misc]
    return Est(lo, hi, vol, sum(p.holes for p in parts), _union_kind(parts, lo, hi), False)  # type: ignore[arg-type]


_ROUND = ("sphere", "dome", "curved", "rounded")


def _union_kind(parts: list[Est], lo: tuple[float, ...], hi: tuple[float, ...]) -> str:
    """"rounded" when a round body (a dome, a ball, a cone) makes one of the union's outer sides: a cut there may
    take its top off (a hole down a dome capping a cylinder), so the cut leaves that extent unchecked (pole_cuts)."""
    ends = any(p.kind in _ROUND and any(abs(p.lo[i] - lo[i]) < 1e-9 or abs(p.hi[i] - hi[i]) < 1e-9 for i in range(3))
               for p in parts)
    return "rounded" if ends else "other"


SPEC = register(OpSpec("boolean", Boolean, _compile, _extents, _estimate))
