"""Fillets, chamfers and shells of a plan as FreeCAD features.

Fillets and chamfers are PartDesign dress-up features (their radius/size is an expression); the edges are chosen by
``cad.select_edges`` from the built target, which is why the script recomputes once before selecting. ``created_by``
narrows the choice to edges lying on what an earlier operation made (its tool solids, or its body).

A fillet whose radius is exactly half the width of a box-like part along its vertical edges is a *full round*: OCC
cannot fillet two edges into one face, so the generator builds the round directly (the part intersected with a
stadium of its own footprint). Radii that are too large are refused before FreeCAD by ``freecad.plan_checks``.
"""

from __future__ import annotations

from ai_designer.core.errors import PlanError
from ai_designer.freecad.codegen_support import Script, num
from ai_designer.schemas.task_graph import Chamfer, Fillet, Shell

__all__ = ["DRESS_UP", "full_round_width"]


def full_round_width(s: Script, op: Fillet | Chamfer) -> float | None:
    """The footprint's smaller side when ``op`` is a full round (vertical edges, radius = half of it), else None."""
    from ai_designer.freecad.plan_checks import box_like

    if not isinstance(op, Fillet) or op.edges != "vertical" or op.created_by or op.at_z is not None:
        return None
    ext = s.extents.get(op.target)
    if ext is None or not ext.exact or not box_like(s.plan, op.target):
        return None
    side = min(ext.size[0], ext.size[1])
    return side if abs(2 * op.radius - side) < 1e-6 else None


def _full_round(s: Script, op: Fillet, side: float) -> None:
    target = s.ref(op.target)
    s.emit(f"# --- {op.id}: full round — fillet r{num(op.radius)} = half of the {num(side)} mm width on the vertical "
           f"edges of {op.target}: built as the part cut to a stadium of its footprint (a fillet cannot do it) ---",
           "doc.recompute()  # the round follows the built target's footprint")
    var = s.name(op.id)
    s.add(var, "Part::Feature", op.label or op.id)
    s.emit(f"{var}.Shape = cad.full_round({target}.Shape, {num(op.radius)}, {op.id!r})")
    s.objects[op.id] = var


def _within(s: Script, op: Fillet | Chamfer) -> str:
    if op.created_by is None:
        return "None"
    made = s.tools.get(op.created_by) or [s.ref(op.created_by)]
    return f"cad.shapes_of([{', '.join(made)}])"


def _dress_up(s: Script, op: Fillet | Chamfer) -> None:
    side = full_round_width(s, op)
    if side is not None:
        assert isinstance(op, Fillet)
        _full_round(s, op, side)
        return
    target = s.ref(op.target)
    kind, size_field, prop, type_id = (("fillet", "radius", "Radius", "PartDesign::Fillet") if isinstance(op, Fillet)
                                       else ("chamfer", "size", "Size", "PartDesign::Chamfer"))
    size = op.radius if isinstance(op, Fillet) else op.size
    where = f" at z = {num(op.at_z)}" if op.at_z is not None else ""
    made = f" made by {op.created_by}" if op.created_by else ""
    s.emit(f"# --- {op.id}: {kind} {num(size)} mm on the {op.edges!r} edges{made}{where} of {op.target} ---",
           "doc.recompute()  # edges are chosen on the built shape")
    body = s.name(op.id)
    base = s.name(f"{op.id}_base")
    feature = s.name(f"{op.id}_{kind}")
    s.emit(f"{body}, {base} = cad.design_body(doc, {body!r}, {target})")
    if (op.label or op.id) != body:
        s.emit(f"{body}.Label = {(op.label or op.id)!r}")
    s.emit(f"{feature} = doc.addObject({type_id!r}, {feature!r})", f"cad.add_to_body({body}, {feature})")
    at_z = num(op.at_z) if op.at_z is not None else "None"
    s.emit(f"{feature}.Base = ({base}, cad.select_edges({target}.Shape, {op.edges!r}, {at_z}, {op.id!r}, "
           f"{_within(s, op)}))")
    s.bind(feature, prop, s.param(op.id, size_field, size, f"{op.id}: {kind} {size_field} (mm)"))
    s.objects[op.id] = body


def _check_shell(s: Script, op: Shell) -> None:
    ext = s.extents.get(op.target)
    if ext is None or not ext.exact:
        return
    for axis, (low, high) in enumerate((("left", "right"), ("front", "back"), ("bottom", "top"))):
        walls = 2 - (low in op.open_faces) - (high in op.open_faces)
        size = ext.size[axis]
        if walls and op.thickness * walls >= size - 1e-9:
            raise PlanError(f"shell {op.id!r}: {num(op.thickness)} mm walls do not fit in {op.target!r}, which is "
                            f"{num(size)} mm along {'XYZ'[axis]}; use walls thinner than {num(size / walls)} mm")


def _shell(s: Script, op: Shell) -> None:
    _check_shell(s, op)
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
        s.checks.append(f"('cut', {(op.label or op.id)!r}, {var}, {target}, [])")
        s.objects[op.id] = var
        return
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


DRESS_UP = {"fillet": _dress_up, "chamfer": _dress_up, "shell": _shell}
