"""Validation building blocks on tiny hand-made tables (no Great Expectations run here)."""

import math
from pathlib import Path

import pandas as pd
import pytest

from pipeline.inputs import catalogue
from pipeline.validate import checks, recompute
from pipeline.validate.findings import findings_for
from pipeline.validate.gx import ExpectationOutcome, SuiteError, check_bindings, load_suite, load_suites

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
BPS = "data/raw/2024/bps_ketenagakerjaan_wilayah.csv"


def labour(bekerja=74085):
    rows = [("angkatan_kerja", 77876, 2), ("bekerja", bekerja, 3), ("penganggur", 3791, 4),
            ("bukan_angkatan_kerja", 32544, 5), ("sekolah", 9015, 6), ("mengurus_rumah_tangga", 17935, 7),
            ("lainnya", 5594, 9), ("penduduk_usia_kerja", 110420, 10)]
    df = pd.DataFrame([dict(wilayah="Kota Payakumbuh", tahun=2024, variabel=v, nilai=float(n), sumber_file=BPS,
                            sumber_baris=r, sumber_kolom="Tahun 2024") for v, n, r in rows])
    computed = pd.DataFrame([dict(wilayah="Kota Payakumbuh", tahun=2024, variabel="penyerapan", nilai=95.13,
                                  sumber_file="dihitung", sumber_baris=None, sumber_kolom=None)])
    return pd.concat([df, computed], ignore_index=True)


def test_labour_identities_hold_for_the_2024_seed_values():
    df = checks.labour_identities(labour())
    assert list(df["cek"]) == ["identitas_angkatan_kerja", "identitas_bukan_angkatan_kerja",
                               "identitas_penduduk_usia_kerja"]
    assert (df["kiri"] == df["kanan"]).all()  # 77.876 = 74.085 + 3.791; 32.544 = 9.015+17.935+5.594; ...


def test_broken_labour_identity_names_file_column_and_both_sides():
    df = checks.labour_identities(labour(bekerja=74000))
    row = df.iloc[0]
    assert (row["kiri"], row["kanan"]) == (77876, 77791)
    message = f"{row['lokasi']}: {row['kiri_teks']} ≠ {row['kanan_teks']}"
    assert message == (f"{BPS}, kolom 'Tahun 2024': Angkatan Kerja (baris 2) 77.876 ≠ "
                       "Bekerja (baris 3) 74.000 + Penganggur (baris 4) 3.791 = 77.791")


def sub_table():
    return pd.DataFrame([
        dict(sasaran_id=1, urusan="Tenaga Kerja", program="Penempatan Tenaga Kerja", kegiatan="A", sub_kegiatan="a1",
             pagu=100, realisasi=90, sumber_baris=2),
        dict(sasaran_id=1, urusan="Tenaga Kerja", program="Penempatan Tenaga Kerja", kegiatan="A", sub_kegiatan="a2",
             pagu=50, realisasi=40, sumber_baris=3),
        dict(sasaran_id=2, urusan="Perindustrian", program="Industri", kegiatan="B", sub_kegiatan="b1",
             pagu=30, realisasi=30, sumber_baris=4),
    ])


def test_budget_rollups_compare_each_stated_subtotal_with_its_sub_kegiatan():
    rekap = pd.DataFrame([
        dict(tabel="Tabel 3.25", tingkat="program", sasaran_id=1, urusan=None, program="PROGRAM PENEMPATAN  TENAGA KERJA",
             kegiatan=None, pagu=150, realisasi=130, sumber_baris=2),
        dict(tabel="Tabel 3.25", tingkat="kegiatan", sasaran_id=2, urusan=None, program="Industri", kegiatan="b",
             pagu=31, realisasi=30, sumber_baris=3),
        dict(tabel="Tabel 3.2", tingkat="total", sasaran_id=None, urusan=None, program=None, kegiatan=None,
             pagu=180, realisasi=160, sumber_baris=4),
        dict(tabel="Bab 3.2", tingkat="urusan", sasaran_id=None, urusan="Tenaga Kerja", program=None, kegiatan=None,
             pagu=150, realisasi=130, sumber_baris=5),
    ])
    df = checks.budget_rollups(sub_table(), rekap, "sub.csv", "rekap.csv")
    broken = df[df["kiri"] != df["kanan"]]
    assert list(broken["kunci"]) == ["Tabel 3.25 kegiatan 'b' pagu"]
    assert broken.iloc[0]["kanan"] == 30
    assert broken.iloc[0]["lokasi"] == "rekap.csv baris 3, kolom 'Pagu'"
    assert "(baris 4)" in broken.iloc[0]["kanan_teks"]


