"""The MCP tools: design, refine, set_parameters, build_plan, get_design, list_designs, analyze_fcstd.

Every tool goes through the same :class:`~ai_designer.jobs.service.DesignService` entry points as the REST routes
(``create``, ``refine``, ``get``, ``list``), so designs land in the same store, are visible in the browser UI and the
REST API, and inherit the service's checks (plan validation, the client-code policy). Tools that build wait for the
result, reporting each stage as a progress notification; a cancelled call cancels the design.

A design that ends ``failed``, ``rejected`` or ``cancelled`` is returned with ``isError: true`` and its structured
output, so the model reads the reason (``error.message`` says what to change) and can try again.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import anyio
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, ContentBlock, ImageContent, ResourceLink, TextContent, ToolAnnotations
from pydantic import Field

from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService
from ai_designer.jobs.store import VersionRecord
from ai_designer.mcp.analysis import analyze_source
from ai_designer.mcp.models import (
    FORMAT_MIME,
    AnalysisOutput,
    DesignList,
    DesignOutput,
    Format,
    design_output,
    design_summary,
)
from ai_designer.mcp.runs import follow
from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["register_tools", "DesignTools", "principal_of", "tool_result"]

log = logging.getLogger(__name__)

T = TypeVar("T")
DesignResultT = Annotated[CallToolResult, DesignOutput]
Formats = Annotated[list[Format] | None, Field(description="files to export; default fcstd, step, stl, png")]
DesignId = Annotated[str, Field(min_length=1, max_length=64, description="design_id from design/build_plan")]
ParameterValues = Annotated[dict[str, float | str], Field(min_length=1, max_length=200, description=(
    "parameter name -> new value in mm (or deg), e.g. {\"plate_length\": 120, \"holes_diameter\": 6}; names are "
    "the design's 'parameters'"))]
BaseVersion = Annotated[int | None, Field(ge=1, description=(
    "start from this succeeded version (default: the latest succeeded one)"))]
Source = Annotated[str, Field(min_length=1, description=(
    "a design://<id>/<version>/fcstd resource URI, or (stdio server only) the path of a local .FCStd file"))]
_FAILED = (DesignStatus.failed, DesignStatus.rejected, DesignStatus.cancelled)
_BUILDS = ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=False,
                          open_world_hint=False)
_READS = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def principal_of(ctx: Context[Any, Any], settings: Settings) -> str | None:
    """Whose designs this call may see: the authenticated subject over HTTP when auth is on (as the REST API
    scopes them), else None (stdio is the local user, who owns the store)."""
    if not settings.auth_enabled:
        return None
    request = ctx.request_context.request
    principal = getattr(getattr(request, "state", None), "principal", None) if request is not None else None
    return str(getattr(principal, "subject", None) or "anonymous")


def register_tools(server: MCPServer[Any], settings: Settings, service: DesignService, *,
                   local_files: bool) -> None:
    """Add the tools to ``server``; ``local_files`` lets ``analyze_fcstd`` open paths (stdio only)."""
    tools = DesignTools(settings, service, local_files=local_files)
    registry: list[tuple[Callable[..., Any], str, ToolAnnotations]] = [
        (tools.design, "Design a part from a description", _BUILDS), (tools.refine, "Edit a design in words", _BUILDS),
        (tools.set_parameters, "Change a design's sizes", _BUILDS),
        (tools.build_plan, "Build a CAD plan you wrote", _BUILDS), (tools.get_design, "Get a design", _READS),
        (tools.list_designs, "List designs", _READS), (tools.analyze_fcstd, "Analyze a FreeCAD document", _READS)]
    for fn, title, hints in registry:
        server.add_tool(fn, title=title, annotations=hints)


class DesignTools:
    """The tool functions (their docstrings are the descriptions a model reads) over one service."""

    def __init__(self, settings: Settings, service: DesignService, *, local_files: bool) -> None:
        self.settings, self.service, self.local_files = settings, service, local_files

    async def design(self, prompt: Annotated[str, Field(min_length=1, description=(
                         "the part in plain words with sizes in mm, e.g. 'a 90 x 70 x 8 mm plate with four 5.5 mm "
                         "corner holes, 6 mm from both edges'"))],
                     ctx: Context[Any, Any], formats: Formats = None) -> DesignResultT:
        """Build a validated, parametric FreeCAD part from a description and return its geometry (bbox, volume),
        validation, assumptions, ignored words, a PNG preview and design:// file resources (FCStd, STEP, STL ...).
        One body with explicit sizes and feature positions works best (see the prompt/resource 'guide'). A
        'rejected' result quotes what was not understood: rephrase, or write the plan yourself with build_plan."""
        record, _ = await self._call(self.service.create, prompt=self._checked(prompt), formats=formats, plan=None,
                                     principal=self._principal(ctx))
        return await self._run(ctx, record)

    async def refine(self, design_id: DesignId,
                     change: Annotated[str, Field(min_length=1, description=(
                         "the edit, e.g. 'make it 10 mm thick', 'add a 6 mm hole in the center', "
                         "'make the holes 8 mm'"))],
                     ctx: Context[Any, Any], formats: Formats = None) -> DesignResultT:
        """Make the next version of a design by editing its latest successful version with a follow-up request.
        Returns the new version like design does."""
        record = await self._call(self.service.refine, design_id, prompt=self._checked(change), formats=formats,
                                  principal=self._principal(ctx))
        return await self._run(ctx, record)

    async def set_parameters(self, design_id: DesignId, values: ParameterValues, ctx: Context[Any, Any],
                             version: BaseVersion = None, formats: Formats = None) -> DesignResultT:
        """Rebuild a design with new values for its named parameters (the cells of its FreeCAD Params spreadsheet,
        listed in a design's 'parameters'), without replanning: exact and free. An unknown name or a value that
        makes no valid part is an error naming it, and no version is made."""
        record = await self._call(self.service.set_parameters, design_id, dict(values), base_version=version,
                                  formats=formats, principal=self._principal(ctx))
        return await self._run(ctx, record)

    async def build_plan(self, plan: CADPlan, ctx: Context[Any, Any], formats: Formats = None) -> DesignResultT:
        """Build a typed CAD plan (operations with ids and sizes in mm, plus the intent to check) exactly as given.
        For clients that write the plan themselves; the schema is this tool's input schema and the resource
        ai-designer://schema/plan. An invalid plan is returned as an error naming each wrong field: fix them and
        call again. 'custom' operations (FreeCAD code) are refused unless the server allows client code."""
        prompt = plan.description or f"CAD plan {plan.name!r}"
        record, _ = await self._call(self.service.create, prompt=prompt, formats=formats,
                                     plan=plan.model_dump(mode="json"), principal=self._principal(ctx))
        return await self._run(ctx, record)

    async def get_design(self, design_id: DesignId, ctx: Context[Any, Any],
                         version: Annotated[int | None, Field(ge=1, description="default: the latest")] = None
                         ) -> DesignResultT:
        """The status, geometry, validation, files and preview of a design version (made here, in the browser UI,
        over REST or by the CLI's service)."""
        record = await self._call(self.service.get, design_id, version, principal=self._principal(ctx))
        return await anyio.to_thread.run_sync(lambda: tool_result(self.service, record, error_on_failure=False))

    async def list_designs(self, ctx: Context[Any, Any], limit: Annotated[int, Field(ge=1, le=100)] = 20,
                           offset: Annotated[int, Field(ge=0)] = 0, status: DesignStatus | None = None) -> DesignList:
        """Designs in the shared store, newest first (the latest version of each)."""
        records, total = await self._call(self.service.list, limit=limit, offset=offset,
                                          principal=self._principal(ctx), status=status.value if status else None)
        next_offset = offset + len(records) if offset + len(records) < total else None
        return DesignList(items=[design_summary(r) for r in records], total=total, next_offset=next_offset)

    async def analyze_fcstd(self, source: Source, ctx: Context[Any, Any]) -> AnalysisOutput:
        """List a FreeCAD document's objects, editable parameters (spreadsheet aliases and feature dimensions)
        and final geometry. Works on any .FCStd, not only ours."""
        return await analyze_source(self.service, self.settings, source, principal=self._principal(ctx),
                                    local_files=self.local_files)

    # --- helpers -------------------------------------------------------------------------------------------------
    def _principal(self, ctx: Context[Any, Any]) -> str | None:
        return principal_of(ctx, self.settings)

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A blocking service call off the event loop; the service's typed errors become tool errors."""
        try:
            return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs))
        except AIDesignerError as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc

    def _checked(self, prompt: str) -> str:
        """The REST API's prompt rules, refused before anything is stored."""
        prompt, limit = prompt.strip(), self.settings.max_prompt_chars
        if not prompt:
            raise ToolError("the prompt is empty: describe the part, e.g. \"a 40 mm cube with 2 mm fillets\"")
        if len(prompt) > limit:
            raise ToolError(f"the prompt is {len(prompt)} characters; the limit is {limit} (MAX_PROMPT_CHARS): "
                            "shorten it")
        return prompt

    async def _run(self, ctx: Context[Any, Any], record: VersionRecord) -> CallToolResult:
        async def report(progress: float, message: str) -> None:
            await ctx.report_progress(progress, None, message)

        final = await follow(self.service, record, report)
        return await anyio.to_thread.run_sync(lambda: tool_result(self.service, final))


