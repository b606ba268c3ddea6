"""``ai-designer daemon start|stop|status`` (and the hidden ``run``, the daemon itself in the foreground).

Each acts on the daemon of the current environment (working directory, variables, ``.env``: see
:mod:`~ai_designer.cli.daemon.paths`); ``stop --all`` stops every daemon of this user, e.g. after an upgrade.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from ai_designer.cli.daemon import client
from ai_designer.cli.daemon.paths import DaemonPaths, DaemonUnavailable, paths_for_this_process, runtime_dir

__all__ = ["daemon_app"]

daemon_app = typer.Typer(help="A warm local daemon that `ai-designer design` uses (docs/cli-daemon.md).",
                         no_args_is_help=True, rich_markup_mode=None)
_JSON = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _paths() -> DaemonPaths:
    try:
        return paths_for_this_process()
    except DaemonUnavailable as exc:
        typer.echo(f"ai-designer: {exc}", err=True)
        raise typer.Exit(1) from exc


def _ask(paths: DaemonPaths, command: str) -> dict[str, Any] | None:
    sock = client.connect(paths, timeout=5)
    if sock is None:
        return None
    reply = client.exchange(sock, {"command": command, "key": paths.key, "args": {}})
    return reply.get("done")


def _emit(data: dict[str, Any], as_json: bool, text: str) -> None:
    typer.echo(json.dumps(data) if as_json else text)


@daemon_app.command()
def status(as_json: _JSON = False) -> None:
    """Whether this environment's daemon runs (pid, uptime, designs served, idle timer). Exit 0 running, 1 not."""
    paths = _paths()
    info = _ask(paths, "status")
    if info is None:
        stale = client.remove_if_stale(paths)
        note = " (removed the stale socket of a daemon that is gone)" if stale else ""
        _emit({"running": False, "socket": str(paths.socket), "stale_removed": stale}, as_json,
              f"not running{note}; `ai-designer daemon start` or AI_DESIGNER_DAEMON=auto starts one")
        raise typer.Exit(1)
    others = sorted(p for p in paths.directory.glob("d-*.sock") if p != paths.socket)
    info = {"running": True, **info, "other_daemons": [str(p) for p in others]}
    idle = info["idle_exit_seconds"] / 60
    _emit(info, as_json, f"running · pid {info['pid']} · up {info['uptime_seconds']:.0f} s · "
                         f"{info['designs']} design(s) · idle {info['idle_seconds']:.0f} s (exits after "
                         f"{idle:g} min) · socket {info['socket']} · log {info['log']}"
                         + (f" · {len(others)} other daemon(s) for other environments" if others else ""))


@daemon_app.command()
def start(as_json: _JSON = False) -> None:
    """Start this environment's daemon in the background (no-op when it already runs) and wait until it answers."""
    paths = _paths()
    info = _ask(paths, "status")
    if info is None:
        try:
            client.start_daemon(paths).close()
        except DaemonUnavailable as exc:
            typer.echo(f"ai-designer: {exc}", err=True)
            raise typer.Exit(1) from exc
        info = _ask(paths, "status") or {}
    _emit({"running": True, **info}, as_json, f"running · pid {info.get('pid')} · socket {paths.socket}")


def _stop_one(paths: DaemonPaths, timeout: float = 90.0) -> int | None:
    """Ask the daemon at ``paths`` to stop and wait for it to go; its pid, or None when none was running."""
    info = _ask(paths, "stop")
    if info is None:
        client.remove_if_stale(paths)
        return None
    pid = int(info["pid"])
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (paths.socket.exists() or _alive(pid)):
        time.sleep(0.05)
    return pid


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs; a zombie (exited, not yet reaped by whoever adopted it) counts as gone."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        return True
    return state != "Z"


@daemon_app.command()
def stop(every: Annotated[bool, typer.Option("--all", help="Stop this user's daemons for every environment.")] = False,
         as_json: _JSON = False) -> None:
    """Stop this environment's daemon (running designs finish first)."""
    if every:
        try:
            directory = runtime_dir()
        except DaemonUnavailable as exc:
            typer.echo(f"ai-designer: {exc}", err=True)
            raise typer.Exit(1) from exc
        targets = [DaemonPaths(directory, p.name[2:-5]) for p in sorted(directory.glob("d-*.sock"))]
    else:
        targets = [_paths()]
    stopped = [pid for pid in (_stop_one(p) for p in targets) if pid is not None]
    _emit({"stopped": stopped}, as_json, f"stopped pid {', '.join(map(str, stopped))}" if stopped else "not running")


@daemon_app.command("run", hidden=True)
def run() -> None:
    """The daemon in the foreground (what `start` and AI_DESIGNER_DAEMON=auto launch in the background)."""
    from ai_designer.cli.daemon.server import run_daemon

    raise typer.Exit(run_daemon())
