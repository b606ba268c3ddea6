"""Build the ai-designer MCP server (official ``mcp`` SDK, ``MCPServer`` — FastMCP's name in mcp 2.x) and run it.

    ai-designer mcp                 # stdio, for Claude Desktop / Claude Code / Cursor (command: ai-designer, args: [mcp])
    ai-designer mcp --http          # Streamable HTTP at http://127.0.0.1:8765/mcp
    ai-designer serve               # the REST API also serves MCP at /mcp, behind the same auth and rate limit

The server is a thin adapter over :class:`~ai_designer.jobs.service.DesignService`: the same store
(``AI_DESIGNER_HOME``), the same job back end and the same checks as the REST API, so a part made in a chat is in the
browser UI and the REST API too.
"""

from __future__ import annotations

from typing import Any

from mcp.server.mcpserver import MCPServer

from ai_designer import __version__
from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService
from ai_designer.mcp.resources import register_resources
from ai_designer.mcp.tools import register_tools

__all__ = ["build_server", "run_stdio", "INSTRUCTIONS"]

INSTRUCTIONS = """ai-designer turns a description of a mechanical part into an exact, validated, parametric FreeCAD
model (FCStd, STEP, STL, PNG preview), built headless in a sandbox. Call `design` with one part described with sizes in
mm and feature positions; check `geometry` (bbox, volume) and `assumptions`, show the preview, then edit with `refine`
("make it 10 mm thick") or `set_parameters`. If a prompt is rejected, rephrase with explicit sizes or write the CAD plan
yourself with `build_plan` (schema: resource ai-designer://schema/plan). Read the guide resource ai-designer://guide for
what the planner understands. Files are resources design://<id>/<version>/<format>."""


_SDK_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def build_server(settings: Settings, service: DesignService, *, local_files: bool) -> MCPServer[Any]:
    """An MCP server over ``service``; ``local_files`` (stdio only) lets ``analyze_fcstd`` open local paths."""
    level: Any = settings.log_level if settings.log_level in _SDK_LEVELS else "WARNING"
    server: MCPServer[Any] = MCPServer("ai-designer", title="ai-designer", version=__version__,
                                       instructions=INSTRUCTIONS, log_level=level)
    register_tools(server, settings, service, local_files=local_files)
    register_resources(server, settings, service)
    return server


def run_stdio(settings: Settings) -> None:
    """Serve one client on stdin/stdout until it disconnects. Logs go to stderr; the SDK points fd 1 at stderr
    while serving, so FreeCAD workers started later cannot write into the protocol stream."""
    import anyio

    service = DesignService.from_settings(settings)
    service.start()
    try:
        anyio.run(build_server(settings, service, local_files=True).run_stdio_async)
    finally:
        service.close()
