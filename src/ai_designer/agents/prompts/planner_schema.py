"""The plan's JSON schema in the strict form that OpenAI-style structured output enforces.

Strict mode accepts a subset of JSON Schema: every object lists all its properties as required and forbids others,
optional fields are nullable instead of absent, unions are ``anyOf`` (no ``oneOf``/``discriminator``), no
``default``/``prefixItems`` and few numeric keywords. Pydantic's schema is rewritten into that subset; the planner
drops the ``null`` values a model then writes for fields it leaves at their default (every nullable plan field
defaults to ``None``, so dropping is exact). Titles and descriptions are removed: the system prompt carries them.
"""

from __future__ import annotations

from typing import Any

__all__ = ["strict_plan_schema", "drop_nulls"]

_DROP = {"title", "description", "default", "discriminator", "exclusiveMinimum", "exclusiveMaximum", "minimum",
         "maximum", "minLength", "maxLength", "minItems", "maxItems", "pattern", "format"}


def _merge_simple(node: dict[str, Any]) -> dict[str, Any]:
    """``anyOf [{type: a}, {type: null}]`` written as ``type: [a, null]`` (same meaning, fewer tokens)."""
    branches = node.get("anyOf", [])
    if len(node) == 1 and branches and all(set(b) == {"type"} and isinstance(b["type"], str) for b in branches):
        return {"type": [b["type"] for b in branches]}
    return node


def _nullable(node: dict[str, Any]) -> dict[str, Any]:
    if "anyOf" in node:
        if not any(o.get("type") == "null" for o in node["anyOf"]):
            node = {**node, "anyOf": [*node["anyOf"], {"type": "null"}]}
        return node
    if "$ref" in node:
        return {"anyOf": [node, {"type": "null"}]}
    kind = node.get("type")
    if isinstance(kind, str):
        node = {**node, "type": [kind, "null"]}
        if "enum" in node:
            node["enum"] = [*node["enum"], None]
    return node


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(v) for v in node]
    if not isinstance(node, dict):
        return node
    out = {k: v for k, v in node.items() if k not in _DROP}
    if "const" in out:
        out["enum"] = [out.pop("const")]
    if "oneOf" in out:
        out["anyOf"] = out.pop("oneOf")
    if "prefixItems" in out:
        out["items"] = out.pop("prefixItems")[0]
    if "anyOf" in out:  # pydantic writes `X | None` as anyOf [X, null]; keep, but make each branch strict
        out["anyOf"] = [_strict(o) for o in out["anyOf"]]
        out = _merge_simple(out)
    for key in ("items", "additionalProperties"):
        if isinstance(out.get(key), dict):
            out[key] = _strict(out[key])
    if "$defs" in out:
        out["$defs"] = {name: _strict(d) for name, d in out["$defs"].items()}
    if "properties" in out:
        required = set(out.get("required", []))
        props = {}
        for name, prop in out["properties"].items():
            if name == "label":
                continue
            tag = "const" in prop  # the discriminator ("op", "shape", "kind"): always written, never null
            prop = _strict(prop)
            props[name] = prop if name in required or tag else _merge_simple(_nullable(prop))
        out["properties"] = props
        out["required"] = list(props)
        out["additionalProperties"] = False
    return out


def strict_plan_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``CADPlan.model_json_schema()`` rewritten for strict structured output (labels left out)."""
    strict: dict[str, Any] = _strict(schema)
    return strict


def drop_nulls(value: Any) -> Any:
    """The model's JSON with ``null`` members removed (they mean "default" under a strict schema)."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value
