"""Catatan Validasi for people: facts grouped, ranked by consequence, saying which printed
figure is wrong, referenced to the report's own tables. Expected values are worked by hand
from the tiny tables below and, for the 2024 appendix, from the seed (Perjanjian Kinerja,
Tabel 2.6/3.25, Tabel 3.6, Tabel 3.26, Bab III 3.2, the placement table)."""

import pandas as pd
import pytest

from pipeline.analysis.organisasi import corrections_paragraph
from pipeline.sections.render import Numbering
from pipeline.validate import recompute
from pipeline.validate.appendix import counts_sentence, facts, plain, summary_table
from pipeline.validate.recompute import Context, make_row, notation_slip


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
                               "kriteria": ["Sangat Baik", "Sangat Baik"], "satuan": ["%", "%"],
                               "realisasi": [95.132, 5.9869]})
    return {"critical": [], "warnings": warnings}, comparison, evaluation


def test_one_row_per_fact_ranked_by_consequence():
    found, comparison, evaluation = _case()
    items = facts(found, comparison, 2024, evaluation)
    # a changed conclusion first; then this year's sasaran figures; the 2022 history; data quality
    assert [f.dipublikasikan for f in items] == ["ya", "141,79%", "184,62", "3,1%", "ID1"]
    assert [f.tingkat for f in items] == [1, 3, 3, 3, 5]
    assert items[2].tempat == ["Tabel 3.2", "Tabel 3.10"] and items[2].hitung_ulang == "184,21"
    assert items[3].hitung_ulang == "-9,12%" and items[3].report_table == "s2_riwayat"
    assert items[4].tempat == ["daftar halal: no 1", "daftar halal: no 2"]
    assert items[1].dampak == "Kriteria tetap Sangat Baik; angka utama sasaran 1 dikoreksi; selisih 46,66 poin."
    assert summary_table(items)["jumlah_tempat"].tolist() == [1, 1, 2, 1, 2]


def test_rank_is_consequence_then_rupiah_then_points_never_the_relative_difference():
    found, comparison, evaluation = _case()
    more = [_row("count", "Teks 3.2", "jumlah_program", "sasaran:1", 2024, "4", 3.0),       # 25 % off, 1 program
            _row("puk", "Teks 1.1", "pertumbuhan_penduduk_usia_kerja", "wilayah:X", 2024, "1,02%", 1.8428),
            _row("rp", "Perjanjian Kinerja", "pagu", "pk:Kadis", 2024, "1.211.831.900", 1240592100.0,
                 lokasi="anggaran_pk.csv baris 3 (Kadis): Program Pelatihan")]         # 2,3 % off
    comparison = pd.concat([comparison, pd.DataFrame(more)], ignore_index=True)
    found["warnings"] += [{"row_key": r["id"], "check": "perbandingan"} for r in more]
    items = facts(found, comparison, 2024, evaluation)
    assert [f.dipublikasikan for f in items] == ["ya", "1.211.831.900", "141,79%", "184,62", "3,1%", "1,02%",
                                                 "4", "ID1"]
    assert [f.tingkat for f in items] == [1, 2, 3, 3, 3, 3, 3, 5]
    assert items[1].dampak == "Kriteria dan kesimpulan tidak berubah; selisih Rp 28.760.200."
    assert items[6].dampak == "Kriteria dan kesimpulan tidak berubah; selisih 1."


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
    assert ("Catatan Validasi memuat 5 temuan dari 7 baris pemeriksaan: 1 mengubah kriteria atau kesimpulan, "
            "3 menyangkut angka lain atau kalimat (poin persen, jumlah, tahun, nama) dan 1 menyangkut kualitas data.") in text
    assert "Pernyataan 'sudah mencapai target nasional' sasaran 1 tahun 2024" in text
    assert "Kesimpulan berubah: dipublikasikan 'sudah mencapai target nasional'" in text


