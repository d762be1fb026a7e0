"""Text cells that are safe to open in a spreadsheet (CSV/formula injection).

A raw file may carry text such as ``=HYPERLINK("http://x","click")``; written unchanged to a
CSV, Excel or LibreOffice runs it as a formula. Following OWASP's CSV-injection guidance, a
text cell that starts with ``=``, ``+``, ``-`` (unless it is a number), ``@``, a tab or a
carriage return gets a leading apostrophe, which spreadsheets show as "this is text".

The neutralisation is reversible so that the pipeline can read its own CSV files back
(``Section.load``): a cell that already starts with an apostrophe gets one more, and
:func:`restore` removes exactly one from every cell that starts with one.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# A signed number as text ("-5", "+1.234,5", "-12,5%") is no formula: it keeps its sign.
_SIGNED_NUMBER = re.compile(r"^[+-]\s*\d[\d.,\s]*%?$")


def is_dangerous(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as the start of a formula."""
    stripped = text.lstrip(" ")
    if not stripped or stripped[0] not in TRIGGERS:
        return False
    if stripped[0] in "+-":
        rest = stripped[1:].strip()
        if not rest or _SIGNED_NUMBER.match(stripped):
            return False  # a lone "-" (nil mark) or a signed number
    return True


def neutralise(value):
    """Prefix an apostrophe to a dangerous text cell (and to one that starts with one)."""
    if isinstance(value, str) and (value.startswith(QUOTE) or is_dangerous(value)):
        return QUOTE + value
    return value


def restore(value):
    """Undo :func:`neutralise`."""
    if isinstance(value, str) and value.startswith(QUOTE):
        return value[1:]
    return value


def _text_columns(df: pd.DataFrame) -> list:
    return [c for c in df.columns if df[c].dtype == object or pd.api.types.is_string_dtype(df[c])]


def _map_text(df: pd.DataFrame, func) -> pd.DataFrame:
    out = df.copy()
    for column in _text_columns(out):
        out[column] = out[column].map(func)
    out.columns = [func(str(c)) for c in out.columns]
    return out


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with every text cell (and the header) neutralised."""
    return _map_text(df, neutralise)


def restored_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Undo :func:`safe_frame` on a table read back from its CSV."""
    return _map_text(df, restore)


def write_csv(df: pd.DataFrame, target: Path, **kwargs) -> Path:
    """``df.to_csv`` with every text cell neutralised and, as OWASP advises, quoted (a carriage
    return inside a cell would otherwise end the row for a spreadsheet)."""
    safe_frame(df).to_csv(target, index=False, quoting=csv.QUOTE_NONNUMERIC, **kwargs)
    return Path(target)
