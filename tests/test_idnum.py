"""Indonesian number notation: values worked out by hand from the seed's tables."""

import pytest

from pipeline.inputs.idnum import (
    NumberFormatError,
    decimals_of,
    fmt_number,
    fmt_percent,
    fmt_rupiah,
    kind_for_unit,
    lenient_number,
    parse_number,
)


@pytest.mark.parametrize("text,kind,expected", [
    ("1.400", "integer", 1400),              # Tabel 3.17, Indonesian grouping
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


@pytest.mark.parametrize("text,kind,notation,expected", [
    ("1,853", "count", "campuran", 1853),        # Tabel 3.17 as printed: English grouping 2019-2023
    ("2,000", "count", "campuran", 2000),        # Tabel 3.17, Unit Usaha 2022
    ("1.400", "count", "campuran", 1400),        # ... and Indonesian grouping in 2024
    ("88,040,791", "integer", "campuran", 88040791),
    ("12.000", "count", "id", 12000),            # twelve thousand people, not ambiguous in a count
    ("16.000,000", "count", "id", 16000),        # ',000' is a decimal part of zeros
    ("16.000,000", "decimal", "id", 16000.0),
    ("13,482", "count", "en", 13482),            # an English-notation export, declared
    ("12.000", "count", "en", 12),               # '.' is the decimal mark there
    ("1,234.5", "decimal", "en", 1234.5),
])
def test_parse_by_notation(text, kind, notation, expected):
    assert parse_number(text, kind, notation=notation) == expected


@pytest.mark.parametrize("text,kind,notation", [
    ("13,482", "count", "id"),          # English 13.482 or Indonesian 13,482: refused, never guessed
    ("2,000", "count", "id"),           # 2 or 2000: not a decimal part of zeros without a "." group
    ("1,853", "integer", "id"),
    ("1.234,5", "count", "id"),         # a count has no decimals
    ("16.000,000.5", "count", "id"),    # both marks as grouping in one number
    ("1,234.567", "count", "campuran"),
    ("1.5", "count", "en"),
    ("1.2.3", "decimal", "en"),
])
def test_refused_by_notation(text, kind, notation):
    with pytest.raises(NumberFormatError):
        parse_number(text, kind, notation=notation)


def test_comma_grouping_message_names_both_readings():
    with pytest.raises(NumberFormatError, match="ribuan dari ekspor berbahasa Inggris atau tanda desimal.*notasi: en"):
        parse_number("13,482", "count")


@pytest.mark.parametrize("text,expected", [
    ("3 kali", 3.0), ("240 orang", 240.0), ("46,45%", 46.45), ("95,13 %", 95.13),
    ("93.750", 93750.0), ("1,853,000", 1853000.0), ("Rp 5.000", 5000.0),
])
def test_one_lenient_reader(text, expected):
    assert lenient_number(text) == expected


@pytest.mark.parametrize("text", ["A", "Sangat Baik", "1.024.07 %", "-", "", None])
def test_lenient_not_a_number(text):
    assert lenient_number(text) != lenient_number(text)  # NaN


@pytest.mark.parametrize("satuan,kind", [("orang", "count"), (" Unit ", "count"), ("Perusahaan", "count"),
                                         ("%", "decimal"), ("Nilai", "decimal"), ("Indeks", "decimal")])
def test_kind_follows_satuan(satuan, kind):
    assert kind_for_unit(satuan) == kind


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
    assert fmt_rupiah(-68762889) == "-Rp 68.762.889"  # Tabel 1.5, Belanja Pegawai after the change
    assert fmt_rupiah(-0.4) == "Rp 0"                 # rounds to zero: no sign on a zero amount
    assert fmt_number(1234567.891) == "1.234.567,89"
    assert fmt_number(-9.1234) == "-9,12"
