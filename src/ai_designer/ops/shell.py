"""``shell``: hollow the target to walls of a thickness (inwards), open at the named faces or closed.

Schema, FreeCAD compilation (``Part::Thickness`` when faces are opened, the target minus its inward offset when
closed), analytic box (the outline stays) and intent estimate, registered together.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import FaceName, Positive

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Shell"]


class Shell(FeatureBase):
    """Hollow the target to ``thickness`` walls (inwards), removing ``open_faces`` (empty = closed hollow)."""

    op: Literal["shell"] = "shell"
    thickness: Positive
    open_faces: list[FaceName] = Field(default_factory=list)


def _check_walls(s: Script, op: Shell) -> None:
    from ai_designer.core.errors import PlanError
    from ai_designer.freecad.codegen_support import num

    ext = s.extents.get(op.target)
    if ext is None or not ext.exact:
        return
    for axis, (low, high) in enumerate((("left", "right"), ("front", "back"), ("bottom", "top"))):
        walls = 2 - (low in op.open_faces) - (high in op.open_faces)
        size = ext.size[axis]
        if walls and op.thickness * walls >= size - 1e-9:
            raise PlanError(f"shell {op.id!r}: {num(op.thickness)} mm walls do not fit in {op.target!r}, which is "
                            f"{num(size)} mm along {'XYZ'[axis]}; use walls thinner than {num(size / walls)} mm")


def _compile(s: Script, op: Shell) -> None:
    from ai_designer.freecad.codegen_support import num

    _check_walls(s, op)
    target = s.ref(op.target)
    t = s.param(op.id, "thickness", op.thickness, f"{op.id}: wall thickness (mm)")
    if op.open_faces:
        s.emit(f"# --- {op.id}: shell {op.target} to {num(op.thickness)} mm walls, open at {', '.join(op.open_faces)} ---",
               "doc.recompute()  # the open faces are chosen on the built shape")
        var = s.name(op.id)
        s.add(var, "Part::Thickness", op.label or op.id)
        s.emit(f"{var}.Faces = ({target}, cad.select_faces({target}.Shape, {list(op.open_faces)!r}, {op.id!r}))",
               f"{var}.Join = 'Intersection'")
        s.bind(var, "Value", f"-{t}")
    else:
        s.emit(f"# --- {op.id}: hollow {op.target} (closed) with {num(op.thickness)} mm walls ---")
        inner = s.name(f"{op.id}_cavity")
        s.add(inner, "Part::Offset")
        s.emit(f"{inner}.Source = {target}", f"{inner}.Join = 'Intersection'")
        s.bind(inner, "Value", f"-{t}")
        var = s.name(op.id)
        s.add(var, "Part::Cut", op.label or op.id)
        s.emit(f"{var}.Base = {target}", f"{var}.Tool = {inner}")
    s.checks.append(f"('cut', {(op.label or op.id)!r}, {var}, {target}, [])")
    s.objects[op.id] = var


def _estimate(op: Shell, known: dict[str, Any], plan: Any) -> Est:
    """Exact for a plain box: the box minus the cavity (each open face removes one wall)."""
    from ai_designer.ops.feature_support import box_dims

    t = known[op.target]
    box = box_dims(plan, op.target)
    vol = None
    if box is not None and t.volume is not None and abs(t.volume - box[0] * box[1] * box[2]) < 1e-6:
        L, W, H = box
        k = op.thickness
        open_z = sum(1 for f in op.open_faces if f in ("top", "bottom"))
        open_y = sum(1 for f in op.open_faces if f in ("front", "back"))
        open_x = sum(1 for f in op.open_faces if f in ("left", "right"))
        vol = L * W * H - (L - (2 - open_x) * k) * (W - (2 - open_y) * k) * (H - (2 - open_z) * k)
    return replace(t, volume=vol, prismatic=False)


SPEC = register(OpSpec("shell", Shell, _compile, lambda op, known: known[op.target], _estimate))
