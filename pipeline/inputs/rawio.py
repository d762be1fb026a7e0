"""Reading raw input files strictly, so every problem is reported with file, row, column, value.

Raw CSV files are ';'-separated UTF-8 (the way Excel in an Indonesian locale exports them,
since ',' is the decimal mark). Every cell is read as text; columns become numbers only
through :func:`to_numbers`, which knows the notation (see :mod:`pipeline.inputs.idnum`).

Row numbers are spreadsheet rows: the header is row 1, the first data row is row 2.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from pipeline.errors import InputError
from pipeline.inputs import catalogue, plaincsv, reads, registry
from pipeline.inputs.idnum import NOTATIONS, NumberFormatError, is_nil, parse_number
from pipeline.inputs.rawfile import (  # noqa: F401 (re-exported: the parsers read files through rawio)
    SEP,
    display_path,
    load_yaml_text,
    project,
    raw_file_problem,
    read_bytes,
    read_text,
    read_yaml,
    yaml_problem,
)
from pipeline.messages import INPUT as MESSAGES
from pipeline.messages import PARSE

ROW = "_row"
# A published total row: its label starts with the word Jumlah or Total ('TOTAL', 'Jumlah',
# 'Jumlah Belanja', 'Total Surplus/ Defisit'). Such rows are compared with their parts, never summed.
_TOTAL_LABEL = re.compile(r"^\s*(jumlah|total)\b", re.IGNORECASE)


def is_total_label(text) -> bool:
    """Is ``text`` the label of a total row (the one rule every parser and analysis reads)?"""
    return not is_nil(text) and bool(_TOTAL_LABEL.match(str(text)))


def read_table(path: Path, required: list[str] | tuple[str, ...] = (), *, optional=(),
               allow_empty: bool = False, keep: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read a ';'-separated raw table as text, with a ``_row`` column of spreadsheet rows.

    Raises InputError for a missing/empty/undecodable file, ragged rows, an unclosed quote
    (reported at the row where it opened), a header without a required column, or a table with no data rows (unless ``allow_empty``: then a header
    alone gives a table with no rows, for optional lists such as angka_dipublikasikan.csv).
    ``keep`` (optional) names the only columns returned (those present, in file order):
    every column is still checked, the others are just not turned into text objects.
    """
    path = Path(path)
    name = display_path(path)
    reads.note_raw(path)  # the step's cache key holds the raw files it read
    df = _read_plain(path, keep)
    if df is not None:
        missing = [c for c in required if c not in df.columns]
        if not missing:
            return df
    text = read_text(path)
    body = text.rstrip("\r\n")
    if "\r" in body and "\n" not in body:
        raise InputError(name, MESSAGES["cr_only"])  # old Mac line ends: one line, not an open quote
    # Every record remembers the line it started on: a quote left open swallows the lines
    # after it, and the analyst must be sent to where it opened, not where the file ends.
    reader = csv.reader(io.StringIO(text), delimiter=SEP)
    records_with_lines = []
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:  # e.g. an open quote swallowing more than the field size limit
            raise InputError(name, MESSAGES["quote_open"], row=previous + 1,
                             value=text.splitlines()[previous][:60] if previous < len(text.splitlines())
                             else None) from None
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        broken = next((c for c in cells if "\n" in c or "\r" in c), None)
        if broken is not None:
            raise InputError(name, MESSAGES["quote_open"], row=start,
                             value=broken.splitlines()[0][:60] if broken.strip() else '"')
        records_with_lines.append((start, cells))
    if not records_with_lines:
        raise InputError(name, MESSAGES["file_empty"])
    first_line = text.splitlines()[0]
    header = [h.strip() for h in records_with_lines[0][1]]
    if len(header) < 2 and SEP not in first_line:
        raise InputError(name, MESSAGES["no_separator"], row=1, value=first_line[:60])
    missing = [c for c in required if c not in header]
    if missing:
        raise InputError(name, MESSAGES["missing_columns"].format(
            missing=", ".join(f"'{m}'" for m in missing), found=", ".join(f"'{h}'" for h in header)), row=1)
    records = []
    for line, cells in records_with_lines[1:]:
        if len(cells) != len(header):
            raise InputError(name, MESSAGES["ragged"].format(cells=len(cells), header=len(header)),
                             row=line, value=SEP.join(cells)[:80])
        records.append([c.strip() for c in cells] + [line])
    if not records and not allow_empty:
        raise InputError(name, MESSAGES["no_rows"])
    df = pd.DataFrame(records, columns=header + [ROW])
    for column in header:
        df[column] = df[column].astype("str")
    df[ROW] = df[ROW].astype(int)
    if keep is not None:
        df = df[[c for c in header if c in keep] + [ROW]]
    return df


