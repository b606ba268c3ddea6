"""Text -> tokens: quantities with units (in mm / degrees), metric thread sizes, concepts from the lexicon.

Three passes: ``normalize`` (``typography.py``) rewrites typography (``Ø12``, ``2"``, ``100x50x30``, ``1-1/2``, ``R5``) into plain words;
``_raw_tokens`` splits and turns number words into numbers; ``lex`` groups numbers with their units (and
``A x B x C`` / ``A by B`` into one multi-value quantity) and matches vocabulary phrases, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai_designer.planning.bare_units import only_unit
from ai_designer.planning.typography import normalize
from ai_designer.planning.vocab import Vocab, fold, get_vocab
from ai_designer.planning.wordforms import NOT_DEPTH, POSSESSIVE, letter_at, split_possessive

__all__ = ["Tok", "lex", "normalize"]

SENTENCE_SEPS = {".", ";", "\n", "step", "then"}
_NOT_INCH_AFTER = {"a", "an", "the", "each", "every", "diameter", "length", "width", "height", "depth", "radius",
                   "total", "all", "line", "row", "from", "to", "its", "it", "both", "one", "thickness", "size",
                   "grid", "array", "pattern", "circle", "series", "inches", "mm",
                   "cross", "section", "sectional", "plan"}  # "10 x 10 in cross-section": the section, not inches


@dataclass
class Tok:
    kind: str  # word | qty | sep
    text: str
    concept: str | None = None
    values: tuple[float, ...] = ()
    unit: str | None = None  # "length", "angle" or None (a bare number)
    explicit: bool = False  # the unit was written next to the number
    thread: str | None = None  # "M6"
    raw: list[float] = field(default_factory=list)  # numbers before unit conversion
    slot: str | None = None  # set by the extractor: which dimension this quantity fills
    delta: int = 0  # +1 / -1: "2 mm thicker" changes a size by this amount instead of setting it
    percent: bool = False  # "20 % longer": the change is a percentage of the size

    @property
    def is_int(self) -> bool:
        return self.kind == "qty" and self.unit is None and self.thread is None and len(self.values) == 1 \
            and float(self.values[0]).is_integer()

    def __repr__(self) -> str:  # compact, for debugging and error messages
        if self.kind == "qty":
            return f"Q({'x'.join(f'{v:g}' for v in self.values)}{self.unit or ''}{self.thread or ''})"
        return f"{self.text}<{self.concept}>" if self.concept else self.text


_TOKEN = re.compile(rf"(?P<w3d>(?<![\w.])(?<!x )3d\b{NOT_DEPTH})|"
                    r"(?P<neg>-)?(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<thread>\bm\d+(?:\.\d+)?)(?![\w])"
                    r"|(?P<word>\bo/d\b|\bi/d\b|[a-z]+(?:'[a-z]+)?|a/f|i\.d|o\.d)|(?P<sep>[,;()\n]|\.(?!\d)|&)|(?P<other>\S)")


def _raw_tokens(text: str, vocab: Vocab) -> list[Tok]:
    out: list[Tok] = []
    for m in _TOKEN.finditer(text):
        if m.group("num") is not None:
            value = float(m.group("num"))
            if m.group("neg"):
                prev = text[max(0, m.start() - 1):m.start()]
                if not prev or not prev.isalnum():
                    value = -value
            out.append(Tok("qty", m.group(0), values=(value,), raw=[value]))
        elif m.group("thread"):
            size = m.group("thread")[1:]
            out.append(Tok("qty", m.group(0), values=(float(size),), thread=f"M{float(size):g}", raw=[float(size)]))
        elif m.group("word"):
            noun = split_possessive(m.group("word"))
            out.append(Tok("word", noun or m.group("word")))
            if noun:  # "the cube's top face": the noun, then the possessive mark (never read as "the cube" alone)
                out.append(Tok("word", POSSESSIVE, concept="poss"))
        elif m.group("w3d"):
            out.append(Tok("word", "3d"))
        elif m.group("sep"):
            out.append(Tok("sep", m.group("sep")))
        elif m.group("other") in (":", "="):
            out.append(Tok("word", m.group("other")))
    return _number_words(out, vocab)


_FRACTION_WORDS = {"half", "quarter", "third", "eighth", "sixteenth"}


def _number_words(toks: list[Tok], vocab: Vocab) -> list[Tok]:
    """``twenty five`` -> 25, ``a dozen`` -> 12, ``a quarter inch`` -> 0.25 in, ``one and a half`` -> 1.5."""
    out: list[Tok] = []
    i = 0
    units = vocab.length_units

    def word(j: int) -> str:
        return toks[j].text if 0 <= j < len(toks) and toks[j].kind == "word" else ""

    while i < len(toks):
        w = word(i)
        val = vocab.numbers.get(fold(w)) if w else None
        if w == "a" and word(i + 1) in ("dozen", "pair", "couple"):
            i += 1
            continue
        if val is None or (w in _FRACTION_WORDS or fold(w) in _FRACTION_WORDS) and not _fraction_context(toks, i, units):
            out.append(toks[i])
            i += 1
            continue
        total, j = val, i + 1
        while True:
            nxt = word(j)
            if nxt in ("and", "a", "an") and (fold(word(j + 1)) in _FRACTION_WORDS or word(j + 1) in ("a", "an")):
                j += 1
                continue
            if nxt == "and" and total >= 100 and total % 100 == 0 and vocab.numbers.get(word(j + 1), 100) < 100:
                j += 1  # "one hundred and twenty"
                continue
            if nxt == "point" and j + 1 < len(toks) and word(j + 1) in vocab.numbers:
                digits, k = "", j + 1  # "twelve point five"
                while word(k) in vocab.numbers and vocab.numbers[word(k)] < 10:
                    digits += str(int(vocab.numbers[word(k)]))
                    k += 1
                if digits:
                    total += float("0." + digits)
                    j = k
                    continue
            v = vocab.numbers.get(fold(nxt)) if nxt else None
            if v is None:
                break
            if fold(nxt) in _FRACTION_WORDS:
                total = total * v if total >= 1 and word(j - 1) not in ("and", "a", "an") else total + v
            elif v == 100:
                total *= 100
            elif total >= 20 and total % 10 == 0 and v < 10 or total >= 100 and total % 100 == 0 and v < 100:
                total += v
            else:
                break
            j += 1
        if word(j) == "of" and w in ("pair", "couple", "dozen"):
            j += 1
        if word(j) in ("a", "an") and word(j + 1) in units:
            j += 1
        out.append(Tok("qty", " ".join(t.text for t in toks[i:j]), values=(total,), raw=[total]))
        i = j
    return out


def _fraction_context(toks: list[Tok], i: int, units: dict[str, float]) -> bool:
    for j in range(i + 1, min(i + 3, len(toks))):
        t = toks[j]
        if t.kind == "word" and t.text in units:
            return True
        if t.kind != "word" or t.text not in ("an", "a", "of"):
            return False
    return False


def _unit_at(toks: list[Tok], j: int, vocab: Vocab) -> tuple[str, float] | None:
    if j >= len(toks) or toks[j].kind != "word":
        return None
    w = toks[j].text
    if w in ("in", "m"):
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if nxt is not None and nxt.kind == "word" and (nxt.text in _NOT_INCH_AFTER or fold(nxt.text) in _NOT_INCH_AFTER):
            return None
        if nxt is not None and nxt.kind == "qty":
            return None
    if w in vocab.length_units:
        return "length", vocab.length_units[w]
    if w in vocab.angle_units:
        return "angle", vocab.angle_units[w]
    return None


def _same_kind(a: tuple[str, float] | None, b: tuple[str, float] | None) -> bool:
    """"1 mm x 45°" is a size and an angle, not a 2-D size."""
    return a is None or b is None or a[0] == b[0]


def _group_quantities(toks: list[Tok], vocab: Vocab) -> list[Tok]:
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind != "qty" or t.thread:
            out.append(t)
            i += 1
            continue
        values, units, j = [t.values[0]], [], i + 1
        u = _unit_at(toks, j, vocab)
        units.append(u)
        j += 1 if u else 0
        while j + 1 < len(toks) and toks[j].kind == "word" and toks[j].text in ("x", "by") \
                and toks[j + 1].kind == "qty" and not toks[j + 1].thread \
                and _same_kind(units[-1], _unit_at(toks, j + 2, vocab)):
            values.append(toks[j + 1].values[0])
            u = _unit_at(toks, j + 2, vocab)
            units.append(u)
            j += 3 if u else 2
        given = [u for u in units if u]
        q = Tok("qty", " ".join(x.text for x in toks[i:j]), values=tuple(values), raw=list(values))
        if given:
            kind, factor = given[-1]
            q.unit, q.explicit = kind, True
            q.values = tuple(v * (u[1] if u else factor) for v, u in zip(values, units, strict=True))
        out.append(q)
        i = j
    return out


def _match_phrases(toks: list[Tok], vocab: Vocab) -> list[Tok]:
    """Vocabulary phrases, longest first, each over a run of words (a number or a separator ends a phrase)."""
    folded = [fold(t.text) if t.kind == "word" else "" for t in toks]
    run = [0] * (len(toks) + 1)  # words from here to the next non-word
    for k in range(len(toks) - 1, -1, -1):
        run[k] = run[k + 1] + 1 if toks[k].kind == "word" else 0
    starts = vocab.phrase_lengths
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        match = None
        limit = min(vocab.max_phrase, run[i])
        for n in starts.get(folded[i], ()) if run[i] else ():
            concept = vocab.phrases.get(tuple(folded[i:i + n])) if n <= limit else None
            if concept:
                match = (n, concept)
                break
        if match:
            n, concept = match
            out.append(Tok("word", " ".join(s.text for s in toks[i:i + n]), concept=concept))
            i += n
        else:
            out.append(toks[i])
            i += 1
    return out


def _letter_shapes(toks: list[Tok]) -> list[Tok]:
    """"L-shaped", "T-slot", "V groove", "a U": one letter-shape token (``letter:v``) for what no phrase matched."""
    words = [t.text if t.kind == "word" else "" for t in toks]
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        free = toks[i].kind == "word" and toks[i].concept is None
        after_size = i > 0 and toks[i - 1].kind == "qty" and toks[i - 1].unit != "angle"  # "90° V-groove" is a shape
        found = letter_at(words, i, after_size) if free else None
        if found is None:
            out.append(toks[i])
            i += 1
            continue
        letter, n = found
        out.append(Tok("word", f"{letter}-shaped", concept=f"letter:{letter}"))
        i += n
    return out


def default_unit(toks: list[Tok], vocab: Vocab) -> float | None:
    """A unit word standing alone ("all dimensions in inches", "units: mm") sets the unit for bare numbers."""
    for k, t in enumerate(toks):
        if t.kind == "word" and t.text in vocab.length_units and t.text not in ("in", "m"):
            prev = toks[k - 1] if k else None
            if prev is None or prev.kind != "qty":
                return vocab.length_units[t.text]
    return only_unit(toks)


def lex(text: str, vocab: Vocab | None = None) -> tuple[list[Tok], float | None]:
    """Tokens of ``text`` and the default unit factor it states (``None`` if it states none)."""
    vocab = vocab or get_vocab()
    toks = _group_quantities(_raw_tokens(normalize(text), vocab), vocab)
    unit = default_unit(toks, vocab)
    return _letter_shapes(_match_phrases(toks, vocab)), unit
