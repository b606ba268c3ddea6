"""Primitives compiled by ``compile_plan`` and built in a real FreeCAD worker: volume, bbox, faces, validity.

Expected values are computed here from textbook formulas, independently of the generator.
"""

from __future__ import annotations

import math

import pytest

from ai_designer.schemas.task_graph import (
    Box,
    CADPlan,
    Circle,
    Cone,
    Cylinder,
    Extrude,
    Placement,
    Polygon,
    Prism,
    Rectangle,
    RegularPolygon,
    Revolve,
    RoundedRectangle,
    Slot,
    Sphere,
    SpurGear,
    Torus,
    Tube,
)

PI = math.pi


def plan(*ops: object) -> CADPlan:
    return CADPlan(name="t", operations=list(ops))


def test_box_rests_on_xy_centred(build, solid) -> None:
    solid(build(plan(Box(id="b", length=90, width=70, height=8))), volume=90 * 70 * 8, bbox=(90, 70, 8),
          bbox_min=(-45, -35, 0), faces=6)


def test_box_placement_rotates_then_moves(build, solid) -> None:
    op = Box(id="b", length=10, width=20, height=30, placement=Placement(at=(1, 2, 3), rotate=(0, 0, 90)))
    solid(build(plan(op)), volume=6000, bbox=(20, 10, 30), bbox_min=(1 - 10, 2 - 5, 3))


def test_box_tilted_about_x(build, solid) -> None:
    op = Box(id="b", length=10, width=20, height=30, placement=Placement(rotate=(90, 0, 0)))
    # Y becomes Z and Z becomes -Y: the box now spans y in [-30, 0], z in [-10, 10]
    solid(build(plan(op)), volume=6000, bbox=(10, 30, 20), bbox_min=(-5, -30, -10))


def test_cylinder(build, solid) -> None:
    solid(build(plan(Cylinder(id="c", diameter=10, height=5))), volume=PI * 25 * 5, bbox=(10, 10, 5),
          bbox_min=(-5, -5, 0), faces=3)


def test_sphere_rests_on_z0(build, solid) -> None:
    solid(build(plan(Sphere(id="s", diameter=10))), volume=4 / 3 * PI * 125, bbox=(10, 10, 10),
          bbox_min=(-5, -5, 0), faces=1)


def test_hemisphere_flat_face_down(build, solid) -> None:
    solid(build(plan(Sphere(id="s", diameter=10, hemisphere=True))), volume=2 / 3 * PI * 125, bbox=(10, 10, 5),
          bbox_min=(-5, -5, 0), faces=2)


@pytest.mark.parametrize(("d1", "d2"), [(10, 4), (10, 0), (0, 6)])
def test_cone_and_frustum(build, solid, d1: float, d2: float) -> None:
    r1, r2, h = d1 / 2, d2 / 2, 6
    solid(build(plan(Cone(id="k", bottom_diameter=d1, top_diameter=d2, height=h))),
          volume=PI * h / 3 * (r1 * r1 + r1 * r2 + r2 * r2), bbox=(max(d1, d2), max(d1, d2), h), bbox_min=(
              -max(d1, d2) / 2, -max(d1, d2) / 2, 0), faces=3 if d1 and d2 else 2)


def test_torus_rests_on_z0(build, solid) -> None:
    R, r = 20, 5
    solid(build(plan(Torus(id="t", major_diameter=2 * R, minor_diameter=2 * r))), volume=2 * PI * PI * R * r * r,
          bbox=(2 * R + 2 * r, 2 * R + 2 * r, 2 * r), bbox_min=(-R - r, -R - r, 0), faces=1)


def test_hollow_torus(build, solid) -> None:
    R, r, ri = 20, 5, 3
    solid(build(plan(Torus(id="t", major_diameter=2 * R, minor_diameter=2 * r, inner_diameter=2 * ri))),
          volume=2 * PI * PI * R * (r * r - ri * ri), bbox=(50, 50, 10), faces=2)


@pytest.mark.parametrize("sides", [3, 6, 8])
def test_prism_across_flats(build, solid, sides: int) -> None:
    af, h = 10.0, 5.0
    apothem = af / 2
    area = sides * apothem * apothem * math.tan(PI / sides)
    solid(build(plan(Prism(id="p", sides=sides, across_flats=af, height=h))), volume=area * h, faces=sides + 2)


def test_prism_across_corners(build, solid) -> None:
    R = 6.0
    solid(build(plan(Prism(id="p", sides=6, diameter=2 * R, height=4))), volume=3 * math.sqrt(3) / 2 * R * R * 4,
          bbox=(2 * R, math.sqrt(3) * R, 4))


def test_tube(build, solid) -> None:
    solid(build(plan(Tube(id="t", outer_diameter=20, inner_diameter=16, height=30))),
          volume=PI * (100 - 64) * 30, bbox=(20, 20, 30), bbox_min=(-10, -10, 0), faces=4)


@pytest.mark.parametrize(("profile", "area", "faces"), [
    (Rectangle(length=20, width=10), 200.0, 6),
    (RoundedRectangle(length=20, width=10, radius=2), 200 - (4 - PI) * 4, 10),
    (RoundedRectangle(length=20, width=10, radius=5), 10 * 10 + PI * 25, 6),  # radius = half width: a stadium
    (Circle(diameter=20), PI * 100, 3),
    (RegularPolygon(sides=6, across_flats=10), math.sqrt(3) / 2 * 100, 8),
    (RegularPolygon(sides=5, diameter=10), 5 / 2 * 25 * math.sin(2 * PI / 5), 7),
    (Polygon(points=[(0, 0), (10, 0), (10, 4), (4, 10), (0, 10)]), 100 - 18, 7),
    (Slot(length=30, width=10), 20 * 10 + PI * 25, 6),
    (Slot(length=10, width=10), PI * 25, 3),
])
def test_extrude_profiles(build, solid, profile: object, area: float, faces: int) -> None:
    solid(build(plan(Extrude(id="e", profile=profile, height=5))), volume=area * 5, faces=faces)


