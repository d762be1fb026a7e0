"""The analyst's workbook as a file, without opening it (no openpyxl: the runner's pre-flight
uses this module on its fast no-change path).

* Which workbook a year has: ``data/raw/<year>/isian-<year>.xlsx``, or the one spreadsheet
  the analyst saved under another name; two or more, or one saved as .ods/.xls, are refused
  (:func:`choose`), never guessed.
* What ``new-year``/``impor`` last wrote or read (``.isian.json``: sha256 per CSV file and per
  workbook): a workbook that changed since is *stale* and stops ``check-inputs`` and ``run``
  (:func:`stale`), so a report is never built from figures the workbook no longer shows.
* Where each CSV row came from in the workbook (``.isian-sel.json``, written by ``new-year``
  and ``impor``): :func:`in_workbook_terms` adds the sheet and cell to every message that
  names a CSV row of the year, as long as the CSV is still what was written from the workbook.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs.rawfile import sha256_file, write_atomic
from pipeline.messages import WHERE, WORKBOOK

STATE = ".isian.json"        # sha256 of each CSV and workbook as new-year/impor last wrote or read it
CELLS = ".isian-sel.json"    # per CSV file: its sheet, header and the sheet row of every CSV row
# Rows of a sheet before its table: provenance block (source, table), hint, header.
SOURCE_ROW, TABLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3, 5
READABLE = (".xlsx", ".xlsm")
SPREADSHEET = READABLE + (".xls", ".ods")


def workbook_path(paths: Paths, year: int) -> Path:
    return paths.raw_year(year) / f"isian-{year}.xlsx"




def is_workbook(name: str) -> bool:
    """A spreadsheet in a year folder (office lock files excluded)."""
    return name.lower().endswith(SPREADSHEET) and not name.startswith((".", "~$"))


# ---------------------------------------------------------------- state: what we last wrote or read

def _load(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _load_checked(path: Path, paths: Paths, year: int) -> dict:
    """As :func:`_load`, but a state file that is there and unusable is refused: read as empty,
    it would let impor overwrite CSV files edited by hand."""
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise LkjipError(WORKBOOK["state_bad"].format(rel=paths.rel(path), year=year))
    return data


def _save(path: Path, data: dict) -> None:
    write_atomic(path, json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")


def load_state(paths: Paths, year: int) -> dict[str, str]:
    return _load_checked(paths.raw_year(year) / STATE, paths, year)


def record_state(paths: Paths, year: int, names: list[str]) -> None:
    """Record the sha256 of the year's files ``names`` (CSV files written, the workbook read)."""
    state = load_state(paths, year)
    for name in names:
        path = paths.raw_year(year) / name
        if path.is_file():
            state[name] = sha256_file(path)
    _save(paths.raw_year(year) / STATE, state)


# ---------------------------------------------------------------- which workbook

def candidates(paths: Paths, year: int) -> list[Path]:
    folder = paths.raw_year(year)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if p.is_file() and is_workbook(p.name)), key=lambda p: p.name)


def choose(paths: Paths, year: int) -> Path:
    """The year's one workbook; LkjipError when there is none, several, or one impor cannot read."""
    found = candidates(paths, year)
    if not found:
        raise LkjipError(WORKBOOK["missing"].format(year=year))
    if len(found) > 1:
        names = ", ".join(f"'{p.name}'" for p in found)
        raise LkjipError(WORKBOOK["ambiguous"].format(year=year, n=len(found), names=names))
    path = found[0]
    if not path.name.lower().endswith(READABLE):
        raise LkjipError(WORKBOOK["format"].format(rel=paths.rel(path), year=year,
                                                   suffix=path.suffix.lower()))
    lock = open_by(path)
    if lock is not None:
        raise LkjipError(WORKBOOK["open"].format(rel=paths.rel(path), app=lock[0], lock=paths.rel(lock[1])))
    return path


def open_by(path: Path) -> tuple[str, Path] | None:
    """(program, lock file) when the workbook is open in Excel or LibreOffice: what is on disk
    may not be what the analyst sees, so impor waits until it is saved and closed."""
    names = (("Excel", f"~${path.name}"), ("Excel", f"~${path.name[2:]}"),
             ("LibreOffice", f".~lock.{path.name}#"))
    return next(((app, path.with_name(name)) for app, name in names if path.with_name(name).exists()), None)


def stale(paths: Paths, year: int) -> list[str]:
    """A message per workbook of the year that changed since new-year wrote it or impor read it."""
    state = load_state(paths, year)
    return [WORKBOOK["stale"].format(rel=paths.rel(p), year=year)
            for p in candidates(paths, year) if state.get(p.name) != sha256_file(p)]


# ---------------------------------------------------------------- CSV row -> sheet and cell

def record_cells(paths: Paths, year: int, sheets: dict[str, tuple[str, list[str], list[int]]]) -> None:
    """Record, per CSV file written from the workbook, {file: (sheet, header, sheet row of each
    data row)} with the CSV's sha256 (the mapping holds only while the file is unchanged)."""
    folder = paths.raw_year(year)
    cells = _load(folder / CELLS)
    for name, (sheet, header, rows) in sheets.items():
        path = folder / name
        if path.is_file():
            cells[name] = {"lembar": sheet, "kolom": header, "baris": rows, "sha256": sha256_file(path)}
    _save(folder / CELLS, cells)


# "data/raw/2025/x.csv, baris 4" and, when the message names one, ", kolom 'Target'".
_PLACE = re.compile(r"data/raw/(\d{4})/([^\s,:/]+\.csv), baris (\d+)(, kolom '([^']*)')?")


def in_workbook_terms(paths: Paths, text: str) -> str:
    """``text`` with '(lembar <sheet>, sel <cell>)' after every CSV row and column it names
    that was written from the year's workbook."""
    from openpyxl.utils.cell import get_column_letter  # only when a message is printed

    loaded: dict[int, dict] = {}
    hashes: dict[tuple[int, str], str | None] = {}

    def place(match: re.Match) -> str:
        year, name, row, column = int(match.group(1)), match.group(2), int(match.group(3)), match.group(5)
        if year not in loaded:
            loaded[year] = _load(paths.raw_year(year) / CELLS)
        entry = loaded[year].get(name)
        if not isinstance(entry, dict):
            return match.group(0)
        if (year, name) not in hashes:
            path = paths.raw_year(year) / name
            hashes[(year, name)] = sha256_file(path) if path.is_file() else None
        rows = entry.get("baris") or []
        if hashes[(year, name)] != entry.get("sha256") or not 1 <= row <= len(rows) + 1:
            return match.group(0)
        sheet_row = rows[row - 2] if row >= 2 else HEADER_ROW
        header = entry.get("kolom") or []
        if column is not None and column in header:
            where = WHERE["sheet_cell"].format(sheet=entry["lembar"],
                                               cell=f"{get_column_letter(header.index(column) + 1)}{sheet_row}")
        else:
            where = WHERE["sheet_row"].format(sheet=entry["lembar"], row=sheet_row)
        return f"{match.group(0)} ({where})"

    return _PLACE.sub(place, text)

