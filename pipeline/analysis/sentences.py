"""Generated sentences that state facts about numbers — and are true for any numbers.

Every comparison sentence is chosen from the sign of the difference, so 95,13% never
"reaches" 97,68% and a fall is never called a rise.
"""

from __future__ import annotations

import math

from pipeline.inputs.idnum import fmt_number
from pipeline.measure import engine


def show(value, satuan: str) -> str:
    """A value in its unit: 95,13% for percentages, the grade text for ordinal values."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if satuan.strip() == "%":
        return fmt_number(value) + "%"
    return fmt_number(value)


def points(diff: float, satuan: str) -> str:
    unit = " poin persen" if satuan.strip() == "%" else ""
    return fmt_number(abs(diff)) + unit


def versus(subject: str, value, reference, reference_label: str, satuan: str, polaritas: str,
           ordinal: dict | None = None) -> str:
    """'<subject> <value> berada di atas/di bawah/sama dengan <reference_label> (<reference>) ...'."""
    if polaritas == "ordinal":
        scores = engine.grade_scores(ordinal or {})
        a, b = scores[str(value)], scores[str(reference)]
        relation = "sama dengan" if a == b else ("di atas" if a > b else "di bawah")
        verdict = "telah mencapai" if a >= b else "belum mencapai"
        return (f"{subject} {value} {relation} {reference_label} ({reference}); "
                f"dengan demikian {verdict} {reference_label}.")
    diff = float(value) - float(reference)
    if abs(diff) < 1e-12:
        relation = "sama dengan"
    else:
        relation = "di atas" if diff > 0 else "di bawah"
    reached = engine.meets(value, reference, polaritas)
    verdict = "telah mencapai" if reached else "belum mencapai"
    gap = "" if relation == "sama dengan" else f", selisih {points(diff, satuan)}"
    better = ("lebih rendah lebih baik" if polaritas == "turun" else "")
    note = f" (untuk indikator ini {better})" if better else ""
    return (f"{subject} {show(value, satuan)} {relation} {reference_label} "
            f"({show(reference, satuan)}){gap}; dengan demikian {verdict} {reference_label}{note}.")


def trend(label: str, before, after, year_before: int, year_after: int, satuan: str) -> str:
    """'<label> naik/turun/tetap dari X (tahun) menjadi Y (tahun), ...'."""
    if before is None or after is None or isinstance(before, str) or isinstance(after, str):
        if isinstance(before, str) and isinstance(after, str):
            same = "tetap" if before == after else "berubah"
            return f"{label} {same}: {before} pada {year_before} dan {after} pada {year_after}."
        return f"{label} {year_before} tidak tersedia untuk dibandingkan."
    diff = float(after) - float(before)
    if abs(diff) < 1e-12:
        return f"{label} tetap {show(after, satuan)} pada {year_before} dan {year_after}."
    word = "naik" if diff > 0 else "turun"
    return (f"{label} {word} {points(diff, satuan)} dari {show(before, satuan)} ({year_before}) "
            f"menjadi {show(after, satuan)} ({year_after}).")
