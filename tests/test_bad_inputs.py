"""A catalogue of bad inputs, tried as a careless analyst or a hostile file would.

Each case mutates a copy of the shipped project tree (data/raw as shipped, a published report,
processed data and the cleaning's record standing in for the previous run), runs ``lkjip`` on
it, and asserts:

* the exit code (2: a bad input; nothing is built),
* the message names the file, row, column and value where the problem has one, in Bahasa
  Indonesia without Python representations or absolute paths,
* ``reports/`` and ``data/processed/`` are byte-identical afterwards (no report replaced, no
  lock file or staging folder left behind) and data/raw is never written.

The cases fail before any notebook starts (parsers, check-inputs, the run's pre-flight
checks), so the catalogue takes seconds per case. ``lkjip`` runs in-process (``cli.main``,
the code path of the console script); a few cases run it as a subprocess as an analyst does.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs import reads
from pipeline.run import cli, reuse
from pipeline.years import manifest
from tests.conftest import clean_as_a_run, run_lkjip, tree_hashes, use_project
from tests.indonesian import problems as message_problems

# Each case runs the command line on its own copy of the project tree: the fault tier, not the unit tier.
pytestmark = pytest.mark.slow

YEAR = "2024"


# -- the project copy ------------------------------------------------------------------------
@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template")
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    (root / "pyproject.toml").write_text("[project]\nname = 'salinan'\n", encoding="utf-8")
    # What a previous successful run left: the pipeline must not touch any of it.
    report = root / "reports" / YEAR
    (report / "tables").mkdir(parents=True)
    (report / f"LKjIP-{YEAR}.html").write_text("<html>laporan sebelumnya</html>", encoding="utf-8")
    (report / "summary.json").write_text('{"status": "final"}', encoding="utf-8")
    (report / "tables" / "t.csv").write_text("a\n1\n", encoding="utf-8")
    (root / "reports" / "index.html").write_text("<html>indeks</html>", encoding="utf-8")
    processed = root / "data" / "processed" / YEAR
    processed.mkdir(parents=True)
    (processed / "iku.csv").write_text("sasaran_id\n1\n", encoding="utf-8")
    _keep_cleaning_record(root)
    return root


def _keep_cleaning_record(root: Path) -> None:
    """The record a published run keeps of its cleaning (``reports/.cache/<year>/``,
    pipeline.run.reuse), made by cleaning the shipped year in ``root``: as after every published
    run, ``lkjip run`` then parses again only the parsers whose inputs a case changed, the path
    of an analyst's rerun; ``lkjip check-inputs`` parses every file, the path of a first run."""
    cleaned = root / "bersih" / YEAR
    first = clean_as_a_run(root, int(YEAR), cleaned)
    assert first.reused == [] and first.built
    kept = Paths(root).reuse_year(int(YEAR))
    kept.mkdir(parents=True)
    shutil.copy(reads.kept_folder(cleaned) / reuse.CLEAN_RECORD, kept)
    shutil.rmtree(root / "bersih")
    # every parser as published: a case's run parses what its mutation touched, nothing else
    assert reuse.parsed_as_published(Paths(root), int(YEAR)) == {
        m.rsplit(".", 1)[1] for m in first.built}


def _copy_as_project(template: Path, root: Path, monkeypatch) -> Path:
    """``template`` copied to ``root`` (file times kept: impor compares them), made the project
    and the working folder."""
    shutil.copytree(template, root, symlinks=True)
    use_project(monkeypatch, root)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def project(template, tmp_path, monkeypatch) -> Path:
    return _copy_as_project(template, tmp_path / "proyek", monkeypatch)


