"""Semantic functions of the "sweeps, round 2" block of ``grammar.lark``: other people's words for revolve, loft,
sweep and offset outlines.

A mixin of :class:`semantics.Semantics`. The words become the same terms the first sweeps block makes (``vertices``,
``span``, ``rev_angle``, ``ring``, ``path_arc``, ``section_z`` …) plus a few that only say again what the operation
must be ("x being the distance from the Z axis", "so you get a square-section 90° bend", "sides parallel (not
rotated)", "I want three quarters of a ring with an L-shaped cross-section"); ``compose_sweep_words.py`` checks each
against what is built, so nothing is dropped. Filler words inside these phrases are checked to be the expected ones.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.semantics_sweeps import SweepSemantics
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["SweepWordSemantics", "TubeBendSemantics"]

_PLANE_AXES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}
_WISH = {"i want", "i need", "want", "need", "we need", "i would like", "would like", "i'd like", "please"}
_RESULT_WORDS = {"so", "you", "get", "giving", "gives", "to", "make", "making", "which", "forming", "for"}
_POLY_ADJ = {"triangular": 3, "square": 4, "pentagonal": 5, "hexagonal": 6, "octagonal": 8}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (_flat(c) if isinstance(c, list) else [c])]


def _word_is(tok: Token, allowed: set[str] | tuple[str, ...], what: str) -> None:
    if tok.value.text not in allowed:
        raise reject(f"'{tok.value.text}' {what}")


def _all_tokens(children: list[Any]) -> list[Token]:
    return [c for c in _flat(children) if isinstance(c, Token)]


class SweepWordSemantics:
    """``unit``: millimetres per bare number (set by :class:`semantics.Semantics`)."""

    unit: float

    # ---- revolve profiles -----------------------------------------------------------------------------------------
    def span_profile(self, children: list[Any]) -> Clause:
        """"Rectangle profile in XZ: x 15..25, z 0..10": the two spans must lie in the plane named."""
        locs = [c for c in children if isinstance(c, Loc)]
        plane = next(loc for loc in locs if loc.kind == "plane")
        spans = [loc for loc in locs if loc.kind == "span"]
        if {s.axes[0] for s in spans} != set(_PLANE_AXES[plane.face or ""]):
            raise reject(f"the rectangle's spans are not along the axes of the {(plane.face or '').upper()} plane")
        return Clause("profile", noun=Noun("rectangle"), locs=[plane, *spans])

    def coord_meaning(self, children: list[Any]) -> Loc:
        """"x being the distance from the Z axis", "where y is the distance from the X axis"."""
        for t in tokens(children):
            if t.type == "IGN":
                _word_is(t, ("where", "being"), "before the distance from an axis")
        coord, axis = (c for c in children if isinstance(c, int) and not isinstance(c, bool))
        if coord == axis:
            raise reject("a coordinate that is its own distance from the axis")
        return Loc("coord_meaning", axes=(coord, axis))

    def radial_vertices(self, children: list[Any]) -> Loc:
        """"(distance from axis, height): (20,0), (35,0), …": each point is (radius, height) about the revolve axis."""
        points = [c for c in children if isinstance(c, tuple)]
        if any(p[0] for p in points):
            raise reject("the profile's points name their axes twice")
        return Loc("vertices", face="radial", values=tuple(v for _, xy in points for v in xy))

    def spin_clause(self, children: list[Any]) -> Clause:
        """"Spin it 270° around the vertical axis": a revolve of the profile just drawn ("rotate" is a move)."""
        verb = next(t for t in tokens(children) if t.type == "EDIT_ROTATE")
        _word_is(verb, ("spin",), "a profile (say 'revolve it')")
        return SweepSemantics.revolve_clause(self, children)  # type: ignore[arg-type]

    def ring_frac(self, children: list[Any]) -> Loc:
        toks = tokens(children)
        half = [t for t in toks if t.type == "MOD_HALF"]
        if half:
            _word_is(half[0], ("half",), "of a ring")
            return Loc("ring", value=0.5)
        return Loc("ring", value=float(next(t for t in toks if t.type == "NUM").value.values[0]))

    def result_ring(self, children: list[Any]) -> Loc:
        return next(c for c in children if isinstance(c, Loc))

    def goal_clause(self, children: list[Any]) -> Clause:
        """"I want three quarters of a ring with an L-shaped cross-section": what the revolve after it must make."""
        words = " ".join(t.value.text for t in tokens(children) if t.type == "IGN")
        if words not in _WISH:
            raise reject(f"'{words}' before what the part is")
        locs = [c for c in children if isinstance(c, Loc)]
        letter = [t for t in tokens(children) if t.type == "LETTER_L"]
        if letter:
            _word_is(letter[0], ("l-shaped",), "cross-section")
            locs.append(Loc("fact", face="l_section"))
        return Clause("goal", locs=locs)

    # ---- sweeps -------------------------------------------------------------------------------------------------
    def l_path(self, children: list[Any]) -> Loc:
        """"an L-shaped path: 60 mm along X, then 40 mm along Y": two legs, one right-angle turn."""
        _word_is(next(t for t in tokens(children) if t.type == "LETTER_L"), ("l-shaped",), "path")
        segments = [c for c in children if isinstance(c, tuple)]
        return Loc("path_poly", values=tuple(v for seg in segments for v in seg), axes=(90,))

    def fact_centreline(self, children: list[Any]) -> list[Loc]:
        """"(measured to the rod's centerline)", "(centerline radius)": the arc's radius is to the profile's centre,
        which is how the path is built; "the rod's" says the profile is round (checked)."""
        out = [Loc("fact", face="centred_on_path")]
        if any(t.type == "SHAPE_ROD" for t in tokens(children)):
            out.append(Loc("fact", face="round_profile"))
        return out

    def fact_square_being(self, children: list[Any]) -> Loc:
        """"the rectangle being perpendicular to the path"."""
        _word_is(next(t for t in tokens(children) if t.type == "IGN"), ("being",), "square to the path")
        return Loc("fact", face="square_to_path")

    def result_bend(self, children: list[Any]) -> Loc:
        """"so you get a square-section 90° bend": the profile's shape and the arc's angle, checked when composed."""
        toks = tokens(children)
        for t in toks:
            if t.type == "IGN":
                _word_is(t, _RESULT_WORDS, "before what the sweep makes")
        shape = next(t for t in toks if t.type in ("W_SQUARE", "W_ROUND", "W_CIRCLE"))
        angle = next(t for t in toks if t.type == "ANG").value.values[0]
        return Loc("result_bend", face="square" if shape.type == "W_SQUARE" else "circle", value=float(angle))

    # ---- lofts --------------------------------------------------------------------------------------------------
    def loft_kinds(self, children: list[Any]) -> Loc:
        kinds = [t.value.text for t in tokens(children) if t.type in ("W_CIRCLE", "W_SQUARE", "W_RECTANGLE", "W_PROFILE")]
        return Loc("loft_kinds", face=" ".join(kinds))

    def role_section(self, children: list[Any]) -> Clause:
        """"the bottom section is a circle …", "base square 50 x 50 at z = 0", "top square …"."""
        role = next(t for t in tokens(children) if t.type in ("FACE_BOTTOM", "FACE_TOP", "SHAPE_PLATE"))
        if role.type == "SHAPE_PLATE":
            _word_is(role, ("base",), "section of a loft")
        items = _flat(children)
        noun = next(c for c in items if isinstance(c, Noun))
        return Clause("section", noun=noun, measures=[c for c in items if isinstance(c, Measure)],
                      sizes=[c for c in items if isinstance(c, Size)],
                      locs=[Loc("role", face="top" if role.type == "FACE_TOP" else "bottom"),
                            *(c for c in items if isinstance(c, Loc))])

    def loft_roles(self, children: list[Any]) -> Clause:
        """Sections named bottom (or base) then top; the kinds named in "from a circle to a square" must be theirs."""
        clause = SweepSemantics.loft_clause(self, children)  # type: ignore[arg-type]
        roles = [sec.loc("role") for sec in clause.parts]
        if [r.face if r else "" for r in roles] != ["bottom", "top"]:
            raise reject("a loft's sections are named bottom (or base) first, then top")
        kinds = clause.loc("loft_kinds")
        said = [sec.noun.kind if sec.noun else "" for sec in clause.parts]
        if kinds is not None and (kinds.face or "").split() != said:
            raise reject(f"a loft 'from a {(kinds.face or '').replace(' ', ' to a ')}' whose sections are "
                         f"{' and '.join(said)}")
        clause.locs = [loc for loc in clause.locs if loc.kind != "loft_kinds"]
        return clause

    def sec_turned(self, children: list[Any]) -> Loc:
        """"that is rotated 45 degrees relative to the bottom one": the section turned about the loft's axis."""
        toks = tokens(children)
        _word_is(next(t for t in toks if t.type == "EDIT_ROTATE"), ("rotated",), "section")
        for t in toks:
            if t.type == "UNK":
                _word_is(t, ("relative",), "to another section")
            if t.type == "NUM":
                _word_is(t, ("one",), "after 'the bottom'")
        return Loc("section_turn", value=float(next(t for t in toks if t.type == "ANG").value.values[0]))

    def fact_concentric(self, children: list[Any]) -> Loc:
        _word_is(tokens(children)[0], ("concentric",), "of a loft")
        return Loc("fact", face="coaxial")

    def fact_sides_parallel(self, children: list[Any]) -> Loc:
        """"sides parallel (not rotated)": no section is turned to another (checked)."""
        for t in tokens(children):
            if t.type == "UNK":
                _word_is(t, ("not",), "rotated")
            if t.type == "EDIT_ROTATE":
                _word_is(t, ("rotated",), "after 'not'")
        return Loc("fact", face="sides_parallel")

    # ---- a name before the operation ----------------------------------------------------------------------------
    def op_name(self, children: list[Any]) -> Any:
        return children[0]

    def named_op(self, children: list[Any]) -> Clause:
        clause = next(c for c in _flat(children) if isinstance(c, Clause))
        names = [c for c in _flat(children) if isinstance(c, Token | Noun)]
        clause.locs.append(Loc("op_name", face=_name_words(names)))
        return clause

    def named_loft(self, children: list[Any]) -> Clause:
        """"Frustum of a square pyramid by loft: base square …, top square …"."""
        clause = self.loft_roles([c for c in children if not (isinstance(c, Token | Noun))])
        names = [c for c in children if isinstance(c, Token | Noun)]
        clause.locs.append(Loc("op_name", face=_name_words(names)))
        return clause

    # ---- offset outlines ----------------------------------------------------------------------------------------
    def pocket_said(self, children: list[Any]) -> Loc:
        """"(so the pocket is 40 across the flats)": the pocket's size said again (checked when composed)."""
        _word_is(next(t for t in tokens(children) if t.type == "IGN"), ("so",), "before the pocket's size")
        dim = next(t for t in tokens(children) if t.type in ("DIM_AF", "DIM_WIDTH", "DIM_LENGTH"))
        return Loc("pocket_said", face=dim.type, value=next(c for c in children if isinstance(c, Size)).values[0])

    def outline_pocket(self, children: list[Any]) -> Clause:
        """A pocket following the part's outline, offset inward: like "the pocket outline being the plate outline
        offset 6 mm inward" (``offset_pocket``), in other words."""
        toks = _all_tokens(children)
        for t in toks:
            if t.type == "IGN":
                _word_is(t, ("following", "follows"), "the outline")
            elif t.type == "EDIT_MOVE":
                _word_is(t, ("offset",), "the outline")
            elif t.type == "DIM_ID":
                _word_is(t, ("inside",), "the edge")
            elif t.type == "EDGE_ALL":
                _word_is(t, ("edge", "edges", "every edge", "each edge"), "of the outline")
            elif t.type == "DIM_INSET":
                _word_is(t, ("in from",), "the edges")
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        if len(sizes) != 2:
            raise reject("a pocket following the outline needs how far in and how deep, once each")
        face = next(c for c in _flat(children) if type(c) is str)
        locs = [Loc("face", face=face), Loc("outline_offset", value=-sizes[0]),
                *(c for c in _flat(children) if isinstance(c, Loc))]
        shape = [t for t in toks if t.type == "UNK"]
        if shape:
            if shape[0].value.text not in _POLY_ADJ:
                raise reject(f"a '{shape[0].value.text}' pocket")
            locs.append(Loc("pocket_sides", value=float(_POLY_ADJ[shape[0].value.text])))
        sides = [c for c in _flat(children) if isinstance(c, int) and not isinstance(c, bool)]
        locs += [Loc("pocket_sides", value=float(s)) for s in sides]
        return Clause("outline_pocket", measures=[Measure("depth", sizes[1])], locs=locs)


