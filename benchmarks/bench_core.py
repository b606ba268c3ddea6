"""Core benchmark: what ai-designer costs on top of raw FreeCAD doing the same build + export.

For a box, a plate with 4 holes and a flange with 8 holes and a fillet it prints, per part:

* raw      — hand-written Part-API code building the solid and exporting FCStd + STEP + STL in one warm process
             (FreeCAD already imported; the floor any tool on FreeCAD pays),
* raw+chk  — the same plus the checks ai-designer makes on every job (valid, exact bbox, STEP read back, STL reloaded),
* pool     — ai-designer's warm worker pool per job: compiled parametric script + sandbox + measure + the same exports,
* engine   — ``Designer.design`` per call with the offline planner (plan → compile → pool → validate),
* cold CLI — a whole ``ai-designer design … --json`` process, start to exit,

and the ratios to raw and to raw+chk (like-for-like). Run: ``.venv/bin/python benchmarks/bench_core.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTS = {
    "box": "a 40 x 30 x 20 mm block",
    "plate_4_holes": "a 90 x 70 x 8 mm plate with four 5.5 mm holes 6 mm from the edges",
    "flange_8_holes": "a flange 120 mm OD, 15 mm thick, with a 50 mm bore and 8 x 10 mm holes on a 95 mm PCD, "
                      "2 mm fillet on the top outer edge",
}
FORMATS = ["fcstd", "step", "stl"]


def raw_build(name: str, out: Path, checks: bool = False) -> float:
    """The same part with plain Part API calls in this (warm) process; returns the volume.

    ``checks`` adds what ai-designer verifies on every job: validity, exact bounding box, STEP read back and compared,
    STL reloaded — so the second raw figure is like-for-like work."""
    import FreeCAD
    import Mesh
    import MeshPart
    import Part

    doc = FreeCAD.newDocument("raw")
    if name == "box":
        shape = Part.makeBox(40, 30, 20, FreeCAD.Vector(-20, -15, 0))
    elif name == "plate_4_holes":
        shape = Part.makeBox(90, 70, 8, FreeCAD.Vector(-45, -35, 0))
        for x in (-39, 39):
            for y in (-29, 29):
                shape = shape.cut(Part.makeCylinder(2.75, 10, FreeCAD.Vector(x, y, -1)))
    else:
        import math

        shape = Part.makeCylinder(60, 15)
        top_outer = [e for e in shape.Edges if abs(e.BoundBox.ZMin - 15) < 1e-6]
        shape = shape.makeFillet(2, top_outer)
        shape = shape.cut(Part.makeCylinder(25, 17, FreeCAD.Vector(0, 0, -1)))
        for i in range(8):
            a = 2 * math.pi * i / 8
            shape = shape.cut(Part.makeCylinder(5, 17, FreeCAD.Vector(47.5 * math.cos(a), 47.5 * math.sin(a), -1)))
    feature = doc.addObject("Part::Feature", "Part")
    feature.Shape = shape
    doc.recompute()
    # the exact box before meshing, as the worker measures it: once a triangulation exists optimalBoundingBox() boxes
    # its nodes (0.14 mm loose on the flange), which is cheap and not the check ai-designer makes
    box = shape.optimalBoundingBox() if checks else None
    doc.saveAs(str(out / "raw.FCStd"))
    shape.exportStep(str(out / "raw.step"))
    deflection = min(0.1, max(0.01, shape.BoundBox.DiagonalLength / 2000.0))  # the worker's (export.linear_deflection)
    mesh = MeshPart.meshFromShape(Shape=shape, LinearDeflection=deflection, AngularDeflection=0.3, Relative=False)
    Mesh.Mesh(mesh).write(str(out / "raw.stl"))
    volume = shape.Volume
    if checks:
        assert shape.isValid() and len(shape.Solids) == 1 and box is not None and box.isValid()
        assert abs(Part.read(str(out / "raw.step")).Volume - volume) <= 1e-6 * volume
        assert Mesh.Mesh(str(out / "raw.stl")).CountFacets == mesh.CountFacets
    FreeCAD.closeDocument(doc.Name)
    return volume


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--cold", type=int, default=3, help="cold CLI runs per part")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="bench-home-"))
    os.environ["AI_DESIGNER_HOME"] = str(home)
    from ai_designer.designer import Designer
    from ai_designer.freecad.executor import get_executor
    from ai_designer.freecad.locate import import_freecad
    from ai_designer.schemas.execution import JobSpec

    import_freecad(home / "raw-freecad")
    designer = Designer()
    executor = get_executor()
    work = home / "work"
    work.mkdir()

    rows = []
    for name, prompt in PARTS.items():
        first = designer.design(prompt, out_dir=work / name, formats=FORMATS)  # warms the pool, gives the plan
        assert first.status.value == "succeeded", first.error
        assert first.plan is not None and first.geometry is not None
        volume = raw_build(name, work)
        assert abs(volume - first.geometry.volume) / volume < 1e-6, (name, volume, first.geometry.volume)
        script = first.script or ""
        raw = timed(lambda n=name: raw_build(n, work), args.repeat)
        raw_checked = timed(lambda n=name: raw_build(n, work, checks=True), args.repeat)
        pool = timed(lambda s=script, n=name: executor.run(JobSpec(script=s, out_dir=str(work / f"{n}-pool"),
                                                                   formats=FORMATS)), args.repeat)
        engine = timed(lambda p=prompt, n=name: designer.design(p, out_dir=work / f"{n}-engine", formats=FORMATS),
                       args.repeat)
        cold = []
        for i in range(args.cold):
            t = time.perf_counter()
            proc = subprocess.run([sys.executable, "-m", "ai_designer", "design", prompt, "--out",
                                   str(work / f"{name}-cold{i}"), "--json", "--format", ",".join(FORMATS)],
                                  capture_output=True, text=True, env={**os.environ, "AI_DESIGNER_HOME": str(home)})
            cold.append(time.perf_counter() - t)
            assert json.loads(proc.stdout.strip().splitlines()[-1])["status"] == "succeeded", proc.stdout
        rows.append((name, raw, raw_checked, pool, engine, cold))

    print(f"\nper job, median of {args.repeat} (cold: {args.cold}); exports FCStd + STEP + STL; "
          f"{os.cpu_count()} cores; load average now {'/'.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(f"{'part':<16}{'raw ms':>9}{'raw+chk':>9}{'pool ms':>9}{'engine ms':>10}{'cold CLI':>10}"
          f"{'pool/raw':>10}{'pool/raw+chk':>13}{'engine/raw+chk':>15}")
    for name, raw, checked, pool, engine, cold in rows:
        r, c = statistics.median(raw), statistics.median(checked)
        p, e = statistics.median(pool), statistics.median(engine)
        print(f"{name:<16}{ms(raw):>9}{ms(checked):>9}{ms(pool):>9}{ms(engine):>10}{ms(cold):>10}"
              f"{p / r:>10.2f}{p / c:>13.2f}{e / c:>15.2f}")
    executor.close()


if __name__ == "__main__":
    main()
