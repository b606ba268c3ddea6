"""Cut actions: holes (single or in a pattern), slots and pockets, and primitives subtracted from the part."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import cast

from ai_designer.planning.bodies import BodySize, body_size, one_of
from ai_designer.planning.build import (
    BODY_DIMS,
    FACE_UV,
    PLACE,
    Build,
    cut_depth,
    cut_face,
    face_uv,
    only_uses,
    part_frame,
    primitive,
    single_size,
    stated_faces,
)
from ai_designer.planning.hole_patterns import PATTERN_LOCS, hole_positions, pattern_extent
from ai_designer.planning.hole_rows import row_positions
from ai_designer.planning.locate import resolve_axis
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.round_cuts import groove, in_pocket_uv, one_face, round_pocket
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    Boolean,
    Cone,
    Cylinder,
    FaceName,
    Fillet,
    Hole,
    Pocket,
    Points,
    Positions,
    Prism,
    Rectangle,
    Revolve,
    RoundedRectangle,
    Slot,
    Sphere,
)

__all__ = ["counterbore_existing", "cut"]


def _on_part_axis(b: Build, clause: Clause) -> Clause:
    """"along the axis", "on the centre axis": the axis of a part whose first body stands upright along Z."""
    if not clause.has("part_axis"):
        return clause
    first = b.ops[0] if b.ops else None
    upright = isinstance(first, (Cylinder, Cone, Prism, Revolve)) and first.placement.rotate == (0.0, 0.0, 0.0)
    if not upright:
        raise reject("'the axis' of this part is not clear offline: say along X, Y or Z")
    locs = [loc for loc in clause.locs if loc.kind != "part_axis"]
    return replace(clause, locs=[*locs, Loc("direction_axis", axes=(2,)), Loc("centre")])


def _long_way(b: Build, clause: Clause) -> Clause:
    """"lengthwise", "end to end", "the long way": along the part's longest side, which must be unique."""
    if not any(loc.kind == "direction_axis" and loc.face == "long" for loc in clause.locs):
        return clause
    lo, hi = b.box()
    ext = [h - lo_ for lo_, h in zip(lo, hi, strict=True)]
    longest = max(range(3), key=lambda a: ext[a])
    if sum(1 for e in ext if abs(e - ext[longest]) < 1e-6) > 1:
        raise reject("'lengthwise' / 'the long way': the part has no single longest side — say along X, Y or Z")
    return replace(clause, locs=[Loc("direction_axis", axes=(longest,)) if loc.kind == "direction_axis"
                                 and loc.face == "long" else loc for loc in clause.locs])


def _centreline(b: Build, clause: Clause, face: str) -> Clause:
    """"on the (long) centreline": centred across the face's longer side; "through the 20 thickness" is checked."""
    lo, hi = b.box()
    u, v = FACE_UV[face]
    normal = ({0, 1, 2} - {u, v}).pop()
    through = clause.loc("through")
    if through is not None and through.value is not None and abs(hi[normal] - lo[normal] - through.value) > 1e-6:
        raise reject(f"the hole goes through the {through.value:g} mm thickness, but the part is "
                     f"{hi[normal] - lo[normal]:g} mm thick there")
    if not clause.has("centreline"):
        return clause
    if abs((hi[u] - lo[u]) - (hi[v] - lo[v])) < 1e-6:
        raise reject("'the centreline' of a square face: say which (e.g. 'centred in Y')")
    across = v if hi[u] - lo[u] > hi[v] - lo[v] else u
    locs = [loc for loc in clause.locs if loc.kind != "centreline"]
    return replace(clause, locs=[*locs, Loc("centre", axes=(across,))])


def _end_faces(b: Build, clause: Clause) -> Clause:
    """"along X, centred on the 30 x 30 end faces": centred on the two axes across the hole, whose faces must be
    the size said."""
    ends = clause.loc("end_faces")
    direction = clause.loc("direction_axis")
    if ends is None:
        return clause
    if direction is None or direction.face == "long":
        raise ambiguous("'centred on the end faces': say along which axis the hole runs")
    across = tuple(k for k in range(3) if k != direction.axes[0])
    lo, hi = b.box()
    if ends.values and sorted(ends.values) != sorted(round(hi[k] - lo[k], 6) for k in across):
        raise ambiguous(f"the end faces are {' x '.join(f'{hi[k] - lo[k]:g}' for k in across)}, not "
                        f"{' x '.join(f'{v:g}' for v in ends.values)}")
    locs = [loc for loc in clause.locs if loc.kind not in ("end_faces", "centre_across")]
    return replace(clause, locs=[*locs, Loc("centre", axes=across)])


