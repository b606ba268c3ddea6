"""The one table of export formats: every consumer (CLI/engine parsing, API validation, the exporter's file names,
download content types) reads ``schemas.execution.FORMATS``."""

from __future__ import annotations

import pytest

from ai_designer.designer import parse_formats
from ai_designer.freecad.export import SUFFIXES
from ai_designer.schemas.api_schemas import DesignCreateRequest
from ai_designer.schemas.execution import ALL_FORMATS, FORMATS, normalise_format


def test_names_and_aliases_normalise() -> None:
    assert [normalise_format(n) for n in ("STP", ".step", "gltf", "FCStd", "freecad", " png ")] == [
        "step", "step", "glb", "fcstd", "fcstd", "png"]
    with pytest.raises(ValueError, match="choose from fcstd, step, stl, obj, glb, png"):
        normalise_format("dwg")


def test_every_consumer_reads_the_table() -> None:
    assert tuple(FORMATS) == ALL_FORMATS
    assert {name: fmt.suffix for name, fmt in FORMATS.items()} == SUFFIXES
    assert parse_formats("stp,gltf") == ["step", "glb"]
    assert DesignCreateRequest(formats=["STP", "gltf", "step"]).formats == ["step", "glb"]
    assert all(f.suffix.startswith(".") and "/" in f.content_type for f in FORMATS.values())
