"""Derived check tables: identities and roll-ups laid out so Great Expectations can check them.

Each builder returns one row per identity instance with the columns

    kunci       row key shown in messages (e.g. "Kota Payakumbuh 2024 angkatan_kerja")
    kiri        the stated value (left side of the identity)
    kanan       what its parts add up to (right side)
    selisih     kiri − kanan
    lokasi      where the stated value lives (raw file, row/column as far as the data says)
    kiri_teks   the left side in words, with value and source row
    kanan_teks  the right side in words: every part with its value and source row, and the sum

The suites then only say "kiri equals kanan" (``expect_column_pair_values_to_be_equal``);
messages are assembled from ``lokasi``, ``kiri_teks`` and ``kanan_teks``. Builders never judge.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.inputs import catalogue
from pipeline.inputs.bps import LABELS, SUMS
from pipeline.inputs.idnum import fmt_int
from pipeline.inputs.rawio import is_total_label

COLUMNS = ["cek", "kunci", "kiri", "kanan", "selisih", "lokasi", "kiri_teks", "kanan_teks"]

LABOUR_IDENTITIES = SUMS  # (left variable, [parts]) — BPS Sakernas definitions, declared in inputs.bps
LABOUR_LABELS = LABELS  # declared with the parser (pipeline.inputs.bps)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    if not df.empty:
        df["selisih"] = df["kiri"] - df["kanan"]
    return df


def _row_ref(value) -> str:
    return f" (baris {int(value)})" if pd.notna(value) else ""


def _at_row(value) -> str:
    return f" baris {int(value)}" if pd.notna(value) else ""


def labour_identities(ket: pd.DataFrame) -> pd.DataFrame:
    """AK = Bekerja + Penganggur; BAK = Sekolah + MRT + Lainnya; PUK = AK + BAK, per wilayah/tahun."""
    rows = []
    counts = ket[ket["sumber_file"] != "dihitung"] if "sumber_file" in ket else ket
    for (wilayah, tahun), grp in counts.groupby(["wilayah", "tahun"], sort=True):
        by_var = {r["variabel"]: r for _, r in grp.iterrows()}
        for left, parts in LABOUR_IDENTITIES:
            if left not in by_var or any(p not in by_var for p in parts):
                continue  # a missing variable is a schema problem, caught by the ketenagakerjaan suite
            lrow = by_var[left]
            total = sum(float(by_var[p]["nilai"]) for p in parts)
            part_text = " + ".join(f"{LABOUR_LABELS[p]}{_row_ref(by_var[p].get('sumber_baris'))} "
                                   f"{fmt_int(by_var[p]['nilai'])}" for p in parts)
            rows.append({
                "cek": f"identitas_{left}",
                "kunci": f"{wilayah} {int(tahun)} {left}",
                "kiri": float(lrow["nilai"]),
                "kanan": total,
                "lokasi": f"{lrow.get('sumber_file', 'ketenagakerjaan')}, kolom '{lrow.get('sumber_kolom', tahun)}'",
                "kiri_teks": f"{LABOUR_LABELS[left]}{_row_ref(lrow.get('sumber_baris'))} {fmt_int(lrow['nilai'])}",
                "kanan_teks": f"{part_text} = {fmt_int(total)}",
            })
    return _frame(rows)


def norm_name(text) -> str:
    """Names compared across tables: case, spacing and punctuation do not matter."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ""
    s = re.sub(r"[^\w]+", " ", str(text).casefold())
    s = re.sub(r"^(program|kegiatan|sub kegiatan)\s+", "", s.strip())
    return re.sub(r"\s+", " ", s).strip()


def _sub_keys(sub: pd.DataFrame) -> pd.DataFrame:
    out = sub.copy()
    out["_program"] = out["program"].map(norm_name)
    out["_kegiatan"] = out["kegiatan"].map(norm_name)
    out["_urusan"] = out["urusan"].map(norm_name) if "urusan" in out else ""
    return out


