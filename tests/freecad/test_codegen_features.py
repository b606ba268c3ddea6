"""Holes, pockets and bosses on every face and with every kind of positions, built in real FreeCAD.

Placement is checked through the centre of mass: a box with one hole of volume ``v`` centred at ``c`` has its centre
of mass at ``(V*C - v*c) / (V - v)`` — a wrong face, axis or sign moves it.
"""

from __future__ import annotations

import math

import pytest

from ai_designer.schemas.task_graph import (
    Boss,
    Box,
    CADPlan,
    Circle,
    Cylinder,
    GridPattern,
    Hole,
    LinearPattern,
    Pocket,
    Points,
    PolarPattern,
    Polygon,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
)

PI = math.pi
L, W, H = 60.0, 40.0, 30.0
BOX = Box(id="b", length=L, width=W, height=H)
V_BOX = L * W * H
C_BOX = (0.0, 0.0, H / 2)

# face -> (centre of the face, u axis, v axis, outward normal)
FACES = {
    "top": ((0, 0, H), (1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "bottom": ((0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, -1)),
    "front": ((0, -W / 2, H / 2), (1, 0, 0), (0, 0, 1), (0, -1, 0)),
    "back": ((0, W / 2, H / 2), (1, 0, 0), (0, 0, 1), (0, 1, 0)),
    "left": ((-L / 2, 0, H / 2), (0, 1, 0), (0, 0, 1), (-1, 0, 0)),
    "right": ((L / 2, 0, H / 2), (0, 1, 0), (0, 0, 1), (1, 0, 0)),
}


def plan(*ops: object) -> CADPlan:
    return CADPlan(name="t", operations=[BOX, *ops])


def com_after(removed: list[tuple[float, tuple[float, float, float]]]) -> tuple[float, ...]:
    """Centre of mass of the box after removing (volume, centroid) pieces (negative volume = added)."""
    total = V_BOX - sum(v for v, _ in removed)
    return tuple((V_BOX * C_BOX[k] - sum(v * c[k] for v, c in removed)) / total for k in range(3))


def on_face(face: str, u: float, v: float, depth_centre: float) -> tuple[float, float, float]:
    c, du, dv, n = FACES[face]
    return tuple(c[k] + u * du[k] + v * dv[k] - depth_centre * n[k] for k in range(3))  # type: ignore[return-value]


@pytest.mark.parametrize("face", list(FACES))
def test_blind_hole_on_each_face_lands_at_its_uv(build, solid, face: str) -> None:
    d, depth, u, v = 6.0, 5.0, 5.0, 3.0
    vol = PI * (d / 2) ** 2 * depth
    result = build(plan(Hole(id="h", target="b", diameter=d, depth=depth, face=face, at=Points(points=[(u, v)]))))
    solid(result, volume=V_BOX - vol, bbox=(L, W, H), faces=6 + 2, com=com_after([(vol, on_face(face, u, v, depth / 2))]))


@pytest.mark.parametrize("face", ["top", "front", "left"])
def test_through_hole_on_each_axis(build, solid, face: str) -> None:
    d = 4.0
    length = {"top": H, "front": W, "left": L}[face]
    solid(build(plan(Hole(id="h", target="b", diameter=d, face=face))), volume=V_BOX - PI * 4 * length, faces=7)


def test_grid_of_through_holes_plate(build, solid) -> None:
    ops = [Box(id="plate", length=90, width=70, height=8),
           Hole(id="holes", target="plate", diameter=5.5, at=GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60))]
    result = build(CADPlan(name="plate", operations=ops))
    solid(result, volume=90 * 70 * 8 - 4 * PI * 2.75 ** 2 * 8, bbox=(90, 70, 8), faces=6 + 4)
    assert result.geometry.cylindrical_faces == 4


def test_linear_holes_from_a_start_point(build, solid) -> None:
    d, depth = 4.0, 10.0
    vol = PI * 4 * depth
    at = LinearPattern(count=3, spacing=10, start=(5, 0))
    pieces = [(vol, on_face("top", x, 0, depth / 2)) for x in (5, 15, 25)]
    solid(build(plan(Hole(id="h", target="b", diameter=d, depth=depth, at=at))), volume=V_BOX - 3 * vol,
          com=com_after(pieces))


def test_linear_holes_at_an_angle_centred(build, solid) -> None:
    d, depth = 4.0, 10.0
    vol = PI * 4 * depth
    at = LinearPattern(count=2, spacing=20, angle=90, center=(10, 0))
    pieces = [(vol, on_face("top", 10, y, depth / 2)) for y in (-10, 10)]
    solid(build(plan(Hole(id="h", target="b", diameter=d, depth=depth, at=at))), volume=V_BOX - 2 * vol,
          com=com_after(pieces))


def test_polar_holes_on_a_bolt_circle(build, solid) -> None:
    d, depth, pcd = 3.0, 6.0, 24.0
    vol = PI * 2.25 * depth
    at = PolarPattern(count=3, diameter=pcd, start_angle=90, sweep=180)  # 90, 180, 270 deg
    pts = [(pcd / 2 * math.cos(math.radians(a)), pcd / 2 * math.sin(math.radians(a))) for a in (90, 180, 270)]
    pieces = [(vol, on_face("front", u, v, depth / 2)) for u, v in pts]
    result = build(plan(Hole(id="h", target="b", diameter=d, depth=depth, face="front", at=at)))
    solid(result, volume=V_BOX - 3 * vol, com=com_after(pieces))


def test_counterbored_holes(build, solid) -> None:
    ops = [Box(id="b", length=60, width=40, height=10),
           Hole(id="h", target="b", diameter=5, kind="counterbore", cbore_diameter=9, cbore_depth=3,
                at=LinearPattern(count=3, spacing=15))]
    one = PI * 2.5 ** 2 * 7 + PI * 4.5 ** 2 * 3
    solid(build(CADPlan(operations=ops)), volume=60 * 40 * 10 - 3 * one, faces=6 + 3 * 3)


@pytest.mark.parametrize("face", ["top", "bottom", "back", "right"])
def test_countersunk_hole(build, solid, face: str) -> None:
    d, big, depth = 4.0, 8.0, 10.0
    sink = (big - d) / 2  # 90 degree countersink: depth = radial step
    cone = PI * sink / 3 * (4 * 4 + 4 * 2 + 2 * 2) - PI * 4 * sink
    vol = PI * 4 * depth + cone
    result = build(plan(Hole(id="h", target="b", diameter=d, depth=depth, face=face, kind="countersink",
                             csink_diameter=big)))
    solid(result, volume=V_BOX - vol, faces=6 + 3)


@pytest.mark.parametrize(("profile", "area", "faces", "centroid_y"), [
    (Rectangle(length=20, width=10), 200.0, 5, 0.0),
    (Circle(diameter=12), PI * 36, 2, 0.0),
    (RegularPolygon(sides=6, across_flats=10), math.sqrt(3) / 2 * 100, 7, 0.0),
    (Slot(length=20, width=6), 14 * 6 + PI * 9, 5, 0.0),
    (RoundedRectangle(length=20, width=12, radius=3), 240 - (4 - PI) * 9, 9, 0.0),
    (Polygon(points=[(-5, -5), (5, -5), (0, 5)]), 50.0, 4, -5 / 3),
])
def test_blind_pocket_profiles(build, solid, profile: object, area: float, faces: int, centroid_y: float) -> None:
    result = build(plan(Pocket(id="p", target="b", profile=profile, depth=4)))
    solid(result, volume=V_BOX - area * 4, faces=6 + faces, com=com_after([(area * 4, (0, centroid_y, H - 2))]),
          com_abs=1e-3)


def test_rotated_rectangular_pocket_stays_centred_at_its_position(build, solid) -> None:
    vol = 20 * 10 * 4
    result = build(plan(Pocket(id="p", target="b", profile=Rectangle(length=20, width=10), depth=4, angle=30,
                               at=Points(points=[(8, -5)]))))
    solid(result, volume=V_BOX - vol, com=com_after([(vol, on_face("top", 8, -5, 2))]))


def test_through_slot_pocket_on_the_right_face(build, solid) -> None:
    area = 14 * 6 + PI * 9
    result = build(plan(Pocket(id="p", target="b", profile=Slot(length=20, width=6), face="right")))
    solid(result, volume=V_BOX - area * L, bbox=(L, W, H))


def test_pocket_grid_on_the_back(build, solid) -> None:
    vol = 5 * 5 * 3
    at = GridPattern(count_x=3, count_y=2, spacing_x=12, spacing_y=10)
    pieces = [(vol, on_face("back", u, v, 1.5)) for v in (-5, 5) for u in (-12, 0, 12)]
    result = build(plan(Pocket(id="p", target="b", profile=Rectangle(length=5, width=5), depth=3, face="back", at=at)))
    solid(result, volume=V_BOX - 6 * vol, com=com_after(pieces))


def test_bosses_stand_out_of_the_top(build, solid) -> None:
    vol = PI * 16 * 5
    at = PolarPattern(count=4, diameter=20)
    result = build(plan(Boss(id="p", target="b", profile=Circle(diameter=8), height=5, at=at)))
    solid(result, volume=V_BOX + 4 * vol, bbox=(L, W, H + 5), com=com_after([(-4 * vol, (0, 0, H + 2.5))]))


@pytest.mark.parametrize("face", ["bottom", "left"])
def test_boss_on_other_faces_grows_the_bbox(build, solid, face: str) -> None:
    vol = 10 * 6 * 4
    result = build(plan(Boss(id="p", target="b", profile=Rectangle(length=10, width=6), height=4, face=face)))
    grown = {"bottom": (L, W, H + 4), "left": (L + 4, W, H)}[face]
    solid(result, volume=V_BOX + vol, bbox=grown, com=com_after([(-vol, on_face(face, 0, 0, -2))]))


def test_hole_through_a_cylinder_side(build, solid) -> None:
    ops = [Cylinder(id="c", diameter=20, height=40), Hole(id="h", target="c", diameter=4, face="front",
                                                           at=Points(points=[(0, 0)]))]
    result = build(CADPlan(operations=ops))
    assert result.ok, result.error
    # a cross hole removes about d * (chord) * ... : bounded by the cylinder of length 20 minus the lens at the walls
    removed = PI * 10 * 10 * 40 - result.geometry.volume
    assert PI * 4 * 19.5 < removed < PI * 4 * 20


def test_overlapping_holes_cut_their_union(build, solid) -> None:
    r, d = 3.0, 4.0  # two through holes whose circles overlap
    lens = 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)
    area = 2 * PI * r * r - lens
    result = build(plan(Hole(id="h", target="b", diameter=2 * r, at=LinearPattern(count=2, spacing=d))))
    solid(result, volume=V_BOX - area * H)


def test_overlapping_counterbores(build, solid) -> None:
    # counterbores d10 at 8 mm spacing overlap; the d4 drills do not
    r, d, depth = 5.0, 8.0, 3.0
    lens = 2 * r * r * math.acos(d / (2 * r)) - d / 2 * math.sqrt(4 * r * r - d * d)
    cbores = (2 * PI * r * r - lens) * depth
    drills = 2 * PI * 4 * (H - depth)
    result = build(plan(Hole(id="h", target="b", diameter=4, kind="counterbore", cbore_diameter=10, cbore_depth=depth,
                             at=LinearPattern(count=2, spacing=d))))
    solid(result, volume=V_BOX - cbores - drills)
