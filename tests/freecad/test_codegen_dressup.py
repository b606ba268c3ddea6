"""Fillets, chamfers (on selected edges) and shells, built in real FreeCAD.

Rounded volumes use exact formulas: a rolling-ball fillet of radius r along a straight edge removes the "spandrel"
(1 - pi/4) r^2 per unit length; around an axis (Pappus) it removes 2 pi * rho * (1 - pi/4) r^2, where rho is the
distance of the spandrel's centroid from the axis (the centroid lies (10 - 3 pi) / (3 (4 - pi)) r from the corner).
"""

from __future__ import annotations

import math

import pytest

from ai_designer.schemas.task_graph import (
    Boss,
    Box,
    CADPlan,
    Chamfer,
    Circle,
    Cylinder,
    Fillet,
    Shell,
)

PI = math.pi
SPANDREL = 1 - PI / 4
CENTROID = (10 - 3 * PI) / (3 * (4 - PI))  # times r, from the corner
L, W, H = 60.0, 40.0, 10.0
BOX = Box(id="b", length=L, width=W, height=H)


def plan(*ops: object) -> CADPlan:
    return CADPlan(name="t", operations=list(ops))


def test_fillet_vertical_edges(build, solid) -> None:
    r = 3.0
    solid(build(plan(BOX, Fillet(id="f", target="b", radius=r, edges="vertical"))),
          volume=L * W * H - 4 * SPANDREL * r * r * H, bbox=(L, W, H), bbox_min=(-L / 2, -W / 2, 0), faces=10)


def test_fillet_all_edges_of_a_box(build, solid) -> None:
    r = 2.0
    a, b, c = L - 2 * r, W - 2 * r, H - 2 * r
    rounded = a * b * c + 2 * r * (a * b + a * c + b * c) + PI * r * r * (a + b + c) + 4 / 3 * PI * r ** 3
    solid(build(plan(BOX, Fillet(id="f", target="b", radius=r, edges="all"))), volume=rounded, rel=1e-5,
          bbox=(L, W, H), faces=26)


@pytest.mark.parametrize(("edges", "count"), [("top", 4), ("bottom", 4), ("horizontal", 8), ("straight", 12),
                                               ("convex", 12), ("face:front", 4), ("face:top", 4)])
def test_chamfer_edge_selectors_count_edges(build, solid, edges: str, count: int) -> None:
    result = build(plan(BOX, Chamfer(id="c", target="b", size=1, edges=edges)))
    solid(result, bbox=(L, W, H))
    corners = 8 if count == 12 else 0  # chamfering all edges also cuts a triangle at each corner
    assert result.geometry.faces == 6 + count + corners


def test_chamfer_top_edges_is_a_prismatoid(build, solid) -> None:
    s = 1.5
    frustum = s / 6 * (L * W + 4 * (L - s) * (W - s) + (L - 2 * s) * (W - 2 * s))
    solid(build(plan(BOX, Chamfer(id="c", target="b", size=s, edges="top"))), volume=L * W * (H - s) + frustum,
          faces=10, bbox_min=(-L / 2, -W / 2, 0))


def test_chamfer_vertical_edges(build, solid) -> None:
    s = 2.0
    solid(build(plan(BOX, Chamfer(id="c", target="b", size=s, edges="vertical"))),
          volume=L * W * H - 4 * s * s / 2 * H, faces=10)


def test_fillet_top_edge_of_a_cylinder_by_pappus(build, solid) -> None:
    R, h, r = 20.0, 20.0, 3.0
    removed = 2 * PI * (R - CENTROID * r) * SPANDREL * r * r
    solid(build(plan(Cylinder(id="c", diameter=2 * R, height=h), Fillet(id="f", target="c", radius=r, edges="top"))),
          volume=PI * R * R * h - removed, bbox=(2 * R, 2 * R, h), bbox_min=(-R, -R, 0), faces=4)


def test_fillet_circular_edges_of_a_cylinder(build, solid) -> None:
    R, h, r = 20.0, 20.0, 2.0
    removed = 2 * 2 * PI * (R - CENTROID * r) * SPANDREL * r * r
    solid(build(plan(Cylinder(id="c", diameter=2 * R, height=h), Fillet(id="f", target="c", radius=r,
                                                                          edges="circular"))),
          volume=PI * R * R * h - removed, faces=5)


def _head_and_shank() -> list[object]:
    return [Cylinder(id="head", diameter=30, height=10),
            Boss(id="shank", target="head", profile=Circle(diameter=10), height=20)]


