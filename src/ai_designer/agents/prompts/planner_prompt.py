"""Prompts of the planner: the request (plus the current design for edits, plus validation feedback) → a CAD plan.

The operation catalogue is generated from the pydantic models of :mod:`ai_designer.schemas.task_graph`, field
descriptions included (they are the documentation the model reads), so the prompt never drifts from the schema it is
validated against. The conventions and worked examples are plain text here; ``tests/agents/test_planner_prompt.py``
checks that every example is a plan that compiles. ``docs/llm.md`` has the token figures.
"""

from __future__ import annotations

import json
import re
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ai_designer.agents.prompts.planner_examples import EXAMPLES
from ai_designer.agents.prompts.planner_schema import strict_plan_schema

__all__ = ["PLANNER_USER", "PLANNER_EDIT", "PLANNER_FEEDBACK", "PLANNER_PREVIOUS", "PLANNER_REPAIR",
           "planner_system_prompt", "repair_system_prompt", "plan_json_schema", "EXAMPLES"]

PLANNER_SYSTEM = """\
You are the planner of a text-to-CAD tool. Turn the request into a CAD plan: one JSON object that the tool compiles
to FreeCAD. Answer with the JSON object only, no prose, no code fences.

Plan: {"name": str, "description": str, "operations": [op, ...], "result": id or null (null: the last op),
"intent": {"bbox": [dx, dy, dz] or null, "volume": mm3 or null, "holes": count or null}, "assumptions": [str]}

Conventions:
- Millimetres and degrees; Z is up.
- Every primitive rests on the XY plane, centred on the Z axis: a box spans x -L/2..L/2, y -W/2..W/2, z 0..H;
  cylinder, cone, prism, tube, extrude and loft start at z 0; a sphere or torus rests on z 0; a hemisphere has its
  flat face on z 0. "placement" {"at": [x, y, z], "rotate": [rx, ry, rz]} then turns the body about the origin
  (X, then Y, then Z) and moves it by "at". Any primitive may have one.
- 2-D profiles lie in the XY plane centred on the origin: rectangle and slot length along X, width along Y. A
  regular polygon or prism has a corner on +X, so a hexagon's flats face +Y/-Y: across_flats is its size along Y.
- Features (hole, pocket, boss) work on a face of the target's bounding box: top, bottom, front (-Y), back (+Y),
  left (-X), right (+X). "at" gives [u, v] from the centre of that face: top/bottom u=X v=Y, front/back u=X v=Z,
  left/right u=Y v=Z. Holes and pockets go into the part, bosses stand out of it.
- A feature names the "target" it changes; later operations use the feature's own id for the part after it. Every
  operation must reach the result: chain features, join separate bodies with a boolean union.

Operations ("op" selects the kind). name>0: a positive number; name:num any number; name? optional (name?=x:
default x):
{catalogue}
Profiles ("shape"): {profiles}
Positions "at" ("kind"; default the face centre): {positions}
Loft sections: {sections}
Sweep paths ("kind"): {paths}
Edge selectors ("edges"): all; top, bottom (edges at the part's top/bottom); top_outer, bottom_outer (only those on
the outline, not hole rims); vertical; horizontal; circular; straight; convex; concave; outer, inner (outer loops /
rims of holes and pockets); parallel_x|y|z; face:top|bottom|front|back|left|right (the edges of that face).

Examples:
{examples}

Rules:
- Use the numbers the request gives exactly; when a size is missing choose a sensible one and say so in
  "assumptions".
- Fill intent.bbox with the finished part's overall size (it is checked) and intent.holes with the number of hole
  instances when there are holes.
- Prefer the dedicated operations; use "custom" (with "description" and empty "code") only when nothing else fits.
- A fillet radius or chamfer must stay below half the thickness of the side it rounds (a full round: radius = half
  the width on the vertical edges).
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
{request}

Your previous answer:
{answer}

It is not a valid plan:
{errors}
Answer again with the complete corrected JSON object only."""

REPAIR_SYSTEM = """\
You correct CAD plans (JSON) for a text-to-CAD tool. Sizes in mm, Z up, primitives rest on z 0 centred on Z.
Keep everything that is right, fix every error listed, answer with the complete JSON plan only.
Fields of the operations involved ("op" selects; name?=default is optional):
{catalogue}"""


_FAMILIES = {"shape": "profile", "kind": "positions"}


