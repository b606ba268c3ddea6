"""Bodies placed at the origin or along an axis are built where the words put them (real FreeCAD: the solid's
bounding box corners, not only its size), and what the words leave open is refused."""

from __future__ import annotations

import pytest

from ai_designer.core.errors import RejectedError
from ai_designer.planning import plan_offline

PLACED = [
    ("A round rod 30 mm in diameter, 50 long, lying along the X axis starting at the origin.",
     (0, -15, -15), (50, 15, 15)),
    ("A 40 x 30 x 20 block with a corner at the origin.", (0, 0, 0), (40, 30, 20)),
    ("Rectangular block 60 along X, 40 along Y, 30 along Z, centred on the origin.", (-30, -20, -15), (30, 20, 15)),
    ("A sphere of radius 25 at the origin.", (-25, -25, -25), (25, 25, 25)),
    ("Two round rods, each 20 mm in diameter and 80 mm long, one along X and one along Y, both centred on the "
     "origin, fused together.", (-40, -40, -10), (40, 40, 10)),
    ("A cylinder 20 mm in diameter and 60 mm long lying along Y, centred on the origin.", (-10, -30, -10),
     (10, 30, 10)),
    ("Create a sphere radius 25 at the origin and cut away everything below Z = 0, keeping the top half.",
     (-25, -25, 0), (25, 25, 25)),
    ("A 60 x 40 x 30 block with a corner at the origin. Cut away everything above Z = 10.", (0, 0, 0), (60, 40, 10)),
    ("Two spheres of diameter 30 whose centres are 80 mm apart along X, joined by a 10 mm diameter rod running "
     "from one sphere centre to the other.", (-55, -15, 0), (55, 15, 30)),
    ("Three 20 mm cubes in a row along X, with their centres at X = 0, 50 and 100 (Y = 0). Join them with a square "
     "bar, 10 x 10 in section, running along X from the centre of the first cube to the centre of the last one.",
     (-10, -10, 0), (110, 10, 20)),
    ("A 40 mm cube. Add a rod 10 mm in diameter and 100 long along X, centred at (0, 0, 20).", (-50, -20, 0),
     (50, 20, 40)),
]


@pytest.fixture(scope="module")
def geometry(tmp_path_factory: pytest.TempPathFactory):
    from ai_designer.freecad.codegen import compile_plan
    from ai_designer.freecad.executor import get_executor
    from ai_designer.schemas.execution import JobSpec

    executor = get_executor()
    out = tmp_path_factory.mktemp("unions")

    def _build(prompt: str, name: str):
        plan = plan_offline(prompt)
        result = executor.run(JobSpec(script=compile_plan(plan), out_dir=str(out / name), formats=[]))
        assert result.ok and result.geometry is not None, result.error
        return plan, result.geometry

    return _build


@pytest.mark.parametrize(("prompt", "lo", "hi"), PLACED, ids=[p[:40] for p, _, _ in PLACED])
def test_body_lands_where_the_words_say(geometry, prompt: str, lo: tuple[float, ...], hi: tuple[float, ...]) -> None:
    plan, geo = geometry(prompt, str(abs(hash(prompt))))
    assert geo.solids == 1 and geo.valid
    assert geo.bbox_min == pytest.approx(lo, abs=1e-6)
    assert geo.bbox_max == pytest.approx(hi, abs=1e-6)
    if plan.intent.bbox is not None:  # a sphere cut by a block has no box by formula (unchecked)
        assert plan.intent.bbox == pytest.approx([h - low for low, h in zip(lo, hi, strict=True)], abs=1e-6)


def test_turned_union_volume_is_not_summed() -> None:
    """Two crossing rods overlap: the plan must not claim the sum of their volumes (their turned boxes overlap)."""
    plan = plan_offline("Two round rods, each 20 mm in diameter and 80 mm long, one along X and one along Y, both "
                        "centred on the origin, fused together.")
    assert plan.intent.volume is None


@pytest.mark.parametrize("prompt", [
    "A 40 x 30 x 20 block at the origin.",
    "A hemisphere 40 mm in diameter centred on the origin.",
    "Three cubes, each 20 mm, one along X, one along Y and one along Z.",
    "A 100 x 20 x 20 bar lying along Z.",
])
def test_open_positions_are_refused(prompt: str) -> None:
    with pytest.raises(RejectedError):
        plan_offline(prompt)


def test_quarter_turns_match_the_compiler() -> None:
    """The estimate's exact quarter turns are the turns the FreeCAD code applies (X, then Y, then Z)."""
    import itertools

    from ai_designer.freecad.codegen_support import rotation_matrix
    from ai_designer.planning.intent import _quarter_turn

    for turn in itertools.product((0.0, 90.0, 180.0, -90.0), repeat=3):
        m = rotation_matrix(*turn)
        for p in ((1.0, 2.0, 3.0), (-4.0, 5.0, 7.0)):
            want = tuple(sum(m[i][j] * p[j] for j in range(3)) for i in range(3))
            assert _quarter_turn(p, turn) == pytest.approx(want, abs=1e-9)
