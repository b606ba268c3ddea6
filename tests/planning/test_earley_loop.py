"""The planner's speed-ups must not change what it reads: ``earley_loop.FastParser`` against Lark's own Earley loop
(same tree, same failing token) on sentence shapes of the example suite and mutations of them; the refusal's stop
position read without a second parse against a whole parse; the lexer's indexed phrase match against the plain
longest-first search."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from lark import Token
from lark.exceptions import LarkError, UnexpectedInput
from lark.parsers import earley
from lark.parsers.earley_forest import StableSymbolNode
from planner_examples import load_cases

from ai_designer.planning import earley_lookahead, grammar
from ai_designer.planning.earley_loop import FastParser
from ai_designer.planning.lexer import Tok, _group_quantities, _match_phrases, _raw_tokens, normalize
from ai_designer.planning.terminals import get_ignorable, to_terminals
from ai_designer.planning.vocab import Vocab, fold, get_vocab

pytestmark = pytest.mark.unit


def _prompts() -> list[str]:
    return [step.prompt for case in load_cases() for step in case.steps]


def _shapes(count: int) -> list[tuple[str, ...]]:
    """Sentence shapes of the example suite (every 7th prompt) and as many mutations: a token dropped, two swapped,
    one replaced, two sentences joined — most of which the grammar refuses somewhere in the middle."""
    from ai_designer.planning.lexer import lex

    found: dict[tuple[str, ...], None] = {}
    for prompt in _prompts()[::7]:
        try:
            stream = to_terminals(lex(prompt)[0], get_ignorable())
        except Exception:  # noqa: BLE001 - a prompt the lexer refuses has no shape
            continue
        for part in grammar._split(stream):
            found.setdefault(tuple(t.type for t in part), None)
    shapes = list(found)[:count]
    rng = random.Random(5)
    names = sorted({t for s in shapes for t in s})
    for shape in list(shapes):
        s, k = list(shape), rng.randrange(4)
        if k == 0 and len(s) > 1:
            del s[rng.randrange(len(s))]
        elif k == 1 and len(s) > 1:
            i = rng.randrange(len(s) - 1)
            s[i], s[i + 1] = s[i + 1], s[i]
        elif k == 2:
            s[rng.randrange(len(s))] = rng.choice(names)
        else:
            s += ["COMMA", *rng.choice(shapes)]
        shapes.append(tuple(s))
    return shapes


@contextmanager
def _lark_loop() -> Iterator[None]:
    parser = grammar._parser().parser.parser
    assert isinstance(parser, FastParser)
    node = parser.SymbolNode
    parser.__class__, parser.SymbolNode = earley.Parser, StableSymbolNode
    try:
        yield
    finally:
        parser.__class__, parser.SymbolNode = FastParser, node


def _outcome(types: tuple[str, ...]) -> tuple[str, Any]:
    earley_lookahead.set_first(types)
    try:
        return "tree", str(grammar._parser().parse([Token(t, i) for i, t in enumerate(types)]))
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        return type(exc).__name__, (getattr(token, "type", None), getattr(token, "value", None))
    except LarkError as exc:
        return type(exc).__name__, None


def test_the_fast_loop_reads_every_shape_as_larks_own_loop_does() -> None:
    shapes = _shapes(120)
    fast = [_outcome(s) for s in shapes]
    with _lark_loop():
        lark = [_outcome(s) for s in shapes]
    assert fast == lark
    assert sum(kind == "tree" for kind, _ in lark) > 40 and sum(kind == "UnexpectedToken" for kind, _ in lark) > 40


def test_the_refusal_stops_where_a_whole_parse_stops() -> None:
    shapes = _shapes(120)
    grammar._shape.cache_clear()
    grammar._earley.cache_clear()
    stops = [grammar._stop(s, list(range(len(s)))) for s in shapes]  # a filtered-out sentence: a shortened parse
    with _lark_loop():
        whole = [_outcome(s) for s in shapes]
    expected = [value[1] if kind == "UnexpectedToken" and str(value[1]).isdigit() else None for kind, value in whole]
    assert stops == expected
    assert sum(not grammar._may_parse(s) and stop is not None for s, stop in zip(shapes, stops, strict=True)) > 20


def _plain_match(toks: list[Tok], vocab: Vocab) -> list[str]:
    """The longest-first search the indexed one replaced."""
    out, i = [], 0
    while i < len(toks):
        match = None
        for n in range(min(vocab.max_phrase, len(toks) - i), 0, -1):
            seg = toks[i:i + n]
            if toks[i].kind == "word" and all(s.kind == "word" for s in seg):
                concept = vocab.phrases.get(tuple(fold(s.text) for s in seg))
                if concept:
                    match = (n, concept)
                    break
        n = match[0] if match else 1
        out.append(f"{' '.join(t.text for t in toks[i:i + n])}<{match[1] if match else toks[i].concept}>")
        i += n
    return out


def test_the_indexed_phrase_match_finds_the_longest_phrase_as_before() -> None:
    vocab = get_vocab()
    for prompt in _prompts()[::5]:
        try:
            toks = _group_quantities(_raw_tokens(normalize(prompt), vocab), vocab)
        except Exception:  # noqa: BLE001 - a prompt normalize refuses
            continue
        assert [f"{t.text}<{t.concept}>" for t in _match_phrases(toks, vocab)] == _plain_match(toks, vocab), prompt
