"""The pool's side of its worker processes: the handle of one worker, waiting for its answer, moving its files out,
and telling live processes from dead ones (used by ``pool.py``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ai_designer.schemas.execution import JobResult

__all__ = ["WorkerHandle", "wait_for_answer", "deliver", "is_alive", "remove_stale_pools"]


class WorkerHandle:
    """The pool's side of one worker: its warden's pid, the socket to it, how many jobs it ran and its memory."""

    def __init__(self, slot: int, pid: int, conn: Connection, ready: dict[str, Any], started: float) -> None:
        self.slot, self.pid, self.conn, self.ready, self.started = slot, pid, conn, ready, started
        self.jobs = 0
        self.rss_mb = float(ready.get("rss_mb", 0.0))

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.conn.close()


def wait_for_answer(worker: WorkerHandle, timeout: float) -> str:
    """Wait for the worker's answer: "ready", "timeout", or "cancelled" when the caller's design is cancelled
    (``executor.CANCEL``) — checked every 50 ms, so a cancel frees the worker at once."""
    from ai_designer.freecad.executor import CANCEL

    cancel = CANCEL.get()
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout"
        if worker.conn.poll(min(remaining, 0.05) if cancel is not None else remaining):
            return "ready"
        if cancel is not None and cancel.is_set():
            return "cancelled"


def deliver(result: JobResult, out_dir: Path, job_dir: Path) -> JobResult:
    """Move the verified files (and the preview mesh) from the worker's private job directory into ``out_dir``.

    The worker is not trusted: a path it reports is only moved when it names a file directly inside its own job
    directory, and what arrives in ``out_dir`` must be a plain file with one link — a symlink or hard link planted by
    a hostile script (to a secret of this process, say) is deleted and the job fails, so nothing outside the job
    directory is ever handed out. The check runs after the move, where the worker cannot swap the file any more."""
    if not result.files and not result.preview_mesh:
        return result
    out_dir.mkdir(parents=True, exist_ok=True)
    moved: dict[str, str] = {}
    job_real = job_dir.resolve()  # once per delivery: resolving walks (lstat) every component of the path
    try:
        for fmt, src in result.files.items():
            moved[fmt] = _move_one(src, out_dir, job_dir, job_real)
        mesh = _move_one(result.preview_mesh, out_dir, job_dir, job_real) if result.preview_mesh else None
    except (OSError, ValueError) as exc:
        for path in moved.values():
            Path(path).unlink(missing_ok=True)
        return result.model_copy(update={"ok": False, "files": {}, "preview_mesh": None, "error": {
            "code": "export_failed", "message": f"could not move the exported files into {out_dir}: {exc}"}})
    return result.model_copy(update={"files": moved, "preview_mesh": mesh})


def _move_one(src: str, out_dir: Path, job_dir: Path, job_real: Path) -> str:
    path = Path(src)
    if not path.is_absolute():
        path = job_dir / path
    if path.parent.resolve() != job_real or path.name in ("", ".", ".."):
        raise ValueError(f"the worker reported {src!r}, which is not a file in its job directory")
    target = out_dir / path.name
    shutil.move(str(path), target)
    info = target.lstat()
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        target.unlink(missing_ok=True)
        raise ValueError(f"the worker's {path.name!r} is a link, not a plain file; it was deleted")
    return str(target)


def is_alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def remove_stale_pools(workers_dir: Path) -> None:
    """Wipe the directories of pools whose process is gone (a killed server leaves its workers' files behind)."""
    for path in workers_dir.glob("pool-*-*"):
        try:
            pid = int(path.name.split("-")[1])
        except (IndexError, ValueError):
            continue
        if not is_alive(pid):
            shutil.rmtree(path, ignore_errors=True)
