"""Provenance on the page: captions cite the manifest, synthetic inputs are labelled (unit level).

The lineage expected here is worked out by hand from what each analysis reads: sasaran 2's
realisasi is the growth of IKM production (2024 from the cleaned register, 2023 from the
transcribed Tabel 3.17 series), sasaran 1's is BPS employment, and a sasaran's efisiensi divides
its capaian by its budget absorption.
"""

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.report import assemble
from pipeline.sections.lineage import Lineage, raw_files_of
from pipeline.sections.model import Section
from pipeline.sections.render import Numbering, block_views
from pipeline.years import manifest

REGISTER = "2024/ikm_register.csv"
ENTRIES = {
    "2024/bps_ketenagakerjaan_wilayah.csv": {"source": "BPS", "table": "Tabel 3.3", "jenis": "transkripsi_lkjip",
                                             "rujukan": "BPS via LKjIP 2024, Tabel 3.3"},
    "2024/ikm_perkembangan.csv": {"jenis": "transkripsi_lkjip", "rujukan": "LKjIP 2024, Tabel 3.17"},
    REGISTER: {"source": "generated", "jenis": "sintetis", "rujukan": "Register IKM 2024 sintetis"},
    "2024/anggaran_subkegiatan.csv": {"source": "LRA 2024", "table": "Tabel 2.6"},
    "2024/sdm_sasaran.csv": {"source": "Kepegawaian", "table": "daftar"},
    "2024/perjanjian_kinerja.csv": {"rujukan": "PK 2024", "jenis": "sumber_asli"},
    "common/target_renstra.csv": {"rujukan": "Renstra", "jenis": "sumber_asli"},
    "2024/indikator_program.csv": {"rujukan": "Renja"},
    "2024/indikator_program_analisis.csv": {"rujukan": "Evaluasi Renja"},
}
REALISASI = {"1": ("bps_penyerapan",), "2": ("ikm_pertumbuhan_produksi",), "3": ("dilaporkan",)}


@pytest.fixture
def lineage():
    return Lineage(2024, ENTRIES, REALISASI)


def test_citation_is_the_manifest_rujukan_marked_as_transcription():
    assert manifest.citation(ENTRIES["2024/ikm_perkembangan.csv"]) == "LKjIP 2024, Tabel 3.17 (transkripsi)"
    assert manifest.citation({"source": "LRA 2024", "table": "Tabel 2.6"}) == "LRA 2024, Tabel 2.6"
    assert manifest.citation(ENTRIES[REGISTER]) == "Register IKM 2024 sintetis"


def test_cleaned_tables_trace_back_to_their_raw_files():
    assert raw_files_of("ikm_agregat", 2024) == ("2024/ikm_perkembangan.csv", REGISTER)
    assert raw_files_of("ikm_per_jenis", 2025) == ("2025/ikm_register.csv",)
    assert raw_files_of("target", 2024) == ("common/target_renstra.csv", "2024/perjanjian_kinerja.csv")
    assert raw_files_of("ketenagakerjaan", 2024) == ("2024/bps_ketenagakerjaan_wilayah.csv",
                                                       "2024/bps_ketenagakerjaan_nasional.csv")


def test_blocks_reading_the_register_and_only_those_are_synthetic(lineage):
    synthetic = {b: bool(lineage.synthetic(lineage.block_files(b) or [])) for b in (
        "s2_target_realisasi", "s2_ikm_seri", "s2_ikm_per_jenis", "s2_grafik_klasifikasi", "s2_riwayat",
        "s2_efisiensi", "capaian_perjanjian_kinerja",
        "s1_target_realisasi", "s1_efisiensi", "s2_program_kegiatan", "s2_anggaran_program", "bab1_apbd")}
    assert [b for b, s in synthetic.items() if s] == [
        "s2_target_realisasi", "s2_ikm_seri", "s2_ikm_per_jenis", "s2_grafik_klasifikasi", "s2_riwayat",
        "s2_efisiensi", "capaian_perjanjian_kinerja"]
    assert lineage.block_files("s2_ikm_seri") == ["2024/ikm_perkembangan.csv", REGISTER]
    assert lineage.caption(lineage.block_files("s2_ikm_seri")) == (
        "LKjIP 2024, Tabel 3.17 (transkripsi); Register IKM 2024 sintetis")
    assert lineage.block_files("not_declared") is None


