"""Executor benchmark: what the sandboxed warm pool costs per job, to start, in memory, and for GLB/PNG.

Prints, for a box with a hole exported to FCStd + STEP + STL:

* in-process — ``job.run_job`` in this (warm) process with the sandbox and verified exports (no IPC, no isolation),
* pool       — the same job through ``WorkerPool.run`` (policy check, IPC, limits, file move),
* start-up   — zygote (one spawned interpreter importing FreeCAD and the export code; what a spawn-per-worker
               design would pay for every worker), a worker fork, and a job that finds its worker killed,
* memory     — RSS / PSS / USS of a worker and the zygote (PSS splits pages shared copy-on-write),
* GLB / PNG  — extra cost per job when asked for, first render in a worker vs warm.

Run: ``.venv/bin/python benchmarks/bench_executor.py [--repeat N]``. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import tempfile
import time
from pathlib import Path

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


def _mem(pid: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        parts = line.split()
        if parts and parts[0] in ("Rss:", "Pss:", "Private_Clean:", "Private_Dirty:"):
            out[parts[0].rstrip(":")] = int(parts[1]) / 1024
    out["Uss"] = out.pop("Private_Clean", 0) + out.pop("Private_Dirty", 0)
    return out


def _median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} ms (min {min(values) * 1000:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-executor-"))
    os.environ["AI_DESIGNER_HOME"] = str(work / "home")

    from ai_designer.core.settings import get_settings
    from ai_designer.freecad import sandbox
    from ai_designer.freecad.job import run_job
    from ai_designer.freecad.locate import import_freecad
    from ai_designer.freecad.pool import WorkerPool
    from ai_designer.schemas.execution import JobSpec

    formats = ["fcstd", "step", "stl"]
    import_freecad(work / "inproc")
    inproc: list[float] = []
    for i in range(args.repeat + 2):
        spec = JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / "inproc-out" / str(i)), formats=formats)
        t0 = time.perf_counter()
        assert run_job(spec, exec_script=sandbox.exec_script).ok
        if i >= 2:
            inproc.append(time.perf_counter() - t0)

    pool = WorkerPool(get_settings(), workers=2)
    t0 = time.perf_counter()
    first = pool.run(JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / "pool-first"), formats=formats))
    first_job = time.perf_counter() - t0
    starts = pool.health()["start_seconds"]
    worker_mem_cold = _mem(first.worker_pid or 0)
    time.sleep(4)  # steady state: idle workers have warmed the preview stack
    pooled: list[float] = []
    for i in range(args.repeat):
        spec = JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / "pool-out" / str(i)), formats=formats)
        t0 = time.perf_counter()
        assert pool.run(spec).ok
        pooled.append(time.perf_counter() - t0)

    zygote_mem = _mem(pool.health()["zygote_pid"])

    pid = pool.run(JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / "k"), formats=formats)).worker_pid or 0
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.05)
    t0 = time.perf_counter()
    crashed = pool.run(JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / "k2"), formats=formats))
    replace = time.perf_counter() - t0

    extra: dict[str, list[float]] = {"glb": [], "png": []}
    png_first = None
    for i in range(max(5, args.repeat // 3)):
        for fmt in ("glb", "png"):
            r = pool.run(JobSpec(script=BOX_WITH_HOLE, out_dir=str(work / fmt / str(i)), formats=[fmt]))
            assert r.ok, r.error
            if fmt == "png" and png_first is None:
                png_first = r.timings["preview_mesh"]
                continue
            extra[fmt].append(r.timings["preview_mesh"])  # the worker hands the mesh over; rendering is outside
    png_worker_mem = _mem(r.worker_pid or 0)
    pool.close()

    print(f"per job, box + hole, {'+'.join(formats)} ({args.repeat} runs, median):")
    print(f"  in-process run_job  {_median_ms(inproc)}")
    print(f"  warm pool           {_median_ms(pooled)}   ratio {statistics.median(pooled) / statistics.median(inproc):.2f}")
    print(f"  first job (cold)    {first_job * 1000:8.1f} ms  (zygote {starts.get('zygote', 0) * 1000:.0f} ms, "
          f"worker fork→ready {starts.get('last_worker', 0) * 1000:.1f} ms)")
    print(f"  job hitting a killed worker: {replace * 1000:.1f} ms (ok={crashed.ok}, "
          f"code={(crashed.error or {}).get('code')}) — replacement included")
    print("memory (MiB):")
    print("  worker after its first job  " + "  ".join(f"{k} {v:.0f}" for k, v in worker_mem_cold.items()))
    print("  zygote  " + "  ".join(f"{k} {v:.0f}" for k, v in zygote_mem.items()))
    print("  worker after a PNG job            " + "  ".join(f"{k} {v:.0f}" for k, v in png_worker_mem.items()))
    print("extra per job in the worker when asked for (the preview mesh; GLB/PNG render in preview_pool.py):")
    print(f"  GLB  {_median_ms(extra['glb'])}")
    print(f"  PNG  {_median_ms(extra['png'])}   first in a worker {(png_first or 0) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
