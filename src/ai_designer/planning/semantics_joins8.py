"""Semantic functions of the ``joins8`` block of ``grammar.lark``: unions and sweeps said the way writers of the
blind sets say them (round 8).

Each function reads its own children and returns the terms the existing blocks already compose (placed sketches,
lofts, sweeps, bodies); the words that carry meaning are checked here, and anything they do not fix is refused by
name rather than guessed.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["JoinsEightSemantics"]


def _words(children: list[Any], *types: str) -> list[str]:
    return [t.value.text.lower() for t in tokens(children) if t.type in types]


def _spans_fix_size(clause: Clause) -> Clause:
    """"a 10 x 10 square … spanning x = 20 to 30 and z = 0 to 10": the spans place the outline and fix its size; a
    size said with it must be the spans' lengths (then it is a rectangle given by its spans), else it is refused."""
    noun = clause.noun
    spans = [loc for loc in clause.locs if loc.kind == "span"]
    sizes = [v for s in (*clause.sizes, *(noun.sizes if noun else [])) for v in s.values]
    if noun is None or not sizes and not noun.measures and not clause.measures:
        return clause
    if noun.kind not in ("square", "rectangle") or noun.measures or clause.measures or len(spans) != 2:
        raise reject("an outline placed by its spans with other sizes said: give the spans or the sizes")
    if noun.kind == "square" and len(sizes) == 1:
        sizes = sizes * 2
    lengths = sorted(hi - lo for lo, hi in (loc.values for loc in spans))
    if len(sizes) != 2 or any(abs(a - b) > 1e-6 for a, b in zip(sorted(sizes), lengths, strict=True)):
        raise reject(f"the {noun.kind}'s size ({' x '.join(f'{v:g}' for v in sizes)}) is not the size of its spans "
                     f"({' x '.join(f'{v:g}' for v in lengths)})")
    clause.noun = Noun("rectangle", words=noun.words)
    clause.sizes = []
    return clause


