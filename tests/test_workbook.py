"""The raw-file registry, the analyst's workbook (new-year writes it, `lkjip impor` reads it back)
and check-inputs' count of blank required cells and register preview."""

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs import registry
from pipeline.run import cli
from pipeline.years import manifest
from pipeline.years import workbook as wb
from pipeline.years.completeness import blank_required, problems, register_preview
from pipeline.years.newyear import new_year
from pipeline.years.rows import read_rows
from tests.conftest import tree_hashes, use_project

FIXTURE = Path(__file__).parent / "fixtures" / "year2025"


@pytest.fixture(scope="module")
def new_year_2025(tmp_path_factory):
    """The shipped data with `new-year 2025` done once (it writes the whole workbook: seconds);
    each test works on its own copy (:func:`project`)."""
    root = tmp_path_factory.mktemp("new_year") / "project"
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    (root / "pyproject.toml").write_text("", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        use_project(patch, root)
        new_year(Paths(root), 2025)
    return root


@pytest.fixture
def project(new_year_2025, tmp_path, monkeypatch):
    """A project just after `new-year 2025` (a copy: file times kept, as impor compares them)."""
    root = tmp_path / "project"
    shutil.copytree(new_year_2025, root, symlinks=True)
    use_project(monkeypatch, root)
    return Paths(root)


# ---------------------------------------------------------------- the registry

def test_registry_describes_every_shipped_file_and_its_columns():
    folder = PACKAGE_ROOT / "data" / "raw" / "2024"
    shipped = {p.name for p in folder.iterdir() if not manifest.ignored(p.name)}
    assert shipped == set(registry.BY_NAME)
    for spec in registry.FILES:
        if spec.name.endswith(".csv"):
            header = [h.strip() for h in read_rows(folder / spec.name)[0]]
            named = set(spec.columns) | set(spec.labels) | set(spec.derived) | set(spec.extras)
            named |= {f.format(y=2024) for f in spec.figures if f != "*"}
            assert named - set(header) == set(), spec.name
            assert not set(spec.labels) & set(spec.derived), spec.name


def test_registry_feeds_the_parsers_and_checks():
    from pipeline.clean import DOMAINS
    from pipeline.inputs import bps, budget, services, staff
    from pipeline.validate.checks import BREAKDOWNS

    assert DOMAINS[-1] == "pipeline.clean.ikm" and "pipeline.inputs.bps" in DOMAINS
    assert budget.FILES["anggaran_rekap_dilaporkan"] == "anggaran_rekap.csv"
    assert services.FILES["penempatan"] == "penempatan_tenaga_kerja.csv"
    assert staff.FILES["sdm_sasaran"] == "sdm_sasaran.csv"
    assert bps.FILES["wilayah"] == "bps_ketenagakerjaan_wilayah.csv"
    assert [b[0] for b in BREAKDOWNS] == ["pencari_kerja", "pegawai_golongan", "pegawai_pendidikan"]


# ---------------------------------------------------------------- derived figures

def test_blank_bps_totals_and_rates_are_derived(tmp_path, paths):
    from pipeline.inputs.bps import COMPUTED, read_labour

    path = tmp_path / "bps.csv"
    path.write_text("Uraian;Tahun 2025\nAngkatan Kerja;\nBekerja;75.210\nPenganggur;3.690\nBukan Angkatan Kerja;\n"
                    "Sekolah;9.120\nMengurus Rumah Tangga;17.800\nLainnya;5.680\nPenduduk Usia Kerja;\n"
                    "Tingkat Penganggur (%);\nWilayah;Kota X\n", encoding="utf-8")
    df = read_labour(path, "wilayah", paths).set_index("variabel")
    # 75.210 + 3.690 = 78.900; 9.120 + 17.800 + 5.680 = 32.600; 78.900 + 32.600 = 111.500
    assert df.loc["angkatan_kerja", "nilai"] == 78900 and df.loc["angkatan_kerja", "sumber_file"] == COMPUTED
    assert df.loc["bukan_angkatan_kerja", "nilai"] == 32600
    assert df.loc["penduduk_usia_kerja", "nilai"] == 111500
    assert "tpt_dilaporkan" not in df.index  # a blank printed rate is not a figure


def test_blank_sdm_jumlah_is_the_sum_of_its_parts(tmp_path):
    from pipeline.inputs.staff import read_sdm_sasaran

    path = tmp_path / "sdm.csv"
    path.write_text("sasaran_id;Jumlah;ASN;P3K;TJP\n1;;3;1;2\n2;26;5;5;16\n", encoding="utf-8")
    assert list(read_sdm_sasaran(path)["jumlah"]) == [6, 26]


# ---------------------------------------------------------------- the workbook

def _sheet_rows(ws):
    return {r: [c.value for c in ws[r]] for r in range(wb.HEADER_ROW, ws.max_row + 1)}


def test_new_year_writes_the_workbook_with_marked_cells(project):
    path = wb.workbook_path(project, 2025)
    book = load_workbook(path)
    assert book.sheetnames[0] == wb.INFO and wb.NARRATIVE in book.sheetnames
    assert "anggaran_subkegiatan" in book.sheetnames and "isian-2025.xlsx" not in manifest.raw_files(project)

    def marked(cell):
        return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb[-6:] == wb.TO_FILL.fgColor.rgb[-6:]

    sub = book["anggaran_subkegiatan"]
    header = [c.value for c in sub[wb.HEADER_ROW]]
    first = wb.HEADER_ROW + 1
    assert marked(sub.cell(first, header.index("Anggaran (Rp.)") + 1))
    assert not marked(sub.cell(first, header.index("% Anggaran") + 1))  # derived: grey
    assert sub.cell(wb.SOURCE_ROW, 2).value == "DPA/LRA 2025 per sub kegiatan (SIPD)"
    # BPS: only the three primary counts of the new year are asked (the Bukan Angkatan Kerja
    # breakdown may stay blank: white, not yellow)
    bps = book["bps_ketenagakerjaan_wilayah"]
    asked = [bps.cell(r, 1).value for r in range(first, bps.max_row + 1) if marked(bps.cell(r, 4))]
    assert asked == ["Bekerja", "Penganggur", "Bukan Angkatan Kerja"]
    assert bps.cell(first, 2).value == "77.907"  # the 2023 column carried forward
    # capaian: only the realisasi taken as reported (sasaran 3, AKIP), with the grade list
    cap = book["capaian_kinerja_tahunan"]
    asked = [(cap.cell(r, 1).value, cap.cell(r, 4).value) for r in range(first, cap.max_row + 1)
             if marked(cap.cell(r, 6))]
    assert asked == [("3.1", "2025")]
    lists = [dv.formula1 for dv in cap.data_validations.dataValidation if dv.type == "list"]
    assert any("AA" in f and "A" in f for f in lists)
    # optional sheets ask nothing
    rekap = book["anggaran_rekap"]
    assert not any(marked(c) for row in rekap.iter_rows(min_row=first) for c in row)
    # the count the Petunjuk sheet gives equals check-inputs' count (+ the header-only lists' rows)
    assert blank_required(project, 2025) > 0


# Required cells of the 2025 year as new-year leaves it, counted by hand from data/raw/2024:
# rows kept, minus the rows the pipeline computes, times the columns typed.
REQUIRED_2025 = {
    "bps_ketenagakerjaan_wilayah.csv": 3,     # Bekerja, Penganggur, Bukan Angkatan Kerja (breakdown optional)
    "bps_ketenagakerjaan_nasional.csv": 3,
    "ikm_register.csv": 16,                   # header only: one row of its 16 columns
    "standar_nasional.csv": 3,                # one standard per indicator
    "anggaran_subkegiatan.csv": 60,           # 30 sub kegiatan x pagu, realisasi
    "anggaran_pk.csv": 25,                    # 31 rows - 6 TOTAL rows (computed)
    "apbd_rekening.csv": 10,                  # 5 leaf accounts x 2 (5, 5.1, 5.2, Jumlah, Surplus computed)
    "indikator_program.csv": 106,             # 54 indicators x target, realisasi; the AKIP row restates IKU 3.1
    "pencari_kerja.csv": 16,                  # 8 levels x L, P (Jumlah computed)
    "penempatan_tenaga_kerja.csv": 16,
    "penyaluran_tenaga_kerja.csv": 6,         # 7 rows - Jumlah
    "pelatihan.csv": 8,                       # header only: one row
    "fasilitasi_halal.csv": 6,                # header only: one row
    "pegawai_golongan.csv": 1,                # blank = 0: one figure makes it filled
    "pegawai_pendidikan.csv": 1,
    "sdm_sasaran.csv": 9,                     # 3 sasaran x ASN, P3K, TJP (Sumber a note)
    "pk_dokumen.csv": 9,                      # Tempat dan Tanggal of 9 documents
    "pk_indikator.csv": 24,
    "narasi.yml": 23,                         # 19 + the reviu statement's tempat_tanggal, nama, nip, jabatan
}


def test_a_new_year_asks_at_most_400_required_cells(project):
    from pipeline.years.completeness import blank_required_cells

    folder = project.raw_year(2025)
    counted = {spec.name: blank_required_cells(folder / spec.name, spec, 2025) for spec in registry.FILES
               if spec.keep in (registry.KEEP_ROWS, registry.KEEP_YEAR_COLUMN)}
    assert {k: v for k, v in counted.items() if v} == {k: v for k, v in REQUIRED_2025.items()
                                                      if k in counted}
    assert sum(REQUIRED_2025.values()) == 345
    assert blank_required(project, 2025) == 345 <= 400
    # RKT targets come from the PK; the TOTAL and parent-account rows are grey.
    assert [r[2] for r in read_rows(folder / "rkt.csv")[1:]] == \
        [r[4] for r in read_rows(folder / "perjanjian_kinerja.csv")[1:]] == ["93,77%", "3,30%", "A"]
    book = load_workbook(wb.workbook_path(project, 2025))
    grey = wb.DERIVED.fgColor.rgb[-6:]
    pk = book["anggaran_pk"]
    fills = {str(pk.cell(r, 3).value): pk.cell(r, 4).fill.fgColor.rgb[-6:] for r in (9 + wb.HEADER_ROW - 1,
                                                                                       2 + wb.HEADER_ROW - 1)}
    assert fills["TOTAL"] == grey and fills["Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"] != grey
    apbd = book["apbd_rekening"]
    shaded = [apbd.cell(r, 2).value for r in range(wb.HEADER_ROW + 1, apbd.max_row + 1)
              if apbd.cell(r, 4).fill.fgColor.rgb[-6:] == grey]
    assert shaded == ["BELANJA DAERAH", "Belanja Operasi", "Belanja Modal", "Jumlah Belanja", "Total Surplus/ Defisit"]


def test_blank_pk_total_is_the_sum_of_its_document(tmp_path):
    from pipeline.inputs.budget import read_anggaran_pk

    path = tmp_path / "anggaran_pk.csv"
    path.write_text("Dokumen;No;Program;Anggaran;Keterangan\nA;1.;P1;100;APBD\nA;2.;P2;250;APBD\nA;;TOTAL;;\n"
                    "B;1.;P1;40;APBD\nB;;TOTAL;45;\n", encoding="utf-8")
    df = read_anggaran_pk(path)
    # A: 100 + 250 = 350 (blank, computed); B: the typed 45 is kept (and compared by validation).
    assert df.loc[df["is_total"], "anggaran"].tolist() == [350, 45]


def _fill(path, sheet, values: dict[tuple[int, str], object]):
    book = load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[wb.HEADER_ROW]]
    for (row, column), value in values.items():
        cell = ws.cell(wb.HEADER_ROW + row - 1, header.index(column) + 1)
        cell.value = value
        if isinstance(value, float) and value < 1:
            cell.number_format = "0.00%"
    book.save(path)


