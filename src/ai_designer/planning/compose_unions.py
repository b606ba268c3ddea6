"""Bodies at stated positions and orientations: the first body placed on the origin or along an axis, several bodies
made at once ("three bars, one along X, one along Y, one along Z, centred on the origin, merged"), and the
intersection of two bodies. Each body is a primitive with a placement; a union or intersection is one ``boolean``.

A body's *axis* is the direction of its length: a round bar or cone is turned onto it (the plan's primitives stand
on Z), a square bar gets its length on that axis and its section on the other two. Positions refer to the body's
centre (the middle of its bounding box), except ``starting at the origin`` (its axis begins there) and ``a corner at
the origin`` (it lies in +X +Y +Z). Anything the words leave open that changes the part is refused.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.bodies import BOX_KINDS, BodySize, body_size
from ai_designer.planning.build import BODY_DIMS, Build, only_uses, part_frame, primitive
from ai_designer.planning.locate import resolve_axis
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Measure
from ai_designer.schemas.task_graph import Boolean, Operation, Placement

__all__ = ["PLACED_KINDS", "create_many", "create_placed", "intersect", "join_placed", "origin_as_coords", "placed_body",
           "hole_list", "placed_first", "placed_join", "through_as_hole"]

#: location kinds that make a first body a placed one (read here, not by the plain ``create``)
PLACED_KINDS = frozenset({"origin", "direction_axis", "section", "base_z", "plane", "centre_point", "axis_in_face"})
#: how a body standing on Z is turned so its axis lies along X or Y (degrees about X, Y, Z)
_TURN = {0: (0.0, 90.0, 0.0), 1: (-90.0, 0.0, 0.0)}
Vec = tuple[float, float, float]


def _axis(clause: Clause) -> int | None:
    locs = [loc for loc in clause.locs if loc.kind == "direction_axis"]
    if len(locs) > 1:
        raise ambiguous("the body is given two directions")
    if locs and locs[0].face == "long":
        raise ambiguous("'lengthwise' does not say which axis the body lies along (say e.g. 'along X')")
    return locs[0].axes[0] if locs else None


def _section_bar(clause: Clause, axis: int) -> BodySize:
    """"a bar 10 x 10 in cross-section and 60 long" along ``axis``: its length there, the section across it."""
    section = clause.loc("section")
    assert section is not None
    length = clause.measure("length", "height")
    others = [m for m in clause.named(*BODY_DIMS) if m.dim not in ("length", "height")]
    if length is None or others or clause.sizes or (clause.noun and clause.noun.sizes) or len(clause.named(
            "length", "height")) > 1:
        raise ambiguous("a bar given by its section needs one length and nothing else (e.g. '10 x 10 section, 60 long')")
    a, c = section.values
    dims = [a, c]
    dims.insert(axis, length)
    return BodySize("box", (dims[0], dims[1], dims[2]))


def oriented_size(clause: Clause, axis: int | None, assumptions: list[str]) -> tuple[BodySize, Vec]:
    """The primitive and its extents along X, Y, Z once its length lies on ``axis`` (``None``: as made)."""
    kind = clause.noun.kind if clause.noun else ""
    if clause.has("section"):
        if kind not in BOX_KINDS or axis is None:
            raise ambiguous("a section is given, but not which axis the bar runs along")
        size = _section_bar(clause, axis)
        return size, size.dims
    size = body_size(clause, assumptions)
    if axis is None or axis == 2 and size.kind != "box":
        return size, size.dims
    if size.kind == "box":
        if axis == 0 or (axis == 1 and not any(s.axes for s in [*clause.sizes, *(clause.noun.sizes if clause.noun
                                                                                   else [])])):
            dims = size.dims if axis == 0 else (size.dims[1], size.dims[0], size.dims[2])
            return BodySize("box", dims), dims
        raise ambiguous("which of the block's sizes runs along that axis is not said (give sizes '… along X' etc.)")
    if size.kind not in ("cylinder", "cone"):
        raise ambiguous(f"a {size.kind} has no direction to lie along")
    d, h = size.dims[0], size.dims[2]
    world = [d, d]
    world.insert(axis, h)
    return size, (world[0], world[1], world[2])


def placed_body(b: Build, size: BodySize, axis: int | None, world: Vec, centre: Vec) -> Operation:
    """The primitive with its bounding-box centre at ``centre`` (turned onto ``axis`` when it is X or Y)."""
    if size.kind in ("cylinder", "cone", "prism") and axis in (0, 1):
        base = list(centre)
        base[axis] -= world[axis] / 2
        op = primitive(b, size, (0.0, 0.0), 0.0)
        return op.model_copy(update={"placement": Placement(at=(base[0], base[1], base[2]), rotate=_TURN[axis])})
    return primitive(b, size, (centre[0], centre[1]), centre[2] - world[2] / 2)


def _first_centre(clause: Clause, size: BodySize, axis: int | None, world: Vec) -> Vec:
    origin = clause.loc("origin")
    point = clause.loc("centre_point")
    if point is not None:
        if origin is not None or len(clause.locs) > 1 + clause.has("direction_axis") + clause.has("section"):
            raise ambiguous("the body is placed twice (at a point and by other words)")
        return point.values[0], point.values[1], point.values[2]
    xy = [0.0, 0.0]
    coords = [loc for loc in clause.locs if loc.kind == "coord"]
    for loc in coords:
        if loc.axes[0] == 2:
            raise ambiguous("a height (z =) for the first body: say 'centred on the origin' or give its base")
        xy[loc.axes[0]] = float(loc.value or 0.0)
    base = [loc.value or 0.0 for loc in clause.locs if loc.kind == "base_z"]
    if base and origin is not None and origin.face != "start" or len(base) > 1:
        raise ambiguous("the body's height is given twice (its base and the origin)")
    if origin is None or base:
        centre = [0.0, 0.0, world[2] / 2]
        if origin is not None:  # "starting at the origin": along its axis
            centre = list(_first_centre(replace(clause, locs=[origin]), size, axis, world))
        z = base[0] + world[2] / 2 if base else centre[2]
        return (xy[0] if coords else centre[0]), (xy[1] if coords else centre[1]), z
    if coords:
        raise ambiguous("the body is placed twice (at the origin and at a coordinate)")
    if origin.face == "corner":
        if size.kind != "box":  # a cylinder or sphere has no corner: its box's corner would be a guess
            raise ambiguous(f"a {size.kind} has no corner to put at the origin (say 'centred on the origin', or "
                            "where its axis starts)")
        return world[0] / 2, world[1] / 2, world[2] / 2
    if origin.face == "start":
        if axis is None:
            raise ambiguous("'starting at the origin' needs the direction the body runs in (e.g. 'along the X axis')")
        centre = [0.0, 0.0, 0.0]
        centre[axis] = world[axis] / 2
        return centre[0], centre[1], centre[2]
    if origin.face == "at" and size.kind != "sphere":
        raise ambiguous("'at the origin' does not say which point of the body is there (say 'centred on the origin' "
                     "or 'with a corner at the origin')")
    if size.kind == "hemisphere":
        raise ambiguous("a hemisphere 'centred on the origin' can mean its flat face's centre or its middle")
    return 0.0, 0.0, 0.0


def create_placed(b: Build, clause: Clause) -> None:
    """The first body, placed on the origin and/or turned onto an axis."""
    only_uses(clause, {"origin", "direction_axis", "section", "coord", "centre", "plane", "base_z", "centre_point"},
              BODY_DIMS)
    planes = [loc.face for loc in clause.locs if loc.kind == "plane"]
    axis = _axis(clause)
    size, world = oriented_size(clause, axis, b.assumptions)
    centre = _first_centre(clause, size, axis, world)
    if planes and (planes != ["xy"] or abs(centre[2] - world[2] / 2) > 1e-9):
        raise ambiguous("the body is said to stand on a plane it does not stand on")
    b.add(placed_body(b, size, axis, world, centre))


def create_many(b: Build, clause: Clause) -> None:
    """"three square bars …, one along X, one along Y, one along Z, all centred on the origin": one body per axis,
    joined into one part (they share a centre, so they overlap)."""
    count = clause.noun.count if clause.noun else 1
    if b.current is not None:
        raise ambiguous(f"{count} more bodies: say where each one goes")
    only_uses(clause, {"origin", "orient_each", "section", "fused"}, BODY_DIMS)
    each = clause.loc("orient_each")
    if each is None or len(each.axes) != count or len(set(each.axes)) != count:
        raise ambiguous(f"{count} bodies: say how each one lies (e.g. 'one along X and one along Y')")
    origin = clause.loc("origin")
    if origin is None or origin.face != "centre":
        raise ambiguous(f"where the {count} bodies are is not given (say e.g. 'all centred on the origin')")
    ids: list[str] = []
    for axis in each.axes:
        size, world = oriented_size(clause, axis, b.assumptions)
        op = placed_body(b, size, axis, world, (0.0, 0.0, 0.0))
        b.add(op, becomes_current=not ids)
        ids.append(op.id)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=ids[0], tools=ids[1:]))


def intersect(b: Build, clause: Clause) -> None:
    """"the intersection of a cube and a sphere, both centred at the same point": only the shared volume."""
    only_uses(clause, {"same_centre", "origin"}, BODY_DIMS)
    origin = clause.loc("origin")
    if not clause.has("same_centre") and (origin is None or origin.face != "centre"):
        raise ambiguous("where the second body of the intersection is is not given (say e.g. 'both centred at the "
                     "same point')")
    size, world = oriented_size(clause, None, b.assumptions)
    lo, hi = b.box()
    centre = ((lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2, (lo[2] + hi[2]) / 2)
    if size.kind == "hemisphere":
        raise ambiguous("a hemisphere's centre can mean its flat face's centre or its middle")
    tool = placed_body(b, size, None, world, centre)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("common"), kind="intersect", base=base, tools=[tool.id]))


def placed_first(clause: Clause) -> bool:
    """Does the first body's clause say where it is or how it lies (beyond the plain ``create``)?"""
    return any(loc.kind in PLACED_KINDS for loc in clause.locs)



