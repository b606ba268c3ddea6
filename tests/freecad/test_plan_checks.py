"""Plan checks before FreeCAD: each mistake a model makes is refused with a message naming it and saying what to do."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ai_designer.core.errors import PlanError
from ai_designer.freecad.codegen import compile_plan
from ai_designer.freecad.plan_checks import check_plan
from ai_designer.schemas.task_graph import (
    Box,
    CADPlan,
    Chamfer,
    Circle,
    Custom,
    Extrude,
    Fillet,
    Hole,
    Loft,
    LoftSection,
    Outline,
    Pocket,
    Points,
)

PLATE = Box(id="plate", length=60, width=40, height=8)


def test_an_unused_operation_is_named() -> None:
    plan = CADPlan(operations=[PLATE, Hole(id="holes", target="plate", diameter=5),
                               Fillet(id="round", target="plate", radius=2, edges="vertical")])
    with pytest.raises(PlanError, match="'holes' \\(hole\\) is not used by the result 'round'.*target 'holes'"):
        check_plan(plan)


def test_every_problem_is_listed_at_once() -> None:
    plan = CADPlan(operations=[PLATE, Box(id="spare", length=1, width=1, height=1),
                               Fillet(id="round", target="plate", radius=30, edges="vertical")])
    with pytest.raises(PlanError) as err:
        check_plan(plan)
    assert "'spare'" in str(err.value) and "radius 30 mm is too big" in str(err.value)


def test_a_missing_target_lists_the_ids_there_are() -> None:
    with pytest.raises(ValidationError, match="refers to 'plat'.*ids defined before it: plate"):
        CADPlan(operations=[PLATE, Hole(id="h", target="plat", diameter=5)])


@pytest.mark.parametrize(("op", "message"), [
    (Fillet(id="f", target="plate", radius=25, edges="vertical"), "40 mm wide.*Use less than 20 mm.*full round"),
    (Fillet(id="f", target="plate", radius=8, edges="top"), "only 8 mm thick.*Use less than 8 mm"),
    (Chamfer(id="c", target="plate", size=4, edges="all"), "smallest side is 8 mm.*Use less than 4 mm"),
])
def test_radii_that_reach_half_a_side_are_refused(op: object, message: str) -> None:
    with pytest.raises(PlanError, match=message):
        check_plan(CADPlan(operations=[PLATE, op]))


def test_a_full_round_is_compiled_not_refused() -> None:
    script = compile_plan(CADPlan(operations=[PLATE, Fillet(id="f", target="plate", radius=20, edges="vertical")]))
    assert "cad.full_round(plate.Shape, 20, 'f')" in script


def test_outline_only_in_pockets_and_bosses_and_centred() -> None:
    with pytest.raises(PlanError, match="only for pocket and boss"):
        check_plan(CADPlan(operations=[Extrude(id="e", profile=Outline(), height=3)]))
    off_centre = Pocket(id="p", target="plate", profile=Outline(offset=-2), depth=2, at=Points(points=[(5, 0)]))
    with pytest.raises(PlanError, match="always centred"):
        check_plan(CADPlan(operations=[PLATE, off_centre]))


def test_custom_code_cannot_read_an_input_named_os() -> None:
    plan = CADPlan(operations=[Box(id="os", length=1, width=1, height=1),
                               Custom(id="c", description="copy", code="shape = os", inputs=["os"])])
    with pytest.raises(PlanError, match="inputs named \\['os'\\]"):
        check_plan(plan)


def test_loft_sections_must_rise() -> None:
    with pytest.raises(ValidationError, match="must increase"):
        Loft(id="l", sections=[LoftSection(profile=Circle(diameter=5), z=10), LoftSection(profile=Circle(diameter=4), z=0)])


def test_hole_off_the_face_says_where_the_face_is() -> None:
    plan = CADPlan(operations=[PLATE, Hole(id="h", target="plate", diameter=5, at=Points(points=[(50, 0)]))])
    with pytest.raises(PlanError, match="outside the top face of 'plate', which spans u = ±30 and v = ±20"):
        compile_plan(plan)
