"""Budget measures computed from the sub-kegiatan rows: roll-ups per level, serapan,
efisiensi and absorption bands. Published subtotals are only ever compared with these."""

from __future__ import annotations

import math

import pandas as pd

from pipeline.inputs.idnum import fmt_number

# Where the report splits sub-kegiatan by absorption: [< 80), [80, 90), [≥ 90] (the seed's
# "≥ 90%, antara 80% dan 90%, di bawah 80%"); the analysis, its chart line and the recomputed
# published counts all read these edges.
ABSORPTION_EDGES = (80.0, 90.0)

ROLLUP_KEYS = {
    "sasaran": ["sasaran_id"],
    "urusan": ["urusan"],
    "program": ["program"],
    "kegiatan": ["program", "kegiatan"],
    "total": [],
}


def rollup(sub: pd.DataFrame, level: str) -> pd.DataFrame:
    """Sum pagu and realisasi of the sub-kegiatan per ``level`` (sasaran, urusan, program, kegiatan
    or total), with serapan = realisasi / pagu × 100 and efisiensi = 100 − serapan, unrounded.

    Groups keep the order in which they first appear in ``sub``; ``jumlah_subkegiatan`` counts
    the rows summed.
    """
    if level not in ROLLUP_KEYS:
        raise ValueError(f"unknown level {level!r}; use one of {', '.join(ROLLUP_KEYS)}")
    keys = ROLLUP_KEYS[level]
    if keys:
        grouped = sub.groupby(keys, sort=False, dropna=False)
        out = grouped[["pagu", "realisasi"]].sum()
        out["jumlah_subkegiatan"] = grouped.size()
        out = out.reset_index()
    else:
        pagu, realisasi = total(sub)
        out = pd.DataFrame({"pagu": [pagu], "realisasi": [realisasi], "jumlah_subkegiatan": [len(sub)]})
    out["pagu"] = out["pagu"].astype("Int64")
    out["realisasi"] = out["realisasi"].astype("Int64")
    out["jumlah_subkegiatan"] = out["jumlah_subkegiatan"].astype("Int64")
    out["serapan"] = serapan_rate(out["pagu"], out["realisasi"])
    out["efisiensi"] = efisiensi_rate(out["pagu"], out["realisasi"])
    return out


def total(sub: pd.DataFrame) -> tuple[int, int]:
    """(pagu, realisasi) of the sub-kegiatan rows of ``sub`` summed, a blank one counted as 0:
    the "total" roll-up, also asked of every row of the budget tree (without rollup's frame)."""
    return int(sub["pagu"].sum()), int(sub["realisasi"].sum())


def serapan_rate(pagu, realisasi):
    """Budget absorption realisasi / pagu × 100, unrounded: the project's one definition.

    Takes two columns (a Series, NaN where pagu is not positive) or two numbers (NaN when pagu is
    missing or not positive: there is no budget to absorb).
    """
    if isinstance(pagu, pd.Series):
        pagu = pagu.astype("Float64")
        pagu = pagu.mask(pagu <= 0)
        realisasi = realisasi.astype("Float64")
    else:
        try:
            pagu, realisasi = float(pagu), float(realisasi)
        except (TypeError, ValueError):
            return float("nan")
        if not pagu > 0:  # NaN too
            return float("nan")
    return realisasi / pagu * 100


def efisiensi_rate(pagu, realisasi):
    """Budget efficiency as the seed's Tabel 3.8 defines it: 100 − serapan."""
    return 100 - serapan_rate(pagu, realisasi)


def serapan(sub: pd.DataFrame) -> pd.Series:
    """Absorption of each sub-kegiatan row of ``sub`` (NaN where pagu is 0)."""
    return serapan_rate(sub["pagu"], sub["realisasi"])


def _band_labels(edges: tuple) -> list[str]:
    def num(x):
        return fmt_number(x, 0 if float(x).is_integer() else 2)

    labels = [f"< {num(edges[0])}"]
    labels += [f"{num(lo)} – < {num(hi)}" for lo, hi in zip(edges, edges[1:])]
    labels.append(f"≥ {num(edges[-1])}")
    return labels


