"""The pool's side of its worker processes: the handle of one worker, waiting for its answer, moving its files out,
and telling live processes from dead ones (used by ``pool.py``)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ai_designer.freecad.fcstd_guard import FcstdRefused, check_fcstd
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

    The worker is not trusted, and it owns its directory: a hostile script could plant links in ``job``, or replace
    ``job`` itself with a link to a directory of the service's. So nothing here goes through a path the worker
    could have changed: the job directory is opened without following a link (its parent is the pool's, which the
    worker cannot write), a reported path is only accepted when it names a file directly inside the job directory,
    and files are moved by name relative to those open directories. What arrives in ``out_dir`` must be a plain file
    with one link — a symlink or a hard link (to a secret of this process, say) is deleted and the job fails, so
    nothing outside the job directory is ever handed out. The check runs after the move, where the worker cannot
    swap the file any more. An FCStd is also read (``fcstd_guard``): a file FreeCAD would run code from on
    opening is withheld with the rest of the design's files."""
    if not result.files and not result.preview_mesh:
        return result
    out_dir.mkdir(parents=True, exist_ok=True)
    moved: dict[str, str] = {}
    fds: list[int] = []
    try:
        parent = os.open(job_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
        fds.append(parent)
        fds.append(os.open(job_dir.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent))
        fds.append(os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY))
        for fmt, src in result.files.items():
            moved[fmt] = _move_one(src, job_dir, out_dir, fds[1], fds[2])
            if fmt == "fcstd":
                check_fcstd(Path(moved[fmt]))
        mesh = _move_one(result.preview_mesh, job_dir, out_dir, fds[1], fds[2]) if result.preview_mesh else None
    except (OSError, ValueError) as exc:
        for path in moved.values():
            Path(path).unlink(missing_ok=True)
        message = (f"the FCStd the worker wrote was refused: {exc}. ai-designer never generates that, so no file of "
                   "this design is handed out; report it with the job log" if isinstance(exc, FcstdRefused)
                   else f"could not move the exported files into {out_dir}: {exc}")
        return result.model_copy(update={"ok": False, "files": {}, "preview_mesh": None, "error": {
            "code": "export_failed", "message": message}})
    finally:
        for fd in fds:
            os.close(fd)
    return result.model_copy(update={"files": moved, "preview_mesh": mesh})


def _move_one(src: str, job_dir: Path, out_dir: Path, job_fd: int, out_fd: int) -> str:
    path = os.path.normpath(os.path.join(job_dir, src))
    name = os.path.basename(path)
    if os.path.dirname(path) != os.path.normpath(job_dir) or name in ("", ".", ".."):
        raise ValueError(f"the worker reported {src!r}, which is not a file in its job directory")
    try:
        os.rename(name, name, src_dir_fd=job_fd, dst_dir_fd=out_fd)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        _copy_out(name, job_fd, out_fd)  # out_dir on another filesystem
    info = os.lstat(name, dir_fd=out_fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.unlink(name, dir_fd=out_fd)
        raise ValueError(f"the worker's {name!r} is a link, not a plain file; it was deleted")
    return str(out_dir / name)


def _copy_out(name: str, job_fd: int, out_fd: int) -> None:
    """Copy a file across filesystems without following a link, then remove it from the job directory."""
    src = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=job_fd)
    try:
        info = os.fstat(src)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise ValueError(f"the worker's {name!r} is a link, not a plain file")
        dst = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644, dir_fd=out_fd)
        with open(src, "rb", closefd=False) as fin, open(dst, "wb") as fout:
            shutil.copyfileobj(fin, fout)
    finally:
        os.close(src)
    os.unlink(name, dir_fd=job_fd)


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
