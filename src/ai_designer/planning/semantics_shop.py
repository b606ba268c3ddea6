"""Semantic functions of the shop-wording rules of ``grammar.lark`` (the ``shop and hobbyist wording`` block).

A mixin of :class:`semantics.Semantics`, like :class:`semantics_locs.LocationSemantics`: one method per rule.
"""

from __future__ import annotations

from typing import Any

from ai_designer.core.errors import PlanError
from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["ShopSemantics"]


class ShopSemantics:
    """Rules a machinist or hobbyist writes: rows of holes given by the first one and the pitch, turned parts."""

    def loc_row(self, children: list[Any]) -> Loc:
        """"the first one 20 from the left end, 40 pitch": ``value`` = the first centre's distance from ``face``,
        ``values`` = (pitch,). "The first one" must be one hole."""
        firsts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        if firsts and firsts[0] != 1:
            raise PlanError(f"'the first {firsts[0]}' of a row: say where the first hole is")
        face = next(c for c in children if type(c) is str)
        first, pitch = (c.values[0] for c in children if isinstance(c, Size))
        return Loc("row", face=face, value=first, values=(pitch,))

    # ---- turned parts (composed by lathe.py) --------------------------------------------------------------------
    def lathe_stock(self, children: list[Any]) -> Clause:
        """"face a round bar to Ø40 and cut it off 60 long", "Ø30 bar, part off at 80 long": a cylinder."""
        return Clause("create", noun=next(c for c in children if isinstance(c, Noun)),
                      measures=[c for c in children if isinstance(c, Measure)])

    def cut_off(self, children: list[Any]) -> Measure:
        return Measure("length", next(c for c in children if isinstance(c, Size)).values[0])

    def lathe_turn_down(self, children: list[Any]) -> Clause:
        """"turn the last 25 mm at one end down to Ø28": ``values`` = (length, diameter)."""
        _word(children, "IGN", ("last",))
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("turning 'at one end': say which end")
        end = next((c for c in children if type(c) is str), "one")
        length = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("turn_down", face=end, values=(length, _diameter(children)))])

    def lathe_groove(self, children: list[Any]) -> Clause:
        """"a groove 10 wide down to Ø20, starting 30 from the left end": ``values`` = (width, diameter, start)."""
        _word(children, "IGN", ("starting", "beginning"))
        width = next(c.value for c in children if isinstance(c, Measure) and c.dim == "width")
        start = next(c for c in children if isinstance(c, Size)).values[0]
        end = next(c for c in children if type(c) is str)
        return Clause("lathe", locs=[Loc("groove", face=end, values=(width, _diameter(children), start))])

    def lathe_chamfer_ends(self, children: list[Any]) -> Clause:
        _word(children, "EDGE_CIRCULAR", ("both ends", "each end"))
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("chamfer", face="both", value=size)])

    def lathe_chamfer_small(self, children: list[Any]) -> Clause:
        _word(children, "DIM_TOP_DIAMETER", ("small end",))
        _word(children, "EDGE_ALL", ("outer edge", "outside edge", "edge"))
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("chamfer", face="small", value=size)])

    def round_stock_np(self, children: list[Any]) -> Noun:
        """"a Ø50 round, 30 long": round bar stock, sized by its diameter."""
        measures = [m for c in children for m in (c if isinstance(c, list) else [c]) if isinstance(m, Measure)]
        if not any(m.dim in ("diameter", "radius") for m in measures):  # "Ø50 x 25 LG ROUND": a pair is a list
            raise reject("'a … round': give its diameter (e.g. 'a Ø50 round, 30 long')")
        return Noun("cylinder", measures=measures)

    def plate_stock_np(self, children: list[Any]) -> Noun:
        """'1/2" thick aluminium, 4" x 2"': a plate of stock named by its material, thickness first."""
        tok = next(t for t in tokens(children) if t.type == "IGN")
        if not (get_ignorable().why(tok.value.text) or "").startswith("names a material"):
            raise reject(f"'{tok.value.text}' after a thickness: name the stock (e.g. '10 mm plate, 100 x 50')")
        sizes = [v for c in children if isinstance(c, Size) for v in c.values]
        thickness, length, width = sizes[0], sizes[1], sizes[2]
        return Noun("plate", sizes=[Size((length, width, thickness))])

    def corners_fillet(self, children: list[Any]) -> Clause:
        """The N corners of a plate seen from above are its vertical edges (the count is checked when built)."""
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        size = next(c for c in children if isinstance(c, Size)).values[0]
        edges = Loc("edges", face="vertical", value=float(counts[0]) if counts else None)
        return Clause("fillet", measures=[Measure("radius", size)], locs=[edges], edges="vertical")

    def tray_size(self, children: list[Any]) -> Clause:
        """"the inside has to be 80 x 50 and 25 deep", "outside 60 x 40 x 20 tall": a tray's size."""
        side = next(t for t in tokens(children) if t.type in ("DIM_ID", "DIM_OD"))
        inside = side.type == "DIM_ID"
        _word(children, side.type, ("inside", "inner", "internal") if inside else ("outside", "outer", "external"))
        _word(children, "IGN", ("has", "have", "needs", "need", "must", "should", "so", "my", "bits", "fit", "fits", "it's",
                                "things", "stuff", "parts"))
        values = tuple(v for c in children if isinstance(c, Size) for v in c.values)
        return Clause("tray", locs=[Loc("inside" if inside else "outside", values=values)])

    def tray_part(self, children: list[Any]) -> Loc:
        kind = "wall" if any(t.type == "DIM_WALL" for t in tokens(children)) else "floor"
        return Loc(kind, value=next(c for c in children if isinstance(c, Size)).values[0])

    def tray_open(self, children: list[Any]) -> Loc:
        _word(children, "MOD_OPEN", ("open", "open top", "open at the top", "no lid", "without a lid", "without lid",
                                    "lidless"))
        return Loc("open", value=1.0)

    def tray_intro(self, children: list[Any]) -> Clause:
        """"A tray for my desk.": a rectangular tray whose sizes follow (round containers are not read here)."""
        _word(children, "SHAPE_TRAY", ("tray", "open box", "box open", "open top box", "container", "bin",
                                        "enclosure box", "project box", "case", "enclosure"))
        return Clause("tray")

    def tray_walls(self, children: list[Any]) -> Clause:
        return Clause("tray", locs=[c for c in children if isinstance(c, Loc)])

    def cbore_step(self, children: list[Any]) -> Clause:
        """A counterbored hole said from the top down: the counterbore, then the hole "through the rest"."""
        cb_d, cb_depth, d = (c.values[0] for c in children if isinstance(c, Size))
        noun = Noun("hole", measures=[Measure("diameter", d)])
        return Clause("cut", noun=noun, locs=[Loc("face", face="top"), Loc("centre"), Loc("through"),
                                              Loc("cbore", values=(cb_d, cb_depth))])

    def top_face_edges(self, children: list[Any]) -> Clause:
        _word(children, "EDGE_ALL", ("edges",))
        _word(children, "POS_POLAR", ("around",))
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        verb = next(t for t in tokens(children) if t.type in ("FEAT_FILLET", "FEAT_CHAMFER"))
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("top_face_edges", face=verb.value.concept.split(":")[1], value=size,
                                         values=(float(count),))])

    # ---- L-brackets (composed by brackets_compose.py) ------------------------------------------------------------
    def bracket_np(self, children: list[Any]) -> Clause:
        _word(children, "SHAPE_BRACKET", ("l bracket", "angle bracket", "l shaped bracket", "l shaped angle"))
        leg = next(c for c in children if isinstance(c, Loc) and c.kind == "legs").value
        dims = {c.dim: c.value for c in children if isinstance(c, Measure)}
        if set(dims) != {"width", "thickness"}:
            raise reject("an L-bracket takes its legs, width and thickness")
        return Clause("bracket", locs=[Loc("bracket", values=(float(leg or 0.0), dims["width"], dims["thickness"]))])

    def bracket_legs(self, children: list[Any]) -> Loc:
        """"both legs 40 mm long measured on the outside", "EQUAL LEGS 50 x 50 (OUTSIDE)": equal legs."""
        _word(children, "MOD_IN_EACH_LEG", ("both legs", "each leg"))
        _word(children, "IGN", ("equal",))
        _word(children, "DIM_OD", ("outside",))
        values = [v for c in children if isinstance(c, Size) for v in c.values]
        if len(set(values)) != 1:
            raise reject("legs of different lengths are read offline by the slot planner only")
        return Loc("legs", value=values[0])

    def bracket_dim(self, children: list[Any]) -> Measure:
        dim = "width" if any(t.type == "DIM_WIDTH" for t in tokens(children)) else "thickness"
        return Measure(dim, next(c for c in children if isinstance(c, Size)).values[0])

    def leg_across(self, children: list[Any]) -> Loc:
        size = next(c for c in children if isinstance(c, Size)).values[0]
        if any(t.type == "POS_CENTER" for t in tokens(children)):
            return Loc("across_centred", value=size)
        _word(children, "EDGE_ALL", ("side edge", "side edges", "edge", "edges"))
        return Loc("across_side", value=size)

    def leg_holes(self, children: list[Any]) -> Clause:
        """"2x Ø6.5 THRU EACH LEG, 25 FROM OUTSIDE CORNER, 10 FROM EACH SIDE EDGE"."""
        _word(children, "MOD_IN_EACH_LEG", ("each leg", "in each leg"))
        _word(children, "DIM_OD", ("outside",))
        _word(children, "POS_CORNERS", ("corner",))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        d, corner = (c.values[0] for c in children if isinstance(c, Size))
        across = next(c for c in children if isinstance(c, Loc))
        values: tuple[float, ...] = (d, float(counts[0] if counts else 1), corner)
        if across.kind == "across_side":
            values = (*values, float(across.value or 0.0))
        return Clause("bracket", locs=[Loc("leg_holes", values=values), across])

    def collar_np(self, children: list[Any]) -> Clause:
        """"Shaft collar: 30 OD, 15 bore, 12 wide": a ring standing on Z."""
        _word(children, "SHAPE_ROD", ("shaft",))
        _word(children, "SHAPE_RING", ("collar", "ring"))
        _word(children, "FEAT_HOLE", ("bore",))
        od, bore, width = (c.values[0] for c in children if isinstance(c, Size))
        return Clause("lathe", locs=[Loc("collar", values=(od, bore, width))])

    def radial_hole(self, children: list[Any]) -> Clause:
        """"one radial Ø5 hole through one wall only, at mid-width": from the outside into the bore."""
        _word(children, "FACE_SIDE", ("radial",))
        _word(children, "IGN", ("only",))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)) or counts not in ([], [1]):
            raise reject("a radial hole 'through one wall': one hole, one wall")
        return Clause("lathe", locs=[Loc("radial_hole", value=next(c for c in children if isinstance(c, Size)).values[0])])

    def mill_flats(self, children: list[Any]) -> Clause:
        """Two flats on opposite sides of a round bar, ``value`` across them, the bar's full length."""
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if count != 2:
            raise reject(f"{count} flat(s) 'on opposite sides': that is two flats")
        _word(children, "MOD_ALONG_X", ("full length", "the full length"))
        across = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("flats", value=across)])

    def flats_cross_hole(self, children: list[Any]) -> Clause:
        _word(children, "FACE_SIDE", ("cross",))
        d = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("lathe", locs=[Loc("flats_hole", value=d)])

    def lathe_keyway(self, children: list[Any]) -> Clause:
        """A flat-bottomed, square-ended keyway: ``values`` = (width, depth, length, start from the named end)."""
        _word(children, "FEAT_GROOVE", ("keyway", "key way", "keyseat"))
        _word(children, "IGN", ("starting", "beginning"))
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a keyway starting from 'one end': say which end")
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        named = {c.dim: c.value for c in children if isinstance(c, Measure)}
        if len(sizes) == 4:
            width, depth, length, start = sizes
        elif len(sizes) == 1 and len(named) == 3 and set(named) == {"width", "depth", "length"}:
            width, depth, length, start = named["width"], named["depth"], named["length"], sizes[0]
        else:
            raise reject("a keyway takes its width, depth and length")
        end = next((c for c in children if type(c) is str), "one")
        return Clause("lathe", locs=[Loc("keyway", face=end, values=(width, depth, length, start))])

    def lathe_end_hole(self, children: list[Any]) -> Clause:
        d, depth = (c.values[0] for c in children if isinstance(c, Size))
        end = next(c for c in children if type(c) is str)
        return Clause("lathe", locs=[Loc("end_hole", face=end, values=(d, depth))])

    def lathe_length(self, children: list[Any]) -> Clause:
        """"Turned part, overall length 50": the sections that follow must add up to it."""
        return Clause("lathe", locs=[Loc("overall", value=next(c for c in children if isinstance(c, Size)).values[0])])

    def lathe_plain(self, children: list[Any]) -> Clause:
        """"Ø36 for the first 12 mm", "then Ø20 for the remaining 20 mm": a plain section from the bottom up."""
        d, length = (c.values[0] for c in children if isinstance(c, Size))
        which = next(t.type for t in tokens(children) if t.type in ("W_FIRST", "W_NEXT", "W_REMAINING"))
        return Clause("lathe", locs=[Loc("section", face=which, values=(d, d, length))])

    def lathe_taper(self, children: list[Any]) -> Clause:
        """"a straight taper from Ø36 down to Ø20 over the next 18 mm"."""
        d0, d1, length = (c.values[0] for c in children if isinstance(c, Size))
        which = next(t.type for t in tokens(children) if t.type in ("W_FIRST", "W_NEXT", "W_REMAINING"))
        return Clause("lathe", locs=[Loc("section", face=which, values=(d0, d1, length))])


def _word(children: list[Any], terminal: str, allowed: tuple[str, ...]) -> None:
    """The rule accepts a terminal class; only these words of it carry the meaning the rule gives them."""
    for t in tokens(children):
        if t.type == terminal and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


def _diameter(children: list[Any]) -> float:
    return next(c.value for c in children if isinstance(c, Measure) and c.dim == "diameter")
