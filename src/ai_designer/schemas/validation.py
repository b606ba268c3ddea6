"""Measured geometry and the validator's report.

``GeometryReport`` is what a FreeCAD worker measures on the built solid; ``ValidationReport`` compares it with the
plan's ``Intent`` check by check, so a failure says *which* expectation was missed and by how much — the refine loop
feeds exactly that back to the planner.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

__all__ = ["FeatureStatus", "GeometryReport", "Check", "ValidationReport"]


class FeatureStatus(BaseModel):
    name: str
    label: str
    type: str
    ok: bool
    state: list[str] = Field(default_factory=list)
    message: str = ""


class GeometryReport(BaseModel):
    volume: float
    area: float
    bbox: tuple[float, float, float]
    bbox_min: tuple[float, float, float]
    bbox_max: tuple[float, float, float]
    solids: int
    faces: int
    edges: int
    valid: bool
    closed: bool
    center_of_mass: tuple[float, float, float] | None = None
    cylindrical_faces: int = 0
    features: list[FeatureStatus] = Field(default_factory=list)
    check_messages: list[str] = Field(default_factory=list)

    def public(self) -> dict[str, Any]:
        """The ``geometry`` block of the CLI/API contract."""
        return {"volume": round(self.volume, 4), "area": round(self.area, 4),
                "bbox": [round(v, 4) for v in self.bbox], "solids": self.solids, "valid": self.valid}


class Check(BaseModel):
    name: str
    passed: bool
    severity: Literal["error", "warning"] = "error"
    expected: Any = None
    actual: Any = None
    message: str = ""


class ValidationReport(BaseModel):
    passed: bool
    checks: list[Check] = Field(default_factory=list)

    @property
    def failures(self) -> list[Check]:
        return [c for c in self.checks if not c.passed and c.severity == "error"]

    def feedback(self) -> str:
        """A compact text for the refine loop: what failed, expected vs actual."""
        return "\n".join(f"- {c.name}: {c.message} (expected {c.expected}, got {c.actual})" for c in self.failures)
