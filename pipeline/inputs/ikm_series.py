"""The published IKM series (Tabel 3.17 and 3.18 of the LKjIP): one column per year.

The tables mix English and Indonesian grouping within a row ("1,853" next to "1.400"):
the registry declares both files ``notation="campuran"``, so in counts and money a '.' or ','
between groups of three digits is a thousands separator (never both in one number). Investment and production are in thousand rupiah, as
published ("Nilai Investasi (ribu)").

Files read for a year ``Y`` (in data/raw/Y/):
  ikm_perkembangan.csv  -> ``ikm_seri`` (Tabel 3.17)
  ikm_klasifikasi.csv   -> ``ikm_klasifikasi_dilaporkan`` (Tabel 3.18)
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.bps import normalise_label
from pipeline.inputs.rawio import ROW, read_table, to_numbers
from pipeline.messages import PARSE

SERIES_FILE = catalogue.raw_file_for(catalogue.IKM_SERI)
CLASSIFICATION_FILE = catalogue.raw_file_for(catalogue.IKM_KLASIFIKASI_DILAPORKAN)
NOTATION = registry.entry(SERIES_FILE).notation  # both tables are transcribed as printed

# Normalised Uraian (with the "(ribu)" unit note removed) -> column.
LABELS = {
    "unit usaha": "unit_usaha",
    "formal": "formal",
    "non formal": "non_formal",
    "nonformal": "non_formal",
    "tenaga kerja": "tenaga_kerja",
    "nilai investasi": "investasi_ribu_rp",
    "nilai produksi": "nilai_produksi_ribu_rp",
}
SERIES_COLUMNS = ["unit_usaha", "formal", "non_formal", "tenaga_kerja",
                  "investasi_ribu_rp", "nilai_produksi_ribu_rp"]
CLASSIFICATION_COLUMNS = ["formal", "non_formal"]
MONEY = ("investasi_ribu_rp", "nilai_produksi_ribu_rp")
_YEAR = re.compile(r"^\d{4}$")


def _label_key(label: str) -> str:
    return normalise_label(re.sub(r"\(\s*ribu\s*\)", " ", str(label), flags=re.IGNORECASE))


def read_wide_series(path: Path, wanted: list[str], paths: Paths) -> pd.DataFrame:
    """A table of Uraian rows x year columns -> one row per year with the ``wanted`` columns."""
    path = Path(path)
    name = paths.rel(path)
    df = read_table(path, required=["Uraian"])
    # A year column left wholly blank (the new year, which the cleaned register supplies) is
    # not part of the published series.
    years = [c for c in df.columns if _YEAR.match(c.strip()) and df[c].str.strip().ne("").any()]
    if not years:
        raise InputError(name, PARSE["series_no_year"], row=1)

    rows: dict[str, int] = {}
    for label, row in zip(df["Uraian"], df[ROW]):
        column = LABELS.get(_label_key(label))
        if column is None or column not in wanted:
            raise InputError(name, PARSE["label_unknown"].format(allowed=", ".join(wanted)),
                             row=int(row), column="Uraian", value=label)
        if column in rows:
            raise InputError(name, PARSE["label_repeats"].format(first=rows[column]), row=int(row),
                             column="Uraian", value=label)
        rows[column] = int(row)
    missing = [c for c in wanted if c not in rows]
    if missing:
        raise InputError(name, PARSE["rows_missing"].format(missing=", ".join(missing)), column="Uraian")

    columns = [LABELS[_label_key(label)] for label in df["Uraian"]]
    money = pd.Series([c in MONEY for c in columns], index=df.index)
    values = {year: _read_year(df, year, name, money) for year in years}
    out = pd.DataFrame({"tahun": [int(y) for y in years]})
    for position, column in enumerate(columns):
        cells = [values[year].iloc[position] for year in years]
        whole = all(pd.isna(v) or float(v).is_integer() for v in cells)
        out[column] = pd.array(cells, dtype="Int64" if whole else "Float64")
    out = out[["tahun"] + wanted]
    out["tahun"] = out["tahun"].astype("int64")
    out["sumber_file"] = name
    return out


def _read_year(df: pd.DataFrame, column: str, name: str, money: pd.Series) -> pd.Series:
    """One year column. Cells are whole numbers in either grouping, except a money cell with a
    decimal comma after '.' groups ('301.636.853,935' thousand Rp, a register aggregate as
    `lkjip new-year` pre-fills it), which is read as a decimal. Counts stay whole numbers."""
    decimal = money & df[column].map(lambda s: "." in s and "," in s and s.rfind(",") > s.rfind("."))
    # Counts (units, workers) refuse '%' and 'Rp'; money rows may carry 'Rp'.
    counts = ~money
    parts = [to_numbers(df[counts], column, "count", file=name, notation=NOTATION).astype("Float64")]
    if (money & ~decimal).any():
        parts.append(to_numbers(df[money & ~decimal], column, "integer", file=name,
                                notation=NOTATION).astype("Float64"))
    out = pd.concat(parts)
    if decimal.any():
        out = pd.concat([out, to_numbers(df[decimal], column, "decimal", file=name, notation=NOTATION)])
    return out.reindex(df.index)


def read_ikm_series(path: Path, paths: Paths) -> pd.DataFrame:
    """Tabel 3.17 as one row per year: tahun, unit_usaha, formal, non_formal, tenaga_kerja,
    investasi_ribu_rp, nilai_produksi_ribu_rp (Int64), sumber_file."""
    return read_wide_series(path, SERIES_COLUMNS, paths)


def read_ikm_classification(path: Path, paths: Paths) -> pd.DataFrame:
    """Tabel 3.18 as one row per year: tahun, formal, non_formal, sumber_file."""
    return read_wide_series(path, CLASSIFICATION_COLUMNS, paths)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    folder = paths.raw_year(year)
    return {
        catalogue.IKM_SERI: read_ikm_series(folder / SERIES_FILE, paths),
        catalogue.IKM_KLASIFIKASI_DILAPORKAN: read_ikm_classification(folder / CLASSIFICATION_FILE, paths),
    }
