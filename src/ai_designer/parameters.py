"""A plan's editable parameters — the cells of the ``Params`` spreadsheet — and editing them without a language model.

Every model ai-designer builds is driven by a ``Params`` spreadsheet whose aliases are ``<op id>_<field>``
(``plate_length``, ``holes_diameter``, ``holes_pcd``). Changing one of them and rebuilding is what a FreeCAD user does
by hand; this module does it on the plan, so the new version goes through the same compiler and the same validation
as any other: the browser's number fields, ``ai-designer design --session S --set plate_length=120``, the REST
endpoint ``POST /api/v1/design/{id}/parameters`` and the MCP tool ``set_parameters`` all call :func:`set_parameters`.

    >>> from ai_designer.planning.planner import plan_offline
    >>> plan = plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes")
    >>> [p.name for p in list_parameters(plan)][:3]
    ['plate_length', 'plate_width', 'plate_height']
    >>> set_parameters(plan, {"plate_length": 120}).intent.bbox
    (120.0, 70.0, 8.0)

Why the alias → field mapping is resolved here rather than recorded by the compiler: the compiler's aliases are the
contract users see in FreeCAD; this module maps each back to the one plan field holding that number and checks the
value there matches, so an alias it cannot map is simply not offered for editing (never edited in the wrong place).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from ai_designer.core.errors import PlanError
from ai_designer.schemas.task_graph import CADPlan, Hole

__all__ = ["Parameter", "ParameterError", "UnknownParameterError", "InvalidParameterError", "list_parameters",
           "set_parameters", "parse_assignments", "describe_change"]

Path = tuple[str | int, ...]
_POSITIONS = {"spacing_x": ("at", "spacing_x"), "spacing_y": ("at", "spacing_y"), "spacing": ("at", "spacing"),
              "pcd": ("at", "diameter")}
_FACE_AXES = {"top": (0, 1), "bottom": (0, 1), "front": (0, 2), "back": (0, 2), "left": (1, 2), "right": (1, 2)}
_INNER = re.compile(r"inner(\d+)_(\w+)$")


class ParameterError(PlanError):
    """A parameter edit that cannot be applied; the message names the parameter and what to do."""

    code = "invalid_parameter"


class UnknownParameterError(ParameterError):
    code = "unknown_parameter"
    http_status = 422


class InvalidParameterError(ParameterError):
    code = "invalid_parameter"
    http_status = 422


@dataclass(frozen=True)
class Parameter:
    """One editable cell: ``name`` (the FreeCAD alias), ``value``, ``unit`` (``mm`` or ``deg``), ``label``, and a
    suggested range for number fields (``minimum`` is exclusive of 0 for sizes)."""

    name: str
    value: float
    unit: str
    label: str
    minimum: float
    maximum: float

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "unit": self.unit, "label": self.label,
                "min": self.minimum, "max": self.maximum}


def _cells(plan: CADPlan) -> list[tuple[str, float, str]]:
    """``(alias, value, note)`` of each spreadsheet cell, from the compiler itself (the names users see)."""
    from ai_designer.freecad.codegen import _compile

    try:
        return _compile(plan).params
    except PlanError:
        return []


def _get(data: Any, path: Path) -> Any:
    for key in path:
        if isinstance(data, dict) and isinstance(key, str):
            data = data.get(key)
        elif isinstance(data, list) and isinstance(key, int) and key < len(data):
            data = data[key]
        else:
            return None
    return data


def _candidates(suffix: str) -> list[Path]:
    paths: list[Path] = [(suffix,), ("profile", suffix)]
    if suffix in _POSITIONS:
        paths.insert(0, _POSITIONS[suffix])
    inner = _INNER.match(suffix)
    if inner:
        paths.append(("inner", int(inner.group(1)), inner.group(2)))
    return paths


def _resolve(ops: dict[str, dict[str, Any]], alias: str, value: float) -> tuple[str, Path] | None:
    """The op id and field path holding ``alias``'s number (its value must match), or None."""
    for op_id in sorted(ops, key=len, reverse=True):  # longest id first: "holes2_diameter" is not "holes"
        if not alias.startswith(op_id + "_"):
            continue
        suffix = alias[len(op_id) + 1:]
        for path in _candidates(suffix):
            found = _get(ops[op_id], path)
            if isinstance(found, int | float) and not isinstance(found, bool) and math.isclose(found, value):
                return op_id, path
    return None


def _mapping(plan: CADPlan) -> dict[str, tuple[str, Path, float, str]]:
    ops = {op.id: op.model_dump(mode="json") for op in plan.operations if op.op != "custom"}
    out: dict[str, tuple[str, Path, float, str]] = {}
    for alias, value, note in _cells(plan):
        where = _resolve(ops, alias, value)
        if where is not None:
            out[alias] = (where[0], where[1], value, note)
    return out


def list_parameters(plan: CADPlan) -> list[Parameter]:
    """The plan's editable parameters, in the order of the ``Params`` spreadsheet."""
    params = []
    for alias, (op_id, _, value, note) in _mapping(plan).items():
        unit = "deg" if "(deg)" in note else "mm"
        label = re.sub(r"\s*\((mm|deg)\)\s*$", "", note.split(":", 1)[-1]).strip() or alias
        face = getattr(plan.get(op_id), "face", None)
        if face in _FACE_AXES:  # "spacing along u" means X on the top face: say the axis people see
            u, v = ("XYZ"[i] for i in _FACE_AXES[face])
            label = label.replace("along u", f"along {u}").replace("along v", f"along {v}")
        high = 360.0 if unit == "deg" else max(10 * value, 10.0)
        low = -45.0 if "draft" in label else 0.0
        params.append(Parameter(alias, value, unit, label, low, round(high, 6)))
    return params


