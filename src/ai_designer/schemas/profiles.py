"""Geometry building blocks of the CAD plan: vectors, placement, 2-D profiles and positions on a face.

Split from ``task_graph.py`` (which re-exports every name here) so each module stays small. Conventions are
documented in ``task_graph``'s docstring.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Vec2", "Vec3", "FaceName", "Positive", "NonNegative", "EDGE_SELECTORS", "EdgeSelector", "Placement",
    "Rectangle", "RoundedRectangle", "Circle", "RegularPolygon", "Polygon", "Slot", "Profile",
    "Points", "LinearPattern", "PolarPattern", "GridPattern", "Positions", "StrictModel", "ID_PATTERN",
    "center_point", "BaseProfile", "OffsetProfile", "Outline",
]

Vec2 = tuple[float, float]
Vec3 = tuple[float, float, float]
FaceName = Literal["top", "bottom", "front", "back", "left", "right"]
Positive = Annotated[float, Field(gt=0)]
NonNegative = Annotated[float, Field(ge=0)]

#: Edge selectors understood by fillet/chamfer. ``face:<name>`` picks the edges of that bounding-box face;
#: ``top_outer``/``bottom_outer`` are the top/bottom edges on the part's outline (not those of holes or pockets);
#: ``outer``/``inner`` the edges of the outer / inner loops (rims of holes, pockets) of flat faces;
#: ``parallel_x|y|z`` straight edges along that axis. With ``created_by`` the box-relative ones (top, bottom,
#: top_outer, face:*) refer to the box of what that operation made, not of the whole part.
EDGE_SELECTORS = (
    "all", "top", "bottom", "top_outer", "bottom_outer", "vertical", "horizontal", "circular", "straight",
    "convex", "concave", "outer", "inner", "parallel_x", "parallel_y", "parallel_z",
    "face:top", "face:bottom", "face:front", "face:back", "face:left", "face:right",
)
EdgeSelector = Literal[
    "all", "top", "bottom", "top_outer", "bottom_outer", "vertical", "horizontal", "circular", "straight",
    "convex", "concave", "outer", "inner", "parallel_x", "parallel_y", "parallel_z",
    "face:top", "face:bottom", "face:front", "face:back", "face:left", "face:right",
]

ID_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,47}$")


class StrictModel(BaseModel):
    """Plan models refuse unknown fields, so a typo in LLM JSON or a plan file is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=False, allow_inf_nan=False)  # NaN/Infinity are never sizes


class Placement(StrictModel):
    """Rotate about the origin (degrees about X, then Y, then Z), then translate by ``at``."""

    at: Vec3 = (0.0, 0.0, 0.0)
    rotate: Vec3 = (0.0, 0.0, 0.0)

    def is_identity(self) -> bool:
        return all(v == 0 for v in self.at) and all(v == 0 for v in self.rotate)


# --- 2-D profiles (in the XY plane, centred on the origin) --------------------------------------------------------

class Rectangle(StrictModel):
    shape: Literal["rectangle"] = "rectangle"
    length: Positive
    width: Positive


class RoundedRectangle(StrictModel):
    shape: Literal["rounded_rectangle"] = "rounded_rectangle"
    length: Positive
    width: Positive
    radius: Positive

    @model_validator(mode="after")
    def _radius_fits(self) -> RoundedRectangle:
        if self.radius * 2 > min(self.length, self.width) + 1e-9:
            raise ValueError(f"corner radius {self.radius} mm is more than half the smaller side "
                             f"({min(self.length, self.width)} mm); use at most {min(self.length, self.width) / 2:g} mm")
        return self


class Circle(StrictModel):
    shape: Literal["circle"] = "circle"
    diameter: Positive


class RegularPolygon(StrictModel):
    """``across_flats`` (hex key size) or ``diameter`` (across corners) — give exactly one."""

    shape: Literal["regular_polygon"] = "regular_polygon"
    sides: int = Field(ge=3, le=64)
    across_flats: Positive | None = None
    diameter: Positive | None = None

    @model_validator(mode="after")
    def _one_size(self) -> RegularPolygon:
        if (self.across_flats is None) == (self.diameter is None):
            raise ValueError("give exactly one of across_flats or diameter (across corners)")
        return self

    @property
    def circumradius(self) -> float:
        if self.diameter is not None:
            return self.diameter / 2
        assert self.across_flats is not None
        return self.across_flats / 2 / math.cos(math.pi / self.sides)


class Polygon(StrictModel):
    shape: Literal["polygon"] = "polygon"
    points: list[Vec2] = Field(min_length=3)


class Slot(StrictModel):
    """A stadium: ``length`` end to end along X, ``width`` across (= end diameter)."""

    shape: Literal["slot"] = "slot"
    length: Positive
    width: Positive

    @model_validator(mode="after")
    def _longer_than_wide(self) -> Slot:
        if self.length < self.width:
            raise ValueError(f"slot length {self.length} mm must be at least its width {self.width} mm")
        return self


