"""What each CLI command does, separated from argument parsing (``app.py``) so both stay small and testable."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from ai_designer.agents.contracts import Routing
from ai_designer.cli.args import routing_of
from ai_designer.core.errors import AIDesignerError, NotFoundError, PlanError
from ai_designer.core.settings import get_settings
from ai_designer.designer import Designer, ProgressEvent, apply_preview, pending_preview
from ai_designer.schemas.design_state import DesignResult, DesignStatus
from ai_designer.schemas.task_graph import CADPlan

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["run_design", "compute_design", "DesignArgs", "json_line", "run_analyze", "run_models", "routing_of",
           "exit_code"]

EXIT_CODES = {DesignStatus.succeeded: 0, DesignStatus.failed: 1, DesignStatus.rejected: 3, DesignStatus.cancelled: 130}


def exit_code(result: DesignResult) -> int:
    return EXIT_CODES.get(result.status, 1)


def _load_plan(path: Path) -> CADPlan:
    try:
        return CADPlan.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlanError(f"cannot read plan file {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise PlanError(f"plan file {path} is not a valid CAD plan: {exc}") from exc


def run_design(prompt: str, out: Path, *, as_json: bool, session: str | None, formats: str | None,
               plan_file: Path | None, console: Console | None, set_values: list[str] | None = None,
               model: str | None = None, routing: Routing = "auto") -> int:
    """``ai-designer design`` in this process: build, then print the JSON line or the rich summary."""
    request = DesignArgs(prompt=prompt, out=str(out), session=session, formats=formats,
                         plan_file=str(plan_file) if plan_file else None, set_values=set_values, model=model,
                         routing=routing)
    if as_json or console is None:
        result = compute_design(request, stop_pool=True)
    else:
        with console.status("[cyan]starting…[/]") as status:
            def on_event(ev: ProgressEvent) -> None:
                if not ev.status.finished:
                    status.update(f"[cyan]{ev.status.value}[/] {ev.message}")

            result = compute_design(request, on_event=on_event, stop_pool=True)
    return _finish(result, as_json, console)


class DesignArgs(BaseModel):
    """The arguments of one ``design`` command, as the daemon receives them (paths exactly as typed: the daemon runs
    in the caller's working directory, so relative paths and messages quoting them are the same)."""

    prompt: str = ""
    out: str = "outputs"
    session: str | None = None
    formats: str | None = None
    plan_file: str | None = None
    set_values: list[str] | None = None
    model: str | None = None
    routing: Routing = "auto"


def compute_design(args: DesignArgs, *, designer: Designer | None = None,
                   on_event: Callable[[ProgressEvent], None] | None = None,
                   cancel: threading.Event | None = None, stop_pool: bool = False) -> DesignResult:
    """Everything ``design`` does but printing: the same function serves the CLI process and the daemon, so both
    give the same result, files and exit code. The error is already explained for the CLI."""
    designer = designer or Designer()
    out = Path(args.out)
    try:
        plan = _load_plan(Path(args.plan_file)) if args.plan_file else None
        if args.set_values:
            result = _set_parameters(designer, args.session, args.set_values, out, args.formats, cancel)
        elif not args.prompt.strip() and plan is None:
            raise PlanError("the prompt is empty: describe the part in words, with its sizes in mm")
        else:
            steer: dict[str, Any] = {"model": args.model, "routing": args.routing, "on_event": on_event,
                                     "cancel": cancel}
            result = _design(designer, args.prompt, out, args.session, args.formats, plan, steer)
    except PlanError as exc:
        result = DesignResult(status=DesignStatus.rejected, request_id="-", prompt=args.prompt, error=exc.to_dict())
    from ai_designer.explain import explain_for_cli

    result.error = explain_for_cli(result.error, result.prompt)
    _wait_for_preview(result, stop_pool=stop_pool)
    return result


def _design(designer: Designer, prompt: str, out: Path, session: str | None, formats: str | None,
            plan: CADPlan | None, steer: dict[str, Any]) -> DesignResult:
    steer = {**steer, "previews": "defer"}  # the PNG renders while the rest goes on; compute_design waits for it
    if session and plan is None:
        return designer.design_in_session(prompt, session, out_dir=out, formats=formats, **steer)
    return designer.design(prompt or "plan file", plan=plan, out_dir=out, formats=formats, **steer)


def _wait_for_preview(result: DesignResult, *, stop_pool: bool) -> None:
    """The model files are written; the PNG/GLB render in another process meanwhile. A one-shot CLI stops its
    FreeCAD pool now (its teardown overlaps the render instead of following it at exit; the daemon keeps its pool
    warm), then waits: ``design`` writes every file it was asked for before it answers (a failed preview is
    reported, the exit code unchanged)."""
    pending = pending_preview(result)
    if pending is None:
        return
    if stop_pool:
        from ai_designer.freecad.executor import close_executor

        close_executor()
    apply_preview(result, pending.wait(get_settings().preview_timeout_seconds))


def _set_parameters(designer: Designer, session: str | None, set_values: list[str], out: Path,
                    formats: str | None, cancel: threading.Event | None) -> DesignResult:
    """``--session S --set plate_length=120``: rebuild the session's design with new Params values, no model."""
    from ai_designer.parameters import parse_assignments

    if not session:
        raise PlanError("--set changes a session's design: add --session NAME (the session the part was made in)")
    return designer.set_parameters_in_session(session, parse_assignments(set_values), out_dir=out,
                                              formats=formats, cancel=cancel, previews="defer")


def json_line(result: DesignResult) -> str:
    """The one line ``design --json`` prints (SPEC.md's CLI contract)."""
    return json.dumps(result.public(), default=str)



def _finish(result: DesignResult, as_json: bool, console: Console | None) -> int:
    if as_json or console is None:
        sys.stdout.flush()
        print(json_line(result))
    else:
        from ai_designer.cli.display import render_result

        render_result(console, result)
    return exit_code(result)


class NotAFreeCADDocument(AIDesignerError):
    """``analyze`` was given a file that is not a FreeCAD document (a PNG, a STEP, a text file)."""

    code = "invalid_file"
    http_status = 422


def _check_document(path: Path) -> None:
    import zipfile

    if not path.is_file():
        raise NotFoundError(f"no such file: {path}; pass the path of an existing .FCStd document")
    if not zipfile.is_zipfile(path):
        raise NotAFreeCADDocument(f"{path.name} is not a FreeCAD document: analyze reads .FCStd files (make one "
                                  "with ai-designer design … --format fcstd)")


def run_analyze(path: Path, *, as_json: bool, console: Console) -> int:
    from ai_designer.cli.display import render_analysis
    from ai_designer.freecad.analyze import analyze_document
    from ai_designer.freecad.locate import import_freecad

    try:
        _check_document(path)
        import_freecad(get_settings().workers_dir / "cli-analyze")
        try:
            info = analyze_document(path)
        except OSError as exc:  # FreeCAD: "Invalid project file" for a zip that is not a document
            raise NotAFreeCADDocument(f"{path.name} is not a FreeCAD document FreeCAD can open ({exc})") from exc
    except AIDesignerError as exc:
        return _print_error(exc, as_json, console)
    if as_json:
        print(json.dumps(info, default=str))
    else:
        render_analysis(console, info)
    return 0


def run_models(*, as_json: bool, prices: bool, console: Console) -> int:
    from ai_designer.cli.display import render_models
    from ai_designer.llm.catalog import describe_models

    try:
        rows = describe_models(prices=prices)
    except AIDesignerError as exc:
        return _print_error(exc, as_json, console)
    if as_json:
        print(json.dumps({"models": [r.model_dump() for r in rows]}))
    else:
        render_models(console, rows)
    return 0


def _print_error(exc: AIDesignerError, as_json: bool, console: Console) -> int:
    """An error of a command that has no design result: one JSON object, or one red line; exit code 1."""
    if as_json:
        print(json.dumps({"error": exc.to_dict()}))
    else:
        console.print(f"[red]{exc.code}[/]: {exc.message}")
    return 1
