"""Semantic functions of the second shop block of ``grammar.lark`` (``shop notes, round 2``).

A mixin of :class:`semantics.Semantics`, like :class:`semantics_shop.ShopSemantics`: one method per rule. Trays said
in other words (sizes "measured on the outside", "those are inside dimensions", "walls and bottom are all 1/8
thick"), and facts a hobbyist adds that the part has anyway ("square corners", "made as one piece"), each checked
where it is composed so that a fact that is not true refuses the prompt instead of being dropped.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["HoleNoteSemantics", "ShopNoteSemantics", "TurnedNoteSemantics", "UnionNoteSemantics"]

_OUTSIDE = ("outside", "outer", "external", "overall")
_INSIDE = ("inside", "inner", "internal")
#: tray words that say the box is open at the top
_OPEN_TRAYS = ("open box", "box open", "open top box")
_TRAYS = ("tray", "container", "bin", "enclosure box", "project box", "case", "enclosure", *_OPEN_TRAYS)
#: an inset said of the edges (not "from each corner", which could be measured along the diagonal)
_FROM_EDGES = ("from the edge", "from the edges", "from edges", "from each edge", "from both edges", "from all edges",
               "from each side", "from both sides", "from all sides", "from the outer edges")


class ShopNoteSemantics:
    """Trays and shop facts: each method reads its own rule's children."""

    def tray_dims(self, children: list[Any]) -> Size:
        """"120 x 80 and 30 deep", "4 x 3 x 2 tall": length, width, height (depth) of a tray."""
        values = tuple(v for c in children if isinstance(c, Size) for v in c.values)
        if len(values) != 3:
            raise reject("a tray takes its length, width and height")
        return Size(values)

    def tray_measured(self, children: list[Any]) -> Clause:
        """"an open-top box, 4 x 3 x 2 tall measured on the outside": the tray and its size in one phrase."""
        return Clause("tray", locs=[*_tray_noun(children), _side_size(children)])

    def tray_intro_sized(self, children: list[Any]) -> Clause:
        """"Simple open box for screws, made as one piece: outside 150 x 100, 60 high"."""
        return Clause("tray", locs=[*_tray_noun(children), _side_size(children)])

    def tray_size_restated(self, children: list[Any]) -> Clause:
        """"Inside needs to be 120 x 80 and 30 deep — those are inside dimensions": the side said twice must agree."""
        sides = {t.type for t in tokens(children) if t.type in ("DIM_ID", "DIM_OD")}
        if len(sides) != 1:
            raise reject("a tray size said to be both inside and outside")
        _words(children, "IGN", ("needs", "need", "has", "have", "must", "should", "those", "these", "dimensions",
                                 "sizes", "measurements"))
        return Clause("tray", locs=[_side_size(children)])

    def tray_for(self, children: list[Any]) -> None:
        """"for my screwdriver bits", "for screws": what the tray is for (no geometry)."""
        _words(children, "MOD_CLEARANCE", ("for screws", "for bolts", "for a", "for an"))
        return None

    def tray_item(self, children: list[Any]) -> Any:
        return children[0]

    def tray_which(self, children: list[Any]) -> str:
        tok = tokens(children)[0]
        if tok.type == "W_SIDES" or tok.type == "DIM_WALL":
            _words(children, "DIM_WALL", ("wall", "walls", "side walls", "sidewall", "sidewalls"))
            return "wall"
        _words(children, "FACE_BOTTOM", ("bottom",))
        _words(children, "DIM_FLOOR", ("floor", "base thickness", "bottom thickness", "floor thickness"))
        return "floor"

    def tray_said(self, children: list[Any]) -> list[Loc]:
        """"walls and bottom are all 1/8 thick": the same thickness for each part named."""
        _words(children, "MOD_EACH", ("all", "each", "both"))
        value = next(c for c in children if isinstance(c, Size)).values[0]
        kinds = [c for c in children if type(c) is str]
        if len(set(kinds)) != len(kinds):
            raise reject("the tray's walls or floor named twice")
        return [Loc(k, value=value) for k in kinds]

    def tray_facts(self, children: list[Any]) -> Clause:
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        return Clause("tray", locs=[c for c in flat if isinstance(c, Loc)])

    def sharp_corners(self, children: list[Any]) -> Loc:
        _words(children, "POS_CORNERS", ("corner", "corners", "the corners"))
        return Loc("sharp_corners", value=1.0)

    def one_piece(self, children: list[Any]) -> Loc:
        """"made as one piece", "all one piece": the part is one solid (the build checks it is)."""
        nums = [t for t in tokens(children) if t.type == "NUM"]
        if any(t.value.values[0] != 1 for t in nums):
            raise reject("a part 'as N pieces' is several parts")
        _words(children, "MOD_EACH", ("all",))
        ign = [t.value.text for t in tokens(children) if t.type == "IGN"]
        if not ign or ign[-1] not in ("piece", "part") or any(w not in ("made", "all", "everything") for w in ign[:-1]):
            raise reject(f"'{' '.join(ign)}' is not read here offline")
        return Loc("one_piece", value=1.0)