def test_stated_totals_against_cells():
    cells = pd.DataFrame([dict(pendidikan=p, jenis_kelamin=s, jumlah=n)
                          for p, s, n in (("SD", "L", 1), ("SD", "P", 0), ("D3", "L", 0), ("D3", "P", 1))])
    stated = pd.DataFrame([
        dict(pendidikan="SD", jenis_kelamin="L+P", jumlah_dilaporkan=1, is_total=False, sumber_baris=2, sumber_kolom="Jumlah"),
        dict(pendidikan="D3", jenis_kelamin="L+P", jumlah_dilaporkan=0, is_total=False, sumber_baris=3, sumber_kolom="Jumlah"),
        dict(pendidikan="Jumlah", jenis_kelamin="P", jumlah_dilaporkan=1, is_total=True, sumber_baris=4, sumber_kolom="P"),
    ])
    df = checks.stated_vs_cells(cells, stated, "pendidikan", "pk.csv", "t")
    assert list(df["kiri"] == df["kanan"]) == [True, False, True]


def _stated_vs_cells_by_filtering(cells, stated, category):
    """The second method: every stated total's cells picked by filtering the table (kanan, count)."""
    out = []
    typed = stated.groupby("sumber_kolom", sort=False)["jumlah_dilaporkan"].transform(lambda s: s.notna().any())
    for _, r in stated[typed.astype(bool)].iterrows():
        part = cells if bool(r["is_total"]) else cells[cells[category] == r[category]]
        if "unit" in stated.columns and "unit" in cells.columns and not checks.is_total_label(r["unit"]):
            part = part[part["unit"] == r["unit"]]
        part = part[part["jenis_kelamin"].isin([s.strip() for s in str(r["jenis_kelamin"]).split("+")])]
        out.append((float(part["jumlah"].fillna(0).sum()), len(part)))
    return out


def test_stated_totals_sum_the_cells_each_covers_as_filtering_does():
    """Each stated total of the shipped 2024 breakdown tables (job seekers by education and sex,
    staff by unit, rank and education), and of a table with a unit total, a missing category and
    a blank cell, covers the cells that filtering the table for it picks."""
    from pipeline.config import PACKAGE_ROOT, Paths
    from pipeline.inputs import services, staff

    paths = Paths(PACKAGE_ROOT)
    tables = {**services.tables(paths, 2024), **staff.tables(paths, 2024)}
    cases = [(tables[cells], tables[stated], category) for cells, stated, category, _ in checks.BREAKDOWNS]
    cells = pd.DataFrame([dict(golongan=g, unit=u, jenis_kelamin=s, jumlah=n) for g, u, s, n in (
        ("III", "Sekretariat", "L", 2), ("III", "Sekretariat", "P", None), ("III", "Bidang", "L", 4),
        ("IV", "Bidang", "P", 1), (None, "Bidang", "L", 7))])
    stated = pd.DataFrame([dict(golongan=g, unit=u, jenis_kelamin=s, jumlah_dilaporkan=n, is_total=t,
                                sumber_baris=i + 2, sumber_kolom=k) for i, (g, u, s, n, t, k) in enumerate((
        ("III", "Jumlah", "L+P", 6, False, "Jumlah"), ("Jumlah", "Bidang", "L", 11, True, "L"),
        ("IV", "Sekretariat", "P", None, False, "P"), (None, "Bidang", "L", 7, False, "L")))])
    cases.append((cells, stated, "golongan"))
    for cells, stated, category in cases:
        expected = _stated_vs_cells_by_filtering(cells, stated, category)
        df = checks.stated_vs_cells(cells, stated, category, "x.csv", "t")
        counts = [int(text.split(" ")[1]) for text in df["kanan_teks"]]  # "jumlah N sel (...)"
        assert list(zip(df["kanan"], counts)) == expected
    assert sum(len(_stated_vs_cells_by_filtering(*case)) for case in cases[:-1]) == 75
    # by hand: golongan III in every unit 2 + blank + 4; unit Bidang, L 4 + 7 (the row without a
    # golongan counts for the Jumlah row only); column P wholly blank: not compared; no golongan: nothing
    assert _stated_vs_cells_by_filtering(*cases[-1]) == [(6.0, 3), (11.0, 2), (0.0, 0)]