# -- mutations -------------------------------------------------------------------------------
def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _write_rows(path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def set_cell(rel: str, row: int, column: str, value: str):
    """Spreadsheet row ``row`` (header = 1), column by name."""
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        rows = _rows(path)
        rows[row - 1][rows[0].index(column)] = value
        _write_rows(path, rows)
    return mutate


def replace_text(rel: str, old: str, new: str, count: int = 1):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return mutate


def _must_change(data: bytes, old: bytes, new: bytes) -> bytes:
    """A mutation that silently changes nothing would make its case pass vacuously."""
    assert old in data, old
    return data.replace(old, new, 1)


def write_bytes(rel: str, transform):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        path.write_bytes(transform(path.read_bytes()))
    return mutate


def symlink_to(rel: str, target: str):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        path.unlink()
        os.symlink(target, path)
    return mutate


def drop_line(rel: str, line: int):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        del lines[line - 1]
        path.write_text("".join(lines), encoding="utf-8")
    return mutate


def unquote_cell_then(rel: str, row: int):
    """An opening quote left open in ``row`` (a careless edit in a text editor)."""
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        lines[row - 1] = '"' + lines[row - 1]
        path.write_text("".join(lines), encoding="utf-8")
    return mutate


@dataclass
class Case:
    id: str
    mutate: object
    where: list[str]                 # fragments the message must contain (file, row, column, value)
    command: str = "run"             # "run" or "check-inputs"
    exit_code: int = 2
    update_manifest: bool = True     # the analyst ran `lkjip manifest --update` after the edit
    extra: list[str] = field(default_factory=list)


PK = "2024/perjanjian_kinerja.csv"
REG = "2024/ikm_register.csv"
BPS = "2024/bps_ketenagakerjaan_wilayah.csv"
SUB = "2024/anggaran_subkegiatan.csv"


def cell(file: str, row: int, column: str, value: str) -> list[str]:
    return [f"data/raw/{file}", f"baris {row}", f"kolom '{column}'", f"nilai '{value}'"]


CASES = [
    # Numbers without guessing
    Case("pk_target_ambiguous_thousands", set_cell(PK, 2, "Target", "93.750%"),
         cell(PK, 2, "Target", "93.750%"), extra=["ambigu", "93.750", "93,75"]),
    Case("pk_target_english_decimal", set_cell(PK, 2, "Target", "93.75%"), cell(PK, 2, "Target", "93.75%")),
    Case("pk_target_blank", set_cell(PK, 3, "Target", ""), ["data/raw/" + PK, "baris 3", "kolom 'Target'"]),
    Case("pk_target_word", set_cell(PK, 2, "Target", "sembilan puluh"), cell(PK, 2, "Target", "sembilan puluh")),
    Case("pk_target_superscript", set_cell(PK, 2, "Target", "93²"), cell(PK, 2, "Target", "93²"),
         extra=["0-9"]),
    Case("renstra_ambiguous", set_cell("common/target_renstra.csv", 2, "2024", "93.750"),
         cell("common/target_renstra.csv", 2, "2024", "93.750")),
    Case("register_20_digits", set_cell(REG, 5, "nilai_produksi", "12345678901234567890"),
         cell(REG, 5, "nilai_produksi", "12345678901234567890"), extra=["18 digit"]),
    Case("register_superscript", set_cell(REG, 4, "tenaga_kerja", "4²"), cell(REG, 4, "tenaga_kerja", "4²")),
    Case("register_arabic_indic_digits", set_cell(REG, 6, "tenaga_kerja", "٣"), cell(REG, 6, "tenaga_kerja", "٣")),
    Case("register_fullwidth_digits", set_cell(REG, 7, "nilai_investasi", "１０００"),
         cell(REG, 7, "nilai_investasi", "１０００")),
    Case("register_percent_workers", set_cell(REG, 3, "tenaga_kerja", "5%"), cell(REG, 3, "tenaga_kerja", "5%")),
    Case("register_rupiah_workers", set_cell(REG, 3, "tenaga_kerja", "Rp 5"), cell(REG, 3, "tenaga_kerja", "Rp 5")),
    Case("register_negative_workers", set_cell(REG, 8, "tenaga_kerja", "-3"), cell(REG, 8, "tenaga_kerja", "-3")),
    Case("register_words_money", set_cell(REG, 9, "nilai_produksi", "12,5 juta"),
         cell(REG, 9, "nilai_produksi", "12,5 juta")),
    Case("register_bad_kbli", set_cell(REG, 10, "kbli", "ABCDE"), cell(REG, 10, "kbli", "ABCDE")),
    Case("register_unknown_status", set_cell(REG, 11, "status", "Libur"), cell(REG, 11, "status", "Libur")),
    Case("bps_percent_in_count", set_cell(BPS, 2, "Tahun 2024", "77.876%"), cell(BPS, 2, "Tahun 2024", "77.876%")),
    Case("bps_rupiah_in_count", set_cell(BPS, 3, "Tahun 2024", "Rp 74.085"), cell(BPS, 3, "Tahun 2024", "Rp 74.085")),
    Case("bps_20_digits", set_cell(BPS, 3, "Tahun 2024", "74085000000000000000"),
         cell(BPS, 3, "Tahun 2024", "74085000000000000000")),
    Case("bps_decimal_count", set_cell(BPS, 3, "Tahun 2023", "74,5"), cell(BPS, 3, "Tahun 2023", "74,5")),
    Case("bps_unknown_label", set_cell(BPS, 3, "Uraian", "Bekerja Keras"), cell(BPS, 3, "Uraian", "Bekerja Keras")),
    Case("bps_repeated_label", set_cell(BPS, 3, "Uraian", "Angkatan Kerja"),
         cell(BPS, 3, "Uraian", "Angkatan Kerja"), extra=["baris 2"]),
    Case("series_percent_in_count", set_cell("2024/ikm_perkembangan.csv", 2, "2024", "2,500%"),
         cell("2024/ikm_perkembangan.csv", 2, "2024", "2,500%")),
    Case("budget_pagu_letters", set_cell(SUB, 3, "Anggaran (Rp.)", "28.76O.200"),
         cell(SUB, 3, "Anggaran (Rp.)", "28.76O.200")),
    Case("budget_pagu_percent", set_cell(SUB, 3, "Anggaran (Rp.)", "94,87%"),
         cell(SUB, 3, "Anggaran (Rp.)", "94,87%")),
    Case("budget_pagu_21_digits", set_cell(SUB, 3, "Anggaran (Rp.)", "287.602.000.000.000.000.000"),
         cell(SUB, 3, "Anggaran (Rp.)", "287.602.000.000.000.000.000")),
    Case("staff_percent_count", set_cell("2024/sdm_sasaran.csv", 2, "Jumlah", "5%"),
         cell("2024/sdm_sasaran.csv", 2, "Jumlah", "5%")),
    Case("training_rupiah_participants", set_cell("2024/pelatihan.csv", 2, "Peserta", "Rp 16"),
         cell("2024/pelatihan.csv", 2, "Peserta", "Rp 16")),
    Case("training_bad_date", set_cell("2024/pelatihan.csv", 3, "Tanggal Selesai", "kemarin"),
         cell("2024/pelatihan.csv", 3, "Tanggal Selesai", "kemarin")),
    Case("iku_bad_polaritas", set_cell("common/iku.csv", 2, "polaritas", "naik turun"),
         cell("common/iku.csv", 2, "polaritas", "naik turun")),
    Case("kriteria_gap", set_cell("common/skala_kriteria.csv", 2, "Interval Nilai Realisasi Kinerja", "≥ 95"),
         ["data/raw/common/skala_kriteria.csv", "kolom 'Interval Nilai Realisasi Kinerja'", "celah"]),
    Case("pk_second_target_ambiguous", set_cell(PK, 3, "Target", "3.250%"), cell(PK, 3, "Target", "3.250%"),
         command="check-inputs", extra=["3.250", "3,25"]),
    # File structure
    Case("quote_left_open", unquote_cell_then(PK, 3), ["data/raw/" + PK, "baris 3", "tanda kutip"]),
    Case("quote_left_open_register", unquote_cell_then(REG, 40), ["data/raw/" + REG, "baris 40", "tanda kutip"]),
    Case("ragged_row", replace_text(PK, "93,75%", "93,75%;lebih"), ["data/raw/" + PK, "baris 2", "4"]),
    Case("comma_separated", write_bytes(PK, lambda b: b.replace(b";", b",")), ["data/raw/" + PK, "baris 1", "';'"]),
    Case("cp1252_bytes", write_bytes(REG, lambda b: _must_change(b, b"Penjahit Kito", b"Penjahit K\xe9to")),
         ["data/raw/" + REG, "baris 2", "kolom 'nama_usaha'", "nilai 'Penjahit Kéto'", "CSV UTF-8"]),
    Case("empty_file", write_bytes(PK, lambda b: b""), ["data/raw/" + PK, "belum berisi baris data"]),
    Case("header_only", write_bytes(PK, lambda b: b.split(b"\n")[0] + b"\n"), ["data/raw/" + PK]),
    Case("column_renamed", replace_text(PK, "Indikator Kinerja;Target", "Indikator Kinerja;Sasaran Target"),
         ["data/raw/" + PK, "baris 1", "'Target'"]),
    # YAML
    Case("narasi_duplicate_key", replace_text("2024/narasi.yml", "prestasi:", "prestasi:\n  - x\nprestasi:"),
         ["data/raw/2024/narasi.yml", "baris", "kolom 'prestasi'", "kunci yang sama"], command="check-inputs"),
    Case("narasi_bad_indent", replace_text("2024/narasi.yml", "    faktor_penghambat:", "   faktor_penghambat:"),
         ["data/raw/2024/narasi.yml", "baris", "YAML"], command="check-inputs"),
    Case("narasi_python_tag", replace_text("2024/narasi.yml", "prestasi:", "prestasi: !!python/object/apply:os.system ['true']\nx:"),
         ["data/raw/2024/narasi.yml", "baris", "tag YAML"], command="check-inputs"),
    Case("manifest_malformed", replace_text("manifest.yml", "files:\n", "files:\n  - [\n"),
         ["data/raw/manifest.yml", "baris"], update_manifest=False),
    Case("manifest_duplicate_entry", replace_text("manifest.yml", "  common/iku.csv:\n", "  common/iku.csv: {}\n  common/iku.csv:\n"),
         ["data/raw/manifest.yml", "baris", "kolom 'common/iku.csv'"], update_manifest=False),
    # Files outside data/raw, drift
    Case("symlink_etc_passwd", symlink_to(PK, "/etc/passwd"), ["data/raw/" + PK, "symlink"], update_manifest=False),
    Case("symlink_outside_project", symlink_to(PK, str(PACKAGE_ROOT / "data" / "raw" / PK)),
         ["data/raw/" + PK, "symlink"], update_manifest=False),
    Case("drift_without_manifest_update", set_cell(PK, 2, "Target", "93,80%"),
         ["data/raw/" + PK, "sha256", "lkjip manifest --update"], update_manifest=False),
    Case("drift_check_inputs", set_cell(PK, 2, "Target", "93,80%"),
         ["data/raw/" + PK, "sha256", "lkjip manifest --update"], command="check-inputs", update_manifest=False),
]


# -- numbers read by what they count, plausibility, refusals that name what to fix (issue 19) ---
def append_lines(rel: str, *lines: str):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        text = path.read_text(encoding="utf-8")
        path.write_text(text + ("" if text.endswith("\n") else "\n") + "".join(f"{x}\n" for x in lines),
                        encoding="utf-8")
    return mutate


def all_of(*mutations):
    def mutate(root: Path) -> None:
        for m in mutations:
            m(root)
    return mutate


AKIP = "Meningkatnya Akuntabilitas Kinerja Dinas Tenaga Kerja dan Perindustrian"
PESERTA = "Jumlah Peserta Pelatihan Berbasis Kompetensi"


def count_indicator(target: str, realisasi: str):
    """Indicator 3.2 counts people (satuan 'orang', realisasi as reported): its cells are whole numbers."""
    return all_of(
        append_lines("common/iku.csv", f"3.2;3;;;;{PESERTA};orang;naik;Jumlah peserta yang lulus;dilaporkan;;"),
        append_lines("common/target_renstra.csv",
                     f"3.2;4;{AKIP};{PESERTA};orang;11.000;11.500;12.000;12.500;13.000;13.000"),
        append_lines(PK, f"3.2;4;{AKIP};{PESERTA};{target}"),
        append_lines("2024/capaian_kinerja_tahunan.csv", f"3.2;Tabel 3.20;{PESERTA};2024;{target};{realisasi}"))


def save_as(rel: str, transform):
    def mutate(root: Path) -> None:
        path = root / "data" / "raw" / rel
        path.write_bytes(transform(path.read_bytes().decode("utf-8")))
    return mutate


CAP = "2024/capaian_kinerja_tahunan.csv"
COMMA_GROUPING = ("koma di antara kelompok tiga angka tidak dipakai dalam notasi Indonesia: bisa ribuan dari "
                  "ekspor berbahasa Inggris atau tanda desimal, padahal angka ini bilangan bulat; bila yang "
                  "dimaksud ribuan, ganti komanya dengan titik, atau nyatakan 'notasi: en' untuk berkas ini di "
                  "data/raw/manifest.yml")
TARGET_POSITIVE = ("target harus lebih besar dari 0: capaian dihitung dengan membagi oleh target; periksa target "
                   "di Perjanjian Kinerja")

TOTAL_CONTRADICTS = ("Angkatan Kerja yang diketik (77.000) tidak sama dengan Bekerja (baris 3) 74.085 + Penganggur "
                     "(baris 4) 3.791 = 77.876; sel ini dihitung otomatis: kosongkan, atau perbaiki angka yang salah")

GREY_TOTAL = ("data/raw/2024/pencari_kerja.csv baris 3, kolom 'Jumlah': SLTP Jumlah tertulis 6 ≠ jumlah 2 sel "
              "(SLTP, L + P) = 5; total ini dihitung otomatis: kosongkan selnya, atau perbaiki angka yang salah")
SCHOOL_TYPO = all_of(*(set_cell(BPS, row, "Tahun 2024", "") for row in (5, 9, 10, 11)),
                     set_cell(BPS, 6, "Tahun 2024", "90.150"))
TPAK_JUMP = ("data/raw/2024/bps_ketenagakerjaan_wilayah.csv: TPAK 2024 40,65 setelah 71,86 pada 2023: berubah "
             "-31,20 poin; nilai -31,20 poin di luar batas wajar (-15,00 poin s.d. 15,00 poin). Bila angka ini "
             "memang benar, konfirmasi dengan alasan di data/raw/2024/narasi.yml — konfirmasi: [{kunci: "
             "\"perubahan_tingkat_tahunan:tpak\", alasan: \"...\"}]; bila salah ketik, perbaiki data mentahnya.")
# Bekerja and Penganggur typed 0, the grey totals left blank: Angkatan Kerja sums to 0.
NO_WORKFORCE = all_of(set_cell(BPS, 3, "Tahun 2024", "0"), set_cell(BPS, 4, "Tahun 2024", "0"),
                      set_cell(BPS, 2, "Tahun 2024", ""), set_cell(BPS, 9, "Tahun 2024", ""))

CASES += [
    # 1. A count is a whole number; ',' between groups of three is refused unless declared.
    Case("count_realisasi_english_grouping", count_indicator("12.000", "13,482"),
         cell(CAP, 11, "Realisasi", "13,482"), extra=[COMMA_GROUPING]),
    Case("count_realisasi_english_grouping_check_inputs", count_indicator("12.000", "13,482"),
         cell(CAP, 11, "Realisasi", "13,482"), command="check-inputs", extra=[COMMA_GROUPING]),
    Case("count_target_decimal", count_indicator("12.000,5", "13.482"), cell(PK, 5, "Target", "12.000,5"),
         extra=["target harus berupa angka dalam notasi Indonesia (mis. 93,75): bukan bilangan bulat "
                "(contoh: 1.234 atau 1234)"]),
    Case("bps_count_english_grouping", set_cell(BPS, 3, "Tahun 2024", "74,085"),
         cell(BPS, 3, "Tahun 2024", "74,085"), extra=[COMMA_GROUPING]),
    Case("bps_count_both_groupings", set_cell(BPS, 3, "Tahun 2024", "74.085,000.5"),
         cell(BPS, 3, "Tahun 2024", "74.085,000.5"), extra=["bukan bilangan bulat (contoh: 1.234 atau 1234)"]),
    Case("manifest_unknown_notation",
         replace_text("manifest.yml", "  common/iku.csv:\n", "  common/iku.csv:\n    notasi: inggris\n"),
         ["data/raw/manifest.yml", "kolom 'common/iku.csv: notasi'", "nilai 'inggris'"],
         extra=["notasi angka tidak dikenal; yang diharapkan: id, en, campuran"]),
    # 3. Every refusal names what to fix (these were 'Kesalahan tak terduga' or English).
    Case("pk_target_zero", set_cell(PK, 2, "Target", "0%"), cell(PK, 2, "Target", "0%"), extra=[TARGET_POSITIVE]),
    Case("pk_target_zero_check_inputs", set_cell(PK, 2, "Target", "0%"), cell(PK, 2, "Target", "0%"),
         command="check-inputs", extra=[TARGET_POSITIVE]),
    Case("pk_target_negative", set_cell(PK, 3, "Target", "-3,25%"), cell(PK, 3, "Target", "-3,25%"),
         extra=[TARGET_POSITIVE]),
    Case("bps_angkatan_kerja_zero", NO_WORKFORCE, cell(BPS, 3, "Tahun 2024", "0"),
         extra=["Angkatan Kerja tidak boleh 0: tingkat pengangguran dihitung dengan membagi olehnya; periksa "
                "angka tahun ini di tabel BPS"]),
    Case("bps_angkatan_kerja_zero_check_inputs", NO_WORKFORCE, cell(BPS, 3, "Tahun 2024", "0"),
         command="check-inputs"),
    Case("narasi_date_not_on_calendar",
         replace_text("2024/narasi.yml", "sasaran:\n", "tanggal: 2024-02-30\nsasaran:\n"),
         ["data/raw/2024/narasi.yml", "baris 4", "nilai '2024-02-30'"], command="check-inputs",
         extra=["tanggal ini tidak ada di kalender; tulis tanggal yang benar (TTTT-BB-HH, mis. 2024-02-29) atau "
                "apit dengan tanda kutip bila maksudnya teks"]),
    Case("utf16_saved", save_as(PK, lambda t: t.encode("utf-16")), ["data/raw/" + PK],
         extra=["berkas disimpan sebagai UTF-16 ('Teks Unicode'), bukan UTF-8; simpan ulang sebagai 'CSV UTF-8' "
                "(atau YAML dalam UTF-8)"]),
    Case("bps_typed_total_contradicts", set_cell(BPS, 2, "Tahun 2024", "77.000"), cell(BPS, 2, "Tahun 2024", "77.000"),
         extra=[TOTAL_CONTRADICTS]),
    Case("bps_typed_total_contradicts_check_inputs", set_cell(BPS, 2, "Tahun 2024", "77.000"),
         cell(BPS, 2, "Tahun 2024", "77.000"), command="check-inputs", extra=[TOTAL_CONTRADICTS]),
    Case("register_typo_not_blamed_on_the_series", set_cell(REG, 7, "tenaga_kerja", "4"),
         ["data/raw/2024/ikm_perkembangan.csv", "kolom '2024'", "data/raw/2024/ikm_register.csv"],
         command="check-inputs",
         extra=["tenaga kerja (orang): tertulis 7.563, tetapi register IKM yang dibersihkan "
                "(data/raw/2024/ikm_register.csv) memberi 7.564. Bila angka tertulis itu benar, yang salah ketik ada "
                "di register: periksa sel tenaga kerja (orang) register (nilai yang terlalu besar atau terlalu "
                "kecil); bila register benar, kosongkan sel ini (nilainya dihitung dari register)"]),
    Case("batas_bound_in_words", set_cell("common/batas_kewajaran.csv", 2, "batas_atas", "tiga ratus"),
         cell("common/batas_kewajaran.csv", 2, "batas_atas", "tiga ratus"),
         extra=["batas harus angka dalam notasi Indonesia (mis. 300 atau -50), atau '-' bila tanpa batas"]),
    Case("bps_other_region", replace_text(BPS, "Wilayah;Kota Payakumbuh;Kota Payakumbuh", "Wilayah;Kota Padang;Kota Padang"),
         ["data/raw/" + BPS, "kolom 'Uraian'", "nilai 'Kota Padang'"],
         extra=["berkas ini menyebut wilayah 'Kota Padang', padahal profil_instansi.yml menyatakan wilayah.nama_bps "
                "'Kota Payakumbuh'; periksa apakah berkasnya tertukar"]),
    Case("grey_total_typed_wrong", set_cell("2024/pencari_kerja.csv", 3, "Jumlah", "6"), [], extra=[GREY_TOTAL]),
    Case("grey_total_typed_wrong_check_inputs", set_cell("2024/pencari_kerja.csv", 3, "Jumlah", "6"), [],
         command="check-inputs", extra=[GREY_TOTAL]),
    Case("narasi_unknown_top_key", replace_text("2024/narasi.yml", "sasaran:\n", "catatan_lain: x\nsasaran:\n"),
         ["data/raw/2024/narasi.yml", "kolom 'tingkat teratas berkas'", "nilai 'catatan_lain'"], command="check-inputs",
         extra=["kunci tidak dikenal di bawah 'tingkat teratas berkas'; yang diharapkan: sasaran, permasalahan, "
                "tindak_lanjut, prestasi, kata_pengantar, tanggal_dokumen, konfirmasi"]),
    # 2. Sekolah typed 90.150 for 9.015, the grey cells left blank (the workbook's way): TPAK falls from
    # 71,86 to 77.876 / (77.876 + 90.150 + 17.935 + 5.594) = 40,65, a change of -31,20 points.
    Case("implausible_jump_from_last_year", SCHOOL_TYPO, [], extra=[TPAK_JUMP]),
    Case("implausible_jump_from_last_year_check_inputs", SCHOOL_TYPO, [], command="check-inputs", extra=[TPAK_JUMP]),
    Case("old_mac_line_endings", save_as(PK, lambda t: t.replace("\n", "\r").encode("utf-8")), ["data/raw/" + PK],
         extra=["baris-baris berkas dipisah dengan tanda CR saja (format Mac lama), sehingga seluruh berkas "
                "terbaca sebagai satu baris; simpan ulang sebagai 'CSV UTF-8' (Windows atau Mac modern)"]),
]


def _run_in_process(args: list[str], capsys) -> tuple[int, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, project: Path, capsys):
    case.mutate(project)
    if case.update_manifest:
        manifest.update_hashes(Paths(project))
    raw_before = {k: v for k, v in tree_hashes(project / "data" / "raw").items()}
    reports_before = tree_hashes(project / "reports")
    processed_before = tree_hashes(project / "data" / "processed")

    args = ["run", "--year", YEAR, "--quiet"] if case.command == "run" else ["check-inputs", "--year", YEAR]
    code, output = _run_in_process(args, capsys)

    assert code == case.exit_code, output
    for fragment in case.where + case.extra:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    message = output.split("\n", 1)[1]  # after "Folder proyek: <root>", which names the root on purpose
    assert message_problems(message) == [], message
    assert str(project) not in message
    assert tree_hashes(project / "reports") == reports_before
    assert tree_hashes(project / "data" / "processed") == processed_before
    assert tree_hashes(project / "data" / "raw") == raw_before


def test_catalogue_is_large_enough():
    assert len(CASES) > 60 and len({c.id for c in CASES}) == len(CASES)


# -- as an analyst runs it: the console script in a subprocess ---------------------------------
def test_subprocess_ambiguous_target_and_nothing_left_behind(project):
    set_cell(PK, 2, "Target", "93.750%")(project)
    manifest.update_hashes(Paths(project))
    before = tree_hashes(project / "reports"), tree_hashes(project / "data" / "processed")
    done = run_lkjip(project, "run", "--year", YEAR)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "baris 2, kolom 'Target', nilai '93.750%'" in done.stderr
    assert "Traceback" not in done.stderr
    assert (tree_hashes(project / "reports"), tree_hashes(project / "data" / "processed")) == before


@pytest.mark.parametrize("args", [["run", "--year", "2031"], ["check-inputs", "--year", "2031"]])
def test_non_existent_year_leaves_nothing(project, args, capsys):
    reports = tree_hashes(project / "reports")
    code, output = _run_in_process(args, capsys)
    assert code == 2, output
    assert "2031" in output
    assert tree_hashes(project / "reports") == reports
    assert not (project / "reports" / ".staging").exists()
    assert not (project / "data" / "raw" / "2031").exists()


def test_non_existent_root_leaves_nothing(tmp_path):
    missing = tmp_path / "tidak-ada"
    env_root = tmp_path / "kerja"
    env_root.mkdir()
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", "--year", YEAR], cwd=env_root,
                          env=dict(os.environ, LKJIP_ROOT=str(missing)), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert not missing.exists()
    assert list(env_root.iterdir()) == []


# -- the few cases that need the pipeline's steps (papermill) -----------------------------------
@pytest.mark.slow
def test_deleted_gate_suites_stop_the_run_and_publish_nothing(project):
    """Deleting expectations/ketenagakerjaan*.json once removed the gate silently."""
    for path in (project / "expectations").glob("ketenagakerjaan*.json"):
        path.unlink()
    before = tree_hashes(project / "reports"), tree_hashes(project / "data" / "processed")
    done = run_lkjip(project, "run", "--year", YEAR, "--quiet")
    assert done.returncode == 3, done.stdout + done.stderr
    assert "expectations/ketenagakerjaan.json: suite wajib ini tidak ada" in done.stderr
    assert "expectations/ketenagakerjaan_identitas.json: suite wajib ini tidak ada" in done.stderr
    assert "validasi data" in done.stderr or "Gerbang validasi" in done.stderr
    assert str(project) not in done.stderr.split("\n", 1)[-1]
    # refused before the cleaning starts (pipeline.run.preflight): not even a log is written
    assert (tree_hashes(project / "reports"), tree_hashes(project / "data" / "processed")) == before
    assert not (project / "reports" / ".logs").exists()


# -- the analyst's workbook (issue 19: 4, 5, 7) -------------------------------------------------
# A careless or hostile workbook, an interrupted command: each refused with one exact message,
# nothing half-written. The year 2025 is set up with `new-year` in the project copy.
NEW = "2025"
BOOK = f"data/raw/{NEW}/isian-{NEW}.xlsx"


@pytest.fixture(scope="module")
def template_2025(template, tmp_path_factory) -> Path:
    """The template after `lkjip new-year 2025`, done once: it cleans the 2024 register to
    prefill the IKM series and writes the whole workbook (most of a workbook case's time)."""
    with pytest.MonkeyPatch.context() as mp:
        root = _copy_as_project(template, tmp_path_factory.mktemp("template_2025") / "proyek", mp)
        assert cli.main(["new-year", NEW]) == 0
    return root


@pytest.fixture
def project_2025(template_2025, tmp_path, monkeypatch) -> Path:
    """A project just after `new-year 2025`."""
    return _copy_as_project(template_2025, tmp_path / "proyek", monkeypatch)


def _edit_book(book: Path, edit) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(book)
    edit(wb)
    wb.save(book)


def _lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines()]


