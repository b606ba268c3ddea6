"""Lark's Earley loop (``Parser._parse`` / ``predict_and_complete`` of Lark 1.3.1) with its repeated work taken out.

A new sentence shape cost 10–60 ms in Lark's loop, mostly work whose result was thrown away:

* every item that expects a non-terminal predicted that symbol's whole rule closure (Lark predicts the rules of every
  symbol reachable at the left edge at once) — again for each such item in the column, and again for each symbol in
  the closure, although the first prediction had already added every one of those items: a repeat only re-creates
  equal items and finds them present;
* every completed item scanned its whole origin column for the items waiting for its symbol — the same column, again
  and again, although a column before the current one never changes any more;
* set membership of grammar symbols (``expect in TERMINALS``) runs Python-level ``__hash__``/``__eq__`` where the
  symbol's own ``is_term`` says the same.

This loop makes the same steps in the same order — the same items, forest nodes and families, added in the same
order, so the same tree is chosen among ambiguous readings and a failing parse stops at the same token with the same
exception — and skips only those repeats: a symbol is not predicted again in a column once a symbol whose closure
holds it was (the prediction table's lookahead filter is per rule, so the filtered closure of a symbol inside another
closure is inside that one's filtered closure too), waiting items of a finished column are looked up in an index built
once, and terminals are told by ``is_term``. Lark's Leo transitives are never filled in this version of Lark (their
creation was removed), so the branch that reads them is left out; :func:`install` checks the version and leaves Lark's
own loop in place for any other. ``tests/planning/test_earley_loop.py`` compares both loops on many sentences.
"""

from __future__ import annotations

from collections import deque
from typing import Any, cast

import lark
from lark.exceptions import UnexpectedToken
from lark.lexer import Token
from lark.parsers import earley
from lark.parsers.earley_common import Item
from lark.parsers.earley_forest import StableSymbolNode, TokenNode
from lark.utils import OrderedSet

__all__ = ["install"]

_LARK = "1.3.1"  # the version this loop follows step by step


def _node(node_cache: dict[Any, Any], label: tuple[Any, int, int], make: Any) -> Any:
    found = node_cache.get(label)
    return found if found is not None else node_cache.setdefault(label, make(*label))


class _Node(StableSymbolNode):
    """Lark's ordered forest node without its Leo paths, which nothing fills in this version (an empty, loaded
    path set: ``load_paths`` would find nothing to load)."""

    __slots__ = ()

    def __init__(self, s: Any, start: int, end: int) -> None:
        self.s = s
        self.start = start
        self.end = end
        self._children = OrderedSet()
        self.paths = ()
        self.paths_loaded = True
        self.priority = float("-inf")
        self.is_intermediate = isinstance(s, tuple)


class _Waiting:
    """Items of each finished column that expect a non-terminal, by its name, in column order (built on first use)."""

    def __init__(self, columns: list[Any]) -> None:
        self._columns = columns
        self._index: dict[int, dict[str, list[Any]]] = {}

    def at(self, start: int, symbol: Any) -> list[Any]:
        index = self._index.get(start)
        if index is None:
            index = {}
            for item in self._columns[start]:
                expect = item.expect
                if expect is not None and not expect.is_term:
                    index.setdefault(expect.name, []).append(item)
            self._index[start] = index
        return index.get(symbol.name, [])


