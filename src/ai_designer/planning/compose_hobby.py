"""Hobbyist phrasings resolved before composition: sizes said of "it" in a clause of their own ("make it 3 mm
thick"), and a box given by its three sizes whose walls and floor follow ("a small box, 60 x 40 x 30, open top,
walls 2 mm, floor 1.5 mm": those sizes are the tray's outside, which the tray records as an assumption).

A size said of "it" goes to the one body made before it, only when that body does not have that size yet: a plate
given as "80 by 40" takes a thickness, a plate given "80 x 40 x 3" does not (two readings are refused).
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc

__all__ = ["merge_said_it", "box_as_tray"]

# the sizes a two-number size ("80 by 40") leaves open: how thick / tall it is
_THIRD = ("thickness", "height", "depth")
_THREE_TO_TRAY = ("box", "tray")
_ALL = ("length", "width", "height", "thickness", "depth", "diameter", "radius")


def _given(target: Clause, dim: str) -> bool:
    """Whether the body already has ``dim``: named, or a size that covers it."""
    noun = target.noun
    assert noun is not None
    if target.named(dim):
        return True
    if dim in _THIRD and target.named(*_THIRD):
        return True
    sizes = [*noun.sizes, *target.sizes]
    if any(len(s.values) >= 3 for s in sizes):
        return True
    return any(len(s.values) == 2 for s in sizes) and dim not in _THIRD


def merge_said_it(clauses: list[Clause]) -> list[Clause]:
    """Each ``said_it`` clause given to the body made just before it (the first clause of the prompt)."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action != "said_it":
            out.append(clause)
            continue
        bodies = [i for i, c in enumerate(out) if c.action in ("create", "join", "cut") and c.noun is not None]
        if not out or not bodies or bodies != [0] or out[0].action != "create":
            raise ambiguous("'make it …' needs the one body made before it (describe the part first)")
        target = out[0]
        if clause.sizes and (target.noun is None or target.noun.sizes or target.sizes or target.named(*_ALL)):
            raise ambiguous("the part's sizes are given twice (a sentence of sizes after the sizes)")
        dims = ["third" if m.dim in _THIRD else m.dim for m in clause.measures]
        for m in clause.measures:
            if _given(target, m.dim) or dims.count("third" if m.dim in _THIRD else m.dim) > 1:
                raise ambiguous(f"the part's {m.dim} is given twice ('make it …' after the sizes)")
        noun = target.noun
        assert noun is not None
        out[0] = replace(target, noun=replace(noun, measures=[*noun.measures, *clause.measures],
                                                    sizes=[*noun.sizes, *clause.sizes]))
    return out


def box_as_tray(clauses: list[Clause]) -> list[Clause]:
    """"a box, 60 x 40 x 30, open top, walls 2 mm": a box with only its three sizes, followed by what a tray says,
    is that tray's outside size (anything else said of the box keeps it a box, and the tray words are refused)."""
    if len(clauses) < 2 or clauses[0].action != "create" or clauses[1].action != "tray":
        return clauses
    first = clauses[0]
    noun = first.noun
    if noun is None or noun.kind not in _THREE_TO_TRAY or noun.measures or first.measures or first.locs:
        return clauses
    sizes = [*noun.sizes, *first.sizes]
    if len(sizes) != 1 or len(sizes[0].values) != 3 or noun.count != 1:
        return clauses
    return [Clause("tray", locs=[Loc("outside", values=sizes[0].values)]), *clauses[1:]]
