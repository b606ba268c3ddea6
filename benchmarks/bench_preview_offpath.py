"""Preview off the critical path: time to ``succeeded`` and to the preview, per job, with the default formats.

For a box and a flange (default formats: FCStd + STEP + STL + PNG) it prints, per part, the median over N runs of:

* succeeded — ``Designer.design`` call → the ``succeeded`` event (model files written and verified),
* preview   — the same call → the PNG on disk (``preview_ready``; with the old flow both are the same moment),
* worker    — the time the FreeCAD worker was busy with the job (``job_worker``): what the next design waits for,

then the throughput of 4 client threads designing 40 blocks-with-a-hole, each a new size, on the default pool:
designs/s to ``succeeded`` and with every preview written. Run on an old checkout too (``--before``-style figures come
from the same script: without off-path previews ``preview`` equals ``succeeded``):

    PYTHONPATH=$PWD/src .venv/bin/python benchmarks/bench_preview_offpath.py [--repeat 15] [--designs 40]
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

PARTS = {
    "box": "a 40 x 30 x 20 mm block",
    "flange": "a flange 120 mm OD, 15 mm thick, with a 50 mm bore and 8 x 10 mm holes on a 95 mm PCD, "
              "2 mm fillet on the top outer edge",
}


class _Timed:
    """Clock one design: when ``succeeded`` was announced and when the preview was."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.succeeded: float | None = None
        self.preview: float | None = None
        self.worker = 0.0  # seconds the FreeCAD worker was busy with the job (what the next design waits for)
        self.done = threading.Event()

    def on_event(self, event: Any) -> None:
        if event.status.value == "succeeded" and self.succeeded is None:
            self.succeeded = time.perf_counter() - self.t0

    def on_preview(self, outcome: Any) -> None:
        self.preview = time.perf_counter() - self.t0
        self.done.set()


def _design(designer: Any, prompt: str, out: Path, offpath: bool) -> _Timed:
    timed = _Timed()
    extra = {"previews": "defer"} if offpath else {}
    result = designer.design(prompt, out_dir=out, on_event=timed.on_event, **extra)
    assert result.status.value == "succeeded", result.error
    timed.worker = result.timings.get("job_worker", 0.0)
    if offpath:
        from ai_designer.designer import pending_preview

        pending = pending_preview(result)
        assert pending is not None
        pending.then(timed.on_preview)
    else:
        timed.preview = timed.succeeded
        timed.done.set()
    return timed


def _latency(designer: Any, work: Path, repeat: int, offpath: bool) -> None:
    print(f"{'part':8} {'succeeded':>10} {'preview':>10} {'worker':>10}   (median of {repeat}, default formats)")
    for name, prompt in PARTS.items():
        _design(designer, prompt, work / f"{name}-warm", offpath).done.wait(60)
        runs = []
        for i in range(repeat):
            timed = _design(designer, prompt, work / f"{name}-{i}", offpath)
            timed.done.wait(60)
            runs.append(timed)
        ok = statistics.median(t.succeeded or 0.0 for t in runs)
        png = statistics.median(t.preview or 0.0 for t in runs)
        busy = statistics.median(t.worker for t in runs)
        print(f"{name:8} {ok * 1000:8.1f} ms {png * 1000:8.1f} ms {busy * 1000:8.1f} ms")


def _throughput(designer: Any, work: Path, designs: int, offpath: bool) -> None:
    prompts = [f"a {40 + i} x {30 + i % 7} x {10 + i % 5} mm block with a {6 + i % 4} mm hole through the middle"
               for i in range(designs)]
    timings: list[_Timed] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=4) as pool:
        timings = list(pool.map(lambda a: _design(designer, a[1], work / f"t{a[0]}", offpath), enumerate(prompts)))
    succeeded = time.perf_counter() - t0
    for timed in timings:
        timed.done.wait(60)
    previews = time.perf_counter() - t0
    print(f"throughput, 4 clients, {designs} blocks with a hole: {designs / succeeded:.1f} designs/s to succeeded, "
          f"{designs / previews:.1f} designs/s with every preview written")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--designs", type=int, default=40)
    args = parser.parse_args()
    from ai_designer.designer import Designer

    offpath = "previews" in inspect.signature(Designer.design).parameters
    print(f"preview flow: {'off the critical path' if offpath else 'inside the FreeCAD job'}; "
          f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        designer = Designer()
        _latency(designer, Path(tmp), args.repeat, offpath)
        _throughput(designer, Path(tmp), args.designs, offpath)
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