def test_workbook_message_names_sheet_and_cell_at_impor_and_check_inputs(project_2025, capsys):
    book = project_2025 / BOOK
    # perjanjian_kinerja.csv row 2 (1.1's target) is sheet row 6 (header on row 5), column E.
    _edit_book(book, lambda wb: wb["perjanjian_kinerja"].__setitem__("E6", "93.750%"))
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 0, output
    where = (f"data/raw/{NEW}/perjanjian_kinerja.csv, baris 2, kolom 'Target' (lembar perjanjian_kinerja, "
             f"sel E6), nilai '93.750%': target harus berupa angka dalam notasi Indonesia (mis. 93,75)")
    assert f"Workbook yang dibaca: {BOOK}" in output
    assert any(line.startswith(f"- {where}") for line in _lines(output)), output
    assert "sel workbook perlu diperbaiki" in output
    code, output = _run_in_process(["check-inputs", "--year", NEW], capsys)
    assert code == 2 and any(line.startswith(f"- {where}") for line in _lines(output)), output
    # A row only named (no column): the sheet row. Capaian's 3.1 realisasi, CSV row 10 = sheet row 14.
    assert (f"data/raw/{NEW}/capaian_kinerja_tahunan.csv, baris 10, kolom 'Realisasi' (lembar "
            f"capaian_kinerja_tahunan, sel F14), nilai '(kosong)'") in output
    # Edited by hand after impor: the mapping no longer holds, the CSV row alone is named.
    path = project_2025 / "data" / "raw" / NEW / "perjanjian_kinerja.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    manifest.update_hashes(Paths(project_2025))
    code, output = _run_in_process(["check-inputs", "--year", NEW], capsys)
    assert f"data/raw/{NEW}/perjanjian_kinerja.csv, baris 2, kolom 'Target', nilai '93.750%'" in output


