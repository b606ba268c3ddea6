"""Base classes of plan operations, shared by ``task_graph`` and the operation modules of :mod:`ai_designer.ops`.

Kept apart from ``task_graph`` so an operation can live in a module of its own (schema, compilation and analytic
extents together) without importing the whole plan model.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from ai_designer.schemas.profiles import ID_PATTERN, Placement, StrictModel

__all__ = ["OpBase", "PrimitiveBase", "FeatureBase"]


class OpBase(StrictModel):
    id: str = Field(description="short name (letters, digits, _); later operations refer to it")
    label: str | None = Field(default=None, description="Human name shown in FreeCAD's tree.")

    @field_validator("id")
    @classmethod
    def _valid_id(cls, v: str) -> str:
        if not ID_PATTERN.match(v):
            raise ValueError(f"operation id {v!r} must be a short identifier (letters, digits, _)")
        return v

    def references(self) -> list[str]:
        """Ids of the operations this one reads (they must come earlier in the plan)."""
        return []


class PrimitiveBase(OpBase):
    placement: Placement = Field(default_factory=Placement)


class FeatureBase(OpBase):
    """An operation that modifies one earlier body, ``target`` (holes, pockets, bosses, edge and shell features)."""

    target: str

    def references(self) -> list[str]:
        return [self.target]
