"""Per-sasaran results for a year, recomputed from the processed tables.

``evaluate(tables, year)`` is the single place where a sasaran's target, realisasi and capaian
are put together; the validation (published vs recomputed), the sasaran notebooks and the
summary all read it, so the report cannot disagree with itself.

Where the realisasi comes from is declared per indicator (``iku.sumber_realisasi``):

* ``bps_penyerapan`` — Bekerja / Angkatan Kerja × 100 from the BPS table of the city;
* ``ikm_pertumbuhan_produksi`` — growth of the IKM production value, report year over the
  previous year (register aggregate for the report year, published series before it);
* ``dilaporkan`` — the realisasi the agency reported (e.g. the AKIP grade from Inspektorat).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.measure import engine
from pipeline.measure.budget import rollup
from pipeline.messages import PARSE

REALISASI_SOURCES = ("bps_penyerapan", "ikm_pertumbuhan_produksi", "dilaporkan")
CITY = "Kota Payakumbuh"
NATIONAL = "Indonesia"


def load_processed(processed_dir: str | Path) -> dict[str, pd.DataFrame]:
    """Every CSV of a processed folder, by file stem."""
    folder = Paths.default().resolve(processed_dir)
    if not folder.is_dir():
        raise InputError(Paths.default().rel(folder), PARSE["processed_missing"])
    return {p.stem: pd.read_csv(p, keep_default_na=False, na_values=[""])
            for p in sorted(folder.glob("*.csv"))}


def _missing(value) -> bool:
    """None, NaN or pd.NA (parser output and CSV round trips differ in which they use)."""
    if value is None or isinstance(value, str):
        return value is None
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _need(tables: dict, name: str) -> pd.DataFrame:
    if name not in tables:
        raise InputError(f"data/processed/{name}.csv", PARSE["processed_table_missing"])
    return tables[name]


def labour_value(tables: dict, wilayah: str, tahun: int, variabel: str) -> float | None:
    df = _need(tables, "ketenagakerjaan")
    hit = df[(df["wilayah"] == wilayah) & (df["tahun"] == tahun) & (df["variabel"] == variabel)]
    return None if hit.empty else float(hit["nilai"].iloc[0])


def production_value(tables: dict, tahun: int) -> float | None:
    df = _need(tables, "ikm_agregat")
    hit = df[df["tahun"] == tahun]
    return None if hit.empty else float(hit["nilai_produksi_ribu_rp"].iloc[0])


def realisasi_from_data(tables: dict, sumber: str, year: int, sasaran_id: int):
    """(value, explanation) for one indicator in one year; value None when the data has none."""
    if sumber == "bps_penyerapan":
        bekerja = labour_value(tables, CITY, year, "bekerja")
        ak = labour_value(tables, CITY, year, "angkatan_kerja")
        if bekerja is None or ak is None:
            return None, f"data BPS {year} tidak tersedia"
        return bekerja / ak * 100, f"Bekerja {year} / Angkatan Kerja {year} × 100 (BPS)"
    if sumber == "ikm_pertumbuhan_produksi":
        now, before = production_value(tables, year), production_value(tables, year - 1)
        if now is None or before is None:
            return None, f"nilai produksi IKM {year - 1} atau {year} tidak tersedia"
        return engine.growth(now, before), f"(Nilai produksi {year} − {year - 1}) / {year - 1} × 100 (IKM)"
    if sumber == "dilaporkan":
        value = reported_realisasi(tables, sasaran_id, year)
        return value, "realisasi yang dilaporkan (tidak dapat dihitung dari data mentah)"
    raise InputError("data/raw/common/iku.csv", PARSE["one_of"].format(allowed=", ".join(REALISASI_SOURCES)), column="sumber_realisasi", value=sumber)


def _number_or_text(row: pd.Series, number_col: str, text_col: str):
    """A float when the cell is numeric, the grade text otherwise, None when blank."""
    value = row.get(number_col)
    if not _missing(value):
        return float(value)
    text = row.get(text_col)
    if _missing(text) or not str(text).strip():
        return None
    return str(text).strip()


def _reported(tables: dict, sasaran_id: int, year: int, column: str):
    df = tables.get("capaian_tahunan")
    if df is None:
        return None
    hit = df[(df["sasaran_id"] == sasaran_id) & (df["tahun"] == year)]
    return None if hit.empty else _number_or_text(hit.iloc[0], column, f"{column}_teks")


def reported_realisasi(tables: dict, sasaran_id: int, year: int):
    """The realisasi the agency published for a year (text for grades, float otherwise)."""
    return _reported(tables, sasaran_id, year, "realisasi")


def reported_target(tables: dict, sasaran_id: int, year: int):
    return _reported(tables, sasaran_id, year, "target")


def target_value(tables: dict, sasaran_id: int, jenis: str, tahun: int | None = None):
    """A target from the plan: a float, or the grade text for ordinal indicators."""
    df = _need(tables, "target")
    hit = df[(df["sasaran_id"] == sasaran_id) & (df["jenis"] == jenis)]
    if tahun is not None:
        hit = hit[hit["tahun"] == tahun]
    return None if hit.empty else _number_or_text(hit.iloc[0], "nilai", "nilai_teks")


def ordinal_scale(tables: dict) -> dict[str, int]:
    df = tables.get("skala_ordinal")
    if df is None or df.empty:
        return {}
    return {str(r.nilai).strip(): int(r.urutan) for r in df.itertuples()}


def criteria_scale(tables: dict) -> list[engine.Band]:
    df = tables.get("skala_kriteria")
    if df is None or df.empty:
        return engine.DEFAULT_SCALE
    return engine.scale_from_table(df)


def published(tables: dict, besaran: str, objek: str, year: int, tabel: str | None = None):
    """Published figures (angka_dipublikasikan) for one quantity, first match by table order."""
    df = tables.get("angka_dipublikasikan")
    if df is None:
        return pd.DataFrame()
    hit = df[(df["besaran"] == besaran) & (df["objek"] == objek) & (df["tahun"] == year)]
    if tabel is not None:
        hit = hit[hit["tabel"] == tabel]
    return hit


def _first_number(df: pd.DataFrame):
    if df.empty:
        return None
    value = df.iloc[0].get("nilai_angka")
    if _missing(value):
        return str(df.iloc[0]["nilai"]).strip()
    return float(value)


def staff_by_sasaran(tables: dict, sasaran_id: int):
    df = tables.get("sdm_sasaran")
    if df is None:
        return None
    hit = df[df["sasaran_id"] == sasaran_id]
    return None if hit.empty else hit.iloc[0].to_dict()


def national_reference(tables: dict, sumber: str, year: int):
    """The national figure recomputed from national data, where the data allows it."""
    if sumber == "bps_penyerapan":
        bekerja = labour_value(tables, NATIONAL, year, "bekerja")
        ak = labour_value(tables, NATIONAL, year, "angkatan_kerja")
        if bekerja is not None and ak:
            return bekerja / ak * 100
    return None


def evaluate(tables: dict, year: int) -> pd.DataFrame:
    """One row per sasaran with every figure the report states about it (unrounded)."""
    iku = _need(tables, "iku").sort_values("sasaran_id", kind="stable")
    ordinal = ordinal_scale(tables)
    scale = criteria_scale(tables)
    budget = (rollup(tables["anggaran_subkegiatan"], "sasaran").set_index("sasaran_id")
              if "anggaran_subkegiatan" in tables else None)
    standards = tables.get("standar_nasional")
    rows = []
    for ind in iku.itertuples():
        sid = int(ind.sasaran_id)
        label = f"sasaran {sid}: {ind.indikator}"
        polaritas = str(ind.polaritas)
        target = target_value(tables, sid, "pk", year)
        if target is None:
            target = reported_target(tables, sid, year)
        realisasi, cara = realisasi_from_data(tables, str(ind.sumber_realisasi), year, sid)
        cap = engine.capaian(target, realisasi, polaritas, ordinal, label=label)
        akhir = target_value(tables, sid, "kondisi_akhir")
        if akhir is None:
            akhir = target_value(tables, sid, "renstra", 2026)
        cap_akhir = engine.capaian(akhir, realisasi, polaritas, ordinal, label=label) if akhir is not None else None
        standar = None
        if standards is not None:
            hit = standards[standards["sasaran_id"] == sid]
            if not hit.empty:
                value = hit.iloc[0].get("standar")
                standar = (str(hit.iloc[0]["standar_teks"]).strip()
                           if _missing(value) else float(value))
        standar_hitung = national_reference(tables, str(ind.sumber_realisasi), year)
        row = {
            "sasaran_id": sid,
            "nama": ind.sasaran,
            "indikator": ind.indikator,
            "satuan": ind.satuan,
            "polaritas": polaritas,
            "sumber_realisasi": ind.sumber_realisasi,
            "target": target,
            "realisasi": realisasi,
            "realisasi_cara": cara,
            "realisasi_dilaporkan": reported_realisasi(tables, sid, year),
            "capaian": cap,
            "capaian_dilaporkan": _first_number(published(tables, "capaian", f"sasaran:{sid}", year, "Tabel 3.2")),
            "kriteria": engine.kriteria(cap, scale),
            "target_akhir_renstra": akhir,
            "capaian_akhir_renstra": cap_akhir,
            "standar_nasional": standar,
            "standar_nasional_dihitung": standar_hitung,
            "memenuhi_standar": (engine.meets(realisasi, standar, polaritas, ordinal)
                                 if standar is not None else None),
            "memenuhi_standar_dihitung": (engine.meets(realisasi, standar_hitung, polaritas, ordinal)
                                          if standar_hitung is not None else None),
            "pagu": None, "realisasi_anggaran": None, "serapan": None, "efisiensi": None,
        }
        if budget is not None and sid in budget.index:
            b = budget.loc[sid]
            row.update(pagu=int(b["pagu"]), realisasi_anggaran=int(b["realisasi"]),
                       serapan=float(b["serapan"]), efisiensi=float(b["efisiensi"]))
        rows.append(row)
    return pd.DataFrame(rows)


def history(tables: dict, sasaran_id: int, sumber: str, polaritas: str, year: int,
            ordinal: dict | None = None) -> pd.DataFrame:
    """Target, reported and recomputed realisasi and capaian for every year up to ``year``."""
    df = tables.get("capaian_tahunan")
    years = sorted(set(df.loc[df["sasaran_id"] == sasaran_id, "tahun"].astype(int))) if df is not None else []
    if year not in years:
        years.append(year)
    rows = []
    for tahun in sorted(years):
        target = target_value(tables, sasaran_id, "pk", tahun)
        if target is None:
            target = reported_target(tables, sasaran_id, tahun)
        reported = reported_realisasi(tables, sasaran_id, tahun)
        try:
            recomputed, _ = realisasi_from_data(tables, sumber, tahun, sasaran_id)
        except engine.EngineError:
            recomputed = None
        if sumber == "dilaporkan":
            recomputed = None
        def cap(value, target=target):
            if value is None or target is None:
                return None
            try:
                return engine.capaian(target, value, polaritas, ordinal)
            except engine.EngineError:
                return None
        rows.append({"tahun": tahun, "target": target, "realisasi_dilaporkan": reported,
                     "realisasi_hitung_ulang": recomputed, "capaian_dilaporkan": cap(reported),
                     "capaian_hitung_ulang": cap(recomputed)})
    return pd.DataFrame(rows)
