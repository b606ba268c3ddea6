"""Cold CLI benchmark: one ``ai-designer design … --json`` process against one raw FreeCAD process making the same
part, with and without a warm daemon (docs/cli-daemon.md).

For each part (the box and the 4-hole plate of ``bench_core.py``) it times, start to exit, median of ``--repeat``:

* raw FreeCAD process — ``python -c`` that imports FreeCAD, builds the solid with plain Part calls and exports FCStd +
  STEP + STL (``bench_core.raw_build``): what any FreeCAD script started from a shell pays;
* CLI, no daemon — ``AI_DESIGNER_DAEMON=off``: interpreter, imports, FreeCAD pool start, plan, build, verify, export;
* CLI, daemon warm — the same command while a daemon for this environment runs (started and warmed beforehand);
* with ``--compare-src DIR``: also the CLI of another checkout (``PYTHONPATH=DIR/src``), e.g. the code before a change.

Bytecode: an installed package has its ``.pyc`` files (pip compiles them), but a source checkout run with
``PYTHONDONTWRITEBYTECODE=1`` — as in some containers and CI images — compiles every imported module of ours again
in every process (≈ 150 modules). Unless ``--source-only`` is given, the benchmark first compiles the checkouts it
times (``compileall``, into their ``__pycache__``, as an install would), so that it measures the CLI as installed.

Runs are interleaved (raw, CLI, CLI+daemon, raw, …) so that a change in the machine's load hits all three alike; the
load average is printed before and after. Goals (issue 15): ≤ 3.5× raw without the daemon, ≤ 2× with it.
Run: ``.venv/bin/python benchmarks/bench_cli_cold.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_core import PARTS

BENCH_DIR = Path(__file__).resolve().parent
FORMATS = "fcstd,step,stl"
CHOSEN = ("box", "plate_4_holes")


def _timed(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    t = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd, timeout=300)
    seconds = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} … failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    if "design" in cmd:
        assert json.loads(proc.stdout.strip().splitlines()[-1])["status"] == "succeeded", proc.stdout
    return seconds


def _raw_command(name: str, out: Path, lib_dir: str) -> list[str]:
    code = (f"import sys; sys.path[:0] = [{str(BENCH_DIR)!r}]; sys.path.append({lib_dir!r}); "
            f"from pathlib import Path; import bench_core; bench_core.raw_build({name!r}, Path({str(out)!r}))")
    return [sys.executable, "-c", code]


def _cli_command(prompt: str, out: Path) -> list[str]:
    return [sys.executable, "-m", "ai_designer", "design", prompt, "--out", str(out), "--json", "--format", FORMATS]


def _load() -> str:
    return " / ".join(f"{v:.2f}" for v in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--compare-src", type=Path, help="another checkout whose CLI is timed too (before/after)")
    parser.add_argument("--source-only", action="store_true",
                        help="do not compile the checkouts' bytecode first (measures a checkout without .pyc files)")
    args = parser.parse_args()

    from ai_designer.freecad.locate import locate_freecad

    lib_dir = str(locate_freecad().lib_dir)
    work = Path(tempfile.mkdtemp(prefix="bench-cold-"))
    runtime = Path(tempfile.mkdtemp(prefix="bcr-", dir="/tmp"))  # short: Unix socket paths are limited
    cwd = work / "cwd"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI_DESIGNER_DAEMON")}
    env.update({"AI_DESIGNER_HOME": str(work / "home"), "XDG_RUNTIME_DIR": str(runtime),
                "FREECAD_USER_HOME": str(work / "fc"), "FREECAD_USER_DATA": str(work / "fc")})
    off = {**env, "AI_DESIGNER_DAEMON": "off"}
    other = {**off, "PYTHONPATH": str(args.compare_src.resolve() / "src")} if args.compare_src else None
    cli = [sys.executable, "-m", "ai_designer"]
    if not args.source_only:
        import ai_designer

        trees = [BENCH_DIR, Path(ai_designer.__file__).parent] + ([args.compare_src.resolve() / "src" / "ai_designer"]
                                                       if args.compare_src else [])
        for tree in trees:
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree)], check=True, capture_output=True)
    print(f"bytecode: {'as in the checkout' if args.source_only else 'compiled first, as installed'}")
    print(f"load average before: {_load()}  ({os.cpu_count()} cores)")
    bare = statistics.median(_timed([sys.executable, "-c", "pass"], env, cwd) for _ in range(5))
    try:
        subprocess.run([*cli, "daemon", "start"], env=env, cwd=cwd, check=True, capture_output=True, timeout=300)
        rows = []
        for name in CHOSEN:
            prompt, out = PARTS[name], work / name
            out.mkdir()
            _timed(_cli_command(prompt, out / "w"), env, cwd)  # the daemon's first request of this part
            _timed(_cli_command(prompt, out / "w"), off, cwd)  # the grammar filter cache, as after any first run
            times: dict[str, list[float]] = {"raw": [], "off": [], "daemon": [], "other": []}
            for i in range(args.repeat):
                times["raw"].append(_timed(_raw_command(name, out, lib_dir), env, cwd))
                times["off"].append(_timed(_cli_command(prompt, out / f"off{i}"), off, cwd))
                times["daemon"].append(_timed(_cli_command(prompt, out / f"d{i}"), env, cwd))
                if other is not None:
                    times["other"].append(_timed(_cli_command(prompt, out / f"o{i}"), other, cwd))
            rows.append((name, {k: statistics.median(v) for k, v in times.items() if v}))
        served = json.loads(subprocess.run([*cli, "daemon", "status", "--json"], env=env, cwd=cwd,
                                           capture_output=True, text=True).stdout)["designs"]
    finally:
        subprocess.run([*cli, "daemon", "stop"], env=env, cwd=cwd, capture_output=True, timeout=300)
    print(f"load average after:  {_load()}\n")
    print(f"one process, start to exit, median of {args.repeat}; FCStd + STEP + STL; `python -c pass` = "
          f"{bare * 1000:.0f} ms; the daemon served {served} designs\n")
    print(f"{'part':<15}{'raw FreeCAD':>12}{'CLI':>9}{'CLI+daemon':>12}{'CLI/raw':>9}{'daemon/raw':>11}"
          + (f"{'compared CLI':>14}{'/raw':>6}" if other else ""))
    for name, m in rows:
        extra = f"{m['other'] * 1000:>12.0f}ms{m['other'] / m['raw']:>6.2f}" if "other" in m else ""
        print(f"{name:<15}{m['raw'] * 1000:>10.0f}ms{m['off'] * 1000:>7.0f}ms{m['daemon'] * 1000:>10.0f}ms"
              f"{m['off'] / m['raw']:>9.2f}{m['daemon'] / m['raw']:>11.2f}{extra}")
    print("\ngoals: CLI/raw ≤ 3.5, daemon/raw ≤ 2")
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(runtime, ignore_errors=True)


if __name__ == "__main__":
    main()
