"""``analyze_fcstd``: resolve a design:// URI (or, over stdio, a local path) and analyse the document.

The analysis runs ``ai-designer analyze --json`` in a child process: opening a document means importing FreeCAD, and
that belongs neither in the MCP server's process (a long-lived asyncio server; FreeCAD is not thread-safe and a bad
file can crash it) nor in the build workers' sandbox (which sees only its job directory). Over HTTP only the store's
own files can be named, never a server path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import anyio
from mcp.server.mcpserver.exceptions import ToolError

from ai_designer.core.errors import AIDesignerError
from ai_designer.core.settings import Settings
from ai_designer.jobs.service import DesignService
from ai_designer.mcp.models import AnalysisOutput

__all__ = ["analyze_source", "child_env", "parse_design_uri"]

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


def child_env(scratch: str, settings: Settings) -> dict[str, str]:
    """The analysis child's environment: what FreeCAD and Python need, none of the server's secrets (API keys, the
    JWT secret, Redis and database URLs), and a scratch home of its own. The document may be anyone's: opening it
    runs FreeCAD's restore and recompute on its contents, so the child gets nothing worth reading."""
    from ai_designer.freecad.sandbox import scrubbed_env

    env = scrubbed_env(os.environ, home=scratch, tmp=scratch)
    env["AI_DESIGNER_HOME"] = scratch
    for name, value in (("FREECAD_PATH", settings.freecad_path), ("FREECAD_APPIMAGE_PATH", settings.freecad_appimage_path)):
        if value:  # where FreeCAD is may come from the server's .env, which the child does not read
            env[name] = value
    return env


def _run_analyze(path: Path, settings: Settings) -> dict[str, Any]:
    timeout = settings.job_timeout_seconds
    cmd = [sys.executable, "-m", "ai_designer", "analyze", str(path.resolve()), "--json"]
    try:
        with tempfile.TemporaryDirectory(prefix="ai-designer-analyze-") as scratch:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                                  check=False, env=child_env(scratch, settings), cwd=scratch)
    except subprocess.TimeoutExpired as exc:
        raise ToolError(f"analysing {path.name} took longer than {timeout:g} s (JOB_TIMEOUT_SECONDS)") from exc
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        info: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        info = {}
    if "error" in info:
        raise ToolError(f"{info['error'].get('code')}: {info['error'].get('message')}")
    if proc.returncode != 0 or not info:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise ToolError(f"could not analyse {path.name} (exit {proc.returncode}): {' '.join(tail)}")
    return info
