"""The words a refusal names when the grammar stops at a punctuation mark (``grammar.diagnose``).

"did not understand ','" tells the writer nothing: a comma is never what is not understood, the words after it are
(they could not be attached to what came before). So for a stop at a comma, colon or bracket the message quotes the
words from it up to the next punctuation mark, and what they follow: the face named last before the stop when one is
("after 'front face'": the sketch or feature they were said of), else the word just before.
"""

from __future__ import annotations

from lark import Token

__all__ = ["stuck_words"]

_PUNCT = frozenset({"COMMA", "COLON", "LP", "RP", "END", "SEMI"})


def _text(token: Token) -> str:
    return str(getattr(token.value, "text", token.value))


def stuck_words(sentence: list[Token], stuck: Token) -> str:
    """How the refusal names where reading stopped: the token itself, or for punctuation the words it starts."""
    if stuck.type not in _PUNCT:
        return f"'{_text(stuck)}'"
    at = next(i for i, t in enumerate(sentence) if t is stuck)
    end = next((j for j in range(at + 1, len(sentence)) if sentence[j].type in _PUNCT), len(sentence))
    words = " ".join(_text(t) for t in sentence[at:end]) or _text(stuck)
    before = sentence[:at]
    faces = [t for t in before if t.type.startswith("FACE_") or t.type == "W_FACE"]
    anchor = faces[-1] if faces else (before[-1] if before else None)
    return f"'{words}'" + (f" after '{_text(anchor)}'" if anchor is not None else "")
