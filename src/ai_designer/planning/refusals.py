"""How the offline planner says no: a ``RejectedError`` naming the problem and how to let a model plan it.

Kept apart from ``context.py`` so the lexer and the grammar modules can refuse without importing the builders
(no import cycles in ``planning/``).
"""

from __future__ import annotations

from ai_designer.core.errors import RejectedError

__all__ = ["LLM_HINT", "ambiguous", "reject"]

LLM_HINT = ("set OPENAI_API_KEY / ANTHROPIC_API_KEY or AGENT_PLANNER_PRIMARY=ollama/… to let a language model plan it")


def reject(problem: str) -> RejectedError:
    return RejectedError(f"{problem}; the offline planner cannot express this — {LLM_HINT}",
                         details={"problem": problem})


def ambiguous(problem: str) -> RejectedError:
    """The words were all understood and they allow two different parts: final (no other reading is tried)."""
    error = reject(problem)
    error.details["final"] = True
    return error
