"""The performance plan and the figures the agency published about it.

Inputs the computation relies on (IKU declarations, Renstra and PK targets, the criteria
and ordinal scales) are read strictly: a malformed value raises InputError naming file,
row, column and value. Published *claims* (realisasi reported in earlier LKjIPs, national
standards, every figure in angka_dipublikasikan.csv) are kept as text and parsed
leniently into a float column (NaN when the text is not a number) with the number of
decimals it was written with, so the validation can report them instead of crashing.

Files: data/raw/common/{iku, target_renstra, skala_kriteria, skala_ordinal,
strategi_kebijakan}.csv and data/raw/<year>/{perjanjian_kinerja, capaian_kinerja_tahunan,
standar_nasional, angka_dipublikasikan}.csv.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import (
    NumberFormatError,
    decimals_of,
    fmt_number,
    kind_for_unit,
    lenient_number,
    parse_number,
)
from pipeline.inputs.intervals import read_skala_kriteria  # noqa: F401 (part of this module's API)
from pipeline.inputs.rawio import ROW, notation_of, read_table, to_numbers
from pipeline.messages import BLANK, PARSE

POLARITAS = ("naik", "turun", "ordinal")
# sumber_realisasi names are checked against pipeline.measure.sources.SOURCES by the cleaning
# step (this layer may not import measure); here only their form is checked.
_SOURCE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_INDIKATOR_ID = re.compile(r"^(\d+)\.(\d+)$")

# Controlled vocabulary of angka_dipublikasikan.besaran (data/raw/README.md explains each).
BESARAN = (
    "realisasi", "capaian", "kriteria", "capaian_akhir_renstra", "target_akhir_renstra",
    "memenuhi_standar_nasional", "standar_nasional",
    "pagu", "realisasi_anggaran", "serapan", "efisiensi",
    "jumlah_program", "jumlah_kegiatan", "jumlah_subkegiatan",
    "jumlah_subkegiatan_serapan_ge90", "jumlah_subkegiatan_serapan_80_90",
    "pertumbuhan_penduduk_usia_kerja", "jumlah_pencari_kerja", "jumlah_penempatan",
    "peserta_pelatihan_apbd", "peserta_pelatihan_non_apbd", "jumlah_fasilitasi_halal",
    "ikm_unit_usaha", "ikm_mikro", "ikm_kecil", "ikm_menengah", "ikm_tenaga_kerja",
    "ikm_investasi_rp", "ikm_nilai_produksi_rp",
)
OBJEK = re.compile(r"^(total|kota|sasaran:\d+|indikator:\d+\.\d+|urusan:[a-z_]+|halal:[a-z_]+)$")

IKU_COLUMNS = ["indikator_id", "sasaran_id", "tujuan", "indikator_tujuan", "sasaran", "indikator", "satuan",
               "polaritas", "formula", "sumber_realisasi", "alasan", "sumber_data"]
RENSTRA_COLUMNS = ["indikator_id", "Sasaran", "Indikator Kinerja Utama", "Satuan"]
PK_COLUMNS = ["indikator_id", "Sasaran Strategis", "Indikator Kinerja", "Target"]
CAPAIAN_COLUMNS = ["indikator_id", "Tabel", "Indikator Kinerja", "Tahun", "Target", "Realisasi"]
STANDAR_COLUMNS = ["indikator_id", "Tabel", "Indikator Kinerja", "Realisasi Kinerja",
                   "Target/Standar Nasional"]
KRITERIA_COLUMNS = ["No", "Interval Nilai Realisasi Kinerja", "Kriteria Penilaian Realisasi Kinerja"]
ANGKA_COLUMNS = ["id", "tabel", "lokasi", "besaran", "objek", "tahun", "nilai", "keterangan"]
STRATEGI_COLUMNS = ["sasaran_id", "Tujuan RPD", "Sasaran RPD", "Tujuan", "Sasaran", "Strategi",
                    "Arah Kebijakan"]

_YEAR = re.compile(r"^\d{4}$")
_KONDISI_AWAL = re.compile(r"^kondisi kinerja tahun \d{4}$", re.IGNORECASE)
_KONDISI_AKHIR = re.compile(r"^kondisi kinerja pada akhir", re.IGNORECASE)


def fmt_bound(value: float) -> str:
    return fmt_number(value, 2)


# ---------------------------------------------------------------- lenient published figures

def lenient_decimals(text) -> int | None:
    """Decimals a published number was written with; None when the text is not a number."""
    if math.isnan(lenient_number(text)):
        return None
    return decimals_of(text)


def _lenient(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    numbers = pd.array([lenient_number(v) for v in series], dtype="Float64")  # NaN -> <NA>
    decimals = pd.array([lenient_decimals(v) for v in series], dtype="Int64")
    return (pd.Series(numbers, index=series.index, dtype="Float64"),
            pd.Series(decimals, index=series.index, dtype="Int64"))


# ---------------------------------------------------------------- IKU and scales

def read_iku(path: Path, paths: Paths) -> pd.DataFrame:
    """iku.csv typed: one row per indikator (indikator_id '1.1', '1.2', ... unique, its
    sasaran_id the part before the dot), text columns str; polaritas checked.

    A sasaran has 1..n indicators; its own columns (tujuan, indikator_tujuan, sasaran) may be
    left blank on its second and later rows and are filled from its first row.
    """
    name = paths.rel(Path(path))
    df = read_table(path, required=IKU_COLUMNS)
    ids = to_numbers(df, "sasaran_id", "integer", file=name)
    ind = df["indikator_id"].str.strip()
    for value, sid, row in zip(ind, ids, df[ROW]):
        m = _INDIKATOR_ID.match(value)
        if not m or int(m.group(1)) != int(sid):
            raise InputError(name, PARSE["indikator_id_form"].format(example=f"{int(sid)}.1"),
                             row=int(row), column="indikator_id", value=value or BLANK)
    _check_unique(ind, df, name, "indikator_id")
    for value, row in zip(df["polaritas"], df[ROW]):
        if value.strip().lower() not in POLARITAS:
            raise InputError(name, PARSE["one_of"].format(allowed=", ".join(POLARITAS)), row=int(row),
                             column="polaritas", value=value or BLANK)
    for value, row in zip(df["sumber_realisasi"], df[ROW]):
        if not _SOURCE_NAME.match(value.strip().lower()):
            raise InputError(name, PARSE["source_name"], row=int(row), column="sumber_realisasi",
                             value=value or BLANK)
    out = df[IKU_COLUMNS].copy()
    out["indikator_id"] = ind
    out["sasaran_id"] = ids.astype("int64")
    for column in ("tujuan", "indikator_tujuan", "sasaran"):
        first: dict[int, tuple[str, int]] = {}
        filled = []
        for value, sid, row in zip(out[column], out["sasaran_id"], df[ROW]):
            value = value.strip()
            if sid not in first:
                first[sid] = (value, int(row))
            elif not value:
                value = first[sid][0]
            elif value != first[sid][0]:
                raise InputError(name, PARSE["sasaran_differs"].format(row=first[sid][1], first=first[sid][0]),
                                 row=int(row), column=column, value=value)
            filled.append(value)
        out[column] = filled
    out["polaritas"] = out["polaritas"].str.strip().str.lower()
    out["sumber_realisasi"] = out["sumber_realisasi"].str.strip().str.lower()
    return out.reset_index(drop=True)


def read_skala_ordinal(path: Path, paths: Paths) -> pd.DataFrame:
    """The declared grade order: nilai, urutan (1 = best), sorted best first."""
    name = paths.rel(Path(path))
    df = read_table(path, required=["urutan", "nilai"])
    urutan = to_numbers(df, "urutan", "integer", file=name)
    _check_unique(urutan, df, name, "urutan")
    expected = set(range(1, len(df) + 1))
    if set(urutan.astype(int)) != expected:
        raise InputError(name, PARSE["urutan_gaps"].format(n=len(df)),
                         column="urutan", value=", ".join(df["urutan"]))
    nilai = df["nilai"].str.strip()
    _check_unique(nilai, df, name, "nilai")
    for value, row in zip(nilai, df[ROW]):
        if not value:
            raise InputError(name, PARSE["grade_blank"], row=int(row), column="nilai", value=BLANK)
    out = pd.DataFrame({"nilai": nilai.astype("str"), "urutan": urutan.astype("int64")})
    return out.sort_values("urutan", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------- targets

def _target_value(text: str, polaritas: str, grades: set[str], name: str, row: int,
                  column: str, kind: str = "decimal", divisor: bool = False) -> float:
    """A target is an input: numeric for naik/turun (a whole number when the indicator counts
    things, ``kind``), a declared grade for ordinal. A ``divisor`` (the PK target capaian is
    divided by) must be above 0."""
    if polaritas == "ordinal":
        if text.strip() not in grades:
            raise InputError(name, PARSE["grade_one_of"].format(allowed=", ".join(sorted(grades))),
                             row=row, column=column, value=text or BLANK)
        return math.nan
    try:
        value = parse_number(text, kind, notation=notation_of(name))
    except NumberFormatError as exc:
        raise InputError(name, f"{PARSE['target_number']}: {exc}", row=row, column=column,
                         value=text or BLANK) from None
    if value is None:
        raise InputError(name, PARSE["target_number"],
                         row=row, column=column, value=text or BLANK)
    if divisor and value <= 0:
        raise InputError(name, PARSE["target_positive"], row=row, column=column, value=text)
    return float(value)


def _kinds(iku: pd.DataFrame) -> dict[str, str]:
    """indikator_id -> kind of its target and realisasi cells, decided by its satuan."""
    return {iid: kind_for_unit(satuan) for iid, satuan in zip(iku["indikator_id"], iku["satuan"])}


def read_target_renstra(path: Path, iku: pd.DataFrame, grades: set[str],
                        paths: Paths) -> pd.DataFrame:
    """Tabel 2.3 as long rows per indikator: jenis kondisi_awal / renstra (one per year) /
    kondisi_akhir. The Renstra period is the year columns (see :func:`renstra_period`)."""
    name = paths.rel(Path(path))
    df = read_table(path, required=RENSTRA_COLUMNS)
    awal = [c for c in df.columns if _KONDISI_AWAL.match(c.strip())]
    akhir = [c for c in df.columns if _KONDISI_AKHIR.match(c.strip())]
    years = [c for c in df.columns if _YEAR.match(c.strip())]
    if len(awal) != 1 or len(akhir) != 1 or not years:
        raise InputError(name, PARSE["renstra_columns"], row=1)
    ids = _indicator_ids(df, iku, name)
    polarity, kinds = dict(zip(iku["indikator_id"], iku["polaritas"])), _kinds(iku)
    records = []
    for position, (_, row) in enumerate(df.iterrows()):
        iid = ids[position]
        for jenis, column, tahun in ([("kondisi_awal", awal[0], pd.NA)]
                                     + [("renstra", c, int(c)) for c in years]
                                     + [("kondisi_akhir", akhir[0], pd.NA)]):
            text = row[column]
            records.append({
                "indikator_id": iid, "jenis": jenis, "tahun": tahun, "nilai_teks": text,
                "nilai": _target_value(text, polarity[iid], grades, name, int(row[ROW]), column,
                                       kinds[iid]),
                "sumber_file": name, "sumber_baris": int(row[ROW]), "sumber_kolom": column,
            })
    return _typed_targets(pd.DataFrame(records), iku)


def renstra_period(target: pd.DataFrame) -> tuple[int, int] | None:
    """(first, last) year of the Renstra period: the year columns of target_renstra.csv."""
    years = target.loc[target["jenis"] == "renstra", "tahun"].dropna().astype(int)
    return (int(years.min()), int(years.max())) if not years.empty else None


def read_perjanjian_kinerja(path: Path, year: int, iku: pd.DataFrame, grades: set[str],
                            paths: Paths) -> pd.DataFrame:
    """Tabel 2.5 (PK of the year) as target rows with jenis 'pk', one per indikator."""
    name = paths.rel(Path(path))
    df = read_table(path, required=PK_COLUMNS, optional=["No"])
    ids = _indicator_ids(df, iku, name)
    _check_unique(pd.Series(ids, index=df.index), df, name, "indikator_id")
    polarity, kinds = dict(zip(iku["indikator_id"], iku["polaritas"])), _kinds(iku)
    records = []
    for position, (_, row) in enumerate(df.iterrows()):
        iid = ids[position]
        records.append({
            "indikator_id": iid, "jenis": "pk", "tahun": year, "nilai_teks": row["Target"],
            "nilai": _target_value(row["Target"], polarity[iid], grades, name, int(row[ROW]), "Target",
                                   kinds[iid], divisor=True),
            "sumber_file": name, "sumber_baris": int(row[ROW]), "sumber_kolom": "Target",
        })
    return _typed_targets(pd.DataFrame(records), iku)


def _typed_targets(df: pd.DataFrame, iku: pd.DataFrame) -> pd.DataFrame:
    df["tahun"] = pd.array(df["tahun"].tolist(), dtype="Int64")
    df["nilai"] = pd.array([pd.NA if math.isnan(v) else v for v in df["nilai"]], dtype="Float64")
    df.insert(1, "sasaran_id", df["indikator_id"].map(dict(zip(iku["indikator_id"], iku["sasaran_id"]))))
    return df.astype({"indikator_id": "str", "sasaran_id": "int64", "jenis": "str", "nilai_teks": "str",
                      "sumber_file": "str", "sumber_baris": "Int64", "sumber_kolom": "str"})


def _indicator_ids(df: pd.DataFrame, iku: pd.DataFrame, name: str) -> list[str]:
    """The indikator_id column, each one declared in iku.csv."""
    declared = set(iku["indikator_id"])
    out = []
    for value, row in zip(df["indikator_id"], df[ROW]):
        value = value.strip()
        if value not in declared:
            raise InputError(name, PARSE["indikator_undeclared"], row=int(row), column="indikator_id",
                             value=value or BLANK)
        out.append(value)
    return out


# ---------------------------------------------------------------- published claims

def _check_counts(df: pd.DataFrame, ids: list[str], iku: pd.DataFrame, name: str, columns) -> None:
    """Cells of indicators that count things must be whole numbers in the file's notation:
    the lenient reading would take '13,482' orang for 13,482 and publish a capaian of 0,11%."""
    kinds, notation = _kinds(iku), notation_of(name)
    for position, row in enumerate(df[ROW]):
        if kinds[ids[position]] != "count":
            continue
        for column in columns:
            text = df[column].iloc[position]
            try:
                parse_number(text, "count", notation=notation)
            except NumberFormatError as exc:
                raise InputError(name, str(exc), row=int(row), column=column, value=text) from None


def read_capaian_tahunan(path: Path, iku: pd.DataFrame, paths: Paths) -> pd.DataFrame:
    """Targets and realisasi per indikator and year as published (Tabel 3.4/3.11/3.20),
    parsed leniently."""
    name = paths.rel(Path(path))
    df = read_table(path, required=CAPAIAN_COLUMNS)
    ids = _indicator_ids(df, iku, name)
    _check_counts(df, ids, iku, name, ("Target", "Realisasi"))
    target, _ = _lenient(df["Target"])
    realisasi, decimals = _lenient(df["Realisasi"])
    return pd.DataFrame({
        "indikator_id": pd.Series(ids, index=df.index, dtype="str"),
        "sasaran_id": pd.Series(ids, index=df.index).map(dict(zip(iku["indikator_id"], iku["sasaran_id"])))
                        .astype("int64"),
        "tahun": to_numbers(df, "Tahun", "integer", file=name).astype("int64"),
        "target_teks": df["Target"].astype("str"),
        "target": target,
        "realisasi_teks": df["Realisasi"].astype("str"),
        "realisasi": realisasi,
        "realisasi_desimal": decimals,
        "tabel": df["Tabel"].astype("str"),
        "sumber_baris": df[ROW].astype("Int64"),
    })


def read_standar_nasional(path: Path, iku: pd.DataFrame, paths: Paths) -> pd.DataFrame:
    """National standards per indikator as published (Tabel 3.6/3.13/3.22), parsed leniently."""
    name = paths.rel(Path(path))
    df = read_table(path, required=STANDAR_COLUMNS, optional=["Keterangan"])
    standar, _ = _lenient(df["Target/Standar Nasional"])
    realisasi, _ = _lenient(df["Realisasi Kinerja"])
    keterangan = df["Keterangan"] if "Keterangan" in df.columns else pd.Series("", index=df.index)
    ids = _indicator_ids(df, iku, name)
    return pd.DataFrame({
        "indikator_id": pd.Series(ids, index=df.index, dtype="str"),
        "sasaran_id": pd.Series(ids, index=df.index).map(dict(zip(iku["indikator_id"], iku["sasaran_id"])))
                        .astype("int64"),
        "tabel": df["Tabel"].astype("str"),
        "realisasi_teks": df["Realisasi Kinerja"].astype("str"),
        "realisasi": realisasi,
        "standar_teks": df["Target/Standar Nasional"].astype("str"),
        "standar": standar,
        "keterangan": keterangan.astype("str"),
        "sumber_baris": df[ROW].astype("Int64"),
    })


def read_angka_dipublikasikan(path: Path, paths: Paths) -> pd.DataFrame:
    """Every published figure the pipeline can recompute, with nilai_angka and desimal.

    id must be unique, besaran in :data:`BESARAN`, objek like 'sasaran:1', 'total', 'kota',
    'urusan:tenaga_kerja', 'halal:reguler'; tahun a year. nilai is never rejected.
    """
    name = paths.rel(Path(path))
    df = read_table(path, required=ANGKA_COLUMNS, allow_empty=True)  # optional for a new year
    _check_unique(df["id"], df, name, "id")
    for value, row in zip(df["besaran"], df[ROW]):
        if value not in BESARAN:
            raise InputError(name, PARSE["besaran"],
                             row=int(row), column="besaran", value=value or BLANK)
    for value, row in zip(df["objek"], df[ROW]):
        if not OBJEK.match(value):
            raise InputError(name, PARSE["objek"],
                             row=int(row), column="objek", value=value or BLANK)
    out = df[ANGKA_COLUMNS].copy().astype("str")
    out["tahun"] = to_numbers(df, "tahun", "integer", file=name).astype("int64")
    out["nilai_angka"], out["desimal"] = _lenient(df["nilai"])
    out["sumber_baris"] = df[ROW].astype("Int64")
    return out


def read_strategi_kebijakan(path: Path, paths: Paths) -> pd.DataFrame:
    """Tabel 2.2, merged cells filled down within each sasaran; one row per table line."""
    name = paths.rel(Path(path))
    df = read_table(path, required=STRATEGI_COLUMNS)
    ids = to_numbers(df, "sasaran_id", "integer", file=name)
    text = df[STRATEGI_COLUMNS[1:]].replace("", pd.NA)
    # Merged cells of the printed table: Tujuan RPD spans the whole table, the others span
    # their sasaran. Arah Kebijakan is never merged: a blank one stays blank.
    text["Tujuan RPD"] = text["Tujuan RPD"].ffill()
    merged = ["Sasaran RPD", "Tujuan", "Sasaran", "Strategi"]
    text[merged] = text[merged].groupby(ids.to_numpy(), sort=False).ffill()
    out = pd.DataFrame({
        "sasaran_id": ids.astype("int64"),
        "urutan": df.groupby(ids.to_numpy(), sort=False).cumcount() + 1,
        "tujuan_rpd": text["Tujuan RPD"], "sasaran_rpd": text["Sasaran RPD"],
        "tujuan": text["Tujuan"], "sasaran": text["Sasaran"],
        "strategi": text["Strategi"], "arah_kebijakan": text["Arah Kebijakan"],
    })
    return out.astype({"urutan": "int64"})


# ---------------------------------------------------------------- helpers and entry point

def _check_unique(values: pd.Series, df: pd.DataFrame, name: str, column: str) -> None:
    first: dict = {}
    for value, row in zip(values, df[ROW]):
        if value in first:
            raise InputError(name, PARSE["duplicate"].format(column=column, first=first[value]),
                             row=int(row), column=column, value=value)
        first[value] = int(row)


def read_basis(paths: Paths) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(iku, skala_ordinal) of data/raw/common/: every other plan file is read against them
    (its indikator_id declared in iku.csv, its graded values on the ordinal scale)."""
    common = paths.raw_common
    return read_iku(common / "iku.csv", paths), read_skala_ordinal(common / "skala_ordinal.csv", paths)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    common, folder = paths.raw_common, paths.raw_year(year)
    iku, ordinal = read_basis(paths)
    grades = set(ordinal["nilai"])
    target = pd.concat([
        read_target_renstra(common / "target_renstra.csv", iku, grades, paths),
        read_perjanjian_kinerja(folder / "perjanjian_kinerja.csv", year, iku, grades, paths),
    ], ignore_index=True)
    return {
        catalogue.IKU: iku,
        catalogue.TARGET: target,
        catalogue.CAPAIAN_TAHUNAN: read_capaian_tahunan(folder / "capaian_kinerja_tahunan.csv", iku, paths),
        catalogue.STANDAR_NASIONAL: read_standar_nasional(folder / "standar_nasional.csv", iku, paths),
        catalogue.SKALA_KRITERIA: read_skala_kriteria(common / "skala_kriteria.csv", paths),
        catalogue.SKALA_ORDINAL: ordinal,
        catalogue.ANGKA_DIPUBLIKASIKAN: read_angka_dipublikasikan(folder / "angka_dipublikasikan.csv", paths),
        catalogue.STRATEGI_KEBIJAKAN: read_strategi_kebijakan(common / "strategi_kebijakan.csv", paths),
    }