KILL_AT = """
import os, signal, sys
real = os.fsync
def fsync(fd):
    if os.readlink(f"/proc/self/fd/{fd}").endswith(%r):
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9 in the middle of writing that file
    return real(fd)
os.fsync = fsync
from pipeline.run import cli
sys.exit(cli.main(%r))
"""


def _killed(project: Path, ending: str, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", KILL_AT % (ending, args)], cwd=project,
                          env=dict(os.environ, LKJIP_ROOT=str(project)), capture_output=True, text=True,
                          timeout=300)


def test_impor_killed_mid_write_leaves_the_old_file_and_the_next_impor_works(project_2025, capsys):
    book = project_2025 / BOOK
    register = project_2025 / "data" / "raw" / NEW / "ikm_register.csv"
    before = register.read_bytes()
    row = ["1", "IKM-1", "Usaha", "Pemilik", "Jl. A", "Kelurahan", "Payakumbuh", "10792", "Makanan", "",
           "3", "1.000.000", "5.000.000", "Aktif", "", "SINTETIS"]
    _edit_book(book, lambda wb: [wb["ikm_register"].cell(6, j + 1, v) for j, v in enumerate(row)])
    done = _killed(project_2025, ".ikm_register.csv.tmp", ["impor", "--year", NEW])
    assert done.returncode == -9, done.stdout + done.stderr
    assert register.read_bytes() == before  # the old file, whole (it was 0 bytes before the fix)
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 0, output
    assert "ikm_register: ditulis (14 sel terisi)" in output
    assert register.read_text(encoding="utf-8").splitlines()[1].startswith("1;IKM-1;Usaha;")


