"""Indicator engine: capaian (achievement), kriteria and growth, on unrounded values.

Semantics come from the declared indicator (``iku.csv``: polaritas, satuan), never from code:

* ``naik`` (higher is better):   capaian = realisasi / target × 100
* ``turun`` (lower is better, PermenPAN-RB "kondisi khusus"):
                                  capaian = (2·target − realisasi) / target × 100
* ``ordinal`` (grades such as the AKIP result AA > A > BB > B > CC > C > D):
  each grade scores ``n + 1 − urutan`` on the declared scale (D = 1 … AA = 7) and
  capaian = score(realisasi) / score(target) × 100, so meeting the target exactly is 100.

Kriteria come from a gap-free scale (default Tabel 3.1), passed in as a table with
``kriteria, batas_bawah, batas_atas`` and optionally ``bawah_inklusif`` (default true) and
``atas_inklusif`` (default false): half-open [batas_bawah, batas_atas) unless the agency printed
its bounds otherwise (``> 100``: see pipeline.inputs.intervals).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pipeline.errors import LkjipError
from pipeline.inputs.idnum import fmt_number, is_absent, is_blank, is_number

POLARITIES = ("naik", "turun", "ordinal")


class EngineError(LkjipError):
    """An indicator cannot be computed (bad target, unknown grade, unknown polarity)."""


def capaian(target, realisasi, polaritas: str, ordinal_scale: dict[str, int] | None = None,
            label: str = "") -> float:
    """Capaian in percent, unrounded. ``label`` names the indicator in error messages."""
    where = f" ({label})" if label else ""
    if polaritas not in POLARITIES:
        raise EngineError(f"unknown polaritas '{polaritas}'{where}; expected one of {', '.join(POLARITIES)}")
    if is_blank(target):
        raise EngineError(f"target is missing{where}: capaian cannot be computed")
    if is_blank(realisasi):
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


def program_capaian(target, realisasi) -> float:
    """Capaian of a program/kegiatan indicator (Tabel 3.26): realisasi / target × 100 where both
    are numbers and the target is positive (the published table states no polarity); else NaN.
    The analysis, its context table and the recomputation of the published % all read this."""
    if not (is_number(target) and is_number(realisasi)) or float(target) <= 0:
        return math.nan
    return capaian(float(target), float(realisasi), "naik")


# Meeting the target exactly is capaian 100 for every polarity (see the module docstring), so a
# result is reached (tercapai) from 100 up, whatever kriteria name the agency's scale gives it.
CAPAIAN_TERCAPAI = 100.0


def tercapai(capaian_value) -> bool:
    """Whether a capaian (of an indicator or a sasaran) reaches its target."""
    return not is_absent(capaian_value) and float(capaian_value) >= CAPAIAN_TERCAPAI


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
    """One kriteria interval; by default half-open [batas_bawah, batas_atas).

    Agencies also print closed and open bounds ('75 – 100' then '> 100'), so each bound
    carries whether it is included (pipeline.inputs.intervals reads the printed forms).
    """

    kriteria: str
    batas_bawah: float
    batas_atas: float
    bawah_inklusif: bool = True
    atas_inklusif: bool = False

    def holds(self, value: float) -> bool:
        above = value >= self.batas_bawah if self.bawah_inklusif else value > self.batas_bawah
        below = value <= self.batas_atas if self.atas_inklusif else value < self.batas_atas
        return above and below


def _flag(row, name: str, default: bool) -> bool:
    value = getattr(row, name, default)
    if is_absent(value):
        return default
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "ya")
    return bool(value)


def scale_from_table(df: pd.DataFrame) -> list[Band]:
    """The criteria scale as bands, checked to partition the real line (no gap, no overlap)."""
    bands = sorted((Band(str(r.kriteria), float(r.batas_bawah), float(r.batas_atas),
                         _flag(r, "bawah_inklusif", True), _flag(r, "atas_inklusif", False))
                    for r in df.itertuples()), key=lambda b: (b.batas_bawah, not b.bawah_inklusif))
    if not bands:
        raise EngineError("criteria scale is empty")
    if bands[0].batas_bawah != -math.inf or bands[-1].batas_atas != math.inf:
        raise EngineError("criteria scale must cover every value (lowest band from -inf, highest to +inf)")
    for low, high in zip(bands, bands[1:]):
        if low.batas_atas != high.batas_bawah or low.atas_inklusif == high.bawah_inklusif:
            raise EngineError(f"criteria scale has a gap or overlap between '{low.kriteria}' "
                              f"(up to {low.batas_atas:g}) and '{high.kriteria}' (from {high.batas_bawah:g})")
    return bands


DEFAULT_SCALE = [  # Tabel 3.1 of the seed; agencies configure their own in data/raw/common/skala_kriteria.csv
    Band("Sangat Kurang", -math.inf, 51.0),
    Band("Kurang", 51.0, 66.0),
    Band("Cukup", 66.0, 76.0),
    Band("Baik", 76.0, 91.0),
    Band("Sangat Baik", 91.0, math.inf),
]


def kriteria(value: float, scale: list[Band] | None = None) -> str:
    """The criterion whose band holds ``value`` (each bound included or not as declared).

    A negative capaian (lower-is-better with realisasi above twice the target) is a value like
    any other: it falls in the lowest band (Sangat Kurang on the default scale); see
    :func:`catatan_capaian` for the sentence that explains it in the report.
    """
    if is_absent(value):
        raise EngineError("capaian is missing: no kriteria")
    for band in scale or DEFAULT_SCALE:
        if band.holds(value):
            return band.kriteria
    raise EngineError(f"capaian {value} falls outside the criteria scale")


def catatan_capaian(capaian_value, polaritas: str, target=None, realisasi=None) -> str | None:
    """A plain-Indonesian warning for a capaian the reader may not expect, else None.

    Today: a negative capaian, which the lower-is-better formula gives when realisasi is more
    than twice the target. It is reported as computed (never clipped to 0), with its kriteria.
    """
    if is_absent(capaian_value) or polaritas != "turun" or float(capaian_value) >= 0:
        return None
    angka = ""
    if not is_absent(target) and not is_absent(realisasi):
        angka = (f" (realisasi {_id_number(realisasi)} dibanding target {_id_number(target)}, "
                 f"lebih dari 2 × target = {_id_number(2 * float(target))})")
    return ("Capaian bernilai negatif: indikator ini makin kecil makin baik, dan realisasinya lebih "
            f"dari dua kali target{angka}. Rumus (2 × Target − Realisasi) / Target × 100% "
            "menghasilkan angka di bawah nol; angka itu ditampilkan apa adanya, tidak dibulatkan "
            "ke nol, dan kriterianya diambil dari skala kriteria (kelompok terendah).")


def _id_number(value) -> str:
    return fmt_number(float(value), 2)


def growth(current, previous, label: str = "") -> float:
    """Percentage change (current − previous) / previous × 100, unrounded."""
    if is_absent(previous) or float(previous) == 0:
        raise EngineError(f"previous value{f' ({label})' if label else ''} is missing or zero: "
                          "growth cannot be computed")
    return (float(current) - float(previous)) / float(previous) * 100
