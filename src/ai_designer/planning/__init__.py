"""The offline natural-language planner: prompt (+ current design) -> CAD plan, with no model and no network.

    >>> from ai_designer.planning import plan_offline
    >>> plan = plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm holes at the corners, 6 mm from both edges")
    >>> plan.intent.bbox, plan.intent.holes
    ((90.0, 70.0, 8.0), 4)

See ``docs/planner.md`` for what it understands and how to extend the vocabulary (``planning/vocab/*.yaml``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ai_designer.planning.planner import plan_offline

__all__ = ["plan_offline"]


def __getattr__(name: str) -> Any:
    if name == "plan_offline":
        from ai_designer.planning.planner import plan_offline

        return plan_offline
    raise AttributeError(name)
