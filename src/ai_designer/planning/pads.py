"""Finishes and pads placed by what is already on the part.

A sketch drawn on the top face of the part so far and padded up: a body joined on top.

"On its top face sketch a Ø30 circle at the centre and pad that another 20 mm" unions a cylinder standing on the
top of the part, placed by the location algebra like any joined body. Other faces and downward pads are refused.
"""

from __future__ import annotations

from ai_designer.planning.build import Build, part_frame
from ai_designer.planning.intent import estimate
from ai_designer.planning.locate import resolve_axis
from ai_designer.planning.refusals import ambiguous, reject
from ai_designer.planning.sentences import Clause
from ai_designer.schemas.task_graph import (
    Boolean,
    Box,
    CADPlan,
    Chamfer,
    Cylinder,
    Fillet,
    Hole,
    Operation,
    Placement,
    Prism,
)

__all__ = ["before_holes", "bore_ends", "named_body_edges", "pad_on_top", "top_of_joined"]

_ON_PART = {"face", "on_top", "centre", "coord", "offset", "from_face", "at_face", "plane"}


def _on_top_face(sketch: Clause, pad: Clause) -> None:
    faces = {loc.face for loc in sketch.locs if loc.kind == "face"}
    on_top = faces == {"top"} or (not faces and sketch.has("on_top"))
    planes = {loc.face for loc in sketch.locs if loc.kind == "plane"}
    if not on_top or planes - {"xy"} or any(loc.kind not in _ON_PART for loc in sketch.locs):
        raise reject("a sketch on an existing part is padded offline only from its top face (say 'on the top face')")
    if any(loc.kind != "direction" or loc.face != "up" for loc in pad.locs):
        raise reject("a sketch on the part's top face is padded up only, offline")


def pad_on_top(b: Build, sketch: Clause, pad: Clause, kind: str, size: tuple[float, float, float]) -> None:
    """Join the padded outline (``kind``: rectangle, circle, polygonN; ``size``: its two sizes and the distance)."""
    _on_top_face(sketch, pad)
    a, c, dist = size
    if kind.startswith("polygon") and (not a or c):
        raise reject("a polygon padded on the part needs its size across flats")
    lo, hi = b.box()
    round_object = kind != "rectangle"
    foot = (a, c) if kind == "rectangle" else (a, a) if kind == "circle" else (a, a)
    frame = part_frame(b, lo, hi, (foot[0], foot[1], dist), round_object)
    centre = (resolve_axis(frame, sketch.locs, 0, b.assumptions, "sketch"),
              resolve_axis(frame, sketch.locs, 1, b.assumptions, "sketch"))
    at = Placement(at=(centre[0], centre[1], hi[2]))
    tool: Operation
    if kind == "rectangle":
        tool = Box(id=b.new_id("block"), length=a, width=c, height=dist, placement=at)
    elif kind == "circle":
        tool = Cylinder(id=b.new_id("cylinder"), diameter=a, height=dist, placement=at)
    else:
        tool = Prism(id=b.new_id("prism"), sides=int(kind[7:]), across_flats=a, height=dist, placement=at)
    base = b.current or ""
    b.add(tool, becomes_current=False)
    b.add(Boolean(id=b.new_id("joined"), kind="union", base=base, tools=[tool.id]))


def top_of_joined(b: Build, edges: str, diameter: float) -> str:
    """"The top edge of the round boss": the edges at the top of the part, when they all belong to the body joined
    last (it stands above everything else); ``diameter`` (0 = not stated) must match that body."""
    last = next((op for op in b.ops if op.id == b.current), None)
    if edges not in ("top", "top_outer") or not isinstance(last, Boolean) or last.kind != "union" \
            or len(last.tools) != 1:
        raise reject("edges of a named feature are selected offline only as the top edge of a body joined last")
    tool = next(op for op in b.ops if op.id == last.tools[0])
    if diameter and not (isinstance(tool, Cylinder) and abs(tool.diameter - diameter) < 1e-6):
        raise reject(f"the body joined last is not a Ø{diameter:g} cylinder")
    est = estimate(CADPlan(operations=list(b.ops), result=b.current))
    if est[last.base].hi[2] >= est[tool.id].hi[2] - 1e-6:
        raise reject("the body joined last does not stand above the rest of the part: its top edge cannot be "
                     "selected offline")
    return "top"


def before_holes(b: Build, action: str, size: float) -> None:
    """"Break the outside edges …, hole edges left sharp": the finish goes on the block before its holes are
    drilled, so only the outside edges are touched. The part so far must be a block with plain holes only."""
    chain: list[Hole] = []
    op = next((o for o in b.ops if o.id == b.current), None)
    while isinstance(op, Hole) and op.kind == "simple":
        chain.append(op)
        op = next((o for o in b.ops if o.id == op.target), None)
    if not isinstance(op, Box):
        raise reject("'the outside edges' are selected offline only on a block with plain holes")
    finish: Operation = Fillet(id=b.new_id("fillet"), target=op.id, radius=size) if action == "fillet" else \
        Chamfer(id=b.new_id("chamfer"), target=op.id, size=size)
    b.ops.insert(b.ops.index(op) + 1, finish)
    if not chain:
        b.current = finish.id
        return
    first = chain[-1]
    b.ops[b.ops.index(first)] = first.model_copy(update={"target": finish.id})


def bore_ends(b: Build) -> str:
    """"Chamfer on bore, both ends": the circular edges, when the only round thing on the part is one plain
    through hole drilled last into a block or a prism (then its two rims are the part's only circular edges)."""
    last = next((op for op in b.ops if op.id == b.current), None)
    base = next((op for op in b.ops if isinstance(last, Hole) and op.id == last.target), None)
    single = isinstance(last, Hole) and last.kind == "simple" and last.depth is None and len(last.at.resolve()) == 1
    if not single or not isinstance(base, (Box, Prism)) or len(b.ops) != 2:
        raise reject("'the bore, both ends' is selected offline only on a block or prism with one through bore")
    return "circular"


_BODY_OPS = {"box": "box", "cube": "box", "plate": "box", "bar": "box", "cylinder": "cylinder", "sphere": "sphere",
             "hemisphere": "sphere", "cone": "cone"}


def named_body_edges(b: Build, edges: str, named: str) -> str:
    """"a 1 mm fillet on the top edge of the block" of a block with a boss on it: the plan's edge groups are the
    whole part's, so the fillet went round the boss's top. A body named by its noun on a part of several bodies is
    only the body joined last, standing above the rest (``top_of_joined``); anything else is refused."""
    last = next((op for op in b.ops if op.id == b.current), None)
    tool = next((op for op in b.ops if isinstance(last, Boolean) and last.tools and op.id == last.tools[-1]), None)
    if tool is None or getattr(tool, "op", "") != _BODY_OPS.get(named, named) or edges not in ("top", "top_outer"):
        raise ambiguous(f"'the {edges.replace('_', ' ')} edges of the {named}': on a part of several bodies the "
                        "offline planner selects edge groups of the whole part, not of one body")
    return top_of_joined(b, edges, 0.0)
