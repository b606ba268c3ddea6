"""The ``ai-designer`` command (Typer). Run with no command for the interactive mode.

The command bodies (``commands.py``, ``session.py``) are imported inside each command: they load the engine and
its pydantic models (~1 s measured), which ``ai-designer --help`` and ``ai-designer serve`` do not need.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ai_designer import __version__
from ai_designer.api.server import run_server
from ai_designer.cli.db import db_app
from ai_designer.core.logging import configure_logging
from ai_designer.core.settings import get_settings
from ai_designer.jobs.worker import run_worker

__all__ = ["app", "main"]

app = typer.Typer(add_completion=False, no_args_is_help=False, rich_markup_mode=None,
                  help="Text-to-CAD for FreeCAD: describe a part, get a validated parametric model.")
console = Console(stderr=False)
app.add_typer(db_app, name="db")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-designer {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(ctx: typer.Context,
          version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                                help="Show the version and exit.")] = False) -> None:
    configure_logging(get_settings().log_level)
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
    from ai_designer.cli.commands import routing_of, run_design

    routing = routing_of(offline=offline, llm=llm, model=model)
    raise typer.Exit(run_design(prompt, out, as_json=as_json, session=session, formats=formats, plan_file=plan,
                                console=console, set_values=set_values, model=model, routing=routing))


@app.command()
def models(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    prices: Annotated[bool, typer.Option("--prices/--no-prices", help="Look up prices in litellm's bundled map (takes a few seconds).")] = True,
) -> None:
    """List each agent's models and the -m aliases: callable here (key/endpoint set)? price per 1k tokens."""
    from ai_designer.cli.commands import run_models

    raise typer.Exit(run_models(as_json=as_json, prices=prices, console=console))


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="A FreeCAD document (.FCStd).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a FreeCAD document's objects, parameters and geometry."""
    from ai_designer.cli.commands import run_analyze

    raise typer.Exit(run_analyze(file, as_json=as_json, console=console))


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
    settings = get_settings()
    if host:
        settings.api_host = host
    if port:
        settings.api_port = port
    run_server(settings)


@app.command()
def worker() -> None:
    """Start a scale-out worker (Celery over Redis; needs REDIS_URL or REDIS_HOST)."""
    run_worker(get_settings())


@app.command()
def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve Streamable HTTP at /mcp instead of stdio.")] = False,
    host: Annotated[str | None, typer.Option(help="Bind address with --http (API_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port with --http (API_PORT).")] = None,
) -> None:
    """Serve the Model Context Protocol for agent clients (stdio by default; docs/mcp.md)."""
    settings = get_settings()
    if http:
        from ai_designer.mcp.http import run_http

        run_http(settings, host or settings.api_host, port or settings.api_port)
        return
    from ai_designer.mcp.server import run_stdio

    run_stdio(settings)


def main() -> None:
    app()
