"""Raw CSV files as plain rows of text (';'-separated UTF-8), for the year set-up commands
that copy and fill them without interpreting the figures."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pipeline.inputs.rawfile import write_atomic

SEP = ";"


def read_rows(path: Path) -> list[list[str]]:
    """The file's non-blank rows (header first), cells as written."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text), delimiter=SEP) if any(c.strip() for c in row)]


def rows_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=SEP, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_rows(path: Path, rows: list[list[str]]) -> None:
    write_atomic(Path(path), rows_text(rows))
