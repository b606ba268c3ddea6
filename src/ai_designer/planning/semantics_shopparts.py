"""Semantic functions of the ``shop parts round`` rules of ``grammar.lark``: project boxes and flanged bushings
said the way people in a shop say them ("I need a simple project box for an Arduino build. Outside is 100 x 60,
40 tall, open on top, 2 mm walls all round and a 2 mm floor."; "FLANGED BUSHING. FLANGE Ø30 x 3 THK, BODY Ø18,
OAL 20."; "collar OD 28 x 4 thick at one end (included in the 25)").

Trays become ``Clause("tray", …)`` for ``trays_compose``; flanged parts ``Clause("flanged", …)`` (a name alone) and
``Clause("flanged_more", …)`` (parts in a sentence of their own), gathered by ``compose_shopparts.merge_flanged``.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["ShopPartSemantics"]

_TRAYS = ("tray", "container", "bin", "enclosure box", "project box", "case", "enclosure", "box")


def _only(children: list[Any], terminal: str, allowed: tuple[str, ...]) -> None:
    """The rule accepts a terminal class; only these words of it carry the meaning the rule gives them."""
    for t in tokens(children):
        if t.type == terminal and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class ShopPartSemantics:
    """One method per rule of the block; each reads its own children."""

    def sp_tray_intro(self, children: list[Any]) -> Clause:
        """"a simple project box for an Arduino build": a rectangular open box whose sizes follow."""
        tray = next(t for t in tokens(children) if t.type == "SHAPE_TRAY")
        if tray.value.text.lower() not in _TRAYS:
            raise reject(f"'{tray.value.text}' is not read as a rectangular tray offline")
        return Clause("tray")

    def sp_for(self, children: list[Any]) -> None:
        """What the box is for (no geometry): "for an Arduino build", "for my electronics"."""
        _only(children, "MOD_CLEARANCE", ("for a", "for an", "for my"))
        _only(children, "W_BUILD", ("build", "project"))
        return None

    def sp_tray_sized(self, children: list[Any]) -> Clause:
        """"Outside is 100 x 60, 40 tall, …": the tray's size (inside or outside) and what follows it."""
        inside = any(t.type == "DIM_ID" for t in tokens(children) if not isinstance(t, (Size, Loc)))
        _only(children, "IGN", ("dimension", "dimensions", "size", "dims"))
        size = next(c for c in children if isinstance(c, Size))
        if len(size.values) != 3:
            raise reject("a tray takes its length, width and height")
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        return Clause("tray", locs=[Loc("inside" if inside else "outside", values=size.values),
                                    *[c for c in flat if isinstance(c, Loc)]])

    def sp_tray_item(self, children: list[Any]) -> Any:
        return children[0]

    def sp_all_round(self, children: list[Any]) -> None:
        """"(walls) all round": each wall, which the tray's walls are anyway."""
        _only(children, "MOD_EACH", ("all",))
        _only(children, "W_ROUND", ("round", "around"))
        _only(children, "EDGE_ALL", ("all around",))
        return None

    def sp_fl_name(self, children: list[Any]) -> Clause:
        """"FLANGED BUSHING." alone: its parts follow in the next sentences."""
        return Clause("flanged", locs=[c for c in children if isinstance(c, Loc)])

    def sp_fl_more(self, children: list[Any]) -> Clause:
        return Clause("flanged_more", locs=[c for c in children if isinstance(c, Loc)])

    def sp_fl_oal(self, children: list[Any]) -> Loc:
        """"OAL 20": the overall length (drawing shorthand)."""
        _only(children, "DIM_LENGTH", ("oal",))
        return Loc("overall", value=next(c for c in children if isinstance(c, Size)).values[0])

    def sp_fl_collar(self, children: list[Any]) -> Loc:
        """"collar OD 28 x 4 thick at one end (included in the 25)": the bushing's wide part; ``value`` = the
        length it is said to be included in (checked against the overall length)."""
        _only(children, "SHAPE_RING", ("collar",))
        dims = next(c for c in children if isinstance(c, Loc) and c.kind == "dims")
        included = next((c for c in children if isinstance(c, float)), None)
        return Loc("wide", values=dims.values, value=included)

    def sp_od_pair(self, children: list[Any]) -> Loc:
        """"OD 28 x 4 thick": ``Loc("dims", values=(diameter, height, 0))`` like ``fl_dims``."""
        size = next(c for c in children if isinstance(c, Size))
        return Loc("dims", values=(size.values[0], size.values[1], 0.0))

    def sp_fl_end(self, children: list[Any]) -> None:
        """"at one end": where a collar is, which a flanged bushing's flange always is."""
        num = next(t for t in tokens(children) if t.type == "NUM")
        if num.value.text.lower() not in ("one", "1"):
            raise reject(f"'{num.value.text} end' of a flanged bushing is not read offline")
        return None

    def sp_fl_included(self, children: list[Any]) -> float:
        _only(children, "EDIT_ADD", ("included",))
        return float(next(c for c in children if isinstance(c, Size)).values[0])


