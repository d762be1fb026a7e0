"""Service inputs of the labour side: job seekers (AK-1) and placements by education and sex,
where the placed workers went, the trainings of the year, and the halal certificates facilitated.

Files read for a year ``Y`` (in data/raw/Y/):

  pencari_kerja.csv            -> pencari_kerja, pencari_kerja_dilaporkan
  penempatan_tenaga_kerja.csv  -> penempatan, penempatan_dilaporkan
  penyaluran_tenaga_kerja.csv  -> penyaluran, penyaluran_dilaporkan
  pelatihan.csv                -> pelatihan
  fasilitasi_halal.csv         -> fasilitasi_halal

The education tables are published with a ``Jumlah`` column and a ``Jumlah`` row. The tidy
tables hold only the L/P cells ('-' and blank read as 0); what the agency printed as sums is
kept apart in ``*_dilaporkan`` tables ('-' read as 0, a blank as <NA>: nothing was printed)
so the validation can compare them with the sums of the cells.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from babel.dates import get_month_names

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, scope
from pipeline.inputs.idnum import is_absent
from pipeline.inputs.published import blank_to_na, blanks_as_na, counts, display, required_text
from pipeline.inputs.rawio import ROW, is_total_label, read_table, to_numbers
from pipeline.messages import PARSE

FILES = catalogue.table_files("services")
SEX_COLUMNS = {"Laki-laki": "L", "Perempuan": "P"}
BOTH = "L+P"


def read_by_education(path: Path, label: str = "PENDIDIKAN") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy L/P counts per education, published sums) of a 'menurut pendidikan' table.

    Tidy: pendidikan, jenis_kelamin (L/P), jumlah, sumber_baris — the 'Jumlah' row excluded.
    Published: pendidikan, jenis_kelamin ('L+P' for the Jumlah column; L, P, L+P on the
    Jumlah row), jumlah_dilaporkan, is_total, sumber_baris, sumber_kolom.
    """
    raw = read_table(path, [label, *SEX_COLUMNS, "Jumlah"])
    pendidikan = required_text(raw, label, path)
    total = pendidikan.map(is_total_label).astype(bool)
    tidy, published = [], []
    for column, sex in SEX_COLUMNS.items():
        values = counts(raw, column, path)
        tidy.append(pd.DataFrame({"pendidikan": pendidikan, "jenis_kelamin": sex, "jumlah": values,
                                  "sumber_baris": raw[ROW]})[~total])
        published.append(pd.DataFrame({"pendidikan": pendidikan, "jenis_kelamin": sex, "jumlah_dilaporkan":
                                       blanks_as_na(raw, column, values), "is_total": True,
                                       "sumber_baris": raw[ROW], "sumber_kolom": column})[total])
    published.append(pd.DataFrame({"pendidikan": pendidikan, "jenis_kelamin": BOTH,
                                   "jumlah_dilaporkan": counts(raw, "Jumlah", path, blank=None),
                                   "is_total": total, "sumber_baris": raw[ROW], "sumber_kolom": "Jumlah"}))
    order = {name: i for i, name in enumerate(pendidikan)}
    tidy_df = pd.concat(tidy).sort_values("pendidikan", key=lambda s: s.map(order), kind="stable")
    pub_df = pd.concat(published).sort_values("sumber_baris", kind="stable")
    for df in (tidy_df, pub_df):
        df["sumber_baris"] = df["sumber_baris"].astype("Int64")
        df["jenis_kelamin"] = df["jenis_kelamin"].astype("str")
    pub_df["is_total"] = pub_df["is_total"].astype(bool)
    pub_df["sumber_kolom"] = pub_df["sumber_kolom"].astype("str")
    return tidy_df.reset_index(drop=True), pub_df.reset_index(drop=True)


def read_penyaluran(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(destinations of placed workers, the published Jumlah row)."""
    raw = read_table(path, ["Keterangan"])
    column = _count_column(raw, path)
    keterangan = required_text(raw, "Keterangan", path)
    total = keterangan.map(is_total_label).astype(bool)
    out = pd.DataFrame({
        "no": blank_to_na(raw["No."]) if "No." in raw else pd.NA,
        "keterangan": keterangan,
        "jumlah": counts(raw, column, path),
        "sumber_baris": raw[ROW].astype("Int64"),
    })
    items = out[~total].reset_index(drop=True)
    published = out[total].rename(columns={"jumlah": "jumlah_dilaporkan"}).reset_index(drop=True)
    return items, published[["keterangan", "jumlah_dilaporkan", "sumber_baris"]]


def _count_column(raw: pd.DataFrame, path: Path) -> str:
    """The year's count column, whatever year its header names ('Tahun 2024 (orang)')."""
    found = [c for c in raw.columns if re.match(r"^Tahun \d{4}", str(c))]
    if len(found) != 1:
        raise InputError(display(path), PARSE["one_year_column"], row=1,
                         value=", ".join(map(str, raw.columns.drop(ROW))))
    return found[0]


def _month_numbers() -> dict[str, int]:
    """Indonesian month names (wide and abbreviated) from Babel's CLDR data, lower-cased."""
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="id").items():
            names[name.lower().rstrip(".")] = number
    # An older spelling still common in Indonesian documents (the seed uses it).
    names.setdefault("nopember", 11)
    return names


