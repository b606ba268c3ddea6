"""Semantic functions of the sketch-profile block of ``grammar.lark`` (``sk2``): outlines given by their points,
the words that say which way an extrusion goes, and moves of the whole part.

A mixin of :class:`semantics.Semantics`. A polygon or polyline by its points becomes the same ``profile`` clause a
revolve profile is ("sketch this closed profile …"), so one extrusion or revolve reads both; "close it" only
confirms that the outline is closed (an extrusion closes it anyway). The direction words become the ``direction``
locations the extrusion already reads: "in the negative Z direction" (an axis and a sign), "along the normal
direction" / "perpendicular to the sketch plane" (up the normal, what a plain "extrude 10" does), "symmetric to the
sketch plane, 10 mm to each side" (the half checked against the whole). Words are checked, never dropped.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["ProfileSemantics"]

_AXES = {"W_X": 0, "W_Y": 1, "W_Z": 2}


def _ign_is(children: list[Any], *allowed: str) -> None:
    """A filler word in a fixed phrase must be the word the phrase is about ("along the normal", "about X")."""
    for t in tokens(children):
        if t.type == "IGN" and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' in an extrusion or a move")


class ProfileSemantics:
    """Profiles by their points, extrusion directions, moves of the part."""

    def pts_mod(self, children: list[Any]) -> list[Any]:
        return [c for c in children if not isinstance(c, Token)]

    def pts_list(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def pts_close(self, children: list[Any]) -> list[Any]:
        word = next(t for t in tokens(children) if t.type == "MOD_FINE")
        if word.value.text != "close":
            raise reject(f"'and {word.value.text}' after an outline's points")
        return []

    def poly_word(self, children: list[Any]) -> None:
        return None

    def pts_like(self, children: list[Any]) -> list[Any]:
        """"like a little house outline": a likeness the points already draw (only after "like")."""
        if tokens(children)[0].value.text != "like":
            raise reject(f"'{tokens(children)[0].value.text} … outline' after an outline's points")
        return []

    def cut_through(self, children: list[Any]) -> Clause:
        """"cut-extrude it through all", "cut it through all in Y": the sketch cut through the whole part."""
        locs = [Loc("extent", face="through_both")]
        for t in tokens(children):
            if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y"):
                if t.value.text not in ("in x", "in y", "x direction", "y direction", "along x", "along y"):
                    raise reject(f"'through all {t.value.text}'")
                locs.append(Loc("direction_axis", axes=(int(t.type == "MOD_ALONG_Y"),)))
            elif t.type == "W_Z":
                locs.append(Loc("direction_axis", axes=(2,)))
        return Clause(action="cut_through", locs=locs)

    def placed_after(self, children: list[Any]) -> Clause:
        """A sketch whose plane is named after its outline; the same clause as "sketch on XZ a rectangle …"."""
        items = [x for c in children for x in (c if isinstance(c, list) else [c])]
        nouns = [c for c in items if isinstance(c, Noun)]
        locs = [c for c in items if isinstance(c, Loc)]
        return Clause(action="placed_sketch", noun=nouns[0], measures=[c for c in items if isinstance(c, Measure)],
                      sizes=[c for c in items if isinstance(c, Size)],
                      locs=sorted(locs, key=lambda loc: loc.kind != "plane"))

    def sk_key(self, children: list[Any]) -> Any:
        return children[0]

    def centred_on_outline(self, children: list[Any]) -> Loc:
        """"centred on the rectangle": on the outline the part so far was made from (checked when composed)."""
        return Loc("centre_outline")

    def one_corner_origin(self, children: list[Any]) -> Loc:
        one = next(t for t in tokens(children) if t.type == "NUM").value
        if one.values[0] != 1:
            raise reject(f"'{one.text} corner at the origin'")
        return Loc("anchor", face="corner")

    def along_named_direction(self, children: list[Any]) -> Loc:
        """"along the Y direction": a cut's direction (only "X / Y direction" here)."""
        t = next(t for t in tokens(children) if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y"))
        if t.value.text not in ("x direction", "y direction"):
            raise reject(f"'along the {t.value.text}'")
        return Loc("direction_axis", axes=(int(t.type == "MOD_ALONG_Y"),))

    def signed_direction(self, children: list[Any]) -> list[Loc]:
        """"in the negative Z direction": along that axis, backwards; "positive": forwards."""
        toks = {t.type for t in tokens(children)}
        for t in tokens(children):
            if t.type in ("MOD_ALONG_X", "MOD_ALONG_Y") and t.value.text not in ("x direction", "y direction"):
                raise reject(f"'{t.value.text}' after 'negative' / 'positive'")
        axis = next(_AXES[t] for t in toks if t in _AXES) if toks & set(_AXES) else int("MOD_ALONG_Y" in toks)
        return [Loc("direction", face="negative" if "W_NEGATIVE" in toks else "up"), Loc("direction_axis", axes=(axis,))]

    def normal_direction(self, children: list[Any]) -> Loc:
        """"along the normal (direction)", "perpendicular / normal to the sketch plane": up the plane's normal."""
        _ign_is(children, "normal")
        return Loc("direction", face="up")

    def symmetric_plane(self, children: list[Any]) -> list[Loc]:
        """"symmetric to the sketch plane, 10 mm to each side": half each way; the half is checked as the whole."""
        sides = [c for c in children if isinstance(c, Size)]
        out = [Loc("direction", face="symmetric")]
        if sides:
            out.append(Loc("extent_total", value=2 * sides[0].values[0]))
        return out

    def opposite_down(self, children: list[Any]) -> Loc:
        """"in the opposite direction (down, below the plane)": the words say the same way twice."""
        return Loc("direction", face="down")

    def move_part(self, children: list[Any]) -> Clause:
        """"translate the whole part by (0, 0, 15)", "move it by (…)": the part so far, moved by that vector."""
        verb = tokens(children)[0]
        if verb.type == "EDIT_MOVE" and verb.value.text not in ("move", "shift"):
            raise reject(f"'{verb.value.text}' the part by a vector")
        by = tuple(c for c in children if isinstance(c, float))
        return Clause(action="move_part", locs=[Loc("by", values=by)])

    def rotate_part(self, children: list[Any]) -> Clause:
        """"rotate it 90° about the X axis": the part so far, turned about that axis through the origin."""
        verb = tokens(children)[0]
        if verb.value.text not in ("rotate", "turn", "spin"):
            raise reject(f"'{verb.value.text}' the part by an angle")
        _ign_is(children, "about")
        toks = tokens(children)
        polar = [t for t in toks if t.type == "POS_POLAR"]
        if polar and polar[0].value.text != "around":
            raise reject(f"rotate '{polar[0].value.text}' an axis")
        angle = next(t.value.values[0] for t in toks if t.type == "ANG")
        axis = next(_AXES[t.type] for t in toks if t.type in _AXES)
        return Clause(action="rotate_part", locs=[Loc("turn", axes=(axis,), value=float(angle))], text=verb.value.text)
