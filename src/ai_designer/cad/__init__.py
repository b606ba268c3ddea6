"""CAD logic that does not need FreeCAD itself (validation against intent, analytic helpers)."""