def test_new_year_killed_before_its_manifest_is_completed_by_the_next(project, capsys):
    done = _killed(project, ".manifest.yml.tmp", ["new-year", NEW])
    assert done.returncode == -9, done.stdout + done.stderr
    created = sorted(p.name for p in (project / "data" / "raw" / NEW).iterdir() if not manifest.ignored(p.name))
    assert created and not any(f"{NEW}/{name}" in manifest.load(Paths(project)) for name in created)
    code, output = _run_in_process(["new-year", NEW], capsys)
    assert code == 0, output
    listed = manifest.load(Paths(project))
    assert [name for name in created if f"{NEW}/{name}" not in listed] == []
    assert (project / BOOK).is_file()
    code, output = _run_in_process(["manifest"], capsys)
    assert code == 0 and "data/raw/manifest.yml cocok dengan setiap berkas mentah." in output, output


def test_manifest_update_refuses_an_entry_outside_data_raw(project, capsys):
    path = project / "data" / "raw" / "manifest.yml"
    path.write_text(path.read_text(encoding="utf-8") + "  ../../pyproject.toml:\n    source: x\n",
                    encoding="utf-8")
    before = path.read_bytes()
    code, output = _run_in_process(["manifest", "--update"], capsys)
    assert code == 2, output
    assert ("data/raw/manifest.yml, kolom '../../pyproject.toml': entri ini menunjuk ke luar data/raw/; "
            "setiap entri manifest adalah jalur di dalam data/raw/ (mis. 2025/rkt.csv); tidak ada checksum "
            "yang ditulis") in output
    assert path.read_bytes() == before


