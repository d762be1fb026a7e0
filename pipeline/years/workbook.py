"""The analyst's workbook ``data/raw/<year>/isian-<year>.xlsx``: one form for a whole year.

:func:`write_workbook` (called by ``lkjip new-year``) lays every CSV of the year out as a
sheet: a provenance block (source and table, pre-filled; the analyst confirms or corrects
them), the hint, then the table with the known values pre-filled and every cell to fill
marked (yellow fill and data validation: number, grade list, date, sasaran id list). Figures
the pipeline derives are shaded grey: they may be typed for comparison, never required.
A "Petunjuk" sheet explains each sheet, its source and units; a "Narasi" sheet holds the
narrative (one row per item).

:func:`import_workbook` (``lkjip impor``) reads the workbook back into the CSV files, which
stay the source of truth. It never overwrites a CSV that was changed by hand since
new-year/impor last wrote it, unless ``overwrite``; it reports per sheet what it wrote.
Workbooks saved by Excel or LibreOffice round-trip: values are read, not styles.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.config import Paths
from pipeline.errors import InputError, LkjipError
from pipeline.inputs import narrative, registry
from pipeline.inputs.idnum import fmt_number
from pipeline.inputs.rawfile import read_yaml, sha256_file, write_atomic
from pipeline.inputs.rawio import published_table_of
from pipeline.messages import BLANK, WORKBOOK
from pipeline.years import isian, manifest
from pipeline.years.folders import wilayah_name
from pipeline.years.isian import HEADER_ROW, HINT_ROW, SOURCE_ROW, TABLE_ROW
from pipeline.years.rows import read_rows, rows_text

TO_FILL = PatternFill("solid", fgColor="FFF2CC")    # the cells the analyst fills
DERIVED = PatternFill("solid", fgColor="E7E6E6")    # computed by the pipeline (optional)
HEADER = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
INFO = "Petunjuk"
NARRATIVE = "Narasi"
EXTRA_ROWS = 30          # marked empty rows under a header-only table (more may be added)
NARRATIVE_ITEMS = 3      # marked empty items per narrative list
MAX_COLUMNS = 40         # columns a sheet may use (a table's own columns plus slack)
CELL_BYTES = 64          # XML bytes per cell allowed for a sheet's declared size
ROW_TEXT = 1000          # characters of text per row allowed for a sheet's declared size


def workbook_path(paths: Paths, year: int) -> Path:
    return isian.workbook_path(paths, year)


def sheet_name(spec: registry.RawFile) -> str:
    return Path(spec.name).stem[:31]


load_state, record_state = isian.load_state, isian.record_state


# ---------------------------------------------------------------- writing

def _id_column(header: list[str]) -> str | None:
    """The column naming what a row measures: the indikator (1.1, 1.2 …), else its sasaran."""
    return next((c for c in ("indikator_id", "sasaran_id") if c in header), None)


def _iku_ids_where(paths: Paths, column: str, value: str) -> set[str]:
    """Ids (indikator, else sasaran) of the rows of common/iku.csv whose ``column`` is ``value``."""
    path = paths.raw_common / "iku.csv"
    if not path.is_file():
        return set()
    rows = read_rows(path)
    header = [h.strip() for h in rows[0]]
    key = _id_column(header)
    if column not in header or key is None:
        return set()
    i, j = header.index(key), header.index(column)
    return {r[i].strip() for r in rows[1:] if len(r) > j and r[j].strip() == value}


def _ordinal_sasaran(paths: Paths) -> set[str]:
    return _iku_ids_where(paths, "polaritas", "ordinal")


def _common_list(paths: Paths, name: str, column: str) -> list[str]:
    path = paths.raw_common / name
    if not path.is_file():
        return []
    rows = read_rows(path)
    header = [h.strip() for h in rows[0]]
    if column not in header:
        return []
    i = header.index(column)
    return [r[i].strip() for r in rows[1:] if len(r) > i and r[i].strip()]


class _Validations:
    """One DataValidation per kind of cell on a sheet (cells are added as they are marked)."""

    def __init__(self, ws, grades: list[str], sasaran: list[str]):
        self.ws, self.grades, self.sasaran, self.made = ws, grades, sasaran, {}

    def _list(self, key: str, values: list[str], title: str) -> DataValidation | None:
        if not values:
            return None
        return DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                              errorStyle="warning", errorTitle=title,
                              error=f"Pilih salah satu: {', '.join(values)}")

    def get(self, kind: str) -> DataValidation | None:
        if kind in self.made:
            return self.made[kind]
        if kind == registry.NUMBER:
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                errorStyle="warning", errorTitle="Angka",
                                error="Isi angka (tanpa titik ribuan; '-' berarti nihil).")
        elif kind == registry.DATE:
            dv = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                errorStyle="warning", errorTitle="Tanggal",
                                error="Isi tanggal, mis. 10 Februari 2025.")
        elif kind == registry.GRADE:
            dv = self._list(kind, self.grades, "Nilai")
        elif kind == registry.SASARAN:
            dv = self._list(kind, self.sasaran, "Sasaran")
        elif kind == "menunjang":
            dv = self._list(kind, ["Menunjang", "Kurang"], "Menunjang/Kurang")
        elif kind == "mekanisme":
            dv = self._list(kind, ["Reguler", "Self Declare"], "Mekanisme")
        else:
            dv = None
        if dv is not None:
            self.ws.add_data_validation(dv)
        self.made[kind] = dv
        return dv

    def mark(self, cell, kind: str) -> None:
        dv = self.get(kind)
        if dv is not None:
            dv.add(cell)


def _cell_kind(spec: registry.RawFile, column: str, row: list[str], header: list[str], ordinal: set[str]) -> str:
    kind = spec.kind(column)
    if kind == registry.GRADE:
        sid_col = next((c for c in ("indikator_id", "sasaran_id", "No") if c in header), None)
        sid = row[header.index(sid_col)].strip().rstrip(".") if sid_col and header.index(sid_col) < len(row) else ""
        return registry.GRADE if sid in ordinal else registry.TEXT
    return kind


def _figure_row(spec: registry.RawFile, row: list[str], header: list[str], year: int, reported: set[str],
                body: list[list[str]]) -> bool:
    """Does the analyst type this row's figures? Not on rows the pipeline computes (sums), and
    in capaian_kinerja_tahunan.csv only the new year's realisasi taken as reported."""
    if spec.derived_row(header, row, body):
        return False
    key = _id_column(header)
    if spec.keep == registry.KEEP_CAPAIAN and "Tahun" in header and key is not None:
        return row[header.index("Tahun")].strip() == str(year) and row[header.index(key)].strip() in reported
    return True


