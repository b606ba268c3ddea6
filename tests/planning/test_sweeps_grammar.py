"""Revolve, loft and sweep wording (grammar.lark "sweeps" block): the plans they make and what they refuse.

The parts themselves are built in real FreeCAD by the example suite (``examples/prompts/sweeps.yaml``); these tests
check the readings that decide the geometry (axes, orientation, angles) and the refusals, without FreeCAD.
"""

from __future__ import annotations

import pytest

from ai_designer.core.errors import RejectedError
from ai_designer.planning import plan_offline
from ai_designer.planning.compose_sweeps import rotation, turn_to
from ai_designer.schemas.task_graph import ArcPath, Loft, PolylinePath, Rectangle, Revolve, Sweep, Torus


@pytest.mark.parametrize(("axial", "radial"), [(a, r) for a in range(3) for r in range(3) if a != r])
def test_turn_to_takes_local_z_to_the_axis_and_local_x_to_the_radius(axial: int, radial: int) -> None:
    m = rotation(*turn_to(axial, radial))
    assert [round(m[k][2]) for k in range(3)] == [int(k == axial) for k in range(3)]
    assert [round(m[k][0]) for k in range(3)] == [int(k == radial) for k in range(3)]


def test_profile_points_in_the_xy_plane_turned_about_x() -> None:
    plan = plan_offline("Sketch a closed profile in the XY plane (X, Y): (0, 10), (30, 10), (30, 20), (0, 20). "
                        "Revolve it 90 degrees about the X axis.")
    op = plan.operations[0]
    assert isinstance(op, Revolve) and op.angle == 90
    assert op.points == [(10, 0), (10, 30), (20, 30), (20, 0)]  # radius = Y, height along the axis = X
    m = rotation(*op.placement.rotate)
    assert [round(m[k][2]) for k in range(3)] == [1, 0, 0]  # the revolve axis is X


def test_a_whole_circle_turned_about_an_axis_is_a_torus_and_part_of_one_an_arc_sweep() -> None:
    full = plan_offline("Revolve a circle of diameter 8 whose centre is 25 mm from the axis, through 360 degrees "
                        "around that axis.").operations[0]
    assert isinstance(full, Torus) and (full.major_diameter, full.minor_diameter) == (50, 8)
    part = plan_offline("Revolve a circle of diameter 8, whose centre is 25 mm from the axis, through 270 degrees "
                        "around that axis (three quarters of a ring, flat ends).").operations[0]
    assert isinstance(part, Sweep) and isinstance(part.path, ArcPath)
    assert (part.path.radius, part.path.angle) == (25, 270)


def test_long_sides_parallel_turns_the_rectangles_of_a_loft_alike() -> None:
    loft = plan_offline("Loft: 50 x 30 rectangle at Z = 0 to 20 x 40 rectangle at Z = 20, long sides parallel.")
    op = loft.operations[0]
    assert isinstance(op, Loft) and not op.ruled
    assert [(s.profile.length, s.profile.width, s.z) for s in op.sections] == [(50, 30, 0), (40, 20, 20)]


def test_a_path_of_legs_along_named_axes() -> None:
    op = plan_offline("Sweep a 6 x 6 square along a path that goes 40 mm along X, then turns 90° and goes 30 mm "
                      "along Y. Sharp mitred corner at the turn.").operations[0]
    assert isinstance(op, Sweep) and isinstance(op.path, PolylinePath) and isinstance(op.profile, Rectangle)
    assert op.path.points == [(0, 0, 0), (40, 0, 0), (40, 30, 0)] and op.path.corners == "right"


@pytest.mark.parametrize("prompt", [
    "Loft between a 60 x 40 rectangle at Z = 0 and a 30 x 20 rectangle at Z = 30.",  # how they are turned
    "Loft between a Ø50 circle at Z = 30 and a Ø20 circle at Z = 0.",  # sections must rise
    "Revolve a circle of diameter 10 whose centre is 4 mm from the axis, through 360 degrees around that axis.",
    "Take a rectangle 10 wide and 20 tall, with its inner edge 25 mm from a vertical axis, and revolve it 90 "
    "degrees around that axis, to make a half ring.",  # 90° is not half a ring
    "Sketch this closed profile in the XZ plane (X, Z): (-10, 0), (20, 0), (20, 5), (-10, 5). Revolve it 360 "
    "degrees about the Z axis.",  # crosses the axis
    "Sketch this closed profile in the XZ plane (X, Z): (10, 0), (20, 0), (20, 5), (10, 5). Revolve it 360 "
    "degrees about the Y axis.",  # the axis is not in the profile's plane
    "Draw a right triangle in the XZ plane with corners at (X 10, Z 0), (X 30, Z 5) and (X 10, Z 40), and "
    "revolve it 360° around the Z axis.",  # not a right triangle
    "Sweep a circle of diameter 8 along a straight line from the point (0, 0, 0) to the point (0, 30, 40). Sharp "
    "mitred corner at the turn.",  # a straight line has no turn
    "Sweep a 10 x 6 rectangle along a path that goes 40 mm along X, then turns 90° and goes 30 mm along Y.",
    "Sweep a circle of diameter 8 along a path that goes 40 mm along X, then turns 45° and goes 30 mm along Y.",
    "Sweep a circle of diameter 8 along a quarter circle arc (180°) of radius 40.",
    "Revolve it 360 degrees about the Z axis.",  # no profile
])
def test_refused(prompt: str) -> None:
    with pytest.raises(RejectedError):
        plan_offline(prompt)
