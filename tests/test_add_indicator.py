"""README "Add an indicator", followed literally in a copy of the project.

TPT (Tingkat Pengangguran Terbuka) becomes indicator 1.2 of sasaran 1 for 2024 with PK target
5,00. Worked by hand from Tabel 3.3 of the seed (BPS Kota Payakumbuh 2024):

  realisasi = Penganggur / Angkatan Kerja × 100 = 3.791 / 77.876 × 100 = 4,8680 %
  capaian   = (2 × 5,00 − 4,8680) / 5,00 × 100 = 102,64 %   (turun: lower is better)
  kriteria  = ≥ 91 → Sangat Baik
  sasaran 1 = mean(101,4715 ; 102,6399) = 102,06 %  (the declared default rule)

Only files under data/raw/ change: nothing under pipeline/ or expectations/.
"""

import json
import shutil

import pytest

from pipeline.config import PACKAGE_ROOT
from tests.conftest import run_lkjip, tree_hashes


def code_hashes(folder):
    return {k: v for k, v in tree_hashes(folder).items() if "__pycache__" not in k}


def append(path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


@pytest.mark.slow
def test_readme_add_an_indicator(tmp_path):
    readme = (PACKAGE_ROOT / "README.md").read_text(encoding="utf-8")
    assert "**Add an indicator**" in readme and "pipeline/measure/sources.py" in readme
    root = tmp_path / "project"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    code_before = code_hashes(PACKAGE_ROOT / "pipeline")
    expectations_before = tree_hashes(root / "expectations")
    raw = root / "data" / "raw"

    # 1. declare it in iku.csv (the sasaran's own columns left blank: taken from its first row)
    append(raw / "common" / "iku.csv",
           "1.2;1;;;;Tingkat Pengangguran Terbuka;%;turun;Penganggur tahun n dibagi angkatan kerja tahun n "
           "kali seratus persen;bps_tpt;Indikator RPD;BPS")
    # 2. its targets: Renstra, the year's Perjanjian Kinerja and its row of the year
    append(raw / "common" / "target_renstra.csv",
           "1.2;;Meningkatnya Serapan Tenaga Kerja;Tingkat Pengangguran Terbuka;%;4,84;5,00;5,00;4,90;4,80;4,80")
    append(raw / "2024" / "perjanjian_kinerja.csv",
           "1.2;;Meningkatnya Serapan Tenaga Kerja;Tingkat Pengangguran Terbuka;5,00%")
    append(raw / "2024" / "capaian_kinerja_tahunan.csv",
           "1.2;Tabel 3.4;Tingkat Pengangguran Terbuka;2024;5,00%;")
    # 3. record the checksums, then run
    updated = run_lkjip(root, "manifest", "--update")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    done = run_lkjip(root, "run", "--year", "2024", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr

    summary = json.loads((root / "reports" / "2024" / "summary.json").read_text(encoding="utf-8"))
    s1 = next(s for s in summary["sasaran"] if s["id"] == 1)
    ind = {i["id"]: i for i in s1["indikator"]}
    assert sorted(ind) == ["1.1", "1.2"]
    tpt = ind["1.2"]
    assert (tpt["polaritas"], tpt["target"]) == ("turun", 5.0)
    assert round(tpt["realisasi"], 4) == 4.8680 and round(tpt["capaian"], 2) == 102.64
    assert tpt["kriteria"] == "Sangat Baik"
    assert round(ind["1.1"]["realisasi"], 2) == 95.13 and round(ind["1.1"]["capaian"], 2) == 101.47
    assert round(s1["capaian"], 2) == 102.06 and s1["aturan_capaian"] == "rata_rata"
    assert summary["validasi"]["critical"] == 0

    html = (root / "reports" / "2024" / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert "3.791 / 77.876" in html and "Tingkat Pengangguran Terbuka" in html
    assert code_hashes(PACKAGE_ROOT / "pipeline") == code_before
    assert tree_hashes(root / "expectations") == expectations_before
