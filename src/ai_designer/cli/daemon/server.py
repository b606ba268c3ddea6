"""The daemon: one long-lived process per environment that runs ``design`` requests with the engine imported and
the FreeCAD pool warm, and exits after ``AI_DESIGNER_DAEMON_IDLE_MINUTES`` without a request.

It runs exactly what the CLI runs in-process (:func:`ai_designer.cli.commands.compute_design`, one shared
:class:`~ai_designer.designer.Designer`), in the caller's working directory and environment (the socket's name says
which, see :mod:`~ai_designer.cli.daemon.paths`), so the result, the files and the exit code are the same; only
where the work happens changes. Who may connect: the socket is 0600 in a 0700 directory, and each connection's peer
credentials (``SO_PEERCRED``) must be this user's — root's file-permission override does not get in either.

Life cycle: the lock file (``flock``) is held while the daemon lives, so a socket whose lock is free was left by a
killed daemon and is replaced; SIGTERM, ``ai-designer daemon stop`` and the idle timer all stop it the same way
(stop accepting, let running designs finish, close the pool, remove the socket).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import signal
import socket
import socketserver
import struct
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from ai_designer.cli.commands import DesignArgs, compute_design, exit_code, json_line
from ai_designer.cli.daemon.paths import DaemonPaths, DaemonUnavailable, paths_for_this_process
from ai_designer.core.logging import configure_logging
from ai_designer.core.settings import Settings, get_settings
from ai_designer.designer import Designer, ProgressEvent

__all__ = ["run_daemon", "DaemonState"]

log = logging.getLogger(__name__)
_MAX_REQUEST = 1 << 20
_WARM_PROMPT = "a 10 mm cube"


class DaemonState:
    """What the handlers share: the designer, the activity clock (for idle exit) and the counters for ``status``."""

    def __init__(self, paths: DaemonPaths, settings: Settings) -> None:
        self.paths, self.settings = paths, settings
        self.designer = Designer(settings)
        self.started = time.time()
        self.idle_seconds = settings.daemon_idle_minutes * 60
        self._lock = threading.Lock()
        self._active = 0
        self._last = time.monotonic()
        self.served = 0
        self.stopping = threading.Event()

    def begin(self) -> None:
        with self._lock:
            self._active += 1

    def end(self, *, served: int = 1) -> None:
        with self._lock:
            self._active -= 1
            self.served += served
            self._last = time.monotonic()

    def idle_for(self) -> float:
        with self._lock:
            return 0.0 if self._active else time.monotonic() - self._last

    def active(self) -> int:
        with self._lock:
            return self._active

    def status(self) -> dict[str, Any]:
        return {"pid": os.getpid(), "socket": str(self.paths.socket), "log": str(self.paths.log), "cwd": os.getcwd(),
                "started": self.started, "uptime_seconds": round(time.time() - self.started, 1),
                "designs": self.served, "active": self.active(), "idle_seconds": round(self.idle_for(), 1),
                "idle_exit_seconds": self.idle_seconds, "pool": self.designer.executor.health()}


def client_mode(mode_env: str | None) -> str:
    """The caller's ``AI_DESIGNER_DAEMON`` as its own Settings would read it: its environment value when it has one,
    else ``.env`` or the default (the daemon's own value was removed from its environment at start). ``invalid``
    when those settings do not load — the caller then builds in-process and reports the error itself."""
    from pydantic import ValidationError

    from ai_designer.core.errors import ConfigError

    try:
        given: dict[str, Any] = {"AI_DESIGNER_DAEMON": mode_env} if mode_env is not None else {}
        return Settings(**given).daemon
    except (ValidationError, ConfigError):
        return "invalid"


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        state = self.server.state
        try:
            message = json.loads(self.rfile.readline(_MAX_REQUEST))
        except ValueError:
            return
        command = message.get("command")
        if command == "status":
            self._send({"done": state.status()})
        elif command == "stop":
            self._send({"done": {"pid": os.getpid(), "stopping": True}})
            state.stopping.set()
        elif command == "design":
            self._design(state, message)
        else:
            self._send({"refused": f"unknown command {command!r}"})

    def _design(self, state: DaemonState, message: dict[str, Any]) -> None:
        if message.get("key") != state.paths.key:
            self._send({"refused": "this daemon serves another environment"})
            return
        mode = client_mode(message.get("mode_env"))
        if mode not in ("use", "auto"):
            self._send({"refused": f"AI_DESIGNER_DAEMON is {mode} for this caller"})
            return
        state.begin()
        cancel = threading.Event()
        threading.Thread(target=self._watch_hangup, args=(cancel,), daemon=True).start()
        try:
            args = DesignArgs.model_validate(message.get("args") or {})
            result = compute_design(args, designer=state.designer, on_event=lambda ev: self._event(ev, cancel),
                                    cancel=cancel)
            self._send({"done": {"exit": exit_code(result), "json": json_line(result),
                                 "result": result.model_dump(mode="json")}})
        except Exception:  # noqa: BLE001 - the caller prints it, as the in-process CLI would
            log.exception("design request failed")
            self._send({"crashed": traceback.format_exc()})
        finally:
            state.end()

    def _watch_hangup(self, cancel: threading.Event) -> None:
        """The client sends nothing after its request; EOF means it went away (Ctrl-C): cancel its design."""
        with contextlib.suppress(OSError):
            if not self.connection.recv(1):
                cancel.set()

    def _event(self, ev: ProgressEvent, cancel: threading.Event) -> None:
        if not self._send({"event": {"status": ev.status.value, "message": ev.message,
                                     "finished": ev.status.finished}}):
            cancel.set()

    def _send(self, message: dict[str, Any]) -> bool:
        try:
            self.wfile.write(json.dumps(message, default=str).encode() + b"\n")
            self.wfile.flush()
        except OSError:
            return False
        return True


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, state: DaemonState) -> None:
        self.state = state
        old = os.umask(0o177)  # the socket is born 0600: no window where another user could connect
        try:
            super().__init__(str(path), _Handler)
        finally:
            os.umask(old)
        os.chmod(path, 0o600)
        self.inode = os.stat(path).st_ino

    def verify_request(self, request: Any, client_address: Any) -> bool:
        creds = request.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _, uid, _ = struct.unpack("3i", creds)
        if uid != os.geteuid():
            log.warning("refused a connection from uid %d", uid)
            return False
        return True


def _take_lock(paths: DaemonPaths) -> int | None:
    fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def _warm(state: DaemonState) -> None:
    """One throw-away design so that the first real request finds the grammar loaded and the pool started (the
    idle timer starts after it; the caller counted it as active)."""
    with tempfile.TemporaryDirectory(dir=state.paths.directory) as scratch:
        try:
            state.designer.design(_WARM_PROMPT, out_dir=scratch, formats="fcstd,step,stl,png", routing="offline")
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first request warms instead
            log.exception("warm-up design failed")
        finally:
            state.end(served=0)


def _watchdog(state: DaemonState, server: _Server) -> None:
    tick = min(1.0, max(0.05, state.idle_seconds / 20))
    while not state.stopping.wait(tick):
        if state.idle_for() >= state.idle_seconds:
            log.warning("idle for %.0f s: exiting", state.idle_seconds)
            state.stopping.set()
    server.shutdown()


def run_daemon() -> int:
    """Serve until stopped or idle; 0 also when another daemon for this environment already runs."""
    os.environ.pop("AI_DESIGNER_DAEMON", None)  # see client_mode: each caller's own value decides
    get_settings.cache_clear()
    settings = get_settings()
    configure_logging(settings.log_level)
    try:
        paths = paths_for_this_process()
    except DaemonUnavailable as exc:
        log.error("%s", exc)
        return 1
    lock_fd = _take_lock(paths)
    if lock_fd is None:
        log.warning("a daemon for this environment already runs (%s)", paths.socket)
        return 0
    with contextlib.suppress(FileNotFoundError):
        paths.socket.unlink()  # we hold the lock: any socket here was left by a daemon that is gone
    state = DaemonState(paths, settings)
    server = _Server(paths.socket, state)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, lambda *_: state.stopping.set())
    state.begin()
    threading.Thread(target=_warm, args=(state,), daemon=True, name="daemon-warm").start()
    threading.Thread(target=_watchdog, args=(state, server), daemon=True, name="daemon-idle").start()
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        _shutdown(state, server, lock_fd)
    return 0


def _shutdown(state: DaemonState, server: _Server, lock_fd: int) -> None:
    """Stop accepting, let running designs finish (bounded by the job timeout), then release everything."""
    server.server_close()
    with contextlib.suppress(FileNotFoundError):
        if os.stat(state.paths.socket).st_ino == server.inode:
            state.paths.socket.unlink()
    deadline = time.monotonic() + state.settings.job_timeout_seconds + 5
    while state.active() and time.monotonic() < deadline:
        time.sleep(0.05)
    from ai_designer.freecad.executor import close_executor

    close_executor()
    os.close(lock_fd)
