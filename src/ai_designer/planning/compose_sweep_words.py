"""Checks and conversions for the "sweeps, round 2" words (``semantics_sweep_words.py``), used by
``compose_sweeps.py`` and ``compose_revolve.py``.

Every phrase these words add either becomes part of the operation (a profile's points given as radius and height, a
loft section turned about the axis, a pocket following a hexagonal part's outline) or says again what the operation
makes, and is checked against it here: "x being the distance from the Z axis" must name the profile's radial
coordinate and the revolve axis; "an L-shaped cross-section" must be the profile built; "so you get a square-section
90° bend" must be the swept profile and the arc; a name before the operation ("A bent rod:") may only use words
that are true of what is built. A phrase that is not true is refused, so a word is never dropped.
"""

from __future__ import annotations

import math

from ai_designer.planning.build import Build
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    ArcPath,
    Box,
    Circle,
    Pocket,
    Polygon,
    Prism,
    Rectangle,
    RegularPolygon,
)

__all__ = ["carry_goals", "radial_points", "check_meaning", "check_l_section", "turned_section", "check_sweep_words",
           "check_name", "outline_pocket", "EXTRA_FACTS"]

#: facts these words add, per operation (checked below, not true by construction)
EXTRA_FACTS = {"revolve": {"l_section"}, "loft": {"sides_parallel"}, "sweep": {"round_profile"}}
_OPS = ("revolve", "loft", "sweep")
_PLANE_AXES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}


def carry_goals(clauses: list[Clause]) -> list[Clause]:
    """"I want three quarters of a ring …" said before the operation: its terms go to the next revolve/loft/sweep."""
    out: list[Clause] = []
    waiting: list[Loc] = []
    for c in clauses:
        if c.action == "goal":
            waiting.extend(c.locs)
            continue
        if waiting and c.action in _OPS:
            c.locs.extend(waiting)
            waiting = []
        out.append(c)
    if waiting:
        raise reject("what the part should be is said, but no revolve, loft or sweep makes it")
    return out


# ---- revolve ----------------------------------------------------------------------------------------------------
def radial_points(b: Build, sketch: Clause, axis: int | None, angle: float) -> Clause:
    """Points given as (distance from axis, height): placed in the profile's plane, radius along its other axis
    (with no plane named, in the plane of the axis and the next model axis, +side — recorded)."""
    loc = next((lc for lc in sketch.locs if lc.kind == "vertices" and lc.face == "radial"), None)
    if loc is None:
        return sketch
    if axis is None:
        raise reject("the revolve axis is not given (say e.g. 'about the Z axis')")
    plane = next((lc.face for lc in sketch.locs if lc.kind == "plane"), None)
    if plane is not None and axis not in _PLANE_AXES[plane]:
        raise reject("the revolve axis does not lie in the profile's plane")
    radial = next(a for a in _PLANE_AXES[plane] if a != axis) if plane else {2: 0, 0: 1, 1: 2}[axis]
    if plane is None and angle < 360:
        b.assumptions.append(f"revolve: the profile drawn on the +{'XYZ'[radial]} side of the {'XYZ'[axis]} axis "
                             "(its plane is not stated)")
    more = [lc for lc in sketch.locs if lc.kind == "vertices" and lc is not loc]
    if any(lc.axes for lc in more):
        raise reject("the profile's points name their axes twice")
    values = loc.values + tuple(v for lc in more for v in lc.values)  # the list as written, radius first
    rest = [lc for lc in sketch.locs if lc.kind != "vertices"]
    return Clause(sketch.action, noun=sketch.noun, measures=sketch.measures, sizes=sketch.sizes,
                  locs=[*rest, Loc("vertices", axes=(radial, axis), values=values)])