def test_concave_fillet_where_a_shank_meets_a_head(build, solid) -> None:
    r = 2.0
    base = PI * 225 * 10 + PI * 25 * 20
    added = 2 * PI * (5 + CENTROID * r) * SPANDREL * r * r
    result = build(plan(*_head_and_shank(), Fillet(id="f", target="shank", radius=r, edges="concave")))
    solid(result, volume=base + added, bbox=(30, 30, 30), bbox_min=(-15, -15, 0))


def test_fillet_at_z_picks_only_edges_at_that_height(build, solid) -> None:
    r = 1.5
    base = PI * 225 * 10 + PI * 25 * 20
    added = 2 * PI * (5 + CENTROID * r) * SPANDREL * r * r  # concave ring at r=5, z=10
    removed = 2 * PI * (15 - CENTROID * r) * SPANDREL * r * r  # convex ring at r=15, z=10
    result = build(plan(*_head_and_shank(), Fillet(id="f", target="shank", radius=r, edges="circular", at_z=10)))
    solid(result, volume=base + added - removed, bbox=(30, 30, 30))


def test_shell_open_top(build, solid) -> None:
    t = 2.0
    solid(build(plan(BOX, Shell(id="s", target="b", thickness=t, open_faces=["top"]))),
          volume=L * W * H - (L - 2 * t) * (W - 2 * t) * (H - t), bbox=(L, W, H), bbox_min=(-L / 2, -W / 2, 0),
          faces=11, com=(0, 0, (L * W * H * H / 2 - (L - 2 * t) * (W - 2 * t) * (H - t) * (t + (H - t) / 2))
                           / (L * W * H - (L - 2 * t) * (W - 2 * t) * (H - t))))


def test_shell_open_front_and_back(build, solid) -> None:
    t = 2.0
    solid(build(plan(BOX, Shell(id="s", target="b", thickness=t, open_faces=["front", "back"]))),
          volume=L * W * H - (L - 2 * t) * W * (H - 2 * t), bbox=(L, W, H))


def test_shell_closed_hollow(build, solid) -> None:
    t = 2.0
    solid(build(plan(BOX, Shell(id="s", target="b", thickness=t))),
          volume=L * W * H - (L - 2 * t) * (W - 2 * t) * (H - 2 * t), bbox=(L, W, H), bbox_min=(-L / 2, -W / 2, 0),
          faces=12)


def test_shell_a_cup(build, solid) -> None:
    R, h, t = 20.0, 30.0, 2.0
    solid(build(plan(Cylinder(id="c", diameter=2 * R, height=h), Shell(id="s", target="c", thickness=t,
                                                                        open_faces=["top"]))),
          volume=PI * R * R * h - PI * (R - t) ** 2 * (h - t), bbox=(2 * R, 2 * R, h), bbox_min=(-R, -R, 0))


def test_fillet_then_holes_keeps_both(build, solid) -> None:
    from ai_designer.schemas.task_graph import GridPattern, Hole

    r = 3.0
    ops = [BOX, Fillet(id="f", target="b", radius=r, edges="vertical"),
           Hole(id="h", target="f", diameter=5, at=GridPattern(count_x=2, count_y=2, spacing_x=40, spacing_y=20))]
    solid(build(plan(*ops)), volume=L * W * H - 4 * SPANDREL * r * r * H - 4 * PI * 6.25 * H, faces=14,
          bbox_min=(-L / 2, -W / 2, 0), com=(0, 0, H / 2))


def test_fillet_keeps_a_moved_and_turned_body_in_place(build, solid) -> None:
    from ai_designer.schemas.task_graph import Placement

    box = Box(id="b", length=20, width=10, height=4, placement=Placement(at=(7, -3, 2), rotate=(0, 0, 90)))
    solid(build(plan(box, Fillet(id="f", target="b", radius=1, edges="vertical"))),
          volume=20 * 10 * 4 - 4 * SPANDREL * 4, bbox=(10, 20, 4), bbox_min=(2, -13, 2))


def test_top_outer_fillet_skips_the_edges_of_holes(build, solid) -> None:
    """A flange's "top outer edge": only the rim is rounded, not the bore or the bolt holes (Pappus on the rim)."""
    from ai_designer.schemas.task_graph import Hole, PolarPattern

    R, T, r = 60.0, 15.0, 2.0
    disc = Cylinder(id="disc", diameter=2 * R, height=T)
    bore = Hole(id="bore", target="disc", diameter=50)
    bolts = Hole(id="bolts", target="bore", diameter=10, at=PolarPattern(count=8, diameter=95))
    result = build(plan(disc, bore, bolts, Fillet(id="rim", target="bolts", radius=r, edges="top_outer")))
    body = PI * R * R * T - PI * 25**2 * T - 8 * PI * 5**2 * T
    rim = 2 * PI * (R - CENTROID * r) * SPANDREL * r * r
    solid(result, volume=body - rim, rel=1e-5, bbox=(2 * R, 2 * R, T))
