"""Edits as users type them after seeing a part (``examples/prompts/edits/phrasings.yaml``): each step is planned
against the one before, built in real FreeCAD, and checked against geometry written from the words — volume, bbox,
and hole positions by probe cuts (``edit_checks.py``). Words with no geometric meaning are refused or listed under
``ignored``, never applied as a change of shape.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from edit_checks import load_sessions, score_session, score_step
from example_prefetch import RunAhead, selected_params

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import plan_offline
from ai_designer.schemas.task_graph import CADPlan, GridPattern, PolarPattern

SESSIONS = load_sessions()
PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes, 6 mm from both edges"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory):
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.executor import get_executor
    from ai_designer.schemas.execution import JobSpec

    executor = get_executor()
    out = tmp_path_factory.mktemp("edit-builds")

    def _build(plan: CADPlan, name: str):
        result = executor.run(JobSpec(script=compile_plan(plan), out_dir=str(out / name), formats=[]))
        assert result.ok, f"build failed: {result.error}"
        assert result.geometry is not None
        return result.geometry

    return _build


@pytest.fixture(scope="module")
def sessions(request: pytest.FixtureRequest, build) -> Iterator[RunAhead]:
    """Scores the selected sessions ahead, one more at a time than the pool has workers, so that their builds
    overlap each other and the planning of the next steps (each session is still scored whole, step by step)."""
    from ai_designer.freecad.executor import get_executor

    plan_offline(PLATE)  # the parser is built once here, not by every thread at once
    ahead = RunAhead(lambda case: score_session(case, build), getattr(get_executor(), "size", 1) + 1)
    ahead.start((case["id"], case) for case in selected_params(request, "test_edit_phrasing", "case"))
    yield ahead
    ahead.close()


@pytest.mark.parametrize("case", SESSIONS, ids=[c["id"] for c in SESSIONS])
def test_edit_phrasing(case: dict, sessions: RunAhead) -> None:
    still_open = {s["prompt"] for s in case["session"] if s.get("open")}
    for case_id, prompt, outcome, detail in sessions.result(case["id"], case):
        if prompt in still_open and outcome == "refused":
            continue  # a known gap: refused with a message is acceptable, a wrong part is not
        assert outcome == "right", f"{case_id}: {prompt!r} -> {outcome}: {detail}"


def test_probe_catches_holes_in_the_wrong_place(build) -> None:
    """The probe is not vacuous: holes left 6 mm from the edges fail a probe 8 mm from the edges."""
    step = {"prompt": "make the holes 8 mm", "expect": {
        "probe": {"d": 5.5, "at": [[37, 27], [-37, 27], [37, -27], [-37, -27]]}}}
    outcome, detail, _ = score_step(step, plan_offline(PLATE), build, "probe-negative")
    assert outcome == "wrong" and "probe" in detail


def _holes_at(plan: CADPlan):
    return next(op.at for op in plan.operations if op.id == "holes")


def test_further_from_the_long_edges_moves_one_axis() -> None:
    at = _holes_at(plan_offline("move the holes 2 mm further from the long edges", plan_offline(PLATE)))
    assert isinstance(at, GridPattern) and (at.spacing_x, at.spacing_y) == (78, 54)


@pytest.mark.parametrize("prompt", [
    "make the holes 2 mm further",  # further from what
    "make the holes 50 mm further from the edge",  # past each other
    "move the holes 10 mm closer to the edges",  # off the plate
    "make the pocket 12 mm",  # which size of a pocket
])
def test_edits_without_one_reading_are_refused(prompt: str) -> None:
    base = plan_offline(PLATE) if "pocket" not in prompt else \
        plan_offline("a 100 x 60 x 10 plate with a 30 x 20 pocket 5 mm deep")
    with pytest.raises(AIDesignerError):
        plan_offline(prompt, base)


def test_bolt_circle_count_keeps_equal_spacing() -> None:
    flange = plan_offline("a flange 120 mm OD, 15 mm thick, 50 mm bore, with six 12 mm bolt holes on a 95 mm PCD")
    plan = plan_offline("use 8 bolt holes instead of 6", flange)
    at = _holes_at(plan)
    assert isinstance(at, PolarPattern) and at.count == 8 and at.diameter == 95
    with pytest.raises(AIDesignerError, match="'5'"):
        plan_offline("use 8 bolt holes instead of 5", flange)  # the design has 6: the old count must match


@pytest.mark.parametrize("prompt", [
    "a plate 100 x 50 x 5 with four 6 mm holes closer to the centre",
    "a 100 x 60 x 8 plate with two more 5 mm holes",
    "a 100 x 50 x 5 plate rotated 90 degrees",
    "a 50 mm cube with an additional 6 mm hole in the top",
])
def test_edit_only_words_refuse_a_new_design(prompt: str) -> None:
    """"closer", "more", "rotated" … are read only by an edit; in a description they must not be dropped."""
    with pytest.raises(AIDesignerError, match="did not understand"):
        plan_offline(prompt)


@pytest.mark.parametrize(("prompt", "legs"), [
    ("make the upright leg 50 mm long", (60, 50)),
    ("make the base leg 80 mm long", (80, 40)),
    ("make both legs 10 mm longer", (70, 50)),
    ("make the legs 50 mm long", (50, 50)),
])
def test_bracket_legs_are_named(prompt: str, legs: tuple[float, float]) -> None:
    bracket = plan_offline("an L-bracket 60 x 40 x 30 mm, 5 mm thick")
    plan = plan_offline(prompt, bracket)
    assert plan.intent.bbox is not None
    assert (plan.intent.bbox[0], plan.intent.bbox[2]) == pytest.approx(legs)


def test_bracket_leg_without_which_is_refused() -> None:
    with pytest.raises(AIDesignerError, match="which leg"):
        plan_offline("make the leg 50 mm long", plan_offline("an L-bracket 60 x 40 x 30 mm, 5 mm thick"))


def test_a_count_that_names_the_features_is_not_a_new_count() -> None:
    plan = plan_offline("make the 4 holes 8 mm", plan_offline(PLATE))
    at = _holes_at(plan)
    assert isinstance(at, GridPattern) and at.count_x * at.count_y == 4
    assert next(op for op in plan.operations if op.id == "holes").diameter == 8  # type: ignore[union-attr]


@pytest.mark.parametrize("prompt", [
    "make the left holes 8 mm",
    "make one hole 8 mm",
    "make the two right holes 8 mm",
    "make the holes 8 mm on the left side only",
    "make the front holes 2 mm further from the edge",
    "make the holes 6 mm deep from the bottom",
    "make the hole square, 10 mm",
])
def test_some_of_a_pattern_or_its_shape_is_refused(prompt: str) -> None:
    """These used to change every hole's diameter (or ignore "square"): a subset, another face or a new shape is
    not something a size edit can do."""
    with pytest.raises(AIDesignerError):
        plan_offline(prompt, plan_offline(PLATE))


def test_an_edit_that_only_names_a_material_says_so() -> None:
    with pytest.raises(AIDesignerError, match="'aluminium' names a material"):
        plan_offline("make it out of aluminium", plan_offline(PLATE))
