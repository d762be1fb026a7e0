"""Numbers in Indonesian notation: reading them as published, writing them for display.

Published tables use '.' for thousands and ',' for decimals ("1.234.567,89"), but the seed
also mixes in English grouping ("1,853" units in Tabel 3.17), currency decoration
("Rp. 6.643.861.122,-"), parentheses for negatives and '-' for nil. Reading depends on
what the column holds:

* ``kind="integer"`` (rupiah, numbers) and ``kind="count"`` (people, firms, documents) are
  whole numbers: '.' groups thousands ("12.000" is twelve thousand) and a ',' may only be
  followed by zeros ("16.000,000" is sixteen thousand). A ',' between groups of three digits
  ("13,482") is refused: an English-notation export writes 13.482 that way, and reading it as
  either number silently has published a wrong capaian. A file that is written in English
  notation declares ``notasi: en`` in data/raw/manifest.yml; a published table transcribed
  with both groupings as printed declares ``notasi: campuran`` (either mark groups thousands,
  never both in one number). A count also refuses '%' and 'Rp': a count that carries them
  was typed into the wrong column.
* ``kind="decimal"`` (percentages, rates, thousand-rupiah values): '.' groups thousands and
  ',' is the decimal mark, as Indonesian notation has it. "4,070" therefore reads as 4,07:
  that is what the published text says, and the validation flags it when it disagrees.
  One '.' followed by exactly three digits and no ',' ("93.750%") is refused as ambiguous:
  it is 93.750 in Indonesian notation but 93,75 in English notation, and guessing either
  way has published a wrong capaian before.

Only the ASCII digits 0-9 are digits: superscripts ("4²") and other Unicode digits are
refused, and so is a number of more than 18 digits (no figure of a regional agency comes
near, and beyond it whole numbers no longer fit the table's integer type).

Display uses Babel's ``id`` locale with half-up rounding (the convention of the seed:
112,125 is published as 112,13), always from unrounded values.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from pipeline.messages import PARSE

NIL = {"-", "–", "—", ""}
# An indicator whose satuan is one of these counts things: its target and realisasi cells are
# whole numbers (kind "count"); every other satuan (%, indeks, nilai, rupiah) reads as a decimal.
COUNT_UNITS = {"orang", "org", "unit", "unit usaha", "perusahaan", "usaha", "ikm", "dokumen", "laporan",
               "paket", "perkara", "lembaga", "kali", "sertifikat", "kegiatan", "angkatan", "peserta"}
_DECORATION = re.compile(r"(?i)^rp\.?\s*|,-$|\s*%$|\s+("
                         + "|".join(sorted(COUNT_UNITS, key=lambda u: (-len(u), u))) + ")$")
_DOT_GROUPED = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,0+)?$")
_COMMA_ONLY = re.compile(r"^[0-9]{1,3}(?:,[0-9]{3})+$")
_COMMA_GROUPED = re.compile(r"^(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.0+)?$")
_EN_DECIMAL = re.compile(r"^[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$|^[0-9]+(\.[0-9]+)?$")
_UNIT_WORD = re.compile(r"^(?P<num>[0-9.,()\-]+)\s*(?:%|[^\W\d_]+(?:\s+[^\W\d_]+)?)$")
_ID_DECIMAL = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?$|^[0-9]+(,[0-9]+)?$")
_AMBIGUOUS = re.compile(r"^([0-9]{1,3})\.([0-9]{3})$")
_PERCENT_OR_RUPIAH = re.compile(r"(?i)%|\brp\b|^rp")
MAX_DIGITS = 18
KINDS = ("integer", "count", "decimal")
# How a file writes its numbers (``notasi:`` of its entry in data/raw/manifest.yml).
NOTATIONS = ("id", "en", "campuran")


class NumberFormatError(ValueError):
    """The text is not a number in the notation the column expects (message in Indonesian,
    without the value: the caller names file, row, column and value)."""


def _check_characters(text: str, s: str) -> None:
    odd = sorted({ch for ch in s if ch.isdigit() and ch not in "0123456789"})
    if odd:
        raise NumberFormatError(f"memuat karakter {', '.join(odd)} yang bukan angka 0-9 "
                                f"(mis. pangkat atau angka non-Latin); ketik angkanya dengan 0-9")
    if sum(ch in "0123456789" for ch in s) > MAX_DIGITS:
        raise NumberFormatError(f"angka terlalu besar (lebih dari {MAX_DIGITS} digit); "
                                f"periksa apakah ada digit yang terketik berlebih")


def _strip(text: str) -> tuple[str, bool]:
    s = str(text).strip().replace("\u00a0", " ")
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    previous = None
    while previous != s:
        previous = s
        s = _DECORATION.sub("", s).strip()
    if s.startswith("-") and s not in NIL:
        negative, s = not negative, s[1:].strip()
    return s.replace(" ", ""), negative


def kind_for_unit(satuan) -> str:
    """The kind of a figure declared with ``satuan`` (iku.csv): "count" or "decimal"."""
    return "count" if " ".join(str(satuan or "").split()).casefold() in COUNT_UNITS else "decimal"


def is_absent(value) -> bool:
    """No value at all: None, NaN (float or numpy), pandas' NA or NaT. A string never is (parser
    output and CSV round trips differ only in which of these they use)."""
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(value != value)  # NaN and NaT are the values unequal to themselves
    except TypeError:
        return True  # pandas' NA: its comparisons are NA, whose truth is undefined
    except ValueError:
        return False  # an array is a value


def is_blank(value) -> bool:
    """Absent, or a text of whitespace only."""
    return is_absent(value) or (isinstance(value, str) and not value.strip())


def is_nil(text) -> bool:
    """True for the marks tables use for 'nothing': '-', blank, None, NaN."""
    return is_absent(text) or str(text).strip() in NIL


def is_number(value) -> bool:
    """A present number (not a text, not absent): what a parsed numeric cell holds."""
    if is_absent(value) or isinstance(value, str):
        return False
    try:
        return not math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _whole(s: str, notation: str) -> int:
    """A whole number (kinds integer and count) in the file's notation."""
    comma_grouped = _COMMA_ONLY.match(s) is not None   # '2,000', '13,482', '88,040,791'
    if notation == "en":
        if _COMMA_GROUPED.match(s):
            return int(s.split(".")[0].replace(",", ""))
    elif comma_grouped and notation == "campuran":
        return int(s.replace(",", ""))
    elif comma_grouped:
        # Two readings ('2,000' is 2 in Indonesian and 2000 in English notation): never guessed.
        raise NumberFormatError(PARSE["whole_comma_grouping"])
    elif _DOT_GROUPED.match(s):
        return int(s.split(",")[0].replace(".", ""))
    raise NumberFormatError(PARSE["whole_not"])


