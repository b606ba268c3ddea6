"""Semantic functions of the ``torus around a round body`` rules of ``grammar.lark``: "with a torus around it at
half height, centre-line diameter 44, tube diameter 8", "a torus around its middle — ring radius 20 (to the center
of the tube), tube radius 3, centered at height 5, same axis".

``torus_around`` makes a ``Clause("torus_around", noun=Noun("torus", measures=…))``: measures ``major_diameter`` (the
tube's centre line), ``minor_diameter`` (the tube), ``od`` / ``id`` (outside and inside diameters); locations
``torus_z`` (``face``: ``mid`` — half the height of the body it goes around —, ``z`` — a model height —, ``base`` —
``value`` above the body's base), ``coaxial``. Composed by ``compose_torus.py``.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["TorusSemantics"]


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _size(children: list[Any]) -> float:
    return next(c for c in children if isinstance(c, Size)).values[0]


def _words(children: list[Any], terminal: str, allowed: tuple[str, ...]) -> None:
    for t in tokens(children):
        if t.type == terminal and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class TorusSemantics:
    """One method per rule of the block; each reads its own children."""

    unit: float

    def torus_around(self, children: list[Any]) -> Clause:
        _words(children, "IGN", ("there's", "there is", "is"))
        _words(children, "POS_POLAR", ("around", "round"))
        flat = _flat(children)
        host = next((c for c in flat if isinstance(c, Noun) and c.kind != "torus"), None)
        locs = [c for c in flat if isinstance(c, Loc)]
        if host is not None:
            locs.append(Loc("host", face=host.kind))
        return Clause("torus_around", noun=Noun("torus", measures=[c for c in flat if isinstance(c, Measure)]),
                      locs=locs)

    def torus_np(self, children: list[Any]) -> Noun:
        _words(children, "IGN", ("like",))
        return Noun("torus")

    def torus_host(self, children: list[Any]) -> Noun | Loc | None:
        """"around it" (the part), "around the cylinder" (its kind, checked), "around its middle" (at mid-height)."""
        if any(t.type == "POS_CENTER" for t in tokens(children)):
            _words(children, "POS_CENTER", ("middle", "centre", "center", "waist"))
            return Loc("torus_z", face="mid")
        return next((c for c in children if isinstance(c, Noun)), None)

    def torus_mod(self, children: list[Any]) -> Any:
        return next((c for c in children if isinstance(c, (Measure, Loc))), None)

    def torus_mid(self, children: list[Any]) -> Loc:
        return Loc("torus_z", face="mid")

    def torus_height(self, children: list[Any]) -> Loc:
        return Loc("torus_z", face="z", value=_size(children))

    def torus_z(self, children: list[Any]) -> Loc:
        tok = next(t for t in tokens(children) if t.type == "NUM").value
        return Loc("torus_z", face="z", value=tok.values[0] if tok.explicit else tok.values[0] * self.unit)

    def torus_above_base(self, children: list[Any]) -> Loc:
        _words(children, "REL_ON_TOP", ("above", "over"))
        _words(children, "SHAPE_PLATE", ("base",))
        return Loc("torus_z", face="base", value=_size(children))

    def torus_coaxial(self, children: list[Any]) -> Loc:
        _words(children, "IGN", ("same",))
        return Loc("coaxial")

    def torus_major_d(self, children: list[Any]) -> Measure:
        _words(children, "POS_ROW", ("line",))
        return Measure("major_diameter", _size(children))

    def torus_major_r(self, children: list[Any]) -> Measure:
        return Measure("major_diameter", 2 * _size(children))

    def torus_minor_r(self, children: list[Any]) -> Measure:
        return Measure("minor_diameter", 2 * _size(children))

    def torus_minor_d(self, children: list[Any]) -> Measure:
        """"tube diameter 8", "the ring's round cross-section is 8 mm in diameter"."""
        _words(children, "DIM_TUBE", ("tube diameter", "cross section", "cross-section", "section"))
        tube = next(t for t in tokens(children) if t.type == "DIM_TUBE").value.text
        if tube != "tube diameter" and not any(t.type == "DIM_DIAMETER" for t in tokens(children)):
            raise reject(f"'{tube} {_size(children):g}' does not say whether that is a diameter")
        return Measure("minor_diameter", _size(children))

    def torus_od_id(self, children: list[Any]) -> Measure:
        """"major diameter 40" (centre line), "minor diameter 8" (tube), "OD 60", "ID 40"."""
        tok = next(t for t in tokens(children) if t.type in ("DIM_OD", "DIM_ID")).value.text
        names = {"major diameter": "major_diameter", "minor diameter": "minor_diameter"}
        dim = names.get(tok, "od" if any(t.type == "DIM_OD" for t in tokens(children)) else "id")
        return Measure(dim, _size(children))

    def torus_word(self, children: list[Any]) -> None:
        return None
