"""Operations that combine or move bodies: pattern, boolean, transform, and custom (LLM-written) code.

Patterns are ``App::Link`` copies of the source (positions read the spreadsheet) fused with ``Part::MultiFuse``; a
transform is a ``Part::Compound`` of the target with its own placement (a moved copy that stays linked to the
original). Custom code runs in a function of its own, between clearly marked lines, and must set ``shape``; the result
becomes a ``Part::Feature``.
"""

from __future__ import annotations

import ast
import keyword
import textwrap

from ai_designer.core.errors import PlanError, PolicyViolation
from ai_designer.freecad import policy
from ai_designer.freecad.codegen_features import position_terms
from ai_designer.freecad.codegen_support import Script, num, one_line, rotation_args
from ai_designer.schemas.task_graph import Boolean, Custom, Pattern, PolarPattern, Transform

__all__ = ["COMBINE"]

_NAMESPACE = {"doc", "App", "FreeCAD", "Part", "Vector", "Placement", "Rotation", "math", "cad", "shape", "Sketcher"}


def _pattern(s: Script, op: Pattern) -> None:
    source = s.ref(op.source)
    positions = position_terms(s, op.id, op.at)
    s.emit(f"# --- {op.id}: {len(positions)} copies of {op.source} fused into one body ---")
    angles = [0.0] * len(positions)
    if op.rotate_copies and isinstance(op.at, PolarPattern):
        step = op.at.sweep / op.at.count if op.at.sweep >= 360 else op.at.sweep / max(op.at.count - 1, 1)
        angles = [op.at.start_angle + step * i for i in range(op.at.count)]
    copies = []
    for i, ((u, v), angle) in enumerate(zip(positions, angles, strict=True), start=1):
        var = s.name(f"{op.id}_copy{i}")
        s.add(var, "App::Link")
        s.emit(f"{var}.LinkedObject = {source}", f"{var}.LinkTransform = True  # copy = this placement x source's")
        if angle:
            s.emit(f"{var}.Placement = Placement(Vector(0, 0, 0), Rotation(Vector(0, 0, 1), {num(angle)}))")
        s.bind(var, "Placement.Base.x", u.text())
        s.bind(var, "Placement.Base.y", v.text())
        copies.append(var)
    if len(copies) == 1:
        var = s.name(op.id)
        s.add(var, "Part::Compound", op.label or op.id)
        s.emit(f"{var}.Links = [{copies[0]}]")
        s.objects[op.id] = var
        return
    var = s.name(op.id)
    s.add(var, "Part::MultiFuse", op.label or op.id)
    s.emit(f"{var}.Shapes = [{', '.join(copies)}]", f"{var}.Refine = True")
    s.objects[op.id] = var


def _boolean(s: Script, op: Boolean) -> None:
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


def _transform(s: Script, op: Transform) -> None:
    target = s.ref(op.target)
    p = op.placement
    s.emit(f"# --- {op.id}: move {op.target} (rotate {', '.join(num(v) for v in p.rotate)} deg about X, Y, Z; "
           f"then by {', '.join(num(v) for v in p.at)} mm) ---")
    var = s.name(op.id)
    s.add(var, "Part::Compound", op.label or op.id)
    s.emit(f"{var}.Links = [{target}]",
           f"{var}.Placement = Placement(Vector({', '.join(num(v) for v in p.at)}), {rotation_args(p)})")
    s.objects[op.id] = var


def _check_custom(op: Custom) -> None:
    try:
        tree = policy.check_custom(op.code)
    except PolicyViolation as exc:
        raise PlanError(f"custom operation {op.id!r}: {exc.message}") from exc
    assigned = {t.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)}
    if "shape" not in assigned:
        raise PlanError(f"custom operation {op.id!r} must assign the final Part shape to a variable named `shape`")


def _custom(s: Script, op: Custom) -> None:
    _check_custom(op)
    inputs = {i: s.ref(i) for i in op.inputs}
    # the code sees each input's shape under the input's own id (what the generator prompt promises)
    params = [i if i.isidentifier() and not keyword.iskeyword(i) and i not in _NAMESPACE else var
              for i, var in inputs.items()]
    func = s.name(f"custom_{op.id}")
    s.emit(f"# --- {op.id}: custom code — {one_line(op.description, 120)} ---")
    if inputs:
        s.emit("doc.recompute()  # the custom code reads the built input shapes")
    s.emit(f"def {func}({', '.join(params)}):",
           "    shape = None",
           f"    # >>> BEGIN custom code of {op.id!r} (LLM-written; must set `shape`) >>>",
           textwrap.indent(op.code.rstrip("\n"), "    "),
           f"    # <<< END custom code of {op.id!r} <<<",
           "    return shape",
           "")
    var = s.name(op.id)
    s.add(var, "Part::Feature", op.label or op.id)
    call = ", ".join(f"{v}.Shape.copy()" for v in inputs.values())
    s.emit(f"{var}.Shape = cad.custom_shape({func}({call}), {op.id!r})")
    s.objects[op.id] = var


COMBINE = {"pattern": _pattern, "boolean": _boolean, "transform": _transform, "custom": _custom}
