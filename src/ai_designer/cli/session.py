"""Interactive mode (``ai-designer`` / ``ai-designer chat``): a conversation that edits one session's design.

Anything typed is a prompt that creates or edits the current design; slash commands manage it:
``/show`` (plan, geometry), ``/history``, ``/undo``, ``/save PATH.FCStd``, ``/export FORMATS [DIR]``, ``/new``,
``/help``, ``/quit``. The session is the same on-disk session ``design --session NAME`` uses.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from ai_designer.cli.display import render_result
from ai_designer.designer import Designer, ProgressEvent
from ai_designer.schemas.design_state import DesignResult, DesignStatus

__all__ = ["FreeCADCLI"]

HELP = """[bold]Type a description[/] to create a part ("a 40 mm cube with 3 mm fillets"), then edits ("make it 10 mm
tall", "add a 6 mm hole in the center"). Commands:
  /show              the current plan and geometry      /history   every version of this session
  /undo              go back one version                 /new       start over (clears the session)
  /save PATH.FCStd   copy the FreeCAD document           /export step,stl [DIR]  write files in formats
  /set NAME=VALUE    change a Params size, no model      /help      this text
  /quit              leave (the session is kept on disk). Ctrl-C during a build cancels the build."""


class FreeCADCLI:
    """The interactive shell; ``run()`` reads lines until EOF or ``/quit``; ``handle(line)`` does one line."""

    def __init__(self, session: str = "chat", out_dir: Path | None = None, console: Console | None = None,
                 designer: Designer | None = None) -> None:
        self.session = session
        self.designer = designer or Designer()
        self.out_dir = out_dir or (self.designer.settings.home / "chat" / session)
        self.console = console or Console()
        self.last: DesignResult | None = None

    def run(self) -> None:
        self.console.print(f"[bold]ai-designer[/] interactive · session [cyan]{self.session}[/] · /help for commands")
        while True:
            try:
                line = self.console.input("[bold cyan]design>[/] ")
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                return
            if not self.handle(line):
                return

    def handle(self, line: str) -> bool:
        """Process one line; False means quit."""
        text = line.strip()
        if not text:
            return True
        if not text.startswith("/"):
            self._design(text)
            return True
        cmd, _, arg = text[1:].partition(" ")
        cmd, arg = cmd.lower(), arg.strip()
        if cmd in ("quit", "exit", "q"):
            return False
        handler = {"help": self._help, "show": self._show, "history": self._history, "undo": self._undo,
                   "new": self._new, "save": self._save, "export": self._export, "set": self._set}.get(cmd)
        if handler is None:
            self.console.print(f"[yellow]unknown command /{cmd}[/] — /help lists them")
        else:
            handler(arg)
        return True

    def _progress(self, ev: ProgressEvent) -> None:
        if not ev.status.finished:
            self.console.print(f"  [dim]{ev.status.value}: {ev.message}[/]")

    def _design(self, prompt: str) -> None:
        self.last = self._cancellable(lambda cancel: self.designer.design_in_session(
            prompt, self.session, out_dir=self.out_dir, on_event=self._progress, cancel=cancel))
        self._render(self.last)

    def _set(self, arg: str) -> None:
        from ai_designer.core.errors import PlanError
        from ai_designer.parameters import parse_assignments

        try:
            values = parse_assignments(arg.split())
        except PlanError as exc:
            self.console.print(f"[yellow]{exc.message}[/]")
            return
        self.last = self._cancellable(lambda cancel: self.designer.set_parameters_in_session(
            self.session, values, out_dir=self.out_dir, on_event=self._progress, cancel=cancel))
        self._render(self.last)

    def _render(self, result: DesignResult) -> None:
        from ai_designer.explain import explain_for_cli

        result.error = explain_for_cli(result.error, result.prompt)
        render_result(self.console, result)

    def _cancellable(self, run: Callable[[threading.Event], DesignResult]) -> DesignResult:
        """Build in a thread so that Ctrl-C cancels the build, not the session (FreeCAD workers run in their own
        process group and never see the terminal's SIGINT); the engine stops at its next step."""
        cancel, done = threading.Event(), threading.Event()
        outcome: list[DesignResult | BaseException] = []

        def target() -> None:
            try:
                outcome.append(run(cancel))
            except BaseException as exc:  # handed to the main thread below
                outcome.append(exc)
            finally:
                done.set()

        threading.Thread(target=target, name="ai-designer-chat-build", daemon=True).start()
        while not done.is_set():  # not Thread.join: a Ctrl-C inside join() can leave is_alive() wrong
            try:
                done.wait(0.1)
            except KeyboardInterrupt:
                if not cancel.is_set():
                    cancel.set()
                    self.console.print("[yellow]cancelling — the build stops at its next step; the session is "
                                       "kept[/]")
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        return outcome[0]

    def _help(self, _: str) -> None:
        self.console.print(HELP)

    def _show(self, _: str) -> None:
        state = self.designer.sessions.load(self.session)
        if state.current is None:
            self.console.print("no design yet — describe a part")
            return
        if self.last is not None and self.last.status is DesignStatus.succeeded:
            render_result(self.console, self.last)
            return
        self.console.print(f"version {len(state.history)}: {state.history[-1].prompt}")
        for line in state.current.summary():
            self.console.print(f"  • {line}", highlight=False)

    def _history(self, _: str) -> None:
        state = self.designer.sessions.load(self.session)
        if not state.history:
            self.console.print("no versions yet")
        for i, entry in enumerate(state.history, 1):
            self.console.print(f"  v{i}  {entry.created_at:%H:%M:%S}  {entry.prompt}", highlight=False)

    def _undo(self, _: str) -> None:
        self.last = self.designer.undo(self.session, out_dir=self.out_dir)
        render_result(self.console, self.last)

    def _new(self, _: str) -> None:
        self.designer.sessions.delete(self.session)
        self.last = None
        self.console.print("session cleared")

    def _save(self, arg: str) -> None:
        src = self._current_files().get("fcstd")
        if not arg or src is None:
            self.console.print("usage: /save PATH.FCStd (after a successful design)")
            return
        dest = Path(arg).expanduser()
        if dest.suffix.lower() != ".fcstd":
            dest = dest.with_suffix(".FCStd")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)
        self.console.print(f"saved {dest}")

    def _export(self, arg: str) -> None:
        state = self.designer.sessions.load(self.session)
        if state.current is None:
            self.console.print("nothing to export yet")
            return
        formats, _, where = arg.partition(" ")
        out = Path(where.strip()).expanduser() if where.strip() else self.out_dir
        result = self.designer.design(state.history[-1].prompt, plan=state.current, out_dir=out,
                                      formats=formats or None)
        render_result(self.console, result)

    def _current_files(self) -> dict[str, str]:
        state = self.designer.sessions.load(self.session)
        return state.history[-1].files if state.history else {}
