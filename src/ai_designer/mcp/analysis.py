"""``analyze_fcstd``: resolve a design:// URI (or, over stdio, a local path) and analyse the document.

The analysis runs in a worker of the process's FreeCAD pool, behind the same wall as a build (``_run_analyze``):
opening a document runs FreeCAD's restore and recompute on its contents, which belongs neither in the MCP server's
process (a long-lived asyncio server; FreeCAD is not thread-safe and a bad file can crash it) nor anywhere outside the
wall. Over HTTP only the store's own files can be named, never a server path.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import anyio
from mcp.server.mcpserver.exceptions import ToolError

from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService
from ai_designer.mcp.models import AnalysisOutput

__all__ = ["analyze_source", "parse_design_uri"]

_KNOWN = {"objects", "parameters", "parameter_details", "geometry"}


def parse_design_uri(uri: str) -> tuple[str, int, str]:
    """``design://<id>/<version>/<format>`` → (id, version, format); a :class:`ToolError` says the expected form."""
    parts = uri.removeprefix("design://").split("/")
    if len(parts) != 3 or not parts[0] or not parts[1].isdigit() or not parts[2]:
        raise ToolError(f"{uri!r} is not a design resource URI: use design://<design_id>/<version>/<format>, "
                        "as listed in a design's 'files'")
    return parts[0], int(parts[1]), parts[2].lower()


async def analyze_source(service: DesignService, settings: Settings, source: str, *, principal: str | None,
                         local_files: bool) -> AnalysisOutput:
    path = await anyio.to_thread.run_sync(lambda: _resolve(service, source, principal, local_files))
    info = await anyio.to_thread.run_sync(lambda: _run_analyze(path, settings))
    extra = {k: v for k, v in info.items() if k not in _KNOWN}
    return AnalysisOutput(source=source, objects=info.get("objects") or [], parameters=info.get("parameters") or {},
                          parameter_details=info.get("parameter_details") or [], geometry=info.get("geometry"),
                          extra=extra)


def _resolve(service: DesignService, source: str, principal: str | None, local_files: bool) -> Path:
    source = source.strip()
    if source.startswith("design://"):
        design_id, version, fmt = parse_design_uri(source)
        if fmt != "fcstd":
            raise ToolError(f"analyze_fcstd reads FreeCAD documents: use design://{design_id}/{version}/fcstd "
                            f"(not {fmt})")
        try:
            return service.file_path(design_id, "fcstd", version, principal=principal)[1]
        except AIDesignerError as exc:
            raise ToolError(f"{exc.code}: {exc.message}") from exc
    if not local_files:
        raise ToolError("over HTTP only design://<id>/<version>/fcstd resources can be analysed; local paths work "
                        "when the server runs on stdio (`ai-designer mcp`)")
    path = Path(source).expanduser()
    if not path.is_file():
        raise ToolError(f"{source} does not exist or is not a file: give the path of a .FCStd document")
    if path.suffix.lower() != ".fcstd":
        raise ToolError(f"{source} is not a FreeCAD document: give a .FCStd file")
    return path.resolve()


def _run_analyze(path: Path, settings: Settings) -> dict[str, Any]:
    """Analyse a copy of ``path`` in a pool worker, behind the build workers' wall (``file_tasks.py``).

    Opening a document runs FreeCAD's restore and recompute on whatever it holds, and the document may be anyone's:
    the worker sees only its own directory (the pool copies the file in), has no network and no secret in its
    environment, runs under the job's time and memory limits, has run no generated code, and is discarded
    afterwards. Until round 8 a child FreeCAD outside the wall opened the file where it lay."""
    from ai_designer.freecad.executor import get_executor
    from ai_designer.freecad.pool import WorkerPool

    if not zipfile.is_zipfile(path):
        raise ToolError(f"invalid_file: {path.name} is not a FreeCAD document (not a zip archive): give a .FCStd file")
    pool = get_executor(settings)
    if not isinstance(pool, WorkerPool):
        raise ToolError("analyze_fcstd needs the local FreeCAD worker pool, and this process's executor is "
                        f"{type(pool).__name__}")
    try:
        answer = pool.run_task("analyze", {"fcstd": path})
    except AIDesignerError as exc:
        raise ToolError(f"{exc.code}: could not analyse {path.name}: {exc.message}") from exc
    if not answer.get("ok"):
        error = answer.get("error") or {}
        raise ToolError(f"{error.get('code', 'invalid_file')}: could not analyse {path.name}: "
                        f"{error.get('message', 'no reason given')}")
    info = answer.get("analysis")
    if not isinstance(info, dict):
        raise ToolError(f"worker_crashed: the worker analysing {path.name} answered without an analysis")
    info["path"] = str(path)  # not the copy's path inside the worker
    return info
