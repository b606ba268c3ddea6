"""Fillets and chamfers of a plan as PartDesign dress-up features: the FreeCAD code ``ops/fillet.py`` and
``ops/chamfer.py`` share.

The radius/size is an expression of the spreadsheet; the edges are chosen by ``cad.select_edges`` from the built
target, which is why the script recomputes once before selecting. ``created_by`` narrows the choice to edges lying on
what an earlier operation made (its tool solids, or its body).
"""

from __future__ import annotations

from typing import Any

from ai_designer.freecad.codegen_support import Script, num

__all__ = ["edge_feature"]


def _within(s: Script, op: Any) -> str:
    if op.created_by is None:
        return "None"
    made = s.tools.get(op.created_by) or [s.ref(op.created_by)]
    return f"cad.shapes_of([{', '.join(made)}])"


def edge_feature(s: Script, op: Any, size_field: str, prop: str, type_id: str) -> None:
    """A fillet or chamfer (``type_id``) of ``op``'s selected edges whose ``prop`` is ``op.<size_field>``."""
    target = s.ref(op.target)
    size = getattr(op, size_field)
    where = f" at z = {num(op.at_z)}" if op.at_z is not None else ""
    made = f" made by {op.created_by}" if op.created_by else ""
    s.emit(f"# --- {op.id}: {op.op} {num(size)} mm on the {op.edges!r} edges{made}{where} of {op.target} ---",
           "doc.recompute()  # edges are chosen on the built shape")
    body = s.name(op.id)
    base = s.name(f"{op.id}_base")
    feature = s.name(f"{op.id}_{op.op}")
    s.emit(f"{body}, {base} = cad.design_body(doc, {body!r}, {target})")
    if (op.label or op.id) != body:
        s.emit(f"{body}.Label = {(op.label or op.id)!r}")
    s.emit(f"{feature} = doc.addObject({type_id!r}, {feature!r})", f"cad.add_to_body({body}, {feature})")
    at_z = num(op.at_z) if op.at_z is not None else "None"
    s.emit(f"{feature}.Base = ({base}, cad.select_edges({target}.Shape, {op.edges!r}, {at_z}, {op.id!r}, "
           f"{_within(s, op)}))")
    s.bind(feature, prop, s.param(op.id, size_field, size, f"{op.id}: {op.op} {size_field} (mm)"))
    s.objects[op.id] = body
