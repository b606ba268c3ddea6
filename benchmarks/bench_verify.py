"""What each proof of a job's files costs, the former way and the current way, and the fixed cost of a pool job.

For the three parts of ``bench_core.py`` it prints the median CPU milliseconds of every step a job takes after the
script has built the model — measuring, each export, each proof — with the proof the worker made before
(``former``) next to the one it makes now (``now``), so the saving of each change is visible on its own:

* STEP: written, read back with ``Part.read`` (kept: only reading the file proves it rebuilds the solid); the model's
  volume was integrated again for the comparison (former) — now the measured one is reused;
* STL: written, then reloaded and its facets counted (former) — now proved from its bytes (header count and exact
  size) plus a closed-mesh check the former way did not make;
* the document scan: every property's type asked of FreeCAD (former) — now static property types remembered per class.

Then, through a real warm pool (sandboxed worker, IPC): the fixed cost of a job (pool round trip minus the job's own
time inside the worker), and the first job of a worker forked before and after the zygote's idle warm-up.

Run: ``.venv/bin/python benchmarks/bench_verify.py [--repeat 20]``. Print the machine's load with the figures: the
2 cores are often shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PARTS = {
    "box": "a 40 x 30 x 20 mm block",
    "plate_4_holes": "a 90 x 70 x 8 mm plate with four 5.5 mm holes 6 mm from the edges",
    "flange_8_holes": "a flange 120 mm OD, 15 mm thick, with a 50 mm bore and 8 x 10 mm holes on a 95 mm PCD, "
                      "2 mm fillet on the top outer edge",
}
FORMATS = ["fcstd", "step", "stl"]


def cpu_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times) * 1000


def former_scan(doc: Any) -> None:
    """The document scan as it was: FreeCAD asked for the type of every property of every object."""
    for obj in doc.Objects:
        for prop in obj.PropertiesList:
            obj.getTypeIdOfProperty(prop)


def steps(script: str, out: Path, repeat: int) -> dict[str, float]:
    import FreeCAD
    import Mesh
    import Part

    from ai_designer.freecad import export, job, sandbox

    doc = FreeCAD.newDocument("verify")
    ns = job._namespace(doc)
    sandbox.exec_script(script, ns)
    doc.recompute()
    shape = job._result_object(doc, ns).Shape
    geometry = job.measure_shape(shape)
    step, stl, fcstd = out / "p.step", out / "p.stl", out / "p.FCStd"
    mesh = export.tessellate(shape)
    figures = {
        "measure (valid, exact bbox, volume, area, centre)": cpu_ms(lambda: job.measure_shape(shape), repeat),
        "FCStd write + zip check": cpu_ms(lambda: export._fcstd(doc, fcstd), repeat),
        "STEP write": cpu_ms(lambda: shape.exportStep(str(step)), repeat),
        "STEP read back (Part.read)": cpu_ms(lambda: Part.read(str(step)), repeat),
        "former: model volume again": cpu_ms(lambda: shape.Volume, repeat),
        "STEP write + proof, former": cpu_ms(lambda: (shape.exportStep(str(step)),
                                                      abs(Part.read(str(step)).Volume - shape.Volume)), repeat),
        "STEP write + proof, now": cpu_ms(lambda: export._step(shape, step, geometry), repeat),
        "tessellate": cpu_ms(lambda: export.tessellate(shape), repeat),
        "STL write": cpu_ms(lambda: mesh.write(str(stl)), repeat),
        "STL proof, former (reload)": cpu_ms(lambda: Mesh.Mesh(str(stl)).CountFacets, repeat),
        "STL proof, now (bytes)": cpu_ms(lambda: export._stl_proof(mesh, stl), repeat),
        "STL closed check (new)": cpu_ms(lambda: export.check_closed(mesh, "stl", stl), repeat),
        "document scan, former": cpu_ms(lambda: former_scan(doc), repeat),
        "document scan, now": cpu_ms(lambda: sandbox.scan_document(doc), repeat),
    }
    FreeCAD.closeDocument(doc.Name)
    return figures


def pool_figures(script: str, home: Path, repeat: int) -> dict[str, float]:
    """Fixed cost through a real 1-worker pool, and a fresh worker's first job before/after the zygote warm-up."""
    from ai_designer.core.settings import Settings
    from ai_designer.freecad.pool import WorkerPool
    from ai_designer.schemas.execution import JobSpec

    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(home)), workers=1, preload_preview=False)  # type: ignore[call-arg]
    try:
        def run(name: str, untrusted: bool = False) -> Any:
            result = pool.run(JobSpec(script=script, out_dir=str(home / name), formats=FORMATS, untrusted=untrusted))
            assert result.ok, result.error
            return result

        first_cold = run("cold").timings["total"]  # forked when the pool started: before the zygote's warm-up
        fixed, worker_loop = [], []
        for i in range(repeat):
            t = run(f"job{i}").timings
            fixed.append(t["pool"] - t["total"])
            worker_loop.append(t["worker"] - t["total"])
        time.sleep(1.0)  # the pool asked the zygote to warm up after its 4th job; give it time
        run("untrusted", untrusted=True)  # an untrusted job's worker is discarded and replaced
        first_warm = run("fresh").timings["total"]
        return {"moving the 3 verified files into out_dir (rename)": _deliver_ms(home, repeat),"pool job minus its time in the worker (fixed cost)": statistics.median(fixed) * 1000,
                "  of which the worker's loop (spec, wipe, reply)": statistics.median(worker_loop) * 1000,
                "first job of a worker forked before the warm-up": first_cold * 1000,
                "first job of a worker forked after the warm-up": first_warm * 1000}
    finally:
        pool.close()


