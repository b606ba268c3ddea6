"""The processes behind the pool: one small *zygote* that imports FreeCAD once, and the workers it forks.

Why a zygote: the parent (CLI, API server, Celery worker) is multi-threaded and holds secrets in its environment, so
it should neither fork itself nor pass its environment on. The pool starts the zygote once with ``python -m
ai_designer.freecad.worker`` and a scrubbed environment; the zygote leaves the network (``unshare``) when it may,
imports FreeCAD, Part, Mesh and the job/export code, then only forks. A new worker therefore starts in milliseconds
and shares the zygote's pages copy-on-write. The modules a PNG/GLB job needs in the worker (numpy and the preview mesh
writer, ≈ 0.1 s; the picture is rendered outside the worker) are imported by the zygote once it has been idle for a
moment, so later workers inherit them and a one-shot CLI run that wants no PNG never pays for them; a worker forked
before that imports them itself when a job asks for a PNG. When the pool has run
a few jobs (a server, not a one-shot CLI run) it sends ``{"op": "warm"}`` and the zygote runs one tiny job
(``_warm_up``), so that workers forked later do not each pay FreeCAD's first-use costs.

Protocol: the parent and the zygote talk over an ``AF_UNIX/SOCK_SEQPACKET`` pair: ``{"op": "fork", ...}`` plus one
file descriptor (the worker's end of a fresh socket pair, via ``SCM_RIGHTS``) → ``{"pid": n}``. A worker talks to the
parent over that socket with length-prefixed JSON (``multiprocessing.connection.Connection``): first ``{"ready":
...}``, then for each ``{"op": "job", "spec": ...}`` an immediate ``{"started": true}`` (the job's time limit counts
from there) and later one ``{"result": ..., "rss_mb": ..., "recycle": ...}``; only after answering does the worker
close the job's document and open the next one, so neither is part of any caller's wait. ``{"op": "measure" |
"analyze", "files": ...}`` reads files the pool copied in instead of running a script (``file_tasks.py``): the worker
answers ``{"started": true}``, then ``{"result": ...}``, and exits. The zygote closes its copy of every
worker socket right after forking, so a dead worker is seen by the parent as EOF.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import select
import shutil
import signal
import socket
import sys
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

__all__ = ["zygote_main", "read_rss_mb"]

_JOB_DIR = "job"
_IDLE_SECONDS = 0.25  # how long the zygote must be idle before it imports the preview's modules


def read_rss_mb(pid: int | str = "self") -> float:
    """Resident set size in MiB from ``/proc`` (0.0 where ``/proc`` is missing)."""
    try:
        with open(f"/proc/{pid}/statm") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def _wipe(path: Path) -> None:
    """Leave ``path`` an empty real directory. The pool moved the last job's files out, so the job directory is
    usually empty already: then it is kept (removing and creating it cost ≈ 0.6 ms of a box's ≈ 15 ms job)."""
    with contextlib.suppress(OSError):
        if not path.is_symlink() and path.is_dir():
            with os.scandir(path) as entries:
                if next(entries, None) is None:
                    return
    if path.is_symlink():
        path.unlink()
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True, exist_ok=True)


def _run_one(spec_data: dict[str, Any], worker_dir: Path, memory_mb: int | None, timeout: float | None, *,
             static_policy: bool = True, doc: Any = None) -> tuple[dict[str, Any], bool]:
    """Run one job in a wiped private directory with this job's limits; returns (result, recycle?).

    The pool checked the script with the static policy before sending it, so the worker does not walk it again.
    ``static_policy=False`` exists for the containment tests only (the pool never sets it otherwise): the script
    then runs with Python's real builtins, so the tests prove the OS wall holds on its own."""
    from ai_designer.freecad import sandbox
    from ai_designer.freecad.job import run_job
    from ai_designer.schemas.execution import JobResult, JobSpec

    job_dir = worker_dir / _JOB_DIR
    _wipe(job_dir)
    os.chdir(job_dir)
    spec = JobSpec.model_validate(spec_data).model_copy(update={"out_dir": str(job_dir)})
    recycle = False
    try:
        sandbox.set_job_limits(memory_mb=memory_mb, cpu_seconds=timeout)
        runner = functools.partial(sandbox.exec_script, checked=True) if static_policy else sandbox.exec_unchecked
        result = run_job(spec, exec_script=runner, doc=doc)
    except MemoryError:
        result = None
    finally:
        sandbox.set_job_limits(memory_mb=None, cpu_seconds=None)
        os.chdir(worker_dir)
    if result is None:
        result = JobResult(ok=False, error={"code": "memory_limit", "message": (
            f"the job needed more than its {memory_mb} MiB memory budget and was stopped; simplify the part or "
            "raise JOB_MEMORY_MB (or the spec's memory_mb).")})
    if result.error and result.error.get("code") == "memory_limit":
        recycle = True  # the heap may be fragmented or half-initialised after an allocation failure
    return result.model_dump(mode="json"), recycle


