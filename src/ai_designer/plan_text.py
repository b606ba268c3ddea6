"""A CAD plan as a readable feature list, like FreeCAD's tree: "Box 90 × 70 × 8 mm", "4 × Ø5.5 holes, through".

``CADPlan.summary()`` is the plan's own notation (``holes: hole(target=plate, diameter=5.5, …)``) for logs and the
CLI; people in the browser read this instead.

    >>> from ai_designer.planning.planner import plan_offline
    >>> describe_plan(plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"))
    ['Box 90 × 70 × 8 mm', '4 × Ø5.5 mm holes, through, 2 x 2 grid, 73 x 53 mm pitch']
"""

from __future__ import annotations

from typing import Any

from ai_designer.schemas.task_graph import CADPlan

__all__ = ["describe_plan", "describe_profile"]


def _n(v: float) -> str:
    return f"{v:g}"


def describe_profile(p: Any) -> str:
    kind = type(p).__name__
    if kind == "Circle":
        return f"Ø{_n(p.diameter)} circle"
    if kind == "Rectangle":
        return f"{_n(p.length)} × {_n(p.width)} rectangle"
    if kind == "RoundedRectangle":
        return f"{_n(p.length)} × {_n(p.width)} rectangle, R{_n(p.radius)} corners"
    if kind == "Slot":
        return f"{_n(p.length)} × {_n(p.width)} slot"
    if kind == "RegularPolygon":
        return f"{p.sides}-sided polygon"
    return f"{len(getattr(p, 'points', []))}-corner outline"


def _where(op: Any) -> str:
    at = getattr(op, "at", None)
    text = at.describe() if at is not None and hasattr(at, "describe") else ""
    return "" if not text or text == "face centre" else f", {text}"


def _count(op: Any) -> int:
    at = getattr(op, "at", None)
    return len(at.resolve()) if at is not None and hasattr(at, "resolve") else 1


def _primitive(op: Any) -> str | None:
    kind = op.op
    if kind == "box":
        return f"Box {_n(op.length)} × {_n(op.width)} × {_n(op.height)} mm"
    if kind == "cylinder":
        return f"Cylinder Ø{_n(op.diameter)} × {_n(op.height)} mm"
    if kind == "sphere":
        return f"{'Hemisphere' if op.hemisphere else 'Sphere'} Ø{_n(op.diameter)} mm"
    if kind == "cone":
        return f"Cone Ø{_n(op.bottom_diameter)} → Ø{_n(op.top_diameter)} × {_n(op.height)} mm"
    if kind == "torus":
        return f"Ring Ø{_n(op.major_diameter)}, tube Ø{_n(op.minor_diameter)} mm"
    if kind == "prism":
        size = f"{_n(op.across_flats)} across flats" if op.across_flats else f"Ø{_n(op.diameter)} across corners"
        return f"{op.sides}-sided prism {size} × {_n(op.height)} mm"
    if kind == "tube":
        return f"Tube Ø{_n(op.outer_diameter)} / Ø{_n(op.inner_diameter)} × {_n(op.height)} mm"
    if kind == "extrude":
        holes = f", {len(op.inner)} cut-out(s)" if op.inner else ""
        return f"Pad {describe_profile(op.profile)} × {_n(op.height)} mm{holes}"
    if kind == "revolve":
        return f"Revolved profile ({len(op.points)} points), {_n(op.angle)}°"
    if kind == "spur_gear":
        return f"Spur gear, {op.teeth} teeth, module {_n(op.module)}, {_n(op.face_width)} mm wide"
    return None


def _feature(op: Any) -> str:
    kind = op.op
    if kind == "hole":
        n = _count(op)
        depth = f"{_n(op.depth)} mm deep" if op.depth else "through"
        style = {"counterbore": "counterbored ", "countersink": "countersunk "}.get(op.kind, "")
        count = f"{n} × " if n > 1 else ""
        return f"{count}Ø{_n(op.diameter)} mm {style}hole{'s' if n > 1 else ''}, {depth}{_where(op)}"
    if kind == "pocket":
        depth = f"{_n(op.depth)} mm deep" if op.depth else "through"
        return f"Pocket {describe_profile(op.profile)}, {depth}{_where(op)}"
    if kind == "boss":
        return f"Boss {describe_profile(op.profile)} × {_n(op.height)} mm{_where(op)}"
    if kind in ("fillet", "chamfer"):
        size = f"R{_n(op.radius)}" if kind == "fillet" else f"{_n(op.size)} mm"
        return f"{kind.capitalize()} {size} on {str(op.edges).replace('_', ' ')} edges"
    if kind == "shell":
        opened = f", open {' and '.join(op.open_faces)}" if op.open_faces else ", closed"
        return f"Shell {_n(op.thickness)} mm walls{opened}"
    if kind == "pattern":
        return f"Pattern of {op.source}: {op.at.describe()}"
    if kind == "boolean":
        verb = {"union": "Union", "cut": "Cut", "intersect": "Intersection"}[op.kind]
        return f"{verb} of {op.base} with {', '.join(op.tools)}"
    if kind == "transform":
        return f"Move {op.target}"
    return f"Custom: {getattr(op, 'description', kind)}"


def describe_plan(plan: CADPlan) -> list[str]:
    """One readable line per operation, in build order."""
    return [_primitive(op) or _feature(op) for op in plan.operations]
