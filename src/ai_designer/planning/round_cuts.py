"""Grooves round a rod, round pockets (a recess Ø70, 10 deep), the floor left under a pocket, "one face" of a symmetric part, and holes
placed "in the recess floor" (at the centre of the pocket cut last)."""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import FACE_UV, PLACE, Build, cut_face, face_uv, only_uses
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Circle, Cylinder, Placement, Pocket, Points, Tube

__all__ = ["groove", "in_pocket_uv", "one_face", "round_pocket"]


def one_face(b: Build, clause: Clause) -> Clause:
    """"one face", "the middle of one face": the same on every face of a lone cube, or on either flat face of a lone
    upright cylinder; then the top face is used. Any other part: refused."""
    if not clause.has("any_face"):
        return clause
    lo, hi = b.box()
    ext = [h - lo_ for lo_, h in zip(lo, hi, strict=True)]
    first = b.ops[0] if len(b.ops) == 1 else None
    cube = isinstance(first, Box) and max(ext) - min(ext) < 1e-6
    disc = isinstance(first, Cylinder) and first.placement.rotate == (0.0, 0.0, 0.0)
    if not (cube or disc):
        raise reject("'one face' of a part whose faces differ: name the face (top, front, left …)")
    return replace(clause, locs=[Loc("face", face="top") if loc.kind == "any_face" else loc for loc in clause.locs])


def _pocket_depth(b: Build, clause: Clause, face: str) -> float:
    """The depth, or the part's thickness under the face minus "leaving a 5 mm floor" (both: they must agree)."""
    lo, hi = b.box()
    normal = ({0, 1, 2} - set(FACE_UV[face])).pop()
    thickness = hi[normal] - lo[normal]
    depth, floor = clause.measure("depth"), clause.measure("floor")
    if depth is not None and floor is not None and abs(depth + floor - thickness) > 1e-6:
        raise ambiguous(f"a {depth:g} mm deep pocket leaves {thickness - depth:g} mm, not a {floor:g} mm floor")
    if depth is None and floor is not None:
        depth = thickness - floor
    if depth is None or depth <= 0 or depth >= thickness:
        raise reject("the pocket's depth is not given or does not fit the part (say e.g. '10 mm deep')")
    return depth


def round_pocket(b: Build, clause: Clause) -> None:
    """A round pocket / recess: diameter, depth (or the floor left), centred unless placed."""
    only_uses(clause, PLACE | {"face", "any_face"}, {"diameter", "radius", "depth", "floor"}, max_sizes=0)
    clause = one_face(b, clause)
    d, r = clause.measure("diameter"), clause.measure("radius")
    if (d is None) == (r is None):
        raise reject("give the round pocket's diameter once (e.g. 'a Ø50 pocket 10 deep')")
    d = d if d is not None else 2 * float(r or 0.0)
    face = cut_face(clause)
    depth = _pocket_depth(b, clause, face)
    uv = face_uv(b, clause, face, (d, d, d), True, "pocket")
    b.add(Pocket(id=b.new_id("pocket"), target=b.current or "", profile=Circle(diameter=d), depth=depth,
                 face=face, at=Points(points=[uv])))


def in_pocket_uv(b: Build, clause: Clause, face: str) -> tuple[float, float] | None:
    """"in the recess floor": the centre of the pocket cut last, on the same face (no other position allowed)."""
    if not clause.has("in_pocket"):
        return None
    if any(loc.kind in PLACE and loc.kind != "centre" for loc in clause.locs):
        raise ambiguous("the hole is placed 'in the recess floor' and somewhere else too")
    pocket = next((op for op in reversed(b.ops) if isinstance(op, Pocket)), None)
    if pocket is None or pocket.face != face or not isinstance(pocket.at, Points) or len(pocket.at.points) != 1:
        raise reject("'in the recess floor' needs one pocket cut before, into the face the hole is drilled from")
    return pocket.at.points[0]


def _groove_centres(clause: Clause, count: int, width: float, length: float) -> list[float]:
    each_end, near = clause.loc("each_end"), clause.loc("near_edge")
    if each_end is not None and near is None and count == 2:
        return [float(each_end.value or 0.0), length - float(each_end.value or 0.0)]
    if near is not None and each_end is None and count == 1:
        return [float(near.value or 0.0) + width / 2]  # a plain rod is the same from either end
    raise reject("say where each groove is along the rod (e.g. 'groove centres 20 from each end')")


def groove(b: Build, clause: Clause) -> None:
    """Grooves all the way round a plain rod standing on Z: a ring of ``width`` and ``depth`` cut at each centre."""
    only_uses(clause, {"around", "each_end", "near_edge"}, {"width", "depth"}, max_sizes=0)
    rod = b.ops[0] if len(b.ops) == 1 else None
    if not isinstance(rod, Cylinder) or rod.placement.rotate != (0.0, 0.0, 0.0):
        raise reject("a groove is cut offline only round a plain rod or disc standing on Z")
    width, depth = clause.measure("width"), clause.measure("depth")
    if width is None or depth is None or depth >= rod.diameter / 2:
        raise reject("the groove's width and depth are not given, or it is deeper than the rod's radius")
    count = clause.noun.count if clause.noun else 1
    z0 = rod.placement.at[2]
    tools = []
    for z in _groove_centres(clause, count, width, rod.height):
        if z - width / 2 < 0 or z + width / 2 > rod.height:
            raise reject(f"a {width:g} mm groove centred {z:g} mm from the end runs off the {rod.height:g} mm rod")
        ring = Tube(id=b.new_id("groove_ring"), outer_diameter=rod.diameter + 2, inner_diameter=rod.diameter - 2 * depth,
                    height=width, placement=Placement(at=(rod.placement.at[0], rod.placement.at[1], z0 + z - width / 2)))
        b.add(ring, becomes_current=False)
        tools.append(ring.id)
    base = b.current or ""
    b.add(Boolean(id=b.new_id("grooved"), kind="cut", base=base, tools=tools))