def _warden_main(fd: int, request: dict[str, Any], confine: bool, freecad_home: Path) -> int:
    """The worker's parent outside its namespaces: sets them up, forks the worker (PID 1 inside), waits for it.

    The pool knows this process's pid; killing it kills the worker (``PR_SET_DEATHSIG``) and with it every process
    of the namespace. Without ``confine`` (tests of the static policy, platforms without namespaces) the worker runs
    in this process."""
    from ai_designer.freecad import confine as wall

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    identity = {"pid": os.getpid()}
    worker_dir = Path(request["worker_dir"])
    _wipe(worker_dir)
    if not confine:
        _worker_main(fd, request, identity, None)
        return 0
    conf = wall.Confinement.for_this_process(worker_dir, freecad_home)
    try:
        wall.confine_warden(conf)
    except OSError as exc:
        return _refuse_start(fd, f"the worker sandbox could not be set up: {exc}")
    out_r, out_w = os.pipe()  # the worker's stdout and stderr: relayed by this (trusted) process, tagged and capped
    child = os.fork()
    if child == 0:
        code = 1
        try:
            os.close(out_r)
            os.dup2(out_w, 1)
            os.dup2(out_w, 2)
            os.close(out_w)
            try:
                wall.confine_worker(conf)
            except OSError as exc:
                code = _refuse_start(fd, f"the worker sandbox could not be set up: {exc}")
            else:
                _worker_main(fd, request, identity, conf.report())
                code = 0
        finally:
            os._exit(code)
    os.close(fd)
    os.close(out_w)
    _relay_output(out_r, f"[worker-{request.get('slot')} {os.getpid()}] ".encode())
    while True:
        try:
            _, status = os.waitpid(child, 0)
            return os.waitstatus_to_exitcode(status) & 0xFF
        except InterruptedError:
            continue
        except ChildProcessError:
            return 1


_OUTPUT_BYTES = 1 << 20  # of one worker's output in workers.log: FreeCAD's warnings fit many times over
_LINE_BYTES = 4096


def _relay_output(fd: int, tag: bytes) -> None:
    """Copy the worker's output into the pool's log (this process's stdout) until the worker is gone. The worker is
    not trusted with the log itself: each line gets ``tag`` (nothing it writes reads as the pool's own line), lines
    are cut at 4 KiB and the whole at 1 MiB, so its output stays within its disk budget."""
    left, pending = _OUTPUT_BYTES, b""
    while chunk := _read_some(fd):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        if len(pending) > _LINE_BYTES:
            lines.append(pending)
            pending = b""
        for line in lines:
            left = _log_line(tag + line[:_LINE_BYTES] + b"\n", left, tag)
    if pending:
        _log_line(tag + pending + b"\n", left, tag)
    os.close(fd)


def _read_some(fd: int) -> bytes:
    while True:
        try:
            return os.read(fd, 65536)
        except InterruptedError:
            continue
        except OSError:
            return b""


def _log_line(line: bytes, left: int, tag: bytes) -> int:
    """Write ``line`` while the budget lasts (once more, to say the rest is dropped); the budget that remains."""
    if left > 0:
        text = line if len(line) <= left else tag + b"... further output of this worker is not logged (1 MiB)\n"
        with contextlib.suppress(OSError):
            os.write(1, text)
    return left - len(line)


