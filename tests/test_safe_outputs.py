"""Text cells are never formulas: tables.xlsx keeps them as strings, tables/*.csv neutralise
them following OWASP's CSV-injection guidance, and the pipeline reads its own CSVs back
unchanged."""

from __future__ import annotations

import csv
import zipfile

import openpyxl
import pandas as pd
import pytest

from pipeline.report.xlsx import write_tables_xlsx
from pipeline.sections.model import Section
from pipeline.sections.safecells import is_dangerous, neutralise, restore, restored_frame, safe_frame

HOSTILE = [
    '=HYPERLINK("http://x","click")',
    "=1+2",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "\t=1+2",
    "\r=1+2",
    "  =1+2",
    "'=1+2",
    "'already quoted",
]
HARMLESS = ["Sangat Baik", "-", "–", "-5", "+1.234,5", "-12,5%", "95,13%", "", "a=b", "Rp 1.000,-"]


@pytest.mark.parametrize("text", HOSTILE[:8])
def test_formula_starts_are_dangerous(text):
    assert is_dangerous(text)


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_and_signed_numbers_are_not(text):
    assert not is_dangerous(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("text", HOSTILE + HARMLESS)
def test_neutralise_is_undone_by_restore(text):
    assert restore(neutralise(text)) == text
    if is_dangerous(text):
        assert neutralise(text) == "'" + text


def _table() -> pd.DataFrame:
    return pd.DataFrame({"teks": HOSTILE + HARMLESS,
                         "angka": [float(i) for i in range(len(HOSTILE + HARMLESS))]})


def test_section_csv_is_neutralised_and_reads_back_exactly(tmp_path):
    section = Section("uji", "Uji")
    section.table("t_uji", "Uji", _table())
    section.save(tmp_path)
    with open(tmp_path / "tables" / "t_uji.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for (text, _number) in rows[1:]:
        # A spreadsheet opening the file sees no cell starting a formula.
        assert not is_dangerous(text), text
    back = Section.load(tmp_path, "uji").tables["t_uji"]
    assert back["teks"].fillna("").tolist() == _table()["teks"].tolist()
    assert back["angka"].tolist() == _table()["angka"].tolist()


def test_safe_frame_round_trip_keeps_header_and_numbers():
    df = pd.DataFrame({"=kolom": ["=1", "x"], "n": [1, -2]})
    safe = safe_frame(df)
    assert list(safe.columns) == ["'=kolom", "n"]
    assert safe["n"].tolist() == [1, -2]
    assert restored_frame(safe).equals(df)


def test_xlsx_text_cells_are_strings_never_formulas(tmp_path):
    target = tmp_path / "tables.xlsx"
    df = _table()
    df.columns = ["=HYPERLINK(\"http://x\")", "angka"]
    write_tables_xlsx(target, [{"id": "=t", "label": "@Tabel", "title": "=1+2", "section": "s",
                                "source": "+cmd", "df": df}])
    with zipfile.ZipFile(target) as archive:
        xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                      if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    book = openpyxl.load_workbook(target)
    sheet = book.worksheets[1]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # XML stores a carriage return as a line feed; the text is otherwise unchanged.
    assert [v or "" for v in values] == [t.replace("\r", "\n") for t in df.iloc[:, 0]]
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and is_dangerous(cell.value):
                assert cell.quotePrefix, cell.coordinate
    index = book["Daftar"]
    assert [c.value for c in index[2]][1:5] == ["@Tabel", "=1+2", "s", "+cmd"]
    assert all(c.data_type != "f" for c in index[2])


# -- the whole pipeline: hostile text in the raw files reaches no output as a formula ----------
HOSTILE_COLUMNS = {
    # Free-text columns the report prints in its tables (names, addresses, descriptions).
    "common/iku.csv": ["tujuan", "indikator_tujuan", "formula", "alasan", "sumber_data"],
    "2024/fasilitasi_halal.csv": ["Nama IKM", "Jenis Produk", "Alamat"],
    "2024/pelatihan.csv": ["Pelatihan", "Tempat"],
    "2024/indikator_program.csv": ["Indikator Kinerja"],
    "2024/sdm_sasaran.csv": ["Sumber"],
}
PAYLOADS = ['=HYPERLINK("http://x","klik")', "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1,2)", "\t=1+2"]


@pytest.mark.slow
def test_hostile_text_in_raw_files_is_never_a_formula_in_the_outputs(tmp_path):
    import shutil

    from pipeline.config import PACKAGE_ROOT, Paths
    from pipeline.years import manifest
    from tests.conftest import run_lkjip

    root = tmp_path / "proyek"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    planted = set()
    for rel, columns in HOSTILE_COLUMNS.items():
        path = root / "data" / "raw" / rel
        rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter=";"))
        for n, row in enumerate(rows[1:]):
            for column in columns:
                index = rows[0].index(column)
                if row[index].strip():
                    row[index] = f"{PAYLOADS[n % len(PAYLOADS)]} {row[index]}"
                    planted.add(row[index])
        with open(path, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";", lineterminator="\n").writerows(rows)
    manifest.update_hashes(Paths(root))
    done = run_lkjip(root, "run", "--year", "2024", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    report = root / "reports" / "2024"

    seen_hostile = 0
    for path in [*sorted((report / "tables").glob("*.csv")), report / "validation" / "perbandingan.csv"]:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for text in row:
                    assert not is_dangerous(text), (path.name, text)
                    seen_hostile += restore(text) in planted
    assert seen_hostile > 0, "no planted text reached a CSV table: the test checks nothing"

    book = openpyxl.load_workbook(report / "tables.xlsx")
    in_xlsx = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and is_dangerous(cell.value):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    in_xlsx += 1
    assert in_xlsx > 0, "no planted text reached tables.xlsx: the test checks nothing"
    html = (report / "LKjIP-2024.html").read_text(encoding="utf-8")
    assert "=HYPERLINK(&#34;http://x&#34;" in html or "=HYPERLINK(&quot;http://x&quot;" in html
