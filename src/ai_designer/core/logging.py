"""Logging set-up, done once by entry points (CLI, API, worker) — never at import time."""

from __future__ import annotations

import logging

__all__ = ["configure_logging"]


def configure_logging(level: str = "WARNING") -> None:
    logging.basicConfig(
        level=getattr(logging, level.upper(), logging.WARNING),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    for noisy in ("LiteLLM", "litellm", "httpx", "httpcore", "trimesh"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
