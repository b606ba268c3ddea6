"""Load the public example suite (``examples/prompts/*.yaml``) and evaluate its expected-geometry formulas safely.

Each file has ``category`` and ``cases``; a case is one of

* ``{prompt, expect: {bbox: [dx, dy, dz], volume: "formula", holes: n, volume_tol: 0.02}}``
* ``{prompt, reject: rejected | invalid_plan}``
* ``{session: [{prompt, expect?}, …]}`` — edits applied in order to the previous step's plan.

Formulas are plain arithmetic with ``pi``, ``sqrt``, ``sin``, ``cos``, ``tan``, ``radians`` (evaluated by walking
the AST, never ``eval``), written from the drawing, not from the planner's output.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2] / "examples" / "prompts"
_FUNCS = {"sqrt": math.sqrt, "asin": math.asin, "acos": math.acos, "sin": math.sin, "cos": math.cos, "tan": math.tan, "radians": math.radians,
          "atan": math.atan, "min": min, "max": max, "abs": abs}
_NAMES = {"pi": math.pi, "inch": 25.4}
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.Pow: operator.pow, ast.USub: operator.neg, ast.UAdd: operator.pos}


def formula(expr: Any) -> float:
    """Evaluate ``expr`` (a number or an arithmetic string) without ``eval``."""
    if isinstance(expr, (int, float)):
        return float(expr)

    def ev(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        if isinstance(node, ast.Name) and node.id in _NAMES:
            return _NAMES[node.id]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCS:
            return float(_FUNCS[node.func.id](*(ev(a) for a in node.args)))
        raise ValueError(f"unsupported expression element: {ast.dump(node)[:60]}")

    return ev(ast.parse(str(expr), mode="eval"))


@dataclass
class Step:
    prompt: str
    expect: dict[str, Any] | None = None
    reject: str | None = None


@dataclass
class Case:
    id: str
    category: str
    steps: list[Step] = field(default_factory=list)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(ROOT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        cat = data["category"]
        for i, raw in enumerate(data["cases"], start=1):
            if "session" in raw:
                steps = [Step(s["prompt"], s.get("expect"), s.get("reject")) for s in raw["session"]]
            else:
                steps = [Step(raw["prompt"], raw.get("expect"), raw.get("reject"))]
            cases.append(Case(id=raw.get("id") or f"{path.stem}-{i:03d}", category=cat, steps=steps))
    return cases


def prompt_count(cases: list[Case]) -> int:
    return sum(len(c.steps) for c in cases)
