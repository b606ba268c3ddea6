"""Shared pieces of the MCP tests: a stdio session on a real ``ai-designer mcp`` process, result checks."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.types import CallToolResult
from svc_helpers import child_env

BLOCK = "a 100 x 60 x 20 mm block with a 12 mm hole through the middle"
BLOCK_VOLUME = 100 * 60 * 20 - 3.141592653589793 * 6**2 * 20
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@asynccontextmanager
async def stdio_session(home: Path, **env: str) -> AsyncIterator[ClientSession]:
    """``ai-designer mcp`` (the console script) as a subprocess, with the SDK's stdio client."""
    exe = Path(sys.executable).parent / "ai-designer"
    params = StdioServerParameters(command=str(exe), args=["mcp"], cwd=str(home),
                                   env=child_env(AI_DESIGNER_HOME=str(home), JOB_BACKEND="local", POOL_WORKERS="1",
                                                 LOG_LEVEL="WARNING", **env))
    home.mkdir(parents=True, exist_ok=True)
    with (home / "mcp-stderr.log").open("w") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            yield session


def structured(result: CallToolResult) -> dict[str, Any]:
    assert result.structured_content is not None, result.content
    return dict(result.structured_content)


def text_of(result: CallToolResult) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


class Progress:
    """A progress callback that remembers every notification."""

    def __init__(self) -> None:
        self.events: list[tuple[float, float | None, str | None]] = []

    async def __call__(self, progress: float, total: float | None, message: str | None) -> None:
        self.events.append((progress, total, message))

    @property
    def messages(self) -> list[str]:
        return [m or "" for _, _, m in self.events]
