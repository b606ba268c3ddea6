"""Semantic functions of the ``openers`` block of ``grammar.lark``: how people start sentences and introduce what
they build ("And three holes …", "Start from a bar …", "I started with a sketch on XY: …", "All dims inches.").

A mixin of :class:`semantics.Semantics`, one method per rule. The words a rule lets through as ``IGN`` / ``UNK``
are checked here, so a near miss ("an old sketch", "all dims cubits") refuses the sentence instead of being read as
the nearest phrase.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["OpenerSemantics"]

#: words before "sketch" in "I started with a sketch on XY", "make a new sketch on the XZ plane"
_SKETCH_LEAD = {"i", "we", "new", "first"}
#: unit words said alone, and the millimetres each stands for (the lexer set the unit from the same word)
_UNITS = {"inches": 25.4, "inch": 25.4, "mm": 1.0, "millimeters": 1.0, "millimetres": 1.0}
_DIMENSIONS = ("dimensions", "dims", "dimension", "sizes")
_SOLID_NOUNS = ("piece", "part", "body")
_SHELL_VERBS = ("shell", "hollow", "hollow out")
_OPEN_TOP = ("open top", "open at the top", "no lid", "without a lid", "without lid", "lidless")
_OPEN_TRAYS = ("open box", "box open", "open top box")


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _words(children: list[Any], kind: str) -> list[str]:
    return [t.value.text.lower() for t in tokens(children) if t.type == kind]


class OpenerSemantics:
    """One method per rule of the openers block (see the module docstring)."""

    unit: float

    def op_sketch(self, children: list[Any]) -> Clause:
        """"I started with a sketch on XY: a rectangle …": the placed sketch; "on the same plane" / "also on the XY
        plane" name the plane of the sketch before (``compose_openers.said_checks`` resolves and checks it)."""
        flat = _flat(children)
        if any(t.type in ("W_XY", "W_XZ", "W_YZ") for t in tokens(flat)):
            clause: Clause = self.placed_sketch(flat)  # type: ignore[attr-defined]
        else:
            same = _words(flat, "IGN")
            if same[-1:] != ["same"]:
                raise reject(f"'the {same[-1] if same else ''} plane' does not say which plane (say e.g. 'on the XZ plane')")
            clause = Clause("placed_sketch", noun=next(c for c in flat if isinstance(c, Noun)),
                            measures=[c for c in flat if isinstance(c, Measure)],
                            sizes=[c for c in flat if isinstance(c, Size)],
                            locs=[Loc("plane", face="same"), *(c for c in flat if isinstance(c, Loc))])
        if any(t.type == "EDIT_ADD" for t in tokens(flat)):
            clause.locs.append(Loc("plane_also"))
        return clause

    def op_sketch_head(self, children: list[Any]) -> list[Any]:
        return _flat(children)

    def op_sketch_named(self, children: list[Any]) -> list[Any]:
        return _flat(children)

    def op_label(self, children: list[Any]) -> list[Any]:
        """"Base:": a name for what the sentence makes (only "base")."""
        word = tokens(children)[0].value.text.lower()
        if word != "base":
            raise reject(f"'{word}:' before a sentence is not read offline")
        return []

    def op_sketch_lead(self, children: list[Any]) -> list[Any]:
        for word in _words(children, "IGN"):
            if word not in _SKETCH_LEAD:
                raise reject(f"'{word}' is not read before 'sketch' offline")
        return []

    def _unit_word(self, children: list[Any]) -> str:
        unknown = _words(children, "UNK")
        word = unknown[-1]
        if word not in _UNITS or len(unknown) > 1:
            raise reject("did not understand " + ", ".join(f"'{w}'" for w in unknown))
        if abs(_UNITS[word] - self.unit) > 1e-9:
            raise reject(f"'{word}' is said alone but the sizes are read in another unit: say the unit once")
        return word

    def op_units(self, children: list[Any]) -> Clause:
        """"All dims inches.", "Inches.": the unit the lexer set for bare numbers, said alone (checked to be it)."""
        word = self._unit_word(children)
        said = [t.value.text.lower() for t in tokens(children) if t.type in ("IGN", "UNK", "MOD_EACH")][:-1]
        if said and (said[-1] not in _DIMENSIONS or said[0] not in ("all", *_DIMENSIONS) or len(said) > 2):
            raise reject(f"did not understand '{' '.join([*said, word])}'")
        return Clause("assume", text=f"numbers without a unit are in {word} (the units note)")

    def op_units_aside(self, children: list[Any]) -> list[Loc]:
        """"(inches)" after sizes: the unit said in brackets (checked against the unit the sizes were read in)."""
        self._unit_word(children)
        return []

    def op_one_solid(self, children: list[Any]) -> Clause:
        """"One solid piece.": the part is one solid (the build checks it is)."""
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a part 'as N solids' is several parts")
        noun = _words(children, "IGN")
        if noun[-1] not in _SOLID_NOUNS:
            raise reject(f"'one solid {noun[-1]}' is not read offline")
        return Clause("shop_fact", locs=[Loc("one_piece")])

    # ---- shells said after the body -------------------------------------------------------------------------------
    def op_shell(self, children: list[Any]) -> Clause:
        """"hollow it out leaving 4 mm walls …, open at the top": the part so far hollowed (compose_openers)."""
        verb = next(t for t in tokens(children) if t.type == "FEAT_SHELL").value.text.lower()
        if verb not in _SHELL_VERBS:
            raise reject(f"'{verb}' is not read as hollowing the part offline (say 'shell it' or 'hollow it out')")
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        return Clause("shell_body", locs=locs)

    def op_shell_what(self, children: list[Any]) -> list[Any]:
        for word in _words(children, "IGN"):
            if word != "out":
                raise reject(f"'{word}' is not read after 'hollow it' offline")
        return []

    def op_shell_item(self, children: list[Any]) -> list[Any]:
        return _flat(children)  # the un-aliased items ("open at the top", "so it's open") pass their places through

    def op_wall(self, children: list[Any]) -> Loc:
        """"leaving 4 mm walls", "a 4 mm thick bottom", "to a 3 mm wall thickness", "a 3 mm floor"."""
        kind = "wall" if any(t.type == "DIM_WALL" for t in tokens(children)) else "floor"
        return Loc(kind, value=next(c for c in children if isinstance(c, Size)).values[0])

    def op_walls_said(self, children: list[Any]) -> list[Loc]:
        """"so the walls and the floor are 2 mm thick", "make the walls and floor 2 mm thick"."""
        for word in _words(children, "IGN"):
            if word != "so":
                raise reject(f"'{word}' is not read before the walls offline")
        said: list[Loc] = self.tray_said(children)  # type: ignore[attr-defined]
        return said

    def op_open(self, children: list[Any]) -> Loc:
        """"open at the top", "open top", "(open top)": the top face is removed."""
        word = next(t for t in tokens(children) if t.type == "MOD_OPEN").value.text.lower()
        if word not in _OPEN_TOP:
            raise reject(f"'{word}': say which face is open (e.g. 'open at the top')")
        return Loc("open", face="top")

    def op_face_open(self, children: list[Any]) -> list[Loc]:
        """"removing the top face", "with the top face removed (open top)": that face is open."""
        face = next(c for c in children if type(c) is str)
        out = [Loc("open", face=face)]
        for t in tokens(children):
            if t.type == "MOD_OPEN" and t.value.text.lower() not in (*_OPEN_TOP, "open"):
                raise reject(f"'{t.value.text}' does not say the {face} face is open")
            if t.type == "MOD_OPEN" and t.value.text.lower() != "open" and face != "top":
                raise ambiguous(f"'{t.value.text}' with the {face} face removed")
        return [*out, *(c for c in _flat(children) if isinstance(c, Loc))]

    def op_so_open(self, children: list[Any]) -> list[Loc]:
        """"so the cup is open", "so it's open", "so it is an open box with a 2.5 mm floor": what the shell makes,
        checked (an open face must be named; the floor said is the wall thickness of a shell)."""
        ign = _words(children, "IGN")
        if ign[0] != "so" or any(w not in ("it's", "its") for w in ign[1:]):
            raise reject(f"'{' '.join(ign)}' is not read after the shell offline")
        trays = [t.value.text.lower() for t in tokens(children) if t.type == "SHAPE_TRAY"]
        opened = any(t.type == "MOD_OPEN" for t in tokens(children))
        if trays and not opened and trays[-1] not in _OPEN_TRAYS:
            raise reject(f"'so it is a {trays[-1]}' does not say which face is open")
        floor = [Loc("floor", value=c.values[0]) for c in children if isinstance(c, Size)]
        return [Loc("open_said"), *floor]

    def op_keep_outside(self, children: list[Any]) -> Loc:
        """"keeping the outside size 40 x 40 x 30": the part's outside, checked when the shell is made."""
        for word in _words(children, "IGN"):
            if word not in ("size", "sizes", "dimensions", "dims"):
                raise reject(f"'{word}' is not read in 'keeping the outside …' offline")
        return Loc("outside_said", values=next(c for c in children if isinstance(c, Size)).values)

    # ---- round stock in drawing notes ----------------------------------------------------------------------------
    def op_round_stock(self, children: list[Any]) -> Noun:
        """"Shaft Ø20 x 60", "FLANGE DISC Ø80 x 10": a cylinder, its diameter then its length (height on Z)."""
        values = next(c for c in children if isinstance(c, Size)).values
        return Noun("cylinder", measures=[Measure("diameter", values[0]), Measure("height", values[1])])

    def op_round_name(self, children: list[Any]) -> list[Any]:
        toks = tokens(children)
        if toks[0].type == "SHAPE_FLANGE" and toks[-1].type != "SHAPE_DISC":
            raise reject(f"'{toks[0].value.text} {toks[-1].value.text}': a flange's disc is read as 'flange disc'")
        return []

    def op_round_base(self, children: list[Any]) -> Noun:
        """"BASE Ø60 x 10": a disc (the lexer's "base dia" is a cone's base diameter elsewhere)."""
        word = tokens(children)[0].value.text.lower()
        if not word.startswith("base "):
            raise reject(f"'{word}' before a diameter and a length is not read offline")
        return self.op_round_stock(children)

    def op_round_boss(self, children: list[Any]) -> list[Any]:
        """"BOSS Ø30 x 20": a round boss, its diameter then its height (joined like any boss: ``hub``)."""
        return [self.op_round_stock(children), Loc("hub")]

    def op_overall(self, children: list[Any]) -> Loc:
        """"(OVERALL HT 30)": the part's height once the body of this clause is on it (checked when composed)."""
        for word in _words(children, "IGN"):
            if word not in ("overall", "total"):
                raise reject(f"'({word} …)' is not read offline")
        if any(t.type == "DIM_LENGTH" for t in tokens(children)):
            raise reject("an overall length said of a stacked part: say its overall height")
        return Loc("overall_said", value=next(c for c in children if isinstance(c, Size)).values[0])

    def op_first_on_x(self, children: list[Any]) -> Loc:
        """"FIRST HOLE ON +X AXIS": the first hole of a bolt circle at 0° (checked to be a bolt circle on a face
        whose first direction is X)."""
        return Loc("first_on_x")

    # ---- sizes and corners seen from above -----------------------------------------------------------------------
    def op_footprint(self, children: list[Any]) -> Size:
        """"a 100 x 60 footprint": the body's sizes along X and Y."""
        values = tuple(v for c in children if isinstance(c, Size) for v in c.values)
        return Size(values, (0, 1))

    def op_plan(self, children: list[Any]) -> list[Any]:
        return []

    def op_plan_corners(self, children: list[Any]) -> Clause:
        """"the corners rounded R8 in plan": the vertical edges of a block, four unless another count is said (the
        count is checked against the part when composed)."""
        size = next(c for c in children if isinstance(c, Size)).values[0]
        counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        edges = Loc("edges", face="vertical", value=float(counts[0] if counts else 4))
        return Clause("fillet", measures=[Measure("radius", size)], locs=[edges], edges="vertical")

    # ---- places on the origin and on axes ------------------------------------------------------------------------
    def op_down_axis(self, children: list[Any]) -> list[Loc]:
        """"down the center axis": on the part's axis, into the top face."""
        return [Loc("part_axis"), Loc("face", face="top", value=-1.0)]

    def op_side_said(self, children: list[Any]) -> Loc:
        """"(60 along X)" after a sketch's "60 x 40": which of its sides lies along that axis
        (``compose_openers.sides_said``)."""
        said = next(c for c in children if isinstance(c, Loc))
        return Loc("side_said", axes=said.axes, value=said.value)

    def op_standing_on(self, children: list[Any]) -> list[Loc]:
        """"standing on the centre of its top face", "standing centred on top of it": joined on top, centred."""
        faces = [c for c in children if type(c) is str and c != "part"]
        if faces and faces != ["top"]:
            raise reject(f"'standing on the {faces[0]} face' is not read offline")
        return [Loc("on_top"), Loc("centre")]

    def op_axis_body(self, children: list[Any]) -> Noun:
        """"a base block 60 long in X, …": the body noun with its sizes on their axes ("base" names the block)."""
        base = [t for t in tokens(children) if t.type == "SHAPE_PLATE"]
        if base and base[0].value.text.lower() != "base":
            raise reject(f"'{base[0].value.text}' before the body's name is not read offline")
        noun: Noun = self.body_np([c for c in children if not (isinstance(c, Token) and c.type == "SHAPE_PLATE")])  # type: ignore[attr-defined]
        return noun

    def op_axis_dims(self, children: list[Any]) -> Size:
        """"70 long in X, 50 along Y and 30 high": one size per axis (each axis once)."""
        items = [c for c in children if isinstance(c, tuple)]
        axes = [a for _, a in items]
        if len(set(axes)) != len(axes):
            raise reject("an axis is given two sizes")
        return Size(tuple(v for v, _ in items), tuple(axes))

    def op_box_dim(self, children: list[Any]) -> list[Any]:
        return list(children)

    def op_axis_item(self, children: list[Any]) -> tuple[float, int]:
        value = next(c for c in children if isinstance(c, Size)).values[0]
        dims = [t.value.concept.split(":")[1] for t in _flat(children) if isinstance(t, Token) and t.type.startswith("DIM_")]
        said = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        named = {"length": 0, "width": 1, "depth": 1, "height": 2, "thickness": 2}.get(dims[0]) if dims else None
        if dims and named is None:
            raise reject(f"a '{dims[0]}' is not a side of a block")
        if said and dims and dims[0] in ("height", "thickness") and said[0] != 2:
            raise reject(f"'{value:g} {dims[0]}' along {'XYZ'[said[0]]}: a height is along Z")
        return value, said[0] if said else int(named or 0)

    def op_standing_origin(self, children: list[Any]) -> list[Loc]:
        """"standing on the origin": upright along Z, its axis starting at the origin (the middle of its base)."""
        return [Loc("origin", face="start"), Loc("direction_axis", axes=(2,))]

    def op_origin_axes(self, children: list[Any]) -> list[Loc]:
        """"centred on the origin in X and Y": the model coordinate 0 on those axes."""
        axes = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
        if len(set(axes)) != len(axes):
            raise reject("an axis is named twice in 'centred on the origin in …'")
        return [Loc("coord", axes=(a,), value=0.0) for a in axes]

    def op_body_axis(self, children: list[Any]) -> Loc:
        """"with its axis on Z", "axis along X": the way the body (or cut) runs."""
        return Loc("direction_axis", axes=(next(c for c in _flat(children) if isinstance(c, int)),))

    def op_axis_name(self, children: list[Any]) -> int:
        """The axis a body's axis is said to lie on ("Z", "along Y", "the X axis"; "vertical" is Z)."""
        toks = [t for t in tokens(children) if t.type in ("W_X", "W_Y", "W_Z", "MOD_ALONG_X", "MOD_ALONG_Y")]
        word = toks[0].value.text.lower()
        if toks[0].type.startswith("W_"):
            return "xyz".index(toks[0].type[-1].lower())
        if word in ("vertical", "vertically"):
            return 2
        letters = [a for a in word.split() if a in ("x", "y", "z")]
        axis = "xyz".index(letters[0]) if len(letters) == 1 else None
        if axis is None:
            raise reject(f"'axis {word}' does not say which axis (say X, Y or Z)")
        return axis

    def op_on_z_axis(self, children: list[Any]) -> list[Loc]:
        """"on the Z axis": the body's axis is the model's Z axis."""
        return [Loc("coord", axes=(0,), value=0.0), Loc("coord", axes=(1,), value=0.0)]

    def op_vertical_axis(self, children: list[Any]) -> list[Loc]:
        """"on the vertical centre axis": along Z through the middle of the part, X and Y centred (only the word
        "vertical")."""
        word = next(t for t in tokens(children) if t.type == "MOD_ALONG_Y").value.text.lower()
        if word != "vertical":
            raise reject(f"'the {word} axis' is not read offline (say along X, Y or Z)")
        return [Loc("centre", axes=(0, 1)), Loc("direction_axis", axes=(2,))]

    def op_body_axis_hole(self, children: list[Any]) -> Loc:
        """"along the cylinder axis", "down the common axis": on the axis of the one round body joined upright on
        the part (``compose_hubs.hub_hole``)."""
        return Loc("hub_axis")

    def op_in_axis(self, children: list[Any]) -> Loc:
        """"in Z" after an extrusion's length: the axis it runs along."""
        return Loc("direction_axis", axes=("xyz".index(tokens(children)[-1].type[-1].lower()),))

    # ---- holes at the corners, said after them -------------------------------------------------------------------
    def op_adjacent_corners(self, children: list[Any]) -> Loc:
        """"10 from (each) adjacent edge(s)": a hole at each corner, its centre that far from both edges there."""
        for word in _words(children, "MOD_EACH"):
            if word != "each":
                raise reject(f"'{word} adjacent edge' is not read offline")
        return Loc("corners", value=next(c for c in children if isinstance(c, Size)).values[0])

    def op_holes_placed(self, children: list[Any]) -> Clause:
        """"HOLE CENTRES 10 FROM ADJACENT EDGES.": where the holes said just before go (``said_checks`` gives the
        place to them)."""
        return Clause("op_holes_placed", locs=[self.op_adjacent_corners(children)])

    def op_on_its_base(self, children: list[Any]) -> Loc:
        """"standing on its base": upright, its axis along Z."""
        word = next(t for t in tokens(children) if t.type == "SHAPE_PLATE").value.text.lower()
        if word not in ("base", "end"):
            raise reject(f"'standing on its {word}' is not read offline")
        return Loc("direction_axis", axes=(2,))

    def op_keep_common(self, children: list[Any]) -> Clause:
        """"keep only the volume that is inside both of them": the two bodies just made, intersected."""
        words = _words(_flat(children), "IGN")
        if any(w not in ("only", "both") for w in words) or "both" not in words:
            raise reject(f"'{' '.join(words)}' is not read in 'keep only the volume common to both' offline")
        inside = [t.value.text.lower() for t in tokens(_flat(children)) if t.type == "DIM_ID"]
        if inside and inside != ["inside"]:
            raise reject(f"'{inside[0]} both' is not read offline")
        return Clause("op_keep_common")

    def op_common_to(self, children: list[Any]) -> list[Any]:
        return list(children)

    def op_from_underside(self, children: list[Any]) -> Loc:
        """"up from the bottom", "from the underside": the cut goes in from the bottom face."""
        words = tokens(children)[0].value.text.lower().split()
        if "from" not in words:
            raise reject(f"'{' '.join(words)}' alone does not say where the feature goes (say 'from the bottom face')")
        return Loc("face", face="bottom")

    def op_thats_the(self, children: list[Any]) -> list[Any]:
        """"that's the base": names the body just made (no geometry)."""
        said = [t.value.text.lower() for t in tokens(children) if t.type in ("IGN", "SHAPE_PLATE")]
        if said != ["that's", "base"]:
            raise reject(f"'{' '.join(said)}' is not read offline")
        return []

    def op_ring_formed(self, children: list[Any]) -> Loc:
        """"to form a half ring", "to get a ring": the fraction of a turn the revolve makes (checked on its angle)."""
        verb = _words(children, "IGN")[0]
        if verb not in ("form", "get", "make", "give", "produce"):
            raise reject(f"'to {verb} a … ring' is not read offline")
        return Loc("ring", value=0.5 if any(t.type == "MOD_HALF" for t in tokens(children)) else 1.0)

    def op_that_is(self, children: list[Any]) -> Loc:
        """"that is (also) centred on the origin": the place said of the body before it."""
        loc: Loc = next(c for c in children if isinstance(c, Loc))
        return loc

    def op_top_is(self, children: list[Any]) -> Clause:
        """"The top is a square slab …": the body the part starts with (a later one is refused when composed)."""
        word = next(t for t in tokens(children) if t.type == "FACE_TOP").value.text.lower()
        if word != "top":
            raise reject(f"'the {word} is …' is not read offline")
        flat = _flat(children)
        return Clause("create", noun=next(c for c in flat if isinstance(c, Noun)),
                      measures=[c for c in flat if isinstance(c, Measure)],
                      sizes=[c for c in flat if isinstance(c, Size)], locs=[c for c in flat if isinstance(c, Loc)])
