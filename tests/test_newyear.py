"""`lkjip new-year`: pre-filled templates from the shipped 2024 inputs, never overwriting."""

from __future__ import annotations

import shutil

import pytest
import yaml

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs.rawio import published_table_of
from pipeline.run import cli
from pipeline.years import manifest
from pipeline.years.newyear import adapt_source, new_year, read_rows
from tests.conftest import use_project


@pytest.fixture
def project(raw_copy):
    return raw_copy


@pytest.fixture(scope="module")
def after_new_year(tmp_path_factory) -> Paths:
    """The shipped data with `new-year 2025` done once, for the tests that only read what it wrote."""
    root = tmp_path_factory.mktemp("new_year")
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    with pytest.MonkeyPatch.context() as patch:
        paths = use_project(patch, root)
        result = new_year(paths, 2025)
    assert result.template == 2024 and not result.skipped
    return paths


def rows(paths, name, year=2025):
    return read_rows(paths.raw_year(year) / name)


def test_prefilled_values(after_new_year, monkeypatch):
    project = use_project(monkeypatch, after_new_year.root)
    # Renstra 2025 targets (Tabel 2.3: 93,77 / 3,30 / A) in the PK's notation
    assert [r[4] for r in rows(project, "perjanjian_kinerja.csv")[1:]] == ["93,77%", "3,30%", "A"]
    # history 2023-2024 kept as published, 2025 rows with target and blank realisasi
    cap = rows(project, "capaian_kinerja_tahunan.csv")[1:]
    assert sorted({r[3] for r in cap}) == ["2023", "2024", "2025"]
    assert [r[4:] for r in cap if r[3] == "2025"] == [["93,77%", ""], ["3,30%", ""], ["A", ""]]
    assert ["1.1", "Tabel 3.4", "Persentase penyerapan tenaga kerja", "2024", "93,75%", "95,13%"] in cap
    # BPS: every earlier year column carried forward (history recomputes), 2025 blank; the region stays
    bps = rows(project, "bps_ketenagakerjaan_wilayah.csv")
    assert bps[0] == ["Uraian", "Tahun 2023", "Tahun 2024", "Tahun 2025"]
    assert bps[1] == ["Angkatan Kerja", "77.907", "77.876", ""]
    assert bps[-1] == ["Wilayah", "Kota Payakumbuh", "Kota Payakumbuh", "Kota Payakumbuh"]
    # IKM series: 2024 = cleaned register aggregate (production 301.636.853,935 thousand), 2025 blank
    ikm = rows(project, "ikm_perkembangan.csv")
    assert ikm[0][-2:] == ["2024", "2025"]
    assert ikm[-1][-2:] == ["301.636.853,935", ""] and ikm[1][-2:] == ["2.500", ""]
    # budget tree kept, figures blank; header-only files; narrative skeleton
    sub = rows(project, "anggaran_subkegiatan.csv")
    assert len(sub) == len(read_rows(project.raw_year(2024) / "anggaran_subkegiatan.csv"))
    assert all(r[7:] == ["", "", ""] for r in sub[1:])
    assert len(rows(project, "ikm_register.csv")) == 1 and len(rows(project, "angka_dipublikasikan.csv")) == 1
    assert rows(project, "penyaluran_tenaga_kerja.csv")[0][2] == "Tahun 2025 (orang)"
    narasi = yaml.safe_load((project.raw_year(2025) / "narasi.yml").read_text())
    assert narasi["sasaran"][1] == {"faktor_pendukung": [], "faktor_penghambat": [], "solusi": [],
                                    "analisis": ""}


def test_manifest_entries_keep_header_and_prefill_source_and_table(after_new_year, monkeypatch):
    project = use_project(monkeypatch, after_new_year.root)
    text = project.raw_manifest.read_text()
    assert text.startswith("# Provenance of every file in data/raw")
    entry = manifest.load(project)["2025/bps_ketenagakerjaan_wilayah.csv"]
    template = manifest.load(project)["2024/bps_ketenagakerjaan_wilayah.csv"]
    assert entry["table"] == adapt_source(template["table"], 2025, 2024) and "2025" in entry["source"]
    # every entry new-year wrote is complete: check-inputs asks for no provenance
    assert not [p for p in manifest.check(project) if p.startswith("data/raw/2025/")]
    assert entry["sha256"] == manifest.sha256_file(project.raw_year(2025) / "bps_ketenagakerjaan_wilayah.csv")
    assert manifest.load(project)["2024/perjanjian_kinerja.csv"]["table"]  # template untouched


def test_adapt_source():
    assert adapt_source("BPS, Kota Payakumbuh Dalam Angka 2025 (Sakernas Agustus 2024)", 2025, 2024) == \
        "BPS, Kota Payakumbuh Dalam Angka 2026 (Sakernas Agustus 2025)"
    assert adapt_source("Renstra 2021-2026", 2025, 2024) == "Renstra 2021-2026"


def test_never_overwrites(project, capsys):
    folder = project.raw_year(2025)
    folder.mkdir()
    (folder / "perjanjian_kinerja.csv").write_text("No;Sasaran Strategis;Indikator Kinerja;Target\n1;x;y;99\n")
    assert cli.main(["new-year", "2025"]) == 0
    out = capsys.readouterr().out
    assert "1 berkas yang sudah ada" in out and "data/raw/2025/perjanjian_kinerja.csv" in out
    assert (folder / "perjanjian_kinerja.csv").read_text().endswith("1;x;y;99\n")
    assert "sumber: BPS, Sakernas Agustus 2025 (Kota Payakumbuh Dalam Angka 2026)" in out
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert cli.main(["new-year", "2025"]) == 0
    assert "Tidak ada yang dibuat" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_year_outside_the_renstra(project, capsys):
    assert cli.main(["new-year", "2027"]) == 2
    assert "2027 di luar periode Renstra 2023–2026" in capsys.readouterr().err
    assert not project.raw_year(2027).exists()


def test_a_declared_published_table_number_is_carried_to_the_new_year(project):
    text = project.raw_manifest.read_text()
    anchor = "  2024/indikator_program.csv:\n"
    assert anchor in text
    project.raw_manifest.write_text(text.replace(anchor, anchor + "    tabel_terbit: Tabel 3.30\n", 1))
    new_year(project, 2025)
    files = manifest.load(project)
    assert files["2025/indikator_program.csv"]["tabel_terbit"] == "Tabel 3.30"
    assert published_table_of(files["2025/indikator_program.csv"], "x") == "Tabel 3.30"
    assert "tabel_terbit" not in files["2025/anggaran_subkegiatan.csv"]  # none declared, none invented


def test_an_unreadable_manifest_stops_new_year_before_anything_is_made(project, capsys):
    """A key written twice in data/raw/manifest.yml: refused with its file, line and key, in
    Indonesian, and no year folder (not even an empty one) is left behind."""
    text = project.raw_manifest.read_text(encoding="utf-8")
    anchor = "  2024/pelatihan.csv:\n"
    assert text.count(anchor) == 1
    project.raw_manifest.write_text(text + anchor.replace("\n", " {}\n"), encoding="utf-8")
    line = len(text.splitlines()) + 1
    assert cli.main(["new-year", "2025"]) == 2
    err = capsys.readouterr().err
    assert f"data/raw/manifest.yml, baris {line}, kolom '2024/pelatihan.csv'" in err
    assert "kunci yang sama sudah ada" in err
    assert not project.raw_year(2025).exists()
