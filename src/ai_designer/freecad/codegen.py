"""The generator: compile a :class:`~ai_designer.schemas.task_graph.CADPlan` to readable, parametric FreeCAD Python.

The script follows the job contract of ``freecad/job.py`` (``doc``, ``App``, ``Part``, ``Vector``, ``Placement``,
``Rotation``, ``math`` and the runtime helpers as ``cad`` are in scope; it sets ``result``). It builds Part workbench
features (PartDesign for fillets and chamfers) whose dimensions are expressions of a ``Params`` spreadsheet, so the
saved ``.FCStd`` is a model a FreeCAD user can edit: change ``Params.plate_height``, recompute, and the part follows.

Layout of a script: a header, the spreadsheet (one row per dimension, alias ``<op id>_<field>``), one commented block
per operation (objects are named after the operation ids), one ``doc.recompute()``, then ``cad.verify`` which turns
silent failures (an ``Invalid`` fillet, a hole that misses, an empty result) into one clear error.

Compiling is pure Python (no FreeCAD) and deterministic: the same plan always gives the same text.

    >>> from ai_designer.schemas.task_graph import CADPlan, Box
    >>> script = compile_plan(CADPlan(operations=[Box(id="plate", length=90, width=70, height=8)]))
    >>> "Params.plate_length" in script
    True
"""

from __future__ import annotations

from ai_designer.cad.extents import plan_extents
from ai_designer.freecad.codegen_support import Script, num, one_line
from ai_designer.freecad.plan_checks import check_plan
from ai_designer.ops.registry import spec
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["compile_plan", "parameter_names"]


def _compile(plan: CADPlan) -> Script:
    check_plan(plan)
    s = Script(plan, extents=plan_extents(plan))
    for op in plan.operations:
        spec(op.op).compile(s, op)  # each operation's registry entry writes its block
        s.emit("")
    return s


def compile_plan(plan: CADPlan) -> str:
    """Return the FreeCAD script for ``plan``. Raises :class:`PlanError` for what cannot be compiled (e.g. custom
    code that does not parse or never sets ``shape``)."""
    s = _compile(plan)
    header = [
        f"# ai-designer: {one_line(plan.name)} — generated from CAD plan v{plan.version} by ai_designer.freecad.codegen",
        "# Units: mm and degrees. Every dimension is a cell of the spreadsheet 'Params';",
        "# edit a value there and recompute (Ctrl+R in FreeCAD) to update the model.",
    ]
    if plan.description:
        header.append(f"# {one_line(plan.description)}")
    for a in plan.assumptions:
        header.append(f"# assumption: {one_line(a)}")
    rows = [f"    ({alias!r}, {num(value)}, {note!r})," for alias, value, note in s.params]
    lines = [*header, "", "params = cad.params_sheet(doc, [", *rows, "])", "", *s.lines]
    result = s.ref(plan.result_id)
    lines += [
        "# --- result: build everything once, then check what FreeCAD does not report by itself ---",
        f"result = {result}",
        "doc.recompute()",
        "cad.verify(doc, result, [",
        *[f"    {c}," for c in s.checks],
        "])",
        "",
    ]
    return "\n".join(lines)


def parameter_names(plan: CADPlan) -> list[str]:
    """The spreadsheet aliases ``compile_plan`` creates for ``plan`` (for UIs and edits: ``<op id>_<field>``)."""
    return [alias for alias, _, _ in _compile(plan).params]