def _deliver_ms(home: Path, repeat: int) -> float:
    """What the trusted parent spends moving a box's three files out of the worker's directory (same file system)."""
    from ai_designer.freecad.worker_handle import deliver
    from ai_designer.schemas.execution import JobResult

    times = []
    for i in range(repeat):
        job = home / "deliver-job"
        job.mkdir(parents=True, exist_ok=True)
        files = {}
        for fmt, size in (("fcstd", 2_000), ("step", 15_000), ("stl", 700)):
            path = job / f"part.{fmt}"
            path.write_bytes(b"x" * size)
            files[fmt] = str(path)
        t = time.perf_counter()
        deliver(JobResult(ok=True, files=files), home / f"deliver-out{i}")
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def _quartiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return q[0], statistics.median(values), q[2]


def cpu_ratios(scripts: dict[str, str], home: Path, repeat: int, rounds: int = 3) -> dict[str, dict[str, Any]]:
    """Warm pool vs raw FreeCAD + the same checks (``bench_core.raw_build``) in CPU time of *every* process
    involved: this process's threads (for the pool: policy check, IPC, moving the files; for raw: the whole job) plus
    the pool's zygote, warden and worker — the whole tree under this process, from ``schedstat`` (``proc_cpu``: ns,
    not 10 ms ticks). Raw and pool jobs alternate one by one (the order flipping each time), ``rounds`` × ``repeat``
    pairs per part, so load from other tenants hits both alike. After each pool job the benchmark sleeps 50 ms before
    reading the counters: the worker closes the job's document and opens the next one after it has answered, and
    that is the pool's CPU too. A third job in each round, ``doc``, is FreeCAD itself running the same generated
    script in this process (plain ``exec``, no policy check, sandbox, IPC or worker) with the same exports and
    checks (``job.run_job``): pool ÷ doc is what ai-designer's isolation and bookkeeping cost, doc ÷ raw what the
    parametric document costs against plain Part calls. Returns per part the raw, doc and pool CPU ms and the
    per-pair ratios."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_core import raw_build
    from proc_cpu import tree_exact

    from ai_designer.core.settings import Settings
    from ai_designer.freecad import job
    from ai_designer.freecad.pool import WorkerPool
    from ai_designer.schemas.execution import JobSpec

    me = os.getpid()
    pool = WorkerPool(Settings(AI_DESIGNER_HOME=str(home)), workers=1, preload_preview=False)  # type: ignore[call-arg]
    out: dict[str, dict[str, Any]] = {}

    def pooled(name: str, script: str, i: int) -> float:
        c = tree_exact(me)
        result = pool.run(JobSpec(script=script, out_dir=str(home / f"cpu-{name}-{i}"), formats=FORMATS))
        assert result.ok, result.error
        time.sleep(0.05)
        return tree_exact(me) - c

    def raw(name: str) -> float:
        c = tree_exact(me)
        raw_build(name, home, checks=True)
        return tree_exact(me) - c

    def direct(name: str, script: str, i: int) -> float:
        c = tree_exact(me)
        result = job.run_job(JobSpec(script=script, out_dir=str(home / f"doc-{name}-{i}"), formats=FORMATS))
        assert result.ok, result.error
        return tree_exact(me) - c

    try:
        for name, script in scripts.items():
            for i in range(3):  # warm-up: first exports of each kind, in all three
                pooled(name, script, -i - 1)
                raw(name)
                direct(name, script, -i - 1)
            figures: dict[str, list[float]] = {"raw": [], "doc": [], "pool": [], "ratio": [], "doc/raw": [],
                                               "pool/doc": []}
            for i in range(rounds * repeat):
                if i % 2:
                    p, d, r = pooled(name, script, i), direct(name, script, i), raw(name)
                else:
                    r, d, p = raw(name), direct(name, script, i), pooled(name, script, i)
                figures["raw"].append(r * 1000)
                figures["doc"].append(d * 1000)
                figures["pool"].append(p * 1000)
                figures["ratio"].append(p / r)
                figures["doc/raw"].append(d / r)
                figures["pool/doc"].append(p / d)
            out[name] = figures
    finally:
        pool.close()
    return out


def _print_ratios(scripts: dict[str, str], home: Path, repeat: int) -> None:
    print("\nwarm pool vs raw FreeCAD + the same checks: CPU ms per part of every process (this one + zygote, warden,"
          " worker), raw and pool alternating; p25 / median / p75 (see cpu_ratios):")
    for name, fig in cpu_ratios(scripts, home / "cpu", repeat).items():
        raw, doc, pool, ratio = (_quartiles(fig[k]) for k in ("raw", "doc", "pool", "ratio"))
        print(f"  {name:<16} raw+chk {raw[0]:6.2f} / {raw[1]:6.2f} / {raw[2]:6.2f}   pool {pool[0]:6.2f} / "
              f"{pool[1]:6.2f} / {pool[2]:6.2f}   pool/raw+chk (per pair) {ratio[0]:4.2f} / {ratio[1]:4.2f} / "
              f"{ratio[2]:4.2f}; ratio of medians {pool[1] / raw[1]:4.2f}  (n = {len(fig['ratio'])})")
        dr, pd = _quartiles(fig["doc/raw"]), _quartiles(fig["pool/doc"])
        print(f"  {'':<16} doc (FreeCAD running the same script here, same checks) {doc[0]:6.2f} / {doc[1]:6.2f} / "
              f"{doc[2]:6.2f}   doc/raw+chk {dr[0]:4.2f} / {dr[1]:4.2f} / {dr[2]:4.2f}   pool/doc {pd[0]:4.2f} / "
              f"{pd[1]:4.2f} / {pd[2]:4.2f}")
    print(f"load average after: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--ratios-only", action="store_true",
                        help="only the CPU comparison with raw FreeCAD (runs against older code too: before/after)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="bench-verify-"))
    os.environ["AI_DESIGNER_HOME"] = str(home)
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.locate import import_freecad
    from ai_designer.planning import plan_offline

    import_freecad(home / "freecad")
    scripts = {name: compile_plan(plan_offline(text)) for name, text in PARTS.items()}
    print(f"load average before: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores "
          f"(shared); median CPU ms of {args.repeat} runs\n")
    if args.ratios_only:
        _print_ratios(scripts, home, args.repeat)
        return
    table = {name: steps(script, home, args.repeat) for name, script in scripts.items()}
    print(f"{'step':<52}" + "".join(f"{name:>16}" for name in table))
    for step in next(iter(table.values())):
        print(f"{step:<52}" + "".join(f"{table[name][step]:>16.2f}" for name in table))
    _print_ratios(scripts, home, args.repeat)
    print("\nthrough the warm pool (box; wall ms):")
    for label, value in pool_figures(scripts["box"], home / "pool", args.repeat).items():
        print(f"  {label:<55}{value:>8.2f}")
    print(f"\nload average after: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
