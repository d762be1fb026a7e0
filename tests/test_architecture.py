"""The package layout shows the architecture: imports run one way and form no cycle.

Every import counts, including the lazy ones inside functions (a lazy import hides a cycle from
Python at start-up, not from a reader); only imports under ``if TYPE_CHECKING:`` are ignored.
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

from tests import sources

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

# Lower layers never import higher ones (a module may import its own layer and any lower one).
LAYERS = [
    {"config", "dependencies", "errors", "messages", "tempfolders"},
    {"inputs"},
    {"measure"},
    {"clean"},
    {"years"},
    {"sections"},
    {"validate"},
    {"analysis"},
    {"report"},
    {"run", "__main__"},
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def imports_of(path: Path, modules: set[str], me: str | None = None) -> set[str]:
    """Modules of the package that ``path`` imports (``from pipeline.x import y`` counts
    ``pipeline.x.y`` when that is a module, else ``pipeline.x``)."""
    tree = sources.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()

    def visit(node):
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("pipeline"):
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in modules else node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    me = me if me is not None else module_name(path)
    return {m for m in found if m in modules and m != me}


@lru_cache(maxsize=1)
def graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (once per process: read it, do not change it)."""
    files = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(f) for f in files}
    return {module_name(f): imports_of(f, modules) for f in files}


def layer_of(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    for index, names in enumerate(LAYERS):
        if top in names:
            return index
    return -1


def test_every_module_belongs_to_a_layer():
    unplaced = [m for m in graph() if m != "pipeline" and layer_of(m) < 0]
    assert unplaced == [], f"modules outside the declared layers: {unplaced}"


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_imports_run_one_way():
    wrong = [f"{a} -> {b}" for a, targets in graph().items() for b in sorted(targets)
             if a != "pipeline" and b != "pipeline" and layer_of(b) > layer_of(a)]
    assert wrong == [], "a lower layer imports a higher one: " + ", ".join(wrong)


def test_the_graph_test_can_fail(tmp_path):
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from pipeline.run import cli\n", encoding="utf-8")
    assert imports_of(a, {"pipeline.run.cli", "pipeline.run"}, me="x") == {"pipeline.run.cli"}
    b = tmp_path / "b.py"
    b.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import pipeline.run\n",
                 encoding="utf-8")
    assert imports_of(b, {"pipeline.run"}, me="x") == set()


@pytest.mark.parametrize("module, allowed", [("pipeline.messages", set()),
                                             ("pipeline.errors", {"pipeline.messages"}),
                                             ("pipeline.config", {"pipeline.errors"})])
def test_foundation_imports_almost_nothing(module, allowed):
    assert graph()[module] <= allowed
