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
    apply,
    lin,
    num,
    rotation_args,
    rotation_matrix,
)
from ai_designer.schemas.task_graph import (
    Box,
    Circle,
    Cone,
    Cylinder,
    Extrude,
    OffsetProfile,
    Outline,
    Placement,
    Polygon,
    Prism,
    Rectangle,
    RegularPolygon,
    Revolve,
    RoundedRectangle,
    Slot,
    Sphere,
    SpurGear,
    Torus,
    Tube,
)

__all__ = ["PRIMITIVES", "place", "profile_object"]


def place(s: Script, var: str, placement: Placement, offset: Sequence[Sequence[Term]] = ((), (), ())) -> None:
    """Set ``var.Placement`` to the plan placement applied after a local ``offset`` (terms per local axis)."""
    m = rotation_matrix(*placement.rotate)
    _static_place(s, var, placement)
    for k in range(3):
        terms = [(m[k][j] * coef, expr) for j in range(3) for coef, expr in offset[j]]
        if any(abs(c) > 1e-12 for c, _ in terms):
            s.bind(var, f"Placement.Base.{AXES[k]}", lin(placement.at[k], terms))


def _box(s: Script, op: Box) -> None:
    var = s.name(op.id)
    s.emit(f"# --- {op.id}: box {num(op.length)} x {num(op.width)} x {num(op.height)} mm, centred on Z ---")
    s.add(var, "Part::Box", op.label or op.id)
    length = s.param(op.id, "length", op.length, f"{op.id}: length along X (mm)")
    width = s.param(op.id, "width", op.width, f"{op.id}: width along Y (mm)")
    height = s.param(op.id, "height", op.height, f"{op.id}: height along Z (mm)")
    for prop, expr in (("Length", length), ("Width", width), ("Height", height)):
        s.bind(var, prop, expr)
    place(s, var, op.placement, [[(-0.5, length)], [(-0.5, width)], []])
    s.objects[op.id] = var


def _cylinder(s: Script, op: Cylinder) -> None:
    var = s.name(op.id)
    s.emit(f"# --- {op.id}: cylinder d{num(op.diameter)} x {num(op.height)} mm ---")
    s.add(var, "Part::Cylinder", op.label or op.id)
    s.bind(var, "Radius", s.param(op.id, "diameter", op.diameter, f"{op.id}: diameter (mm)") + " / 2")
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _sphere(s: Script, op: Sphere) -> None:
    var = s.name(op.id)
    kind = "hemisphere (flat face on z = 0)" if op.hemisphere else "sphere resting on z = 0"
    s.emit(f"# --- {op.id}: {kind}, d{num(op.diameter)} mm ---")
    s.add(var, "Part::Sphere", op.label or op.id)
    d = s.param(op.id, "diameter", op.diameter, f"{op.id}: diameter (mm)")
    s.bind(var, "Radius", f"{d} / 2")
    if op.hemisphere:
        s.emit(f"{var}.Angle1 = 0")
        place(s, var, op.placement)
    else:
        place(s, var, op.placement, [[], [], [(0.5, d)]])
    s.objects[op.id] = var


def _cone(s: Script, op: Cone) -> None:
    var = s.name(op.id)
    what = "cone" if op.top_diameter == 0 or op.bottom_diameter == 0 else "frustum"
    s.emit(f"# --- {op.id}: {what} d{num(op.bottom_diameter)} -> d{num(op.top_diameter)} x {num(op.height)} mm ---")
    s.add(var, "Part::Cone", op.label or op.id)
    s.bind(var, "Radius1", s.param(op.id, "bottom_diameter", op.bottom_diameter, f"{op.id}: base diameter (mm)") + " / 2")
    s.bind(var, "Radius2", s.param(op.id, "top_diameter", op.top_diameter, f"{op.id}: top diameter (mm)") + " / 2")
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _torus(s: Script, op: Torus) -> None:
    s.emit(f"# --- {op.id}: torus, centre line d{num(op.major_diameter)}, tube d{num(op.minor_diameter)}"
           + (f", hollow d{num(op.inner_diameter)}" if op.inner_diameter else "") + " mm, resting on z = 0 ---")
    major = s.param(op.id, "major_diameter", op.major_diameter, f"{op.id}: centre-line diameter (mm)")
    minor = s.param(op.id, "minor_diameter", op.minor_diameter, f"{op.id}: tube diameter (mm)")
    lift: list[list[Term]] = [[], [], [(0.5, minor)]]
    outer = s.name(f"{op.id}_outer" if op.inner_diameter else op.id)
    s.add(outer, "Part::Torus", None if op.inner_diameter else op.label or op.id)
    s.bind(outer, "Radius1", f"{major} / 2")
    s.bind(outer, "Radius2", f"{minor} / 2")
    place(s, outer, op.placement, lift)
    if not op.inner_diameter:
        s.objects[op.id] = outer
        return
    inner_d = s.param(op.id, "inner_diameter", op.inner_diameter, f"{op.id}: bore of the tube (mm)")
    inner = s.name(f"{op.id}_bore")
    s.add(inner, "Part::Torus")
    s.bind(inner, "Radius1", f"{major} / 2")
    s.bind(inner, "Radius2", f"{inner_d} / 2")
    place(s, inner, op.placement, lift)
    _cut(s, op.id, op.label, outer, inner)


