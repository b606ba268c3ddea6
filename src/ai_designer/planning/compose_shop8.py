"""Compose functions of the ``shop8`` grammar block (semantics_shop8.py): hobbyist and machine-shop wording.

Dividers in an open tray ("add a 2 mm divider across the middle, parallel to the short 80 mm sides, splitting it into
two equal compartments, full height"): thin walls standing on the floor up to the rim, spanning the inside from wall
to wall, spaced so the inside is split into equal compartments. The words must agree with each other and with the
tray built before them — the side they run across is one of the tray's (and, said "short", its shorter one), the
compartments are one more than the dividers, a single divider "across the middle" — or the prompt is refused:
nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.core.errors import PlanError, RejectedError
from ai_designer.planning.build import Build, single_size
from ai_designer.planning.refusals import ambiguous
from ai_designer.planning.sentences import Clause, Loc, Measure, Noun
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Chamfer,
    Cylinder,
    Extrude,
    Hole,
    Placement,
    Polygon,
    Tube,
)

__all__ = ["SHOP8_ACTIONS", "axis_hole", "merge_posts"]

_TOL = 1e-6


def _said(clause: Clause) -> dict[str, tuple[float | None, str | None]]:
    said: dict[str, tuple[float | None, str | None]] = {}
    for loc in clause.locs:
        if loc.kind in said:
            raise ambiguous(f"the dividers' {loc.kind.replace('_', ' ')} is said twice")
        said[loc.kind] = (loc.value, loc.face)
    return said


def _spans_width(said: dict[str, tuple[float | None, str | None]], length: float, width: float) -> bool:
    """Whether the dividers span the tray's width (standing across the length) — from the side said."""
    if "span" not in said:
        raise ambiguous("which way the dividers run is not said (e.g. 'across the 80 mm width')")
    value, which = said["span"]
    side = float(value or 0.0)
    if abs(length - width) < _TOL:
        raise ambiguous("on a square tray 'across the width' does not say which way the dividers run")
    if (which == "short") != (abs(side - min(length, width)) < _TOL):
        raise ambiguous(f"the tray's {'shorter' if which == 'short' else 'longer'} side is not {side:g} mm")
    if abs(side - width) < _TOL:
        return True
    if abs(side - length) < _TOL:
        return False
    raise ambiguous(f"the dividers run across {side:g} mm, which is not a side of the {length:g} x {width:g} tray "
                    "(give its outside size)")


def divider_action(b: Build, clause: Clause) -> None:
    """Equal compartments: ``n`` dividers of thickness ``t`` across an inside ``span`` x ``run``, from the floor up."""
    tray = b.tray
    if tray is None or not tray.get("built") or b.current is None:
        raise ambiguous("dividers need the tray (its size, walls, floor and open top) described before them")
    if "outside" not in tray:
        raise ambiguous("dividers are placed in a tray given by its outside size")
    said = _said(clause)
    count, t = int(said["dividers"][0] or 0), float(said["thick"][0] or 0.0)
    if "full_height" not in said:
        raise ambiguous("how tall the dividers are is not said (e.g. 'full height')")
    parts = said.get("compartments", (None, None))[0]
    if parts is None and not ("middle" in said and count == 1):
        raise ambiguous("where the dividers sit is not said (e.g. 'splitting it into three equal compartments')")
    if parts is not None and int(parts) != count + 1:
        raise ambiguous(f"{count} divider(s) make {count + 1} compartments, not {parts:g}")
    if "middle" in said and count != 1:
        raise ambiguous("'across the middle' places one divider")
    length, width, height = (float(v) for v in tray["outside"])
    wall = float(tray["wall"])
    floor = float(tray["floor"]) if tray.get("floor") is not None else wall
    across_width = _spans_width(said, length, width)
    if said.get("compartments", (None, None))[1] == "length" and said["span"][1] != "short":
        raise ambiguous("compartments along the length need dividers across the width")
    run, span = (length, width) if across_width else (width, length)
    inner_run, inner_span, tall = run - 2 * wall, span - 2 * wall, height - floor
    room = (inner_run - count * t) / (count + 1)
    if room <= 0:
        raise PlanError(f"{count} dividers {t:g} mm thick do not fit in the {inner_run:g} mm inside")
    tools = []
    for i in range(1, count + 1):
        centre = -inner_run / 2 + i * room + (i - 0.5) * t
        at = (centre, 0.0, floor) if across_width else (0.0, centre, floor)
        size = (t, inner_span) if across_width else (inner_span, t)
        box = Box(id=b.new_id("divider"), length=size[0], width=size[1], height=tall, placement=Placement(at=at))
        b.add(box, becomes_current=False)
        tools.append(box.id)
    b.add(Boolean(id=b.new_id("divided"), kind="union", base=b.current, tools=tools))
    b.assumptions.append(f"{count} divider(s) {t:g} mm thick from the floor to the rim, {room:g} mm compartments")