def test_ikm_identities_cover_series_and_register_classification():
    seri = pd.DataFrame(dict(tahun=[2023], unit_usaha=[2454], formal=[1359], non_formal=[1095], sumber_file=["s.csv"]))
    agregat = pd.DataFrame(dict(tahun=[2024], unit_usaha=[2500], formal=[1400], non_formal=[1100],
                                mikro=[2483], kecil=[16], menengah=[0], sumber=["Register"]))
    df = checks.ikm_identities(seri, agregat)
    assert list(df["cek"]) == ["ikm_formal_nonformal", "ikm_formal_nonformal", "ikm_mikro_kecil_menengah"]
    assert list(df["kiri"] == df["kanan"]) == [True, True, False]


def test_yoy_range_is_previous_years_widened_by_a_quarter():
    agregat = pd.DataFrame(dict(tahun=[2019, 2020, 2021, 2022, 2023], unit_usaha=[100, 120, 110, 150, 151]))
    df = checks.yoy_ranges(agregat)
    assert list(df["tahun"]) == [2022, 2023]
    first = df.iloc[0]
    assert (first["batas_bawah"], first["batas_atas"]) == (75, 150)  # 150 sits exactly on the edge: not an outlier
    assert df.iloc[1]["batas_atas"] == 187.5


@pytest.mark.parametrize("teks, dihitung, cocok", [
    ("6%", 5.98686, True),            # published with 0 decimals: 5,98686 rounds to 6
    ("184,62%", 184.2125, False),
    ("95,13%", 95.125, True),         # half-up, not banker's rounding
    ("95,12%", 95.125, False),
    ("1.407.615.308", 1407615308.0, True),
    ("3,1%", -9.1197, False),
])
def test_published_matches_when_recomputed_rounds_to_it(teks, dihitung, cocok):
    row = recompute.make_row(id="x", tabel="T", lokasi="l", besaran="capaian", objek="sasaran:1", tahun=2024,
                             teks=teks, dihitung=dihitung, cara="c")
    assert row["cocok"] is cocok


def test_unreadable_published_number_is_kept_and_never_matches():
    row = recompute.make_row(id="x", tabel="Tabel 3.26", lokasi="l", besaran="capaian_indikator_program",
                             objek="sasaran:1", tahun=2024, teks="1.024.07 %", dihitung=1024.0695, cara="c")
    assert math.isnan(row["dilaporkan"]) and row["dilaporkan_kata"] is None and row["cocok"] is False


def test_text_figures_compare_as_words():
    row = recompute.make_row(id="x", tabel="Teks 1.4", lokasi="l", besaran="memenuhi_standar_nasional",
                             objek="sasaran:1", tahun=2024, teks="ya", dihitung="tidak", cara="c")
    assert (row["dilaporkan_kata"], row["dihitung_kata"], row["cocok"]) == ("ya", "tidak", False)
    grade = recompute.make_row(id="y", tabel="T", lokasi="l", besaran="realisasi", objek="sasaran:3",
                               tahun=2024, teks="A", dihitung=None, cara=None)
    assert grade["dilaporkan_kata"] == "a" and grade["cocok"] is pd.NA


@pytest.mark.parametrize("name, fragment", [
    ("malformed.json", "tidak dapat dibaca sebagai JSON"),
    ("empty_suite.json", "tidak berisi ekspektasi"),
    ("bad_severity.json", "meta.severity"),
])
def test_bad_suite_files_raise(name, fragment):
    with pytest.raises(SuiteError, match=fragment):
        load_suite(FIXTURES / name)


