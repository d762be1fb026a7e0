"""The plain case of reading a raw table, in Arrow's multi-threaded CSV reader.

:func:`pipeline.inputs.rawio.read_table` decides a file is plain (UTF-8, no quote character,
no NUL, no lone carriage return, a header of distinct names), so that one line is one record
and Arrow and Python's csv module read the same cells; Arrow refuses a line with another
number of cells (the careful path then words the problem). pandas' own reader makes a Python
string of every cell before anything is stripped; a register of a million firms is 14 million
of them. Here the cells stay in Arrow until they are text the pipeline keeps: a column that
repeats its values (kelurahan, status, amounts) is stripped and made into Python strings once
per distinct value, a column of mostly distinct values (names, ids) is stripped in Arrow.

Stripping is ``str.strip()``'s: the characters of :data:`pipeline.inputs.textscan.WHITESPACE`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline.inputs.rawfile import SEP
from pipeline.inputs.textscan import WHITESPACE

_SAMPLE = 2000
_BLOCK = 1 << 24  # bytes per Arrow block: few chunks, each converted and released in turn
# Below this many cells a column takes the dictionary path whatever its values: sampling a
# short column costs more than it saves.
_DISTINCT_MIN = 10_000


def _options(header: list[str], columns: list[str]) -> tuple:
    read = pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=True, block_size=_BLOCK)
    parse = pacsv.ParseOptions(delimiter=SEP, quote_char=False, double_quote=False, escape_char=False,
                               newlines_in_values=False, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(column_types={h: pa.string() for h in header}, null_values=[],
                                   strings_can_be_null=False, quoted_strings_can_be_null=False,
                                   check_utf8=True, include_columns=columns)
    return read, parse, convert


def _mostly_distinct(column: pa.Array) -> bool:
    n = len(column)
    if n <= _DISTINCT_MIN:
        return False
    sample = column.take(pa.array(np.arange(0, n, max(1, n // _SAMPLE))))
    return len(pc.unique(sample)) > len(sample) // 2


def _text(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(the stripped cells as an object array of Python strings, where they are empty)."""
    if _mostly_distinct(column):
        stripped = pc.utf8_trim(column, characters=WHITESPACE)
        empty = np.array(pc.equal(pc.utf8_length(stripped), 0).to_numpy(zero_copy_only=False), dtype=bool)
        return stripped.to_numpy(zero_copy_only=False), empty
    coded = pc.dictionary_encode(column)
    uniques = np.empty(len(coded.dictionary), dtype=object)
    uniques[:] = [value.strip() for value in coded.dictionary.to_pylist()]
    codes = coded.indices.to_numpy(zero_copy_only=False)
    empty = np.fromiter(map(len, uniques), dtype=np.int64, count=len(uniques)) == 0
    return uniques[codes], empty[codes]


def _column(chunks: list[pa.Array]) -> tuple[np.ndarray, np.ndarray]:
    parts = [_text(chunk) for chunk in chunks]
    if not parts:
        return np.empty(0, dtype=object), np.empty(0, dtype=bool)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _read(path: Path, header: list[str], columns: list[str]) -> pa.Table:
    return pacsv.read_csv(path, *_options(header, columns))


def read_columns(path: Path, header: list[str], used: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """({column: stripped text as an object array} for ``used``, rows blank in every column).

    Only ``used`` is read, one column converted and released at a time; the other columns are
    read only when some row is blank in all of ``used`` (a blank row is dropped only when it
    is blank everywhere). Raises pyarrow.ArrowInvalid when a line has another number of cells.
    """
    table = _read(path, header, used)
    texts, blank = {}, np.ones(table.num_rows, dtype=bool)
    for name in used:
        chunks = table.column(name).chunks
        table = table.drop_columns([name])
        texts[name], empty = _column(chunks)
        del chunks
        blank &= empty
    del table
    pa.default_memory_pool().release_unused()  # hand the freed blocks back: the rules need the room
    rest = [h for h in header if h not in used]
    if blank.any() and rest:
        others = _read(path, header, rest).filter(pa.array(blank))
        rows = np.flatnonzero(blank)
        for name in rest:
            cells = pc.utf8_trim(others.column(name), characters=WHITESPACE)
            still = np.array(pc.equal(pc.utf8_length(cells), 0).to_numpy(zero_copy_only=False), dtype=bool)
            rows, others = rows[still], others.filter(pa.array(still))
        blank[:] = False
        blank[rows] = True
    return texts, blank
