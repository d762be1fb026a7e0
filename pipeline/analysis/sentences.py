"""Generated sentences that state facts about numbers — and are true for any numbers.

Every comparison sentence is chosen from the sign of the difference, so 95,13% never
"reaches" 97,68% and a fall is never called a rise.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.inputs.idnum import fmt_number, is_absent, is_nil, round_half_up
from pipeline.measure import engine

# The rounding rule, stated once in Bab III (3.1, from ROUNDING_RULE) and applied by
# fmt_number and operands() below.
RESULT_DECIMALS = 2
MAX_OPERAND_DECIMALS = 6


ROUNDING_RULE = (
    "Aturan pembulatan: semua angka dihitung dari nilai yang tidak dibulatkan dan baru dibulatkan saat "
    f"dicetak (setengah ke atas; persentase dengan {RESULT_DECIMALS} desimal). Dalam setiap rumus, angka "
    "yang dihitung dicetak dengan desimal secukupnya (atau dengan jumlah asalnya) sehingga kalkulator "
    "memberi hasil yang sama dengan yang tercetak; karena itu sebuah angka dapat tercetak dengan lebih "
    "banyak desimal dalam rumus daripada dalam tabel.")


def _natural_decimals(value: float, limit: int = MAX_OPERAND_DECIMALS) -> int:
    """Decimals a value really has (3.25 -> 2, 74085.0 -> 0), at most ``limit``."""
    for d in range(limit + 1):
        if abs(float(round_half_up(value, d)) - value) < 1e-9:
            return d
    return limit


def operands(formula: Callable[..., float], values: list[float], result_decimals: int = RESULT_DECIMALS,
             min_decimals: int = 2) -> list[str]:
    """The operands of ``formula`` as printed, with the fewest decimals (at least ``min_decimals``
    for a non-integer, never more than the value has) such that ``formula`` of the printed
    operands rounds to the same printed result as ``formula`` of the unrounded ones.

    5,98691… / 3,25 × 100 = 184,21: "5,99" gives 184,31 and "5,987" 184,22, so "5,9869" is printed.
    """
    target = round_half_up(formula(*values), result_decimals)
    for d in range(min_decimals, MAX_OPERAND_DECIMALS + 1):
        places = [min(d, _natural_decimals(v)) for v in values]
        printed = [float(round_half_up(v, p)) for v, p in zip(values, places)]
        if round_half_up(formula(*printed), result_decimals) == target:
            return [fmt_number(v, p) for v, p in zip(values, places)]
    return [fmt_number(v, _natural_decimals(v)) for v in values]


def ratio_formula(numerator: float, denominator: float, result_decimals: int = RESULT_DECIMALS) -> str:
    """'a / b × 100% = c%' that closes on a calculator."""
    a, b = operands(lambda x, y: x / y * 100, [float(numerator), float(denominator)], result_decimals)
    return f"{a} / {b} × 100% = {fmt_number(float(numerator) / float(denominator) * 100, result_decimals)}%"


def turun_formula(target: float, realisasi: float, result_decimals: int = RESULT_DECIMALS) -> str:
    """'(2 × a − b) / a × 100% = c%' (lower is better) that closes on a calculator."""
    a, b = operands(lambda t, r: (2 * t - r) / t * 100, [float(target), float(realisasi)], result_decimals)
    value = engine.capaian(float(target), float(realisasi), "turun")  # the printed result is the engine's
    return f"(2 × {a} − {b}) / {a} × 100% = {fmt_number(value, result_decimals)}%"


def show(value, satuan: str) -> str:
    """A value in its unit: 95,13% for percentages, the grade text for ordinal values."""
    if is_absent(value):
        return "–"
    if isinstance(value, str):
        return value
    if satuan.strip() == "%":
        return fmt_number(value) + "%"
    # A count in its unit (orang, unit usaha) reads as a whole number: '37 dari target 150'.
    return fmt_number(value, 0) if float(value).is_integer() else fmt_number(value)


def points(diff: float, satuan: str) -> str:
    unit = " poin persen" if satuan.strip() == "%" else ""
    return fmt_number(abs(diff)) + unit


def versus(subject: str, value, reference, reference_label: str, satuan: str, polaritas: str,
           ordinal: dict | None = None) -> str:
    """'<subject> <value> berada di atas/di bawah/sama dengan <reference_label> (<reference>) ...'.

    Without a reference figure (blank, '-') nothing is compared: the sentence says so."""
    if is_nil(reference):
        return f"{subject} {show(value, satuan)}; tidak ada {reference_label} untuk indikator ini sebagai pembanding."
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


# A capaian this far above its target usually means a target set too low or target and realisasi
# in different units (a percentage target met with a count): worth a remark, never a silent cell.
UNUSUAL_CAPAIAN = 200.0


def unusual_capaian(items: list[tuple[str, float]]) -> str:
    """A remark on capaian above UNUSUAL_CAPAIAN %, naming each indicator; '' when none."""
    high = [(name, value) for name, value in items
            if not is_absent(value) and float(value) > UNUSUAL_CAPAIAN]
    if not high:
        return ""
    listed = "; ".join(f"{name} ({fmt_number(value)}%)" for name, value in high)
    return (f"Capaian di atas {fmt_number(UNUSUAL_CAPAIAN, 0)}% pada {len(high)} indikator: {listed}. "
            "Capaian setinggi ini biasanya menandakan target yang ditetapkan terlalu rendah atau target "
            "dan realisasi yang dinyatakan dalam satuan berbeda (misalnya target persen, realisasi "
            "jumlah); target dan satuan indikator tersebut perlu ditinjau pada perubahan Renstra atau "
            "Perjanjian Kinerja berikutnya.")


def count_sentence(total: int, label: str, parts: list[tuple[int, str]]) -> str:
    """'Dari 9 indikator …, 7 …, 1 … dan 1 …': every part named, and the parts add up to total."""
    if sum(n for n, _ in parts) != total:
        raise ValueError(f"parts {parts} do not add up to {total}")
    shown = [f"{n} {text}" for n, text in parts if n]
    joined = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " dan " + shown[-1]
    return f"Dari {total} {label}, {joined}."


# A reported realisasi whose iku.csv row names no source is cited as what it is, never by guess.
UNDECLARED_SOURCE = "dilaporkan instansi (sumber data belum dicantumkan pada IKU)"


def source_of(sumber: str, kind: str, year: int, wilayah: str, sumber_data: str = "") -> str:
    """The specific source of a realisasi ("realisasi") or national figure ("nasional"), as the
    realisasi source declares it (pipeline.measure.sources); '' if unknown. A reported
    realisasi (``dilaporkan``) is cited by the indicator's own ``sumber_data`` (iku.csv)."""
    from pipeline.measure import sources

    source = sources.SOURCES.get(str(sumber))
    text = "" if source is None else (source.sumber if kind == "realisasi" else source.sumber_nasional)
    declared = "" if is_nil(sumber_data) else str(sumber_data).strip()
    if "{sumber_data}" in text and not declared:
        return UNDECLARED_SOURCE
    return text.format(year=year, next=year + 1, wilayah=wilayah, sumber_data=declared)


