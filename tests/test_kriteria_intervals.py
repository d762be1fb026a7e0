"""Kriteria scales read as agencies print them: every interval form, exact strictness, joins,
real gaps and overlaps as InputErrors, and the negative-capaian case (issue 10 item 6)."""

import math
from decimal import Decimal

import pytest

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import intervals
from pipeline.measure import engine
from pipeline.measure.engine import capaian, kriteria

INF = math.inf
HEADER = "No;Interval Nilai Realisasi Kinerja;Kriteria Penilaian Realisasi Kinerja\n"
SEED = HEADER + "1;≥ 91;Sangat Baik\n2;76,00 – 90,99;Baik\n3;66,00 – 75,99;Cukup\n" \
                "4;51,00 – 65,99;Kurang\n5;≤ 50,99;Sangat Kurang\n"
# Jawa Timur style, as the issue quotes it: the integer ranges leave 74..75 "open" on paper.
JATIM = HEADER + "1;> 100;Sangat baik\n2;75 – 100;Baik\n3;55 – 74;Cukup\n4;< 55;Kurang\n"


# -- one printed interval, exactly as printed -----------------------------------------------------
@pytest.mark.parametrize("text,low,low_incl,high,high_incl", [
    ("> 100", 100, False, INF, False),
    ("≥ 91", 91, True, INF, False),
    (">= 91", 91, True, INF, False),
    ("91 – 100", 91, True, 100, True),
    ("91 - 100", 91, True, 100, True),
    ("91 s/d 100", 91, True, 100, True),
    ("76,00 – 90,99", 76, True, 90.99, True),
    ("≤ 50", -INF, False, 50, True),
    ("<= 50", -INF, False, 50, True),
    ("$\\leq 50,99$", -INF, False, 50.99, True),   # the seed's text conversion
    ("< 55", -INF, False, 55, False),
    ("> 90,9", 90.9, False, INF, False),
])
def test_read_interval_keeps_printed_strictness(text, low, low_incl, high, high_incl):
    p = intervals.read_interval(text)
    assert (float(p.low), p.low_incl, float(p.high), p.high_incl) == (low, low_incl, high, high_incl)


@pytest.mark.parametrize("text,unit", [("76,00 – 90,99", "0.01"), ("55 – 74", "1"), ("≤ 50,9", "0.1"),
                                       ("< 55", "0")])
def test_closed_upper_bound_remembers_its_printed_precision(text, unit):
    assert intervals.read_interval(text).unit == Decimal(unit)


@pytest.mark.parametrize("text", ["sekitar 90", "", "≥ sembilan puluh", "100 – 90"])
def test_unreadable_interval_names_the_cell(text):
    with pytest.raises(InputError) as err:
        intervals.read_interval(text, name="data/raw/common/skala_kriteria.csv", row=3, column="Interval")
    assert (err.value.row, err.value.column, err.value.value) == (3, "Interval", text)


# -- whole scales: read, joined, then applied --------------------------------------------------------
def _scale(tmp_path, text):
    path = tmp_path / "skala_kriteria.csv"
    path.write_text(text, encoding="utf-8")
    return engine.scale_from_table(intervals.read_skala_kriteria(path, Paths(tmp_path)))


@pytest.mark.parametrize("value,expected", [
    (100.01, "Sangat baik"),   # '> 100' is exclusive at 100, not '≥ 101'
    (100.0, "Baik"),           # '75 – 100' includes 100
    (101.0, "Sangat baik"),
    (75.0, "Baik"),
    (74.99, "Cukup"),          # 74 < x < 75 is Cukup: the row reaches up to the next lower bound
    (74.5, "Cukup"),
    (55.0, "Cukup"),
    (54.999, "Kurang"),        # '< 55' is exclusive
    (-40.0, "Kurang"),
])
def test_jatim_scale_as_printed(tmp_path, value, expected):
    assert kriteria(value, _scale(tmp_path, JATIM)) == expected


@pytest.mark.parametrize("value,expected", [
    (91.0, "Sangat Baik"), (90.999, "Baik"), (90.99, "Baik"), (76.0, "Baik"), (75.995, "Cukup"),
    (66.0, "Cukup"), (65.999, "Kurang"), (51.0, "Kurang"), (50.995, "Sangat Kurang"), (-5.0, "Sangat Kurang"),
])
def test_seed_scale_unchanged(tmp_path, value, expected):
    scale = _scale(tmp_path, SEED)
    assert kriteria(value, scale) == expected == kriteria(value)   # same as the built-in Tabel 3.1