def _reported_sasaran(paths: Paths) -> set[str]:
    """Indicators whose realisasi is taken as reported (common/iku.csv, sumber_realisasi 'dilaporkan')."""
    return _iku_ids_where(paths, "sumber_realisasi", "dilaporkan")


def _shown_table(entry: dict, spec: registry.RawFile, fmt: dict) -> str:
    """The Tabel cell: the published table the findings cite for the file (its manifest
    ``tabel_terbit``, else ``table``: rawio.published_table_of), else the registry's default;
    `impor` writes what the analyst types there back to the same field."""
    return published_table_of(entry, "") or spec.table.format(**fmt)


def _write_sheet(wb: Workbook, spec: registry.RawFile, rows: list[list[str]], entry: dict, year: int,
                 grades: list[str], sasaran: list[str], ordinal: set[str], reported: set[str],
                 wilayah: str = "<wilayah>") -> int:
    """One sheet per CSV; returns the number of marked cells."""
    ws = wb.create_sheet(sheet_name(spec))
    fmt = dict(y=year, y1=year + 1, wilayah=wilayah)
    ws.cell(SOURCE_ROW, 1, "Sumber").font = BOLD
    ws.cell(SOURCE_ROW, 2, entry.get("source") or spec.source.format(**fmt)).fill = TO_FILL
    ws.cell(TABLE_ROW, 1, "Tabel").font = BOLD
    ws.cell(TABLE_ROW, 2, _shown_table(entry, spec, fmt)).fill = TO_FILL
    ws.cell(HINT_ROW, 1, "Isi").font = BOLD
    ws.cell(HINT_ROW, 2, spec.hint.format(**fmt))
    header = [h.strip() for h in rows[0]]
    for j, name in enumerate(header, start=1):
        cell = ws.cell(HEADER_ROW, j, name)
        cell.font, cell.fill = BOLD, HEADER
        if name in spec.derived:
            cell.comment = Comment("Dihitung oleh pipeline; boleh dikosongkan (angka yang diisi dibandingkan).",
                                   "lkjip")
    figure_cols = set(spec.value_columns(header, year))
    derived_cols = {i for i, h in enumerate(header) if h in spec.derived}
    checks = _Validations(ws, grades, sasaran)
    body = [list(r) + [""] * (len(header) - len(r)) for r in rows[1:]]
    header_only = not body
    if header_only:
        body = [[""] * len(header) for _ in range(EXTRA_ROWS)]
    marked = 0
    for i, row in enumerate(body):
        r = HEADER_ROW + 1 + i
        figure_row = _figure_row(spec, row, header, year, reported, body)
        for j, value in enumerate(row):
            cell = ws.cell(r, j + 1, value if value != "" else None)
            kind = _cell_kind(spec, header[j], row, header, ordinal)
            if kind in (registry.TEXT, registry.GRADE) or (value and not header_only):
                cell.number_format = "@"  # keep typed text as text (NIB, '93,77%')
            if spec.optional:
                if j in figure_cols or j in derived_cols:
                    cell.fill = DERIVED
                continue
            if j in figure_cols and spec.optional_row(header, row):
                checks.mark(cell, kind)  # white: may stay blank (the Bukan Angkatan Kerja breakdown)
            elif j in derived_cols or (j in figure_cols and not figure_row):
                cell.fill = DERIVED
            elif j in figure_cols and (value == "" or header_only):
                cell.fill = TO_FILL
                checks.mark(cell, kind)
                marked += 1
            elif kind == registry.SASARAN:
                checks.mark(cell, kind)
    for j, name in enumerate(header, start=1):
        width = max([len(name)] + [len(str(r[j - 1])) for r in body[:50] if j - 1 < len(r)])
        ws.column_dimensions[ws.cell(HEADER_ROW, j).column_letter].width = min(max(width + 2, 10), 60)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width or 0, 12)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1)
    return marked


