"""tables.xlsx: every report table on its own sheet, unrounded, with a "Daftar" index sheet.

openpyxl stamps the save time into docProps/core.xml and the zip entries; both are pinned
so that the same tables give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from pipeline.inputs.idnum import is_absent
from pipeline.inputs.rawfile import write_atomic
from pipeline.sections.safecells import is_dangerous

INDEX_SHEET = "Daftar"
MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_FIXED_CORE_TIME = "2000-01-01T00:00:00Z"


def sheet_names(table_ids: list[str]) -> list[str]:
    """Excel-safe, unique (case-insensitively, as Excel compares), at most 31 characters."""
    taken = {INDEX_SHEET.lower()}
    names = []
    for table_id in table_ids:
        base = _FORBIDDEN.sub("_", str(table_id)).strip("'") or "tabel"
        name = base[:MAX_SHEET_NAME]
        n = 1
        while name.lower() in taken:
            n += 1
            suffix = f"~{n}"
            name = base[:MAX_SHEET_NAME - len(suffix)] + suffix
        taken.add(name.lower())
        names.append(name)
    return names


def _cell(value):
    if is_absent(value):
        return None
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, str):
        # Control characters (messy exports) are not allowed in XLSX XML; the CSV keeps them.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _append(sheet, values) -> None:
    """Append one row; every text cell stays text, never a formula.

    openpyxl reads a string starting with '=' as a formula (data_type 'f'); such a cell is
    forced back to a string, and every text cell a spreadsheet would read as a formula when
    edited carries the quote prefix (Excel's leading apostrophe), as OWASP advises.
    """
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if is_dangerous(cell.value):
                cell.quotePrefix = True


def write_tables_xlsx(target: Path, tables: list[dict]) -> Path:
    """``tables``: dicts with id, label, title, section, source, df — in document order."""
    workbook = Workbook()
    index = workbook.active
    index.title = INDEX_SHEET
    _append(index, ["Sheet", "Nomor", "Judul", "Bagian", "Sumber"])
    for cell in index[1]:
        cell.font = Font(bold=True)
    for name, table in zip(sheet_names([t["id"] for t in tables]), tables):
        _append(index, [_cell(v) for v in (name, table.get("label", ""), table.get("title", ""),
                                           table.get("section", ""), table.get("source", ""))])
        sheet = workbook.create_sheet(name)
        df: pd.DataFrame = table["df"]
        _append(sheet, [_cell(str(c)) for c in df.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in df.itertuples(index=False, name=None):
            _append(sheet, [_cell(v) for v in record])
    buffer = io.BytesIO()
    workbook.save(buffer)
    write_atomic(Path(target), _pin_timestamps(buffer.getvalue()))
    return Path(target)


def _pin_timestamps(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                                 lambda m: m.group(1) + _FIXED_CORE_TIME.encode() + m.group(3),
                                 content)
            pinned = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = info.external_attr
            target.writestr(pinned, content)
    return out.getvalue()