def test_suite_naming_missing_table_or_column_raises_with_both_problems():
    specs = [load_suite(FIXTURES / "missing_column.json"), load_suite(FIXTURES / "missing_table.json")]
    with pytest.raises(SuiteError) as info:
        check_bindings(specs, {"iku": pd.DataFrame({"sasaran_id": [1]})})
    assert "'tidak_ada'" in str(info.value) and "tabel 'tidak_ada' tidak ada" in str(info.value)


def test_shipped_suites_load_with_both_severities():
    specs = load_suites(Path(__file__).resolve().parents[1] / "expectations")
    assert {s.severity for s in specs} == {"critical", "warning"}
    assert all(s.meta.get("alasan") for s in specs), "every suite says why it has its severity"


def test_finding_message_uses_the_row_and_names_the_source():
    table = pd.DataFrame([dict(sub_kegiatan="Rapat", pagu=100, realisasi=120, sumber_baris=7)])
    outcome = ExpectationOutcome(
        suite="anggaran_subkegiatan", table="anggaran_subkegiatan", severity="critical",
        type="expect_column_pair_values_a_to_be_greater_than_b",
        kwargs={"column_A": "pagu", "column_B": "realisasi", "or_equal": True},
        meta={"pesan": "{sumber}: realisasi {realisasi} > pagu {pagu} pada sub-kegiatan '{sub_kegiatan}'"},
        success=False, result={"unexpected_index_list": [0]})
    [finding] = findings_for(outcome, table, {"sumber_file": "data/raw/{year}/anggaran_subkegiatan.csv",
                                              "kunci": ["sub_kegiatan"]}, 2024)
    assert finding["message"] == ("data/raw/2024/anggaran_subkegiatan.csv, baris 7: realisasi 120 > pagu 100 "
                                  "pada sub-kegiatan 'Rapat'")
    assert finding["row_key"] == "Rapat" and finding["value"] == {"pagu": 100, "realisasi": 120}
    assert set(finding) == {"severity", "check", "table", "column", "row_key", "value", "expected", "message", "source"}


def test_budget_names_decide_as_match_budget_spelled_out():
    """Exact name (spacing ignored), then a prefix when the hits agree on the pagu, then one close
    spelling (≥ 0,9); a tie of close spellings or no close one is no match."""
    candidates = pd.DataFrame({
        "tingkat": ["program", "kegiatan", "sub_kegiatan", "sub_kegiatan"],
        "uraian": ["Program Penempatan Tenaga Kerja", "Pelatihan Kerja", "Rapat Koordinasi A", "Rapat Koordinasi B"],
        "pagu": [100.0, 50.0, 10.0, 20.0]})
    names = recompute.BudgetNames(candidates)
    expected = {
        "penempatan tenaga  kerja": 100.0,   # exact, once normalised
        "Pelatihan Kerja Dasar": 50.0,       # the tree's name is a prefix of it
        "Penempatan Tenaga Kerjo": 100.0,    # 40/42 = 0,952 similar, the only one above 0,9
        "Rapat Koordinasi": None,            # both sub kegiatan: prefixes, pagu differ; 30/31 each: a tie
        "Sosialisasi": None,
        "": None,
    }
    for name, pagu in expected.items():
        hit, alone = names.match(name), recompute.match_budget(name, candidates)
        assert (None if hit is None else hit["pagu"]) == pagu, name
        assert (None if alone is None else alone["pagu"]) == pagu, name
    assert names.match("Penempatan Tenaga Kerjo") is names.match("penempatan tenaga kerjo")  # matched once

def test_lampiran_pk_and_catatan_validasi_decide_names_the_same_way():
    """One matcher: the OSS RBA line of the PK (a long sub-kegiatan name spelled differently from
    the budget tree) gets the same Rp 61.899.300 in the Lampiran PK and in Catatan Validasi."""
    from pipeline.analysis import anggaran
    from pipeline.clean import build
    from pipeline.config import Paths

    t = build(2024, Paths.default())
    comparisons = recompute.perbandingan(t, 2024).set_index("id")
    tree = anggaran.budget_tree(t["anggaran_subkegiatan"], with_sasaran=False)
    pk = t["anggaran_pk"]
    checked = 0
    for _, r in pk[~pk["is_total"].astype(bool) & pk["anggaran"].notna()].iterrows():
        hit = recompute.match_budget(r["program"], tree)
        row = comparisons.loc[f"anggaran_pk_baris_{int(r['sumber_baris'])}"]
        assert (None if hit is None else float(hit["pagu"])) == (None if pd.isna(row["dihitung"]) else row["dihitung"])
        checked += 1
    oss = comparisons.loc["anggaran_pk_baris_25"]
    assert oss["dihitung"] == 61_899_300 and bool(oss["cocok"])
    assert checked == 20