def test_workbook_under_another_name_is_read_and_said(project_2025, capsys):
    book = project_2025 / BOOK
    book.rename(book.with_name("isian 2025 (revisi).xlsx"))
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 0, output
    assert (f"Workbook yang dibaca: data/raw/{NEW}/isian 2025 (revisi).xlsx (nama berbeda dari "
            f"isian-{NEW}.xlsx; hanya workbook ini yang ada)") in output


@pytest.mark.parametrize("second", ["isian-2025.ods", "isian-2025 (1).xlsx"])
def test_two_workbooks_are_refused_not_guessed(project_2025, capsys, second):
    book = project_2025 / BOOK
    shutil.copy(book, book.with_name(second))
    raw = tree_hashes(project_2025 / "data" / "raw")
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    names = ", ".join(f"'{n}'" for n in sorted(["isian-2025.xlsx", second]))
    assert (f"data/raw/{NEW}/ berisi 2 workbook ({names}); `lkjip impor` tidak menebak mana yang berlaku: "
            f"sisakan satu (sebaiknya data/raw/{NEW}/isian-{NEW}.xlsx), pindahkan yang lain ke luar "
            f"data/raw/, lalu ulangi. Tidak ada yang ditulis.") in output
    assert tree_hashes(project_2025 / "data" / "raw") == raw


def test_workbook_saved_as_ods_is_refused_by_name(project_2025, capsys):
    book = project_2025 / BOOK
    book.rename(book.with_suffix(".ods"))
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    assert (f"data/raw/{NEW}/isian-{NEW}.ods: workbook disimpan dalam format .ods, yang tidak dibaca "
            f"`lkjip impor`; simpan ulang sebagai Buku Kerja Excel (.xlsx) dengan nama "
            f"data/raw/{NEW}/isian-{NEW}.xlsx, pindahkan berkas .ods-nya ke luar data/raw/, lalu ulangi. "
            f"Tidak ada yang ditulis.") in output


@pytest.mark.parametrize("command", ["run", "check-inputs"])
def test_workbook_newer_than_the_last_impor_stops_run_and_check_inputs(project_2025, capsys, command):
    book = project_2025 / BOOK
    _edit_book(book, lambda wb: wb["rkt"].__setitem__("C6", "94%"))
    reports = tree_hashes(project_2025 / "reports")
    code, output = _run_in_process([command, "--year", NEW], capsys)
    assert code == 2, output
    assert (f"{BOOK}: workbook berubah setelah `lkjip impor` terakhir, jadi isinya belum masuk ke berkas CSV; "
            f"jalankan `lkjip impor --year {NEW}` dulu (laporan tidak dibuat dari angka lama)") in output
    assert tree_hashes(project_2025 / "reports") == reports
    assert _run_in_process(["impor", "--year", NEW], capsys)[0] == 0
    code, output = _run_in_process(["check-inputs", "--year", NEW], capsys)
    assert "workbook berubah" not in output


def test_renamed_sheet_is_named_and_nothing_written(project_2025, capsys):
    book = project_2025 / BOOK
    _edit_book(book, lambda wb: setattr(wb["rkt"], "title", "RKT 2025"))
    raw = tree_hashes(project_2025 / "data" / "raw")
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    assert (f"{BOOK}: lembar 'rkt' (isi data/raw/{NEW}/rkt.csv) tidak ada; lembar yang tidak dikenal: "
            f"'RKT 2025'; kembalikan nama lembarnya. Tidak ada yang ditulis.") in output
    assert tree_hashes(project_2025 / "data" / "raw") == raw


def test_one_cell_at_the_last_row_is_refused_before_reading(project_2025, capsys):
    book = project_2025 / BOOK
    _edit_book(book, lambda wb: wb["perjanjian_kinerja"].__setitem__("H1048576", "x"))
    raw = tree_hashes(project_2025 / "data" / "raw")
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    assert (f"{BOOK}, lembar 'perjanjian_kinerja': sel terpakai sampai H1048576 (1.048.576 baris, 8 kolom), "
            f"melebihi batas lembar ini (1.005 baris, 40 kolom); hapus isi dan format sel di luar tabel "
            f"(Ctrl+End menunjukkan sel terakhir yang terpakai), simpan, lalu ulangi. "
            f"Tidak ada yang ditulis.") in output
    assert tree_hashes(project_2025 / "data" / "raw") == raw


