"""<think> blocks are split from answers, whole or streamed with tags cut across chunks."""

from __future__ import annotations

import pytest

from ai_designer.llm.reasoning import ThinkSplitter, split_reasoning


@pytest.mark.parametrize(("text", "reasoning", "answer"), [
    ("plain answer", None, "plain answer"),
    ("<think>hmm</think>answer", "hmm", "answer"),
    ("<THINK>a</THINK> x <think>b</think> y", "a\n\nb", "x  y"),
    ("<think>never closed {\"a\": 1}", 'never closed {"a": 1}', ""),
    ("stripped opening</think>\n{\"a\": 2}", "stripped opening", '{"a": 2}'),
    ("", None, ""),
])
def test_split_reasoning(text: str, reasoning: str | None, answer: str) -> None:
    assert split_reasoning(text) == (reasoning, answer)


def test_stream_splitter_handles_tags_across_chunks() -> None:
    chunks = ["<", "think>I am th", "inking</", "think", ">The ans", "wer <thi", "nk>again</think>!", " <t"]
    splitter = ThinkSplitter()
    thought, said = [], []
    for c in chunks:
        t, a = splitter.feed(c)
        thought.append(t)
        said.append(a)
    t, a = splitter.flush()
    thought.append(t)
    said.append(a)
    assert "".join(thought) == "I am thinkingagain"
    assert "".join(said) == "The answer ! <t"
