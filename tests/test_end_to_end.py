"""The whole pipeline on the shipped 2024 data, in a throw-away copy of the project tree.

One real run (papermill kernels, Great Expectations, HTML) is shared by the tests of this module:
the back-test of the 2024 figures against the seed, the report's structure, and the critical
failure that must leave the published report byte-identical.
"""

import json
import re
import shutil

import pytest

from pipeline.config import PACKAGE_ROOT
from tests.conftest import run_lkjip, tree_hashes

pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    raw_before = tree_hashes(root / "data" / "raw")
    done = run_lkjip(root, "run", "--year", "2024", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    return root, done, raw_before


def test_run_publishes_and_never_writes_raw(project):
    root, done, raw_before = project
    assert "reports/2024/LKjIP-2024.html" in done.stdout.splitlines()[-1]
    assert tree_hashes(root / "data" / "raw") == raw_before
    for name in ("LKjIP-2024.html", "summary.json", "tables.xlsx", "manifest.json",
                 "validation/index.html", "validation/findings.json"):
        assert (root / "reports" / "2024" / name).is_file(), name
    assert (root / "reports" / "index.html").is_file()
    assert (root / "data" / "processed" / "2024" / "ikm_log_pembersihan.csv").is_file()


def test_back_test_2024_figures(project):
    """Hand-worked from the seed (Tabel 3.3, 3.10, 3.17, 3.8/3.15/3.23, 3.25)."""
    root, _, _ = project
    summary = json.loads((root / "reports" / "2024" / "summary.json").read_text())
    s = {x["id"]: x for x in summary["sasaran"]}
    assert round(s[1]["realisasi"], 2) == 95.13 and round(s[1]["capaian"], 2) == 101.47
    assert s[1]["kriteria"] == "Sangat Baik"
    assert round(s[2]["realisasi"], 2) == 5.99 and round(s[2]["capaian"], 2) == 184.21
    assert s[2]["realisasi_dilaporkan"] == 6 and s[2]["capaian_dilaporkan"] == 184.62
    assert (s[3]["target"], s[3]["realisasi"], s[3]["capaian"]) == ("A", "A", 100)
    assert [round(s[i]["efisiensi"], 2) for i in (1, 2, 3)] == [5.71, 4.99, 14.99]
    assert summary["anggaran"]["pagu"] == 6643861122 and summary["anggaran"]["realisasi"] == 5959374081
    assert round(summary["anggaran"]["serapan"], 2) == 89.70
    assert summary["validasi"]["critical"] == 0 and summary["validasi"]["warnings"] > 0
    messages = " ".join(f["message"] for f in summary["validasi"]["temuan"])
    for contradiction in ("141,79", "101,94", "3,1%", "97,68"):
        assert contradiction in messages, contradiction


def test_report_reads_as_anrun_lkjip(project):
    root, _, _ = project
    html = (root / "reports" / "2024" / "LKjIP-2024.html").read_text()
    for heading in ("Ikhtisar Eksekutif", "BAB I", "BAB II", "BAB III", "BAB IV", "Realisasi Anggaran",
                    "Catatan Validasi", "Perjanjian Kinerja"):
        assert heading in html, heading
    for sid in (1, 2, 3):
        for i in range(1, 8):
            assert f">{sid}.{i} " in html, f"sasaran {sid} analysis {i}"
    assert "74.085 / 77.876" in html and "95,13%" in html
    assert not re.search(r"(src|href)=\"https?://", html)


def test_critical_failure_leaves_previous_report_intact(project):
    root, _, _ = project
    report, processed = root / "reports" / "2024", root / "data" / "processed" / "2024"
    before = (tree_hashes(report), tree_hashes(processed))
    bps = root / "data" / "raw" / "2024" / "bps_ketenagakerjaan_wilayah.csv"
    original = bps.read_text(encoding="utf-8")
    assert "74.085" in original
    bps.write_text(original.replace("74.085", "74.000"), encoding="utf-8")
    try:
        failed = run_lkjip(root, "run", "--year", "2024", "--quiet")
    finally:
        bps.write_text(original, encoding="utf-8")
    out = failed.stdout + failed.stderr
    assert failed.returncode == 3, out
    assert "bps_ketenagakerjaan_wilayah.csv" in out and "Tahun 2024" in out
    assert "77.876" in out and "74.000" in out and "3.791" in out  # both sides of the identity
    assert "Traceback" not in out
    assert (tree_hashes(report), tree_hashes(processed)) == before
