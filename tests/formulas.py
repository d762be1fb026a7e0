"""Find the formula lines of a rendered report and check that each closes on a calculator."""

import html as html_lib
import re
from decimal import ROUND_HALF_UP, Decimal

NUM = r"(−?-?\d[\d.]*(?:,\d+)?)"
RATIO = re.compile(rf"(?<![\d,.)]){NUM} / {NUM} × 100% = {NUM}%")
TURUN = re.compile(rf"\(2 × {NUM} − {NUM}\) / {NUM} × 100% = {NUM}%")
# the efficiency index: capaian ÷ serapan, a plain ratio of two percentages
INDEX = re.compile(rf"(?<![\d,.)]){NUM}% / {NUM}% = {NUM}(?![\d,%])")


def _number(text: str) -> Decimal:
    return Decimal(text.replace("−", "-").replace(".", "").replace(",", "."))


def _decimals(text: str) -> int:
    return len(text.split(",", 1)[1]) if "," in text else 0


def text_of(page: str) -> str:
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page))


def check(page: str) -> tuple[int, list[str]]:
    """(number of formula lines, the ones that do not close at their printed precision)."""
    text, bad, seen = text_of(page), [], 0
    for match in RATIO.finditer(text):
        a, b, c = match.groups()
        seen += 1
        value = _number(a) / _number(b) * 100
        if value.quantize(Decimal(1).scaleb(-_decimals(c)), ROUND_HALF_UP) != _number(c):
            bad.append(match.group(0))
    for match in TURUN.finditer(text):
        t, r, t2, c = match.groups()
        seen += 1
        value = (2 * _number(t) - _number(r)) / _number(t2) * 100
        if t != t2 or value.quantize(Decimal(1).scaleb(-_decimals(c)), ROUND_HALF_UP) != _number(c):
            bad.append(match.group(0))
    for match in INDEX.finditer(text):
        a, b, c = match.groups()
        seen += 1
        value = _number(a) / _number(b)
        if value.quantize(Decimal(1).scaleb(-_decimals(c)), ROUND_HALF_UP) != _number(c):
            bad.append(match.group(0))
    return seen, bad
