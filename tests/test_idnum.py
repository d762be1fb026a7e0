"""Indonesian number notation: values worked out by hand from the seed's tables."""

import pytest

from pipeline.inputs.idnum import (
    NumberFormatError,
    decimals_of,
    fmt_number,
    fmt_percent,
    fmt_rupiah,
    parse_number,
)


@pytest.mark.parametrize("text,kind,expected", [
    ("1,853", "integer", 1853),              # Tabel 3.17, English grouping
    ("1.400", "integer", 1400),              # Tabel 3.17, Indonesian grouping
    ("88,040,791", "integer", 88040791),
    ("Rp. 6.643.861.122,-", "integer", 6643861122),
    ("(68.762.889,-)", "integer", -68762889),  # Tabel 1.5 negative
    ("370 org", "integer", 370),
    ("95,13%", "decimal", 95.13),
    ("1.024,07%", "decimal", 1024.07),
    ("301.636.853,935", "decimal", 301636853.935),
    ("80 %", "decimal", 80.0),
    ("4,070%", "decimal", 4.07),             # read as written: the validation flags the typo
])
def test_parse(text, kind, expected):
    assert parse_number(text, kind) == expected


@pytest.mark.parametrize("text", ["-", "", "  ", None])
def test_nil(text):
    assert parse_number(text, "integer") is None


@pytest.mark.parametrize("text,kind", [("1.024.07 %", "decimal"), ("74.0x5", "decimal"), ("95,13", "integer"), ("1.85", "integer")])
def test_malformed(text, kind):
    with pytest.raises(NumberFormatError):
        parse_number(text, kind)


def test_decimals_published():
    assert decimals_of("95,13%") == 2
    assert decimals_of("6%") == 0
    assert decimals_of("3,1%") == 1


def test_display_half_up_indonesian():
    assert fmt_number(112.125) == "112,13"          # 89,70/80 as the seed rounds it
    assert fmt_number(89.70 / 80 * 100) == "112,13"  # the float is 112,12499999...
    assert fmt_percent(74085 / 77876 * 100) == "95,13%"
    assert fmt_rupiah(1407615308) == "Rp 1.407.615.308"
    assert fmt_number(1234567.891) == "1.234.567,89"
    assert fmt_number(-9.1234) == "-9,12"
