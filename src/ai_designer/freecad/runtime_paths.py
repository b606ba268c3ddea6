"""Sweep paths and outline tools for generated scripts (``cad.sweep_polyline`` …, ``cad.outline_prism``).

Runs inside a FreeCAD worker (imports FreeCAD lazily, inside the functions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["sweep_polyline", "sweep_arc", "sweep_helix", "outline_prism"]

#: face -> (axis, +1 when the face is at the axis maximum)
_FACES = {"top": (2, 1), "bottom": (2, -1), "front": (1, -1), "back": (1, 1), "left": (0, -1), "right": (0, 1)}


def sweep_polyline(points: Sequence[Sequence[float]]) -> Any:
    """A wire through ``points`` (straight segments)."""
    import Part
    from FreeCAD import Vector

    return Part.makePolygon([Vector(*p) for p in points])


def sweep_arc(radius: float, angle: float, plane: str) -> Any:
    """An arc from the origin heading +Z, bending towards +X (``XZ``) or +Y (``YZ``) through ``angle`` degrees."""
    import Part
    from FreeCAD import Vector

    def at(t: float) -> Any:
        u, z = radius - radius * math.cos(t), radius * math.sin(t)
        return Vector(u, 0, z) if plane == "XZ" else Vector(0, u, z)

    a = math.radians(angle)
    return Part.Wire([Part.Edge(Part.Arc(at(0), at(a / 2), at(a)))])


def sweep_helix(diameter: float, pitch: float, height: float) -> Any:
    """A right-handed helix about Z from ``(diameter/2, 0, 0)`` up to ``height``."""
    import Part

    return Part.makeHelix(pitch, height, diameter / 2)


def _outer_section(shape: Any, axis: int) -> Any:
    """The outer loop of the part's cross-section half-way along ``axis`` (its outline seen along that axis)."""
    from FreeCAD import Vector

    bb = shape.BoundBox
    normal = Vector(*[1.0 if k == axis else 0.0 for k in range(3)])
    mid = (getattr(bb, f"{'XYZ'[axis]}Min") + getattr(bb, f"{'XYZ'[axis]}Max")) / 2
    wires = shape.slice(normal, mid)
    if not wires:
        return None
    return max(wires, key=lambda w: w.BoundBox.DiagonalLength)


def outline_prism(shape: Any, face: str, offset: float, t_lo: float | None, t_hi: float, label: str) -> Any:
    """A prism of the part's outline seen from ``face``, offset by ``offset`` (< 0 inwards), spanning ``[t_lo, t_hi]``
    outwards of the face plane (``t_lo`` None: through the part and 1 mm beyond)."""
    import Part
    from FreeCAD import Vector

    from ai_designer.freecad.runtime import FeatureFailed

    axis, sign = _FACES[face]
    wire = _outer_section(shape, axis)
    if wire is None:
        raise FeatureFailed(f"{label}: the part has no cross-section to take an outline from")
    outline = Part.Face(wire)
    if offset:
        try:
            outline = outline.makeOffset2D(offset, 0)
        except Exception as exc:  # noqa: BLE001 - OCC raises plain errors for impossible offsets
            raise FeatureFailed(f"{label}: the outline cannot be offset by {offset:g} mm ({exc}); "
                                "use a smaller inset") from exc
    bb = shape.BoundBox
    name = "XYZ"[axis]
    plane = getattr(bb, f"{name}Max") if sign > 0 else getattr(bb, f"{name}Min")
    lo = -(getattr(bb, f"{name}Length") + 1.0) if t_lo is None else t_lo
    normal = Vector(*[float(sign) if k == axis else 0.0 for k in range(3)])
    here = outline.BoundBox
    centre = (getattr(here, f"{name}Min") + getattr(here, f"{name}Max")) / 2
    outline.translate(normal * (sign * (plane - centre) + lo))
    return outline.extrude(normal * (t_hi - lo))
