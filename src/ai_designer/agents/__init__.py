"""The agents: planner, generator, validator, and the orchestrator's refine loop. Loaded on first use.

    from ai_designer.agents import PlannerAgent, is_llm_configured
"""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BaseAgent": "base", "PlannerAgent": "planner", "PlanOutcome": "planner", "GeneratorAgent": "generator",
    "GenerateOutcome": "generator", "ValidatorAgent": "validator", "ReviewOutcome": "validator",
    "Orchestrator": "orchestrator",
}
__all__ = sorted([*_EXPORTS, "is_llm_configured"])


def __getattr__(name: str) -> Any:
    if name == "is_llm_configured":
        from ai_designer.llm.routing import is_llm_configured

        return is_llm_configured
    if name in _EXPORTS:
        return getattr(import_module(f"ai_designer.agents.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
