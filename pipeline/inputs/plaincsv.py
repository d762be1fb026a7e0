"""The plain case of reading a raw table, in Arrow's multi-threaded CSV reader.

:func:`pipeline.inputs.rawio.read_table` decides a file is plain (UTF-8, no quote character,
no NUL, every line with the header's number of separators), so that one line is one record
and Arrow and Python's csv module must read the same cells. pandas' own reader makes a Python
string of every cell before anything is stripped; a register of a million firms is 14 million
of them. Here the cells stay in Arrow until they are text the pipeline keeps: a column that
repeats its values (kelurahan, status, amounts) is stripped and made into Python strings once
per distinct value, a column of mostly distinct values (names, ids) is stripped in Arrow.

Stripping is ``str.strip()``'s: the characters of :data:`pipeline.inputs.textscan.WHITESPACE`.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from pipeline.inputs.textscan import WHITESPACE

_SAMPLE = 2000


def _options(header: list[str]) -> tuple:
    read = pacsv.ReadOptions(column_names=header, skip_rows=1, use_threads=True)
    parse = pacsv.ParseOptions(delimiter=";", quote_char=False, double_quote=False, escape_char=False,
                               newlines_in_values=False, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(column_types={h: pa.string() for h in header}, null_values=[],
                                   strings_can_be_null=False, quoted_strings_can_be_null=False,
                                   check_utf8=True)
    return read, parse, convert


def _mostly_distinct(column: pa.Array) -> bool:
    n = len(column)
    if n <= 10_000:
        return False
    sample = column.take(pa.array(np.arange(0, n, max(1, n // _SAMPLE))))
    return len(pc.unique(sample)) > len(sample) // 2


def _text(column: pa.Array) -> np.ndarray:
    """The column's stripped cells as an object array of Python strings."""
    if _mostly_distinct(column):
        return pc.utf8_trim(column, characters=WHITESPACE).to_numpy(zero_copy_only=False)
    coded = pc.dictionary_encode(column)
    uniques = np.empty(len(coded.dictionary), dtype=object)
    uniques[:] = [value.strip() for value in coded.dictionary.to_pylist()]
    return uniques[coded.indices.to_numpy(zero_copy_only=False)]


def _blank(column: pa.Array) -> np.ndarray:
    return np.array(pc.equal(pc.utf8_trim(column, characters=WHITESPACE), "").to_numpy(zero_copy_only=False),
                    dtype=bool)


def read_columns(data: bytes, header: list[str], used: list[str]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """({column: stripped text as an object array} for ``used``, rows blank in every column).

    Raises pyarrow.ArrowInvalid when the file is not what rawio checked it to be.
    """
    table = pacsv.read_csv(pa.py_buffer(data), *_options(header))
    columns = {name: table.column(name).combine_chunks() for name in header}
    blank = None  # candidates: rows blank in every column looked at so far
    for name in [h for h in header if h in used] + [h for h in header if h not in used]:
        column = columns[name] if blank is None else columns[name].filter(pa.array(blank))
        found = _blank(column)
        if blank is None:
            blank = found
        else:
            blank[np.flatnonzero(blank)[~found]] = False
        if not blank.any():
            break
    return {name: _text(columns[name]) for name in used}, blank
