"""Compatibility name for :class:`ai_designer.llm.provider.UnifiedLLMProvider` (SPEC.md names this path).

The provider lives in ``ai_designer.llm``; ``core`` is the ground floor and imports nothing above it at import time,
so the name is resolved on first attribute access (PEP 562).
"""

from importlib import import_module
from typing import Any

_NAMES = ("UnifiedLLMProvider", "load_litellm")


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module("ai_designer.llm.provider"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
