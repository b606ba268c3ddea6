"""Semantic functions of the ``turns`` block of ``grammar.lark``: a bent rod or tube said the way people say it — the
stock in one sentence ("Bend me a rod, 8 diameter.", "3/4" OD tube, 1/8" wall, bent 90°."), then the run of a straight
leg, one bend and another straight leg ("Runs straight 50, then a 90 degree bend at 20 radius to the centre line, then
straight another 30.").

Each word that is not a grammar keyword (``UNK``/``IGN`` tokens the rules accept in a slot) is checked here against the
few words that mean what the slot means; anything else refuses the prompt naming the word. ``compose_turns.merge_bends``
joins the stock and the run into one ``rod_bend`` clause.
"""

from __future__ import annotations

from typing import Any

from lark import Token

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["TurnSemantics"]

# the words a slot may hold, by terminal: "it goes straight up", "runs straight sideways for 30 more mm"
_LEG_WORDS: dict[str, tuple[str, ...]] = {"IGN": ("goes", "go", "mm", "millimetres", "millimeters"), "UNK": ("sideways", "across", "over"),
              "NUM": ("one",), "W_UP": ("up",)}
_ARC_WORDS: dict[str, tuple[str, ...]] = {"UNK": ("curves", "curve", "bends", "turns"), "REL_ON_TOP": ("over", "round", "around"), "W_ROUND": ("round", "around"),
              "POS_ROW": ("line",)}
_HEAD_WORDS: dict[str, tuple[str, ...]] = {"IGN": ("me", "i need", "i want", "need", "want", "please")}


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (_flat(c) if isinstance(c, list) else [c])]


def _check(children: list[Any], allowed: dict[str, tuple[str, ...]], what: str) -> None:
    for t in tokens(children):
        words = allowed.get(t.type)
        if words is not None and t.value.text.lower() not in words:
            raise reject(f"'{t.value.text}' is not read in {what} offline")


def _sizes(children: list[Any]) -> list[float]:
    return [c.values[0] for c in _flat(children) if isinstance(c, Size)]


def _points(children: list[Any]) -> list[tuple[float, float]]:
    points = [c for c in _flat(children) if isinstance(c, tuple)]
    if any(p[0] for p in points):
        raise reject("the profile's points name their axes one by one: not read offline in this form")
    return [p[1] for p in points]


def _angle(tok: Token) -> float:
    return float(tok.value.values[0])