def origin_as_coords(clause: Clause, axes: int) -> Clause:
    """"a Ø16 hole … at the origin", "a circle centred at the origin": the model coordinates 0 on the first
    ``axes`` axes (a sketch's plane gives X and Y; a cut's axis passes through the origin, whichever way it runs)."""
    if not clause.has("origin"):
        return clause
    if any(loc.kind == "origin" and loc.face not in ("centre", "at") for loc in clause.locs):
        raise reject("only a body has a corner or a start at the origin")
    zero = [Loc("coord", axes=(k,), value=0.0, face="origin") for k in range(axes)]
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "origin"] + zero)


def through_as_hole(clause: Clause) -> Clause:
    """"cut a cylinder of diameter 16 out of it running along X all the way through": a round through cut along a
    stated axis removes what a through hole of that diameter removes (its length, when given, must reach through:
    the hole checks nothing else)."""
    noun = clause.noun
    if noun is None or noun.kind != "cylinder" or not clause.has("through") or not clause.has("direction_axis"):
        return clause
    if clause.named("height", "length", "thickness", "depth"):
        raise ambiguous("a cut cylinder 'all the way through' with a length of its own: give one or the other")
    return replace(clause, noun=replace(noun, kind="hole"))


def _join_z(clause: Clause, size: BodySize, axis: int | None, world: Vec, box: tuple[Vec, Vec]) -> float:
    """Height of a joined body's middle: on top / under the part, its axis in the top face, or at Z = …"""
    lo, hi = box
    turned_round = size.kind != "box" and axis in (0, 1)
    in_face = clause.loc("axis_in_face")
    z = [loc for loc in clause.locs if loc.kind == "coord" and 2 in loc.axes]
    said = [k for k in ("on_top", "under") if clause.has(k)] + (["in_face"] if in_face else []) + (["z"] if z else [])
    if in_face is not None:
        if not turned_round or (in_face.value is not None and abs(in_face.value - hi[2]) > 1e-6):
            raise ambiguous("'its axis lying in the top face' fits a lying round body whose axis is at the top")
        return hi[2]
    if said == ["on_top"] or said == ["under"]:
        if turned_round or size.kind == "sphere":
            raise ambiguous(f"a lying {size.kind} on a flat face touches it along a line — say where its axis is")
        return hi[2] + world[2] / 2 if said == ["on_top"] else lo[2] - world[2] / 2
    if said == ["z"]:  # a lying round body's (or a sphere's) axis height; an upright body's base, as elsewhere
        value = float(z[0].value or 0.0)
        return value if turned_round or size.kind == "sphere" else value + world[2] / 2
    raise ambiguous("where the joined body sits in height is not given, or given twice (say e.g. 'on top of it')")


