"""Semantic functions of the ``shapes`` block of ``grammar.lark``: shape and posture words.

People name a body's profile or its posture by an adjective before the noun ("a regular hexagon", "a 90° V-groove",
"a half round groove", "a stepped pin", "a hemispherical dimple", "standing on top of it", "lying flat", "the four
vertical outside edges"). Each rule here reads what the word means for the geometry — a size, a profile, an
orientation — or refuses it; the rules match loose terminals (``MOD_ALONG_Y`` is both "vertical" and "across the
top", ``EDGE_ALL`` is "edges" and "outside edges"), so the words are checked here and any other is refused by name.
"""

from __future__ import annotations

import math
from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.semantics_stacking import no_consequence_size
from ai_designer.planning.sentences import AXES, Clause, Loc, Measure, Noun, Size

__all__ = ["ShapeSemantics"]

_VERTICAL = frozenset({"vertical", "upright"})
_GROOVE_WORDS = frozenset({"groove", "channel", "trough", "cradle", "gutter", "flute"})
_WIDTH_WORDS = frozenset({"wide", "width", "in width", "broad", "wd"})
_DIMPLES = frozenset({"dimple", "dish", "recess", "pocket", "hollow", "depression", "cavity", "bowl"})
_OUTSIDE = frozenset({"outer", "outside", "external", "outer edges", "outside edges", "external edges"})


def _texts(children: list[Any], *types: str) -> list[str]:
    return [str(t.value.text).lower() for t in tokens(children) if t.type in types]


def _count(children: list[Any]) -> float | None:
    counts = [c for c in children if isinstance(c, int) and not isinstance(c, bool)]
    return float(counts[0]) if counts else None


def _clause_of(action: str, children: list[Any]) -> Clause:
    """A clause of ``action`` with its children by type (lists, as some rules return, are opened)."""
    if action in ("create", "join"):
        no_consequence_size(children, joined=action == "join")
    items = [x for c in children for x in (c if isinstance(c, list) else [c])]
    nouns = [c for c in items if isinstance(c, Noun)]
    return Clause(action, noun=nouns[0] if nouns else None, measures=[c for c in items if isinstance(c, Measure)],
                  sizes=[c for c in items if isinstance(c, Size)], locs=[c for c in items if isinstance(c, Loc)])


