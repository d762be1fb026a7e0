"""IKM series parser (Tabel 3.17/3.18): mixed separators, labels, errors, shipped data."""

import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import ikm_series

SERIES = """No;Uraian;Satuan;2023;2024
1;Unit Usaha;Unit;2,454;2,500
2;Formal;Unit;1,359;1.400
3;Non Formal;Unit;1,095;1.100
4;Tenaga Kerja;Orang;7,549;7.563
5;Nilai Investasi (ribu);Rp.;94,866,073;100.687.145
6;Nilai Produksi (ribu);Rp.;284,598,221;301.636.853
"""


def write(tmp_path, text, name="ikm.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_mixed_separators_read_as_whole_numbers(tmp_path):
    df = ikm_series.read_ikm_series(write(tmp_path, SERIES), Paths(tmp_path)).set_index("tahun")
    assert df.loc[2023, "unit_usaha"] == 2454 and df.loc[2024, "formal"] == 1400
    assert df.loc[2023, "investasi_ribu_rp"] == 94_866_073
    assert df.loc[2024, "nilai_produksi_ribu_rp"] == 301_636_853
    assert list(df.columns) == ["unit_usaha", "formal", "non_formal", "tenaga_kerja",
                                "investasi_ribu_rp", "nilai_produksi_ribu_rp", "sumber_file"]
    assert str(df.dtypes["unit_usaha"]) == "Int64"


def test_labels_case_insensitive(tmp_path):
    text = SERIES.replace("Non Formal", "NON  FORMAL").replace("Nilai Produksi (ribu)", "nilai produksi")
    df = ikm_series.read_ikm_series(write(tmp_path, text), Paths(tmp_path))
    assert df.non_formal.tolist() == [1095, 1100]


def test_malformed_number_names_file_row_column_value(tmp_path):
    path = write(tmp_path, SERIES.replace("1.400", "1.4OO"))
    with pytest.raises(InputError) as err:
        ikm_series.read_ikm_series(path, Paths(tmp_path))
    assert (err.value.row, err.value.column, err.value.value) == (3, "2024", "1.4OO")
    assert "ikm.csv" in str(err.value)


def test_decimal_in_a_count_is_an_error(tmp_path):
    path = write(tmp_path, SERIES.replace("7.563", "7.563,5"))
    with pytest.raises(InputError) as err:
        ikm_series.read_ikm_series(path, Paths(tmp_path))
    assert (err.value.row, err.value.column) == (5, "2024")


def test_missing_row_and_unknown_row(tmp_path):
    with pytest.raises(InputError, match="tenaga_kerja"):
        ikm_series.read_ikm_series(write(tmp_path, SERIES.replace("4;Tenaga Kerja;Orang;7,549;7.563\n", "")),
                                   Paths(tmp_path))
    with pytest.raises(InputError) as err:
        ikm_series.read_ikm_series(write(tmp_path, SERIES + "7;Nilai Ekspor;Rp.;1;2\n"), Paths(tmp_path))
    assert (err.value.row, err.value.value) == (8, "Nilai Ekspor")


def test_missing_uraian_column(tmp_path):
    with pytest.raises(InputError) as err:
        ikm_series.read_ikm_series(write(tmp_path, SERIES.replace("Uraian", "Jenis")), Paths(tmp_path))
    assert err.value.row == 1


def test_shipped_2024_data():
    out = ikm_series.tables(Paths.default(), 2024)
    seri = out["ikm_seri"].set_index("tahun")
    assert list(seri.index) == [2019, 2020, 2021, 2022, 2023, 2024]
    assert seri.loc[2019, "unit_usaha"] == 1853 and seri.loc[2024, "unit_usaha"] == 2500
    assert seri.loc[2024, "tenaga_kerja"] == 7563
    assert seri.loc[2019, "investasi_ribu_rp"] == 88_040_791
    assert (seri.formal + seri.non_formal == seri.unit_usaha).all()
    # published growth 2023: (284.598.221 - 269.426.788) / 269.426.788 = 5,6310%
    growth = (seri.loc[2023, "nilai_produksi_ribu_rp"] / seri.loc[2022, "nilai_produksi_ribu_rp"] - 1) * 100
    assert growth == pytest.approx(5.6310, abs=1e-4)
    klas = out["ikm_klasifikasi_dilaporkan"].set_index("tahun")
    assert klas.loc[2024, "formal"] == 1400 and klas.loc[2024, "non_formal"] == 1100
    assert (klas.formal == seri.formal).all()