def _family(members: list[Any]) -> str | None:
    """``profile`` / ``positions`` / ``path`` for a union of tagged models (each listed once in the prompt)."""
    if not members or not all(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
        return None
    if all("shape" in m.model_fields for m in members):
        return "profile"
    if all("kind" in m.model_fields for m in members):
        return "path" if any(m.__name__.endswith("Path") for m in members) else "positions"
    return None


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return "|".join(json.dumps(a) for a in args)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        members = [a for a in args if a is not type(None)]
        family = _family(members)
        if family:
            return family
        return " or ".join(dict.fromkeys(_type_name(a) for a in members))
    if origin in (list, tuple):
        if origin is tuple and args and all(a is float for a in args):
            return f"[{', '.join(['num'] * len(args))}]"
        inner = ", ".join(_type_name(a) for a in args if a is not Ellipsis)
        return f"[{inner}]"
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return annotation.__name__
        return {"float": "num", "int": "int", "str": "str", "bool": "bool"}.get(annotation.__name__,
                                                                              annotation.__name__)
    return str(annotation).replace("typing.", "")


def _plain(text: str) -> str:
    """Docstring text without reST markup (double backquotes cost tokens and mean nothing to a model)."""
    return re.sub(r"``([^`]*)``", r"\1", " ".join(text.split()))


_SKIP = {"label", "placement", "id"}  # described once in the conventions (a required placement is listed)


def _value(default: Any) -> str:
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    if isinstance(default, tuple):
        return "[" + ",".join(_value(v) for v in default) + "]"
    return json.dumps(default, default=str)


def _field(name: str, field: Any) -> str:
    kind = _type_name(field.annotation)
    positive = any(getattr(meta, "gt", None) == 0 for meta in field.metadata)
    text = f"{name}>0" if positive and kind == "num" else f"{name}:{kind}"
    if not field.is_required():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel) or default in (None, [], {}):
            text = f"{name}?"
        else:
            text = f"{name}?={_value(default)}"
    if field.description:
        text += f" ({_plain(field.description)})"
    return text


def _describe(model: type[BaseModel], tag: str) -> str:
    kind = model.model_fields[tag].default
    parts = [_field(name, f) for name, f in model.model_fields.items()
             if name != tag and name not in _SKIP or (name == "placement" and f.is_required())]
    doc = _plain((model.__doc__ or "").strip().split("\n\n")[0])
    return f"- {kind}: {', '.join(parts)}" + (f". {doc}" if doc else "")


def _union_members(annotated: Any) -> list[type[BaseModel]]:
    union = typing.get_args(annotated)[0]
    return [m for m in typing.get_args(union) if isinstance(m, type)]


def _catalogue(kinds: set[str] | None = None) -> str:
    from ai_designer.schemas import task_graph as tg

    return "\n".join(_describe(m, "op") for m in _union_members(tg.Operation)
                     if kinds is None or m.model_fields["op"].default in kinds)


@lru_cache(maxsize=1)
def planner_system_prompt() -> str:
    """The system prompt: conventions, the operation catalogue from the schema, worked examples, rules."""
    from ai_designer.ops.loft import LoftSection
    from ai_designer.ops.sweep import SweepPath
    from ai_designer.schemas import task_graph as tg

    profiles = "; ".join(_describe(m, "shape")[2:] for m in _union_members(tg.Profile))
    positions = "; ".join(_describe(m, "kind")[2:] for m in _union_members(tg.Positions))
    paths = "; ".join(_describe(m, "kind")[2:] for m in _union_members(SweepPath))
    examples = "\n".join(f"{i}. {title}:\n{json.dumps(plan, separators=(',', ':'))}"
                         for i, (title, plan) in enumerate(EXAMPLES, start=1))
    fills = {"{catalogue}": _catalogue(), "{profiles}": profiles, "{positions}": positions, "{paths}": paths,
             "{sections}": ", ".join(_field(n, f) for n, f in LoftSection.model_fields.items()), "{examples}": examples}
    text = PLANNER_SYSTEM
    for key, value in fills.items():
        text = text.replace(key, value)
    return text


def repair_system_prompt(answer: str) -> str:
    """A short system prompt for a repair round: the field lines of only the operations the answer uses."""
    kinds = set(re.findall(r'"op"\s*:\s*"([a-z_]+)"', answer))
    return REPAIR_SYSTEM.replace("{catalogue}", _catalogue(kinds) if kinds else _catalogue())


@lru_cache(maxsize=1)
def plan_json_schema() -> dict[str, Any]:
    """CADPlan's JSON schema for structured output in the strict form providers enforce (see ``planner_schema``)."""
    from ai_designer.schemas.task_graph import CADPlan

    return strict_plan_schema(CADPlan.model_json_schema())