def join_placed(b: Build, clause: Clause) -> None:
    """A joined body turned onto an axis or placed at a point: "lay a cylinder … along Y on top of it, with its axis
    lying in the top face", "add a sphere … centred at (0, 0, 40)". It must touch or overlap the part."""
    only_uses(clause, {"centre", "coord", "from_face", "offset", "at_face", "on_top", "under", "direction_axis",
                       "section", "centre_point", "axis_in_face", "face"}, BODY_DIMS)
    if any(loc.kind == "face" and loc.face != "top" for loc in clause.locs):
        raise ambiguous("a joined body is placed on the top face only, offline")
    axis = _axis(clause)
    size, world = oriented_size(clause, axis, b.assumptions)
    lo, hi = b.box()
    point = clause.loc("centre_point")
    if point is not None:
        if len([loc for loc in clause.locs if loc.kind not in ("direction_axis", "section")]) > 1:
            raise ambiguous("the joined body is placed twice (at a point and by other words)")
        centre: Vec = (point.values[0], point.values[1], point.values[2])
    else:
        frame = part_frame(b, lo, hi, world, round_object=size.kind != "box")
        what = clause.noun.kind if clause.noun else "body"
        centre = (resolve_axis(frame, clause.locs, 0, b.assumptions, what),
                  resolve_axis(frame, clause.locs, 1, b.assumptions, what), _join_z(clause, size, axis, world, (lo, hi)))
    if any(centre[k] + world[k] / 2 < lo[k] - 1e-9 or centre[k] - world[k] / 2 > hi[k] + 1e-9 for k in range(3)):
        raise ambiguous("the joined body does not reach the part: they would be separate solids")
    tool = placed_body(b, size, axis, world, centre)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[tool.id]))