def check_meaning(locs: list[Loc], axis: int, radial: int) -> None:
    """"x being the distance from the Z axis": that coordinate must be the radius, that axis the revolve axis."""
    for loc in locs:
        if loc.kind == "coord_meaning" and loc.axes != (radial, axis):
            coord, about = loc.axes
            raise ambiguous(f"'{'xyz'[coord]} is the distance from the {'XYZ'[about]} axis', but the profile turns "
                            f"about {'XYZ'[axis]} with its radius along {'XYZ'[radial]}")


def check_l_section(points: list[tuple[float, float]], facts: set[str]) -> None:
    """"with an L-shaped cross-section": six corners, every side along an axis, one inside corner."""
    if "l_section" not in facts:
        return
    n = len(points)
    straight = all(points[i][0] == points[i - 1][0] or points[i][1] == points[i - 1][1] for i in range(n))
    turns = [(points[i][0] - points[i - 1][0]) * (points[(i + 1) % n][1] - points[i][1])
             - (points[i][1] - points[i - 1][1]) * (points[(i + 1) % n][0] - points[i][0]) for i in range(n)]
    inside = min(sum(t > 0 for t in turns), sum(t < 0 for t in turns))
    if n != 6 or not straight or inside != 1:
        raise ambiguous("the profile's points do not draw an L-shaped cross-section")


# ---- loft -------------------------------------------------------------------------------------------------------
def turned_section(profile: Circle | Rectangle, sec: Clause, facts: set[str], first: bool,
                   notes: list[str]) -> Circle | Rectangle | Polygon:
    """"a 20 mm square … rotated 45 degrees relative to the bottom one": its corners turned about the loft's axis."""
    turn = sec.loc("section_turn")
    if turn is None:
        return profile
    if first or "sides_parallel" in facts or "long_sides_parallel" in facts:
        raise ambiguous("a loft section turned, with its sides also said to be parallel (or turned against itself)")
    if isinstance(profile, Circle):
        raise reject("a turned circle is the same circle: say which section is turned")
    a = math.radians(float(turn.value or 0))
    half = ((profile.length / 2, profile.width / 2), (-profile.length / 2, profile.width / 2),
            (-profile.length / 2, -profile.width / 2), (profile.length / 2, -profile.width / 2))
    notes.append(f"loft: section turned {float(turn.value or 0):g}° counter-clockwise seen from above (not stated)")
    return Polygon(points=[(x * math.cos(a) - y * math.sin(a), x * math.sin(a) + y * math.cos(a)) for x, y in half])


# ---- sweep ------------------------------------------------------------------------------------------------------
def check_sweep_words(locs: list[Loc], facts: set[str], profile: object, path: object) -> None:
    """"the rod's centreline" (a round profile), "so you get a square-section 90° bend" (profile and arc)."""
    rings = {float(loc.value or 0) * 360 for loc in locs if loc.kind == "ring"}
    if rings and not (isinstance(profile, Circle) and isinstance(path, ArcPath) and rings == {path.angle}):
        raise ambiguous("the fraction of a ring said is not the circle swept along that arc")
    if "round_profile" in facts and not isinstance(profile, Circle):
        raise ambiguous("a 'rod' swept from a profile that is not a circle")
    for loc in locs:
        if loc.kind != "result_bend":
            continue
        square = isinstance(profile, Rectangle) and profile.length == profile.width
        if (loc.face == "square") != square or (loc.face == "circle") != isinstance(profile, Circle):
            raise ambiguous(f"a {loc.face}-section bend from a profile that is not one")
        if not isinstance(path, ArcPath) or path.angle != loc.value:
            raise ambiguous(f"a {float(loc.value or 0):g}° bend from a path that is not that arc")


# ---- a name before the operation --------------------------------------------------------------------------------
_ANY = {"SHAPE_FRAME", "POS_CORNERS"}
_ANY_WORDS = {"piece", "part", "corner"}