class JoinsEightSemantics:
    """One method per rule of the block; each reads its own children."""

    def j8_span_sketch(self, children: list[Any]) -> Clause:
        """"create a rectangle in the XZ plane spanning X from 30 to 40 and Z from 0 to 20": the placed sketch the
        "sketch … from … to …" clause makes (its spans are checked against any size said when composed)."""
        clause: Clause = self.placed_after(children)  # type: ignore[attr-defined]
        return _spans_fix_size(clause)

    def j8_spanning(self, children: list[Any]) -> list[Any]:
        """"spanning", "going": the only words allowed between the plane and the spans."""
        words = _words(children, "IGN")
        if words and words != ["going"]:
            raise reject(f"'{' '.join(words)}' before the spans is not understood")
        return []

    def j8_half_a_ring(self, children: list[Any]) -> Loc:
        """"half a ring": half a turn (only the word "half" is read so)."""
        half = _words(children, "MOD_HALF")
        if half != ["half"]:
            raise reject(f"'{' '.join(half)} a ring' is not a fraction of a turn")
        return Loc("ring", value=0.5)

    def j8_circle_of(self, children: list[Any]) -> Noun:
        """"a circle of 20 mm diameter": an outline (the words "circle of" are also a polar pattern's)."""
        said = _words(children, "POS_POLAR")
        if said != ["circle of"]:
            raise reject(f"'{' '.join(said)}' is not an outline")
        size = next(c for c in children if isinstance(c, Size))
        if len(size.values) != 1:
            raise reject("a circle has one diameter")
        return Noun("circle", measures=[Measure("diameter", size.values[0])])

    def j8_as_solid(self, children: list[Any]) -> Loc:
        """"as a closed solid": what a loft makes anyway (checked as the "solid" fact)."""
        closed = _words(children, "MOD_CLOSED")
        if closed not in ([], ["closed"]):
            raise reject(f"'as a {closed[0]} solid' is not understood")
        return Loc("fact", face="solid")

    def j8_long_along_x(self, children: list[Any]) -> Loc:
        """"with their long sides along X": both rectangles' long sides along X (the "long sides parallel" fact,
        which builds them so)."""
        words = _words(children, "IGN", "SIDE_LONG", "MOD_ALONG_X")
        if words not in (["their", "long sides", "along x"], ["their", "long side", "along x"],
                         ["their", "long sides", "parallel to x"]):
            raise reject(f"'with {' '.join(words)}' is not understood")
        return Loc("fact", face="long_sides_parallel")

    def j8_end_dia(self, children: list[Any]) -> tuple[str, float]:
        """"Ø40 at the bottom", "40 mm diameter at its base": a diameter and the end of the body it is at."""
        end = next(t for t in tokens(children) if t.type in ("FACE_BOTTOM", "FACE_TOP", "SHAPE_PLATE"))
        word = end.value.text.lower()
        if word not in ("bottom", "top", "base"):
            raise reject(f"'at the {word}' is not an end of the body")
        size = next(c for c in children if isinstance(c, Size))
        return ("top" if word == "top" else "bottom", float(size.values[0]))

    def j8_cone_ends(self, children: list[Any]) -> list[Measure]:
        """"going from Ø40 at the bottom to Ø20 at the top": the bottom and top diameters (one each)."""
        words = _words(children, "IGN")
        if words not in ([], ["going"], ["goes"]):
            raise reject(f"'{' '.join(words)} from' is not understood")
        ends: dict[str, float] = dict(c for c in children if isinstance(c, tuple))
        if len(ends) != 2:
            raise reject("a taper's two diameters must be at its bottom and its top")
        return [Measure("bottom_diameter", ends["bottom"]), Measure("top_diameter", ends["top"])]

    def j8_on_it_body(self, children: list[Any]) -> Clause:
        """"On top of it a cone …": joined on top of the part so far (as "add a cone on top of it …")."""
        place = _words(children, "REL_ON_TOP")
        if place != ["on top of"]:
            raise reject(f"'{place[0]} it' does not say where the body goes")
        centred = _words(children, "POS_CENTER")
        if centred and centred[0] not in ("centred", "centered", "in the middle", "in the centre", "in the center"):
            raise reject(f"'on top of it, {centred[0]}' is not understood")
        return self.join_body([Loc("on_top"), *([Loc("centre")] if centred else []), *children])  # type: ignore[attr-defined]

    def j8_same_axis(self, children: list[Any]) -> Loc:
        """"on the same axis": centred on the part's axis (only "on the same axis" is read so)."""
        words = _words(children, "REL_ON_TOP", "IGN")
        if words != ["on", "same"]:
            raise reject(f"'{' '.join(words)} axis' is not understood")
        return Loc("centre")

    def j8_each_axis(self, children: list[Any]) -> Loc:
        """"one along each of the X, Y and Z axes": one body along each axis named, each named once."""
        one = next(t for t in tokens(children) if t.type == "NUM").value
        if one.values[0] != 1 or _words(children, "MOD_EACH") != ["each"]:
            raise reject(f"'{one.text} along each …' is read only as 'one along each'")
        if _words(children, "POS_CENTER") not in ([], ["axes"]):
            raise reject("'one along each of the … ' must name axes")
        axes = next(c for c in children if isinstance(c, tuple))
        return Loc("orient_each", axes=axes)

    def j8_axes(self, children: list[Any]) -> tuple[int, ...]:
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if len(set(axes)) != len(axes):
            raise reject("an axis named twice")
        return axes

    def j8_midpoints(self, children: list[Any]) -> Loc:
        """"all crossing at their midpoints": every body of the count centred on one point (the origin)."""
        words = _words(children, "MOD_EACH", "W_CROSSING", "FACE_SIDE", "IGN", "POS_CENTER")
        if words not in (["all", "crossing", "their", "midpoints"], ["crossing", "their", "midpoints"],
                         ["cross", "their", "midpoints"], ["all", "cross", "their", "midpoints"]):
            raise reject(f"'{' '.join(words)}' is not understood")
        return Loc("origin", face="centre")

    def j8_cross_lead(self, children: list[Any]) -> list[Any]:
        """"A 3-D cross like a jack:": the name of the shape described after the colon (no size, nothing built)."""
        words = _words(children, "IGN", "FACE_SIDE")
        if words[:3] != ["3d", "cross", "like"]:
            raise reject(f"'{' '.join(words)}' is not understood")
        return []

    def j8_likeness(self, children: list[Any]) -> list[Any]:
        """"(like a 3D jack)": what the part looks like, which its sizes already say."""
        if _words(children, "IGN")[0] != "like":
            raise reject(f"'({' '.join(_words(children, 'IGN'))})' is not understood")
        return []

    def j8_create_bars(self, children: list[Any]) -> list[Clause]:
        """"three square bars, 1/2 x 1/2, each 3 in long, …": the bodies of the count, the size said right after
        the noun being their section — square only (a rectangle's two sides would not say which way each lies)."""
        sec = next(c for c in children if isinstance(c, tuple) and len(c) == 2 and isinstance(c[1], Size))
        word, size = sec
        if word not in ("bar", "bars") or len(size.values) != 2 or size.values[0] != size.values[1]:
            raise reject(f"'{word}, {' x '.join(f'{v:g}' for v in size.values)}': a bar's section is read after it "
                         "only when square")
        rest = [c for c in children if c is not sec]
        bars = [*rest, Noun("bar", words=(word,)), Loc("section", values=tuple(size.values))]
        return self.create_bodies(bars)  # type: ignore[attr-defined]

    def j8_bar_sec(self, children: list[Any]) -> tuple[str, Size]:
        return _words(children, "SHAPE_BAR")[0], next(c for c in children if isinstance(c, Size))

    def j8_standing_up(self, children: list[Any]) -> Loc:
        """"standing up:": the body's axis is Z."""
        return Loc("direction_axis", axes=(2,))

    def j8_resting_on(self, children: list[Any]) -> Loc:
        """"(resting on the plate)": on top of the part so far."""
        if _words(children, "REL_ON_TOP") != ["resting on"]:
            raise reject(f"'({' '.join(_words(children, 'REL_ON_TOP'))} …)' is not understood")
        return Loc("on_top")

    def j8_these_points(self, children: list[Any]) -> Loc:
        """"through these points (x, z): …, back to (10,0)": the outline's points; a point said "back to" must be the
        first one again (the outline closes there)."""
        if _words(children, "IGN") not in ([], ["these"]):
            raise reject(f"'through {' '.join(_words(children, 'IGN'))} points' is not understood")
        points: Loc = next(c for c in children if isinstance(c, Loc))
        back = [c for c in children if isinstance(c, tuple)]
        if back:
            axes, xy = back[0]
            if axes and points.axes and tuple(axes) != tuple(points.axes) or xy != points.values[:2]:
                raise reject(f"'back to ({xy[0]:g}, {xy[1]:g})' is not the first point of the outline")
        return points

    # ---- frames from an offset band ------------------------------------------------------------------------------
    def j8_offset_out(self, children: list[Any]) -> Loc:
        """"offset it outward by 5 mm": the outward offset of the rectangle."""
        if _words(children, "EDIT_MOVE") != ["offset"] or _words(children, "EDIT_OUTWARD")[0] not in ("outward",
                                                                                                      "outwards"):
            raise reject(f"'{' '.join(_words(children, 'EDIT_MOVE', 'EDIT_OUTWARD'))}' is not an outward offset")
        return Loc("frame_offset", value=next(c for c in children if isinstance(c, Size)).values[0])

    def j8_loops(self, children: list[Any]) -> list[Any]:
        """"the original rectangle and the offset outline" (either order): the two loops the band lies between."""
        if _words(children, "UNK") != ["original"] or _words(children, "EDIT_MOVE") != ["offset"]:
            raise reject(f"'{' '.join(_words(children, 'UNK', 'EDIT_MOVE'))}' does not name the two loops")
        return []

    def j8_band_frame(self, children: list[Any]) -> Clause:
        """The rectangle, its offset with rounded corners, the band between them extruded: a frame (the corners said
        after the colon are checked: sharp inside, the offset's radius outside)."""
        if _words(children, "UNK") != ["band"] or _words(children, "DIM_CORNER_RADIUS") != ["rounded corners"]:
            raise reject(f"'{' '.join(_words(children, 'UNK', 'DIM_CORNER_RADIUS'))}' of a frame is not understood")
        rect = next(c for c in children if isinstance(c, Size))
        offset = next(c for c in children if isinstance(c, Loc))
        sizes = [c for c in children if isinstance(c, Size)][1:]
        locs = [Loc("frame_rect", values=rect.values[:2]), offset, Loc("frame_height", value=sizes[0].values[0]),
                Loc("fact", face="frame_round")]
        if len(sizes) > 1:
            corners = _words(children, "EDGE_JUNCTION", "DIM_OD", "POS_CORNERS")
            if corners != ["inner corners", "outer", "corners"] or sizes[1].values[0] != offset.value:
                raise reject(f"the frame's corners ({' '.join(corners)}, radius {sizes[1].values[0]:g}) are not the "
                             f"rectangle's sharp corners and the {offset.value:g} mm offset's round ones")
        return Clause("turn_frame", locs=locs)

    def j8_band(self, children: list[Any]) -> Clause:
        """"Offset it outward by 5 mm (the offset gives rounded corners) and keep the band between the offset outline
        and the original rectangle": the band of the rectangle sketched just before (joined by ``band_frames``)."""
        said = _words(children, "UNK", "W_KEEP", "IGN", "DIM_CORNER_RADIUS")
        if said not in (["keep", "band"], ["gives", "rounded corners", "keep", "band"]):
            raise reject(f"'{' '.join(said)}' of an offset band is not understood")
        rounded = [Loc("fact", face="frame_round")] if "rounded corners" in said else []
        return Clause("j8_band", locs=[*(c for c in children if isinstance(c, Loc)), *rounded])

    def j8_band_extrude(self, children: list[Any]) -> Clause:
        """"Extrude that band 8 mm (to make a frame)": the band's height."""
        if _words(children, "UNK") != ["band"]:
            raise reject(f"'extrude that {' '.join(_words(children, 'UNK'))}' is not understood")
        return Clause("j8_band_extrude", locs=[Loc("frame_height", value=next(
            c for c in children if isinstance(c, Size)).values[0])])

    def j8_turned_cone(self, children: list[Any]) -> Clause:
        """"Turn a cone frustum: …": a cone made on the lathe (the word names how it is made, not another shape)."""
        word = _words(children, "SHAPE_CONE")[0]
        if word not in ("cone", "cone frustum", "frustum", "truncated cone"):
            raise reject(f"'turn a {word}:' is read offline only of a cone")
        return self.create_body([Noun("cone", words=(word,)), *children])  # type: ignore[attr-defined]

    def j8_cone_pair(self, children: list[Any]) -> list[Measure]:
        """"50 diameter at the bottom, 20 at the top": the bottom diameter, then the top one (its word carried over)."""
        if _words(children, "DIM_BOTTOM_DIAMETER") != ["diameter at the bottom"] or _words(children, "FACE_TOP") != [
                "top"]:
            raise reject(f"'{' '.join(_words(children, 'DIM_BOTTOM_DIAMETER', 'FACE_TOP'))}' of a cone")
        bottom, top = (c.values[0] for c in children if isinstance(c, Size))
        return [Measure("bottom_diameter", bottom), Measure("top_diameter", top)]

    # ---- intersections ---------------------------------------------------------------------------------------------
    def j8_pair(self, children: list[Any]) -> Clause:
        """"a 50 mm cube and a Ø65 sphere centred at the cube's centre": two bodies sharing a centre; what is kept of
        them is said next ("keep only the volume common to both"; ``common_pairs``)."""
        nouns = [c for c in children if isinstance(c, Noun)]
        if _words(children, "POS_CENTER")[0] not in ("centred", "centered") or len(nouns) != 3 or \
                nouns[2].kind != nouns[0].kind:
            raise reject("the second body must be said centred at the first one's centre (e.g. 'a 40 mm cube and a "
                         "Ø50 sphere centred at the cube's centre')")
        first, second = nouns[:2]
        return Clause("j8_pair", parts=[Clause("create", noun=first), Clause("intersect", noun=second,
                                                                             locs=[Loc("same_centre")])])

    def j8_keep_common(self, children: list[Any]) -> Clause:
        """"Keep only the volume common to both (intersection)", "I want only the region they share (the
        intersection), not the union": only the shared volume of the two bodies just made."""
        said = _words(children, "IGN", "UNK")
        said = said[1:] if said[:1] in (["i want"], ["want"]) else said
        if said not in (["only", "both"], ["only", "region", "they", "share"], ["only", "region", "they", "share", "not"]):
            raise reject(f"'{' '.join(said)}' is not understood")
        return Clause("j8_keep_common")

    def j8_one_other(self, children: list[Any]) -> Loc:
        """"one lies along the X axis and the other along the Z axis": two bodies, one along each axis named."""
        one = next(t for t in tokens(children) if t.type == "NUM").value
        axes = tuple(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if one.values[0] != 1 or _words(children, "IGN") != ["other"] or len(set(axes)) != 2:
            raise reject("'one … and the other …' must name two different axes")
        return Loc("orient_each", axes=axes)

    # ---- bent rods ------------------------------------------------------------------------------------------------
    def j8_bent_round(self, children: list[Any]) -> Clause:
        """"Bent rod, Ø8 round bar.": the stock of a bent rod (as "Bend me a rod, 8 diameter.")."""
        if _words(children, "IGN") or _words(children, "SHAPE_CYLINDER", "W_ROUND") not in (["round bar"], ["round"]):
            raise reject(f"'{' '.join(_words(children, 'IGN', 'SHAPE_CYLINDER', 'W_ROUND'))}' of a bent rod")
        return Clause("bend_head", locs=[c for c in children if isinstance(c, Loc)])

    def j8_leg_up(self, children: list[Any]) -> Loc:
        if _words(children, "IGN") not in ([], ["going"]):
            raise reject(f"'{' '.join(_words(children, 'IGN'))} up' is not understood")
        return Loc("bend_leg", value=next(c for c in children if isinstance(c, Size)).values[0])

    def j8_leg_flat(self, children: list[Any]) -> Loc:
        if _words(children, "MOD_ALONG_X") not in (["horizontal"], ["horizontally"]):
            raise reject(f"'{' '.join(_words(children, 'MOD_ALONG_X'))}' of a straight leg is not understood")
        return Loc("bend_leg", value=next(c for c in children if isinstance(c, Size)).values[0])

    def j8_arc(self, children: list[Any]) -> list[Loc]:
        """"a 90° bend on a 20 centreline radius (turning over to horizontal)": the bend's angle and its radius
        to the bar's centre line."""
        said = _words(children, "REL_ON_TOP", "IGN", "MOD_ALONG_X", "DIM_MAJOR_RADIUS")
        if said not in (["on"], ["on", "centre line radius"], ["on", "turning", "over", "horizontal"],
                        ["on", "centre line radius", "turning", "over", "horizontal"]):
            raise reject(f"'{' '.join(said)}' of a bend is not understood")
        angle = next(t for t in tokens(children) if t.type == "ANG").value.values[0]
        radius = next(c for c in children if isinstance(c, Size)).values[0]
        return [Loc("bend_radius", value=radius), Loc("bend_angle", value=float(angle))]

    def j8_bend_run(self, children: list[Any]) -> Clause:
        """A leg going up, one bend, a horizontal leg: the bend turns the bar from vertical to horizontal, so 90°."""
        locs = [x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Loc)]
        legs = [loc for loc in locs if loc.kind == "bend_leg"]
        angle = next(loc.value for loc in locs if loc.kind == "bend_angle")
        if angle != 90:
            raise reject(f"a {angle:g}° bend between a leg going up and a horizontal one")
        rest = [loc for loc in locs if loc.kind != "bend_leg"]
        return Clause("bend_run", locs=[Loc("bend_leg1", value=legs[0].value), *rest,
                                        Loc("bend_leg2", value=legs[1].value)])

    def j8_swept_centreline(self, children: list[Any]) -> Loc:
        """"Model it as one solid swept along that centreline": how the bend is built (a round bar swept along its
        centre line)."""
        if next(t for t in tokens(children) if t.type == "NUM").value.values[0] != 1:
            raise reject("a bent rod is one solid")
        return Loc("fact", face="centred_on_path")

    def j8_ends_square(self, children: list[Any]) -> Loc:
        """"Ends square to the rod.": flat ends, square to the bar."""
        return Loc("fact", face="flat_ends")

    def j8_open_span(self, children: list[Any]) -> Loc:
        """"x = 20 to 30": both ends on the axis the first one names."""
        axis, lo = next(c for c in children if isinstance(c, tuple))
        hi = next(c for c in children if isinstance(c, float))
        if hi <= lo:
            raise reject(f"a span from {lo:g} to {hi:g}")
        return Loc("span", axes=(axis,), values=(lo, hi))
