"""Score the offline planner on edit sessions as users type them (``examples/prompts/edits/phrasings.yaml``).

Each edit step is planned against the step before, built in real FreeCAD and compared with geometry written from
the words (volume, bbox, hole positions by probe — see ``tests/planning/edit_checks.py``). Prints one line per edit
and the counts right / refused / wrong / failed (a step that must be refused and is refused counts as right).

    PYTHONPATH=$PWD/src python benchmarks/edit_score.py [sessions.yaml]
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "planning"))
    from edit_checks import PHRASINGS, load_sessions, score_session

    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.executor import get_executor
    from ai_designer.schemas.execution import JobSpec

    executor = get_executor()
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else PHRASINGS
    with tempfile.TemporaryDirectory() as tmp:
        def build(plan, name):  # type: ignore[no-untyped-def]
            result = executor.run(JobSpec(script=compile_plan(plan), out_dir=str(Path(tmp) / name), formats=[]))
            assert result.ok and result.geometry is not None, f"build failed: {result.error}"
            return result.geometry

        rows = [row for case in load_sessions(path) for row in score_session(case, build)]
    for case_id, prompt, outcome, detail in rows:
        print(f"{outcome:8} {case_id:28} {prompt!r:55} {detail.splitlines()[0][:110] if detail else ''}")
    counts = Counter(r[2] for r in rows)
    print(" ".join(f"{k}={counts.get(k, 0)}" for k in ("right", "refused", "wrong", "failed")), f"of {len(rows)}")
    executor.shutdown() if hasattr(executor, "shutdown") else None


if __name__ == "__main__":
    main()
