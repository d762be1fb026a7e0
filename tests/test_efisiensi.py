"""Bab III analysis 6 (efficiency): capaian ÷ serapan, unspent budget split into belanja pegawai
and program spending, cost per unit of output; and the 2024 back-test against the seed.

Hand computations (seed Tabel 2.6 / 3.8 / 3.15 / 3.23, integers from the seed's rupiah):
  sasaran 1: pagu 1.407.615.308, realisasi 1.327.231.136, sisa 80.384.172 (no gaji sub kegiatan);
             serapan 1.327.231.136 / 1.407.615.308 = 94,289…%  -> 94,29 (published 94,29; 100 − = 5,71)
             capaian 101,47 (published) / 94,289 = 1,0762 -> 1,08
  sasaran 2: pagu 1.806.269.606, realisasi 1.716.223.162, sisa 90.046.444; serapan 95,0148% -> 95,01
             (published 95,01; 100 − = 4,99); capaian 184,21 (recomputed) / 95,0148 = 1,9388 -> 1,94
  sasaran 3: pagu 3.429.976.208, realisasi 2.915.919.783, sisa 514.056.425; serapan 85,0128% -> 85,01
             (published 85,01; 100 − = 14,99); capaian 100 (A vs A) / 85,0128 = 1,1763 -> 1,18
             gaji (Penyediaan Gaji dan Tunjangan ASN): 2.455.472.713 − 1.977.072.836 = 478.399.877
             program: pagu 3.429.976.208 − 2.455.472.713 = 974.503.495,
                      realisasi 2.915.919.783 − 1.977.072.836 = 938.846.947, sisa 35.656.548,
                      serapan 938.846.947 / 974.503.495 = 96,341% -> 96,34; 100 / 96,341 = 1,0380 -> 1,04
  So sasaran 3's published "efisiensi 14,99%" is Rp 478,4 juta of unpaid salary out of Rp 514,1 juta.
"""

import math

import pandas as pd
import pytest

from pipeline.analysis import anggaran, keluaran
from pipeline.measure import budget
from tests.formulas import check
from tests.test_analysis_anggaran import seed_sub

GAJI = "S15"   # seed_sub names its sub kegiatan S1..S30; S15 is Penyediaan Gaji dan Tunjangan ASN


def tiny_sub() -> pd.DataFrame:
    return pd.DataFrame({
        "sasaran_id": [1, 1, 1, 2], "urusan": "U", "program": ["P", "P", "Q", "R"],
        "kegiatan": ["K1", "K1", "K2", "K3"],
        "sub_kegiatan": ["Penyediaan Gaji dan Tunjangan ASN", "Rapat", "Pelatihan Kerja", "Izin"],
        "pagu": pd.array([1000, 200, 300, 50], dtype="Int64"),
        "realisasi": pd.array([600, 150, 300, 50], dtype="Int64")})


def test_sisa_split_keeps_unspent_salary_apart():
    sub = tiny_sub()
    split = budget.sisa_split(sub, pd.Series([True, False, False, False], index=sub.index)).set_index("sasaran_id")
    # sasaran 1: gaji 1000 − 600 = 400; program (200 + 300) − (150 + 300) = 50, serapan 450/500 = 90%
    assert split.loc[1, ["pagu_pegawai", "realisasi_pegawai", "sisa_pegawai"]].tolist() == [1000, 600, 400]
    assert split.loc[1, ["pagu_program", "realisasi_program", "sisa_program"]].tolist() == [500, 450, 50]
    assert split.loc[1, "serapan_program"] == pytest.approx(90.0)
    # sasaran 2: no gaji, program fully spent
    assert split.loc[2, ["sisa_pegawai", "sisa_program"]].tolist() == [0, 0]
    assert split.loc[2, "serapan_program"] == pytest.approx(100.0)


