"""The refusal names the words after a punctuation mark where reading stopped, and the face they were said of —
never a bare comma (``stop_words.stuck_words``)."""

from __future__ import annotations

import pytest

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import plan_offline


@pytest.mark.parametrize(("prompt", "words", "face"), [
    ("Make a 60 x 40 x 10 block. Then sketch on the right face, the one facing +X, a circle of diameter 8 centred on "
     "it, and cut it 5 deep.", ", the one facing x", "right face"),
    ("Make a 80 x 40 x 10 plate. Sketch on the top face three circles of diameter 6, centered in the width, at x = 10,"
     " x = 40 and x = 70. Extrude them 5 mm up.", ", centered in the width", "top face"),
])
def test_stop_at_comma_names_the_words_and_the_face(prompt: str, words: str, face: str) -> None:
    with pytest.raises(AIDesignerError) as caught:
        plan_offline(prompt)
    message = caught.value.message
    assert f"did not understand '{words}' after '{face}'" in message
    assert "did not understand ','" not in message


def test_stop_at_a_word_names_the_word() -> None:
    with pytest.raises(AIDesignerError) as caught:
        plan_offline("Turn a shaft 90 long overall. The last 30 mm is Ø16, the first 60 mm is Ø24.")
    assert "did not understand 'last'" in caught.value.message
