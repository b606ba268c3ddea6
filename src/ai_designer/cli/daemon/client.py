"""The CLI side of the daemon: find it, start it, send one request, stream the answer.

Protocol (one connection per request, JSON lines): the client sends ``{"command": …, "key": <fingerprint>,
"mode_env": <AI_DESIGNER_DAEMON as this process sees it>, "args": {…}}``; the daemon answers with zero or more
``{"event": {"status", "message", "finished"}}`` then one of ``{"done": {…}}`` (the outcome), ``{"refused":
reason}`` (the caller builds in-process instead: the daemon is for another environment, or this process's settings
say ``AI_DESIGNER_DAEMON=off`` or are invalid) or ``{"crashed": traceback}``.

Standard library only: this is all the warm ``ai-designer design`` path imports besides Typer.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ai_designer.cli.daemon.paths import DaemonPaths, DaemonUnavailable, paths_for_this_process

__all__ = ["request", "connect", "start_daemon", "remove_if_stale", "DaemonUnavailable"]

_START_TIMEOUT = 90.0


def _is_held(lock: Path) -> bool:
    """Whether a live daemon holds this lock (a killed one releases it with its last file descriptor)."""
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # also releases a lock we just took
    return False


def remove_if_stale(paths: DaemonPaths) -> bool:
    """Remove a socket file no daemon serves (its daemon was killed); True when one was removed."""
    if not paths.socket.exists() or _is_held(paths.lock):
        return False
    with contextlib.suppress(FileNotFoundError):
        paths.socket.unlink()
    return True


def connect(paths: DaemonPaths, timeout: float | None = None) -> socket.socket | None:
    """A connection to the running daemon, or None when there is none (no socket, or a stale one)."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(paths.socket))
    except (FileNotFoundError, ConnectionRefusedError):
        sock.close()
        return None
    except OSError as exc:
        sock.close()
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise DaemonUnavailable(f"{paths.socket}: {exc.strerror}") from exc
        return None
    sock.settimeout(None)
    return sock


def start_daemon(paths: DaemonPaths, *, timeout: float = _START_TIMEOUT) -> socket.socket:
    """Start ``ai-designer daemon run`` in the background (its own session, output to its log) and connect to it
    once it listens. Two starters at once are fine: the daemon that gets the lock serves, the other exits."""
    remove_if_stale(paths)
    log_fd = os.open(paths.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "ai_designer", "daemon", "run"], stdin=subprocess.DEVNULL,
            stdout=log_fd, stderr=log_fd, start_new_session=True, close_fds=True)
    finally:
        os.close(log_fd)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sock = connect(paths)
        if sock is not None:
            return sock
        if proc.poll() is not None and not _is_held(paths.lock):  # it exited and no other daemon is starting
            raise DaemonUnavailable(f"the daemon exited with status {proc.returncode}; see {paths.log}")
        time.sleep(0.02)
    raise DaemonUnavailable(f"the daemon did not answer within {timeout:g} s; see {paths.log}")


def _lines(sock: socket.socket) -> Any:
    with sock.makefile("rb") as stream:
        for raw in stream:
            yield json.loads(raw)


def exchange(sock: socket.socket, message: dict[str, Any],
             on_event: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Send one request on ``sock`` and return the daemon's final message (events go to ``on_event``)."""
    with sock:
        sock.sendall(json.dumps(message).encode() + b"\n")
        for reply in _lines(sock):
            if "event" in reply:
                if on_event is not None:
                    on_event(reply["event"])
                continue
            return dict(reply)
    return {"refused": "the daemon closed the connection without an answer"}


def request(command: str, args: dict[str, Any], *, start: bool = False,
            on_event: Callable[[dict[str, Any]], None] | None = None) -> dict[str, Any] | None:
    """Run ``command`` on this environment's daemon (starting it first when ``start``); None means no daemon took
    it and the caller does the work itself. A daemon that vanishes mid-request is reported as ``crashed``."""
    try:
        paths = paths_for_this_process()
        sock = connect(paths)
        if sock is None and start:
            sock = start_daemon(paths)
    except DaemonUnavailable as exc:
        if start:
            print(f"ai-designer: not using the daemon: {exc}", file=sys.stderr)
        return None
    if sock is None:
        return None
    message = {"command": command, "key": paths.key, "mode_env": os.environ.get("AI_DESIGNER_DAEMON"), "args": args}
    try:
        reply = exchange(sock, message, on_event)
    except (OSError, ValueError) as exc:
        return {"crashed": f"lost the daemon during the request ({type(exc).__name__}: {exc}); see {paths.log}"}
    return None if "refused" in reply else reply
