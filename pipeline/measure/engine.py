"""Indicator engine: capaian (achievement), kriteria and growth, on unrounded values.

Semantics come from the declared indicator (``iku.csv``: polaritas, satuan), never from code:

* ``naik`` (higher is better):   capaian = realisasi / target × 100
* ``turun`` (lower is better, PermenPAN-RB "kondisi khusus"):
                                  capaian = (2·target − realisasi) / target × 100
* ``ordinal`` (grades such as the AKIP result AA > A > BB > B > CC > C > D):
  each grade scores ``n + 1 − urutan`` on the declared scale (D = 1 … AA = 7) and
  capaian = score(realisasi) / score(target) × 100, so meeting the target exactly is 100.

Kriteria come from a half-open, gap-free scale (default Tabel 3.1), passed in as a table with
``kriteria, batas_bawah (inclusive), batas_atas (exclusive)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipeline.errors import LkjipError

POLARITIES = ("naik", "turun", "ordinal")


class EngineError(LkjipError):
    """An indicator cannot be computed (bad target, unknown grade, unknown polarity)."""


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def capaian(target, realisasi, polaritas: str, ordinal_scale: dict[str, int] | None = None,
            label: str = "") -> float:
    """Capaian in percent, unrounded. ``label`` names the indicator in error messages."""
    where = f" ({label})" if label else ""
    if polaritas not in POLARITIES:
        raise EngineError(f"unknown polaritas '{polaritas}'{where}; expected one of {', '.join(POLARITIES)}")
    if _is_missing(target) or (isinstance(target, str) and not target.strip()):
        raise EngineError(f"target is missing{where}: capaian cannot be computed")
    if _is_missing(realisasi) or (isinstance(realisasi, str) and not realisasi.strip()):
        raise EngineError(f"realisasi is missing{where}: capaian cannot be computed")
    if polaritas == "ordinal":
        if not ordinal_scale:
            raise EngineError(f"ordinal indicator{where} needs the declared grade order")
        scores = grade_scores(ordinal_scale)
        for name, grade in (("target", target), ("realisasi", realisasi)):
            if str(grade).strip() not in scores:
                raise EngineError(f"{name} '{grade}'{where} is not a grade of the declared scale "
                                  f"({', '.join(scores)})")
        return scores[str(realisasi).strip()] / scores[str(target).strip()] * 100
    target, realisasi = float(target), float(realisasi)
    if target <= 0:
        raise EngineError(f"target {target:g}{where} must be greater than zero to compute capaian")
    if polaritas == "naik":
        return realisasi / target * 100
    return (2 * target - realisasi) / target * 100


def grade_scores(ordinal_scale: dict[str, int]) -> dict[str, int]:
    """{'AA': 1, 'A': 2, ...} (urutan, 1 = best) -> {'AA': 7, 'A': 6, ..., 'D': 1}."""
    n = len(ordinal_scale)
    return {grade: n + 1 - int(rank) for grade, rank in ordinal_scale.items()}


def meets(realisasi, reference, polaritas: str, ordinal_scale: dict[str, int] | None = None) -> bool:
    """Whether realisasi reaches the reference (a target or a national standard)."""
    if polaritas == "ordinal":
        scores = grade_scores(ordinal_scale or {})
        return scores[str(realisasi).strip()] >= scores[str(reference).strip()]
    if polaritas == "naik":
        return float(realisasi) >= float(reference)
    return float(realisasi) <= float(reference)


@dataclass(frozen=True)
class Band:
    kriteria: str
    batas_bawah: float
    batas_atas: float


def scale_from_table(df: pd.DataFrame) -> list[Band]:
    """The criteria scale as bands, checked to be contiguous half-open intervals."""
    bands = sorted((Band(str(r.kriteria), float(r.batas_bawah), float(r.batas_atas))
                    for r in df.itertuples()), key=lambda b: b.batas_bawah)
    if not bands:
        raise EngineError("criteria scale is empty")
    if bands[0].batas_bawah != -math.inf or bands[-1].batas_atas != math.inf:
        raise EngineError("criteria scale must cover every value (lowest band from -inf, highest to +inf)")
    for low, high in zip(bands, bands[1:]):
        if low.batas_atas != high.batas_bawah:
            raise EngineError(f"criteria scale has a gap or overlap between '{low.kriteria}' "
                              f"(< {low.batas_atas:g}) and '{high.kriteria}' (≥ {high.batas_bawah:g})")
    return bands


DEFAULT_SCALE = [  # Tabel 3.1 of the seed; agencies configure their own in data/raw/common/skala_kriteria.csv
    Band("Sangat Kurang", -math.inf, 51.0),
    Band("Kurang", 51.0, 66.0),
    Band("Cukup", 66.0, 76.0),
    Band("Baik", 76.0, 91.0),
    Band("Sangat Baik", 91.0, math.inf),
]


def kriteria(value: float, scale: list[Band] | None = None) -> str:
    """The criterion whose half-open band [batas_bawah, batas_atas) holds ``value``."""
    if _is_missing(value):
        raise EngineError("capaian is missing: no kriteria")
    for band in scale or DEFAULT_SCALE:
        if band.batas_bawah <= value < band.batas_atas:
            return band.kriteria
    raise EngineError(f"capaian {value} falls outside the criteria scale")


def growth(current, previous, label: str = "") -> float:
    """Percentage change (current − previous) / previous × 100, unrounded."""
    if _is_missing(previous) or float(previous) == 0:
        raise EngineError(f"previous value{f' ({label})' if label else ''} is missing or zero: "
                          "growth cannot be computed")
    return (float(current) - float(previous)) / float(previous) * 100


def serapan(pagu, realisasi) -> float:
    """Budget absorption realisasi / pagu × 100."""
    if _is_missing(pagu) or float(pagu) <= 0:
        raise EngineError("pagu must be greater than zero to compute serapan")
    return float(realisasi) / float(pagu) * 100


def efisiensi(pagu, realisasi) -> float:
    """Budget efficiency as the seed's Tabel 3.8 defines it: 100 − serapan."""
    return 100 - serapan(pagu, realisasi)
