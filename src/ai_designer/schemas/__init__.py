"""Pydantic contracts shared by every layer. Submodules are loaded on first use (no import-time work)."""

from importlib import import_module
from typing import Any

_EXPORTS = {
    "LLMProvider": "llm_schemas", "LLMRole": "llm_schemas", "LLMMessage": "llm_schemas",
    "LLMRequest": "llm_schemas", "LLMResponse": "llm_schemas",
    "DesignCreateRequest": "api_schemas", "DesignResponse": "api_schemas", "DesignStatusResponse": "api_schemas",
    "CADPlan": "task_graph", "Intent": "task_graph",
    "GeometryReport": "validation", "ValidationReport": "validation", "Check": "validation",
    "DesignResult": "design_state", "DesignStatus": "design_state", "SessionState": "design_state",
    "LLMUsage": "design_state", "JobSpec": "execution", "JobResult": "execution",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"ai_designer.schemas.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
