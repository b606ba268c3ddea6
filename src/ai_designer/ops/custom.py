"""``custom``: FreeCAD Python that the compiler cannot express, written by a model; it runs in the job sandbox and
must set ``shape``.

Schema, FreeCAD compilation and checks, registered together; its box and volume are unknown until it runs. The
code is checked against the sandbox policy before anything runs, runs in a function of its own between clearly
marked lines, and its result becomes a ``Part::Feature``. Each input's shape is passed under the input's own id.
"""

from __future__ import annotations

import ast
import keyword
import textwrap
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ai_designer.ops.registry import OpSpec, register
from ai_designer.schemas.op_base import OpBase

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Custom"]

_NAMESPACE = {"doc", "App", "FreeCAD", "Part", "Vector", "Placement", "Rotation", "math", "cad", "shape", "Sketcher"}


class Custom(OpBase):
    """FreeCAD Python the compiler cannot express (LLM-written); runs in the sandbox and must set ``shape``."""

    op: Literal["custom"] = "custom"
    description: str
    code: str = Field(max_length=20000)
    inputs: list[str] = Field(default_factory=list, description="ids whose shapes the code may read")

    def references(self) -> list[str]:
        return list(self.inputs)


def _check_code(op: Custom) -> None:
    from ai_designer.core.errors import PlanError, PolicyViolation
    from ai_designer.freecad import policy

    try:
        tree = policy.check_custom(op.code)
    except PolicyViolation as exc:
        raise PlanError(f"custom operation {op.id!r}: {exc.message}") from exc
    assigned = {t.id for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign))
                for t in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(t, ast.Name)}
    if "shape" not in assigned:
        raise PlanError(f"custom operation {op.id!r} must assign the final Part shape to a variable named `shape`")


def _compile(s: Script, op: Custom) -> None:
    from ai_designer.freecad.codegen_support import one_line

    _check_code(op)
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


def _estimate(op: Custom, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.planning.intent import nan_box

    return nan_box()


def _check(op: Custom, plan: Any, extents: dict[str, Any]) -> list[str]:
    """Inputs whose ids the job sandbox refuses as names (the code would read them under those names)."""
    from ai_designer.freecad.policy import DENIED_NAMES

    bad = [i for i in op.inputs if i in DENIED_NAMES]
    if bad:
        return [f"custom {op.id!r}: its code would read inputs named {bad}, which job scripts may not use as names; "
                "rename those operations (e.g. 'base_os')"]
    return []


SPEC = register(OpSpec("custom", Custom, _compile, lambda op, known: None, _estimate, check=_check))
