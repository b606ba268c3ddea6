"""Sketches placed in model coordinates and the lexer readings they need (no FreeCAD: ``examples/prompts/sketches.yaml``
builds the parts)."""

from __future__ import annotations

import pytest

from ai_designer.core.errors import RejectedError
from ai_designer.planning import plan_offline
from ai_designer.planning.lexer import lex
from ai_designer.schemas.task_graph import Box, Cylinder


def _words(prompt: str) -> list[str]:
    return [t.text for t in lex(prompt)[0]]


def test_a_distance_in_an_axis_is_not_inches() -> None:
    toks = lex("pad 6 in +Z.")[0]
    assert [t.text for t in toks][:4] == ["pad", "6", "along", "z"] and toks[1].values == (6.0,)
    assert _words("a plate 4 in x 6 in x 0.25 in")[2] == "4 in x 6 in x 0.25 in"  # "x" between sizes is "by"


def test_a_minus_axis_keeps_its_sign_as_a_word() -> None:
    assert _words("pad it 15 along -Z")[-2:] == ["negative", "z"]


def test_z_equals_keeps_decimals_and_sign() -> None:
    assert _words("centred at X = 0, Z = 12.5")[-2:] == ["12.5", "teeth"]  # "Z =" is read as a coordinate
    assert _words("at z=-5")[1] == "-5"


def test_a_closing_parenthesis_is_not_a_step_number() -> None:
    assert ";" not in _words("a rectangle 16 wide (X from -8 to 8) and 20 tall (Z from 30 to 50)")


def test_from_the_origin_puts_the_corner_there() -> None:
    op = plan_offline("Sketch on XY a rectangle 60 (X) by 40 (Y) from the origin, pad 6 in +Z.").operations[0]
    assert isinstance(op, Box) and op.placement.at == (30, 20, 0) and (op.length, op.width, op.height) == (60, 40, 6)


def test_a_circle_on_xz_extruded_each_way_along_y() -> None:
    op = plan_offline("Sketch on XZ: a circle dia 40 centred at X = 0, Z = 30. Extrude symmetric, 10 mm each way "
                      "along Y (20 total).").operations[0]
    assert isinstance(op, Cylinder) and op.placement.at == (0, -10, 30) and op.height == 20


def test_down_on_the_xy_plane() -> None:
    op = plan_offline("Sketch on XY a 40 x 20 rectangle, pad it 15 along -Z.").operations[0]
    assert isinstance(op, Box) and op.placement.at[2] == -15


@pytest.mark.parametrize("prompt", [
    "Sketch on XY a rectangle 16 wide and 20 tall from the origin, pad 5 in Z.",  # which side is wide on XY?
    "Sketch on XY a 40 x 20 rectangle from the origin, pad 10 along Y.",  # not the plane's normal
    "Sketch on XY a circle radius 20 from the origin, pad 50 in Z.",  # a circle has no corner at the origin
    "Sketch on XZ a 40 x 20 rectangle from the origin, extrude it 10 mm downward.",  # down is not XZ's normal
    "Sketch on XY a rectangle X from -20 to 20, Y from -10 to 10 and extrude from Z = 30 up to Z = 0.",
    "Sketch on XY a rectangle 60 (X) by 40 (Y) from the origin, pad 6 in +Z. Sketch on XY a 10 x 10 rectangle, "
    "pad 5 in +Z.",  # a later sketch must be placed
])
def test_refused(prompt: str) -> None:
    with pytest.raises(RejectedError):
        plan_offline(prompt)
