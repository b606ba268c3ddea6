"""Semantic functions of the ``shop8`` block of ``grammar.lark``: hobbyist and machine-shop wording.

Each rule reads one way of saying a thing that writers of several blind sets used ("round spacer: 12 mm outside
diameter, 6.5 mm hole, 20 mm long", …) into the values the rest of the grammar already builds; where a word could mean
more than one thing, the function refuses and names it instead of guessing.
"""

from __future__ import annotations

from typing import Any

from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.semantics_locs import tokens
from ai_designer.planning.sentences import Clause, Loc, Size

__all__ = ["Shop8Semantics", "Shop8TraySemantics"]


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
        count = next((t for t in words if t.type in ("NUM", "ART")))
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
        """"across the 80 mm width": the tray side the dividers span (checked against the tray)."""
        _only_text(children, "DIM_DIAMETER", ("across",))
        return Loc("span", value=_sizes(children)[0])

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
    """Trays: one size said for the walls and the floor."""

    def s8_walls_and_floor(self, children: list[Any]) -> list[Loc]:
        """"2 mm walls and floor": the same thickness for both (the words are checked)."""
        _only_text(children, "DIM_WALL", ("walls", "wall", "side walls"))
        _only_text(children, "DIM_FLOOR", ("floor", "bottom"))
        size = _sizes(children)[0]
        return [Loc("wall", value=size), Loc("floor", value=size)]