class FastParser(earley.Parser):
    """An ``earley.Parser`` whose loop skips the repeats described in the module docstring."""

    _reach: dict[str, frozenset[str]]  # non-terminal -> the origins of the rules its prediction adds (its closure)

    def _add(self, new_item: Any, to_scan: Any, column: Any, items: deque[Any]) -> None:
        expect = new_item.expect
        if expect is not None and expect.is_term:
            to_scan.add(new_item)
        elif new_item not in column:
            column.add(new_item)
            items.append(new_item)

    def _complete(self, item: Any, i: int, ctx: tuple[Any, ...]) -> None:
        to_scan, columns, node_cache, waiting, held, items = ctx
        make = self.SymbolNode
        column = columns[i]
        if item.node is None:
            item.node = _node(node_cache, (item.s, item.start, i), make)
            item.node.add_family(item.s, item.rule, item.start, None, None)
        if item.start == i:  # an empty completion: held for predictions made later in this column
            held[item.rule.origin.name] = item.node
            originators = [o for o in column if o.expect is not None and o.expect == item.s]
        else:
            originators = waiting.at(item.start, item.s)
        for originator in originators:
            new_item = originator.advance()
            new_item.node = _node(node_cache, (new_item.s, originator.start, i), make)
            new_item.node.add_family(new_item.s, new_item.rule, i, originator.node, item.node)
            self._add(new_item, to_scan, column, items)

    def _predict(self, item: Any, i: int, ctx: tuple[Any, ...], predicted: set[str]) -> None:
        to_scan, columns, node_cache, _, held, items = ctx
        column = columns[i]
        name = item.expect.name
        if name not in predicted:
            table: Any = self.predictions  # earley_lookahead's table
            for rule, origin in table.narrowed(item.expect):
                if origin not in predicted:  # else its items are in this column already
                    self._add(Item(rule, 0, i), to_scan, column, items)
            predicted |= self._reach[name]
        if name in held:
            new_item = item.advance()
            new_item.node = _node(node_cache, (new_item.s, item.start, i), self.SymbolNode)
            new_item.node.add_family(new_item.s, new_item.rule, new_item.start, item.node, held[name])
            self._add(new_item, to_scan, column, items)

    def _predict_and_complete(self, i: int, to_scan: Any, columns: list[Any], node_cache: dict[Any, Any],
                              waiting: _Waiting) -> None:
        items = deque(columns[i])
        ctx: tuple[Any, ...] = (to_scan, columns, node_cache, waiting, {}, items)
        predicted: set[str] = set()
        while items:
            item = items.pop()
            if item.is_complete:
                self._complete(item, i, ctx)
            elif not item.expect.is_term:
                self._predict(item, i, ctx, predicted)

    def _scan(self, i: int, token: Any, to_scan: Any, columns: list[Any]) -> tuple[Any, dict[Any, Any]]:
        next_to_scan: Any = self.Set()
        next_set: Any = self.Set()
        columns.append(next_set)
        node_cache: dict[Any, Any] = {}
        terminals = self.lexer_conf.terminals_by_name
        for item in self.Set(to_scan):
            if item.expect.name == token.type:
                new_item = item.advance()
                term = terminals.get(token.type) if isinstance(token, Token) else None
                token_node = TokenNode(token, term, priority=0)
                new_item.node = _node(node_cache, (new_item.s, new_item.start, i + 1), self.SymbolNode)
                new_item.node.add_family(new_item.s, item.rule, new_item.start, item.node, token_node)
                if new_item.expect is not None and new_item.expect.is_term:
                    next_to_scan.add(new_item)
                else:
                    next_set.add(new_item)
        if not next_set and not next_to_scan:
            expect = {i.expect.name for i in to_scan}
            raise UnexpectedToken(token, expect, considered_rules=set(to_scan), state=frozenset(i.s for i in to_scan))
        return next_to_scan, node_cache

    def _parse(self, lexer: Any, columns: list[Any], to_scan: Any, start_symbol: Any = None) -> Any:
        waiting = _Waiting(columns)
        expects = {i.expect for i in to_scan}
        i = 0
        node_cache: dict[Any, Any] = {}
        for token in lexer.lex(expects):
            self._predict_and_complete(i, to_scan, columns, node_cache, waiting)
            to_scan, node_cache = self._scan(i, token, to_scan, columns)
            i += 1
            expects.clear()
            expects |= {i.expect for i in to_scan}
        self._predict_and_complete(i, to_scan, columns, node_cache, waiting)
        assert i == len(columns) - 1
        return to_scan


def install(earley_parser: Any) -> bool:
    """Run ``earley_parser`` (an ``earley.Parser`` of a basic or custom lexer) through :class:`FastParser`; ``False``
    (Lark's own loop kept) for another Lark version or parser kind."""
    if lark.__version__ != _LARK or type(earley_parser) is not earley.Parser \
            or getattr(earley_parser.term_matcher, "__name__", "") != "_match_earley_basic" \
            or earley_parser.SymbolNode is not StableSymbolNode or not hasattr(earley_parser.predictions, "narrowed"):
        return False
    table = earley_parser.predictions
    earley_parser.__class__ = FastParser
    earley_parser.SymbolNode = _Node
    cast(FastParser, earley_parser)._reach = {
        str(symbol.name): frozenset(str(rule.origin.name) for rule in dict.__getitem__(table, symbol))
        for symbol in dict.keys(table)}
    return True