class ShapeSemantics:
    """One method per rule of the block; each reads its own children."""

    def shp_vertical_outer(self, children: list[Any]) -> Loc:
        """"the four vertical outside edges / corners": a block's vertical corner edges (compose checks the count on
        a plain block, where every vertical edge is an outside one)."""
        said = _texts(children, "MOD_ALONG_Y")
        outside = _texts(children, "DIM_OD", "EDGE_ALL")
        if said[0] not in _VERTICAL:
            raise reject(f"'{said[0]}' before edges is not read offline (say 'the vertical edges')")
        if outside[0] not in _OUTSIDE or (len(outside) > 1 and outside[1] not in ("edges", "edge")):
            raise reject(f"'vertical {' '.join(outside)}' is not read offline (say 'the vertical outside edges')")
        return Loc("edges", face="vertical", value=_count(children))

    def shp_regular(self, children: list[Any]) -> int:
        """"a regular hexagon": the polygon (every polygon outline here is regular)."""
        return next(c for c in children if isinstance(c, int) and not isinstance(c, bool))

    def shp_side(self, children: list[Any]) -> Measure:
        words = _texts(children, "IGN")
        if words and words != ["whose"]:
            raise reject(f"'{' '.join(words)} sides' is not read offline")
        return Measure("side", next(c for c in children if isinstance(c, Size)).values[0])

    def shp_side_outline(self, children: list[Any]) -> Noun:
        """A regular polygon by its side ``s``: across the corners ``s / sin(180° / n)``."""
        sides = next(c for c in children if isinstance(c, int) and not isinstance(c, bool))
        side = next(c for c in children if isinstance(c, Measure)).value
        return Noun(f"polygon{sides}", measures=[Measure("ac", round(side / math.sin(math.pi / sides), 9))])

    def shp_flats(self, children: list[Any]) -> Loc:
        """"with two of its flats parallel to the X axis": ``Loc("shp_flats", axes=(axis,), value=count)``."""
        axis = next(t.type for t in tokens(children) if t.type in ("W_X", "W_Y"))[-1].lower()
        nums = [t for t in tokens(children) if t.type == "NUM"]
        count = float(nums[0].value.values[0]) if nums else 1.0
        return Loc("shp_flats", axes=(AXES[axis],), value=count)

    def shp_groove(self, children: list[Any]) -> Clause:
        return _clause_of("shp_groove", children)

    def shp_groove_np(self, children: list[Any]) -> Noun:
        """"a 90° V-groove", "an R15 half-round cradle": the groove's section (``shp_v`` / ``shp_round``); the angle
        of a V is its included angle."""
        word = _texts(children, "FEAT_GROOVE", "UNBUILT")[0]
        if word not in _GROOVE_WORDS:
            raise reject(f"'{word}' with a V or half-round section is not read offline (say 'groove')")
        v = any(t.type == "LETTER_V" for t in tokens(children))
        measures = [c for c in children if isinstance(c, Measure)]
        angles = [t.value.values[0] for t in tokens(children) if t.type == "ANG"]
        measures += [Measure("angle", a) for a in angles]
        return Noun("shp_v" if v else "shp_round", measures=measures)

    def shp_run_dim(self, children: list[Any]) -> Loc:
        """"along the 60 length", "running the 1.25 width direction": the groove runs along the side that long."""
        dim = _texts(children, "DIM_LENGTH", "DIM_WIDTH")[0]
        return Loc("shp_run", face="width" if dim in _WIDTH_WORDS else "length",
                   value=next(c for c in children if isinstance(c, Size)).values[0])

    def shp_axis_face(self, children: list[Any]) -> Loc:
        """"axis on top face", "the groove's axis lies in the top face", "whose axis lies on the top face"."""
        words = _texts(children, "IGN")
        if words and words != ["whose"]:
            raise reject(f"'{' '.join(words)} axis' is not read offline")
        return Loc("shp_axis_face", face="top")

    def shp_top_width(self, children: list[Any]) -> Measure:
        """"(20 wide at the top)": a V-groove's width at the face (checked against its angle and depth)."""
        return Measure("top_width", next(c for c in children if isinstance(c, Size)).values[0])

    def shp_section(self, children: list[Any]) -> tuple[str, float, float, str]:
        """One section of a stepped part: ``(which, diameter, length, how)`` — ``which`` is "first" / "next" /
        "last" / "" as said, ``how`` "down" when it is said to step down."""
        d, length = (c.values[0] for c in children if isinstance(c, Size))
        ring = _texts(children, "SHAPE_RING")
        if ring and ring != ["collar"]:
            raise reject(f"'{ring[0]}' as a section of a stepped part is not read offline")
        which = _texts(children, "W_NEXT", "W_FIRST", "IGN")
        if which and which[0] not in ("next", "first", "last", "remaining"):
            raise reject(f"'for the {which[0]}' is not read offline")
        down = "down" if any(t.type == "W_STEP" for t in tokens(children)) else ""
        return ("last" if which and which[0] == "remaining" else (which[0] if which else ""), d, length, down)

    def shp_overall(self, children: list[Any]) -> Loc:
        """"115 overall", "(so 85 mm overall)": the length the sections add up to (checked when the part is done)."""
        words = _texts(children, "IGN")
        if words[-1] not in ("overall", "oal", "total", "long") or words[:-1] not in ([], ["so"]):
            raise reject(f"'{' '.join(words)}' after a size is not read offline")
        return Loc("overall", value=next(c for c in children if isinstance(c, Size)).values[0])

    def shp_stepped(self, children: list[Any]) -> list[Clause]:
        """A stepped round part: one turned section per item, from the bottom up (the lathe's convention); each
        must differ from the one before, a step "down" must be smaller, "first" / "last" must be where they are."""
        if _texts(children, "MOD_STEPPED") != ["stepped"]:
            raise reject("a stepped part is said 'stepped' (e.g. 'a stepped pin: Ø30 for 40, then Ø20 for 30')")
        sections = [c for c in children if isinstance(c, tuple)]
        out = [Clause("lathe", locs=[c]) for c in children if isinstance(c, Loc)]
        for i, (which, d, length, how) in enumerate(sections):
            before = sections[i - 1][1] if i else None
            if (which == "first" and i) or (which == "next" and not i) or (which == "last" and i != len(sections) - 1):
                raise reject(f"'the {which}' is not where the section is said")
            if before is not None and (abs(d - before) < 1e-9 or (how == "down" and d > before)):
                raise reject(f"Ø{d:g} after Ø{before:g} is not a step" + (" down" if how else ""))
            out.append(Clause("lathe", locs=[Loc("section", face="W_FIRST" if not i else "W_NEXT", values=(d, d, length))]))
        return out

    def shp_steps_down(self, children: list[Any]) -> list[Clause]:
        """"…, and then it steps down to Ø12 for another 25 mm at one end": a smaller section on the end of the round
        body made before (the lathe's "one end" is the top; the step down is checked by ``compose_shapes``)."""
        if _texts(children, "MOD_STEPPED") != ["steps"]:
            raise reject("'it steps down to …' is said 'steps'")
        ends = [t.value.values[0] for t in tokens(children) if t.type == "NUM" and t.value.values[0] == 1]
        if any(t.type == "W_END" for t in tokens(children)) and not ends:
            raise reject("which end the step is on is not one end")
        d, length = [c.values[0] for c in children if isinstance(c, Size)][:2]
        out = [Clause("shp_step_down", locs=[Loc("section", face="W_NEXT", values=(d, d, length))])]
        return out + [Clause("lathe", locs=[c]) for c in children if isinstance(c, Loc)]

    def shp_body_is(self, children: list[Any]) -> Clause:
        """"the main body is a …": the body made (as "a …")."""
        words = _texts(children, "IGN")
        if words[:1] not in ([], ["main"]):
            raise reject(f"'the {words[0]} body' is not read offline")
        return _clause_of("create", children)

    def shp_standing(self, children: list[Any]) -> list[Loc]:
        """"standing (up) (centred) on top of it / on its top face": on top of the part, upright (checked)."""
        centre = [Loc("centre")] if any(t.type == "POS_CENTER" for t in tokens(children)) else []
        return [Loc("shp_standing"), *centre, Loc("on_top")]

    def shp_standing_own(self, children: list[Any]) -> Loc:
        """"standing on its base", "standing on end": upright on its own end face (not on another body)."""
        art = _texts(children, "ART")
        end = _texts(children, "SHAPE_PLATE", "W_END", "FACE_BOTTOM")
        if art not in ([], ["its"]) or end[0] not in ("base", "end", "bottom") or _texts(children, "REL_ON_TOP") != ["on"]:
            raise reject(f"'standing {' '.join(_texts(children, 'REL_ON_TOP', 'ART'))} {end[0]}' is not read offline")
        return Loc("shp_standing", face="own")

    def shp_lying_flat(self, children: list[Any]) -> Loc:
        return Loc("shp_flat")

    def shp_on_top(self, children: list[Any]) -> Loc:
        return Loc("on_top")

    def shp_on_top_middle(self, children: list[Any]) -> list[Loc]:
        """"up from the middle of it": on top of it, centred."""
        if _texts(children, "REL_ON_TOP") != ["up from"]:
            raise reject(f"'{_texts(children, 'REL_ON_TOP')[0]} the middle of it' is not read offline")
        return [Loc("on_top"), Loc("centre")]

    def shp_join_standing(self, children: list[Any]) -> Clause:
        """"Standing on its top face at the centre is a cylinder …": that body joined there, upright (checked)."""
        return _clause_of("join", [*children, Loc("shp_standing")])

    def shp_join_stands(self, children: list[Any]) -> Clause:
        """"In the middle stands a round post …": the body joined there, upright (checked)."""
        verb = _texts(children, "IGN")[0]
        if verb not in ("stands", "stand", "sits", "rests"):
            raise reject(f"'{verb}' before a body is not read offline")
        return _clause_of("join", [*children, Loc("shp_standing")])

    def shp_outline_word(self, children: list[Any]) -> list[Loc]:
        """"an L-shaped profile": the outline must be an L (checked on its points by ``compose_shapes``)."""
        return [Loc("shp_letter", face="L")] if any(t.type == "LETTER_L" for t in tokens(children)) else []

    def shp_chain(self, children: list[Any]) -> Loc:
        """"(0,0) -> (40,0) -> … -> close" / "→ back to the start": the outline's corners, in order."""
        end = _texts(children, "MOD_FINE", "W_START")
        if end[-1] not in ("close", "start"):
            raise reject(f"'{end[-1]}' after an outline's points is not read offline")
        points = [c for c in children if isinstance(c, tuple)]
        if len({axes for axes, _ in points}) != 1:
            raise reject("the outline's points name their axes differently")
        return Loc("vertices", axes=points[0][0], values=tuple(v for _, xy in points for v in xy))

    def shp_chain_sketch(self, children: list[Any]) -> Clause:
        """The outline, kept for the revolve or extrusion after it (as "sketch … a closed profile (…), (…)")."""
        clause = _clause_of("profile", children)
        clause.noun = Noun("profile")
        return clause

    def shp_flat_bottom(self, children: list[Any]) -> Loc:
        if _texts(children, "FACE_BOTTOM") != ["bottom"]:
            raise reject(f"'flat {_texts(children, 'FACE_BOTTOM')[0]}' is not read offline")
        return Loc("shp_flat_bottom")

    def shp_dimple_word(self, children: list[Any]) -> str:
        word = str(children[0].value.text).lower()
        if word not in _DIMPLES:
            raise reject(f"'hemispherical {word}' is not read offline")
        return word

    def shp_dimple(self, children: list[Any]) -> Clause:
        """A hemispherical dimple: a sphere of its radius (or diameter) cut with its centre in the middle of the
        top face — every place said must be that one."""
        if _texts(children, "UNK") != ["hemispherical"]:
            raise reject(f"'{_texts(children, 'UNK')[0]}' is not read offline")
        size = next(c for c in children if isinstance(c, Measure))
        if size.dim not in ("radius", "diameter"):
            raise reject(f"a hemispherical dimple's {size.dim} is not read offline (give its radius)")
        return Clause("shp_dimple", noun=Noun("sphere"), measures=[size], locs=[Loc("centre_at", face="top")])

    def shp_hemi_result(self, children: list[Any]) -> Loc:
        """"…, leaving a hemispherical dish": checked on the sphere cut it is said of."""
        if _texts(children, "UNK") != ["hemispherical"]:
            raise reject(f"'leaving a {_texts(children, 'UNK')[0]} …' is not read offline")
        return Loc("shp_hemi")

    def shp_flat_on(self, children: list[Any]) -> Loc:
        """"flat face on top face of plate": the body stands on its flat face on top of the part (a dome: checked)."""
        on = _texts(children, "REL_ON_TOP")
        if on[0] not in ("on", "on top", "on top of", "onto"):
            raise reject(f"'flat face {on[0]} …' is not read offline")
        return Loc("shp_flat_on")
