"""Sketches placed in model coordinates, extruded along their plane's normal: a box or a cylinder where the words put
it, the first body or one joined to (``pad``) or cut from (``pocket … through all``) the part so far.

In the sketch's plane each side comes from a span (``X from -20 to 20``) or a length along an axis placed by an anchor
(``from the origin``: the corner there; ``centred at X = 0, Z = 30``); a first sketch with no anchor is centred on the
origin (stated in the assumptions). Along the normal the extent comes from the extrusion: a distance one way
(``6 in +Z``, ``15 along -Z``, ``40 up in Z``), each way (``symmetric, 10 mm each way``) or a range
(``from Z = 0 up to Z = 30``); a plain ``pad 10`` goes up the normal from the plane. Anything stated twice must agree.
"""

from __future__ import annotations

from ai_designer.planning.bodies import body_size
from ai_designer.planning.build import BODY_DIMS, Build, only_uses, primitive
from ai_designer.planning.compose_sweeps import rotation, turn_to
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Cylinder,
    Extrude,
    Operation,
    Outline,
    Placement,
    Pocket,
    Polygon,
)

__all__ = ["PLANES", "SKETCH_ACTIONS", "create_from_origin", "extrude_placed", "normal_extent", "traced_body"]

PLANES = {"xy": (0, 1, 2), "xz": (0, 2, 1), "yz": (1, 2, 0)}  # (u, v, normal)
_TURN = {2: (0.0, 0.0, 0.0), 1: (-90.0, 0.0, 0.0), 0: (0.0, 90.0, 0.0)}  # a cylinder's Z onto the normal
_NAME = "XYZ"


def _placed_sketch(b: Build, clause: Clause) -> None:
    if b.sketch is not None:
        raise reject("a second sketch before the first one is used")
    b.sketch = clause


def _lengths(sketch: Clause, u: int, v: int) -> dict[int, float]:
    """Side lengths of a rectangle by axis: "120 along X", "60 (X)", "a 50 x 30 rectangle" (in the plane's order)."""
    out: dict[int, float] = {}
    for loc in sketch.locs:
        if loc.kind == "axis_len":
            if loc.axes[0] in out or loc.axes[0] not in (u, v):
                raise ambiguous(f"a side along {_NAME[loc.axes[0]]} that is given twice or is not in the sketch plane")
            out[loc.axes[0]] = float(loc.value or 0)
    sizes = [x for s in [*(sketch.noun.sizes if sketch.noun else []), *sketch.sizes] for x in s.values]
    if sizes and out:  # "a 30 x 12 rectangle …, 30 along X and 12 along Z": the same sides, in the plane's order
        if len(sizes) != 2 or out != {u: sizes[0], v: sizes[1]}:
            raise ambiguous("the sketch's sides are given twice")
        return out
    if len(sizes) == 2:
        out = {u: sizes[0], v: sizes[1]}
    elif len(sizes) == 1 and sketch.noun and sketch.noun.kind == "square":
        out = {u: sizes[0], v: sizes[0]}
    elif sizes:
        raise reject("the sketch's sides are not clear (say e.g. 'a rectangle 60 (X) by 40 (Y)')")
    return out


def _words_agree(sketch: Clause, spans: dict[int, float], n: int) -> None:
    """"16 wide (X from -8 to 8) and 20 tall (Z …)": on a standing plane "tall" is the side along Z and "wide" /
    "long" the other; each must agree with the side it names (on the XY plane they name no axis: refused)."""
    for m in sketch.named("width", "height", "length"):
        axis = 2 if m.dim == "height" else next((a for a in spans if a != 2), None)
        if n == 2 or axis not in spans or abs(spans[axis] - m.value) > 1e-9:
            raise ambiguous(f"'{m.value:g} mm {m.dim}' of a sketch: say which axis (e.g. '40 along X')")


def _in_plane(b: Build, sketch: Clause, u: int, v: int, n: int) -> dict[int, tuple[float, float]]:
    """Where the outline lies along the plane's two axes: ``{axis: (lo, hi)}``."""
    kind = sketch.noun.kind if sketch.noun else ""
    if kind == "circle":
        d = sketch.measure("diameter") or 2 * (sketch.measure("radius") or 0)
        lengths = {u: d, v: d} if d else {}
    elif kind in ("rectangle", "square"):
        lengths = _lengths(sketch, u, v)
    else:
        raise reject(f"a {kind or 'profile'} sketch placed in model coordinates is not built offline")
    spans = {loc.axes[0]: loc.values for loc in sketch.locs if loc.kind == "span"}
    anchors = [loc for loc in sketch.locs if loc.kind == "anchor"]
    if len(anchors) > 1 or any(a not in (u, v) for a in spans):
        raise ambiguous("the sketch is placed twice, or along an axis that is not in its plane")
    out: dict[int, tuple[float, float]] = {}
    for axis in (u, v):
        out[axis] = _side(b, axis, lengths.get(axis), spans.get(axis), anchors[0] if anchors else None, kind)
    if kind == "circle" and abs((out[u][1] - out[u][0]) - (out[v][1] - out[v][0])) > 1e-9:
        raise ambiguous("a circle's spans differ")
    _words_agree(sketch, {a: hi - lo for a, (lo, hi) in out.items()}, n)
    return out


