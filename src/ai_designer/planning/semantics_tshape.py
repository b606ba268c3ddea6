"""Semantic functions of the T-shape rules of the ``shapes`` block of ``grammar.lark``.

A T of two bars in one plane is said by its name ("T shape seen from above", "T bracket out of 1/4" flat bar, all in
one plane", "Make a T out of two flat bars, both 10 mm thick"), its crossbar ("a bar 120 long, 20 wide and 20 high
along X", "crossbar 4" long by 1" wide", "The top bar of the T is 80 mm long and 15 mm wide") and its stem ("a second
bar of the same 20 x 20 section sticking straight out 80 mm from the middle of one of its long sides", "a stem 1" wide
coming off the middle of one long edge, sticking out 3" from that edge", "The stem is 15 mm wide and hangs 60 mm down
from the middle of the top bar's lower edge"). Each sentence becomes a ``shp_t`` clause of ``Loc`` facts (``t_head``,
``t_thick``, ``t_len``, ``t_width``, ``t_stem_width``, ``t_stem_section``, ``t_reach``, ``t_mid``, ``t_plane``) that
``compose_tshape`` gathers and checks. The rules match loose words, so each is checked here.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Measure, Size

__all__ = ["TShapeSemantics"]

_CROSS = {"length": "t_len", "width": "t_width", "height": "t_thick", "thickness": "t_thick"}


def _texts(children: list[Any], *types: str) -> list[str]:
    return [str(t.value.text).lower() for t in tokens(children) if t.type in types]


def _only(children: list[Any], kind: str, allowed: tuple[str, ...]) -> None:
    for w in _texts(children, kind):
        if w not in allowed:
            raise reject(f"'{w}' in a T-shape's description is not read offline")


def _locs(children: list[Any]) -> list[Loc]:
    return [x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Loc)]


def _measures(children: list[Any]) -> list[Measure]:
    return [x for c in children for x in (c if isinstance(c, list) else [c]) if isinstance(x, Measure)]


class TShapeSemantics:
    """One method per rule; each reads its own children."""

    def shp_t_name(self, children: list[Any]) -> list[Loc]:
        """"T shape seen from above", "T bracket out of 1/4" flat bar", "a T out of two flat bars"."""
        _only(children, "IGN", ("bracket", "out", "piece"))
        _only(children, "SHAPE_BAR", ("bar", "flat bar", "bar stock", "bars", "flat bars"))
        _only(children, "W_MAKE", ("make",))
        nums = [t.value.values[0] for t in tokens(children) if t.type == "NUM"]
        if nums not in ([], [2]):
            raise reject("a T of other than two bars")
        seen = any(t.type == "W_SEEN" for t in tokens(children))
        sizes = [c.values[0] for c in children if isinstance(c, Size)]
        out = [Loc("t_head"), *(Loc("t_thick", value=s) for s in sizes), *_locs(children)]
        return [*out, Loc("t_plane")] if seen else out

    def shp_t_plane(self, children: list[Any]) -> Loc:
        """"all in one plane"."""
        _only(children, "MOD_EACH", ("all",))
        return Loc("t_plane")

    def shp_t_both(self, children: list[Any]) -> Loc:
        """"both 10 mm thick": the two bars' thickness."""
        _only(children, "IGN", ("both",))
        m = _measures(children)[0]
        if m.dim != "thickness":
            raise reject(f"'both … {m.dim}' of a T is not read offline")
        return Loc("t_thick", value=m.value)

    def shp_t_cross(self, children: list[Any]) -> Clause:
        """The crossbar: its length, width and (height or) thickness."""
        _only(children, "SHAPE_BAR", ("bar",))
        _only(children, "UNBUILT", ("crossbar", "cross bar"))
        _only(children, "FACE_TOP", ("top",))
        _only(children, "MOD_ALONG_X", ("along x", "along the x axis"))
        locs = []
        for m in _measures(children):
            if m.dim not in _CROSS:
                raise reject(f"a crossbar's {m.dim} is not read offline")
            locs.append(Loc(_CROSS[m.dim], value=m.value))
        return Clause("shp_t", locs=locs)

    def shp_t_meas(self, children: list[Any]) -> list[Measure]:
        return _measures(children)

    def shp_t_stem(self, children: list[Any]) -> Clause:
        """The stem: its width (or "the same 20 x 20 section" as the crossbar) and how far it reaches out."""
        _only(children, "W_STEM", ("stem",))
        _only(children, "SHAPE_BAR", ("bar",))
        _only(children, "IGN", ("same",))
        locs = _locs(children)
        for m in (c for c in children if isinstance(c, Measure)):
            if m.dim != "width":
                raise reject(f"a stem's {m.dim} is not read offline (its width and how far it sticks out)")
            locs.append(Loc("t_stem_width", value=m.value))
        locs += [Loc("t_stem_section", values=c.values) for c in children if isinstance(c, Size)]
        return Clause("shp_t", locs=locs)

    def shp_t_reach(self, children: list[Any]) -> list[Loc]:
        """"sticking (straight) out 80 mm from …", "hangs 60 mm down from …": how far the stem reaches."""
        verb = _texts(children, "UNBUILT", "UNK")[0]
        down = any(t.type == "W_DOWN" for t in tokens(children))
        if verb not in (("hangs", "hanging") if down else ("sticking", "sticks", "projecting", "protruding")):
            raise reject(f"'{verb}{' down' if down else ''}' of a T's stem is not read offline")
        _only(children, "IGN", ("out",))
        return [Loc("t_reach", value=next(c for c in children if isinstance(c, Size)).values[0]), *_locs(children)]

    def shp_t_off(self, children: list[Any]) -> list[Loc]:
        """"coming off the middle of one long edge"."""
        _only(children, "MOD_FROM", ("off",))
        return _locs(children)

    def shp_t_from(self, children: list[Any]) -> list[Loc]:
        """"from the middle of …", "from that edge" (the long edge said before), "(along Y)"."""
        _only(children, "EDGE_ALL", ("edge",))
        _only(children, "MOD_ALONG_Y", ("along y", "along the y axis"))
        return _locs(children)

    def shp_t_mid(self, children: list[Any]) -> Loc:
        """"the middle of one of its long sides", "… of one long edge", "… of the top bar's lower edge"."""
        _only(children, "SIDE_LONG", ("long side", "long edge", "long sides", "long edges"))
        _only(children, "EDGE_BOTTOM", ("lower edge",))
        if [t.value.values[0] for t in tokens(children) if t.type == "NUM"] not in ([], [1]):
            raise reject("the middle of more than one side")
        return Loc("t_mid")

    def shp_t_intro(self, children: list[Any]) -> Clause:
        head = next(c for c in children if isinstance(c, list))
        parts = [c for c in children if isinstance(c, Clause)]
        return Clause("shp_t", locs=[*head, *(loc for p in parts for loc in p.locs)])

    def shp_t_more(self, children: list[Any]) -> Clause:
        return next(c for c in children if isinstance(c, Clause))

    def shp_t_holes(self, children: list[Any]) -> Clause:
        """"Drill 1/4" holes: two in the crossbar, …, and one in the stem …, all on the centrelines"."""
        _only(children, "MOD_EACH", ("all",))
        d = next(c for c in children if isinstance(c, Size)).values[0]
        return Clause("shp_t", locs=[Loc("t_holes", value=d), *_locs(children)])

    def shp_t_cross_holes(self, children: list[Any]) -> Loc:
        """"two in the crossbar, 1/2" from each end": one near each end of the crossbar."""
        _only(children, "UNBUILT", ("crossbar", "cross bar"))
        if [t.value.values[0] for t in tokens(children) if t.type == "NUM"] != [2]:
            raise reject("holes 'from each end' of the crossbar are two")
        return Loc("t_cross_holes", value=next(c for c in children if isinstance(c, Size)).values[0])

    def shp_t_stem_hole(self, children: list[Any]) -> Loc:
        """"one in the stem 1/2" from its end": near the stem's free end."""
        if [t.value.values[0] for t in tokens(children) if t.type == "NUM"] != [1]:
            raise reject("holes in the stem 'from its end' are one")
        return Loc("t_stem_hole", value=next(c for c in children if isinstance(c, Size)).values[0])