def test_joined_scale_bounds(tmp_path):
    df = intervals.read_skala_kriteria(_write(tmp_path, JATIM), Paths(tmp_path))
    got = [(r.kriteria, r.batas_bawah, r.bawah_inklusif, r.batas_atas, r.atas_inklusif) for r in df.itertuples()]
    assert got == [("Kurang", -INF, False, 55.0, False), ("Cukup", 55.0, True, 75.0, False),
                   ("Baik", 75.0, True, 100.0, True), ("Sangat baik", 100.0, False, INF, False)]


@pytest.mark.parametrize("rows,value,expected", [
    # shared printed endpoint between ranges: the point belongs to the upper row
    (["≥ 65", "50 – 65", "< 50"], 65.0, "A"),
    (["≥ 65", "50 – 65", "< 50"], 64.99, "B"),
    (["≥ 65", "50 – 65", "< 50"], 50.0, "B"),
    # '>= 91' and '≤ 50' with integer ranges between
    ([">= 91", "51 – 90", "≤ 50"], 90.5, "B"),
    ([">= 91", "51 – 90", "≤ 50"], 50.5, "C"),
    ([">= 91", "51 – 90", "≤ 50"], 51.0, "B"),
])
def test_other_printed_forms(tmp_path, rows, value, expected):
    text = HEADER + "".join(f"{i};{r};{k}\n" for i, (r, k) in enumerate(zip(rows, "ABC"), 1))
    assert kriteria(value, _scale(tmp_path, text)) == expected


def _write(tmp_path, text):
    path = tmp_path / "skala_kriteria.csv"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("old,new,row,message", [
    # row = the spreadsheet row (header is row 1) of the interval the problem is reported at
    ("76,00 – 90,99", "76,00 – 89,99", 2, "ada celah antara 89,99 dan 91"),
    ("66,00 – 75,99", "66,00 – 80,00", 3, "tumpang tindih dengan baris 4"),
    ("≤ 50,99", "< 50,99", 5, "ada celah antara 50,99 dan 51"),        # '<' is not closed: nothing reaches 51
    ("≤ 50,99", "0 – 50,99", 6, "di bawah 0"),
    ("≥ 91", "91 – 100", 2, "mulai 100 ke atas"),
])
def test_real_gaps_and_overlaps_are_input_errors(tmp_path, old, new, row, message):
    with pytest.raises(InputError) as err:
        intervals.read_skala_kriteria(_write(tmp_path, SEED.replace(old, new)), Paths(tmp_path))
    assert message in str(err.value)
    assert err.value.file == "skala_kriteria.csv" and err.value.column == intervals.INTERVAL_COLUMN
    assert err.value.row == row and err.value.value


def test_explicit_bounds_that_share_a_point_overlap(tmp_path):
    text = HEADER + "1;≥ 50;Baik\n2;≤ 50;Kurang\n"
    with pytest.raises(InputError, match="tumpang tindih"):
        intervals.read_skala_kriteria(_write(tmp_path, text), Paths(tmp_path))
    text = HEADER + "1;> 50;Baik\n2;< 50;Kurang\n"
    with pytest.raises(InputError, match="tidak ada baris yang mencakupnya"):
        intervals.read_skala_kriteria(_write(tmp_path, text), Paths(tmp_path))


# -- negative capaian -------------------------------------------------------------------------------
def test_negative_capaian_has_kriteria_and_an_explanation(tmp_path):
    # lower is better, target 5,00, realisasi 12,00 > 2 × 5: (10 − 12) / 5 × 100 = −40 %
    value = capaian(5.0, 12.0, "turun")
    assert value == pytest.approx(-40.0)
    assert kriteria(value) == "Sangat Kurang"
    assert kriteria(value, _scale(tmp_path, JATIM)) == "Kurang"
    note = engine.catatan_capaian(value, "turun", 5.0, 12.0)
    assert "negatif" in note and "12,00" in note and "10,00" in note and "dua kali target" in note
    assert engine.catatan_capaian(capaian(5.0, 4.868, "turun"), "turun", 5.0, 4.868) is None
    assert engine.catatan_capaian(-3.0, "naik") is None   # only the turun formula goes below zero