def test_ikhtisar_says_where_the_most_material_figure_is_printed():
    """The 2024 case by hand: the seed's Tabel 3.16 prints sasaran 2's realisasi (6%) in its
    % Capaian column; a figure printed in two tables names the first and counts the other."""
    row = {"urutan": 1, "tingkat": 1, "uraian": "Capaian kinerja sasaran 2 tahun 2024", "dipublikasikan": "6%",
           "hitung_ulang": "184,21%", "dampak": "Angka ini memberi kriteria Sangat Kurang; hasil hitung ulang "
           "Sangat Baik.", "jumlah_tempat": 1, "tempat": "Tabel 3.16", "id": "t3_16_s2_capaian",
           "jenis": "mengubah kriteria atau kesimpulan"}
    text = corrections_paragraph(pd.DataFrame([row]))
    assert ("Yang paling material: Capaian kinerja sasaran 2 tahun 2024 (Tabel 3.16 dokumen publikasi), "
            "dipublikasikan 6%, hasil hitung ulang 184,21%.") in text
    twice = corrections_paragraph(pd.DataFrame([{**row, "jumlah_tempat": 2, "tempat": "Tabel 3.7; Tabel 3.9"}]))
    assert "tahun 2024 (Tabel 3.7 dan 1 tempat lain dokumen publikasi), dipublikasikan 6%" in twice
    quoted = corrections_paragraph(pd.DataFrame([{**row, "tempat": "Bab IV 4.1 Kesimpulan: «…»"}]))
    assert "Capaian kinerja sasaran 2 tahun 2024, dipublikasikan 6%" in quoted


# -- which figure is wrong: Perjanjian Kinerja lines against the budget tree (DPA) ----------------
def _budget_tree() -> pd.DataFrame:
    rows = [("Pelatihan Kerja", "Pelaksanaan Pelatihan", "Pelatihan Keterampilan Pencari Kerja", 100),
            ("Pelatihan Kerja", "Pelaksanaan Pelatihan", "Pembinaan Lembaga Pelatihan Swasta", 40),
            ("Penempatan Tenaga Kerja", "Pelayanan Antarkerja", "Perluasan Kesempatan Kerja", 60)]
    return pd.DataFrame([{"sasaran_id": 1, "urusan": "Tenaga Kerja", "program": p, "kegiatan": k, "sub_kegiatan": s,
                          "pagu": float(v), "realisasi": float(v)} for p, k, s, v in rows])


def _pk(kadis_pelatihan: float, kadis_total: float) -> pd.DataFrame:
    rows = [("Kadis", "Program Pelatihan Kerja", kadis_pelatihan, False), ("Kadis", "Program Penempatan Tenaga Kerja",
            60, False), ("Kadis", "TOTAL", kadis_total, True),
            ("UPTD", "Sub Kegiatan Pembinaan Lembaga Pelatihan Swasta", 40, False), ("UPTD", "TOTAL", 40, True)]
    return pd.DataFrame([{"dokumen": d, "program": p, "anggaran": float(a), "is_total": t, "sumber_baris": i + 2}
                         for i, (d, p, a, t) in enumerate(rows)])


def _pk_facts(pk: pd.DataFrame):
    rows = recompute.from_pk_budgets(Context({"anggaran_pk": pk, "anggaran_subkegiatan": _budget_tree()}, 2024))
    comparison = pd.DataFrame(rows, columns=recompute.COLUMNS)
    found = {"critical": [], "warnings": [{"row_key": r["id"], "check": "perbandingan"}
                                          for r in rows if r["cocok"] is False]}
    return comparison.set_index("id"), facts(found, comparison, 2024)


def test_a_total_equal_to_the_dpa_is_not_wrong_and_the_short_line_names_its_sub_kegiatan():
    comparison, items = _pk_facts(_pk(100, 200))  # the line lacks 40 = one sub kegiatan; TOTAL 200 = DPA
    assert comparison.loc["anggaran_pk_baris_4", "sebab"] == "anggaran_pk_baris_2"
    (fact,) = items
    assert fact.tingkat == 2 and (fact.dipublikasikan, fact.hitung_ulang) == ("100", "140")
    assert fact.ids == ["anggaran_pk_baris_2", "anggaran_pk_baris_4"]
    assert fact.tempat == ["Perjanjian Kinerja Kadis", "Perjanjian Kinerja Kadis, TOTAL"]
    assert fact.dampak == (
        "Kriteria dan kesimpulan tidak berubah. Angka yang salah: baris ini, kurang Rp 40, tepat "
        "sebesar pagu sub kegiatan 'Pembinaan Lembaga Pelatihan Swasta' (diperjanjikan tersendiri dalam "
        "Perjanjian Kinerja UPTD). Kesalahan yang sama terlihat lagi: TOTAL 200 benar (sama dengan jumlah pagu "
        "program-programnya dalam DPA); jumlah baris programnya 160 karena baris yang kurang.")


