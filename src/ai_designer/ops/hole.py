"""``hole``: round holes drilled into a face of the target (simple, counterbored or countersunk), at one or more
positions.

Schema, FreeCAD compilation, analytic box (a hole keeps its target's outline) and intent estimate, registered
together. The drilled holes are one cut; counterbores and countersinks are a second cut, so a counterbore may also
enlarge holes that were drilled by an earlier operation (the whole op must still remove material).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from ai_designer.ops.registry import OpSpec, block_like, register
from ai_designer.schemas.op_base import FeatureBase
from ai_designer.schemas.profiles import FaceName, Positions, Positive, center_point

if TYPE_CHECKING:
    from ai_designer.freecad.codegen_support import Script
    from ai_designer.planning.intent import Est

__all__ = ["Hole"]


class Hole(FeatureBase):
    """Holes drilled into ``face`` at ``at``; ``depth`` None means through all."""

    op: Literal["hole"] = "hole"
    diameter: Positive
    depth: Positive | None = None
    face: FaceName = "top"
    at: Positions = Field(default_factory=center_point)
    kind: Literal["simple", "counterbore", "countersink"] = "simple"
    cbore_diameter: Positive | None = None
    cbore_depth: Positive | None = None
    csink_diameter: Positive | None = None
    csink_angle: float = Field(default=90.0, gt=0, lt=180)

    @model_validator(mode="after")
    def _kind_fields(self) -> Hole:
        if self.kind == "counterbore":
            if self.cbore_diameter is None or self.cbore_depth is None:
                raise ValueError("counterbore hole needs cbore_diameter and cbore_depth")
            if self.cbore_diameter <= self.diameter:
                raise ValueError(f"counterbore diameter {self.cbore_diameter} mm must exceed the hole {self.diameter} mm")
        if self.kind == "countersink":
            if self.csink_diameter is None:
                raise ValueError("countersink hole needs csink_diameter")
            if self.csink_diameter <= self.diameter:
                raise ValueError(f"countersink diameter {self.csink_diameter} mm must exceed the hole {self.diameter} mm")
        return self


def _counterbore(s: Script, op: Hole, i: int, target: str, frame: Any, uv: Any) -> str:
    from ai_designer.freecad.codegen_support import lin, num
    from ai_designer.freecad.codegen_tools import MARGIN, Lin, place_tool, term, tool_start

    assert op.cbore_diameter is not None and op.cbore_depth is not None
    cb = s.name(f"{op.id}_cbore{i}")
    s.add(cb, "Part::Cylinder")
    s.bind(cb, "Radius", s.param(op.id, "cbore_diameter", op.cbore_diameter,
                                 f"{op.id}: counterbore diameter (mm)") + " / 2")
    cdepth = s.param(op.id, "cbore_depth", op.cbore_depth, f"{op.id}: counterbore depth (mm)")
    s.bind(cb, "Height", lin(cdepth, [(1, num(MARGIN))]))
    place_tool(s, cb, target, frame, uv, tool_start(frame, term(cdepth, -1), Lin(MARGIN)))
    return cb


def _countersink(s: Script, op: Hole, i: int, target: str, frame: Any, uv: Any, d: str) -> str:
    from ai_designer.freecad.codegen_support import num
    from ai_designer.freecad.codegen_tools import MARGIN, Lin, place_tool, term, tool_start

    assert op.csink_diameter is not None
    cs = s.name(f"{op.id}_csink{i}")
    s.add(cs, "Part::Cone")
    big_d = s.param(op.id, "csink_diameter", op.csink_diameter, f"{op.id}: countersink diameter (mm)")
    angle = s.param(op.id, "csink_angle", op.csink_angle, f"{op.id}: countersink angle (deg)")
    sink = f"({big_d} - {d}) / 2 / tan({angle} / 2)"
    small, big = f"{d} / 2", f"{big_d} / 2 + {num(MARGIN)} * tan({angle} / 2)"
    r1, r2 = (small, big) if frame.s > 0 else (big, small)
    s.bind(cs, "Radius1", r1)
    s.bind(cs, "Radius2", r2)
    s.bind(cs, "Height", f"{sink} + {num(MARGIN)}")
    place_tool(s, cs, target, frame, uv, tool_start(frame, term(f"({sink})", -1), Lin(MARGIN)))
    return cs


def _compile(s: Script, op: Hole) -> None:
    from ai_designer.freecad.codegen_support import FACES, num
    from ai_designer.freecad.codegen_tools import (
        MARGIN,
        Lin,
        check_reach,
        combine,
        compound,
        describe,
        overlapping,
        position_terms,
        term,
        through,
        tool,
    )
    from ai_designer.schemas.profiles import Circle

    target, frame = s.ref(op.target), FACES[op.face]
    depth = "through" if op.depth is None else f"{num(op.depth)} mm deep"
    s.emit(f"# --- {op.id}: {op.kind} hole d{num(op.diameter)} {depth} into the {op.face} of {op.target}, "
           f"{describe(op.at)} ---")
    check_reach(s, op, op.diameter / 2, op.diameter / 2)
    d = s.param(op.id, "diameter", op.diameter, f"{op.id}: hole diameter (mm)")
    bottom = through(target, frame) if op.depth is None else term(
        s.param(op.id, "depth", op.depth, f"{op.id}: hole depth (mm)"), -1)
    tools: list[str] = []  # counterbores / countersinks: cut in a second step (tools in one compound must not overlap)
    mains: list[str] = []
    for i, uv in enumerate(position_terms(s, op.id, op.at), start=1):
        mains.append(tool(s, f"{op.id}_drill{i}", op.id, Circle(diameter=op.diameter), target, frame, uv, bottom,
                          Lin(MARGIN), 0))
        if op.kind == "counterbore":
            tools.append(_counterbore(s, op, i, target, frame, uv))
        elif op.kind == "countersink":
            tools.append(_countersink(s, op, i, target, frame, uv, d))
    drills_touch = overlapping(op.at, op.diameter / 2)
    if not tools:
        combine(s, op.id, op.label, target, mains, "cut", mains, overlapping=drills_touch)
        return
    # the drilled step is not checked on its own: a counterbore may enlarge holes that already exist
    drilled = s.name(f"{op.id}_drilled")
    s.add(drilled, "Part::Cut")
    s.emit(f"{drilled}.Base = {target}", f"{drilled}.Tool = {compound(s, f'{op.id}_tools', mains, drills_touch)}")
    wide = max(op.cbore_diameter or 0, op.csink_diameter or 0) / 2
    var = s.name(op.id)
    s.add(var, "Part::Cut", op.label or op.id)
    s.emit(f"{var}.Base = {drilled}",
           f"{var}.Tool = {compound(s, f'{op.id}_{op.kind}s', tools, overlapping(op.at, wide))}")
    s.tools[op.id] = [*mains, *tools]
    s.checks.append(f"('cut', {(op.label or op.id)!r}, {var}, {target}, [{', '.join(tools)}])")
    s.objects[op.id] = var


def _estimate(op: Hole, known: dict[str, Any], plan: Any) -> Est:
    from ai_designer.ops.feature_support import cut_estimate

    t = known[op.target]
    pts = op.at.resolve()
    area, size, extra = math.pi * op.diameter ** 2 / 4, op.diameter, 0.0
    if op.kind == "counterbore" and op.cbore_diameter and op.cbore_depth:
        extra = math.pi / 4 * (op.cbore_diameter ** 2 - op.diameter ** 2) * op.cbore_depth
        size = op.cbore_diameter
    elif op.kind == "countersink" and op.csink_diameter:
        h = (op.csink_diameter - op.diameter) / 2 / math.tan(math.radians(op.csink_angle / 2))
        r1, r2 = op.csink_diameter / 2, op.diameter / 2
        extra = math.pi * h / 3 * (r1 * r1 + r1 * r2 + r2 * r2) - math.pi * r2 * r2 * h
        size = op.csink_diameter
    # a counterbore/countersink over an existing hole of the same diameter enlarges it: no new hole
    same = [(a, b) for a, b, r in t.marks if op.kind != "simple" and abs(r - op.diameter / math.sqrt(2)) < 1e-6]
    holes = t.holes + sum(1 for p in pts if not any(math.dist(p, k) < 1e-6 for k in same))
    return cut_estimate(t, op.face, op.depth, pts, area, size, size, extra=extra, holes=holes,
                        round_hole=op.kind == "simple")


def _extents(op: Hole, known: dict[str, Any]) -> Any:
    return known[op.target]  # a hole keeps the target's outline


SPEC = register(OpSpec("hole", Hole, _compile, _extents, _estimate,
                       block_like=lambda op, plan: block_like(plan, op.target)))
