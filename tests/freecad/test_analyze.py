"""``analyze_document`` on documents built by the generator (and edited the way a user would)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ai_designer.core.errors import NotFoundError
from ai_designer.freecad.analyze import analyze_document
from ai_designer.schemas.task_graph import Box, CADPlan, Fillet, GridPattern, Hole

PI = math.pi
PLATE = CADPlan(name="plate", operations=[
    Box(id="plate", length=90, width=70, height=8),
    Hole(id="holes", target="plate", diameter=5.5, at=GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60)),
    Fillet(id="round", target="holes", radius=4, edges="vertical"),
])
VOLUME = 90 * 70 * 8 - 4 * PI * 2.75 ** 2 * 8 - 4 * (1 - PI / 4) * 16 * 8


@pytest.fixture
def plate_file(build_local) -> str:
    result = build_local(PLATE)
    assert result.ok, result.error
    return result.files["fcstd"]


def test_lists_parameters_with_values_and_meaning(plate_file: str) -> None:
    info = analyze_document(plate_file)
    assert info["parameters"]["plate_length"] == pytest.approx(90)
    params = {p["name"]: p for p in info["parameter_details"]}
    assert list(params) == ["plate_length", "plate_width", "plate_height", "holes_diameter", "holes_spacing_x",
                            "holes_spacing_y", "round_radius"]
    assert params["plate_length"]["value"] == pytest.approx(90)
    assert params["round_radius"]["value"] == pytest.approx(4)
    assert params["plate_length"]["meaning"] == "plate: length along X (mm)"
    assert params["plate_length"]["sheet"] == "Params"


def test_lists_objects_with_state_properties_and_expressions(plate_file: str) -> None:
    info = analyze_document(plate_file)
    objects = {o["name"]: o for o in info["objects"]}
    box = objects["plate"]
    assert box["type"] == "Part::Box" and box["ok"] and box["state"] == ["Up-to-date"]
    assert box["properties"] == {"Length": 90.0, "Width": 70.0, "Height": 8.0}
    assert box["expressions"]["Length"] == "Params.plate_length"
    fillet = objects["round_fillet"]
    assert fillet["type"] == "PartDesign::Fillet" and fillet["properties"]["Radius"] == pytest.approx(4)
    assert info["failed"] == []
    assert not any(o["type"] in ("App::Origin", "App::Line", "App::Plane") for o in info["objects"])


def test_geometry_of_the_final_solid(plate_file: str) -> None:
    info = analyze_document(plate_file)
    assert info["result"] == ["round_"]  # the PartDesign body holding the fillet (``round`` is a Python builtin)
    assert info["result_labels"] == ["round"]
    g = info["geometry"]
    assert g["volume"] == pytest.approx(VOLUME, rel=1e-9)
    assert g["bbox"] == pytest.approx([90, 70, 8], abs=1e-6)
    assert g["solids"] == 1 and g["valid"]


def test_reports_a_feature_broken_by_an_edit(plate_file: str, tmp_path: Path) -> None:
    import FreeCAD

    doc = FreeCAD.openDocument(plate_file)
    try:
        doc.getObject("Params").set("round_radius", "50")
        doc.recompute()
        edited = tmp_path / "edited.FCStd"
        doc.saveAs(str(edited))
    finally:
        FreeCAD.closeDocument(doc.Name)
    info = analyze_document(edited)
    failed = {o["name"]: o for o in info["failed"]}
    assert "round_fillet" in failed and failed["round_fillet"]["message"]


def test_a_missing_file_is_a_not_found_error(freecad_inprocess, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="existing .FCStd"):
        analyze_document(tmp_path / "nope.FCStd")
