"""Semantic functions of the union rules of ``grammar.lark``: bodies placed at the origin, along an axis, several at
once, and intersections (a mixin of :class:`semantics.Semantics`, like ``LocationSemantics``).

The location terms they produce (``sentences.Loc``): ``origin`` (``face`` = ``centre`` — the body's centre on every
axis —, ``corner`` — a corner at the origin, the body in +X +Y +Z —, ``start`` — its axis starts at the origin —,
``at`` — "at the origin", only a sphere's centre), ``orient_each`` (one body of a count along each of ``axes``),
``section`` (``values``: the two sides of a bar's section), ``same_centre``, ``fused``; "lying along X" is the
``direction_axis`` every cut already uses.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.core.errors import PlanError
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["UnionSemantics"]

_START_WORDS = ("starting", "beginning", "begins", "starts", "start")


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _body_clause(action: str, children: list[Any]) -> Clause:
    flat = _flat(children)
    return Clause(action=action, noun=next(c for c in flat if isinstance(c, Noun)),
                  measures=[c for c in flat if isinstance(c, Measure)], sizes=[c for c in flat if isinstance(c, Size)],
                  locs=[c for c in flat if isinstance(c, Loc)])


class UnionSemantics:
    """One method per union rule; each reads its own children."""

    def create_bodies(self, children: list[Any]) -> list[Clause]:
        """"two round rods, each …": the count belongs to the bodies, one clause makes them all (and a bridge
        "joined by a rod …" after them is its own clause)."""
        bridge = [c for c in children if isinstance(c, Clause)]
        flat = _flat([c for c in children if not isinstance(c, Clause)])
        count = next(c for c in flat if isinstance(c, int) and not isinstance(c, bool))
        noun = next(c for c in flat if isinstance(c, Noun))
        noun.count = count
        locs = [c for c in flat if isinstance(c, Loc)] + ([Loc("bridged")] if bridge else [])
        return [Clause(action="create_many", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                       sizes=[c for c in flat if isinstance(c, Size)], locs=locs), *bridge]

    def apart_centres(self, children: list[Any]) -> Loc:
        return self.apart(children)

    def apart(self, children: list[Any]) -> Loc:
        """"whose centres are 80 mm apart along X"; without "centres" the distance may be the gap (refused later)."""
        if isinstance(children[0], Loc):  # the "centres" alternative, already read
            return children[0]
        size = next(c for c in children if isinstance(c, Size))
        centres = any(t.type == "POS_CENTER" for t in tokens(children))
        return Loc("apart", axes=(children[-1],), value=size.values[0], face="centres" if centres else None)

    def bridge(self, children: list[Any]) -> Clause:
        return _body_clause("bridge", children)

    def bridge_ends(self, children: list[Any]) -> None:
        other = [t.value.text for t in tokens(children) if t.type in ("IGN", "NUM")]
        if other not in (["1", "other"], ["one", "other"], ["their"], []):
            raise PlanError(f"'{' '.join(other)}': say 'from one centre to the other' or 'between their centres'")
        return None

    def each_end_face(self, children: list[Any]) -> Loc:
        return Loc("each_end_face")

    def join_capped(self, children: list[Any]) -> Clause:
        """"capped on its top end by …": joined on top of the part."""
        clause = _body_clause("join", children)
        clause.locs.insert(0, Loc("on_top"))
        return clause

    def same_dim(self, children: list[Any]) -> Loc:
        word = next(t for t in tokens(children) if t.type == "IGN").value.text
        if word != "same":
            raise PlanError(f"'of the {word} {children[-1]}' names no size")
        return Loc("same", face=str(children[-1]))

    def intersect_bodies(self, children: list[Any]) -> list[Clause]:
        """"the intersection of A and B": A is made, then B (placed by the words after both) intersects it."""
        flat = _flat(children)
        first, second = [c for c in flat if isinstance(c, Noun)][:2]
        locs = [c for c in flat if isinstance(c, Loc)]
        at_origin = [c for c in locs if c.kind == "origin"]
        # sizes after the second body are its own ("… and a cylinder 30 mm in diameter and 60 tall")
        return [Clause(action="create", noun=first, locs=at_origin),
                Clause(action="intersect", noun=second, measures=[c for c in flat if isinstance(c, Measure)],
                       sizes=[c for c in flat if isinstance(c, Size)],
                       locs=[c for c in locs if c.kind != "origin"] + at_origin)]

    def shared_note(self, children: list[Any]) -> None:
        return None

    def along_dims(self, children: list[Any]) -> Size:
        parts = [c for c in children if isinstance(c, tuple)]
        if len({a for _, a in parts}) != len(parts):
            raise PlanError("an axis is given two sizes in '… along X, … along Y'")
        return Size(tuple(v for v, _ in parts), tuple(a for _, a in parts))

    def along_size(self, children: list[Any]) -> tuple[float, int]:
        return children[0].values[0], children[1]

    def orient_each(self, children: list[Any]) -> Loc:
        return Loc("orient_each", axes=tuple(c for c in children if isinstance(c, int)))

    def orient_one(self, children: list[Any]) -> int:
        one = children[0].value
        if one.values[0] != 1:
            raise PlanError(f"'{one.text} along …' after a count: say 'one along X, one along Y …'")
        return int(children[1])

    def orient_lying(self, children: list[Any]) -> Loc:
        return Loc("direction_axis", axes=(children[-1],))

    def origin_centre(self, children: list[Any]) -> Loc:
        return Loc("origin", face="centre")

    def origin_corner(self, children: list[Any]) -> Loc:
        return Loc("origin", face="corner")

    def origin_start(self, children: list[Any]) -> Loc:
        word = next(t for t in tokens(children) if t.type == "IGN").value.text
        if word not in _START_WORDS:
            raise PlanError(f"'{word} at the origin': say 'starting at the origin' or 'centred on the origin'")
        return Loc("origin", face="start")

    def origin_at(self, children: list[Any]) -> Loc:
        """"at the origin" (no "centred"): a sphere's centre; other bodies refuse it when composed."""
        return Loc("origin", face="at")

    def same_centre(self, children: list[Any]) -> Loc:
        word = next(t for t in tokens(children) if t.type == "IGN").value.text
        if word != "same":
            raise PlanError(f"'centred at the {word} point' names no point")
        return Loc("same_centre")

    def fused(self, children: list[Any]) -> Loc:
        one = [t for t in tokens(children) if t.type == "NUM"]
        if one and one[0].value.values[0] != 1:
            raise PlanError(f"'into {one[0].value.text} solids': the offline planner makes one part")
        return Loc("fused")

    def section(self, children: list[Any]) -> Loc:
        return Loc("section", values=tuple(children[0].values))

    def q3_axes(self, children: list[Any]) -> Size:
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if len(set(axes)) != 3:
            raise PlanError("an axis is named twice in '… (X, Y, Z)'")
        return Size(children[0].values, axes)

    def base_at(self, children: list[Any]) -> Loc:
        tok = next(t for t in tokens(children) if t.type == "NUM").value
        return Loc("base_z", value=tok.values[0] if tok.explicit else tok.values[0] * getattr(self, "unit", 1.0))

    def standing_on(self, children: list[Any]) -> Loc:
        plane = next(c for c in children if isinstance(c, Loc))
        if plane.face != "xy":
            raise PlanError(f"standing on the {plane.face.upper() if plane.face else ''} plane: only the XY plane is "
                            "horizontal")
        return Loc("base_z", value=0.0)

    def create_upright(self, children: list[Any]) -> Clause:
        """"a vertical rod": only "vertical"/"upright" name an axis before a noun ("horizontal" allows two)."""
        word = next(t for t in tokens(children) if t.type == "MOD_ALONG_Y").value.text
        if word not in ("vertical", "vertically"):
            raise PlanError(f"'{word}' before the body does not say which axis it lies along (say e.g. 'along X')")
        clause = _body_clause("create", children)
        clause.locs.insert(0, Loc("direction_axis", axes=(2,)))
        return clause

    def running_along(self, children: list[Any]) -> Loc:
        return Loc("direction_axis", axes=(children[-1],))

    def out_of(self, children: list[Any]) -> None:
        word = next(t for t in tokens(children) if t.type == "IGN").value.text
        if word != "out":
            raise PlanError(f"'{word} of it' after a cut: say 'out of it'")
        return None

    def axis_centred(self, children: list[Any]) -> Loc:
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if len(set(axes)) != 2:
            raise PlanError("'centred in the … cross-section' names two different axes")
        return Loc("centre", axes=axes)

    def hole_items(self, children: list[Any]) -> Loc:
        """": Ø10 along X, Ø14 along Y and Ø18 along Z": one hole per item (split when composed)."""
        items = [c for c in children if isinstance(c, tuple)]
        return Loc("hole_items", values=tuple(v for d, axis in items for v in (d, float(axis))))

    def hole_item(self, children: list[Any]) -> tuple[float, int]:
        size = next(c for c in children if isinstance(c, Size))
        return size.values[0], children[-1]

    def through_point(self, children: list[Any]) -> Loc:
        return Loc("centre", axes=(0, 1, 2))

    def slice_off(self, children: list[Any]) -> Clause:
        """"cut away everything below Z = 0 (keeping the top half)": the level, the side removed, the half kept."""
        toks = tokens(children)
        every = next(t for t in toks if t.type == "EDGE_ALL").value.text
        side = next(t for t in toks if t.type in ("REL_UNDER", "REL_ON_TOP")).value.text
        if every != "everything" or side not in ("below", "under", "beneath", "above", "over"):
            raise PlanError(f"'{every} {side}': say 'everything below Z = …' or 'everything above Z = …'")
        num = next(t for t in toks if t.type == "NUM").value
        z = num.values[0] if num.explicit else num.values[0] * getattr(self, "unit", 1.0)
        locs = [Loc("slice", face="below" if side in ("below", "under", "beneath") else "above", value=z)]
        kept = [t.type for t in toks if t.type in ("FACE_TOP", "FACE_BOTTOM")]
        if kept:
            locs.append(Loc("keep_half", face="top" if kept[0] == "FACE_TOP" else "bottom"))
        return Clause(action="slice", locs=locs)

    def centre_point(self, children: list[Any]) -> Loc:
        return Loc("centre_point", values=tuple(c for c in children if isinstance(c, float)))

    def point_num(self, children: list[Any]) -> float:
        """A coordinate: any number, zero and negative ones included (a size could not be)."""
        tok = children[0].value
        return float(tok.values[0] if tok.explicit else tok.values[0] * getattr(self, "unit", 1.0))

    def axis_in_face(self, children: list[Any]) -> Loc:
        num = [t.value for t in tokens(children) if t.type == "NUM"]
        z = (num[0].values[0] if num[0].explicit else num[0].values[0] * getattr(self, "unit", 1.0)) if num else None
        return Loc("axis_in_face", face="top", value=z)

    def row_along(self, children: list[Any]) -> Loc:
        return Loc("row_axis", axes=(children[-1],))

    def centres_at(self, children: list[Any]) -> list[Loc]:
        """"their centres at X = 0, 50 and 100 (Y = 0)": the list on one axis, and one coordinate on another."""
        axes = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        nums = [c for c in children if isinstance(c, float)]
        extra = len(axes) == 2
        listed = nums[:-1] if extra else nums
        out = [Loc("centres", axes=(axes[0],), values=tuple(listed))]
        if extra:
            if axes[1] == axes[0]:
                raise PlanError("the centres are given twice along one axis")
            out.append(Loc("coord", axes=(axes[1],), value=nums[-1]))
        return out

    def xy_pos(self, children: list[Any]) -> int:
        return 0 if children[0].type == "DIM_XPOS" else 1

    def span_ends(self, children: list[Any]) -> Loc:
        last = [t.value.text for t in tokens(children) if t.type in ("IGN", "NUM")]
        if last[:1] != ["last"] or last[1:] not in ([], ["1"], ["one"]):
            raise PlanError(f"'to the centre of the {' '.join(last)}': say 'from the first … to the last one'")
        return Loc("span_ends")

    def centres_height(self, children: list[Any]) -> Loc:
        return Loc("centres_height")

    def join_points(self, children: list[Any]) -> Clause:
        """"two round bosses, each Ø30 and 15 tall, centred at (25, 25) and (75, 25)": bodies on the listed points."""
        flat = _flat(children)
        count = next(c for c in flat if isinstance(c, int) and not isinstance(c, bool))
        boss = any(isinstance(t, Token) and t.type == "FEAT_BOSS" for t in children)
        noun = next((c for c in flat if isinstance(c, Noun)), None) or Noun("cylinder" if boss else "")
        noun.count = count
        top = [Loc("face", face="top")] if any(isinstance(t, Token) and t.type == "FACE_TOP" for t in children) else []
        return Clause(action="join_points", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)],
                      locs=top + [c for c in flat if isinstance(c, Loc)])

    def centred_points(self, children: list[Any]) -> Loc:
        points = [c for c in children if isinstance(c, tuple)]
        return Loc("points", values=tuple(v for p in points for v in p))

    def pt2(self, children: list[Any]) -> tuple[float, float]:
        x, y = (c for c in children if isinstance(c, float))
        return x, y

    def base_np(self, children: list[Any]) -> Noun:
        """"base block": the body the second word names ("base" says only what it is for)."""
        word = next(t for t in tokens(children) if t.type == "SHAPE_PLATE").value.text
        if word != "base":
            raise PlanError(f"'{word}' and another body word name two bodies")
        nouns = [c for c in children if isinstance(c, Noun)]
        noun = nouns[-1]
        noun.words = (word, *noun.words)
        for c in children:
            if isinstance(c, Size):
                noun.sizes.append(c)
            elif isinstance(c, Measure):
                noun.measures.append(c)
        return noun
