"""Composition of the ``shapes`` block (semantics_shapes.py): shape and posture words checked against the part.

A pass over the clauses (``shape_words``) settles what the words said before the plan is built, and drops each word
once checked: how a regular polygon is turned ("with two of its flats parallel to the X axis", against the planner's
polygon, a corner on +X), a first polygon sketched on XY centred on the origin (the plain sketch the extrusion
builds), the centre of a polygon a hole goes through (an odd polygon's is not its box's), "standing" / "lying flat"
(against the body's sizes), an L-shaped outline (against its points), a blind hole's flat bottom, "leaving a
hemispherical dish", a dome's flat face on the part; U-brackets and T-shapes said over several sentences are
gathered into one clause each (compose_ubracket.py, compose_tshape.py). Actions: V and half-round grooves along a
block's top face (``profile_groove``), "it steps down to Ø12 for another 25 mm" (``step_down``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ai_designer.core.errors import AIDesignerError
from ai_designer.planning.bodies import BOX_KINDS, body_size
from ai_designer.planning.build import Build, only_uses
from ai_designer.planning.compose_sketch import traced_body
from ai_designer.planning.compose_sweep_words import check_l_section
from ai_designer.planning.compose_tshape import gather_t, t_shape
from ai_designer.planning.compose_ubracket import gather_u, u_bracket
from ai_designer.planning.lathe import lathe_section
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import Boolean, Box, Cylinder, Operation, Placement

__all__ = ["SHAPE_ACTIONS", "dimple", "shape_words"]

_AXIS = "XYZ"
_TURN = {0: (0.0, 90.0, 0.0), 1: (-90.0, 0.0, 0.0)}  # a cylinder's Z onto X or Y


def _flats_parallel(sides: int, axis: int) -> int:
    """How many flats of the planner's regular polygon (a corner on +X) are parallel to ``axis`` (X or Y): the flat
    midpoints lie at odd multiples of 180°/n, so a flat is parallel to X when n = 2 (mod 4) (two of them) and to Y
    when n is odd (one, opposite the corner)."""
    if axis == 0:
        return 2 if sides % 4 == 2 else 0
    return 1 if sides % 2 else 0


def _check_flats(clause: Clause) -> Clause:
    """"with two of its flats parallel to the X axis": true of the polygon as built (else refused), then dropped."""
    said = [loc for loc in clause.locs if loc.kind == "shp_flats"]
    if not said:
        return clause
    kind = clause.noun.kind if clause.noun else ""
    if not kind.startswith("polygon"):
        raise ambiguous("flats said of an outline that is not a regular polygon")
    for loc in said:
        have = _flats_parallel(int(kind[7:]), loc.axes[0])
        if not have or int(loc.value or 0) > have:
            raise ambiguous(f"the {kind[7:]}-sided outline is built with a corner on +X: it has {have or 'no'} flat(s) "
                            f"parallel to the {_AXIS[loc.axes[0]]} axis")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "shp_flats"])


def _origin_polygon(clause: Clause) -> Clause:
    """"sketch a regular hexagon on XY, centred on the origin": the first sketch, which is centred on the origin on
    the XY plane anyway — the plain sketch the extrusion builds (a prism standing on Z = 0)."""
    kind = clause.noun.kind if clause.noun else ""
    if clause.action != "placed_sketch" or not kind.startswith("polygon"):
        return clause
    plane = [loc for loc in clause.locs if loc.kind == "plane"]
    rest = [loc for loc in clause.locs if loc.kind != "plane"]
    at_origin = all(loc.kind == "anchor" and loc.face == "centre" and not any(loc.values) for loc in rest)
    if [loc.face for loc in plane] != ["xy"] or len(rest) > 1 or not at_origin:
        return clause
    return replace(clause, action="sketch", locs=[Loc("plane", face="xy")])


def _polygon_centre(before: list[Clause], clause: Clause) -> Clause:
    """"a hole in the middle of the hexagon / through the centre of the pentagon": when the part so far is that
    polygon's extrusion alone, the polygon's centre — which "centre" is on any odd polygon's footprint
    (``polygon_centres.py``)."""
    if clause.action != "cut" or not clause.has("centre_outline"):
        return clause
    kinds = [c.action for c in before]
    sketch = before[0] if kinds in (["sketch", "extrude"], ["profile", "extrude"]) else None
    kind = sketch.noun.kind if sketch is not None and sketch.noun else ""
    if sketch is None or not kind.startswith("polygon"):
        return clause
    return replace(clause, locs=[*(loc for loc in clause.locs if loc.kind != "centre_outline"),
                                 Loc("centre", axes=(0, 1))])


def _dims(clause: Clause) -> tuple[str, tuple[float, float, float]] | None:
    """The body's kind and its sizes along X, Y, Z as composed (``None`` when they are not all given: the action
    refuses that itself)."""
    try:
        size = body_size(clause, [])
    except AIDesignerError:
        return None
    return size.kind, size.dims


def _posture(clause: Clause) -> Clause:
    """"standing (on top of it)", "stands", "lying flat": checked against the body and dropped. Standing: a body
    that stands along Z as composed — a block or cylinder said to be tall (its height named) with no other axis
    said (a round one may be said long: it stands along its length); lying flat: a block whose thickness (Z) is
    its smallest side, a cylinder no taller than it is wide."""
    said = {loc.kind for loc in clause.locs} & {"shp_standing", "shp_flat"}
    if not said:
        return clause
    if clause.action not in ("create", "join") or len(said) > 1:
        raise ambiguous("'standing' or 'lying flat' said of something that is not one body")
    axes = {a for loc in clause.locs if loc.kind == "direction_axis" for a in loc.axes}
    found = _dims(replace(clause, locs=[]))
    if found is None or found[0] not in (*BOX_KINDS, "cylinder", "cone") or axes - {2}:
        raise reject(f"'{'standing' if 'shp_standing' in said else 'lying flat'}' of this body is not read offline")
    kind, (x, y, z) = found
    if clause.action == "join" and any(loc.face == "own" for loc in clause.locs if loc.kind == "shp_standing"):
        raise ambiguous("'standing on its base' of a body put on the part: on which face is not known")
    tall = clause.measure("height") if kind in BOX_KINDS else clause.measure("height", "length")
    if "shp_standing" in said and tall is None:
        raise ambiguous("'standing' of a body whose height is not said: which way it stands is not known")
    if "shp_flat" in said and (axes or z > min(x, y) + 1e-9):
        raise ambiguous(f"a {kind} {x:g} x {y:g} x {z:g} (X, Y, Z) does not lie flat")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind not in said])


def _letter(clause: Clause) -> Clause:
    """"an L-shaped profile (0,0) -> (40,0) -> …": the points must draw an L (six corners, sides along the axes,
    one inside corner)."""
    said = clause.loc("shp_letter")
    if said is None:
        return clause
    corners = clause.loc("vertices")
    if corners is None:
        raise reject(f"an {said.face}-shaped outline is built offline only from its points")
    values = corners.values
    check_l_section([(values[i], values[i + 1]) for i in range(0, len(values), 2)], {"l_section"})
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "shp_letter"])


def _flat_bottom(clause: Clause) -> Clause:
    """"with a flat bottom": a blind hole (its depth said, or "blind"), whose bottom is flat as the plan cuts it."""
    if not clause.has("shp_flat_bottom"):
        return clause
    kind = clause.noun.kind if clause.noun else ""
    blind = clause.has("blind") or clause.measure("depth") is not None
    if clause.action != "cut" or kind != "hole" or not blind or clause.has("through"):
        raise ambiguous("'a flat bottom' is read offline of a blind hole (its depth given) only")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "shp_flat_bottom"])


def _hemi(clause: Clause) -> Clause:
    """"…, leaving a hemispherical dish": the clause cuts a sphere whose centre is in the middle of the top face."""
    if not clause.has("shp_hemi"):
        return clause
    at = [loc for loc in clause.locs if loc.kind != "shp_hemi"]
    sphere = clause.action == "cut" and clause.noun is not None and clause.noun.kind == "sphere"
    if not sphere or [(loc.kind, loc.face) for loc in at] != [("centre_at", "top")]:
        raise ambiguous("'leaving a hemispherical …' of a cut that is not a sphere centred on the top face")
    return replace(clause, action="shp_dimple", locs=at)


def dimple(b: Build, clause: Clause, actions: dict[str, Any]) -> None:
    """A hemispherical dimple or dish is a hollow in the top face: a sphere that reaches the part's bottom or sides
    would cut a hole through it instead (a radius-25 "dimple" in a 20 mm block came out of the bottom): refused."""
    size = clause.measures[0] if clause.measures else None
    lo, hi = b.box()
    if size is not None:
        r = size.value if size.dim == "radius" else size.value / 2
        room = min(hi[2] - lo[2], (hi[0] - lo[0]) / 2, (hi[1] - lo[1]) / 2)
        if r >= room - 1e-9:
            raise reject(f"a hemispherical dimple of radius {r:g} mm does not fit in the part "
                         f"({hi[0] - lo[0]:g} x {hi[1] - lo[1]:g} x {hi[2] - lo[2]:g} mm): it would cut through it")
    actions["cut"](b, replace(clause, action="cut"))


def _flat_on(clause: Clause) -> Clause:
    """"(a hemisphere …) flat face on top face of plate": a dome put on top of the part, standing on its flat face (a
    hemisphere's base, as it is built); said of another body, which face is flat is not known."""
    if not clause.has("shp_flat_on"):
        return clause
    kind = clause.noun.kind if clause.noun else ""
    if clause.action not in ("create", "join") or kind != "hemisphere" or clause.has("on_top"):
        raise ambiguous("'flat face on the top face' is read offline of a hemisphere put on the part only")
    locs = [loc for loc in clause.locs if loc.kind != "shp_flat_on"]
    return replace(clause, action="join", locs=[*locs, Loc("on_top")])


def shape_words(clauses: list[Clause]) -> list[Clause]:
    out: list[Clause] = []
    for i, clause in enumerate(gather_t(gather_u(clauses))):
        clause = _flat_on(_hemi(_flat_bottom(_letter(_posture(_check_flats(clause))))))
        if i == 0:
            clause = _origin_polygon(clause)
        out.append(_polygon_centre(out, clause))
    return out


def _run_axis(clause: Clause, size: tuple[float, float, float]) -> int:
    """The axis (X or Y) the groove runs along: from "along the full 90 length", "along the 60 length", "running
    the 1.25 width direction", "along Y" / "across the top", or across the side it is "centred on the 50 width" of.
    Every statement must name the same axis; a size names the side that long (a square top names none)."""
    said: set[int] = set()
    for loc in clause.locs:
        if loc.kind in ("full", "shp_run", "centre_dim"):
            axis = _side_axis(loc, size)
            said.add(axis if loc.kind != "centre_dim" else 1 - axis)
        elif loc.kind == "direction_axis" and loc.face == "long":  # "along its length": the face's longer side
            said.add(_side_axis(Loc("full", face="length"), size))
        elif loc.kind == "direction_axis":
            if loc.axes[0] == 2:
                raise ambiguous("a groove along the top face runs along X or Y")
            said.add(loc.axes[0])
    if len(said) != 1:
        raise ambiguous("the way the groove runs is " + ("not given (say e.g. 'along the full 90 length')" if not said
                                                          else "given twice and does not agree"))
    return said.pop()


def _side_axis(loc: Loc, size: tuple[float, float, float]) -> int:
    if loc.value is not None:
        axes = [a for a in (0, 1) if abs(size[a] - float(loc.value)) < 1e-6]
    elif abs(size[0] - size[1]) > 1e-6:
        longer = 0 if size[0] > size[1] else 1
        axes = [longer if loc.face == "length" else 1 - longer]
    else:
        axes = []
    if len(axes) != 1:
        said = f"{loc.value:g} {loc.face}" if loc.value is not None else str(loc.face)
        raise ambiguous(f"'the {said}' does not name one side of the top face")
    return axes[0]


def _v_section(clause: Clause) -> tuple[float, float]:
    """A V-groove's (depth, width at the face) from two of its included angle, depth and top width (a third must
    agree)."""
    angle, depth = clause.measure("angle"), clause.measure("depth")
    widths = {m.value for m in clause.named("width", "top_width")}  # a V is only as wide as it is at the face
    if len(widths) > 1:
        raise ambiguous("the V-groove's width is given twice and does not agree")
    width = widths.pop() if widths else None
    if angle is not None and not 0 < angle < 180:
        raise reject(f"a V-groove with an included angle of {angle:g}°")
    half = math.tan(math.radians(angle) / 2) if angle is not None else None
    if depth is None and half and width is not None:
        depth = width / 2 / half
    if width is None and half and depth is not None:
        width = 2 * depth * half
    if depth is None or width is None:
        raise reject("a V-groove needs two of its angle, depth and width at the top")
    if half is not None and abs(width - 2 * depth * half) > 1e-3:
        raise ambiguous(f"a {angle:g}° V-groove {depth:g} deep is {2 * depth * half:g} wide at the top, not {width:g}")
    return depth, width


def _round_section(clause: Clause) -> float:
    """A half-round groove's radius: its axis lies in the face, so it is as deep as its radius (checked)."""
    r, d = clause.measure("radius"), clause.measure("diameter")
    if (r is None) == (d is None):
        raise reject("a half-round groove needs its radius or its diameter (one of them)")
    radius = r if r is not None else (d or 0.0) / 2
    depth = clause.measure("depth")
    if depth is not None and abs(depth - radius) > 1e-6:
        raise ambiguous(f"a half-round groove of radius {radius:g} is {radius:g} deep, not {depth:g}")
    return radius


def _groove_tool(b: Build, kind: str, clause: Clause, run: int, mid: float, top: float,
                 extent: tuple[float, float], size: tuple[float, float, float]) -> Operation:
    across = 1 - run
    if kind == "shp_round":
        r = _round_section(clause)
        if 2 * r >= size[across] or r >= size[2]:
            raise reject(f"a half-round groove of radius {r:g} does not fit the part")
        at = [0.0, 0.0, top]
        at[across], at[run] = mid, extent[0]
        return Cylinder(id=b.new_id("groove_tool"), diameter=2 * r, height=extent[1] - extent[0],
                        placement=Placement(at=(at[0], at[1], at[2]), rotate=_TURN[run]))
    depth, width = _v_section(clause)
    if width >= size[across] or depth >= size[2]:
        raise reject(f"a V-groove {width:g} wide and {depth:g} deep does not fit the part")
    over = 1.0  # the section goes on 1 mm above the face, at the same angle, so the cut leaves no skin
    half = width / 2 + over * width / 2 / depth
    points = [(mid - half, top + over), (mid + half, top + over), (mid, top - depth)]
    return traced_body(b, points, run, extent)


def profile_groove(b: Build, clause: Clause) -> None:
    """A V or half-round groove the whole length of a block's top face, centred across it: a triangular prism (its
    apex ``depth`` below the face) or a cylinder (its axis in the face) cut through the block from end to end."""
    kind = clause.noun.kind if clause.noun else ""
    clause = replace(clause, measures=[*clause.measures, *(clause.noun.measures if clause.noun else [])], noun=None)
    only_uses(clause, {"centre", "face", "full", "shp_run", "centre_dim", "direction_axis", "shp_axis_face"},
              {"angle", "depth", "width", "top_width"} if kind == "shp_v" else
              {"depth", "radius", "diameter"}, max_sizes=0)
    if kind == "shp_v" and clause.has("shp_axis_face"):
        raise reject("the axis of a V-groove")
    current = next((op for op in b.ops if op.id == b.current), None)
    if not isinstance(current, Box):
        raise reject("a V or half-round groove is cut offline only along a plain block")
    if any(loc.face != "top" for loc in clause.locs if loc.kind == "face"):
        raise reject("a V or half-round groove is cut offline only in the top face")
    if not clause.has("face") and not clause.has("shp_axis_face"):
        b.assumptions.append("groove: in the top face (not stated)")
    if not any(loc.kind in ("centre", "centre_dim") for loc in clause.locs):
        b.assumptions.append("groove: centred across the face (not stated)")
    lo, hi = b.box()
    size = (hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2])
    run = _run_axis(clause, size)
    tool = _groove_tool(b, kind, clause, run, (lo[1 - run] + hi[1 - run]) / 2, hi[2], (lo[run] - 1.0, hi[run] + 1.0),
                        size)
    base = current.id
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("groove"), kind="cut", base=base, tools=[tool.id]))


def step_down(b: Build, clause: Clause) -> None:
    """"… and then it steps down to Ø12 for another 25 mm at one end": a smaller section on the top of the round bar
    made before (the lathe's "one end"; both ends of a plain bar are alike)."""
    current = next((op for op in b.ops if op.id == b.current), None)
    d, _, length = clause.locs[0].values
    if not isinstance(current, Cylinder) or not current.placement.is_identity():
        raise reject("'it steps down to …' is read offline after a plain round bar standing on Z only")
    if d >= current.diameter:
        raise ambiguous(f"Ø{d:g} is no step down from Ø{current.diameter:g}")
    b.assumptions.append("the step is on the top end of the bar (the bar stands on Z)")
    lathe_section(b, d, d, length)


SHAPE_ACTIONS = {"shp_groove": profile_groove, "shp_step_down": step_down, "shp_u": u_bracket, "shp_t": t_shape}
