"""The engine end to end with real FreeCAD: events, validation failures, cancellation, formats."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ai_designer.core.errors import PlanError
from ai_designer.designer import Designer, ProgressEvent, parse_formats
from ai_designer.schemas.design_state import DesignStatus
from ai_designer.schemas.task_graph import Box, CADPlan, Cylinder, Fillet, Hole, Intent, Points


def test_events_follow_the_pipeline_and_files_are_published(tmp_path: Path) -> None:
    events: list[ProgressEvent] = []
    result = Designer().design("a 40 mm cube", out_dir=tmp_path, formats="step,stl", on_event=events.append)
    assert result.status is DesignStatus.succeeded, result.error
    seen = [e.status for e in events]
    for earlier, later in [("queued", "planning"), ("planning", "generating"), ("generating", "executing"),
                           ("executing", "validating"), ("validating", "succeeded")]:
        assert seen.index(DesignStatus(earlier)) < seen.index(DesignStatus(later))
    assert events[-1].data["result"]["status"] == "succeeded"
    assert sorted(result.files) == ["step", "stl"]
    assert not list(tmp_path.glob(".work-*")), "the work directory is cleaned up"
    assert result.geometry is not None and result.geometry.volume == pytest.approx(64000, rel=1e-9)


def test_fillet_too_large_is_reported_not_passed(tmp_path: Path) -> None:
    plan = CADPlan(operations=[Box(id="block", length=20, width=20, height=5),
                               Fillet(id="round", target="block", radius=4, edges="all")],
                   intent=Intent(bbox=(20, 20, 5)))
    result = Designer().design("", plan=plan, out_dir=tmp_path)
    # the plan checks refuse it before FreeCAD runs (a 4 mm fillet on a 5 mm thick block), naming the feature
    assert result.status is DesignStatus.rejected
    assert result.error is not None and "round" in result.error["message"]
    # nothing is written for it (the test's AI_DESIGNER_HOME is tmp_path/home: the preview renderer may start there)
    assert result.files == {} and not [p for p in tmp_path.iterdir() if p.name != "home"]


def test_hole_that_misses_the_part_is_refused_with_a_reason(tmp_path: Path) -> None:
    plan = CADPlan(operations=[Cylinder(id="disc", diameter=20, height=5),
                               Hole(id="hole", target="disc", diameter=4, at=Points(points=[(30.0, 0.0)]))],
                   intent=Intent(bbox=(20, 20, 5)))
    result = Designer().design("", plan=plan, out_dir=tmp_path)
    # the generator refuses it before FreeCAD runs: an impossible plan is rejected, with where the hole may go
    assert result.status is DesignStatus.rejected and result.files == {}
    assert result.error is not None and "lies outside the top face" in result.error["message"]


def test_cancel_before_start_ends_cancelled(tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    result = Designer().design("a 40 mm cube", out_dir=tmp_path, cancel=cancel)
    assert result.status is DesignStatus.cancelled


def test_empty_and_oversized_prompts_are_rejected(tmp_path: Path) -> None:
    d = Designer()
    assert d.design("   ", out_dir=tmp_path).status is DesignStatus.rejected
    huge = d.design("box " * 5000, out_dir=tmp_path)
    assert huge.status is DesignStatus.rejected and "MAX_PROMPT_CHARS" in huge.error["message"]  # type: ignore[index]


def test_parse_formats() -> None:
    assert parse_formats("STEP, stl,stp") == ["step", "stl"]
    assert parse_formats(None) == ["fcstd", "step", "stl", "png"]
    with pytest.raises(PlanError):
        parse_formats("dwg")