def test_a_gap_no_sub_kegiatan_explains_names_none_and_a_wrong_total_is_its_own_finding():
    comparison, items = _pk_facts(_pk(110, 200))  # short by 30: no sub kegiatan has that pagu
    assert pd.isna(comparison.loc["anggaran_pk_baris_2", "penjelasan"])
    assert [f.ids for f in items] == [["anggaran_pk_baris_2", "anggaran_pk_baris_4"]]
    comparison, items = _pk_facts(_pk(140, 210))  # lines right, TOTAL 210 ≠ 200: the TOTAL is wrong
    assert pd.isna(comparison.loc["anggaran_pk_baris_4", "sebab"])
    assert [(f.dipublikasikan, f.hitung_ulang, f.tempat) for f in items] == [
        ("210", "200", ["Perjanjian Kinerja Kadis, TOTAL"])]


def test_gap_members_takes_the_fewest_sub_kegiatan_and_refuses_an_ambiguous_gap():
    tree = _budget_tree()
    assert recompute.gap_members(tree, 100) == ["Pelatihan Keterampilan Pencari Kerja"]
    assert recompute.gap_members(tree, 140) == ["Pelatihan Keterampilan Pencari Kerja",
                                                "Pembinaan Lembaga Pelatihan Swasta"]
    assert recompute.gap_members(tree, 30) is None
    twins = pd.concat([tree, tree.iloc[[1]].assign(sub_kegiatan="Lain")], ignore_index=True)
    assert recompute.gap_members(twins, 40) is None  # two sub kegiatan of 40: the data cannot tell


# -- a conclusion true against the recomputed basis; the unsourced basis is its own finding ------
def _standard_evaluation() -> pd.DataFrame:
    return pd.DataFrame([{"indikator_id": "1.1", "sasaran_id": 1, "urutan": 1, "satuan": "%", "polaritas": "naik",
                          "target": 93.75, "kriteria": "Sangat Baik", "realisasi": 95.132,
                          "standar_nasional": 97.68, "standar_nasional_dihitung": 95.0919,
                          "memenuhi_standar": False, "memenuhi_standar_dihitung": True}])


def test_a_conclusion_true_against_the_recomputed_standard_is_not_called_false():
    ctx = Context({}, 2024, _evaluation=_standard_evaluation())
    word, how = recompute.RECOMPUTE["memenuhi_standar_nasional"](ctx, {"objek": "sasaran:1", "tahun": 2024})
    assert word == "ya" and "standar nasional hitung ulang 95,0919" in how
    claim = make_row(id="s", tabel="Teks 1.4", lokasi="x", besaran="memenuhi_standar_nasional", objek="sasaran:1",
                     tahun=2024, teks="ya", dihitung=word, cara=how)
    assert claim["cocok"] is True
    basis = _row("std", "Tabel 3.6", "standar_nasional", "sasaran:1", 2024, "97,68%", 95.0919)
    comparison = pd.DataFrame([claim, basis])
    found = {"critical": [], "warnings": [{"row_key": "std", "check": "perbandingan"}]}
    (fact,) = facts(found, comparison, 2024, _standard_evaluation())
    assert fact.tingkat == 1 and (fact.dipublikasikan, fact.hitung_ulang) == ("97,68%", "95,09%")
    assert fact.dampak == (
        "Standar nasional 97,68% tidak bersumber pada data BPS nasional; hitung ulang dari data itu memberi "
        "95,09%. Terhadap 95,09%, realisasi 95,13% sudah mencapai target nasional; terhadap 97,68% yang dicetak "
        "sebagai dasarnya, 95,13% belum mencapainya. Kesimpulan yang dipublikasikan perlu dibandingkan dengan "
        "standar 95,09% dan menyebut sumbernya.")


