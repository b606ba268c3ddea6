"""The analytic bounding boxes of ``cad.extents`` against what FreeCAD measures on the built part."""

from __future__ import annotations

import pytest

from ai_designer.cad.extents import plan_extents
from ai_designer.schemas.task_graph import (
    Boolean,
    Boss,
    Box,
    CADPlan,
    Circle,
    Cone,
    Custom,
    Cylinder,
    Extrude,
    Fillet,
    GridPattern,
    Hole,
    Pattern,
    Placement,
    PolarPattern,
    Prism,
    Rectangle,
    Revolve,
    Shell,
    Slot,
    Sphere,
    SpurGear,
    Torus,
    Transform,
)

CASES = {
    "box_moved": [Box(id="b", length=10, width=20, height=5, placement=Placement(at=(3, 4, 5)))],
    "box_quarter_turn": [Box(id="b", length=10, width=20, height=5, placement=Placement(rotate=(90, 0, 90)))],
    "hemisphere": [Sphere(id="s", diameter=12, hemisphere=True)],
    "cone": [Cone(id="c", bottom_diameter=4, top_diameter=10, height=7)],
    "torus": [Torus(id="t", major_diameter=30, minor_diameter=6)],
    "prism_pentagon": [Prism(id="p", sides=5, diameter=10, height=3)],
    "extrude_widening": [Extrude(id="e", profile=Slot(length=20, width=8), height=4, taper=-10)],
    "revolve": [Revolve(id="r", points=[(2, 1), (9, 1), (9, 6), (2, 6)])],
    "boss_on_front": [Box(id="b", length=30, width=20, height=10),
                      Boss(id="k", target="b", profile=Rectangle(length=8, width=4), height=6, face="front",
                           at=GridPattern(count_x=2, count_y=1, spacing_x=30, spacing_y=0))],
    "plate_with_holes_and_fillet": [Box(id="b", length=60, width=40, height=6),
                                    Hole(id="h", target="b", diameter=5,
                                         at=GridPattern(count_x=2, count_y=2, spacing_x=50, spacing_y=30)),
                                    Fillet(id="f", target="h", radius=3, edges="vertical")],
    "shell": [Cylinder(id="c", diameter=20, height=10), Shell(id="s", target="c", thickness=1, open_faces=["top"])],
    "pattern": [Cylinder(id="c", diameter=4, height=3, placement=Placement(at=(0, 0, 2))),
                Pattern(id="p", source="c", at=PolarPattern(count=6, diameter=30))],
    "union": [Box(id="a", length=10, width=10, height=10),
              Cylinder(id="c", diameter=4, height=30, placement=Placement(at=(5, 5, -10))),
              Boolean(id="u", kind="union", base="a", tools=["c"])],
    "transform": [Box(id="a", length=10, width=6, height=4),
                  Transform(id="t", target="a", placement=Placement(at=(1, 2, 3), rotate=(0, 90, 0)))],
}
INEXACT = {
    "rotated": [Box(id="b", length=10, width=20, height=5, placement=Placement(rotate=(0, 0, 30)))],
    "gear": [SpurGear(id="g", teeth=15, module=2, face_width=5)],
    "intersect": [Box(id="a", length=10, width=10, height=10), Cylinder(id="c", diameter=8, height=20),
                  Boolean(id="i", kind="intersect", base="a", tools=["c"])],
}


@pytest.mark.parametrize("name", list(CASES))
def test_exact_extents_match_the_built_part(build, name: str) -> None:
    plan = CADPlan(operations=CASES[name])
    ext = plan_extents(plan)[plan.result_id]
    assert ext is not None and ext.exact
    result = build(plan)
    assert result.ok, result.error
    assert result.geometry.bbox_min == pytest.approx(ext.lo, abs=1e-4)
    assert result.geometry.bbox_max == pytest.approx(ext.hi, abs=1e-4)


@pytest.mark.parametrize("name", list(INEXACT))
def test_inexact_extents_contain_the_built_part(build, name: str) -> None:
    plan = CADPlan(operations=INEXACT[name])
    ext = plan_extents(plan)[plan.result_id]
    assert ext is not None and not ext.exact
    result = build(plan)
    assert result.ok, result.error
    assert all(ext.lo[k] <= result.geometry.bbox_min[k] + 1e-6 for k in range(3))
    assert all(ext.hi[k] >= result.geometry.bbox_max[k] - 1e-6 for k in range(3))


def test_custom_code_has_unknown_extents() -> None:
    plan = CADPlan(operations=[Custom(id="x", description="?", code="shape = Part.makeBox(1, 1, 1)"),
                               Hole(id="h", target="x", diameter=0.5)])
    assert plan_extents(plan) == {"x": None, "h": None}


def test_overall_size_of_a_flange_plan() -> None:
    plan = CADPlan(operations=[Cylinder(id="disc", diameter=120, height=12),
                               Boss(id="hub", target="disc", profile=Circle(diameter=60), height=20),
                               Hole(id="bore", target="hub", diameter=40)])
    assert plan_extents(plan)["bore"].size == pytest.approx((120, 120, 32))
