"""The warm pool against real FreeCAD in real processes: jobs, recycling, timeouts, memory, crashes, concurrency."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ai_designer.core.settings import Settings
from ai_designer.freecad.executor import Executor, FakeExecutor, close_executor, get_executor
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobResult, JobSpec

BOX_WITH_HOLE = """
box = doc.addObject("Part::Box", "Plate")
box.Length, box.Width, box.Height = 50, 40, 10
hole = doc.addObject("Part::Cylinder", "Hole")
hole.Radius, hole.Height = 5, 10
hole.Placement.Base = Vector(25, 20, 0)
cut = doc.addObject("Part::Cut", "PlateWithHole")
cut.Base, cut.Tool = box, hole
result = cut
"""
BOX_WITH_HOLE_VOLUME = 50 * 40 * 10 - 3.141592653589793 * 25 * 10
BUSY = "n = 0\nwhile True:\n    n += 1\n"


def _settings(home: Path, **overrides: object) -> Settings:
    values = {"AI_DESIGNER_HOME": str(home), "POOL_WORKERS": 2, "JOB_TIMEOUT_SECONDS": 30, **overrides}
    return Settings(**{k: v for k, v in values.items()})


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WorkerPool]:
    home = tmp_path_factory.mktemp("poolhome")
    p = WorkerPool(_settings(home, WORKER_MAX_JOBS=3), workers=2)
    yield p
    p.close()


def _spec(tmp_path: Path, script: str = BOX_WITH_HOLE, **kw: object) -> JobSpec:
    return JobSpec(script=script, out_dir=str(tmp_path / "out"), **kw)


def test_runs_a_job_and_delivers_verified_files(pool: WorkerPool, tmp_path: Path) -> None:
    result = pool.run(_spec(tmp_path))
    assert result.ok, result.error
    assert result.geometry is not None
    assert result.geometry.volume == pytest.approx(BOX_WITH_HOLE_VOLUME, rel=1e-9)
    assert result.geometry.bbox == pytest.approx((50, 40, 10), abs=1e-6)
    assert result.geometry.solids == 1 and result.geometry.valid
    assert set(result.files) == {"fcstd", "step", "stl"}
    for path in result.files.values():
        assert Path(path).parent == tmp_path / "out" and Path(path).stat().st_size > 0
    assert result.worker_pid and result.worker_pid != os.getpid()


def test_every_job_gets_an_empty_document(pool: WorkerPool, tmp_path: Path) -> None:
    """The worker opens the next job's document after answering; it must still be a fresh, empty one."""
    litter = "for k in range(3):\n    doc.addObject('Part::Box', 'Litter')\nresult = doc.Objects[0]\n"
    count = "b = doc.addObject('Part::Box', 'B')\nb.Length = 10 * len(doc.Objects)\nresult = b\n"
    for i in range(3):  # whichever worker runs the next job has just run one with three objects
        assert pool.run(JobSpec(script=litter, out_dir=str(tmp_path / f"litter{i}"), formats=[])).ok
        result = pool.run(JobSpec(script=count, out_dir=str(tmp_path / f"count{i}"), formats=[]))
        assert result.ok and result.geometry is not None, result.error
        assert result.geometry.volume == pytest.approx(10 * 10 * 10)  # B alone: Length = 10 × 1 object


def test_zygote_warms_up_after_a_few_jobs_and_still_forks(tmp_path: Path) -> None:
    """After 4 jobs the pool asks its zygote to warm up (one tiny job, no answer); workers forked afterwards —
    here recycles after every 2 jobs — still start and build correct parts."""
    pool = WorkerPool(_settings(tmp_path / "home", WORKER_MAX_JOBS=2), workers=1, preload_preview=False)
    try:
        for i in range(3):
            assert pool.run(_spec(tmp_path / f"a{i}")).ok
        assert not pool.health()["zygote_warmed"]
        for i in range(5):
            result = pool.run(_spec(tmp_path / f"b{i}"))
            assert result.ok, result.error
            assert result.geometry is not None
            assert result.geometry.volume == pytest.approx(BOX_WITH_HOLE_VOLUME, rel=1e-9)
        health = pool.health()
        assert health["zygote_warmed"] and health["restart_reasons"].get("max_jobs", 0) >= 3
    finally:
        pool.close()


def test_workers_are_recycled_after_max_jobs(pool: WorkerPool, tmp_path: Path) -> None:
    pids = {pool.run(_spec(tmp_path / str(i))).worker_pid for i in range(8)}
    health = pool.health()
    assert health["restart_reasons"].get("max_jobs", 0) >= 2
    assert len(pids) > 2  # new workers took over
    assert health["alive"] == 2


