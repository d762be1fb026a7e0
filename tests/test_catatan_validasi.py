"""Catatan Validasi for people: facts grouped, ranked, referenced to the report's own tables."""

import pandas as pd

from pipeline.analysis.organisasi import corrections_paragraph
from pipeline.report.render import Numbering
from pipeline.validate.appendix import facts, plain, summary_table
from pipeline.validate.recompute import make_row


def _row(id, tabel, besaran, objek, tahun, teks, dihitung, lokasi="Bab III"):
    return make_row(id=id, tabel=tabel, lokasi=lokasi, besaran=besaran, objek=objek, tahun=tahun,
                    teks=teks, dihitung=dihitung, cara="hitung")


def _case():
    rows = [_row("a", "Tabel 3.2", "capaian", "sasaran:2", 2024, "184,62", 184.21),
            _row("b", "Tabel 3.10", "capaian", "sasaran:2", 2024, "184,62%", 184.21),
            _row("c", "Tabel 3.11", "realisasi", "sasaran:2", 2022, "3,1%", -9.1197),
            _row("d", "Tabel 3.7", "realisasi", "sasaran:1", 2024, "141,79%", 95.132),
            _row("e", "Teks 1.4", "memenuhi_standar_nasional", "sasaran:1", 2024, "ya", "tidak")]
    comparison = pd.DataFrame(rows)
    warnings = [{"row_key": "halal", "check": "fasilitasi_halal: unik", "value": "ID1", "uraian": "Nomor ganda",
                 "tempat": "daftar halal", "rincian": "no 1"},
                {"row_key": "halal2", "check": "fasilitasi_halal: unik", "value": "ID1", "uraian": "Nomor ganda",
                 "tempat": "daftar halal", "rincian": "no 2"}]
    warnings += [{"row_key": r["id"], "check": "perbandingan"} for r in rows]
    evaluation = pd.DataFrame({"sasaran_id": [1, 2], "target": [93.75, 3.25], "polaritas": ["naik", "naik"],
                               "kriteria": ["Sangat Baik", "Sangat Baik"]})
    return {"critical": [], "warnings": warnings}, comparison, evaluation


def test_one_row_per_fact_ranked_by_materiality():
    found, comparison, evaluation = _case()
    items = facts(found, comparison, 2024, evaluation)
    assert [f.dipublikasikan for f in items] == ["ya", "141,79%", "184,62", "3,1%", "ID1"]
    assert [f.tingkat for f in items] == [1, 1, 1, 2, 4]
    assert items[2].tempat == ["Tabel 3.2", "Tabel 3.10"] and items[2].hitung_ulang == "184,21"
    assert items[3].hitung_ulang == "-9,12%" and items[3].report_table == "s2_riwayat"
    assert items[4].tempat == ["daftar halal: no 1", "daftar halal: no 2"]
    assert items[1].dampak.startswith("Kriteria tetap Sangat Baik")
    assert summary_table(items)["jumlah_tempat"].tolist() == [1, 1, 2, 1, 2]


def test_a_published_capaian_that_changes_the_kriteria_says_so():
    found, comparison, evaluation = _case()
    comparison.loc[0, ["dilaporkan_teks", "dilaporkan"]] = ["6%", 6.0]
    items = facts(found, comparison, 2024, evaluation)
    assert any("kriteria Sangat Kurang" in f.dampak for f in items)


def test_capaian_computed_from_a_wrong_realisasi_is_the_same_fact():
    found, comparison, evaluation = _case()
    extra = _row("f", "Tabel 3.7", "capaian", "sasaran:1", 2024, "151,24%", 101.47)
    comparison = pd.concat([comparison, pd.DataFrame([extra])], ignore_index=True)
    found["warnings"].append({"row_key": "f", "check": "perbandingan"})
    items = facts(found, comparison, 2024, evaluation)
    (merged,) = [f for f in items if f.dipublikasikan.startswith("141,79%")]
    assert "151,24%" in merged.dipublikasikan and merged.ids == ["d", "f"]
    assert not any(f.dipublikasikan.startswith("151,24") for f in items)


def test_plain_drops_file_names_and_rows():
    assert plain("indikator_program.csv baris 7: PROGRAM X — Indikator") == "PROGRAM X — Indikator"
    assert plain("data/raw/2024/penempatan_tenaga_kerja.csv baris 10, kolom 'Jumlah'") == ""


def test_references_resolve_to_the_reports_own_numbers():
    numbering = Numbering("3")
    numbering.label("table", "s1_target_realisasi")
    numbering.label("table", "s2_ikm_seri")
    assert numbering.resolve("⟦tabel:s1_target_realisasi⟧ [Tabel 3.7]") == "Tabel 3.1 [Tabel 3.7]"
    assert numbering.resolve("⟦tabel:*_ikm_seri⟧") == "Tabel 3.2"
    assert numbering.resolve("⟦tabel:nowhere⟧ [Tabel 3.9]") == "[Tabel 3.9]"


def test_ikhtisar_counts_corrected_figures_and_names_the_most_material():
    found, comparison, evaluation = _case()
    text = corrections_paragraph(summary_table(facts(found, comparison, 2024, evaluation)))
    assert "mengoreksi 5 angka" in text and "4 kesalahan berbeda" in text
    assert "Pernyataan 'sudah mencapai target nasional' sasaran 1 tahun 2024" in text
    assert "Kesimpulan berubah: dipublikasikan 'sudah mencapai target nasional'" in text
