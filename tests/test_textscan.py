"""Whole-column text scans give exactly what the per-cell functions give."""

from __future__ import annotations

import random
import sys

import pandas as pd

from pipeline.clean.ikm_rules import _key_one
from pipeline.inputs import textscan
from pipeline.inputs.rawio import read_table


def _columns(alphabet: str, trials: int = 2000, seed: int = 1):
    rnd = random.Random(seed)
    for _ in range(trials):
        yield ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6)))
               for _ in range(rnd.randint(1, 8))]


def test_whitespace_is_what_python_splits_on():
    assert set(textscan.WHITESPACE) == {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}


def test_needs_collapse_matches_split_join():
    for cells in _columns("ab AB_.,-'  \t\xa0Z9\u2003é\x1c&"):
        flags = textscan.needs_collapse(cells)
        assert list(flags) == [" ".join(c.split()) != c for c in cells], cells
    assert textscan.needs_collapse(["a\x00b"]) is None  # the separator itself: per-cell path
    assert textscan.needs_collapse(["a", None]) is None  # not text: per-cell path


def test_ascii_keys_match_the_cell_key():
    for cells in _columns("ab AB_.,-'  \t\x0bZ9&/()"):
        assert textscan.ascii_keys(cells) == [_key_one(c) for c in cells], cells
    assert textscan.ascii_keys(["Café"]) is None


def test_plain_integers_match_int():
    rnd = random.Random(2)
    for cells in _columns("0123456789 -.,a"):
        cells = cells + [str(rnd.randint(0, 10**18 - 1)), "9" * 18, "9" * 19, "0", "00012", ""]
        value, ok = textscan.plain_integers(cells)
        assert list(ok) == [c.isdigit() and 0 < len(c) <= 18 for c in cells], cells
        assert [int(v) for v, o in zip(value, ok) if o] == [int(c) for c, o in zip(cells, ok) if o]
    value, ok = textscan.plain_integers(["12", "٣"])  # not ASCII: every cell to the careful reading
    assert not ok.any()


def test_read_table_keep_drops_only_rows_blank_in_every_column(tmp_path):
    lines = ["a;b;c", "1;x;", ";;note", " ; ;", "2;y;", ""]
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    df = read_table(path, keep=("a", "b"))
    assert list(df.columns) == ["a", "b", "_row"]
    # row 3 has a value only in the column not kept: it stays, as without keep
    assert df["_row"].tolist() == [2, 3, 5]
    full = read_table(path)
    pd.testing.assert_frame_equal(df, full[["a", "b", "_row"]])
