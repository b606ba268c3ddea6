"""Plan each hobby case and compare the plan's intent with the expected solid (fast: no FreeCAD build).

    PYTHONPATH=src python benchmarks/hobby/run.py benchmarks/hobby/hobby.jsonl [-v]

Prints the cases refused that should build, built that should be refused, or built differently; the example suite
(``examples/prompts/hobby.yaml``) builds the ones that are read in real FreeCAD.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import plan_offline

NS = {"pi": math.pi, "sqrt": math.sqrt}


def _matches(plan, expect: dict) -> bool:
    want = eval(expect["volume"], NS)  # noqa: S307 - formulas of this benchmark's own data
    vol, bbox = plan.intent.volume, plan.intent.bbox
    ok = vol is None or abs(vol - want) <= 0.02 * abs(want)
    ok = ok and bbox is not None and all(abs(a - b) <= 0.5 for a, b in zip(bbox, expect["bbox"], strict=True))
    return ok and ("holes" not in expect or plan.intent.holes == expect["holes"])


def _outcome(row: dict, verbose: bool) -> str:
    expect = row["expect"]
    try:
        plan = plan_offline(row["prompt"])
    except AIDesignerError as exc:
        if expect == "reject":
            return "right"
        print(f"REFUSED {row['id']}: {row['prompt']}\n     {exc.message[:200]}")
        return "refused"
    if expect == "reject":
        print(f"BUILT-NOT-REFUSED {row['id']}: {row['prompt']}\n     {plan.summary()} {plan.assumptions}")
        return "wrong"
    if not _matches(plan, expect):
        print(f"WRONG {row['id']}: {row['prompt']}\n     {plan.summary()} want {expect}")
        return "wrong"
    if verbose:
        print(f"ok {row['id']} {plan.assumptions}")
    return "right"


def main() -> None:
    rows = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line.strip()]
    tally = {"right": 0, "refused": 0, "wrong": 0}
    for row in rows:
        tally[_outcome(row, "-v" in sys.argv)] += 1
    print(tally)


if __name__ == "__main__":
    main()
