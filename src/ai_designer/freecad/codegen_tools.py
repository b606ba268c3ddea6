"""Tool solids placed on a face of a target's bounding box: the shared FreeCAD code of hole, pocket, boss and pattern.

Holes, pockets and bosses (``ops/hole.py``, ``ops/pocket.py``, ``ops/boss.py``) build tool solids here, combine them in
a ``Part::Compound`` and cut them from / fuse them to the target. Tool positions are expressions of
``<target>.Shape.BoundBox`` and the spreadsheet (spacing, pitch-circle diameter …), so they follow the part when its
size changes. Along the face normal a tool is described by the span ``[t_lo, t_hi]`` of its local Z, measured outwards
from the face plane (a blind hole of depth d spans ``[-d, 1]``: it starts 1 mm outside so the cut is clean).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ai_designer.cad.extents import FACE_AXES, profile_extents
from ai_designer.core.errors import PlanError
from ai_designer.freecad.codegen_primitives import profile_object
from ai_designer.freecad.codegen_support import AXES, AXES_UP, Frame, Script, Term, lin, num
from ai_designer.schemas.task_graph import (
    Circle,
    GridPattern,
    LinearPattern,
    OffsetProfile,
    Outline,
    PolarPattern,
    Polygon,
    Positions,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
)

__all__ = ["MARGIN", "Lin", "term", "position_terms", "describe", "place_tool", "tool_start", "tool",
           "profile_tools", "overlapping", "tool_radius", "compound", "combine", "check_reach", "profile_half",
           "through", "outline_tool"]

MARGIN = 1.0  # mm a cutting tool starts outside the face


@dataclass
class Lin:
    """A linear expression ``const + sum(coef * expr)``."""

    const: float = 0.0
    terms: list[Term] = field(default_factory=list)

    def __add__(self, other: Lin) -> Lin:
        return Lin(self.const + other.const, self.terms + other.terms)

    def __sub__(self, other: Lin) -> Lin:
        return self + other.scale(-1)

    def scale(self, k: float) -> Lin:
        return Lin(self.const * k, [(c * k, e) for c, e in self.terms])

    def text(self) -> str:
        return lin(self.const, self.terms)


def term(expr: str, coef: float = 1.0) -> Lin:
    return Lin(0.0, [(coef, expr)])


def position_terms(s: Script, op_id: str, at: Positions) -> list[tuple[Lin, Lin]]:
    """The ``[u, v]`` positions as expressions of the op's spacing / pitch-circle cells (same maths as ``resolve``)."""
    if isinstance(at, GridPattern):
        sx = s.param(op_id, "spacing_x", at.spacing_x, f"{op_id}: spacing along u (mm)") if at.count_x > 1 else "0"
        sy = s.param(op_id, "spacing_y", at.spacing_y, f"{op_id}: spacing along v (mm)") if at.count_y > 1 else "0"
        return [(Lin(at.center[0], [(i - (at.count_x - 1) / 2, sx)]), Lin(at.center[1], [(j - (at.count_y - 1) / 2, sy)]))
                for j in range(at.count_y) for i in range(at.count_x)]
    if isinstance(at, LinearPattern):
        sp = s.param(op_id, "spacing", at.spacing, f"{op_id}: spacing (mm)") if at.count > 1 else "0"
        dx, dy = math.cos(math.radians(at.angle)), math.sin(math.radians(at.angle))
        x0, y0 = at.start if at.start is not None else at.center
        shift = 0.0 if at.start is not None else (at.count - 1) / 2
        return [(Lin(x0, [(dx * (i - shift), sp)]), Lin(y0, [(dy * (i - shift), sp)])) for i in range(at.count)]
    if isinstance(at, PolarPattern):
        pcd = s.param(op_id, "pcd", at.diameter, f"{op_id}: pitch-circle diameter (mm)")
        step = at.sweep / at.count if at.sweep >= 360 else at.sweep / max(at.count - 1, 1)
        out = []
        for i in range(at.count):
            a = math.radians(at.start_angle + step * i)
            out.append((Lin(at.center[0], [(0.5 * math.cos(a), pcd)]), Lin(at.center[1], [(0.5 * math.sin(a), pcd)])))
        return out
    return [(Lin(x), Lin(y)) for x, y in at.points]


def describe(at: Positions) -> str:
    if isinstance(at, GridPattern):
        return f"{at.count_x} x {at.count_y} grid, spacing {num(at.spacing_x)} x {num(at.spacing_y)}"
    if isinstance(at, LinearPattern):
        return f"{at.count} in a row, spacing {num(at.spacing)}"
    if isinstance(at, PolarPattern):
        return f"{at.count} on a d{num(at.diameter)} circle"
    if len(at.points) == 1:
        u, v = at.points[0]
        return "at the face centre" if u == 0 and v == 0 else f"at ({num(u)}, {num(v)}) from the face centre"
    return f"at {len(at.points)} points"