def placed_join(clause: Clause) -> bool:
    """Does a join say how the body lies or its middle point (read by ``join_placed``, not the plain join)?"""
    return any(loc.kind in ("direction_axis", "section", "centre_point", "axis_in_face") for loc in clause.locs)


def hole_list(clause: Clause) -> list[Clause]:
    """"bore three holes through it, all through the centre point: Ø10 along X, Ø14 along Y and Ø18 along Z": one
    hole clause per listed item, each with the words said of them all."""
    items = clause.loc("hole_items")
    each = clause.loc("orient_each")
    if items is None and each is not None and clause.noun is not None and clause.noun.kind == "hole":
        if clause.noun.count != len(each.axes) or len(set(each.axes)) != len(each.axes):
            raise ambiguous(f"{clause.noun.count} holes announced, {len(each.axes)} directions listed (each once)")
        rest = [loc for loc in clause.locs if loc.kind != "orient_each"]
        return [replace(clause, noun=replace(clause.noun, count=1), locs=[*rest, Loc("direction_axis", axes=(a,))])
                for a in each.axes]
    if items is None:
        return [clause]
    pairs = list(zip(items.values[::2], items.values[1::2], strict=True))
    noun = clause.noun
    if noun is None or noun.kind != "hole" or noun.count != len(pairs) or clause.named("diameter", "radius") \
            or clause.sizes or noun.sizes:
        raise ambiguous(f"{noun.count if noun else 0} holes announced, {len(pairs)} listed, or a size given to none "
                        "of them")
    rest = [loc for loc in clause.locs if loc.kind != "hole_items"]
    return [replace(clause, noun=replace(noun, count=1, measures=[Measure("diameter", d)]),
                    locs=[*rest, Loc("direction_axis", axes=(int(axis),))]) for d, axis in pairs]
