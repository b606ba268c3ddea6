"""``ai-designer analyze FILE.FCStd``: what a FreeCAD document holds — objects, editable parameters, final geometry.

Works on any FCStd (not only ours): objects are listed with type, label and recompute state; parameters are the
aliased cells of every spreadsheet (ours is ``Params``) plus the main dimensions of each feature and the expressions
bound to them; the final solid is the visible top-level shape nobody else consumes (what FreeCAD's tree shows as the
result). Must run where FreeCAD is importable (a worker, or after ``locate.import_freecad``).

    >>> info = analyze_document("plate.FCStd")          # doctest: +SKIP
    >>> info["parameters"]["plate_length"]               # doctest: +SKIP
    90.0
    >>> info["parameter_details"][0]                      # doctest: +SKIP
    {'name': 'plate_length', 'value': 90.0, 'cell': 'B2', 'meaning': 'plate: length along X (mm)', 'sheet': 'Params'}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ai_designer.core.errors import NotFoundError

__all__ = ["analyze_document", "MAIN_PROPERTIES"]

#: The dimensions worth showing for each feature type (FreeCAD property names).
MAIN_PROPERTIES: dict[str, tuple[str, ...]] = {
    "Part::Box": ("Length", "Width", "Height"),
    "Part::Cylinder": ("Radius", "Height"),
    "Part::Cone": ("Radius1", "Radius2", "Height"),
    "Part::Sphere": ("Radius", "Angle1"),
    "Part::Torus": ("Radius1", "Radius2"),
    "Part::Prism": ("Polygon", "Circumradius", "Height"),
    "Part::Circle": ("Radius",),
    "Part::RegularPolygon": ("Polygon", "Circumradius"),
    "Part::Extrusion": ("LengthFwd", "TaperAngle"),
    "Part::Revolution": ("Angle",),
    "Part::Thickness": ("Value",),
    "Part::Offset": ("Value",),
    "PartDesign::Fillet": ("Radius",),
    "PartDesign::Chamfer": ("Size",),
}


#: Reference geometry every PartDesign body carries; not features, so not listed.
_HELPERS = frozenset({"App::Origin", "App::Line", "App::Plane"})


def _plain(value: Any) -> Any:
    """Quantities become floats (mm / degrees), everything else a JSON-friendly value."""
    if hasattr(value, "Value") and hasattr(value, "Unit"):
        return float(value.Value)
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def _cells(sheet: Any) -> list[str]:
    """Used cells of a sheet, row by row (FreeCAD 0.20 has no ``getUsedCells``): columns A-Z, stopping after 20
    empty rows in a row."""
    out, empty, row = [], 0, 1
    while empty < 20 and row < 10_000:
        used = [f"{col}{row}" for col in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if sheet.getContents(f"{col}{row}")]
        out += used
        empty = 0 if used else empty + 1
        row += 1
    return out


def _parameters(doc: Any) -> list[dict[str, Any]]:
    out = []
    for sheet in (o for o in doc.Objects if o.TypeId == "Spreadsheet::Sheet"):
        for cell in _cells(sheet):
            alias = sheet.getAlias(cell)
            if not alias:
                continue
            row = "".join(ch for ch in cell if ch.isdigit())
            meaning = sheet.getContents(f"C{row}") if cell.startswith("B") else ""
            out.append({"name": alias, "value": _plain(sheet.get(cell)), "cell": cell, "meaning": str(meaning),
                        "sheet": sheet.Name})
    return out


def _feature(obj: Any) -> dict[str, Any]:
    state = [str(s) for s in obj.State]
    info: dict[str, Any] = {"name": obj.Name, "label": obj.Label, "type": obj.TypeId,
                            "state": state, "ok": not ("Invalid" in state or "Error" in state)}
    if not info["ok"]:
        try:
            info["message"] = obj.getStatusString()
        except Exception:  # noqa: BLE001 - status text is best effort
            info["message"] = "failed to recompute"
    props = {p: _plain(getattr(obj, p)) for p in MAIN_PROPERTIES.get(obj.TypeId, ()) if hasattr(obj, p)}
    if obj.TypeId == "Sketcher::SketchObject":
        props.update({c.Name: float(c.Value) for c in obj.Constraints if c.Name})
    if props:
        info["properties"] = props
    expressions = {path.lstrip("."): expr for path, expr in getattr(obj, "ExpressionEngine", [])}
    if expressions:
        info["expressions"] = expressions
    return info


def _final_objects(doc: Any) -> list[Any]:
    """Top-level solids: objects with a solid shape that no other object consumes (spreadsheets excepted)."""
    out = []
    for obj in doc.Objects:
        shape = getattr(obj, "Shape", None)
        if shape is None or shape.isNull() or not shape.Solids:
            continue
        users = [u for u in obj.InList if u.TypeId != "Spreadsheet::Sheet" and u is not obj]
        if not any(not _only_reads_bbox(u, obj) for u in users):
            out.append(obj)
    return out


def _only_reads_bbox(user: Any, obj: Any) -> bool:
    """True when ``user`` refers to ``obj`` only through expressions (e.g. a hole tool placed on its bounding box)."""
    for prop in user.PropertiesList:
        try:
            value = getattr(user, prop)
        except Exception:  # noqa: BLE001 - some properties cannot be read headless
            continue
        if value is obj or (isinstance(value, (list, tuple)) and any(v is obj or (isinstance(v, tuple) and obj in v)
                                                                     for v in value)):
            return False
    return True


def analyze_document(path: str | Path) -> dict[str, Any]:
    """Objects, parameters and final geometry of ``path``. Raises :class:`NotFoundError` if the file is missing.

    Keys: ``path``, ``name``, ``objects`` (name, label, type, state, ok, properties, expressions, message),
    ``parameters`` ({alias: value}), ``parameter_details`` (alias, value, cell, meaning, sheet), ``result`` /
    ``result_labels`` (the final solid objects), ``geometry`` (volume, area, bbox …, or None) and ``failed``."""
    import FreeCAD

    from ai_designer.freecad.job import measure_shape

    file = Path(path)
    if not file.is_file():
        raise NotFoundError(f"no such FreeCAD document: {file}; pass the path of an existing .FCStd file")
    doc = FreeCAD.openDocument(str(file))
    try:
        doc.recompute()
        objects = [_feature(o) for o in doc.Objects if o.TypeId not in _HELPERS]
        finals = _final_objects(doc)
        geometry = None
        if finals:
            shape = finals[-1].Shape if len(finals) == 1 else _compound([o.Shape for o in finals])
            report = measure_shape(shape)
            geometry = {"volume": report.volume, "area": report.area, "bbox": list(report.bbox),
                        "bbox_min": list(report.bbox_min), "bbox_max": list(report.bbox_max),
                        "solids": report.solids, "faces": report.faces, "edges": report.edges,
                        "valid": report.valid, "closed": report.closed,
                        "center_of_mass": list(report.center_of_mass) if report.center_of_mass else None}
        params = _parameters(doc)
        return {"path": str(file), "name": doc.Label, "objects": objects,
                "parameters": {p["name"]: p["value"] for p in params}, "parameter_details": params,
                "result": [o.Name for o in finals], "result_labels": [o.Label for o in finals],
                "geometry": geometry, "failed": [o for o in objects if not o["ok"]]}
    finally:
        FreeCAD.closeDocument(doc.Name)


def _compound(shapes: list[Any]) -> Any:
    import Part

    return Part.makeCompound(shapes)