def test_index_and_cost_per_unit():
    assert budget.efficiency_index(110, 88) == pytest.approx(1.25)
    assert math.isnan(budget.efficiency_index(110, 0)) and math.isnan(budget.efficiency_index(None, 90))
    assert budget.cost_per_unit(1_142_759_555, 240) == pytest.approx(4_761_498.1458333)
    assert math.isnan(budget.cost_per_unit(100, 0))


def test_belanja_pegawai_is_the_declared_sub_kegiatan():
    sub = tiny_sub()
    tables = {"instansi": pd.DataFrame({"kunci": ["belanja_pegawai_sub_kegiatan"],
                                        "nilai": ["Penyediaan Gaji dan Tunjangan ASN"]})}
    names = anggaran.belanja_pegawai_names(tables)
    assert names == ["Penyediaan Gaji dan Tunjangan ASN"]
    # spelling and case do not matter, another name is not belanja pegawai
    sub.loc[0, "sub_kegiatan"] = "Sub Kegiatan Penyediaan  gaji dan tunjangan ASN"
    assert anggaran.belanja_pegawai(sub, names).tolist() == [True, False, False, False]
    assert anggaran.belanja_pegawai_names({}) == []


def test_profile_joins_a_list_setting():
    from pipeline.inputs.profile import settings

    values = settings({"belanja_pegawai_sub_kegiatan": ["Penyediaan Gaji dan Tunjangan ASN", "Honor"]})
    assert values["belanja_pegawai_sub_kegiatan"] == "Penyediaan Gaji dan Tunjangan ASN; Honor"


@pytest.mark.parametrize("sid, capaian, pagu, realisasi, serapan, indeks, publikasi, pegawai_sisa, program", [
    (1, 101.47, 1_407_615_308, 1_327_231_136, "94,29", "1,08", "5,71", 0, (1_407_615_308, 1_327_231_136, 80_384_172)),
    (2, 184.21, 1_806_269_606, 1_716_223_162, "95,01", "1,94", "4,99", 0, (1_806_269_606, 1_716_223_162, 90_046_444)),
    (3, 100.0, 3_429_976_208, 2_915_919_783, "85,01", "1,18", "14,99", 478_399_877, (974_503_495, 938_846_947, 35_656_548)),
])
def test_2024_back_test(sid, capaian, pagu, realisasi, serapan, indeks, publikasi, pegawai_sisa, program):
    from pipeline.inputs.idnum import fmt_number

    f = anggaran.efficiency_figures(seed_sub(), sid, capaian, [GAJI])
    assert (f["pagu"], f["realisasi"]) == (pagu, realisasi)
    assert fmt_number(f["serapan"]) == serapan and fmt_number(f["indeks"]) == indeks
    assert fmt_number(f["efisiensi_publikasi"]) == publikasi   # the published method, kept beside
    assert f["sisa_pegawai"] == pegawai_sisa
    assert (f["pagu_program"], f["realisasi_program"], f["sisa_program"]) == program
    assert f["sisa"] == f["sisa_pegawai"] + f["sisa_program"]


def test_sasaran_3_conclusion_never_calls_salary_efficiency():
    f = anggaran.efficiency_figures(seed_sub(), 3, 100.0, [GAJI])
    text = anggaran.efficiency_conclusion(f)
    assert "Rp 478.399.877 dari sisa anggaran Rp 514.056.425" in text and "bukan efisiensi" in text
    assert "serapan belanja program 96,34%" in text and "Rp 35.656.548 merupakan efisiensi" in text
    assert "Rp 514.056.425 merupakan efisiensi" not in text
    assert anggaran.index_formula("Indeks", 100.0, f["serapan_program"]) == \
        "Indeks = Capaian / Serapan = 100% / 96,34% = 1,04"


