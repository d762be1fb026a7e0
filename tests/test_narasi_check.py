"""Sentences against the figures (pipeline.validate.narasi_check): one tiny input per rule, a
true sentence gives no finding and a false one does; the 2024 narrative's findings, worked by
hand from the seed; the Padang fixture's narrative gives none."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.inputs import narrative, profile
from pipeline.validate import narasi_check, recompute
from pipeline.validate.appendix import facts as appendix_facts

RENSTRA = [2023, 2024, 2025, 2026]


def tables(texts, *, sasaran=None, capaian=(101.47, 184.21, 100.0), kepala="YUNIDA FATWA, S.Sos, M.Si"):
    """The few tables the rules read: the narrative rows, a 2023-2026 Renstra, three indicators."""
    rows = [{"sasaran_id": pd.NA if sasaran is None else sasaran, "bagian": bagian, "urutan": i, "teks": text,
             "tempat": "Tempat uji" if bagian in ("kalimat", "penandatangan") else ""}
            for i, (bagian, text) in enumerate(texts, start=1)]
    ev = pd.DataFrame({"indikator_id": ["1.1", "2.1", "3.1"][:len(capaian)], "sasaran_id": [1, 2, 3][:len(capaian)],
                       "capaian": list(capaian), "polaritas": ["naik"] * len(capaian)})
    return {"narasi": pd.DataFrame(rows).astype({"sasaran_id": "Int64"}),
            "target": pd.DataFrame({"jenis": ["renstra"] * 4, "tahun": RENSTRA}),
            "iku": pd.DataFrame({"indikator_id": ["1.1", "2.1", "3.1"], "sasaran_id": [1, 2, 3]}),
            "ikm_agregat": pd.DataFrame({"tahun": [2019, 2024], "unit_usaha": [1853, 2500],
                                         "nilai_produksi_ribu_rp": [342785800.0, 301636853.935]}),
            "instansi": pd.DataFrame({"kunci": ["kepala_dinas_nama"], "nilai": [kepala]})}, ev


def check(text, bagian="kalimat", **kw):
    t, ev = tables([(bagian, text)], **kw)
    return [(c.besaran, c.dikatakan, c.menurut_angka) for c in narasi_check.claims(t, 2024, ev)]


@pytest.mark.parametrize("text,said,real", [
    ("Tahun 2024 merupakan tahun kedua pelaksanaan Renstra.", "tahun kedua", "tahun kedua"),
    ("capaian kinerja tahun pertama periode 2023-2026 RPD", "tahun pertama", "tahun ke-2"),
    ("Tahun 2024 merupakan tahun ke 2 implementasi Renstra", "tahun ke 2", "tahun ke 2"),
    ("tahun ke-3 Renstra Tahun 2023-2026", "tahun ke-3", "tahun ke-2"),
])
def test_renstra_year_ordinal(text, said, real):
    assert check(text) == [("narasi_tahun_renstra", said, real)]


def test_ordinal_without_a_plan_word_is_not_a_claim():
    assert check("Pada tahun pertama pelatihan diikuti 16 orang.") == []


@pytest.mark.parametrize("text,real", [
    ("dalam kurun waktu 4 tahun periode Renstra", "kurun waktu 4 tahun"),
    ("prioritas penanganan selama 5 tahun", "selama 4 tahun"),
    ("prioritas penanganan selama empat tahun", "selama empat tahun"),
])
def test_period_length(text, real):
    (besaran, said, computed), = check(text)
    assert besaran == "narasi_lama_periode" and computed == real


def test_direction_and_size_of_change():
    # 94,84 -> 95,16 is a rise of 0,32 points; 95,16 -> 95,13 a fall of 0,03: the seed's sizes are the levels.
    found = check("pada Tahun 2022 realisasi sebesar 94,84% di Tahun 2023 naik sebesar 95,16% dan di Tahun "
                  "2024 mengalami penurunan sebesar 95,13%.")
    assert found == [("narasi_besar_perubahan", "naik sebesar 95,16%", "naik 0,32 poin persen"),
                     ("narasi_besar_perubahan", "penurunan sebesar 95,13%", "penurunan 0,03 poin persen")]
    assert check("pada Tahun 2023 sebesar 5,63% dan Tahun 2024 sebesar 6%, naik sebesar 0,37%.") == [
        ("narasi_besar_perubahan", "naik sebesar 0,37%", "naik sebesar 0,37%")]


def test_direction_word_against_its_numbers():
    assert check("Realisasi Tahun 2023 sebesar 5,63% dan Tahun 2024 turun menjadi 6%.") == [
        ("narasi_arah", "turun", "naik 0,37 poin persen")]
    assert check("mengalami kenaikan, Tahun 2023 sebesar 5,63% sedangkan Tahun 2024 sebesar 6%") == [
        ("narasi_arah", "kenaikan", "kenaikan")]
    # An indicator's name is not a direction word.
    assert check("Persentase Peningkatan Nilai Produksi Tahun 2023 5,63%, Tahun 2024 6%.") == []


def test_named_series_over_a_range():
    text = ("Perkembangan Industri Tahun 2019 s/d 2024 relatif meningkat. Hal ini terlihat dari pertumbuhan "
            "jumlah unit usaha. Nilai Produksi juga relatif mengalami peningkatan.")
    # 342.785.800 -> 301.636.853,935 ribu rupiah: −12,00%.
    assert check(text) == [("narasi_arah", "unit usaha pertumbuhan (2019–2024)", "unit usaha pertumbuhan (2019–2024)"),
                           ("narasi_arah", "Nilai Produksi peningkatan (2019–2024)",
                            "Nilai Produksi turun 12,00% (2019–2024)")]


def test_reached_words_against_target_and_realisasi():
    false = ("Indikator program ini menargetkan persentase yang ditempatkan, sebesar 46,45%, terealisasi "
             "sebesar 51,53%, maka nilai capaian sebesar 110,94%, tidak tercapainya target dikarenakan hal lain.")
    (besaran, said, real), = check(false)
    assert besaran == "narasi_perbandingan" and said.startswith("tidak tercapainya target")
    assert real == "target tercapai (realisasi lebih baik dari target)"
    true = "realisasi sebesar 95,13% dari target sebesar 93,75%, dengan tingkat capaian melebihi target."
    assert check(true) == [("narasi_perbandingan", "melebihi target", "melebihi target")]
    assert check("realisasi sebesar 93,75% dari target sebesar 93,75%, melebihi target.") == [
        ("narasi_perbandingan", "melebihi target", "realisasi sama dengan target")]


def test_capaian_threshold_for_all_indicators_or_one_sasaran():
    (besaran, said, real), = [c for c in check("3 indikator dengan tingkat ketercapaian ≤ 100 .")
                              if c[0] == "narasi_perbandingan"]
    assert (besaran, said) == ("narasi_perbandingan", "ketercapaian ≤ 100")
    assert real == "2 dari 3 capaian tidak memenuhi: 101,47% (indikator 1.1), 184,21% (indikator 2.1)"
    assert check("dengan tingkat capaian rata-rata lebih dari 100%.", bagian="analisis", sasaran=1) == [
        ("narasi_perbandingan", "capaian rata-rata lebih dari 100%", "capaian rata-rata lebih dari 100%")]
    assert check("dengan tingkat capaian rata-rata lebih dari 100%.", bagian="analisis", sasaran=3)[0][2] \
        == "1 dari 1 capaian tidak memenuhi: 100,00% (indikator 3.1)"


def test_counts_of_sasaran_and_indicators():
    assert check("mempunyai 3 sasaran Indikator Kinerja Utama dengan 3 indikator kinerja yang dipilih") == [
        ("narasi_jumlah", "3 sasaran", "3 sasaran"), ("narasi_jumlah", "3 indikator", "3 indikator")]
    assert check("mempunyai 4 sasaran dengan dua indikator kinerja") == [
        ("narasi_jumlah", "4 sasaran", "3 sasaran"), ("narasi_jumlah", "dua indikator", "3 indikator")]
    # A part ("2 indikator telah melebihi target") is the number of capaian above 100.
    assert check("Pada Tahun 2024, 2 indikator telah melebihi target dan satu indikator sesuai dengan target.") == [
        ("narasi_jumlah", "2 indikator", "2 indikator"), ("narasi_jumlah", "satu indikator", "satu indikator")]
    assert check("Pada Tahun 2024, 3 indikator telah melebihi target.")[0][2] == "2 indikator"


def test_signatory_name_not_degrees():
    assert check("YUNIDA FATWA, S.Sos.M.Si", bagian="penandatangan")[0][2] == "YUNIDA FATWA"
    assert check("FUNIDA FATWA, S.Sos,M.Si", bagian="penandatangan") == [
        ("narasi_penandatangan", "FUNIDA FATWA", "YUNIDA FATWA")]


@pytest.mark.parametrize("signed,form,rkt,wrong", [
    ("Payakumbuh, Januari 2025", "Payakumbuh, Januari 2025", "Payakumbuh, Desember 2023", []),
    ("Payakumbuh, Desember 2024", "Payakumbuh, Januari 2025", "Payakumbuh, Desember 2023",
     [("kata_pengantar.tempat_tanggal", "tidak sebelum Januari 2025")]),
    ("Payakumbuh, 3 Juni 2024", None, "Payakumbuh, Februari 2025",
     [("kata_pengantar.tempat_tanggal", "tidak sebelum Desember 2024"),
      ("tanggal_dokumen.rkt", "paling lambat Desember 2024")]),
])
def test_document_dates(signed, form, rkt, wrong):
    rows = [("kata_pengantar.tempat_tanggal", signed), ("tanggal_dokumen.formulir_pengukuran_kinerja", form),
            ("tanggal_dokumen.rkt", rkt)]
    narasi = pd.DataFrame([{"sasaran_id": pd.NA, "bagian": b, "urutan": 1, "teks": t, "tempat": ""}
                           for b, t in rows if t])
    found = [(c.kunci, c.menurut_angka) for c in narasi_check.date_claims(narasi, 2024) if not c.benar]
    assert found == wrong


def test_report_restates_renstra_claims_from_the_figures():
    text = "Laporan Tahun 2024 ini berisi capaian kinerja tahun pertama periode 2023-2026 RPD. Lain."
    assert narasi_check.own_words(text, 2024, RENSTRA) == (
        "Laporan Tahun 2024 ini berisi capaian kinerja tahun ke-2 periode 2023-2026 RPD. Lain.")
    assert narasi_check.own_words("tahun kedua Renstra", 2024, RENSTRA) == "tahun kedua Renstra"
    assert narasi_check.renstra_ordinal(2024, RENSTRA) == "tahun ke-2"
    assert narasi_check.renstra_ordinal(2027, RENSTRA) == ""


def _year_tables(root: Paths, year: int) -> dict:
    from pipeline.inputs import plan
    t = dict(plan.tables(root, year))
    t.update(narrative.tables(root, year))
    t.update(profile.tables(root, year))
    return t


def test_2024_narrative_findings():
    """The contradictions of the 2024 seed, each worked by hand from its own tables."""
    paths = Paths.default()
    t = _year_tables(paths, 2024)
    ev = pd.DataFrame({"indikator_id": ["1.1", "2.1", "3.1"], "sasaran_id": [1, 2, 3],
                       "capaian": [95.13 / 93.75 * 100, 5.9869 / 3.25 * 100, 100.0], "polaritas": ["naik"] * 3})
    t["ikm_agregat"] = pd.DataFrame({"tahun": [2019, 2024], "unit_usaha": [1853, 2500], "tenaga_kerja": [6106, 7563],
                                     "investasi_ribu_rp": [88040791.0, 100687145.0],
                                     "nilai_produksi_ribu_rp": [342785800.0, 301636853.935]})
    wrong = [(c.besaran, c.tempat, c.dikatakan, c.menurut_angka)
             for c in narasi_check.claims(t, 2024, ev) if not c.benar]
    assert wrong == [
        ("narasi_tahun_renstra", "Kata Pengantar, paragraf 1", "tahun pertama", "tahun ke-2"),
        ("narasi_lama_periode", "Bab I 1.3 Isu Strategis", "selama 5 tahun", "selama 4 tahun"),
        ("narasi_besar_perubahan", "Bab III sasaran 1, butir 1.2, paragraf setelah Tabel 3.4",
         "naik sebesar 95,16%", "naik 0,32 poin persen"),
        ("narasi_besar_perubahan", "Bab III sasaran 1, butir 1.2, paragraf setelah Tabel 3.4",
         "penurunan sebesar 95,13%", "penurunan 0,03 poin persen"),
        ("narasi_arah", "Bab III sasaran 2, butir 2.2, paragraf setelah Tabel 3.11",
         "Nilai Produksi peningkatan (2019–2024)", "Nilai Produksi turun 12,00% (2019–2024)"),
        ("narasi_arah", "Bab III sasaran 2, paragraf setelah Tabel 3.17",
         "Nilai Produksi peningkatan (2019–2024)", "Nilai Produksi turun 12,00% (2019–2024)"),
        ("narasi_perbandingan", "Bab III 3.2 Realisasi Anggaran, penjelasan Tabel 3.26, Program Penempatan "
         "Tenaga Kerja", "tidak tercapainya target dikarenakan", "target tercapai (realisasi lebih baik dari target)"),
        ("narasi_perbandingan", "Bab IV 4.1 Kesimpulan", "ketercapaian ≤ 100",
         "2 dari 3 capaian tidak memenuhi: 101,47% (indikator 1.1), 184,21% (indikator 2.1)"),
        ("narasi_penandatangan", "Kata Pengantar, tanda tangan", "FUNIDA FATWA", "YUNIDA FATWA"),
        ("narasi_penandatangan", "Bab IV, tanda tangan", "MUDA FATWA", "YUNIDA FATWA"),
        ("narasi_penandatangan", "Lampiran Rencana Kinerja Tahunan, tanda tangan", "NIDA FATWA",
         "YUNIDA FATWA"),
        ("narasi_penandatangan", "Lampiran Keputusan tentang IKU, tanda tangan", "VENIDA FATWA",
         "YUNIDA FATWA"),
        ("narasi_penandatangan", "Lampiran Keputusan tentang IKU, lampiran, tanda tangan", "NIDA FATWA",
         "YUNIDA FATWA"),
        ("narasi_penandatangan", "Lampiran Formulir Pengukuran Kinerja, tanda tangan", "UNIDA FATWA",
         "YUNIDA FATWA"),
        # Signed in December 2024, yet it contains a Formulir Pengukuran Kinerja dated January 2025.
        ("narasi_tanggal", "Kata Pengantar, tempat dan tanggal", "Payakumbuh, Desember 2024",
         "tidak sebelum Januari 2025"),
    ]


def test_findings_reach_the_catatan_validasi_with_their_dampak():
    t, ev = tables([("kalimat", "capaian kinerja tahun pertama periode 2023-2026 RPD")])
    ctx = recompute.Context(t, 2024, ev)
    (row,) = recompute.from_narrative(ctx)
    assert row["cocok"] is False and row["dilaporkan_teks"] == "tahun pertama" and row["dihitung_kata"] == "tahun ke-2"
    finding = {"row_key": row["id"], "check": "perbandingan_teks"}
    (fact,) = appendix_facts({"warnings": [finding]}, pd.DataFrame([row]), 2024)
    assert fact.uraian == "Pernyataan tahun pelaksanaan Renstra tahun 2024"
    assert fact.tingkat == 3 and "periode Renstra" in fact.dampak
    assert "Tempat uji: «capaian kinerja tahun pertama periode 2023-2026 RPD»" in fact.letak


def test_padang_narrative_has_no_false_finding():
    root = Paths.default().root / "tests" / "fixtures" / "padang"
    paths = Paths(root)
    t = _year_tables(paths, 2025)
    assert not t["narasi"].empty
    assert [c for c in narasi_check.claims(t, 2025) if not c.benar] == []


# -- the report's own words: "Fakta dari data" and the analyst's paragraph ----------------------
def test_success_facts_say_whether_the_result_came_from_the_target():
    from pipeline.analysis.sentences import success_facts

    # Sasaran 1 of 2024: 74.085 / 77.876 = 95,1295% against target 93,75% and 2023's 74.137 / 77.907 = 95,1609%.
    real, before = 74085 / 77876 * 100, 74137 / 77907 * 100
    facts = success_facts("Hasil", real, 93.75, before, 2024, "%", "naik", real / 93.75 * 100, "Sangat Baik")
    assert facts == [
        "Hasil: target 2024 tercapai; realisasi 95,13% lebih baik dari target 93,75% (capaian 101,47%, "
        "kriteria Sangat Baik).",
        "Dibanding 2023 (95,16%), realisasi turun 0,03 poin persen: kinerja memburuk.",
        "Target 2024 (93,75%) ditetapkan lebih rendah dari realisasi 2023 (95,16%): target tercapai tanpa "
        "perbaikan kinerja, sehingga keberhasilan ini berasal dari target, bukan dari kenaikan kinerja."]
    # Lower is better: a fall from 6 to 5 against a target of 4 improves but misses the target.
    facts = success_facts("Hasil", 5.0, 4.0, 6.0, 2024, "%", "turun")
    assert facts[0].startswith("Hasil: target 2024 tidak tercapai; realisasi 5,00% di bawah target 4,00%")
    assert facts[1] == ("Dibanding 2023 (6,00%), realisasi turun 1,00 poin persen: kinerja membaik "
                        "(untuk indikator ini lebih rendah lebih baik).")
    assert facts[2].startswith("Kinerja membaik dibanding 2023, tetapi target 2024 (4,00%) menuntut")
    assert success_facts("Hasil", "A", "A", "A", 2024, "Nilai", "ordinal", 100.0, "Sangat Baik",
                         {"AA": 1, "A": 2, "B": 3})[1] == "Dibanding 2023 (A), realisasi tetap A: kinerja tidak berubah."


def test_analyst_paragraph_is_restated_from_the_figures():
    ev = pd.DataFrame({"indikator_id": ["3.1"], "sasaran_id": [3], "capaian": [95.0], "polaritas": ["naik"]})
    iku = pd.DataFrame({"indikator_id": ["1.1", "3.1"], "sasaran_id": ["1", "3"]})
    text = "Sasaran ini mempunyai 2 indikator sasaran dengan tingkat capaian rata-rata lebih dari 100%. Lain."
    assert narasi_check.own_words(text, 2024, RENSTRA, ev, iku, 3) == (
        "Sasaran ini mempunyai 1 indikator sasaran dengan tingkat capaian rata-rata kurang dari 100%. Lain.")
    true = "Sasaran ini mempunyai 1 indikator dengan tingkat capaian rata-rata lebih dari 90%."
    assert narasi_check.own_words(true, 2024, RENSTRA, ev, iku, 3) == true


def test_one_misspelt_name_in_two_places_is_one_catatan():
    t, ev = tables([("penandatangan", "NIDA FATWA, S.Sos,M.Si"), ("penandatangan", "NIDA FATWA, S.Sos, M.Si")])
    rows = recompute.from_narrative(recompute.Context(t, 2024, ev))
    found = [{"row_key": r["id"], "check": "perbandingan_teks"} for r in rows]
    (fact,) = appendix_facts({"warnings": found}, pd.DataFrame(rows), 2024)
    assert (fact.dipublikasikan, fact.hitung_ulang, len(fact.tempat)) == ("NIDA FATWA", "YUNIDA FATWA", 2)
