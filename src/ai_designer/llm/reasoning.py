"""Split reasoning (``<think>…</think>``, as DeepSeek-R1 and Qwen-QwQ emit it) from the answer.

The reasoning is worth keeping for logs and live streams, but it must never be parsed as the answer: a JSON plan
inside a ``<think>`` block is a draft, not the plan. :func:`split_reasoning` works on a whole text,
:class:`ThinkSplitter` on a stream whose chunks may cut a tag in half.
"""

from __future__ import annotations

import re

__all__ = ["split_reasoning", "ThinkSplitter"]

_OPEN, _CLOSE = "<think>", "</think>"
_BLOCK = re.compile(r"<think>(.*?)</think>", re.DOTALL | re.IGNORECASE)


def split_reasoning(text: str) -> tuple[str | None, str]:
    """Return ``(reasoning, answer)``. An unclosed ``<think>`` makes the rest reasoning (the answer is then empty);
    a lone ``</think>`` (some servers strip the opening tag) makes everything before it reasoning."""
    if not text:
        return None, text
    parts: list[str] = [m.group(1).strip() for m in _BLOCK.finditer(text)]
    answer = _BLOCK.sub("", text)
    low = answer.lower()
    if _OPEN in low:
        i = low.index(_OPEN)
        parts.append(answer[i + len(_OPEN):].strip())
        answer = answer[:i]
    elif _CLOSE in low:
        i = low.index(_CLOSE)
        parts.insert(0, answer[:i].strip())
        answer = answer[i + len(_CLOSE):]
    reasoning = "\n\n".join(p for p in parts if p) or None
    return reasoning, answer.strip()


class ThinkSplitter:
    """Feed stream chunks; get back ``(reasoning_text, answer_text)`` for each, tags removed.

    A chunk that ends with a prefix of a tag (``"<thi"``) is held back until the next chunk decides it.
    """

    def __init__(self) -> None:
        self._inside = False
        self._pending = ""

    def feed(self, chunk: str) -> tuple[str, str]:
        text = self._pending + chunk
        self._pending = ""
        reasoning: list[str] = []
        answer: list[str] = []
        while text:
            tag = _CLOSE if self._inside else _OPEN
            idx = text.lower().find(tag)
            if idx >= 0:
                (reasoning if self._inside else answer).append(text[:idx])
                text = text[idx + len(tag):]
                self._inside = not self._inside
                continue
            keep = _partial_suffix(text.lower(), tag)
            emit, self._pending = (text[:-keep], text[-keep:]) if keep else (text, "")
            (reasoning if self._inside else answer).append(emit)
            break
        return "".join(reasoning), "".join(answer)

    def flush(self) -> tuple[str, str]:
        rest, self._pending = self._pending, ""
        return (rest, "") if self._inside else ("", rest)


def _partial_suffix(text: str, tag: str) -> int:
    """Length of the longest suffix of ``text`` that is a proper prefix of ``tag``."""
    for n in range(min(len(tag) - 1, len(text)), 0, -1):
        if text.endswith(tag[:n]):
            return n
    return 0