def _narrative_rows(path: Path) -> list[tuple[str, str]]:
    return _narrative_items(read_yaml(path) or {})


def _narrative_items(doc: dict) -> list[tuple[str, str]]:
    """(bagian, isi) rows of the narrative skeleton: every list item, plus blanks to fill."""
    out: list[tuple[str, str]] = []

    def items(key: str, value) -> None:
        values = [str(v) for v in value] if isinstance(value, list) else ([str(value)] if value else [])
        for v in values:
            out.append((key, v))
        for _ in range(max(NARRATIVE_ITEMS - len(values), 0) if isinstance(value, list) else 0):
            out.append((key, ""))

    for sid, parts in (doc.get("sasaran") or {}).items():
        for key in ("faktor_pendukung", "faktor_penghambat", "solusi"):
            items(f"sasaran.{sid}.{key}", (parts or {}).get(key, []))
        out.append((f"sasaran.{sid}.analisis", str((parts or {}).get("analisis") or "")))
    for section in ("permasalahan", "tindak_lanjut"):
        for key, value in (doc.get(section) or {}).items():
            items(f"{section}.{key}", value)
    if "prestasi" in doc:
        items("prestasi", doc.get("prestasi") or [])
    foreword = doc.get("kata_pengantar")
    if isinstance(foreword, dict):
        items("kata_pengantar.paragraf", foreword.get("paragraf") or [])
        out.append(("kata_pengantar.tempat_tanggal", str(foreword.get("tempat_tanggal") or "")))
    for group in ("tanggal_dokumen", "reviu", "publikasi"):  # one text per key
        values = doc.get(group)
        if isinstance(values, dict):
            out += [(f"{group}.{key}", str(values.get(key) or "")) for key in values]
    return out


def _write_narrative(wb: Workbook, path: Path, year: int) -> int:
    ws = wb.create_sheet(NARRATIVE)
    ws.cell(SOURCE_ROW, 1, "Narasi analis").font = BOLD
    ws.cell(HINT_ROW, 1, "Isi").font = BOLD
    ws.cell(HINT_ROW, 2, "satu butir per baris; tambah baris dengan 'bagian' yang sama bila perlu; "
                         "'analisis' per sasaran: satu teks (wajib); tanpa narasi lengkap laporan berstatus draft")
    for j, name in enumerate(("bagian", "isi"), start=1):
        cell = ws.cell(HEADER_ROW, j, name)
        cell.font, cell.fill = BOLD, HEADER
    marked = 0
    for i, (key, value) in enumerate(_narrative_rows(path)):
        ws.cell(HEADER_ROW + 1 + i, 1, key)
        cell = ws.cell(HEADER_ROW + 1 + i, 2, value or None)
        if not value:  # analisis is required too (pipeline.inputs.narrative.OPTIONAL)
            cell.fill = TO_FILL
            marked += 1
    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 100
    return marked


