"""BPS labour parser: label mapping, computed rates, error messages, shipped 2024 data.

Expected values are worked out by hand from Tabel 3.3 and the national table of the seed.
"""

import pandas as pd
import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import bps

CITY_2024 = """Uraian;Tahun 2024
Angkatan Kerja;77.876
Bekerja;74.085
Penganggur;3.791
Bukan Angkatan Kerja;32.544
Sekolah;9.015
Mengurus Rumah Tangga;17.935
Lainnya;5.594
Penduduk Usia Kerja;110.420
"""


def write(tmp_path, text, name="bps.csv", region="Kota Payakumbuh"):
    """The table with the row stating its region appended (files state their region inside)."""
    path = tmp_path / name
    path.write_text(text + (f"Wilayah;{region}\n" if region else ""), encoding="utf-8")
    return path


def value(df, variabel, tahun=2024, wilayah="Kota Payakumbuh"):
    hit = df[(df.variabel == variabel) & (df.tahun == tahun) & (df.wilayah == wilayah)]
    assert len(hit) == 1, (variabel, tahun, wilayah)
    return hit.nilai.iloc[0]


def test_labels_are_matched_case_and_space_insensitively(tmp_path):
    text = CITY_2024.replace("Angkatan Kerja;77", "  ANGKATAN   kerja ;77").replace(
        "Bekerja;", "bekerja;") + "Tingkat Partisipasi Angkatan Kerja (%);70,53\nTingkat Pengangguran Terbuka (%);4,87\n"
    df = bps.read_labour(write(tmp_path, text), "wilayah", Paths(tmp_path))
    assert value(df, "angkatan_kerja") == 77876
    assert value(df, "bekerja") == 74085
    assert value(df, "tpak_dilaporkan") == pytest.approx(70.53)
    assert value(df, "tpt_dilaporkan") == pytest.approx(4.87)
    row = df[df.variabel == "penduduk_usia_kerja"].iloc[0]
    assert (row.sumber_file, row.sumber_baris, row.sumber_kolom) == ("bps.csv", 9, "Tahun 2024")


def test_rates_are_computed_from_counts(tmp_path):
    df = bps.add_rates(bps.read_labour(write(tmp_path, CITY_2024), "wilayah", Paths(tmp_path)))
    # 74.085 / 77.876 x 100 = 95,1320...; 77.876 / 110.420 = 70,5271...; 3.791 / 77.876 = 4,8680...
    assert value(df, "penyerapan") == pytest.approx(95.1320, abs=1e-4)
    assert value(df, "tpak") == pytest.approx(70.5271, abs=1e-4)
    assert value(df, "tpt") == pytest.approx(4.8680, abs=1e-4)
    computed = df[df.variabel == "penyerapan"].iloc[0]
    assert computed.sumber_file == "dihitung" and pd.isna(computed.sumber_baris)
    assert str(df.dtypes["sumber_baris"]) == "Int64" and str(df.dtypes["tahun"]) == "int64"


