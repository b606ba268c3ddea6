"""Slots, pockets and windows whose ends, run direction or sides are said (the ``recesses round`` of grammar.lark).

``mark_recesses`` (a pass over the clauses) gives a slot or pocket clause that says any of those the action
``recess``; ``recess`` builds it as one profile cut into one face. Every way of saying which way the length runs
("running the long way", "along the length of the bar", "the 60 along the 100 side", "running along the 6 inch
direction") names one axis of the face; two that disagree, or one across the face (the way the cut goes in), are
refused rather than one of them dropped.
"""

from __future__ import annotations

from dataclasses import replace

from ai_designer.planning.build import FACE_UV, PLACE, Build, cut_depth, cut_face, face_uv, only_uses
from ai_designer.planning.cuts_compose import _outline, _run_axis, _side_of
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.round_cuts import round_pocket
from ai_designer.planning.sentences import Clause, Loc, Noun, Size
from ai_designer.schemas.task_graph import Box, Hole, Pocket, Points, Rectangle, RoundedRectangle, Slot

__all__ = ["RECESS_ACTIONS", "mark_recesses"]

_SAID = {"ends", "overall", "side_match", "direction_axis", "round_ends", "run_dim"}
_MINE = {"ends", "overall", "side_match"}


_OUTLINES = {"rectangle", "square", "circle"}


def _sketch_pocket(sketch: Clause | None, pocket: Clause) -> Clause:
    """"on the top face sketch a 30 x 20 rect centred on the face and pocket it 8 deep": one pocket cut into the
    face the sketch is on, at the sketch's place; a sketch on a plane (not a face of the part) is refused."""
    if sketch is None or sketch.action != "sketch" or sketch.noun is None or sketch.noun.kind not in _OUTLINES:
        raise reject("'pocket it' needs a rectangle or circle sketched on a face just before")
    if not any(loc.kind == "face" for loc in sketch.locs) or any(loc.kind == "plane" for loc in sketch.locs):
        raise reject("'pocket it': say which face of the part the sketch is on (e.g. 'on the top face sketch …')")
    noun = sketch.noun
    if noun.kind == "square":
        if len(noun.sizes) != 1 or len(noun.sizes[0].values) != 1 or noun.measures:
            raise reject("the square to pocket is not given one side")
        noun = Noun("pocket", sizes=[Size((noun.sizes[0].values[0],) * 2)])
    else:
        noun = Noun("pocket", sizes=list(noun.sizes), measures=list(noun.measures))
    return Clause("cut", noun=noun, measures=[*sketch.measures, *pocket.measures], sizes=list(sketch.sizes),
                  locs=list(sketch.locs))


def mark_recesses(clauses: list[Clause]) -> list[Clause]:
    """A slot or pocket cut that says its ends or the way it runs is built by ``recess`` (not ``cuts_compose``,
    which places a slot along the face's longer side and reads no direction); "pocket it 8 deep" is the sketch
    before it cut as a pocket."""
    out: list[Clause] = []
    for clause in clauses:
        if clause.action == "pocket_sketch":
            sketch = out.pop() if out else None
            clause = _sketch_pocket(sketch, clause)
        kind = clause.noun.kind if clause.noun else ""
        kinds = {loc.kind for loc in clause.locs}
        if clause.action == "cut" and kind in ("slot", "pocket") and "full" not in kinds and (
                kinds & _MINE or "direction_axis" in kinds):
            clause = replace(clause, action="recess")
        out.append(clause)
    return out


def _run_from_words(b: Build, clause: Clause, face: str, length: float, width: float) -> int | None:
    """The axis the length runs along, from every term that says it (all must agree); None when none does."""
    lo, hi = b.box()
    ext = {a: hi[a] - lo[a] for a in FACE_UV[face]}
    said: list[int] = []
    for loc in clause.locs:
        if loc.kind == "direction_axis" and loc.face == "long":
            longest = max(ext.values())
            hits = [a for a, e in ext.items() if abs(e - longest) < 1e-6]
            if len(hits) != 1 or longest < max(hi[k] - lo[k] for k in range(3)) - 1e-6:
                raise ambiguous(f"'the long way': the {face} face has no single longest side of the part")
            said.append(hits[0])
        elif loc.kind == "direction_axis":
            if loc.axes[0] not in ext:
                raise ambiguous(f"the {'XYZ'[loc.axes[0]]} direction goes into the {face} face, not along it")
            said.append(loc.axes[0])
        elif loc.kind == "run_dim":
            said.append(_side_of(b, face, float(loc.value or 0.0)))
        elif loc.kind == "side_match":
            own, part = loc.values
            side = _side_of(b, face, part)
            if abs(own - length) < 1e-6 and abs(own - width) > 1e-6:
                said.append(side)
            elif abs(own - width) < 1e-6 and abs(own - length) > 1e-6:
                said.append(next(a for a in ext if a != side))
            else:
                raise ambiguous(f"'the {own:g} along the {part:g}': {own:g} is not one side of the {length:g} x "
                                f"{width:g} cut")
    if len(set(said)) > 1:
        raise ambiguous("the cut is said to run along two different sides")
    return said[0] if said else None