def write_workbook(paths: Paths, year: int) -> Path:
    """Write isian-<year>.xlsx from the year's CSV files (never over an existing workbook)."""
    target = workbook_path(paths, year)
    folder = paths.raw_year(year)
    entries = manifest.load(paths)
    grades = _common_list(paths, "skala_ordinal.csv", "nilai")
    sasaran = _common_list(paths, "iku.csv", "sasaran_id")
    ordinal = _ordinal_sasaran(paths)
    reported = _reported_sasaran(paths)
    wb = Workbook()
    info = wb.active
    info.title = INFO
    info.append([f"Isian LKjIP {year}"])
    info["A1"].font = Font(bold=True, size=14)
    info.append(["Sel kuning: isi. Sel abu-abu: dihitung oleh pipeline (boleh dikosongkan; angka yang diisi "
                 "dibandingkan dengan hasil hitung). Sel lain sudah terisi dari tahun sebelumnya atau Renstra."])
    info.append(["Angka diketik sebagai angka (tanpa titik ribuan); persen boleh '93,77%'; '-' berarti nihil. "
                 f"Setelah selesai: `lkjip impor --year {year}` lalu `lkjip run --year {year}`."])
    info.append([])
    info.append(["Lembar", "Isi", "Sumber", "Tabel", "Satuan"])
    for cell in info[5]:
        cell.font, cell.fill = BOLD, HEADER
    fmt = dict(y=year, y1=year + 1, wilayah=wilayah_name(paths))
    total = 0
    lists = []  # header-only sheets: one row per item, as many as there are
    sheet_rows: dict[str, tuple[str, list[str], list[int]]] = {}
    for spec in registry.FILES:
        path = folder / spec.name
        if not path.is_file():
            continue
        entry = entries.get(f"{year}/{spec.name}") or {}
        if spec.keep == registry.KEEP_NARRATIVE:
            total += _write_narrative(wb, path, year)
            name = NARRATIVE
        else:
            rows = read_rows(path)
            sheet_rows[spec.name] = (sheet_name(spec), [h.strip() for h in rows[0]],
                                     [HEADER_ROW + i for i in range(1, len(rows))])
            marked = _write_sheet(wb, spec, rows, entry, year, grades, sasaran, ordinal, reported,
                                  fmt["wilayah"])
            name = sheet_name(spec)
            if len(rows) == 1 and marked:
                lists.append(name)
            else:
                total += marked
        info.append([name, spec.hint.format(**fmt), entry.get("source") or spec.source.format(**fmt),
                     _shown_table(entry, spec, fmt), str(entry.get("unit") or "")])
    for col, width in zip("ABCDE", (30, 80, 50, 30, 30)):
        info.column_dimensions[col].width = width
    info.append([])
    info.append([f"Sel kuning pada tabel dan narasi: {total}"
                 + (f"; ditambah daftar ({', '.join(lists)}): satu baris per butir" if lists else "")])
    buffer = io.BytesIO()
    wb.save(buffer)
    write_atomic(target, buffer.getvalue())
    # The workbook agrees with the CSV files it was written from: not stale, rows mapped 1:1.
    isian.record_state(paths, year, [target.name])
    isian.record_cells(paths, year, sheet_rows)
    return target


# ---------------------------------------------------------------- reading back

@dataclass
class SheetResult:
    sheet: str
    file: str
    status: str          # 'ditulis', 'tidak berubah', 'dilewati'
    cells: int = 0       # filled cells written
    note: str = ""


def cell_text(value, number_format: str | None = "General") -> str:
    """A workbook cell as the raw files write it (Indonesian notation)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime | dt.date):
        from babel.dates import format_date

        return format_date(value, "d MMMM y", locale="id")
    if isinstance(value, int | float):
        if "%" in (number_format or ""):
            return _number(float(value) * 100) + "%"
        return _number(value)
    return str(value).strip()


def _number(value) -> str:
    value = float(value)
    if value.is_integer():
        return fmt_number(value, 0)
    text = fmt_number(value, 6)
    return text.rstrip("0").rstrip(",")


@dataclass
class _Sheet:
    """One sheet's cells as text, {sheet row: [cell text, ...]} (rows without text left out)."""
    name: str
    rows: dict[int, list[str]]

    def cell(self, row: int, column: int) -> str:
        values = self.rows.get(row) or []
        return values[column - 1] if column <= len(values) else ""


