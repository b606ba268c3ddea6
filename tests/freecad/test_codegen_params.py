"""The saved document is parametric: edit a cell of ``Params``, recompute, and the model follows.

Each test builds a plan in this process (through the sandbox, as a worker would), reopens the saved FCStd in FreeCAD,
changes spreadsheet cells the way a user would in the GUI, recomputes and measures the result object again.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

from ai_designer.freecad.codegen import parameter_names
from ai_designer.schemas.task_graph import (
    Box,
    CADPlan,
    Extrude,
    Fillet,
    GridPattern,
    Hole,
    PolarPattern,
    RoundedRectangle,
    Shell,
)

PI = math.pi
PLATE = CADPlan(name="plate", operations=[
    Box(id="plate", length=90, width=70, height=8),
    Hole(id="holes", target="plate", diameter=5.5, at=GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60)),
])


def _edit(path: str, result: str, changes: dict[str, float]) -> dict[str, Any]:
    """Open ``path``, set spreadsheet cells, recompute; return measures of the object labelled ``result``."""
    import FreeCAD

    doc = FreeCAD.openDocument(path)
    try:
        sheet = doc.getObject("Params")
        for alias, value in changes.items():
            sheet.set(alias, str(value))
        doc.recompute()
        shape = doc.getObjectsByLabel(result)[0].Shape
        failed = [o.Label for o in doc.Objects if "Invalid" in o.State]
        holes = sorted((round(f.Surface.Center.x, 6), round(f.Surface.Center.y, 6))
                       for f in shape.Faces if type(f.Surface).__name__ == "Cylinder")
        bb = shape.BoundBox
        return {"volume": shape.Volume, "bbox": (bb.XLength, bb.YLength, bb.ZLength), "zmax": bb.ZMax,
                "valid": shape.isValid(), "failed": failed, "holes": holes, "faces": len(shape.Faces)}
    finally:
        FreeCAD.closeDocument(doc.Name)


def _built(build_local, plan: CADPlan) -> str:
    result = build_local(plan)
    assert result.ok, result.error
    return result.files["fcstd"]


def test_plate_height_cell_drives_plate_and_through_holes(build_local) -> None:
    path = _built(build_local, PLATE)
    after = _edit(path, "holes", {"plate_height": 12})
    assert after["failed"] == [] and after["valid"]
    assert after["volume"] == pytest.approx(90 * 70 * 12 - 4 * PI * 2.75 ** 2 * 12, rel=1e-9)
    assert after["bbox"] == pytest.approx((90, 70, 12), abs=1e-6)


def test_hole_spacing_and_diameter_cells_move_and_resize_the_holes(build_local) -> None:
    path = _built(build_local, PLATE)
    after = _edit(path, "holes", {"holes_spacing_x": 60, "holes_diameter": 8})
    assert after["failed"] == []
    assert after["volume"] == pytest.approx(90 * 70 * 8 - 4 * PI * 16 * 8, rel=1e-9)
    assert {x for x, _ in after["holes"]} == {-30.0, 30.0}
    assert {y for _, y in after["holes"]} == {-30.0, 30.0}


def test_growing_the_plate_keeps_it_centred_and_the_holes_symmetric(build_local) -> None:
    path = _built(build_local, PLATE)
    after = _edit(path, "holes", {"plate_length": 120})
    assert after["bbox"] == pytest.approx((120, 70, 8), abs=1e-6)
    assert {x for x, _ in after["holes"]} == {-40.0, 40.0}


def test_blind_hole_follows_the_top_face(build_local) -> None:
    plan = CADPlan(operations=[Box(id="b", length=40, width=40, height=10),
                               Hole(id="h", target="b", diameter=6, depth=4)])
    path = _built(build_local, plan)
    after = _edit(path, "h", {"b_height": 20, "h_depth": 7})
    assert after["volume"] == pytest.approx(40 * 40 * 20 - PI * 9 * 7, rel=1e-9)
    assert after["zmax"] == pytest.approx(20)


def test_fillet_radius_cell(build_local) -> None:
    plan = CADPlan(operations=[Box(id="b", length=40, width=30, height=10),
                               Fillet(id="round", target="b", radius=2, edges="vertical")])
    path = _built(build_local, plan)
    after = _edit(path, "round", {"round_radius": 5})
    assert after["failed"] == []
    assert after["volume"] == pytest.approx(40 * 30 * 10 - 4 * (1 - PI / 4) * 25 * 10, rel=1e-9)


def test_too_large_a_radius_marks_the_fillet_invalid(build_local) -> None:
    plan = CADPlan(operations=[Box(id="b", length=40, width=30, height=10),
                               Fillet(id="round", target="b", radius=2, edges="vertical")])
    after = _edit(_built(build_local, plan), "round", {"round_radius": 40})
    assert any("round" in label for label in after["failed"])


def test_profile_sketch_cells(build_local) -> None:
    plan = CADPlan(operations=[Extrude(id="e", profile=RoundedRectangle(length=40, width=20, radius=3), height=5)])
    after = _edit(_built(build_local, plan), "e", {"e_length": 50, "e_radius": 5, "e_height": 6})
    assert after["failed"] == []
    assert after["volume"] == pytest.approx((50 * 20 - (4 - PI) * 25) * 6, rel=1e-9)


def test_shell_thickness_cell(build_local) -> None:
    plan = CADPlan(operations=[Box(id="b", length=40, width=30, height=20),
                               Shell(id="s", target="b", thickness=2, open_faces=["top"])])
    after = _edit(_built(build_local, plan), "s", {"s_thickness": 3})
    assert after["volume"] == pytest.approx(40 * 30 * 20 - 34 * 24 * 17, rel=1e-9)


def test_pitch_circle_cell(build_local) -> None:
    plan = CADPlan(operations=[Box(id="b", length=80, width=80, height=5),
                               Hole(id="h", target="b", diameter=4, at=PolarPattern(count=4, diameter=40))])
    after = _edit(_built(build_local, plan), "h", {"h_pcd": 60})
    assert sorted(after["holes"]) == [(-30.0, 0.0), (0.0, -30.0), (0.0, 30.0), (30.0, 0.0)]


def test_sheet_lists_exactly_the_compiled_parameter_names(build_local) -> None:
    import FreeCAD

    path = _built(build_local, PLATE)
    doc = FreeCAD.openDocument(path)
    try:
        sheet = doc.getObject("Params")
        names = [sheet.getContents(f"A{row}") for row in range(2, 2 + len(parameter_names(PLATE)))]
    finally:
        FreeCAD.closeDocument(doc.Name)
    assert names == parameter_names(PLATE) == ["plate_length", "plate_width", "plate_height", "holes_diameter",
                                               "holes_spacing_x", "holes_spacing_y"]
    assert Path(path).suffix == ".FCStd"


def test_slot_pocket_cells_resize_every_linked_cutter(build_local) -> None:
    from ai_designer.schemas.task_graph import LinearPattern, Pocket, Slot

    plan = CADPlan(operations=[Box(id="b", length=60, width=40, height=10),
                               Pocket(id="p", target="b", profile=Slot(length=20, width=6), depth=4,
                                      at=LinearPattern(count=2, spacing=12, angle=90))])
    after = _edit(_built(build_local, plan), "p", {"p_length": 30, "p_width": 8, "p_depth": 5})
    assert after["failed"] == []
    assert after["volume"] == pytest.approx(60 * 40 * 10 - 2 * (22 * 8 + PI * 16) * 5, rel=1e-9)
