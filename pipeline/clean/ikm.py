"""The Pendataan IKM register: cleaning, aggregates and breakdowns for sasaran 2.

``data/raw/<year>/ikm_register.csv`` is one row per firm as the survey exported it
(schema and rules: docs/ikm_register_schema.md). :func:`clean_register` applies the rules of
:mod:`pipeline.clean.ikm_rules` in the fixed order of :data:`RULES` and logs every row it
drops or changes; the aggregates then reproduce what the LKjIP publishes (Tabel 3.17/3.18
and the "Pendataan lapangan" totals). The shipped 2024 register is SYNTHETIC (see
scripts/make_synthetic_ikm_register.py): its rows carry sumber_data "SINTETIS - bukan data
riil", and :func:`build_agregat` says so in its ``sumber`` column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.clean import ikm_rules as rules
from pipeline.config import Paths
from pipeline.inputs import catalogue, registry
from pipeline.inputs.ikm_series import SERIES_FILE
from pipeline.inputs.profile import load_profile
from pipeline.inputs.rawfile import display_path
from pipeline.inputs.rawio import ROW, read_table

REGISTER_FILE = catalogue.raw_file_for(catalogue.IKM_PERUSAHAAN)
REQUIRED = ("no", "id_ikm", "nama_usaha", "alamat", "kelurahan", "kota", "kbli", "jenis_industri",
            "nib", "tenaga_kerja", "nilai_investasi", "nilai_produksi", "status")
OPTIONAL = ("nama_pemilik", "keterangan", "sumber_data", "kode_wilayah")
USED = REQUIRED + ("sumber_data", "kode_wilayah")  # the columns the rules and the cleaned table read
SYNTHETIC_MARK = "SINTETIS"

# Fixed order: parse everything first (bad inputs stop the run whatever the row's fate),
# then drop, cheapest and least ambiguous reasons first, so each dropped row is logged
# under the first reason that applies; duplicates are found only among firms still in.
RULES = (
    rules.tidy_text,
    rules.parse_no,
    rules.parse_money,
    rules.parse_workers,
    rules.drop_inactive,
    rules.drop_moved,
    rules.normalise_kbli,
    rules.drop_non_manufacturing,
    rules.drop_duplicates,
    rules.classify_size,
    rules.classify_formal,
)

PERUSAHAAN_COLUMNS = ["id_ikm", "nama_usaha", "alamat", "kelurahan", "kbli", "jenis_industri", "formal",
                      "klasifikasi", "tenaga_kerja", "investasi_rp", "nilai_produksi_rp", "sumber_baris",
                      "sumber_data"]
MEASURES = ["unit_usaha", "formal", "non_formal", "tenaga_kerja", "investasi_ribu_rp",
            "nilai_produksi_ribu_rp"]
SERIES_COLUMNS = ["tahun", "unit_usaha", "formal", "non_formal", "tenaga_kerja", "investasi_ribu_rp",
                  "nilai_produksi_ribu_rp"]
AGREGAT_COLUMNS = ["tahun", "unit_usaha", "formal", "non_formal", "mikro", "kecil", "menengah",
                   "tenaga_kerja", "investasi_ribu_rp", "nilai_produksi_ribu_rp", "sumber"]
BREAKDOWNS = ("jenis_industri", "kelurahan", "klasifikasi")


# Raw columns no rule after this one reads (nor the cleaned table): not carried through the
# row drops that follow (each drop copies every column it carries).
SPENT = {
    rules.parse_no: ("no",),
    rules.parse_money: ("nilai_produksi",),
    rules.parse_workers: ("tenaga_kerja",),
    rules.drop_moved: ("status", "status_kunci", "kota", "kode_wilayah"),
}


def clean_frame(raw: pd.DataFrame, file, wilayah: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply :data:`RULES` to a register read by :func:`read_table` -> (perusahaan, log);
    ``wilayah`` is the agency's as profil_instansi.yml declares it."""
    df = raw
    logs = []
    for rule in RULES:
        # the one rule that reads the declared wilayah
        df, log = rule(df, file, wilayah) if rule is rules.drop_moved else rule(df, file)
        if len(log):
            logs.append(log)
        if rule in SPENT:
            df = df.drop(columns=[c for c in SPENT[rule] if c in df.columns])
    perusahaan = pd.DataFrame({
        "id_ikm": df["id_ikm"],
        "nama_usaha": df["nama_usaha"],
        "alamat": df["alamat"],
        "kelurahan": df["kelurahan"],
        "kbli": df["kbli"],
        "jenis_industri": df["jenis_industri"],
        "formal": df["formal"].astype(bool),
        "klasifikasi": df["klasifikasi"],
        "tenaga_kerja": df["tenaga_kerja_n"].astype("Int64"),
        "investasi_rp": df["investasi_rp"].astype("Int64"),
        "nilai_produksi_rp": df["nilai_produksi_rp"].astype("Int64"),
        "sumber_baris": df[ROW].astype("Int64"),
        "sumber_data": df["sumber_data"] if "sumber_data" in df else pd.Series(pd.NA, index=df.index,
                                                                               dtype="str"),
    }, columns=PERUSAHAAN_COLUMNS)
    if not perusahaan["sumber_baris"].is_monotonic_increasing:  # the rules keep file order
        perusahaan = perusahaan.sort_values("sumber_baris", kind="stable")
    perusahaan = perusahaan.reset_index(drop=True)
    log = (pd.concat(logs, ignore_index=True) if logs else rules.empty_log())
    log = log.astype({"sumber_baris": "Int64", "duplikat_dari": "Int64"})
    for column in ("id_ikm", "aturan", "tindakan", "kolom", "nilai_lama", "nilai_baru", "alasan"):
        log[column] = log[column].astype("str").where(log[column].notna(), pd.NA)
    log = log.sort_values(["sumber_baris"], kind="stable").reset_index(drop=True)
    return perusahaan, log


