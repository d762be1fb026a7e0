"""Shared helpers for tests that work on a throw-away copy of the project tree."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Paths


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
