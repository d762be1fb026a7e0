"""Whole-column text checks at C speed, for registers of millions of rows.

Stripping, collapsing spaces and building matching keys cell by cell costs a Python call
per cell. Most cells need nothing, so these helpers join a column into one string, find
the few cells that do with ``str.find`` (memchr speed) and leave the work per cell to the
caller for those cells only. Every helper gives exactly what the per-cell function gives.
"""

from __future__ import annotations

import re

import numpy as np

# Every character str.isspace() accepts (= what str.split() and the regex \s split on);
# tests/test_textscan.py checks the list against Python's own tables.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
              "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SEP = "\x00"  # joins the cells; a column holding it takes the per-cell path
_SPACES = re.compile(b"  +")

# Matching key of ASCII text (see :func:`ascii_keys`): letters lowercased, digits kept, the
# separator kept, everything else (punctuation, '_', whitespace) a space.
_KEY_TABLE = bytes(
    c + 32 if 65 <= c <= 90 else c if (97 <= c <= 122 or 48 <= c <= 57 or c == 0) else 32
    for c in range(256)
)


def _joined(cells: list[str]) -> str | None:
    """The cells joined by the separator with one before and after; None if a cell holds it or is not text."""
    try:
        text = _SEP + _SEP.join(cells) + _SEP
    except TypeError:  # a cell that is not text (a missing value)
        return None
    return text if text.count(_SEP) == len(cells) + 1 else None


def _cell_of(cells: list[str], positions: list[int]) -> np.ndarray:
    """Index of the cell holding each position of :func:`_joined`'s text."""
    lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
    starts = np.cumsum(lengths + 1) - lengths  # first character of each cell
    return np.searchsorted(starts, np.asarray(positions, dtype=np.int64), side="right") - 1


def _find_all(text: str, needle: str, found: list[int], shift: int) -> None:
    at = text.find(needle)
    while at != -1:
        found.append(at + shift)
        at = text.find(needle, at + 1)


def _flag(cells: list[str], text: str, needles: list[tuple[str, int]], anywhere: str) -> np.ndarray:
    """Cells holding a needle (position shifted onto the cell) or a character of ``anywhere``."""
    found: list[int] = []
    for char in anywhere:
        if char in text:
            _find_all(text, char, found, 0)
    for needle, shift in needles:
        _find_all(text, needle, found, shift)
    flags = np.zeros(len(cells), dtype=bool)
    if found:
        flags[_cell_of(cells, found)] = True
    return flags


def needs_collapse(cells: list[str]) -> np.ndarray | None:
    """True where ``" ".join(cell.split()) != cell`` (leading, trailing, doubled or odd spaces).

    None when the column cannot be scanned whole.
    """
    text = _joined(cells)
    if text is None:
        return None
    return _flag(cells, text, [("  ", 0), (_SEP + " ", 1), (" " + _SEP, 0)], WHITESPACE.replace(" ", ""))


def ascii_keys(cells: list[str]) -> list[str] | None:
    """For ASCII text: casefolded, punctuation and '_' as space, whitespace collapsed and stripped.

    That is ``" ".join(re.sub(r"[^\\w\\s]|_", " ", " ".join(cell.split()).casefold()).split())``
    per cell (on ASCII, casefold lowercases and \\w is [A-Za-z0-9_]), done on the whole column
    at once. None when a cell is not ASCII or holds the separator.
    """
    text = _joined(cells)
    if text is None or not text.isascii():
        return None
    data = text.encode("ascii").translate(_KEY_TABLE)
    data = _SPACES.sub(b" ", data)
    data = data.replace(b" \x00", b"\x00").replace(b"\x00 ", b"\x00")
    return data.decode("ascii").split(_SEP)[1:-1]


_POW10 = 10 ** np.arange(18, dtype=np.int64)


def plain_integers(cells: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(value, ok): ok where a cell is 1 to 18 ASCII digits (int(cell) fits int64), value there.

    What ``int(cell)`` gives for ``cell.isdigit() and cell.isascii()``, for a whole column at
    once; other cells (blank, '-', '1.250.000', 'Rp ...') are left to the caller.
    """
    n = len(cells)
    value, ok = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    if not n:
        return value, ok
    text = _joined(cells)
    if text is None or not text.isascii():
        return value, ok
    chars = np.frombuffer(text.encode("ascii"), dtype=np.uint8)[1:]  # each cell then its separator
    lengths = np.fromiter(map(len, cells), dtype=np.int64, count=n)
    ends = np.cumsum(lengths + 1) - 1  # the separator after each cell
    starts = ends - lengths
    digit = (chars - 48) < 10  # uint8 wraps below '0'
    ok = (np.add.reduceat(digit.astype(np.int64), starts) == lengths) & (lengths > 0) & (lengths <= 18)
    # digits after each character in its cell: its weight is 10 to that power
    power = np.minimum(np.repeat(ends, lengths + 1) - np.arange(len(chars)) - 1, 17)
    contrib = np.where(digit, (chars - 48).astype(np.int64) * _POW10[power], 0)
    value = np.where(ok, np.add.reduceat(contrib, starts), 0)
    return value, ok
