"""Run the example suite's planning and builds ahead of its tests, so that they overlap.

Why: run one after another, each test plans its prompt (this process, CPU) and then waits while one FreeCAD worker
builds it (another process), so the pool's second worker and half the machine sit idle. Here one background thread
plans the selected cases in test order (the same ``plan_offline`` calls, with the same ``current`` plan, as the test
would make) and hands each build to the pool as soon as it is planned; the pool's workers build two at once while the
thread plans the next cases. Each test then checks exactly what it would have computed itself: every step's plan or
refusal and the geometry of the script compiled from that very plan — nothing is shared between steps.

Which steps are built (``Builds``): by default, every step whose plan uses an operation in a form no earlier built
step used (the operation and its categorical fields: ``hole`` with ``kind=counterbore, face=side, at.kind=grid``), every
step whose plan does not state each figure the case expects (no intent volume after a fillet, no box for a sweep), and
one step in eight besides (chosen by a hash of the case id, so the same ones every run). The rest are checked against
their expected figures through the plan's own intent (the box and volume the planner derived, which production
validation holds the built solid to), not built: the example suite grew to ~1,200 builds, over half of the whole
test job, while ~110 operation forms cover every path of the plan compiler. ``pytest --all-examples`` builds every
step (before a release and nightly).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner_examples import Case

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import plan_offline
from ai_designer.schemas.task_graph import CADPlan


@dataclass
class StepOutcome:
    """One step as planned ahead: its plan or its refusal, and its build (``None`` when it expects no geometry or
    was not chosen to be built: ``Builds``)."""

    plan: CADPlan | None = None
    error: AIDesignerError | None = None
    build: Future[Any] | None = None


def selected_params(request: Any, test_name: str, param: str) -> list[Any]:
    """The ``param`` of every selected test called ``test_name`` in the requesting module, in run order."""
    return [item.callspec.params[param] for item in request.session.items
            if getattr(item, "module", None) is request.module and getattr(item, "originalname", "") == test_name]


class RunAhead:
    """``fn(arg)`` for each argument on ``threads`` background threads, started before the tests that check them
    (for whole sessions that plan and build step after step: several run at once, so builds overlap planning)."""

    def __init__(self, fn: Callable[[Any], Any], threads: int) -> None:
        self._fn = fn
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="examples-ahead")
        self._futures: dict[str, Future[Any]] = {}

    def start(self, args: Iterable[tuple[str, Any]]) -> None:
        for key, arg in args:
            if key not in self._futures:
                self._futures[key] = self._pool.submit(self._fn, arg)

    def result(self, key: str, arg: Any) -> Any:
        self.start([(key, arg)])
        return self._futures[key].result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _forms(value: Any, path: str = "") -> set[str]:
    """The categorical fields of an operation (strings and booleans, nested), as ``path=value``."""
    out: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in ("id", "label", "target", "created_by", "name"):
                out |= _forms(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for item in value:
            out |= _forms(item, path)
    elif isinstance(value, (str, bool)):
        out.add(f"{path}={value}")
    return out


class Builds:
    """Which planned steps to build (module docstring): a new operation form, one in eight cases, or all."""

    def __init__(self, everything: bool) -> None:
        self._everything = everything
        self._seen: set[str] = set()

    def wanted(self, case_id: str, plan: CADPlan, expect: dict[str, Any]) -> bool:
        unstated = ("volume" in expect and plan.intent.volume is None) or ("bbox" in expect and plan.intent.bbox is None)
        forms = {op["op"] + ":" + ",".join(sorted(_forms(op))) for op in plan.model_dump()["operations"]}
        new = not forms <= self._seen
        self._seen |= forms
        sampled = hashlib.sha256(case_id.encode()).digest()[0] % 8 == 0
        return self._everything or new or sampled or unstated


class Prefetch:
    """Plans ``cases`` in order on one thread and builds the chosen steps' parts on ``workers`` threads through
    ``executor``."""

    def __init__(self, executor: Any, out: Path, workers: int, builds: Builds) -> None:
        self._executor, self._out, self._builds = executor, out, builds
        self._planner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="examples-plan")
        self._builder = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="examples-build")
        self._cases: dict[str, Future[list[StepOutcome]]] = {}

    def start(self, cases: Iterable[Case]) -> None:
        for case in cases:
            if case.id not in self._cases:
                self._cases[case.id] = self._planner.submit(self._plan_case, case)

    def outcomes(self, case: Case) -> list[StepOutcome]:
        """The case's steps (planned now when the case was not among those started ahead)."""
        self.start([case])
        return self._cases[case.id].result()

    def close(self) -> None:
        self._planner.shutdown(wait=True, cancel_futures=True)
        self._builder.shutdown(wait=True, cancel_futures=True)

    def _plan_case(self, case: Case) -> list[StepOutcome]:
        """What the test's own loop computes: a refused step leaves ``current`` alone; a step that fails to plan
        ends the case (the test reports that error)."""
        current: CADPlan | None = None
        steps: list[StepOutcome] = []
        for n, step in enumerate(case.steps):
            try:
                plan = plan_offline(step.prompt, current)
            except AIDesignerError as exc:
                steps.append(StepOutcome(error=exc))
                if step.reject:
                    continue
                break
            wanted = step.expect and not step.reject and self._builds.wanted(case.id, plan, step.expect)
            build = self._submit(plan, f"{case.id}-{n}") if wanted else None
            steps.append(StepOutcome(plan=plan, build=build))
            current = plan
        return steps

    def _submit(self, plan: CADPlan, name: str) -> Future[Any]:
        from ai_designer.freecad.codegen import compile_plan
        from ai_designer.schemas.execution import JobSpec

        spec = JobSpec(script=compile_plan(plan), out_dir=str(self._out / name), formats=[])
        run: Callable[[Any], Any] = self._executor.run
        return self._builder.submit(run, spec)
