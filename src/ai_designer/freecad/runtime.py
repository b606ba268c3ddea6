"""Helpers that generated scripts call as ``cad.<name>`` (injected into the job namespace by the worker).

They hold what a readable script should not spell out: the parameter spreadsheet, edge and face selection by meaning
(``top``, ``vertical``, ``concave`` …) for fillets, chamfers and shells, PartDesign bodies for parametric fillets, 2-D
profile sketches and the involute gear outline (``runtime_profiles``), and :func:`verify`, which turns failures FreeCAD
reports silently (an ``Invalid`` feature, a hole that misses the part, a non-solid result) into one clear error.

Everything here runs inside a FreeCAD worker; FreeCAD modules are imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ai_designer.freecad.runtime_paths import outline_prism, sweep_arc, sweep_helix, sweep_polyline
from ai_designer.freecad.runtime_profiles import (
    gear_face,
    polygon_sketch,
    rectangle_sketch,
    rounded_rectangle_sketch,
    slot_sketch,
)

__all__ = [
    "FeatureFailed", "params_sheet", "design_body", "add_to_body", "select_edges", "select_faces", "custom_shape", "verify",
    "gear_face", "polygon_sketch", "rectangle_sketch", "rounded_rectangle_sketch", "slot_sketch",
    "shapes_of", "full_round", "outline_prism", "sweep_polyline", "sweep_arc", "sweep_helix",
]

_TOL = 1e-6

#: Why a feature of this FreeCAD type usually fails, and what to change.
_HINTS = {
    "PartDesign::Fillet": "the radius is probably too large for the selected edges; use a smaller radius",
    "PartDesign::Chamfer": "the chamfer is probably larger than the selected edges allow; use a smaller size",
    "Part::Thickness": "the wall thickness is probably too large for the part; use a thinner wall",
    "Part::Offset": "the wall thickness is probably too large for the part; use a thinner wall",
    "Part::Extrusion": "the profile could not be extruded (check the taper angle against the profile size)",
}


class FeatureFailed(Exception):
    """A feature did not produce the geometry it promised. ``code`` is read by the job runner."""

    code = "feature_failed"


def params_sheet(doc: Any, rows: Sequence[tuple[str, float, str]]) -> Any:
    """Create the ``Params`` spreadsheet: column A the name, B the value (aliased to the name), C what it means."""
    sheet = doc.addObject("Spreadsheet::Sheet", "Params")
    sheet.set("A1", "parameter")
    sheet.set("B1", "value")
    sheet.set("C1", "meaning")
    for i, (alias, value, note) in enumerate(rows, start=2):
        sheet.set(f"A{i}", alias)
        sheet.set(f"B{i}", repr(float(value)))
        sheet.setAlias(f"B{i}", alias)
        sheet.set(f"C{i}", note)
    return sheet


def add_to_body(body: Any, feature: Any) -> Any:
    """Put ``feature`` into the PartDesign ``body`` (scripts may only call ``addObject`` with a literal type name, which
    the job policy checks; a body's ``addObject(feature)`` takes an object, so it is done here)."""
    body.addObject(feature)
    return feature


def design_body(doc: Any, name: str, base: Any) -> tuple[Any, Any]:
    """A PartDesign body whose base feature is ``base``; returns ``(body, base_feature)`` for dress-up features.

    The body's base feature takes ``base``'s shape *without* its placement (a centred ``Part::Box`` would jump to its
    corner), so the body's own placement follows ``base.Placement`` through an expression."""
    body = doc.addObject("PartDesign::Body", name)
    body.BaseFeature = base
    body.setExpression("Placement", f"{base.Name}.Placement")
    feature = next(o for o in body.Group if o.TypeId == "PartDesign::FeatureBase")
    return body, feature


# --- selection by meaning -----------------------------------------------------------------------------------------

def _bbox_face_test(bb: Any, face: str) -> Any:
    axis, high = {"top": ("Z", True), "bottom": ("Z", False), "front": ("Y", False), "back": ("Y", True),
                  "left": ("X", False), "right": ("X", True)}[face]
    limit = getattr(bb, f"{axis}Max" if high else f"{axis}Min")
    tol = max(1e-4, 1e-6 * bb.DiagonalLength)

    def on_face(item_bb: Any) -> bool:
        lo, hi = getattr(item_bb, f"{axis}Min"), getattr(item_bb, f"{axis}Max")
        return abs(lo - limit) < tol and abs(hi - limit) < tol

    return on_face


def select_faces(shape: Any, faces: Iterable[str], label: str = "") -> list[str]:
    """Names (``Face3`` …) of the planar faces lying on the given bounding-box faces of ``shape``."""
    bb = shape.BoundBox
    names: list[str] = []
    for face in faces:
        test = _bbox_face_test(bb, face)
        found = [f"Face{i}" for i, f in enumerate(shape.Faces, start=1)
                 if type(f.Surface).__name__ == "Plane" and test(f.BoundBox)]
        if not found:
            raise FeatureFailed(f"{label}: the part has no flat face on its {face} side to open; "
                                f"choose another face or leave open_faces empty for a closed hollow")
        names += [n for n in found if n not in names]
    return names


def _part() -> Any:
    import Part

    return Part


def _edge_faces(shape: Any) -> dict[int, list[Any]]:
    """Faces around each edge (keyed by ``hashCode``), built once: ``ancestorsOfType`` per edge is quadratic."""
    faces: dict[int, list[Any]] = {}
    for face in shape.Faces:
        for edge in face.Edges:
            around = faces.setdefault(edge.hashCode(), [])
            if not any(f.isSame(face) for f in around):
                around.append(face)
    return faces


def _dihedral(edge: Any, faces: list[Any]) -> float:
    """> 0 for a convex edge, < 0 for a concave one, about 0 where the faces meet tangentially.

    With ``d2`` the direction from the edge into the second face and ``n1`` the outward normal of the first, a convex
    edge turns the second face away from the first one's outside: ``d2 . n1 < 0``."""
    mid = (edge.FirstParameter + edge.LastParameter) / 2
    p, tangent = edge.valueAt(mid), edge.tangentAt(mid)
    step = max(1e-4, min(0.05, edge.Length / 50))
    f1, f2 = faces[0], faces[1]
    n1 = f1.normalAt(*f1.Surface.parameter(p))
    n2 = f2.normalAt(*f2.Surface.parameter(p))
    d2 = n2.cross(tangent)
    d2.normalize()
    u, v = f2.Surface.parameter(p + d2 * step)
    if not f2.isPartOfDomain(u, v):
        d2 = d2 * -1
    return -float(d2.dot(n1))


def _loops(shape: Any) -> list[Any]:
    """Edges on the inner loops (rims of holes and pockets) of the flat faces of ``shape``."""
    inner: list[Any] = []
    for face in shape.Faces:
        if type(face.Surface).__name__ != "Plane":
            continue
        outer = face.OuterWire
        for wire in face.Wires:
            if not wire.isSame(outer):
                inner += wire.Edges
    return inner


def _edge_test(selector: str, e: Any, ebb: Any, bb: Any, tol: float, dihedral: float, inner: list[Any],
               face_edges: list[Any]) -> bool:
    """Does edge ``e`` (box ``ebb``) match ``selector`` against the reference box ``bb``?"""
    flat = abs(ebb.ZMax - ebb.ZMin) < tol
    curve = type(e.Curve).__name__
    if selector == "all":
        return True
    if selector in ("top", "bottom"):
        return flat and abs((ebb.ZMax - bb.ZMax) if selector == "top" else (ebb.ZMin - bb.ZMin)) < tol
    if selector in ("top_outer", "bottom_outer"):
        z = bb.ZMax if selector == "top_outer" else bb.ZMin
        on_outline = (abs(ebb.XMin - bb.XMin) < tol or abs(ebb.XMax - bb.XMax) < tol
                      or abs(ebb.YMin - bb.YMin) < tol or abs(ebb.YMax - bb.YMax) < tol)
        return flat and abs(ebb.ZMin - z) < tol and on_outline
    if selector in ("vertical", "parallel_z", "parallel_x", "parallel_y"):
        axis = "Z" if selector == "vertical" else selector[-1].upper()
        others = [getattr(ebb, f"{a}Length") for a in "XYZ" if a != axis]
        return curve == "Line" and all(abs(o) < tol for o in others)
    if selector == "horizontal":
        return flat
    if selector in ("circular", "straight"):
        return curve == ("Circle" if selector == "circular" else "Line")
    if selector in ("convex", "concave"):
        return (dihedral > 0) == (selector == "convex")
    if selector in ("inner", "outer"):
        return any(e.isSame(i) for i in inner) == (selector == "inner")
    if selector.startswith("face:"):
        return any(e.isSame(fe) for fe in face_edges)
    raise FeatureFailed(f"unknown edge selector {selector!r}")


def _on_surface(within: Any, tol: float) -> Any:
    faces = _part().makeCompound(within.Faces)
    vertex = _part().Vertex

    def test(e: Any) -> bool:
        mid = e.valueAt((e.FirstParameter + e.LastParameter) / 2)
        return bool(faces.distToShape(vertex(mid))[0] < max(tol, 1e-4))

    return test


def select_edges(shape: Any, selector: str, at_z: float | None = None, label: str = "",
                 within: Any = None) -> list[str]:
    """Names (``Edge5`` …) of the edges of ``shape`` matching ``selector`` (see ``EDGE_SELECTORS`` in the plan schema),
    optionally only those lying at height ``at_z`` and only those on the surface of ``within`` (what an earlier
    operation made; box-relative selectors then use its box, clipped to the part). Seam edges are never selected.
    Raises :class:`FeatureFailed` when nothing matches, because a fillet on no edges would silently do nothing."""
    if shape.isNull() or not shape.Solids or not shape.BoundBox.isValid():
        raise FeatureFailed(f"{label}: the part it works on is empty — an earlier feature failed or removed "
                            "everything; fix that feature first")
    bb = shape.BoundBox
    tol = max(1e-4, 1e-6 * bb.DiagonalLength)
    on_made = _on_surface(within, tol) if within is not None else None
    if within is not None:
        bb = within.BoundBox.intersected(shape.BoundBox)
    face_test = _bbox_face_test(bb, selector.split(":", 1)[1]) if selector.startswith("face:") else None
    face_edges = [e for f in shape.Faces if face_test is not None and face_test(f.BoundBox) for e in f.Edges]
    inner = _loops(shape) if selector in ("inner", "outer") else []
    around = _edge_faces(shape)
    out = []
    for i, e in enumerate(shape.Edges, start=1):
        faces = around.get(e.hashCode(), [])
        if e.Degenerated or len(faces) < 2:  # seams and free edges cannot be rounded
            continue
        dihedral = _dihedral(e, faces)
        if abs(dihedral) < 1e-6:  # faces already meet tangentially (e.g. the rim of an earlier fillet)
            continue
        ebb = e.BoundBox
        flat = abs(ebb.ZMax - ebb.ZMin) < tol
        if at_z is not None and not (flat and abs(ebb.ZMin - at_z) < max(tol, 1e-3)):
            continue
        if on_made is not None and not on_made(e):
            continue
        if _edge_test(selector, e, ebb, bb, tol, dihedral, inner, face_edges):
            out.append(f"Edge{i}")
    if not out:
        where = f" at z = {at_z:g} mm" if at_z is not None else ""
        made = " on what the created_by operation made" if within is not None else ""
        raise FeatureFailed(f"{label}: no edges match {selector!r}{made}{where}; pick another edge selector "
                            f"(all, top, bottom, top_outer, bottom_outer, vertical, horizontal, circular, straight, "
                            f"convex, concave, outer, inner, parallel_x|y|z, face:<side>)")
    return out


def shapes_of(objects: Sequence[Any]) -> Any:
    """One compound of the placed shapes of document objects (links included), for ``select_edges(within=…)``."""
    part = _part()
    return part.makeCompound([part.getShape(o) for o in objects])


def full_round(shape: Any, radius: float, label: str) -> Any:
    """``shape`` cut to a stadium of its footprint: the vertical edges rounded with radius = half the width."""
    part = _part()
    from FreeCAD import Vector

    bb = shape.BoundBox
    length, width, height = bb.XLength, bb.YLength, bb.ZLength
    along_x = length >= width
    straight = (length if along_x else width) - 2 * radius
    if straight < -1e-6 or abs(min(length, width) - 2 * radius) > 1e-6:
        raise FeatureFailed(f"{label}: a full round needs radius = half the part's width ({min(length, width) / 2:g} mm)")
    cx, cy = (bb.XMin + bb.XMax) / 2, (bb.YMin + bb.YMax) / 2
    step = Vector(straight / 2, 0, 0) if along_x else Vector(0, straight / 2, 0)
    ends = [part.makeCylinder(radius, height, Vector(cx, cy, bb.ZMin) + sign * step) for sign in (-1, 1)]
    stadium = ends[0].fuse(ends[1])
    if straight > 1e-6:
        size = (straight, width) if along_x else (length, straight)
        stadium = stadium.fuse(part.makeBox(size[0], size[1], height,
                                            Vector(cx - size[0] / 2, cy - size[1] / 2, bb.ZMin)))
    rounded = shape.common(stadium.removeSplitter()).removeSplitter()
    if not rounded.Solids:
        raise FeatureFailed(f"{label}: the full round removed the whole part")
    return rounded.Solids[0] if len(rounded.Solids) == 1 else rounded


# --- custom code and verification ---------------------------------------------------------------------------------

def custom_shape(shape: Any, label: str) -> Any:
    """Check what a custom (LLM-written) block produced: a non-null shape with at least one solid."""
    part = _part()
    if not isinstance(shape, part.Shape):
        raise FeatureFailed(f"custom operation {label!r} must set `shape` to a Part shape (got {type(shape).__name__})")
    if shape.isNull() or not shape.Solids:
        raise FeatureFailed(f"custom operation {label!r} produced no solid; `shape` must be a closed solid")
    return shape


def _failed_features(doc: Any) -> list[str]:
    out = []
    for obj in doc.Objects:
        state = [str(s) for s in getattr(obj, "State", [])]
        if "Invalid" in state or "Error" in state:
            try:
                status = obj.getStatusString()
            except Exception:  # noqa: BLE001 - status text is best effort
                status = "failed to recompute"
            hint = _HINTS.get(obj.TypeId, "")
            out.append(f"{obj.Label} ({obj.TypeId}): {status}" + (f" — {hint}" if hint else ""))
    return out


def _span(bb: Any) -> str:
    return (f"x {bb.XMin:g}..{bb.XMax:g}, y {bb.YMin:g}..{bb.YMax:g}, z {bb.ZMin:g}..{bb.ZMax:g} mm")


def verify(doc: Any, result: Any, expect: Sequence[tuple[str, str, Any, Any, Sequence[Any]]] = ()) -> None:
    """Raise :class:`FeatureFailed` if a feature failed, a cut removed nothing / a tool misses the part, an added
    feature added nothing, or the result is not a valid solid.

    ``expect`` rows: ``(kind, label, feature, base, tools)`` with kind ``"cut"`` or ``"add"``."""
    failed = _failed_features(doc)
    if failed:
        raise FeatureFailed("feature failed: " + "; ".join(failed))
    problems = []
    for kind, label, feature, base, tools in expect:
        before, after = base.Shape.Volume, feature.Shape.Volume
        bb = base.Shape.BoundBox
        for n, tool in enumerate(tools, start=1):
            tool_shape = tool.Shape if hasattr(tool, "Shape") else _part().getShape(tool)  # App::Link has no Shape
            if not bb.intersect(tool_shape.BoundBox):
                problems.append(f"{label}: instance {n} of {len(tools)} lies outside the part")
        if kind == "cut" and after > before - _TOL * max(1.0, before):
            problems.append(f"{label}: removes no material — it does not touch the part, which spans {_span(bb)}; "
                            "check its face and positions (or the hole/pocket is already there)")
        if kind == "add" and after < before + _TOL * max(1.0, before):
            problems.append(f"{label}: adds no material — it lies inside the part")
    shape = result.Shape
    if shape.isNull() or not shape.Solids:  # validity (BRepCheck) is measured by the job runner, not twice here
        problems.append(f"result {result.Label!r} has no solid (everything was cut away?)")
    if problems:
        raise FeatureFailed("; ".join(problems))
