"""Score edit sessions (``examples/prompts/edits/phrasings.yaml``): each step is planned as an edit of the step
before, built in real FreeCAD, and compared with geometry written from the words.

Besides volume and bbox a step may name a ``probe``: cylinders of diameter ``d`` through the whole part at ``[x, y]``
points. They are cut from the built part and must remove nothing — the only way volume/bbox can tell that holes
moved to where the words put them. ``ignored`` lists words the plan must report under ``ignored``.
Used by ``tests/planning/test_edit_phrasings.py`` and ``benchmarks/edit_score.py`` (before/after counts).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from planner_examples import ROOT, formula

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import plan_offline
from ai_designer.schemas.task_graph import Boolean, CADPlan, Cylinder, Placement

PHRASINGS = ROOT / "edits" / "phrasings.yaml"
PROBE_REL = 2e-4  # a probe at a hole's centre removes nothing; one 0.5 mm off removes far more than this

Build = Callable[[CADPlan, str], Any]


def load_sessions(path: Path = PHRASINGS) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["cases"])


def probe_plan(plan: CADPlan, probe: dict[str, Any], height: float) -> CADPlan:
    """The plan with probe cylinders (slightly thinner than the hole) cut through the whole part."""
    ops = list(plan.operations)
    base = plan.result or ops[-1].id
    tools = []
    for n, (x, y) in enumerate(probe["at"]):
        cyl = Cylinder(id=f"probe{n}", diameter=float(probe["d"]) * 0.98, height=height + 2,
                       placement=Placement(at=(float(x), float(y), -1.0)))
        ops.append(cyl)
        tools.append(cyl.id)
    ops.append(Boolean(id="probed", kind="cut", base=base, tools=tools))
    return plan.model_copy(update={"operations": ops, "result": "probed"})


def _mismatch(geometry: Any, expect: dict[str, Any], plan: CADPlan) -> str | None:
    tol = float(expect.get("volume_tol", 0.02))
    want_bbox = [formula(v) for v in expect.get("bbox", [])]
    if want_bbox and any(abs(g - w) > 0.5 for g, w in zip(geometry.bbox, want_bbox, strict=True)):
        return f"bbox {[round(v, 2) for v in geometry.bbox]} != {want_bbox}"
    if "volume" in expect:
        want = formula(expect["volume"])
        if abs(geometry.volume - want) > tol * want:
            return f"volume {geometry.volume:.1f} != {want:.1f}"
    if geometry.solids != 1 or not geometry.valid:
        return f"{geometry.solids} solid(s), valid={geometry.valid}"
    if plan.intent.volume is not None and \
            abs(geometry.volume - plan.intent.volume) > plan.intent.volume_tolerance * plan.intent.volume:
        return f"built volume {geometry.volume:.1f} is not the plan's intent {plan.intent.volume:.1f}"
    if "holes" in expect and plan.intent.holes != expect["holes"]:
        return f"intent holes {plan.intent.holes} != {expect['holes']}"
    missing = [w for w in expect.get("ignored", []) if not any(i.startswith(w) for i in plan.ignored)]
    if missing:
        return f"not reported under ignored: {missing} (ignored={plan.ignored})"
    return None


def _probe(plan: CADPlan, probe: dict[str, Any], geometry: Any, build: Build, name: str) -> str | None:
    """``None`` when the probes remove nothing (the executor refuses a cut that removes no material: that too)."""
    try:
        probed = build(probe_plan(plan, probe, geometry.bbox[2]), name + "-probe")
    except AssertionError as exc:
        return None if "removes no material" in str(exc) else f"probe build failed: {exc}"
    removed = geometry.volume - probed.volume
    if abs(removed) > PROBE_REL * geometry.volume:
        return f"holes are not at {probe['at']} (a probe there removed {removed:.1f} mm³)"
    return None


def score_step(step: dict[str, Any], current: CADPlan | None, build: Build, name: str) -> tuple[str, str, Any]:
    """(outcome, detail, plan): outcome is right / refused / wrong / failed, as in ``benchmarks/blind_score.py``."""
    try:
        plan = plan_offline(step["prompt"], current)
    except AIDesignerError as exc:
        if step.get("reject") == exc.code:
            return "right", f"refused: {exc.details.get('problem', exc.message)}", None
        return "refused", exc.message, None
    if step.get("reject"):
        return "wrong", "built a part where the words must be refused: " + "; ".join(plan.summary()), plan
    expect = step.get("expect") or {}
    try:
        geometry = build(plan, name)
    except AssertionError as exc:
        return "failed", str(exc), plan
    why = _mismatch(geometry, expect, plan)
    if why is None and "probe" in expect:
        why = _probe(plan, expect["probe"], geometry, build, name)
    return ("wrong", why + "\n" + "\n".join(plan.summary()), plan) if why else ("right", "", plan)


def score_session(case: dict[str, Any], build: Build) -> list[tuple[str, str, str, str]]:
    """One row per edit step (the first step is the base part): (id, prompt, outcome, detail)."""
    rows = []
    steps = case["session"]
    base = plan_offline(steps[0]["prompt"])
    current: CADPlan | None = base
    for n, step in enumerate(steps[1:], start=1):
        outcome, detail, plan = score_step(step, current, build, f"{case['id']}-{n}")
        rows.append((case["id"], step["prompt"], outcome, detail))
        if plan is None or outcome != "right":
            break
        current = plan
    return rows