def _side(b: Build, axis: int, length: float | None, span: tuple[float, ...] | None, anchor: Loc | None,
          kind: str) -> tuple[float, float]:
    if span is not None:
        if length is not None and abs(length - (span[1] - span[0])) > 1e-9 or anchor is not None:
            raise ambiguous(f"the sketch's extent along {_NAME[axis]} is given twice and does not agree")
        return span[0], span[1]
    if length is None:
        raise reject(f"the sketch's size along {_NAME[axis]} is not given")
    if anchor is not None and anchor.face == "corner":
        if kind == "circle":
            raise ambiguous("a circle 'from the origin': give its centre (e.g. 'centred at X = 0, Y = 0')")
        return 0.0, length
    if anchor is not None and anchor.face == "centre":
        centre = dict(zip(anchor.axes, anchor.values, strict=True))
        if axis in centre:
            return centre[axis] - length / 2, centre[axis] + length / 2
    if b.current is not None:
        raise reject(f"where the sketch lies along {_NAME[axis]} is not given (say e.g. 'from the origin')")
    b.assumptions.append(f"sketch: centred on the origin along {_NAME[axis]} (not stated)")
    return -length / 2, length / 2


def normal_extent(clause: Clause, n: int) -> tuple[float, float]:
    """The extrusion's extent along the sketch plane's normal ``n``."""
    extents = [loc for loc in clause.locs if loc.kind == "extent"]
    sizes = [x for s in clause.sizes for x in s.values] + [m.value for m in clause.measures]
    axes = [loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis" and loc.axes and loc.face != "long"]
    if len(extents) + len(sizes) != 1 or len(axes) > 1 or any(
            loc.kind not in ("extent", "extent_total", "direction", "direction_axis") for loc in clause.locs):
        raise reject("how far the sketch is extruded is not given once (say e.g. 'pad 6 in +Z')")
    if sizes:  # "pad 10", "extrude 12 along Y": up the normal; "down" (XY only), "symmetric(ally)": in all
        way = next((loc.face for loc in clause.locs if loc.kind == "direction"), "up")
        if way == "down" and n != 2:
            raise ambiguous("'down' or 'the opposite direction' of a sketch not on the XY plane")
        if way == "symmetric":
            ext = Loc("extent", face="each_way", axes=(axes[0] if axes else n,), value=sizes[0] / 2)
        else:  # "negative": "in the negative Z direction" (its axis is checked against the normal below)
            ext = Loc("extent", face="along", axes=(axes[0] if axes else n,),
                      value=-sizes[0] if way in ("down", "negative") else sizes[0])
    else:
        ext = extents[0]
    if ext.axes[0] != n:
        raise ambiguous(f"the sketch is extruded along {_NAME[ext.axes[0]]}, which is not its plane's normal "
                        f"({_NAME[n]})")
    d = float(ext.value or 0)
    lo, hi = {"along": (min(0.0, d), max(0.0, d)), "each_way": (-d, d)}.get(ext.face or "", ext.values)
    total = clause.loc("extent_total")
    if total is not None and abs(float(total.value or 0) - (hi - lo)) > 1e-9:
        raise ambiguous(f"the extrusion is {hi - lo:g} mm in all, not {total.value:g}")
    return lo, hi


def _body(b: Build, sketch: Clause, box: dict[int, tuple[float, float]], n: int) -> Operation:
    lo = tuple(box[a][0] for a in range(3))
    size = tuple(box[a][1] - box[a][0] for a in range(3))
    if sketch.noun and sketch.noun.kind == "circle":
        centre = [(box[a][0] + box[a][1]) / 2 for a in range(3)]
        centre[n] = box[n][0]
        return Cylinder(id=b.new_id("cylinder"), diameter=size[(n + 1) % 3], height=size[n],
                        placement=Placement(at=(centre[0], centre[1], centre[2]), rotate=_TURN[n]))
    return Box(id=b.new_id("block"), length=size[0], width=size[1], height=size[2],
               placement=Placement(at=(lo[0] + size[0] / 2, lo[1] + size[1] / 2, lo[2])))


def _trace(sketch: Clause, u: int, v: int) -> list[tuple[float, float]]:
    """The corners of an outline traced from the origin by moves along the plane's axes (each move changes one)."""
    point = {u: 0.0, v: 0.0}
    out = [(0.0, 0.0)]
    for move in (loc for loc in sketch.locs if loc.kind == "move"):
        axis = move.axes[0]
        if axis not in point:
            raise ambiguous(f"a move along {_NAME[axis]}, which is not in the sketch plane")
        point[axis] = point[axis] + float(move.value or 0) if move.face == "by" else float(move.value or 0)
        corner = (point[u], point[v])
        if corner == out[-1]:
            raise ambiguous("a move that goes nowhere in the traced outline")
        out.append(corner)
    if out[-1] == out[0]:
        out.pop()
    if len(out) < 3:
        raise reject("a traced outline needs at least three corners")
    return out


def traced_body(b: Build, points: list[tuple[float, float]], n: int, extent: tuple[float, float]) -> Operation:
    """The outline extruded along the normal: on XZ the profile's Y is Z and it is extruded towards -Y from ``hi``
    (a turn cannot map the profile's axes onto X, Z, +Y); on YZ a turn takes X, Y, Z to Y, Z, X."""
    lo, hi = extent
    at = {2: (0.0, 0.0, lo), 1: (0.0, hi, 0.0), 0: (lo, 0.0, 0.0)}[n]
    rotate = {2: (0.0, 0.0, 0.0), 1: (90.0, 0.0, 0.0), 0: turn_to(0, 1)}[n]
    # the profile is centred on its own origin (the plan's box of an extrusion assumes it) and moved back by `at`
    cu = (min(p[0] for p in points) + max(p[0] for p in points)) / 2
    cv = (min(p[1] for p in points) + max(p[1] for p in points)) / 2
    m = rotation(*rotate)
    at = (at[0] + m[0][0] * cu + m[0][1] * cv, at[1] + m[1][0] * cu + m[1][1] * cv, at[2] + m[2][0] * cu + m[2][1] * cv)
    return Extrude(id=b.new_id("profile"), profile=Polygon(points=[(x - cu, y - cv) for x, y in points]),
                   height=hi - lo, placement=Placement(at=(round(at[0], 9), round(at[1], 9), round(at[2], 9)),
                                                       rotate=rotate))


def extrude_placed(b: Build, clause: Clause) -> None:
    """``pad`` / ``extrude`` of a placed sketch: the first body, or joined to the part so far."""
    sketch, b.sketch = b.sketch, None
    assert sketch is not None
    u, v, n = PLANES[next(loc.face or "" for loc in sketch.locs if loc.kind == "plane")]
    if sketch.noun and sketch.noun.kind == "traced":
        body = traced_body(b, _trace(sketch, u, v), n, normal_extent(clause, n))
    else:
        box = _in_plane(b, sketch, u, v, n)
        box[n] = normal_extent(clause, n)
        body = _body(b, sketch, box, n)
    if b.current is None:
        b.add(body)
        return
    base = b.current
    b.add(body, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[body.id]))


