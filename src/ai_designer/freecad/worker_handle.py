"""The pool's side of its worker processes: the handle of one worker, waiting for its answer, moving its files out,
and telling live processes from dead ones (used by ``pool.py``)."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import select
import shutil
import signal
import stat
import struct
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ai_designer.freecad.export import PREVIEW_FORMATS
from ai_designer.freecad.fcstd_guard import FcstdRefused, check_fcstd
from ai_designer.freecad.preview_mesh import MESH_SUFFIX
from ai_designer.schemas.execution import FORMATS, JobResult, JobSpec

__all__ = ["WorkerHandle", "wait_for_answer", "deliver", "is_alive", "remove_stale_pools", "claim_pool_dir",
           "read_frame", "read_message", "read_answer", "disk_used", "stage_files"]


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


def wait_for_answer(worker: WorkerHandle, timeout: float, worker_dir: Path | None = None, disk_bytes: int = 0) -> str:
    """Wait for the worker's answer: "ready", "timeout", "cancelled" when the caller's design is cancelled
    (``executor.CANCEL``, checked every 50 ms, so a cancel frees the worker at once), or "disk_limit" when the
    worker's directory holds more than ``disk_bytes`` (measured every 0.25 s: the directory is on the host's disk
    and RLIMIT_FSIZE bounds one file, not how many a hostile script writes)."""
    from ai_designer.freecad.executor import CANCEL

    cancel = CANCEL.get()
    deadline = time.monotonic() + timeout
    step = 0.05 if cancel is not None else _DISK_EVERY
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return "timeout"
        if worker.conn.poll(min(remaining, step)):
            return "ready"
        if cancel is not None and cancel.is_set():
            return "cancelled"
        if worker_dir is not None and disk_bytes and disk_used(worker_dir, disk_bytes) > disk_bytes:
            return "disk_limit"


_DISK_EVERY = 0.25
_MAX_ENTRIES = 10_000  # far more names than a job writes: counted as over the budget (and cheap to stop at)


def disk_used(path: Path, limit: int) -> int:
    """Bytes allocated under ``path`` (``st_blocks``: a sparse file counts what it holds), without following a
    link; stops early, returning more than ``limit``, once past it or past ``_MAX_ENTRIES`` names."""
    used, entries, stack = 0, 0, [str(path)]
    while stack and used <= limit:
        try:
            with os.scandir(stack.pop()) as listing:
                for entry in listing:
                    entries += 1
                    if entries > _MAX_ENTRIES:
                        return limit + 1
                    info = entry.stat(follow_symlinks=False)
                    used += info.st_blocks * 512
                    if stat.S_ISDIR(info.st_mode):
                        stack.append(entry.path)
        except OSError:
            continue  # removed while we looked: the worker's own business
    return used


_FRAME_SECONDS = 10.0  # a frame that began must end by then: a result is a few kB on a local socket


def read_frame(conn: Connection, maxlength: int, seconds: float = _FRAME_SECONDS) -> bytes:
    """The next message ``conn.send_bytes`` wrote (multiprocessing's framing: a 4-byte big-endian length, or -1 and an
    8-byte one), read with a deadline. ``conn.recv_bytes`` waits for a frame's rest with no limit, and the worker is
    not trusted: code that escaped the policy could write a header and fall silent, and the job then outlived its
    timeout and its cancel, holding the slot for good. Too slow or too long raises OSError, the end EOFError."""
    fd = conn.fileno()
    deadline = time.monotonic() + seconds
    (size,) = struct.unpack("!i", _read_exactly(fd, 4, deadline))
    if size == -1:
        (size,) = struct.unpack("!Q", _read_exactly(fd, 8, deadline))
    if size < 0 or size > maxlength:
        raise OSError(f"the worker's message claims {size} bytes (at most {maxlength})")
    return _read_exactly(fd, size, deadline)


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    data = bytearray()
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while len(data) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not poller.poll(remaining * 1000):
            raise OSError("the worker's message did not arrive whole in time")
        chunk = os.read(fd, min(size - len(data), 1 << 20))
        if not chunk:
            raise EOFError("the worker closed its connection inside a message")
        data += chunk
    return bytes(data)


_MAX_MESSAGE = 64 << 20  # a result is a few kB of JSON (files travel as files); a worker is not trusted


def read_message(worker: WorkerHandle) -> dict[str, Any]:
    """The worker's next message, a JSON object. The worker is not trusted: an oversized frame or one that does not
    arrive whole within seconds (OSError), bad JSON or another shape (ValueError, TypeError) is the caller's to
    treat as a crash — it replaces the worker instead of losing the slot to an exception or a wait."""
    data = json.loads(read_frame(worker.conn, _MAX_MESSAGE))
    if not isinstance(data, dict):
        raise TypeError("the worker's message is not a JSON object")
    return data


def read_answer(worker: WorkerHandle) -> tuple[dict[str, Any], JobResult]:
    """The worker's answer and its result, validated (a missing or malformed result raises ValueError)."""
    data = read_message(worker)
    if not isinstance(data.get("result"), dict):
        raise ValueError("the worker's answer holds no result")
    return data, JobResult.model_validate(data["result"])


