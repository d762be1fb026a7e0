"""The sasaran notebook's plumbing: the year table its pandas reads, the formulas worded with their
operands, the check against the engine (values worked by hand from the seed's Tabel 3.3/3.17)."""

import math

import pandas as pd
import pytest

from pipeline.analysis import metode


def _tables():
    bps = pd.DataFrame({
        "peran": ["wilayah"] * 4 + ["nasional"] * 2,
        "wilayah": ["Kota X"] * 4 + ["Indonesia"] * 2,
        "tahun": [2023, 2023, 2024, 2024, 2024, 2024],
        "variabel": ["bekerja", "angkatan_kerja"] * 3,
        "nilai": [74137.0, 77907.0, 74085.0, 77876.0, 144642004.0, 152107603.0],
    })
    ikm = pd.DataFrame({"tahun": [2023, 2024], "unit_usaha": [2454, 2500],
                        "nilai_produksi_ribu_rp": [284598221.0, 301636853.935], "sumber": ["a", "b"]})
    return {"ketenagakerjaan": bps, "ikm_agregat": ikm}


def _rows(*sumber):
    return pd.DataFrame({"indikator_id": [f"1.{i + 1}" for i in range(len(sumber))],
                         "sumber_realisasi": list(sumber)})


def test_year_table_holds_the_variables_the_formulas_name():
    data = metode.data_tahunan(_tables(), _rows("bps_penyerapan", "ikm_pertumbuhan_produksi"), 2024)
    assert list(data.columns) == ["bekerja", "angkatan_kerja", "nilai_produksi_ribu_rp",
                                  "nilai_produksi_ribu_rp_tahun_lalu"]
    assert list(data.index) == [2023, 2024]
    assert data.loc[2024, "nilai_produksi_ribu_rp_tahun_lalu"] == 284598221.0
    assert math.isnan(data.loc[2023, "nilai_produksi_ribu_rp_tahun_lalu"])  # 2022 is not in the table
    # 74.085 / 77.876 = 0,951320… ; (301.636.853,935 − 284.598.221) / 284.598.221 = 0,0598690…
    assert data.eval("bekerja / angkatan_kerja * 100")[2024] == pytest.approx(95.13200, abs=1e-5)
    growth = data.eval(metode.rumus(_rows("ikm_pertumbuhan_produksi"))["1.1"])[2024]
    assert growth == pytest.approx(5.98690, abs=1e-5)


def test_national_table_and_a_year_without_data():
    rows = _rows("bps_penyerapan", "ikm_pertumbuhan_produksi")
    assert list(metode.rumus(rows, national=True)) == ["1.1"]  # IKM growth has no national figure
    nasional = metode.data_tahunan(_tables(), rows, 2025, "nasional")
    assert list(nasional.index) == [2024, 2025] and nasional["nilai_produksi_ribu_rp"].isna().all()
    assert nasional.eval("bekerja / angkatan_kerja * 100")[2024] == pytest.approx(95.0919, abs=1e-4)
    assert metode.data_tahunan(_tables(), _rows("dilaporkan"), 2024).shape == (1, 0)


def test_formula_with_operands_closes_on_a_calculator():
    values = pd.Series({"bekerja": 74085.0, "angkatan_kerja": 77876.0})
    assert metode.with_operands("bekerja / angkatan_kerja * 100", values, 74085 / 77876 * 100, "%") == \
        "74.085 / 77.876 × 100 = 95,13%"
    values = pd.Series({"p": 301636853.935, "p_tahun_lalu": 284598221.0})
    assert metode.with_operands("(p - p_tahun_lalu) / p_tahun_lalu * 100", values, 5.986908, "%") == \
        "(301.636.853,935 − 284.598.221) / 284.598.221 × 100 = 5,99%"


def test_check_against_the_engine():
    notebook = pd.Series([95.13200461, "A", None, math.nan, 1.0])
    engine = pd.Series([95.13200461 + 1e-12, "A ", math.nan, None, 1.1])
    assert list(metode.cocok(notebook, engine)) == [True, True, True, True, False]
    assert list(metode.cocok(pd.Series(["A"]), pd.Series(["BB"]))) == [False]
    assert not metode.cocok(pd.Series([1.0]), pd.Series([None])).any()


def test_table_in_indonesian_notation():
    html = metode.tabel(pd.DataFrame({"pagu": [1407615308], "serapan": [94.289337], "cocok": [True],
                                      "x": [math.nan]})).data
    for shown in ("1.407.615.308", "94,289337", ">ya<", ">–<"):
        assert shown in html, shown
