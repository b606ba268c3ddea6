"""Offline planning latency per prompt: median / p95 / max per set and overall, cold and warm caches (planning only).

One process; the parser is loaded by one warm-up prompt first (a service has it loaded), then every set is planned
twice in order:

* ``cold`` — the first pass: no sentence shape of these prompts was parsed before, so every new shape pays the
  Earley parse (a set later in the order may meet shapes of an earlier one, as a service would);
* ``warm`` — the second pass over the same prompts: each sentence shape comes from the parse cache, as in a
  long-running service that has seen these shapes (what is left is the lexer, the semantics and the slot planner);
* ``new shape`` (``--new-shape``) — a third pass with the sentence-parse caches emptied before every prompt: every
  sentence pays the Earley parse, also those an earlier prompt shared (the worst case).

Times are wall-clock (``perf_counter``) and, for a figure the machine's other load moves less, this process's CPU
time (``process_time``). Issue 10's goal: p95 under 5 ms per prompt.

``PYTHONPATH=src python benchmarks/bench_planner.py`` (the nine blind sets; ``--examples`` adds the example suite;
JSONL set files as arguments measure others).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BLIND = [ROOT / "examples" / "prompts" / "blind" / f"{n}.jsonl" for n in ("A", "B", "C", "D", "E", "F", "G1", "G2", "H")]
GOAL_MS = 5.0


def _examples() -> list[str]:
    import yaml

    prompts: list[str] = []
    for path in sorted((ROOT / "examples" / "prompts").glob("*.yaml")):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        prompts += [case["prompt"] for case in cases if "prompt" in case]  # sessions (edits) are left out
    return prompts


def _blind(path: Path) -> list[str]:
    return [json.loads(line)["prompt"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _forget_shapes() -> None:
    from ai_designer.planning import grammar

    for name in ("_shape", "_earley"):  # the sentence-parse caches (``_earley`` holds the parse behind ``_shape``)
        cached = getattr(grammar, name, None)
        if cached is not None:
            cached.cache_clear()


def _time(prompts: list[str], fresh: bool) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of each prompt; refusals and plan errors are timed like plans."""
    from ai_designer.planning import plan_offline

    times = []
    for prompt in prompts:
        if fresh:
            _forget_shapes()
        wall, cpu = time.perf_counter(), time.process_time()
        with contextlib.suppress(Exception):
            plan_offline(prompt)
        times.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return times


def _stats(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], ordered[-1]


def _row(name: str, n: int, passes: list[list[tuple[float, float]]], which: int) -> str:
    cells = []
    for times in passes:
        median, p95, top = _stats([t[which] for t in times])
        cells.append(f"{median:>16.2f} {p95:>7.2f} {top:>7.1f}")
    return f"{name:<10} {n:>5} | " + " | ".join(cells)


def _table(suites: list[tuple[str, list[str]]], runs: dict[str, list[list[tuple[float, float]]]], which: int) -> None:
    labels = list(runs)
    print(f"{'set':<10} {'n':>5} | " + " | ".join(f"{label + ' median':>16} {'p95':>7} {'max':>7}" for label in labels))
    for k, (name, prompts) in enumerate(suites):
        print(_row(name, len(prompts), [runs[label][k] for label in labels], which))
    everything = [[t for times in runs[label] for t in times] for label in labels]
    print(_row("all", len(everything[0]), everything, which))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="JSONL sets (default: the nine blind sets)")
    parser.add_argument("--examples", action="store_true", help="also the example suite (first)")
    parser.add_argument("--new-shape", action="store_true", help="a third pass with the parse caches emptied per prompt")
    args = parser.parse_args(argv)
    from ai_designer.planning import plan_offline

    plan_offline("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes")  # grammar and vocabulary loaded once
    suites: list[tuple[str, list[str]]] = [(p.stem, _blind(p)) for p in (args.sets or BLIND)]
    if args.examples:
        suites.insert(0, ("examples", _examples()))
    runs: dict[str, list[list[tuple[float, float]]]] = {"cold": [], "warm": []}
    for label in ("cold", "warm"):
        runs[label] = [_time(prompts, fresh=False) for _, prompts in suites]
    if args.new_shape:
        runs["new shape"] = [_time(prompts, fresh=True) for _, prompts in suites]
    for title, which in (("wall ms", 0), ("CPU ms (this process)", 1)):
        print(f"\n{title}; goal: p95 < {GOAL_MS:g} ms")
        _table(suites, runs, which)


if __name__ == "__main__":
    main()