def _mb(size: float) -> str:
    return fmt_number(size / 1e6, 0 if size >= 1e7 else 1)


def _limits(spec: registry.RawFile, columns: int) -> tuple[int, int]:
    """(rows, columns) a sheet may use: its declared table rows below the provenance block and
    header, and the CSV's columns plus slack."""
    return spec.max_rows + HEADER_ROW, max(MAX_COLUMNS, columns + 10)


def _why_unreadable(path: Path, exc: Exception) -> str:
    """The WORKBOOK message for a file that is not a readable .xlsx archive, by what it starts with."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return "locked"
    if isinstance(exc, OSError) and not head.startswith(b"PK"):
        return "locked"
    if not head:
        return "empty"
    if head.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 container: password-encrypted .xlsx, or a renamed .xls
        return "encrypted"
    if head.startswith(b"PK"):
        return "truncated"
    return "not_xlsx"


def _check_archive(path: Path, rel: str, sheets: list[tuple[registry.RawFile, int]]) -> None:
    """Refuse, before openpyxl inflates anything, a workbook whose parts declare more bytes than
    its sheets' declared sizes allow (a zip bomb, a sheet pasted a million times)."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise LkjipError(WORKBOOK[_why_unreadable(path, exc)].format(rel=rel)) from exc
    budget = 16_000_000  # styles, themes, the Petunjuk sheet
    for spec, columns in sheets:
        rows, cols = _limits(spec, columns)
        budget += rows * cols * CELL_BYTES + rows * ROW_TEXT
    size = sum(info.file_size for info in infos)
    if size > budget:
        raise LkjipError(WORKBOOK["archive_large"].format(rel=rel, size=_mb(size), limit=_mb(budget)))


def _read_cells(ws, rel: str, spec: registry.RawFile, columns: int) -> _Sheet:
    """The sheet's text, refused (naming the sheet and its last cell) beyond its declared size:
    the dimension the file states is checked first, then the rows actually streamed."""
    from openpyxl.utils.cell import get_column_letter

    max_rows, max_cols = _limits(spec, columns)

    def too_large(rows: int, cols: int) -> LkjipError:
        return LkjipError(WORKBOOK["sheet_large"].format(
            rel=rel, sheet=ws.title, cell=f"{get_column_letter(max(cols, 1))}{rows}", rows=fmt_number(rows, 0),
            columns=cols, max_rows=fmt_number(max_rows, 0), max_columns=max_cols))

    if (ws.max_row or 0) > max_rows or (ws.max_column or 0) > max_cols:
        raise too_large(ws.max_row or 0, ws.max_column or 0)
    text_limit = spec.max_rows * ROW_TEXT
    used = 0
    rows: dict[int, list[str]] = {}
    try:
        for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=max_rows + 1, max_col=max_cols), start=1):
            if r > max_rows:  # the file stated no (or a wrong) dimension
                raise too_large(r, max_cols)
            values = [cell_text(c.value, c.number_format) for c in cells]
            used += sum(len(v) for v in values)
            if used > text_limit:
                raise LkjipError(WORKBOOK["text_large"].format(rel=rel, sheet=ws.title, limit=_mb(text_limit)))
            if any(values):
                rows[r] = values
    except (SyntaxError, zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError) as exc:
        # The sheet's XML is streamed only here: cut short or damaged (XML parse errors are SyntaxErrors).
        raise LkjipError(WORKBOOK["sheet_unreadable"].format(rel=rel, sheet=ws.title)) from exc
    return _Sheet(ws.title, rows)


def _read_sheet(sheet: _Sheet) -> tuple[list[str], list[tuple[int, list[str]]], str, str]:
    """(header, [(sheet row, cells)], source, table) of a table sheet."""
    header = []
    for text in sheet.rows.get(HEADER_ROW, []):
        if not text:
            break
        header.append(text)
    rows = [(r, (values + [""] * len(header))[:len(header)])
            for r, values in sorted(sheet.rows.items()) if r > HEADER_ROW]
    rows = [(r, row) for r, row in rows if any(row)]
    return header, rows, sheet.cell(SOURCE_ROW, 2), sheet.cell(TABLE_ROW, 2)


