"""Helpers shared by the budget, services and staff parsers for cells that are read leniently.

Input figures (pagu, realisasi, counts) are parsed strictly with :func:`pipeline.inputs.rawio.to_numbers`.
Figures the agency *derived* and printed (percentages, capaian, "240 orang") are kept as text
plus a lenient float that is NaN when the text cannot be read: the validation step reports
those, so a typo such as "1.024.07 %" must not stop the cleaning.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from pipeline.errors import InputError
from pipeline.inputs.idnum import decimals_of, is_absent, lenient_number  # noqa: F401 (the budget parser reads it here)
from pipeline.inputs.rawfile import display_path
from pipeline.inputs.rawio import ROW, to_numbers
from pipeline.messages import BLANK, PARSE

# "240 orang", "46,45", "4,07%", "80 %", "1 perusahaan", "6 IKM"
_VALUE_UNIT = re.compile(r"^(?P<num>[\d.,]+)\s*(?P<unit>%|[^\W\d_]+)?$")
# Short forms the seed uses for the same unit.
_UNIT_ALIASES = {"org": "orang"}
_GRADE = re.compile(r"^(AA|A|BB|B|CC|C|D)$")


def display(path: str | Path) -> str:
    """A file name as messages show it: relative to the project root when possible (the one
    rule: pipeline.inputs.rawfile.display_path)."""
    return display_path(Path(path))


def blank_to_na(series: pd.Series) -> pd.Series:
    """Text column with empty cells as <NA> (so 'not stated' differs from a stated value)."""
    return series.map(lambda v: pd.NA if v is None or str(v).strip() == "" else str(v).strip()).astype("str")


def split_value_unit(text) -> tuple[str | None, str | None]:
    """('46,45', '%') from '46,45%'; ('240', 'orang') from '240 orang'; (text, None) otherwise."""
    if is_absent(text):
        return None, None
    s = str(text).strip()
    match = _VALUE_UNIT.match(s)
    if not match:
        return s, None
    unit = match.group("unit")
    if unit and unit != "%":
        unit = _UNIT_ALIASES.get(unit.lower(), unit)
    return match.group("num"), unit


def unit_of(*texts) -> str | None:
    """The unit written with any of the texts (target, realisasi): '%', 'orang', 'predikat'..."""
    for text in texts:
        unit = split_value_unit(text)[1]
        if unit:
            return unit
    for text in texts:
        if text is not None and _GRADE.match(str(text).strip()):
            return "predikat"
    return None


def percent_columns(df: pd.DataFrame, column: str) -> pd.DataFrame:
    """persen_teks (as published), persen_dilaporkan (lenient float), desimal (decimals written)."""
    texts = blank_to_na(df[column])
    return pd.DataFrame({
        "persen_teks": texts,
        "persen_dilaporkan": pd.array([lenient_number(t) if not pd.isna(t) else math.nan for t in texts],
                                      dtype="Float64"),
        "desimal": pd.array([decimals_of(t) if not pd.isna(t) else None for t in texts], dtype="Int64"),
    }, index=df.index)


def required_text(df: pd.DataFrame, column: str, file: str | Path) -> pd.Series:
    """A text column in which every cell must be filled (names, labels)."""
    for value, row in zip(df[column], df[ROW]):
        if not str(value).strip():
            raise InputError(display(file), PARSE["cell_empty"], row=int(row), column=column,
                             value=BLANK)
    return df[column].astype("str")


def counts(df: pd.DataFrame, column: str, file: str | Path, *, blank=0) -> pd.Series:
    """Integer counts where '-' means 0 and a blank cell means ``blank`` (0, or None for <NA>)."""
    out = to_numbers(df, column, "count", file=display(file), nil=0)
    return out if blank is not None else blanks_as_na(df, column, out)


def blanks_as_na(df: pd.DataFrame, column: str, values: pd.Series) -> pd.Series:
    """``values`` read from ``column`` with its blank cells as <NA> (a stated sum the template
    leaves to be computed), the others as read."""
    empty = df[column].map(lambda v: str(v).strip() == "")
    return values.mask(empty.to_numpy(), pd.NA)
