"""Composition of the ``openers`` block (``semantics_openers.py``): shells said after the body.

"Hollow it out leaving 4 mm walls and a 4 mm bottom, open at the top", "shell the block: remove the top face and make
the walls and floor 2 mm thick": the part so far hollowed to walls of one thickness, open at the faces named (a CAD
shell, whose floor is as thick as its walls). A floor of another thickness is a pocket, read only on a plain block or
upright cylinder with nothing on it yet. What the words check ("so it is an open box with a 2.5 mm floor", "keeping
the outside size 40 x 40 x 30") is checked against what is built; a face not named open is refused, never guessed.
A part still being described as a tray ("Outside it's 90 x 90 and 70 tall. Hollow it out leaving 3 mm walls …") is
given its walls, floor and open top (``trays_compose``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ai_designer.planning.build import BODY_DIMS, PLACE, Build, only_uses
from ai_designer.planning.compose_unions import oriented_size, placed_body
from ai_designer.planning.cuts_compose import cut
from ai_designer.planning.hole_patterns import PATTERN_LOCS
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause, Loc, Size
from ai_designer.planning.trays_compose import tray_action
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    Chamfer,
    Circle,
    Cone,
    Cylinder,
    Fillet,
    Operation,
    Pocket,
    Prism,
    Rectangle,
    Revolve,
    Shell,
)

__all__ = ["OPENER_ACTIONS", "said_checks", "shell_body"]

#: features a shell goes through to find the body it hollows (its faces are still the body's, planar where open)
_THROUGH = (Fillet, Chamfer)


def _one(clause: Clause, kind: str) -> float | None:
    values = {float(loc.value or 0.0) for loc in clause.locs if loc.kind == kind}
    if len(values) > 1:
        raise ambiguous(f"the {kind} thickness is given twice ({', '.join(f'{v:g}' for v in sorted(values))} mm)")
    return values.pop() if values else None


def _open_faces(clause: Clause) -> list[str]:
    faces = list(dict.fromkeys(loc.face for loc in clause.locs if loc.kind == "open" and loc.face))
    if not faces:
        raise ambiguous("the shell does not say which face is open (say e.g. 'open at the top', or 'closed')")
    return faces


def _root(b: Build) -> Operation:
    """The body the part so far was made from, through finishes on its edges; anything else is refused."""
    op = next(o for o in b.ops if o.id == b.current)
    while isinstance(op, _THROUGH):
        op = next(o for o in b.ops if o.id == op.target)
    if not isinstance(op, (Box, Cylinder)) or any(op.placement.rotate):
        raise reject("hollowing a part that is not one block or upright cylinder (with rounded or chamfered edges) "
                     "is not read offline")
    return op


def _check_outside(b: Build, clause: Clause) -> None:
    said = next((loc.values for loc in clause.locs if loc.kind == "outside_said"), None)
    if said is None:
        return
    lo, hi = b.box()
    size = tuple(h - lo_ for lo_, h in zip(lo, hi, strict=True))
    if len(said) != 3 or any(abs(s - v) > 1e-6 for s, v in zip(said, size, strict=True)):
        raise ambiguous(f"the outside size said ({' x '.join(f'{v:g}' for v in said)}) is not the part's "
                        f"({' x '.join(f'{v:g}' for v in size)})")


def _pocketed(b: Build, root: Operation, wall: float, floor: float) -> None:
    """Walls and a floor of other thicknesses, open at the top: the plain body pocketed from its top face."""
    if isinstance(root, Box):
        if 2 * wall >= min(root.length, root.width) or floor >= root.height:
            raise ambiguous(f"{wall:g} mm walls and a {floor:g} mm floor leave nothing inside the part")
        profile: Rectangle | Circle = Rectangle(length=root.length - 2 * wall, width=root.width - 2 * wall)
        height = root.height
    else:
        assert isinstance(root, Cylinder)
        if 2 * wall >= root.diameter or floor >= root.height:
            raise ambiguous(f"{wall:g} mm walls and a {floor:g} mm floor leave nothing inside the part")
        profile, height = Circle(diameter=root.diameter - 2 * wall), root.height
    b.add(Pocket(id=b.new_id("cavity"), target=root.id, profile=profile, depth=height - floor))


def shell_body(b: Build, clause: Clause) -> None:
    """The part so far hollowed: one wall thickness (a shell), or a floor of its own on a plain body (a pocket)."""
    wall, floor = _one(clause, "wall"), _one(clause, "floor")
    if wall is None:
        raise reject("the wall thickness of the shell is not given (say e.g. 'hollow it out leaving 2 mm walls')")
    faces = _open_faces(clause)
    if b.current is None:
        if b.tray is None or b.tray.get("built") or faces != ["top"]:
            raise reject("there is no part yet to hollow — describe the body first")
        locs = [Loc("wall", value=wall), Loc("open", value=1.0)] + ([Loc("floor", value=floor)] if floor else [])
        tray_action(b, Clause("tray", locs=locs))
        return
    _check_outside(b, clause)
    root = _root(b)
    if floor is not None and abs(floor - wall) > 1e-9:
        if faces != ["top"] or root.id != b.current:
            raise reject("a floor thicker or thinner than the walls is read offline only for a plain block or upright "
                         "cylinder open at the top")
        _pocketed(b, root, wall, floor)
        return
    if floor is None:
        b.assumptions.append(f"shell: the floor is as thick as the walls ({wall:g} mm)")
    lo, hi = b.box()
    if 2 * wall >= min(h - low for low, h in zip(lo, hi, strict=True)):
        raise ambiguous(f"{wall:g} mm walls leave nothing inside the part")
    b.add(Shell(id=b.new_id("shell"), target=b.current, thickness=wall, open_faces=faces))  # type: ignore[arg-type]


_PLANE_AXES = {"xy": (0, 1), "xz": (0, 2), "yz": (1, 2)}


def _sides_said(clause: Clause) -> Clause:
    """"a 60 x 40 rectangle … (60 along X)": the sketch's two sides put in the plane's order by the side said (the
    other side lies along the plane's other axis); a side that is not one of the rectangle's is refused."""
    said = next(loc for loc in clause.locs if loc.kind == "side_said")
    plane = next((loc.face for loc in clause.locs if loc.kind == "plane" and loc.face), "xy")
    in_noun = bool(clause.noun and clause.noun.sizes)
    sizes = clause.noun.sizes if clause.noun and in_noun else clause.sizes
    pairs = [s for s in sizes if len(s.values) == 2 and not s.axes]
    axes = _PLANE_AXES.get(plane, (0, 1))
    if clause.action not in ("sketch", "placed_sketch") or len(pairs) != 1 or said.axes[0] not in axes:
        raise reject(f"'({float(said.value or 0):g} along {'XYZ'[said.axes[0]]})' is read offline only after a "
                     "rectangle's two sides, in its sketch plane")
    values, k = pairs[0].values, axes.index(said.axes[0])
    if abs(values[k] - float(said.value or 0)) > 1e-9:
        if abs(values[1 - k] - float(said.value or 0)) > 1e-9:
            raise ambiguous(f"{float(said.value or 0):g} is not a side of the {values[0]:g} x {values[1]:g} outline")
        values = (values[1], values[0])
    new = [Size(values) if s is pairs[0] else s for s in sizes]
    locs = [loc for loc in clause.locs if loc.kind != "side_said"]
    if in_noun and clause.noun is not None:
        return replace(clause, noun=replace(clause.noun, sizes=new), locs=locs)
    return replace(clause, sizes=new, locs=locs)


def said_checks(clauses: list[Clause]) -> list[Clause]:
    """What a clause says of the part it makes, checked rather than built: "(OVERALL HT 30)" after a body stacked on
    the part becomes a check made once it is joined; "FIRST HOLE ON +X AXIS" of a bolt circle on the top or bottom
    face is where the circle starts anyway (0° = +X)."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "op_keep_common":
            out[-2:] = _kept_common(out[-2:])
            continue
        if clause.action == "placed_sketch" and (clause.has("plane_also") or _plane(clause) == "same"):
            clause = _same_plane(out, clause)
        if clause.action == "op_holes_placed":
            out[-1:] = [_holes_placed(out[-1] if out else None, clause)]
            continue
        if clause.action == "extrude" and clause.has("direction_axis") and out and out[-1].action == "sketch":
            clause = _up_the_normal(out[-1], clause)
        if clause.has("side_said"):
            clause = _sides_said(clause)
        if clause.action == "join" and clause.noun and clause.noun.kind in _BODIES:
            clause = _on_face(clause)
        if clause.action == "cut" and clause.noun and clause.noun.kind in _SOLIDS and clause.has("origin") and any(
                c.action == "create" and c.has("origin") for c in out):  # the part was placed on the origin too
            clause = replace(clause, action="op_cut_at_origin")
        if clause.action == "cut" and clause.has("part_axis") and {"top", "bottom"} & _faces(clause):
            clause = replace(clause, action="op_axis_hole")
        if clause.has("hub_axis") and clause.has("direction_axis"):
            clause = _upright_on_axis(clause)
        if clause.has("first_on_x"):
            _first_on_x(clause)
        overall = [loc for loc in clause.locs if loc.kind == "overall_said"]
        kept = [loc for loc in clause.locs if loc.kind not in ("first_on_x", "overall_said")]
        out.append(replace(clause, locs=kept) if len(kept) != len(clause.locs) else clause)
        if overall:
            stacked = clause.has("on_top") or clause.has("under")
            out.append(Clause("op_overall", locs=[*overall, *([Loc("stacked")] if stacked else [])]))
    return out


_BODIES = {"box", "cube", "plate", "bar", "cylinder", "cone", "prism4", "prism6", "prism8"}
_STACK = {"top": "on_top", "bottom": "under"}
_SOLIDS = {"box", "cube", "plate", "bar", "cylinder", "sphere", "cone"}


def _on_face(clause: Clause) -> Clause:
    """"add a cylinder …, centred on the top face": a body joined on the top face stands on it (on the bottom face,
    under it); another face, or a face said besides "on top", is left to the join's own checks."""
    faces = [loc for loc in clause.locs if loc.kind == "face"]
    if len(faces) != 1 or faces[0].face not in _STACK or clause.has("on_top") or clause.has("under"):
        return clause
    return replace(clause, locs=[Loc(_STACK[faces[0].face or ""]) if loc is faces[0] else loc for loc in clause.locs])


def _holes_placed(before: Clause | None, clause: Clause) -> Clause:
    """"4x Ø6.6 THRU. HOLE CENTRES 10 FROM ADJACENT EDGES.": the place said is the holes' just before, which must
    not be placed already (replaces that clause)."""
    noun = before.noun if before else None
    if before is None or before.action != "cut" or noun is None or noun.kind != "hole" or any(
            loc.kind in PATTERN_LOCS | PLACE for loc in before.locs):
        raise reject("'hole centres … from adjacent edges' is read offline only right after holes with no place yet")
    return replace(before, locs=[*before.locs, *clause.locs])


def _kept_common(pair: list[Clause]) -> list[Clause]:
    """"First make a 50 mm cube centred on the origin. Next make a sphere … also centred on the origin. Keep only the
    volume that is inside both of them.": the second body intersects the first (both centred on the origin, nothing
    else said of where they are)."""
    if len(pair) != 2 or any(c.action != "create" or c.noun is None or c.noun.kind not in _SOLIDS for c in pair) or any(
            [loc.kind for loc in c.locs] != ["origin"] or c.locs[0].face != "centre" for c in pair):
        raise reject("'keep only the volume inside both' is read offline only right after two bodies, each centred on "
                     "the origin")
    return [pair[0], replace(pair[1], action="intersect")]


def _plane(clause: Clause) -> str | None:
    return next((loc.face for loc in clause.locs if loc.kind == "plane"), None)


def _same_plane(before: list[Clause], clause: Clause) -> Clause:
    """"a second sketch on the same plane", "a new sketch, also on the XY plane": the plane of the sketch before
    (which must be that plane when it is named again)."""
    earlier = next((p for c in reversed(before) if c.action in ("placed_sketch", "sketch", "profile")
                    for p in [_plane(c)] if p), None)
    said = _plane(clause)
    if earlier is None or said not in ("same", earlier):
        raise ambiguous(f"'{'the same plane' if said == 'same' else 'also on the ' + str(said).upper() + ' plane'}' "
                        "but the sketch before is on no such plane")
    locs = [Loc("plane", face=earlier) if loc.kind == "plane" else loc for loc in clause.locs if loc.kind != "plane_also"]
    return replace(clause, locs=locs)


def _cut_at_origin(b: Build, clause: Clause) -> None:
    """"with a 50 mm sphere, also centred on the origin, subtracted from it": the body's middle on the model origin,
    cut from the part (which it must overlap)."""
    only_uses(clause, {"origin", "direction_axis"}, BODY_DIMS)
    if any(loc.kind == "origin" and loc.face != "centre" for loc in clause.locs):
        raise reject("a body cut 'at the origin' is read offline only when it is centred on the origin")
    axes = [loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis"]
    axis = axes[0] if len(axes) == 1 else None
    size, world = oriented_size(clause, axis, b.assumptions)
    if size.kind == "hemisphere":
        raise ambiguous("a hemisphere's centre can mean its flat face's centre or its middle")
    lo, hi = b.box()
    if any(world[k] / 2 <= lo[k] + 1e-9 or -world[k] / 2 >= hi[k] - 1e-9 for k in range(3)):
        raise ambiguous("the body centred on the origin does not reach into the part: it would cut nothing")
    tool = placed_body(b, size, axis, world, (0.0, 0.0, 0.0))
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("cut"), kind="cut", base=base, tools=[tool.id]))


