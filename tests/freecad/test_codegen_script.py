"""The compiled script as text: deterministic, readable, inside the sandbox policy, with the documented parameter names.

These tests need no FreeCAD; the flange at the end is also built for real as an end-to-end geometry check.
"""

from __future__ import annotations

import ast
import math

import pytest

from ai_designer.freecad import policy
from ai_designer.freecad.codegen import compile_plan, parameter_names
from ai_designer.schemas.task_graph import (
    ArcPath,
    Boolean,
    Boss,
    Box,
    CADPlan,
    Chamfer,
    Circle,
    Cone,
    Custom,
    Cylinder,
    Extrude,
    Fillet,
    GridPattern,
    Hole,
    LinearPattern,
    Loft,
    LoftSection,
    Mirror,
    Pattern,
    Placement,
    Pocket,
    Points,
    PolarPattern,
    Prism,
    Rectangle,
    Revolve,
    RoundedRectangle,
    Shell,
    Slot,
    Sphere,
    SpurGear,
    Sweep,
    Torus,
    Transform,
    Tube,
)

PI = math.pi


def flange() -> CADPlan:
    return CADPlan(name="flange", operations=[
        Cylinder(id="disc", diameter=120, height=12),
        Boss(id="hub", target="disc", profile=Circle(diameter=60), height=20),
        Hole(id="bore", target="hub", diameter=40),
        Hole(id="bolts", target="bore", diameter=10, at=PolarPattern(count=8, diameter=90)),
        Fillet(id="round", target="bolts", radius=3, edges="concave"),
    ])


def every_op() -> CADPlan:
    """One plan that uses every operation (for policy and readability checks)."""
    return CADPlan(name="everything", description="all ops", assumptions=["units are mm"], operations=[
        Box(id="base", length=80, width=60, height=10, label="Base plate"),
        Cylinder(id="post", diameter=10, height=20, placement=Placement(at=(30, 20, 10))),
        Sphere(id="ball", diameter=8, hemisphere=True, placement=Placement(at=(-30, 20, 10))),
        Cone(id="tip", bottom_diameter=8, top_diameter=2, height=5, placement=Placement(at=(-30, -20, 10))),
        Torus(id="ring", major_diameter=20, minor_diameter=4, inner_diameter=2, placement=Placement(at=(0, 0, 8))),
        Prism(id="nut", sides=6, across_flats=10, height=5, placement=Placement(at=(30, -20, 10))),
        Tube(id="pipe", outer_diameter=12, inner_diameter=8, height=15, placement=Placement(at=(0, 20, 10))),
        Extrude(id="tab", profile=RoundedRectangle(length=20, width=10, radius=2), height=4, taper=5,
                inner=[Slot(length=8, width=3)], placement=Placement(at=(0, -20, 10))),
        Revolve(id="knob", points=[(0, 0), (5, 0), (3, 6), (0, 6)], placement=Placement(at=(15, 0, 10))),
        SpurGear(id="gear", teeth=12, module=1, face_width=3, bore_diameter=3, placement=Placement(at=(-15, 0, 10))),
        Boolean(id="parts", kind="union", base="base",
                tools=["post", "ball", "tip", "nut", "pipe", "tab", "knob"]),
        Hole(id="holes", target="parts", diameter=4, kind="counterbore", cbore_diameter=7, cbore_depth=2,
             at=GridPattern(count_x=2, count_y=2, spacing_x=70, spacing_y=50)),
        Pocket(id="slot", target="holes", profile=Slot(length=20, width=5), depth=3, face="front"),
        Boss(id="lug", target="slot", profile=Circle(diameter=6), height=3, face="right",
             at=LinearPattern(count=2, spacing=20, center=(0, -10))),
        Fillet(id="round", target="lug", radius=1, edges="bottom"),
        Chamfer(id="bevel", target="round", size=0.5, edges="top"),
        Shell(id="hollow", target="base", thickness=2, open_faces=["bottom"]),
        Pattern(id="pins", source="post", at=Points(points=[(0, 0), (5, 5)])),
        Transform(id="moved", target="pins", placement=Placement(at=(0, 0, -5))),
        Custom(id="extra", description="a small cube\nsecond line", code="shape = Part.makeBox(2, 2, 2)"),
        Loft(id="neck", sections=[LoftSection(profile=Circle(diameter=8), z=0),
                                  LoftSection(profile=Rectangle(length=6, width=6), z=5)],
             placement=Placement(at=(20, -20, 10))),
        Sweep(id="hook", profile=Circle(diameter=3), path=ArcPath(radius=10, angle=90),
              placement=Placement(at=(-20, 0, 10))),
        Boolean(id="assembly", kind="union", base="bevel", tools=["hollow", "moved", "extra", "neck", "hook", "ring", "gear"]),
        Mirror(id="bevel2", target="assembly", plane="YZ", keep_original=False),
    ], result="bevel2")


