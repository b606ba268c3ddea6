"""What each CLI command does, separated from argument parsing (``app.py``) so both stay small and testable."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from ai_designer.agents.contracts import Routing
from ai_designer.cli.display import render_analysis, render_models, render_result
from ai_designer.core.errors import AIDesignerError, NotFoundError, PlanError
from ai_designer.core.settings import get_settings
from ai_designer.designer import Designer, ProgressEvent, apply_preview, pending_preview
from ai_designer.freecad.analyze import analyze_document
from ai_designer.freecad.locate import import_freecad
from ai_designer.llm.catalog import describe_models
from ai_designer.schemas.design_state import DesignResult, DesignStatus
from ai_designer.schemas.task_graph import CADPlan

__all__ = ["run_design", "run_analyze", "run_models", "routing_of", "exit_code"]

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


def routing_of(*, offline: bool, llm: bool, model: str | None) -> Routing:
    """The run's routing from the flags; contradictory flags are a usage error (exit 2) that says which to drop."""
    if offline and llm:
        raise typer.BadParameter("--offline and --llm contradict each other: give one of them")
    if offline and model:
        raise typer.BadParameter("--offline never calls a model, so -m/--model would be ignored: drop one of them")
    return "offline" if offline else "llm" if llm else "auto"


def run_design(prompt: str, out: Path, *, as_json: bool, session: str | None, formats: str | None,
               plan_file: Path | None, console: Console, set_values: list[str] | None = None,
               model: str | None = None, routing: Routing = "auto") -> int:
    designer = Designer()
    steer: dict[str, Any] = {"model": model, "routing": routing}
    try:
        plan = _load_plan(plan_file) if plan_file else None
        if set_values:
            return _set_parameters(designer, session, set_values, out, formats, as_json, console)
        if not prompt.strip() and plan is None:
            raise PlanError("the prompt is empty: describe the part in words, with its sizes in mm")
    except PlanError as exc:
        result = DesignResult(status=DesignStatus.rejected, request_id="-", prompt=prompt, error=exc.to_dict())
        return _finish(result, as_json, console)

    if as_json:
        result = _design(designer, prompt, out, session, formats, plan, None, steer)
    else:
        with console.status("[cyan]starting…[/]") as status:
            def on_event(ev: ProgressEvent) -> None:
                if not ev.status.finished:
                    status.update(f"[cyan]{ev.status.value}[/] {ev.message}")

            result = _design(designer, prompt, out, session, formats, plan, on_event, steer)
    return _finish(result, as_json, console)


def _design(designer: Designer, prompt: str, out: Path, session: str | None, formats: str | None,
            plan: CADPlan | None, on_event: Any, steer: dict[str, Any]) -> DesignResult:
    steer = {**steer, "previews": "defer"}  # the PNG renders while the rest goes on; _finish waits for it
    if session and plan is None:
        return designer.design_in_session(prompt, session, out_dir=out, formats=formats, on_event=on_event, **steer)
    return designer.design(prompt or "plan file", plan=plan, out_dir=out, formats=formats, on_event=on_event,
                           **steer)


def _wait_for_preview(result: DesignResult, as_json: bool, console: Console) -> None:
    """The model files are written; the PNG/GLB render in another process meanwhile. The FreeCAD pool is stopped
    now (its teardown overlaps the render instead of following it at exit), then the preview is waited for: the
    CLI writes every file it was asked for before it exits (a failed preview is reported, exit code unchanged)."""
    pending = pending_preview(result)
    if pending is None:
        return
    from ai_designer.freecad.executor import close_executor

    close_executor()
    timeout = get_settings().preview_timeout_seconds
    if as_json or pending.done():
        apply_preview(result, pending.wait(timeout))
        return
    with console.status("[cyan]rendering the preview…[/]"):
        apply_preview(result, pending.wait(timeout))


def _set_parameters(designer: Designer, session: str | None, set_values: list[str], out: Path,
                    formats: str | None, as_json: bool, console: Console) -> int:
    """``--session S --set plate_length=120``: rebuild the session's design with new Params values, no model."""
    from ai_designer.parameters import parse_assignments

    if not session:
        raise PlanError("--set changes a session's design: add --session NAME (the session the part was made in)")
    result = designer.set_parameters_in_session(session, parse_assignments(set_values), out_dir=out,
                                                formats=formats, previews="defer")
    return _finish(result, as_json, console)


def _finish(result: DesignResult, as_json: bool, console: Console) -> int:
    from ai_designer.explain import explain_for_cli

    result.error = explain_for_cli(result.error, result.prompt)
    _wait_for_preview(result, as_json, console)
    if as_json:
        sys.stdout.flush()
        print(json.dumps(result.public(), default=str))
    else:
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
