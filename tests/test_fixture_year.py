"""A new report year from scratch, as an analyst does it: `new-year 2025` → fill the marked cells
of isian-2025.xlsx → `impor` → `run --year 2025`.

The fixture year lives in tests/fixtures/year2025/ (values an analyst would type, and
fill_workbook.py which types them into the workbook's marked cells only); the hand-worked
figures, with their arithmetic, are in tests/fixtures/year2025/EXPECTED.md. In short:

  sasaran 1  75.210 / 78.900 × 100 = 95,32;  95,3232 / 93,77 × 100 = 101,66  Sangat Baik
             (Angkatan Kerja 78.900 = 75.210 + 3.690 is derived, not typed)
  sasaran 2  (310.000.000 − 301.636.853,935) / 301.636.853,935 × 100 = 2,77;
             2,7726 / 3,30 × 100 = 84,02  Baik
  sasaran 3  A vs A = 100  Sangat Baik
  anggaran   s1 1.070.000.000 / 1.022.500.000 = 95,56 (efisiensi 4,44)
             s2 1.800.000.000 / 1.703.000.000 = 94,61 (5,39)
             s3 3.500.000.000 / 3.090.000.000 = 88,29 (11,71)
             total 6.370.000.000 / 5.815.500.000 = 91,30
  history    2023 recomputed 74.137 / 77.907 × 100 = 95,16 (the 2023 BPS column carried forward)

The slow test does ONE real run (papermill kernels, Great Expectations, HTML) in a copy of
data/raw and expectations/.
"""

import csv
import importlib.util
import json
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.config import PACKAGE_ROOT, Paths
from tests.conftest import run_lkjip, tree_hashes

FIXTURE = Path(__file__).parent / "fixtures" / "year2025"
TYPED_CELLS_CAP = 450
# The IKM register is the agency's export of its Pendataan IKM application, pasted into its
# sheet (or copied as the CSV), not typed cell by cell: it is not counted as typing.
EXPORTED = {"ikm_register"}


