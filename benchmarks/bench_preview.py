"""Preview benchmark: what the PNG preview costs for real parts, cold (fresh process, imports included) and warm.

Builds four parts the way a design does (offline planner → generator → sandboxed job in this process), tessellates
them with the export code and, per part, prints

* cold — a fresh interpreter importing numpy and ``preview`` and rendering once (800×600, edges included),
  measured inside that interpreter (its start-up and the loading of the mesh are not counted),
* warm — the median render in this process after a first one.

Run: ``.venv/bin/python benchmarks/bench_preview.py [--repeat N]``. Figures, not asserts.
"""

from __future__ import annotations

import argparse
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARTS = {
    "plate": "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes",
    "flange": "a flange 120 mm diameter, 12 mm thick, with a 40 mm center bore and 8 holes of 9 mm on a 90 mm "
              "circle, 2 mm fillet on the top outer edge",
    "gear": "a spur gear with 24 teeth, module 2, 10 mm thick, 8 mm bore",
    "tray": "an open box 100 x 60 x 30 mm with 3 mm walls",
}

COLD = """
import pickle, sys, time
t0 = time.perf_counter()
import numpy
from ai_designer.freecad.preview import render_png
t1 = time.perf_counter()
with open(sys.argv[1], "rb") as fh:
    vertices, faces, lines = pickle.load(fh)
t2 = time.perf_counter()
render_png((vertices, faces), __import__("pathlib").Path(sys.argv[2]), lines=lines)
t3 = time.perf_counter()
print((t1 - t0) + (t3 - t2), t1 - t0)
"""


def _meshes(work: Path) -> dict[str, tuple[object, object, list[object]]]:
    from ai_designer.freecad import sandbox
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.export import edge_polylines, mesh_arrays, tessellate
    from ai_designer.freecad.job import run_job
    from ai_designer.freecad.locate import import_freecad
    from ai_designer.planning import plan_offline
    from ai_designer.schemas.execution import JobSpec

    import_freecad(work / "fc")
    import Part

    meshes = {}
    for name, prompt in PARTS.items():
        out = work / name
        result = run_job(JobSpec(script=compile_plan(plan_offline(prompt)), out_dir=str(out), basename=name,
                                 formats=["step"]), exec_script=sandbox.exec_script)
        assert result.ok, result.error
        shape = Part.read(result.files["step"])
        vertices, faces = mesh_arrays(tessellate(shape))
        meshes[name] = (vertices, faces, edge_polylines(shape))
    return meshes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from ai_designer.freecad.preview import render_png

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        meshes = _meshes(work)
        package_root = str(Path(__file__).resolve().parents[1] / "src")
        print(f"{'part':8} {'triangles':>9} {'edges':>6} {'cold ms':>8} {'(imports)':>9} {'warm ms':>8}")
        for name, (vertices, faces, lines) in meshes.items():
            blob = work / f"{name}.pickle"
            blob.write_bytes(pickle.dumps((vertices, faces, lines)))
            cold = subprocess.run([sys.executable, "-c", COLD, str(blob), str(work / f"{name}-cold.png")],
                                  capture_output=True, text=True, check=True,
                                  env={"PYTHONPATH": package_root, "PATH": "/usr/bin:/bin"})
            cold_s, imports_s = (float(x) for x in cold.stdout.split())
            png = work / f"{name}.png"
            render_png((vertices, faces), png, lines=lines)
            warm = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                render_png((vertices, faces), png, lines=lines)
                warm.append(time.perf_counter() - t0)
            print(f"{name:8} {len(faces):9d} {len(lines):6d} {cold_s * 1000:8.0f} {imports_s * 1000:9.0f} "
                  f"{statistics.median(warm) * 1000:8.0f}")
        print(json.dumps({"note": "cold = imports + first render in a fresh interpreter; warm = median"}))


if __name__ == "__main__":
    main()