def deliver(result: JobResult, spec: JobSpec, job_dir: Path) -> JobResult:
    """Move the verified files (and the preview mesh) from the worker's private job directory into ``spec.out_dir``.

    The worker is not trusted, and it owns its directory: a hostile script could plant links in ``job``, or replace
    ``job`` itself with a link to a directory of the service's. So nothing here goes through a path the worker
    could have changed: the job directory is opened without following a link (its parent is the pool's, which the
    worker cannot write), and files are moved by name relative to those open directories. The names are the pool's,
    not the worker's (``_names``): one file per format the job asked for, called as the exporter calls it — a
    worker that reports one file under several formats, or names one it was not asked for, hands nothing out.
    What arrives in ``out_dir`` must be a plain file with one link — a symlink or a hard link (to a secret of this
    process, say) is deleted and the job fails, so nothing outside the job directory is ever handed out. The FCStd
    is read (``fcstd_guard``) after every file has moved, where the worker cannot swap it any more: a file FreeCAD
    would run code from on opening is withheld with the rest."""
    if not result.files and not result.preview_mesh:
        return result
    out_dir = Path(spec.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    moved: dict[str, str] = {}
    fds: list[int] = []
    try:
        names = _names(result, spec)
        parent = os.open(job_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
        fds.append(parent)
        fds.append(os.open(job_dir.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent))
        fds.append(os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY))
        for key, (src, name) in names.items():
            moved[key] = _move_one(src, name, job_dir, out_dir, fds[1], fds[2])
        if "fcstd" in moved:
            check_fcstd(Path(moved["fcstd"]))
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
    mesh = moved.pop(_MESH, None)
    return result.model_copy(update={"files": moved, "preview_mesh": mesh})


_MESH = "\0mesh"  # the preview mesh's key among the moved files (no format is called that)


def _names(result: JobResult, spec: JobSpec) -> dict[str, tuple[str, str]]:
    """``key → (what the worker reported, the name the pool gives it)``. The pool names every file as the exporter
    does (``{basename}{suffix}``): a format the job did not ask for, one the worker cannot make (GLB and PNG are
    rendered outside it) or a reported name that differs is refused, so no two reports can land on one name."""
    wanted = set(spec.formats)
    names: dict[str, tuple[str, str]] = {}
    for fmt, src in result.files.items():
        if fmt not in wanted or fmt not in FORMATS or fmt in PREVIEW_FORMATS:
            raise ValueError(f"the worker handed over a {fmt!r} file, which the job did not ask it for")
        names[fmt] = (src, spec.basename + FORMATS[fmt].suffix)
    if result.preview_mesh:
        if not wanted & set(PREVIEW_FORMATS):
            raise ValueError("the worker handed over a preview mesh the job did not ask for")
        names[_MESH] = (result.preview_mesh, spec.basename + MESH_SUFFIX)
    return names


def _move_one(src: str, name: str, job_dir: Path, out_dir: Path, job_fd: int, out_fd: int) -> str:
    path = os.path.normpath(os.path.join(job_dir, src))
    if os.path.dirname(path) != os.path.normpath(job_dir) or os.path.basename(path) != name or "/" in name:
        raise ValueError(f"the worker reported {src!r}, which is not a file in its job directory named {name!r}")
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


_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def stage_files(worker_dir: Path, sub: str, files: dict[str, Path]) -> dict[str, str]:
    """Copy ``files`` (``{key: path}``) into a new directory ``sub`` of a worker's directory, for a file task
    (``file_tasks.py``); returns ``{key: name in it}``. The worker owns its directory: the copies are made through
    open directories, never following a link, and each file is created anew (``O_EXCL``)."""
    names = {key: src.name if _PLAIN_NAME.fullmatch(src.name) else f"{key}{src.suffix[:10]}"
             for key, src in files.items()}
    if len(set(names.values())) != len(names):
        names = {key: f"{key}{src.suffix[:10]}" for key, src in files.items()}
    base = os.open(worker_dir.parent, os.O_RDONLY | os.O_DIRECTORY)
    fds = [base]
    try:
        fds.append(os.open(worker_dir.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=base))
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(sub, dir_fd=fds[1])  # a leftover: fd-based, so a link in it is removed, not followed
        os.mkdir(sub, 0o755, dir_fd=fds[1])
        fds.append(os.open(sub, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fds[1]))
        for key, src in files.items():
            dst = os.open(names[key], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644, dir_fd=fds[2])
            with open(src, "rb") as fin, open(dst, "wb") as fout:
                shutil.copyfileobj(fin, fout)
    finally:
        for fd in fds:
            os.close(fd)
    return names


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


LOCK_NAME = ".lock"  # in a pool's directory: held (flock) by the pool's process for as long as it runs


def claim_pool_dir(path: Path) -> int:
    """Create the pool directory ``path`` holding its lock, and return the lock's descriptor (keep it open).

    The directory appears under its name already locked (made under a name the cleaner does not match, locked,
    then renamed), so no pool starting at the same moment can take it for a dead one."""
    staging = path.parent / f".claim-{path.name}"
    staging.mkdir(parents=True)
    fd = os.open(staging / LOCK_NAME, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.rename(staging, path)
    except OSError:
        os.close(fd)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return fd


def remove_stale_pools(workers_dir: Path) -> None:
    """Wipe the directories of pools whose process is gone (a killed server leaves its workers' files behind).

    Gone means the directory's lock can be taken: a lock is released by the kernel when its process ends, whatever
    PID namespace or container that process runs in (the API and Celery containers share ``/data``; a pid alone
    named another namespace's process, and a pool there was wiped under its running jobs until round 7). A
    directory without a lock was made before locks existed: the old test, its pid, decides."""
    for path in workers_dir.glob("pool-*-*"):
        try:
            fd = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        except FileNotFoundError:
            if not path.is_symlink() and not _legacy_alive(path.name):
                shutil.rmtree(path, ignore_errors=True)
            continue
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue  # held: the pool runs (here or in another container)
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            os.close(fd)


def _legacy_alive(name: str) -> bool:
    try:
        return is_alive(int(name.split("-")[1]))
    except (IndexError, ValueError):
        return True
