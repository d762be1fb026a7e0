"""Realisasi Anggaran (3.3): roll-ups, per-urusan figures, absorption bands, program indicators.

The 30 sub-kegiatan below are Tabel 2.6 of the 2024 seed (pagu, realisasi); the expected
figures were worked out by hand from the seed's own subtotals and percentages.
"""

import math

import pandas as pd

from pipeline.analysis import anggaran
from pipeline.measure import budget as budget_measure

TK, IND = "Tenaga Kerja", "Perindustrian"
# (sasaran, urusan, program, kegiatan, pagu, realisasi) — sub-kegiatan names are S1..S30
SEED = [
    (1, TK, "Pelatihan", "Pelaksanaan Pelatihan", 1211831900, 1142759555),
    (1, TK, "Pelatihan", "Pembinaan LPKS", 28760200, 27285610),
    (1, TK, "Penempatan", "Antarkerja", 78472700, 73578095),
    (1, TK, "Penempatan", "Informasi Pasar Kerja", 60811758, 58243873),
    (1, TK, "Hubungan Industrial", "Perselisihan", 23537850, 21790358),
    (1, TK, "Hubungan Industrial", "Perselisihan", 4200900, 3573645),
    (2, IND, "Perencanaan Industri", "Rencana Pembangunan Industri", 649650792, 631978238),
    (2, IND, "Perencanaan Industri", "Rencana Pembangunan Industri", 35160200, 33595815),
    (2, IND, "Perencanaan Industri", "Rencana Pembangunan Industri", 528518606, 498000023),
    (2, IND, "Perencanaan Industri", "Rencana Pembangunan Industri", 452343758, 425445006),
    (2, IND, "Izin Usaha Industri", "Penerbitan IUI", 61899300, 58611695),
    (2, IND, "SIINas", "Informasi Industri", 78696950, 68592385),
    (3, TK, "Penunjang", "Perencanaan", 19266200, 16926500),
    (3, TK, "Penunjang", "Perencanaan", 66642250, 65074600),
    (3, TK, "Penunjang", "Keuangan", 2455472713, 1977072836),
    (3, TK, "Penunjang", "Keuangan", 115300650, 115104000),
    (3, TK, "Penunjang", "Kepegawaian", 7920000, 7800000),
    (3, TK, "Penunjang", "Umum", 1988350, 1722600),
    (3, TK, "Penunjang", "Umum", 23000000, 21150000),
    (3, TK, "Penunjang", "Umum", 23846100, 20702500),
    (3, TK, "Penunjang", "Umum", 19389700, 16479280),
    (3, TK, "Penunjang", "Umum", 6016800, 5640000),
    (3, TK, "Penunjang", "Umum", 2530000, 2003925),
    (3, TK, "Penunjang", "Umum", 194468000, 194430245),
    (3, TK, "Penunjang", "Pengadaan BMD", 98842500, 98100000),
    (3, TK, "Penunjang", "Jasa Penunjang", 168681200, 150461080),
    (3, TK, "Penunjang", "Jasa Penunjang", 111331745, 110930293),
    (3, TK, "Penunjang", "Pemeliharaan BMD", 39190000, 38904864),
    (3, TK, "Penunjang", "Pemeliharaan BMD", 66350000, 63977060),
    (3, TK, "Penunjang", "Pemeliharaan BMD", 9740000, 9440000),
]


def seed_sub() -> pd.DataFrame:
    rows = [dict(sasaran_id=s, urusan=u, program=p, kegiatan=k, sub_kegiatan=f"S{i}", pagu=pagu, realisasi=real)
            for i, (s, u, p, k, pagu, real) in enumerate(SEED, start=1)]
    df = pd.DataFrame(rows)
    df["pagu"] = df["pagu"].astype("Int64")
    df["realisasi"] = df["realisasi"].astype("Int64")
    return df


