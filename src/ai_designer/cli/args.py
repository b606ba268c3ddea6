"""Checks of ``design``'s flags that need nothing but Typer, so the daemon path can run them before any heavy
import (a usage error exits 2 the same way with or without a daemon)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ai_designer.agents.contracts import Routing

__all__ = ["routing_of"]


def routing_of(*, offline: bool, llm: bool, model: str | None) -> Routing:
    """The run's routing from the flags; contradictory flags are a usage error (exit 2) that says which to drop."""
    if offline and llm:
        raise typer.BadParameter("--offline and --llm contradict each other: give one of them")
    if offline and model:
        raise typer.BadParameter("--offline never calls a model, so -m/--model would be ignored: drop one of them")
    return "offline" if offline else "llm" if llm else "auto"