def test_conclusion_claims_efficiency_only_when_target_met_and_program_underspent():
    base = dict(sisa_pegawai=0, sisa=50, pagu_program=500, sisa_program=50)
    missed = anggaran.efficiency_conclusion({**base, "capaian": 99.99, "serapan_program": 90.0})
    assert "belum mencapai target" in missed and "tidak dapat disebut efisiensi" in missed
    full = anggaran.efficiency_conclusion({**base, "capaian": 120.0, "serapan_program": 100.0, "sisa_program": 0})
    assert "tidak ada efisiensi" in full
    met = anggaran.efficiency_conclusion({**base, "capaian": 100.0, "serapan_program": 90.0})
    assert "Rp 50 merupakan efisiensi" in met
    unknown = anggaran.efficiency_conclusion({**base, "capaian": math.nan, "serapan_program": 90.0})
    assert "tidak dapat dinilai" in unknown and "merupakan efisiensi" not in unknown


def test_index_formula_closes_on_a_calculator():
    # 101,474138 / 94,289337 = 1,07620 but 101,47 / 94,29 = 1,07615: both 1,08; near a rounding edge
    # the operands get more decimals
    for capaian, rate in ((101.474138, 94.289337), (184.21, 95.014784), (100.0, 85.012828), (1.2345, 1.2345 / 1.005)):
        line = anggaran.index_formula("Indeks efisiensi", capaian, rate)
        assert check(line) == (1, []), line
    assert check("Indeks = Capaian / Serapan = 101,47% / 94,29% = 1,09")[1]  # the checker catches a bad one


def test_output_costs_only_for_counts_and_not_for_salaries():
    sub = tiny_sub()
    ind = pd.DataFrame({
        "sasaran_id": [1, 1, 1, 1], "tingkat": ["sub_kegiatan", "sub_kegiatan", "kegiatan", "sub_kegiatan"],
        "nama": ["Sub Kegiatan Pelatihan Kerja", "Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN", "Kegiatan K1",
                 "Sub Kegiatan Rapat"],
        "indikator": ["Jumlah orang dilatih", "Jumlah orang menerima gaji", "Persentase", "Jumlah rapat"],
        "realisasi": pd.array([12, 18, 80, 3], dtype="Float64"), "satuan": ["orang", "orang", "%", "laporan"]})
    tables = {"indikator_program": ind, "anggaran_subkegiatan": sub,
              "instansi": pd.DataFrame({"kunci": ["belanja_pegawai_sub_kegiatan"],
                                        "nilai": ["Penyediaan Gaji dan Tunjangan ASN"]})}
    costs = anggaran.output_costs(tables, 1)
    # 300 / 12 orang = 25 per orang; 150 / 3 laporan = 50; the % indicator and the salaries are left out
    assert costs["indikator"].tolist() == ["Jumlah orang dilatih", "Jumlah rapat"]
    assert costs["biaya_per_unit"].tolist() == [25.0, 50.0]
    assert costs["realisasi_rp"].tolist() == [300, 150]


# -- output tables (analysis 7) ---------------------------------------------------------------

def test_by_education_sums_cells():
    cells = pd.DataFrame({"pendidikan": ["SD", "SD", "SLTA", "SLTA"], "jenis_kelamin": ["L", "P", "L", "P"],
                          "jumlah": [1, 0, 83, 70]})
    out = keluaran.by_education(cells)
    assert out.values.tolist() == [["SD", 1, 0, 1], ["SLTA", 83, 70, 153], ["Jumlah", 84, 70, 154]]


def test_penyaluran_and_halal_totals():
    items = pd.DataFrame({"keterangan": ["TKI ke LN", "Dalam Negeri Lainnya"], "jumlah": [4, 97]})
    assert keluaran.penyaluran(items).iloc[-1].tolist() == ["Jumlah", 101]
    listed = pd.DataFrame({"mekanisme": ["Reguler", "Self Declare", "Self Declare"],
                           "jenis_produk": ["Daging", "Bakeri", "Daging"]})
    out = keluaran.halal(listed)
    assert out.values.tolist() == [["Daging", 1, 1, 2], ["Bakeri", 0, 1, 1], ["Jumlah", 1, 2, 3]]