MONTHS = _month_numbers()
_DATE = re.compile(r"^(?P<day>\d{1,2})\s+(?P<month>[^\W\d_]+)\.?(?:\s+(?P<year>\d{4}))?$")


def parse_date(text, default_year: int | None = None) -> tuple[dt.date | None, bool]:
    """(date, year_was_written) from '2 Februari 2024' or '2 Februari'. Raises ValueError."""
    if is_absent(text) or not str(text).strip():
        return None, False
    match = _DATE.match(str(text).strip())
    if not match or match.group("month").lower() not in MONTHS:
        raise ValueError(PARSE["date_unreadable"])
    year = match.group("year")
    if year is None and default_year is None:
        raise ValueError(PARSE["date_no_year"])
    return dt.date(int(year or default_year), MONTHS[match.group("month").lower()], int(match.group("day"))), \
        year is not None


def read_pelatihan(path: Path, year: int) -> pd.DataFrame:
    """One row per training batch, with dates parsed.

    A start date printed without a year ('2 Februari ... 7 Maret 2024') takes the year of its
    end date (or ``year`` when neither has one), one year earlier if that would put it after
    the end.
    """
    cols = ["Penyelenggara", "Sumber Dana", "Pelatihan", "Angkatan", "Peserta", "Tanggal Mulai",
            "Tanggal Selesai", "Tempat"]
    raw = read_table(path, cols)
    name = display(path)
    starts, ends = [], []
    for start_text, end_text, row in zip(raw["Tanggal Mulai"], raw["Tanggal Selesai"], raw[ROW]):
        try:
            end, _ = parse_date(end_text, year)
        except ValueError as exc:
            raise InputError(name, str(exc), row=int(row), column="Tanggal Selesai", value=end_text) from None
        try:
            start, explicit = parse_date(start_text, end.year if end else year)
        except ValueError as exc:
            raise InputError(name, str(exc), row=int(row), column="Tanggal Mulai", value=start_text) from None
        if start and end and not explicit and start > end:
            start = start.replace(year=start.year - 1)
        starts.append(start)
        ends.append(end)
    out = pd.DataFrame({
        "penyelenggara": required_text(raw, "Penyelenggara", path),
        "sumber_dana": blank_to_na(raw["Sumber Dana"]),
        "pelatihan": required_text(raw, "Pelatihan", path),
        "angkatan": to_numbers(raw, "Angkatan", "count", file=name, required=False),
        "peserta": to_numbers(raw, "Peserta", "count", file=name),
        "tanggal_mulai_teks": blank_to_na(raw["Tanggal Mulai"]),
        "tanggal_selesai_teks": blank_to_na(raw["Tanggal Selesai"]),
        "tanggal_mulai": pd.to_datetime(pd.Series(starts, index=raw.index, dtype="object")),
        "tanggal_selesai": pd.to_datetime(pd.Series(ends, index=raw.index, dtype="object")),
        "tempat": blank_to_na(raw["Tempat"]),
        "sumber_baris": raw[ROW].astype("Int64"),
    })
    return out.reset_index(drop=True)


def read_fasilitasi_halal(path: Path) -> pd.DataFrame:
    """Halal certificates facilitated, per mechanism (Reguler, Self Declare), as listed."""
    cols = ["Mekanisme", "No", "Nama IKM", "Jenis Produk", "No Sertifikat", "Alamat"]
    raw = read_table(path, cols)
    out = pd.DataFrame({
        "mekanisme": required_text(raw, "Mekanisme", path),
        "no": to_numbers(raw, "No", "integer", file=display(path), required=False),
        "nama_ikm": required_text(raw, "Nama IKM", path),
        "jenis_produk": blank_to_na(raw["Jenis Produk"]),
        "no_sertifikat": blank_to_na(raw["No Sertifikat"]),
        "alamat": blank_to_na(raw["Alamat"]),
        "sumber_baris": raw[ROW].astype("Int64"),
    })
    return out.reset_index(drop=True)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """Every service table of ``year``."""
    folder = paths.raw_year(year)
    out: dict[str, pd.DataFrame] = {}
    for cells, stated in ((catalogue.PENCARI_KERJA, catalogue.PENCARI_KERJA_DILAPORKAN),
                          (catalogue.PENEMPATAN, catalogue.PENEMPATAN_DILAPORKAN)):
        out[cells], out[stated] = read_by_education(folder / FILES[cells])
    out[catalogue.PENYALURAN], out[catalogue.PENYALURAN_DILAPORKAN] = read_penyaluran(folder / FILES[catalogue.PENYALURAN])
    out[catalogue.PELATIHAN] = read_pelatihan(folder / FILES[catalogue.PELATIHAN], year)
    if FILES[catalogue.FASILITASI_HALAL] not in scope.left_out_files(paths, year):
        out[catalogue.FASILITASI_HALAL] = read_fasilitasi_halal(folder / FILES[catalogue.FASILITASI_HALAL])
    return out