def test_extrude_rectangle_bbox_and_placement(build, solid) -> None:
    op = Extrude(id="e", profile=Rectangle(length=20, width=10), height=5,
                 placement=Placement(at=(0, 0, 10), rotate=(0, 0, 90)))
    solid(build(plan(op)), volume=1000, bbox=(10, 20, 5), bbox_min=(-5, -10, 10))


def test_extrude_on_its_side(build, solid) -> None:
    op = Extrude(id="e", profile=Circle(diameter=10), height=30, placement=Placement(rotate=(0, 90, 0)))
    solid(build(plan(op)), volume=PI * 25 * 30, bbox=(30, 10, 10), bbox_min=(0, -5, -5))


def test_extrude_with_inner_cutouts(build, solid) -> None:
    op = Extrude(id="e", profile=Rectangle(length=40, width=20), height=5,
                 inner=[Circle(diameter=4), Slot(length=8, width=4)], inner_at=[(-10, 0), (10, 0)])
    slot_area = 4 * 4 + PI * 4
    solid(build(plan(op)), volume=(800 - PI * 4 - slot_area) * 5, bbox=(40, 20, 5), faces=6 + 1 + 4)


def test_extrude_circle_with_taper_narrows_upwards(build, solid) -> None:
    r, h, taper = 10.0, 5.0, 10.0
    top = r - h * math.tan(math.radians(taper))
    solid(build(plan(Extrude(id="e", profile=Circle(diameter=2 * r), height=h, taper=taper))),
          volume=PI * h / 3 * (r * r + r * top + top * top), bbox=(2 * r, 2 * r, h), bbox_abs=1e-3)


def test_extrude_rectangle_with_taper(build, solid) -> None:
    L, W, h, taper = 40.0, 20.0, 5.0, 15.0
    k = h * math.tan(math.radians(taper))
    a1, am, a2 = L * W, (L - k) * (W - k), (L - 2 * k) * (W - 2 * k)
    solid(build(plan(Extrude(id="e", profile=Rectangle(length=L, width=W), height=h, taper=taper))),
          volume=h / 6 * (a1 + 4 * am + a2), rel=1e-3, bbox=(L, W, h))


@pytest.mark.parametrize("angle", [360.0, 90.0])
def test_revolve(build, solid, angle: float) -> None:
    # an L-shaped outline: a disc r=10 h=2 with a hub r=3 up to z=8
    pts = [(0, 0), (10, 0), (10, 2), (3, 2), (3, 8), (0, 8)]
    area_moment = PI * (100 * 2 + 9 * 6)  # full revolution volume
    solid(build(plan(Revolve(id="r", points=pts, angle=angle))), volume=area_moment * angle / 360)


def test_revolve_ring(build, solid) -> None:
    pts = [(8, 0), (10, 0), (10, 4), (8, 4)]
    solid(build(plan(Revolve(id="r", points=pts))), volume=PI * (100 - 64) * 4, bbox=(20, 20, 4), faces=4)


def test_spur_gear_measures(build, solid) -> None:
    z, m, w, bore = 20, 2.0, 10.0, 8.0
    rp, ra, rf = m * z / 2, m * (z + 2) / 2, m * z / 2 - 1.25 * m
    result = build(plan(SpurGear(id="g", teeth=z, module=m, face_width=w, bore_diameter=bore)))
    # faces: per tooth 2 flanks + tip + root + 2 radial lines (root circle inside the base circle), caps, bore
    solid(result, bbox=(2 * ra, 2 * ra, w), bbox_abs=1e-3, faces=z * 6 + 2 + 1)
    volume = result.geometry.volume
    # teeth fill about half of the ring between root and tip circles
    estimate = (PI * rp * rp - PI * (bore / 2) ** 2) * w
    assert volume == pytest.approx(estimate, rel=0.03)
    assert PI * (rf * rf - (bore / 2) ** 2) * w < volume < PI * (ra * ra - (bore / 2) ** 2) * w


def test_gear_tooth_thickness_on_pitch_circle_is_half_the_pitch(freecad_inprocess) -> None:
    import Part

    from ai_designer.freecad.runtime import gear_face

    z, m = 24, 1.5
    face = gear_face(z, m, 20)
    rp = m * z / 2
    inside = face.common(Part.makeCircle(rp))
    # standard gear: tooth thickness = gap = pi*m/2 on the pitch circle, so material covers half of it
    assert sum(e.Length for e in inside.Edges) == pytest.approx(PI * rp, rel=1e-5)
    assert face.isValid()
    bb = face.BoundBox
    assert bb.XMax == pytest.approx(m * (z + 2) / 2, abs=1e-6)  # tooth 0 tip on +X


def test_tapered_extrusion_drafts_cut_outs_the_other_way(build, solid) -> None:
    L, W, h, taper, r = 40.0, 30.0, 10.0, 5.0, 5.0
    k = h * math.tan(math.radians(taper))
    outer = h / 6 * (L * W + 4 * (L - k) * (W - k) + (L - 2 * k) * (W - 2 * k))
    hole = PI * h / 3 * (r * r + r * (r + k) + (r + k) ** 2)  # the hole widens as the walls lean in
    op = Extrude(id="e", profile=Rectangle(length=L, width=W), height=h, taper=taper, inner=[Circle(diameter=2 * r)])
    solid(build(plan(op)), volume=outer - hole, rel=1e-6, bbox=(L, W, h))