def test_pelatihan_groups_batches_with_subtotals_per_fund():
    batches = pd.DataFrame({
        "pelatihan": ["Roti", "Roti", "Barista"], "sumber_dana": ["APBD Kota", "APBD Kota", "APBN"],
        "peserta": [16, 16, 20],
        "tanggal_mulai": pd.to_datetime(["2024-02-02", "2024-04-23", None]),
        "tanggal_selesai": pd.to_datetime(["2024-03-07", "2024-05-17", None])})
    out = keluaran.pelatihan(batches)
    assert out[["Pelatihan", "Sumber dana", "Angkatan", "Peserta (orang)"]].values.tolist() == [
        ["Roti", "APBD Kota", 2, 32], ["Barista", "APBN", 1, 20],
        ["Jumlah", "APBD Kota", 2, 32], ["Jumlah", "APBN", 1, 20], ["Jumlah", "", 3, 52]]
    assert out.loc[0, ["Mulai", "Selesai"]].tolist() == ["2 Februari 2024", "17 Mei 2024"]


def test_output_table_goes_to_the_sasaran_holding_its_program():
    sub = tiny_sub().assign(program=["Penunjang", "Penunjang", "Penempatan Tenaga Kerja", "Pengendalian Izin Usaha "
                                     "Industri Kabupaten/Kota"])
    assert keluaran.delivered_by(sub, 1, "Penempatan Tenaga Kerja")
    assert not keluaran.delivered_by(sub, 2, "Penempatan Tenaga Kerja")
    assert keluaran.delivered_by(sub, 2, "Pengendalian Izin Usaha Industri")


def test_published_totals_listed_beside_the_recomputed_ones():
    comparisons = pd.DataFrame({
        "id": ["tabel_penempatan_jumlah", "penempatan_kolom_jumlah", "penempatan_sd_l_p", "tabel_penyaluran_jumlah"],
        "tabel": ["Teks 1.1", "Penempatan", "Penempatan", "Teks 1.1"],
        "lokasi": ["Sasaran 1, tabel b)", "", "", "Sasaran 1, tabel c)"],
        "besaran": ["jumlah_penempatan"] * 4, "objek": ["kota", "kolom:Jumlah", "sel:SD / L+P", "kota"],
        "dilaporkan_teks": ["101", "101", "1", "101"], "dihitung": [101.0, 100.0, 1.0, 101.0],
        "desimal": [0, 0, 0, 0], "dihitung_kata": ["", "", "", ""], "cocok": [True, False, True, True]})
    out = keluaran.published_vs_recomputed(comparisons, "penempatan", ("jumlah_penempatan",))
    assert out.values.tolist() == [["Sasaran 1, tabel b)", "101", "101", "sama"],
                                   ["Penempatan, penjumlahan kolom Jumlah", "101", "100", "berbeda"]]
    # the seed's DIPLOMA III row: L 0 + P 1 printed as Jumlah 0, so the Jumlah column adds up to
    # 100 while the printed total 101 (= 51 + 50) is right; the validation's explanation says so
    why = "jumlah 101 benar (sama dengan jumlah sel L + P); kolom Jumlah hanya berjumlah 100 karena sel yang salah"
    out = keluaran.published_vs_recomputed(comparisons.assign(penjelasan=["", why, "", ""]), "penempatan",
                                           ("jumlah_penempatan",))
    assert out["Keterangan"].tolist() == ["sama", f"berbeda: {why}"]


def test_published_efficiency_is_quoted_from_the_comparisons():
    comparisons = pd.DataFrame({"besaran": ["efisiensi", "efisiensi", "efisiensi", "serapan"],
                                "objek": ["sasaran:3", "sasaran:3", "sasaran:1", "sasaran:3"],
                                "tabel": ["Teks 3.5", "Tabel 3.23", "Tabel 3.8", "Tabel 3.23"],
                                "dilaporkan_teks": ["14,99%", "14,99", "5,71", "85,01%"]})
    assert anggaran.published_efficiency(comparisons, 3) == "14,99 (Tabel 3.23 dokumen yang dipublikasikan)"
    assert anggaran.published_efficiency(comparisons, 2) == ""
    assert anggaran.published_efficiency(None, 3) == ""