def test_zip_bomb_is_refused_from_its_declared_sizes(project_2025, capsys):
    import zipfile

    book = project_2025 / BOOK
    bomb = book.with_name("bom.xlsx")
    # the fastest deflate level: a third of the time of the default one for the same zeros
    with zipfile.ZipFile(book) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        with out.open("xl/media/padding.bin", "w", force_zip64=True) as handle:
            chunk = b"\0" * (1 << 24)
            for _ in range(32):  # 537 MB inflated, about 2,3 MB on disk
                handle.write(chunk)
    bomb.replace(book)
    raw = tree_hashes(project_2025 / "data" / "raw")
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    # The limit: 16 MB + per sheet (max_rows + 5) rows × (40 columns × 64 bytes + 1.000 characters),
    # about 0,3 GB for the registry's sheets (it grows with every declared file).
    limit = re.search(rf"{re.escape(BOOK)}: isi workbook setelah dibuka berukuran 537 MB, melebihi batas (\d+) MB "
                      r"untuk lembar-lembar isian \(berkas rusak atau bukan isian\)\. Tidak ada yang ditulis\.", output)
    assert limit and 250 < int(limit.group(1)) < 400, output
    assert tree_hashes(project_2025 / "data" / "raw") == raw


# -- fewer cells, typed once (issue 19 point 8): units, the optional BAK breakdown, the AKIP row --
NAS = "2024/bps_ketenagakerjaan_nasional.csv"
PROGRAM = "2024/indikator_program.csv"
IN_MILLIONS = replace_text(NAS, "Wilayah;Indonesia", "Satuan;juta orang\nWilayah;Indonesia")

FEWER_CELLS_CASES = [
    Case("bps_unknown_unit", replace_text(NAS, "Wilayah;Indonesia", "Satuan;juta jiwa\nWilayah;Indonesia"),
         cell(NAS, 12, "Tahun 2024", "juta jiwa"),
         extra=["satuan tidak dikenal; yang diharapkan: orang, ribu orang, juta orang (kosong = orang)"]),
    Case("bps_millions_finer_than_one_person",
         lambda root: (IN_MILLIONS(root), set_cell(NAS, 3, "Tahun 2024", "144,6420041")(root)),
         cell(NAS, 3, "Tahun 2024", "144,6420041"),
         extra=["terlalu banyak desimal untuk satuan ini (lebih halus dari satu orang)"]),
    Case("bps_millions_percent",
         lambda root: (IN_MILLIONS(root), set_cell(NAS, 4, "Tahun 2024", "7,47%")(root)),
         cell(NAS, 4, "Tahun 2024", "7,47%"),
         extra=["kolom ini berisi jumlah penduduk (dalam satuan baris Satuan): tanpa '%' atau 'Rp'"]),
    Case("bps_bak_blank_without_breakdown",
         lambda root: (set_cell(BPS, 5, "Tahun 2024", "")(root), set_cell(BPS, 6, "Tahun 2024", "")(root),
                       set_cell(BPS, 9, "Tahun 2024", "")(root)),
         cell(BPS, 5, "Tahun 2024", "(kosong)"),
         extra=["Bukan Angkatan Kerja wajib diisi bila rinciannya (Sekolah, Mengurus Rumah Tangga, Lainnya) "
                "tidak lengkap, kecuali Penduduk Usia Kerja diisi"]),
    Case("akip_program_row_differs", set_cell(PROGRAM, 30, "Realisasi Kinerja", "BB"),
         cell(PROGRAM, 30, "Realisasi Kinerja", "BB"),
         extra=["baris ini menyatakan ulang indikator 3.1: nilainya diambil dari capaian_kinerja_tahunan.csv "
                "(kolom 'Realisasi': 'A'); kosongkan sel ini atau samakan"]),
    Case("akip_program_row_unknown_iku", set_cell(PROGRAM, 30, "indikator_id", "3.9"),
         cell(PROGRAM, 30, "indikator_id", "3.9"),
         extra=["indikator_id ini tidak ada di perjanjian_kinerja.csv tahun yang sama"], command="check-inputs"),
]


@pytest.mark.parametrize("case", FEWER_CELLS_CASES, ids=[c.id for c in FEWER_CELLS_CASES])
def test_bad_input_fewer_cells(case: Case, project: Path, capsys):
    test_bad_input(case, project, capsys)


def test_breakdown_left_blank_is_accepted(project, capsys):
    """Sekolah / Mengurus Rumah Tangga / Lainnya blank: Bukan Angkatan Kerja stands alone."""
    for row in (6, 7, 8):
        set_cell(BPS, row, "Tahun 2024", "")(project)
    manifest.update_hashes(Paths(project))
    code, output = _run_in_process(["check-inputs", "--year", YEAR], capsys)
    assert code == 0, output


# -- impor refuses what it cannot read, by name (issue 19 point 3) -----------------------------
# Each refusal names what to fix; none reaches "Kesalahan tak terduga"; data/raw stays as it was.
def _impor_refused(project: Path, capsys) -> str:
    raw = tree_hashes(project / "data" / "raw")
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 2, output
    assert "Kesalahan tak terduga" not in output and "Traceback" not in output, output
    assert message_problems(output.split("\n", 1)[1]) == [], output
    assert tree_hashes(project / "data" / "raw") == raw
    return output


def test_unknown_narrative_key_is_refused_naming_its_cell(project_2025, capsys):
    book = project_2025 / BOOK

    def edit(wb):
        ws = wb["Narasi"]
        ws["A7"], ws["B7"] = "sasaran.1.fakor_pendukung", "Adanya pasar kerja online"  # a typo
        ws["A9"], ws["B9"] = None, "teks tanpa bagian"
        ws["A10"], ws["B10"] = "sasaran.1.analisis.tambahan", "x"  # once a TypeError
        ws["A11"], ws["B11"] = "sasaran.2.analisis_tabel", "Pelatihan"  # not laid out, but narasi.yml knows it
    _edit_book(book, edit)
    output = _impor_refused(project_2025, capsys)
    # Rows 6-8 are sasaran.1.faktor_pendukung, 9-11 faktor_penghambat (header on row 5).
    assert (f"{BOOK}, lembar 'Narasi': 3 baris dengan 'bagian' yang tidak dikenal, jadi isinya tidak dapat "
            f"dimasukkan ke data/raw/{NEW}/narasi.yml; tulis di kolom 'bagian' salah satu bagian yang dikenal, "
            f"simpan, lalu ulangi. Tidak ada yang ditulis.\n"
            f"  - sel A7, nilai 'sasaran.1.fakor_pendukung' (mungkin yang dimaksud 'sasaran.1.faktor_pendukung')\n"
            f"  - sel A9, nilai '(kosong)': sel B9 berisi teks tanpa bagian\n"
            f"  - sel A10, nilai 'sasaran.1.analisis.tambahan' (mungkin yang dimaksud 'sasaran.1.analisis_tabel')\n"
            f"Bagian yang dikenal: sasaran.1.faktor_pendukung, sasaran.1.faktor_penghambat, sasaran.1.solusi, "
            f"sasaran.1.analisis, sasaran.2.faktor_pendukung,") in output
    known = output.split("Bagian yang dikenal: ", 1)[1].splitlines()[0].split(", ")
    assert len(known) == 31 and known[-1] == "sasaran.3.analisis_tabel" and "publikasi.tanggal" in known


