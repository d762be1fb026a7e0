"""A new report year from scratch: `new-year 2025`, fill the templates, `run --year 2025`.

The fixture year lives in tests/fixtures/year2025/ (values an analyst would type, and
fill.py which writes them into the templates); the hand-worked figures, with their arithmetic,
are in tests/fixtures/year2025/EXPECTED.md. In short:

  sasaran 1  75.210 / 78.900 × 100 = 95,32;  95,3232 / 93,77 × 100 = 101,66  Sangat Baik
  sasaran 2  (310.000.000 − 301.636.853,935) / 301.636.853,935 × 100 = 2,77;
             2,7726 / 3,30 × 100 = 84,02  Baik
  sasaran 3  A vs A = 100  Sangat Baik
  anggaran   s1 1.070.000.000 / 1.022.500.000 = 95,56 (efisiensi 4,44)
             s2 1.800.000.000 / 1.703.000.000 = 94,61 (5,39)
             s3 3.500.000.000 / 3.090.000.000 = 88,29 (11,71)
             total 6.370.000.000 / 5.815.500.000 = 91,30

The slow test does ONE real run (papermill kernels, Great Expectations, HTML) in a copy of
data/raw and expectations/; the fast tests check fill.py's refusals on tiny tables.
"""

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_ROOT
from tests.conftest import run_lkjip, tree_hashes

FIXTURE = Path(__file__).parent / "fixtures" / "year2025"


