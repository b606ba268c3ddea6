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


def test_each_operation_lives_in_a_module_of_its_own() -> None:
    """Adding an operation touches its own module (plus the union and tests): schema and entry live together."""
    for kind in registered():
        entry = spec(kind)
        assert entry.model.__module__ == f"ai_designer.ops.{kind}", kind
        assert entry.compile.__module__ == entry.model.__module__ or kind in _PRIMITIVES, kind


_PRIMITIVES = set(tg.PRIMITIVE_OPS) - {"loft", "sweep"}  # wrapped by ops.primitive (placement applied once)
#: The generic code iterates the registry; none of it may name an operation type (no per-operation ladders).
_GENERIC = ["freecad/codegen.py", "freecad/plan_checks.py", "cad/extents.py", "planning/intent.py",
            "freecad/codegen_tools.py", "freecad/codegen_dressup.py", "freecad/codegen_support.py"]


def test_the_generic_code_names_no_operation_type() -> None:
    import ast
    from pathlib import Path

    import ai_designer

    src = Path(ai_designer.__file__).parent
    members = typing.get_args(typing.get_args(tg.Operation)[0])
    op_names = {m.__name__ for m in members}
    for rel in _GENERIC:
        tree = ast.parse((src / rel).read_text(encoding="utf-8"))
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert not used & op_names, f"{rel} names {sorted(used & op_names)}: ask the operation's registry entry"