def _read_plain(path: Path, keep=None) -> pd.DataFrame | None:
    """The common case of :func:`read_table` in Arrow's CSV reader, or None to take the careful path.

    Only for files where both paths must agree: UTF-8, no quote character (so one line is one
    record), no NUL, no lone carriage return, a non-blank header of two or more distinct names,
    and every line with exactly the header's number of cells (Arrow refuses any other line;
    blank lines of the right width are dropped below, keeping the row numbers of the lines
    after them).
    Anything else (and any problem to report) goes through the careful csv-module path, which
    words the error.
    """
    if raw_file_problem(path) or not path.is_file():
        return None  # the careful path words the problem (symlink out of data/raw, not a file)
    data = path.read_bytes()
    if b'"' in data or b"\x00" in data or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    if not _is_utf8(data):  # the careful path names the cell that does not decode
        return None
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    try:
        header = [h.strip() for h in first.decode("utf-8-sig").rstrip("\r").split(SEP)]
    except UnicodeDecodeError:
        return None
    if len(header) < 2 or not any(header) or len(set(header)) != len(header):
        return None
    used = header if keep is None else [h for h in header if h in keep]
    if not used:
        return None
    del data  # Arrow reads the file itself, block by block
    try:  # Arrow refuses a line whose number of cells is not the header's
        cells, blank = plaincsv.read_columns(path, header, used)
    except (pa.ArrowInvalid, ValueError):
        return None
    if not len(blank):
        return None
    df = pd.DataFrame({name: pd.Series(cells.pop(name), dtype="str") for name in used}, copy=False)
    df[ROW] = np.arange(2, len(blank) + 2, dtype=int)
    if blank.any():
        df = df.loc[~blank].reset_index(drop=True)
    if df.empty:
        return None
    return df


def _is_utf8(data: bytes, chunk: int = 1 << 24) -> bool:
    """Whether ``data`` decodes as UTF-8, without holding the whole text in memory."""
    if data.isascii():
        return True
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), chunk):
            decoder.decode(data[start: start + chunk])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


@lru_cache(maxsize=4)
def _declared_notations(manifest: str, _mtime_ns: int, _size: int) -> dict[str, str]:
    """{file relative to data/raw: notasi} as data/raw/manifest.yml declares (cached per version)."""
    data = read_yaml(Path(manifest))
    files = data.get("files") if isinstance(data, dict) else None
    out = {}
    for rel, entry in (files if isinstance(files, dict) else {}).items():
        if isinstance(entry, dict) and entry.get("notasi") is not None:
            value = str(entry["notasi"]).strip()
            if value not in NOTATIONS:
                raise InputError("data/raw/manifest.yml", PARSE["notation_unknown"].format(
                    allowed=", ".join(NOTATIONS)), column=f"{rel}: notasi", value=value)
            out[str(rel)] = value
    return out


def _raw_parts(file: Path | str) -> tuple[str | None, str]:
    """(the path up to its data/raw folder, or None; its key in data/raw/manifest.yml: the path
    below data/raw, else the path as given)."""
    text = str(file).replace("\\", "/")
    head, found, rel = text.partition("data/raw/")
    return (head + "data/raw", rel) if found else (None, text)


def _raw_rel(file: Path | str) -> str:
    """A raw file's key in data/raw/manifest.yml (its path below data/raw)."""
    return _raw_parts(file)[1]


def _manifest_for(file: Path | str) -> Path | None:
    """The data/raw/manifest.yml that declares ``file``: the set project's, else (a library call
    outside any entry point) the one of the data/raw folder the file lies in, so a declared
    notation is never silently replaced by a default; None when neither is known."""
    paths = project()
    if paths is not None:
        return paths.raw_manifest
    raw = _raw_parts(file)[0]
    return None if raw is None else Path(raw) / "manifest.yml"


