"""MCP resources and prompts: design files, the CAD plan schema, and the guide to describing parts.

- ``design://<id>/<version>/<format>`` — a design version's file (fcstd, step, stl, obj, glb, png), one template per
  format so each declares its MIME type. Files are resolved through the service by format name only, so a URI can
  never name a server path.
- ``ai-designer://schema/plan`` — the JSON schema of the CAD plan ``build_plan`` takes.
- ``ai-designer://guide`` — how to describe parts (also the ``describe_part`` prompt).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources as pkg_resources
from typing import Any

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.server.mcpserver.prompts.base import Message, UserMessage

from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService
from ai_designer.mcp.models import FORMAT_MIME
from ai_designer.mcp.tools import principal_of

__all__ = ["register_resources", "guide_text", "plan_schema_text"]

PLAN_SCHEMA_URI = "ai-designer://schema/plan"
GUIDE_URI = "ai-designer://guide"


@cache
def guide_text() -> str:
    return (pkg_resources.files("ai_designer.mcp") / "guide.md").read_text(encoding="utf-8")


@cache
def plan_schema_text() -> str:
    from ai_designer.schemas.task_graph import CADPlan

    return json.dumps(CADPlan.model_json_schema(), indent=1)


def register_resources(server: MCPServer[Any], settings: Settings, service: DesignService) -> None:
    @server.resource(PLAN_SCHEMA_URI, name="plan-schema", title="CAD plan JSON schema", mime_type="application/json",
                     description="The schema of the typed CAD plan that build_plan takes (sizes in mm, Z up).")
    def plan_schema() -> str:
        return plan_schema_text()

    @server.resource(GUIDE_URI, name="guide", title="How to describe parts to ai-designer",
                     mime_type="text/markdown",
                     description="Prompt patterns the planner understands, editing, and writing plans yourself.")
    def guide() -> str:
        return guide_text()

    for fmt, mime in FORMAT_MIME.items():
        _register_file_template(server, settings, service, fmt, mime)

    @server.prompt(name="describe_part", title="Design a part with ai-designer",
                   description="The guide to describing parts, followed by the part to design.")
    def describe_part(part: str) -> list[Message]:
        return [UserMessage(guide_text()),
                UserMessage(f"Design this part with the ai-designer `design` tool, stating every size in mm and "
                            f"where each feature goes. Show me the preview and the assumptions it made.\n\n{part}")]

    @server.prompt(name="write_plan", title="Write a CAD plan for build_plan",
                   description="The plan schema and conventions, for clients that write the plan themselves.")
    def write_plan(part: str) -> list[Message]:
        return [UserMessage(guide_text()),
                UserMessage(f"The CAD plan JSON schema:\n```json\n{plan_schema_text()}\n```"),
                UserMessage(f"Write a CAD plan for this part and build it with the `build_plan` tool; if it returns "
                            f"an error, fix the fields it names and call it again.\n\n{part}")]


def _register_file_template(server: MCPServer[Any], settings: Settings, service: DesignService, fmt: str,
                            mime: str) -> None:
    async def read(design_id: str, version: str, ctx: Context[Any, Any]) -> bytes:
        if not version.isdigit() or int(version) < 1:
            raise ResourceError(f"version must be a positive number in design://{design_id}/<version>/{fmt}")
        principal = principal_of(ctx, settings)
        try:
            _, path = await anyio.to_thread.run_sync(
                lambda: service.file_path(design_id, fmt, int(version), principal=principal))
        except AIDesignerError as exc:
            raise ResourceError(f"{exc.code}: {exc.message}") from exc
        return await anyio.Path(path).read_bytes()

    server.resource(f"design://{{design_id}}/{{version}}/{fmt}", name=f"design-{fmt}", mime_type=mime,
                    title=f"Design {fmt.upper()} file",
                    description=f"The {fmt.upper()} file of a design version (see a design's 'files').")(read)