class TurnSemantics:
    """One method per rule of the block; each reads its own children."""

    def turn_dia(self, children: list[Any]) -> Loc:
        return Loc("bend_od", value=_sizes(children)[0])

    def turn_angle(self, children: list[Any]) -> Loc:
        return Loc("bend_angle", value=_angle(next(t for t in tokens(children) if t.type == "ANG")))

    def turn_rod(self, children: list[Any]) -> Clause:
        """"Bend me a rod, 8 diameter.", "I need a bent rod 10 mm thick.": a solid round bar to be bent."""
        _check(children, _HEAD_WORDS, "before a bent rod")
        return Clause("bend_head", locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def turn_tube(self, children: list[Any]) -> Clause:
        """"3/4" OD tube, 1/8" wall, bent 90°": the outside diameter, the wall (or bore) and the angle."""
        od, other = _sizes(children)[:2]
        inner = next(t for t in tokens(children) if t.type in ("DIM_WALL", "DIM_ID"))
        kind = "bend_wall" if inner.type == "DIM_WALL" else "bend_id"
        return Clause("bend_head", locs=[Loc("bend_od", value=od), Loc(kind, value=other),
                                         *(c for c in _flat(children) if isinstance(c, Loc))])

    def turn_leg(self, children: list[Any]) -> Loc:
        """A straight leg: "runs straight 50", "straight another 30", "one straight leg 2"", "straight up 30 mm"."""
        _check(children, _LEG_WORDS, "a straight leg")
        return Loc("bend_leg", value=_sizes(children)[-1])

    def turn_arc(self, children: list[Any]) -> list[Loc]:
        """"a 90 degree bend at 20 radius", "the bend at 1-1/4" centerline radius", "curves over through a quarter
        circle with a 20 mm bend radius": the radius to the centre line, and the angle when said."""
        _check(children, _ARC_WORDS, "a bend")
        toks = tokens(children)
        out = [Loc("bend_radius", value=_sizes(children)[0])]
        out += [Loc("bend_angle", value=_angle(t)) for t in toks if t.type == "ANG"]
        out += [Loc("bend_angle", value=90.0) for t in toks if t.type == "W_QUARTER"]
        return out + [c for c in _flat(children) if isinstance(c, Loc)]

    def turn_to_centre(self, children: list[Any]) -> Loc:
        """"to the centre line", "(measured to the centre of the rod)": the radius is to the bar's centre line,
        which is how the bend is built."""
        _check(children, _ARC_WORDS, "a bend")
        if any(t.type == "SHAPE_ROD" for t in tokens(children)):
            return Loc("fact", face="round_profile")
        return Loc("fact", face="centred_on_path")

    def turn_legs_apart(self, children: list[Any]) -> Loc:
        """"(straight lengths not counting the bend)": each leg's length is its straight part alone, as built."""
        words = [t.value.text.lower() for t in tokens(children) if t.type == "UNK"]
        if words != ["not", "counting"]:
            raise reject(f"'{' '.join(words)}' is not read about a bend's legs offline")
        return Loc("fact", face="centred_on_path")

    def turn_run(self, children: list[Any]) -> Clause:
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        legs = [loc for loc in locs if loc.kind == "bend_leg"]
        rest = [loc for loc in locs if loc.kind != "bend_leg"]
        return Clause("bend_run", locs=[Loc("bend_leg1", value=legs[0].value), *rest,
                                        Loc("bend_leg2", value=legs[1].value)])

    def turn_one_plane(self, children: list[Any]) -> Loc:
        """"All in one plane": a single bend lies in one plane anyway."""
        toks = tokens(children)
        if toks[0].value.text.lower() != "all" or toks[2].value.text.lower() not in ("one", "1", "a single"):
            raise reject(f"'{' '.join(t.value.text for t in toks)}' is not read offline")
        return Loc("fact", face="planar_path")

    def turn_square_ends(self, children: list[Any]) -> Loc:
        """"The ends are cut square": flat ends, square to the bar."""
        return Loc("fact", face="flat_ends")

    # ---- revolves said before their profile ---------------------------------------------------------------------
    def turn_points(self, children: list[Any]) -> Loc:
        """"(10,0) (40,0) (40,8) …": a profile's points, commas between them or not."""
        return Loc("vertices", values=tuple(v for xy in _points(children) for v in xy))

    def turn_profile(self, children: list[Any]) -> Clause:
        """"closed profile in XZ through the points (10,0) (30,0) …": a profile by its points (in that plane)."""
        return Clause("profile", noun=Noun("profile"), locs=[c for c in _flat(children) if isinstance(c, Loc)])

    def turn_revolve_profile(self, children: list[Any]) -> list[Clause]:
        """"Revolve around Z, full 360: closed profile …": the profile, then the revolve of it."""
        items = _flat(children)
        profile = next(c for c in items if isinstance(c, Clause))
        return [profile, Clause("revolve", locs=[c for c in items if isinstance(c, Loc)])]

    def turn_rz_profile(self, children: list[Any]) -> Clause:
        """"CLOSED PROFILE PTS (R, Z): (10,0) (40,0) …": points given as (radius, height) about the revolve axis."""
        words = [t.value.text.lower() for t in tokens(children) if t.type in ("UNK", "W_POINTS")]
        if words not in (["pts", "r"], ["points", "r"], ["r"]):
            raise reject(f"'{' '.join(words)}' is not read before a profile's points offline")
        points = next(c for c in children if isinstance(c, Loc))
        return Clause("profile", noun=Noun("profile"), locs=[Loc("vertices", face="radial", values=points.values)])

    def turn_full_num(self, children: list[Any]) -> Loc:
        """"full 360": a whole turn (the number must be 360)."""
        num = next(t for t in tokens(children) if t.type == "NUM")
        if float(num.value.values[0]) != 360:
            raise reject(f"'full {num.value.text}' is not a full turn")
        return Loc("rev_angle", value=360.0)

    def turn_vert_axis(self, children: list[Any]) -> Loc:
        """"VERT AXIS": the vertical (Z) axis."""
        word = next(t for t in tokens(children) if t.type == "UNK")
        if word.value.text.lower() not in ("vert", "vert.", "vertical"):
            raise reject(f"'{word.value.text} axis' of a revolve")
        return Loc("rev_axis", axes=(2,))

    def turn_not_full(self, children: list[Any]) -> Clause:
        """"Revolve it … by 180 degrees only, not a full turn": the angle said must be less than a full turn."""
        word = next(t for t in tokens(children) if t.type == "UNK")
        if word.value.text.lower() != "not":
            raise reject(f"'{word.value.text} a full turn' is not read offline")
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        angles = [float(loc.value or 0) for loc in locs if loc.kind == "rev_angle"]
        if not angles or max(angles) >= 360:
            raise reject("'not a full turn' with no angle under 360° said")
        items = _flat(children)
        nouns = [c for c in items if isinstance(c, Noun)]
        return Clause("revolve", noun=nouns[0] if nouns else None, sizes=[c for c in items if isinstance(c, Size)],
                      locs=locs)

    # ---- lofts said by where each section sits -------------------------------------------------------------------
    def turn_on_bottom(self, children: list[Any]) -> Loc:
        """"a 40 x 40 mm square on the bottom": the section at Z = 0."""
        on = next(t for t in tokens(children) if t.type == "REL_ON_TOP")
        if on.value.text.lower() != "on":
            raise reject(f"a section '{on.value.text} the bottom'")
        return Loc("section_z", value=0.0)

    def turn_on_top_above(self, children: list[Any]) -> Loc:
        """"a 20 mm diameter circle on top, 50 mm higher": the section that far above the other."""
        toks = tokens(children)
        on = next(t for t in toks if t.type == "REL_ON_TOP")
        up = next(t for t in toks if t.type == "CMP_HEIGHT_UP")
        if on.value.text.lower() != "on top" or up.value.text.lower() not in ("higher", "up", "above"):
            raise reject(f"a section '{on.value.text}, … {up.value.text}'")
        return Loc("section_above", value=_sizes(children)[0])

    def turn_same_axis(self, children: list[Any]) -> Loc:
        """"both centred on the same axis": the sections are coaxial."""
        words = [t.value.text.lower() for t in tokens(children) if t.type == "IGN"]
        if words not in (["both", "same"], ["same"]):
            raise reject(f"'{' '.join(words)}' is not read of a loft's axis offline")
        return Loc("fact", face="coaxial")

    def turn_lsec_centred(self, children: list[Any]) -> Loc:
        """"centred on the Z axis", "also centred": the section on the loft's axis (as built)."""
        for t in tokens(children):
            if t.type == "EDIT_ADD" and t.value.text.lower() != "also":
                raise reject(f"'{t.value.text} centred' of a loft section")
        return Loc("fact", face="coaxial")

    def turn_lsec(self, children: list[Any]) -> Clause:
        """"at bottom (z=0) a square 40 x 40 …": a section named by its role and its height."""
        items = _flat(children)
        role = next(t for t in tokens(children) if t.type in ("FACE_BOTTOM", "FACE_TOP"))
        coord = next(c for c in items if isinstance(c, Loc) and c.kind == "coord")
        if coord.axes != (2,):
            raise reject("a loft section is placed by its height (say e.g. 'at Z = 40')")
        locs = [c for c in items if isinstance(c, Loc) and c is not coord]
        return Clause("section", noun=next(c for c in items if isinstance(c, Noun)),
                      measures=[c for c in items if isinstance(c, Measure)],
                      sizes=[c for c in items if isinstance(c, Size)],
                      locs=[Loc("role", face="top" if role.type == "FACE_TOP" else "bottom"),
                            Loc("section_z", value=coord.value), *locs])

    def turn_loft_roles(self, children: list[Any]) -> Clause:
        """"(please) make a loft between 2 profiles: at bottom …, at top …": two sections, bottom first."""
        toks = tokens(children)
        for t in toks:
            if t.type == "IGN" and t.value.text.lower() not in ("please",):
                raise reject(f"'{t.value.text}' before a loft")
            if t.type == "NUM" and float(t.value.values[0]) != 2:
                raise reject(f"a loft between {t.value.text} profiles is not read offline")
        sections = [c for c in _flat(children) if isinstance(c, Clause)]
        locs = [c for c in _flat(children) if isinstance(c, Loc)]
        roles = [sec.loc("role") for sec in sections]
        if [r.face if r else "" for r in roles] != ["bottom", "top"]:
            raise reject("a loft's sections are named bottom first, then top")
        for sec in sections:  # "centred on the Z axis" said of a section: a fact of the loft
            locs += [loc for loc in sec.locs if loc.kind == "fact"]
            sec.locs = [loc for loc in sec.locs if loc.kind != "fact"]
        return Clause("loft", locs=locs, parts=sections)

    # ---- the ring a revolve makes, and sections placed by their radii -------------------------------------------
    def turn_ring_dim(self, children: list[Any]) -> Loc:
        kind = next(t for t in tokens(children) if t.type.startswith("DIM_")).type
        face = {"DIM_OD": "od", "DIM_ID": "id"}.get(kind, "height")
        return Loc("ring_dim", face=face, value=_sizes(children)[0])

    def turn_result_ring(self, children: list[Any]) -> list[Loc]:
        """"The result should be a half ring: outer diameter 60, …": the fraction and sizes, checked on the part."""
        for t in tokens(children):
            if t.type == "IGN" and t.value.text.lower() not in ("should", "will", "must", "is", "would"):
                raise reject(f"'{t.value.text}' before what the revolve makes")
        return [c for c in _flat(children) if isinstance(c, Loc)]

    def turn_ring_said(self, children: list[Any]) -> Loc:
        """"Half a ring, that's all.": the fraction of a turn (checked against the angle)."""
        toks = tokens(children)
        if [t.value.text.lower() for t in toks if t.type in ("IGN", "MOD_EACH")] not in (["that's", "all"],
                                                                                         ["thats", "all"]):
            raise reject("'… that's all' is the only remark read after a ring offline")
        return next(c for c in _flat(children) if isinstance(c, Loc))

    def turn_span(self, children: list[Any]) -> Loc:
        """"from radius 20 to radius 30 and is 10 tall": the section's corners as (radius, height)."""
        r0, r1, h = _sizes(children)
        if r1 <= r0:
            raise reject("a section from a larger radius to a smaller one")
        return Loc("vertices", face="radial", values=(r0, 0.0, r1, 0.0, r1, h, r0, h))

    def turn_section_spin(self, children: list[Any]) -> list[Clause]:
        """The section (its stated size must be its radial width and height) and the revolve about "that axis"."""
        toks = tokens(children)
        for t in toks:
            if t.type == "IGN" and t.value.text.lower() not in ("out", "so", "goes", "about", "round", "around"):
                raise reject(f"'{t.value.text}' is not read about a section to spin offline")
            if t.type == "EDIT_ROTATE" and t.value.text.lower() not in ("spin", "rotate", "turn"):
                raise reject(f"'{t.value.text}' a section")
        items = _flat(children)
        span = next(c for c in items if isinstance(c, Loc) and c.kind == "vertices")
        said = [v for c in items if isinstance(c, Size) for v in c.values]
        width, height = span.values[2] - span.values[0], span.values[5]
        if said and sorted(said if len(said) == 2 else said * 2) != sorted((width, height)):
            raise reject("the section's size does not match the radii and height it is placed by")
        if any(t.type == "W_SQUARE" for t in toks) and width != height:
            raise reject("a 'square' section whose radial width and height differ")
        locs = [c for c in items if isinstance(c, Loc) and c is not span]
        return [Clause("profile", noun=Noun("profile"), locs=[span]), Clause("turn_revolve", locs=locs)]

    # ---- a frame padded between a rectangle and its outward offset ----------------------------------------------
    def turn_round(self, children: list[Any]) -> Loc:
        toks = tokens(children)
        if next(t for t in toks if t.type == "DIM_CORNER_RADIUS").value.text.lower() not in ("rounded corners",
                                                                                            "round corners"):
            raise reject("only rounded corners are read on an outward offset offline")
        return Loc("fact", face="frame_round")

    def turn_frame(self, children: list[Any]) -> Clause:
        """The rectangle, the offset and the pad's height; "the region between the two loops" is the frame."""
        toks = tokens(children)
        for t in toks:
            if t.type == "UNK" and t.value.text.lower() not in ("region", "area", "space", "ring"):
                raise reject(f"'pad the {t.value.text} between the two loops' is not read offline")
            if t.type == "NUM" and float(t.value.values[0]) != 2:
                raise reject(f"'{t.value.text} loops' after one offset")
            if t.type == "EDIT_MOVE" and t.value.text.lower() != "offset":
                raise reject(f"'{t.value.text} it … outward' is not read offline")
            if t.type == "EDIT_OUTWARD" and t.value.text.lower() not in ("outward", "outwards", "out"):
                raise reject(f"an offset '{t.value.text}'")
        items = _flat(children)
        rect, offset, height = [c for c in items if isinstance(c, Size)]
        return Clause("turn_frame", locs=[Loc("frame_rect", values=rect.values[:2]),
                                          Loc("frame_offset", value=offset.values[0]),
                                          Loc("frame_height", value=height.values[0]),
                                          *(c for c in items if isinstance(c, Loc))])

    def turn_frame_inner(self, children: list[Any]) -> Loc:
        size = next(c for c in children if isinstance(c, Size))
        sharp = any(t.type == "W_SHARP" for t in tokens(children))
        return Loc("fact", face="frame_inner_sharp" if sharp else "frame_inner", values=size.values[:2])

    def turn_frame_outer(self, children: list[Any]) -> Loc:
        sizes = [c for c in children if isinstance(c, Size)]
        radius = sizes[1].values[0] if len(sizes) > 1 else None
        return Loc("fact", face="frame_outer", values=sizes[0].values[:2], value=radius)

    def turn_frame_said(self, children: list[Any]) -> Clause:
        """"So it's a frame with 5 mm walls: inner opening …, outside …": checked on the frame (compose_turns)."""
        for t in tokens(children):
            if t.type == "IGN" and t.value.text.lower() not in ("so", "it's", "its", "it is", "that's", "thats"):
                raise reject(f"'{t.value.text}' before what the part is")
            if t.type == "FEAT_CUTOUT" and t.value.text.lower() not in ("opening", "hole", "cutout", "window"):
                raise reject(f"an inner '{t.value.text}' of a frame")
        wall = next(c for c in children if isinstance(c, Size))
        return Clause("facts", locs=[Loc("fact", face="frame_wall", value=wall.values[0]),
                                     *(c for c in _flat(children) if isinstance(c, Loc))])