def _tray_noun(children: list[Any]) -> list[Loc]:
    """The tray noun; 'open box' / 'open-top box' says the top is open."""
    tray = next(t for t in tokens(children) if t.type == "SHAPE_TRAY")
    if tray.value.text not in _TRAYS:
        raise reject(f"'{tray.value.text}' is not read as a rectangular tray offline")
    return [Loc("open", value=1.0)] if tray.value.text in _OPEN_TRAYS else []


def _side_size(children: list[Any]) -> Loc:
    side = next(t for t in tokens(children) if t.type in ("DIM_ID", "DIM_OD"))
    inside = side.type == "DIM_ID"
    _words(children, side.type, _INSIDE if inside else _OUTSIDE)
    values = next(c for c in children if isinstance(c, Size)).values
    return Loc("inside" if inside else "outside", values=values)


def _words(children: list[Any], terminal: str, allowed: tuple[str, ...]) -> None:
    """The rule accepts a terminal class; only these words of it carry the meaning the rule gives them."""
    for t in tokens(children):
        if t.type == terminal and t.value.text not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class HoleNoteSemantics:
    """Holes and facts in drawing-note wording: "in each corner", "along the X axis of the block", a counterbore
    "for an M6 cap screw", "no holes"."""

    def corner_each(self, children: list[Any]) -> Loc:
        """``Loc("corners", value=inset, values=(1.0,))``: one hole per corner (a single 'hole in each corner' is
        four holes; see ``hole_patterns.hole_positions``)."""
        nums = [t for t in tokens(children) if t.type == "NUM"]
        if any(t.value.values[0] != 1 for t in nums):
            raise reject("'N in each corner': one hole in each corner is read offline")
        _words(children, "POS_CORNERS", ("each corner", "every corner", "all four corners", "four corners",
                                         "the corners", "corners"))
        _words(children, "IGN", ("both",))
        _words(children, "EDGE_ALL", ("edges", "each edge", "edge"))
        edges = any(t.type == "EDGE_ALL" for t in tokens(children))
        _words(children, "DIM_INSET", ("in from", "inset") if edges else _FROM_EDGES)
        inset = next(c for c in children if isinstance(c, Size)).values[0]
        return Loc("corners", value=inset, values=(1.0,))

    def axis_of_body(self, children: list[Any]) -> Loc:
        """"along the X axis of the block": the direction of the cut (the body is the part so far)."""
        _words(children, "MOD_ALONG_X", ("along x", "along the x axis"))
        _words(children, "MOD_ALONG_Y", ("along y", "along the y axis"))
        axis = next(i for i, t in enumerate(("MOD_ALONG_X", "MOD_ALONG_Y")) if any(k.type == t for k in tokens(children))) \
            if any(k.type.startswith("MOD_ALONG") for k in tokens(children)) else \
            next(i for i, t in enumerate(("W_X", "W_Y", "W_Z")) if any(k.type == t for k in tokens(children)))
        return Loc("direction_axis", axes=(axis,))

    def centred_end_faces(self, children: list[Any]) -> list[Loc]:
        """"centred on the (30 x 30) end faces": centred across the cut's direction; the faces' size is checked."""
        size = next((c for c in children if isinstance(c, Size)), None)
        return [Loc("centre_across"), Loc("end_faces", values=size.values if size else ())]

    def cbore_note(self, children: list[Any]) -> Clause:
        """One counterbored hole at the centre of the top face: the hole, then its counterbore (diameter x depth)."""
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if count != 1:
            raise reject(f"{count} counterbored holes 'in the center': give their pattern")
        _words(children, "FEAT_COUNTERBORE", ("counterbored", "counterbored hole", "counterbore", "c'bore", "cbore"))
        d, cb_d, cb_depth = (c.values[0] for c in children if isinstance(c, Size))
        screw = next((c for c in children if isinstance(c, float)), None)
        if screw is not None and not screw < d < cb_d:
            raise reject(f"a Ø{d:g} hole with a Ø{cb_d:g} counterbore does not clear an M{screw:g} screw")
        noun = Noun("hole", measures=[Measure("diameter", d)])
        return Clause("cut", noun=noun, locs=[Loc("face", face="top"), Loc("centre"), Loc("through"),
                                              Loc("cbore", values=(cb_d, cb_depth))])

    def screw_for(self, children: list[Any]) -> float:
        """"for an M6 cap screw": the screw's nominal size, checked against the hole."""
        _words(children, "MOD_CLEARANCE", ("for a", "for an"))
        _words(children, "SHAPE_CYLINDER", ("cap", "head"))
        _words(children, "IGN", ("socket", "cap", "screw", "hex", "button"))
        if tokens(children)[-1].value.text != "screw":
            raise reject("'for an M… ': say what fastener (e.g. 'for an M6 cap screw')")
        return float(next(t for t in tokens(children) if t.type == "THREAD").value.values[0])

    def no_holes(self, children: list[Any]) -> Clause:
        _words(children, "EDIT_REMOVE", ("no",))
        _words(children, "FEAT_HOLE", ("hole", "holes"))
        return Clause("shop_fact", locs=[Loc("no_holes")])

    def shop_fact(self, children: list[Any]) -> Clause:
        return Clause("shop_fact", locs=[c for c in children if isinstance(c, Loc)])


