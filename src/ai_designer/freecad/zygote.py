"""The pool's zygote: the one process that imports FreeCAD once and forks every worker from itself (``worker.py``).

Split from ``pool.py`` along the lifecycle seam: this module starts, warms and stops the zygote and turns a fork
request into a ready :class:`~ai_designer.freecad.worker_handle.WorkerHandle`; the pool decides which slot needs a
worker and dispatches jobs to them. A :class:`Zygote` is not thread-safe on its own: the pool calls it under its lock.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ai_designer.core.errors import ExecutionError
from ai_designer.freecad.sandbox import scrubbed_env
from ai_designer.freecad.worker_handle import WorkerHandle

__all__ = ["START_TIMEOUT", "Zygote"]

START_TIMEOUT = 60.0  # how long the zygote, a new worker or a job's acknowledgement may take before we give up


class Zygote:
    """The zygote process and its control socket, started on the first fork and restarted once if it died.

    ``start_seconds`` is the pool's timing table (shown by ``health()``): the zygote records ``zygote`` and
    ``last_worker`` in it, so the pool need not copy them over."""

    def __init__(self, base_dir: Path, *, preload_preview: bool, isolate_network: bool, confine: bool,
                 start_seconds: dict[str, float]) -> None:
        self.base_dir = base_dir
        self._preload_preview, self._isolate_network, self._confine = preload_preview, isolate_network, confine
        self.start_seconds = start_seconds
        self.process: subprocess.Popen[bytes] | None = None
        self.control: socket.socket | None = None
        self.info: dict[str, Any] = {}  # the zygote's hello (its FreeCAD version)
        self.wall: dict[str, Any] | None = None  # the sandbox the last worker reported it runs behind
        self.warmed = False

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.alive and self.process is not None else None

    def abandon(self) -> None:
        """Close our copy of the control socket only: in a forked child the zygote belongs to the parent."""
        if self.control is not None:
            with contextlib.suppress(OSError):
                self.control.close()

    def fork(self, slot: int) -> WorkerHandle:
        """Fork a worker for ``slot`` from the zygote (restarting the zygote once if it died)."""
        for attempt in (1, 2):
            if not self.alive:
                self.start()
            assert self.control is not None
            parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            t0 = time.perf_counter()
            try:
                request = {"op": "fork", "slot": slot, "worker_dir": str(self.base_dir / f"worker-{slot}")}
                socket.send_fds(self.control, [json.dumps(request).encode()], [child_end.fileno()])
                reply = self.control.recv(65536)
                if not reply:
                    raise OSError("the zygote closed its control socket")
                pid = int(json.loads(reply)["pid"])
            except (OSError, ValueError, KeyError) as exc:
                parent_end.close()
                self.stop()
                if attempt == 2:
                    raise ExecutionError(f"could not start a FreeCAD worker: {exc}. See "
                                         f"{self.base_dir / 'workers.log'}.") from exc
                continue
            finally:
                child_end.close()
            handle = self._await_ready(slot, pid, Connection(parent_end.detach()), t0)
            if handle is not None:
                return handle
            if attempt == 2:
                raise ExecutionError(f"a FreeCAD worker did not start; see {self.base_dir / 'workers.log'}.")
        raise ExecutionError("a FreeCAD worker did not start")  # pragma: no cover - loop always returns or raises

    def _await_ready(self, slot: int, pid: int, conn: Connection, t0: float) -> WorkerHandle | None:
        """The new worker's handle once it says it is ready; None (connection closed) if it never did, so
        :meth:`fork` tries once more; a worker that reports an error raises it."""
        if conn.poll(START_TIMEOUT):
            try:
                ready = json.loads(conn.recv_bytes())
            except (EOFError, OSError, ValueError):
                ready = {}
            if ready.get("ready"):
                self.start_seconds["last_worker"] = time.perf_counter() - t0
                self.wall = ready.get("wall")
                return WorkerHandle(slot, pid, conn, ready, time.time())
            if ready.get("error"):
                conn.close()
                raise ExecutionError(str(ready["error"]))
        conn.close()
        return None

    def start(self) -> None:
        from ai_designer.freecad.locate import locate_freecad

        locate_freecad()  # raises FreeCADNotFoundError with install instructions before any process starts
        self.stop()
        home = self.base_dir / "zygote"
        shutil.rmtree(home, ignore_errors=True)
        home.mkdir(parents=True, exist_ok=True)
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        package_root = str(Path(__file__).resolve().parents[2])
        env = scrubbed_env(os.environ, home=str(home), tmp=str(home / "tmp"))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        config = {"control_fd": theirs.fileno(), "home": str(home), "preload_preview": self._preload_preview,
                  "isolate_network": self._isolate_network, "confine": self._confine}
        t0 = time.perf_counter()
        with open(self.base_dir / "workers.log", "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "ai_designer.freecad.worker", json.dumps(config)], pass_fds=[theirs.fileno()],
                env=env, cwd=str(home), stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        theirs.close()
        ours.settimeout(START_TIMEOUT)
        try:
            hello = ours.recv(65536)
        except OSError:
            hello = b""
        ours.settimeout(None)
        if not hello:
            ours.close()
            self.stop()
            raise ExecutionError(f"the FreeCAD zygote did not start; see {self.base_dir / 'workers.log'}.")
        self.control = ours
        self.warmed = False  # a new zygote starts cold
        self.info = json.loads(hello)
        self.start_seconds["zygote"] = time.perf_counter() - t0

    def warm(self) -> None:
        """Ask the zygote to run its warm-up job (no answer is sent). Only a pool that has run a few jobs asks: a
        one-shot CLI run would spend the CPU for workers it never forks."""
        self.warmed = True
        if self.control is not None:
            with contextlib.suppress(OSError):
                self.control.send(json.dumps({"op": "warm"}).encode())

    def stop(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            if self.process.poll() is None:
                self.process.kill()
            self.process.wait(timeout=10)
            self.process = None

    def containment(self, sandbox: str) -> dict[str, Any]:
        """What walls the workers run behind, for ``health()``: ``sandbox`` is the WORKER_SANDBOX setting."""
        wall = self.wall or {}
        return {"sandbox": sandbox, "wall": wall or "not started",
                "environment": "allow-list (secrets removed)",
                "rlimits": ["RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE"],
                "unprivileged_user": bool(wall) and wall.get("uid") not in (None, 0),
                "freecad_version": self.info.get("freecad_version")}