class LidSemantics:
    """Lids with a rim (lip) underneath: ``Clause("sp_lid", sizes=[plate])`` then ``Clause("sp_rim", locs=…)`` with
    ``rim_h``, ``outer`` / ``inner`` (``values``), ``wall``, ``inner_said``, ``under``, ``centred``, ``hollow``."""

    def sp_lid(self, children: list[Any]) -> Clause:
        """"Lid: plate 100x60x3", "Lid for a small box: top plate 4" x 2-1/2" x 1/8" thick"."""
        _only(children, "UNBUILT", ("lid", "cover"))
        _only(children, "MOD_CLEARANCE", ("for a", "for an", "for my", "for the"))
        _only(children, "FACE_TOP", ("top",))
        _only(children, "IGN", ("simple", "small", "little", "flat", "plain", "rectangular", "my"))
        return Clause("sp_lid", sizes=[next(c for c in children if isinstance(c, Size))])

    def sp_lid_for(self, children: list[Any]) -> None:
        _only(children, "IGN", ("simple", "small", "little", "project", "plain", "my"))
        _only(children, "SHAPE_TRAY", ("box", "project box", "enclosure", "tray", "container"))
        return None

    def sp_rim(self, children: list[Any]) -> Clause:
        _only(children, "IGN", ("rectangular", "square"))
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        return Clause("sp_rim", locs=[c for c in flat if isinstance(c, Loc)])

    def sp_rim_word(self, children: list[Any]) -> None:
        _only(children, "EDGE_TOP_OUTER", ("rim",))
        _only(children, "UNBUILT", ("lip", "rim", "skirt"))
        return None

    def sp_under(self, children: list[Any]) -> Loc:
        _only(children, "FACE_BOTTOM", ("underside", "bottom", "bottom face", "underside face"))
        _only(children, "UNBUILT", ("lid",))
        _only(children, "REL_UNDER", ("underneath", "under", "below", "beneath", "under it", "on the underside"))
        return Loc("under")

    def sp_centred(self, children: list[Any]) -> Loc:
        _only(children, "UNBUILT", ("lid",))
        return Loc("centred")

    def sp_rim_item(self, children: list[Any]) -> Any:
        return children[0]

    def sp_rim_h(self, children: list[Any]) -> Loc:
        return Loc("rim_h", value=_size(children).values[0])

    def sp_rim_outer(self, children: list[Any]) -> Loc:
        _only(children, "DIM_OD", ("outer", "outside", "od", "o.d"))
        return Loc("outer", values=_size(children).values)

    def sp_rim_inner(self, children: list[Any]) -> Loc:
        _only(children, "DIM_ID", ("inner", "inside", "id", "i.d"))
        return Loc("inner", values=_size(children).values)

    def sp_rim_inner_said(self, children: list[Any]) -> Loc:
        """"(so inner 91x51)": the inner size restated from the outer one and the wall (checked)."""
        _only(children, "IGN", ("so", "i.e", "ie", "giving", "making"))
        _only(children, "DIM_ID", ("inner", "inside", "id", "i.d"))
        return Loc("inner_said", values=_size(children).values)

    def sp_rim_wall(self, children: list[Any]) -> Loc:
        _only(children, "DIM_WALL", ("wall", "walls", "wall thickness"))
        return Loc("wall", value=_size(children).values[0])

    def sp_rim_hollow(self, children: list[Any]) -> Loc:
        """"(hollow, just a rim)": the rim is a wall round an open middle, which a rim is anyway."""
        _only(children, "FEAT_SHELL", ("hollow",))
        _only(children, "IGN", ("just", "only"))
        return Loc("hollow")