def test_impor_writes_csv_in_indonesian_notation_and_protects_hand_edits(project, capsys):
    path = wb.workbook_path(project, 2025)
    _fill(path, "anggaran_subkegiatan", {(2, "Anggaran (Rp.)"): 850000000, (2, "Realisasi Anggaran (Rp.)"): 820000000,
                                         (2, "% Anggaran"): 0.9647})
    assert cli.main(["impor", "--year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "anggaran_subkegiatan: ditulis" in out and "anggaran_rekap: tidak berubah" in out
    csv_path = project.raw_year(2025) / "anggaran_subkegiatan.csv"
    row = read_rows(csv_path)[1]
    assert row[7:] == ["850.000.000", "820.000.000", "96,47%"]
    # the manifest records what impor wrote: no stale checksum
    assert manifest.check(project, files=["2025/anggaran_subkegiatan.csv"]) == []
    # a CSV edited by hand is not overwritten without --timpa
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("850.000.000", "851.000.000"), encoding="utf-8")
    _fill(path, "anggaran_subkegiatan", {(3, "Anggaran (Rp.)"): 40000000})
    assert cli.main(["impor", "--year", "2025"]) == 2
    assert "anggaran_subkegiatan: dilewati" in capsys.readouterr().out
    assert "851.000.000" in csv_path.read_text(encoding="utf-8")
    assert cli.main(["impor", "--year", "2025", "--timpa"]) == 0
    assert read_rows(csv_path)[2][7] == "40.000.000" and "851.000.000" not in csv_path.read_text(encoding="utf-8")


def test_impor_refuses_an_unreadable_manifest_before_writing_anything(project, capsys):
    """A key written twice in data/raw/manifest.yml: the import stops whole, naming the file, line
    and key, with every CSV of the year as it was (the manifest is read before any is written)."""
    path = wb.workbook_path(project, 2025)
    _fill(path, "anggaran_subkegiatan", {(2, "Anggaran (Rp.)"): 850000000})
    text = project.raw_manifest.read_text(encoding="utf-8")
    anchor = "  2024/pelatihan.csv:\n"
    assert text.count(anchor) == 1
    project.raw_manifest.write_text(text + anchor.replace("\n", " {}\n"), encoding="utf-8")
    before = tree_hashes(project.raw_year(2025))
    assert cli.main(["impor", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert f"data/raw/manifest.yml, baris {len(text.splitlines()) + 1}, kolom '2024/pelatihan.csv'" in err
    assert tree_hashes(project.raw_year(2025)) == before


def test_impor_source_and_table_go_to_the_manifest(project):
    path = wb.workbook_path(project, 2025)
    book = load_workbook(path)
    book["pelatihan"].cell(wb.TABLE_ROW, 2).value = "Daftar pelatihan BLK 2025 (dikoreksi)"
    book.save(path)
    wb.import_workbook(project, 2025)
    assert manifest.load(project)["2025/pelatihan.csv"]["table"] == "Daftar pelatihan BLK 2025 (dikoreksi)"


def test_the_tabel_cell_shows_and_sets_the_published_number_the_findings_cite(project):
    """A file whose manifest declares ``tabel_terbit`` is cited by it (rawio.published_table), so
    the workbook's Tabel cell shows that number and what the analyst types there replaces it; a
    renumbered table typed in the workbook is what the findings then cite."""
    import yaml

    from pipeline.inputs.rawio import published_table

    doc = yaml.safe_load(project.raw_manifest.read_text(encoding="utf-8"))
    doc["files"]["2025/pelatihan.csv"]["tabel_terbit"] = "Tabel 3.26"
    project.raw_manifest.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    table_before = doc["files"]["2025/pelatihan.csv"]["table"]
    path = wb.write_workbook(project, 2025)
    book = load_workbook(path)
    assert book["pelatihan"].cell(wb.TABLE_ROW, 2).value == "Tabel 3.26"
    book["pelatihan"].cell(wb.TABLE_ROW, 2).value = "Tabel 3.27"
    book.save(path)
    wb.import_workbook(project, 2025)
    entry = manifest.load(project)["2025/pelatihan.csv"]
    assert entry["tabel_terbit"] == "Tabel 3.27" and entry["table"] == table_before
    assert published_table(project.raw_year(2025) / "pelatihan.csv") == "Tabel 3.27"


def test_narrative_sheet_round_trips(project):
    import yaml

    path = wb.workbook_path(project, 2025)
    book = load_workbook(path)
    ws = book[wb.NARRATIVE]
    rows = {ws.cell(r, 1).value: r for r in range(ws.max_row, wb.HEADER_ROW, -1)}  # first row per key
    ws.cell(rows["sasaran.1.solusi"], 2).value = "Memperluas kerja sama penempatan."
    ws.cell(rows["sasaran.1.analisis"], 2).value = "Penyerapan naik."
    book.save(path)
    wb.import_workbook(project, 2025)
    doc = yaml.safe_load((project.raw_year(2025) / "narasi.yml").read_text(encoding="utf-8"))
    assert doc["sasaran"][1]["solusi"] == ["Memperluas kerja sama penempatan."]
    assert doc["sasaran"][1]["analisis"] == "Penyerapan naik."
    assert doc["sasaran"][2]["solusi"] == []


def test_cell_text():
    assert wb.cell_text(850000000) == "850.000.000"
    assert wb.cell_text(95.32) == "95,32"
    assert wb.cell_text(0.9377, "0.00%") == "93,77%"
    assert wb.cell_text(" A ") == "A"
    import datetime as dt

    assert wb.cell_text(dt.datetime(2025, 3, 14)) == "14 Maret 2025"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_workbook_saved_by_libreoffice_round_trips(project, tmp_path):
    path = wb.workbook_path(project, 2025)
    _fill(path, "anggaran_subkegiatan", {(2, "Anggaran (Rp.)"): 850000000, (2, "Realisasi Anggaran (Rp.)"): 820000000})
    _fill(path, "capaian_kinerja_tahunan", {(10, "Realisasi"): "A"})
    _fill(path, "pelatihan", {(2, "Pelatihan"): "Pelatihan barista", (2, "Peserta"): 16,
                              (2, "Tanggal Selesai"): "3 Oktober 2025"})
    out = tmp_path / "lo"
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
                           "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=180)
    saved = out / path.name
    assert saved.is_file(), done.stdout + done.stderr
    results = {r.sheet: r.status for r in wb.import_workbook(project, 2025, workbook=saved)}
    assert results["anggaran_subkegiatan"] == "ditulis" and results["perjanjian_kinerja"] == "tidak berubah"
    folder = project.raw_year(2025)
    assert read_rows(folder / "anggaran_subkegiatan.csv")[1][7:9] == ["850.000.000", "820.000.000"]
    assert read_rows(folder / "capaian_kinerja_tahunan.csv")[9][5] == "A"
    assert read_rows(folder / "pelatihan.csv")[1][2:5] == ["Pelatihan barista", "", "16"]
    # the pre-filled sheets LibreOffice re-saved come back byte for byte
    assert results["bps_ketenagakerjaan_wilayah"] == "tidak berubah"


# ---------------------------------------------------------------- check-inputs

def test_register_preview_and_typed_series_disagreeing_is_critical(project):
    folder = project.raw_year(2025)
    shutil.copy(FIXTURE / "ikm_register.csv", folder / "ikm_register.csv")
    lines, blocking = register_preview(project, 2025)
    # 8 firms kept (fixture EXPECTED.md): formal 5, production 310.000.000 thousand Rp
    assert "unit usaha 8; formal 5; non formal 3; mikro 4; kecil 2; menengah 2" in lines[0]
    assert "nilai produksi (ribu Rp) 310.000.000" in lines[0]
    assert "tidak_aktif: 1 baris dibuang" in lines[1] and "duplikat: 1 baris dibuang" in lines[1]
    assert blocking == []
    series = folder / "ikm_perkembangan.csv"
    rows = read_rows(series)
    typed = ["8", "5", "3", "111", "21.916.250", "999.999.999"]  # production typed wrong
    for row, value in zip(rows[1:], typed):
        row[-1] = value
    from pipeline.years.rows import write_rows

    write_rows(series, rows)
    blocked, _ = problems(project, 2025, narrative=False)
    assert any("ikm_perkembangan.csv, kolom '2025', nilai produksi (ribu Rp): tertulis 999.999.999" in b
               and "310.000.000" in b for b in blocked)


def test_new_year_types_the_akip_grade_once_and_the_national_table_in_juta_orang(project):
    folder = project.raw_year(2025)
    # BPS prints the national table in juta orang; the carried-forward 2024 column stays in orang
    assert ["Satuan", "orang", "juta orang"] in read_rows(folder / "bps_ketenagakerjaan_nasional.csv")
    assert not any(r[0] == "Satuan" for r in read_rows(folder / "bps_ketenagakerjaan_wilayah.csv"))
    # the AKIP program indicator restates IKU 3.1: grey, its figures from the PK and the capaian
    book = load_workbook(wb.workbook_path(project, 2025))
    sheet = book["indikator_program"]
    header = [c.value for c in sheet[wb.HEADER_ROW]]
    grey = wb.DERIVED.fgColor.rgb[-6:]
    rows = {sheet.cell(r, header.index("Indikator Kinerja") + 1).value: r
            for r in range(wb.HEADER_ROW + 1, sheet.max_row + 1)}
    akip, ikm = rows["Nilai Evaluasi AKIP oleh Inspektorat"], rows["Nilai IKM"]
    for column in ("Target Kinerja", "Realisasi Kinerja"):
        assert sheet.cell(akip, header.index(column) + 1).fill.fgColor.rgb[-6:] == grey
        assert sheet.cell(ikm, header.index(column) + 1).fill.fgColor.rgb[-6:] != grey
    cap = book["capaian_kinerja_tahunan"]
    typed_akip = [r for r in range(wb.HEADER_ROW + 1, cap.max_row + 1)
                  if cap.cell(r, 1).value == "3.1" and cap.cell(r, 6).fill.fgColor.rgb[-6:] == wb.TO_FILL.fgColor.rgb[-6:]]
    assert len(typed_akip) == 1  # the one primary cell: the 2025 realisasi in capaian_kinerja_tahunan