# -- notation slips: one rule for every comparison ----------------------------------------------
@pytest.mark.parametrize("text, computed, decimals", [
    ("8,500%", 8500.0, 0),           # English grouping for 8.500%
    ("1.024.07 %", 1024.0695, 2),    # a dot where the decimal comma belongs
    ("3.1%", 3.1, 1),                # English decimal point
    ("184,62", 184.21, None),        # a real difference
    ("8,5%", 85.0, None),            # not a notation swap
    ("6%", 6000.0, None),
])
def test_notation_slip(text, computed, decimals):
    assert notation_slip(text, computed) == decimals


def test_a_notation_slip_is_its_own_lower_kind_of_finding():
    slip = _row("n", "Tabel 3.26", "capaian_indikator_program", "sasaran:2", 2024, "8,500%", 8500.0)
    assert slip["penulisan"] is True and slip["cocok"] is False
    real = _row("r", "Tabel 3.26", "capaian_indikator_program", "sasaran:1", 2024, "101,94%", 110.9365)
    assert real["penulisan"] is None
    comparison = pd.DataFrame([slip, real])
    found = {"critical": [], "warnings": [{"row_key": i, "check": "perbandingan"} for i in ("n", "r")]}
    items = facts(found, comparison, 2024)
    assert [(f.tingkat, f.dipublikasikan, f.hitung_ulang) for f in items] == [
        (3, "101,94%", "110,94%"), (4, "8,500%", "8.500%")]  # 8.491,5 "points" rank below 9 real ones
    assert items[1].dampak == ("Penulisan angka: tertulis 8,500%, yang dimaksud 8.500%, sama dengan hasil hitung "
                               "ulang; kriteria dan kesimpulan tidak berubah.")


# -- one error seen in two places is one finding ------------------------------------------------
def test_an_urusan_count_off_by_its_sasaran_count_is_the_same_error():
    where = "Bab III 3.2"
    rows = [make_row(id=i, tabel="Teks 3.2", lokasi=where, besaran="jumlah_program", objek=o, tahun=2024,
                     teks=t, dihitung=h, cara="hitung")
            for i, o, t, h in (("total", "urusan:tenaga_kerja", "5", 4.0), ("sekretariat", "sasaran:3", "1", 1.0),
                               ("bidang", "sasaran:1", "4", 3.0))]
    recompute._counts_from_parts(rows, _budget_tree().assign(sasaran_id=[1, 1, 3]))
    assert rows[0]["sebab"] == "bidang"
    comparison = pd.DataFrame(rows, columns=recompute.COLUMNS)
    found = {"critical": [], "warnings": [{"row_key": i, "check": "perbandingan"} for i in ("total", "bidang")]}
    (fact,) = facts(found, comparison, 2024)
    assert (fact.dipublikasikan, fact.hitung_ulang, fact.ids) == ("4", "3", ["bidang", "total"])
    assert fact.dampak.endswith("Kesalahan yang sama terlihat lagi: Jumlah program urusan Tenaga Kerja tahun 2024 "
                                "tertulis 5, hitung ulang 4.")


def test_a_kegiatan_row_repeating_its_programs_wrong_capaian_is_the_same_error():
    table = pd.DataFrame([{"sumber_baris": b, "nama": n, "indikator": "Persentase", "sasaran_id": 1,
                           "target": 46.45, "realisasi": 51.53, "target_teks": "46,45", "realisasi_teks": "51,53%",
                           "persen_teks": "101,94%", "tabel": "Tabel 3.26"}
                          for b, n in ((7, "PROGRAM PENEMPATAN"), (8, "Kegiatan Pelayanan"))])
    rows = recompute.from_program_indicators(Context({"indikator_program": table}, 2024))
    assert [r["sebab"] for r in rows] == [None, "tabel_3_26_baris_7"]


def test_the_counts_sentence_is_the_same_in_the_ikhtisar_and_the_lampiran():
    from pipeline.validate.appendix import build_section

    found, comparison, evaluation = _case()
    items = facts(found, comparison, 2024, evaluation)
    sentence = counts_sentence(summary_table(items))
    assert sentence == ("Catatan Validasi memuat 5 temuan dari 7 baris pemeriksaan: 1 mengubah kriteria atau "
                        "kesimpulan, 3 menyangkut angka lain atau kalimat (poin persen, jumlah, tahun, nama) dan 1 menyangkut kualitas data.")
    lampiran = " ".join(b.text or "" for b in build_section(found, comparison, 2024, items).blocks)
    assert sentence in lampiran and sentence in corrections_paragraph(summary_table(items))