def test_script_error_is_reported_and_worker_survives(pool: WorkerPool, tmp_path: Path) -> None:
    result = pool.run(_spec(tmp_path, "b = Part.makeBox(-1, 2, 3)\nresult = None\n"))
    assert not result.ok and result.error
    assert result.error["code"] == "script_error"
    assert "too small" in result.error["message"] or "length" in result.error["message"].lower()
    after = pool.run(_spec(tmp_path))
    assert after.ok, after.error


def test_timeout_kills_the_worker_and_the_pool_recovers(pool: WorkerPool, tmp_path: Path) -> None:
    before = pool.health()["restart_reasons"].get("timeout", 0)
    t0 = time.perf_counter()
    result = pool.run(_spec(tmp_path, BUSY, timeout_seconds=1.5))
    assert time.perf_counter() - t0 < 10
    assert not result.ok and result.error and result.error["code"] == "timeout"
    assert "1.5 s" in result.error["message"]
    assert result.worker_pid is not None
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.kill(result.worker_pid, 0)
    assert pool.health()["restart_reasons"]["timeout"] == before + 1
    assert pool.run(_spec(tmp_path)).ok


def test_unbounded_allocation_is_a_memory_limit(pool: WorkerPool, tmp_path: Path) -> None:
    hog = "chunks = []\nwhile True:\n    chunks.append(' ' * 50000000)\n"
    result = pool.run(_spec(tmp_path, hog, memory_mb=600))
    assert not result.ok and result.error and result.error["code"] == "memory_limit", result.error
    assert pool.health()["restart_reasons"].get("memory_limit", 0) >= 1
    assert pool.run(_spec(tmp_path)).ok


@pytest.mark.parametrize("sig", [signal.SIGSEGV, signal.SIGKILL])
def test_crashed_worker_is_reported_and_replaced(tmp_path: Path, sig: signal.Signals) -> None:
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    try:
        pid = pool.run(_spec(tmp_path)).worker_pid
        assert pid
        box: list[JobResult] = []
        runner = threading.Thread(target=lambda: box.append(pool.run(_spec(tmp_path, BUSY, timeout_seconds=20))))
        runner.start()
        time.sleep(0.5)
        os.kill(pid, sig)  # trusted test-only path: scripts cannot reach os.kill
        runner.join(15)
        assert box and not box[0].ok and box[0].error and box[0].error["code"] == "worker_crashed"
        after = pool.run(_spec(tmp_path))
        assert after.ok and after.worker_pid != pid
        assert pool.health()["restart_reasons"] == {"crashed": 1}
    finally:
        pool.close()


def test_many_concurrent_jobs_from_threads(pool: WorkerPool, tmp_path: Path) -> None:
    def one(i: int) -> JobResult:
        script = BOX_WITH_HOLE.replace("50, 40, 10", f"{50 + i}, 40, 10")
        return pool.run(_spec(tmp_path / f"job{i}", script))

    with ThreadPoolExecutor(max_workers=8) as threads:
        results = list(threads.map(one, range(16)))
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    for i, r in enumerate(results):
        assert r.geometry and r.geometry.bbox[0] == pytest.approx(50 + i)
        assert Path(r.files["step"]).parent == tmp_path / f"job{i}" / "out"
    assert pool.health()["alive"] == 2


def test_health_reports_containment(pool: WorkerPool) -> None:
    health = pool.health()
    assert health["ok"] and health["started"] and health["alive"] == 2
    assert health["jobs_done"] >= 1
    wall = health["containment"]["wall"]
    assert health["containment"]["sandbox"] == "on" and health["containment"]["unprivileged_user"]
    assert wall["applied"] == ["namespaces", "filesystem", "unprivileged", "seccomp"] and wall["uid"] != 0
    assert {"mount", "pid", "net"} <= set(wall["namespaces"])


def test_pool_starts_lazily_and_close_stops_everything(tmp_path: Path) -> None:
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    assert pool.health()["started"] is False
    result = pool.run(_spec(tmp_path))
    zygote = pool.health()["zygote_pid"]
    pool.close()
    time.sleep(0.2)
    for pid in (result.worker_pid, zygote):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    closed = pool.run(_spec(tmp_path))
    assert not closed.ok and closed.error and "closed" in closed.error["message"]


def test_get_executor_is_process_wide(tmp_path: Path) -> None:
    try:
        first = get_executor()
        assert first is get_executor()
        assert isinstance(first, Executor)
    finally:
        close_executor()


def test_fake_executor_records_and_scripts() -> None:
    fake = FakeExecutor().enqueue(JobResult(ok=False, error={"code": "timeout", "message": "scripted"}))
    spec = JobSpec(script="b = Part.makeBox(20, 30, 5)", out_dir="unused")
    assert fake.run(spec).error == {"code": "timeout", "message": "scripted"}
    assert fake.history == [spec]
    refused = fake.run(JobSpec(script="import os", out_dir="unused"))
    assert refused.error and refused.error["code"] == "policy_violation"
    assert isinstance(fake, Executor)