def _load_fill():
    spec = importlib.util.spec_from_file_location("fixture_year2025_fill", FIXTURE / "fill.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fill = _load_fill()




# ---------------------------------------------------------------- fill.py on tiny tables

def test_fill_cells_fills_blanks_and_checks_labels():
    template = [["Uraian", "Tahun 2024", "Tahun 2025"], ["Bekerja", "74.085", ""], ["Penganggur", "3.791", ""]]
    fixture = [["baris", "Uraian", "Tahun 2025"], ["2", "Bekerja", "75.210"], ["3", "Penganggur", "3.690"]]
    assert fill.fill_cells(template, fixture, "bps.csv") == [
        ["Uraian", "Tahun 2024", "Tahun 2025"], ["Bekerja", "74.085", "75.210"], ["Penganggur", "3.791", "3.690"]]


def test_fill_cells_never_overwrites_a_filled_cell():
    template = [["Uraian", "Tahun 2025"], ["Bekerja", "74.000"]]
    with pytest.raises(fill.FillError, match=r"bps.csv, row 2, column 'Tahun 2025': template says '74.000'"):
        fill.fill_cells(template, [["baris", "Tahun 2025"], ["2", "75.210"]], "bps.csv")


def test_fill_cells_rejects_unknown_column_and_row():
    template = [["Uraian", "Tahun 2025"], ["Bekerja", ""]]
    with pytest.raises(fill.FillError, match="Tahun 2026"):
        fill.fill_cells(template, [["baris", "Tahun 2026"], ["2", "1"]], "bps.csv")
    with pytest.raises(fill.FillError, match="'baris' 5 outside"):
        fill.fill_cells(template, [["baris", "Tahun 2025"], ["5", "1"]], "bps.csv")


def test_append_rows_only_into_a_header_only_template():
    header = ["Mekanisme", "No"]
    assert fill.append_rows([header], [header, ["Reguler", "1"]], "halal.csv") == [header, ["Reguler", "1"]]
    with pytest.raises(fill.FillError, match="1 data row"):
        fill.append_rows([header, ["Reguler", "1"]], [header, ["Reguler", "2"]], "halal.csv")
    with pytest.raises(fill.FillError, match="header"):
        fill.append_rows([header], [["Mekanisme", "Nomor"], ["Reguler", "1"]], "halal.csv")


def test_fixture_register_cleans_to_the_hand_worked_aggregate():
    from pipeline.clean.ikm import aggregate_register, clean_register

    perusahaan, log = clean_register(FIXTURE / "ikm_register.csv")
    assert aggregate_register(perusahaan, 2025) == {
        "tahun": 2025, "unit_usaha": 8, "formal": 5, "non_formal": 3, "mikro": 4, "kecil": 2,
        "menengah": 2, "tenaga_kerja": 111, "investasi_ribu_rp": 21916250.0,
        "nilai_produksi_ribu_rp": 310000000.0}
    dropped = log[log["tindakan"] == "dibuang"].set_index("sumber_baris")["aturan"].to_dict()
    assert dropped == {10: "tidak_aktif", 11: "pindah_domisili", 12: "duplikat", 13: "kbli_bukan_industri"}


# ---------------------------------------------------------------- the whole new-year path

@pytest.mark.slow
def test_new_year_fill_and_run_matches_hand_worked_figures(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    raw = root / "data" / "raw"
    folder = raw / "2025"

    created = run_lkjip(root, "new-year", "2025")
    assert created.returncode == 0, created.stdout + created.stderr
    for name in ("ikm_register.csv", "bps_ketenagakerjaan_wilayah.csv", "anggaran_subkegiatan.csv",
                 "narasi.yml"):
        assert f"data/raw/2025/{name}" in created.stdout, name
    assert "301.636.853,935" in (folder / "ikm_perkembangan.csv").read_text(encoding="utf-8")

    # Before filling: every problem at once, nothing written.
    before = run_lkjip(root, "check-inputs", "--year", "2025")
    out = before.stdout + before.stderr
    assert before.returncode == 2, out
    for problem in ("ikm_register.csv: has no data rows yet", "bps_ketenagakerjaan_wilayah.csv, row 2",
                    "anggaran_subkegiatan.csv: figures not filled in", "capaian_kinerja_tahunan.csv, row 10",
                    "narrative missing"):
        assert problem in out, problem
    assert not (root / "reports" / "2025").exists()

    filled = fill.fill(raw, 2025)
    assert len(filled) == len(fill.fixture_files())
    assert run_lkjip(root, "manifest", "--update").returncode == 0
    ready = run_lkjip(root, "check-inputs", "--year", "2025")
    assert ready.returncode == 0, ready.stdout + ready.stderr

    # A second new-year keeps every filled file (and the manifest) as it is.
    hashes = tree_hashes(raw)
    again = run_lkjip(root, "new-year", "2025")
    assert again.returncode == 0, again.stdout + again.stderr
    assert tree_hashes(raw) == hashes

    done = run_lkjip(root, "run", "--year", "2025", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert tree_hashes(raw) == hashes  # the run never writes raw data

    report = root / "reports" / "2025"
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    assert summary["year"] == 2025 and summary["status"] == "final"
    s = {x["id"]: x for x in summary["sasaran"]}
    r2 = lambda v: round(v, 2)  # noqa: E731

    assert (s[1]["target"], r2(s[1]["realisasi"]), r2(s[1]["capaian"]), s[1]["kriteria"]) == \
        (93.77, 95.32, 101.66, "Sangat Baik")
    assert (s[2]["target"], r2(s[2]["realisasi"]), r2(s[2]["capaian"]), s[2]["kriteria"]) == \
        (3.3, 2.77, 84.02, "Baik")
    assert (s[3]["target"], s[3]["realisasi"], s[3]["capaian"], s[3]["kriteria"]) == ("A", "A", 100, "Sangat Baik")
    assert s[1]["realisasi_dilaporkan"] is None and s[2]["realisasi_dilaporkan"] is None

    budget = {1: (1070000000, 1022500000, 95.56, 4.44), 2: (1800000000, 1703000000, 94.61, 5.39),
              3: (3500000000, 3090000000, 88.29, 11.71)}
    for sid, expected in budget.items():
        got = (s[sid]["pagu"], s[sid]["realisasi_anggaran"], r2(s[sid]["serapan"]), r2(s[sid]["efisiensi"]))
        assert got == expected, sid
    assert summary["anggaran"]["pagu"] == 6370000000 and summary["anggaran"]["realisasi"] == 5815500000
    assert r2(summary["anggaran"]["serapan"]) == 91.30

    assert summary["validasi"]["critical"] == 0
    yoy = [f["message"] for f in summary["validasi"]["temuan"] if f["check"].startswith("ikm_yoy")]
    assert any("Unit Usaha 2025 = 8" in m for m in yoy)  # the tiny register is flagged, not fatal

    history = (report / "tables" / "s1_riwayat.csv").read_text(encoding="utf-8").splitlines()
    rows = {line.split(",")[0]: line.split(",") for line in history[1:]}
    assert sorted(rows) == ["2023", "2024", "2025"]
    assert float(rows["2024"][2]) == 95.13 and round(float(rows["2024"][3]), 2) == 95.13
    assert rows["2025"][2] == "" and round(float(rows["2025"][3]), 2) == 95.32
    assert (report / "LKjIP-2025.html").is_file()
