"""Shared helpers for tests that work on a throw-away copy of the project tree."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_ROOT, Paths


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


@dataclass(frozen=True)
class ShippedRun:
    """The shipped 2024 data built once by `lkjip run --year 2024` in a throw-away project.

    ``root`` is shared by every test of the session (and every xdist worker): read it, never
    change it; a test that edits or reruns anything works on :meth:`copy_to`."""

    root: Path
    returncode: int
    stdout: str
    stderr: str
    raw_before: dict

    def copy_to(self, dest: Path) -> Path:
        """A private copy of the whole built tree (raw data, caches, processed tables, report)."""
        shutil.copytree(self.root, dest, symlinks=True)
        return dest


@pytest.fixture(scope="session")
def shipped_2024(tmp_path_factory) -> ShippedRun:
    """One real run of the shipped 2024 data per test session instead of one per test file.

    Under pytest-xdist the workers share the session's temporary folder (the parent of each
    worker's own); the first worker to get here builds while the others wait on the lock."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root, record = shared / "shipped-2024", shared / "shipped-2024.json"
    with open(shared / "shipped-2024.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
            shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
            raw_before = tree_hashes(root / "data" / "raw")
            done = run_lkjip(root, "run", "--year", "2024", "--quiet")
            record.write_text(json.dumps({"returncode": done.returncode, "stdout": done.stdout,
                                          "stderr": done.stderr, "raw_before": raw_before}))
    built = ShippedRun(root, **json.loads(record.read_text()))
    assert built.returncode == 0, built.stdout + built.stderr
    return built


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