def indicators_table() -> pd.DataFrame:
    rows = [  # Tabel 3.26 lines, texts as published
        (1, "program", "PROGRAM PENEMPATAN TENAGA KERJA", "Ditempatkan", "46,45%", 46.45, "51,53%", 51.53, "101,94%", 101.94, 2),
        (1, "kegiatan", "Kegiatan Pengelolaan Informasi Pasar Kerja", "Informasi", "80 %", 80.0, "100%", 100.0, "125%", 125.0, 0),
        (1, "program", "PROGRAM HUBUNGAN INDUSTRIAL", "Tata kelola", "4,03%", 4.03, "41,27%", 41.27, "1.024.07 %", None, None),
        (3, "kegiatan", "Kegiatan Administrasi Keuangan", "Realisasi keuangan", "80%", 80.0, "89,70%", 89.70, "112,13%", 112.13, 2),
        (3, "program", "PROGRAM PENUNJANG", "Nilai AKIP", "A", None, "A", None, "100%", 100.0, 0),
        (3, "sub_kegiatan", "Sub Kegiatan Gaji", "Orang", "18 orang", 18.0, "18 orang", 18.0, "100%", 100.0, 0),
    ]
    cols = ["sasaran_id", "tingkat", "nama", "indikator", "target_teks", "target", "realisasi_teks", "realisasi",
            "persen_teks", "persen_dilaporkan", "desimal"]
    return pd.DataFrame(rows, columns=cols)


def ordinal() -> pd.DataFrame:
    return pd.DataFrame(dict(nilai=["AA", "A", "BB", "B", "CC", "C", "D"], urutan=range(1, 8)))


def test_totals_match_the_seed():
    t = anggaran.totals(seed_sub())
    assert t["pagu"] == 6_643_861_122 and t["realisasi"] == 5_959_374_081
    assert round(t["serapan"], 2) == 89.70


def test_tree_subtotals_per_sasaran_program_and_kegiatan():
    tree = anggaran.budget_tree(seed_sub(), sasaran_names={1: "Meningkatnya Serapan Tenaga Kerja"})
    sasaran = tree[tree["tingkat"] == "sasaran"].set_index("sasaran_id")
    assert sasaran.loc[1, "pagu"] == 1_407_615_308 and sasaran.loc[1, "realisasi"] == 1_327_231_136
    assert round(sasaran.loc[1, "serapan"], 2) == 94.29
    assert sasaran.loc[1, "uraian"] == "Jumlah Anggaran Sasaran 1 – Meningkatnya Serapan Tenaga Kerja"
    assert sasaran.loc[2, "pagu"] == 1_806_269_606 and round(sasaran.loc[2, "serapan"], 2) == 95.01
    assert sasaran.loc[3, "pagu"] == 3_429_976_208 and round(sasaran.loc[3, "serapan"], 2) == 85.01
    programs = tree[tree["tingkat"] == "program"].set_index("uraian")
    assert programs.loc["Pelatihan", "pagu"] == 1_240_592_100  # Tabel 3.25: 1.240.592.100 / 94,31
    assert round(programs.loc["Pelatihan", "serapan"], 2) == 94.31
    assert programs.loc["Perencanaan Industri", "pagu"] == 1_665_673_356
    kegiatan = tree[tree["tingkat"] == "kegiatan"].set_index("uraian")
    assert kegiatan.loc["Keuangan", "pagu"] == 2_570_773_363 and round(kegiatan.loc["Keuangan", "serapan"], 2) == 81.38
    # order: sasaran row, then its program, kegiatan, sub-kegiatan; total last
    assert list(tree["tingkat"][:4]) == ["sasaran", "program", "kegiatan", "sub_kegiatan"]
    assert tree.iloc[-1]["tingkat"] == "total" and tree.iloc[-1]["pagu"] == 6_643_861_122
    assert len(tree) == 3 + 7 + 15 + 30 + 1


def test_counts_and_per_urusan():
    assert anggaran.counts(seed_sub()) == {"program": 7, "kegiatan": 15, "sub_kegiatan": 30}
    u = anggaran.per_urusan(seed_sub()).set_index("urusan")
    assert (u.loc[TK, "program"], u.loc[TK, "kegiatan"], u.loc[TK, "sub_kegiatan"]) == (4, 12, 24)
    assert u.loc[TK, "pagu"] == 4_837_591_516 and u.loc[TK, "realisasi"] == 4_243_150_919
    assert round(u.loc[TK, "serapan"], 2) == 87.71
    assert (u.loc[IND, "program"], u.loc[IND, "kegiatan"], u.loc[IND, "sub_kegiatan"]) == (3, 3, 6)
    assert round(u.loc[IND, "serapan"], 2) == 95.01
    assert u.loc["Jumlah", "pagu"] == 6_643_861_122


def test_absorption_bands_and_the_true_sentence():
    bands = anggaran.bands(seed_sub()).set_index("urusan", drop=False)
    tk = bands.loc[TK]
    assert (tk["≥ 90"], tk["80 – < 90"], tk["< 80"], tk["jumlah"]) == (16, 7, 1, 24)
    ind = bands.loc[IND]
    assert (ind["≥ 90"], ind["80 – < 90"], ind["< 80"]) == (5, 1, 0)
    assert anggaran.band_sentence(tk) == ("Dari 24 sub kegiatan, 16 sub kegiatan menyerap ≥ 90%, "
                                          "7 antara 80% dan 90% dan 1 di bawah 80%.")
    assert anggaran.band_sentence(ind).endswith("1 antara 80% dan 90% dan tidak ada yang di bawah 80%.")