_NOT_NAMES = {"ART", "COLON", "COMMA", "W_OF", "W_BY", "W_LOFT"}


class TubeBendSemantics:
    """"Tube bend: dia 20 OD x 2 wall, 90 deg bend, centreline radius 40, 25 straight at each end"."""

    def tube_wall(self, children: list[Any]) -> list[Loc]:
        """The tube's outside diameter and its wall (or bore), in the order said."""
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        toks = tokens(children)
        od_first = next(t for t in toks if t.type in ("DIM_OD", "DIM_WALL", "DIM_ID")).type == "DIM_OD"
        inner = next(t for t in toks if t.type in ("DIM_WALL", "DIM_ID"))
        od, other = (sizes[0], sizes[1]) if od_first else (sizes[1], sizes[0])
        return [Loc("bend_od", value=od), Loc("bend_" + ("wall" if inner.type == "DIM_WALL" else "id"), value=other)]

    def bend_angle(self, children: list[Any]) -> Loc:
        return Loc("bend_angle", value=float(next(t for t in tokens(children) if t.type == "ANG").value.values[0]))

    def bend_radius(self, children: list[Any]) -> Loc:
        return Loc("bend_radius", value=next(c for c in children if isinstance(c, Size)).values[0])

    def bend_legs(self, children: list[Any]) -> Loc:
        for t in tokens(children):
            if t.type == "EDGE_CIRCULAR":
                _word_is(t, ("both ends",), "of a bend")
        return Loc("bend_legs", value=next(c for c in children if isinstance(c, Size)).values[0])

    def bend_radius_abbr(self, children: list[Any]) -> Loc:
        """"CLR 40": the centre-line radius."""
        _word_is(next(t for t in tokens(children) if t.type == "UNK"), ("clr",), "of a bend")
        return self.bend_radius(children)

    def tube_sweep(self, children: list[Any]) -> Clause:
        """"sweep a tube, 20 OD x 16 ID, along a 90° arc of radius 40": a bend with no straight legs."""
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        paths = [loc for loc in locs if loc.kind.startswith("path_")]
        if len(paths) != 1 or paths[0].kind != "path_arc":
            raise reject("a tube swept along a path that is not one arc is not built offline")
        facts = {loc.face for loc in locs if loc.kind == "fact"} - {"flat_ends", "centred_on_path", "square_to_path"}
        if facts or any(loc.kind not in ("fact", "path_arc") and not loc.kind.startswith("bend_") for loc in locs):
            raise reject("words about the swept tube that are not read offline")
        arc = paths[0]
        return Clause("tube_bend", locs=[*(loc for loc in locs if loc.kind.startswith("bend_")),
                                         Loc("bend_angle", value=arc.values[0]), Loc("bend_radius", value=arc.value)])

    def tube_bend(self, children: list[Any]) -> Clause:
        return Clause("tube_bend", locs=[c for c in _flat(children) if isinstance(c, Loc)])


def _name_words(names: list[Token | Noun]) -> str:
    """The name's words as ``TYPE:text`` items (a body noun as ``shape:kind``), for compose_sweep_words to check."""
    out = [f"{n.type}:{n.value.text}" for n in names if isinstance(n, Token) and n.type not in _NOT_NAMES]
    return "|".join(out)
