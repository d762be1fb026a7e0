"""How one table cell is displayed in the report (Indonesian number formats, "–" for blanks)."""

from __future__ import annotations

import pandas as pd

from pipeline.inputs import idnum


def format_cell(value, fmt: str) -> str:
    """One table cell as displayed in the report."""
    if fmt == "text" or fmt is None:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return "–"
        if isinstance(value, float) and value.is_integer():
            # A text column of ids read back from CSV next to blanks comes back as 1.0, 2.0 ...
            return str(int(value))
        return str(value)
    try:
        if idnum.is_absent(value) or value == "":
            return "–"
    except (TypeError, ValueError):
        pass
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return {
        "int": lambda v: idnum.fmt_int(v),
        "rupiah": lambda v: idnum.fmt_rupiah(v),
        "percent": lambda v: idnum.fmt_percent(v),
        "number": lambda v: idnum.fmt_number(v, 2),
        "number1": lambda v: idnum.fmt_number(v, 1),
        "number3": lambda v: idnum.fmt_number(v, 3),
    }[fmt](number)
