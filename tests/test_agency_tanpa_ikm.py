"""An agency without IKM data, end to end from data only: tests/fixtures/tanpa_ikm/.

Dinas Tenaga Kerja Kabupaten Agam 2025 (invented figures): labour indicators and one reported
grade, no IKM register, series or halal list. Figures worked by hand in the fixture's EXPECTED.md:

  1.1 237.500 / 250.000 = 95,00 %     capaian 95 / 96 = 98,96 Baik
  1.2  12.500 / 250.000 =  5,00 %     capaian (9 − 5) / 4,5 = 88,89 Baik (turun)
  sasaran 1 = (98,9583 + 88,8889) / 2 = 93,92 Baik, below 100: belum tercapai
  2.1 A against BB (5-grade scale)    capaian 4 / 3 = 133,33 Sangat baik
  budget 920.000.000 / 1.000.000.000 = 92,00 %; 270 / 300 = 90,00 %; total 1.190 / 1.300 = 91,54 %
"""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.config import Paths
from tests.conftest import build_agency, use_project

FIXTURE = Path(__file__).parent / "fixtures" / "tanpa_ikm"
IKM_FILES = ("ikm_register.csv", "ikm_perkembangan.csv", "ikm_klasifikasi.csv", "fasilitasi_halal.csv")
PADANG = Path(__file__).parent / "fixtures" / "padang"


def _copy(fixture: Path, tmp_path: Path, monkeypatch) -> Paths:
    shutil.copytree(fixture / "data", tmp_path / "data")
    use_project(monkeypatch, tmp_path)
    return Paths(tmp_path)


def test_registry_declares_the_ikm_files_needed_only_by_ikm_sources():
    from pipeline.inputs import registry

    assert sorted(f.name for f in registry.not_needed({"bps_penyerapan", "dilaporkan"})) == sorted(IKM_FILES)
    assert registry.not_needed({"bps_tpt", "ikm_pertumbuhan_unit"}) == []


def test_every_source_reading_ikm_tables_is_declared():
    from pipeline.inputs import registry
    from pipeline.measure import sources

    reads_ikm = {s.name for s in sources.SOURCES.values() if any(t.startswith("ikm") for t in s.tables)}
    assert reads_ikm == set(registry.IKM_SOURCES)


def test_cleaning_leaves_out_the_ikm_tables(tmp_path, monkeypatch):
    from pipeline import clean

    paths = _copy(FIXTURE, tmp_path, monkeypatch)
    tables = clean.build(2025, paths)
    assert not [t for t in tables if t.startswith("ikm") or t == "fasilitasi_halal"]
    assert clean.ikm_overview(tables) == []


def test_check_inputs_accepts_absent_ikm_files_when_no_indicator_needs_them(tmp_path, monkeypatch):
    from pipeline.years import completeness

    paths = _copy(FIXTURE, tmp_path, monkeypatch)
    blocking, _ = completeness.problems(paths, 2025, narrative=False)
    assert blocking == []


def test_check_inputs_asks_for_an_ikm_file_an_indicator_needs(tmp_path, monkeypatch):
    from pipeline.years import completeness

    paths = _copy(PADANG, tmp_path, monkeypatch)
    (paths.raw_year(2025) / "ikm_register.csv").unlink()
    blocking, _ = completeness.problems(paths, 2025, narrative=False)
    assert blocking == ["data/raw/2025/ikm_register.csv: belum ada, padahal indikator 2.1 memakai "
                        "sumber_realisasi 'ikm_pertumbuhan_unit' yang membacanya (data/raw/common/iku.csv)"]


def test_validation_skips_the_suites_of_left_out_tables(tmp_path, monkeypatch):
    from pipeline.validate.run import left_out

    paths = _copy(FIXTURE, tmp_path, monkeypatch)
    absent = left_out(paths, 2025)
    assert {"ikm_seri", "ikm_perusahaan", "ikm_agregat", "cek_ikm", "cek_ikm_yoy", "fasilitasi_halal"} <= absent
    assert "ketenagakerjaan" not in absent
    assert left_out(_copy(PADANG, tmp_path / "p", monkeypatch), 2025) == set()


@pytest.mark.slow
def test_agency_without_ikm_end_to_end(tmp_path):
    def no_ikm_files(root):
        assert not [f for f in IKM_FILES if (root / "data" / "raw" / "2025" / f).exists()]

    built = build_agency(FIXTURE, tmp_path / "agam", 2025, check_inputs=True, before_run=no_ikm_files)
    root, report, summary = built.root, built.report, built.summary
    assert summary["validasi"]["critical"] == 0
    s = {x["id"]: x for x in summary["sasaran"]}
    ind = {i["id"]: i for x in summary["sasaran"] for i in x["indikator"]}
    assert sorted(ind) == ["1.1", "1.2", "2.1"]
    r = lambda v, n=2: round(v, n)  # noqa: E731
    assert (r(ind["1.1"]["realisasi"]), r(ind["1.1"]["capaian"]), ind["1.1"]["kriteria"]) == (95.0, 98.96, "Baik")
    assert (r(ind["1.2"]["realisasi"]), r(ind["1.2"]["capaian"]), ind["1.2"]["kriteria"]) == (5.0, 88.89, "Baik")
    assert (ind["2.1"]["realisasi"], r(ind["2.1"]["capaian"]), ind["2.1"]["kriteria"]) == ("A", 133.33, "Sangat baik")
    assert (r(s[1]["capaian"]), s[1]["kriteria"]) == (93.92, "Baik")
    assert (s[1]["pagu"], s[1]["realisasi_anggaran"], r(s[1]["serapan"])) == (1_000_000_000, 920_000_000, 92.0)
    assert (s[2]["pagu"], s[2]["realisasi_anggaran"], r(s[2]["serapan"])) == (300_000_000, 270_000_000, 90.0)
    assert r(summary["anggaran"]["serapan"]) == 91.54
    # the IKM suites are listed as not run, never failed
    findings = json.loads((report / "validation" / "findings.json").read_text(encoding="utf-8"))
    assert {"ikm_seri", "ikm_perusahaan", "ikm_identitas", "ikm_yoy", "fasilitasi_halal"} <= \
        set(findings["suite_tidak_berlaku"])
    assert not list((root / "data" / "processed" / "2025").glob("ikm_*.csv"))

    html = (report / "LKjIP-2025.html").read_text(encoding="utf-8")
    assert "Kabupaten Agam" in html and "Padang" not in html and "Payakumbuh" not in html
    assert "IKM" not in html
    assert ("Sasaran 1 belum tercapai (capaian 93,92%, kriteria Baik; capaian di bawah 100% berarti target "
            "belum terpenuhi). Penyebabnya: Angkatan kerja bertambah lebih cepat daripada lowongan kerja formal "
            "(fikstur uji).") in html
    assert "Sasaran 2 tercapai (capaian 133,33%, kriteria Sangat baik)." in html
    assert "Realisasi 2025 indikator 1.2 sebesar 5,00%; tidak ada standar nasional untuk indikator ini" in html
    assert "realisasi yang dilaporkan: Penilaian Kepatuhan Standar Pelayanan Publik oleh Ombudsman RI" in html
    # the reported realisasi is cited by its declared source, never the Inspektorat's AKIP evaluation
    # (the Inspektorat appears only where its reviu statement is asked for: cover, Lampiran, LKE)
    assert "Inspektorat" not in html[html.index('id="bab-1"'):html.index('id="bab-4"')]
