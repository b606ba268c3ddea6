"""Pattern, boolean, transform and custom operations, and the failures the generated script must not hide."""

from __future__ import annotations

import math

import pytest

from ai_designer.core.errors import PlanError
from ai_designer.freecad.codegen import compile_plan
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Custom,
    Cylinder,
    Fillet,
    GridPattern,
    Hole,
    LinearPattern,
    Pattern,
    Placement,
    Points,
    PolarPattern,
    Shell,
    Transform,
)

PI = math.pi


def plan(*ops: object, **kw: object) -> CADPlan:
    return CADPlan(name="t", operations=list(ops), **kw)


def test_pattern_of_disjoint_copies_keeps_each_solid(build, solid) -> None:
    at = GridPattern(count_x=3, count_y=2, spacing_x=10, spacing_y=10)
    solid(build(plan(Cylinder(id="c", diameter=5, height=5), Pattern(id="p", source="c", at=at))),
          volume=6 * PI * 6.25 * 5, solids=6, bbox=(25, 15, 5), bbox_min=(-12.5, -7.5, 0))


def test_pattern_of_overlapping_copies_fuses_into_one(build, solid) -> None:
    at = LinearPattern(count=3, spacing=5)
    solid(build(plan(Box(id="b", length=10, width=4, height=2), Pattern(id="p", source="b", at=at))),
          volume=20 * 4 * 2, bbox=(20, 4, 2), faces=6)


def test_pattern_keeps_the_source_placement(build, solid) -> None:
    src = Box(id="b", length=2, width=2, height=2, placement=Placement(at=(0, 0, 5)))
    solid(build(plan(src, Pattern(id="p", source="b", at=Points(points=[(10, 0), (-10, 0)])))),
          volume=16, solids=2, bbox=(22, 2, 2), bbox_min=(-11, -1, 5))


def test_polar_pattern_turns_copies(build, solid) -> None:
    # a 10 x 2 bar on +X, copied 4 times around Z and turned: a cross of bars pointing outwards
    src = Box(id="bar", length=10, width=2, height=2, placement=Placement(at=(10, 0, 0)))
    at = PolarPattern(count=4, diameter=0)
    solid(build(plan(src, Pattern(id="p", source="bar", at=at, rotate_copies=True))), volume=4 * 40, solids=4,
          bbox=(30, 30, 2))


@pytest.mark.parametrize(("kind", "volume"), [
    ("union", 1000 + PI * 6.25 * 10),
    ("cut", 1000 - PI * 6.25 * 10),
    ("intersect", PI * 6.25 * 10),
])
def test_booleans(build, solid, kind: str, volume: float) -> None:
    ops = [Box(id="a", length=10, width=10, height=10),
           Cylinder(id="c", diameter=5, height=20, placement=Placement(at=(0, 0, -5))),
           Boolean(id="u", kind=kind, base="a", tools=["c"])]
    solid(build(plan(*ops)), volume=volume, com=(0, 0, 5) if kind != "union" else None)


def test_cut_with_two_tools(build, solid) -> None:
    ops = [Box(id="a", length=30, width=10, height=10),
           Cylinder(id="c1", diameter=4, height=10, placement=Placement(at=(-8, 0, 0))),
           Cylinder(id="c2", diameter=4, height=10, placement=Placement(at=(8, 0, 0))),
           Boolean(id="u", kind="cut", base="a", tools=["c1", "c2"])]
    solid(build(plan(*ops)), volume=3000 - 2 * PI * 4 * 10, faces=8)


def test_transform_moves_and_turns(build, solid) -> None:
    ops = [Box(id="a", length=10, width=10, height=10),
           Transform(id="t", target="a", placement=Placement(at=(5, 0, 1), rotate=(0, 0, 45)))]
    d = 10 * math.sqrt(2)
    solid(build(plan(*ops)), volume=1000, bbox=(d, d, 10), bbox_min=(5 - d / 2, -d / 2, 1))