# Narrative parts that are one text, not a list of items.
ONE_TEXT = {"analisis", "tempat_tanggal", "rkt", "formulir_pengukuran_kinerja",
            "nama", "nip", "jabatan", "pangkat", "url", "tanggal"}  # reviu.*, publikasi.*


def _narrative_keys(skeleton: dict) -> list[str]:
    """The 'bagian' the Narasi sheet takes: those it was written with, plus every part of a
    sasaran that narasi.yml knows (analisis_tabel is not laid out but may be added)."""
    keys = [key for key, _ in _narrative_items(skeleton)]
    keys += [f"sasaran.{sid}.{part}" for sid in (skeleton.get("sasaran") or {}) for part in narrative.SASARAN_KEYS]
    return list(dict.fromkeys(keys))


def _unknown_keys(sheet: _Sheet, rel: str, year: int, known: list[str]) -> LkjipError | None:
    """Rows whose 'bagian' the sheet does not know (a typo would silently drop their text)."""
    import difflib

    bad = []
    for r, _ in sorted(sheet.rows.items()):
        key, value = sheet.cell(r, 1), sheet.cell(r, 2)
        if r <= HEADER_ROW or key in known or not (key or value):
            continue
        if not key:
            bad.append(WORKBOOK["narrative_no_key"].format(cell=f"A{r}", blank=BLANK, text_cell=f"B{r}"))
            continue
        guess = difflib.get_close_matches(key, known, n=1)
        bad.append(WORKBOOK["narrative_key"].format(cell=f"A{r}", key=key, guess=WORKBOOK["narrative_guess"].format(
            key=guess[0]) if guess else ""))
    if not bad:
        return None
    return LkjipError("\n".join([WORKBOOK["narrative_keys"].format(rel=rel, sheet=sheet.name, n=len(bad), year=year)]
                                + [f"  - {line}" for line in bad]
                                + [WORKBOOK["narrative_known"].format(keys=", ".join(known))]))


def _read_narrative(sheet: _Sheet, skeleton: dict) -> tuple[dict, int]:
    """(narrative document, items filled); the keys are checked first (:func:`_unknown_keys`)."""
    doc = copy.deepcopy(skeleton)
    filled: dict[str, list[str]] = {}
    cells = 0
    for r, _ in sorted(sheet.rows.items()):
        if r <= HEADER_ROW:
            continue
        key, value = sheet.cell(r, 1), sheet.cell(r, 2)
        cells += bool(value)
        if key and value:
            filled.setdefault(key, []).append(value)
    for key, values in filled.items():
        parts = key.split(".")
        node = doc
        for part in parts[:-1]:
            node = node.setdefault(int(part) if part.isdigit() and isinstance(node, dict)
                                   and int(part) in node else part, {})
        last = parts[-1]
        node[last] = "\n".join(values) if last in ONE_TEXT else values
    return doc, cells


def _narrative_text(path: Path, doc: dict) -> str:
    comments = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    return comments + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


@dataclass
class _Read:
    spec: registry.RawFile
    sheet: str
    text: str
    cells: int
    header: list[str]
    sheet_rows: list[int]


