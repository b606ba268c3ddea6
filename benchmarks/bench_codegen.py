"""Generator benchmark: how long ``compile_plan`` takes, and how long FreeCAD needs to build the compiled script.

For a plate with 4 holes and a flange with 8 holes and a fillet it prints the compile time (pure Python), the build
time of the script in a warm FreeCAD process (fresh document, script incl. ``doc.recompute()`` and ``cad.verify``,
no export), the same build through the sandbox, and a hand-written Part-API build of the same solid for reference.
Run: ``.venv/bin/python benchmarks/bench_codegen.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ai_designer.freecad.codegen import compile_plan  # noqa: E402
from ai_designer.schemas.task_graph import (  # noqa: E402
    Boss,
    Box,
    CADPlan,
    Circle,
    Cylinder,
    Fillet,
    GridPattern,
    Hole,
    PolarPattern,
)

PLANS = {
    "plate_4_holes": CADPlan(name="plate", operations=[
        Box(id="plate", length=90, width=70, height=8),
        Hole(id="holes", target="plate", diameter=5.5, at=GridPattern(count_x=2, count_y=2, spacing_x=78, spacing_y=58)),
    ]),
    "flange_8_holes_fillets": CADPlan(name="flange", operations=[
        Cylinder(id="disc", diameter=120, height=12),
        Fillet(id="rim", target="disc", radius=2, edges="top"),
        Boss(id="hub", target="rim", profile=Circle(diameter=60), height=20),
        Hole(id="bore", target="hub", diameter=40),
        Hole(id="bolts", target="bore", diameter=10, at=PolarPattern(count=8, diameter=90)),
        Fillet(id="root", target="bolts", radius=3, edges="concave"),
    ]),
}


def _raw(name: str) -> float:
    import math

    import FreeCAD
    import Part

    v = FreeCAD.Vector
    if name == "plate_4_holes":
        shape = Part.makeBox(90, 70, 8, v(-45, -35, 0))
        for x in (-39, 39):
            for y in (-29, 29):
                shape = shape.cut(Part.makeCylinder(2.75, 10, v(x, y, -1)))
        return shape.Volume
    disc = Part.makeCylinder(60, 12)
    disc = disc.makeFillet(2, [e for e in disc.Edges if abs(e.BoundBox.ZMin - 12) < 1e-6])
    shape = disc.fuse(Part.makeCylinder(30, 20, v(0, 0, 12))).removeSplitter()
    shape = shape.cut(Part.makeCylinder(20, 34, v(0, 0, -1)))
    for i in range(8):
        a = 2 * math.pi * i / 8
        shape = shape.cut(Part.makeCylinder(5, 14, v(45 * math.cos(a), 45 * math.sin(a), -1)))
    root = [e for e in shape.Edges if abs(e.BoundBox.ZMin - 12) < 1e-6 and abs(e.BoundBox.XLength - 60) < 1e-6]
    shape = shape.makeFillet(3, root)
    return shape.Volume


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1e3:8.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from ai_designer.freecad.locate import import_freecad

    import_freecad(Path(tempfile.mkdtemp(prefix="bench-codegen-")))
    from ai_designer.freecad import job, sandbox
    from ai_designer.schemas.execution import JobSpec

    out = Path(tempfile.mkdtemp(prefix="bench-codegen-out-"))
    print(f"{'part':26s} {'compile':>11s} {'build':>11s} {'sandboxed':>11s} {'raw Part':>11s}  volume")
    for name, plan in PLANS.items():
        compile_times, build, boxed, raw = [], [], [], []
        script = compile_plan(plan)
        for _ in range(args.repeat * 10):
            t0 = time.perf_counter()
            compile_plan(plan)
            compile_times.append(time.perf_counter() - t0)
        volume = 0.0
        for _ in range(args.repeat):
            spec = JobSpec(script=script, out_dir=str(out), formats=[])
            result = job.run_job(spec, export=lambda *_: {})
            assert result.ok, result.error
            build.append(result.timings["build"])
            result = job.run_job(spec, exec_script=sandbox.exec_script, export=lambda *_: {})
            boxed.append(result.timings["build"])
            volume = result.geometry.volume if result.geometry else 0.0
            t0 = time.perf_counter()
            _raw(name)
            raw.append(time.perf_counter() - t0)
        print(f"{name:26s} {_ms(compile_times)} {_ms(build)} {_ms(boxed)} {_ms(raw)}  {volume:,.1f}")


if __name__ == "__main__":
    main()