def test_feature_on_a_transformed_body_uses_its_new_faces(build, solid) -> None:
    ops = [Box(id="a", length=10, width=10, height=10),
           Transform(id="t", target="a", placement=Placement(rotate=(90, 0, 0))),
           Hole(id="h", target="t", diameter=4, depth=5, face="top")]
    solid(build(plan(*ops)), volume=1000 - PI * 4 * 5, faces=8, bbox_min=(-5, -10, -5))


def test_custom_code_builds_a_feature(build, solid) -> None:
    code = "r = 3\nshape = a.cut(Part.makeSphere(r, Vector(0, 0, 10)))\n"
    ops = [Box(id="a", length=10, width=10, height=10),
           Custom(id="x", description="a spherical dimple", code=code, inputs=["a"])]
    solid(build(plan(*ops)), volume=1000 - 2 / 3 * PI * 27, bbox=(10, 10, 10), bbox_min=(-5, -5, 0))


def test_custom_code_without_inputs(build, solid) -> None:
    solid(build(plan(Custom(id="x", description="a cube", code="shape = Part.makeBox(3, 3, 3)"))), volume=27)


def test_custom_code_that_never_sets_shape_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="shape"):
        compile_plan(plan(Custom(id="x", description="nothing", code="r = 3")))


def test_custom_code_that_does_not_parse_is_a_plan_error() -> None:
    with pytest.raises(PlanError, match="not valid Python"):
        compile_plan(plan(Custom(id="x", description="broken", code="shape = (")))


def test_custom_code_returning_no_solid_fails_clearly(build) -> None:
    result = build(plan(Custom(id="x", description="a wire", code="shape = Part.makeCircle(3)")))
    assert not result.ok
    assert result.error["code"] == "feature_failed"
    assert "produced no solid" in result.error["message"]


def test_custom_code_import_os_is_refused_before_it_is_compiled() -> None:
    """Custom code meets the (stricter) policy when the plan is compiled, with a message a model can act on."""
    with pytest.raises(PlanError, match="refused `import os`"):
        compile_plan(plan(Custom(id="x", description="evil", code="import os\nshape = Part.makeBox(1, 1, 1)")))


# --- failures that FreeCAD reports silently ------------------------------------------------------------------------

def test_oversized_fillet_is_a_failed_feature(build) -> None:
    """Where the generator cannot tell in advance (a round part), FreeCAD's failure is reported with a hint."""
    ops = [Cylinder(id="c", diameter=20, height=4), Fillet(id="round", target="c", radius=5, edges="top")]
    result = build(plan(*ops))
    assert not result.ok
    assert result.error["code"] == "feature_failed"
    assert "round" in result.error["message"] and "smaller radius" in result.error["message"]


def test_oversized_fillet_on_a_block_is_refused_before_freecad() -> None:
    ops = [Box(id="b", length=20, width=20, height=4), Fillet(id="round", target="b", radius=5, edges="top")]
    with pytest.raises(PlanError, match="only 4 mm thick, so it would eat the whole side face. Use less than 4 mm"):
        compile_plan(plan(*ops))


def test_oversized_chamfer_is_refused_before_freecad() -> None:
    ops = [Box(id="b", length=20, width=20, height=4), Chamfer(id="bevel", target="b", size=12, edges="vertical")]
    with pytest.raises(PlanError, match="20 mm wide, so the rounds on opposite edges would meet. Use less than 10 mm"):
        compile_plan(plan(*ops))


def test_fillet_with_no_matching_edges_says_so(build) -> None:
    result = build(plan(Box(id="b", length=20, width=20, height=4), Fillet(id="f", target="b", radius=1,
                                                                            edges="concave")))
    assert not result.ok and result.error["code"] == "feature_failed"
    assert "no edges match 'concave'" in result.error["message"]


def _custom_box(size: float) -> Custom:
    """A box the generator cannot size at compile time, so only the built geometry can tell."""
    return Custom(id="b", description="a box", code=f"shape = Part.makeBox({size}, {size}, {size}, "
                                                    f"Vector({-size / 2}, {-size / 2}, 0))")


