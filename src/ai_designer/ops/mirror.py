"""``mirror``: reflect a body in a plane through the origin's axes and (by default) fuse it with the original.

``plane`` names the mirror plane (``YZ`` reflects X, ``XZ`` reflects Y, ``XY`` reflects Z); ``offset`` moves the plane
along its normal (``YZ`` at ``offset`` 20 is the plane x = 20). With ``keep_original`` false only the mirror image
remains. A half part drawn on +X and mirrored in ``YZ`` is the usual way to make a symmetric part.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import OpBase

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script

__all__ = ["Mirror"]

_AXIS = {"YZ": 0, "XZ": 1, "XY": 2}


class Mirror(OpBase):
    """Reflect body ``target`` in a plane (YZ flips X, XZ flips Y, XY flips Z) and fuse it with the original."""

    op: Literal["mirror"] = "mirror"
    target: str
    plane: Literal["YZ", "XZ", "XY"]
    offset: float = Field(default=0.0, description="position of the plane along its normal (mm)")
    keep_original: bool = Field(default=True, description="false: only the mirror image")

    def references(self) -> list[str]:
        return [self.target]


def _compile(s: Script, op: Mirror) -> None:
    from ai_designer.freecad.codegen_support import num

    target = s.ref(op.target)
    axis = _AXIS[op.plane]
    normal = ["0", "0", "0"]
    normal[axis] = "1"
    base = ["0", "0", "0"]
    base[axis] = num(op.offset)
    s.emit(f"# --- {op.id}: mirror {op.target} in the {op.plane} plane at {'xyz'[axis]} = {num(op.offset)}"
           + (", fused with the original" if op.keep_original else "") + " ---")
    image = s.name(f"{op.id}_image" if op.keep_original else op.id)
    s.add(image, "Part::Mirroring", None if op.keep_original else op.label or op.id)
    s.emit(f"{image}.Source = {target}", f"{image}.Normal = Vector({', '.join(normal)})",
           f"{image}.Base = Vector({', '.join(base)})")
    if not op.keep_original:
        s.objects[op.id] = image
        return
    var = s.name(op.id)
    s.add(var, "Part::MultiFuse", op.label or op.id)
    s.emit(f"{var}.Shapes = [{target}, {image}]", f"{var}.Refine = True")
    s.checks.append(f"('add', {(op.label or op.id)!r}, {var}, {target}, [])")
    s.objects[op.id] = var


def _reflect(lo: tuple[float, ...], hi: tuple[float, ...], axis: int, offset: float) -> tuple[list[float], list[float]]:
    rlo, rhi = list(lo), list(hi)
    rlo[axis], rhi[axis] = 2 * offset - hi[axis], 2 * offset - lo[axis]
    return rlo, rhi


def _extents(op: Mirror, known: dict[str, Any]) -> Any:
    from ai_designer.cad.extents import Extents

    base = known.get(op.target)
    if base is None:
        return None
    lo, hi = _reflect(base.lo, base.hi, _AXIS[op.plane], op.offset)
    image = Extents(tuple(lo), tuple(hi), base.exact)  # type: ignore[arg-type]
    return base.union(image) if op.keep_original else image


def _estimate(op: Mirror, known: dict[str, Any], plan: Any) -> Any:
    from ai_designer.planning.intent import Est

    t = known[op.target]
    axis = _AXIS[op.plane]
    lo, hi = _reflect(t.lo, t.hi, axis, op.offset)
    if not op.keep_original:
        return Est(tuple(lo), tuple(hi), t.volume, t.holes, "other", False)  # type: ignore[arg-type]
    overlap = min(t.hi[axis], hi[axis]) - max(t.lo[axis], lo[axis])
    volume = 2 * t.volume if t.volume is not None and overlap <= 1e-6 else None  # touching halves add up
    both_lo = tuple(min(a, b) for a, b in zip(t.lo, lo, strict=True))
    both_hi = tuple(max(a, b) for a, b in zip(t.hi, hi, strict=True))
    return Est(both_lo, both_hi, volume, 2 * t.holes, "other", False)


SPEC = register(OpSpec("mirror", Mirror, _compile, _extents, _estimate))
