"""The plain-file reader (Arrow) gives exactly what the careful reader (csv module) gives."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from pipeline.inputs import plaincsv, rawio

ROOT = Path(__file__).resolve().parents[1]


def _careful(path: Path, keep=None) -> pd.DataFrame:
    original = rawio._read_plain
    rawio._read_plain = lambda *args, **kwargs: None
    try:
        return rawio.read_table(path, keep=keep, allow_empty=True)
    finally:
        rawio._read_plain = original


def _shipped_csv() -> list[Path]:
    return sorted(p for folder in (ROOT / "data" / "raw", ROOT / "tests" / "fixtures")
                  for p in folder.rglob("*.csv"))


def test_text_columns_are_python_strings():
    # pyarrow is installed; the run layer (pipeline/run/textcols, set by conftest for the tests)
    # keeps pandas' "str" in Python storage
    assert pd.Series(["a"], dtype="str").dtype.storage == "python"


@pytest.mark.parametrize("path", _shipped_csv(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_table_reads_the_same_both_ways(path):
    plain = rawio._read_plain(path)
    if plain is None:
        pytest.skip("not a plain file (quotes or blank header): only the careful path reads it")
    pd.testing.assert_frame_equal(plain, _careful(path))


CELLS = ["", " ", "a", " a ", "Aur  Kuning", "1.250.000", "Rp 1.000,-", "\ta", "a\t", "\xa0b\xa0",
         "c\u2003", "\u3000d", "\x1ce\x1f", "é", "x y", "  ", "0", "12"]


def _write(path: Path, rows: list[list[str]], newline: str, bom: bool) -> None:
    text = newline.join(";".join(r) for r in rows) + newline
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


@pytest.mark.slow  # 300 random files read both ways
@pytest.mark.parametrize("block", [None, 1 << 10], ids=["one-block", "many-blocks"])
def test_random_plain_files_read_the_same_both_ways(tmp_path, monkeypatch, block):
    if block:  # every column arrives in many chunks, each converted on its own
        monkeypatch.setattr(plaincsv, "_BLOCK", block)
    # the mostly-distinct branch from 40 cells on (10.000 in use), so that short files take it,
    # in one block and in chunks of a kilobyte alike
    monkeypatch.setattr(plaincsv, "_DISTINCT_MIN", 40)
    rnd = random.Random(14)
    for trial in range(150):
        width = rnd.randint(2, 5)
        header = [f"k{i}" for i in range(width)]
        rows = [header]
        for _ in range(rnd.randint(1, 40)):
            blank = rnd.random() < 0.15
            rows.append(["" if blank else rnd.choice(CELLS) for _ in range(width)])
        if all(not "".join(r).strip() for r in rows[1:]):
            rows.append(["x"] * width)
        # a column of mostly distinct values takes the other branch of the reader
        if rnd.random() < 0.3:
            rows += [[f" id{trial}-{i} "] + ["v"] * (width - 1) for i in range(120)]
        path = tmp_path / f"t{trial}.csv"
        _write(path, rows, rnd.choice(["\n", "\r\n"]), rnd.random() < 0.2)
        keep = rnd.choice([None, header[:1], header[1:]])
        plain = rawio._read_plain(path, keep)
        assert plain is not None, rows[:3]
        careful = _careful(path, keep)
        pd.testing.assert_frame_equal(plain, careful)


def test_an_empty_line_is_skipped_as_the_careful_path_skips_it(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes(b"a;b\n\n1;2\n")
    pd.testing.assert_frame_equal(rawio._read_plain(path), _careful(path))
    assert rawio.read_table(path)["_row"].tolist() == [3]


@pytest.mark.parametrize("text", ["a;b\n1;2;3\n", "a;b\n1\n", 'a;b\n"1";2\n',
                                  "a;b\n1\x00;2\n", "a;b\r1;2\r"])
def test_files_that_are_not_plain_take_the_careful_path(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode())
    assert rawio._read_plain(path) is None