def place_tool(s: Script, var: str, target: str, frame: Frame, uv: tuple[Lin, Lin], t0: Lin,
                corner: tuple[Lin, Lin] = (Lin(), Lin()), angle: float = 0.0) -> None:
    """Place a tool whose local origin sits at ``uv`` (+ ``corner``) on ``frame``, ``t0`` outwards of the face."""
    if angle:
        rot = f"{frame.rotation}.multiply(Rotation(Vector(0, 0, 1), {num(angle)}))" if frame.rotation != "Rotation()" \
            else f"Rotation(Vector(0, 0, 1), {num(angle)})"
        s.emit(f"{var}.Placement = Placement(Vector(0, 0, 0), {rot})")
    elif frame.rotation != "Rotation()":
        s.emit(f"{var}.Placement = Placement(Vector(0, 0, 0), {frame.rotation})")
    centre = f"{target}.Shape.BoundBox.Center"
    plane = f"{target}.Shape.BoundBox.{AXES_UP[frame.axis]}{'Max' if frame.outward > 0 else 'Min'}"
    exprs = {frame.u: (term(f"{centre}.{AXES[frame.u]}") + uv[0] + corner[0]),
             frame.v: (term(f"{centre}.{AXES[frame.v]}") + uv[1] + corner[1]),
             frame.axis: term(plane) + t0.scale(frame.outward)}
    for k in range(3):
        s.bind(var, f"Placement.Base.{AXES[k]}", exprs[k].text())


def tool_start(frame: Frame, t_lo: Lin, t_hi: Lin) -> Lin:
    """Where local z = 0 lies along the outward normal: local Z points out (s = +1) or in (s = -1)."""
    return t_lo if frame.s > 0 else t_hi


def tool(s: Script, name: str, op_id: str, profile: object, target: str, frame: Frame, uv: tuple[Lin, Lin],
          t_lo: Lin, t_hi: Lin, angle: float) -> str:
    """A solid spanning ``[t_lo, t_hi]`` along the face normal with ``profile`` as its cross-section."""
    height = (t_hi - t_lo).text()
    t0 = tool_start(frame, t_lo, t_hi)
    if isinstance(profile, Circle):
        var = s.name(name)
        s.add(var, "Part::Cylinder")
        s.bind(var, "Radius", s.param(op_id, "diameter", profile.diameter, f"{op_id}: diameter (mm)") + " / 2")
        s.bind(var, "Height", height)
        place_tool(s, var, target, frame, uv, t0)
        return var
    if isinstance(profile, Rectangle):
        var = s.name(name)
        s.add(var, "Part::Box")
        length = s.param(op_id, "length", profile.length, f"{op_id}: length (mm)")
        width = s.param(op_id, "width", profile.width, f"{op_id}: width (mm)")
        s.bind(var, "Length", length)
        s.bind(var, "Width", width)
        s.bind(var, "Height", height)
        ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
        corner = (Lin(0, [(-0.5 * ca, length), (0.5 * sa, width)]), Lin(0, [(-0.5 * sa, length), (-0.5 * ca, width)]))
        place_tool(s, var, target, frame, uv, t0, corner, angle)
        return var
    raise AssertionError(f"tool handles circles and rectangles, not {type(profile).__name__}")


def profile_tools(s: Script, name: str, op_id: str, profile: object, target: str, frame: Frame,
                   positions: list[tuple[Lin, Lin]], t_lo: Lin, t_hi: Lin, angle: float) -> list[str]:
    """Tool solids at every position. Circles and rectangles are Part primitives per position; other profiles are
    one sketch extruded once at the origin (its dimensions bound to the spreadsheet) and placed by ``App::Link``s —
    FreeCAD 0.20 ignores placement expressions on a sketch whose constraints have expressions."""
    if isinstance(profile, (Circle, Rectangle)):
        return [tool(s, f"{name}{i}", op_id, profile, target, frame, uv, t_lo, t_hi, angle)
                for i, uv in enumerate(positions, start=1)]
    sketch, desc = profile_object(s, f"{name}_profile", op_id, profile)
    shape = s.name(f"{name}_shape")
    s.emit(f"# the {desc} tool, built once at the origin and linked to each position")
    s.add(shape, "Part::Extrusion")
    s.emit(f"{shape}.Base = {sketch}", f"{shape}.DirMode = 'Custom'", f"{shape}.Dir = Vector(0, 0, 1)",
           f"{shape}.Solid = True")
    s.bind(shape, "LengthFwd", (t_hi - t_lo).text())
    t0 = tool_start(frame, t_lo, t_hi)
    links = []
    for i, uv in enumerate(positions, start=1):
        var = s.name(f"{name}{i}")
        s.add(var, "App::Link")
        s.emit(f"{var}.LinkedObject = {shape}")
        place_tool(s, var, target, frame, uv, t0, angle=angle)
        links.append(var)
    return links