def clean_register(path: Path, paths: Paths) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and clean one register file -> (perusahaan, log); firms outside the wilayah the
    project ``paths`` declares (profil_instansi.yml) are dropped.

    perusahaan: one row per active manufacturing IKM in the city, columns
    :data:`PERUSAHAAN_COLUMNS` (money in whole rupiah, Int64). log: one row per dropped row or
    changed cell, columns :data:`pipeline.clean.ikm_rules.LOG_COLUMNS`, sorted by source row.
    """
    path = Path(path)
    raw = read_table(path, required=REQUIRED, optional=OPTIONAL, keep=USED)
    wilayah = load_profile(paths)["wilayah"]
    return clean_frame(raw, display_path(path), wilayah)  # messages name the file relative to the project


def _ribu(rupiah: pd.Series) -> float:
    # Sum whole rupiah exactly, divide once: 301636853935 / 1000 is exactly 301636853.935.
    return int(rupiah.astype("Int64").sum()) / 1000


def aggregate_register(perusahaan: pd.DataFrame, year: int) -> dict:
    """The register's totals for one year, in the units of Tabel 3.17 (money in thousand Rp)."""
    counts = perusahaan["klasifikasi"].value_counts()
    formal = int(perusahaan["formal"].sum())
    return {
        "tahun": int(year),
        "unit_usaha": int(len(perusahaan)),
        "formal": formal,
        "non_formal": int(len(perusahaan) - formal),
        "mikro": int(counts.get("mikro", 0)),
        "kecil": int(counts.get("kecil", 0)),
        "menengah": int(counts.get("menengah", 0)),
        "tenaga_kerja": int(perusahaan["tenaga_kerja"].sum()),
        "investasi_ribu_rp": _ribu(perusahaan["investasi_rp"]),
        "nilai_produksi_ribu_rp": _ribu(perusahaan["nilai_produksi_rp"]),
    }


def is_synthetic(perusahaan: pd.DataFrame) -> bool:
    """True when the register rows are marked as synthetic (the shipped 2024 register)."""
    if "sumber_data" not in perusahaan:
        return False
    return bool(perusahaan["sumber_data"].astype("str").str.upper().str.contains(SYNTHETIC_MARK).any())


