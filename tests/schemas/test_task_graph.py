"""The CAD plan refuses bad parameters with messages that say what to change."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from ai_designer.schemas.task_graph import (
    Box,
    CADPlan,
    Cone,
    GridPattern,
    Hole,
    LinearPattern,
    PolarPattern,
    RoundedRectangle,
    SpurGear,
    Tube,
)


@pytest.mark.parametrize(("make", "message"), [
    (lambda: Box(id="b", length=-5, width=1, height=1), "greater than 0"),
    (lambda: Tube(id="tube", outer_diameter=10, inner_diameter=12, height=5), "must be smaller than the outer"),
    (lambda: Cone(id="cone", bottom_diameter=10, top_diameter=10, height=5), "use op 'cylinder'"),
    (lambda: RoundedRectangle(length=10, width=6, radius=4), "use at most 3 mm"),
    (lambda: Hole(id="hole", target="b", diameter=5, kind="counterbore"), "needs cbore_diameter"),
    (lambda: SpurGear(id="gear", teeth=20, module=1, face_width=5, bore_diameter=30), "smaller than the root"),
    (lambda: Box(id="2b", length=1, width=1, height=1), "short identifier"),
])
def test_bad_parameters_are_refused_with_a_reason(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match=message):
        make()


def test_graph_references_must_point_backwards() -> None:
    with pytest.raises(ValidationError, match="not an earlier operation"):
        CADPlan(operations=[Hole(id="hole", target="plate", diameter=5), Box(id="plate", length=1, width=1, height=1)])
    with pytest.raises(ValidationError, match="duplicate operation id"):
        CADPlan(operations=[Box(id="a", length=1, width=1, height=1), Box(id="a", length=2, width=1, height=1)])


def test_patterns_resolve_to_points() -> None:
    assert GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60).resolve() == [
        (-40, -30), (40, -30), (-40, 30), (40, 30)]
    assert LinearPattern(count=3, spacing=10).resolve() == [(-10, 0), (0, 0), (10, 0)]
    polar = PolarPattern(count=4, diameter=20).resolve()
    assert polar[1] == pytest.approx((0, 10), abs=1e-9) and len(polar) == 4
    arc = PolarPattern(count=3, diameter=20, sweep=90).resolve()  # an arc: both ends included
    assert arc[-1] == pytest.approx((0, 10), abs=1e-9)
    assert all(math.hypot(x, y) == pytest.approx(10) for x, y in polar)


def test_plan_round_trips_through_json() -> None:
    plan = CADPlan(operations=[Box(id="plate", length=90, width=70, height=8),
                               Hole(id="holes", target="plate", diameter=5.5,
                                    at=GridPattern(count_x=2, count_y=2, spacing_x=78, spacing_y=58))])
    assert CADPlan.model_validate_json(plan.model_dump_json()) == plan
    assert plan.result_id == "holes"
    assert plan.summary()[1] == "holes: hole(target=plate, diameter=5.5, at=2 x 2 grid, 78 x 58 mm pitch)"