def _refuse_start(fd: int, message: str) -> int:
    with contextlib.suppress(OSError):
        Connection(fd).send_bytes(json.dumps({"ready": False, "error": message + _WALL_HINT}).encode())
    return 1


_WALL_HINT = (" — run the service as root (workers then drop to nobody) or allow unprivileged user namespaces "
              "(in Docker: see docs/security.md for the security options the container needs); "
              "WORKER_SANDBOX=off runs compiled plans without it and refuses code.")


def _worker_main(fd: int, request: dict[str, Any], identity: dict[str, int], wall: dict[str, Any] | None) -> None:
    from ai_designer.freecad import file_tasks, sandbox

    conn = Connection(fd)
    worker_dir = Path(request["worker_dir"])
    os.chdir(worker_dir)
    os.environ["HOME"] = str(worker_dir)
    os.environ["TMPDIR"] = str(worker_dir)
    limits = sandbox.apply_process_limits()
    clean = _fingerprint()
    doc = _next_document(None)
    conn.send_bytes(json.dumps({"ready": True, "pid": identity["pid"], "rss_mb": read_rss_mb(),
                                "limits": limits, "wall": wall}).encode())
    while True:
        try:
            message = json.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        if message.get("op") not in ("job", *file_tasks.OPS):
            return
        conn.send_bytes(b'{"started": true}')  # the parent's job clock starts here
        if message["op"] != "job":  # read files, run no script; the pool discards this worker afterwards
            with contextlib.suppress(OSError, ValueError):
                conn.send_bytes(json.dumps({"result": file_tasks.run_task(message, worker_dir)}).encode())
            return
        t0, cpu0 = time.perf_counter(), time.process_time()
        result, recycle = _run_one(message["spec"], worker_dir, message.get("memory_mb"), message.get("timeout"),
                                   static_policy=message.get("static_policy", True), doc=doc)
        result["worker_pid"] = identity["pid"]
        timings = result.setdefault("timings", {})
        timings["worker"], timings["worker_cpu"] = time.perf_counter() - t0, time.process_time() - cpu0
        reply = {"result": result, "rss_mb": read_rss_mb(), "recycle": recycle, "polluted": _fingerprint() != clean}
        try:
            conn.send_bytes(json.dumps(reply).encode())
        except (OSError, ValueError):
            return
        doc = _next_document(doc)  # after the answer: closing and opening documents is not the caller's wait


def _next_document(done: Any) -> Any:
    """Close the last job's document and open the next job's (``job.run_job`` leaves both to the worker)."""
    import FreeCAD

    from ai_designer.freecad.job import new_document

    if done is not None:
        with contextlib.suppress(Exception):  # a script may have closed its document itself
            FreeCAD.closeDocument(done.Name)
    return new_document()


_WATCHED = ("builtins", "math", "Part", "FreeCAD", "Mesh", "ai_designer.freecad.runtime", "ai_designer.freecad.export",
            "ai_designer.freecad.job", "ai_designer.freecad.sandbox", "ai_designer.freecad.policy")
_VOLATILE = frozenset({"ActiveDocument", "_"})


def _fingerprint() -> dict[str, dict[str, int]]:
    """Identity of every name in the modules a job relies on: a job that rebinds one (``math.pi = 3``,
    ``builtins.len = …``) has polluted the worker, which is then replaced instead of serving the next job."""
    return {name: {k: id(v) for k, v in vars(mod).items() if k not in _VOLATILE}
            for name in _WATCHED if (mod := sys.modules.get(name)) is not None}


def _import_preview() -> float:
    """Import numpy and the preview mesh writer (≈ 0.1 s): workers forked afterwards hand a GLB/PNG's mesh over at
    once (the picture itself is rendered outside the worker, ``preview_pool.py``).

    Failures are ignored here; the export then reports what is missing."""
    t0 = time.perf_counter()
    with contextlib.suppress(ImportError):
        import numpy  # noqa: F401

        from ai_designer.freecad import preview_mesh  # noqa: F401
    return time.perf_counter() - t0