def _declared(loader, file: Path | str) -> dict:
    """``loader``'s reading of the manifest declaring ``file`` (:func:`_manifest_for`; cached per
    version of the file, recorded as read by each notebook); {} when there is none."""
    manifest = _manifest_for(file)
    if manifest is None:
        return {}
    try:
        stat = manifest.stat()
        declared = loader(str(manifest), stat.st_mtime_ns, stat.st_size)
        reads.note_raw(manifest)  # read once per process (cached), recorded per notebook
    except OSError:
        return {}
    return declared


def notation_of(file: Path | str, default: str | None = None) -> str:
    """How a raw file writes its numbers: its manifest entry's ``notasi:``, else the registry's
    declaration for the file, else ``default`` (the parser's, for a file read under another
    name), else ``id`` (Indonesian notation)."""
    rel = _raw_rel(file)
    declared = _declared(_declared_notations, file)
    if rel in declared:
        return declared[rel]
    spec = registry.BY_NAME.get(Path(rel).name)
    return spec.notation if spec is not None else default or "id"


def to_numbers(df: pd.DataFrame, column: str, kind: str, *, file: Path | str,
               nil: float | int | None = None, required: bool = True,
               notation: str | None = None) -> pd.Series:
    """Parse one text column; nil marks ('-', blank) become ``nil``.

    With ``required`` and ``nil=None``, a nil mark is an error too.

    Every bad or blank cell of the column is reported in ONE InputError (an analyst filling a
    new year's template sees all the cells still to fill, not one per run): ``row`` and
    ``value`` are those of the first bad cell, the message names every row.
    """
    name = display_path(Path(file)) if not isinstance(file, str) else file
    notation = notation_of(name, notation)
    out = []
    bad: list[tuple[int, str, str]] = []  # (row, value shown, problem)
    for value, row in zip(df[column], df[ROW]):
        try:
            number = parse_number(value, kind, notation=notation)
        except NumberFormatError as exc:
            bad.append((int(row), value, str(exc)))
            out.append(None)
            continue
        if number is None:
            if nil is None and required:
                bad.append((int(row), value if not is_nil(value) else (value or "(kosong)"),
                            MESSAGES["number_required"]))
            number = nil
        out.append(number)
    if bad:
        _raise_cells(name, column, bad)
    dtype = "Int64" if kind in ("integer", "count") else "Float64"
    return pd.Series(out, index=df.index, dtype=dtype, name=column)


def _raise_cells(name: str, column: str, bad: list[tuple[int, str, str]]) -> None:
    row, value, problem = bad[0]
    if len(bad) == 1:
        raise InputError(name, problem, row=row, column=column, value=value)
    problems = sorted({p for _, _, p in bad})
    listing = ", ".join(f"{r} ('{v}')" for r, v, _ in bad)
    message = MESSAGES["cells_bad"].format(n=len(bad), problems="; ".join(problems), rows=listing)
    raise InputError(name, message, row=row, column=column, value=value)


def published_table_of(entry: dict | None, name: str) -> str:
    """The published report's table a raw file transcribes, as findings cite it ("Tabel 3.26"):
    its manifest entry's ``tabel_terbit``, else its ``table``, else the file's name. A table
    renumbered in a later LKjIP is one edit of that entry, not of the code."""
    entry = entry if isinstance(entry, dict) else {}
    for key in ("tabel_terbit", "table"):
        text = str(entry.get(key) or "").strip()
        if text:
            return text
    return name


@lru_cache(maxsize=4)
def _declared_entries(manifest: str, _mtime_ns: int, _size: int) -> dict:
    data = read_yaml(Path(manifest))
    files = data.get("files") if isinstance(data, dict) else None
    return {str(rel): entry for rel, entry in (files if isinstance(files, dict) else {}).items()}


def published_table(file: Path | str) -> str:
    """:func:`published_table_of` for a raw file, from data/raw/manifest.yml (a parser puts it
    beside the rows it reads, so the steps after the cleaning cite it from the processed data)."""
    rel = _raw_rel(file)
    return published_table_of(_declared(_declared_entries, file).get(rel), Path(rel).name)


def cited_table(tables: dict, table: str) -> str:
    """The published table processed ``table``'s rows transcribe, as its parser recorded it
    beside them (:func:`published_table`, so a declared ``tabel_terbit`` counts); when the rows
    carry none, the registry's declaration for the raw file that feeds it."""
    df = tables.get(table)
    cited = df["tabel"].dropna() if df is not None and "tabel" in df else ()
    return str(cited.iloc[0]) if len(cited) else registry.published_number(catalogue.raw_file_for(table))