def tool_result(service: DesignService, record: VersionRecord, *, error_on_failure: bool = True) -> CallToolResult:
    """Structured output plus content blocks: a summary text, the PNG preview as an image, links to the files."""
    out = design_output(record)
    content: list[ContentBlock] = [TextContent(type="text", text=_summary(out))]
    if "png" in record.files:
        _, path = service.file_path(record.design_id, "png", record.version)
        content.append(ImageContent(type="image", data=base64.b64encode(path.read_bytes()).decode(),
                                    mime_type="image/png"))
    for fmt, uri in out.files.items():
        content.append(ResourceLink(type="resource_link", uri=uri, name=f"{record.design_id}-v{record.version}.{fmt}",
                                    mime_type=FORMAT_MIME.get(fmt), description=f"{fmt.upper()} file"))
    failed = error_on_failure and record.status in _FAILED
    return CallToolResult(content=content, structured_content=out.model_dump(mode="json"), is_error=failed)


def _summary(out: DesignOutput) -> str:
    head = f"{out.status.value}: design {out.design_id} v{out.version}"
    if out.geometry is not None:
        g = out.geometry
        head += (f", bbox {' x '.join(f'{v:g}' for v in g.bbox)} mm, volume {g.volume:g} mm3, "
                 f"{g.solids} solid(s), {'valid' if g.valid else 'INVALID'}")
    if out.error:
        head += f"\n{out.error.get('code')}: {out.error.get('message')}"
    return head + "\n" + out.model_dump_json(exclude={"download_urls"}, exclude_defaults=True)
