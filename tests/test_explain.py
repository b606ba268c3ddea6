"""Error messages for people (issue 12): operator advice split off, wrong messages corrected, examples to try."""

from __future__ import annotations

import pytest

from ai_designer.agents.contracts import PlanRequest
from ai_designer.agents.planner import PlannerAgent
from ai_designer.core.errors import AIDesignerError
from ai_designer.explain import EXAMPLE_PROMPTS, explain, explain_for_cli, split_operator_advice
from ai_designer.planning.planner import plan_offline


def _rejection(prompt: str) -> dict[str, object]:
    """The real error the planner agent gives with no model configured."""
    with pytest.raises(AIDesignerError) as caught:
        PlannerAgent().execute(PlanRequest(prompt=prompt))
    return caught.value.to_dict()


@pytest.mark.parametrize(("prompt", "message", "example"), [
    ("a 100 x 60 x 10 mm plate with a 200 mm hole",
     "a 200 mm hole does not fit on the 100 x 60 mm face: make the hole smaller than 60 mm, or the part larger",
     "a 100 x 60 x 10 mm plate with a 30 mm hole"),
    ("a bracket", "a bracket needs its sizes: the two leg lengths, the width and the thickness",
     "an L-bracket with 50 and 40 mm legs, 30 mm wide, 5 mm thick"),
])
def test_wrong_messages_are_corrected(_isolated_home: object, prompt: str, message: str, example: str) -> None:
    explained = explain(_rejection(prompt), prompt)
    assert explained is not None
    assert explained["message"] == message
    assert explained["examples"][0] == example
    plan_offline(example)  # the corrected example is one the planner builds


def test_operator_advice_goes_to_admin(_isolated_home: object) -> None:
    explained = explain(_rejection("a plate"), "a plate")
    assert explained is not None
    assert explained["message"] == "the plate's length, width and height are not given"
    assert explained["examples"] == ["a 120 x 50 x 15 mm plate"]
    assert "OPENAI_API_KEY" in explained["admin"] and "_KEY" not in explained["message"]
    cli = explain_for_cli(_rejection("a plate"), "a plate")
    assert cli is not None and "OPENAI_API_KEY" in cli["message"] and "admin" not in cli


def test_unknown_parts_and_edits_get_examples(_isolated_home: object) -> None:
    dragon = explain(_rejection("a dragon"), "a dragon")
    assert dragon is not None and dragon["examples"] == EXAMPLE_PROMPTS[:2]
    assert "built-in planner reads plain parts" in dragon["message"]
    edit = explain({"code": "rejected", "message": "did not understand the change 'add a dragon' (e.g. 'make it 10 "
                    "mm thick', 'remove the fillets'); the offline planner cannot express this"}, "add a dragon")
    assert edit is not None and edit["examples"] == ["make it 10 mm thick", "remove the fillets"]
    assert edit["message"] == "did not understand the change 'add a dragon'"


def test_env_var_names_are_not_shown_to_people() -> None:
    text, admin = split_operator_advice("the prompt is 5000 characters; the limit is 4000 (MAX_PROMPT_CHARS): "
                                        "shorten it")
    assert text == "the prompt is 5000 characters; the limit is 4000: shorten it" and admin is None
    assert explain(None) is None


def test_a_new_part_typed_as_a_change(_isolated_home: object) -> None:
    with pytest.raises(AIDesignerError) as caught:
        PlannerAgent().execute(PlanRequest(prompt="a teapot", current=plan_offline("a 40 mm cube")))
    explained = explain(caught.value.to_dict(), "a teapot")
    assert explained is not None and explained["message"].startswith("“a teapot” reads as a new part")
    assert explained["examples"][0] == "make it 10 mm thick"
