"""Semantic functions of the ``part references`` block of ``grammar.lark``: a body named by its noun.

"the flange", "the disc", "the base", "the boss", "the wall": a location that names a body made before. The name is
kept as said (``Loc.face``) and resolved when the part is composed (``compose_partrefs.py``), against the nouns the
bodies were made with; nothing here decides which body it is.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Noun, Size

__all__ = ["PartRefSemantics"]

# the words a corner distance may say, by terminal ("both of its adjacent edges", "each outer edge", "right at the
# corners"); any other is refused by name, never dropped
_CORNER_WORDS = {"IGN": {"both"}, "MOD_EACH": {"each"}, "ART": {"its", "the", "their"},
                 "EDGE_ALL": {"edge", "edges", "each edge", "outer edge", "outer edges", "outside edge", "outside edges"},
                 "W_SIDES": {"sides", "side"}, "FACE_RIGHT": {"right"}, "UNBUILT": {"nearest", "closest"},
                 "POS_CORNERS": {"corner", "corners", "each corner", "every corner", "the corners", "its corner",
                                 "four corners", "all four corners"}}
# "merge them all into one piece": the words a fusion of the bodies made so far may say
_FUSE_WORDS = {"MOD_EACH": {"all"}, "EDGE_ALL": {"everything", "all"}, "IGN": {"piece"}, "NUM": {"one", "1"}}


def _word(children: list[Any]) -> str:
    named = next(c for c in children if type(c) is str)
    return named


class PartRefSemantics:
    """One method per rule of the block; each reads its own children."""

    def pr_name(self, children: list[Any]) -> str:
        """The noun said after the article: a body word (``shape_word``'s noun keeps it) or a part word."""
        noun = next((c for c in children if isinstance(c, Noun)), None)
        if noun is not None:
            return noun.words[0].lower()
        toks = tokens(children)
        return str(toks[0].value.text).lower() if toks else _word(children)

    def pr_part(self, children: list[Any]) -> str:
        return str(tokens(children)[0].value.text).lower()

    def pr_in(self, children: list[Any]) -> Loc:
        """"in the disc", "into the base": a hole into that body."""
        return Loc("named", face=_word(children))

    def pr_through(self, children: list[Any]) -> list[Loc]:
        """"through the flange": a through hole in that body only."""
        return [Loc("named", face=_word(children)), Loc("through")]

    def pr_from_face(self, children: list[Any]) -> list[Loc]:
        """"down from the top of the boss": into that face, which must be the body's (``value`` 1)."""
        face, word = (c for c in children if type(c) is str)
        return [Loc("face", face=face), Loc("named", face=word, value=1.0)]

    def pr_axis(self, children: list[Any]) -> Loc:
        """"on the post's centreline", "along the boss axis": on the axis of that round body."""
        return Loc("named_axis", face=_word(children))

    def pr_corners(self, children: list[Any]) -> Loc:
        """"each one 10 in from both of its adjacent edges", "at the corners, 10 mm from each outer edge": one hole
        at each corner, its centre that far from the two edges meeting there. The corners must be said, or the edges
        be "adjacent" / "both" (a distance "from each edge" alone says no corner)."""
        toks = tokens(children)
        for t in toks:
            allowed = _CORNER_WORDS.get(t.type)
            if allowed is not None and t.value.text.lower() not in allowed:
                raise reject(f"'{t.value.text}' in a distance from the edges at the corners is not understood")
        for i, t in enumerate(toks):  # "each one …", "the two edges": one hole per corner, its two edges
            two = i + 1 < len(toks) and toks[i + 1].type in ("EDGE_ALL", "W_SIDES", "UNBUILT")
            if t.type == "NUM" and t.value.values[0] != (2 if two else 1):
                raise ambiguous(f"'{t.value.text}' in a distance from the edges at the corners: one hole at each "
                                "corner, measured from its two edges")
        said = {t.type for t in toks} | {t.value.text.lower() for t in toks if t.type == "IGN"}
        if not said & {"POS_CORNERS", "W_ADJACENT", "UNBUILT", "both"}:
            raise ambiguous("a distance 'from each edge' does not say the holes are at the corners")
        return Loc("corners", value=next(c for c in children if isinstance(c, Size)).values[0])

    def pr_fuse(self, children: list[Any]) -> Clause:
        """"merge them into one piece", "join it all into one piece": the bodies are one solid already (checked
        when composed, as "union them": at least two bodies were made)."""
        for t in tokens(children):
            allowed = _FUSE_WORDS.get(t.type)
            if allowed is not None and t.value.text.lower() not in allowed:
                raise reject(f"'{t.value.text}' in joining the bodies is not understood")
        return Clause("fuse_check", locs=[Loc("bodies", value=0.0)])

    def pr_joining(self, children: list[Any]) -> Loc:
        """"joining it to the plate": the body made is joined to that body of the part (checked when composed)."""
        return Loc("joined_to", face=_word(children))

    def pr_piece_of(self, children: list[Any]) -> None:
        """"a piece of": the one body named after it (the word is checked; it adds nothing to the body)."""
        word = tokens(children)[0].value.text.lower()
        if word not in ("piece", "bit", "chunk", "slab"):
            raise reject(f"'{word} of' before a body is not understood")

    def pr_long_edges(self, children: list[Any]) -> Loc:
        """"the two long top edges": ``face`` long_top / long_bottom, ``value`` the count said, ``values`` the axis said
        in brackets ("(the outer top edges running along X)"), checked against the block when composed."""
        toks = tokens(children)
        said = next((c for c in children if isinstance(c, tuple)), ())
        side = {t.type.split("_")[1] for t in toks if t.type.startswith("EDGE_")}
        if said and said[0] != next(iter(side)) or len(side) != 1:
            raise reject("the top and the bottom edges are both named for one finish")
        count = next((float(c) for c in children if isinstance(c, int) and not isinstance(c, bool)), None)
        return Loc("edges", face=f"long_{side.pop().lower()}", value=count, values=said[1:])

    def pr_edges_said(self, children: list[Any]) -> tuple[str, float]:
        toks = tokens(children)
        side = next(t.type.split("_")[1] for t in toks if t.type.startswith("EDGE_"))
        return side, float(any(t.type == "MOD_ALONG_Y" for t in toks))

    def pr_end_row(self, children: list[Any]) -> Loc:
        """"at 20, 50 and 80 mm from one end": ``values`` the distances, ``face`` the end ("one": either)."""
        one = next((t for t in tokens(children) if t.type == "NUM"), None)
        if one is not None and one.value.values[0] != 1:
            raise reject(f"'{one.value.text} end' names no single end")
        face = next((c for c in children if type(c) is str), "one")
        values = tuple(v for c in children if isinstance(c, Size) for v in c.values)
        if len(set(values)) != len(values):
            raise ambiguous("the same distance is listed twice")
        return Loc("pr_end_row", face=face, values=values)

    def pr_dia(self, children: list[Any]) -> float:
        return float(next(c for c in children if isinstance(c, Size)).values[0])

    def pr_end(self, children: list[Any]) -> tuple[str, float | None]:
        """"one end" (checked to be one) or "the Ø20 end": which end, resolved on the part when composed."""
        one = next((t for t in tokens(children) if t.type == "NUM"), None)
        if one is not None:
            if one.value.values[0] != 1:
                raise reject(f"'{one.value.text} end': say which end")
            return "one", None
        return "dia", next(c for c in children if isinstance(c, float))

    def pr_turn_end(self, children: list[Any]) -> Clause:
        """"turn one end down to Ø18 for a length of 20": ``values`` = (length, diameter)."""
        _said(children, "MOD_CLEARANCE", ("for a",))
        self.pr_end([t for t in tokens(children) if t.type == "NUM"])
        d = next(c for c in children if isinstance(c, float))
        length = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("pr_lathe_end", locs=[Loc("turn", face="one", values=(length, d))])

    def pr_chamfer_end(self, children: list[Any]) -> Clause:
        """"chamfer one end 4 x 45°", "… on the outside edge of the Ø20 end face": that end's outer corner."""
        _said(children, "EDGE_ALL", ("outside edge", "outer edge", "edge"))
        end, dia = next(c for c in children if isinstance(c, tuple))
        size = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("pr_lathe_end", locs=[Loc("chamfer", face=end, value=dia, values=(size,))])

    def pr_end_hole(self, children: list[Any]) -> Clause:
        """"drill one end 10 mm dia, 20 deep, flat bottom, on centre": a blind hole on the axis into that end."""
        _said(children, "DIM_SPACING", ("on centre", "on center"))
        end, dia = next(c for c in children if isinstance(c, tuple))
        d = next(c for c in children if isinstance(c, float))
        depth = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("pr_lathe_end", locs=[Loc("hole", face=end, value=dia, values=(d, depth))])

    def pr_chamfer_both(self, children: list[Any]) -> Clause:
        """"chamfer both ends of the part 1/8 x 45° (the small end and the big end)": both ends (which must differ
        when the brackets say so)."""
        _said(children, "EDGE_CIRCULAR", ("both ends", "each end"))
        _said(children, "DIM_TOP_DIAMETER", ("small end", "smaller end"))
        _said(children, "DIM_BOTTOM_DIAMETER", ("big end", "large end", "bigger end", "larger end"))
        size = next(c for c in children if isinstance(c, Size)).values[0]
        differ = 1.0 if any(c is True for c in children) else None
        return Clause("pr_lathe_end", locs=[Loc("chamfer", face="both", value=differ, values=(size,))])

    def pr_ends_said(self, children: list[Any]) -> bool:
        _said(children, "DIM_TOP_DIAMETER", ("small end", "smaller end"))
        _said(children, "DIM_BOTTOM_DIAMETER", ("big end", "large end", "bigger end", "larger end"))
        return True


    def pr_at_both_ends(self, children: list[Any]) -> Loc:
        """"at both ends": checked to go with a distance from each end (``compose_partrefs.mark_names``)."""
        _said(children, "EDGE_CIRCULAR", ("both ends", "each end"))
        return Loc("pr_both_ends")

    def pr_out_of(self, children: list[Any]) -> None:
        """"out of" the stock named after it (as "from 5 mm plate")."""
        _said(children, "IGN", ("out",))

    def pr_pair(self, children: list[Any]) -> list[Loc]:
        """"through the cylinder and the plate", "through the centre of both the boss and the disc": through both, on
        the axis of the one round body joined upright (``compose_hubs.hub_hole``), each name checked on the part."""
        _said(children, "IGN", ("both",))
        _said(children, "POS_CENTER", ("centre", "center", "middle"))
        names = [c for c in children if type(c) is str]
        centre = [Loc("centre")] if any(t.type == "POS_CENTER" for t in tokens(children)) else []
        return [Loc("through"), Loc("hub_axis"), Loc("pr_pair", face=",".join(names)), *centre]


def _said(children: list[Any], terminal: str, allowed: tuple[str, ...]) -> None:
    """Only these words of a terminal class carry the meaning the rule gives them; any other is refused."""
    for t in tokens(children):
        if t.type == terminal and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not understood here")
