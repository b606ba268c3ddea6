"""Registry entries of the primitives (box … spur gear): analytic box and intent estimate side by side per operation.

Every primitive rests on the XY plane centred on Z before its ``placement``; an entry gives that unplaced box (and
the estimate: box, volume by formula, what a straight cut through it removes) and the shared tail applies the
placement. The schemas live in ``schemas.task_graph`` and the FreeCAD compilation in ``freecad.codegen_primitives``;
the entry points at both, so the generic code (generator, ``cad.extents``, ``planning.intent``) only iterates the
registry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ai_designer.cad.extents import Extents, box_extents, polygon_extents, profile_extents
from ai_designer.ops.registry import OpSpec, register
from ai_designer.planning.intent import Est, centered, pappus, placed, profile_area, profile_extent
from ai_designer.schemas.task_graph import (
    Box,
    Cone,
    Cylinder,
    Extrude,
    Prism,
    RegularPolygon,
    Revolve,
    Sphere,
    SpurGear,
    Torus,
    Tube,
)

__all__: list[str] = []

PI = math.pi


def _compiler(name: str) -> Callable[[Any, Any], None]:
    def compile_op(s: Any, op: Any) -> None:
        from ai_designer.freecad.codegen_primitives import PRIMITIVES

        PRIMITIVES[name](s, op)  # type: ignore[operator]

    return compile_op


def _primitive(name: str, model: type, extents: Callable[[Any], Extents], est: Callable[[Any], Est]) -> None:
    register(OpSpec(name, model, _compiler(name),
                    lambda op, known: extents(op).placed(op.placement),
                    lambda op, known, plan: placed(est(op), op.placement)))


def _sphere_est(op: Sphere) -> Est:
    r = op.diameter / 2
    return centered(op.diameter, op.diameter, 0, r if op.hemisphere else 2 * r,
                    (2 / 3 if op.hemisphere else 4 / 3) * PI * r ** 3, "curved" if op.hemisphere else "sphere", False)


def _cone_est(op: Cone) -> Est:
    r1, r2 = op.bottom_diameter / 2, op.top_diameter / 2
    d = max(op.bottom_diameter, op.top_diameter)
    return centered(d, d, 0, op.height, PI * op.height / 3 * (r1 * r1 + r1 * r2 + r2 * r2), "curved", False)


def _torus_est(op: Torus) -> Est:
    big, small = op.major_diameter / 2, op.minor_diameter / 2
    vol = 2 * PI * PI * big * (small ** 2 - (op.inner_diameter / 2) ** 2)
    return centered(2 * (big + small), 2 * (big + small), 0, 2 * small, vol, "curved", False)


def _prism_est(op: Prism) -> Est:
    poly = RegularPolygon(sides=op.sides, across_flats=op.across_flats, diameter=op.diameter)
    dx, dy = profile_extent(poly)
    return centered(dx, dy, 0, op.height, (profile_area(poly) or 0) * op.height, "box", True)


def _tube_est(op: Tube) -> Est:
    vol = PI / 4 * (op.outer_diameter ** 2 - op.inner_diameter ** 2) * op.height
    return centered(op.outer_diameter, op.outer_diameter, 0, op.height, vol, "other", False)


def _extrude_extents(op: Extrude) -> Extents:
    x0, x1, y0, y1 = profile_extents(op.profile)
    grow = max(0.0, -op.height * math.tan(math.radians(op.taper)))
    return Extents((x0 - grow, y0 - grow, 0), (x1 + grow, y1 + grow, op.height))


def _extrude_est(op: Extrude) -> Est:
    dx, dy = profile_extent(op.profile)
    area: float | None = profile_area(op.profile)
    for inner in op.inner:
        a = profile_area(inner)
        area = None if area is None or a is None else area - a
    return centered(dx, dy, 0, op.height, None if area is None or op.taper else area * op.height,
                    "box" if not op.inner else "other", not op.inner and not op.taper)


def _revolve_extents(op: Revolve) -> Extents:
    r = max(p[0] for p in op.points)
    zs = [p[1] for p in op.points]
    return Extents((-r, -r, min(zs)), (r, r, max(zs)), op.angle >= 360)


def _revolve_est(op: Revolve) -> Est:
    rmax = max(p[0] for p in op.points)
    zs = [p[1] for p in op.points]
    return centered(2 * rmax, 2 * rmax, min(zs), max(zs), pappus(op), "other", False)


def _round(d: float, h: float, exact: bool = True) -> Extents:
    return box_extents(d / 2, d / 2, 0, h, exact)


_primitive("box", Box, lambda op: box_extents(op.length / 2, op.width / 2, 0, op.height),
           lambda op: centered(op.length, op.width, 0, op.height, op.length * op.width * op.height, "box", True))
_primitive("cylinder", Cylinder, lambda op: _round(op.diameter, op.height),
           lambda op: centered(op.diameter, op.diameter, 0, op.height, PI * op.diameter ** 2 / 4 * op.height,
                               "cylinder", True))
_primitive("sphere", Sphere, lambda op: box_extents(op.diameter / 2, op.diameter / 2, 0,
                                                    op.diameter / (2 if op.hemisphere else 1)), _sphere_est)
_primitive("cone", Cone, lambda op: _round(max(op.bottom_diameter, op.top_diameter), op.height), _cone_est)
_primitive("torus", Torus, lambda op: _round(op.major_diameter + op.minor_diameter, op.minor_diameter), _torus_est)
_primitive("prism", Prism, lambda op: polygon_extents(op.sides, op.circumradius, op.height), _prism_est)
_primitive("tube", Tube, lambda op: _round(op.outer_diameter, op.height), _tube_est)
_primitive("extrude", Extrude, _extrude_extents, _extrude_est)
_primitive("revolve", Revolve, _revolve_extents, _revolve_est)
_primitive("spur_gear", SpurGear, lambda op: _round(op.outer_diameter, op.face_width, exact=False),
           lambda op: centered(op.outer_diameter, op.outer_diameter, 0, op.face_width, None, "other", False))
