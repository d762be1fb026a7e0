"""IKM register cleaning rules, each on a tiny hand-made register."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline.clean import ikm_rules
from pipeline.clean.ikm import REQUIRED, aggregate_register, breakdown, build_agregat, clean_register, tables
from pipeline.config import Paths
from pipeline.errors import InputError

HEADER = list(REQUIRED) + ["keterangan", "sumber_data"]
NIB = "9120001234567"


def firm(no, nama, **overrides) -> dict:
    row = {"no": str(no), "id_ikm": f"T-{no}", "nama_usaha": nama, "alamat": f"Jl. Sudirman No. {no}",
           "kelurahan": "Balai Panjang", "kota": "Kota Payakumbuh", "kbli": "10794",
           "jenis_industri": "Pangan", "nib": NIB, "tenaga_kerja": "2",
           "nilai_investasi": "10000000", "nilai_produksi": "50000000", "status": "Aktif",
           "keterangan": "", "sumber_data": ""}
    row.update(overrides)
    return row


def write(tmp_path, rows, header=HEADER, name="ikm_register.csv"):
    path = tmp_path / name
    lines = [";".join(header)] + [";".join(r.get(c, "") for c in header) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def clean(tmp_path, rows):
    return clean_register(write(tmp_path, rows), Paths.default())


def rule_log(log, aturan):
    return log[log["aturan"] == aturan].reset_index(drop=True)


# --- parsing ------------------------------------------------------------------------------

def test_money_in_mixed_notation(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", nilai_investasi="Rp 1.250.000,-"),
        firm(2, "B", nilai_investasi="1.250.000"),
        firm(3, "C", nilai_investasi="Rp1250000"),
        firm(4, "D", nilai_investasi="Rp. 1.250.000"),
        firm(5, "E", nilai_investasi="1250000"),
    ])
    assert perusahaan["investasi_rp"].tolist() == [1_250_000] * 5
    changed = rule_log(log, "format_uang")
    assert changed["sumber_baris"].tolist() == [2, 3, 4, 5]  # row 6 was plain digits already
    assert changed.loc[0, "nilai_lama"] == "Rp 1.250.000,-"
    assert changed.loc[0, "nilai_baru"] == "1250000"
    assert set(changed["tindakan"]) == {"diubah"}


def test_money_nil_marks_count_as_zero_and_are_logged(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", nilai_investasi="-"),
        firm(2, "B", nilai_investasi="", nilai_produksi="-"),
        firm(3, "C", nilai_investasi="0"),
    ])
    assert perusahaan["investasi_rp"].tolist() == [0, 0, 0]
    assert perusahaan.loc[1, "nilai_produksi_rp"] == 0
    nil = rule_log(log, "uang_kosong_nol")
    assert list(zip(nil["sumber_baris"], nil["kolom"])) == [
        (2, "nilai_investasi"), (3, "nilai_investasi"), (3, "nilai_produksi")]
    assert (nil["nilai_baru"] == "0").all()


def test_unreadable_money_names_file_row_column_value(tmp_path):
    path = write(tmp_path, [firm(1, "A"), firm(2, "B", nilai_produksi="12,5 juta")])
    with pytest.raises(InputError) as err:
        clean_register(path, Paths.default())
    message = str(err.value)
    assert "ikm_register.csv" in message and "baris 3" in message
    assert "kolom 'nilai_produksi'" in message and "nilai '12,5 juta'" in message


@pytest.mark.parametrize("bad", ["dua", "2,5", "-3", "3.5"])
def test_malformed_tenaga_kerja_is_a_bad_input(tmp_path, bad):
    path = write(tmp_path, [firm(1, "A"), firm(2, "B"), firm(3, "C", tenaga_kerja=bad)])
    with pytest.raises(InputError) as err:
        clean_register(path, Paths.default())
    message = str(err.value)
    assert "ikm_register.csv" in message
    assert "baris 4" in message
    assert "kolom 'tenaga_kerja'" in message
    assert f"nilai '{bad}'" in message
    assert (err.value.row, err.value.column, err.value.value) == (4, "tenaga_kerja", bad)


def test_tenaga_kerja_words_and_nil(tmp_path):
    perusahaan, log = clean(tmp_path, [firm(1, "A", tenaga_kerja="3 orang"), firm(2, "B", tenaga_kerja="-")])
    assert perusahaan["tenaga_kerja"].tolist() == [3, 0]
    assert rule_log(log, "format_angka")["sumber_baris"].tolist() == [2]
    assert rule_log(log, "tenaga_kerja_kosong_nol")["sumber_baris"].tolist() == [3]


def test_missing_column_names_it(tmp_path):
    header = [c for c in HEADER if c != "kbli"]
    path = write(tmp_path, [firm(1, "A")], header=header)
    with pytest.raises(InputError) as err:
        clean_register(path, Paths.default())
    assert "'kbli'" in str(err.value) and err.value.row == 1


def test_unknown_status_and_jenis_raise(tmp_path):
    with pytest.raises(InputError) as err:
        clean(tmp_path, [firm(1, "A"), firm(2, "B", status="Cuti")])
    assert (err.value.row, err.value.column, err.value.value) == (3, "status", "Cuti")
    with pytest.raises(InputError) as err:
        clean(tmp_path, [firm(1, "A", jenis_industri="Jasa")])
    assert (err.value.row, err.value.column, err.value.value) == (2, "jenis_industri", "Jasa")


def test_text_is_tidied_and_groups_made_canonical(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "Rendang  Uni   Nur", kelurahan="IKUA KOTO DIBALAI", jenis_industri="PANGAN"),
        firm(2, "Sulaman", kelurahan="tigo koto diate", jenis_industri="Sandang & Kulit"),
        firm(3, "Las", jenis_industri="logam, mesin dan elektronika"),
    ])
    assert perusahaan["nama_usaha"].tolist() == ["Rendang Uni Nur", "Sulaman", "Las"]
    assert perusahaan["kelurahan"].tolist() == ["Ikua Koto Dibalai", "Tigo Koto Diate", "Balai Panjang"]
    assert perusahaan["jenis_industri"].tolist() == ["Pangan", "Sandang dan Kulit",
                                                     "Logam Mesin dan Elektronika"]
    assert rule_log(log, "rapikan_teks")["nilai_lama"].tolist() == ["Rendang  Uni   Nur"]
    assert rule_log(log, "jenis_industri_baku")["sumber_baris"].tolist() == [2, 3, 4]


# --- dropping rules -----------------------------------------------------------------------

def test_inactive_variants_dropped(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", status="Tidak Aktif"), firm(2, "B", status="tutup"),
        firm(3, "C", status=" TIDAK AKTIF "), firm(4, "D", status="Non Aktif"),
        firm(5, "E", status="aktif"), firm(6, "F", status=" AKTIF"),
    ])
    assert perusahaan["nama_usaha"].tolist() == ["E", "F"]
    dropped = rule_log(log, "tidak_aktif")
    assert dropped["sumber_baris"].tolist() == [2, 3, 4, 5]
    assert set(dropped["tindakan"]) == {"dibuang"} and set(dropped["kolom"]) == {"status"}


def test_moved_firms_dropped_by_status_or_kota(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", status="Pindah", keterangan="pindah domisili ke Kab. Lima Puluh Kota"),
        firm(2, "B", kota="Kab. Lima Puluh Kota", keterangan="pindah domisili ke Kab. Lima Puluh Kota"),
        firm(3, "C", kota="PAYAKUMBUH"),
        firm(4, "D", kota="Kota  Payakumbuh"),
        firm(5, "E", status="pindah domisili"),
    ])
    assert perusahaan["nama_usaha"].tolist() == ["C", "D"]
    moved = rule_log(log, "pindah_domisili")
    assert list(zip(moved["sumber_baris"], moved["kolom"], moved["nilai_lama"])) == [
        (2, "status", "Pindah"), (3, "kota", "Kab. Lima Puluh Kota"), (6, "status", "pindah domisili")]


def test_kbli_normalised_and_non_manufacturing_dropped(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", kbli="10.792"), firm(2, "B", kbli="1079 2"), firm(3, "C", kbli="47111"),
        firm(4, "D", kbli="56.101"), firm(5, "E", kbli="96012"), firm(6, "F", kbli="33120"),
        firm(7, "G", kbli="09900"), firm(8, "H", kbli="10110"),
    ])
    assert perusahaan["kbli"].tolist() == ["10792", "10792", "33120", "10110"]
    normalised = rule_log(log, "normalisasi_kbli")
    assert normalised["nilai_lama"].tolist() == ["10.792", "1079 2", "56.101"]
    dropped = rule_log(log, "kbli_bukan_industri")
    assert dropped["sumber_baris"].tolist() == [4, 5, 6, 8]
    assert dropped["nilai_lama"].tolist() == ["47111", "56101", "96012", "09900"]


@pytest.mark.parametrize("bad", ["abc", "1079", "107921", ""])
def test_unreadable_kbli_raises(tmp_path, bad):
    with pytest.raises(InputError) as err:
        clean(tmp_path, [firm(1, "A"), firm(2, "B", kbli=bad)])
    assert (err.value.row, err.value.column) == (3, "kbli")


def test_near_duplicates_keep_the_first_by_no(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(5, "Rendang  Uni Nur", alamat="Jl. Sudirman No. 5"),            # row 2
        firm(2, "RENDANG UNI NUR.", alamat="JL SUDIRMAN NO.5", nilai_investasi="Rp 10.000.000,-"),  # row 3
        firm(9, "Rendang, Uni Nur", alamat="Jl Sudirman No 5", kelurahan="BALAI PANJANG"),  # row 4
        firm(7, "Rendang Uni Nur", alamat="Jl. Sudirman No. 5", kelurahan="Napar"),  # other kelurahan
        firm(8, "Rendang Uni Nuri", alamat="Jl. Sudirman No. 5"),             # another firm
    ])
    assert sorted(perusahaan["sumber_baris"].tolist()) == [3, 5, 6]
    dup = rule_log(log, "duplikat")
    assert dup["sumber_baris"].tolist() == [2, 4]
    assert dup["duplikat_dari"].tolist() == [3, 3]
    assert dup["nilai_lama"].tolist() == ["Rendang Uni Nur", "Rendang, Uni Nur"]


def test_duplicates_only_among_firms_still_in(tmp_path):
    # The twin with the lower 'no' is inactive: the active one stays and is no duplicate.
    perusahaan, log = clean(tmp_path, [firm(1, "Galamai", status="Tutup"), firm(2, "GALAMAI")])
    assert perusahaan["sumber_baris"].tolist() == [3]
    assert rule_log(log, "duplikat").empty


def test_each_dropped_row_logged_once_under_the_first_rule(tmp_path):
    _, log = clean(tmp_path, [firm(1, "A", status="Tutup", kbli="47111", nilai_investasi="20000000000")])
    dropped = log[log["tindakan"] == "dibuang"]
    assert dropped["aturan"].tolist() == ["tidak_aktif"]


@pytest.mark.parametrize("investasi,expected", [
    ("0", "mikro"),
    ("1.000.000.000", "mikro"),
    ("1.000.000.001", "kecil"),
    ("5.000.000.000", "kecil"),
    ("5.000.000.001", "menengah"),
    ("10.000.000.000", "menengah"),
    ("10.000.000.001", None),
])
def test_pp7_2021_classification_edges(tmp_path, investasi, expected):
    perusahaan, log = clean(tmp_path, [firm(1, "A", nilai_investasi=investasi)])
    if expected is None:
        assert perusahaan.empty
        besar = rule_log(log, "usaha_besar")
        assert besar["sumber_baris"].tolist() == [2] and besar.loc[0, "tindakan"] == "dibuang"
    else:
        assert perusahaan["klasifikasi"].tolist() == [expected]


def test_formal_means_a_13_digit_nib(tmp_path):
    perusahaan, log = clean(tmp_path, [
        firm(1, "A", nib="9120 0012 3456 7"), firm(2, "B", nib="9120-0012-34567"),
        firm(3, "C", nib="'9120001234567"), firm(4, "D", nib=""), firm(5, "E", nib="-"),
        firm(6, "F", nib="belum ada"), firm(7, "G", nib="912000123456"),
    ])
    assert perusahaan["formal"].tolist() == [True, True, True, False, False, False, False]
    invalid = rule_log(log, "nib_tidak_valid")
    assert invalid["sumber_baris"].tolist() == [8]


# --- outputs ------------------------------------------------------------------------------

def test_log_has_the_contract_columns(tmp_path):
    _, log = clean(tmp_path, [firm(1, "A", status="Tutup"), firm(2, "B")])
    assert list(log.columns) == ikm_rules.LOG_COLUMNS
    assert log.loc[0, "alasan"] == "usaha sudah tidak aktif"
    assert pd.isna(log.loc[0, "duplikat_dari"])


def test_text_key_matches_duplicate_key():
    df = pd.DataFrame({"nama_usaha": ["Rendang  Uni Nur.", "KERIPIK_SANJAI"],
                       "alamat": ["Jl. A. Yani No.5", " Jl Sudirman "], "kelurahan": ["IBUAH", "Napar"]})
    assert ikm_rules.duplicate_key(df).tolist() == [
        ikm_rules.text_key(*row) for row in df.itertuples(index=False)]
    assert ikm_rules.text_key("Rendang  Uni Nur.", "Jl. A. Yani No.5", "IBUAH") == "rendang uni nur|jl a yani no 5|ibuah"


def small_register(tmp_path):
    return clean(tmp_path, [
        firm(1, "A", nilai_investasi="1.000.000.000", nilai_produksi="1.000.500", tenaga_kerja="4"),
        firm(2, "B", nilai_investasi="2.000.000.000", nilai_produksi="999", tenaga_kerja="10",
             jenis_industri="Kerajinan", kelurahan="Napar"),
        firm(3, "C", nib="", nilai_investasi="-", nilai_produksi="Rp 35,-", tenaga_kerja="1"),
        firm(4, "D", status="tutup", nilai_investasi="7.000.000"),
    ])[0]


def test_aggregate_register(tmp_path):
    agg = aggregate_register(small_register(tmp_path), 2024)
    assert agg == {"tahun": 2024, "unit_usaha": 3, "formal": 2, "non_formal": 1, "mikro": 2,
                   "kecil": 1, "menengah": 0, "tenaga_kerja": 15,
                   "investasi_ribu_rp": 3_000_000.0, "nilai_produksi_ribu_rp": 1001.534}


def test_breakdown_shows_empty_groups(tmp_path):
    perusahaan = small_register(tmp_path)
    jenis = breakdown(perusahaan, "jenis_industri")
    assert jenis["jenis_industri"].tolist() == list(ikm_rules.JENIS_INDUSTRI)
    assert jenis["unit_usaha"].tolist() == [2, 0, 0, 0, 1]
    assert jenis["non_formal"].tolist() == [1, 0, 0, 0, 0]
    assert jenis.loc[0, "nilai_produksi_ribu_rp"] == 1000.535
    klas = breakdown(perusahaan, "klasifikasi")
    assert klas.set_index("klasifikasi")["unit_usaha"].to_dict() == {"mikro": 2, "kecil": 1, "menengah": 0}
    kel = breakdown(perusahaan, "kelurahan")
    assert kel["kelurahan"].tolist() == ["Balai Panjang", "Napar"]
    assert kel["tenaga_kerja"].tolist() == [5, 10]
    with pytest.raises(ValueError):
        breakdown(perusahaan, "kota")


def test_build_agregat_joins_published_series_and_register(tmp_path):
    perusahaan = small_register(tmp_path)
    series = pd.DataFrame({"tahun": [2022, 2023, 2024], "unit_usaha": [2000, 2454, 2500],
                           "formal": [905, 1359, 1400], "non_formal": [1095, 1095, 1100],
                           "tenaga_kerja": [6485, 7549, 7563],
                           "investasi_ribu_rp": [87291446.0, 94866073.0, 100687145.0],
                           "nilai_produksi_ribu_rp": [269426788.0, 284598221.0, 301636853.0]})
    out = build_agregat(series, perusahaan, 2024)
    assert out["tahun"].tolist() == [2022, 2023, 2024]
    assert out["unit_usaha"].tolist() == [2000, 2454, 3]
    assert out["mikro"].isna().tolist() == [True, True, False]
    assert out.loc[2, "kecil"] == 1
    assert out["sumber"].tolist() == ["Tabel 3.17 (dipublikasikan)"] * 2 + ["Register IKM 2024 (dibersihkan)"]
    perusahaan["sumber_data"] = "SINTETIS - bukan data riil"
    assert build_agregat(series, perusahaan, 2024).loc[2, "sumber"].endswith("SINTETIS")
    with pytest.raises(ValueError):
        build_agregat(series.drop(columns="formal"), perusahaan, 2024)


def test_tables_reads_the_year_folder(tmp_path):
    paths = Paths(tmp_path)
    paths.raw_year(2030).mkdir(parents=True)
    # the register is cleaned against its own project's declared wilayah (the shipped one)
    paths.raw_common.mkdir()
    shutil.copyfile(Paths.default().raw_common / "profil_instansi.yml", paths.raw_common / "profil_instansi.yml")
    write(paths.raw_year(2030), [firm(1, "A"), firm(2, "B", status="Tutup")])
    out = tables(paths, 2030)
    assert set(out) == {"ikm_perusahaan", "ikm_log_pembersihan", "ikm_per_jenis", "ikm_per_kelurahan"}
    assert len(out["ikm_perusahaan"]) == 1 and len(out["ikm_log_pembersihan"]) == 1
