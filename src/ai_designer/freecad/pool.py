"""The warm local FreeCAD pool: N sandboxed worker processes, forked from one zygote (see ``worker.py``).

    from ai_designer.freecad.pool import WorkerPool
    pool = WorkerPool()                       # nothing starts until the first job
    result = pool.run(JobSpec(script=..., out_dir="out"))
    pool.health(); pool.close()

``run`` is thread-safe: jobs from many threads queue for the next free worker. Each job gets its spec's (or the
settings') time and memory limit. A worker that exceeds the time is killed with SIGKILL (``timeout``); one that dies
(segfault, SIGKILL, SIGXCPU) is reported as ``worker_crashed``; a job that runs out of memory is ``memory_limit`` —
in each case the worker is replaced and the pool keeps serving. Workers are also recycled after ``worker_max_jobs``
jobs or when their RSS grows beyond ``worker_max_rss_mb``. Files are written by the worker into its private job
directory, verified there, then moved into ``spec.out_dir`` by this (trusted) process; a job that ran generated code
(``spec.untrusted``) is then measured again from its files (``remeasure.py``, through :meth:`WorkerPool.run_task`,
which also opens documents for MCP's analysis: ``file_tasks.py``). The zygote the workers are
forked from is driven by ``zygote.py``; this module hands out workers, dispatches jobs and replaces what failed.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import queue
import secrets
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from ai_designer.core import metrics
from ai_designer.core.errors import (
    AIDesignerError,
    ExecutionError,
    JobTimeout,
    PolicyViolation,
    WorkerCrashed,
)
from ai_designer.core.settings import Settings, get_settings
from ai_designer.freecad import policy, remeasure
from ai_designer.freecad.file_tasks import TASK_DIR
from ai_designer.freecad.worker_handle import (
    WorkerHandle,
    claim_pool_dir,
    deliver,
    is_alive,
    read_answer,
    read_message,
    remove_stale_pools,
    stage_files,
    wait_for_answer,
)
from ai_designer.freecad.zygote import START_TIMEOUT, Zygote
from ai_designer.schemas.execution import ALL_FORMATS, JobResult, JobSpec

__all__ = ["WorkerPool"]

_WARM_AFTER_JOBS = 4  # a pool that ran this many jobs will fork workers again: have the zygote warm up (worker.py)


class WorkerPool:
    """Implements the ``Executor`` protocol with warm, sandboxed, recyclable FreeCAD workers."""

    def __init__(self, settings: Settings | None = None, *, workers: int | None = None,
                 preload_preview: bool = True, isolate_network: bool = True, static_policy: bool = True) -> None:
        """``preload_preview``: an idle zygote imports the preview renderer (numpy) so workers forked later have it;
        ``isolate_network``: try to take the network away from the zygote; ``static_policy=False`` is for the
        containment tests only — scripts then run unchecked with real builtins, to prove the OS wall alone holds."""
        self.settings = settings or get_settings()
        self.size = workers or self.settings.pool_workers
        self._preload_preview, self._isolate_network = preload_preview, isolate_network
        self._static_policy = static_policy
        self._confine = self.settings.worker_sandbox == "on"
        self._reset()

    def _reset(self) -> None:
        """Fresh, unstarted state (also in a forked child: the parent's workers and zygote are not ours)."""
        for worker in [w for w in getattr(self, "_slots", {}).values() if w is not None]:
            with contextlib.suppress(OSError):
                worker.conn.close()  # our copies of the parent's descriptors only; its workers keep running
        inherited: Zygote | None = getattr(self, "_zygote", None)
        if inherited is not None:
            inherited.abandon()
        inherited_lock: int | None = getattr(self, "_dir_lock", None)
        if inherited_lock is not None:
            os.close(inherited_lock)  # our copy only: the parent keeps its directory locked
        self._dir_lock: int | None = None
        self._owner = os.getpid()
        # the pid is for people; the random part keeps pools of other PID namespaces (containers) apart
        self.base_dir = Path(self.settings.workers_dir) / f"pool-{self._owner}-{secrets.token_hex(4)}"
        self._lock = threading.Lock()  # guards the zygote channel and the slot table
        self._idle: queue.Queue[WorkerHandle] = queue.Queue()
        self._slots: dict[int, WorkerHandle | None] = {}
        self._closed = False
        self._stats = {"jobs_done": 0, "jobs_failed": 0, "restarts": 0}
        self._restart_reasons: dict[str, int] = {}
        self._start_seconds: dict[str, float] = {}
        self._last_error: str | None = None
        self._zygote = Zygote(self.base_dir, preload_preview=self._preload_preview,
                              isolate_network=self._isolate_network, confine=self._confine,
                              start_seconds=self._start_seconds)

    # --- Executor protocol -------------------------------------------------------------------------------------
    def run(self, spec: JobSpec) -> JobResult:
        t0 = time.perf_counter()
        try:
            result = self._run(spec)
        except Exception as exc:  # noqa: BLE001 - the Executor contract: run() reports, never raises
            result = JobResult(ok=False, error={"code": "internal_error", "message": (
                f"the executor failed before the job could run ({type(exc).__name__}: {exc}); the pool keeps "
                "serving — retry, and report this if it repeats.")})
        seconds = time.perf_counter() - t0
        result.timings["pool"] = seconds
        reason = "" if result.ok else (result.error or {}).get("code", "error")
        metrics.record_job("ok" if result.ok else "failed", reason, seconds)
        with self._lock:
            self._stats["jobs_done" if result.ok else "jobs_failed"] += 1
            if not self._zygote.warmed and self._stats["jobs_done"] >= _WARM_AFTER_JOBS:
                self._zygote.warm()
        return result

    def prestart(self) -> threading.Thread:
        """Start the zygote and the workers now, in a background thread, instead of at the first job.

        For one-shot callers (the CLI): FreeCAD's start-up then runs in the zygote on another core while this
        process imports the engine and plans, instead of after. The first job waits for it exactly as for a lazy
        start (``_ensure_started`` holds the lock); a failure here is left for that job to report."""
        def start() -> None:
            with contextlib.suppress(Exception):
                self._ensure_started()

        thread = threading.Thread(target=start, daemon=True, name="pool-prestart")
        thread.start()
        return thread

    def health(self) -> dict[str, Any]:
        with self._lock:
            workers = [w for w in self._slots.values() if w is not None]
            alive = [w for w in workers if is_alive(w.pid)]
            zygote_alive = self._zygote.alive
            started = bool(self._slots)
            info = {
                "backend": "local-pool", "ok": (not started or (zygote_alive and bool(alive))) and not self._closed,
                "started": started, "workers": self.size, "alive": len(alive), "idle": self._idle.qsize(),
                **self._stats, "restart_reasons": dict(self._restart_reasons),
                "worker_rss_mb": {w.pid: round(w.rss_mb, 1) for w in workers},
                "zygote_pid": self._zygote.pid,
                "start_seconds": dict(self._start_seconds), "zygote_warmed": self._zygote.warmed,
                "containment": self._zygote.containment(self.settings.worker_sandbox), "limits": {
                    "job_timeout_seconds": self.settings.job_timeout_seconds,
                    "job_memory_mb": self.settings.job_memory_mb, "worker_max_jobs": self.settings.worker_max_jobs,
                    "worker_max_rss_mb": self.settings.worker_max_rss_mb},
            }
            if self._last_error:
                info["last_error"] = self._last_error
        if not started:  # cheap file checks only: /ready must not start FreeCAD
            from ai_designer.freecad.locate import locate_freecad

            try:
                info["freecad"] = str(locate_freecad().lib_dir)
            except AIDesignerError as exc:
                info["ok"], info["freecad"] = False, exc.message
        return info

    def close(self) -> None:
        if os.getpid() != self._owner:  # inherited through fork: the workers belong to the parent process
            self._reset()
            self._closed = True
            return
        with self._lock:
            self._closed = True
            workers = [w for w in self._slots.values() if w is not None]
            self._slots.clear()
            for w in workers:
                w.kill()
            deadline = time.monotonic() + 3.0  # let the zygote reap them before it goes, so none is left a zombie
            while any(is_alive(w.pid) for w in workers) and time.monotonic() < deadline:
                time.sleep(0.01)
            self._zygote.stop()
        shutil.rmtree(self.base_dir, ignore_errors=True)
        if self._dir_lock is not None:
            os.close(self._dir_lock)
            self._dir_lock = None

    # --- one job -------------------------------------------------------------------------------------------------
    def _refusal(self, spec: JobSpec) -> JobResult | None:
        """The answer for a job refused before it reaches a worker (code without the sandbox, a script the static
        policy rejects, an unknown format); None for a job that may run."""
        if spec.untrusted and not self._confine:
            return JobResult(ok=False, error={"code": "policy_violation", "message": (
                "this job carries FreeCAD code (a custom operation) and the worker sandbox is off "
                "(WORKER_SANDBOX=off); code runs only behind the sandbox. Turn it on (docs/security.md) or "
                "describe the part without custom code.")})
        if self._static_policy:
            try:
                policy.check_cached(spec.script)
            except PolicyViolation as exc:
                return JobResult(ok=False, error={"code": exc.code, "message": exc.message})
            except (RecursionError, MemoryError):
                return JobResult(ok=False, error={"code": "policy_violation", "message": (
                    "refused the script: it is nested too deeply to check; flatten the expressions.")})
        unknown = set(spec.formats) - set(ALL_FORMATS)
        if unknown:
            return JobResult(ok=False, error={"code": "export_failed", "message": (
                f"unknown export format(s) {sorted(unknown)}; choose from {', '.join(ALL_FORMATS)}.")})
        return None

    def _run(self, spec: JobSpec) -> JobResult:
        refusal = self._refusal(spec)
        if refusal is not None:
            return refusal
        if spec.untrusted:  # its files are measured again, from a STEP, outside the worker that wrote them
            built = self._build(remeasure.with_step(spec))
            return remeasure.check(self, spec, built) if built.ok else built
        return self._build(spec)

    def _build(self, spec: JobSpec) -> JobResult:
        timeout = spec.timeout_seconds or self.settings.job_timeout_seconds
        memory_mb = spec.memory_mb or self.settings.job_memory_mb
        try:
            worker = self._idle_worker()
        except AIDesignerError as exc:
            return JobResult(ok=False, error={"code": exc.code, "message": exc.message})
        message = {"op": "job", "spec": spec.model_dump(mode="json"), "memory_mb": memory_mb, "timeout": timeout,
                   "static_policy": self._static_policy}
        try:
            worker.conn.send_bytes(json.dumps(message).encode())
            if not worker.conn.poll(START_TIMEOUT) or read_message(worker).get("started") is not True:
                raise OSError("the worker did not acknowledge the job")
            outcome = wait_for_answer(worker, timeout, self.base_dir / f"worker-{worker.slot}",
                                      self.settings.job_disk_mb << 20)
            if outcome != "ready":
                self._replace(worker, outcome)
                return JobResult(ok=False, worker_pid=worker.pid, error={"code": outcome, "message": _stopped(
                    outcome, timeout, self.settings.job_disk_mb)})
            reply, result = read_answer(worker)
            worker.rss_mb = float(reply.get("rss_mb", 0.0))
        except (EOFError, OSError, ValueError, TypeError):
            self._replace(worker, "crashed")
            return JobResult(ok=False, worker_pid=worker.pid, error={"code": "worker_crashed", "message": (
                "the FreeCAD worker died while running this job (crash or kill) or answered with something that is "
                "not a result; it was replaced. Retrying may work; if it repeats, the script triggers a FreeCAD "
                "crash — simplify or change the failing feature.")})
        worker.jobs += 1
        job_dir = self.base_dir / f"worker-{worker.slot}" / "job"
        result = deliver(result, spec, job_dir)  # before release: the next job wipes the job directory
        self._release(worker, recycle=bool(reply.get("recycle")), untrusted=spec.untrusted,
                      polluted=bool(reply.get("polluted")))
        return result

    def run_task(self, op: str, files: dict[str, Path]) -> dict[str, Any]:
        """Read ``files`` (``{"step": path, …}``) with ``op`` (``file_tasks.OPS``) in a worker behind the wall that
        ran no generated code (every worker that ran some was discarded); the worker is discarded afterwards, as a
        hostile file may have taken it over. Returns the task's answer; raises :class:`ExecutionError` (its code:
        ``timeout``, ``disk_limit``, ``worker_crashed`` …) when the worker gave none."""
        timeout = self.settings.job_timeout_seconds
        worker = self._idle_worker()
        worker_dir = self.base_dir / f"worker-{worker.slot}"
        try:
            names = stage_files(worker_dir, TASK_DIR, files)
            worker.conn.send_bytes(json.dumps({"op": op, "files": names, "timeout": timeout,
                                               "memory_mb": self.settings.job_memory_mb}).encode())
            if not worker.conn.poll(START_TIMEOUT) or read_message(worker).get("started") is not True:
                raise OSError("the worker did not acknowledge the task")
            outcome = wait_for_answer(worker, timeout, worker_dir, self.settings.job_disk_mb << 20)
            if outcome != "ready":
                raise _task_stopped(outcome, _stopped(outcome, timeout, self.settings.job_disk_mb))
            answer = read_message(worker).get("result")
            if not isinstance(answer, dict):
                raise ValueError("the worker's answer holds no result")
        except (EOFError, OSError, ValueError, TypeError) as exc:
            raise WorkerCrashed(f"the FreeCAD worker reading the file died or answered with something that is not "
                                f"a result ({exc}); it was replaced.") from exc
        finally:
            shutil.rmtree(worker_dir / TASK_DIR, ignore_errors=True)
            worker.kill()  # now; the books and the respawn wait for the lock a fork may hold, off the caller's time
            threading.Thread(target=self._replace, args=(worker, "read_files"), daemon=True,
                             name="pool-respawn").start()
        return answer

    # --- workers -------------------------------------------------------------------------------------------------
    def _idle_worker(self) -> WorkerHandle:
        worker = self._acquire()
        while not is_alive(worker.pid) or worker.conn.poll(0):  # died (or wrote garbage) while idle
            self._replace(worker, "died_idle")
            worker = self._acquire()
        return worker

    def _acquire(self) -> WorkerHandle:
        if os.getpid() == self._owner and not self._closed:  # an idle worker needs no lock (a respawn holds it
            with contextlib.suppress(queue.Empty):          # for a whole fork, ≈ 0.1-0.3 s)
                return self._idle.get_nowait()
        self._ensure_started()
        while True:
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                pass
            with self._lock:
                if self._closed:
                    raise ExecutionError("the FreeCAD pool was closed; create a new executor.")
                missing = [slot for slot, w in self._slots.items() if w is None]
                if missing:
                    self._slots[missing[0]] = self._zygote.fork(missing[0])  # retry a replacement that failed earlier
                    self._idle.put(self._slots[missing[0]])  # type: ignore[arg-type]

    def _release(self, worker: WorkerHandle, *, recycle: bool, untrusted: bool = False, polluted: bool = False) -> None:
        reason = ""
        if polluted:
            reason = "polluted"  # the job rebound names in builtins/math/Part …: the next job must not see that
        elif untrusted:
            reason = "untrusted_code"  # whatever the code changed inside the worker dies with it
        elif recycle:
            reason = "memory_limit"
        elif worker.jobs >= self.settings.worker_max_jobs:
            reason = "max_jobs"
        elif worker.rss_mb > self.settings.worker_max_rss_mb:
            reason = "max_rss"
        if reason:
            self._replace(worker, reason, background=True)
        else:
            self._idle.put(worker)

    def _replace(self, worker: WorkerHandle, reason: str, *, background: bool = False) -> None:
        """Kill ``worker`` and start another in its slot (in a thread when ``background``: a recycle after a
        finished job should not delay that job's answer)."""
        worker.kill()
        metrics.record_worker_restart(reason)
        with self._lock:
            self._stats["restarts"] += 1
            self._restart_reasons[reason] = self._restart_reasons.get(reason, 0) + 1
            for leftover in glob.glob(str(self.base_dir / "zygote" / "tmp" / f"*_{worker.pid}")):
                shutil.rmtree(leftover, ignore_errors=True)  # FreeCAD's transient document dirs of the dead worker
            if self._closed or self._slots.get(worker.slot) is not worker:
                return
            self._slots[worker.slot] = None
        if background:
            threading.Thread(target=self._respawn, args=(worker.slot,), daemon=True, name="pool-respawn").start()
        else:
            self._respawn(worker.slot)

    def _respawn(self, slot: int) -> None:
        with self._lock:
            if self._closed or self._slots.get(slot) is not None:
                return
            try:
                new = self._zygote.fork(slot)
            except AIDesignerError as exc:
                self._last_error = exc.message  # _acquire retries the empty slot
                return
            self._slots[slot] = new
        self._idle.put(new)

    def _ensure_started(self) -> None:
        if os.getpid() != self._owner:  # used in a forked child (prefork servers): start a pool of its own
            self._reset()
        with self._lock:
            if self._closed:
                raise ExecutionError("the FreeCAD pool was closed; create a new executor.")
            if self._slots:
                return
            t0 = time.perf_counter()
            if self._dir_lock is None:
                self._dir_lock = claim_pool_dir(self.base_dir)  # locked before any cleaner can see it
            remove_stale_pools(Path(self.settings.workers_dir))
            for slot in range(self.size):
                self._slots[slot] = None
            for slot in range(self.size):
                self._slots[slot] = self._zygote.fork(slot)
                self._idle.put(self._slots[slot])  # type: ignore[arg-type]
            self._start_seconds["pool"] = time.perf_counter() - t0


def _stopped(outcome: str, timeout: float, disk_mb: int) -> str:
    """Why the pool stopped a job's worker before it answered."""
    if outcome == "cancelled":
        return "the design was cancelled; its FreeCAD worker was stopped."
    if outcome == "disk_limit":
        return (f"the job wrote more than its {disk_mb} MB of files (JOB_DISK_MB) and its worker was stopped; "
                "export fewer formats or a simpler part, or raise JOB_DISK_MB.")
    return (f"the job ran longer than its {timeout:g} s limit and its worker was stopped; simplify the part (fewer "
            "features, coarser patterns) or raise JOB_TIMEOUT_SECONDS / the spec's timeout_seconds.")


def _task_stopped(outcome: str, message: str) -> ExecutionError:
    error = JobTimeout(message) if outcome == "timeout" else ExecutionError(message)
    error.code = outcome  # "cancelled", "disk_limit": as a build's result says it
    return error
