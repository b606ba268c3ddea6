"""The parameter library (no FreeCAD: the plan compiler and the intent formulas are plain Python)."""

from __future__ import annotations

import pytest

from ai_designer.parameters import (
    InvalidParameterError,
    UnknownParameterError,
    describe_change,
    list_parameters,
    parse_assignments,
    set_parameters,
)
from ai_designer.plan_text import describe_plan
from ai_designer.planning.planner import plan_offline

PLATE = "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes"
FLANGE = "a flange 120 mm od, 60 mm id, 10 mm thick with 6 holes 8 mm on a 90 mm pcd"


def test_every_params_cell_maps_to_its_plan_field() -> None:
    flange = plan_offline(FLANGE)
    assert [(p.name, p.value, p.unit) for p in list_parameters(flange)] == [
        ("flange_diameter", 120, "mm"), ("flange_height", 10, "mm"), ("bore_diameter", 60, "mm"),
        ("holes_diameter", 8, "mm"), ("holes_pcd", 90, "mm")]
    bigger = set_parameters(flange, {"holes_pcd": 100, "flange_diameter": 140})
    assert bigger.get("holes").at.diameter == 100  # type: ignore[union-attr]
    assert bigger.intent.bbox == (140, 140, 10)
    assert flange.intent.bbox == (120, 120, 10)  # the original plan is untouched


def test_the_intent_follows_the_new_sizes() -> None:
    plate = plan_offline(PLATE)
    edited = set_parameters(plate, {"plate_height": "10 mm"})
    assert edited.intent.bbox == (90, 70, 10) and edited.intent.holes == 4
    assert plate.intent.volume is not None and edited.intent.volume == pytest.approx(plate.intent.volume * 10 / 8)
    assert describe_change(plate, {"plate_height": 10}) == "set plate_height = 10 mm (was 8)"


@pytest.mark.parametrize(("values", "error", "words"), [
    ({}, InvalidParameterError, "no parameter values"),
    ({"plate_lenght": 1}, UnknownParameterError, "this design has: plate_length, plate_width"),
    ({"plate_length": True}, InvalidParameterError, "not a number"),
    ({"plate_length": "nan"}, InvalidParameterError, "not a finite number"),
    ({"plate_width": -1}, InvalidParameterError, "plate_width must be more than 0 mm"),
    ({"holes_diameter": 80}, InvalidParameterError, "does not fit on the 90 x 70 mm top face of plate"),
])
def test_bad_edits_are_typed_errors(values: dict[str, object], error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        set_parameters(plan_offline(PLATE), values)


def test_assignments_from_the_command_line() -> None:
    assert parse_assignments(["plate_length=120", " holes_diameter = 6 mm"]) == {"plate_length": "120",
                                                                                  "holes_diameter": "6 mm"}
    with pytest.raises(InvalidParameterError, match="NAME=VALUE"):
        parse_assignments(["plate_length"])


def test_the_plan_reads_like_a_feature_tree() -> None:
    assert describe_plan(plan_offline(FLANGE)) == [
        "Cylinder Ø120 × 10 mm", "Ø60 mm hole, through", "6 × Ø8 mm holes, through, 6 on a 90 mm circle, first at 0 deg"]
    assert describe_plan(plan_offline("a 40 mm cube with 2 mm fillets")) == ["Box 40 × 40 × 40 mm",
                                                                             "Fillet R2 on all edges"]
