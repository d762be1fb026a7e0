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
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.config import Paths
from pipeline.errors import InputError, LkjipError
from pipeline.inputs import registry
from pipeline.inputs.idnum import fmt_number
from pipeline.years import manifest
from pipeline.years.folders import wilayah_name
from pipeline.years.rows import read_rows, rows_text

TO_FILL = PatternFill("solid", fgColor="FFF2CC")    # the cells the analyst fills
DERIVED = PatternFill("solid", fgColor="E7E6E6")    # computed by the pipeline (optional)
HEADER = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
INFO = "Petunjuk"
NARRATIVE = "Narasi"
# Rows of a sheet before the table: provenance block and hint.
SOURCE_ROW, TABLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3, 5
EXTRA_ROWS = 30          # marked empty rows under a header-only table (more may be added)
NARRATIVE_ITEMS = 3      # marked empty items per narrative list
STATE = ".isian.json"    # sha256 of each CSV as new-year/impor last wrote it


def workbook_path(paths: Paths, year: int) -> Path:
    return paths.raw_year(year) / f"isian-{year}.xlsx"


def sheet_name(spec: registry.RawFile) -> str:
    return Path(spec.name).stem[:31]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------- state: what we last wrote

def _state_path(paths: Paths, year: int) -> Path:
    return paths.raw_year(year) / STATE


