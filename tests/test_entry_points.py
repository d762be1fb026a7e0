"""The project root is resolved at entry points only (issue 20): ``Paths.default()`` is called by the
CLI, the interactive helper (the notebooks' setup cell, pipeline.run.interaktif.folders) and the
notebooks themselves; everything else is handed a ``Paths`` (or a folder). The AST scan below
fails when a module outside :data:`ENTRY_POINTS` calls it.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests import sources

ROOT = Path(__file__).resolve().parents[1]

ENTRY_POINTS = {
    "pipeline/run/cli.py",
    "pipeline/run/interaktif.py",
    *(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.py")),
}


def calls_default(source: str) -> list[int]:
    """Lines of every ``Paths.default()`` call (``config.Paths.default()`` too)."""
    return [node.lineno for node in sources.nodes(source)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "default"
            and ((isinstance(node.func.value, ast.Name) and node.func.value.id == "Paths")
                 or (isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "Paths"))]


def _callers() -> dict[str, list[int]]:
    files = [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "notebooks").glob("*.py")]
    found = {str(p.relative_to(ROOT)): calls_default(p.read_text(encoding="utf-8")) for p in files}
    return {name: lines for name, lines in found.items() if lines}


def test_only_entry_points_resolve_the_project_root():
    outside = {name: lines for name, lines in _callers().items() if name not in ENTRY_POINTS}
    assert outside == {}


def test_the_scan_finds_a_call_and_a_default_and_spares_other_defaults():
    snippet = (
        "from pipeline import config\n"
        "from pipeline.config import Paths\n"
        "def f(paths=None):\n"
        "    paths = paths or Paths.default()\n"
        "    return config.Paths.default(), Notebooks.default(), paths\n")
    assert calls_default(snippet) == [4, 5]