def _load_fill():
    spec = importlib.util.spec_from_file_location("fixture_year2025_fill", FIXTURE / "fill_workbook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


fill = _load_fill()


def test_fixture_register_cleans_to_the_hand_worked_aggregate(paths):
    from pipeline.clean.ikm import aggregate_register, clean_register

    perusahaan, log = clean_register(FIXTURE / "ikm_register.csv", paths)
    assert aggregate_register(perusahaan, 2025) == {
        "tahun": 2025, "unit_usaha": 8, "formal": 5, "non_formal": 3, "mikro": 4, "kecil": 2,
        "menengah": 2, "tenaga_kerja": 111, "investasi_ribu_rp": 21916250.0,
        "nilai_produksi_ribu_rp": 310000000.0}
    dropped = log[log["tindakan"] == "dibuang"].set_index("sumber_baris")["aturan"].to_dict()
    assert dropped == {10: "tidak_aktif", 11: "pindah_domisili", 12: "duplikat", 13: "kbli_bukan_industri"}


def test_typed_value_is_what_an_analyst_types():
    assert fill.typed_value("850.000.000", "angka") == 850000000
    assert fill.typed_value("-", "angka") == "-"
    assert fill.typed_value("95,32%", "teks") == "95,32%"


# ---------------------------------------------------------------- the whole new-year path

def _budget_rollups(root: Path) -> dict:
    from pipeline.clean import build
    from pipeline.measure.budget import rollup

    sub = build(2025, Paths(root))["anggaran_subkegiatan"]
    out = {}
    for level in ("kegiatan", "program", "sasaran", "urusan", "total"):
        table = rollup(sub, level)
        out[level] = [(int(p), int(r)) for p, r in zip(table["pagu"], table["realisasi"])]
    return out


@pytest.mark.slow
def test_new_year_workbook_impor_and_run_match_hand_worked_figures(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    raw = root / "data" / "raw"
    book = raw / "2025" / "isian-2025.xlsx"

    created = run_lkjip(root, "new-year", "2025")
    assert created.returncode == 0, created.stdout + created.stderr
    assert book.is_file() and "isian-2025.xlsx" in created.stdout

    # Before filling: every problem at once, the count of blank required cells, nothing written.
    before = run_lkjip(root, "check-inputs", "--year", "2025")
    assert before.returncode == 2, before.stdout + before.stderr
    blank = int(before.stdout.split(" isian wajib belum diisi")[0].split()[-1])
    assert blank > 0
    assert not (root / "reports" / "2025").exists()

    typed = fill.fill(book)
    typed_cells = sum(n for sheet, n in typed.items() if sheet not in EXPORTED)
    assert 0 < typed_cells <= TYPED_CELLS_CAP, typed
    imported = run_lkjip(root, "impor", "--year", "2025")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "anggaran_subkegiatan: ditulis" in imported.stdout
    ready = run_lkjip(root, "check-inputs", "--year", "2025")
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert "0 isian wajib belum diisi" in ready.stdout
    assert "unit usaha 8; formal 5; non formal 3; mikro 4; kecil 2; menengah 2" in ready.stdout
    assert "manifest" not in ready.stderr  # provenance pre-filled, checksums recorded by impor

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

    # Following the template: no critical finding, and no warning but the tiny register's.
    assert summary["validasi"]["critical"] == 0
    checks = {f["check"].split(":")[0] for f in summary["validasi"]["temuan"]}
    assert checks <= {"ikm_yoy"}, checks
    yoy = [f["message"] for f in summary["validasi"]["temuan"] if f["check"].startswith("ikm_yoy")]
    assert any("Unit Usaha 2025 = 8" in m for m in yoy)  # the tiny register is flagged, not fatal

    with open(report / "tables" / "s1_riwayat.csv", encoding="utf-8", newline="") as handle:
        history = list(csv.reader(handle))  # text cells are quoted (CSV-injection safe)
    rows = {row[0]: row for row in history[1:]}
    assert sorted(rows) == ["2023", "2024", "2025"]
    assert float(rows["2023"][2]) == 95.16 and round(float(rows["2023"][3]), 2) == 95.16  # 74.137 / 77.907
    assert float(rows["2024"][2]) == 95.13 and round(float(rows["2024"][3]), 2) == 95.13
    assert rows["2025"][2] == "" and round(float(rows["2025"][3]), 2) == 95.32
    assert (report / "LKjIP-2025.html").is_file()
    # The Bukan Angkatan Kerja breakdown was left blank: shown as "–", never 0; BAK as typed.
    with open(report / "tables" / "s1_ketenagakerjaan_jumlah.csv", encoding="utf-8", newline="") as handle:
        labour = {row[0].lstrip("'"): row for row in csv.reader(handle)}
    column = labour["Uraian"].index("Tahun 2025")
    assert [labour[k][column] for k in ("Sekolah", "Mengurus Rumah Tangga", "Lainnya")] == ["", "", ""]
    assert float(labour["Bukan Angkatan Kerja"][column]) == 32600
    assert float(labour["Penduduk Usia Kerja"][column]) == 111500  # 78.900 + 32.600
    html = (report / "LKjIP-2025.html").read_text(encoding="utf-8")
    # The national table typed in juta orang: 146,54 / (146,54 + 7,28) × 100 = 95,27 (EXPECTED.md).
    with open(report / "tables" / "s1_standar_nasional.csv", encoding="utf-8", newline="") as handle:
        national = {row[0].lstrip("'"): row[1] for row in csv.reader(handle)}
    assert round(float(national["Angka nasional 2025 hitung ulang dari data BPS"]), 2) == 95.27
    assert re.search(r"<td[^>]*>Sekolah</td>(\s*<td[^>]*>[^<]*</td>){2}\s*<td[^>]*>–</td>", html)

    # One sub-kegiatan realisasi changed in the workbook: every roll-up follows, no other edit.
    before_rollups = _budget_rollups(root)
    wb = load_workbook(book)
    ws = wb["anggaran_subkegiatan"]
    header = [c.value for c in ws[fill.wbmod.HEADER_ROW]]
    cell = ws.cell(fill.wbmod.HEADER_ROW + 1, header.index("Realisasi Anggaran (Rp.)") + 1)
    assert cell.value == 820000000
    cell.value = 830000000
    wb.save(book)
    again = run_lkjip(root, "impor", "--year", "2025")
    assert again.returncode == 0, again.stdout + again.stderr
    assert run_lkjip(root, "check-inputs", "--year", "2025").returncode == 0
    after = _budget_rollups(root)
    for level in ("kegiatan", "program", "sasaran", "urusan", "total"):
        changed = [(b, a) for b, a in zip(before_rollups[level], after[level]) if b != a]
        assert len(changed) == 1, level  # exactly the roll-up holding that sub-kegiatan
        (pagu_b, real_b), (pagu_a, real_a) = changed[0]
        assert pagu_a == pagu_b and real_a - real_b == 10000000, level