def _inside_rounded_corners(b: Build, points: list[tuple[float, float]], d: float, face: tuple[float, float]) -> None:
    """A hole near a corner rounded seen from above (vertical fillet R) must lie inside the rounded outline."""
    for r in (op.radius for op in b.ops if isinstance(op, Fillet) and op.edges == "vertical"):
        cu, cv = face[0] / 2 - r, face[1] / 2 - r
        for u, v in points:
            if abs(u) > cu and abs(v) > cv and math.hypot(abs(u) - cu, abs(v) - cv) > r - d / 2 + 1e-9:
                raise reject(f"a hole at ({u:g}, {v:g}) falls outside the R{r:g} rounded corner")


def _hole(b: Build, clause: Clause) -> None:
    only_uses(clause, PLACE | PATTERN_LOCS | {"face", "through", "direction_axis", "part_axis", "blind", "any_face",
                                                     "in_pocket", "centreline", "cbore", "cbore_required",
                                                     "end_faces", "centre_across", "centre_dim"},
              {"diameter", "radius", "depth"}, max_sizes=1)
    clause = _end_faces(b, _long_way(b, _on_part_axis(b, one_face(b, clause))))
    one_of(clause, "diameter", "radius")
    r = clause.measure("radius")
    # "4 holes R5.5": a bare number beside a radius is a second size (it was the diameter, the radius dropped)
    d = single_size(clause, "diameter") if r is None else 2 * (single_size(clause, "radius") or r)
    if d is None:
        raise reject("the hole's diameter is not given (say e.g. 'a 6 mm hole')")
    face = cut_face(clause)
    clause = _centreline(b, clause, face)
    clause = replace(clause, locs=[Loc("centre", axes=(_dim_axis(b, loc, face),)) if loc.kind == "centre_dim" else loc
                                   for loc in clause.locs])  # "in the middle of the 20 mm width", "at mid-length"
    lo, hi = b.box()
    sides = (hi[FACE_UV[face][0]] - lo[FACE_UV[face][0]], hi[FACE_UV[face][1]] - lo[FACE_UV[face][1]])
    extent = pattern_extent(clause, sides)
    if extent is not None and any(isinstance(op, (Cylinder, Cone, Sphere)) for op in b.ops):
        raise reject("a rectangular hole pattern on a round part: give the positions of the holes")
    span = [d, d, d]
    for axis, e in zip(FACE_UV[face], extent or (0.0, 0.0), strict=True):
        span[axis] += e
    row = row_positions(clause, face, d, sides)
    if row is not None:
        at: Positions = row
    else:
        uv = in_pocket_uv(b, clause, face) or face_uv(b, clause, face, (span[0], span[1], span[2]), extent is None,
                                                      "hole")
        at = hole_positions(clause, d, sides, uv, b.assumptions)
    if face in ("top", "bottom"):
        _inside_rounded_corners(b, at.resolve(), d, sides)
    depth = cut_depth(clause, "hole", b, default_through=True)
    hole = Hole(id=b.new_id("hole"), target=b.current or "", diameter=d, depth=depth, face=face, at=at)
    b.add(with_cbore(b, clause, hole))


def with_cbore(b: Build, clause: Clause, hole: Hole) -> Hole:
    """The hole with the clause's counterbore ("with a Ø18 counterbore 11 deep"), if any; "drill and counterbore"
    without one is refused."""
    cbore = clause.loc("cbore")
    if cbore is None:
        if clause.has("cbore_required"):
            raise reject("'drill and counterbore': the counterbore's diameter and depth are not given")
        return hole
    lo, hi = b.box()
    normal = ({0, 1, 2} - set(FACE_UV[hole.face])).pop()
    dia, depth = cbore.values
    if dia <= hole.diameter or depth >= hi[normal] - lo[normal]:
        raise reject(f"a Ø{dia:g} x {depth:g} counterbore does not fit a Ø{hole.diameter:g} hole in this part")
    return hole.model_copy(update={"kind": "counterbore", "cbore_diameter": dia, "cbore_depth": depth})


