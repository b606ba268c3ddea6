"""Noun phrase + its measures -> the sizes of a primitive (box, cylinder, sphere, hemisphere, cone).

Sizes come from the clause: ``120 x 50 x 15`` (X, Y, Z in the order written), ``120 mm (X) x …`` (by axis), named
dimensions (``30 mm long`` -> X, ``wide`` -> Y, ``tall``/``thick``/``high`` -> Z). A missing size is refused with
what to add; a size that fits two readings is refused rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_designer.planning.refusals import reject
from ai_designer.planning.sentences import Clause, Size

__all__ = ["BodySize", "body_size", "one_of", "BOX_KINDS", "ROUND_KINDS"]

BOX_KINDS = ("box", "cube", "plate", "bar")
ROUND_KINDS = ("cylinder", "sphere", "hemisphere", "cone")
_Z_DIMS = ("height", "thickness")


@dataclass(frozen=True)
class BodySize:
    """``kind`` and sizes in mm: a box ``(L, W, H)``; a cylinder ``(D, D, H)``; a sphere ``(D, D, D)`` (hemisphere
    ``(D, D, D/2)``); a cone ``(D, D, H)`` with ``top`` the top diameter."""

    kind: str
    dims: tuple[float, float, float]
    top: float = 0.0
    sides: int = 0


def one_of(clause: Clause, *dims: str) -> None:
    """Refuse two values for one size ("30 long … 40 tall" of a cylinder) — not final: the slot planner's
    conventions may read it ("a bar 300 long, 30 x 10": the pair is the section)."""
    found = clause.named(*dims)
    if len(found) > 1:
        said = ", ".join(f"{m.dim} {m.value:g}" for m in found)
        raise reject(f"two values for one size ({said})")


def _sizes(clause: Clause) -> list[Size]:
    return [*(clause.noun.sizes if clause.noun else []), *clause.sizes]


def _box_dims(clause: Clause) -> list[float | None]:
    dims: list[float | None] = [None, None, None]
    for s in _sizes(clause):
        if s.axes:
            for v, a in zip(s.values, s.axes, strict=True):
                dims[a] = v
        elif len(s.values) >= 2 and not any(d is not None for d in dims[:len(s.values)]):
            dims[:len(s.values)] = list(s.values)
        elif len(s.values) >= 2:
            raise reject("the box is given its sizes twice")
        else:
            raise reject(f"'{s.values[0]:g} mm' alone does not say which size of the box it is (write e.g. "
                         "'120 x 50 x 15 mm' or '120 mm long, 50 mm wide, 15 mm tall')")
    named = {"length": 0, "width": 1, "height": 2, "thickness": 2}
    for m in [*clause.measures, *(clause.noun.measures if clause.noun else [])]:
        if m.dim not in named:
            raise reject(f"a box has no '{m.dim}' (give length, width and height)")
        if dims[named[m.dim]] is not None:
            raise reject(f"the box's {m.dim} is given twice")
        dims[named[m.dim]] = m.value
    return dims


def _box(clause: Clause, kind: str) -> BodySize:
    if kind == "cube":
        sizes = _sizes(clause)
        named = clause.named("length", "width", "height", "thickness")
        if len(sizes) + len(named) > 1 or any(len(s.values) > 1 for s in sizes):
            raise reject("a cube has one size; this one is given several")
        edge = sizes[0].values[0] if sizes else (named[0].value if named else None)
        if edge is None:
            raise reject("the cube's edge length is not given (say e.g. 'a 50 mm cube')")
        return BodySize("box", (edge, edge, edge))
    dims = _box_dims(clause)
    missing = [n for n, v in zip(("length", "width", "height"), dims, strict=True) if v is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise reject(f"the {kind}'s {_and_list(missing)} {verb} not given (say e.g. 'a 120 x 50 x 15 mm {kind}')")
    return BodySize("box", (dims[0], dims[1], dims[2]))  # type: ignore[arg-type]


def _diameter(clause: Clause, assumptions: list[str], kind: str) -> float:
    d = clause.measure("diameter", "bottom_diameter")
    r = clause.measure("radius", "bottom_radius")
    if d is None and r is not None:
        d = 2 * r
    sizes = [s for s in _sizes(clause) if len(s.values) == 1]
    if d is None and len(sizes) == 1:
        d = sizes[0].values[0]
        assumptions.append(f"{kind}: {d:g} mm read as the diameter")
    elif sizes and d is not None and kind not in ("sphere", "hemisphere"):
        raise reject(f"'{sizes[0].values[0]:g} mm' next to the {kind} does not say which size it is")
    if d is None:
        raise reject(f"the {kind}'s diameter is not given (say e.g. '40 mm in diameter')")
    return d


def _round(clause: Clause, kind: str, assumptions: list[str], through: float | None) -> BodySize:
    if any(len(s.values) > 1 for s in _sizes(clause)):
        raise reject(f"'{' x '.join(f'{v:g}' for v in _sizes(clause)[0].values)}' for a {kind}: say which is the "
                        "diameter and which the height")
    one_of(clause, "diameter", "radius", "bottom_diameter", "bottom_radius")
    one_of(clause, "height", "length", "thickness", "depth")
    one_of(clause, "top_diameter", "top_radius")
    if kind in ("sphere", "hemisphere") and clause.named("height", "length", "thickness", "depth", "width"):
        raise reject(f"a {kind} is sized by its diameter only")
    if kind != "cone" and clause.named("top_diameter", "top_radius", "bottom_diameter", "bottom_radius", "width"):
        raise reject(f"a {kind} has no top/bottom diameter or width")
    d = _diameter(clause, assumptions, kind)
    if kind == "sphere":
        return BodySize("sphere", (d, d, d))
    if kind == "hemisphere":
        return BodySize("hemisphere", (d, d, d / 2))
    h = clause.measure("height", "length", "thickness", "depth")
    if h is None and through is not None and kind == "cylinder":
        h = through
    if h is None:
        raise reject(f"the {kind}'s height is not given (say e.g. '30 mm tall')")
    if kind == "cone":
        top_r = clause.measure("top_radius")
        top = clause.measure("top_diameter") or (2 * top_r if top_r else 0.0)
        if not top and clause.noun is not None and clause.noun.word.split()[-1:] in (["pin"], ["rod"], ["shaft"]):
            raise reject(f"a {clause.noun.word} has a small end: give its diameter (e.g. 'a {clause.noun.word} 10 mm "
                         "to 6 mm over 40 mm'); built as a cone it came to a sharp point")
        if not top:
            assumptions.append("cone: tapers to a point (no top diameter given)")
        return BodySize("cone", (d, d, h), top)
    return BodySize("cylinder", (d, d, h))


def _prism(clause: Clause, sides: int) -> BodySize:
    """A regular prism standing on Z: across flats (``19 mm hex`` means across flats) and its length."""
    one_of(clause, "height", "length", "thickness")
    sizes = [s.values for s in _sizes(clause)]
    af = clause.measure("af")
    if len(sizes) > 1 or any(len(v) > 1 for v in sizes) or clause.named("ac", "diameter", "radius", "width"):
        raise reject("give the prism's size across flats and its length (e.g. 'hexagon 10 mm across flats, 20 long')")
    if sizes and af is not None and abs(sizes[0][0] - af) > 1e-9:
        raise reject(f"the hexagon is {sizes[0][0]:g} mm but {af:g} mm across flats")
    af = af if af is not None else (sizes[0][0] if sizes else None)
    h = clause.measure("height", "length", "thickness")
    if af is None or h is None:
        raise reject("the prism's size across flats and its length are not both given")
    return BodySize("prism", (af, af, h), sides=sides)


def body_size(clause: Clause, assumptions: list[str], through: float | None = None) -> BodySize:
    """The primitive a create/join/cut clause names, with its sizes (``through``: the height of a cylinder cut
    through the whole part, when its own is not given)."""
    kind = clause.noun.kind if clause.noun else ""
    if kind == "bar" and clause.named("diameter", "radius"):
        return _round(clause, "cylinder", assumptions, through)  # "a Ø25 bar, 60 long": round bar stock
    if kind in BOX_KINDS:
        return _box(clause, kind)
    if kind in ROUND_KINDS:
        return _round(clause, kind, assumptions, through)
    if kind.startswith("prism"):
        return _prism(clause, int(kind[5:]))
    raise reject(f"'{kind}' is not a body the grammar planner builds")


def _and_list(words: list[str]) -> str:
    """'length', 'length and width', 'length, width and height'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