def _members(sub: pd.DataFrame, rek) -> pd.DataFrame:
    tingkat = str(rek["tingkat"]).strip().lower()
    if tingkat == "total":
        return sub
    if tingkat == "sasaran":
        return sub[sub["sasaran_id"] == rek["sasaran_id"]]
    if tingkat == "urusan":
        return sub[sub["_urusan"] == norm_name(rek.get("urusan"))]
    hit = sub[sub["_program"] == norm_name(rek["program"])]
    if pd.notna(rek.get("sasaran_id")):
        hit = hit[hit["sasaran_id"] == rek["sasaran_id"]]
    if tingkat == "kegiatan":
        hit = hit[hit["_kegiatan"] == norm_name(rek["kegiatan"])]
    return hit


def budget_rollups(sub: pd.DataFrame, rekap: pd.DataFrame, sub_file: str, rekap_file: str) -> pd.DataFrame:
    """Every published subtotal (anggaran_rekap_dilaporkan) vs the sum of its sub-kegiatan.

    A subtotal whose parts cannot be found sums to 0 and therefore fails: a name that no longer
    matches the budget tree is as much an error as a wrong sum.
    """
    sub = _sub_keys(sub)
    rows = []
    for _, rek in rekap.iterrows():
        members = _members(sub, rek)
        name = {"program": rek.get("program"), "kegiatan": rek.get("kegiatan"),
                "sasaran": f"sasaran {_label(rek.get('sasaran_id'))}", "urusan": rek.get("urusan"),
                "total": "total"}.get(str(rek["tingkat"]).strip().lower(), "")
        rows_text = ", ".join(str(int(b)) for b in members.get("sumber_baris", pd.Series(dtype=int)))
        for besaran, column in (("pagu", "Pagu"), ("realisasi", "Realisasi")):
            stated = rek[besaran]
            if pd.isna(stated):
                continue
            total = float(members[besaran].sum())
            rows.append({
                "cek": f"rollup_{rek['tingkat']}_{besaran}",
                "kunci": f"{rek['tabel']} {rek['tingkat']} '{name}' {besaran}",
                "kiri": float(stated),
                "kanan": total,
                "lokasi": f"{rekap_file}{_at_row(rek.get('sumber_baris'))}, kolom '{column}'",
                "kiri_teks": f"{besaran} {rek['tingkat']} '{name}' menurut {rek['tabel']} {fmt_int(stated)}",
                "kanan_teks": (f"jumlah {besaran} {len(members)} sub-kegiatan di {sub_file}"
                               f"{f' (baris {rows_text})' if rows_text else ''} = {fmt_int(total)}"),
            })
    return _frame(rows)


