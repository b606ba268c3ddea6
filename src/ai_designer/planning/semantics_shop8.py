"""Semantic functions of the ``shop8`` block of ``grammar.lark``: hobbyist and machine-shop wording.

Each rule reads one way of saying a thing that writers of several blind sets used ("round spacer: 12 mm outside
diameter, 6.5 mm hole, 20 mm long", …) into the values the rest of the grammar already builds; where a word could mean
more than one thing, the function refuses and names it instead of guessing.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.descriptions import AFTER
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Size
from ai_designer.planning.terminals import get_ignorable

__all__ = ["Shop8AngleSemantics", "Shop8EdgeSemantics", "Shop8PostSemantics", "Shop8Semantics", "Shop8TraySemantics"]


def _sizes(children: list[Any]) -> list[float]:
    """The sizes among ``children``: read ones and sizes said with their unit (``LEN`` tokens, in millimetres)."""
    out = [v for c in children if isinstance(c, Size) for v in c.values]
    return out + [t.value.values[0] for t in tokens(children) if t.type == "LEN"]


class Shop8Semantics:
    """One method per rule of the block; each reads its own children."""

    def s8_bore(self, children: list[Any]) -> tuple[str, float]:
        """"6.5 mm hole" in a spacer's list is its bore: one hole ("6.5 mm holes" would say several)."""
        hole = next(t for t in tokens(children) if t.type == "FEAT_HOLE")
        if hole.value.text.endswith("s"):
            raise ambiguous(f"'{hole.value.text}' in a list of sizes: a spacer has one bore (say e.g. '6.5 mm bore')")
        return ("id", _sizes(children)[0])

    # ---- dividers in a tray -----------------------------------------------------------------------------------------
    def s8_divider(self, children: list[Any]) -> Clause:
        """The dividers' count, thickness and how they run; the words with no terminal of their own are checked."""
        words = [t for t in tokens(children) if t.type in ("UNK", "NUM", "ART", "W_ADD")]
        unk = [t.value.text.lower() for t in words if t.type == "UNK"]
        if not unk or unk[0] not in _DIVIDER or any(w not in _DIVIDER | _RUNS for w in unk[1:]):
            raise reject(f"'{' '.join(unk)}' is not read as a divider offline")
        count = next(t for t in words if t.type in ("NUM", "ART"))
        n = 1 if count.type == "ART" else count.value.values[0]
        thick = _sizes([c for c in children if not isinstance(c, (Loc, list))])
        if len(thick) != 1:
            raise ambiguous("a divider's thickness must be said once (e.g. 'a 2 mm divider')")
        if n != int(n) or n < 1 or (count.type == "ART" and unk[0].endswith("s")):
            raise ambiguous("how many dividers is not clear (say e.g. 'two dividers')")
        locs = [c for c in children if isinstance(c, Loc)]
        return Clause("s8_divider", locs=[Loc("dividers", value=float(n)), Loc("thick", value=thick[0]), *locs])

    def s8_div_middle(self, children: list[Any]) -> Loc:
        _only_text(children, "MOD_ALONG_Y", ("across the middle",))
        return Loc("middle")

    def s8_div_across(self, children: list[Any]) -> Loc:
        """"across the 80 mm width": the tray side the dividers span — the width its shorter one (checked)."""
        _only_text(children, "DIM_DIAMETER", ("across",))
        width = any(t.type == "DIM_WIDTH" for t in tokens(children))
        return Loc("span", value=_sizes(children)[0], face="short" if width else "long")

    def s8_div_parallel(self, children: list[Any]) -> Loc:
        """"parallel to the short 80 mm sides": they span that side, which must be the tray's shorter one."""
        short = any(t.type == "W_SHORT" for t in tokens(children))
        _only_text(children, "DIM_LENGTH", ("long",))
        return Loc("span", value=_sizes(children)[0], face="short" if short else "long")

    def s8_div_full(self, children: list[Any]) -> Loc:
        return Loc("full_height")

    def s8_div_split(self, children: list[Any]) -> Loc:
        """"splitting it into two equal compartments (along the length)": the compartments (checked: count + 1)."""
        toks = tokens(children)
        unk = [t.value.text.lower() for t in toks if t.type == "UNK"]
        ign = [t.value.text.lower() for t in toks if t.type == "IGN"]
        if unk[-1] not in _COMPARTMENTS or any(w not in _SPLITS for w in unk[:-1]) or \
                ign not in (["equal"], ["so", "equal"]):
            raise reject(f"'{' '.join(t.value.text for t in toks)}' is not read as equal compartments offline")
        _only_text(children, "UNBUILT", ("split",))
        _only_text(children, "MOD_ALONG_X", ("along the length",))
        n = next(t for t in toks if t.type == "NUM").value.values[0]
        along = any(t.type == "MOD_ALONG_X" for t in toks)
        return Loc("compartments", value=float(n), face="length" if along else None)