def _name_fits(word: str, clause: Clause) -> bool:
    kind, _, text = word.partition(":")
    noun = clause.noun.kind if clause.noun else ""
    kinds = {"rectangle" if s.noun and s.noun.kind == "square" else s.noun.kind if s.noun else "" for s in clause.parts}
    paths = {loc.kind for loc in clause.locs if loc.kind.startswith("path_")}
    if kind in _ANY or text in _ANY_WORDS:
        return True
    if clause.action == "sweep":
        bent = bool(paths & {"path_arc", "path_poly"})
        return (kind in ("SHAPE_ROD", "SHAPE_CYLINDER") and noun == "circle"
                or kind == "SHAPE_BAR" and noun in ("square", "rectangle")
                or (kind == "W_BENT" or kind == "UNK" and text == "curved") and bent)
    if clause.action == "loft":
        return (kind == "SHAPE_CONE" and text == "frustum" and len(kinds) == 1
                or kind == "SHAPE_CONE" and kinds == {"circle"}
                or kind == "UNBUILT" and text == "pyramid" and kinds == {"rectangle"}
                or kind == "W_SQUARE" and all(s.noun and s.noun.kind == "square" for s in clause.parts))
    return False


def check_name(clause: Clause) -> None:
    """"A bent rod: sweep a circle … along an arc", "Frustum of a square pyramid by loft: …": each word of the name
    must be true of the operation (a rod is a swept circle, a bent one follows an arc)."""
    for loc in clause.locs:
        if loc.kind != "op_name":
            continue
        for word in (loc.face or "").split("|"):
            if word and not _name_fits(word, clause):
                raise reject(f"the name '{word.partition(':')[2]}' before the {clause.action} is not read offline")


# ---- offset outlines --------------------------------------------------------------------------------------------
def outline_pocket(b: Build, clause: Clause, offset_pocket: object) -> None:
    """A pocket following the part's outline, offset inward: a block's (the ``offset_pocket`` action) or a regular
    prism's (the same polygon, across flats smaller by twice the offset)."""
    current = next((op for op in b.ops if op.id == b.current), None)
    offset = -float(next(loc.value or 0 for loc in clause.locs if loc.kind == "outline_offset"))
    sides = {int(loc.value or 0) for loc in clause.locs if loc.kind == "pocket_sides"}
    said = clause.loc("pocket_said")
    if isinstance(current, Box):
        if sides - {4} or (said is not None and said.face == "DIM_AF"):
            raise ambiguous("a pocket that follows a block's outline is not that polygon")
        inner = sorted((current.length - 2 * offset, current.width - 2 * offset))
        if said is not None and said.value != inner[said.face == "DIM_LENGTH"]:
            raise ambiguous(f"the pocket said to be {float(said.value or 0):g} is not the outline {offset:g} mm in")
        offset_pocket(b, Clause("offset_pocket", measures=clause.measures, locs=clause.locs))  # type: ignore[operator]
        return
    if not isinstance(current, Prism) or current.across_flats is None or current.placement.rotate != (0, 0, 0):
        raise reject("a pocket following the part's outline is built offline in a plain block or an upright prism")
    if sides - {current.sides}:
        raise ambiguous(f"a pocket of {sides.pop()} sides following a {current.sides}-sided outline")
    af = current.across_flats - 2 * offset
    if af <= 0 or (said is not None and (said.face != "DIM_AF" or abs(float(said.value or 0) - af) > 1e-9)):
        raise ambiguous(f"the pocket inside the outline is {af:g} across the flats, not as said")
    face = next(loc.face for loc in clause.locs if loc.kind == "face")
    depth = float(clause.measure("depth") or 0)
    if face not in ("top", "bottom") or depth >= current.height:
        raise reject("a pocket following a prism's outline goes into its top or bottom, less deep than the prism")
    b.add(Pocket(id=b.new_id("pocket"), target=b.current, face=face,  # type: ignore[arg-type]
                 profile=RegularPolygon(sides=current.sides, across_flats=af), depth=depth))

