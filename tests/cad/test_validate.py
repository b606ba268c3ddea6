"""The validator's comparison logic: each intent check passes and fails where it should."""

from __future__ import annotations

from ai_designer.cad.validate import expected_hole_count, validate
from ai_designer.schemas.task_graph import Box, CADPlan, GridPattern, Hole, Intent
from ai_designer.schemas.validation import FeatureStatus, GeometryReport


def _plan(**intent: object) -> CADPlan:
    return CADPlan(operations=[Box(id="plate", length=90, width=70, height=8),
                               Hole(id="holes", target="plate", diameter=5.5,
                                    at=GridPattern(count_x=2, count_y=2, spacing_x=78, spacing_y=58))],
                   intent=Intent(**intent))


def _geometry(**over: object) -> GeometryReport:
    base = dict(volume=49640.0, area=14000.0, bbox=(90.0, 70.0, 8.0), bbox_min=(-45.0, -35.0, 0.0),
                bbox_max=(45.0, 35.0, 8.0), solids=1, faces=10, edges=24, valid=True, closed=True,
                cylindrical_faces=4, features=[FeatureStatus(name="Box", label="plate", type="Part::Box", ok=True)])
    base.update(over)
    return GeometryReport(**base)  # type: ignore[arg-type]


def test_all_checks_pass_for_matching_geometry() -> None:
    report = validate(_plan(bbox=(90, 70, 8), volume=49640.0), _geometry())
    assert report.passed
    assert {c.name for c in report.checks} >= {"bbox", "volume", "holes", "solids", "valid_solid", "closed"}


def test_wrong_size_fails_bbox_and_says_which_axis() -> None:
    report = validate(_plan(bbox=(90, 70, 10)), _geometry())
    assert not report.passed
    [bbox] = [c for c in report.checks if c.name == "bbox"]
    assert not bbox.passed and "Z" in bbox.message
    assert "bbox" in report.feedback()


def test_volume_tolerance_is_relative() -> None:
    assert validate(_plan(volume=49640.0 * 1.015), _geometry()).passed
    report = validate(_plan(volume=49640.0 * 1.05), _geometry())
    assert [c.name for c in report.failures] == ["volume"]


def test_failed_feature_invalid_shape_and_missing_holes_are_reported() -> None:
    geometry = _geometry(valid=False, cylindrical_faces=2,
                         features=[FeatureStatus(name="Fillet", label="round", type="Part::Fillet", ok=False,
                                                 state=["Invalid"], message="BRep_API: command not done")])
    report = validate(_plan(), geometry)
    names = {c.name for c in report.failures}
    assert names == {"features_recomputed", "valid_solid", "holes"}
    assert "BRep_API" in report.feedback()


def test_empty_result_and_split_solids_fail() -> None:
    assert not validate(_plan(), _geometry(volume=0.0, solids=0)).passed
    assert {c.name for c in validate(_plan(), _geometry(solids=2)).failures} == {"solids"}


def test_expected_hole_count_expands_patterns() -> None:
    assert expected_hole_count(_plan()) == 4
