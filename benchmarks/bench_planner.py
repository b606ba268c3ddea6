"""Offline planning latency: median / p95 / max per prompt over the example suite and the blind sets (planning only).

Two figures per set, both in one process after one warm-up prompt:

* ``served`` — prompts in order, as a long-running service sees them: a sentence whose terminal sequence was parsed
  before comes from the parse cache;
* ``new shape`` — the sentence-parse cache emptied before every prompt, so every sentence pays the Earley parse
  (the worst case: a stream of prompts none of which repeats a sentence shape).

``PYTHONPATH=src python benchmarks/bench_planner.py`` (add set files to measure others).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BLIND = sorted((ROOT / "examples" / "prompts" / "blind").glob("*.jsonl"))


def _examples() -> list[str]:
    import yaml

    prompts: list[str] = []
    for path in sorted((ROOT / "examples" / "prompts").glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        prompts += [case["prompt"] for case in cases if "prompt" in case]  # sessions (edits) are left out
    return prompts


def _blind(path: Path) -> list[str]:
    return [json.loads(line)["prompt"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _time(prompts: list[str], fresh: bool) -> dict[str, float]:
    from ai_designer.planning import grammar, plan_offline

    times: list[float] = []
    for prompt in prompts:
        if fresh:
            grammar._shape.cache_clear()
        start = time.perf_counter()
        with contextlib.suppress(Exception):  # refusals and plan errors are timed like plans
            plan_offline(prompt)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[min(len(times) - 1, int(0.95 * len(times)))],
            "max": times[-1]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="JSONL sets (default: the example suite and blind sets)")
    args = parser.parse_args(argv)
    from ai_designer.planning import plan_offline

    plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes")  # grammar and vocabulary loaded once
    suites: list[tuple[str, list[str]]] = [(p.stem, _blind(p)) for p in (args.sets or BLIND)]
    if not args.sets:
        suites.insert(0, ("examples", _examples()))
    print(f"{'set':<10} {'n':>5} | {'served median':>13} {'p95':>8} {'max':>8} | {'new shape median':>16} "
          f"{'p95':>8} {'max':>8}   (ms)")
    for name, prompts in suites:
        served: dict[str, Any] = _time(prompts, fresh=False)
        fresh: dict[str, Any] = _time(prompts, fresh=True)
        print(f"{name:<10} {len(prompts):>5} | {served['median']:>13.2f} {served['p95']:>8.2f} {served['max']:>8.1f} | "
              f"{fresh['median']:>16.2f} {fresh['p95']:>8.2f} {fresh['max']:>8.1f}")


if __name__ == "__main__":
    main()
