"""Edge selection by the operation that made the edges, by loop and by direction; full rounds; counterbores of holes
that already exist; op ids that are names the sandbox refuses. Built in real FreeCAD with exact volumes.

A chamfer s on a straight convex edge removes s^2/2 per mm; on a circular rim of radius R it removes
pi s^2 (R + s/3) when the rim bounds a hole (material outside) and pi s^2 (R - s/3) on an outer cylinder.
"""

from __future__ import annotations

import math

import pytest

from ai_designer.core.errors import PlanError
from ai_designer.freecad import policy
from ai_designer.freecad.codegen import compile_plan
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Cylinder,
    Fillet,
    GridPattern,
    Hole,
    Placement,
    Pocket,
    Slot,
)

PI = math.pi
SPANDREL = 1 - PI / 4
CENTROID = (10 - 3 * PI) / (3 * (4 - PI))
BOX = Box(id="b", length=60, width=40, height=10)


def plan(*ops: object) -> CADPlan:
    return CADPlan(name="t", operations=list(ops))


def test_chamfer_only_the_slot_it_names(build, solid) -> None:
    slot = Pocket(id="slot", target="b", profile=Slot(length=30, width=10), depth=4)
    bevel = Chamfer(id="bevel", target="slot", size=1, edges="top", created_by="slot")
    slot_volume = 60 * 40 * 10 - (20 * 10 + PI * 25) * 4
    solid(build(plan(BOX, slot, bevel)), volume=slot_volume - (0.5 * 40 + PI * (5 + 1 / 3)), bbox=(60, 40, 10))


def test_chamfer_the_top_of_a_shank_after_it_was_bored(build, solid) -> None:
    head = Cylinder(id="head", diameter=30, height=10)
    shank = Cylinder(id="shank", diameter=12, height=20, placement=Placement(at=(0, 0, 10)))
    bolt = Boolean(id="bolt", kind="union", base="head", tools=["shank"])
    bore = Hole(id="bore", target="bolt", diameter=5, depth=10)
    bevel = Chamfer(id="bevel", target="bore", size=1, edges="top_outer", created_by="shank")
    volume = PI * 225 * 10 + PI * 36 * 20 - PI * 6.25 * 10 - PI * (6 - 1 / 3)
    solid(build(plan(head, shank, bolt, bore, bevel)), volume=volume, bbox=(30, 30, 30), rel=1e-5)


def test_fillet_where_the_post_meets_the_base(build, solid) -> None:
    base = Box(id="base", length=40, width=40, height=10)
    post = Cylinder(id="post", diameter=10, height=20, placement=Placement(at=(0, 0, 10)))
    joined = Boolean(id="joined", kind="union", base="base", tools=["post"])
    r = 2.0
    root = Fillet(id="root", target="joined", radius=r, edges="concave", created_by="post")
    added = 2 * PI * (5 + CENTROID * r) * SPANDREL * r * r
    solid(build(plan(base, post, joined, root)), volume=16000 + PI * 25 * 20 + added, bbox=(40, 40, 30), rel=1e-5)


def test_inner_edges_are_the_rims_of_holes(build, solid) -> None:
    hole = Hole(id="hole", target="b", diameter=10)
    bevel = Chamfer(id="bevel", target="hole", size=1, edges="inner")
    solid(build(plan(BOX, hole, bevel)), volume=24000 - PI * 25 * 10 - 2 * PI * (5 + 1 / 3), bbox=(60, 40, 10))


def test_edges_parallel_to_an_axis(build, solid) -> None:
    result = build(plan(BOX, Chamfer(id="bevel", target="b", size=1, edges="parallel_x")))
    solid(result, volume=24000 - 4 * 0.5 * 60, bbox=(60, 40, 10), faces=10)


def test_full_round_fillet_builds_a_stadium(build, solid) -> None:
    bar = Box(id="bar", length=100, width=20, height=10)
    hole = Hole(id="pivot", target="bar", diameter=6, at=GridPattern(count_x=2, count_y=1, spacing_x=80, spacing_y=0))
    ends = Fillet(id="ends", target="pivot", radius=10, edges="vertical")
    result = build(plan(bar, hole, ends))
    solid(result, volume=(80 * 20 + PI * 100) * 10 - 2 * PI * 9 * 10, bbox=(100, 20, 10))
    assert result.geometry.cylindrical_faces == 4


def test_counterbore_holes_that_already_exist(build, solid) -> None:
    grid = GridPattern(count_x=2, count_y=2, spacing_x=40, spacing_y=20)
    drilled = Hole(id="drilled", target="b", diameter=6, at=grid)
    bored = Hole(id="bored", target="drilled", diameter=6, kind="counterbore", cbore_diameter=11, cbore_depth=3, at=grid)
    volume = 24000 - 4 * PI * 9 * 10 - 4 * PI * (30.25 - 9) * 3
    solid(build(plan(BOX, drilled, bored)), volume=volume, bbox=(60, 40, 10))
    sunk = Hole(id="sunk", target="drilled", diameter=6, kind="countersink", csink_diameter=12, at=grid)
    h = 3.0  # (12 - 6) / 2 / tan(45 deg)
    cone = PI * h / 3 * (36 + 18 + 9) - PI * 9 * h
    solid(build(plan(BOX, drilled, sunk)), volume=24000 - 4 * PI * 9 * 10 - 4 * cone, bbox=(60, 40, 10))


@pytest.mark.parametrize("op_id", ["os", "sys", "socket", "io", "pathlib", "builtins", "subprocess", "modules"])
def test_ids_the_sandbox_refuses_as_names_are_renamed(op_id: str) -> None:
    script = compile_plan(CADPlan(operations=[Box(id=op_id, length=10, width=10, height=10),
                                              Hole(id="hole", target=op_id, diameter=3)]))
    policy.check(script)
    assert f"{op_id}_ = doc.addObject" in script


def test_a_part_named_socket_builds(build, solid) -> None:
    ops = [Box(id="socket", length=10, width=10, height=10), Hole(id="os", target="socket", diameter=4)]
    solid(build(plan(*ops)), volume=1000 - PI * 4 * 10, bbox=(10, 10, 10))


def test_created_by_outside_the_target_is_refused() -> None:
    other = Box(id="other", length=5, width=5, height=5)
    with pytest.raises(PlanError, match="created_by 'other' is not part of 'b'"):
        compile_plan(plan(BOX, other, Chamfer(id="c", target="b", size=1, created_by="other")))