def merge_posts(clauses: list[Clause]) -> list[Clause]:
    """"Each post gets a Ø2.5 hole …" said in its own sentence goes with the posts said just before it."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "s8_post_holes":
            if not out or out[-1].action != "s8_posts":
                raise ambiguous("a hole in each post needs the posts described just before it")
            out[-1] = replace(out[-1], locs=[*out[-1].locs, *clause.locs])
        else:
            out.append(clause)
    return out


def _post_height(said: dict[str, Loc], tall: float) -> float:
    """The post's height above the floor: said, up to the rim, or a distance below the rim (``tall``: floor to rim)."""
    if "height" not in said:
        raise ambiguous("how tall the posts are is not said (e.g. '10 tall' or 'up to the rim')")
    how, value = said["height"].face, float(said["height"].value or 0.0)
    if how != "to_rim" and "on_floor" not in said:
        raise ambiguous("where the posts stand is not said (e.g. 'standing on the floor')")
    height = tall if how == "to_rim" else tall - value if how == "below_rim" else value
    if height <= 0 or height > tall + _TOL:
        raise PlanError(f"posts {height:g} mm tall do not fit in the {tall:g} mm deep tray")
    return height


def posts_action(b: Build, clause: Clause) -> None:
    """A round post on the floor at each of the four inside corners, inset from the walls, each with its hole."""
    tray = b.tray
    if tray is None or not tray.get("built") or b.current is None or "outside" not in tray:
        raise ambiguous("corner posts need the tray (its outside size, walls, floor and open top) described before them")
    said: dict[str, Loc] = {}
    for loc in clause.locs:
        if loc.kind in said:
            raise ambiguous(f"the posts' {loc.kind.replace('_', ' ')} is said twice")
        said[loc.kind] = loc
    count, d = said["post"].values
    if ("corners" in said and count != 1) or ("corners" not in said and count != 4) or "inset" not in said:
        raise ambiguous("posts are read one in each of the four corners, inset from both walls (say e.g. 'in each "
                        "corner a Ø7 post, its centre 6 mm in from both outside walls')")
    length, width, height = (float(v) for v in tray["outside"])
    wall = float(tray["wall"])
    floor = float(tray["floor"]) if tray.get("floor") is not None else wall
    post_h = _post_height(said, height - floor)
    inset = float(said["inset"].value or 0.0) + (wall if said["inset"].face == "inside" else 0.0)
    if inset <= wall or 2 * inset >= min(length, width):
        raise PlanError(f"post centres {inset:g} mm in from the outside are not inside the tray")
    corners = [(sx * (length / 2 - inset), sy * (width / 2 - inset)) for sx in (-1, 1) for sy in (-1, 1)]
    posts = [Cylinder(id=b.new_id("post"), diameter=d, height=post_h, placement=Placement(at=(x, y, floor)))
             for x, y in corners]
    for post in posts:
        b.add(post, becomes_current=False)
    b.add(Boolean(id=b.new_id("with_posts"), kind="union", base=b.current, tools=[p.id for p in posts]))
    b.assumptions.append(f"4 posts Ø{d:g} x {post_h:g} mm on the floor, centres {inset:g} mm from the outside walls")
    if "hole" in said:
        _post_holes(b, said["hole"], corners, (d, floor + post_h, post_h))


def _post_holes(b: Build, hole: Loc, corners: list[tuple[float, float]], post: tuple[float, float, float]) -> None:
    """A blind hole down from each post's top (the tool rises 1 mm above the top so no face is shared)."""
    hd, depth = hole.values
    d, top, post_h = post
    if hd >= d or depth > post_h:
        raise PlanError(f"a Ø{hd:g} hole {depth:g} mm deep does not fit in a Ø{d:g} post {post_h:g} mm tall")
    tools = [Cylinder(id=b.new_id("post_hole"), diameter=hd, height=depth + 1.0,
                      placement=Placement(at=(x, y, top - depth))) for x, y in corners]
    for tool in tools:
        b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("post_holes"), kind="cut", base=b.current or "", tools=[t.id for t in tools]))


def _round_part(b: Build, what: str) -> None:
    """The part is one cylinder or tube standing on Z with plain through holes along Z cut in it, or ``what`` is
    refused: only there are the outer rims of the flat faces its two ends, and its centreline its axis."""
    base = b.ops[0] if b.ops else None
    if not isinstance(base, Cylinder | Tube) or any(v != 0 for v in base.placement.rotate):
        raise ambiguous(f"{what} is read on a round part standing on its end only")
    for op in b.ops[1:]:
        if not (isinstance(op, Hole) and op.kind == "simple" and op.depth is None and op.face in ("top", "bottom")):
            raise ambiguous(f"{what} is read offline only on a plain round part with through holes")