def test_compiling_is_deterministic() -> None:
    assert compile_plan(every_op()) == compile_plan(every_op())


def test_every_op_compiles_to_a_script_inside_the_sandbox_policy() -> None:
    script = compile_plan(every_op())
    policy.check(script)
    ast.parse(script)


def test_one_commented_block_per_operation_named_by_id() -> None:
    plan = every_op()
    script = compile_plan(plan)
    for op in plan.operations:
        assert f"# --- {op.id}: " in script
    assert "# assumption: units are mm" in script
    assert "result = bevel2" in script
    assert "Base plate" in script  # labels carry over to FreeCAD's tree


def test_custom_code_sits_in_a_delimited_block() -> None:
    script = compile_plan(every_op())
    begin = script.index(">>> BEGIN custom code of 'extra'")
    end = script.index("<<< END custom code of 'extra'")
    assert "shape = Part.makeBox(2, 2, 2)" in script[begin:end]
    assert "cad.custom_shape(custom_extra(), 'extra')" in script


def test_parameter_names_follow_op_id_and_field() -> None:
    names = parameter_names(flange())
    assert names == ["disc_diameter", "disc_height", "hub_height", "hub_diameter", "bore_diameter",
                     "bolts_diameter", "bolts_pcd", "round_radius"]
    script = compile_plan(flange())
    for name in names:
        assert f"Params.{name}" in script


@pytest.mark.parametrize("op_id", ["t", "h", "pi", "cos", "doc", "result", "round", "Params"])
def test_ids_that_clash_with_units_or_names_still_work_in_expressions(op_id: str) -> None:
    script = compile_plan(CADPlan(operations=[Box(id=op_id, length=10, width=10, height=10),
                                              Hole(id="hole", target=op_id, diameter=3)]))
    policy.check(script)
    assert f"{op_id}_.Shape.BoundBox" in script
    assert f"{op_id}_.Label = {op_id!r}" in script


def test_a_simple_part_compiles_in_about_a_millisecond() -> None:
    import time

    plan = CADPlan(operations=[Box(id="plate", length=90, width=70, height=8),
                               Hole(id="holes", target="plate", diameter=5.5,
                                    at=GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60))])
    compile_plan(plan)
    t0 = time.perf_counter()
    for _ in range(100):
        compile_plan(plan)
    per_plan = (time.perf_counter() - t0) / 100
    print(f"\ncompile plate + 4 holes: {per_plan * 1e3:.3f} ms")  # a figure, not a timed assert


def test_flange_builds_with_exact_volume(build, solid) -> None:
    r = 3.0
    centroid = (10 - 3 * PI) / (3 * (4 - PI)) * r
    fillet = 2 * PI * (30 + centroid) * (1 - PI / 4) * r * r
    volume = PI * 60 ** 2 * 12 + PI * 30 ** 2 * 20 - PI * 20 ** 2 * 32 - 8 * PI * 25 * 12 + fillet
    result = build(flange())
    solid(result, volume=volume, bbox=(120, 120, 32), bbox_abs=1e-3)
    assert result.geometry.cylindrical_faces >= 8 + 3


def test_the_whole_every_op_plan_builds(build) -> None:
    result = build(every_op())
    assert result.ok, result.error
    assert result.geometry.valid and result.geometry.solids == 1


def test_plan_text_cannot_break_out_of_comments() -> None:
    sneaky = "x\rresult = None\nimport os"
    plan = CADPlan(name=sneaky, description=sneaky, assumptions=[sneaky],
                   operations=[Custom(id="c", description=sneaky, code="shape = Part.makeBox(1, 1, 1)")])
    script = compile_plan(plan)
    policy.check(script)
    assert all(line.lstrip().startswith("#") for line in script.splitlines() if "result = None" in line)


def test_ids_that_are_freecad_unit_names_still_build(build, solid) -> None:
    """``bar`` is a pressure unit in FreeCAD expressions; the generator renames the object, the plan keeps its id."""
    from ai_designer.schemas.task_graph import Box, CADPlan, Hole

    plan = CADPlan(operations=[Box(id="bar", length=100, width=20, height=10),
                               Hole(id="lbf", target="bar", diameter=6)])
    solid(build(plan), volume=100 * 20 * 10 - 3.141592653589793 * 9 * 10, bbox=(100, 20, 10))
