"""Loft, sweep, mirror, offset profiles and outline pockets/bosses, built in real FreeCAD with exact measures.

Formulas: a ruled loft between two circles is a frustum (pi h / 3 (r1^2 + r1 r2 + r2^2)), between two rectangles a
prismatoid (h / 6 (A1 + 4 Am + A2)); a profile swept along an arc is Pappus (area x R x angle); a convex profile grown
by d has area A + P d + pi d^2 (Steiner).
"""

from __future__ import annotations

import math

import pytest

from ai_designer.schemas.task_graph import (
    ArcPath,
    Boss,
    Box,
    CADPlan,
    Circle,
    Extrude,
    HelixPath,
    Loft,
    LoftSection,
    Mirror,
    OffsetProfile,
    Outline,
    Placement,
    Pocket,
    PolylinePath,
    Rectangle,
    RoundedRectangle,
    Sweep,
)

PI = math.pi


def plan(*ops: object) -> CADPlan:
    return CADPlan(name="t", operations=list(ops))


def section(profile: object, z: float) -> LoftSection:
    return LoftSection(profile=profile, z=z)


def test_ruled_loft_of_two_circles_is_a_frustum(build, solid) -> None:
    loft = Loft(id="neck", ruled=True, sections=[section(Circle(diameter=20), 0), section(Circle(diameter=10), 30)])
    solid(build(plan(loft)), volume=PI * 30 / 3 * (100 + 50 + 25), bbox=(20, 20, 30), faces=3, rel=1e-6)


def test_loft_of_two_rectangles_is_a_prismatoid(build, solid) -> None:
    loft = Loft(id="taper", sections=[section(Rectangle(length=40, width=20), 0),
                                      section(Rectangle(length=20, width=10), 20)])
    solid(build(plan(loft)), volume=20 / 6 * (800 + 4 * 30 * 15 + 200), bbox=(40, 20, 20), faces=6)


def test_circle_to_square_transition(build, solid) -> None:
    loft = Loft(id="adapter", sections=[section(Circle(diameter=30), 0), section(Rectangle(length=20, width=20), 40)],
                placement=Placement(at=(0, 0, 5)))
    result = build(plan(loft))
    solid(result, bbox=(30, 30, 40), bbox_min=(-15, -15, 5), bbox_abs=0.05)
    assert 20 * 20 * 40 < result.geometry.volume < PI * 15 ** 2 * 40


def test_sweep_along_an_arc_is_pappus(build, solid) -> None:
    bend = Sweep(id="elbow", profile=Circle(diameter=10), path=ArcPath(radius=50, angle=90))
    solid(build(plan(bend)), volume=PI * 25 * 50 * PI / 2, bbox=(55, 10, 55), bbox_min=(-5, -5, 0), bbox_abs=0.05)


def test_sweep_along_a_line_and_a_cornered_polyline(build, solid) -> None:
    bar = Sweep(id="bar", profile=Rectangle(length=10, width=6), path=PolylinePath(points=[(0, 0, 0), (0, 0, 40)]))
    solid(build(plan(bar)), volume=10 * 6 * 40, bbox=(10, 6, 40), faces=6)
    ell = Sweep(id="ell", profile=Circle(diameter=6), path=PolylinePath(points=[(0, 0, 0), (0, 0, 30), (30, 0, 30)]))
    result = build(plan(ell))
    solid(result, bbox=(33, 6, 33), bbox_min=(-3, -3, 0), bbox_abs=0.05)
    assert result.geometry.volume == pytest.approx(PI * 9 * 60, rel=0.05)


def test_helix_sweep_is_a_spring(build, solid) -> None:
    spring = Sweep(id="spring", profile=Circle(diameter=2), frenet=True,
                   path=HelixPath(diameter=20, pitch=5, height=15))
    length = 3 * math.hypot(PI * 20, 5)
    result = build(plan(spring))
    solid(result, volume=PI * length, rel=1e-3)
    assert result.geometry.bbox[0] == pytest.approx(22, abs=0.1)


def test_mirror_fuses_the_half_with_its_image(build, solid) -> None:
    half = Box(id="half", length=20, width=10, height=5, placement=Placement(at=(10, 0, 0)))
    solid(build(plan(half, Mirror(id="whole", target="half", plane="YZ"))), volume=2 * 1000, bbox=(40, 10, 5),
          bbox_min=(-20, -5, 0), faces=6)


def test_mirror_image_only_about_an_offset_plane(build, solid) -> None:
    block = Box(id="block", length=20, width=10, height=5)
    result = build(plan(block, Mirror(id="moved", target="block", plane="YZ", offset=20, keep_original=False)))
    solid(result, volume=1000, bbox=(20, 10, 5), bbox_min=(30, -5, 0))


def test_grown_rectangle_has_round_corners(build, solid) -> None:
    lip = Extrude(id="lip", profile=OffsetProfile(profile=Rectangle(length=20, width=10), offset=2), height=5)
    solid(build(plan(lip)), volume=(200 + 60 * 2 + PI * 4) * 5, bbox=(24, 14, 5), faces=10)


def test_pocket_with_a_shrunk_circle(build, solid) -> None:
    ops = [Box(id="b", length=40, width=40, height=10),
           Pocket(id="p", target="b", profile=OffsetProfile(profile=Circle(diameter=10), offset=-2), depth=3)]
    solid(build(plan(*ops)), volume=16000 - PI * 9 * 3, bbox=(40, 40, 10))


def test_step_down_follows_the_filleted_outline(build, solid) -> None:
    """A pocket 5 mm in from a rounded outline: the inset outline keeps round corners of radius 8 - 5."""
    body = Extrude(id="body", profile=RoundedRectangle(length=60, width=40, radius=8), height=10)
    step = Pocket(id="step", target="body", profile=Outline(offset=-5), depth=4)
    outer = 60 * 40 - (4 - PI) * 64
    inner = 50 * 30 - (4 - PI) * 9
    solid(build(plan(body, step)), volume=outer * 10 - inner * 4, bbox=(60, 40, 10))


def test_boss_of_the_whole_outline_and_a_through_outline_cut(build, solid) -> None:
    base = Box(id="base", length=30, width=20, height=10)
    solid(build(plan(base, Boss(id="riser", target="base", profile=Outline(), height=5))), volume=30 * 20 * 15,
          bbox=(30, 20, 15), faces=6)
    frame = Pocket(id="frame", target="base", profile=Outline(offset=-3), face="front")
    solid(build(plan(base, frame)), volume=30 * 20 * 10 - 24 * 20 * 4, bbox=(30, 20, 10))
