"""The kriteria scale (Tabel 3.1) read as agencies print it: data/raw/common/skala_kriteria.csv.

Each row's interval is first read *exactly as printed*, with its strictness:

    '> 100'  -> (100, +inf)          '≥ 91', '>= 91' -> [91, +inf)
    '< 55'   -> (-inf, 55)           '≤ 50', '<= 50' -> (-inf, 50]
    '91 – 100', '91 - 100', '76,00 – 90,99', '91 s/d 100' -> [91, 100]   (a printed range)

The rows are then joined into one partition of the real line (no gaps, no overlaps), the way
agencies mean their tables: **each row's lower bound is inclusive, and a row reaches up to the
next row's lower bound.** Concretely, a row whose upper bound is printed *closed* (a range
``a – b`` or ``≤ b``) is extended to the next row's inclusive lower bound when that bound lies
at most one unit of b's last printed decimal above b (``55 – 74`` then ``75 – 100``: Cukup is
[55, 75); ``76,00 – 90,99`` then ``≥ 91``: Baik is [76, 91); ``≤ 50,99`` then ``51,00 – …``:
(-inf, 51)). A range whose printed upper bound equals the next row's inclusive lower bound
(``50 – 65`` then ``65 – 75``) gives that shared point to the upper row. A row followed by an
exclusive lower bound at its own closed upper bound (``75 – 100`` then ``> 100``) keeps that
bound: Baik is [75, 100], Sangat Baik (100, +inf), so 100,01 is Sangat Baik.

Anything else — a real gap (``76,00 – 89,99`` then ``≥ 91``), an overlap (``66 – 80`` then
``76 – 90``; ``≤ 50`` then ``≥ 50``), a scale that does not reach -inf or +inf — is an
InputError naming file, row, column and value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs.idnum import NumberFormatError, decimals_of, parse_number
from pipeline.inputs.rawio import ROW, read_table
from pipeline.messages import BLANK, PARSE

INTERVAL_COLUMN = "Interval Nilai Realisasi Kinerja"
KRITERIA_COLUMN = "Kriteria Penilaian Realisasi Kinerja"
COLUMNS = ["kriteria", "batas_bawah", "batas_atas", "bawah_inklusif", "atas_inklusif",
           "interval_teks", "sumber_baris"]

INF = Decimal("Infinity")
_LOWER = re.compile(r"^(≥|>=|=>|>)\s*(.+)$")
_UPPER = re.compile(r"^(≤|<=|=<|<)\s*(.+)$")
_RANGE = re.compile(r"^(.+?)\s*(?:–|—|-|s\.?/?d\.?|sampai(?: dengan)?)\s*(.+)$", re.IGNORECASE)
HINT = "tulis mis. '> 100', '≥ 91', '76,00 – 90,99', '≤ 50,99', '< 55'"


@dataclass(frozen=True)
class Printed:
    """One interval exactly as printed (Decimal bounds, ±Infinity when open-ended)."""

    low: Decimal
    low_incl: bool
    high: Decimal
    high_incl: bool
    unit: Decimal = Decimal(0)   # one unit of the last printed decimal of a closed upper bound
    is_range: bool = False       # printed as 'a – b' (upper bound closed by convention only)


def _bound(text: str, name: str, row, column: str, cell: str) -> tuple[Decimal, Decimal]:
    """(value, one unit of its last printed decimal); errors show the whole ``cell``."""
    text = text.strip()
    try:
        value = parse_number(text, "decimal")
    except NumberFormatError:
        value = None
    if value is None:
        raise InputError(name, f"{PARSE['bound_not_number']} ('{text}'); {HINT}", row=row,
                         column=column, value=cell)
    negative = text.startswith("-") or text.startswith("−")
    digits = text.lstrip("-−").strip().replace(".", "").replace(",", ".")
    try:
        exact = Decimal(digits)
    except InvalidOperation:
        exact = Decimal(str(value))
    return (-exact if negative else exact), Decimal(1).scaleb(-(decimals_of(text.lstrip("-−")) or 0))


def read_interval(text: str, *, name: str = "", row: int | None = None, column: str = "") -> Printed:
    """One printed interval with its exact strictness (see the module docstring)."""
    s = str(text).strip().replace("$", "").replace("\\geq", "≥").replace("\\leq", "≤").strip()
    if m := _LOWER.match(s):
        low, _ = _bound(m.group(2), name, row, column, text)
        return Printed(low, m.group(1) != ">", INF, False)
    if m := _UPPER.match(s):
        high, unit = _bound(m.group(2), name, row, column, text)
        closed = m.group(1) != "<"
        return Printed(-INF, False, high, closed, unit if closed else Decimal(0))
    if m := _RANGE.match(s):
        low, _ = _bound(m.group(1), name, row, column, text)
        high, unit = _bound(m.group(2), name, row, column, text)
        if high < low:
            raise InputError(name, PARSE["interval_empty"],
                             row=row, column=column, value=text)
        return Printed(low, True, high, True, unit, is_range=True)
    raise InputError(name, PARSE["interval_unreadable"], row=row, column=column, value=text)


def _show(value: Decimal) -> str:
    return f"{float(value):g}".replace(".", ",")


def join_scale(rows: list[tuple[str, Printed, str, int | None]], name: str = "",
               column: str = INTERVAL_COLUMN) -> pd.DataFrame:
    """Join printed intervals ``(kriteria, Printed, text, row)`` into a gap-free partition.

    Returns the :data:`COLUMNS` table sorted from the lowest interval up.
    """
    if not rows:
        raise InputError(name, PARSE["scale_empty"], column=column)
    order = sorted(rows, key=lambda r: (r[1].low, not r[1].low_incl, r[3] or 0))
    first = order[0]
    if first[1].low != -INF:
        raise InputError(name, PARSE["criteria_below"].format(bound=_show(first[1].low)),
                         row=first[3], column=column, value=first[2])
    joined = []
    for (kriteria, below, text, row), nxt in zip(order, order[1:] + [None]):
        if nxt is None:
            if below.high != INF:
                raise InputError(name, PARSE["criteria_above"].format(bound=_show(below.high)),
                                 row=row, column=column, value=text)
            joined.append((kriteria, below, text, row))
            break
        above = nxt[1]
        problem = None
        if below.high == above.low:
            if below.high_incl and above.low_incl:
                if below.is_range:   # '50 – 65' then '65 – 75': the shared point goes up
                    below = replace(below, high_incl=False)
                else:
                    problem = PARSE["criteria_overlap_at"].format(row=row, text=text, at=_show(above.low))
            elif not below.high_incl and not above.low_incl:
                problem = PARSE["criteria_gap_at"].format(at=_show(above.low))
        elif below.high < above.low:
            reachable = below.high_incl and above.low_incl and above.low - below.high <= below.unit
            if reachable:    # '55 – 74' then '75 – 100': Cukup reaches up to 75
                below = replace(below, high=above.low, high_incl=False)
            else:
                problem = PARSE["criteria_hole"].format(below=_show(below.high), above=_show(above.low))
        else:
            problem = PARSE["criteria_overlap_row"].format(row=row, text=text)
        if problem:
            raise InputError(name, PARSE["criteria_gap"].format(problem=problem),
                             row=nxt[3], column=column, value=nxt[2])
        joined.append((kriteria, below, text, row))
    out = pd.DataFrame([{"kriteria": k, "batas_bawah": float(p.low), "batas_atas": float(p.high),
                         "bawah_inklusif": bool(p.low_incl), "atas_inklusif": bool(p.high_incl),
                         "interval_teks": t, "sumber_baris": r} for k, p, t, r in joined], columns=COLUMNS)
    out["sumber_baris"] = out["sumber_baris"].astype("Int64")
    return out.astype({"kriteria": "str", "batas_bawah": "float64", "batas_atas": "float64",
                       "interval_teks": "str"})


def read_skala_kriteria(path: Path, paths: Paths) -> pd.DataFrame:
    """Tabel 3.1 as a partition of the real line: :data:`COLUMNS`, lowest interval first."""
    name = paths.rel(Path(path))
    df = read_table(path, required=[INTERVAL_COLUMN, KRITERIA_COLUMN])
    rows = []
    for text, kriteria, row in zip(df[INTERVAL_COLUMN], df[KRITERIA_COLUMN], df[ROW]):
        printed = read_interval(text, name=name, row=int(row), column=INTERVAL_COLUMN)
        if not kriteria.strip():
            raise InputError(name, PARSE["kriteria_blank"], row=int(row), column=KRITERIA_COLUMN,
                             value=BLANK)
        rows.append((kriteria.strip(), printed, text, int(row)))
    return join_scale(rows, name)

