"""Sizes written as arithmetic: "the height is 30 minus 2 × 5 mm", "3 × 12 + 4 mm in length", "20 − 8 mm deep".

A chain of numbers joined by operators becomes one number before the lexer groups quantities, but only when the
chain has an explicit plus or minus ("plus", "minus", "+", "−" written between spaces) or "times": "2 x 5" alone is a
size pair and stays one. Multiplication binds first. A unit may follow the numbers ("30 mm minus 10 mm"); two
different units in one chain are left alone (and so refused by the words after them).
"""

from __future__ import annotations

import re

__all__ = ["evaluate_arithmetic"]

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:\s*(?:mm|cm)\b)?"
_OP = r"\s*(?:\bminus\b|\bplus\b|\btimes\b|\s−\s|\s\+\s|×|\*|\bx\b)\s*"
_CHAIN = re.compile(rf"(?<![\w.]){_NUM}{_UNIT}(?:{_OP}{_NUM}{_UNIT})+")
_ADDITIVE = re.compile(r"\bminus\b|\bplus\b|\btimes\b|\s−\s|\s\+\s")
_PART = re.compile(rf"({_NUM})\s*(mm|cm)?|(minus|plus|times|−|\+|×|\*|x)")


def _value(chain: str) -> tuple[float, str | None] | None:
    terms: list[float] = []
    signs: list[float] = []
    units: set[str] = set()
    sign, product = 1.0, None
    for m in _PART.finditer(chain):
        if m.group(1):
            units |= {m.group(2)} if m.group(2) else set()
            value = float(m.group(1))
            product = value if product is None else product * value
        elif m.group(3) in ("minus", "−", "plus", "+"):
            terms.append(product or 0.0)
            signs.append(sign)
            sign, product = (-1.0 if m.group(3) in ("minus", "−") else 1.0), None
    terms.append(product or 0.0)
    signs.append(sign)
    if len(units) > 1:
        return None
    return sum(s * t for s, t in zip(signs, terms, strict=True)), next(iter(units), None)


def evaluate_arithmetic(text: str) -> str:
    """``text`` with each arithmetic chain replaced by its value (and its unit, when one was written)."""
    def one(m: re.Match[str]) -> str:
        if not _ADDITIVE.search(m.group(0)):
            return m.group(0)
        done = _value(m.group(0))
        if done is None or done[0] <= 0:
            return m.group(0)
        return f" {done[0]:g}{' ' + done[1] if done[1] else ''} "
    return _CHAIN.sub(one, text)
