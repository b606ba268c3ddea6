"""Bodies joined to each other at positions the words give relative to one another: a row of bodies a stated
distance apart (joined by a rod or bar running between their centres when they do not touch), a body on each end
of the part's axis ("a sphere centred on each end face"), and "of the same diameter" (the size of the part so far).
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import BODY_DIMS, Build, only_uses
from ai_designer.planning.compose_crossing import crossing_as_axes
from ai_designer.planning.compose_unions import create_many, oriented_size, placed_body
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc, Measure
from ai_designer.schemas.task_graph import Boolean, Box, Cone, Cylinder, Placement, Sphere

__all__ = ["bodies", "bridge", "create_row", "join_each_end", "join_points", "same_sizes", "slice_off"]


def _axis_of(clause: Clause) -> int | None:
    locs = [loc for loc in clause.locs if loc.kind == "direction_axis"]
    return locs[0].axes[0] if locs else None


def bodies(b: Build, clause: Clause) -> None:
    """Several bodies in one clause: in a row ("… apart", "centres at X = …"), or one along each axis
    (``compose_unions.create_many``)."""
    if clause.has("apart") or clause.has("centres"):
        if b.current is not None:
            raise ambiguous("a row of bodies after the first body: say where the row goes")
        create_row(b, clause)
    else:
        create_many(b, crossing_as_axes(clause, b.assumptions))


def _row_centres(clause: Clause, count: int, world: tuple[float, float, float]) -> tuple[int, list[list[float]]]:
    """The row's axis and each body's centre: spaced "… apart" (the row centred on the origin), or at the listed
    coordinates (the other horizontal axis at its stated coordinate or 0, the base on Z = 0)."""
    apart, listed = clause.loc("apart"), clause.loc("centres")
    rows = [loc.axes[0] for loc in clause.locs if loc.kind == "row_axis"]
    if (apart is None) == (listed is None):
        raise ambiguous("the row's positions are given twice (apart and at coordinates)")
    along = (apart or listed).axes[0]  # type: ignore[union-attr]
    if rows and rows[0] != along:
        raise ambiguous("the row runs along one axis and its positions along another")
    if listed is not None:
        if len(listed.values) != count:
            raise ambiguous(f"{count} bodies but {len(listed.values)} centres")
        other = [loc for loc in clause.locs if loc.kind == "coord"]
        centres = []
        for v in listed.values:
            c = [0.0, 0.0, world[2] / 2]
            c[along] = v
            for loc in other:
                c[loc.axes[0]] = float(loc.value or 0.0)
            centres.append(c)
        return along, centres
    if apart.face != "centres":  # type: ignore[union-attr]
        raise ambiguous(f"'{apart.value:g} mm apart' can be the gap between the bodies or the distance between their "  # type: ignore[union-attr]
                        "centres (say e.g. 'their centres 80 mm apart')")
    step = float(apart.value or 0.0)  # type: ignore[union-attr]
    centres = []
    for i in range(count):
        c = [0.0, 0.0, world[2] / 2]
        c[along] += (i - (count - 1) / 2) * step
        centres.append(c)
    return along, centres


def create_row(b: Build, clause: Clause) -> None:
    """"two spheres of diameter 30 whose centres are 80 mm apart along X", "three 20 mm cubes … in a row along X,
    with their centres at X = 0, 50 and 100": equal bodies in a row. Bodies that do not touch must be joined by a
    later clause ("joined by …", "Join them with …"); nothing else may act on the part before that."""
    only_uses(clause, {"apart", "centres", "row_axis", "coord", "plane", "bridged", "direction_axis", "section",
                       "fused"}, BODY_DIMS)
    if any(loc.kind == "plane" and loc.face != "xy" for loc in clause.locs):
        raise ambiguous("bodies standing on a vertical plane: say where they are")
    count = clause.noun.count if clause.noun else 1
    size, world = oriented_size(clause, _axis_of(clause), b.assumptions)
    along, centres = _row_centres(clause, count, world)
    gaps = [abs(q[along] - p[along]) for p, q in zip(centres, centres[1:], strict=False)]
    touching = all(g <= world[along] + 1e-9 for g in gaps)
    placed_across = clause.has("centres") and clause.has("coord")
    b.assumptions.append(f"the row of {count} stands on Z = 0" + ("" if placed_across else
                                                                   ", centred on the origin across its axis"))
    ids: list[str] = []
    for c in centres:
        op = placed_body(b, size, _axis_of(clause), world, (c[0], c[1], c[2]))
        b.add(op, becomes_current=not ids)
        ids.append(op.id)
    b.group = [] if touching and not clause.has("bridged") else ids
    if not b.group:
        b.add(Boolean(id=b.new_id("joined"), kind="union", base=ids[0], tools=ids[1:]))


def _bridge_size(clause: Clause, length: float, along: int, assumptions: list[str]) -> Clause:
    """The connecting body's length is the distance between the centres; a bar's pair of sizes is its section."""
    named = clause.measure("length", "height")
    if named is not None and abs(named - length) > 1e-6:
        raise ambiguous(f"the connecting body is {named:g} mm long but the centres are {length:g} mm apart")
    pairs = [s for s in [*clause.sizes, *(clause.noun.sizes if clause.noun else [])] if len(s.values) == 2]
    noun = clause.noun
    if pairs and noun is not None:
        noun = replace(noun, sizes=[s for s in noun.sizes if len(s.values) != 2])
        sizes = [s for s in clause.sizes if len(s.values) != 2]
        return replace(clause, noun=noun, sizes=sizes, locs=[*clause.locs, Loc("section", values=pairs[0].values)],
                       measures=[*clause.measures, Measure("length", length)] if named is None else clause.measures)
    if named is None:
        return replace(clause, measures=[*clause.measures, Measure("length", length)])
    return clause


def bridge(b: Build, clause: Clause) -> None:
    """"joined by a Ø10 round rod running from one sphere centre to the other": along the row, centre to centre."""
    only_uses(clause, {"direction_axis", "section", "span_ends", "centres_height"}, BODY_DIMS)
    if len(b.group) < 2:
        raise ambiguous("'joined by …' needs bodies made apart just before")
    ends = [next(o for o in b.ops if o.id == i) for i in (b.group[0], b.group[-1])]
    lo0, hi0 = _box_of(b, ends[0].id)
    lo1, hi1 = _box_of(b, ends[1].id)
    c0 = [(lo0[k] + hi0[k]) / 2 for k in range(3)]
    c1 = [(lo1[k] + hi1[k]) / 2 for k in range(3)]
    along = max(range(3), key=lambda k: abs(c1[k] - c0[k]))
    length = abs(c1[along] - c0[along])
    stated = _axis_of(clause)
    if stated is not None and stated != along:
        raise ambiguous("the connecting body is said to run along another axis than the row")
    sized = _bridge_size(replace(clause, locs=[loc for loc in clause.locs if loc.kind == "section"]), length, along,
                         b.assumptions)
    size, world = oriented_size(sized, along, b.assumptions)
    centre = tuple((c0[k] + c1[k]) / 2 for k in range(3))
    tool = placed_body(b, size, along, world, (centre[0], centre[1], centre[2]))
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=b.group[0], tools=[*b.group[1:], tool.id]))
    b.group = []


def _box_of(b: Build, op_id: str) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
    from ai_designer.planning.intent import estimate
    from ai_designer.schemas.task_graph import CADPlan

    est = estimate(CADPlan(operations=list(b.ops), result=op_id))[op_id]
    return est.lo, est.hi


def _body_axis(b: Build) -> int:
    """The axis of the part so far: a round bar's own axis (turned or standing), a block's unique longest side."""
    op = next(o for o in b.ops if o.id == b.current)
    if isinstance(op, (Cylinder, Cone)):
        turn = op.placement.rotate
        return 0 if turn == (0.0, 90.0, 0.0) else 1 if turn == (-90.0, 0.0, 0.0) else 2 if not any(turn) else -1
    if isinstance(op, Box) and not any(op.placement.rotate):
        dims = (op.length, op.width, op.height)
        longest = max(dims)
        return dims.index(longest) if dims.count(longest) == 1 else -1
    return -1


def join_each_end(b: Build, clause: Clause) -> None:
    """"with a full sphere of diameter 40 centred on each end face": a sphere centred on both ends of the axis."""
    only_uses(clause, {"each_end_face"}, BODY_DIMS)
    if b.current is None:
        raise ambiguous("'on each end' needs a part to put it on")
    axis = _body_axis(b)
    if axis < 0:
        raise ambiguous("which faces are the part's ends is not clear (a bar or rod has two)")
    size, world = oriented_size(replace(clause, locs=[]), None, b.assumptions)
    if size.kind != "sphere":
        raise ambiguous(f"a {size.kind} 'centred on' an end face can sit on it or straddle it — say which")
    lo, hi = b.box()
    ids: list[str] = []
    for end in (lo[axis], hi[axis]):
        centre = [(lo[k] + hi[k]) / 2 for k in range(3)]
        centre[axis] = end
        op = placed_body(b, size, None, world, (centre[0], centre[1], centre[2]))
        b.add(op, becomes_current=False)
        ids.append(op.id)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=b.current, tools=ids))


def same_sizes(b: Build, clause: Clause) -> Clause:
    """"of the same diameter": the diameter of the round body made last (refused when there is none)."""
    same = [loc for loc in clause.locs if loc.kind == "same"]
    if not same:
        return clause
    op = next((o for o in reversed(b.ops) if isinstance(o, (Cylinder, Sphere, Cone))), None)
    measures = list(clause.measures)
    for loc in same:
        if loc.face != "diameter" or op is None or clause.named("diameter", "radius"):
            raise ambiguous(f"'the same {loc.face}': there is no single {loc.face} it can refer to")
        d = op.diameter if isinstance(op, (Cylinder, Sphere)) else op.bottom_diameter
        measures.append(Measure("diameter", d))
    return replace(clause, measures=measures, locs=[loc for loc in clause.locs if loc.kind != "same"])



def slice_off(b: Build, clause: Clause) -> None:
    """"cut away everything below Z = 0, keeping the top half": the part intersected with a block over the kept
    side of the level (a little larger than the part, so no face of it coincides with one of the part's)."""
    cut, keep = clause.loc("slice"), clause.loc("keep_half")
    assert cut is not None
    lo, hi = b.box()
    z = float(cut.value or 0.0)
    if not lo[2] + 1e-6 < z < hi[2] - 1e-6:
        raise ambiguous(f"Z = {z:g} does not cross the part (it spans Z = {lo[2]:g} to {hi[2]:g})")
    if keep is not None and (keep.face != ("top" if cut.face == "below" else "bottom")
                             or abs(z - (lo[2] + hi[2]) / 2) > 1e-6):
        raise ambiguous(f"the {keep.face} half is not what is left after cutting away everything {cut.face} "
                        f"Z = {z:g}")
    z0, z1 = (z, hi[2] + 1.0) if cut.face == "below" else (lo[2] - 1.0, z)
    block = Box(id=b.new_id("kept"), length=hi[0] - lo[0] + 2.0, width=hi[1] - lo[1] + 2.0, height=z1 - z0,
                placement=Placement(at=((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, z0)))
    base = b.current or ""
    b.add(block, becomes_current=False)
    b.add(Boolean(id=b.new_id("sliced"), kind="intersect", base=base, tools=[block.id]))


def join_points(b: Build, clause: Clause) -> None:
    """"On its top face two round bosses, each Ø30 and 15 tall, centred at (25, 25) and (75, 25)": one upright body
    standing on the top face at each point; every one must stand on the part."""
    only_uses(clause, {"points", "face", "on_top"}, BODY_DIMS)
    if any(loc.kind == "face" and loc.face != "top" for loc in clause.locs) or not (
            clause.has("face") or clause.has("on_top")):
        raise ambiguous("bodies at points stand on the top face only, offline (say 'on its top face')")
    part = next((o for o in b.ops if o.id == b.current), None)
    if not isinstance(part, (Box, Cylinder)) or any(part.placement.rotate):
        raise ambiguous("bodies at points stand on the top face of a plain block or cylinder only, offline")
    pts = clause.loc("points")
    assert pts is not None
    xy = list(zip(pts.values[::2], pts.values[1::2], strict=True))
    count = clause.noun.count if clause.noun else 1
    if count != len(xy):
        raise ambiguous(f"{count} bodies but {len(xy)} points")
    size, world = oriented_size(replace(clause, locs=[]), None, b.assumptions)
    if size.kind not in ("cylinder", "box", "prism"):
        raise ambiguous(f"a {size.kind} standing on a face touches it in a point")
    lo, hi = b.box()
    ids = []
    for x, y in xy:
        if not (lo[0] - 1e-9 <= x - world[0] / 2 and x + world[0] / 2 <= hi[0] + 1e-9
                and lo[1] - 1e-9 <= y - world[1] / 2 and y + world[1] / 2 <= hi[1] + 1e-9):
            raise ambiguous(f"the body at ({x:g}, {y:g}) does not stand wholly on the top face")
        op = placed_body(b, size, None, world, (x, y, hi[2] + world[2] / 2))
        b.add(op, becomes_current=False)
        ids.append(op.id)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=b.current or "", tools=ids))