def _score(value, polaritas: str, ordinal: dict | None) -> float:
    """A value on a scale where higher is better (grades by their order, 'turun' negated)."""
    if polaritas == "ordinal":
        return float(engine.grade_scores(ordinal or {})[str(value).strip()])
    return float(value) if polaritas == "naik" else -float(value)


def success_facts(label: str, realisasi, target, before, year: int, satuan: str, polaritas: str,
                  capaian=None, kriteria: str | None = None, ordinal: dict | None = None) -> list[str]:
    """What a reader of the causes analysis needs: was the target reached, did performance improve
    on last year (polarity-aware: for lower-is-better a fall is an improvement), and was the target
    set below last year's result (a target reached without any improvement). Every comparison word
    follows the sign of a difference."""
    missing = [v for v in (realisasi, target) if is_absent(v)]
    if missing:
        return []
    reached = engine.meets(realisasi, target, polaritas, ordinal)
    r, t = _score(realisasi, polaritas, ordinal), _score(target, polaritas, ordinal)
    relation = "sama dengan" if r == t else ("lebih baik dari" if r > t else "di bawah")
    grade = "" if is_absent(capaian) else f" (capaian {fmt_number(capaian)}%" + (
        f", kriteria {kriteria})" if kriteria else ")")
    out = [f"{label}: target {year} {'tercapai' if reached else 'tidak tercapai'}; realisasi "
           f"{show(realisasi, satuan)} {relation} target {show(target, satuan)}{grade}."]
    if is_absent(before):
        return out
    b = _score(before, polaritas, ordinal)
    if r == b:
        change, word = "tidak berubah", f"tetap {show(realisasi, satuan)}"
    else:
        change = "membaik" if r > b else "memburuk"
        word = (("naik" if float(realisasi) > float(before) else "turun") + " " +
                points(float(realisasi) - float(before), satuan)) if polaritas != "ordinal" else \
            f"berubah dari {before} menjadi {realisasi}"
    out.append(f"Dibanding {year - 1} ({show(before, satuan)}), realisasi {word}: kinerja {change}"
               + (" (untuk indikator ini lebih rendah lebih baik)." if polaritas == "turun" else "."))
    if t < b:
        side = "lebih rendah" if polaritas != "turun" else "lebih tinggi"
        if reached and change != "membaik":
            out.append(f"Target {year} ({show(target, satuan)}) ditetapkan {side} dari realisasi {year - 1} "
                       f"({show(before, satuan)}): target tercapai tanpa perbaikan kinerja, sehingga "
                       "keberhasilan ini berasal dari target, bukan dari kenaikan kinerja.")
        elif reached:
            out.append(f"Target {year} ({show(target, satuan)}) ditetapkan {side} dari realisasi {year - 1} "
                       f"({show(before, satuan)}): target tidak menuntut perbaikan; keberhasilan yang berasal "
                       f"dari perbaikan kinerja adalah selisih terhadap {year - 1}, bukan terhadap target.")
    elif not reached and change == "membaik":
        out.append(f"Kinerja membaik dibanding {year - 1}, tetapi target {year} ({show(target, satuan)}) menuntut "
                   "perbaikan yang lebih besar.")
    return out


def sasaran_verdict(sid: int, capaian: float, kriteria: str, penghambat: list[str]) -> str:
    """'Sasaran n tercapai …' or, below the target, 'Sasaran n belum tercapai …' with its causes:
    the analyst's faktor penghambat, or a statement that they are not yet written."""
    shown = f"capaian {fmt_number(capaian)}%, kriteria {kriteria}"
    if engine.tercapai(capaian):
        return f"Sasaran {sid} tercapai ({shown})."
    causes = [str(p).strip().rstrip(".") for p in penghambat if not is_nil(p)]
    why = ("Penyebabnya: " + "; ".join(causes) + "." if causes else
           "Penyebabnya belum diuraikan: faktor penghambat sasaran ini belum diisi.")
    return (f"Sasaran {sid} belum tercapai ({shown}; capaian di bawah "
            f"{fmt_number(engine.CAPAIAN_TERCAPAI, 0)}% berarti target belum terpenuhi). {why}")
