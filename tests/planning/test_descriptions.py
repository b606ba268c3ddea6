"""Descriptive sentences: consumed, their words listed under ``ignored`` with why, never built from or guessed from.

The geometry cases live in ``examples/prompts/descriptions.yaml`` (built in FreeCAD); these check what the plan
reports and how it refuses."""

from __future__ import annotations

import pytest

from ai_designer.core.errors import RejectedError
from ai_designer.planning import plan_offline

NAME = "names the part; the geometry comes from the other sentences"


def _why(prompt: str) -> dict[str, str]:
    return dict(i.split(": ", 1) for i in plan_offline(prompt).ignored)


def test_the_name_and_the_use_are_listed_with_why() -> None:
    why = _why("This is a clamp jaw for a bench fixture. Make a 90 x 30 x 35 block.")
    assert why["jaw"] == NAME and why["clamp"] == NAME
    assert why["bench"].startswith("says what the part is for")


def test_a_remark_is_listed_and_changes_nothing() -> None:
    plan = plan_offline("Make a 40 mm cube. It needs to be waterproof.")
    assert plan.intent.bbox == (40.0, 40.0, 40.0)
    assert "waterproof: a remark about the part, not its shape" in plan.ignored


def test_a_part_the_planner_does_not_model_may_name_a_housing_for_it() -> None:
    why = _why("This is a small bearing housing block. Make a 60 x 60 x 25 block.")
    assert why["bearing"] == NAME and why["housing"] == NAME


@pytest.mark.parametrize("prompt, words", [
    ("This is a clamp jaw for my bench vise.", ["clamp jaw", "no sentence gives its shape"]),
    ("This is a wedge for my door. Make a 40 x 20 x 10 block.", ["'wedge'", "given only by its name"]),
    ("It's a knurled knob. Make a 30 mm cylinder 15 mm tall.", ["'knurled'"]),
    ("This is a tube. Make a 40 mm cylinder 50 mm tall.", ["'tube'", "hollow"]),
    ("This is a gear. Make a 40 mm disc 5 mm thick.", ["'gear'", "teeth"]),
    ("This is an impeller. Make a 40 mm disc 5 mm thick.", ["'impeller'"]),
    ("Make a 40 mm cube. I need a widget.", ["'widget'"]),
])
def test_a_description_that_may_hide_geometry_is_refused_saying_why(prompt: str, words: list[str]) -> None:
    with pytest.raises(RejectedError) as info:
        plan_offline(prompt)
    assert all(w in info.value.message for w in words), info.value.message


@pytest.mark.parametrize("prompt", [
    "This is a plate, 5 mm thick, for my shelf.",
    "This is a knob for a 6 mm shaft. Make a 30 mm cylinder 15 mm tall.",
    "This is a round knob for my radio. Make a 40 mm cube.",
    "This is a knob with no holes. Make a 30 mm cylinder 15 mm tall.",
    "This is a hinge plate. Make an 80 x 30 x 4 plate.",
])
def test_geometry_in_a_chatty_sentence_is_never_ignored(prompt: str) -> None:
    with pytest.raises(RejectedError):
        plan_offline(prompt)
