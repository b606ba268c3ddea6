"""The ``ai-designer`` command (Typer). Run with no command for the interactive mode.

Only Typer is imported up front. The command bodies (``commands.py``, ``session.py``, the API server, the settings
class) are imported inside each command: they load the engine and its pydantic models (≈ 0.5 s measured), which
``--help``, ``serve`` and above all ``design`` through a warm daemon (docs/cli-daemon.md) do not need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ai_designer import __version__
from ai_designer.cli.daemon.commands import daemon_app
from ai_designer.cli.db import db_app

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="Text-to-CAD for FreeCAD: describe a part, get a validated parametric model.")
app.add_typer(db_app, name="db")
app.add_typer(daemon_app, name="daemon")


@cache
def _console() -> Console:
    from rich.console import Console

    return Console(stderr=False)


def _configure() -> Any:
    """Settings and logging for the commands that work in this process; returns the settings."""
    from ai_designer.core.logging import configure_logging
    from ai_designer.core.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level)
    return settings


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-designer {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context,
          version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    if ctx.invoked_subcommand not in ("design", "daemon"):  # those two configure themselves when they need to
        _configure()
    if ctx.invoked_subcommand is None:
        from ai_designer.cli.session import FreeCADCLI

        FreeCADCLI().run()


@app.command()
def design(
    prompt: Annotated[str, typer.Argument(help="What to make, e.g. \"a 90 x 70 x 8 mm plate with four 5.5 mm corner holes\"")] = "",
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the model files.")] = Path("outputs"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object (the result) as the last line.")] = False,
    session: Annotated[str | None, typer.Option("--session", "-s", help="Edit this named session's current design.")] = None,
    formats: Annotated[str | None, typer.Option("--format", "-f", help="Comma list of step,stl,fcstd,obj,glb,png.")] = None,
    plan: Annotated[Path | None, typer.Option("--plan", help="Build this CAD plan (JSON) instead of planning a prompt.")] = None,
    set_values: Annotated[list[str] | None, typer.Option("--set", metavar="NAME=VALUE", help="With --session: NAME=VALUE of a Params cell (e.g. plate_length=120); rebuilds without a model. Repeatable.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="A litellm model (openai/gpt-4o-mini, ollama/qwen2.5-coder) or an alias from `ai-designer models`; used for this run instead of the configured ones.")] = None,
    offline: Annotated[bool, typer.Option("--offline", help="Never call a language model (offline planner only).")] = False,
    llm: Annotated[bool, typer.Option("--llm", help="Skip the offline planner: a language model plans the part.")] = False,
) -> None:
    """Turn PROMPT into a validated FreeCAD model in OUT. Exit 0 succeeded, 1 failed, 2 bad options, 3 rejected.

    Planning is offline first; when the offline plan fails (it cannot parse the prompt, or the part fails to build
    or to meet the request) and a model is configured, a model plans it — the result says which planner and why."""
    from ai_designer.cli.args import routing_of

    routing = routing_of(offline=offline, llm=llm, model=model)
    args = {"prompt": prompt, "out": str(out), "session": session, "formats": formats,
            "plan_file": str(plan) if plan else None, "set_values": set_values, "model": model, "routing": routing}
    code = _design_via_daemon(args, as_json, start=False)  # a daemon already running for this environment
    if code is None:
        with _no_cycle_collection():
            settings = _configure()
        if settings.daemon == "auto":
            code = _design_via_daemon(args, as_json, start=True)
        if code is None:
            from ai_designer.freecad.executor import prestart_executor

            # FreeCAD starts on the other core while the engine below is imported; one design runs its jobs one
            # after another, so one sandboxed worker (the second would only delay the first job). Not for a plan
            # file with custom code: the static policy refuses most such code before any job, so FreeCAD would
            # start (and stop) for nothing; the pool then starts at the first job that may run.
            if plan is None or not _carries_code(plan):
                prestart_executor(settings, preview=formats is None or "png" in formats.lower(), workers=1)
            with _no_cycle_collection():
                from ai_designer.cli.commands import run_design

            code = run_design(prompt, out, as_json=as_json, session=session, formats=formats, plan_file=plan,
                              console=None if as_json else _console(), set_values=set_values, model=model, routing=routing)
    raise typer.Exit(code)


def _carries_code(plan_file: Path) -> bool:
    """Whether a plan file has a custom (code) operation; an unreadable file is left for the design to report."""
    import json

    try:
        data = json.loads(plan_file.read_text(encoding="utf-8"))
        return any(isinstance(op, dict) and op.get("op") == "custom" for op in data.get("operations", []))
    except (OSError, ValueError, AttributeError, TypeError):
        return False


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Import without Python's cycle collector, then exempt what was imported from later collections.

    Importing the engine creates hundreds of thousands of objects (pydantic schemas, the vocabulary, the parser)
    that live as long as the process; the collector would walk them again and again while they are created (≈ 0.1 s
    of CPU, a tenth of a cold ``design``). ``gc.freeze`` moves them to the permanent generation; cycles made later
    are collected as usual."""
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _design_via_daemon(args: dict[str, Any], as_json: bool, *, start: bool) -> int | None:
    """Run ``design`` on the daemon and print what the in-process path would print; None when no daemon took it.
    The JSON line is printed as the daemon made it; the human summary is rendered here from the full result."""
    import sys

    from ai_designer.cli.daemon.client import request

    if as_json:
        reply = request("design", args, start=start)
    else:
        with _console().status("[cyan]starting…[/]") as status:
            def on_event(ev: dict[str, Any]) -> None:
                if not ev.get("finished"):
                    status.update(f"[cyan]{ev.get('status')}[/] {ev.get('message')}")

            reply = request("design", args, start=start, on_event=on_event)
    if reply is None:
        return None
    if "crashed" in reply:
        print(reply["crashed"], file=sys.stderr)
        return 1
    done = reply["done"]
    if as_json:
        sys.stdout.flush()
        print(done["json"])
    else:
        from ai_designer.cli.display import render_result
        from ai_designer.schemas.design_state import DesignResult

        render_result(_console(), DesignResult.model_validate(done["result"]))
    return int(done["exit"])