def test_unknown_label_names_file_row_column_value(tmp_path):
    path = write(tmp_path, CITY_2024 + "Setengah Penganggur;1.000\n")
    with pytest.raises(InputError) as err:
        bps.read_labour(path, "wilayah", Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (10, "Uraian", "Setengah Penganggur")
    assert "bps.csv" in str(err.value)


def test_missing_required_label(tmp_path):
    path = write(tmp_path, CITY_2024.replace("Penganggur;3.791\n", ""))
    with pytest.raises(InputError, match="penganggur"):
        bps.read_labour(path, "wilayah", Paths(tmp_path))


def test_repeated_label(tmp_path):
    path = write(tmp_path, CITY_2024 + "bekerja;1\n")
    with pytest.raises(InputError, match="sudah ada di baris 3"):
        bps.read_labour(path, "wilayah", Paths(tmp_path))


def test_malformed_number_names_file_row_column_value(tmp_path):
    path = write(tmp_path, CITY_2024.replace("74.085", "74.0x5"))
    with pytest.raises(InputError) as err:
        bps.read_labour(path, "wilayah", Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (3, "Tahun 2024", "74.0x5")
    assert "bps.csv" in str(err.value)


def test_missing_uraian_column(tmp_path):
    path = write(tmp_path, CITY_2024.replace("Uraian;", "Keterangan;"))
    with pytest.raises(InputError) as err:
        bps.read_labour(path, "wilayah", Paths(tmp_path))
    assert err.value.row == 1 and "Uraian" in str(err.value)


def test_column_that_is_not_a_year(tmp_path):
    path = write(tmp_path, CITY_2024.replace("Tahun 2024", "Agustus"))
    with pytest.raises(InputError) as err:
        bps.read_labour(path, "wilayah", Paths(tmp_path))
    assert err.value.column == "Agustus"


def test_shipped_2024_data():
    df = bps.tables(Paths.default(), 2024)["ketenagakerjaan"]
    for tahun in (2023, 2024):
        ak = value(df, "angkatan_kerja", tahun)
        assert ak == value(df, "bekerja", tahun) + value(df, "penganggur", tahun)
        bak = value(df, "bukan_angkatan_kerja", tahun)
        assert bak == sum(value(df, v, tahun) for v in ("sekolah", "mengurus_rumah_tangga", "lainnya"))
        assert value(df, "penduduk_usia_kerja", tahun) == ak + bak
    assert value(df, "penyerapan", 2023) == pytest.approx(95.1609, abs=1e-4)  # 74.137 / 77.907
    assert value(df, "tpak_dilaporkan", 2023) == pytest.approx(71.86)
    # national: 144.642.004 / 152.107.603 x 100 = 95,0919...
    assert value(df, "penyerapan", 2024, "Indonesia") == pytest.approx(95.0919, abs=1e-4)
    assert value(df, "tpak_dilaporkan", 2024, "Indonesia") == pytest.approx(70.63)
    assert value(df, "angkatan_kerja", 2024, "Indonesia") == 152_107_603


def test_region_is_stated_in_the_file(tmp_path):
    df = bps.read_labour(write(tmp_path, CITY_2024, region="Kota Padang"), "wilayah", Paths(tmp_path))
    assert set(df.wilayah) == {"Kota Padang"} and set(df.peran) == {"wilayah"}
    with pytest.raises(InputError, match="Wilayah"):
        bps.read_labour(write(tmp_path, CITY_2024, region=None), "wilayah", Paths(tmp_path))


def test_region_must_be_the_declared_one(tmp_path):
    import shutil

    root = Paths.default()
    paths = Paths(tmp_path)
    shutil.copytree(root.raw_common, paths.raw_common)
    paths.raw_year(2024).mkdir(parents=True)
    write(paths.raw_year(2024), CITY_2024, "bps_ketenagakerjaan_wilayah.csv", region="Kota Padang")
    write(paths.raw_year(2024), CITY_2024, "bps_ketenagakerjaan_nasional.csv", region="Indonesia")
    with pytest.raises(InputError) as err:
        bps.tables(paths, 2024)
    assert "Kota Padang" in str(err.value) and "bps_ketenagakerjaan_wilayah.csv" in str(err.value)


# -- units and the optional Bukan Angkatan Kerja breakdown (issue 19 point 8) ------------------
NATIONAL_MILLIONS = """Uraian;Tahun 2024
Angkatan Kerja;
Bekerja;144,64
Penganggur;7,47
Bukan Angkatan Kerja;63,26
Sekolah;
Mengurus Rumah Tangga;
Lainnya;
Penduduk Usia Kerja;
Satuan;juta orang
"""


def test_national_table_in_juta_orang_is_converted_exactly(tmp_path):
    # BPS, Keadaan Angkatan Kerja Agustus 2024, in juta orang as printed: worked by hand,
    # AK = 144,64 + 7,47 = 152,11 juta; PUK = 152,11 + 63,26 = 215,37 juta;
    # penyerapan = 144,64 / 152,11 = 95,089 % (the seed's national standard 95,09 %).
    df = bps.add_rates(bps.read_labour(write(tmp_path, NATIONAL_MILLIONS, region="Indonesia"), "nasional",
                                       Paths(tmp_path)))
    assert value(df, "bekerja", wilayah="Indonesia") == 144_640_000
    assert value(df, "angkatan_kerja", wilayah="Indonesia") == 152_110_000
    assert value(df, "penduduk_usia_kerja", wilayah="Indonesia") == 215_370_000
    assert round(value(df, "penyerapan", wilayah="Indonesia"), 2) == 95.09
    # the breakdown not given is absent (shown as "–"), not 0
    assert not df["variabel"].isin(["sekolah", "mengurus_rumah_tangga", "lainnya"]).any()


@pytest.mark.parametrize("typed, orang", [("152,107603", 152_107_603), ("0,29", 290_000), ("0,000001", 1),
                                          ("1.234,5", 1_234_500_000)])
def test_juta_orang_digits_are_scaled_without_float_drift(tmp_path, typed, orang):
    text = NATIONAL_MILLIONS.replace("Bekerja;144,64", f"Bekerja;{typed}")
    df = bps.read_labour(write(tmp_path, text, region="Indonesia"), "nasional", Paths(tmp_path))
    got = value(df, "bekerja", wilayah="Indonesia")
    assert got == orang and float(got).is_integer()


def test_orang_columns_keep_working_beside_a_juta_column(tmp_path):
    text = """Uraian;Tahun 2024;Tahun 2025
Angkatan Kerja;77.876;
Bekerja;74.085;144,64
Penganggur;3.791;7,47
Bukan Angkatan Kerja;32.544;63,26
Sekolah;9.015;
Mengurus Rumah Tangga;17.935;
Lainnya;5.594;
Penduduk Usia Kerja;110.420;
Satuan;;juta orang
Wilayah;Kota Payakumbuh;Kota Payakumbuh
"""
    df = bps.read_labour(write(tmp_path, text, region=None), "wilayah", Paths(tmp_path))
    assert value(df, "bekerja", 2024) == 74085 and value(df, "sekolah", 2024) == 9015
    assert value(df, "bekerja", 2025) == 144_640_000


def test_bak_from_puk_when_breakdown_and_total_are_blank(tmp_path):
    text = (NATIONAL_MILLIONS.replace("Bukan Angkatan Kerja;63,26", "Bukan Angkatan Kerja;")
            .replace("Penduduk Usia Kerja;", "Penduduk Usia Kerja;215,37"))
    df = bps.read_labour(write(tmp_path, text, region="Indonesia"), "nasional", Paths(tmp_path))
    # 215,37 − (144,64 + 7,47) = 63,26 juta
    assert value(df, "bukan_angkatan_kerja", wilayah="Indonesia") == 63_260_000


def test_bak_required_without_its_breakdown_or_puk(tmp_path):
    text = NATIONAL_MILLIONS.replace("Bukan Angkatan Kerja;63,26", "Bukan Angkatan Kerja;")
    with pytest.raises(InputError) as err:
        bps.read_labour(write(tmp_path, text, region="Indonesia"), "nasional", Paths(tmp_path))
    assert "baris 5, kolom 'Tahun 2024', nilai '(kosong)': Bukan Angkatan Kerja wajib diisi" in str(err.value)
