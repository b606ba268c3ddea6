"""Semantic functions of the ``hole words`` block of ``grammar.lark``: where a hole, cut or finish goes and how far,
said the way several writers say it.

Each function reads its own children and gives the terms the other blocks already compose (edge sets, extent checks,
holes on a face); the words that carry meaning are checked here, and what they do not fix is refused by name.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_edgesets import _agree, _finish_with
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.semantics_places import row_loc
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun, Size

__all__ = ["HoleWordSemantics"]


def _flat(children: list[Any]) -> list[Any]:
    return [x for c in children for x in (c if isinstance(c, list) else [c])]


def _where_meet(children: list[Any]) -> None:
    words = [t.value.text.lower() for t in tokens(children) if t.type in ("IGN", "UNK")]
    if words[0] != "where" or words[1:] not in ([], ["meet"]):
        raise reject(f"'{' '.join(words)}' does not say which edges")
    corner = next(t for t in tokens(children) if t.type == "EDGE_JUNCTION").value.text.lower()
    if corner not in ("inside corner", "inner corner", "internal corner"):
        raise reject(f"'the {corner} where …' is not understood")


_AXIS_WORDS = {"MOD_ALONG_X": ("x direction", "along x", "in x", "along the x axis", "parallel to x"),
               "MOD_ALONG_Y": ("y direction", "along y", "in y", "along the y axis", "parallel to y")}


def _axis(children: list[Any]) -> int:
    """The axis an "in the X direction" / "in Y" names (0 or 1); other words filed under the same terminal
    ("horizontal", "across the top") are refused."""
    tok = next(t for t in tokens(children) if t.type in _AXIS_WORDS)
    if tok.value.text.lower() not in _AXIS_WORDS[tok.type]:
        raise reject(f"'{tok.value.text}' does not name an axis")
    return 0 if tok.type == "MOD_ALONG_X" else 1

class HoleWordSemantics:
    """One method per rule of the block; each reads its own children."""

    def hw_finish_through(self, children: list[Any]) -> Clause:
        """"round the four corners that run through the thickness to R10": the edge set's finish; a radius said is a
        fillet's (a chamfer "to R10" is refused)."""
        verbs = {t.type for t in tokens(_flat(children))}
        if "DIM_RADIUS" in verbs and "FEAT_CHAMFER" in verbs:
            raise ambiguous("a chamfer given as a radius: a chamfer has no radius (say a fillet, or the chamfer's "
                            "size)")
        finish: Clause = self.es_verb_ref(children)  # type: ignore[attr-defined]
        return finish

    def hw_break_radius(self, children: list[Any]) -> Clause:
        """"break the four corners with a 12 mm radius — the vertical corner edges, not the top ones": a fillet (the
        verb is "break", or a fillet's; the noun after the size is the radius), on the edges both names take."""
        flat = _flat(children)
        verb = tokens(children)[0]
        if verb.type == "FEAT_CHAMFER" and not verb.value.text.lower().startswith("break"):
            raise ambiguous(f"'{verb.value.text}' with a radius: a chamfer has no radius (say a fillet, or the "
                            "chamfer's size)")
        noun = next(t for t in tokens(children) if t.type in ("FEAT_FILLET", "DIM_RADIUS") and t is not verb)
        if not noun.value.text.lower().startswith(("radius", "fillet", "round")):
            raise reject(f"'{noun.value.text}' after the size of a finish is not understood")
        edges = [c for c in flat if isinstance(c, Loc) and c.kind == "edges"]
        said = _agree(edges[0], [edges[1]])
        for no in (c for c in flat if isinstance(c, Loc) and c.kind == "hw_not"):
            if no.face == said.face:
                raise ambiguous(f"the {said.face} edges are both named and said not to be finished")
        size = next(c for c in flat if isinstance(c, Size)).values[0]
        return _finish_with("fillet", size, said, [])

    def hw_not(self, children: list[Any]) -> Loc:
        """"not the top ones", "not the bottom edges": edges said not to be finished (checked against those that
        are)."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if words.get("UNK") != "not" or words.get("NUM", "ones") not in ("ones", "one"):
            raise reject(f"'{' '.join(words.values())}' after the edges of a finish is not understood")
        face = next(t.type for t in tokens(children) if t.type.startswith(("FACE_", "EDGE_")))
        return Loc("hw_not", face=face.split("_", 1)[1].lower())

    def hw_wall_hole(self, children: list[Any]) -> Clause:
        """"on one of the two 60 x 40 end walls, cut a Ø12 hole through that wall only, centred on the face": the
        hole (its noun and sizes) and the wall (``Loc("hw_wall")``), composed by ``compose_holewords.wall_hole``."""
        flat = _flat(children)
        only = next(t for t in tokens(children) if t.type == "IGN").value.text.lower()
        if only != "only":
            raise reject(f"'through that wall {only}' is not understood")
        noun = next(c for c in flat if isinstance(c, Noun))
        measures = [c for c in flat if isinstance(c, Measure)]
        return Clause("hw_wall_hole", noun=noun, measures=measures, locs=[c for c in flat if isinstance(c, Loc)])

    def hw_one_wall(self, children: list[Any]) -> Loc:
        """"on one of the two 60 x 40 end walls", "… 70 mm wide end walls": ``values`` the wall's sizes said
        (``face`` "wide": the one size is the wall's width)."""
        toks = tokens(children)
        one, two = [t.value.values[0] for t in toks if t.type == "NUM"][:2]
        if (one, two) != (1, 2):
            raise reject("only 'one of the two end walls' is read offline")
        size = next(c for c in children if isinstance(c, Size))
        return Loc("hw_wall", face="wide" if any(t.type == "DIM_WIDTH" for t in toks) else "face",
                   values=tuple(size.values))

    def hw_wall_centre(self, children: list[Any]) -> list[Loc]:
        """"centred on the face: 35 from either side and 20 up from the bottom": the face's centre, the distances
        said checked against it when composed."""
        return [Loc("centre"), *(c for c in children if isinstance(c, Loc))]

    def hw_wall_at(self, children: list[Any]) -> Loc:
        toks = tokens(children)
        size = next(c for c in children if isinstance(c, Size)).values[0]
        if any(t.type == "FACE_SIDE" for t in toks):
            either = next(t for t in toks if t.type == "IGN").value.text.lower()
            if either not in ("either", "each", "both"):
                raise reject(f"'{either} side' on a wall is not understood")
            return Loc("hw_wall_at", face="side", value=size)
        return Loc("hw_wall_at", face="bottom", value=size)

    def hw_centreline_face(self, children: list[Any]) -> list[Loc]:
        """"on the centreline of the 25 face": ``centreline`` and the face's size, checked on the face drilled."""
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return [Loc("centreline"), Loc("hw_face_size", value=size)]

    def hw_pitch_row(self, children: list[Any]) -> Loc:
        """"25 pitch, first one 25 from the end": ``row`` as "first hole 25 from one end and then every 25" reads it
        ("the end" and "one end" are either end: the row is checked to be the same from both)."""
        return row_loc(children, pitch_first=True)

    def hw_near_corners(self, children: list[Any]) -> Loc:
        """"near the corners, 10 mm in from the edges": ``corners`` as "at the corners, …" reads it."""
        near: Loc = self.corner_each(children)  # type: ignore[attr-defined]
        return near

    def hw_flat_to_flat(self, children: list[Any]) -> list[Loc]:
        """"from one flat to the opposite flat": along Y (a hexagon's flats face ±Y), checked to be a hexagonal
        prism's."""
        one = next(t for t in tokens(children) if t.type == "NUM").value.values[0]
        if one != 1:
            raise reject("'from one flat to the opposite flat' is read offline; other counts of flats are not")
        return [Loc("direction_axis", axes=(1,)), Loc("hw_flats")]

    def hw_through_axis(self, children: list[Any]) -> Loc:
        """"(passing) through the axis": the hole crosses the part's upright axis (checked on the holes made)."""
        return Loc("hw_through_axis")

    def hw_cut_corners(self, children: list[Any]) -> Clause:
        """"leave R5 fillets in the two bottom inside corners of the channel": ``hw_cut_corners`` (``face`` the
        finish, ``value`` the count said), composed on the channel cut before."""
        toks = tokens(children)
        verb = "chamfer" if any(t.type == "FEAT_CHAMFER" for t in toks) else "fillet"
        if verb == "chamfer" and any(t.type == "DIM_RADIUS" for t in toks):
            raise ambiguous("a chamfer given as a radius: a chamfer has no radius")
        junction = next(t for t in toks if t.type == "EDGE_JUNCTION")
        corners = junction.value.text.lower()
        if corners not in ("inside corners", "inside corner", "inner corners", "internal corners"):
            raise reject(f"'{corners}' of a channel is not understood")
        junction.value.slot = "read"  # the channel's edges, chosen and checked here (accounting's feature edges)
        count = next((c for c in children if isinstance(c, int) and not isinstance(c, bool)), None)
        size = next(c for c in children if isinstance(c, Size))
        return Clause("hw_cut_corners", sizes=[size],
                      locs=[Loc("hw_cut_corners", face=verb, value=None if count is None else float(count))])

    def hw_leave_sharp(self, children: list[Any]) -> list[Clause]:
        """"leave the bottom edges and the four vertical corner edges square": one "stays sharp" fact per edge set."""
        return [Clause("ps_sharp", locs=[c], edges=c.face or "all") for c in children if isinstance(c, Loc)]

    def hw_in_floor(self, children: list[Any]) -> Loc:
        """"in the floor of the channel": checked on the holes made (inside the pocket's footprint, below its floor)."""
        return Loc("hw_in_floor")

    def hw_cross_drill(self, children: list[Any]) -> Clause:
        """"cross drill Ø8 …": a cross hole, as the note "Ø8 cross hole …" reads it (the verb is checked)."""
        lead = tokens(children)[0].value.text.lower()
        if lead != "cross":
            raise reject(f"'{lead} drill' is not understood")
        hole: Clause = self.sh_side_note(children)  # type: ignore[attr-defined]
        return hole

    def hw_one_end(self, children: list[Any]) -> list[Loc]:
        """"15 from one end": from the bottom of a part standing on Z that is the same from either end (checked)."""
        one = next(t for t in tokens(children) if t.type == "NUM").value.values[0]
        if one != 1:
            raise reject("'from one end' is read offline; other counts of ends are not")
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return [Loc("from_face", face="bottom", value=size), Loc("hw_one_end", value=size)]

    def hw_keyseat_end(self, children: list[Any]) -> Clause:
        """"keyseat at one end: .250 wide, .125 deep measured down from the OD, 1.500 long starting at the end face,
        square ended (runs out the end)": ``lathe_keyway`` starting 0 from that end (its depth from the top of the
        round, as the keyway is always measured)."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if words.get("IGN") not in ("starting", "beginning") or words.get("W_SQUARE") != "square":
            raise reject("a keyseat 'starting at the end face, square ended' is read offline; other wordings are not")
        if any(t.type == "NUM" and t.value.values[0] != 1 for t in tokens(children)):
            raise reject("a keyseat at 'one end' is read offline; other counts of ends are not")
        named = {c.dim: c.value for c in children if isinstance(c, Measure)}
        if set(named) != {"width", "depth", "length"}:
            raise reject("a keyseat takes its width, depth and length, each once")
        return Clause("lathe", locs=[Loc("keyway", face="one",
                                         values=(named["width"], named["depth"], named["length"], 0.0))])

    def hw_from_od(self, children: list[Any]) -> None:
        """"measured down from the OD": from the top of the round, as a keyway's depth always is."""

    def hw_runs_out(self, children: list[Any]) -> None:
        """"(runs out the end)": what starting at the end face means (the keyway is open at that end)."""
        out = next(t for t in tokens(children) if t.type == "IGN").value.text.lower()
        if out != "out":
            raise reject(f"'runs {out} the end' of a keyseat is not understood")

    def hw_bore_edges(self, children: list[Any]) -> Clause:
        """"1 mm chamfer on the bore edge at both ends": the two rims of the through bore drilled last
        (``compose_holewords.bore_rims``; the edge word and "both ends" are checked)."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        ends = words.get("EDGE_CIRCULAR")
        if words.get("EDGE_ALL") not in ("edge", "edges") or ends not in ("both ends", "each end"):
            raise reject(f"'the bore {words.get('EDGE_ALL')} at {words.get('EDGE_CIRCULAR')}' is not understood")
        return Clause("hw_bore_rims", sizes=[next(c for c in children if isinstance(c, Size))])

    def hw_square_pattern(self, children: list[Any]) -> Loc:
        """"on a 40 mm square": holes at the corners of a 40 x 40 square (four, checked by the hole patterns)."""
        word = next(t for t in tokens(children) if t.type == "W_SQUARE").value.text.lower()
        if word != "square":
            raise reject(f"'on a … {word}' is not understood")
        side = next(c for c in children if isinstance(c, Size)).values[0]
        return Loc("grid", values=(side, side))

    def hw_joint(self, children: list[Any]) -> str:
        """A body named where two meet: its shape, or "" for a word naming any body ("the wall", "the upright")."""
        return next((c for c in children if type(c) is str), "")

    def hw_junction(self, children: list[Any]) -> Loc:
        """"the inside corner where the wall meets the base", "where base and wall meet": the edges where the body
        joined last meets the part, as ``junction_ref`` reads them ("meet" and "where" are checked)."""
        _where_meet(children)
        names = [c for c in children if type(c) is str and c]
        return Loc("edges", face="junction" + (":" + ",".join(names) if names else ""))

    def hw_legs_meet(self, children: list[Any]) -> Loc:
        """"the inside corner edge where the two legs meet": the one inside corner of an L outline."""
        _where_meet(children)
        two = next(t for t in tokens(children) if t.type == "NUM").value.values[0]
        if two != 2:
            raise reject("'where the legs meet' is read offline for the two legs of an L")
        return Loc("edges", face="hw_legs")

    def hw_leg(self, children: list[Any]) -> list[Loc]:
        """"through the horizontal leg", "in the vertical leg": the leg named (checked on the holes made)."""
        word = next(t for t in tokens(children) if t.type.startswith("MOD_ALONG")).value.text.lower()
        if word not in ("horizontal", "vertical"):
            raise reject(f"'the {word} leg' is not understood (say the horizontal or the vertical leg)")
        through = [Loc("through")] if any(t.type == "MOD_THROUGH" for t in tokens(children)) else []
        return [*through, Loc("hw_leg", face=word)]

    def hw_near_no_inset(self, children: list[Any]) -> Loc:
        """"near the corners" with no distance: how far in is not said, and no convention is guessed for it."""
        raise ambiguous("'near the corners' does not say how far the holes are from the edges (say e.g. 'near the "
                        "corners, 10 mm in from the edges')")

    def hw_round_rim(self, children: list[Any]) -> Loc:
        """"the bottom circular edge": the round edge of that face (one, checked on the part when composed)."""
        toks = tokens(children)
        said = next(t for t in toks if t.type == "EDGE_CIRCULAR").value.text.lower()
        if said not in ("circular edge", "round edge"):
            raise reject(f"'the {said}' is not understood")
        face = "bottom" if any(t.type == "FACE_BOTTOM" for t in toks) else "top"
        return Loc("edges", face=f"hw_rim_{face}")

    def hw_slot_across(self, children: list[Any]) -> Clause:
        """A slot right across the top face: its width and depth (each once) and the way it runs, when said."""
        items = [x for c in children if isinstance(c, list) for x in c]
        sizes = [x for x in items if isinstance(x, Measure)]
        width = [m.value for m in sizes if m.dim == "width"]
        depth = [m.value for m in sizes if m.dim == "depth"]
        if len(width) != 1 or len(depth) != 1 or len(sizes) != 2:
            raise ambiguous("a slot across the top face takes its width and its depth, each once")
        runs = {x.axes[0] for x in items if isinstance(x, Loc) and x.kind == "hw_run"}
        if len(runs) > 1:
            raise ambiguous("the slot is said to run two ways")
        locs = [Loc("hw_run", axes=(runs.pop(),))] if runs else []
        return Clause("hw_slot_across", measures=[Measure("width", width[0]), Measure("depth", depth[0])], locs=locs)

    def hw_across(self, children: list[Any]) -> None:
        """"across the top face", "across the whole top face going through the center"."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if words.get("MOD_ALONG_Y", "across the top") != "across the top" or \
                words.get("DIM_DIAMETER", "across") != "across" or words.get("IGN", "going") != "going":
            raise reject("'across the top face' is read offline; other wordings of it are not")

    def hw_si_size(self, children: list[Any]) -> list[Any]:
        return [c for c in children if isinstance(c, Measure)]

    def hw_si_sizes(self, children: list[Any]) -> list[Any]:
        """"the slot is 6 mm wide and 10 mm deep"."""
        return [c for c in children if isinstance(c, Measure)]

    def hw_si_width_dir(self, children: list[Any]) -> list[Any]:
        """"8 mm wide in the X direction": the slot runs across that axis."""
        width = next(c for c in children if isinstance(c, Measure))
        if width.dim != "width":
            raise reject(f"a slot's {width.dim} 'in the … direction' is not understood")
        return [width, Loc("hw_run", axes=(1 - _axis(children),))]

    def hw_si_run(self, children: list[Any]) -> list[Any]:
        """"going all the way across in Y": the slot runs along that axis, from side to side."""
        words = {t.type: t.value.text.lower() for t in tokens(children)}
        if words.get("IGN") != "going" or words.get("MOD_EACH") != "all" or words.get("DIM_DIAMETER") != "across":
            raise reject("'going all the way across' is read offline; other wordings of it are not")
        return [Loc("hw_run", axes=(_axis(children),))]

    def hw_si_centred(self, children: list[Any]) -> list[Any]:
        """"centred on the axis": what a slot across the whole top face through the centre is."""
        return []

    def hw_si_any_dir(self, children: list[Any]) -> list[Any]:
        """"direction is not important": the way the slot runs is left to the planner (X, stated)."""
        words = [t.value.text.lower() for t in tokens(children) if t.type == "UNK"]
        if words[0] != "not" or words[1] not in ("important", "critical", "relevant"):
            raise ambiguous(f"'direction is {' '.join(words)}' does not say which way the slot runs")
        return []

    def hw_slot_round_part(self, children: list[Any]) -> Clause:
        """"… slot straight across the top of that round part, parallel to X, centered": as ``hw_slot_across``, on
        the round body joined last (``hw_on_last``)."""
        items = [[c] for c in children if isinstance(c, (Measure, Loc))]
        clause: Clause = self.hw_slot_across(items)
        return Clause(clause.action, measures=clause.measures, locs=[*clause.locs, Loc("hw_on_last")])

    def hw_round_part(self, children: list[Any]) -> None:
        """"across the top of that round part": the words are checked (the body is found when composed)."""
        across = next(t for t in tokens(children) if t.type == "MOD_ALONG_Y").value.text.lower()
        if across != "across the top":
            raise reject(f"'{across} of that round part' is not understood")

    def hw_part_item(self, children: list[Any]) -> Loc | None:
        """"parallel to X": the way the slot runs; "centered": what a slot through the body's axis is."""
        if tokens(children)[0].type == "POS_CENTER":
            return None
        return Loc("hw_run", axes=(_axis(children),))

    def hw_drill_then_cbore(self, children: list[Any]) -> Clause:
        """"two holes …: drill Ø6.6 through, then counterbore Ø11 x 6.5 deep": through holes with that counterbore
        (as "Ø6.6 through with a Ø11 counterbore 6.5 deep")."""
        size = next(c for c in children if isinstance(c, Size) and len(c.values) == 1)
        cbore = next(c for c in children if isinstance(c, Size) and len(c.values) == 2)
        if cbore.values[0] <= size.values[0]:
            raise ambiguous("the counterbore is not wider than the hole")
        count = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        noun = Noun("hole", count=count, measures=[Measure("diameter", size.values[0])])
        locs = [x for c in children if isinstance(c, (Loc, list)) for x in (c if isinstance(c, list) else [c])]
        return Clause("cut", noun=noun, locs=[Loc("through"), Loc("cbore", values=tuple(cbore.values)), *locs])

    def hw_lengthwise_centreline(self, children: list[Any]) -> Loc:
        """"on the lengthwise centreline": the centreline along the part's length."""
        word = next(t for t in tokens(children) if t.type == "MOD_ALONG_X").value.text.lower()
        if word not in ("lengthwise", "along the length", "along its length"):
            raise reject(f"'the {word} centreline' is not understood")
        return Loc("centreline")
