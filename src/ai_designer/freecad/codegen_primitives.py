"""Primitives of a plan (box … spur gear, extrude, revolve) as parametric Part features.

Each primitive rests on the XY plane centred on Z (see the plan conventions). FreeCAD's own primitives are not all
built that way (a ``Part::Box`` starts at its corner, a ``Part::Sphere`` is centred on its origin), so the centring
offset goes into the placement as an expression of the spreadsheet cells: the part stays centred when a user edits
its size.
"""

from __future__ import annotations

from collections.abc import Sequence

from ai_designer.core.errors import PlanError
from ai_designer.freecad.codegen_support import (
    AXES,
    Script,
    Term,
    lin,
    num,
    rotation_args,
    rotation_matrix,
)
from ai_designer.schemas.task_graph import (
    Circle,
    OffsetProfile,
    Outline,
    Placement,
    Polygon,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
)

__all__ = ["place", "profile_object", "cut", "circumradius", "static_place"]


def place(s: Script, var: str, placement: Placement, offset: Sequence[Sequence[Term]] = ((), (), ())) -> None:
    """Set ``var.Placement`` to the plan placement applied after a local ``offset`` (terms per local axis)."""
    m = rotation_matrix(*placement.rotate)
    static_place(s, var, placement)
    for k in range(3):
        terms = [(m[k][j] * coef, expr) for j in range(3) for coef, expr in offset[j]]
        if any(abs(c) > 1e-12 for c, _ in terms):
            s.bind(var, f"Placement.Base.{AXES[k]}", lin(placement.at[k], terms))


def cut(s: Script, op_id: str, label: str | None, base: str, tool: str) -> None:
    var = s.name(op_id)
    s.add(var, "Part::Cut", label or op_id)
    s.emit(f"{var}.Base = {base}", f"{var}.Tool = {tool}")
    s.objects[op_id] = var


def circumradius(s: Script, op_id: str, sides: int, across_flats: float | None, diameter: float | None) -> str:
    if across_flats is not None:
        af = s.param(op_id, "across_flats", across_flats, f"{op_id}: size across flats (mm)")
        return f"{af} / 2 / cos({num(180 / sides)})"
    assert diameter is not None
    return s.param(op_id, "diameter", diameter, f"{op_id}: diameter across corners (mm)") + " / 2"


def profile_object(s: Script, base: str, op_id: str, profile: object, prefix: str = "") -> tuple[str, str]:
    """Emit a 2-D profile object centred on its origin; returns ``(variable, short description)``.

    Circles and regular polygons are Part 2-D primitives; rectangles, rounded rectangles and slots are constrained
    sketches whose dimensions read the spreadsheet; free polygons are sketches with fixed corners. FreeCAD 0.20
    ignores placement expressions of a sketch whose constraints have expressions: a sketch must keep a fixed
    placement (pocket and boss tools are therefore placed through ``App::Link``s). An offset profile is a
    ``Part::Offset2D`` of its base profile (arc joins); place the returned object, not its source."""
    p = f"{prefix}_" if prefix else ""
    if isinstance(profile, OffsetProfile):
        source, desc = profile_object(s, f"{base}_base", op_id, profile.profile, prefix)
        var = s.name(base)
        s.add(var, "Part::Offset2D")
        s.emit(f"{var}.Source = {source}", f"{var}.Join = 'Arc'", f"{var}.Fill = False")
        s.bind(var, "Value", s.param(op_id, f"{p}offset", profile.offset, f"{op_id}: {p}offset of the profile, "
                                     "< 0 shrinks (mm)"))
        return var, f"{desc} offset by {num(profile.offset)} mm"
    if isinstance(profile, Outline):
        raise PlanError(f"operation {op_id!r}: an 'outline' profile is only for pocket and boss (it is the target's "
                        "own outline); give this operation a drawn profile")
    var = s.name(base)
    if isinstance(profile, Circle):
        s.add(var, "Part::Circle")
        s.bind(var, "Radius", s.param(op_id, f"{p}diameter", profile.diameter, f"{op_id}: {p}circle diameter (mm)") + " / 2")
        return var, f"circle d{num(profile.diameter)}"
    if isinstance(profile, RegularPolygon):
        s.add(var, "Part::RegularPolygon")
        s.emit(f"{var}.Polygon = {profile.sides}")
        s.bind(var, "Circumradius", circumradius(s, f"{op_id}{'_' + prefix if prefix else ''}", profile.sides,
                                                  profile.across_flats, profile.diameter))
        return var, f"{profile.sides}-gon"
    if isinstance(profile, Rectangle):
        s.emit(f"{var} = cad.rectangle_sketch(doc, {var!r}, {num(profile.length)}, {num(profile.width)})")
        s.bind(var, "Constraints.length", s.param(op_id, f"{p}length", profile.length, f"{op_id}: {p}length (mm)"))
        s.bind(var, "Constraints.width", s.param(op_id, f"{p}width", profile.width, f"{op_id}: {p}width (mm)"))
        return var, f"rectangle {num(profile.length)} x {num(profile.width)}"
    if isinstance(profile, RoundedRectangle):
        s.emit(f"{var} = cad.rounded_rectangle_sketch(doc, {var!r}, {num(profile.length)}, {num(profile.width)}, "
               f"{num(profile.radius)})")
        if profile.radius * 2 < min(profile.length, profile.width) - 1e-9:
            s.bind(var, "Constraints.length", s.param(op_id, f"{p}length", profile.length, f"{op_id}: {p}length (mm)"))
            s.bind(var, "Constraints.width", s.param(op_id, f"{p}width", profile.width, f"{op_id}: {p}width (mm)"))
            s.bind(var, "Constraints.radius", s.param(op_id, f"{p}radius", profile.radius,
                                                      f"{op_id}: {p}corner radius (mm)"))
        return var, f"rounded rectangle {num(profile.length)} x {num(profile.width)} r{num(profile.radius)}"
    if isinstance(profile, Slot):
        s.emit(f"{var} = cad.slot_sketch(doc, {var!r}, {num(profile.length)}, {num(profile.width)})")
        length = s.param(op_id, f"{p}length", profile.length, f"{op_id}: {p}slot length end to end (mm)")
        width = s.param(op_id, f"{p}width", profile.width, f"{op_id}: {p}slot width (mm)")
        if profile.length > profile.width + 1e-9:
            s.bind(var, "Constraints.centers", f"{length} - {width}")
        s.bind(var, "Constraints.radius", f"{width} / 2")
        return var, f"slot {num(profile.length)} x {num(profile.width)}"
    assert isinstance(profile, Polygon)
    pts = ", ".join(f"({num(x)}, {num(y)})" for x, y in profile.points)
    s.emit(f"{var} = cad.polygon_sketch(doc, {var!r}, [{pts}])")
    return var, f"polygon of {len(profile.points)} corners"


def static_place(s: Script, var: str, placement: Placement) -> None:
    if not placement.is_identity():
        at = ", ".join(num(v) for v in placement.at)
        s.emit(f"{var}.Placement = Placement(Vector({at}), {rotation_args(placement)})")
