"""Semantic functions of the location rules of ``grammar.lark`` (the location algebra's terms, see ``sentences.Loc``).

A mixin of :class:`semantics.Semantics`: one method per location rule, each reading its own children.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Loc, Measure, Noun, Size

__all__ = ["LocationSemantics", "coord_list", "tokens"]

_FACES = {"FACE_TOP": "top", "FACE_BOTTOM": "bottom", "FACE_LEFT": "left", "FACE_RIGHT": "right",
          "FACE_FRONT": "front", "FACE_BACK": "back"}
#: words read as X that really mean "along the part's length" (a hole resolves them to the longest side)
_LONG_WAY = {"lengthwise", "end to end", "along the length", "along its length", "full length", "the full length",
             "running the full length", "longitudinal", "along the long side"}
_AXIS_WORDS = {"MOD_ALONG_X": 0, "MOD_ALONG_Y": 1, "W_X": 0, "W_Y": 1, "W_Z": 2}


def _not_horizontal(toks: list[Token]) -> None:
    """"horizontally" is X or Y: the lexicon files it under X, but no rule may read it as a direction."""
    word = next((t.value.text for t in toks if t.value.text in ("horizontal", "horizontally")), None)
    if word:
        raise reject(f"'{word}' does not say which horizontal axis (say 'along X' or 'along Y')")


def tokens(children: list[Any]) -> list[Token]:
    return [c for c in children if isinstance(c, Token)]


def coord_list(coords: list[Loc]) -> list[Loc]:
    """Coordinates of one place each, or — when an axis is named more than once ("at X = 20 and X = 100") — one
    ``coord_list`` for that axis (a hole at each value) with the other axes' coordinates kept for them all."""
    axes = [c.axes[0] for c in coords]
    repeated = {a for a in axes if axes.count(a) > 1}
    if not repeated:
        return coords
    if len(repeated) > 1:
        raise PlanError("positions listed along two axes at once: give each hole its own point, e.g. '(20, 10)'")
    axis = repeated.pop()
    values = tuple(float(c.value or 0.0) for c in coords if c.axes[0] == axis)
    if len(set(values)) != len(values):
        raise PlanError("the same position is listed twice")
    rest = [c for c in coords if c.axes[0] != axis]
    return [Loc("coord_list", axes=(axis,), values=values), *rest]