def _label(value) -> str:
    """An id or year as a label: 1.0 -> '1', 2024.0 -> '2024' (no decimals, no grouping)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return str(int(number)) if number.is_integer() else str(value)  # NaN is not an integer


def sum_identity(df: pd.DataFrame, left: str, parts: list[str], key_col: str, cek: str,
                 lokasi: str, labels: dict | None = None) -> pd.DataFrame:
    """Row-wise left = sum(parts), skipping rows where any side is missing (e.g. years before the register)."""
    labels = labels or {}
    rows = []
    for _, r in df.iterrows():
        if pd.isna(r[left]) or any(pd.isna(r[p]) for p in parts):
            continue
        total = float(sum(float(r[p]) for p in parts))
        parts_text = " + ".join(f"{labels.get(p, p)} {fmt_int(r[p])}" for p in parts)
        rows.append({
            "cek": cek, "kunci": f"{key_col} {_label(r[key_col])}", "kiri": float(r[left]), "kanan": total,
            "lokasi": lokasi.format(**{k: r[k] for k in df.columns if isinstance(k, str)}),
            "kiri_teks": f"{labels.get(left, left)} {fmt_int(r[left])}",
            "kanan_teks": f"{parts_text} = {fmt_int(total)}",
        })
    return _frame(rows)


def ikm_identities(seri: pd.DataFrame, agregat: pd.DataFrame | None) -> pd.DataFrame:
    """formal + non-formal = unit usaha (published series and register aggregate);
    mikro + kecil + menengah = unit usaha where the classification exists (register years)."""
    labels = {"unit_usaha": "Unit Usaha", "formal": "Formal", "non_formal": "Non Formal",
              "mikro": "Mikro", "kecil": "Kecil", "menengah": "Menengah"}
    frames = [sum_identity(seri, "unit_usaha", ["formal", "non_formal"], "tahun", "ikm_formal_nonformal",
                           "{sumber_file}, kolom '{tahun}'" if "sumber_file" in seri else "ikm_seri {tahun}",
                           labels)]
    if agregat is not None and not agregat.empty:
        src = "ikm_agregat tahun {tahun} ({sumber})" if "sumber" in agregat else "ikm_agregat tahun {tahun}"
        frames.append(sum_identity(agregat, "unit_usaha", ["formal", "non_formal"], "tahun",
                                   "ikm_formal_nonformal", src, labels))
        if {"mikro", "kecil", "menengah"} <= set(agregat.columns):
            frames.append(sum_identity(agregat, "unit_usaha", ["mikro", "kecil", "menengah"], "tahun",
                                       "ikm_mikro_kecil_menengah", src, labels))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else _frame([])


YOY_VARIABLES = {"unit_usaha": "Unit Usaha", "formal": "Formal", "non_formal": "Non Formal",
                 "tenaga_kerja": "Tenaga Kerja", "investasi_ribu_rp": "Nilai Investasi (ribu Rp)",
                 "nilai_produksi_ribu_rp": "Nilai Produksi (ribu Rp)"}
YOY_MIN_HISTORY = 3
YOY_MARGIN = 0.25


def yoy_ranges(agregat: pd.DataFrame, margin: float = YOY_MARGIN,
               min_history: int = YOY_MIN_HISTORY) -> pd.DataFrame:
    """Each year's IKM value against the range of the years before it.

    "Far outside" means: below (1 − margin) × the lowest or above (1 + margin) × the highest
    value of all earlier years (default margin 25 %), judged once at least ``min_history``
    earlier years exist. Columns: kunci, variabel, tahun, nilai, batas_bawah, batas_atas,
    rentang_teks, lokasi.
    """
    rows = []
    data = agregat.sort_values("tahun", kind="stable")
    for column, label in YOY_VARIABLES.items():
        if column not in data:
            continue
        series = data[["tahun", column] + (["sumber"] if "sumber" in data else [])].dropna(subset=[column])
        for i in range(min_history, len(series)):
            before = series.iloc[:i]
            now = series.iloc[i]
            low, high = float(before[column].min()), float(before[column].max())
            rows.append({
                "kunci": f"{label} {int(now['tahun'])}", "variabel": column, "tahun": int(now["tahun"]),
                "nilai": float(now[column]),
                "batas_bawah": low * (1 - margin), "batas_atas": high * (1 + margin),
                "rentang_teks": (f"{label} {int(before['tahun'].min())}–{int(before['tahun'].max())}: "
                                 f"{fmt_int(low)} – {fmt_int(high)}; batas wajar ±{margin:.0%} = "
                                 f"{fmt_int(low * (1 - margin))} – {fmt_int(high * (1 + margin))}"),
                "lokasi": f"ikm_agregat tahun {int(now['tahun'])}"
                          + (f" ({now['sumber']})" if "sumber" in series else ""),
            })
    return pd.DataFrame(rows, columns=["kunci", "variabel", "tahun", "nilai", "batas_bawah",
                                       "batas_atas", "rentang_teks", "lokasi"])


# (cells table, stated totals table, category column, raw file) — critical: these totals are
# inputs the report shows next to its own sums. The catalogue says which tables a file feeds, the registry its category.
BREAKDOWNS = tuple(catalogue.breakdowns())


def _is(value, wanted) -> bool:
    """``value == wanted`` as a pandas filter reads it: a missing value equals nothing."""
    return not (pd.isna(value) or pd.isna(wanted)) and bool(value == wanted)


def stated_vs_cells(cells: pd.DataFrame, stated: pd.DataFrame, category: str, raw_file: str,
                    cek: str) -> pd.DataFrame:
    """Each stated total (a Jumlah row, a Jumlah/Total column, or both) vs the sum of the cells it covers.

    ``stated`` rows carry ``is_total`` (the Jumlah row: all categories), ``unit`` ('Jumlah'/'Total'
    = all units) where the table has units, and ``jenis_kelamin`` ('L+P' = both sexes).
    """
    rows = []
    # A stated column left wholly blank is derived (the template does not ask it): nothing to compare.
    typed = stated.groupby("sumber_kolom", sort=False)["jumlah_dilaporkan"].transform(lambda s: s.notna().any())
    by_unit = "unit" in stated.columns and "unit" in cells.columns
    # the cells summed once per (category, unit, sex): a stated total adds up the groups it covers
    # (filtering the cells for each of the 75 totals of 2024 took 0,12 s, this 0,05 s)
    keys = [category] + (["unit"] if by_unit else []) + ["jenis_kelamin"]
    sums = (cells.assign(jumlah=cells["jumlah"].fillna(0))
            .groupby(keys, sort=False, dropna=False)["jumlah"].agg(["sum", "size"]))
    groups = [(key if isinstance(key, tuple) else (key,), float(total), int(count))
              for key, total, count in zip(sums.index, sums["sum"], sums["size"])]
    for _, r in stated[typed.astype(bool)].iterrows():
        whole = bool(r["is_total"])
        covered = [f"semua {category}" if whole else str(r[category])]
        all_units = by_unit and is_total_label(r["unit"])
        if by_unit:
            covered.append("semua unit" if all_units else str(r["unit"]))
        sexes = [s.strip() for s in str(r["jenis_kelamin"]).split("+")]
        covered.append(" + ".join(sexes))
        chosen = [(subtotal, n) for key, subtotal, n in groups
                  if (whole or _is(key[0], r[category])) and (not by_unit or all_units or _is(key[1], r["unit"]))
                  and any(_is(key[-1], sex) for sex in sexes)]
        total = float(sum(subtotal for subtotal, _ in chosen))
        count = sum(n for _, n in chosen)
        rows.append({
            "cek": cek, "kunci": f"{r[category]} / {r.get('unit', '')} / {r['jenis_kelamin']}".replace(" /  /", " /"),
            "kiri": float(r["jumlah_dilaporkan"]) if pd.notna(r["jumlah_dilaporkan"]) else 0.0,
            "kanan": total,
            "lokasi": f"{raw_file}{_at_row(r.get('sumber_baris'))}, kolom '{r.get('sumber_kolom')}'",
            "kiri_teks": f"{r[category]} {r.get('sumber_kolom')} tertulis {fmt_int(r['jumlah_dilaporkan'] if pd.notna(r['jumlah_dilaporkan']) else 0)}",
            "kanan_teks": f"jumlah {count} sel ({', '.join(covered)}) = {fmt_int(total)}",
        })
    return _frame(rows)


def breakdown_tables(tables: dict[str, pd.DataFrame], year: int) -> dict[str, pd.DataFrame]:
    """Stated totals of breakdown tables (job seekers by sex, staff tables) vs their cells."""
    out = {}
    for cells, stated, category, raw in BREAKDOWNS:
        if cells in tables and stated in tables:
            out[f"cek_{cells}"] = stated_vs_cells(tables[cells], tables[stated], category,
                                                  f"data/raw/{year}/{raw}", f"total_{cells}")
    return out
