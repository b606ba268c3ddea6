"""Typed operation sentences: what the grammar's semantic functions produce and ``compose.py`` turns into a plan.

A prompt parses into :class:`Clause` objects in order, each an action (create, join, cut, drill, fillet …) with at
most one :class:`Noun` (the body or feature it makes), its :class:`Measure` s and bare sizes, and :class:`Loc` s —
the location algebra: a reference (the part, a face, the centre, a coordinate) plus offsets along named axes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["AXES", "Clause", "Loc", "Measure", "Noun", "Size"]

AXES = {"x": 0, "y": 1, "z": 2}


@dataclass(frozen=True)
class Measure:
    """A named dimension: ``30 mm long`` -> ``Measure("length", 30)``."""

    dim: str
    value: float


@dataclass(frozen=True)
class Size:
    """Sizes written without a name: ``120 x 50 x 15``, ``a 50 mm …``; ``axes`` when written as ``120 mm (X)``."""

    values: tuple[float, ...]
    axes: tuple[int, ...] | None = None


@dataclass
class Noun:
    """The thing a clause makes: a body (``box``, ``cylinder`` …), a cut (``hole``, ``slot`` …) or a sketch outline."""

    kind: str
    count: int = 1
    sizes: list[Size] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    words: tuple[str, ...] = field(default=(), compare=False)  # the nouns it was named by ("disc", "base", "boss")

    @property
    def word(self) -> str:
        """The word that named it ("tapered pin" for a cone): some words promise more than the kind (a pin's small
        end); empty when it was not named by a noun."""
        return self.words[-1].lower() if self.words else ""


@dataclass(frozen=True)
class Loc:
    """One term of the location algebra.

    ``kind``: ``on_top`` / ``under`` (stacking on the part so far), ``centre`` (on ``axes``; all when empty),
    ``coord`` (``axis`` = ``value`` in model coordinates), ``from_face`` (``value`` mm from ``face``), ``offset``
    (``value`` mm along ``axis`` from the centre), ``at_face`` (flush with ``face``), ``face`` (work on that face),
    ``through`` (through the whole part), ``plane`` (a sketch plane: ``face`` is ``xy``/``xz``/``yz``); hole
    patterns: ``grid`` (``values`` = the two centre distances), ``pcd`` (``value`` = circle diameter), ``corners``
    (``value`` = centre distance from the adjacent edges), ``equal`` (equally spaced), ``angle_pitch`` (``value``°);
    ``direction_axis`` with ``face`` = ``long`` when the words were "lengthwise" / "end to end" / "the long way";
    ``edges`` (``face`` = selector, ``value`` = count) with ``values`` = ``(diameter or 0,)`` when they are the
    edges of the body joined last ("the top edge of the round boss").
    """

    kind: str
    axes: tuple[int, ...] = ()
    face: str | None = None
    value: float | None = None
    values: tuple[float, ...] = ()
    #: ``edges`` of a body named by its noun ("the top edge of the block"): that body's kind
    named: str = field(default="", compare=False)


@dataclass
class Clause:
    action: str
    noun: Noun | None = None
    measures: list[Measure] = field(default_factory=list)
    sizes: list[Size] = field(default_factory=list)
    locs: list[Loc] = field(default_factory=list)
    edges: str | None = None
    text: str = ""
    parts: list[Clause] = field(default_factory=list)  # sub-clauses: the sections of a loft

    def measure(self, *dims: str) -> float | None:
        """The first measure named ``dims`` on the clause or its noun (clause-level wins: "drill it 10 deep")."""
        pool = [*self.measures, *(self.noun.measures if self.noun else [])]
        for d in dims:
            for m in pool:
                if m.dim == d:
                    return m.value
        return None

    def named(self, *dims: str) -> list[Measure]:
        """Every measure named one of ``dims``, on the clause and its noun."""
        pool = [*self.measures, *(self.noun.measures if self.noun else [])]
        return [m for m in pool if m.dim in dims]

    def has(self, kind: str) -> bool:
        return any(loc.kind == kind for loc in self.locs)

    def loc(self, kind: str) -> Loc | None:
        return next((loc for loc in self.locs if loc.kind == kind), None)