_DIVIDER = {"divider", "dividers"}
_RUNS = {"run", "runs", "running"}
_SPLITS = {"splitting", "dividing", "split"}
_COMPARTMENTS = {"compartments", "sections", "pockets", "bays"}


def _only_text(children: list[Any], kind: str, allowed: tuple[str, ...]) -> None:
    """A terminal that stands for several words is read here only as one of ``allowed``."""
    for t in tokens(children):
        if t.type == kind and t.value.text.lower() not in allowed:
            raise reject(f"'{t.value.text}' is not read here offline")


class Shop8TraySemantics:
    """Trays: the walls and the floor said together."""

    def s8_walls_floor_open(self, children: list[Any]) -> list[Loc]:
        """"2 mm walls and a 3 mm floor, open top"; "2 mm walls and floor, open top": the one size is both."""
        _only_text(children, "DIM_WALL", ("walls", "wall", "side walls"))
        _only_text(children, "DIM_FLOOR", ("floor", "bottom"))
        sizes = _sizes([c for c in children if not isinstance(c, Loc)])
        opened = [c for c in children if isinstance(c, Loc)]
        return [Loc("wall", value=sizes[0]), Loc("floor", value=sizes[-1]), *opened]


class Shop8PostSemantics:
    """Screw posts in a tray's corners: ``Clause("s8_posts", locs=[post, corners?, on_floor | to_rim | …, inset,
    hole?])`` and, said in a sentence of its own, ``Clause("s8_post_holes", locs=[hole])``."""

    def s8_posts(self, children: list[Any]) -> Clause:
        return Clause("s8_posts", locs=[c for c in children if isinstance(c, Loc)])

    def s8_post_corners(self, children: list[Any]) -> Loc:
        _only_text(children, "EDGE_JUNCTION", ("inside corner",))
        _only_text(children, "POS_CORNERS", ("each corner", "corner", "corners"))
        _only_text(children, "IGN", ("there's", "there is", "stands", "sits"))
        return Loc("corners")

    def s8_post_inside(self, children: list[Any]) -> Loc:
        _only_text(children, "DIM_ID", ("inside",))
        return Loc("inside")

    def s8_post_np(self, children: list[Any]) -> Loc:
        """"a Ø7 screw post", "four round screw posts Ø7": how many (an article: one in each corner) and the size."""
        _only_text(children, "IGN", ("screw",))
        _only_text(children, "FEAT_BOSS", ("post", "posts"))
        count = next(t for t in tokens(children) if t.type in ("ART", "NUM"))
        if count.type == "ART" and count.value.text.lower() not in ("a", "an"):
            raise reject(f"'{count.value.text} post' is not read as a count offline")
        n = 1.0 if count.type == "ART" else float(count.value.values[0])
        return Loc("post", values=(n, _sizes(children)[0]))

    def s8_post_on_floor(self, children: list[Any]) -> Loc:
        _only_text(children, "W_STANDING", ("standing",))
        return Loc("on_floor")

    def s8_post_to_rim(self, children: list[Any]) -> Loc:
        _only_text(children, "EDGE_TOP_OUTER", ("top rim", "rim"))
        return Loc("height", face="to_rim")

    def s8_post_below_rim(self, children: list[Any]) -> Loc:
        _only_text(children, "FEAT_BOSS", ("post",))
        _only_text(children, "REL_UNDER", ("below", "under"))
        _only_text(children, "EDGE_TOP_OUTER", ("rim", "top rim"))
        return Loc("height", face="below_rim", value=_sizes(children)[0])

    def s8_post_tall(self, children: list[Any]) -> Loc:
        _only_text(children, "DIM_HEIGHT", ("tall", "high"))
        return Loc("height", face="tall", value=_sizes(children)[0])

    def s8_post_inset(self, children: list[Any]) -> Loc:
        """"its centre 5 mm in from both outside walls", "each post centre 6 mm in from both nearest inside walls"."""
        _only_text(children, "FEAT_BOSS", ("post",))
        _only_text(children, "IGN", ("both",))
        _only_text(children, "UNBUILT", ("nearest",))  # the two walls of its corner
        _only_text(children, "DIM_INSET", ("in from",))
        inside = any(t.type == "DIM_ID" for t in tokens(children))
        return Loc("inset", value=_sizes(children)[0], face="inside" if inside else "outside")

    def s8_post_item(self, children: list[Any]) -> Loc:
        """"each with a … hole", "each post has a … hole": the hole in every post."""
        _only_text(children, "FEAT_BOSS", ("post",))
        _only_text(children, "IGN", ("has", "gets"))
        return next(c for c in children if isinstance(c, Loc))

    def s8_post_hole(self, children: list[Any]) -> Loc:
        """"a Ø2.5 hole 10 mm deep from its top", "a 2.5 mm pilot hole 20 mm deep from the top": down from the post's
        top; "pilot" says the maker drives a screw into it later (listed under ``ignored``; the hole is as sized)."""
        _only_text(children, "UNBUILT", ("pilot",))
        _only_text(children, "FEAT_HOLE", ("hole",))
        for t in tokens(children):
            if t.type == "UNBUILT":
                t.value.slot = AFTER
        d, depth = _sizes(children)[:2]
        return Loc("hole", values=(d, depth))

    def s8_post_holes(self, children: list[Any]) -> Clause:
        _only_text(children, "FEAT_BOSS", ("post",))
        _only_text(children, "IGN", ("has", "gets"))
        return Clause("s8_post_holes", locs=[c for c in children if isinstance(c, Loc)])

    def s8_made_in(self, children: list[Any]) -> None:
        """"printing it in PETG": how it is made and the material (both listed under ``ignored`` by their words)."""
        how, material = (t.value.text.lower() for t in tokens(children) if t.type == "IGN")
        why = get_ignorable().why(material) or ""
        if how not in _MAKING or not why.startswith("names a material"):
            raise reject(f"'{how} it in {material}' is not read offline")

    def s8_open_for_lid(self, children: list[Any]) -> Loc:
        """"open top for a lid": open at the top; the lid is another part, so it is not modelled (``ignored``)."""
        _only_text(children, "MOD_OPEN", ("open top", "open", "open at the top"))
        _only_text(children, "MOD_CLEARANCE", ("for a", "for the"))
        _only_text(children, "UNBUILT", ("lid",))
        for t in tokens(children):
            if t.type == "UNBUILT":
                t.value.slot = AFTER
        return Loc("open", value=1.0)


