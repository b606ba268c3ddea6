"""Revolve, loft and sweep clauses -> plan operations (``revolve``, ``torus``, ``loft``, ``sweep``).

Each makes the first body of the part (a revolve/loft/sweep joined onto a part that already exists would need a
position the words rarely give, so it is refused). Words that only confirm what the operation does anyway ("flat
ends", "kept square to the path", "coaxial") arrive as ``Loc("fact")`` terms; each is checked against the operation
it is said of and refused when it is not true of it, so nothing is dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import product

from ai_designer.planning.build import Build
from ai_designer.planning.compose_sweep_words import (
    EXTRA_FACTS,
    carry_goals,
    check_name,
    check_sweep_words,
    turned_section,
)
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    ArcPath,
    Circle,
    Loft,
    LoftSection,
    Placement,
    PolylinePath,
    Rectangle,
    Sweep,
)

__all__ = ["SWEEP_ACTIONS", "merge_facts", "turn_to", "first_body", "facts_of", "circle_diameter", "two_sides", "rotation"]

#: facts each operation makes true by construction
_TRUE_OF = {
    "revolve": {"flat_ends", "solid", "upright"},
    "loft": {"flat_ends", "solid", "coaxial", "long_sides_parallel", "axis_aligned"},
    "sweep": {"flat_ends", "solid", "square_to_path", "centred_on_path", "planar_path", "mitred_corners"},
}
_AXIS = "XYZ"


def first_body(b: Build, what: str) -> None:
    if b.current is not None:
        raise reject(f"a {what} joined onto a part that already exists is not built offline (only as the first body)")
    if b.sketch is not None and what != "revolve":
        raise reject("the sketch before it is never used")


def facts_of(kind: str, locs: list[Loc]) -> set[str]:
    facts = {loc.face or "" for loc in locs if loc.kind == "fact"}
    wrong = facts - _TRUE_OF[kind] - EXTRA_FACTS[kind]
    if wrong:
        raise reject(f"'{', '.join(sorted(wrong)).replace('_', ' ')}' is not something a {kind} is built with")
    return facts


def rotation(rx: float, ry: float, rz: float) -> list[list[float]]:
    """``Rz @ Ry @ Rx`` (the plan's placement convention: about X, then Y, then Z, fixed axes)."""
    a, b, c = (math.radians(v) for v in (rx, ry, rz))
    ca, sa, cb, sb, cc, sc = math.cos(a), math.sin(a), math.cos(b), math.sin(b), math.cos(c), math.sin(c)
    return [[cc * cb, cc * sb * sa - sc * ca, cc * sb * ca + sc * sa],
            [sc * cb, sc * sb * sa + cc * ca, sc * sb * ca - cc * sa],
            [-sb, cb * sa, cb * ca]]


def turn_to(axial: int, radial: int) -> tuple[float, float, float]:
    """The placement rotation taking local Z to ``axial`` and local X to ``radial`` (model axes, + directions)."""
    for rx, ry, rz in product((0.0, 90.0, 180.0, 270.0), repeat=3):
        m = rotation(rx, ry, rz)
        if abs(m[axial][2] - 1) < 1e-9 and abs(m[radial][0] - 1) < 1e-9:
            return rx, ry, rz
    raise AssertionError("every pair of distinct axes has a turn")  # pragma: no cover


# ---- profiles ---------------------------------------------------------------------------------------------------
def _numbers(c: Clause) -> list[float]:
    return [v for s in [*(c.noun.sizes if c.noun else []), *c.sizes] for v in s.values]


def circle_diameter(c: Clause) -> float:
    d, r, sizes = c.measure("diameter"), c.measure("radius"), _numbers(c)
    stated = [v for v in (d, 2 * r if r else None, sizes[0] if len(sizes) == 1 else None) if v is not None]
    if len(stated) != 1 or len(sizes) > 1:
        raise reject("the circle's diameter is not given once (say e.g. 'a Ø40 circle')")
    return stated[0]


def two_sides(c: Clause) -> tuple[float, float]:
    """A rectangle's two sides in the order written (a square: one size, or two equal)."""
    kind, sizes = (c.noun.kind if c.noun else ""), _numbers(c)
    if kind == "square" and len(sizes) == 1:
        return sizes[0], sizes[0]
    if len(sizes) != 2 or c.named("length", "width", "height"):
        raise reject(f"the {kind}'s two sides are not given (say e.g. 'a 60 x 40 rectangle')")
    if kind == "square" and sizes[0] != sizes[1]:
        raise ambiguous(f"a 'square' of {sizes[0]:g} x {sizes[1]:g}")
    return sizes[0], sizes[1]


def _section_profile(c: Clause, long_parallel: bool) -> Circle | Rectangle:
    kind = c.noun.kind if c.noun else ""
    if kind == "circle":
        return Circle(diameter=circle_diameter(c))
    if kind in ("rectangle", "square"):
        a, w = two_sides(c)
        return Rectangle(length=max(a, w), width=min(a, w)) if long_parallel else Rectangle(length=a, width=w)
    raise reject(f"a loft section that is a {kind or 'profile'} is not built offline (circles and rectangles are)")


# ---- loft -------------------------------------------------------------------------------------------------------
def _heights(sections: list[Clause], notes: list[str]) -> list[float]:
    zs: list[float] = []
    for i, sec in enumerate(sections):
        at = [loc.value for loc in sec.locs if loc.kind == "section_z"]
        above = [loc.value for loc in sec.locs if loc.kind == "section_above"]
        if len(at) + len(above) > 1:
            raise ambiguous("a loft section's height is given twice")
        if at:
            zs.append(float(at[0] or 0.0))
        elif above and zs:
            zs.append(zs[-1] + float(above[0] or 0.0))
        elif i == 0 and not above:
            zs.append(0.0)
            notes.append("loft: first section at z = 0 (not stated)")
        else:
            raise reject("the loft's sections are not given their heights (say e.g. 'at Z = 40' or '50 mm above it')")
    if any(b <= a for a, b in zip(zs, zs[1:], strict=False)):
        raise reject("the loft's sections must rise from the first to the last")
    return zs


def _loft(b: Build, clause: Clause) -> None:
    first_body(b, "loft")
    check_name(clause)
    if clause.has("ring"):
        raise reject("a loft said to make part of a ring")
    facts = facts_of("loft", clause.locs)
    plain = [_section_profile(sec, "long_sides_parallel" in facts) for sec in clause.parts]
    profiles = [turned_section(p, sec, facts, i == 0, b.assumptions)
                for i, (p, sec) in enumerate(zip(plain, clause.parts, strict=True))]
    rects = [p for p in profiles if isinstance(p, Rectangle) and p.length != p.width]
    if len(rects) > 1 and "long_sides_parallel" not in facts:
        raise ambiguous("how the rectangles of the loft are turned to each other is not given (say e.g. 'long sides "
                        "parallel')")
    zs = _heights(clause.parts, b.assumptions)
    sections = [LoftSection(profile=p, z=z) for p, z in zip(profiles, zs, strict=True)]
    if "sides_parallel" in facts and any(isinstance(p, Circle) for p in profiles):
        raise ambiguous("'sides parallel' of a loft with a round section")
    b.add(Loft(id=b.new_id("loft"), sections=sections, ruled=clause.has("ruled")))


# ---- sweep ------------------------------------------------------------------------------------------------------
def _sweep_profile(c: Clause, arc: bool, notes: list[str]) -> Circle | Rectangle:
    kind = c.noun.kind if c.noun else ""
    sides = {loc.face: loc.value for loc in c.locs if loc.kind == "profile_side"}
    if kind == "circle" and not sides:
        return Circle(diameter=circle_diameter(c))
    if kind in ("rectangle", "square") and sides:
        if set(sides) != {"radial", "height"} or not arc or _numbers(c):
            raise reject("a rectangle swept along an arc takes its side measured radially and its height")
        return Rectangle(length=float(sides["radial"] or 0), width=float(sides["height"] or 0))
    if kind in ("rectangle", "square"):
        a, w = two_sides(c)
        free = any(loc.kind == "path_line" and loc.face == "free" for loc in c.locs)
        if a != w and not free:
            raise ambiguous("how a rectangle that is not square is turned along the path is not given")
        if a != w:
            notes.append(f"sweep: the straight path along +Z, the rectangle's {a:g} side along X (not stated)")
        return Rectangle(length=a, width=w)
    raise reject(f"sweeping a {kind or 'profile'} is not built offline (circles, squares and rectangles are)")


def _poly_points(loc: Loc) -> list[tuple[float, float, float]]:
    """"60 mm along X, then turns 90° and goes 40 mm along Y": corners from the origin, each turn checked."""
    segs = [(loc.values[i], int(loc.values[i + 1])) for i in range(0, len(loc.values), 2)]
    if any(t != 90 for t in loc.axes) or any(a == b for (_, a), (_, b) in zip(segs, segs[1:], strict=False)):
        raise reject("a path turn that is not a right angle between two named axes")
    points = [(0.0, 0.0, 0.0)]
    for length, axis in segs:
        p = list(points[-1])
        p[axis] += length
        points.append((p[0], p[1], p[2]))
    return points


def _path(b: Build, clause: Clause, facts: set[str]) -> tuple[ArcPath | PolylinePath, Placement]:
    paths = [loc for loc in clause.locs if loc.kind.startswith("path_")]
    if len(paths) != 1:
        raise reject("the sweep's path is not given once")
    loc, turn = paths[0], Placement()
    planes = [lc.face for lc in clause.locs if lc.kind == "arc_plane"]
    if loc.kind == "path_arc":
        rotate = {"xz": (0.0, 0.0, 0.0), "xy": (90.0, 0.0, 0.0), "yz": (0.0, 0.0, 90.0)}
        turn = Placement(rotate=rotate[planes[0] or "xz"]) if planes else turn
        return ArcPath(radius=float(loc.value or 0), angle=loc.values[0]), turn
    if planes or "planar_path" in facts and loc.kind != "path_poly":
        raise reject("the plane of a path that is not an arc")
    if loc.kind == "path_line":
        return PolylinePath(points=[loc.values[:3], loc.values[3:]]), turn  # type: ignore[list-item]
    if "mitred_corners" not in facts:
        b.assumptions.append("sweep: sharp (mitred) corners at the turns (not stated)")
    return PolylinePath(points=_poly_points(loc), corners="right"), turn


def _sweep(b: Build, clause: Clause) -> None:
    first_body(b, "sweep")
    check_name(clause)
    facts = facts_of("sweep", clause.locs)
    path, placement = _path(b, clause, facts)
    if "mitred_corners" in facts and not (isinstance(path, PolylinePath) and len(path.points) > 2):
        raise reject("a mitred corner on a path that does not turn")
    profile = _sweep_profile(clause, isinstance(path, ArcPath), b.assumptions)
    check_sweep_words(clause.locs, facts, profile, path)
    b.add(Sweep(id=b.new_id("sweep"), profile=profile, path=path, placement=placement))


def merge_facts(clauses: list[Clause]) -> list[Clause]:
    """Facts said after a loft/sweep/revolve ("… long sides parallel.", "Flat ends.") belong to it: they are
    checked with it, and may decide how it is built (the loft's rectangles, the arc's plane)."""
    out: list[Clause] = []
    for c in carry_goals(clauses):
        if c.action == "facts" and out and out[-1].action in _TRUE_OF:
            out[-1].locs.extend(c.locs)
        else:
            out.append(c)
    return out


def _stray_facts(b: Build, clause: Clause) -> None:
    raise reject("words about a loft, sweep or revolve with none before them")


SWEEP_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"loft": _loft, "sweep": _sweep, "facts": _stray_facts}