def _cut(s: Script, op_id: str, label: str | None, base: str, tool: str) -> None:
    var = s.name(op_id)
    s.add(var, "Part::Cut", label or op_id)
    s.emit(f"{var}.Base = {base}", f"{var}.Tool = {tool}")
    s.objects[op_id] = var


def _circumradius(s: Script, op_id: str, sides: int, across_flats: float | None, diameter: float | None) -> str:
    if across_flats is not None:
        af = s.param(op_id, "across_flats", across_flats, f"{op_id}: size across flats (mm)")
        return f"{af} / 2 / cos({num(180 / sides)})"
    assert diameter is not None
    return s.param(op_id, "diameter", diameter, f"{op_id}: diameter across corners (mm)") + " / 2"


def _prism(s: Script, op: Prism) -> None:
    var = s.name(op.id)
    s.emit(f"# --- {op.id}: {op.sides}-sided prism x {num(op.height)} mm (a corner on +X) ---")
    s.add(var, "Part::Prism", op.label or op.id)
    s.emit(f"{var}.Polygon = {op.sides}")
    s.bind(var, "Circumradius", _circumradius(s, op.id, op.sides, op.across_flats, op.diameter))
    s.bind(var, "Height", s.param(op.id, "height", op.height, f"{op.id}: height (mm)"))
    place(s, var, op.placement)
    s.objects[op.id] = var