def _number(alias: str, raw: Any) -> float:
    if isinstance(raw, bool):
        raise InvalidParameterError(f"{alias}: {raw!r} is not a number; give a size in mm, e.g. {alias}=12")
    try:
        value = float(str(raw).strip().removesuffix("mm").strip()) if isinstance(raw, str) else float(raw)
    except (TypeError, ValueError):
        raise InvalidParameterError(f"{alias}: {raw!r} is not a number; give a size in mm, e.g. {alias}=12") from None
    if not math.isfinite(value):
        raise InvalidParameterError(f"{alias}: {raw!r} is not a finite number")
    return value


def _set(data: Any, path: Path, value: float) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def set_parameters(plan: CADPlan, values: Mapping[str, Any]) -> CADPlan:
    """A new plan with ``values`` (``{alias: number}``) applied and its intent recomputed by formula.

    Raises :class:`UnknownParameterError` naming the parameters that exist, or :class:`InvalidParameterError` when a
    value is not a number or makes the plan invalid (a hole wider than its plate, a wall thicker than the part)."""
    if not values:
        raise InvalidParameterError("no parameter values given: send e.g. {\"values\": {\"plate_length\": 120}}")
    mapping = _mapping(plan)
    unknown = [name for name in values if name not in mapping]
    if unknown:
        known = ", ".join(mapping) or "none (this plan has no editable sizes)"
        raise UnknownParameterError(f"unknown parameter{'s' if len(unknown) > 1 else ''} "
                                    f"{', '.join(repr(u) for u in unknown)}; this design has: {known}")
    data = plan.model_dump(mode="json")
    ops = {op["id"]: op for op in data["operations"]}
    for alias, raw in values.items():
        op_id, path, _, note = mapping[alias]
        value = _number(alias, raw)
        if value <= 0 and "(deg)" not in note and path[-1] != "taper":
            raise InvalidParameterError(f"{alias} must be more than 0 mm (got {value:g})")
        _set(ops[op_id], path, value)
    try:
        new = CADPlan.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(str(e.get("msg", "invalid")).removeprefix("Value error, ") for e in exc.errors()[:3])
        raise InvalidParameterError(f"these values do not make a valid part: {problems}") from None
    _check_holes_fit(new)
    return _with_intent(plan, new)


def _check_holes_fit(plan: CADPlan) -> None:
    """Refuse a round hole that no longer fits on its face (FreeCAD would cut the part apart or miss it)."""
    from ai_designer.cad.extents import plan_extents

    extents = plan_extents(plan)
    for op in plan.operations:
        if not isinstance(op, Hole):
            continue
        box = extents.get(op.target)
        if box is None or not box.exact:
            continue
        u, v = _FACE_AXES[op.face]
        size_u, size_v, r = box.size[u], box.size[v], op.diameter / 2
        for pu, pv in op.at.resolve():
            if abs(pu) + r > size_u / 2 + 1e-6 or abs(pv) + r > size_v / 2 + 1e-6:
                raise InvalidParameterError(
                    f"{op.id}: a {op.diameter:g} mm hole at ({pu:g}, {pv:g}) does not fit on the {size_u:g} x "
                    f"{size_v:g} mm {op.face} face of {op.target}: make the hole smaller, move it in, or make the "
                    "part larger")


def _with_intent(old: CADPlan, new: CADPlan) -> CADPlan:
    """Recompute the intent the validator checks (size, volume, hole count) from the edited plan."""
    from ai_designer.planning.intent import plan_intent

    try:
        intent = plan_intent(new)
    except PlanError as exc:
        raise InvalidParameterError(f"these values do not make a valid part: {exc.message}") from None
    except (ValueError, ArithmeticError) as exc:
        raise InvalidParameterError(f"these values do not make a valid part: {exc}") from None
    new.intent = intent.model_copy(update={"bbox_tolerance": old.intent.bbox_tolerance,
                                           "volume_tolerance": old.intent.volume_tolerance,
                                           "solids": old.intent.solids, "notes": list(old.intent.notes)})
    return new


def parse_assignments(items: list[str]) -> dict[str, float | str]:
    """``["plate_length=120", "holes_diameter=6"]`` (CLI ``--set``) → ``{"plate_length": "120", ...}``."""
    out: dict[str, float | str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InvalidParameterError(f"--set {item!r}: write NAME=VALUE, e.g. --set plate_length=120")
        out[name.strip()] = value.strip()
    return out


def describe_change(plan: CADPlan, values: Mapping[str, Any]) -> str:
    """The version's prompt for a parameter edit: ``set plate_length = 120 mm (was 90)``."""
    before = {p.name: p for p in list_parameters(plan)}
    parts = []
    for alias, raw in values.items():
        old = before.get(alias)
        value = _number(alias, raw)
        unit = old.unit if old else "mm"
        parts.append(f"{alias} = {value:g} {unit}" + (f" (was {old.value:g})" if old else ""))
    return "set " + ", ".join(parts)
