"""The registry of realisasi sources: each source against a value worked by hand from the seed.

A new source is one entry of pipeline.measure.sources.SOURCES plus one line in EXPECTED below
(the last test fails until it has one).
"""

import pandas as pd
import pytest

from pipeline.errors import InputError
from pipeline.measure import sources
from tests.mini_tables import mini_tables


def tables():
    t = mini_tables()
    extra = pd.DataFrame([dict(peran="wilayah", wilayah="Kota Payakumbuh", tahun=2024,
                               variabel="penduduk_usia_kerja", nilai=110420.0)])
    t["ketenagakerjaan"] = pd.concat([t["ketenagakerjaan"], extra], ignore_index=True)
    t["ikm_agregat"] = t["ikm_agregat"].assign(unit_usaha=[2000, 2454, 2500])
    return t


# source -> (indikator, realisasi 2024 worked by hand, operands the report must show)
EXPECTED = {
    "bps_penyerapan": ("1.1", 74085 / 77876 * 100, "74.085 / 77.876"),        # 95,1320 %
    "bps_tpt": ("1.1", 3791 / 77876 * 100, "3.791 / 77.876"),                 # 4,8680 %
    "bps_tpak": ("1.1", 77876 / 110420 * 100, "77.876 / 110.420"),            # 70,5271 %
    "ikm_pertumbuhan_produksi": ("2.1", (301636853.935 - 284598221) / 284598221 * 100,
                                 "(301.636.853,935 − 284.598.221) / 284.598.221"),  # 5,9869 %
    "ikm_pertumbuhan_unit": ("2.1", (2500 - 2454) / 2454 * 100, "(2.500 − 2.454) / 2.454"),  # 1,8745 %
    "dilaporkan": ("3.1", "A", None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_source_against_the_hand_worked_value(name):
    indikator, value, operands = EXPECTED[name]
    reading = sources.read(tables(), name, 2024, indikator)
    if isinstance(value, str):
        assert reading.value == value and reading.rumus is None and not sources.get(name).computed
    else:
        assert reading.value == pytest.approx(value, abs=1e-9)
        assert operands in reading.rumus, reading.rumus
        assert set(sources.get(name).tables) <= set(tables())


def test_national_figures_from_national_data():
    t = tables()
    assert sources.national(t, "bps_penyerapan", 2024) == pytest.approx(144642004 / 152107603 * 100)
    assert sources.national(t, "bps_tpt", 2024) == pytest.approx(7465599 / 152107603 * 100)  # 4,9081 %
    assert sources.national(t, "ikm_pertumbuhan_produksi", 2024) is None


def test_missing_data_gives_no_value_and_says_why():
    reading = sources.read(tables(), "bps_tpt", 2030, "1.1")
    assert reading.value is None and "2030" in reading.cara


def test_unknown_source_names_the_file_and_value():
    with pytest.raises(InputError) as err:
        sources.get("bps_lainnya")
    assert (err.value.column, err.value.value) == ("sumber_realisasi", "bps_lainnya")
    assert "iku.csv" in str(err.value)


def test_every_registered_source_has_a_test():
    assert sorted(sources.SOURCES) == sorted(EXPECTED)


def test_iku_suite_takes_its_value_set_from_the_registry():
    from pipeline.config import PACKAGE_ROOT
    from pipeline.validate import gx

    spec = gx.load_suite(PACKAGE_ROOT / "expectations" / "iku.json")
    (exp,) = [e for e in spec.expectations if e["kwargs"].get("column") == "sumber_realisasi"]
    assert exp["kwargs"]["value_set"] == sources.names()
