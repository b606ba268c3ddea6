"""Semantic functions of the ``turns`` block of ``grammar.lark``: a bent rod or tube said the way people say it — the
stock in one sentence ("Bend me a rod, 8 diameter.", "3/4" OD tube, 1/8" wall, bent 90°."), then the run of a straight
leg, one bend and another straight leg ("Runs straight 50, then a 90 degree bend at 20 radius to the centre line, then
straight another 30.").

Each word that is not a grammar keyword (``UNK``/``IGN`` tokens the rules accept in a slot) is checked here against the
few words that mean what the slot means; anything else refuses the prompt naming the word. ``compose_turns.merge_bends``
joins the stock and the run into one ``rod_bend`` clause.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["TurnSemantics"]

# the words a slot may hold, by terminal: "it goes straight up", "runs straight sideways for 30 more mm"
_LEG_WORDS = {"IGN": ("goes", "go", "mm", "millimetres", "millimeters"), "UNK": ("sideways", "across", "over"),
              "NUM": ("one",), "W_UP": ("up",)}
_ARC_WORDS = {"UNK": ("curves", "curve", "bends", "turns"), "REL_ON_TOP": ("over", "round", "around"),
              "POS_ROW": ("line",)}
_HEAD_WORDS = {"IGN": ("me", "i need", "i want", "need", "want", "please")}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (_flat(c) if isinstance(c, list) else [c])]


def _check(children: list[Any], allowed: dict[str, tuple[str, ...]], what: str) -> None:
    for t in tokens(children):
        words = allowed.get(t.type)
        if words is not None and t.value.text.lower() not in words:
            raise reject(f"'{t.value.text}' is not read in {what} offline")


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in _flat(children) if isinstance(c, Size)]


def _angle(tok: Token) -> float:
    return float(tok.value.values[0])


class TurnSemantics:
    """One method per rule of the block; each reads its own children."""

    def turn_dia(self, children: list[Any]) -> Loc:
        return Loc("bend_od", value=_sizes(children)[0])

    def turn_angle(self, children: list[Any]) -> Loc:
        return Loc("bend_angle", value=_angle(next(t for t in tokens(children) if t.type == "ANG")))

    def turn_rod(self, children: list[Any]) -> Clause:
        """"Bend me a rod, 8 diameter.", "I need a bent rod 10 mm thick.": a solid round bar to be bent."""
        _check(children, _HEAD_WORDS, "before a bent rod")
        return Clause("bend_head", locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def turn_tube(self, children: list[Any]) -> Clause:
        """"3/4" OD tube, 1/8" wall, bent 90°": the outside diameter, the wall (or bore) and the angle."""
        od, other = _sizes(children)[:2]
        inner = next(t for t in tokens(children) if t.type in ("DIM_WALL", "DIM_ID"))
        kind = "bend_wall" if inner.type == "DIM_WALL" else "bend_id"
        return Clause("bend_head", locs=[Loc("bend_od", value=od), Loc(kind, value=other),
                                         *(c for c in _flat(children) if isinstance(c, Loc))])

    def turn_leg(self, children: list[Any]) -> Loc:
        """A straight leg: "runs straight 50", "straight another 30", "one straight leg 2"", "straight up 30 mm"."""
        _check(children, _LEG_WORDS, "a straight leg")
        return Loc("bend_leg", value=_sizes(children)[-1])

    def turn_arc(self, children: list[Any]) -> list[Loc]:
        """"a 90 degree bend at 20 radius", "the bend at 1-1/4" centerline radius", "curves over through a quarter
        circle with a 20 mm bend radius": the radius to the centre line, and the angle when said."""
        _check(children, _ARC_WORDS, "a bend")
        toks = tokens(children)
        out = [Loc("bend_radius", value=_sizes(children)[0])]
        out += [Loc("bend_angle", value=_angle(t)) for t in toks if t.type == "ANG"]
        out += [Loc("bend_angle", value=90.0) for t in toks if t.type == "W_QUARTER"]
        return out + [c for c in _flat(children) if isinstance(c, Loc)]

    def turn_to_centre(self, children: list[Any]) -> Loc:
        """"to the centre line", "(measured to the centre of the rod)": the radius is to the bar's centre line,
        which is how the bend is built."""
        _check(children, _ARC_WORDS, "a bend")
        if any(t.type == "SHAPE_ROD" for t in tokens(children)):
            return Loc("fact", face="round_profile")
        return Loc("fact", face="centred_on_path")

    def turn_legs_apart(self, children: list[Any]) -> Loc:
        """"(straight lengths not counting the bend)": each leg's length is its straight part alone, as built."""
        words = [t.value.text.lower() for t in tokens(children) if t.type == "UNK"]
        if words != ["not", "counting"]:
            raise reject(f"'{' '.join(words)}' is not read about a bend's legs offline")
        return Loc("fact", face="centred_on_path")

    def turn_run(self, children: list[Any]) -> Clause:
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        legs = [loc for loc in locs if loc.kind == "bend_leg"]
        rest = [loc for loc in locs if loc.kind != "bend_leg"]
        return Clause("bend_run", locs=[Loc("bend_leg1", value=legs[0].value), *rest,
                                        Loc("bend_leg2", value=legs[1].value)])

    def turn_one_plane(self, children: list[Any]) -> Loc:
        """"All in one plane": a single bend lies in one plane anyway."""
        toks = tokens(children)
        if toks[0].value.text.lower() != "all" or toks[2].value.text.lower() not in ("one", "1", "a single"):
            raise reject(f"'{' '.join(t.value.text for t in toks)}' is not read offline")
        return Loc("fact", face="planar_path")

    def turn_square_ends(self, children: list[Any]) -> Loc:
        """"The ends are cut square": flat ends, square to the bar."""
        return Loc("fact", face="flat_ends")
