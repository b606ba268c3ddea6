"""2-D profiles for generated scripts: constrained sketches and the involute gear outline.

Sketches are built centred on their own origin and fully constrained where the profile has named dimensions, so the
generator can bind constraints (``length``, ``width``, ``radius``, ``centers``) to spreadsheet cells with
``sketch.setExpression('Constraints.length', 'Params.x_length')`` and a user can edit the profile in FreeCAD's
Sketcher. Free polygons carry only coincidences (their corner points are data, not parameters).

Runs inside a FreeCAD worker (imports FreeCAD lazily, inside the functions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

__all__ = ["rectangle_sketch", "rounded_rectangle_sketch", "slot_sketch", "polygon_sketch", "gear_face"]


def _new_sketch(doc: Any, name: str) -> Any:
    return doc.addObject("Sketcher::SketchObject", name)


def _named(sketch: Any, constraint: Any, name: str) -> None:
    index = sketch.addConstraint(constraint)
    sketch.renameConstraint(index, name)


def rectangle_sketch(doc: Any, name: str, length: float, width: float) -> Any:
    """Rectangle centred on the origin; constraints ``length`` (X) and ``width`` (Y)."""
    import FreeCAD
    import Part
    import Sketcher

    v = FreeCAD.Vector
    hl, hw = length / 2, width / 2
    corners = [v(-hl, -hw, 0), v(hl, -hw, 0), v(hl, hw, 0), v(-hl, hw, 0)]
    sk = _new_sketch(doc, name)
    sk.addGeometry([Part.LineSegment(corners[i], corners[(i + 1) % 4]) for i in range(4)], False)
    c = Sketcher.Constraint
    cons = [c("Coincident", i, 2, (i + 1) % 4, 1) for i in range(4)]
    cons += [c("Horizontal", 0), c("Horizontal", 2), c("Vertical", 1), c("Vertical", 3),
             c("Symmetric", 0, 1, 2, 1, -1, 1)]
    sk.addConstraint(cons)
    _named(sk, c("DistanceX", 0, 1, 0, 2, length), "length")
    _named(sk, c("DistanceY", 1, 1, 1, 2, width), "width")
    return sk


def rounded_rectangle_sketch(doc: Any, name: str, length: float, width: float, radius: float) -> Any:
    """Rounded rectangle centred on the origin; constraints ``length``, ``width``, ``radius``.

    A radius of exactly half the smaller side is a stadium: :func:`slot_sketch` is used instead (a sketch cannot hold
    zero-length sides)."""
    if radius * 2 >= min(length, width) - 1e-9:
        return slot_sketch(doc, name, max(length, width), min(length, width), along_y=width > length)
    import FreeCAD
    import Part
    import Sketcher

    v = FreeCAD.Vector
    hl, hw, r = length / 2, width / 2, radius
    geo = [Part.LineSegment(v(-hl + r, -hw, 0), v(hl - r, -hw, 0)),
           Part.LineSegment(v(hl, -hw + r, 0), v(hl, hw - r, 0)),
           Part.LineSegment(v(hl - r, hw, 0), v(-hl + r, hw, 0)),
           Part.LineSegment(v(-hl, hw - r, 0), v(-hl, -hw + r, 0))]
    centres = [(hl - r, -hw + r, -90), (hl - r, hw - r, 0), (-hl + r, hw - r, 90), (-hl + r, -hw + r, 180)]
    for cx, cy, a0 in centres:
        geo.append(Part.ArcOfCircle(Part.Circle(v(cx, cy, 0), v(0, 0, 1), r), math.radians(a0), math.radians(a0 + 90)))
    sk = _new_sketch(doc, name)
    sk.addGeometry(geo, False)
    c = Sketcher.Constraint
    cons = []
    for i in range(4):
        cons.append(c("Tangent", i, 2, 4 + i, 1))
        cons.append(c("Tangent", 4 + i, 2, (i + 1) % 4, 1))
    cons += [c("Horizontal", 0), c("Horizontal", 2), c("Vertical", 1), c("Vertical", 3),
             c("Equal", 4, 5), c("Equal", 4, 6), c("Equal", 4, 7), c("Symmetric", 4, 3, 6, 3, -1, 1)]
    sk.addConstraint(cons)
    _named(sk, c("DistanceX", 3, 1, 1, 1, length), "length")
    _named(sk, c("DistanceY", 0, 1, 2, 1, width), "width")
    _named(sk, c("Radius", 4, radius), "radius")
    return sk


def slot_sketch(doc: Any, name: str, length: float, width: float, *, along_y: bool = False) -> Any:
    """Stadium ``length`` end to end along X (Y if ``along_y``); constraints ``centers`` (distance between the end
    centres = length - width) and ``radius`` (= width / 2). ``length == width`` gives a circle (``radius`` only)."""
    import FreeCAD
    import Part
    import Sketcher

    v = FreeCAD.Vector
    c = Sketcher.Constraint
    r, d = width / 2, (length - width) / 2
    sk = _new_sketch(doc, name)
    if d <= 1e-9:
        sk.addGeometry(Part.Circle(v(0, 0, 0), v(0, 0, 1), r), False)
        sk.addConstraint(c("Coincident", 0, 3, -1, 1))
        _named(sk, c("Radius", 0, r), "radius")
        return sk
    turn = 90.0 if along_y else 0.0

    def at(x: float, y: float) -> Any:
        return v(-y, x, 0) if along_y else v(x, y, 0)

    def arc(cx: float, a0: float) -> Any:
        return Part.ArcOfCircle(Part.Circle(at(cx, 0), v(0, 0, 1), r), math.radians(a0 + turn), math.radians(a0 + 180 + turn))

    geo = [Part.LineSegment(at(-d, -r), at(d, -r)), Part.LineSegment(at(d, r), at(-d, r)), arc(d, -90), arc(-d, 90)]
    sk.addGeometry(geo, False)
    sk.addConstraint([c("Tangent", 0, 2, 2, 1), c("Tangent", 2, 2, 1, 1), c("Tangent", 1, 2, 3, 1),
                      c("Tangent", 3, 2, 0, 1), c("Vertical" if along_y else "Horizontal", 0), c("Equal", 2, 3),
                      c("Symmetric", 2, 3, 3, 3, -1, 1)])
    _named(sk, c("DistanceY" if along_y else "DistanceX", 3, 3, 2, 3, 2 * d), "centers")
    _named(sk, c("Radius", 2, r), "radius")
    return sk


def polygon_sketch(doc: Any, name: str, points: Sequence[Sequence[float]]) -> Any:
    """Closed polyline through ``points`` (corner coordinates are data; only coincidences are constrained)."""
    import FreeCAD
    import Part
    import Sketcher

    v = FreeCAD.Vector
    pts = [v(float(x), float(y), 0) for x, y in points]
    n = len(pts)
    sk = _new_sketch(doc, name)
    sk.addGeometry([Part.LineSegment(pts[i], pts[(i + 1) % n]) for i in range(n)], False)
    sk.addConstraint([Sketcher.Constraint("Coincident", i, 2, (i + 1) % n, 1) for i in range(n)])
    return sk


def _involute(alpha: float) -> float:
    return math.tan(alpha) - alpha


def gear_face(teeth: int, module: float, pressure_angle: float = 20.0, flank_points: int = 9) -> Any:
    """Face of an involute spur gear (standard addendum m, dedendum 1.25 m, no profile shift) in the XY plane.

    Each flank is a B-spline through exact involute points from the base (or root) circle to the tip; where the root
    circle lies inside the base circle the flank continues radially down to it. Tooth 0 is centred on +X."""
    import FreeCAD
    import Part

    v = FreeCAD.Vector
    alpha = math.radians(pressure_angle)
    rp = module * teeth / 2
    rb, ra, rf = rp * math.cos(alpha), rp + module, rp - 1.25 * module
    half = math.pi / (2 * teeth) + _involute(alpha)  # half tooth angle at the base circle
    r0 = max(rb, rf)
    radii = [r0 + (ra - r0) * (i / (flank_points - 1)) ** 1.5 for i in range(flank_points)]

    def theta(r: float) -> float:
        return half - _involute(math.acos(min(1.0, rb / r)))

    def pt(r: float, a: float) -> Any:
        return v(r * math.cos(a), r * math.sin(a), 0)

    pitch = 2 * math.pi / teeth
    edges = []
    for k in range(teeth):
        c = k * pitch
        right = [pt(r, c - theta(r)) for r in radii]
        left = [pt(r, c + theta(r)) for r in reversed(radii)]
        for flank in (right, left):
            bs = Part.BSplineCurve()
            bs.interpolate(flank)
            edges.append(bs.toShape())
            if flank is right:
                edges.append(Part.Arc(right[-1], pt(ra, c), left[0]).toShape())
        a_left, a_next = c + theta(r0), c + pitch - theta(r0)
        if rf < r0 - 1e-9:
            edges.append(Part.LineSegment(pt(r0, a_left), pt(rf, a_left)).toShape())
            edges.append(Part.Arc(pt(rf, a_left), pt(rf, (a_left + a_next) / 2), pt(rf, a_next)).toShape())
            edges.append(Part.LineSegment(pt(rf, a_next), pt(r0, a_next)).toShape())
        else:
            edges.append(Part.Arc(pt(r0, a_left), pt(r0, (a_left + a_next) / 2), pt(r0, a_next)).toShape())
    return Part.Face(Part.Wire(edges))