def absorption_bands(sub: pd.DataFrame, edges=ABSORPTION_EDGES, by: str | None = "urusan") -> pd.DataFrame:
    """Count sub-kegiatan per ``by`` group in absorption bands split at ``edges``.

    Bands are half-open and leave no gaps: with edges (80, 90) they are [<80), [80, 90), [≥90],
    so a sub-kegiatan at exactly 90% counts as ≥ 90. Serapan is computed unrounded from pagu and
    realisasi, never taken from the published percentages. Every band appears for every group
    (count 0 included). Columns: ``by`` (if given), pita, batas_bawah, batas_atas, jumlah.
    """
    edges = tuple(float(e) for e in edges)
    if not edges or any(b <= a for a, b in zip(edges, edges[1:])):
        raise ValueError(f"edges must be increasing, got {edges}")
    bounds = [(-float("inf"), edges[0])] + list(zip(edges, edges[1:])) + [(edges[-1], float("inf"))]
    labels = _band_labels(edges)
    values = serapan(sub)
    groups = [(None, sub.index)] if by is None else [(k, idx) for k, idx in sub.groupby(by, sort=False).groups.items()]
    rows = []
    for key, index in groups:
        part = values.loc[index]
        for label, (lo, hi) in zip(labels, bounds):
            count = int(((part >= lo) & (part < hi)).fillna(False).sum())
            row = {} if by is None else {by: key}
            row.update(pita=label, batas_bawah=None if lo == -float("inf") else lo,
                       batas_atas=None if hi == float("inf") else hi, jumlah=count)
            rows.append(row)
    out = pd.DataFrame(rows)
    out["batas_bawah"] = out["batas_bawah"].astype("Float64")
    out["batas_atas"] = out["batas_atas"].astype("Float64")
    out["jumlah"] = out["jumlah"].astype("Int64")
    return out


def sisa_split(sub: pd.DataFrame, pegawai: pd.Series) -> pd.DataFrame:
    """Per sasaran (order of first appearance): pagu, realisasi and sisa (pagu − realisasi) of the
    belanja pegawai sub-kegiatan (``pegawai`` True) and of the rest, program spending, with the
    serapan of program spending, unrounded.

    Unspent salary is money not paid to staff, not a saving on outputs: keeping the two apart is
    what lets the efficiency analysis speak about program spending only.
    """
    pegawai = pegawai.reindex(sub.index).fillna(False).astype(bool)
    rows = []
    for sid, part in sub.groupby("sasaran_id", sort=False, dropna=False):
        mask = pegawai.loc[part.index]
        row = {"sasaran_id": sid}
        for kind, rows_of_kind in (("pegawai", part[mask]), ("program", part[~mask])):
            pagu, real = int(rows_of_kind["pagu"].sum()), int(rows_of_kind["realisasi"].sum())
            row.update({f"pagu_{kind}": pagu, f"realisasi_{kind}": real, f"sisa_{kind}": pagu - real})
        rows.append(row)
    out = pd.DataFrame(rows, columns=["sasaran_id", "pagu_pegawai", "realisasi_pegawai", "sisa_pegawai",
                                      "pagu_program", "realisasi_program", "sisa_program"])
    out["serapan_program"] = serapan_rate(out["pagu_program"], out["realisasi_program"])
    return out


def efficiency_index(capaian, serapan_pct) -> float:
    """Capaian ÷ serapan (both in percent): performance bought per share of the budget spent.

    Above 1 the sasaran achieved relatively more than it spent; NaN when either is missing
    or nothing was spent.
    """
    try:
        c, s = float(capaian), float(serapan_pct)
    except (TypeError, ValueError):
        return float("nan")
    if math.isnan(s) or math.isnan(c) or s == 0:
        return float("nan")
    return c / s


def cost_per_unit(realisasi_rp, count) -> float:
    """Rupiah spent per unit of output (e.g. per person trained); NaN without a positive count."""
    try:
        rp, n = float(realisasi_rp), float(count)
    except (TypeError, ValueError):
        return float("nan")
    if math.isnan(n) or math.isnan(rp) or n <= 0:
        return float("nan")
    return rp / n