def _zip_rewritten(book: Path, change) -> None:
    """The workbook's zip parts written again, ``change(name, data)`` -> data or None (left out)."""
    import zipfile

    with zipfile.ZipFile(book) as source:
        parts = [(info, source.read(info.filename)) for info in source.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            data = change(info.filename, data)
            if data is not None:
                out.writestr(info, data)


def _sheet_part(book: Path, sheet: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(book, read_only=True)
    try:
        return f"xl/worksheets/sheet{wb.sheetnames.index(sheet) + 1}.xml"  # openpyxl numbers parts in order
    finally:
        wb.close()


def _cut_sheet(book: Path) -> None:
    part = _sheet_part(book, "rkt")
    _zip_rewritten(book, lambda name, data: data[:len(data) // 2] if name == part else data)


OPEN_TAIL = ("), jadi isi yang terakhir diketik mungkin belum tersimpan; simpan dan tutup workbook-nya, lalu "
             "ulangi. Bila {app} sudah ditutup (mis. setelah komputer mati mendadak), hapus berkas kunci itu. "
             "Tidak ada yang ditulis.")
SAVE_AGAIN = "buka di Excel dan simpan sebagai Buku Kerja Excel (.xlsx), lalu ulangi. Tidak ada yang ditulis."
STUCK_IMPOR = {
    "excel_lock_file": (
        lambda book: book.with_name(f"~${book.name}").write_bytes(b"\x0bPengguna" + b"\0" * 154),
        f"{BOOK} sedang terbuka di Excel (ada berkas kunci data/raw/{NEW}/~$isian-{NEW}.xlsx"
        + OPEN_TAIL.format(app="Excel")),
    "libreoffice_lock_file": (
        lambda book: book.with_name(f".~lock.{book.name}#").write_text("Pengguna,host,...\n", encoding="utf-8"),
        f"{BOOK} sedang terbuka di LibreOffice (ada berkas kunci data/raw/{NEW}/.~lock.isian-{NEW}.xlsx#"
        + OPEN_TAIL.format(app="LibreOffice")),
    "zero_bytes": (
        lambda book: book.write_bytes(b""),
        f"{BOOK} kosong (0 byte), mis. karena penyimpanan terputus atau disk penuh; simpan ulang workbook dari "
        f"Excel (atau kembalikan salinannya), lalu ulangi. Tidak ada yang ditulis."),
    "truncated_zip": (
        lambda book: book.write_bytes(book.read_bytes()[:4000]),
        f"{BOOK} tidak utuh (berkasnya terpotong), mis. karena penyalinan atau penyimpanan belum selesai; tunggu "
        f"sampai selesai atau simpan ulang dari Excel, lalu ulangi. Tidak ada yang ditulis."),
    "password_protected": (  # Excel encrypts a protected .xlsx into an OLE2 container
        lambda book: book.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504),
        f"{BOOK} dilindungi kata sandi atau berformat Excel 97-2003 walau bernama .xlsx; buka di Excel, hapus "
        f"kata sandinya (Lindungi Buku Kerja > Enkripsi dengan Kata Sandi) dan simpan sebagai Buku Kerja Excel (.xlsx), lalu "
        f"ulangi. Tidak ada yang ditulis."),
    "csv_renamed_xlsx": (
        lambda book: book.write_text("Tahun;Target\n2025;93,75\n", encoding="utf-8"),
        f"{BOOK} bukan workbook Excel walau bernama .xlsx (mis. CSV atau halaman web yang diganti namanya); "
        + SAVE_AGAIN),
    "zip_without_workbook": (
        lambda book: _zip_rewritten(book, lambda name, data: None if name == "xl/workbook.xml" else data),
        f"{BOOK}: bagian dalam workbook rusak atau tidak dikenal, sehingga tidak dapat dibaca sebagai workbook "
        f"Excel; buka di Excel dan simpan ulang sebagai Buku Kerja Excel (.xlsx), lalu ulangi. "
        f"Tidak ada yang ditulis."),
    "sheet_cut_short": (  # once "Kesalahan tak terduga (ParseError)"
        _cut_sheet,
        f"{BOOK}, lembar 'rkt': isi lembar ini rusak atau terpotong, sehingga tidak dapat dibaca; buka workbook "
        f"di Excel dan simpan ulang sebagai Buku Kerja Excel (.xlsx), lalu ulangi. Tidak ada yang ditulis."),
    "state_half_written": (  # read as empty, it let impor overwrite CSV files edited by hand
        lambda book: (book.parent / ".isian.json").write_text('{\n "anggaran_pk.csv": "ab', encoding="utf-8"),
        f"data/raw/{NEW}/.isian.json rusak (tidak lengkap atau bukan catatan checksum), mis. karena disk penuh "
        f"atau penyalinan terputus; hapus berkas itu, periksa berkas CSV data/raw/{NEW}/ yang Anda ubah langsung "
        f"(tanpa catatan ini `lkjip impor` tidak tahu mana yang diubah), lalu jalankan `lkjip impor --year {NEW}` "
        f"lagi. Tidak ada yang ditulis."),
}


@pytest.mark.parametrize("case", sorted(STUCK_IMPOR))
def test_impor_refuses_a_workbook_it_cannot_read_by_name(project_2025, capsys, case):
    damage, message = STUCK_IMPOR[case]
    damage(project_2025 / BOOK)
    output = _impor_refused(project_2025, capsys)
    assert message in output, output


def test_state_file_that_is_a_folder_stops_check_inputs_too(project_2025, capsys):
    book = project_2025 / BOOK
    state = book.parent / ".isian.json"
    state.unlink()
    state.mkdir()  # once "Kesalahan tak terduga (IsADirectoryError)" after CSV files were written
    _impor_refused(project_2025, capsys)
    code, output = _run_in_process(["check-inputs", "--year", NEW], capsys)
    assert code == 2 and f"data/raw/{NEW}/.isian.json rusak" in output, output
    state.rmdir()  # as the message says: remove it and impor again
    code, output = _run_in_process(["impor", "--year", NEW], capsys)
    assert code == 0, output
