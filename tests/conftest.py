"""Shared helpers for tests that work on a throw-away copy of the project tree."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.run import textcols

# Tests call the domain code directly: the same text storage as a run's processes.
textcols.install()


def run_lkjip(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m pipeline ...` with LKJIP_ROOT pointing at ``root``."""
    env = dict(os.environ, LKJIP_ROOT=str(root))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (to prove a tree was left byte-identical)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw_copy(tmp_path, monkeypatch) -> Paths:
    """A project root in tmp_path holding a copy of the shipped data/raw (LKJIP_ROOT set)."""
    shutil.copytree(Paths.default().raw, tmp_path / "data" / "raw")
    monkeypatch.setenv("LKJIP_ROOT", str(tmp_path))
    return Paths(tmp_path)


def pytest_collection_modifyitems(config, items):
    """Slow files first (a stable sort keeps their order), so that a parallel run
    (`make test`: pytest-xdist, one file per worker at a time) starts its longest files at once
    instead of finishing on one of them alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@dataclass
class AgencyRun:
    """A fixture agency built end to end in a throw-away project (see :func:`build_agency`)."""

    root: Path
    report: Path
    summary: dict
    done: subprocess.CompletedProcess
    checked: subprocess.CompletedProcess | None


def build_agency(fixture: Path, root: Path, year: int, *, check_inputs: bool = False,
                 before_run=None) -> AgencyRun:
    """Copy a fixture agency's data/ and the shipped expectations into ``root``, record the
    checksums (`manifest --update`), optionally `check-inputs`, then `run` the year; each
    command must succeed. ``before_run(root)`` may assert on the copied tree first."""
    import json

    shutil.copytree(fixture / "data", root / "data")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    if before_run is not None:
        before_run(root)
    updated = run_lkjip(root, "manifest", "--update")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    checked = None
    if check_inputs:
        checked = run_lkjip(root, "check-inputs", "--year", str(year))
        assert checked.returncode == 0, checked.stdout + checked.stderr
    done = run_lkjip(root, "run", "--year", str(year), "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    report = root / "reports" / str(year)
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    return AgencyRun(root, report, summary, done, checked)