def counterbore_existing(b: Build, clause: Clause) -> None:
    """"4x Ø11 C'BORE 6.5 DP ON THOSE HOLES", "counterbore that hole Ø20, 5 deep": the holes drilled last."""
    only_uses(clause, {"cbore", "face"}, set(), max_sizes=0)
    last = next((op for op in b.ops if op.id == b.current), None)
    if not isinstance(last, Hole) or last.kind != "simple":
        raise reject("a counterbore 'on those holes' needs plain holes drilled just before it")
    count = clause.noun.count if clause.noun else 1
    if count != len(last.at.resolve()):
        raise reject(f"{count} counterbore(s) for {len(last.at.resolve())} hole(s) drilled before")
    if any(loc.face != last.face for loc in clause.locs if loc.kind == "face"):
        raise reject("the counterbore is on another face than the holes")
    b.ops[b.ops.index(last)] = with_cbore(b, clause, last)


def _run_axis(b: Build, clause: Clause, face: str, what: str) -> int:
    """A slot or pocket's length runs along the longer side of the face it is cut into (recorded)."""
    lo, hi = b.box()
    u_axis, v_axis = FACE_UV[face]
    run = u_axis if hi[u_axis] - lo[u_axis] >= hi[v_axis] - lo[v_axis] else v_axis
    b.assumptions.append(f"{what} length runs along {'XYZ'[run]} (the longer side of the {face} face)")
    return run


def _outline(clause: Clause, what: str) -> tuple[float, float]:
    length, width = clause.measure("length"), clause.measure("width")
    sizes = [s for s in [*(clause.noun.sizes if clause.noun else []), *clause.sizes]]
    if sizes and len(sizes[0].values) == 2 and length is None and width is None:
        length, width = sizes[0].values
    elif sizes and len(sizes[0].values) == 1 and (length is None) != (width is None):
        length, width = (sizes[0].values[0], width) if length is None else (length, sizes[0].values[0])
    elif sizes:
        raise reject(f"the {what} is given more sizes than its length and width")
    if length is None or width is None:
        raise reject(f"the {what}'s length and width are not both given (say e.g. '30 mm long, 8 mm wide')")
    return max(length, width), min(length, width)


def _dim_axis(b: Build, loc: Loc, face: str) -> int:
    """The axis of the face's side named by 'the 80 length' / 'the full width' (its size, its name or both)."""
    lo, hi = b.box()
    u, v = FACE_UV[face]
    ext = {u: hi[u] - lo[u], v: hi[v] - lo[v]}
    by_name = None
    if abs(ext[u] - ext[v]) > 1e-6:
        longer, shorter = (u, v) if ext[u] > ext[v] else (v, u)
        by_name = longer if loc.face == "length" else shorter
    if loc.value is not None:
        hits = [a for a, e in ext.items() if abs(e - loc.value) < 1e-6]
        if len(hits) != 1 or (by_name is not None and hits[0] != by_name):
            raise reject(f"the part's {loc.face} on the {face} face is not {loc.value:g} mm")
        return hits[0]
    if by_name is None:
        raise ambiguous(f"the {face} face is square: say along which axis the {loc.face} runs")
    return by_name


def _full_run(b: Build, clause: Clause, full: Loc) -> None:
    """A slot or groove "running the full 50 mm width": a rectangle as long as the part, open at both ends."""
    only_uses(clause, PLACE | {"face", "through", "full", "direction_axis", "centre_dim"}, {"width", "depth", "length"},
              max_sizes=1)
    what = clause.noun.kind if clause.noun else "slot"
    faces = stated_faces(clause)
    face = faces[0] if len(set(faces)) == 1 else "top"
    if len(set(faces)) > 1:
        raise ambiguous(f"the {what} is given two faces")
    run = _dim_axis(b, full, face)
    if any(loc.axes[0] != run for loc in clause.locs if loc.kind == "direction_axis"):
        raise ambiguous(f"the {what} runs the full {full.face} but is also said to run along another axis")
    lo, hi = b.box()
    length = hi[run] - lo[run]
    stated = clause.measure("length")
    if stated is not None and abs(stated - length) > 1e-6:
        raise reject(f"the {what} is {stated:g} mm long but runs the full {length:g} mm")
    width = single_size(clause, "width")
    if width is None:
        raise reject(f"the {what}'s width is not given (say e.g. '12 mm wide')")
    locs = [loc for loc in clause.locs if loc.kind not in ("full", "direction_axis", "centre_dim")]
    locs += [Loc("centre", axes=(run,))]
    locs += [Loc("centre", axes=(_dim_axis(b, loc, face),)) for loc in clause.locs if loc.kind == "centre_dim"]
    placed = replace(clause, locs=locs)
    depth = cut_depth(placed, what, b, default_through=False)
    size = [width, width, width]
    size[run] = length
    uv = face_uv(b, placed, face, (size[0], size[1], size[2]), False, what)
    angle = 0.0 if run == FACE_UV[face][0] else 90.0
    b.add(Pocket(id=b.new_id(what), target=b.current or "", profile=Rectangle(length=length, width=width),
                 depth=depth, face=cast("FaceName", face), at=Points(points=[uv]), angle=angle))