# -- the 2024 appendix (seed: Tabel 3.6/3.7/3.16/3.26, Perjanjian Kinerja, Tabel 2.6, Bab III 3.2) ----
@pytest.fixture(scope="module")
def koreksi_2024(validated_2024):
    found, _, report = validated_2024
    return found, pd.read_csv(report / "validation" / "koreksi.csv", keep_default_na=False)


def test_2024_first_findings_in_order(koreksi_2024):
    _, koreksi = koreksi_2024
    first = [(r.tingkat, r.dipublikasikan, r.hitung_ulang) for r in koreksi.head(10).itertuples()]
    assert first == [
        (1, "6%", "184,21%"),                        # Tabel 3.16: kriteria Sangat Kurang instead of Sangat Baik
        (1, "97,68%", "95,09%"),                     # Tabel 3.6: the unsourced basis of 'sudah mencapai'
        # sentences contradicting their own tables (pipeline.validate.narasi_check): conclusions
        (1, "Nilai Produksi peningkatan (2019–2024)", "Nilai Produksi turun 12,00% (2019–2024)"),
        (1, "tidak tercapainya target dikarenakan", "target tercapai (realisasi lebih baik dari target)"),
        (1, "ketercapaian ≤ 100", "2 dari 3 capaian tidak memenuhi: 101,47% (indikator 1.1), 184,21% (indikator 2.1)"),
        (2, "1.137.154.750", "1.665.673.356"),       # PK line short by Rp 528.518.606
        (2, "1.211.831.900", "1.240.592.100"),       # PK line short by Rp 28.760.200
        (3, "141,79%; capaian 151,24% (Tabel 3.7); capaian 141,79% (Tabel 3.9)", "95,13% (capaian 101,47%)"),
        (3, "93,75%", "101,47%"),                    # the target printed as the capaian
        (3, "184,62", "184,21"),
    ]


def test_2024_conclusion_on_the_national_standard(koreksi_2024):
    _, koreksi = koreksi_2024
    assert not koreksi["uraian"].str.startswith("Pernyataan 'sudah mencapai target nasional'").any()
    basis = koreksi[koreksi["dipublikasikan"] == "97,68%"].iloc[0]
    assert basis["dampak"] == (
        "Standar nasional 97,68% tidak bersumber pada data BPS nasional; hitung ulang dari data itu memberi "
        "95,09%. Terhadap 95,09%, realisasi 95,13% sudah mencapai target nasional; terhadap 97,68% yang dicetak "
        "sebagai dasarnya, 95,13% belum mencapainya. Kesimpulan yang dipublikasikan perlu dibandingkan dengan "
        "standar 95,09% dan menyebut sumbernya.")


def test_2024_siinas_capaian_is_a_notation_slip(koreksi_2024):
    _, koreksi = koreksi_2024
    slips = koreksi[koreksi["tingkat"] == 4]
    assert slips["dipublikasikan"].tolist() == ["1.024.07 %", "8,500%"]
    assert slips["hitung_ulang"].tolist() == ["1.024,07%", "8.500%"]  # 85 / 1 × 100; 1.024,07 worked in the seed
    assert slips["dampak"].iloc[1] == ("Penulisan angka: tertulis 8,500%, yang dimaksud 8.500%, sama dengan hasil "
                                       "hitung ulang; kriteria dan kesimpulan tidak berubah.")


