"""Holes not drilled from the top, composed: a cross hole that names no direction, on a part that is round about one
upright axis ("2x Ø8 CROSS HOLES THRU BOTH WALLS" of a tube), and the facts said of such holes.

Why a direction may be picked here: every direction across the axis of a part that is round about that axis (only
coaxial cylinders, tubes and cones, edge finishes, and holes down the axis) gives the same part, so drilling along X
is not a guess — it is stated. On any other part the cross hole is left to the step rules, which refuse it.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import FACE_UV, Build, cut_face, single_size
from ai_designer.planning.cuts_compose import cut
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc, Measure
from ai_designer.schemas.task_graph import Chamfer, Cone, Cylinder, Fillet, Hole, Tube

__all__ = ["SIDEHOLE_ACTIONS", "mark_cross"]

_ROUND = (Cylinder, Tube, Cone)


def _is_hole(clause: Clause) -> bool:
    return clause.action == "cut" and clause.noun is not None and clause.noun.kind == "hole"


def _same_way(clause: Clause) -> Clause:
    """"hole axes parallel (same side)": the holes of one clause are one hole operation into one face, so they run
    one way and enter from the same side; said of anything else it is refused."""
    if not clause.has("same_way"):
        return clause
    if not _is_hole(clause) or clause.noun is None or clause.noun.count < 2:
        raise ambiguous("'hole axes parallel' is said of holes only, and of more than one")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "same_way"])


def mark_cross(clauses: list[Clause]) -> list[Clause]:
    """A pass before the step rules: a side hole with no direction and no face becomes a ``cross_hole`` (its
    direction is picked when composed, on a round part only); "through both walls" after it is checked as a
    crossing of the round hollow."""
    out: list[Clause] = []
    for clause in clauses:
        clause = _same_way(clause)
        cross = _is_hole(clause) and (clause.has("side") or clause.has("across_axis")) \
            and not clause.has("direction_axis") and not any(loc.kind == "face" for loc in clause.locs)
        through = clause.loc("through")
        if _is_hole(clause) and (clause.has("centre_thick") or (through is not None and through.value is not None
                                 and not any(loc.kind in ("face", "direction_axis", "side") for loc in clause.locs))):
            clause = replace(clause, action="side_hole")
        elif _is_hole(clause) and clause.has("one_wall"):
            clause = replace(clause, action="wall_hole")
        elif cross:  # "side" is read here, so the step rules do not refuse it
            clause = replace(clause, action="cross_hole",
                             locs=[Loc("cross") if loc.kind in ("side", "across_axis") else loc for loc in clause.locs])
        elif clause.action == "walls_check" and out and out[-1].action == "cross_hole":
            out[-1] = replace(out[-1], locs=[*out[-1].locs, Loc("both_walls")])  # checked on each hole it makes
            continue
        out.append(clause)
    return out


def _round_axis_z(b: Build) -> bool:
    """The part so far is round about the Z axis: coaxial upright round bodies, edge finishes, holes down the axis."""
    if not b.ops or not isinstance(b.ops[0], _ROUND):
        return False
    for op in b.ops:
        if isinstance(op, _ROUND):
            if op.placement.rotate != (0.0, 0.0, 0.0) or abs(op.placement.at[0]) + abs(op.placement.at[1]) > 1e-9:
                return False
        elif isinstance(op, Hole):
            if op.face not in ("top", "bottom") or any(abs(u) + abs(v) > 1e-9 for u, v in op.at.resolve()):
                return False
        elif not isinstance(op, (Chamfer, Fillet)):
            return False
    return True


def _cross_hole(b: Build, clause: Clause) -> None:
    """Drill the cross hole along X across the part's upright axis (stated), or refuse as a side hole with no face.
    "12 from each end" of two holes: one 12 from the bottom, one 12 from the top (the part's ends along its axis)."""
    if not _round_axis_z(b):
        raise ambiguous("'cross hole' does not say which way it goes through this part: give the direction (e.g. "
                        "'along X') or name the face it enters")
    walls = clause.has("both_walls")
    locs = [Loc("centre", axes=FACE_UV["right"]) if loc.kind == "centre" and loc.face == "side" else loc
            for loc in clause.locs if loc.kind not in ("cross", "both_walls")]
    b.assumptions.append("cross hole: drilled along X, across the part's round Z axis (every direction across the "
                         "axis gives the same part)")
    one = replace(clause, action="cut", locs=[*locs, Loc("direction_axis", axes=(0,))])
    ends = one.loc("each_end")
    if ends is None:
        cut(b, one)
        _check_walls(b, walls, 1)
        return
    lo, hi = b.box()
    if clause.noun is None or clause.noun.count != 2 or hi[2] - lo[2] <= hi[1] - lo[1]:
        raise ambiguous("'from each end' of cross holes: two holes along the part's axis, which must be its long side")
    rest = [loc for loc in one.locs if loc.kind != "each_end"]
    noun = replace(clause.noun, count=1)
    for face in ("bottom", "top"):
        cut(b, replace(one, noun=noun, locs=[*rest, Loc("from_face", face=face, value=ends.value)]))
    _check_walls(b, walls, 2)


def _bore(b: Build) -> float | None:
    """The diameter of the hollow along the part's axis: a tube's inside, or a hole down the axis through the part."""
    if isinstance(b.ops[0], Tube):
        return b.ops[0].inner_diameter
    bores = [op.diameter for op in b.ops[1:] if isinstance(op, Hole) and op.depth is None
             and op.face in ("top", "bottom") and op.at.resolve() == [(0.0, 0.0)]]
    return min(bores) if bores else None


def _check_walls(b: Build, walls: bool, count: int) -> None:
    """"through both walls" of a tube: each hole goes through, across the axis, and fits inside the bore's
    diameter and the part's length — so it crosses the wall on each side of the bore."""
    if not walls:
        return
    lo, hi = b.box()
    for hole in b.ops[-count:]:
        bore = _bore(b) if isinstance(hole, Hole) and hole.depth is None else None
        if not isinstance(hole, Hole) or bore is None:
            raise ambiguous("'through both walls': the hole does not cross a hollow with a wall on each side")
        r = hole.diameter / 2
        half_len = (hi[FACE_UV[hole.face][1]] - lo[FACE_UV[hole.face][1]]) / 2
        for u, v in hole.at.resolve():
            if abs(u) > 1e-9 or r >= bore / 2 or abs(v) + r > half_len + 1e-9:
                raise ambiguous("'through both walls': a hole does not cross the bore with a wall on each side")


def _wall_hole(b: Build, clause: Clause) -> None:
    """"drill a 5 mm hole from the outside into the bore, through one wall only": along X (stated, as a cross hole)
    from the surface to the part's axis — through the near wall, into the bore, the far wall untouched."""
    bore = _bore(b) if _round_axis_z(b) else None
    if bore is None:
        raise ambiguous("'through one wall' is read of a round part with a bore along its axis only: give the hole's "
                        "face and depth")
    if any(loc.kind in ("face", "direction_axis", "through", "blind") for loc in clause.locs) \
            or clause.measure("depth") is not None:
        raise ambiguous("'through one wall' and a face, direction or depth of its own: say one of them")
    d = single_size(clause, "diameter") or 0.0
    lo, hi = b.box()
    if d >= bore:
        raise ambiguous(f"a Ø{d:g} hole through one wall is wider than the Ø{bore:g} bore it goes into")
    locs = [loc for loc in clause.locs if loc.kind not in ("one_wall", "from_outside")]
    b.assumptions.append("hole through one wall: drilled from the right (+X) side to the part's axis (into the "
                         "bore; every direction across the round axis gives the same part)")
    cut(b, replace(clause, action="cut", locs=[*locs, Loc("face", face="right")],
                   measures=[*clause.measures, Measure("depth", (hi[0] - lo[0]) / 2)]))


def _through_axis(b: Build, clause: Clause) -> Clause:
    """"through the 20 thickness": the hole runs along the one side of the part that is that long (Z when the part
    is that tall, as before; two other sides that long are refused)."""
    through = clause.loc("through")
    if through is None or through.value is None or any(loc.kind in ("face", "direction_axis", "side")
                                                        for loc in clause.locs):
        return clause
    lo, hi = b.box()
    hits = [k for k in range(3) if abs(hi[k] - lo[k] - through.value) < 1e-6]
    if not hits or 2 in hits:
        return clause  # the cut checks the thickness against the part (refused when it is not the part's)
    if len(hits) > 1:
        raise ambiguous(f"the part is {through.value:g} mm across two ways: say along which axis the hole runs")
    return replace(clause, locs=[*clause.locs, Loc("direction_axis", axes=(hits[0],))])


def _thick_middle(b: Build, clause: Clause) -> Clause:
    """"in middle of thickness": centred across the part's one thinnest side, which must lie in the face drilled."""
    said = clause.loc("centre_thick")
    if said is None:
        return clause
    lo, hi = b.box()
    ext = [hi[k] - lo[k] for k in range(3)]
    thin = [k for k in range(3) if abs(ext[k] - min(ext)) < 1e-6]
    face = cut_face(clause)
    if len(thin) != 1 or thin[0] not in FACE_UV[face] or (said.value is not None and abs(ext[thin[0]] - said.value)
                                                          > 1e-6):
        raise ambiguous("'the middle of the thickness': the part has no single thickness across the face the hole "
                        "goes into — say centred in X or Y")
    return replace(clause, locs=[Loc("centre", axes=(thin[0],)) if loc.kind == "centre_thick" else loc
                                 for loc in clause.locs])


def _side_hole(b: Build, clause: Clause) -> None:
    cut(b, _thick_middle(b, _through_axis(b, replace(clause, action="cut"))))


SIDEHOLE_ACTIONS = {"side_hole": _side_hole, "cross_hole": _cross_hole, "wall_hole": _wall_hole}