def test_band_edges_are_half_open():
    sub = pd.DataFrame(dict(sasaran_id=[1, 1, 1], urusan=["U"] * 3, program=["P"] * 3, kegiatan=["K"] * 3,
                            sub_kegiatan=["a", "b", "c"], pagu=[100, 100, 100], realisasi=[90, 80, 79]))
    row = anggaran.bands(sub).set_index("urusan").loc["U"]
    assert (row["≥ 90"], row["80 – < 90"], row["< 80"]) == (1, 1, 1)


def test_indicator_capaian_recomputed_next_to_published():
    table = anggaran.indicator_table(indicators_table(), ordinal={"AA": 1, "A": 2, "BB": 3})
    assert list(table["tingkat"]) == ["program", "kegiatan", "program", "kegiatan", "program"]  # no sub_kegiatan
    by_name = table.set_index("nama")
    placement = by_name.loc["PROGRAM PENEMPATAN TENAGA KERJA"]
    assert round(placement["capaian"], 2) == 110.94 and placement["status"] == "berbeda"
    assert by_name.loc["Kegiatan Pengelolaan Informasi Pasar Kerja", "status"] == "sama"
    assert by_name.loc["PROGRAM HUBUNGAN INDUSTRIAL", "status"] == "tidak terbaca"
    assert round(by_name.loc["PROGRAM HUBUNGAN INDUSTRIAL", "capaian"], 2) == 1024.07
    # 89,70 / 80 × 100 = 112,125 is published as 112,13 (half-up), despite float noise
    assert by_name.loc["Kegiatan Administrasi Keuangan", "status"] == "sama"
    assert by_name.loc["PROGRAM PENUNJANG", "capaian"] == 100.0  # grade A vs A by the declared order
    notes = anggaran.indicator_notes(table)
    assert any("101,94%" in n and "110,94%" in n for n in notes)
    assert any("“1.024.07 %” tidak dapat dibaca" in n for n in notes)


def test_published_matches_rounds_as_published():
    assert anggaran.published_matches(6.0, 0, 5.9869)
    assert not anggaran.published_matches(184.62, 2, 184.2125)
    assert anggaran.published_matches(112.13, 2, 89.7 / 80 * 100)


def test_build_section_and_results():
    tables = {"anggaran_subkegiatan": seed_sub(), "indikator_program": indicators_table(), "skala_ordinal": ordinal()}
    section, result = anggaran.build(tables, 2024)
    assert section.id == "anggaran"
    assert result["pagu"] == 6_643_861_122 and result["realisasi"] == 5_959_374_081
    assert round(result["serapan"], 2) == 89.70
    kinds = [b.kind for b in section.blocks]
    assert kinds.count("figure") == 1 and "note" in kinds
    assert set(section.tables) == {"anggaran_akuntabilitas_keuangan", "anggaran_per_urusan",
                                   "anggaran_sebaran_serapan", "anggaran_indikator_program"}
    text = " ".join(b.text for b in section.blocks)
    assert "7 program, 15 kegiatan dan 30 sub kegiatan" in text
    assert "Rp 6.643.861.122" in text and "89,70%" in text
    assert "Urusan Tenaga Kerja terdiri dari 4 program, 12 kegiatan dan 24 sub kegiatan" in text
    assert "16 sub kegiatan menyerap ≥ 90%, 7 antara 80% dan 90% dan 1 di bawah 80%" in text
    assert "S23 (79,21%" in text  # Fasilitasi Kunjungan Tamu, the lowest absorption
    urusan = section.tables["anggaran_per_urusan"].set_index("Urusan")
    assert urusan.loc["Jumlah", "Pagu (Rp)"] == 6_643_861_122


def test_build_is_deterministic(tmp_path):
    tables = {"anggaran_subkegiatan": seed_sub()}
    a, _ = anggaran.build(tables, 2024)
    b, _ = anggaran.build(tables, 2024)
    assert a.figures == b.figures
    a.save(tmp_path)
    assert (tmp_path / "figures" / "anggaran_serapan_program.svg").stat().st_size > 0


def test_zero_pagu_gives_no_serapan():
    assert math.isnan(budget_measure.serapan_rate(0, 0))
