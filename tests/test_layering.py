"""The module graph goes one way: ``cli/mcp → api → jobs → designer → sessions → agents → planning | freecad | llm
→ cad → schemas → core`` (docs/architecture.md). Every import counts, including those inside functions and
``importlib.import_module("ai_designer.…")`` strings; the one allowed exception is named below. No cycles among
module-level imports either."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ai_designer"
#: Higher may import lower; equal layers may not import each other (planning, freecad and llm are siblings).
LAYER = {"core": 0, "schemas": 1, "cad": 2, "planning": 3, "freecad": 3, "llm": 3, "agents": 4, "sessions": 5,
         "designer": 6, "jobs": 7, "api": 8, "web": 8, "mcp": 9, "cli": 9, "__init__": 10, "__main__": 10}
#: SPEC.md names ``ai_designer.core.llm_provider.UnifiedLLMProvider``: a PEP 562 alias resolved on first access.
ALLOWED = {("ai_designer.core.llm_provider", "ai_designer.llm.provider")}


def _module(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports(tree: ast.Module) -> Iterator[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import of ``ai_designer`` in the file."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            names = [node.args[0].value]
        for name in names:
            if name.startswith("ai_designer."):
                yield name, node.lineno, id(node) in top


def _graph() -> dict[str, list[tuple[str, int, bool]]]:
    return {_module(p): list(_imports(ast.parse(p.read_text(encoding="utf-8")))) for p in sorted(SRC.rglob("*.py"))}


def test_every_package_has_a_layer() -> None:
    packages = {_package(m) for m in _graph()}
    assert packages <= set(LAYER), f"give {sorted(packages - set(LAYER))} a layer in this test and the docs"


def test_imports_only_go_down() -> None:
    upward = []
    for module, imports in _graph().items():
        src = _package(module)
        for target, line, _ in imports:
            dst = _package(target)
            if dst == src or (module, target) in ALLOWED:
                continue
            if LAYER[dst] >= LAYER[src]:
                upward.append(f"{module}:{line} imports {target} ({src} L{LAYER[src]} -> {dst} L{LAYER[dst]})")
    assert not upward, "imports that go up or sideways:\n" + "\n".join(upward)


def test_core_is_the_ground_floor() -> None:
    for module, imports in _graph().items():
        if _package(module) == "core":
            above = [t for t, _, _ in imports if _package(t) != "core" and (module, t) not in ALLOWED]
            assert not above, f"{module} imports {above}"


def test_no_cycles_among_module_level_imports() -> None:
    graph = _graph()
    edges = {m: {t if t in graph else t.rsplit(".", 1)[0] for t, _, top in imports if top} for m, imports in graph.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt == node or nxt not in edges:
                continue
            if state.get(nxt) == 1:
                pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(nxt):], nxt]))
            if nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)


def test_the_checker_sees_function_level_and_string_imports(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    from ai_designer.api import app\n    import_module('ai_designer.jobs.store')\n")
    assert [(name, top) for name, _, top in _imports(tree)] == [("ai_designer.api", False),
                                                                 ("ai_designer.jobs.store", False)]
