""""The centre" of an odd regular polygon body is the polygon's centre, not its box's middle (a pentagon's box middle
is R (1 - cos 36°) / 2 towards its corner). The example suite checks volume and box, which a hole 2.4 mm off centre
does not change, so these build each part in FreeCAD and check where the hole went: a pentagon or triangle with a
round hole (or boss) on the polygon's centre has its centre of mass on that centre, at x = y = 0."""

from __future__ import annotations

import math

import pytest

from ai_designer.planning import plan_offline

CENTRED = [
    "a pentagonal prism 40 mm across flats, 20 tall, with a 6 mm hole in the centre",
    "a triangular prism 36 mm across flats 12 tall with a 5 mm hole in the middle",
    "Sketch a pentagon 40 mm across flats on the XY plane and extrude it 15 mm. Drill a 6 mm hole through the centre.",
    "Sketch a pentagon 40 mm across flats on the XY plane and extrude it 15 mm. Drill a 6 mm hole through the centre "
    "of the pentagon.",
    "a pentagon 40 across flats, 10 thick, with a 6 mm hole at x = 0, y = 0",
    "a pentagonal prism 40 mm across flats 20 tall with a 6 mm hole",
    "a pentagonal prism 40 mm across flats 20 tall with six 4 mm holes on a 24 mm PCD",
    "a triangular prism 60 mm across flats, 10 thick, with a 12 mm round pocket 4 deep in the middle",
    "a pentagonal prism 40 mm across flats, 20 tall, with a 10 mm boss 5 tall on top in the centre",
]


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory):
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.executor import get_executor
    from ai_designer.schemas.execution import JobSpec

    executor = get_executor()
    out = tmp_path_factory.mktemp("polygons")

    def _build(prompt: str):
        plan = plan_offline(prompt)
        result = executor.run(JobSpec(script=compile_plan(plan), out_dir=str(out / str(abs(hash(prompt)))),
                                      formats=[]))
        assert result.ok and result.geometry is not None, result.error
        return result.geometry

    return _build


@pytest.mark.parametrize("prompt", CENTRED, ids=[p[:50] for p in CENTRED])
def test_centre_is_the_polygons(build, prompt: str) -> None:
    geo = build(prompt)
    assert geo.solids == 1 and geo.valid
    assert geo.center_of_mass is not None
    assert geo.center_of_mass[0] == pytest.approx(0.0, abs=1e-6), "the feature is off the polygon's centre"
    assert geo.center_of_mass[1] == pytest.approx(0.0, abs=1e-6)


def test_off_centre_measured_from_the_polygons_centre(build) -> None:
    """A position given from the centre or in model coordinates is from the polygon's centre; from an edge, from that
    edge of its box (the flat on -X of a pentagon is at x = -20)."""
    solid = 5 * 20 ** 2 * math.tan(math.pi / 5) * 20
    for prompt, x in (("a pentagonal prism 40 mm across flats 20 tall with a 6 mm hole 5 mm to the right of the "
                       "centre", 5.0),
                      ("a pentagonal prism 40 mm across flats 20 tall with a 6 mm hole at x=5, y=0", 5.0),
                      ("a pentagonal prism 40 mm across flats, 20 tall, with a 6 mm hole 10 mm from the left edge",
                       -10.0)):
        geo = build(prompt)
        hole = math.pi * 3 ** 2 * 20
        # the centre of mass moves away from the hole by hole * x / (solid - hole)
        assert geo.center_of_mass[0] == pytest.approx(-hole * x / (solid - hole), abs=1e-4), prompt


def test_rows_on_an_odd_polygon_are_refused() -> None:
    from ai_designer.core.errors import RejectedError

    with pytest.raises(RejectedError, match="odd polygon"):
        plan_offline("a pentagonal prism 40 mm across flats 20 tall with four 4 mm holes at the corners")