def _faces(clause: Clause) -> set[str]:
    return {loc.face or "" for loc in clause.locs if loc.kind == "face"}


def _axis_hole(b: Build, clause: Clause) -> None:
    """"a Ø6 hole 15 deep up from the bottom, on the axis": a hole on the axis of a part standing upright, into the
    end face named (the axis runs along Z, so the face says the way in)."""
    first = b.ops[0] if b.ops else None
    if not isinstance(first, (Cylinder, Cone, Prism, Revolve)) or any(first.placement.rotate) or (
            _faces(clause) - {"top", "bottom"}) or clause.has("direction_axis"):
        raise reject("'on the axis' is read offline of a part standing upright on Z, drilled into its top or bottom face")
    cut(b, replace(clause, action="cut", locs=[Loc("centre") if loc.kind == "part_axis" else loc
                                               for loc in clause.locs]))


def _upright_on_axis(clause: Clause) -> Clause:
    """"drill a hole vertically … along the cylinder axis": the axis of a body joined upright runs along Z."""
    if {loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis"} != {2}:
        raise ambiguous("the hole is said to run along the upright body's axis and along another axis")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "direction_axis"])


def _up_the_normal(sketch: Clause, clause: Clause) -> Clause:
    """"Sketch a 60 x 40 rectangle. Pad it 8 mm in +Z": a pad from the XY plane along +Z is the pad up its normal
    (other planes' normals point either way: refused)."""
    plane = next((loc.face for loc in sketch.locs if loc.kind == "plane" and loc.face), "xy")
    axes = {loc.axes[0] for loc in clause.locs if loc.kind == "direction_axis"}
    if plane != "xy" or axes != {2}:
        raise reject("a pad along an axis is read offline for a sketch on the XY plane along Z (say 'pad it 8 mm up')")
    return replace(clause, locs=[loc for loc in clause.locs if loc.kind != "direction_axis"])


def _first_on_x(clause: Clause) -> None:
    faces = {loc.face for loc in clause.locs if loc.kind == "face"}
    if clause.action != "cut" or not clause.has("pcd") or faces - {"top", "bottom"} or clause.has("direction_axis"):
        raise reject("'first hole on the X axis' is read offline only of a bolt circle drilled into the top face")


def _overall(b: Build, clause: Clause) -> None:
    said = float(clause.locs[0].value or 0.0)
    if not clause.has("stacked"):
        raise reject("an overall height said of a body that is not stacked on the part is not read offline")
    lo, hi = b.box()
    if abs(hi[2] - lo[2] - said) > 1e-6:
        raise ambiguous(f"the overall height said ({said:g}) is not the part's ({hi[2] - lo[2]:g})")


OPENER_ACTIONS: dict[str, Callable[[Build, Clause], None]] = {"shell_body": shell_body, "op_overall": _overall,
                                                            "op_axis_hole": _axis_hole,
                                                            "op_cut_at_origin": _cut_at_origin}