_MAKING = {"printing", "print", "printed", "making", "make", "machining", "milling", "cutting"}


class Shop8EdgeSemantics:
    """A chamfer on the outside diameter at both ends of a round part, and the bore's edges said sharp after it."""

    def s8_od_chamfer(self, children: list[Any]) -> Clause:
        _only_text(children, "DIM_OD", ("od", "o.d", "outside diameter", "outer diameter", "o/d"))
        _only_text(children, "EDGE_ALL", ("edge", "edges"))
        _only_text(children, "EDGE_CIRCULAR", ("both ends", "each end"))
        _only_text(children, "IGN", ("both",))
        size = _sizes(children)
        return Clause("s8_od_chamfer", measures=[Measure("size", size[0])])

    def s8_bore_sharp(self, children: list[Any]) -> Clause:
        _only_text(children, "FEAT_HOLE", ("bore",))
        _only_text(children, "EDGE_ALL", ("edges",))
        return Clause("s8_bore_sharp")

    def s8_axis_hole(self, children: list[Any]) -> Clause:
        _only_text(children, "MOD_THROUGH", ("thru", "through"))
        _only_text(children, "W_CENTRELINE", ("cl", "centreline", "centerline", "center line", "centre line"))
        return Clause("s8_axis_hole", measures=[Measure("diameter", _sizes(children)[0])])