BaseProfile = Annotated[Rectangle | RoundedRectangle | Circle | RegularPolygon | Polygon | Slot,
                        Field(discriminator="shape")]


class OffsetProfile(StrictModel):
    """Another profile grown (``offset`` > 0, round corners) or shrunk (< 0) by ``offset`` mm all round."""

    shape: Literal["offset"] = "offset"
    profile: BaseProfile
    offset: float

    @model_validator(mode="after")
    def _not_zero(self) -> OffsetProfile:
        if self.offset == 0:
            raise ValueError("offset profile: offset 0 is the profile itself; give a non-zero offset or drop it")
        return self


class Outline(StrictModel):
    """Only for pocket/boss: the target's own outline seen from the face, offset by ``offset`` mm (a step-down 5 mm
    in from the edge: -5); always centred on the face."""

    shape: Literal["outline"] = "outline"
    offset: float = 0.0


Profile = Annotated[Rectangle | RoundedRectangle | Circle | RegularPolygon | Polygon | Slot | OffsetProfile | Outline,
                    Field(discriminator="shape")]


# --- positions on a face -------------------------------------------------------------------------------------------

class Points(StrictModel):
    kind: Literal["points"] = "points"
    points: list[Vec2] = Field(min_length=1)

    def resolve(self) -> list[Vec2]:
        return list(self.points)

    def describe(self) -> str:
        if self.points == [(0.0, 0.0)]:
            return "face centre"
        return ", ".join(f"({x:g}, {y:g})" for x, y in self.points[:6]) + (" …" if len(self.points) > 6 else "")


class LinearPattern(StrictModel):
    """``count`` points ``spacing`` apart (centre to centre) along ``angle``; centred on ``center`` unless ``start``."""

    kind: Literal["linear"] = "linear"
    count: int = Field(ge=1, le=500)
    spacing: NonNegative
    angle: float = 0.0
    center: Vec2 = (0.0, 0.0)
    start: Vec2 | None = None

    def describe(self) -> str:
        return f"{self.count} in a row, {self.spacing:g} mm apart" + (f" at {self.angle:g} deg" if self.angle else "")

    def resolve(self) -> list[Vec2]:
        dx, dy = math.cos(math.radians(self.angle)), math.sin(math.radians(self.angle))
        if self.start is not None:
            x0, y0 = self.start
        else:
            half = (self.count - 1) * self.spacing / 2
            x0, y0 = self.center[0] - dx * half, self.center[1] - dy * half
        return [(x0 + dx * self.spacing * i, y0 + dy * self.spacing * i) for i in range(self.count)]


class PolarPattern(StrictModel):
    """``count`` points equally spaced on a circle of ``diameter`` (PCD / bolt circle), first at ``start_angle``
    (0° = +u, counter-clockwise), over ``sweep`` degrees (360 = full circle)."""

    kind: Literal["polar"] = "polar"
    count: int = Field(ge=1, le=500)
    diameter: NonNegative
    start_angle: float = 0.0
    sweep: float = Field(default=360.0, gt=0, le=360)
    center: Vec2 = (0.0, 0.0)

    def describe(self) -> str:
        arc = "" if self.sweep >= 360 else f" over {self.sweep:g} deg"
        return f"{self.count} on a {self.diameter:g} mm circle{arc}, first at {self.start_angle:g} deg"

    def resolve(self) -> list[Vec2]:
        r = self.diameter / 2
        step = self.sweep / self.count if self.sweep >= 360 else (self.sweep / max(self.count - 1, 1))
        out = []
        for i in range(self.count):
            a = math.radians(self.start_angle + step * i)
            out.append((self.center[0] + r * math.cos(a), self.center[1] + r * math.sin(a)))
        return out


class GridPattern(StrictModel):
    """``count_x`` x ``count_y`` points, centre-to-centre spacings, centred on ``center``."""

    kind: Literal["grid"] = "grid"
    count_x: int = Field(ge=1, le=200)
    count_y: int = Field(ge=1, le=200)
    spacing_x: NonNegative
    spacing_y: NonNegative
    center: Vec2 = (0.0, 0.0)

    def describe(self) -> str:
        return f"{self.count_x} x {self.count_y} grid, {self.spacing_x:g} x {self.spacing_y:g} mm pitch"

    def resolve(self) -> list[Vec2]:
        x0 = self.center[0] - (self.count_x - 1) * self.spacing_x / 2
        y0 = self.center[1] - (self.count_y - 1) * self.spacing_y / 2
        return [(x0 + i * self.spacing_x, y0 + j * self.spacing_y)
                for j in range(self.count_y) for i in range(self.count_x)]


Positions = Annotated[Points | LinearPattern | PolarPattern | GridPattern, Field(discriminator="kind")]


def center_point() -> Points:
    return Points(points=[(0.0, 0.0)])
