"""One-token lookahead for Lark's Earley predictor: predict only the rules that can start with the next token.

Lark's Earley parser predicts every rule reachable from an expected non-terminal, whatever the next token is. Our
grammar has a few hundred alternatives behind ``clause``, ``mod`` and ``loc``, so each position of a sentence held
thousands of items that the next scan throws away — 150–350 ms per new sentence shape. A rule whose FIRST set does
not contain the next terminal (and that cannot derive the empty string) can never take part in a parse at this
position, so leaving it out changes no parse and no ambiguity resolution; it only removes dead items.

The parser reads its predictions through ``parser.predictions[symbol]``; :func:`install` replaces that table with one
that filters by the lookahead the pre-lexed token stream publishes (:func:`stream`). The lookahead is per thread
(planning runs in API worker threads).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["install", "stream", "set_first"]

END = "$END"


class _Lookahead(threading.local):
    next: str | None = None
    upto: int | None = None  # read only this many tokens (the rest of the sentence still counts as ahead)
    miss: int | None = None  # bits of the terminals *not* between the current position and the end of the sentence


_LA = _Lookahead()


#: one bit per terminal of the grammar (set by :func:`install`); a terminal no rule uses has none (no rule needs it)
_BITS: dict[str, int] = {}


def _mask(names: Iterable[str]) -> int:
    bits = _BITS
    mask = 0
    for name in names:
        mask |= bits.get(name, 0)
    return mask


def set_first(types: tuple[str, ...], upto: int | None = None) -> None:
    """The sentence about to be parsed (the start symbol is predicted before the first token is read); with
    ``upto``, the parser reads only its first ``upto`` tokens, each position keeping the whole sentence's lookahead."""
    _LA.next = types[0] if types else END
    _LA.upto = upto
    _LA.miss = ~_mask(types)


def stream(tokens: Iterable[Any]) -> Iterator[Any]:
    """Yield the tokens, publishing each one as the lookahead before the parser predicts at its position."""
    tokens = list(tokens)
    misses: list[int] = []
    seen = 0
    bits = _BITS
    for token in reversed(tokens):
        seen |= bits.get(token.type, 0)
        misses.append(~seen)
    misses.reverse()
    upto, _LA.upto = _LA.upto, None
    for token, miss in zip(tokens[:upto], misses[:upto], strict=True):
        _LA.next, _LA.miss = token.type, miss
        yield token
    _LA.next, _LA.miss = END, ~0


def _first_bits(rule: Any, first: dict[Any, set[Any]], nullable: set[Any], masks: dict[Any, int]) -> int:
    """Bits of the terminals a rule can start with; -1 when the rule can derive the empty string. ``masks`` keeps
    each non-terminal's FIRST set as bits: thousands of rules start with the same few (an article, a measure), and
    turning their FIRST sets into bits for every rule was a third of reading the cached parser in a cold process."""
    bits = 0
    for sym in rule.expansion:
        if sym.is_term:
            return bits | _BITS.get(sym.name, 0)
        mask = masks.get(sym)
        if mask is None:
            mask = masks[sym] = _mask(t.name for t in first.get(sym, ()))
        bits |= mask
        if sym not in nullable:
            return bits
    return -1


class _Predictions(dict[Any, list[Any]]):
    """``symbol -> rules to predict``, narrowed to those that can start with the current lookahead (cached) and whose
    terminals all lie ahead."""

    def __init__(self, base: dict[Any, list[Any]], first: dict[Any, set[Any]], nullable: set[Any]) -> None:
        super().__init__(base)
        rules = {rule for found in base.values() for rule in found}
        masks: dict[Any, int] = {}
        #: rule -> (bits of the terminals it can start with, -1 when it can derive the empty string; bits of the
        #: terminals it names; the name of its origin)
        self._rows = {rule: (_first_bits(rule, first, nullable, masks),
                             _mask(s.name for s in rule.expansion if s.is_term), sys.intern(str(rule.origin.name)))
                      for rule in rules}
        self._closures: dict[Any, list[tuple[Any, int, int, str]]] = {}  # symbol -> its rules with their rows
        self._cache: dict[tuple[Any, str | None], list[tuple[Any, int, str]]] = {}

    def narrowed(self, symbol: Any) -> list[tuple[Any, str]]:
        """The rules to predict for ``symbol`` at the current position, each with the name of its origin."""
        key = (symbol, _LA.next)
        found = self._cache.get(key)
        if found is None:
            rows = self._closures.get(symbol)
            if rows is None:
                rows = self._closures[symbol] = [(r, *self._rows[r]) for r in dict.__getitem__(self, symbol)]
            bit = _BITS.get(key[1], 0) if key[1] is not None else 0
            found = self._cache[key] = [(r, needs, origin) for r, first, needs, origin in rows
                                        if key[1] is None or first < 0 or first & bit]
        miss = _LA.miss
        if miss is None:
            return [(r, origin) for r, _, origin in found]
        return [(r, origin) for r, needs, origin in found if not needs & miss]  # its terminals are all still ahead

    def __getitem__(self, symbol: Any) -> list[Any]:
        return [r for r, _ in self.narrowed(symbol)]


def install(earley_parser: Any) -> None:
    """Give an ``lark.parsers.earley.Parser`` the lookahead-filtered prediction table."""
    names = {s.name for rule in earley_parser.parser_conf.rules for s in rule.expansion if s.is_term}
    names |= {t.name for found in earley_parser.FIRST.values() for t in found}
    for name in sorted(names):
        _BITS.setdefault(str(name), 1 << len(_BITS))
    earley_parser.predictions = _Predictions(earley_parser.predictions, earley_parser.FIRST, earley_parser.NULLABLE)
