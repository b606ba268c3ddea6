"""Unit tests of the offline planner's parts: lexer (units, number words), slot extraction, edits, refusals,
assumptions, and a fuzz test that no input makes it crash. Geometry is checked in ``test_examples.py``."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_designer.core.errors import AIDesignerError, PlanError, RejectedError
from ai_designer.planning import plan_offline
from ai_designer.planning.lexer import lex
from ai_designer.schemas.task_graph import Box, CADPlan, Fillet, GridPattern, Hole, PolarPattern


def _values(text: str) -> list[tuple[float, ...]]:
    toks, _ = lex(text)
    return [t.values for t in toks if t.kind == "qty"]


@pytest.mark.parametrize(("text", "want"), [
    ("100x50x30 mm", [(100, 50, 30)]),
    ("100 by 50 by 30", [(100, 50, 30)]),
    ('2" x 1/2"', [(50.8, 12.7)]),
    ("a quarter inch", [(6.35,)]),
    ("one and a half inches", [(38.1,)]),
    ("1-1/2 in", [(38.1,)]),
    ("5 cm", [(50,)]),
    ("0.2 m", [(200,)]),
    ("twenty five mm", [(25,)]),
    ("a dozen holes", [(12,)]),
    ("one hundred and twenty mm", [(120,)]),
    ("twelve point five mm", [(12.5,)]),
    ("two hundred by one hundred by ten", [(200, 100, 10)]),
    ("Ø12mm", [(12,)]),
])
def test_quantities_and_units(text: str, want: list[tuple[float, ...]]) -> None:
    got = _values(text)
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w)


def test_default_unit_stated_once() -> None:
    plan = plan_offline("all dimensions in inches: block 4 x 2 x 1")
    assert plan.intent.bbox == pytest.approx((101.6, 50.8, 25.4))
    assert any("units" in a for a in plan.assumptions)


def test_metric_thread_clearance_table() -> None:
    plan = plan_offline("a 100 x 60 x 10 plate with four M6 clearance holes at the corners 8 mm from the edges")
    hole = plan.operations[-1]
    assert isinstance(hole, Hole) and hole.diameter == 6.6
    assert isinstance(hole.at, GridPattern) and (hole.at.spacing_x, hole.at.spacing_y) == (84, 44)
    assert "M6 clearance: 6.6 mm (ISO 273 medium)" in plan.assumptions


def test_bolt_circle_is_a_polar_pattern() -> None:
    plan = plan_offline("a 100 mm disc 10 mm thick with six 8 mm holes equally spaced on a 70 mm PCD")
    hole = plan.operations[-1]
    assert isinstance(hole, Hole) and isinstance(hole.at, PolarPattern)
    assert (hole.at.count, hole.at.diameter) == (6, 70)
    assert plan.intent.holes == 6


def test_assumptions_are_reported() -> None:
    plan = plan_offline("a 90 x 70 x 8 plate with a 10 mm hole")
    assert "hole depth: through (not stated)" in plan.assumptions
    assert "units: mm (not stated)" in plan.assumptions


def test_intent_volume_is_exact_for_a_plate_with_holes() -> None:
    plan = plan_offline("A 90 x 70 x 8 mm plate with four 5.5 mm corner holes, 6 mm from both edges")
    assert plan.intent.volume == pytest.approx(90 * 70 * 8 - 4 * 3.141592653589793 * 2.75 ** 2 * 8)


def test_edit_returns_a_modified_copy() -> None:
    base = plan_offline("a 100 x 60 x 8 mm plate with a 3 mm fillet on the vertical edges")
    thick = plan_offline("make it 10 mm thick", base)
    assert isinstance(thick.operations[0], Box) and thick.operations[0].height == 10
    assert isinstance(base.operations[0], Box) and base.operations[0].height == 8  # original untouched
    bare = plan_offline("remove the fillets", thick)
    assert not any(isinstance(op, Fillet) for op in bare.operations)
    CADPlan.model_validate(bare.model_dump())  # still a valid graph


def test_edit_that_describes_a_new_part_replaces_the_design() -> None:
    base = plan_offline("a 100 x 60 x 8 mm plate")
    new = plan_offline("a 40 mm sphere", base)
    assert new.name == "sphere" and len(new.operations) == 1


@pytest.mark.parametrize("prompt", ["something beautiful", "a turbofan engine", "a plate with some holes"])
def test_refusals_name_the_problem_and_the_llm_option(prompt: str) -> None:
    with pytest.raises(RejectedError) as info:
        plan_offline(prompt)
    assert "OPENAI_API_KEY" in info.value.message and "ollama" in info.value.message


@pytest.mark.parametrize(("prompt", "word"), [
    ("a 10 x 10 x banana mm box", "banana"),
    ("a -5 mm cube", "-5"),
    ("a 20 mm cube with all edges filleted 15 mm", "fillet"),
])
def test_impossible_values_are_plan_errors(prompt: str, word: str) -> None:
    with pytest.raises(PlanError) as info:
        plan_offline(prompt)
    assert word in info.value.message


_ALPHABET = st.sampled_from(list("0123456789 .,x/-\"'ØRMmdiaholeplatecubfrsnt")) | st.characters()
_WORDS = st.sampled_from(["a", "plate", "hole", "holes", "4", "x", "mm", "10", "with", "fillet", "M6", "on", "PCD",
                          "corners", "from", "edges", "deep", "thick", "Ø", "-3", "1/0", "0", "1e9", "inch", "and",
                          "make", "it", "remove", "the", "grid", "3 x 4", "o'clock", "tray", "gear", "teeth"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(_ALPHABET, max_size=80), st.lists(_WORDS, max_size=25).map(" ".join)))
def test_fuzz_never_crashes(text: str) -> None:
    base = plan_offline("a 100 x 60 x 8 mm plate with a 6 mm hole")
    for current in (None, base):
        try:
            plan = plan_offline(text, current)
        except AIDesignerError as exc:
            assert exc.message
        else:
            CADPlan.model_validate(plan.model_dump())


def test_vocabulary_defines_each_phrase_once() -> None:
    import yaml

    from ai_designer.planning.vocab import _DIR, fold

    lex_data = yaml.safe_load((_DIR / "lexicon.yaml").read_text(encoding="utf-8"))
    seen: dict[tuple[str, ...], str] = {}
    for family, body in lex_data.items():
        if family in ("vague", "harmless"):
            continue
        entries = body.items() if isinstance(body, dict) else [(None, body)]
        for name, words in entries:
            for phrase in words:
                assert isinstance(phrase, str), f"{family}:{name}: {phrase!r} is not text (quote it in YAML)"
                key = tuple(fold(w) for w in phrase.lower().replace("-", " ").split())
                assert key not in seen, f"'{phrase}' is both {seen[key]} and {family}:{name}"
                seen[key] = f"{family}:{name}"
