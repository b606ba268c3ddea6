"""What the worker sandbox (``freecad/confine.py``) costs: worker start-up and per-job time, wall on vs off.

    .venv/bin/python benchmarks/bench_sandbox.py [--jobs 30] [--forks 15]

The wall is built once per worker (namespaces, the file-system view, seccomp), so it shows in the start-up of a
worker — paid every WORKER_MAX_JOBS jobs and after every job that carries code — not in ordinary jobs.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

from ai_designer.core.settings import Settings
from ai_designer.freecad.pool import WorkerPool
from ai_designer.schemas.execution import JobSpec

BOX = 'b = doc.addObject("Part::Box", "Box")\nb.Length, b.Width, b.Height = 10, 20, 30\nresult = b\n'


def measure(mode: str, jobs: int, forks: int) -> dict[str, float]:
    home = tempfile.mkdtemp(prefix="bench-sandbox-")
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=home, WORKER_SANDBOX=mode), workers=1)  # type: ignore[call-arg]
    try:
        assert pool.run(JobSpec(script=BOX, out_dir=f"{home}/warm")).ok
        job_times, fork_times = [], []
        for i in range(jobs):
            t0 = time.perf_counter()
            assert pool.run(JobSpec(script=BOX, out_dir=f"{home}/j{i}", formats=["fcstd", "step", "stl"])).ok
            job_times.append(time.perf_counter() - t0)
        for _ in range(forks):
            worker = pool._idle.get()  # noqa: SLF001 - a benchmark of the replacement itself
            t0 = time.perf_counter()
            pool._replace(worker, "bench")  # noqa: SLF001
            fork_times.append(time.perf_counter() - t0)
        return {"job_ms": statistics.median(job_times) * 1000, "start_ms": statistics.median(fork_times) * 1000}
    finally:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=30)
    parser.add_argument("--forks", type=int, default=15)
    args = parser.parse_args()
    on, off = measure("on", args.jobs, args.forks), measure("off", args.jobs, args.forks)
    print(f"{'':28}{'wall on':>10}{'wall off':>10}{'ratio':>8}")
    for key, label in (("job_ms", "job, box FCStd+STEP+STL ms"), ("start_ms", "worker start ms")):
        print(f"{label:28}{on[key]:10.1f}{off[key]:10.1f}{on[key] / off[key]:8.2f}")


if __name__ == "__main__":
    main()