def load_state(paths: Paths, year: int) -> dict[str, str]:
    try:
        return json.loads(_state_path(paths, year).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def record_state(paths: Paths, year: int, names: list[str]) -> None:
    state = load_state(paths, year)
    for name in names:
        path = paths.raw_year(year) / name
        if path.is_file():
            state[name] = _sha(path)
    _state_path(paths, year).write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")


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


def _figure_row(spec: registry.RawFile, row: list[str], header: list[str], year: int, reported: set[str]) -> bool:
    """Does the analyst type this row's figures? Not on rows the pipeline computes (sums), and
    in capaian_kinerja_tahunan.csv only the new year's realisasi taken as reported."""
    if " ".join((row[0] if row else "").lower().split()) in spec.derived_rows:
        return False
    key = _id_column(header)
    if spec.keep == registry.KEEP_CAPAIAN and "Tahun" in header and key is not None:
        return row[header.index("Tahun")].strip() == str(year) and row[header.index(key)].strip() in reported
    return True


def _reported_sasaran(paths: Paths) -> set[str]:
    """Indicators whose realisasi is taken as reported (common/iku.csv, sumber_realisasi 'dilaporkan')."""
    return _iku_ids_where(paths, "sumber_realisasi", "dilaporkan")


def _write_sheet(wb: Workbook, spec: registry.RawFile, rows: list[list[str]], entry: dict, year: int,
                 grades: list[str], sasaran: list[str], ordinal: set[str], reported: set[str],
                 wilayah: str = "<wilayah>") -> int:
    """One sheet per CSV; returns the number of marked cells."""
    ws = wb.create_sheet(sheet_name(spec))
    fmt = dict(y=year, y1=year + 1, wilayah=wilayah)
    ws.cell(SOURCE_ROW, 1, "Sumber").font = BOLD
    ws.cell(SOURCE_ROW, 2, entry.get("source") or spec.source.format(**fmt)).fill = TO_FILL
    ws.cell(TABLE_ROW, 1, "Tabel").font = BOLD
    ws.cell(TABLE_ROW, 2, entry.get("table") or spec.table.format(**fmt)).fill = TO_FILL
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
        figure_row = _figure_row(spec, row, header, year, reported)
        for j, value in enumerate(row):
            cell = ws.cell(r, j + 1, value if value != "" else None)
            kind = _cell_kind(spec, header[j], row, header, ordinal)
            if kind in (registry.TEXT, registry.GRADE) or (value and not header_only):
                cell.number_format = "@"  # keep typed text as text (NIB, '93,77%')
            if spec.optional:
                if j in figure_cols or j in derived_cols:
                    cell.fill = DERIVED
                continue
            if j in derived_cols or (j in figure_cols and not figure_row):
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
    """(bagian, isi) rows of the narrative skeleton: every list item, plus blanks to fill."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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
            marked = _write_sheet(wb, spec, rows, entry, year, grades, sasaran, ordinal, reported,
                                  fmt["wilayah"])
            name = sheet_name(spec)
            if len(rows) == 1 and marked:
                lists.append(name)
            else:
                total += marked
        info.append([name, spec.hint.format(**fmt), entry.get("source") or spec.source.format(**fmt),
                     entry.get("table") or spec.table.format(**fmt), str(entry.get("unit") or "")])
    for col, width in zip("ABCDE", (30, 80, 50, 30, 30)):
        info.column_dimensions[col].width = width
    info.append([])
    info.append([f"Sel kuning pada tabel dan narasi: {total}"
                 + (f"; ditambah daftar ({', '.join(lists)}): satu baris per butir" if lists else "")])
    wb.save(target)
    return target


# ---------------------------------------------------------------- reading back

@dataclass
class SheetResult:
    sheet: str
    file: str
    status: str          # 'ditulis', 'tidak berubah', 'dilewati'
    cells: int = 0       # filled cells written
    note: str = ""


def cell_text(value, number_format: str = "General") -> str:
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


def _read_sheet(ws) -> tuple[list[str], list[list[str]], str, str]:
    source = cell_text(ws.cell(SOURCE_ROW, 2).value)
    table = cell_text(ws.cell(TABLE_ROW, 2).value)
    header = []
    for j in range(1, ws.max_column + 1):
        text = cell_text(ws.cell(HEADER_ROW, j).value)
        if not text:
            break
        header.append(text)
    rows = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        row = [cell_text(ws.cell(r, j + 1).value, ws.cell(r, j + 1).number_format) for j in range(len(header))]
        if any(row):
            rows.append(row)
    return header, rows, source, table


# Narrative parts that are one text, not a list of items.
ONE_TEXT = {"analisis", "tempat_tanggal", "rkt", "formulir_pengukuran_kinerja",
            "nama", "nip", "jabatan", "pangkat", "url", "tanggal"}  # reviu.*, publikasi.*


def _read_narrative(ws, skeleton: dict) -> dict:
    doc = copy.deepcopy(skeleton)
    filled: dict[str, list[str]] = {}
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        key, value = cell_text(ws.cell(r, 1).value), cell_text(ws.cell(r, 2).value)
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
    return doc


def _narrative_text(path: Path, doc: dict) -> str:
    comments = "".join(line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#"))
    return comments + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def import_workbook(paths: Paths, year: int, *, overwrite: bool = False,
                    workbook: Path | None = None) -> list[SheetResult]:
    """Write the workbook's sheets back into data/raw/<year>/*.csv (and narasi.yml)."""
    path = workbook or workbook_path(paths, year)
    if not path.is_file():
        raise LkjipError(f"{paths.rel(path)} tidak ada: buat dengan `lkjip new-year {year}`.")
    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # a corrupt or foreign file: name it, no traceback
        raise LkjipError(f"{paths.rel(path)} tidak dapat dibaca sebagai workbook Excel ({type(exc).__name__}).") \
            from exc
    folder = paths.raw_year(year)
    state = load_state(paths, year)
    results: list[SheetResult] = []
    written: list[str] = []
    provenance: dict[str, tuple[str, str]] = {}
    for spec in registry.FILES:
        target = folder / spec.name
        name = NARRATIVE if spec.keep == registry.KEEP_NARRATIVE else sheet_name(spec)
        if name not in wb.sheetnames or not target.is_file():
            continue
        ws = wb[name]
        if spec.keep == registry.KEEP_NARRATIVE:
            skeleton = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
            text = _narrative_text(target, _read_narrative(ws, skeleton))
            cells = sum(1 for r in range(HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value not in (None, ""))
        else:
            header, rows, source, table = _read_sheet(ws)
            current = [h.strip() for h in target.read_text(encoding="utf-8-sig").splitlines()[0].split(";")]
            if header != current:
                raise InputError(paths.rel(path), f"judul kolom lembar '{name}' berbeda dari {spec.name} "
                                 f"({'; '.join(current)})", row=HEADER_ROW, value="; ".join(header))
            text = rows_text([header] + rows)
            cells = sum(1 for r in rows for c in r if c)
            provenance[spec.name] = (source, table)
        old = target.read_text(encoding="utf-8-sig")
        if old == text:
            results.append(SheetResult(name, spec.name, "tidak berubah", cells))
            continue
        edited = state.get(spec.name) not in (None, _sha(target))
        if edited and not overwrite:
            results.append(SheetResult(name, spec.name, "dilewati", cells,
                                       f"data/raw/{year}/{spec.name} sudah diubah langsung; "
                                       f"pakai --timpa untuk menimpanya dengan isi workbook"))
            continue
        target.write_text(text, encoding="utf-8")
        written.append(spec.name)
        results.append(SheetResult(name, spec.name, "ditulis", cells))
    record_state(paths, year, written)
    _record_provenance(paths, year, provenance, written)
    return results


def _record_provenance(paths: Paths, year: int, provenance: dict[str, tuple[str, str]],
                       written: list[str]) -> None:
    """Source and table from each sheet into data/raw/manifest.yml; sha256 of the files written."""
    if not paths.raw_manifest.is_file():
        return
    text = paths.raw_manifest.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    doc = yaml.safe_load(text) or {}
    files = doc.setdefault("files", {}) or {}
    changed = False
    for name, (source, table) in provenance.items():
        entry = files.get(f"{year}/{name}")
        if entry is None:
            continue
        for key, value in (("source", source), ("table", table)):
            if value and entry.get(key) != value:
                entry[key] = value
                changed = True
    for name in written:
        entry = files.get(f"{year}/{name}")
        if entry is not None:
            entry["sha256"] = manifest.sha256_file(paths.raw_year(year) / name)
            changed = True
    if changed:
        paths.raw_manifest.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                                      encoding="utf-8")
