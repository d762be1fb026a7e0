"""Notebooks run by hand follow `year` and share one scratch folder; nbconvert writes there too."""

import os
import shutil
import subprocess
import sys
import time

import pandas as pd
import pytest

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs import catalogue, rawfile
from pipeline.run import interaktif
from tests.conftest import use_project


@pytest.fixture
def tree(tmp_path, monkeypatch):
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", tmp_path / "data" / "raw")
    use_project(monkeypatch, tmp_path)
    return tmp_path


def test_given_folders_are_kept_as_they_are(tree):
    rawfile.set_project(None)
    assert interaktif.folders(2024, "data/processed/2024", "reports/2024") == (
        Paths(tree), "data/processed/2024", "reports/2024")
    assert not (tree / "reports").exists()
    # the notebook's setup cell is its entry point: raw files are read from this project
    assert rawfile.project() == Paths(tree)


def test_empty_folders_follow_year_and_are_refreshed_only_when_raw_changes(tree, monkeypatch):
    calls = []

    def fake_clean(year, folder, paths):
        calls.append((year, str(folder)))
        os.makedirs(folder, exist_ok=True)
        catalogue.write("instansi", pd.DataFrame({"kunci": ["nama"], "nilai": ["Dinas"]}), folder)

    monkeypatch.setattr("pipeline.clean.run", fake_clean)
    _, processed, report = interaktif.folders(2024)
    scratch = tree / "reports" / "_interaktif" / "2024"
    assert (processed, report) == (str(scratch / "processed"), str(scratch))
    assert calls == [(2024, str(scratch / "processed"))]
    interaktif.folders(2024)
    assert len(calls) == 1, "up-to-date scratch tables are not rebuilt"
    later = time.time() + 5
    os.utime(tree / "data" / "raw" / "2024" / "pelatihan.csv", (later, later))
    interaktif.folders(2024)
    assert len(calls) == 2, "a raw file newer than the scratch tables rebuilds them"
    interaktif.folders(2025, refresh=False)
    assert len(calls) == 2
    # scratch tables of a version before the catalogue (CSV only) are rebuilt typed
    catalogue.parquet_file(scratch / "processed", "instansi").unlink()
    interaktif.folders(2024)
    assert len(calls) == 3


def test_nbconvert_output_goes_to_the_scratch_folder(tree):
    assert interaktif.nbconvert_output_dir() == str(Paths(tree).reports / "_interaktif" / "nbconvert")


@pytest.mark.slow
def test_papermill_with_year_alone_and_nbconvert_leave_notebooks_and_published_data_alone(tree, tmp_path):
    notebooks = sorted(p.name for p in (PACKAGE_ROOT / "notebooks").iterdir())
    env = dict(os.environ, LKJIP_ROOT=str(tree))
    done = subprocess.run([sys.executable, "-m", "papermill", "--log-level", "ERROR",
                           str(PACKAGE_ROOT / "notebooks" / "20_anggaran.ipynb"), str(tmp_path / "out.ipynb"),
                           "-p", "year", "2024"], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    scratch = tree / "reports" / "_interaktif" / "2024"
    assert (scratch / "processed" / "anggaran_subkegiatan.csv").is_file()
    assert not (tree / "data" / "processed").exists() and not (tree / "reports" / "2024").exists()

    config = PACKAGE_ROOT / "scripts" / "jupyter"
    done = subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--execute", "--to", "notebook",
                           str(PACKAGE_ROOT / "notebooks" / "01_pembersihan.ipynb")],
                          cwd=tree, env=dict(env, JUPYTER_CONFIG_PATH=str(config)),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (tree / "reports" / "_interaktif" / "nbconvert" / "01_pembersihan.ipynb").is_file()
    assert sorted(p.name for p in (PACKAGE_ROOT / "notebooks").iterdir()) == notebooks
