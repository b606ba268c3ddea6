"""Score the offline planner on blind prompt sets: plan, build in real FreeCAD, compare with independent references.

Each line of a set is ``{"id", "category", "prompt", "expect": "build"|"refuse", "reference": {"volume", "bbox"}}``
(``bbox`` sorted ascending; written without the planner, see ``examples/prompts/blind/README.md``). Outcomes, as in
the team's note on blind prompts (examples/prompts/blind/README.md):

* right   — the build succeeded (plan, FreeCAD, the plan's own validation), volume within 0.5 %, every sorted bbox
            extent within 0.15 mm, one valid solid;
* wrong   — succeeded but not right (including any success on a prompt that must be refused);
* refused — the planner rejected the prompt with a message (``RejectedError`` / ``PlanError``);
* failed  — a crash, a build error, or the plan's own validation failed (the product would report "failed").

Which planner runs is whatever ``ai_designer`` is first on ``sys.path``: measure another checkout with
``PYTHONPATH=/path/to/checkout/src python benchmarks/blind_score.py SET.jsonl … --out report.json``.
Prints a table per set and category and the planning latency (median / p95 per prompt, planning only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

OUTCOMES = ("right", "refused", "wrong", "failed")
VOL_REL = 0.005
BBOX_ABS = 0.15


def _commit_of(package: Path) -> str:
    """The git commit of the checkout the measured planner came from (a report names code, not a machine path)."""
    import subprocess

    done = subprocess.run(["git", "-C", str(package), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True, check=False)
    return done.stdout.strip() or "unknown (not a git checkout)"


def _load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _compare(geometry: Any, ref: dict[str, Any]) -> str | None:
    """``None`` when the solid matches the reference, else why not."""
    if geometry.solids != 1 or not geometry.valid:
        return f"{geometry.solids} solid(s), valid={geometry.valid}"
    want_v = float(ref["volume"])
    if abs(geometry.volume - want_v) > VOL_REL * want_v:
        return f"volume {geometry.volume:.1f} != {want_v:.1f}"
    got = sorted(geometry.bbox)
    want = sorted(float(v) for v in ref["bbox"])
    if any(abs(g - w) > BBOX_ABS for g, w in zip(got, want, strict=True)):
        return f"bbox {[round(v, 2) for v in got]} != {want}"
    return None


def score_case(case: dict[str, Any], executor: Any, out_dir: Path) -> dict[str, Any]:
    """Plan and build one prompt; the outcome with enough detail to see what happened."""
    from ai_designer.cad.validate import validate
    from ai_designer.core.errors import AIDesignerError
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.planning import plan_offline
    from ai_designer.schemas.execution import JobSpec

    row: dict[str, Any] = {"id": case["id"], "category": case.get("category", ""), "expect": case["expect"]}
    t0 = time.perf_counter()
    try:
        plan = plan_offline(case["prompt"])
    except AIDesignerError as exc:
        row["plan_ms"] = (time.perf_counter() - t0) * 1000
        return {**row, "outcome": "refused" if exc.message else "failed", "detail": f"{exc.code}: {exc.message}"}
    except Exception as exc:  # noqa: BLE001 - a crash is an outcome to count, not to stop the run
        row["plan_ms"] = (time.perf_counter() - t0) * 1000
        return {**row, "outcome": "failed", "detail": f"planner crashed: {type(exc).__name__}: {exc}"}
    row["plan_ms"] = (time.perf_counter() - t0) * 1000
    row["plan"] = plan.summary()
    row["ignored"] = list(getattr(plan, "ignored", []) or [])
    try:
        result = executor.run(JobSpec(script=compile_plan(plan), out_dir=str(out_dir / case["id"]), formats=[]))
    except Exception as exc:  # noqa: BLE001
        return {**row, "outcome": "failed", "detail": f"build crashed: {type(exc).__name__}: {exc}"}
    if not result.ok or result.geometry is None:
        return {**row, "outcome": "failed", "detail": f"build failed: {result.error}"}
    geo = result.geometry
    row["geometry"] = {"volume": round(geo.volume, 3), "bbox": [round(v, 3) for v in geo.bbox], "solids": geo.solids}
    report = validate(plan, geo)
    if not report.passed:
        return {**row, "outcome": "failed", "detail": "validation: " + report.feedback()}
    if case["expect"] == "refuse":
        return {**row, "outcome": "wrong", "detail": "built a part for a prompt that must be refused"}
    why = _compare(geo, case["reference"])
    return {**row, "outcome": "wrong" if why else "right", "detail": why or ""}


def _table(title: str, rows: list[dict[str, Any]]) -> str:
    by_cat: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rows:
        by_cat[r["category"]][r["outcome"]] += 1
    total = Counter(r["outcome"] for r in rows)
    head = f"{title:<34}" + "".join(f"{o:>9}" for o in OUTCOMES) + f"{'n':>6}"
    lines = [head, "-" * len(head)]
    for cat, c in sorted(by_cat.items()):
        lines.append(f"  {cat:<32}" + "".join(f"{c[o]:>9}" for o in OUTCOMES) + f"{sum(c.values()):>6}")
    lines.append(f"  {'TOTAL':<32}" + "".join(f"{total[o]:>9}" for o in OUTCOMES) + f"{len(rows):>6}")
    return "\n".join(lines)


def _latency(rows: list[dict[str, Any]]) -> dict[str, float]:
    ms = sorted(r["plan_ms"] for r in rows)
    if not ms:
        return {}
    return {"median_ms": round(statistics.median(ms), 3), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 3),
            "max_ms": round(ms[-1], 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="set.jsonl files")
    parser.add_argument("--out", type=Path, required=True, help="JSON report to write")
    parser.add_argument("--label", default="", help="name of the planner measured (for the report)")
    args = parser.parse_args()

    import ai_designer
    from ai_designer.freecad.executor import get_executor

    executor = get_executor()
    report: dict[str, Any] = {"label": args.label, "planner_source": _commit_of(Path(ai_designer.__file__).parent), "sets": {}}
    everything: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in args.sets:
            rows = [score_case(c, executor, Path(tmp)) for c in _load(path)]
            everything += rows
            name = path.stem
            report["sets"][name] = {"counts": dict(Counter(r["outcome"] for r in rows)), "latency": _latency(rows),
                                    "rows": rows}
            print(_table(f"set {name}", rows))
            print(f"  planning latency: {_latency(rows)}\n")
    if len(args.sets) > 1:
        print(_table("all sets", everything))
        print(f"  planning latency: {_latency(everything)}")
    report["counts"] = dict(Counter(r["outcome"] for r in everything))
    report["latency"] = _latency(everything)
    args.out.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
