"""Staff inputs: civil servants (PNS and P3K) by rank and by education per unit and sex
(Tabel 1.1, 1.2), and the staff assigned to each sasaran (Bab III, efficiency analyses).

Files read for a year ``Y`` (in data/raw/Y/):

  pegawai_golongan.csv    -> pegawai_golongan, pegawai_golongan_dilaporkan
  pegawai_pendidikan.csv  -> pegawai_pendidikan, pegawai_pendidikan_dilaporkan
  sdm_sasaran.csv         -> sdm_sasaran

Tabel 1.1/1.2 are published with a two-row header (unit over L/P); the raw files flatten it to
``<unit> L``/``<unit> P`` columns plus ``Jumlah L``, ``Jumlah P`` and ``Total``, and keep the
table's ``Jumlah`` row. Empty cells in these tables mean 0. The tidy tables hold the unit cells
only; the printed sums go to ``*_dilaporkan`` for the validation.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue
from pipeline.inputs.published import blank_to_na, blanks_as_na, counts, display, required_text
from pipeline.inputs.rawio import ROW, is_total_label, read_table, to_numbers
from pipeline.messages import PARSE

FILES = catalogue.table_files("staff")
SUM_UNIT = "Jumlah"
TOTAL_COLUMN = "Total"
_UNIT_SEX = re.compile(r"^(?P<unit>.+?)\s+(?P<sex>L|P)$")


class _LongTable:
    """The cells of a 'per unit, L/P' table as rows (kategori, unit, jenis_kelamin, jumlah,
    is_total, sumber_baris, sumber_kolom), added one column's chosen rows at a time."""

    def __init__(self, kategori: pd.Series, rows: pd.Series):
        self.kategori, self.rows = kategori, rows
        self.taken: list[np.ndarray] = []
        self.columns: dict[str, list] = {"unit": [], "jenis_kelamin": [], "jumlah": [], "is_total": [],
                                         "sumber_kolom": []}

    def add(self, keep: np.ndarray, unit: str, sex: str, jumlah: pd.Series, total_row: np.ndarray,
            column: str) -> None:
        n = int(keep.sum())
        self.taken.append(np.flatnonzero(keep))
        self.columns["unit"] += [unit] * n
        self.columns["jenis_kelamin"] += [sex] * n
        self.columns["jumlah"].append(jumlah[keep])
        self.columns["is_total"].append(total_row[keep])
        self.columns["sumber_kolom"] += [column] * n

    def frame(self) -> pd.DataFrame:
        at = np.concatenate(self.taken)
        return pd.DataFrame({"kategori": self.kategori.iloc[at].reset_index(drop=True),
                             "unit": self.columns["unit"], "jenis_kelamin": self.columns["jenis_kelamin"],
                             "jumlah": pd.concat(self.columns["jumlah"], ignore_index=True),
                             "is_total": np.concatenate(self.columns["is_total"]),
                             "sumber_baris": self.rows.iloc[at].reset_index(drop=True),
                             "sumber_kolom": self.columns["sumber_kolom"]})


def read_by_unit(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(tidy counts, published sums) of a 'per unit, L/P' staff table.

    Tidy: kategori (the first column's label), unit, jenis_kelamin (L/P), jumlah,
    sumber_baris, sumber_kolom — without the Jumlah row, the Jumlah L/P and Total columns.
    Published: the same columns with jumlah_dilaporkan, for every cell of the Jumlah row
    (kategori 'Jumlah'), the Jumlah L/P columns (unit 'Jumlah') and Total (unit 'Total',
    jenis_kelamin 'L+P'); is_total marks the Jumlah row.
    """
    raw = read_table(path, [f"{SUM_UNIT} L", f"{SUM_UNIT} P", TOTAL_COLUMN])
    label = raw.columns[0]
    pairs = [(c, _UNIT_SEX.match(c)) for c in raw.columns if c not in (label, ROW, TOTAL_COLUMN)]
    unknown = [c for c, m in pairs if m is None]
    if unknown:
        raise InputError(display(path), PARSE["staff_columns"],
                         row=1, column=unknown[0], value=unknown[0])
    kategori = required_text(raw, label, path)
    total_row = kategori.map(is_total_label).astype(bool).to_numpy()
    every_row = np.ones(len(raw), dtype=bool)
    # Each cell becomes one row of a long table: gathered column by column (in file order) and
    # framed once, not a small frame per column (a tenth of the input check's time went there).
    tidy, published = _LongTable(kategori, raw[ROW]), _LongTable(kategori, raw[ROW])
    for column, match in pairs:
        unit, sex = match.group("unit"), match.group("sex")
        jumlah = counts(raw, column, path)
        stated = blanks_as_na(raw, column, jumlah)  # a stated sum left blank is to be computed
        if unit == SUM_UNIT:
            published.add(every_row, unit, sex, stated, total_row, column)
        else:
            tidy.add(~total_row, unit, sex, jumlah, total_row, column)
            published.add(total_row, unit, sex, stated, total_row, column)
    published.add(every_row, TOTAL_COLUMN, "L+P", counts(raw, TOTAL_COLUMN, path, blank=None), total_row,
                  TOTAL_COLUMN)
    tidy_df = tidy.frame().drop(columns="is_total").sort_values("sumber_baris", kind="stable")
    pub_df = published.frame().rename(columns={"jumlah": "jumlah_dilaporkan"}).sort_values(
        "sumber_baris", kind="stable")
    for df in (tidy_df, pub_df):
        df["sumber_baris"] = df["sumber_baris"].astype("Int64")
        for col in ("unit", "jenis_kelamin", "sumber_kolom"):
            df[col] = df[col].astype("str")
    pub_df["is_total"] = pub_df["is_total"].astype(bool)
    return tidy_df.reset_index(drop=True), pub_df.reset_index(drop=True)


def read_sdm_sasaran(path: Path) -> pd.DataFrame:
    """Staff per sasaran as the efficiency analyses state them: jumlah = ASN + P3K + TJP (stated).

    ``jumlah`` is the figure printed; the parts are read as printed too (blank = not mentioned = 0).
    """
    raw = read_table(path, ["sasaran_id", "Jumlah", "ASN", "P3K", "TJP"])
    name = display(path)
    asn, p3k, tjp = counts(raw, "ASN", path), counts(raw, "P3K", path), counts(raw, "TJP", path)
    # A blank Jumlah is derived from its parts (the template asks only ASN, P3K, TJP).
    jumlah = to_numbers(raw, "Jumlah", "integer", file=name, required=False).fillna(asn + p3k + tjp)
    out = pd.DataFrame({
        "sasaran_id": to_numbers(raw, "sasaran_id", "integer", file=name),
        "jumlah": jumlah,
        "asn": asn,
        "p3k": p3k,
        "tjp": tjp,
        "sumber": blank_to_na(raw["Sumber"]) if "Sumber" in raw else pd.NA,
        "sumber_baris": raw[ROW].astype("Int64"),
    })
    return out.reset_index(drop=True)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """Every staff table of ``year``."""
    folder = paths.raw_year(year)
    out: dict[str, pd.DataFrame] = {}
    for cells, stated in ((catalogue.PEGAWAI_GOLONGAN, catalogue.PEGAWAI_GOLONGAN_DILAPORKAN),
                          (catalogue.PEGAWAI_PENDIDIKAN, catalogue.PEGAWAI_PENDIDIKAN_DILAPORKAN)):
        out[cells], out[stated] = read_by_unit(folder / FILES[cells])
    out[catalogue.SDM_SASARAN] = read_sdm_sasaran(folder / FILES[catalogue.SDM_SASARAN])
    return out