@app.command()
def models(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    prices: Annotated[bool, typer.Option("--prices/--no-prices", help="Look up prices in litellm's bundled map (takes a few seconds).")] = True,
) -> None:
    """List each agent's models and the -m aliases: callable here (key/endpoint set)? price per 1k tokens."""
    from ai_designer.cli.commands import run_models

    raise typer.Exit(run_models(as_json=as_json, prices=prices, console=_console()))


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="A FreeCAD document (.FCStd).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a FreeCAD document's objects, parameters and geometry."""
    from ai_designer.cli.commands import run_analyze

    raise typer.Exit(run_analyze(file, as_json=as_json, console=_console()))


@app.command()
def chat(session: Annotated[str, typer.Option("--session", "-s", help="Session name.")] = "chat") -> None:
    """Interactive mode: describe, edit, undo, show, save and export."""
    from ai_designer.cli.session import FreeCADCLI

    FreeCADCLI(session=session).run()


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address (API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (API_PORT).")] = None,
) -> None:
    """Start the REST + WebSocket API and the browser UI."""
    from ai_designer.api.server import run_server
    from ai_designer.core.settings import get_settings

    settings = get_settings()
    if host:
        settings.api_host = host
    if port:
        settings.api_port = port
    run_server(settings)


@app.command()
def worker() -> None:
    """Start a scale-out worker (Celery over Redis; needs REDIS_URL or REDIS_HOST)."""
    from ai_designer.core.settings import get_settings
    from ai_designer.jobs.worker import run_worker

    run_worker(get_settings())


@app.command()
def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve Streamable HTTP at /mcp instead of stdio.")] = False,
    host: Annotated[str | None, typer.Option(help="Bind address with --http (API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port with --http (API_PORT).")] = None,
) -> None:
    """Serve the Model Context Protocol for agent clients (stdio by default; docs/mcp.md)."""
    from ai_designer.core.settings import get_settings

    settings = get_settings()
    if http:
        from ai_designer.mcp.http import run_http

        run_http(settings, host or settings.api_host, port or settings.api_port)
        return
    from ai_designer.mcp.server import run_stdio

    run_stdio(settings)


def main() -> None:
    """The console script: run the command, then leave without the interpreter's teardown.

    Freeing the engine's thousands of objects and modules at exit costs a one-shot ``design`` a noticeable share of
    its time (docs/performance.md), and nothing needs it: the exit handlers still run (they close the FreeCAD pool
    and flush the logs), then the output is flushed and the process ends with the command's exit code."""
    import atexit
    import contextlib
    import os
    import sys

    try:
        app()
    except SystemExit as exc:
        if exc.code is not None and not isinstance(exc.code, int):
            raise
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a closed pipe, as the default exit would ignore
                stream.flush()
        os._exit(exc.code or 0)
