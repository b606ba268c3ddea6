"""``pattern``: copies of a body at 2-D positions in the XY plane (grid, row, circle, points), fused into one body.

Schema, FreeCAD compilation (``App::Link`` copies whose positions read the spreadsheet, fused with
``Part::MultiFuse``), analytic box and intent estimate, registered together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import OpBase
from ai_designer.schemas.profiles import Placement, PolarPattern, Positions

if TYPE_CHECKING:
    from ai_designer.cad.extents import Extents
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Pattern"]


class Pattern(OpBase):
    """Copies of body ``source`` at 2-D positions in the XY plane, fused into one body."""

    op: Literal["pattern"] = "pattern"
    source: str
    at: Positions
    rotate_copies: bool = Field(default=False, description="polar: turn each copy with its angle")

    def references(self) -> list[str]:
        return [self.source]


def _angles(op: Pattern) -> list[float]:
    """Each copy's turn about Z: its polar angle when ``rotate_copies``, else 0."""
    count = len(op.at.resolve())
    if not (op.rotate_copies and isinstance(op.at, PolarPattern)):
        return [0.0] * count
    step = op.at.sweep / op.at.count if op.at.sweep >= 360 else op.at.sweep / max(op.at.count - 1, 1)
    return [op.at.start_angle + step * i for i in range(op.at.count)]


def _compile(s: Script, op: Pattern) -> None:
    from ai_designer.freecad.codegen_support import num
    from ai_designer.freecad.codegen_tools import position_terms

    source = s.ref(op.source)
    positions = position_terms(s, op.id, op.at)
    s.emit(f"# --- {op.id}: {len(positions)} copies of {op.source} fused into one body ---")
    copies = []
    for i, ((u, v), angle) in enumerate(zip(positions, _angles(op), strict=True), start=1):
        var = s.name(f"{op.id}_copy{i}")
        s.add(var, "App::Link")
        s.emit(f"{var}.LinkedObject = {source}", f"{var}.LinkTransform = True  # copy = this placement x source's")
        if angle:
            s.emit(f"{var}.Placement = Placement(Vector(0, 0, 0), Rotation(Vector(0, 0, 1), {num(angle)}))")
        s.bind(var, "Placement.Base.x", u.text())
        s.bind(var, "Placement.Base.y", v.text())
        copies.append(var)
    var = s.name(op.id)
    if len(copies) == 1:
        s.add(var, "Part::Compound", op.label or op.id)
        s.emit(f"{var}.Links = [{copies[0]}]")
    else:
        s.add(var, "Part::MultiFuse", op.label or op.id)
        s.emit(f"{var}.Shapes = [{', '.join(copies)}]", f"{var}.Refine = True")
    s.objects[op.id] = var


def _extents(op: Pattern, known: dict[str, Any]) -> Extents | None:
    src = known[op.source]
    if src is None:
        return None
    out: Extents | None = None
    for (x, y), angle in zip(op.at.resolve(), _angles(op), strict=True):
        copy = src.placed(Placement(at=(x, y, 0), rotate=(0, 0, angle)))
        out = copy if out is None else out.union(copy)
    return out


def _estimate(op: Pattern, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.planning.intent import nan_box

    return nan_box()  # copies may overlap: neither box nor volume is tracked


SPEC = register(OpSpec("pattern", Pattern, _compile, _extents, _estimate))
