"""A short FreeCAD 0.20 API reference for LLM-written code — written to avoid the traps models fall into."""

FREECAD_API_REFERENCE = """\
FreeCAD 0.20 Python, headless (no GUI). Units: millimetres; angles in degrees for FreeCAD calls, radians for math.
Already in scope — do NOT import them again and never use `Gui`/`FreeCADGui`: `App` (= `FreeCAD`), `Part`, `Vector`,
`Placement`, `Rotation`, `math`, `doc` (the active document). Allowed imports: math, FreeCAD, Part, Sketcher only.
No file or OS access: no open(), os, sys, subprocess, eval/exec, getattr; no saving, reading or exporting files
(exports are done for you afterwards).

Solids (Part.Shape, built directly — prefer this over PartDesign):
  Part.makeBox(length_x, width_y, height_z, Vector(x0, y0, z0))   # corner at (x0,y0,z0), NOT centred
  Part.makeCylinder(radius, height, Vector(base), Vector(0, 0, 1))  # RADIUS, not diameter
  Part.makeCone(r_bottom, r_top, height, Vector(base), Vector(dir))
  Part.makeSphere(radius, Vector(center));  Part.makeTorus(major_radius, minor_radius, Vector(center))
  Part.makeHelix(pitch, height, radius);  Part.makePolygon([Vector(...), ..., first_point_again])  # closed wire
  Part.Face(closed_wire).extrude(Vector(0, 0, h));  face.revolve(Vector(0, 0, 0), Vector(0, 0, 1), 360)
  Part.makeLoft([wire_a, wire_b], True);  Part.Wire(path_edges).makePipeShell([profile_wire], True, True)
  Part.makeCircle(r, Vector(center), Vector(normal)) -> edge;  Part.Wire([edge]) -> wire
Booleans return new shapes: a.cut(b), a.fuse(b) or a.fuse([b, c]), a.common(b); then .removeSplitter().
Transforms change the shape in place — copy first: s = shape.copy(); s.translate(Vector(dx, dy, dz));
  s.rotate(Vector(0, 0, 0), Vector(0, 0, 1), degrees).
Edges: shape.Edges; e.Curve (type(e.Curve).__name__ == 'Line' / 'Circle'), e.BoundBox, e.Length, e.CenterOfMass.
Fillet/chamfer: shape.makeFillet(radius, [edges]) / shape.makeChamfer(size, [edges]). There is NO
  Part.makeFilletedBox. Keep the radius below half of the smallest adjacent face width or wall thickness, or OCC fails
  with "BRep_API: command not done" or returns an invalid shape.
Check results yourself: shape.isValid(), shape.Volume > 0, len(shape.Solids) == 1. doc.recompute() returns a count even
  when a feature failed (check obj.State for 'Invalid').
If you do use PartDesign: features go into a Body; after a pattern feature set body.Tip to it, or the next feature is
  inserted before it.
"""