def test_bab_iii_output_tables_cite_their_transcribed_raw_files():
    """The output tables (pencari kerja, penempatan, penyaluran, pelatihan, halal) and their
    published-vs-recomputed tables read one raw file each, transcribed from the LKjIP."""
    entries = {f"2024/{name}.csv": {"jenis": "transkripsi_lkjip", "rujukan": f"LKjIP 2024, {name}"}
               for name in ("pencari_kerja", "penempatan_tenaga_kerja", "penyaluran_tenaga_kerja",
                            "pelatihan", "fasilitasi_halal")}
    lineage = Lineage(2024, entries, REALISASI)
    expected = {"s1_keluaran_pencari_kerja": "pencari_kerja", "s1_keluaran_penempatan": "penempatan_tenaga_kerja",
                "s1_keluaran_penempatan_publikasi": "penempatan_tenaga_kerja",
                "s1_keluaran_penyaluran": "penyaluran_tenaga_kerja", "s1_keluaran_pelatihan_publikasi": "pelatihan",
                "s2_keluaran_fasilitasi_halal": "fasilitasi_halal"}
    for block, name in expected.items():
        assert lineage.describe(block, "fallback") == (f"LKjIP 2024, {name} (transkripsi)", False), block


def test_sections_whose_sentences_state_sasaran_2_are_synthetic(lineage):
    assert lineage.synthetic(lineage.section_files("ikhtisar", [])) == [REGISTER]
    assert lineage.synthetic(lineage.section_files("sasaran_2", [])) == [REGISTER]
    assert lineage.synthetic(lineage.section_files("sasaran_1", ["s1_target_realisasi"])) == []
    assert lineage.synthetic(lineage.section_files("bab1", ["bab1_apbd"])) == []


def test_synthetic_makes_an_example_never_final(lineage):
    sections = {"sasaran_2": Section("sasaran_2", "Sasaran 2"), "bab1": Section("bab1", "Bab I")}
    found = assemble.synthetic_inputs(lineage, sections)
    assert found == ["data/raw/2024/ikm_register.csv"]
    assert assemble.example_status("final", found) == "contoh"
    assert assemble.example_status("draft", found) == "draft"
    assert assemble.example_status("final", []) == "final"


def test_rendered_caption_names_the_manifest_source_and_the_label(lineage):
    section = Section("sasaran_2", "Sasaran 2")
    section.table("s2_ikm_per_jenis", "Komposisi", pd.DataFrame({"a": [1]}), source="Register IKM (generik)")
    section.table("s2_anggaran_program", "Anggaran", pd.DataFrame({"a": [1]}), source="DPA/SIPD")
    views = block_views(section, Numbering("3"), lineage=lineage)
    assert views[0]["kind"] == "sintetis" and views[0]["text"] == "Register IKM 2024 sintetis"
    by_id = {v["title"]: v for v in views[1:]}
    assert by_id["Komposisi"]["sintetis"] and by_id["Komposisi"]["source"] == "Register IKM 2024 sintetis"
    assert not by_id["Anggaran"]["sintetis"] and by_id["Anggaran"]["source"] == "LRA 2024, Tabel 2.6"
    # without a lineage (a notebook showing its own section) the analysis' text stays
    plain = block_views(section, Numbering())
    assert [v["source"] for v in plain] == ["Register IKM (generik)", "DPA/SIPD"]
    assert not any(v["sintetis"] for v in plain)


def test_a_misspelt_kind_stops_the_run(tmp_path):
    paths = Paths(tmp_path)
    (paths.raw / "2024").mkdir(parents=True)
    (paths.raw / "2024" / "ikm_register.csv").write_text("no\n1\n", encoding="utf-8")
    digest = manifest.sha256_file(paths.raw / "2024" / "ikm_register.csv")
    paths.raw_manifest.write_text(
        "files:\n  2024/ikm_register.csv:\n    source: x\n    table: x\n    unit: x\n"
        f"    jenis: sintetik\n    sha256: {digest}\n", encoding="utf-8")
    problems = manifest.critical(paths, 2024)
    assert len(problems) == 1
    assert "data/raw/2024/ikm_register.csv" in problems[0] and "'sintetik'" in problems[0]
    assert "sintetis" in problems[0].split("dari:")[1]
