"""Semantic functions of the ``terse notes and property lists`` rules of ``grammar.lark``: a body named by its noun
and then its sizes as a list, the way engineers and hobbyists jot them ("spacer: 12 od, 6.5 id, 15 long",
"cube 40", "cylinder d30 h40", "block 60 x 40 x 30 mm (30 is height)", "40 diameter, 12 wide").

Round hollow stock (washer, spacer, tube, standoff) becomes the two clauses the rest of the grammar already builds:
a cylinder (or a hexagon, by its size across the flats) standing on Z and a hole through its axis. Every size must be
said exactly once and the bore must be smaller than the outside: a list that leaves one out or says one twice is
refused, never completed by a guess.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["TerseSemantics"]

_HOLLOW = {"SHAPE_WASHER": "washer", "SHAPE_SPACER": "spacer", "SHAPE_TUBE": "tube", "SHAPE_STANDOFF": "standoff",
           "SHAPE_RING": "ring"}
_ROUND_WORDS = ("round", "plain", "simple", "flat", "i need", "need", "small", "little", "printed")


def _sizes(children: list[Any]) -> list[float]:
    return [v for c in children if isinstance(c, Size) for v in c.values]


class TerseSemantics:
    """One method per rule of the block; each reads its own children."""

    def terse_od(self, children: list[Any]) -> tuple[str, float]:
        return ("od", _sizes(children)[0])

    def terse_id(self, children: list[Any]) -> tuple[str, float]:
        return ("id", _sizes(children)[0])

    def terse_af(self, children: list[Any]) -> tuple[str, float]:
        return ("af", _sizes(children)[0])

    def terse_wall(self, children: list[Any]) -> tuple[str, float]:
        return ("wall", _sizes(children)[0])

    def terse_base_is(self, children: list[Any]) -> Clause:
        """"base is a 50 x 30 x 15 block": the base is the body said after "is" (the first body of the part)."""
        noun = [c for c in children if isinstance(c, Noun)][-1]
        rest = [c for c in children if not isinstance(c, Noun)]
        return Clause("create", noun=noun, measures=[c for c in rest if isinstance(c, Measure)],
                      sizes=[c for c in rest if isinstance(c, Size)], locs=[c for c in rest if isinstance(c, Loc)])

    def terse_long(self, children: list[Any]) -> tuple[str, float]:
        return ("long", _sizes(children)[0])

    def terse_id_long(self, children: list[Any]) -> list[tuple[str, float]]:
        """"id 30 x 50 lg": the bore, then the length (the lexer read "30 x 50" as one pair)."""
        bore, length = _sizes(children)
        return [("id", bore), ("long", length)]

    def terse_hollow(self, children: list[Any]) -> list[Clause]:
        """A washer / spacer / tube / standoff by its outside (or across flats), bore and length: two clauses."""
        for t in tokens(children):
            material = (get_ignorable().why(t.value.text) or "").startswith("names a material")
            if t.type == "IGN" and t.value.text.lower() not in _ROUND_WORDS and not material:
                raise reject(f"'{t.value.text}' before a {_word(children)} is not read offline")
        items = [i for c in children for i in (c if isinstance(c, list) else [c]) if isinstance(i, tuple)]
        said: dict[str, float] = {}
        for key, value in items:
            if key in said or (key in ("od", "af") and ({"od", "af"} & said.keys())):
                raise ambiguous(f"the {_word(children)}'s {key.upper()} is given twice")
            said[key] = value
        word = _word(children)
        if "wall" in said:
            if "id" in said or "od" not in said:
                raise ambiguous(f"the {word}'s wall is read with its outside diameter only (not with a bore)")
            said["id"] = said["od"] - 2 * said.pop("wall")
            if said["id"] <= 0:
                raise ambiguous(f"the {word}'s wall is too thick for its outside diameter")
        missing = [name for name, keys in (("outside diameter", ("od", "af")), ("inside diameter", ("id",)),
                                           ("length", ("long",))) if not any(k in said for k in keys)]
        if missing:
            raise reject(f"the {word} needs its {' and '.join(missing)} (e.g. '{word}: 12 od, 6.5 id, 15 long')")
        if "hex" in _text(children) and "af" not in said:
            raise ambiguous(f"a hex {word} is sized across its flats (e.g. 'hex {word}, 5.5 across flats, 20 long')")
        outer = said.get("od", said.get("af", 0.0))
        if said["id"] >= outer:
            raise PlanError(f"the {word}'s inside diameter {said['id']:g} is not smaller than its outside {outer:g}")
        if "af" in said:
            body = Clause("create", noun=Noun("prism6"), measures=[Measure("af", said["af"]),
                                                                   Measure("length", said["long"])])
        else:
            body = Clause("create", noun=Noun("cylinder"), measures=[Measure("diameter", said["od"]),
                                                                     Measure("height", said["long"])])
        bore = Clause("cut", noun=Noun("hole", measures=[Measure("diameter", said["id"])]),
                      locs=[Loc("through"), Loc("centre")])
        return [body, bore]

    def terse_cube(self, children: list[Any]) -> Noun:
        return Noun("cube", sizes=[Size((_sizes(children)[0],))])

    def terse_dh(self, children: list[Any]) -> Noun:
        """"cylinder d30 h40": d is the diameter, h the height (any other letter is refused)."""
        letter = next(t for t in tokens(children) if t.type == "UNK").value.text.lower()
        if letter != "d":
            raise reject(f"'{letter}' before a size is not read offline (write 'dia 30' or 'd30 h40')")
        diameter, height = _sizes(children)
        return Noun("cylinder", measures=[Measure("diameter", diameter), Measure("height", height)])

    def terse_hd(self, children: list[Any]) -> Noun:
        """"cylinder h40 d30": the height said first."""
        letter = next(t for t in tokens(children) if t.type == "UNK").value.text.lower()
        if letter != "d":
            raise reject(f"'{letter}' before a size is not read offline (write 'dia 30' or 'd30 h40')")
        height, diameter = _sizes(children)
        return Noun("cylinder", measures=[Measure("diameter", diameter), Measure("height", height)])

    def terse_q3_height(self, children: list[Any]) -> Noun:
        """"block 60 x 40 x 30 (30 is height)": the third size is the height; another one named is refused."""
        values = [c for c in children if isinstance(c, Size)]
        three, named = values[0].values, values[1].values[0]
        if abs(three[2] - named) > 1e-9:
            raise ambiguous(f"'{named:g} is height' but the third of '{' x '.join(f'{v:g}' for v in three)}' is the "
                         "height: write the sizes as length x width x height")
        noun = next(c for c in children if isinstance(c, Noun))
        if noun.kind not in ("box", "plate", "bar"):
            raise reject("a height in brackets is read only after the sizes of a block, plate or bar")
        return Noun(noun.kind, sizes=[values[0]])

    def terse_square_bar(self, children: list[Any]) -> Noun:
        """"square bar 20 x 20": the section's two sizes must be equal (one size is the side)."""
        sizes = _sizes(children)
        if len(sizes) == 2 and abs(sizes[0] - sizes[1]) > 1e-9:
            raise ambiguous(f"a square bar of {sizes[0]:g} x {sizes[1]:g}: the sides of a square are equal")
        if not sizes:
            return Noun("bar")
        return Noun("bar", sizes=[Size((sizes[0], sizes[0]))])

    def terse_one_corner(self, children: list[Any]) -> Loc:
        count = next(t for t in tokens(children) if t.type == "NUM").value
        if count.values[0] != 1:
            raise ambiguous(f"'{count.text} corners at the origin': one corner of a body can be at the origin")
        return Loc("origin", face="corner")

    def terse_oal(self, children: list[Any]) -> Loc:
        """"oal 20" in a flanged part: its overall length (the sum of the parts, checked by the flanged rule)."""
        word = next(t for t in tokens(children) if t.type == "UNK").value.text.lower()
        if word != "oal":
            raise reject(f"'{word}' before a size is not read offline")
        return Loc("overall", value=_sizes(children)[0])

    def terse_sided(self, children: list[Any]) -> int:
        count = next(t for t in tokens(children) if t.type == "NUM").value
        if not count.is_int or not 3 <= count.values[0] <= 12:
            raise reject(f"'{count.text} sided': a regular prism has 3 to 12 sides here")
        return int(count.values[0])

    def terse_said(self, children: list[Any]) -> list[Clause]:
        """"40 diameter, 12 wide": named sizes alone, given to the body named before (compose_hobby)."""
        measures = [m for c in children for m in (c if isinstance(c, list) else [c]) if isinstance(m, Measure)]
        return [Clause("said_it", measures=measures)]


def _word(children: list[Any]) -> str:
    tok = next(t for t in tokens(children) if t.type in _HOLLOW)
    return str(_HOLLOW[tok.type])


def _text(children: list[Any]) -> str:
    return str(next(t for t in tokens(children) if t.type in _HOLLOW).value.text.lower())
