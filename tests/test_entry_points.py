"""The project root is resolved at entry points only (issue 20): ``Paths.default()`` is called by the
CLI, the notebooks' setup cells and the interactive helper; everything else is handed a ``Paths``
(or a folder). The AST scan below fails when a module outside :data:`ENTRY_POINTS` calls it.

:data:`NOT_YET_PASSED_DOWN` lists the library modules that still resolve the root themselves
(mostly a ``paths or Paths.default()`` default). It may only shrink: a module that stops calling
``Paths.default()`` must leave the list (the second test says so), and no module may join it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ENTRY_POINTS = {
    "pipeline/run/cli.py",
    "pipeline/run/interaktif.py",
    "notebooks/03_organisasi.py",
    "notebooks/10_sasaran.py",
    "notebooks/20_anggaran.py",
}

NOT_YET_PASSED_DOWN = {
    "pipeline/analysis/organisasi.py", "pipeline/analysis/sasaran.py", "pipeline/clean/__init__.py",
    "pipeline/inputs/bps.py", "pipeline/inputs/ikm_series.py", "pipeline/inputs/intervals.py",
    "pipeline/inputs/kewajaran.py", "pipeline/inputs/lampiran.py", "pipeline/inputs/plan.py",
    "pipeline/inputs/profile.py", "pipeline/inputs/rawfile.py", "pipeline/inputs/rawio.py",
    "pipeline/inputs/reads.py", "pipeline/measure/indicators.py", "pipeline/report/assemble.py",
    "pipeline/run/preflight.py", "pipeline/run/reuse.py", "pipeline/run/runner.py", "pipeline/run/steps.py",
    "pipeline/sections/results.py", "pipeline/validate/recompute.py", "pipeline/validate/run.py",
    "pipeline/years/manifest.py",
}


def calls_default(source: str) -> list[int]:
    """Lines of every ``Paths.default()`` call (``config.Paths.default()`` too)."""
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "default"
            and ((isinstance(node.func.value, ast.Name) and node.func.value.id == "Paths")
                 or (isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "Paths"))]


def _callers() -> dict[str, list[int]]:
    files = [*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "notebooks").glob("*.py")]
    found = {str(p.relative_to(ROOT)): calls_default(p.read_text(encoding="utf-8")) for p in files}
    return {name: lines for name, lines in found.items() if lines}


def test_only_entry_points_resolve_the_project_root():
    outside = {name: lines for name, lines in _callers().items()
               if name not in ENTRY_POINTS | NOT_YET_PASSED_DOWN}
    assert outside == {}


def test_the_pending_list_only_shrinks():
    assert sorted(NOT_YET_PASSED_DOWN - set(_callers())) == []


def test_the_scan_finds_a_call_and_a_default_and_spares_other_defaults():
    snippet = (
        "from pipeline import config\n"
        "from pipeline.config import Paths\n"
        "def f(paths=None):\n"
        "    paths = paths or Paths.default()\n"
        "    return config.Paths.default(), Notebooks.default(), paths\n")
    assert calls_default(snippet) == [4, 5]