_WARM_UP = """
params = cad.params_sheet(doc, [('w', 4, 'width (mm)'), ('d', 1, 'hole (mm)')])
block = doc.addObject('Part::Box', 'block')
block.setExpression('Length', 'Params.w')
drill = doc.addObject('Part::Cylinder', 'drill')
drill.setExpression('Radius', 'Params.d / 2')
cut = doc.addObject('Part::Cut', 'cut')
cut.Base = block
cut.Tool = drill
result = cut
doc.recompute()
"""


def _warm_up(home: Path) -> float:
    """Run one tiny parametric job (spreadsheet, expressions, a cut, FCStd + STEP round trip + STL) in the zygote.

    A forked worker's first job otherwise pays ≈ 0.1 s of one-off costs — OCC's STEP tables, lazily bound symbols,
    first use of the spreadsheet and expression engine — and workers are forked often (one per untrusted job, and on
    every recycle). Done here once, every later worker inherits the warm state copy-on-write. Trusted, constant
    code; failures are ignored (the real job then reports whatever is wrong)."""
    from ai_designer.freecad import sandbox
    from ai_designer.freecad.job import run_job
    from ai_designer.schemas.execution import JobSpec

    t0 = time.perf_counter()
    out = home / "warm-up"
    with contextlib.suppress(Exception):
        run_job(JobSpec(script=_WARM_UP, out_dir=str(out), formats=["fcstd", "step", "stl"]),
                exec_script=sandbox.exec_script)
    shutil.rmtree(out, ignore_errors=True)
    return time.perf_counter() - t0


def _preload() -> dict[str, float]:
    """Import what every job needs once, here, so forked workers start warm."""
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    import Mesh  # noqa: F401
    import MeshPart  # noqa: F401
    import Part  # noqa: F401
    import Sketcher  # noqa: F401

    from ai_designer.freecad import export, file_tasks, job, sandbox  # noqa: F401

    with contextlib.suppress(ImportError):
        from ai_designer.freecad import runtime  # noqa: F401
    seconds["modules"] = time.perf_counter() - t0
    return seconds


def zygote_main(config: dict[str, Any]) -> None:
    """Entry point of the zygote process (``python -m ai_designer.freecad.worker '<json config>'``)."""
    from ai_designer.freecad import sandbox
    from ai_designer.freecad.locate import import_freecad

    control = socket.socket(fileno=int(config["control_fd"]))
    network = sandbox.isolate_network() if config.get("isolate_network", True) else "not isolated (disabled)"
    t0 = time.perf_counter()
    freecad: Any = import_freecad(Path(config["home"]))
    import_seconds = time.perf_counter() - t0
    preload = _preload()
    preview_pending = bool(config.get("preload_preview", True))
    warmed = False
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps finished workers
    hello = {"ready": True, "pid": os.getpid(), "network": network, "freecad_import_seconds": import_seconds,
             "preload_seconds": preload, "freecad_version": ".".join(str(v) for v in freecad.Version()[:3]),
             "rss_mb": read_rss_mb(), "uid": os.getuid()}
    control.send(json.dumps(hello).encode())
    while True:
        if preview_pending and not select.select([control], [], [], _IDLE_SECONDS)[0]:
            _import_preview()  # idle: later workers (replacements) inherit the imports
            preview_pending = False
        try:
            data, fds, _, _ = socket.recv_fds(control, 65536, 1)
        except OSError:
            break
        if not data:
            break  # the parent went away
        request = json.loads(data)
        if request.get("op") == "warm" and not fds:  # no answer: the pool does not wait for this
            if not warmed:
                _warm_up(Path(config["home"]))
                warmed = True
            continue
        if request.get("op") != "fork" or not fds:
            for fd in fds:
                os.close(fd)
            break
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                control.close()
                code = _warden_main(fds[0], request, bool(config.get("confine", True)), Path(config["home"]))
            except BaseException:  # noqa: BLE001 - a worker must never return into the zygote's loop
                code = 1
            finally:
                os._exit(code)
        os.close(fds[0])
        control.send(json.dumps({"pid": pid}).encode())
    os._exit(0)


if __name__ == "__main__":
    zygote_main(json.loads(sys.argv[1]))