def _profile(clause: Clause, what: str, length: float, width: float) -> Slot | Rectangle | RoundedRectangle:
    """Round ends make a slot profile, square ends a rectangle; a slot is round-ended unless said otherwise."""
    ends = {loc.face for loc in clause.locs if loc.kind == "ends"} | ({"round"} if clause.has("round_ends") else set())
    if len(ends) > 1:
        raise ambiguous(f"the {what} is said to have round and square ends")
    corner = clause.measure("corner_radius")
    if corner is not None and (what != "pocket" or ends):
        raise reject(f"inside corner radii on a {what} with ends said: only plain pockets take them offline")
    if ends == {"round"} or (what == "slot" and not ends):
        return Slot(length=length, width=width)
    if corner is not None:
        return RoundedRectangle(length=length, width=width, radius=corner)
    return Rectangle(length=length, width=width)


def recess(b: Build, clause: Clause) -> None:
    """A slot or pocket with its ends, run direction or sides said: one profile into one face."""
    what = clause.noun.kind if clause.noun else "slot"
    if what == "pocket" and clause.named("diameter", "radius"):
        if clause.has("ends") or clause.has("side_match") or clause.has("direction_axis"):
            raise reject("a round pocket has no ends or direction")
        round_pocket(b, replace(clause, action="cut", locs=[loc for loc in clause.locs if loc.kind != "overall"]))
        return
    only_uses(clause, PLACE | {"face", "through"} | _SAID, {"length", "width", "depth", "corner_radius"},
              max_sizes=1)
    length, width = _outline(clause, what)
    placed = replace(clause, locs=[loc for loc in clause.locs if loc.kind not in _SAID])
    face = cut_face(placed)
    run = _run_from_words(b, clause, face, length, width)
    if run is None:
        run = _run_axis(b, clause, face, what)
    size = [width, width, width]
    size[run] = length
    depth = cut_depth(placed, what, b, default_through=what == "slot")
    uv = face_uv(b, placed, face, (size[0], size[1], size[2]), False, what)
    angle = 0.0 if run == FACE_UV[face][0] else 90.0
    b.add(Pocket(id=b.new_id(what), target=b.current or "", profile=_profile(clause, what, length, width),
                 depth=depth, face=face, at=Points(points=[uv]), angle=angle))


_EDGE_SIDE = {"front": (1, -1.0), "back": (1, 1.0), "left": (0, -1.0), "right": (0, 1.0)}


def _step_side(b: Build, loc: Loc, hi: list[float], lo: list[float]) -> tuple[int, float]:
    """The top edge a step runs along, as (the axis across it, -1 or +1 for its side); "one of the long top edges"
    takes the front (or left) one, which gives the same part mirrored (recorded)."""
    if loc.face is not None:
        across, sign = _EDGE_SIDE[loc.face]
        if loc.value and hi[1 - across] - lo[1 - across] < hi[across] - lo[across] - 1e-6:
            raise ambiguous(f"the {loc.face} top edge is not one of the long ones")
        return across, sign
    if not loc.value:
        raise ambiguous("which top edge the step runs along is not said (e.g. 'along the front top edge')")
    if abs((hi[0] - lo[0]) - (hi[1] - lo[1])) < 1e-6:
        raise ambiguous("'the long top edges': the top face is square")
    across = 1 if hi[0] - lo[0] > hi[1] - lo[1] else 0
    b.assumptions.append(f"the step is cut along the {'front' if across == 1 else 'left'} top edge (either long "
                         "edge gives the same part, mirrored)")
    return across, -1.0


def step_cut(b: Build, clause: Clause) -> None:
    """A step (rebate) along one top edge of a block: ``width`` in from the edge, ``depth`` down, the full length."""
    only_uses(clause, {"step_edge", "direction_axis"}, {"width", "depth", "length"}, max_sizes=0)
    if not b.ops or not isinstance(b.ops[0], Box) or any(not isinstance(op, (Box, Pocket, Hole)) for op in b.ops) \
            or sum(isinstance(op, Box) for op in b.ops) != 1:
        raise reject("a step along an edge is cut offline only into a plain block")
    lo, hi = b.box()
    across, sign = _step_side(b, clause.loc("step_edge") or Loc("step_edge"), list(hi), list(lo))
    run = 1 - across
    for loc in clause.locs:
        if loc.kind == "direction_axis" and (loc.axes[0] != run if loc.face != "long" else
                                             hi[run] - lo[run] < hi[across] - lo[across] - 1e-6):
            raise ambiguous("the step is said to run along another side than its edge")
    length = hi[run] - lo[run]
    stated = clause.measure("length")
    if stated is not None and abs(stated - length) > 1e-6:
        raise reject(f"a step {stated:g} long on a {length:g} edge: only full-length steps are cut offline")
    if not clause.has("direction_axis") and stated is None:
        b.assumptions.append("the step runs the full length of its edge (not stated)")
    width, depth = clause.measure("width"), clause.measure("depth")
    if width is None or depth is None:
        raise reject("the step's width and depth are not both given (say e.g. '8 mm wide by 8 mm deep')")
    if width >= hi[across] - lo[across] or depth >= hi[2] - lo[2]:
        raise reject(f"a {width:g} x {depth:g} step does not fit the part")
    uv = [0.0, 0.0]
    uv[across] = sign * ((hi[across] - lo[across]) / 2 - width / 2)
    b.add(Pocket(id=b.new_id("step"), target=b.current or "", profile=Rectangle(length=length, width=width),
                 depth=depth, face="top", at=Points(points=[(uv[0], uv[1])]), angle=0.0 if run == 0 else 90.0))


RECESS_ACTIONS = {"recess": recess, "step_cut": step_cut}