def _tube(s: Script, op: Tube) -> None:
    s.emit(f"# --- {op.id}: tube d{num(op.outer_diameter)}/d{num(op.inner_diameter)} x {num(op.height)} mm ---")
    od = s.param(op.id, "outer_diameter", op.outer_diameter, f"{op.id}: outer diameter (mm)")
    idia = s.param(op.id, "inner_diameter", op.inner_diameter, f"{op.id}: inner diameter (mm)")
    h = s.param(op.id, "height", op.height, f"{op.id}: height (mm)")
    outer, inner = s.name(f"{op.id}_outer"), s.name(f"{op.id}_bore")
    for var, d, extra in ((outer, od, 0.0), (inner, idia, 1.0)):
        s.add(var, "Part::Cylinder")
        s.bind(var, "Radius", f"{d} / 2")
        s.bind(var, "Height", lin(h, [(1, num(2 * extra))]) if extra else h)
        place(s, var, op.placement, [[], [], [(-extra, "1")]] if extra else ((), (), ()))
    _cut(s, op.id, op.label, outer, inner)


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
        s.bind(var, "Circumradius", _circumradius(s, f"{op_id}{'_' + prefix if prefix else ''}", profile.sides,
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


def _extrude(s: Script, op: Extrude) -> None:
    s.emit(f"# --- {op.id}: extrude a profile {num(op.height)} mm up"
           + (f", taper {num(op.taper)} deg" if op.taper else "") + (f", {len(op.inner)} cut-outs" if op.inner else "") + " ---")
    m = rotation_matrix(*op.placement.rotate)
    outer, desc = profile_object(s, f"{op.id}_profile", op.id, op.profile)
    s.emit(f"# outer profile: {desc}")
    sources = [outer]
    for i, inner in enumerate(op.inner, start=1):
        at = op.inner_at[i - 1] if i - 1 < len(op.inner_at) else (0.0, 0.0)
        var, desc = profile_object(s, f"{op.id}_inner{i}", op.id, inner, prefix=f"inner{i}")
        s.emit(f"# cut-out {i}: {desc} at ({num(at[0])}, {num(at[1])})")
        sources.append(var)
        pos = apply(m, (at[0], at[1], 0.0))
        ox, oy, oz = op.placement.at
        local = Placement(at=(ox + pos[0], oy + pos[1], oz + pos[2]), rotate=op.placement.rotate)
        _static_place(s, var, local)
    _static_place(s, outer, op.placement)
    face = s.name(f"{op.id}_face")
    s.add(face, "Part::Face")
    s.emit(f"{face}.Sources = [{', '.join(sources)}]")
    var = s.name(op.id)
    s.add(var, "Part::Extrusion", op.label or op.id)
    d = apply(m, (0.0, 0.0, 1.0))
    s.emit(f"{var}.Base = {face}", f"{var}.DirMode = 'Custom'", f"{var}.Dir = Vector({', '.join(num(v) for v in d)})",
           f"{var}.Solid = True")
    s.bind(var, "LengthFwd", s.param(op.id, "height", op.height, f"{op.id}: extrusion height (mm)"))
    if op.taper:
        # FreeCAD's TaperAngle widens the profile; the plan's taper (draft) narrows it towards the top.
        s.bind(var, "TaperAngle", "-" + s.param(op.id, "taper", op.taper, f"{op.id}: draft angle, + narrows upwards (deg)"))
    s.objects[op.id] = var


def _static_place(s: Script, var: str, placement: Placement) -> None:
    if not placement.is_identity():
        at = ", ".join(num(v) for v in placement.at)
        s.emit(f"{var}.Placement = Placement(Vector({at}), {rotation_args(placement)})")


def _revolve(s: Script, op: Revolve) -> None:
    s.emit(f"# --- {op.id}: revolve a [radius, z] outline of {len(op.points)} points by {num(op.angle)} deg about Z ---")
    sketch = s.name(f"{op.id}_outline")
    pts = ", ".join(f"({num(r)}, {num(z)})" for r, z in op.points)
    s.emit(f"{sketch} = cad.polygon_sketch(doc, {sketch!r}, [{pts}])",
           f"{sketch}.Placement = Placement(Vector(0, 0, 0), Rotation(Vector(1, 0, 0), 90))  # sketch X = radius, Y = z")
    var = s.name(op.id)
    s.add(var, "Part::Revolution", op.label or op.id)
    s.emit(f"{var}.Source = {sketch}", f"{var}.Axis = Vector(0, 0, 1)", f"{var}.Base = Vector(0, 0, 0)",
           f"{var}.Solid = True")
    s.bind(var, "Angle", s.param(op.id, "angle", op.angle, f"{op.id}: revolution angle (deg)"))
    if not op.placement.is_identity():
        # a Part::Revolution owns its placement; move the outline instead
        m = rotation_matrix(*op.placement.rotate)
        axis = apply(m, (0.0, 0.0, 1.0))
        s.emit(f"{sketch}.Placement = Placement(Vector({', '.join(num(v) for v in op.placement.at)}), "
               f"{rotation_args(op.placement)}).multiply({sketch}.Placement)",
               f"{var}.Axis = Vector({', '.join(num(v) for v in axis)})",
               f"{var}.Base = Vector({', '.join(num(v) for v in op.placement.at)})")
    s.objects[op.id] = var


def _spur_gear(s: Script, op: SpurGear) -> None:
    s.emit(f"# --- {op.id}: involute spur gear, {op.teeth} teeth, module {num(op.module)}, "
           f"{num(op.pressure_angle)} deg, {num(op.face_width)} mm wide"
           + (f", bore d{num(op.bore_diameter)}" if op.bore_diameter else "") + " ---")
    outline = s.name(f"{op.id}_outline")
    s.add(outline, "Part::Feature")
    s.emit(f"{outline}.Shape = cad.gear_face({op.teeth}, {num(op.module)}, {num(op.pressure_angle)})")
    _static_place(s, outline, op.placement)
    body = s.name(f"{op.id}_teeth" if op.bore_diameter else op.id)
    s.add(body, "Part::Extrusion", None if op.bore_diameter else op.label or op.id)
    d = apply(rotation_matrix(*op.placement.rotate), (0.0, 0.0, 1.0))
    s.emit(f"{body}.Base = {outline}", f"{body}.DirMode = 'Custom'",
           f"{body}.Dir = Vector({', '.join(num(v) for v in d)})", f"{body}.Solid = True")
    width = s.param(op.id, "face_width", op.face_width, f"{op.id}: face width (mm)")
    s.bind(body, "LengthFwd", width)
    if not op.bore_diameter:
        s.objects[op.id] = body
        return
    bore = s.name(f"{op.id}_bore")
    s.add(bore, "Part::Cylinder")
    s.bind(bore, "Radius", s.param(op.id, "bore_diameter", op.bore_diameter, f"{op.id}: bore diameter (mm)") + " / 2")
    s.bind(bore, "Height", lin(width, [(1, "2")]))
    place(s, bore, op.placement, [[], [], [(-1, "1")]])
    _cut(s, op.id, op.label, body, bore)


PRIMITIVES = {
    "box": _box, "cylinder": _cylinder, "sphere": _sphere, "cone": _cone, "torus": _torus, "prism": _prism,
    "tube": _tube, "extrude": _extrude, "revolve": _revolve, "spur_gear": _spur_gear,
}