def build_agregat(series: pd.DataFrame, perusahaan: pd.DataFrame, year: int) -> pd.DataFrame:
    """Published series for the years before ``year`` plus the cleaned register for ``year``.

    ``series`` has :data:`SERIES_COLUMNS` (Tabel 3.17 as published); the published row for
    ``year`` itself is replaced by the register aggregate, which is what we can recompute.
    """
    missing = [c for c in SERIES_COLUMNS if c not in series.columns]
    if missing:
        raise ValueError(f"IKM series lacks column(s) {', '.join(missing)}")
    earlier = series.loc[series["tahun"].astype(int) < int(year), SERIES_COLUMNS].copy()
    earlier["sumber"] = f"{registry.published_number(SERIES_FILE)} (dipublikasikan)"
    current = aggregate_register(perusahaan, year)
    label = f"Register IKM {year} (dibersihkan)"
    if is_synthetic(perusahaan):
        label += " - SINTETIS"
    current["sumber"] = label
    out = pd.concat([earlier, pd.DataFrame([current])], ignore_index=True)
    for column in ("tahun", "unit_usaha", "formal", "non_formal", "mikro", "kecil", "menengah",
                   "tenaga_kerja"):
        out[column] = pd.to_numeric(out[column]).astype("Int64")
    for column in ("investasi_ribu_rp", "nilai_produksi_ribu_rp"):
        out[column] = pd.to_numeric(out[column]).astype("Float64")
    return out[AGREGAT_COLUMNS].sort_values("tahun", kind="stable").reset_index(drop=True)


def breakdown(perusahaan: pd.DataFrame, by: str) -> pd.DataFrame:
    """Units, formal/non-formal, workers, investment and production per group.

    ``by`` is jenis_industri (the five groups, in the seed's order), klasifikasi (mikro,
    kecil, menengah) or kelurahan (alphabetical); groups without firms show zeros.
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"breakdown by {by!r}: expected one of {', '.join(BREAKDOWNS)}")
    df = perusahaan
    grouped = df.groupby(by, sort=False)
    out = pd.DataFrame({
        "unit_usaha": grouped.size(),
        "formal": grouped["formal"].sum(),
        "tenaga_kerja": grouped["tenaga_kerja"].sum(),
        "investasi_rp": grouped["investasi_rp"].sum(),
        "nilai_produksi_rp": grouped["nilai_produksi_rp"].sum(),
    })
    order = {"jenis_industri": list(rules.JENIS_INDUSTRI), "klasifikasi": list(rules.KLASIFIKASI),
             "kelurahan": sorted(df["kelurahan"].unique())}[by]
    out = out.reindex(order, fill_value=0)
    result = pd.DataFrame({
        by: pd.Series(order, dtype="str"),
        "unit_usaha": out["unit_usaha"].astype("Int64").to_numpy(),
        "formal": out["formal"].astype("Int64").to_numpy(),
    })
    result["non_formal"] = result["unit_usaha"] - result["formal"]
    result["tenaga_kerja"] = out["tenaga_kerja"].astype("Int64").to_numpy()
    result["investasi_ribu_rp"] = pd.Series(
        [int(v) / 1000 for v in out["investasi_rp"]], dtype="Float64")
    result["nilai_produksi_ribu_rp"] = pd.Series(
        [int(v) / 1000 for v in out["nilai_produksi_rp"]], dtype="Float64")
    return result[[by] + MEASURES]


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """The processed IKM tables for ``year`` (the clean step adds ikm_agregat)."""
    return register_tables(*clean_register(paths.raw_year(year) / REGISTER_FILE, paths))


def register_tables(perusahaan: pd.DataFrame, log: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The processed tables of a cleaned register: its firms, its cleaning log, its breakdowns."""
    return {
        catalogue.IKM_PERUSAHAAN: perusahaan,
        catalogue.IKM_LOG_PEMBERSIHAN: log,
        catalogue.IKM_PER_JENIS: breakdown(perusahaan, "jenis_industri"),
        catalogue.IKM_PER_KELURAHAN: breakdown(perusahaan, "kelurahan"),
    }