class LocationSemantics:
    """``unit``: millimetres per bare number (set by :class:`semantics.Semantics`)."""

    unit: float

    # ---- locations ----------------------------------------------------------------------------------------------
    def loc_on_top(self, children: list[Any]) -> Loc:
        return Loc("on_top")

    def loc_under(self, children: list[Any]) -> Loc:
        return Loc("under")

    def loc_centred(self, children: list[Any]) -> Loc:
        return Loc("centre")

    def centred_on(self, children: list[Any]) -> Loc | list[Loc]:
        faces = [c for c in children if type(c) is str and c != "part"]
        return [Loc("centre"), Loc("face", face=faces[0])] if faces else Loc("centre")

    def loc(self, children: list[Any]) -> Loc | list[Loc]:
        return children[0]  # the un-aliased alternative (``centred_on``) passes its location through

    def centred_axes(self, children: list[Any]) -> Loc:
        return Loc("centre", axes=tuple(c for c in children if isinstance(c, int)))

    def loc_point(self, children: list[Any]) -> list[Loc]:
        values = [c.values[0] for c in children if isinstance(c, Size)]
        return [Loc("coord", axes=(i,), value=v) for i, v in enumerate(values)]

    def loc_coords(self, children: list[Any]) -> list[Loc]:
        """"at x = 20, y = 10"; "at X = 20 and X = 100": one hole at each (``coord_list``)."""
        return coord_list([c for c in children if isinstance(c, Loc)])

    def loc_from_face(self, children: list[Any]) -> Loc:
        face = next(c for c in children if type(c) is str)
        return Loc("from_face", face=face, value=children[0].values[0])

    def loc_inset(self, children: list[Any]) -> Loc:
        return Loc("inset", value=children[0].values[0])

    def loc_offset(self, children: list[Any]) -> Loc:
        """"20 along Y" after a body or a feature: people write it for the side of a size that lies along Y ("a 20 x
        10 boss, the 20 along Y") as often as for a distance from the middle; read as the distance it moved a boss
        20 mm off centre and left its sides unturned. Neither reading is safe, so say it another way."""
        axis = "XYZ"[children[1]] if isinstance(children[1], int) and 0 <= children[1] < 3 else "that axis"
        value = children[0].values[0]
        raise ambiguous(f"'{value:g} along {axis}' may be the size that lies along {axis} or a distance from the "
                        f"centre: say 'at {axis.lower()} = {value:g}' for a place, or every size with its axis "
                        "(e.g. '20 along X, 10 along Y')")

    def loc_at_face(self, children: list[Any]) -> Loc:
        return Loc("at_face", face=next(c for c in children if type(c) is str))

    def loc_through(self, children: list[Any]) -> Loc:
        """"through", "through the part"; "through the disc" keeps the body word (compose_partrefs: a hole through
        one body of several must stay in it — on a 45 PCD under a Ø45 cylinder it cut the cylinder too)."""
        noun = next((c for c in children if isinstance(c, Noun)), None)
        if noun is None or not noun.words:
            return Loc("through")
        return Loc("through", named=noun.words[0].lower())

    def loc_direction(self, children: list[Any]) -> Loc:
        """"along Y", "along the Z axis": the direction a cut goes in (it enters the face across that axis)."""
        axis = next((_AXIS_WORDS[t.type] for t in tokens(children) if t.type in _AXIS_WORDS), None)
        _not_horizontal(tokens(children))
        long = any(t.value.text in _LONG_WAY for t in tokens(children))
        if any(t.value.text in ("vertical", "vertically") for t in tokens(children)):
            axis = 2  # "vertical" is up (Z), whatever the slot planner's front-view convention says
        return Loc("direction_axis", axes=(axis if axis is not None else 0,), face="long" if long else None)

    def loc_long_way(self, children: list[Any]) -> Loc:
        """"the long way": along the part's longest side (a hole reads it; see ``cuts_compose``)."""
        return Loc("direction_axis", axes=(0,), face="long")

    def loc_down(self, children: list[Any]) -> Loc:
        """"straight down", "down the full length": into the top face unless the clause names another face."""
        return Loc("face", face="top", value=-1.0)

    def loc_on_face(self, children: list[Any]) -> Loc:
        return Loc("face", face=next(c for c in children if type(c) is str))

    def plane_loc(self, children: list[Any]) -> Loc:
        plane = next(t for t in tokens(children) if t.type in ("W_XY", "W_XZ", "W_YZ"))
        return Loc("plane", face=plane.value.text)

    def loc_grid(self, children: list[Any]) -> Loc:
        return Loc("grid", values=next(c for c in children if isinstance(c, Size)).values)

    def grid_word(self, children: list[Any]) -> None:
        return None

    def loc_pcd(self, children: list[Any]) -> Loc:
        return Loc("pcd", value=next(c for c in children if isinstance(c, Size)).values[0])

    def pattern_centred(self, children: list[Any]) -> Loc:
        return Loc("centre")

    def pattern_centred_on(self, children: list[Any]) -> Loc:
        return Loc("centre")

    def q3_thick(self, children: list[Any]) -> Size:
        """"100 x 60 x 10 THK": the last of the three sizes is the thickness, as in '100 x 60 x 10'."""
        return Size(children[0].values)

    def loc_full(self, children: list[Any]) -> Loc:
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        dim = next(t for t in tokens(children) if t.type in ("DIM_LENGTH", "DIM_WIDTH"))
        return Loc("full", face=dim.type[4:].lower(), value=sizes[0] if sizes else None)

    def loc_centre_dim(self, children: list[Any]) -> Loc:
        """"centred on the 80 length": centred along the part's side named by its size or its name."""
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        dim = next(t for t in tokens(children) if t.type in ("DIM_LENGTH", "DIM_WIDTH"))
        return Loc("centre_dim", face=dim.type[4:].lower(), value=sizes[0] if sizes else None)

    def loc_origin(self, children: list[Any]) -> list[Loc]:
        return [Loc("coord", axes=(0,), value=0.0), Loc("coord", axes=(1,), value=0.0)]

    def loc_part_axis(self, children: list[Any]) -> Loc:
        return Loc("part_axis")

    def loc_one_face(self, children: list[Any]) -> list[Loc]:
        """"the middle of one face", "into one face": any face — only the same on every face of a cube (checked when composed)."""
        tok = next(t for t in tokens(children) if t.type == "NUM").value
        if tok.values[0] != 1:
            raise PlanError(f"'the middle of {tok.text} face' names no single face")
        return [Loc("centre"), Loc("any_face")]

    def loc_in_pocket(self, children: list[Any]) -> Loc:
        return Loc("in_pocket")

    def floor_left(self, children: list[Any]) -> Measure:
        return Measure("floor", next(c for c in children if isinstance(c, Size)).values[0])

    def loc_each_end(self, children: list[Any]) -> Loc:
        return Loc("each_end", value=next(c for c in children if isinstance(c, Size)).values[0])

    def loc_centreline(self, children: list[Any]) -> Loc:
        return Loc("centreline")

    def loc_through_thickness(self, children: list[Any]) -> Loc:
        """"through the 0.75 inch thickness": through, along the axis that is that thick (checked when composed)."""
        return Loc("through", value=next(c for c in children if isinstance(c, Size)).values[0])

    def loc_blind(self, children: list[Any]) -> Loc:
        return Loc("blind")

    def q3_long(self, children: list[Any]) -> Size:
        """"1.5 x 1.5 x 3 inch long": the last size is the length (X), the first two the section (Y, Z)."""
        return Size(children[0].values, axes=(1, 2, 0))

    def label(self, children: list[Any]) -> None:
        return None

    def loc_equal(self, children: list[Any]) -> Loc:
        return Loc("equal")

    def loc_angle_pitch(self, children: list[Any]) -> Loc:
        return Loc("angle_pitch", value=float(children[0].value.values[0]))

    def loc_corners(self, children: list[Any]) -> Loc:
        return Loc("corners", value=next(c for c in children if isinstance(c, Size)).values[0])

    def axis_word(self, children: list[Any]) -> int:
        _not_horizontal(tokens(children))
        return next(_AXIS_WORDS[t.type] for t in reversed(tokens(children)) if t.type in _AXIS_WORDS)  # "… Z axis"

    def coord_x(self, children: list[Any]) -> Loc:
        """"x = 30", "X = 0", "X = -20": a model coordinate (zero and negative are places, not sizes)."""
        return Loc("coord", axes=(0,), value=float(children[1]))

    def coord_y(self, children: list[Any]) -> Loc:
        return Loc("coord", axes=(1,), value=float(children[1]))

    def coord_z(self, children: list[Any]) -> Loc:
        tok = children[0].value
        return Loc("coord", axes=(2,), value=tok.values[0] if tok.explicit else tok.values[0] * self.unit)

    def face_ref(self, children: list[Any]) -> str:
        return _FACES[children[0].type]

    def ref(self, children: list[Any]) -> str:
        return "part"

    def loc_around(self, children: list[Any]) -> Loc:
        return Loc("around")

    def loc_near_edge(self, children: list[Any]) -> Loc:
        """"the near edge of the groove 15 from one end": its side nearer the end (one end of a plain rod)."""
        one = next(t for t in tokens(children) if t.type == "NUM").value
        if one.values[0] != 1:
            raise PlanError(f"'{one.text} end' names no single end")
        return Loc("near_edge", value=next(c for c in children if isinstance(c, Size)).values[0])

    def loc_round_ends(self, children: list[Any]) -> Loc:
        return Loc("round_ends")

    def loc_run_dim(self, children: list[Any]) -> Loc:
        return Loc("run_dim", value=next(c for c in children if isinstance(c, Size)).values[0])