def test_hole_that_misses_the_part_is_refused_at_compile_time() -> None:
    ops = [Box(id="b", length=10, width=10, height=10),
           Hole(id="h", target="b", diameter=3, at=Points(points=[(20, 0)]))]
    with pytest.raises(PlanError, match=r"instance 1 of 1 at \(20, 0\) lies outside the top face of 'b'"):
        compile_plan(plan(*ops))


def test_hole_that_misses_the_part_is_reported_after_the_build(build) -> None:
    result = build(plan(_custom_box(10), Hole(id="h", target="b", diameter=3, at=Points(points=[(20, 0)]))))
    assert not result.ok and result.error["code"] == "feature_failed"
    assert "outside the part" in result.error["message"] and "removes no material" in result.error["message"]


def test_one_hole_of_a_pattern_missing_is_reported(build) -> None:
    result = build(plan(_custom_box(10), Hole(id="h", target="b", diameter=2, at=Points(points=[(0, 0), (30, 0)]))))
    assert not result.ok and "instance 2 of 2 lies outside the part" in result.error["message"]


def test_pocket_outside_the_face_is_refused_at_compile_time() -> None:
    from ai_designer.schemas.task_graph import Pocket, Rectangle

    ops = [Box(id="b", length=10, width=10, height=10),
           Pocket(id="p", target="b", profile=Rectangle(length=4, width=4), face="left", at=Points(points=[(0, 8)]))]
    with pytest.raises(PlanError, match="outside the left face"):
        compile_plan(plan(*ops))


def test_shell_thicker_than_the_part_is_refused_at_compile_time() -> None:
    ops = [Box(id="b", length=10, width=10, height=10), Shell(id="s", target="b", thickness=6, open_faces=["top"])]
    with pytest.raises(PlanError, match="walls thinner than 5 mm"):
        compile_plan(plan(*ops))


def test_shell_thicker_than_the_part(build) -> None:
    result = build(plan(_custom_box(10), Shell(id="s", target="b", thickness=6, open_faces=["top"])))
    assert not result.ok and result.error["code"] == "feature_failed"
    assert "thinner wall" in result.error["message"]


def test_closed_shell_thicker_than_the_part(build) -> None:
    result = build(plan(_custom_box(10), Shell(id="s", target="b", thickness=6)))
    assert not result.ok and result.error["code"] == "feature_failed"


def test_cut_that_removes_everything(build) -> None:
    ops = [Box(id="a", length=10, width=10, height=10), Box(id="big", length=20, width=20, height=20,
                                                             placement=Placement(at=(0, 0, -5))),
           Boolean(id="u", kind="cut", base="a", tools=["big"])]
    result = build(plan(*ops))
    assert not result.ok
    assert result.error["code"] in ("feature_failed", "no_solid")


def test_custom_code_reads_inputs_by_their_ids_even_when_renamed(build, solid) -> None:
    # ``round`` is a Python builtin, so the FreeCAD object is ``round_``; the custom code still says ``round``
    ops = [Box(id="round", length=10, width=10, height=10),
           Custom(id="x", description="a slice", code="shape = round.common(Part.makeBox(10, 10, 2, Vector(-5, -5, 0)))",
                  inputs=["round"])]
    solid(build(plan(*ops)), volume=200, bbox=(10, 10, 2))


def test_pattern_and_transform_of_a_filleted_body(build, solid) -> None:
    one = 10 * 10 * 5 - 4 * (1 - PI / 4) * 1 * 5
    ops = [Box(id="b", length=10, width=10, height=5), Fillet(id="f", target="b", radius=1, edges="vertical"),
           Pattern(id="p", source="f", at=LinearPattern(count=3, spacing=20))]
    solid(build(plan(*ops)), volume=3 * one, solids=3, bbox=(50, 10, 5), bbox_min=(-25, -5, 0))
    ops = [*ops[:2], Transform(id="t", target="f", placement=Placement(at=(0, 0, 10), rotate=(90, 0, 0))),
           Hole(id="h", target="t", diameter=2, face="top")]
    solid(build(plan(*ops)), volume=one - PI * 10, bbox=(10, 5, 10), bbox_min=(-5, -5, 5))
