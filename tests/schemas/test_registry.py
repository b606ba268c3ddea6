"""Every plan operation has exactly one registry entry, and it is the schema the plan validates against."""

from __future__ import annotations

import typing

from ai_designer.ops.registry import registered, spec
from ai_designer.schemas import task_graph as tg


def test_every_operation_of_the_schema_has_its_entry() -> None:
    members = typing.get_args(typing.get_args(tg.Operation)[0])
    kinds = {m.model_fields["op"].default: m for m in members}
    assert sorted(kinds) == registered()
    for kind, model in kinds.items():
        assert spec(kind).model is model


def test_public_names_stay_importable_from_task_graph() -> None:
    for name in tg.__all__:
        assert getattr(tg, name) is not None