def test_2024_pk_total_equal_to_the_dpa_is_not_wrong(koreksi_2024):
    _, koreksi = koreksi_2024
    assert not (koreksi["dipublikasikan"] == "6.643.861.122").any()
    line = koreksi[koreksi["dipublikasikan"] == "1.137.154.750"].iloc[0]
    # 1.665.673.356 − 1.137.154.750 = 528.518.606 = Tabel 2.6's Sarana dan Prasarana Industri sub kegiatan;
    # 6.643.861.122 = the DPA total; 6.643.861.122 − 528.518.606 = 6.115.342.516, the PK lines' sum.
    assert ("kurang Rp 528.518.606, tepat sebesar pagu sub kegiatan 'Koordinasi, Sinkronisasi Dan Pelaksanaan "
            "Pembangunan Sarana Dan Prasarana Industri' (diperjanjikan tersendiri dalam Perjanjian Kinerja Kepala "
            "UPTD Pusat Pelayanan dan Pengembangan Rendang)") in line["dampak"]
    assert "TOTAL 6.643.861.122 benar" in line["dampak"] and "6.115.342.516" in line["dampak"]
    assert line["tempat"].endswith("Perjanjian Kinerja Kepala Dinas Tenaga Kerja dan Perindustrian, TOTAL")
    other = koreksi[koreksi["dipublikasikan"] == "1.211.831.900"].iloc[0]  # 1.240.592.100 − 28.760.200
    assert "tepat sebesar pagu sub kegiatan 'Pembinaan Lembaga Pelatihan Kerja Swasta'" in other["dampak"]


def test_2024_errors_seen_twice_are_one_finding(koreksi_2024):
    _, koreksi = koreksi_2024
    ids = koreksi["id"].tolist()
    for pair in ("anggaran_pk_baris_6; anggaran_pk_baris_16; anggaran_pk_baris_9",   # PK line and TOTAL
                 "ra_tk_jumlah_program_bidang; ra_tk_jumlah_program_dari5",          # 4 Program Bidang, dari 5
                 "tabel_3_26_baris_7; tabel_3_26_baris_8",                          # program and kegiatan 101,94%
                 "penempatan_diploma_iii_l_p; penempatan_kolom_jumlah"):            # D III cell and column sum
        assert pair in ids, pair


def test_2024_counts_agree_everywhere(koreksi_2024):
    found, koreksi = koreksi_2024
    # 24 before: minus the true 'sudah mencapai' conclusion, minus 4 repeated errors = 19; plus 13
    # rows of the 15 false sentences of the seed (NIDA FATWA printed twice is one row; the two
    # 'relatif mengalami peningkatan' paragraphs on production are one) = 32
    assert found["catatan"] == len(koreksi) == 32
    assert counts_sentence(koreksi) == (
        "Catatan Validasi memuat 32 temuan dari 47 baris pemeriksaan: 5 mengubah kriteria atau kesimpulan, "
        "2 menyangkut angka rupiah, 20 menyangkut angka lain atau kalimat (poin persen, jumlah, tahun, nama), "
        "2 salah penulisan angka dan 3 menyangkut kualitas data.")
    assert int(koreksi["jumlah_tempat"].sum()) == len(found["warnings"]) == 47


def test_no_findings_is_said_once():
    empty = summary_table([])
    assert corrections_paragraph(empty) == counts_sentence(empty) == (
        "Catatan Validasi tidak memuat temuan: semua angka yang diperiksa sesuai dengan hasil hitung ulang.")


def test_koreksi_names_the_kind_of_each_finding(koreksi_2024):
    _, koreksi = koreksi_2024
    assert koreksi.groupby("jenis", sort=False).size().to_dict() == {
        "mengubah kriteria atau kesimpulan": 5, "angka rupiah": 2,
        "angka lain atau kalimat (poin persen, jumlah, tahun, nama)": 20,
        "penulisan angka": 2, "kualitas data": 3}


def test_a_finding_from_another_check_plugs_in_with_its_own_tier():
    found, comparison, evaluation = _case()
    found["warnings"].append({"row_key": "kalimat", "check": "narasi", "tingkat": 1, "value": "melebihi target",
                              "uraian": "Kalimat bertentangan dengan tabel", "tempat": "Bab III",
                              "dampak": "Kesimpulan kalimat itu berubah."})
    items = facts(found, comparison, 2024, evaluation)
    assert [(f.tingkat, f.dipublikasikan) for f in items][:2] == [(1, "ya"), (1, "melebihi target")]
    assert counts_sentence(summary_table(items)).startswith(
        "Catatan Validasi memuat 6 temuan dari 8 baris pemeriksaan: 2 mengubah kriteria atau kesimpulan")
