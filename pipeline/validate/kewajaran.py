"""Plausibility gate: figures outside the agency's declared plausible ranges are critical.

The ranges live in data (``data/raw/common/batas_kewajaran.csv``, read by
pipeline.inputs.kewajaran); this module lays the figures out as the check table
``cek_kewajaran`` for the critical suite ``expectations/kewajaran.json``:

* ``capaian_iku`` — every IKU's capaian of the report year, as the report will state it
  (pipeline.measure.indicators.evaluate: the one place capaian is computed);
* ``pertumbuhan_realisasi`` — a realisasi that *is* a growth rate (a source declared
  ``pertumbuhan`` in :data:`pipeline.measure.sources.SOURCES`);
* ``pangsa_satu_ikm`` — one firm's share of the cleaned register's total production,
  investment or workers;
* ``produksi_per_tenaga_kerja``, ``investasi_per_tenaga_kerja`` — one firm's value per worker,
  against bounds that hold for every firm of the register;
* ``perubahan_tingkat_tahunan`` (points) and ``perubahan_jumlah_tahunan`` (percent) — the
  region's labour rates and counts of the report year against the previous year's: a TPAK of
  7,63 after 72,81 is a typo in one of the two years, not a change of 65 points.

What is *not* gated: figures the agency published (e.g. Tabel 3.26's program-indicator capaian
1.024 %, 4.070 %, 8.500 %). They are claims, not inputs of the computation; the validation
compares them with the recomputation and lists them in Catatan Validasi as warnings.

A figure outside its range passes only when the analyst confirms it with a reason under
``konfirmasi:`` in ``data/raw/<year>/narasi.yml`` (key = the row's ``kunci``, printed in the
error message); the report prints every confirmation. IKU-level figures are always listed
(status ``wajar``); per-firm rows are listed only when outside their range, so the table stays
small for a register of thousands of firms.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.errors import LkjipError
from pipeline.inputs import catalogue, parts, registry
from pipeline.inputs.bps import COMPUTED
from pipeline.inputs.idnum import fmt_number, fmt_rupiah
from pipeline.measure import engine, indicators, sources

TABLE = "cek_kewajaran"
COLUMNS = ["cek", "kunci", "nilai", "batas_bawah", "batas_atas", "status", "alasan", "uraian",
           "nilai_teks", "rentang_teks", "lokasi", "sumber_file", "sumber_baris", "sumber_kolom",
           "berkas_konfirmasi"]
WAJAR, DIKONFIRMASI, TIDAK_WAJAR = "wajar", "dikonfirmasi", "tidak wajar"

# processed column -> (raw register column, words, is money)
FIRM_VARIABLES = {
    "nilai_produksi_rp": ("nilai_produksi", "nilai produksi", True),
    "investasi_rp": ("nilai_investasi", "nilai investasi", True),
    "tenaga_kerja": ("tenaga_kerja", "tenaga kerja", False),
}
PER_WORKER = {"produksi_per_tenaga_kerja": "nilai_produksi_rp",
              "investasi_per_tenaga_kerja": "investasi_rp"}


def _bound_text(value: float, unit: str) -> str:
    if math.isinf(value):
        return "tanpa batas"
    if unit == "poin":
        return f"{fmt_number(value)} poin"
    return f"Rp {fmt_number(value, 0)}" if unit == "rp" else f"{fmt_number(value)}%"


def _range_text(low: float, high: float, unit: str) -> str:
    if math.isinf(low):
        return f"paling tinggi {_bound_text(high, unit)}"
    if math.isinf(high):
        return f"paling rendah {_bound_text(low, unit)}"
    return f"{_bound_text(low, unit)} s.d. {_bound_text(high, unit)}"


def _bounds(batas: pd.DataFrame | None, cek: str) -> tuple[float, float] | None:
    if batas is None or batas.empty:
        return None
    hit = batas[batas["cek"] == cek]
    if hit.empty:
        return None
    return float(hit.iloc[0]["batas_bawah"]), float(hit.iloc[0]["batas_atas"])


def _row(cek, kunci, nilai, bounds, unit, uraian, nilai_teks, lokasi="", file=None, baris=None,
         kolom=None) -> dict:
    low, high = bounds
    inside = low <= nilai <= high
    return {"cek": cek, "kunci": kunci, "nilai": float(nilai), "batas_bawah": low, "batas_atas": high,
            "status": WAJAR if inside else TIDAK_WAJAR, "alasan": "", "uraian": uraian,
            "nilai_teks": nilai_teks, "rentang_teks": _range_text(low, high, unit), "lokasi": lokasi,
            "sumber_file": file, "sumber_baris": baris, "sumber_kolom": kolom}


def indicator_rows(tables: dict, year: int, batas: pd.DataFrame | None) -> list[dict]:
    """Capaian of every numeric IKU and every growth-rate realisasi of the report year."""
    try:
        evaluation = indicators.evaluate(tables, year)
    except LkjipError:
        return []   # the analysis step reports why the figures cannot be computed
    rows = []
    cap_bounds, growth_bounds = _bounds(batas, "capaian_iku"), _bounds(batas, "pertumbuhan_realisasi")
    for r in evaluation.to_dict("records"):
        sid, label = int(r["sasaran_id"]), f"sasaran {int(r['sasaran_id'])} ({r['indikator']})"
        where = f"dihitung dari data tahun {year}: {r['realisasi_cara']}"
        if cap_bounds and isinstance(r["capaian"], float) and not math.isnan(r["capaian"]):
            note = engine.catatan_capaian(r["capaian"], r["polaritas"], r["target"], r["realisasi"])
            rows.append(_row("capaian_iku", f"capaian_iku:sasaran:{sid}", r["capaian"], cap_bounds, "%",
                             f"Capaian {label}" + (f". {note}" if note else ""),
                             f"{fmt_number(r['capaian'])}%", where))
        grows = sources.is_growth(r["sumber_realisasi"])
        if growth_bounds and grows and isinstance(r["realisasi"], float) and not math.isnan(r["realisasi"]):
            rows.append(_row("pertumbuhan_realisasi", f"pertumbuhan_realisasi:sasaran:{sid}", r["realisasi"],
                             growth_bounds, "%", f"Realisasi (pertumbuhan) {label}",
                             f"{fmt_number(r['realisasi'])}%", where))
    return rows


def firm_rows(perusahaan: pd.DataFrame | None, year: int, batas: pd.DataFrame | None) -> list[dict]:
    """Firms whose share of the register total, or value per worker, is outside its range."""
    if perusahaan is None or perusahaan.empty:
        return []
    file = f"data/raw/{year}/ikm_register.csv"
    rows = []
    share = _bounds(batas, "pangsa_satu_ikm")
    for column, (raw, words, money) in FIRM_VARIABLES.items():
        values = pd.to_numeric(perusahaan[column], errors="coerce").astype("float64")
        total = float(values.sum())
        if share is None or total <= 0:
            continue
        pct = values / total * 100
        for i in pct.index[(pct < share[0]) | (pct > share[1])]:
            firm = perusahaan.loc[i]
            shown = fmt_rupiah(values[i]) if money else fmt_number(values[i], 0)
            total_shown = fmt_rupiah(total) if money else fmt_number(total, 0)
            rows.append(_row("pangsa_satu_ikm", f"pangsa_satu_ikm:{firm['id_ikm']}:{raw}", float(pct[i]), share,
                             "%", f"IKM {firm['id_ikm']} ({firm['nama_usaha']}): {words} {shown} adalah "
                             f"{fmt_number(pct[i])}% dari total register {total_shown}", f"{fmt_number(pct[i])}%",
                             file=file, baris=firm["sumber_baris"], kolom=raw))
    workers = pd.to_numeric(perusahaan["tenaga_kerja"], errors="coerce").astype("float64")
    for cek, column in PER_WORKER.items():
        bounds = _bounds(batas, cek)
        if bounds is None:
            continue
        raw, words, _ = FIRM_VARIABLES[column]
        values = pd.to_numeric(perusahaan[column], errors="coerce").astype("float64")
        ratio = values / workers.where(workers > 0)
        for i in ratio.index[ratio.notna() & ((ratio < bounds[0]) | (ratio > bounds[1]))]:
            firm = perusahaan.loc[i]
            rows.append(_row(cek, f"{cek}:{firm['id_ikm']}", float(ratio[i]), bounds, "rp",
                             f"IKM {firm['id_ikm']} ({firm['nama_usaha']}): {words} {fmt_rupiah(values[i])} "
                             f"untuk {fmt_number(workers[i], 0)} tenaga kerja = {fmt_rupiah(ratio[i])} "
                             "per tenaga kerja", f"{fmt_rupiah(ratio[i])} per tenaga kerja", file=file,
                             baris=firm["sumber_baris"], kolom=raw))
    return rows


# variabel -> words, for the year-on-year checks of the region's BPS table.
YOY_RATES = {"tpak": "TPAK", "tpt": "tingkat pengangguran", "penyerapan": "penyerapan tenaga kerja"}
YOY_COUNTS = {"angkatan_kerja": "Angkatan Kerja", "bekerja": "Bekerja", "penganggur": "Penganggur",
              "penduduk_usia_kerja": "Penduduk Usia Kerja"}


def yoy_rows(labour: pd.DataFrame | None, year: int, batas: pd.DataFrame | None) -> list[dict]:
    """The region's rates (change in points) and counts (change in percent) of ``year`` against
    ``year - 1``, when the BPS table holds both years."""
    if labour is None or labour.empty:
        return []
    region = labour[labour["peran"] == "wilayah"]
    now, before = (region[region["tahun"] == y].set_index("variabel") for y in (year, year - 1))
    rows = []
    for cek, variables, unit in (("perubahan_tingkat_tahunan", YOY_RATES, "poin"),
                                 ("perubahan_jumlah_tahunan", YOY_COUNTS, "%")):
        bounds = _bounds(batas, cek)
        if bounds is None:
            continue
        for variabel, words in variables.items():
            if variabel not in now.index or variabel not in before.index:
                continue
            new, old = float(now.at[variabel, "nilai"]), float(before.at[variabel, "nilai"])
            if unit == "poin":
                change, shown = new - old, (fmt_number(new), fmt_number(old))
                text = f"{fmt_number(change)} poin"
            elif old > 0:
                change, shown = (new - old) / old * 100, (fmt_number(new, 0), fmt_number(old, 0))
                text = f"{fmt_number(change)}%"
            else:
                continue
            source = now.loc[variabel]
            typed = source["sumber_file"] != COMPUTED and not pd.isna(source["sumber_baris"])
            rows.append(_row(cek, f"{cek}:{variabel}", change, bounds, unit,
                             f"{words} {year} {shown[0]} setelah {shown[1]} pada {year - 1}: berubah {text}",
                             text, f"tabel BPS wilayah, {year - 1} ke {year}",
                             file=f"data/raw/{year}/{registry.role_files('bps')['wilayah']}",
                             baris=int(source["sumber_baris"]) if typed else None,
                             kolom=source["sumber_kolom"] if typed else None))
    return rows


def check_table(tables: dict, year: int) -> pd.DataFrame:
    """``cek_kewajaran``: one row per gated figure, confirmations applied (see module docstring)."""
    batas = tables.get(catalogue.BATAS_KEWAJARAN)
    rows = (indicator_rows(tables, year, batas) + firm_rows(tables.get(catalogue.IKM_PERUSAHAAN), year, batas)
            + yoy_rows(tables.get(catalogue.KETENAGAKERJAAN), year, batas))
    df = _confirmed(pd.DataFrame(rows, columns=COLUMNS), tables.get(catalogue.KONFIRMASI_KEWAJARAN))
    df["sumber_baris"] = df["sumber_baris"].astype("Int64")
    for column in ("batas_bawah", "batas_atas"):  # '-' (no bound) shows as '–', rentang_teks says it
        df[column] = df[column].astype("float64").replace([math.inf, -math.inf], math.nan)
    df["berkas_konfirmasi"] = f"data/raw/{year}/{parts.FILENAME}"
    return df.sort_values(["cek", "kunci"], kind="stable").reset_index(drop=True)


def _confirmed(df: pd.DataFrame, konfirmasi: pd.DataFrame | None) -> pd.DataFrame:
    """Rows outside their range that the analyst confirmed under ``konfirmasi:`` get their reason."""
    if konfirmasi is not None and not konfirmasi.empty and not df.empty:
        reasons = dict(zip(konfirmasi["kunci"].astype(str), konfirmasi["alasan"].astype(str)))
        hit = (df["status"] == TIDAK_WAJAR) & df["kunci"].isin(reasons)
        df.loc[hit, "status"] = DIKONFIRMASI
        df.loc[hit, "alasan"] = df.loc[hit, "kunci"].map(reasons)
    return df


def implausible_before_build(tables: dict, year: int, pesan: str) -> list[str]:
    """The year-on-year figures outside their range and not confirmed, in the gate's own words
    (``pesan`` of expectations/kewajaran.json): what ``check-inputs`` can judge from the BPS table
    alone, so that it refuses them as the run's validation would."""
    df = _confirmed(pd.DataFrame(yoy_rows(tables.get(catalogue.KETENAGAKERJAAN), year, tables.get(catalogue.BATAS_KEWAJARAN)),
                                 columns=COLUMNS), tables.get(catalogue.KONFIRMASI_KEWAJARAN))
    out = []
    for r in df[df["status"] == TIDAK_WAJAR].to_dict("records"):
        where = [str(r["sumber_file"])] + ([f"baris {int(r['sumber_baris'])}"] if not pd.isna(r["sumber_baris"])
                                           else []) \
            + ([f"kolom '{r['sumber_kolom']}'"] if not pd.isna(r["sumber_kolom"]) else [])
        out.append(pesan.format(**{**r, "sumber": ", ".join(where),
                                   "berkas_konfirmasi": f"data/raw/{year}/{parts.FILENAME}"}))
    return out


def confirmed(check: pd.DataFrame | None) -> list[dict]:
    """The confirmed implausible figures (for findings.json, the report and the status line)."""
    if check is None or check.empty:
        return []
    hit = check[check["status"] == DIKONFIRMASI]
    return [{"kunci": r["kunci"], "uraian": r["uraian"], "nilai": r["nilai_teks"],
             "batas_wajar": r["rentang_teks"], "alasan": r["alasan"]} for r in hit.to_dict("records")]


def unused_confirmations(tables: dict, check: pd.DataFrame | None) -> list[str]:
    """Confirmation keys that match no implausible figure (stale or mistyped)."""
    konfirmasi = tables.get(catalogue.KONFIRMASI_KEWAJARAN)
    if konfirmasi is None or konfirmasi.empty:
        return []
    used = set() if check is None or check.empty else set(check.loc[check["status"] == DIKONFIRMASI, "kunci"])
    return [k for k in konfirmasi["kunci"].astype(str) if k not in used]