def test_comparison_ahead_is_left_to_the_validation_when_it_cannot_be_computed(tmp_path, paths):
    """No tables to compare (the validation step reports what is wrong): nothing written, None,
    and an earlier cleaning's copy is not left to stand for these tables; the validation then
    computes the table itself and fails as the computation does."""
    from pipeline.errors import InputError
    from pipeline.measure import indicators

    processed = tmp_path / "processed"
    stale = catalogue.PERBANDINGAN_AHEAD.at(processed)
    stale.parent.mkdir(parents=True)
    stale.write_text(",".join(f'"{c}"' for c in recompute.COLUMNS) + "\n")
    assert recompute.write_ahead(2024, processed, paths) is None
    assert not stale.exists()
    tables = indicators.load_processed(processed, paths)
    with pytest.raises(InputError) as computed:
        recompute.perbandingan(tables, 2024)
    with pytest.raises(InputError) as validation:
        recompute.comparison_table(tables, 2024, processed, paths)
    assert str(validation.value) == str(computed.value)


def test_comparison_ahead_reads_back_as_computed(tmp_path, paths, monkeypatch):
    """The copy the cleaning writes reads back as the same table, dtypes and missing values
    included: text, a formula-like cell, numbers, NA and None, and a number a float parser could
    round differently. What is read back is that file's (the comparison is not computed again)."""
    from pipeline.inputs import reads

    row = dict.fromkeys(recompute.COLUMNS)
    rows = [dict(row, id="a", tabel="Tabel 1", lokasi="=SUM(A1)", besaran="realisasi", objek="sasaran:1",
                 tahun=2024, dilaporkan_teks="0,3", dilaporkan=0.3, desimal=1, dihitung=0.1 + 0.2,
                 dihitung_dibulatkan=0.3, cara_hitung="'kutip", cocok=True),
            dict(row, id="b", tabel="Tabel 1", lokasi="x", besaran="kriteria", objek="sasaran:1", tahun=2024,
                 dilaporkan_teks="Baik", dilaporkan_kata="baik", dihitung_kata="2024", cara_hitung="y",
                 cocok=False, penulisan=True, sebab="a", desimal=pd.NA),
            dict(row, id="c", tabel="Tabel 1", lokasi="x", besaran="pagu", objek="total", tahun=2023,
                 dilaporkan_teks="1.024.07 %", dilaporkan=math.nan, dihitung=1024.07, cara_hitung="z",
                 cocok=pd.NA, desimal=pd.NA)]
    table = recompute._table(rows)
    monkeypatch.setattr(recompute.indicators, "load_processed", lambda folder, paths: {})
    monkeypatch.setattr(recompute, "perbandingan", lambda tables, year: table)
    processed = tmp_path / "processed"
    assert recompute.write_ahead(2024, processed, paths) == catalogue.PERBANDINGAN_AHEAD.at(processed)

    def computed_again(tables, year):
        raise AssertionError("computed again")

    monkeypatch.setattr(recompute, "perbandingan", computed_again)
    noted = []
    monkeypatch.setattr(reads, "note_table", noted.append)
    back = recompute.comparison_table({}, 2024, processed, paths)
    pd.testing.assert_frame_equal(back, table, check_exact=True)
    assert back["dihitung"][0] == 0.1 + 0.2 != 0.3
    assert back["dihitung_kata"][1] == "2024" and back["lokasi"][0] == "=SUM(A1)"
    assert back["cara_hitung"][0] == "'kutip"
    assert back["penulisan"].tolist() == [None, True, None] and back["sebab"][0] is not None
    assert back["penjelasan"].tolist() == [None, None, None]  # no row has one: object, as computed
    assert noted == [catalogue.PERBANDINGAN_AHEAD.name]  # the step's cache key holds the file
