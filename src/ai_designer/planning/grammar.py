"""The grammar front end: lexer tokens -> Earley parse over ``grammar.lark`` -> typed clauses.

Lark's Earley parser accepts every reading the grammar allows, so ambiguity is resolved by the grammar (rule
priorities), never by the order of ``if`` s. The token stream comes from the existing lexer; ``terminals.py`` names
each token's terminal. A prompt parses only if *every* token is consumed by a rule; otherwise ``parse_clauses``
returns ``None`` and the caller decides (the slot planner, under the every-word guard).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput, VisitError
from lark.lexer import Lexer

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning import earley_lookahead, earley_loop
from ai_designer.planning.build_once import BuildOnce
from ai_designer.planning.descriptions import mark_chat
from ai_designer.planning.lexer import Tok
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.semantics import Semantics
from ai_designer.planning.semantics_asides import mark_asides, strip_asides
from ai_designer.planning.sentences import Clause
from ai_designer.planning.stop_words import stuck_words
from ai_designer.planning.terminals import declared, get_ignorable, to_terminals
from ai_designer.planning.vocab import get_vocab

__all__ = ["GrammarBroken", "parse_clauses", "grammar_text", "diagnose", "warm"]

log = logging.getLogger(__name__)

_GRAMMAR = Path(__file__).with_name("grammar.lark")


class _Prelexed(Lexer):
    """The input is already a list of Lark tokens (made by ``terminals.to_terminals``)."""

    __future_interface__ = 2  # called as is, not through a wrapper class local to Lark (which cannot be pickled)

    def __init__(self, lexer_conf: Any) -> None:
        pass

    def lex(self, lexer_state: Any, parser_state: Any = None) -> Iterator[Token]:
        data = getattr(lexer_state, "text", lexer_state)
        yield from earley_lookahead.stream(data)


@lru_cache(maxsize=1)
def grammar_text() -> str:
    """The grammar with a ``%declare`` of every terminal the token mapping can produce (read once: it keys both
    caches and is the parser's source)."""
    return _GRAMMAR.read_text(encoding="utf-8") + "\n%declare " + " ".join(declared(get_vocab())) + "\n"


class GrammarBroken(AIDesignerError):
    """``grammar.lark`` cannot be built (e.g. a rule defined twice): a fault of the planner, not of the prompt. Not a
    ``LarkError``, so no parse step takes it for "this sentence does not parse", and not a ``RejectedError``, so no
    caller takes it for a refusal and tries another reading."""

    code = "internal_error"
    http_status = 500
    outcome = "failed"


_BROKEN: list[GrammarBroken] = []  # the first failure to build, kept: ``BuildOnce`` keeps no exception


def _build_parser() -> Lark:
    """The Earley parser, read from the cache directory when this grammar's was built before (``parser_cache``:
    building it is ≈ 6–8 s of a cold process, reading it ≈ 0.1–0.2 s), with the lookahead filter and the faster loop
    installed. Its ≈ 10⁵ objects live as long as the process, so they are moved out of the cycle collector's reach
    (``gc.freeze``): each full collection walked them all, 60–100 ms that fell on whichever prompt was planning.

    A grammar that cannot be built fails once, loudly (logged, :class:`GrammarBroken`), and every later call fails
    with the same error at once: retried on every plan, the failed builds' garbage made the process grow."""
    from ai_designer.core.settings import get_settings
    from ai_designer.planning.parser_cache import load_or_build

    if _BROKEN:
        raise _BROKEN[0]
    text = grammar_text()
    try:
        parser = load_or_build(get_settings().cache_dir, text, lambda: Lark(
            text, parser="earley", lexer=_Prelexed, ambiguity="resolve", propagate_positions=False))
    except Exception as exc:  # noqa: BLE001 - any failure to build the grammar is the planner's own fault
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        broken = GrammarBroken(f"internal error: the offline planner's grammar (grammar.lark) cannot be built "
                               f"({type(exc).__name__}: {first[:200]}); no prompt can be planned offline until it "
                               "is fixed", details={"problem": "grammar"})
        _BROKEN.append(broken)
        log.error("the planner grammar cannot be built", exc_info=exc)
        raise broken from exc
    gc.freeze()  # before the installs as well: the tables they make triggered full collections over the parser's
    earley_lookahead.install(parser.parser.parser)  # objects, 0.27 of 0.48 s CPU of reading the cached parser
    earley_loop.install(parser.parser.parser)
    gc.freeze()
    return parser


_parser = BuildOnce(_build_parser)


def _split(stream: list[Token]) -> list[list[Token]]:
    """The sentences of a terminal stream (each read with its asides taken out by :func:`_readable`)."""
    out: list[list[Token]] = [[]]
    for t in stream:
        if t.type == "END":
            out.append([])
        else:
            out[-1].append(t)
    return [s for s in out if s]


def _readable(sentence: list[Token], first: bool) -> tuple[list[Token], list[tuple[Token, str]]]:
    """A sentence that does not parse as it is, tried once without its purpose phrases and asides ("for my shelf",
    "so it's comfortable to grab"); one that parses keeps its reading."""
    if _shape(tuple(t.type for t in sentence)) is not None:
        return sentence, []
    stripped = strip_asides(sentence, first)
    if stripped is not None and (not stripped[0] or _shape(tuple(t.type for t in stripped[0])) is not None):
        return stripped
    return sentence, []


def _ruled_out(sentence: list[Token], first: bool) -> bool:
    """The FIRST / FOLLOW filter alone says :func:`_readable` fails: as it is and without its asides (no Earley
    parse needed to know)."""
    if _may_parse(tuple(t.type for t in sentence)):
        return False
    stripped = strip_asides(sentence, first)
    return stripped is None or (bool(stripped[0]) and not _may_parse(tuple(t.type for t in stripped[0])))


_Filters = tuple[frozenset[str], frozenset[str], frozenset[tuple[str, str]], frozenset[str]]


def _build_filters() -> _Filters:
    """The cheap checks made before an Earley parse (:func:`_usable`, :func:`_neighbours`), read from the cache
    directory when the grammar and Lark are unchanged: computing them needs the whole Earley parser plus a fixpoint
    (≈ 0.1–0.3 s), which a one-shot CLI process would otherwise pay even for a prompt that fails them. Plain JSON,
    keyed by the grammar's hash; anything unreadable is recomputed."""
    import hashlib
    import json

    import lark

    from ai_designer.core.settings import get_settings

    digest = hashlib.sha256((lark.__version__ + grammar_text()).encode()).hexdigest()[:24]
    path = get_settings().cache_dir / f"grammar-filters-{digest}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return (frozenset(data["usable"]), frozenset(data["starts"]), frozenset(map(tuple, data["pairs"])),
                frozenset(data["ends"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    usable = frozenset(sym.name for rule in _parser().rules for sym in rule.expansion if sym.is_term)
    filters = (usable, *_compute_neighbours())
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_text(json.dumps({"usable": sorted(usable), "starts": sorted(filters[1]),
                                       "pairs": sorted(filters[2]), "ends": sorted(filters[3])}), encoding="utf-8")
        scratch.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next process the computation
    return filters


_filters = BuildOnce(_build_filters)


def warm() -> None:
    """Build (or read from the cache directory) the parser and its filters now: a service calls it in the
    background as it starts, so its first designs do not wait for it."""
    _filters()
    _parser()


def _usable() -> frozenset[str]:
    """Terminals some grammar rule uses: a sentence with any other terminal cannot parse (checked before Earley,
    which costs tens of milliseconds per sentence in pure Python)."""
    return _filters()[0]


def _neighbours() -> tuple[frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    """Terminals a sentence can start with, pairs that can stand next to each other, and terminals it can end with
    (FIRST / FOLLOW / LAST of the grammar): a cheap necessary condition checked before the Earley parse."""
    return _filters()[1:]


def _compute_neighbours() -> tuple[frozenset[str], frozenset[tuple[str, str]], frozenset[str]]:
    rules = [(r.origin.name, [(x.name, x.is_term) for x in r.expansion]) for r in _parser().rules]
    nullable: set[str] = set()
    first: dict[str, set[str]] = {}
    last: dict[str, set[str]] = {}
    follow: dict[str, set[str]] = {}

    def f(sym: tuple[str, bool], table: dict[str, set[str]]) -> set[str]:
        return {sym[0]} if sym[1] else table.get(sym[0], set())

    changed = True
    while changed:
        changed = False
        for origin, body in rules:
            before = (len(first.get(origin, ())), len(last.get(origin, ())), origin in nullable)
            for seq, table in ((body, first), (body[::-1], last)):
                for sym in seq:
                    table.setdefault(origin, set()).update(f(sym, table))
                    if sym[1] or sym[0] not in nullable:
                        break
            if all(not t and n in nullable for n, t in body):
                nullable.add(origin)
            changed |= before != (len(first[origin]), len(last[origin]), origin in nullable)
            for i, sym in enumerate(body):
                size = len(follow.get(sym[0], ()))
                out = follow.setdefault(sym[0], set())
                for nxt in body[i + 1:]:
                    out.update(f(nxt, first))
                    if nxt[1] or nxt[0] not in nullable:
                        break
                else:
                    out.update(follow.get(origin, set()))
                changed |= size != len(out)
    terms = {n for _, body in rules for n, t in body if t}
    pairs = frozenset((a, b) for a in terms for b in follow.get(a, set()) if b in terms)
    return frozenset(first.get("start", set())), pairs, frozenset(last.get("start", set()))


def _may_parse(types: tuple[str, ...]) -> bool:
    return bool(types) and _impossible(types) is None


def _impossible(types: tuple[str, ...]) -> int | None:
    """The first token the FIRST / FOLLOW / LAST filter rules out (``len(types)``: only the last terminal cannot
    end a sentence); ``None`` when the filter lets the sentence through."""
    starts, pairs, ends = _neighbours()
    if not types or types[0] not in starts:
        return 0
    for j in range(1, len(types)):
        if (types[j - 1], types[j]) not in pairs:
            return j
    return None if types[-1] in ends else len(types)


@lru_cache(maxsize=4096)
def _shape(types: tuple[str, ...]) -> Tree[Token] | None:
    """The parse tree of one sentence's terminal sequence (cached: prompts repeat sentence shapes), tokens holding
    their index in the sentence; ``None`` when the grammar does not accept it."""
    if not _may_parse(types):
        return None
    return _earley(types)[0]


@lru_cache(maxsize=4096)
def _earley(types: tuple[str, ...], upto: int | None = None) -> tuple[Tree[Token] | None, int | None]:
    """The Earley parse of a sentence's terminals (read only up to token ``upto`` when given): the tree, or ``None``
    and the index of the token at which every reading ended (``None``: at the end). The refusal message
    (:func:`_stop`) reads the position of the parse :func:`_shape` made, instead of parsing again."""
    try:
        earley_lookahead.set_first(types, upto)
        return _parser().parse([Token(t, i) for i, t in enumerate(types)]), None
    except UnexpectedInput as exc:
        token = getattr(exc, "token", None)
        if isinstance(token, Token) and token.type != "$END" and str(token.value).isdigit():
            return None, int(token.value)
    except LarkError:
        pass
    return None, None


def _bind(tree: Tree[Token], sentence: list[Token]) -> Tree[Token]:
    """A copy of a cached tree with the sentence's own tokens in place of the indices."""
    children: list[Any] = [_bind(c, sentence) if isinstance(c, Tree) else sentence[int(c.value)]
                           for c in tree.children]
    return Tree(tree.data, children)


def parse_clauses(toks: list[Tok], unit: float | None) -> list[Clause] | None:
    """Clauses of the whole prompt, or ``None`` when some token is not consumed by the grammar."""
    stream = to_terminals(toks, get_ignorable())
    usable = _usable()
    if any(t.type not in usable and t.type not in ("END", "UNK") for t in stream):
        return None  # an unknown word may sit in an aside (semantics_asides.py); anything else never parses
    unknown = any(t.type == "UNK" for t in stream)
    if not unknown:
        _edge_middles(stream)
    parts = _split(stream)
    if any(_ruled_out(part, i == 0) for i, part in enumerate(parts)):
        return None  # no sentence needs parsing to know
    readings = []
    for i, part in enumerate(parts):
        reading = _readable(part, i == 0)
        if reading[0] and _shape(tuple(t.type for t in reading[0])) is None:
            return None  # the first sentence the grammar cannot read: the sentences after it are not parsed
        readings.append(reading)
    sentences = [kept for kept, _ in readings if kept]  # a sentence that was all asides is read
    if unknown:  # only once every unknown word was in an aside, as before
        _edge_middles(stream)
    for _, marks in readings:
        mark_asides(marks)
    semantics = Semantics(unit)
    clauses: list[Clause] = []
    for sentence in sentences:
        tree = _shape(tuple(t.type for t in sentence))
        if tree is None:
            return None
        bound = _bind(tree, sentence)
        if bound.children and isinstance(bound.children[0], Tree) and bound.children[0].data == "chat_sentence":
            mark_chat(bound)  # its nouns name the part: listed under `ignored` (descriptions.py)
        try:
            clauses += semantics.transform(bound)
        except VisitError as exc:  # a semantic function refused a value: that error, not Lark's wrapper
            raise exc.orig_exc from None
    return clauses


def _edge_middles(stream: list[Token]) -> None:
    """"in the middle of the left edge": the grammar reads "the left edge" as that side (right for "30 mm from the
    left edge"), which made the middle of an edge the middle of a face; an edge's middle names no face, so refuse."""
    types = [t.type for t in stream]
    for i, t in enumerate(types):
        if t != "POS_CENTER" or i + 2 >= len(types) or types[i + 1] not in ("W_OF", "W_IN", "REL_ON_TOP"):
            continue
        j = i + 3 if types[i + 2] == "ART" else i + 2
        if j + 1 < len(types) and types[j].startswith("FACE_") and types[j + 1] == "EDGE_ALL":
            side = _text(stream[j])
            raise ambiguous(f"'the middle of the {side} edge' does not say on which face the feature goes (say e.g. "
                         f"'on the top face, centred, 10 mm from the {side} edge')")


def diagnose(toks: list[Tok]) -> str | None:
    """Where the grammar stopped reading a prompt it could not parse, in the user's words: the words no rule knows,
    else the first sentence that does not parse and the word where every reading of it ended. ``None`` when every
    sentence parses or a sentence only ran out of words (then what is missing is the better message). Used for the
    refusal message, so it names what was really not understood (the slot planner's own complaint can quote a word
    the grammar knows well, such as 'origin')."""
    parts = _split(to_terminals(toks, get_ignorable()))
    # only a sentence with an unknown word can keep one after its asides are taken out: only those are read first
    read = {i: _readable(s, i == 0) for i, s in enumerate(parts) if any(t.type == "UNK" for t in s)}
    unknown = [_text(t) for i in sorted(read) for t in read[i][0] if t.type == "UNK"]
    if unknown:
        return "did not understand " + ", ".join(repr(w) for w in list(dict.fromkeys(unknown))[:6])
    usable = _usable()
    for i, part in enumerate(parts):  # each sentence read only when the ones before it parse
        sentence = (read[i] if i in read else _readable(part, i == 0))[0]
        if not sentence:
            continue
        types = tuple(t.type for t in sentence)
        if _shape(types) is not None:
            continue
        quoted = " ".join(_text(t) for t in sentence)
        quoted = quoted if len(quoted) <= 120 else quoted[:117] + "…"
        stuck = next((t for t in sentence if t.type not in usable), None) or _stop(types, sentence)
        if stuck is not None:
            return f"did not understand {stuck_words(sentence, stuck)} in '{quoted}'"
    return None


def _stop(types: tuple[str, ...], sentence: list[Token]) -> Token | None:
    """The token at which the Earley parse of a sentence failed (``None``: it failed at the end). A sentence the
    cheap filter stopped was never parsed: it is parsed only up to the token the filter rules out, with the lookahead
    of the whole sentence — every step up to there is the whole parse's, which cannot read past that token (and when
    the shortened parse does, or fails only at its end, the whole sentence is parsed)."""
    upto = _impossible(types)
    if upto is not None and upto < len(types):
        stop = _earley(types, upto + 1)[1]
        if stop is not None and stop <= upto:
            return sentence[stop]
    stop = _earley(types)[1]
    return sentence[stop] if stop is not None else None


def _text(token: Token) -> str:
    return str(getattr(token.value, "text", token.value))