def test_fake_executor_plausible_result(tmp_path: Path) -> None:
    result = FakeExecutor().run(JobSpec(script="b = Part.makeBox(20, 30, 5)", out_dir=str(tmp_path)))
    assert result.ok and result.geometry and result.geometry.bbox == (20, 30, 5)
    assert all(Path(p).is_file() for p in result.files.values())


def test_a_dead_zygote_is_restarted_when_a_worker_must_be_replaced(tmp_path: Path) -> None:
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    try:
        pid = pool.run(_spec(tmp_path)).worker_pid
        zygote = pool.health()["zygote_pid"]
        os.kill(zygote, signal.SIGKILL)
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.2)
        result = pool.run(_spec(tmp_path))
        assert result.ok, result.error
        assert pool.health()["zygote_pid"] not in (None, zygote)
    finally:
        pool.close()


def test_workers_over_the_rss_limit_are_recycled(tmp_path: Path) -> None:
    """A worker whose RSS is past the limit is replaced after the job, and the job succeeds. (A warm worker holds
    ≈ 60–90 MiB, below the setting's 200 MiB floor, so the limit is set past validation for this test.)"""
    settings = _settings(tmp_path / "home").model_copy(update={"worker_max_rss_mb": 40})
    pool = WorkerPool(settings, workers=1)
    try:
        result = pool.run(_spec(tmp_path, formats=["png"]))
        assert result.ok, result.error
        assert pool.health()["restart_reasons"] == {"max_rss": 1}
        assert pool.run(_spec(tmp_path)).worker_pid != result.worker_pid
    finally:
        pool.close()


def test_jobs_and_restarts_are_counted_in_metrics(tmp_path: Path) -> None:
    from ai_designer.core.metrics import REGISTRY

    def sample(name: str, **labels: str) -> float:
        return REGISTRY.get_sample_value(name, labels) or 0.0

    ok_before = sample("executor_jobs_total", outcome="ok", reason="none")
    timeout_before = sample("executor_jobs_total", outcome="failed", reason="timeout")
    restarts_before = sample("executor_worker_restarts_total", reason="timeout")
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    try:
        assert pool.run(_spec(tmp_path)).ok
        assert not pool.run(_spec(tmp_path, BUSY, timeout_seconds=0.5)).ok
    finally:
        pool.close()
    assert sample("executor_jobs_total", outcome="ok", reason="none") == ok_before + 1
    assert sample("executor_jobs_total", outcome="failed", reason="timeout") == timeout_before + 1
    assert sample("executor_worker_restarts_total", reason="timeout") == restarts_before + 1


def test_a_forked_child_gets_its_own_pool_and_leaves_the_parents_alone(tmp_path: Path) -> None:
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    try:
        parent_worker = pool.run(_spec(tmp_path)).worker_pid
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                child = pool.run(_spec(tmp_path / "child"))
                os.write(write, f"{child.ok} {child.worker_pid}".encode())
                pool.close()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        os.close(write)
        ok, child_worker = os.read(read, 100).decode().split()
        os.close(read)
        assert ok == "True" and int(child_worker) != parent_worker
        after = pool.run(_spec(tmp_path))
        assert after.ok and after.worker_pid == parent_worker
    finally:
        pool.close()


def test_time_limit_counts_from_job_start_not_from_an_idle_warm_up(tmp_path: Path) -> None:
    """A short job that arrives after an idle spell (the zygote imports the preview's modules then) must not time
    out: the limit counts from the worker's acknowledgement of the job."""
    pool = WorkerPool(_settings(tmp_path / "home"), workers=1, preload_preview=True)
    try:
        assert pool.run(_spec(tmp_path)).ok
        time.sleep(0.4)  # idle long enough for the zygote's preview imports
        result = pool.run(_spec(tmp_path, timeout_seconds=1.0))
        assert result.ok, result.error
        assert pool.health()["restarts"] == 0
    finally:
        pool.close()


def test_cancel_stops_the_build_at_once(tmp_path: Path) -> None:
    """A cancelled design frees its worker now, not when the job's time limit is up (``executor.CANCEL``)."""
    from ai_designer.freecad.executor import CANCEL

    pool = WorkerPool(_settings(tmp_path / "home"), workers=1)
    try:
        assert pool.run(_spec(tmp_path)).ok
        cancel = threading.Event()
        threading.Timer(0.5, cancel.set).start()
        token = CANCEL.set(cancel)
        t0 = time.monotonic()
        try:
            result = pool.run(_spec(tmp_path, BUSY, timeout_seconds=30))
        finally:
            CANCEL.reset(token)
        assert result.error and result.error["code"] == "cancelled"
        assert time.monotonic() - t0 < 3
        assert pool.run(_spec(tmp_path)).ok and pool.health()["restart_reasons"] == {"cancelled": 1}
    finally:
        pool.close()
