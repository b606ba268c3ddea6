"""The grammar front end, the location algebra and the every-word accounting (no FreeCAD: the example suite builds
the grammar's parts in ``examples/prompts/grammar.yaml``)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ai_designer.core.errors import PlanError, RejectedError
from ai_designer.planning import plan_offline
from ai_designer.planning.grammar import parse_clauses
from ai_designer.planning.lexer import lex
from ai_designer.schemas.task_graph import Boolean, Cylinder, Hole, Pocket

PLANNING = Path(__file__).resolve().parents[2] / "src" / "ai_designer" / "planning"


def _clauses(prompt: str):
    toks, unit = lex(prompt)
    return parse_clauses(toks, unit)


def test_construction_sequence_parses_into_typed_clauses() -> None:
    clauses = _clauses("1. Create a 120 mm (X) x 50 mm (Y) x 15 mm (Z) block. "
                       "2. Cut a slot 30 mm long, 8 mm wide, centred in Y, 20 mm from the right end.")
    assert clauses is not None
    create, cut = clauses
    assert (create.action, create.noun.kind, create.noun.sizes[0].axes) == ("create", "box", (0, 1, 2))
    assert cut.action == "cut" and cut.noun.kind == "slot"
    assert {m.dim: m.value for m in cut.measures} == {"length": 30.0, "width": 8.0}
    kinds = {loc.kind: loc for loc in cut.locs}
    assert kinds["centre"].axes == (1,)  # "centred in Y" constrains Y only: it does not turn the slot
    assert (kinds["from_face"].face, kinds["from_face"].value) == ("right", 20.0)


def test_a_word_the_grammar_does_not_know_means_no_parse() -> None:
    assert _clauses("Create a 50 mm cube. Then wibble it.") is None
    assert _clauses("Create a 50 mm cube.") is not None


def test_descriptive_sentences_are_consumed_and_purpose_words_listed() -> None:
    plan = plan_offline("This is a spacer for my shelf. I'll describe it step by step. "
                        "First, a block 80 mm long, 40 mm wide and 20 mm high.")
    assert plan.intent.bbox == (80.0, 40.0, 20.0)
    assert any(i.startswith("shelf:") for i in plan.ignored)


def test_join_on_top_and_hole_through_the_whole_part() -> None:
    plan = plan_offline("Start by making a cylinder 40 mm in diameter and 20 mm tall. Next, add a smaller cylinder "
                        "20 mm in diameter and 30 mm high on top of it, centred. Finally drill a 6 mm hole through "
                        "the whole part.")
    top = next(op for op in plan.operations if isinstance(op, Cylinder) and op.diameter == 20)
    assert top.placement.at == (0.0, 0.0, 20.0)
    assert any(isinstance(op, Boolean) and op.kind == "union" for op in plan.operations)
    hole = next(op for op in plan.operations if isinstance(op, Hole))
    assert hole.depth is None and plan.intent.bbox == (40.0, 40.0, 50.0)


def test_location_algebra_coordinates_and_centre() -> None:
    plan = plan_offline("Make a box 100 x 60 x 40 mm. Add a cylinder of diameter 20 and height 15 at (20, 10) on top.")
    cyl = next(op for op in plan.operations if isinstance(op, Cylinder))
    assert cyl.placement.at == (20.0, 10.0, 40.0)
    plan = plan_offline("Create a 120 x 50 x 15 mm block. Cut a 10 mm hole through, 30 mm from the left end.")
    hole = next(op for op in plan.operations if isinstance(op, Hole))
    assert hole.at.resolve() == [(-30.0, 0.0)]  # centre 30 mm from the end at x = -60


@pytest.mark.parametrize("prompt", [
    "1. Create a 120 x 50 x 15 block. 2. Cut a slot 30 long, 8 wide, through, 20 mm from the right end.",
    "A 50 mm cube. Add a 20 mm sphere on top of it.",
    "Create a 100 x 60 x 10 block. Add a cylinder of diameter 20 and height 15.",
    "1. Create a 120 x 50 x 15 block. 2. Cut a slot 30 long, 8 wide, through, centred. 3. Chamfer the slot edges 0.5 mm.",
])
def test_what_the_words_leave_open_is_refused_not_guessed(prompt: str) -> None:
    with pytest.raises(RejectedError):
        plan_offline(prompt)


@pytest.mark.parametrize("prompt, word", [
    ("a box 100 x 60 x 40 mm with a lid", "lid"),
    ("a 50 mm cube with a smiley face engraved on top", "smiley"),
    ("a 100 x 40 x 5 plate with my name engraved", "name"),
    ("Create a 50 mm cube. Then wibble the top.", "wibble"),
])
def test_every_word_is_built_ignored_or_refused(prompt: str, word: str) -> None:
    with pytest.raises(RejectedError) as info:
        plan_offline(prompt)
    assert f"'{word}'" in info.value.message


def test_an_edit_cannot_drop_words_either() -> None:
    plate = plan_offline("a 100 x 60 x 10 plate with four 6 mm holes at the corners, 10 mm from the edges")
    with pytest.raises(RejectedError) as info:
        plan_offline("make the holes 2 mm wibbly", current=plate)
    assert "'wibbly'" in info.value.message


def test_slot_path_result_lists_ignored_words_too() -> None:
    plan = plan_offline("a 90 x 70 x 8 mm aluminium plate for my robot")
    assert {i.split(":")[0] for i in plan.ignored} >= {"aluminium", "robot"}


def test_sketch_and_extrude() -> None:
    plan = plan_offline("Sketch a rectangle 40 by 25 on the XY plane, then extrude it 10 mm.")
    assert plan.intent.bbox == (40.0, 25.0, 10.0) and plan.intent.volume == pytest.approx(10000.0)
    slot = plan_offline("Create a 120 x 50 x 15 block. Cut a slot 30 mm long, 8 mm wide, through, centred.")
    assert any(isinstance(op, Pocket) for op in slot.operations)


def test_bad_values_say_what_is_wrong() -> None:
    with pytest.raises(PlanError) as info:
        plan_offline("Create a -5 mm cube.")
    assert "-5" in info.value.message and "greater than" not in info.value.message


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ai_designer.planning."):
            found.add(node.module.rsplit(".", 1)[1])  # type: ignore[union-attr]
    return found


def test_planning_has_no_import_cycle_and_no_long_function() -> None:
    graph = {p.stem: _imports(p) for p in PLANNING.glob("*.py")}

    def reaches(start: str, node: str, seen: set[str]) -> bool:
        for nxt in graph.get(node, ()):
            if nxt == start or (nxt not in seen and reaches(start, nxt, seen | {nxt})):
                return True
        return False

    assert [m for m in graph if reaches(m, m, {m})] == []
    long = [f"{p.name}:{n.name}" for p in PLANNING.glob("*.py")
            for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
            if isinstance(n, ast.FunctionDef) and n.end_lineno - n.lineno + 1 > 60]  # type: ignore[operator]
    assert long == []


def test_ignored_words_reach_the_json_result() -> None:
    from ai_designer.schemas.design_state import DesignResult, DesignStatus

    plan = plan_offline("a 90 x 70 x 8 mm aluminium plate for my robot")
    result = DesignResult(status=DesignStatus.succeeded, request_id="r1", plan=plan, ignored=list(plan.ignored))
    assert [i.split(":")[0] for i in result.public()["ignored"]] == ["aluminium", "robot"]
