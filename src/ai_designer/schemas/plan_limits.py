"""Bounds on a CAD plan, checked when it is validated — before anything compiles or builds it.

Why: a plan is untrusted input (API/MCP clients, language models). Compiling and building cost grows with the number
of operations and pattern instances, so an 800-byte plan with five 200 × 200 hole grids could pin the API's CPU for
minutes. These limits keep every plan's compile time bounded (well under a second at the limits; see
docs/security.md) while leaving real parts far inside them: a 1000-hole perforated panel still fits.
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["MAX_OPERATIONS", "MAX_INSTANCES", "MAX_ABS_MM", "check_limits"]

MAX_OPERATIONS = 200
MAX_INSTANCES = 1000  # pattern positions (holes, bosses, copies) over the whole plan
MAX_ABS_MM = 1_000_000.0  # one kilometre: any length, offset or angle beyond this is a mistake


def check_limits(dumped: dict[str, Any]) -> None:
    """Raise ``ValueError`` (pydantic turns it into a validation error) when a plan exceeds a bound.
    ``dumped`` is ``plan.model_dump()``."""
    operations = dumped.get("operations") or []
    if len(operations) > MAX_OPERATIONS:
        raise ValueError(f"the plan has {len(operations)} operations; the limit is {MAX_OPERATIONS}. "
                         "Use patterns instead of repeating operations.")
    instances = sum(_instances(op) for op in operations)
    if instances > MAX_INSTANCES:
        raise ValueError(f"the plan places {instances} pattern instances (holes, copies …); the limit is "
                         f"{MAX_INSTANCES}. Use fewer or coarser patterns.")
    for path, value in _numbers(dumped, "plan"):
        bound = MAX_ABS_MM ** 3 if path.endswith(".volume") else MAX_ABS_MM  # a volume is mm³: a 20 cm block's is 8e6
        if not math.isfinite(value) or abs(value) > bound:
            raise ValueError(f"{path} = {value!r} is out of range: numbers must be finite and within "
                             f"±{bound:g} ({'mm³' if bound != MAX_ABS_MM else 'mm or degrees'}).")


def _instances(node: Any) -> int:
    """Pattern positions under ``node``: ``count`` / ``count_x × count_y`` of each pattern, point lists' lengths."""
    if isinstance(node, dict):
        own = 0
        if isinstance(node.get("count_x"), int) and isinstance(node.get("count_y"), int):
            own = node["count_x"] * node["count_y"]
        elif isinstance(node.get("count"), int):
            own = node["count"]
        elif isinstance(node.get("points"), list):
            own = len(node["points"])
        inner = sum(_instances(v) for k, v in node.items() if k != "points")
        return own * max(inner, 1) if own else inner
    if isinstance(node, list):
        return sum(_instances(v) for v in node)
    return 0


def _numbers(node: Any, path: str) -> list[tuple[str, float]]:
    if isinstance(node, bool):
        return []
    if isinstance(node, (int, float)):
        return [(path, float(node))]
    if isinstance(node, dict):
        return [n for k, v in node.items() for n in _numbers(v, f"{path}.{k}")]
    if isinstance(node, (list, tuple)):
        return [n for i, v in enumerate(node) for n in _numbers(v, f"{path}[{i}]")]
    return []