def _size(children: list[Any]) -> Size:
    return next(c for c in children if isinstance(c, Size))


class BracketSemantics:
    """L-brackets with a length for each leg: ``Clause("sp_bracket", locs=[leg_x, leg_z, width, thick, outside])``
    and holes through a named leg: ``Clause("sp_leg_holes", locs=[leg, hole, upright | bottom, sides])``."""

    def sp_bracket(self, children: list[Any]) -> Clause:
        _only(children, "SHAPE_BRACKET", ("l bracket", "angle bracket", "l shaped bracket"))
        _only(children, "SHAPE_PLATE", ("plate", "sheet"))
        locs = [c for c in children if isinstance(c, Loc)]
        plate = [c for c in children if isinstance(c, Size)]
        if plate:
            locs.append(Loc("thick", value=plate[0].values[0]))
        return Clause("sp_bracket", locs=locs)

    def sp_leg(self, children: list[Any]) -> str:
        _only(children, "MOD_ALONG_X", ("horizontal",))
        _only(children, "MOD_ALONG_Y", ("vertical",))
        _only(children, "DIM_LEG", ("leg",))
        return "x" if any(t.type == "MOD_ALONG_X" for t in tokens(children)) else "z"

    def sp_brk_leg(self, children: list[Any]) -> Loc:
        axis = next(c for c in children if type(c) is str)
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if axis == "x" and "DIM_HEIGHT" in words or axis == "z" and "DIM_LENGTH" in words:
            raise reject("a leg's size named the other way (the horizontal leg 'tall', the vertical one 'long')")
        return Loc("leg_" + axis, value=_size(children).values[0])

    def sp_brk_outside(self, children: list[Any]) -> Loc:
        _only(children, "IGN", ("both",))
        _only(children, "DIM_OD", ("outside",))
        return Loc("outside")

    def sp_brk_width(self, children: list[Any]) -> Loc:
        return Loc("width", value=_size(children).values[0])

    def sp_brk_thick(self, children: list[Any]) -> Loc:
        return Loc("thick", value=_size(children).values[0])

    def sp_leg_holes(self, children: list[Any]) -> Clause:
        _only(children, "W_ADD", ("add",))
        _only(children, "EDIT_ADD", ("also",))
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        axis = next(c for c in children if type(c) is str)
        d = _size(children).values[0]
        return Clause("sp_leg_holes", locs=[Loc("leg", face=axis), Loc("hole", values=(d, float(counts[0] if counts else 1))),
                                            *[c for c in children if isinstance(c, Loc)]])

    def sp_from_upright(self, children: list[Any]) -> Loc:
        """"30 mm from the back face of the vertical leg": from the upright's outside face."""
        _only(children, "FACE_BACK", ("back face", "back"))
        _only(children, "DIM_OD", ("outside",))
        if next(c for c in children if type(c) is str) != "z":
            raise reject("a distance from a face of the horizontal leg is not read here offline")
        return Loc("upright", value=_size(children).values[0])

    def sp_from_bottom(self, children: list[Any]) -> Loc:
        _only(children, "REL_ON_TOP", ("above",))
        _only(children, "FACE_BOTTOM", ("bottom", "bottom face", "underside"))
        return Loc("bottom", value=_size(children).values[0])

    def sp_from_sides(self, children: list[Any]) -> Loc:
        _only(children, "DIM_INSET", ("in from", "from each side", "from both sides"))
        _only(children, "EDGE_VERTICAL", ("side edge", "side edges"))
        _only(children, "EDGE_ALL", ("edge", "edges", "side edge", "side edges"))
        return Loc("sides", value=_size(children).values[0])
