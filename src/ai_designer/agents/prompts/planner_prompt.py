"""Prompts of the planner: the request (plus the current design for edits, plus validation feedback) → a CAD plan.

The operation catalogue is generated from the pydantic models of :mod:`ai_designer.schemas.task_graph`, so the
prompt never drifts from the schema it is validated against.
"""

from __future__ import annotations

import json
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

PLANNER_SYSTEM = """\
You are the planner of a text-to-CAD tool. Turn the user's request into a CAD plan: a JSON object that the
tool compiles to FreeCAD. Answer with the JSON object only — no prose, no code fences.

Plan shape: {{"name": str, "description": str, "operations": [op, ...], "result": id or null,
  "intent": {{"bbox": [dx, dy, dz] or null, "volume": mm3 or null, "solids": 1, "holes": count or null}},
  "assumptions": [str, ...]}}

Conventions:
{conventions}

Operations ("op" selects the kind; "?" marks optional fields, shown with their default):
{catalogue}

Placement (optional on every primitive; transform needs one): {{"at": [x, y, z], "rotate": [rx, ry, rz]}} (degrees).
Edge selectors for fillet/chamfer "edges": {edges}.
Positions "at" default to the centre of the face.
Profiles ("shape" selects the kind): {profiles}
Positions on a face ("kind" selects the kind): {positions}

Rules:
- Every size is in millimetres and must be positive. Use the numbers the user gave exactly; when a size is missing,
  choose a sensible one and say so in "assumptions".
- Fill "intent.bbox" with the overall size the finished part must have (it is checked against the built solid), and
  "intent.holes" with the number of hole instances when the request has holes.
- Prefer the dedicated operations (hole, pocket, fillet, pattern, spur_gear …). Use "custom" (with "description" and
  an empty "code") only for geometry no other operation can express.
- An operation may only refer to ids defined before it.
"""

PLANNER_USER = "Request: {prompt}"

PLANNER_EDIT = """\
The user is editing this existing design. Keep its ids and everything the request does not change; change only what
the request asks, and update "intent" to match:
{current}"""

PLANNER_FEEDBACK = """\
A previous plan for this request was built in FreeCAD and failed these checks:
{feedback}
{previous}Return a corrected plan that fixes every failed check."""

PLANNER_PREVIOUS = "The previous plan was:\n{plan}\n"

PLANNER_OFFLINE_FAILED = """\
The tool's offline parser could not turn this request into a valid plan (it may have misread it):
{error}
{previous}Write the plan yourself from the request."""

PLANNER_OFFLINE_PREVIOUS = "The offline parser's attempt was:\n{plan}\n"

PLANNER_REPAIR = """\
Your answer is not a valid plan:
{errors}
Answer again with the complete corrected JSON object only."""


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return "|".join(json.dumps(a) for a in args)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        names = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(names))
    if origin in (list, tuple):
        if origin is tuple and args and all(a is float for a in args):
            return f"[{', '.join(['number'] * len(args))}]"
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"[{inner}]"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        return {"float": "number", "int": "integer", "str": "string", "bool": "boolean"}.get(
            annotation.__name__, annotation.__name__)
    return str(annotation).replace("typing.", "")


def _describe(model: type[BaseModel], tag: str) -> str:
    kind = model.model_fields[tag].default
    parts = []
    for name, field in model.model_fields.items():
        if name in (tag, "label"):
            continue
        text = f"{name}: {_type_name(field.annotation)}"
        for meta in field.metadata:
            if getattr(meta, "gt", None) is not None:
                text += " >0" if meta.gt == 0 else f" >{meta.gt}"
        if not field.is_required():
            default = field.get_default(call_default_factory=True)
            if isinstance(default, BaseModel) or default in (None, [], {}):  # placement, default positions: described once in the prompt
                text = f"{name}?"
            else:
                text = f"{name}?={json.dumps(default, default=str)}"
        parts.append(text)
    doc = (model.__doc__ or "").strip().split("\n")[0]
    return f"- {kind}: {', '.join(parts)}" + (f"  — {doc}" if doc else "")


def _union_members(annotated: Any) -> list[type[BaseModel]]:
    union = typing.get_args(annotated)[0]
    return [m for m in typing.get_args(union) if isinstance(m, type)]


@lru_cache(maxsize=1)
def planner_system_prompt() -> str:
    """The system prompt, with the conventions and the operation catalogue taken from the schema module."""
    from ai_designer.schemas import task_graph as tg

    doc = tg.__doc__ or ""
    conventions = doc.split("Conventions (the generator and every planner rely on them):", 1)[-1]
    conventions = conventions.split("Example::", 1)[0].strip()
    catalogue = "\n".join(_describe(m, "op") for m in _union_members(tg.Operation))
    profiles = "; ".join(_describe(m, "shape")[2:] for m in _union_members(tg.Profile))
    positions = "; ".join(_describe(m, "kind")[2:] for m in _union_members(tg.Positions))
    return PLANNER_SYSTEM.format(conventions=conventions, catalogue=catalogue, profiles=profiles,
                                 positions=positions, edges=", ".join(tg.EDGE_SELECTORS))


def _strip_schema(node: Any, names: bool = False) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if not names and key in ("title", "description", "discriminator"):
                continue
            if names and key == "label":
                continue
            out[key] = _strip_schema(value, key in ("properties", "$defs"))
        if not names and "required" in out and "properties" in out:
            out["required"] = [r for r in out["required"] if r in out["properties"]]
        return out
    if isinstance(node, list):
        return [_strip_schema(v) for v in node]
    return node


@lru_cache(maxsize=1)
def plan_json_schema() -> dict[str, Any]:
    """CADPlan's JSON schema for structured output, without titles, descriptions and labels: the system prompt
    already explains the fields, and every schema token is paid for on every call (~4k tokens instead of ~7k)."""
    from ai_designer.schemas.task_graph import CADPlan

    return _strip_schema(CADPlan.model_json_schema())