class UnionNoteSemantics:
    """Bodies joined at stated places, said the way hobbyists do."""

    def join_on_face(self, children: list[Any]) -> Clause:
        """"On its top face, a cone … tapering to a sharp point, cone height 25, coaxial": joined on top."""
        flat = [x for c in children for x in (c if isinstance(c, list) else [c])]
        noun = next(c for c in flat if isinstance(c, Noun))
        _words(children, "REL_ON_TOP", ("on",))
        for kind, measure in (c for c in flat if isinstance(c, tuple) and c[0] != "to_point"):
            if kind != noun.kind:
                raise reject(f"a {kind}'s size said of a {noun.kind}")
            noun.measures.append(measure)
        measures = [*noun.measures, *(c for c in flat if isinstance(c, Measure))]
        if any(isinstance(c, tuple) and c[0] == "to_point" for c in flat) and (
                noun.kind != "cone" or any(m.dim in ("top_diameter", "top_radius") for m in measures)):
            raise reject("'tapering to a point' is said of a cone with no top diameter")
        locs = [Loc("on_top"), *(c for c in flat if isinstance(c, Loc))]
        return Clause("join", noun=noun, measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=locs)

    def coaxial_mod(self, children: list[Any]) -> Loc:
        return Loc("centre", axes=(0, 1))

    def own_measure(self, children: list[Any]) -> tuple[str, Measure]:
        noun = next(c for c in children if isinstance(c, Noun))
        dim = next(c for c in children if type(c) is str)
        return noun.kind, Measure(dim, next(c for c in children if isinstance(c, Size)).values[0])

    def to_point(self, children: list[Any]) -> tuple[str, None]:
        _words(children, "W_SHARP", ("sharp",))
        return "to_point", None

    def single_solid(self, children: list[Any]) -> Clause:
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a part 'as N solids' is several parts")
        return Clause("shop_fact", locs=[Loc("one_piece")])

    def base_on_plane(self, children: list[Any]) -> Loc:
        """"base on XY": standing on the XY plane."""
        _words(children, "SHAPE_PLATE", ("base",))
        plane = next(c for c in children if isinstance(c, Loc))
        if plane.face != "xy":
            raise reject("a base on the XZ or YZ plane is not read offline")
        return Loc("base_z", value=0.0)

    def base_at_origin(self, children: list[Any]) -> list[Loc]:
        """"base on XY at origin": standing on the XY plane, the middle of its base on the origin."""
        return [self.base_on_plane(children), Loc("coord", axes=(0,), value=0.0), Loc("coord", axes=(1,), value=0.0)]


class TurnedNoteSemantics:
    """Turned parts said in words: a groove placed by its near side, a radial set-screw hole of a collar."""

    def groove_note(self, children: list[Any]) -> Clause:
        """A groove round a rod, its near side ``value`` from one end: read like "with the near edge of the groove
        15 from one end" (the groove's bottom is square: a ring is cut)."""
        _words(children, "POS_POLAR", ("around",))
        _words(children, "FACE_SIDE", ("side",))
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a groove 'from N ends': say 'from one end'")
        measures = [c for c in children if isinstance(c, Measure)]
        if {m.dim for m in measures} != {"width", "depth"}:
            raise reject("a groove takes its width and depth")
        start = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("cut", noun=Noun("groove"), measures=measures,
                      locs=[Loc("around"), Loc("near_edge", value=start)])

    def radial_hole_said(self, children: list[Any]) -> Clause:
        """"one radial hole 4.2 mm for a set screw, drilled from the outside through one wall only into the bore,
        in the middle of the 12 mm width": ``values`` = (the width said, checked against the collar)."""
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if count != 1 or any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a radial hole 'through one wall': one hole, one wall")
        _words(children, "FACE_SIDE", ("radial",))
        _words(children, "FEAT_HOLE", ("hole", "drilled", "bore"))
        _words(children, "DIM_OD", ("outside",))
        _words(children, "IGN", ("only", "screw"))
        _words(children, "MOD_CLEARANCE", ("for a",))
        _words(children, "EDIT_RESIZE", ("set",))
        _words(children, "POS_CENTER", ("middle", "in the middle", "centre", "center", "at the center"))
        d, width = (c.values[0] for c in children if isinstance(c, Size))
        return Clause("lathe", locs=[Loc("radial_hole", value=d, values=(width,))])