class Shop8AngleSemantics:
    """Angle stock: its sharp root said in brackets, and one hole through each leg."""

    def s8_cut_piece(self, children: list[Any]) -> None:
        """"Cut a piece of …": the stock that follows, cut to the length said."""
        _only_text(children, "W_CUT", ("cut",))
        _only_text(children, "IGN", ("piece", "length"))

    def s8_no_root(self, children: list[Any]) -> Loc:
        """"(no root radius)", "(NO ROOT OR TOE RADII)": the angle's corners are sharp, as it is built."""
        _only_text(children, "EDGE_JUNCTION", ("inside corner", "root"))
        _only_text(children, "EDIT_REMOVE", ("no",))
        _only_text(children, "IGN", ("or",))
        _only_text(children, "UNK", ("toe",))
        return Loc("no_radius", value=1.0)

    def s8_leg_holes(self, children: list[Any]) -> Clause:
        _only_text(children, "MOD_IN_EACH_LEG", ("in each leg", "each leg"))
        _only_text(children, "FEAT_HOLE", ("hole",))
        count = next(t for t in tokens(children) if t.type in ("NUM", "ART"))
        if count.type == "NUM" and count.value.values[0] != 1:
            raise reject("one hole through each leg is read offline (say where each further hole goes)")
        d = _sizes([c for c in children if not isinstance(c, Loc)])[0]
        return Clause("s8_leg_holes", measures=[Measure("diameter", d)],
                      locs=[c for c in children if isinstance(c, Loc)])

    def s8_leg_mid(self, children: list[Any]) -> Loc:
        _only_text(children, "POS_CENTER", ("centred", "centered"))
        _only_text(children, "DIM_LENGTH", ("length",))
        return Loc("mid_length", value=_sizes(children)[0])

    def s8_leg_heel(self, children: list[Any]) -> Loc:
        """"30 FROM THE HEEL (OUTSIDE CORNER)": the heel is said to be the outside corner (checked)."""
        _only_text(children, "UNK", ("heel",))
        _only_text(children, "DIM_OD", ("outside",))
        _only_text(children, "POS_CORNERS", ("corner",))
        return Loc("from_heel", value=_sizes(children)[0])

    def s8_on_end(self, children: list[Any]) -> None:
        """"standing on end": the way the hollow part is built (its length along Z) — nothing to add."""
        _only_text(children, "W_STANDING", ("standing",))
        _only_text(children, "W_END", ("end",))

    def s8_bore_for(self, children: list[Any]) -> tuple[str, float]:
        """"a 3.2 mm hole straight through for an M3 screw": the bore as sized; the screw must fit it as a clearance
        or a tap-drill hole (between 0.75 and 1.25 of its size), or the two sizes disagree and it is refused."""
        hole = next(t for t in tokens(children) if t.type == "FEAT_HOLE")
        if hole.value.text != "hole":
            raise ambiguous(f"'{hole.value.text}' in a list of sizes: a spacer has one bore")
        d = _sizes(children)[0]
        screw = next(c for c in children if isinstance(c, float))
        if not 0.75 * screw <= d <= 1.25 * screw:
            raise ambiguous(f"a {d:g} mm hole for an M{screw:g} screw: the sizes disagree")
        return ("id", d)

