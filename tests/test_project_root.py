"""The project root comes from LKJIP_ROOT or the working directory, never from where the
package is installed: a copied project (cp -a) runs on itself and says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import ProjectNotFound, project_root

REPO = Path(__file__).resolve().parents[1]


def make_project(folder: Path) -> Path:
    (folder / "data" / "raw").mkdir(parents=True)
    (folder / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    return folder


def test_found_from_a_subfolder(tmp_path, monkeypatch):
    monkeypatch.delenv("LKJIP_ROOT", raising=False)
    root = make_project(tmp_path / "proyek")
    (root / "notebooks").mkdir()
    assert project_root(root / "notebooks") == root.resolve()


def test_lkjip_root_is_explicit(tmp_path, monkeypatch):
    other = make_project(tmp_path / "lain")
    monkeypatch.setenv("LKJIP_ROOT", str(other))
    assert project_root(REPO) == other.resolve()


def test_refuses_outside_a_project(tmp_path, monkeypatch):
    monkeypatch.delenv("LKJIP_ROOT", raising=False)
    with pytest.raises(ProjectNotFound, match="Folder proyek LKjIP tidak ditemukan"):
        project_root(tmp_path)
    monkeypatch.setenv("LKJIP_ROOT", str(tmp_path))
    with pytest.raises(ProjectNotFound, match="data/raw"):
        project_root(tmp_path)


def lkjip(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LKJIP_ROOT"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_copied_project_runs_on_itself(tmp_path):
    copy = tmp_path / "salinan"
    copy.mkdir()
    shutil.copy2(REPO / "pyproject.toml", copy / "pyproject.toml")
    shutil.copytree(REPO / "data" / "raw", copy / "data" / "raw")
    # Corrupt a raw file of the copy only: the copy's check must see it, the original's not.
    target = copy / "data" / "raw" / "2024" / "pelatihan.csv"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    mine = lkjip(copy, "manifest")
    assert mine.stdout.splitlines()[0].startswith(f"Folder proyek: {copy.resolve()}")
    assert "2024/pelatihan.csv" in mine.stdout + mine.stderr
    assert mine.returncode != 0

    original = lkjip(REPO, "manifest")
    assert original.stdout.splitlines()[0] == f"Folder proyek: {REPO}"
    assert original.returncode == 0, original.stdout + original.stderr