def parse_number(text, kind: str = "decimal", *, strict: bool = True,
                 notation: str = "id") -> float | int | None:
    """Read one published number; ``None`` for nil marks. Raises NumberFormatError.

    ``strict=False`` reads an ambiguous '93.750' the Indonesian way (93750) instead of
    refusing it: for published claims, which are only compared, never computed with, and
    whose disagreement with the recomputation the validation reports. ``notation`` is the
    file's declared notation (:data:`NOTATIONS`)."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return None if is_absent(text) else text
    if is_nil(text):
        return None
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    if notation not in NOTATIONS:
        raise ValueError(f"unknown notation {notation!r}")
    if kind == "count" and _PERCENT_OR_RUPIAH.search(str(text)):
        raise NumberFormatError("kolom ini berisi jumlah (orang, unit, dokumen): "
                                "tanpa '%' atau 'Rp'")
    if kind == "integer" and "%" in str(text):
        raise NumberFormatError("kolom ini berisi bilangan bulat, bukan persentase: tanpa '%'")
    s, negative = _strip(text)
    if s in NIL:
        return None
    _check_characters(text, s)
    sign = -1 if negative else 1
    if kind in ("integer", "count"):
        if re.fullmatch(r"[0-9]+", s):
            return sign * int(s)
        return sign * _whole(s, notation)
    if notation == "en":
        if _EN_DECIMAL.match(s):
            return sign * float(s.replace(",", ""))
        raise NumberFormatError(PARSE["en_not"])
    ambiguous = _AMBIGUOUS.match(s) if strict else None
    if ambiguous:
        whole, frac = ambiguous.groups()
        thousands = fmt_number(int(whole + frac), 0)
        english = fmt_number(float(f"{whole}.{frac}"), len(frac.rstrip("0")) or 0)
        raise NumberFormatError(
            f"ambigu: bisa dibaca {thousands} (titik sebagai pemisah ribuan) atau {english} "
            f"(titik sebagai tanda desimal); tulis {english} dengan koma desimal, "
            f"atau {thousands},0 bila yang dimaksud {thousands}")
    if _ID_DECIMAL.match(s):
        whole, _, frac = s.partition(",")
        value = float(whole.replace(".", "") + ("." + frac if frac else ""))
        return sign * value
    raise NumberFormatError("bukan angka dalam notasi Indonesia (contoh: 1.234,56)")


def lenient_number(text) -> float:
    """A published claim as a float, NaN when it is nil or not a number ('A', 'Sangat Baik').

    The one reader of figures that are only compared with the recomputation, never computed
    with: a trailing unit word is dropped ('3 kali', '240 orang', '46,45%'), an ambiguous
    '93.750' reads the Indonesian way, and English grouping of whole numbers ('1,853,000')
    is accepted as printed; the validation reports any disagreement."""
    if is_absent(text):
        return math.nan
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    s = str(text).strip()
    unit = _UNIT_WORD.match(s)
    if unit and not _PERCENT_OR_RUPIAH.search(s[unit.end("num"):]):
        s = unit.group("num")
    for kind, notation in (("decimal", "id"), ("integer", "campuran")):
        try:
            value = parse_number(s, kind, strict=False, notation=notation)
        except NumberFormatError:
            continue
        return math.nan if value is None else float(value)
    return math.nan


def decimals_of(text, kind: str = "decimal") -> int | None:
    """How many decimals a published figure was written with ('95,13%' -> 2, '6%' -> 0)."""
    if is_nil(text):
        return None
    s, _ = _strip(text)
    if kind == "decimal" and "," in s:
        return len(s.rsplit(",", 1)[1])
    return 0


def round_half_up(value: float, decimals: int = 2) -> Decimal:
    """Half-up rounding as people do it by hand. Binary floats carry noise (89,70/80×100 is
    112,12499999…), so the value is first cut to 9 decimals, far below any published precision."""
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(round(float(value), 9))).quantize(quantum, rounding=ROUND_HALF_UP)


def fmt_number(value, decimals: int = 2) -> str:
    """1234567.891 -> '1.234.567,89'. None/NaN -> '–'."""
    if is_absent(value):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return format_decimal(round_half_up(value, decimals), format=pattern, locale="id",
                          decimal_quantization=True)


def fmt_int(value) -> str:
    """74085 -> '74.085'."""
    return fmt_number(value, 0)


def fmt_rupiah(value, decimals: int = 0) -> str:
    """1407615308 -> 'Rp 1.407.615.308'; -68762889 -> '-Rp 68.762.889' (the sign leads the
    currency, as Indonesian amounts are written; 'Rp -68.762.889' reads as a typo)."""
    if is_absent(value):
        return "–"
    sign = "-" if round_half_up(value, decimals) < 0 else ""
    return sign + "Rp " + fmt_number(abs(value), decimals)


def fmt_percent(value, decimals: int = 2) -> str:
    """95.1320 -> '95,13%'."""
    if is_absent(value):
        return "–"
    return fmt_number(value, decimals) + "%"
