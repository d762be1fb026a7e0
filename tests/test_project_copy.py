"""`make salin` copies the project for another agency; a copied .venv is never used as it is."""

import shutil
import subprocess

import pytest

from pipeline.config import PACKAGE_ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def test_salin_copies_code_and_data_but_no_outputs_or_environment(tmp_path):
    target = tmp_path / "disnaker-lain"
    done = subprocess.run(["make", "--no-print-directory", "salin", f"KE={target}", "SALIN_SETUP="],
                          cwd=PACKAGE_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    for kept in ("Makefile", "pyproject.toml", "requirements.lock", "pipeline/config.py",
                 "notebooks/10_sasaran.ipynb", "expectations/iku.json", "data/raw/manifest.yml",
                 "data/raw/common/iku.csv"):
        assert (target / kept).is_file(), kept
    for left_out in (".venv", ".git"):
        assert not (target / left_out).exists(), left_out
    assert not [p for p in (target / "reports").rglob("*") if p.is_file() and p.name != "README.md"]
    again = subprocess.run(["make", "salin", f"KE={target}", "SALIN_SETUP="], cwd=PACKAGE_ROOT,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 2 and "sudah ada" in again.stdout


def test_an_environment_copied_from_another_project_is_rebuilt(tmp_path):
    project = tmp_path / "salinan"
    project.mkdir()
    shutil.copy(PACKAGE_ROOT / "Makefile", project / "Makefile")
    venv = project / ".venv"
    venv.mkdir()
    (venv / ".project").write_text("/somewhere/else/proyek-asli\n")
    done = subprocess.run(["make", "-n", "lint"], cwd=project, capture_output=True, text=True, timeout=60)
    assert "belongs to /somewhere/else/proyek-asli: rebuilding it for" in done.stdout + done.stderr
    assert not venv.exists()
    own = project / ".venv"
    own.mkdir()
    (own / ".project").write_text(f"{project}\n")
    subprocess.run(["make", "-n", "lint"], cwd=project, capture_output=True, text=True, timeout=60)
    assert own.exists(), "the project's own environment is kept"
