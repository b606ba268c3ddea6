"""The CAD plan: the typed centre of ai-designer.

A plan is a small DAG of named operations with explicit parameters in **millimetres** (angles in degrees), plus the
``intent`` the built solid must meet. Planners (offline or LLM) produce plans; the generator compiles them to FreeCAD
Python; the validator checks the built solid against ``intent``. Plans are plain data: they can be shown, diffed,
edited ("make it 10 mm thick" changes one field), cached and replayed.

Conventions (the generator and every planner rely on them):

* Z is up. Every primitive is built **resting on the XY plane, centred on the Z axis**: a box spans
  ``[-L/2, L/2] x [-W/2, W/2] x [0, H]``; a cylinder, cone, prism, tube or extrusion has its base at ``z = 0``;
  a sphere or torus rests on ``z = 0``; a hemisphere has its flat face on ``z = 0``. ``placement`` then rotates the
  body about the origin (X, then Y, then Z) and moves it by ``at``.
* 2-D profiles lie in the XY plane centred on the origin: rectangle and slot lengths run along X; a regular polygon or
  prism has a corner on +X (so a hexagon's ``across_flats`` is its size along Y). Loft sections stack along Z; sweep
  paths start at the origin.
* Features (hole, pocket, boss) work on a **face of the target's bounding box** (``top``, ``bottom``, ``front`` = -Y,
  ``back`` = +Y, ``left`` = -X, ``right`` = +X). Positions are 2-D ``[u, v]`` offsets from the centre of that face:
  ``top``/``bottom`` use ``u = X, v = Y``; ``front``/``back`` use ``u = X, v = Z``; ``left``/``right`` use
  ``u = Y, v = Z``. Holes and pockets go into the part, bosses stand out of it.
* Each operation has an ``id``; a feature names the ``target`` it modifies, and later operations refer to the feature's
  own id to mean "the part after this feature". ``result`` names the final body (default: the last operation).

Example::

    CADPlan(name="plate", operations=[
        Box(id="plate", length=90, width=70, height=8),
        Hole(id="holes", target="plate", diameter=5.5,
             at=GridPattern(count_x=2, count_y=2, spacing_x=80, spacing_y=60)),
    ], intent=Intent(bbox=(90, 70, 8)))
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ai_designer.schemas.plan_limits import check_limits

__all__ = [
    "Vec2", "Vec3", "Placement", "FaceName", "EdgeSelector", "EDGE_SELECTORS",
    "Rectangle", "RoundedRectangle", "Circle", "RegularPolygon", "Polygon", "Slot", "Profile",
    "Points", "LinearPattern", "PolarPattern", "GridPattern", "Positions",
    "Box", "Cylinder", "Sphere", "Cone", "Torus", "Prism", "Tube", "Extrude", "Revolve", "SpurGear",
    "Hole", "Pocket", "Boss", "Fillet", "Chamfer", "Shell", "Pattern", "Boolean", "Transform", "Custom",
    "Operation", "Intent", "CADPlan", "PRIMITIVE_OPS", "FEATURE_OPS",
    "Loft", "LoftSection", "Sweep", "PolylinePath", "ArcPath", "HelixPath", "Mirror", "OffsetProfile", "Outline",
    "BaseProfile", "center_point",
]

from ai_designer.ops.boolean import Boolean
from ai_designer.ops.boss import Boss
from ai_designer.ops.box import Box
from ai_designer.ops.chamfer import Chamfer
from ai_designer.ops.cone import Cone
from ai_designer.ops.custom import Custom
from ai_designer.ops.cylinder import Cylinder
from ai_designer.ops.extrude import Extrude
from ai_designer.ops.fillet import Fillet
from ai_designer.ops.hole import Hole
from ai_designer.ops.loft import Loft, LoftSection
from ai_designer.ops.mirror import Mirror
from ai_designer.ops.pattern import Pattern
from ai_designer.ops.pocket import Pocket
from ai_designer.ops.prism import Prism
from ai_designer.ops.revolve import Revolve
from ai_designer.ops.shell import Shell
from ai_designer.ops.sphere import Sphere
from ai_designer.ops.spur_gear import SpurGear
from ai_designer.ops.sweep import ArcPath, HelixPath, PolylinePath, Sweep
from ai_designer.ops.torus import Torus
from ai_designer.ops.transform import Transform
from ai_designer.ops.tube import Tube
from ai_designer.schemas.profiles import (
    EDGE_SELECTORS,
    BaseProfile,
    Circle,
    EdgeSelector,
    FaceName,
    GridPattern,
    LinearPattern,
    OffsetProfile,
    Outline,
    Placement,
    Points,
    PolarPattern,
    Polygon,
    Positions,
    Positive,
    Profile,
    Rectangle,
    RegularPolygon,
    RoundedRectangle,
    Slot,
    StrictModel,
    Vec2,
    Vec3,
    center_point,
)

# --- operations ----------------------------------------------------------------------------------------------------
# Every operation lives in ai_designer.ops, one module each (schema, compilation, box, estimate); the union below is
# the plan format: its order is the order of the JSON schema, so new operations go at the end.

Operation = Annotated[
    Box | Cylinder | Sphere | Cone | Torus | Prism | Tube | Extrude | Revolve | SpurGear
    | Hole | Pocket | Boss | Fillet | Chamfer | Shell | Pattern | Boolean | Transform | Custom
    | Loft | Sweep | Mirror,
    Field(discriminator="op"),
]
PRIMITIVE_OPS = ("box", "cylinder", "sphere", "cone", "torus", "prism", "tube", "extrude", "revolve", "spur_gear",
                 "loft", "sweep")
FEATURE_OPS = ("hole", "pocket", "boss", "fillet", "chamfer", "shell")


class Intent(StrictModel):
    """What the built solid must satisfy; ``None`` means "not checked"."""

    bbox: Vec3 | None = Field(default=None, description="overall extents dx, dy, dz in mm")
    bbox_tolerance: float = Field(default=0.5, ge=0, description="mm, per axis")
    volume: Positive | None = None
    volume_tolerance: float = Field(default=0.02, ge=0, le=1, description="relative")
    solids: int = Field(default=1, ge=1)
    holes: int | None = Field(default=None, ge=0, description="expected count of hole instances")
    notes: list[str] = Field(default_factory=list)


class CADPlan(StrictModel):
    version: int = 1
    name: str = "part"
    description: str = ""
    units: Literal["mm"] = "mm"
    operations: list[Operation] = Field(min_length=1)
    result: str | None = None
    intent: Intent = Field(default_factory=Intent)
    assumptions: list[str] = Field(default_factory=list)
    ignored: list[str] = Field(default_factory=list, description="words of the prompt with no geometric meaning, "
                               "each with why it was ignored")

    @model_validator(mode="after")
    def _graph(self) -> CADPlan:
        seen: set[str] = set()
        for op in self.operations:
            if op.id in seen:
                raise ValueError(f"duplicate operation id {op.id!r}")
            for ref in op.references():
                if ref not in seen:
                    known = ", ".join(sorted(seen)) or "none"
                    raise ValueError(f"operation {op.id!r} refers to {ref!r}, which is not an earlier operation "
                                     f"(ids defined before it: {known}); use one of those or move {ref!r} earlier")
            seen.add(op.id)
        if self.result is not None and self.result not in seen:
            raise ValueError(f"result {self.result!r} is not an operation id")
        check_limits(self.model_dump())
        return self

    @property
    def result_id(self) -> str:
        return self.result or self.operations[-1].id

    def get(self, op_id: str) -> Operation:
        for op in self.operations:
            if op.id == op_id:
                return op
        raise KeyError(op_id)

    def summary(self) -> list[str]:
        """One line per operation, for people (CLI, API status)."""
        lines = []
        for op in self.operations:
            fields = op.model_dump(exclude={"id", "op", "label", "placement"}, exclude_defaults=True)
            positions = getattr(op, "at", None)
            if positions is not None and not isinstance(positions, Placement):
                fields["at"] = positions.describe()
            placement = getattr(op, "placement", None)
            if isinstance(placement, Placement) and not placement.is_identity():
                turned = f", turned {tuple(placement.rotate)} deg" if any(placement.rotate) else ""
                fields["placement"] = f"at {tuple(placement.at)}{turned}"
            text = ", ".join(f"{k}={v}" for k, v in fields.items() if k != "code")
            lines.append(f"{op.id}: {op.op}({text})")
        return lines