def _read_all(paths: Paths, year: int, path: Path) -> tuple[list[_Read], dict[str, tuple[str, str]]]:
    """Every sheet read and checked (presence, size, header) before anything is written."""
    rel = paths.rel(path)
    folder = paths.raw_year(year)
    wanted = []
    for spec in registry.FILES:
        target = folder / spec.name
        if target.is_file():
            header = [] if spec.keep == registry.KEEP_NARRATIVE else [h.strip() for h in (read_rows(target) or [[]])[0]]
            name = NARRATIVE if spec.keep == registry.KEEP_NARRATIVE else sheet_name(spec)
            wanted.append((spec, target, name, header))
    _check_archive(path, rel, [(spec, len(header)) for spec, _, _, header in wanted])
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a corrupt or foreign file: name it, no traceback
        raise LkjipError(WORKBOOK["unreadable"].format(rel=rel)) from exc
    try:
        known = {name for _, _, name, _ in wanted} | {INFO}
        missing = [(spec, name) for spec, _, name, _ in wanted if name not in wb.sheetnames]
        if missing:
            others = [f"'{s}'" for s in wb.sheetnames if s not in known]
            raise LkjipError("\n".join(WORKBOOK["sheet_missing"].format(
                rel=rel, sheet=name, year=year, file=spec.name,
                others=WORKBOOK["sheet_others"].format(names=", ".join(others)) if others else "")
                for spec, name in missing))
        read: list[_Read] = []
        provenance: dict[str, tuple[str, str]] = {}
        for spec, target, name, current in wanted:
            sheet = _read_cells(wb[name], rel, spec, max(len(current), 2))
            if spec.keep == registry.KEEP_NARRATIVE:
                skeleton = read_yaml(target) or {}
                unknown = _unknown_keys(sheet, rel, year, _narrative_keys(skeleton))
                if unknown is not None:
                    raise unknown
                doc, cells = _read_narrative(sheet, skeleton)
                read.append(_Read(spec, name, _narrative_text(target, doc), cells, [], []))
                continue
            header, rows, source, table = _read_sheet(sheet)
            if header != current:
                raise InputError(rel, WORKBOOK["header"].format(sheet=name, file=spec.name,
                                                                 current="; ".join(current)),
                                 row=HEADER_ROW, value="; ".join(header))
            text = rows_text([header] + [row for _, row in rows])
            read.append(_Read(spec, name, text, sum(1 for _, r in rows for c in r if c), header,
                              [r for r, _ in rows]))
            provenance[spec.name] = (source, table)
    finally:
        wb.close()
    return read, provenance


def import_workbook(paths: Paths, year: int, *, overwrite: bool = False,
                    workbook: Path | None = None) -> list[SheetResult]:
    """Write the workbook's sheets back into data/raw/<year>/*.csv (and narasi.yml).

    Every sheet is read and checked first; nothing is written unless all of them are usable.
    Each file is written atomically (a kill leaves the old or the new file, never a part)."""
    path = workbook or isian.choose(paths, year)
    read, provenance = _read_all(paths, year, path)
    # read before anything is written: a manifest that cannot be read stops the import whole
    manifest_doc = manifest.read_document(paths) if paths.raw_manifest.is_file() else None
    folder = paths.raw_year(year)
    state = load_state(paths, year)
    results: list[SheetResult] = []
    written: list[str] = []
    mapped: dict[str, tuple[str, list[str], list[int]]] = {}
    for item in read:
        spec, name, target = item.spec, item.sheet, folder / item.spec.name
        old = target.read_text(encoding="utf-8-sig")
        if old == item.text:
            results.append(SheetResult(name, spec.name, "tidak berubah", item.cells))
        elif state.get(spec.name) not in (None, sha256_file(target)) and not overwrite:
            results.append(SheetResult(name, spec.name, "dilewati", item.cells,
                                       f"data/raw/{year}/{spec.name} sudah diubah langsung; "
                                       f"pakai --timpa untuk menimpanya dengan isi workbook"))
            continue
        else:
            write_atomic(target, item.text)
            written.append(spec.name)
            results.append(SheetResult(name, spec.name, "ditulis", item.cells))
        if item.header:
            mapped[spec.name] = (name, item.header, item.sheet_rows)
    record_state(paths, year, written + [path.name])
    isian.record_cells(paths, year, mapped)
    if manifest_doc is not None:
        _record_provenance(paths, year, provenance, written, *manifest_doc)
    return results


def _record_provenance(paths: Paths, year: int, provenance: dict[str, tuple[str, str]],
                       written: list[str], header: str, doc: dict) -> None:
    """Source and table from each sheet into data/raw/manifest.yml (``header``, ``doc``: as
    manifest.read_document read it before the import); sha256 of the files written."""
    files = doc.setdefault("files", {}) or {}
    changed = False
    for name, (source, table) in provenance.items():
        entry = files.get(f"{year}/{name}")
        if entry is None:
            continue
        # the Tabel cell showed the number cited (_shown_table): what is typed there replaces it
        cited = "tabel_terbit" if entry.get("tabel_terbit") else "table"
        for key, value in (("source", source), (cited, table)):
            if value and entry.get(key) != value:
                entry[key] = value
                changed = True
    for name in written:
        entry = files.get(f"{year}/{name}")
        if entry is not None:
            entry["sha256"] = sha256_file(paths.raw_year(year) / name)
            changed = True
    if changed:
        manifest.write_document(paths, header, doc)
