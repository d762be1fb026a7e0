"""Budget measures computed from the sub-kegiatan rows: roll-ups per level, serapan,
efisiensi and absorption bands. Published subtotals are only ever compared with these."""

from __future__ import annotations

import pandas as pd

from pipeline.inputs.idnum import fmt_number

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
        out = pd.DataFrame({"pagu": [sub["pagu"].sum()], "realisasi": [sub["realisasi"].sum()],
                            "jumlah_subkegiatan": [len(sub)]})
    out["pagu"] = out["pagu"].astype("Int64")
    out["realisasi"] = out["realisasi"].astype("Int64")
    out["jumlah_subkegiatan"] = out["jumlah_subkegiatan"].astype("Int64")
    pagu = out["pagu"].astype("Float64")
    out["serapan"] = (out["realisasi"].astype("Float64") / pagu.mask(pagu == 0)) * 100
    out["efisiensi"] = 100 - out["serapan"]
    return out


def serapan(sub: pd.DataFrame) -> pd.Series:
    """Absorption of each sub-kegiatan, realisasi / pagu × 100 (NaN where pagu is 0)."""
    pagu = sub["pagu"].astype("Float64")
    return sub["realisasi"].astype("Float64") / pagu.mask(pagu == 0) * 100


def _band_labels(edges: tuple) -> list[str]:
    def num(x):
        return fmt_number(x, 0 if float(x).is_integer() else 2)

    labels = [f"< {num(edges[0])}"]
    labels += [f"{num(lo)} – < {num(hi)}" for lo, hi in zip(edges, edges[1:])]
    labels.append(f"≥ {num(edges[-1])}")
    return labels


def absorption_bands(sub: pd.DataFrame, edges=(80, 90), by: str | None = "urusan") -> pd.DataFrame:
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
    pagu = out["pagu_program"].astype("Float64")
    out["serapan_program"] = out["realisasi_program"].astype("Float64") / pagu.mask(pagu == 0) * 100
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
    if s != s or c != c or s == 0:
        return float("nan")
    return c / s


def cost_per_unit(realisasi_rp, count) -> float:
    """Rupiah spent per unit of output (e.g. per person trained); NaN without a positive count."""
    try:
        rp, n = float(realisasi_rp), float(count)
    except (TypeError, ValueError):
        return float("nan")
    if n != n or rp != rp or n <= 0:
        return float("nan")
    return rp / n