def overlapping(at: Positions, radius: float) -> bool:
    """True when two instances of a tool of bounding ``radius`` at these positions may touch each other."""
    pts = at.resolve()
    return any(math.dist(a, b) < 2 * radius + 1e-6 for i, a in enumerate(pts) for b in pts[i + 1:])


def tool_radius(profile: object) -> float:
    if isinstance(profile, OffsetProfile):  # shrinking moves every point in by at least the offset
        return max(tool_radius(profile.profile) + profile.offset, 0.0)
    if isinstance(profile, Circle):
        return profile.diameter / 2
    if isinstance(profile, (Rectangle, RoundedRectangle)):
        return math.hypot(profile.length, profile.width) / 2
    if isinstance(profile, RegularPolygon):
        return profile.circumradius
    if isinstance(profile, Slot):
        return profile.length / 2
    assert isinstance(profile, Polygon)
    return max(math.hypot(x, y) for x, y in profile.points)


def compound(s: Script, name: str, tools: list[str], overlapping: bool = False) -> str:
    """One cutting/adding tool: the single solid itself, a ``Part::Compound`` of disjoint ones, or — when instances
    may touch — their ``Part::MultiFuse`` (a compound of overlapping solids is not a valid boolean argument)."""
    if len(tools) == 1:
        return tools[0]
    var = s.name(name)
    if overlapping:
        s.add(var, "Part::MultiFuse")
        s.emit(f"{var}.Shapes = [{', '.join(tools)}]")
    else:
        s.add(var, "Part::Compound")
        s.emit(f"{var}.Links = [{', '.join(tools)}]")
    return var


def combine(s: Script, op_id: str, label: str | None, target: str, tools: list[str], kind: str,
             check_tools: list[str], var: str | None = None, overlapping: bool = False) -> str:
    tool = compound(s, f"{op_id}_tools", tools, overlapping)
    s.tools.setdefault(op_id, []).extend(tools)
    name = label or op_id  # how messages and FreeCAD's tree call the operation
    final = var is None  # False for an intermediate step (drilled holes before their counterbores)
    var = var or s.name(op_id)
    if kind == "cut":
        s.add(var, "Part::Cut", name if final else var)
        s.emit(f"{var}.Base = {target}", f"{var}.Tool = {tool}")
    else:
        s.add(var, "Part::MultiFuse", name if final else var)
        s.emit(f"{var}.Shapes = [{target}, {tool}]", f"{var}.Refine = True")
    s.checks.append(f"({kind!r}, {name!r}, {var}, {target}, [{', '.join(check_tools)}])")
    s.objects[op_id] = var
    return var


def check_reach(s: Script, op: Any, half_u: float, half_v: float) -> None:
    """Refuse instances of a hole or pocket ``op`` that cannot touch the face they are cut into (only where the
    target's box is exact)."""
    ext = s.extents.get(op.target)
    if ext is None or not ext.exact:
        return
    u, v, _, _ = FACE_AXES[op.face]
    size = ext.size
    pts = op.at.resolve()
    for i, (pu, pv) in enumerate(pts, start=1):
        if abs(pu) >= size[u] / 2 + half_u - 1e-9 or abs(pv) >= size[v] / 2 + half_v - 1e-9:
            raise PlanError(
                f"{op.op} {op.id!r}: instance {i} of {len(pts)} at ({num(pu)}, {num(pv)}) lies outside the {op.face} "
                f"face of {op.target!r}, which spans u = ±{num(size[u] / 2)} and v = ±{num(size[v] / 2)} mm around "
                f"its centre; move it inside or pick another face")


def profile_half(profile: object, angle: float) -> tuple[float, float]:
    if angle:
        r = tool_radius(profile)
        return r, r
    x0, x1, y0, y1 = profile_extents(profile)
    return max(-x0, x1), max(-y0, y1)


def through(target: str, frame: Frame) -> Lin:
    return Lin(-MARGIN, [(-1, f"{target}.Shape.BoundBox.{AXES_UP[frame.axis]}Length")])


def outline_tool(s: Script, op: Any, target: str, t_lo: float | None, t_hi: float, kind: str) -> None:
    """A pocket's or boss's tool made from the target's own outline seen from the face (offset), built on the recomputed target: it
    spans ``[t_lo, t_hi]`` outwards of the face (``t_lo`` None: through the part)."""
    assert isinstance(op.profile, Outline)
    tool = s.name(f"{op.id}_outline")
    lo = "None" if t_lo is None else num(t_lo)
    s.emit("doc.recompute()  # the outline is taken from the built target",
           f"{tool} = doc.addObject('Part::Feature', {tool!r})",
           f"{tool}.Shape = cad.outline_prism({target}.Shape, {op.face!r}, {num(op.profile.offset)}, {lo}, "
           f"{num(t_hi)}, {op.id!r})")
    combine(s, op.id, op.label, target, [tool], kind, [tool])


