"""The plan's JSON schema in the strict form that OpenAI-style structured output enforces.

Strict mode accepts a subset of JSON Schema: every object lists all its properties as required and forbids others,
optional fields are nullable instead of absent, unions are ``anyOf`` (no ``oneOf``/``discriminator``), no
``default``/``prefixItems`` and few numeric keywords. Pydantic's schema is rewritten into that subset; the planner
drops the ``null`` values a model then writes for fields it leaves at their default (every nullable plan field
defaults to ``None``, so dropping is exact). Titles and descriptions are removed: the system prompt carries them.

The schema is also made small, since a provider reads (and bills) it on every call: a union or an enum used in
several places (the profile kinds, the positions, the edge selectors, the face names) becomes one shared ``$defs``
entry, and fields a model has no business writing (``version``, ``units``, ``ignored``, the intent's tolerances and
notes: the tool's own bookkeeping, left at their defaults) are not offered.
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


#: Fields the tool fills or keeps at their defaults; a model never needs to write them.
_NOT_FOR_MODELS = {"": ("version", "units", "ignored"), "Intent": ("bbox_tolerance", "volume_tolerance", "notes")}
#: Names of the shared definitions, by a member that identifies them (the first that matches; the names of the
#: pydantic types: a face feature's ``Profile`` may be an outline, a loft/sweep ``SectionProfile`` may be offset).
_SHARED_NAMES = [("#/$defs/Outline", "Profile"), ("#/$defs/OffsetProfile", "SectionProfile"),
                 ("#/$defs/Rectangle", "BaseProfile"),
                 ("#/$defs/GridPattern", "Positions"), ("#/$defs/PolylinePath", "Path"),
                 ("top_outer", "EdgeSelector"), ("front", "FaceName")]


def _name(members: list[str]) -> str | None:
    return next((name for key, name in _SHARED_NAMES if key in members), None)


def _drop_fields(node: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        node["properties"].pop(name, None)
    node["required"] = [r for r in node["required"] if r not in names]


def _shareable(node: Any) -> tuple[str, dict[str, Any], bool] | None:
    """(name, shared definition, nullable) when ``node`` is a union of references or a string enum worth sharing."""
    if not isinstance(node, dict):
        return None
    branches = node.get("anyOf", [])
    refs = [b for b in branches if "$ref" in b]
    if len(refs) >= 3 and all(set(b) == {"$ref"} for b in refs) and len(refs) + 1 >= len(branches) and len(node) == 1:
        name = _name([b["$ref"] for b in refs])
        return (name, {"anyOf": refs}, len(refs) < len(branches)) if name else None
    values = node.get("enum", [])
    words = [v for v in values if v is not None]
    if len(words) >= 6 and all(isinstance(v, str) for v in words):
        name = _name(words)
        return (name, {"type": "string", "enum": words}, None in values) if name else None
    return None


def _count(node: Any, counts: dict[str, int]) -> None:
    if isinstance(node, list):
        for v in node:
            _count(v, counts)
    elif isinstance(node, dict):
        found = _shareable(node)
        if found is not None:
            counts[found[0]] = counts.get(found[0], 0) + 1
        for v in node.values():
            _count(v, counts)


def _share(node: Any, shared: dict[str, dict[str, Any]], counts: dict[str, int]) -> Any:
    """``node`` with unions and enums used more than once replaced by references to ``shared`` (filled on the
    way)."""
    if isinstance(node, list):
        return [_share(v, shared, counts) for v in node]
    if not isinstance(node, dict):
        return node
    found = _shareable(node)
    if found is not None and counts[found[0]] > 1:
        name, definition, nullable = found
        assert shared.get(name, definition) == definition, f"two different unions would share the name {name}"
        shared[name] = definition
        ref = {"$ref": f"#/$defs/{name}"}
        return {"anyOf": [ref, {"type": "null"}]} if nullable else ref
    return {k: _share(v, shared, counts) for k, v in node.items()}


def strict_plan_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """``CADPlan.model_json_schema()`` rewritten for strict structured output (labels left out) and made small."""
    strict: dict[str, Any] = _strict(schema)
    for where, names in _NOT_FOR_MODELS.items():
        _drop_fields(strict["$defs"][where] if where else strict, names)
    shared: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    _count(strict, counts)
    strict = _share(strict, shared, counts)
    strict["$defs"].update(shared)
    return strict


def drop_nulls(value: Any) -> Any:
    """The model's JSON with ``null`` members removed (they mean "default" under a strict schema)."""
    if isinstance(value, dict):
        return {k: drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value
