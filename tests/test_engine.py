"""Indicator engine on hand-worked cases of every polarity, grades, scale edges and bad targets."""

import math

import pandas as pd
import pytest

from pipeline.measure import budget, engine
from pipeline.measure.engine import EngineError, capaian, kriteria

AKIP = {"AA": 1, "A": 2, "BB": 3, "B": 4, "CC": 5, "C": 6, "D": 7}


def test_higher_is_better_seed_sasaran_1():
    # Tabel 3.3: 74.085 / 77.876 = 95,13%; 95,132.../93,75 = 101,47%
    realisasi = 74085 / 77876 * 100
    assert round(realisasi, 2) == 95.13
    assert round(capaian(93.75, realisasi, "naik"), 2) == 101.47


def test_higher_is_better_exact_growth_sasaran_2():
    # (301.636.853 - 284.598.221) / 284.598.221 = 5,9869%; / 3,25 = 184,21% (published 6% / 184,62%)
    realisasi = (301636853 - 284598221) / 284598221 * 100
    assert round(realisasi, 2) == 5.99
    assert round(capaian(3.25, realisasi, "naik"), 2) == 184.21
    assert round(capaian(3.25, 6, "naik"), 2) == 184.62


@pytest.mark.parametrize("target,realisasi,expected", [
    (5.00, 4.84, 103.2),    # (10 - 4,84) / 5 = 103,2
    (4.50, 4.87, 91.78),    # (9 - 4,87) / 4,5 = 91,777...
])
def test_lower_is_better(target, realisasi, expected):
    assert round(capaian(target, realisasi, "turun"), 2) == expected


def test_ordinal_grades():
    assert capaian("A", "A", "ordinal", AKIP) == 100
    assert round(capaian("A", "AA", "ordinal", AKIP), 2) == 116.67   # 7/6
    assert round(capaian("A", "BB", "ordinal", AKIP), 2) == 83.33    # 5/6
    assert engine.meets("A", "B", "ordinal", AKIP)                    # Tabel 3.22: A reaches B
    assert not engine.meets("B", "A", "ordinal", AKIP)
    with pytest.raises(EngineError, match="'Z' .* not a grade"):
        capaian("A", "Z", "ordinal", AKIP)


@pytest.mark.parametrize("target", [0, -3.5, None, float("nan"), ""])
def test_bad_target_is_clear_error(target):
    with pytest.raises(EngineError, match="target"):
        capaian(target, 5, "naik", label="Persentase X")


def test_unknown_polarity():
    with pytest.raises(EngineError, match="polaritas"):
        capaian(1, 1, "sideways")


@pytest.mark.parametrize("value,expected", [
    (90.99, "Baik"), (91, "Sangat Baik"), (76, "Baik"), (75.999, "Cukup"), (66, "Cukup"),
    (65.99, "Kurang"), (51, "Kurang"), (50.99, "Sangat Kurang"), (-20, "Sangat Kurang"), (1024.07, "Sangat Baik"),
])
def test_scale_boundaries(value, expected):
    assert kriteria(value) == expected


def test_scale_from_table_rejects_gap():
    df = pd.DataFrame({"kriteria": ["Rendah", "Tinggi"], "batas_bawah": [-math.inf, 60], "batas_atas": [50, math.inf]})
    with pytest.raises(EngineError, match="gap"):
        engine.scale_from_table(df)


def test_budget_efficiency_seed_tabel_3_8():
    assert round(budget.serapan_rate(1407615308, 1327231136), 2) == 94.29
    assert round(budget.efisiensi_rate(1407615308, 1327231136), 2) == 5.71
    assert round(budget.efisiensi_rate(1806269606, 1716223162), 2) == 4.99
    assert round(budget.efisiensi_rate(3429976208, 2915919783), 2) == 14.99
    assert round(budget.serapan_rate(6643861122, 5959374081), 2) == 89.70
    assert math.isnan(budget.serapan_rate(0, 0)) and math.isnan(budget.serapan_rate(None, 5))


def test_growth_2022_contradicts_published():
    # Tabel 3.17: 269.426.788 (2022) vs 296.463.459 (2021) -> -9,12%, while Tabel 3.11 reports 3,1%
    assert round(engine.growth(269426788, 296463459), 2) == -9.12
    with pytest.raises(EngineError):
        engine.growth(1, 0)