def axis_hole(b: Build, clause: Clause, actions: dict[str, Callable[[Build, Clause], None]]) -> None:
    """"Ø20 THRU ON CL": on a round part a through hole on its axis; on any other part the hole as the grammar read
    it before this rule (through, on the centreline of the face: ``cuts_compose``)."""
    d = clause.measure("diameter")
    assert d is not None
    try:
        _round_part(b, "a hole 'on the centreline'")
    except RejectedError:
        hole = Clause("cut", noun=Noun("hole", measures=[Measure("diameter", d)]),
                      locs=[Loc("through"), Loc("centreline")])
        actions["cut"](b, hole)
        return
    b.add(Hole(id=b.new_id("hole"), target=b.current or "", diameter=d))


def od_chamfer(b: Build, clause: Clause) -> None:
    """A chamfer on the outside rim of both end faces of a round part: the ``outer`` edges (the outer loops of flat
    faces) are exactly those two circles only while the part is one cylinder or tube standing on Z with plain through
    holes cut along Z (a blind hole's floor or a counterbore's step would be flat faces with rims of their own)."""
    _round_part(b, "a chamfer 'on the OD'")
    size = single_size(clause, "size")
    if size is None:
        raise ambiguous("the chamfer's size is not given")
    b.add(Chamfer(id=b.new_id("chamfer"), target=b.current or "", size=size, edges="outer"))


def bore_sharp(b: Build, clause: Clause) -> None:
    """"BORE EDGES SHARP": true of the chamfer just made on the outside rims only — checked, nothing is built."""
    last = b.ops[-1] if b.ops else None
    if not (isinstance(last, Chamfer) and last.edges == "outer") or not any(isinstance(op, Hole) for op in b.ops):
        raise ambiguous("'bore edges sharp' is read only after a chamfer on the outside diameter of a bored part")


def _angle_section(b: Build) -> tuple[float, float, float, float]:
    """Legs ``a`` (along X) and ``c`` (along Y), thickness and length of the angle the part is (stock_compose: the
    outside corner at -X -Y, the length along Z); any other part is refused."""
    base = b.ops[0] if len(b.ops) == 1 else None
    if not isinstance(base, Extrude) or not isinstance(base.profile, Polygon) or base.inner or len(
            base.profile.points) != 6 or not base.placement.is_identity():
        raise ambiguous("a hole 'through each leg' is read offline only on a plain piece of angle")
    p = base.profile.points
    a, c, t = p[1][0] - p[0][0], p[5][1] - p[0][1], p[2][1] - p[1][1]
    want = [(-a / 2, -c / 2), (a / 2, -c / 2), (a / 2, -c / 2 + t), (-a / 2 + t, -c / 2 + t), (-a / 2 + t, c / 2),
            (-a / 2, c / 2)]
    if any(abs(u - v) > _TOL for q, w in zip(p, want, strict=True) for u, v in zip(q, w, strict=True)):
        raise ambiguous("a hole 'through each leg' is read offline only on a plain piece of angle")
    return a, c, t, base.height


def angle_leg_holes(b: Build, clause: Clause) -> None:
    """One hole through each leg of an angle, halfway along it, at the distance said from the outside corner."""
    a, c, t, length = _angle_section(b)
    said = {loc.kind: float(loc.value or 0.0) for loc in clause.locs}
    if len(said) != len(clause.locs) or set(said) != {"mid_length", "from_heel"}:
        raise ambiguous("a hole through each leg: say it is centred on the length and how far from the outside corner")
    if abs(said["mid_length"] - length) > _TOL:
        raise ambiguous(f"the angle is {length:g} long, not {said['mid_length']:g}")
    d, s = clause.measure("diameter") or 0.0, said["from_heel"]
    if s - d / 2 <= t or s + d / 2 >= min(a, c) or d >= length:
        raise PlanError(f"a Ø{d:g} hole {s:g} from the outside corner does not fit the legs of the angle")
    along_y = Cylinder(id=b.new_id("leg_hole"), diameter=d, height=t + 2.0,  # through the leg lying along X
                       placement=Placement(at=(-a / 2 + s, -c / 2 - 1.0, length / 2), rotate=(-90.0, 0.0, 0.0)))
    along_x = Cylinder(id=b.new_id("leg_hole"), diameter=d, height=t + 2.0,  # through the leg along Y
                       placement=Placement(at=(-a / 2 - 1.0, -c / 2 + s, length / 2), rotate=(0.0, 90.0, 0.0)))
    b.add(along_y, becomes_current=False)
    b.add(along_x, becomes_current=False)
    b.add(Boolean(id=b.new_id("leg_holes"), kind="cut", base=b.current or "", tools=[along_y.id, along_x.id]))


SHOP8_ACTIONS = {"s8_leg_holes": angle_leg_holes, "s8_divider": divider_action, "s8_posts": posts_action, "s8_od_chamfer": od_chamfer,
                 "s8_bore_sharp": bore_sharp}