def _side_of(b: Build, face: str, size: float) -> int:
    """The axis of the face's side that is ``size`` long ("running along the 6 inch direction")."""
    lo, hi = b.box()
    hits = [a for a in FACE_UV[face] if abs(hi[a] - lo[a] - size) < 1e-6]
    if len(hits) != 1:
        raise reject(f"the {face} face has no single {size:g} mm side to run along")
    return hits[0]


def _slot_or_pocket(b: Build, clause: Clause) -> None:
    full = clause.loc("full")
    if full is not None:
        _full_run(b, clause, full)
        return
    if clause.noun and clause.noun.kind == "pocket" and clause.named("diameter", "radius"):
        round_pocket(b, clause)
        return
    only_uses(clause, PLACE | {"face", "through", "round_ends", "run_dim"}, {"length", "width", "depth", "corner_radius"},
              max_sizes=1)
    what = clause.noun.kind if clause.noun else "slot"
    if clause.has("round_ends") and what != "slot":
        raise reject(f"round ends on a {what}: only slots have them offline")
    length, width = _outline(clause, what)
    corner = clause.measure("corner_radius")
    if corner is not None and what != "pocket":
        raise reject(f"inside corner radii on a {what}: only pockets take them offline")
    face = cut_face(clause)
    run_dim = clause.loc("run_dim")
    run = _side_of(b, face, float(run_dim.value or 0.0)) if run_dim else _run_axis(b, clause, face, what)
    size = [width, width, width]
    size[run] = length
    depth = cut_depth(clause, what, b, default_through=what == "slot")
    uv = face_uv(b, clause, face, (size[0], size[1], size[2]), False, what)
    profile: Slot | Rectangle | RoundedRectangle = Slot(length=length, width=width) if what == "slot" else (
        RoundedRectangle(length=length, width=width, radius=corner) if corner else Rectangle(length=length, width=width))
    angle = 0.0 if run == FACE_UV[face][0] else 90.0
    b.add(Pocket(id=b.new_id(what), target=b.current or "", profile=profile, depth=depth, face=face,
                 at=Points(points=[uv]), angle=angle))


def _cut_body(b: Build, clause: Clause) -> None:
    """Subtract a placed primitive: through the whole part along Z, or sunk into the top face by its height."""
    only_uses(clause, PLACE | {"face", "through"}, BODY_DIMS)
    lo, hi = b.box()
    size = body_size(clause, b.assumptions, hi[2] - lo[2] if clause.has("through") else None)
    what = clause.noun.kind if clause.noun else "body"
    frame = part_frame(b, lo, hi, size.dims, round_object=size.kind != "box")
    centre = (resolve_axis(frame, clause.locs, 0, b.assumptions, what),
              resolve_axis(frame, clause.locs, 1, b.assumptions, what))
    if clause.has("through"):
        size = BodySize(size.kind, (size.dims[0], size.dims[1], hi[2] - lo[2]), size.top)
        base_z = lo[2]
    elif cut_face(clause) == "top" and clause.has("face"):
        base_z = hi[2] - size.dims[2]
    else:
        raise reject(f"where the cut {what} goes is not given (say e.g. 'through the part' or 'into the top face')")
    tool = primitive(b, size, centre, base_z)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("cut"), kind="cut", base=base, tools=[tool.id]))


def cut(b: Build, clause: Clause) -> None:
    """A hole, a slot or pocket, or a primitive subtracted from the part so far."""
    kind = clause.noun.kind if clause.noun else ""
    if kind == "hole":
        _hole(b, clause)
    elif kind == "groove":
        groove(b, clause)
    elif kind in ("slot", "pocket"):
        _slot_or_pocket(b, clause)
    else:
        _cut_body(b, clause)
