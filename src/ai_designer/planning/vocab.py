"""The planner's vocabulary, loaded from ``vocab/*.yaml`` on first use and cached.

Keeping words in data (not code branches) is what lets the planner grow: a new synonym is one line of YAML.
``lexicon.yaml`` maps phrases to concepts (``shape:plate``, ``feat:hole``, ``dim:depth`` …), ``units.yaml`` holds
units and number words, ``standards.yaml`` the ISO tables (clearance holes, nuts, washers, counterbores) and
``heads.yaml`` which dimensions each kind of phrase accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["Vocab", "get_vocab", "fold", "load_yaml"]

_DIR = Path(__file__).parent / "vocab"


_IRREGULAR_PLURALS = {"radii": "radius", "vertices": "vertex", "axes": "axis", "matrices": "matrix"}


def fold(word: str) -> str:
    """Crude singular: ``holes`` -> ``hole``, ``centres`` -> ``centre``, ``radii`` -> ``radius`` (applied to
    vocabulary and input alike, so both sides fold the same way)."""
    word = _IRREGULAR_PLURALS.get(word, word)
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Vocab:
    phrases: dict[tuple[str, ...], str]  # folded words -> concept ("filler" for fillers)
    max_phrase: int
    length_units: dict[str, float]
    angle_units: dict[str, float]
    numbers: dict[str, float]
    standards: dict[str, dict[str, Any]]
    accepts: dict[str, frozenset[str]]  # concept -> dimension slots it accepts
    vague: frozenset[str]
    harmless: frozenset[str]  # words around a description that never change the part
    #: first word of a phrase -> the lengths of the phrases it starts, longest first (the lexer's longest-match
    #: search tries only these)
    phrase_lengths: dict[str, tuple[int, ...]]

    def standard(self, table: str, thread: str) -> Any:
        """Look up an ISO table by thread (``M6``); ``None`` when the size is not in the table."""
        return self.standards.get(table, {}).get(thread.upper())


def load_yaml(name: str) -> Any:
    """One vocabulary file, parsed with the safe loader."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~5x faster first load
    with open(_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)  # noqa: S506 - a safe loader


@lru_cache(maxsize=1)
def get_vocab() -> Vocab:
    lex = load_yaml("lexicon.yaml")
    units = load_yaml("units.yaml")
    heads = load_yaml("heads.yaml")
    phrases: dict[tuple[str, ...], str] = {}
    vague: frozenset[str] = frozenset(str(w) for w in lex.pop("vague", []))
    harmless: frozenset[str] = frozenset(str(w) for w in lex.pop("harmless", []))
    for family, body in lex.items():
        entries = body.items() if isinstance(body, dict) else [(None, body)]
        for name, words in entries:
            concept = family if name is None else f"{family}:{name}"
            for phrase in words:
                key = tuple(fold(w) for w in str(phrase).lower().replace("-", " ").split())
                phrases.setdefault(key, concept)  # first definition wins
    accepts = {f"{fam}:{name}": frozenset(slots) for fam, table in heads.items() for name, slots in table.items()}
    lengths: dict[str, set[int]] = {}
    for key in phrases:
        if key:
            lengths.setdefault(key[0], set()).add(len(key))
    return Vocab(
        phrases=phrases, max_phrase=max(len(k) for k in phrases),
        length_units={str(k): float(v) for k, v in units["length"].items()},
        angle_units={str(k): float(v) for k, v in units["angle"].items()},
        numbers={str(k): float(v) for k, v in units["numbers"].items()},
        standards=load_yaml("standards.yaml"), accepts=accepts, vague=vague,
        harmless=harmless, phrase_lengths={w: tuple(sorted(n, reverse=True)) for w, n in lengths.items()},
    )
