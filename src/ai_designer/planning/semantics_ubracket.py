"""Semantic functions of the U-bracket rules of the ``shapes`` block of ``grammar.lark``.

A U-bracket (a base with an upright leg at each end of its length) is said over several sentences: its name and
sizes ("U-shaped bracket for the printer: a base 60 long, 30 wide, 5 thick, with an upright wall at each end of the 60
length, each wall 5 thick …, 40 tall measured from the bottom of the base"), then holes in the base or in each leg.
Each sentence becomes a ``shp_u`` clause of ``Loc`` facts (``u_len``, ``u_width``, ``u_thick`` — base and legs —,
``u_base_thick``, ``u_wall_thick``, ``u_height`` overall, ``u_legs_ends``, ``u_base_holes``, ``u_leg_holes``,
``u_centred``, ``u_base_bare``); ``compose_ubracket`` gathers them, checks that each size is said once (or agrees)
and builds the part. The rules match loose words (``IGN``, ``NUM``), so each is checked here.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Size

__all__ = ["UBracketSemantics"]

_DIMS = {"length": "u_len", "width": "u_width", "thickness": "u_thick", "height": "u_height"}


def _texts(children: list[Any], *types: str) -> list[str]:
    return [str(t.value.text).lower() for t in tokens(children) if t.type in types]


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in children if isinstance(c, Size)]


def _u(*locs: Loc) -> Clause:
    return Clause("shp_u", locs=list(locs))


def _measure_locs(children: list[Any], dims: dict[str, str]) -> list[Loc]:
    out = []
    for m in (c for c in children if isinstance(c, Measure)):
        if m.dim not in dims:
            raise reject(f"a {m.dim} of a U-bracket is not read offline")
        out.append(Loc(dims[m.dim], value=m.value))
    return out


def _word(children: list[Any], kind: str, allowed: tuple[str, ...]) -> None:
    for w in _texts(children, kind):
        if w not in allowed:
            raise reject(f"'{w}' in a U-bracket's description is not read offline")


class UBracketSemantics:
    """One method per rule; each reads its own children."""

    def shp_u_head(self, children: list[Any]) -> Loc:
        """"U-shaped bracket", "U-channel bracket" (for what: a name)."""
        words = _texts(children, "IGN", "FEAT_GROOVE")
        if not {"bracket", "channel"} & set(words[:2]):
            raise reject(f"'U-{' '.join(words[:2])}' is not read offline as a U-bracket")
        return Loc("u_head")

    def shp_u_intro(self, children: list[Any]) -> Clause:
        return _u(*(x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Loc)))

    def shp_u_measure(self, children: list[Any]) -> list[Loc]:
        """"4 mm thick (steel)", "25 mm wide": the bracket's size (a thickness is the base's and the legs')."""
        return _measure_locs(children, _DIMS)

    def shp_u_solid(self, children: list[Any]) -> list[Loc]:
        if _texts(children, "NUM") != ["one"]:
            raise reject("a U-bracket 'as one solid' only")
        return []

    def shp_u_all(self, children: list[Any]) -> list[Loc]:
        """"all material 3 thk": base and legs."""
        _word(children, "IGN", ("material",))
        return _measure_locs(children, {"thickness": "u_thick"})

    def shp_u_lw(self, children: list[Any]) -> list[Loc]:
        length, width = _sizes(children)
        return [Loc("u_len", value=length), Loc("u_width", value=width)]

    def shp_u_base(self, children: list[Any]) -> list[Loc]:
        """"a base 60 long, 30 wide, 5 thick": the base's thickness; its length and width are the bracket's."""
        _word(children, "SHAPE_PLATE", ("base",))
        return _measure_locs(children, {"length": "u_len", "width": "u_width", "thickness": "u_base_thick"})

    def shp_u_walls_at(self, children: list[Any]) -> list[Loc]:
        """"with an upright wall at each end of the 60 length"."""
        return [Loc("u_legs_ends", value=_sizes(children)[0])]

    def shp_u_wall(self, children: list[Any]) -> list[Loc]:
        """"each wall 5 thick and the full 30 wide"."""
        out = _measure_locs(children, {"thickness": "u_wall_thick"})
        return out + [Loc("u_width", value=w) for w in _sizes(children)]

    def shp_u_height(self, children: list[Any]) -> Loc:
        """"40 tall measured from the bottom of the base": the overall height."""
        _word(children, "SHAPE_PLATE", ("base",))
        return Loc("u_height", value=_sizes(children)[0])

    def shp_u_from_bottom(self, children: list[Any]) -> list[Any]:
        _word(children, "SHAPE_PLATE", ("base",))
        return []

    def shp_u_legs(self, children: list[Any]) -> list[Loc]:
        """"legs at both ends 30 high overall"."""
        _word(children, "EDGE_CIRCULAR", ("both ends",))
        _word(children, "IGN", ("overall",))
        return [Loc("u_legs_ends"), Loc("u_height", value=_sizes(children)[0])]

    def shp_u_base_len(self, children: list[Any]) -> Clause:
        """"Base is 60 mm long outside"."""
        _word(children, "SHAPE_PLATE", ("base",))
        _word(children, "DIM_OD", ("outside",))
        return _u(Loc("u_len", value=_sizes(children)[0]))

    def shp_u_uprights(self, children: list[Any]) -> Clause:
        """"two uprights at the ends, 40 mm tall overall (from the bottom of the base)"."""
        if [t.value.values[0] for t in tokens(children) if t.type == "NUM"] != [2]:
            raise reject("a U-bracket has two uprights")
        _word(children, "IGN", ("overall",))
        return _u(Loc("u_legs_ends"), Loc("u_height", value=_sizes(children)[0]))

    def shp_u_leg_holes(self, children: list[Any]) -> Clause:
        """"Each leg: 1X dia 8 THRU, centred on the 30 width, 18 above the bottom", "An 8 mm hole through each
        upright, …, 10 mm down from the top": one hole in each leg, through both, along the length."""
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        if counts and counts != [1]:
            raise reject(f"{counts[0]} holes in each leg: say where each one goes")
        d = _sizes(children)[0]
        places = [x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Loc)]
        return _u(Loc("u_leg_holes", value=d), *places)

    def shp_u_centred(self, children: list[Any]) -> Loc:
        sizes = _sizes(children)
        return Loc("u_width", value=sizes[0]) if sizes else Loc("u_centred")

    def shp_u_above(self, children: list[Any]) -> Loc:
        return Loc("u_hole_z", value=_sizes(children)[0])

    def shp_u_below_top(self, children: list[Any]) -> Loc:
        return Loc("u_hole_down", value=_sizes(children)[0])

    def shp_u_base_holes(self, children: list[Any]) -> Clause:
        """"Base: 2X dia 5 THRU at 20 and 40 from one end, on the centreline": holes down through the base."""
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        d, *at = _sizes(children)
        if len(at) != count:
            raise reject(f"{count} holes announced, {len(at)} places given")
        if [t.value.values[0] for t in tokens(children) if t.type == "NUM"] != [1]:
            raise reject("holes placed from an end that is not 'one end'")
        return _u(Loc("u_base_holes", value=d, values=tuple(at)))

    def shp_u_base_bare(self, children: list[Any]) -> Clause:
        """"Base has no holes."."""
        _word(children, "SHAPE_PLATE", ("base",))
        _word(children, "IGN", ("has", "have"))
        _word(children, "EDIT_REMOVE", ("no",))
        return _u(Loc("u_base_bare"))
