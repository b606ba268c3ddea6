"""Pools that share a workers directory: the API and Celery containers of docker-compose mount the same ``/data``,
each in its own PID namespace, so a pool's process id says nothing to a pool in another container.

A pool starting up wipes the directories of pools that are gone (``remove_stale_pools``). Until round 7 "gone" meant
"no process with the pid in the directory's name is alive here": a pool in another PID namespace looked dead, and a
pool starting beside it deleted its workers' directories under a running job. A pool now holds a lock on its
directory for its life, and only a directory whose lock can be taken is wiped."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec

BOX = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'

# Runs as PID 1 of a new PID namespace: forks until its child's pid is one no process on the host has (so that the
# host would take the pool for dead), then that child runs a pool with one slow job and prints the result.
INNER = r"""
import json, os, sys, time
from pathlib import Path
home, host_pids = Path(sys.argv[1]), set(json.loads(sys.argv[2]))
while True:
    child = os.fork()
    if child == 0:
        if os.getpid() in host_pids:
            os._exit(3)
        break
    if os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 3:
        os._exit(0)
from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec
pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(home), JOB_TIMEOUT_SECONDS=60), workers=1, static_policy=False)
pool.prestart().join()
(home / "inner-started").write_text(str(os.getpid()))
box = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'
result = pool.run(JobSpec(script="import time\ntime.sleep(12)\n" + box, out_dir=str(home / "inner-out")))
print(json.dumps({"ok": result.ok, "error": result.error,
                  "files": {k: Path(v).is_file() for k, v in result.files.items()}}), flush=True)
pool.close()
"""


@pytest.mark.skipif(shutil.which("unshare") is None or os.geteuid() != 0,
                    reason="needs root and unshare(1) for a second PID namespace")
def test_a_pool_in_another_pid_namespace_keeps_its_directories(tmp_path: Path) -> None:
    host_pids = [int(p) for p in os.listdir("/proc") if p.isdigit()]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    inner = subprocess.Popen(["unshare", "--pid", "--fork", "--mount-proc", sys.executable, "-c", INNER,
                              str(tmp_path), json.dumps(host_pids)], env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (tmp_path / "inner-started").exists():
            assert inner.poll() is None and time.monotonic() < deadline, "the pool in the other namespace did not start"
            time.sleep(0.1)
        time.sleep(1.0)  # its job is running now
        pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(tmp_path), JOB_TIMEOUT_SECONDS=60),  # type: ignore[call-arg]
                          workers=1)
        try:
            assert pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "outer-out"))).ok
        finally:
            pool.close()
        out, _ = inner.communicate(timeout=120)
    finally:
        if inner.poll() is None:
            inner.kill()
    answer = json.loads(out.strip().splitlines()[-1])
    assert answer["ok"], answer
    assert answer["files"] and all(answer["files"].values()), answer


def test_the_directories_of_a_killed_pool_are_still_wiped(tmp_path: Path) -> None:
    """The lock goes with the process: a server killed with SIGKILL leaves its pool's files, and the next pool
    wipes them (a directory from before the locks, whose pid is gone, too)."""
    script = ("import sys\nfrom ai_designer.core.settings import Settings\nfrom ai_designer.freecad.pool import "
              "WorkerPool\nfrom ai_designer.schemas.execution import JobSpec\n"
              f"pool = WorkerPool(Settings(AI_DESIGNER_HOME={str(tmp_path)!r}), workers=1)\n"
              f"assert pool.run(JobSpec(script={BOX!r}, out_dir={str(tmp_path / 'a')!r})).ok\n"
              "print('ready', flush=True)\nsys.stdin.read()\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    killed = subprocess.Popen([sys.executable, "-c", script], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert killed.stdout is not None and killed.stdout.readline().strip() == "ready"
    workers_dir = tmp_path / "workers"
    (old,) = workers_dir.glob("pool-*")
    killed.kill()
    killed.wait()
    legacy = workers_dir / "pool-999999999-abcd"  # no lock, and no such pid
    (legacy / "worker-0").mkdir(parents=True)
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(tmp_path)), workers=1)  # type: ignore[call-arg]
    try:
        assert pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "b"))).ok
        assert not old.exists() and not legacy.exists()
        assert [p.name for p in workers_dir.glob("pool-*")] == [pool.base_dir.name]
    finally:
        pool.close()


def test_a_job_that_fills_the_disk_is_stopped_at_its_budget(tmp_path: Path) -> None:
    """The worker's directory is on the host's disk (the pool moves its files out from there), and RLIMIT_FSIZE
    bounds one file, not how many: code that escaped the policy could write 1 GiB files until the disk the store
    lives on was full. The pool now measures the worker's directory while it waits and stops the job past
    JOB_DISK_MB; the worker is replaced and its files go with it."""
    settings = Settings(AI_DESIGNER_HOME=str(tmp_path), JOB_TIMEOUT_SECONDS=60,  # type: ignore[call-arg]
                        JOB_DISK_MB=64)
    pool = WorkerPool(settings, workers=1, static_policy=False)
    fill = ("import os, time\nchunk = b'x' * (1 << 20)\n"
            "for i in range(12):\n    with open('fill%d' % i, 'wb') as f:\n"
            "        for _ in range(16):\n            f.write(chunk)\n"
            "time.sleep(30)\n")
    try:
        t0 = time.monotonic()
        result = pool.run(JobSpec(script=fill + BOX, out_dir=str(tmp_path / "out")))
        assert not result.ok and result.error and result.error["code"] == "disk_limit", result
        assert time.monotonic() - t0 < 20
        assert pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "next"))).ok
        used = sum(f.stat().st_size for f in pool.base_dir.rglob("fill*"))
        assert used == 0, used  # the replaced worker's directory was wiped
    finally:
        pool.close()


def test_a_worker_cannot_forge_or_flood_the_pools_log(tmp_path: Path) -> None:
    """A worker's output goes to the pool's ``workers.log``, which operators read. Until round 7 the worker held that
    file itself (its stdout and stderr): code that escaped the policy could write lines that read as the pool's
    own, and up to 1 GiB (its file-size limit), outside its disk budget. Its warden now relays the output: every
    line carries the worker's tag and at most 1 MiB per worker reaches the file."""
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(tmp_path), JOB_TIMEOUT_SECONDS=60),  # type: ignore[call-arg]
                      workers=1, static_policy=False)
    spam = ("import os\nos.write(2, b'\\nthe FreeCAD zygote started: all clear\\n')\n"
            "for _ in range(48):\n    os.write(1, b'y' * (64 << 10) + b'\\n')\n")
    try:
        assert pool.run(JobSpec(script=BOX, out_dir=str(tmp_path / "warm"))).ok
        log = pool.base_dir / "workers.log"
        before = log.stat().st_size
        assert pool.run(JobSpec(script=spam + BOX, out_dir=str(tmp_path / "out"))).ok
        time.sleep(0.5)
        lines = log.read_bytes()[before:].splitlines()
        assert not any(line.startswith(b"the FreeCAD zygote") for line in lines), "a forged line reached the log"
        assert log.stat().st_size - before < (3 << 20) // 2, log.stat().st_size - before
    finally:
        pool.close()
