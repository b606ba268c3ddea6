"""The Model Context Protocol server: ai-designer as a tool for agent clients (see docs/mcp.md).

Nothing is imported here at package import time; use :func:`ai_designer.mcp.server.build_server`,
:func:`ai_designer.mcp.server.run_stdio` or :func:`ai_designer.mcp.http.mount_mcp`.
"""

__all__: list[str] = []