def _sketch_cut(b: Build, clause: Clause) -> None:
    """"pocket it through all in both directions": the sketch cut through the whole part along its normal."""
    sketch, b.sketch = b.sketch, None
    if sketch is None or sketch.action != "placed_sketch" or b.current is None:
        raise reject("'pocket it' needs a sketch on a plane and a part to cut")
    u, v, n = PLANES[next(loc.face or "" for loc in sketch.locs if loc.kind == "plane")]
    box = _in_plane(b, sketch, u, v, n)
    lo, hi = b.box()
    box[n] = (lo[n] - 1.0, hi[n] + 1.0)
    tool = _body(b, sketch, box, n)
    base = b.current
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("cut"), kind="cut", base=base, tools=[tool.id]))


def _offset_pocket(b: Build, clause: Clause) -> None:
    """A pocket whose outline is the part's own outline seen from the face, offset inward (``Outline``); "N mm
    walls" must be the offset; the part must be a plain block (so "square inside corners" holds too)."""
    if b.current is None:
        raise reject("an outline offset needs a part")
    offset = float(next(loc.value or 0 for loc in clause.locs if loc.kind == "outline_offset"))
    walls = [float(loc.value or 0) for loc in clause.locs if loc.kind == "walls"]
    if any(abs(w + offset) > 1e-9 for w in walls):
        raise ambiguous(f"walls of {walls[0]:g} mm around an outline offset {-offset:g} mm inward")
    current = next(op for op in b.ops if op.id == b.current)
    if not isinstance(current, Box):  # the outline of a round part came out wrong in FreeCAD: not offered
        raise reject("a pocket following the part's outline is built offline only in a plain block")
    face = next(loc.face for loc in clause.locs if loc.kind == "face")
    b.add(Pocket(id=b.new_id("pocket"), target=b.current, profile=Outline(offset=offset),
                 depth=clause.measure("depth"), face=face))  # type: ignore[arg-type]


def create_from_origin(b: Build, clause: Clause) -> None:
    """"a block … with a corner at the origin": the block spans 0 … L, 0 … W, 0 … H (the first body only)."""
    if b.current is not None:
        raise reject("'a corner at the origin' of a body added to a part is not placed offline")
    only_uses(clause, {"anchor"}, BODY_DIMS)
    size = body_size(clause, b.assumptions)
    if size.kind != "box":
        raise reject(f"a {size.kind} has no corner to put at the origin")
    length, width, _ = size.dims
    b.add(primitive(b, size, (length / 2, width / 2), 0.0))


SKETCH_ACTIONS = {"placed_sketch": _placed_sketch, "sketch_cut": _sketch_cut, "offset_pocket": _offset_pocket}
