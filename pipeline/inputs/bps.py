"""BPS labour-force tables (Sakernas August) in the shape BPS publishes them.

A raw file has one ``Uraian`` column of labels and one column per year ("Tahun 2024"),
values in Indonesian notation. :func:`read_labour` turns it into a tidy long table that
keeps, for every value, the file, spreadsheet row and column it came from; :func:`tables`
adds the rates the indicators need, computed from the counts (never from the rates BPS
printed, which are kept as ``*_dilaporkan`` so the validation can compare them).

Files read for a year ``Y`` (in data/raw/Y/), named by their role (*peran*):
  bps_ketenagakerjaan_wilayah.csv    -> peran "wilayah": the agency's own kota/kabupaten
  bps_ketenagakerjaan_nasional.csv   -> peran "nasional": the national comparison
Each file states its region in a ``Wilayah`` row (e.g. "Kota Payakumbuh", "Indonesia"); the
region of the ``wilayah`` file must be the one declared in profil_instansi.yml
(``wilayah.nama_bps``).

A file may declare its unit per year column in a ``Satuan`` row: ``orang`` (the default, as the
2024 tables are transcribed), ``ribu orang`` or ``juta orang`` as BPS prints its national release
(Angkatan Kerja 152,11 juta); such figures are converted to orang exactly, from their digits.
The *Bukan Angkatan Kerja* breakdown (Sekolah, Mengurus Rumah Tangga, Lainnya) may stay blank:
Bukan Angkatan Kerja itself is then typed, or derived as Penduduk Usia Kerja − Angkatan Kerja.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.idnum import decimals_of, fmt_int, is_nil
from pipeline.inputs.rawio import ROW, read_table, to_numbers
from pipeline.messages import PARSE

FILES = registry.role_files("bps")  # role (wilayah | nasional) -> file
REGION_LABEL = "wilayah"
UNIT_LABEL = "satuan"
# Units a year column may be typed in, and how many orang one unit is.
UNITS = {"orang": 1, "ribu orang": 1_000, "juta orang": 1_000_000}
COMPUTED = "dihitung"
COLUMNS = ["peran", "wilayah", "tahun", "variabel", "nilai", "sumber_file", "sumber_baris", "sumber_kolom"]

# Normalised label -> variabel. Counts are required; the printed rates are optional.
COUNTLABELS = {
    "angkatan kerja": "angkatan_kerja",
    "bekerja": "bekerja",
    "penganggur": "penganggur",
    "pengangguran": "penganggur",
    "bukan angkatan kerja": "bukan_angkatan_kerja",
    "sekolah": "sekolah",
    "mengurus rumah tangga": "mengurus_rumah_tangga",
    "lainnya": "lainnya",
    "penduduk usia kerja": "penduduk_usia_kerja",
}
RATELABELS = {
    "tingkat partisipasi angkatan kerja": "tpak_dilaporkan",
    "tpak": "tpak_dilaporkan",
    "tingkat penganggur": "tpt_dilaporkan",
    "tingkat pengangguran": "tpt_dilaporkan",
    "tingkat pengangguran terbuka": "tpt_dilaporkan",
    "tpt": "tpt_dilaporkan",
}
# The Bukan Angkatan Kerja breakdown may be left blank (rows and identity then skipped).
OPTIONAL_PARTS = ("sekolah", "mengurus_rumah_tangga", "lainnya")
REQUIRED = sorted(set(COUNTLABELS.values()) - set(OPTIONAL_PARTS))
# (total, [parts]) — BPS Sakernas definitions, in the order a blank total is computed. A total
# left blank is derived from its parts (sumber_file "dihitung"); a typed one is checked against them.
SUMS = (
    ("angkatan_kerja", ["bekerja", "penganggur"]),
    ("bukan_angkatan_kerja", ["sekolah", "mengurus_rumah_tangga", "lainnya"]),
    ("penduduk_usia_kerja", ["angkatan_kerja", "bukan_angkatan_kerja"]),
)

# (variabel, numerator, denominator): rates recomputed from counts, in percent.
RATES = [
    ("tpak", "angkatan_kerja", "penduduk_usia_kerja"),
    ("tpt", "penganggur", "angkatan_kerja"),
    ("penyerapan", "bekerja", "angkatan_kerja"),
]

_YEAR_COLUMN = re.compile(r"^(?:tahun\s*)?(\d{4})$", re.IGNORECASE)


def normalise_label(label: str) -> str:
    """'Tingkat  Partisipasi Angkatan Kerja (%)' -> 'tingkat partisipasi angkatan kerja'."""
    text = re.sub(r"\(\s*%\s*\)|%", " ", str(label).lower())
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def variable_for(label: str) -> str | None:
    key = normalise_label(label)
    return COUNTLABELS.get(key) or RATELABELS.get(key)


def read_labour(path: Path, peran: str, paths: Paths) -> pd.DataFrame:
    """One BPS labour table as tidy rows (peran, wilayah, tahun, variabel, nilai, sumber_*).

    Raises InputError for a missing 'Uraian' column or 'Wilayah' row, a column that is not a
    year, an unknown or repeated label, a missing count label, or a malformed number.
    """
    path = Path(path)
    name = paths.rel(path)
    df = read_table(path, required=["Uraian"])
    is_region = df["Uraian"].map(normalise_label) == REGION_LABEL
    if not is_region.any():
        raise InputError(name, PARSE["bps_region_missing"],
                         column="Uraian")
    region_row = df[is_region].iloc[0]
    names = {v.strip() for k, v in region_row.items() if k not in ("Uraian", ROW) and v.strip()}
    if len(names) != 1:
        raise InputError(name, PARSE["bps_region_one"],
                         row=int(region_row[ROW]), column="Uraian", value=", ".join(sorted(names)) or "(blank)")
    wilayah = names.pop()
    df = df[~is_region]
    units = _units(df, name)
    df = df[df["Uraian"].map(normalise_label) != UNIT_LABEL]
    year_columns = {}
    for column in df.columns:
        if column in ("Uraian", ROW):
            continue
        match = _YEAR_COLUMN.match(column.strip())
        if not match:
            raise InputError(name, PARSE["bps_year_column"],
                             row=1, column=column)
        year_columns[column] = int(match.group(1))
    if not year_columns:
        raise InputError(name, PARSE["bps_no_year"], row=1)

    seen: dict[str, int] = {}
    variables = []
    for label, row in zip(df["Uraian"], df[ROW]):
        variabel = variable_for(label)
        if variabel is None:
            known = sorted(set(COUNTLABELS) | set(RATELABELS))
            raise InputError(name, PARSE["label_unknown"].format(allowed=", ".join(known)),
                             row=int(row), column="Uraian", value=label)
        if variabel in seen:
            raise InputError(name, PARSE["label_repeats"].format(first=seen[variabel]),
                             row=int(row), column="Uraian", value=label)
        seen[variabel] = int(row)
        variables.append(variabel)
    missing = [v for v in REQUIRED if v not in seen]
    if missing:
        raise InputError(name, PARSE["rows_missing"].format(missing=", ".join(missing)), column="Uraian")

    df = df.assign(variabel=variables)
    is_rate = df["variabel"].str.endswith("_dilaporkan")
    frames = []
    totals = {total for total, _ in SUMS}
    is_total = df["variabel"].isin(totals)
    is_part = df["variabel"].isin(OPTIONAL_PARTS)
    for column, year in year_columns.items():
        factor = units.get(column, 1)
        counts = pd.concat([_required_counts(df, ~is_rate & ~is_total & ~is_part, column, factor, name),
                            _counts(df[is_part], column, factor, name, required=False)])
        sums = _counts(df[is_total], column, factor, name, required=False)
        rates = to_numbers(df[is_rate], column, "decimal", file=name, required=False) if is_rate.any() else None
        parts = [counts.astype("Float64"), sums.astype("Float64")] + ([rates] if rates is not None else [])
        frame = pd.DataFrame({
            "peran": peran,
            "wilayah": wilayah,
            "tahun": year,
            "variabel": df["variabel"],
            "nilai": pd.concat(parts).reindex(df.index).astype(float),
            "sumber_file": name,
            "sumber_baris": df[ROW].astype("Int64"),
            "sumber_kolom": column,
        })
        frames.append(_derive_totals(frame, name, column))
    out = pd.concat(frames, ignore_index=True)
    return out[COLUMNS]


def _units(df: pd.DataFrame, name: str) -> dict[str, int]:
    """{year column: orang per unit} from the optional 'Satuan' row (blank: orang)."""
    is_unit = df["Uraian"].map(normalise_label) == UNIT_LABEL
    if not is_unit.any():
        return {}
    row = df[is_unit].iloc[0]
    out = {}
    for column, text in row.items():
        if column in ("Uraian", ROW):
            continue
        unit = " ".join(str(text).lower().split()) or "orang"
        if unit not in UNITS:
            raise InputError(name, PARSE["bps_unit"].format(allowed=", ".join(UNITS)),
                             row=int(row[ROW]), column=column, value=str(text))
        out[column] = UNITS[unit]
    return out


def _counts(df: pd.DataFrame, column: str, factor: int, name: str, *, required: bool = True) -> pd.Series:
    """Counts of one year column in orang. In thousands or millions (``factor``) a figure is read
    as a decimal and scaled by its digits (152,11 juta -> 152.110.000 exactly, no float drift)."""
    if factor == 1:
        return to_numbers(df, column, "count", file=name, required=required)
    for text, row in zip(df[column], df[ROW]):
        if "%" in str(text) or "rp" in str(text).lower():
            raise InputError(name, PARSE["bps_unit_count"], row=int(row), column=column, value=str(text))
    values = to_numbers(df, column, "decimal", file=name, required=required)
    out = []
    for text, value, row in zip(df[column], values, df[ROW]):
        if pd.isna(value):
            out.append(None)
            continue
        places = decimals_of(text) or 0
        if 10 ** places > factor:
            raise InputError(name, PARSE["bps_unit_decimals"], row=int(row), column=column, value=str(text))
        digits = round(float(value) * 10 ** places)  # exact: the figure's own digits, as an integer
        out.append(digits * (factor // 10 ** places))
    return pd.Series(out, index=df.index, dtype="Int64", name=column)


def _required_counts(df: pd.DataFrame, rows: pd.Series, column: str, factor: int, name: str) -> pd.Series:
    """The required counts of a column; when one is blank or bad and Bukan Angkatan Kerja will be
    needed too (blank, its breakdown incomplete, Penduduk Usia Kerja blank), the one message
    lists that cell with the others, so a new year's blanks are all named at once."""
    try:
        return _counts(df[rows], column, factor, name)
    except InputError:
        blank = {v: is_nil(t) for v, t in zip(df["variabel"], df[column])}
        if blank.get("bukan_angkatan_kerja") and blank.get("penduduk_usia_kerja", True) \
                and any(blank.get(p, True) for p in OPTIONAL_PARTS):
            _counts(df[rows | (df["variabel"] == "bukan_angkatan_kerja")], column, factor, name)
        raise


def _derive_totals(frame: pd.DataFrame, name: str = "", column: str = "") -> pd.DataFrame:
    """Blank totals computed from their parts; blank printed rates and blank optional parts
    dropped (the rates are derived; a part not given is not 0). Bukan Angkatan Kerja without
    its full breakdown is Penduduk Usia Kerja − Angkatan Kerja when that total is typed."""
    blank = frame["nilai"].isna()
    frame = frame[~((frame["variabel"].str.endswith("_dilaporkan") | frame["variabel"].isin(OPTIONAL_PARTS))
                    & blank)].copy()
    for total, parts in SUMS:
        at = frame.index[frame["variabel"] == total]
        if not len(at):
            continue
        values = frame.set_index("variabel")["nilai"]
        have_parts = all(p in values.index for p in parts)
        if pd.notna(frame.at[at[0], "nilai"]):
            computed = float(sum(values[p] for p in parts)) if have_parts else None
            if computed is not None and frame.at[at[0], "nilai"] != computed:
                # a grey cell typed with a value its parts contradict: refused here, so check-inputs
                # stops on it exactly as the run's identity check would
                _refuse_total(frame, total, parts, computed)
            continue
        if have_parts:
            frame.at[at[0], "nilai"] = float(sum(values[p] for p in parts))
        elif total == "bukan_angkatan_kerja" and pd.notna(values.get("penduduk_usia_kerja")):
            frame.at[at[0], "nilai"] = float(values["penduduk_usia_kerja"] - values["angkatan_kerja"])
        else:
            raise InputError(name, PARSE["bps_bak_required"], row=int(frame.at[at[0], "sumber_baris"]),
                             column=column, value="(kosong)")
        frame.at[at[0], "sumber_file"] = COMPUTED
    return frame


def _refuse_total(frame: pd.DataFrame, total: str, parts: list[str], computed: float) -> None:
    rows = frame.set_index("variabel")
    typed = rows.loc[total]
    shown = " + ".join(f"{LABELS[p]} (baris {rows.at[p, 'sumber_baris']}) {fmt_int(rows.at[p, 'nilai'])}"
                       if rows.at[p, "sumber_file"] != COMPUTED else f"{LABELS[p]} {fmt_int(rows.at[p, 'nilai'])}"
                       for p in parts)
    raise InputError(typed["sumber_file"], PARSE["total_contradicts"].format(
        what=LABELS[total], typed=fmt_int(typed["nilai"]), parts=shown, computed=fmt_int(computed)),
        row=int(typed["sumber_baris"]), column=typed["sumber_kolom"], value=fmt_int(typed["nilai"]))


def add_rates(labour: pd.DataFrame) -> pd.DataFrame:
    """Append tpak, tpt and penyerapan (percent, unrounded) computed from the counts."""
    rows = []
    for (peran, wilayah, tahun), group in labour.groupby(["peran", "wilayah", "tahun"], sort=False):
        values = dict(zip(group["variabel"], group["nilai"]))
        for variabel, numerator, denominator in RATES:
            if not values[denominator] > 0:
                _refuse_zero(group, denominator, variabel)
            rows.append({
                "peran": peran, "wilayah": wilayah, "tahun": tahun, "variabel": variabel,
                "nilai": values[numerator] / values[denominator] * 100,
                "sumber_file": COMPUTED, "sumber_baris": pd.NA,
                "sumber_kolom": f"{numerator} / {denominator} * 100",
            })
    computed = pd.DataFrame(rows, columns=COLUMNS)
    out = pd.concat([labour, computed], ignore_index=True)
    return _typed(out)


# How the table's rows are named in messages (also the validation's identity checks).
LABELS = {"angkatan_kerja": "Angkatan Kerja", "bekerja": "Bekerja", "penganggur": "Penganggur",
           "bukan_angkatan_kerja": "Bukan Angkatan Kerja", "sekolah": "Sekolah",
           "mengurus_rumah_tangga": "Mengurus Rumah Tangga", "lainnya": "Lainnya",
           "penduduk_usia_kerja": "Penduduk Usia Kerja"}
_WORDS = {**LABELS, "tpak": "TPAK", "tpt": "tingkat pengangguran", "penyerapan": "penyerapan tenaga kerja"}


def _refuse_zero(group: pd.DataFrame, denominator: str, rate: str) -> None:
    """A rate's denominator of 0 (typed, or summed from parts that are all 0) is a typing error."""
    at = group[group["variabel"] == denominator].iloc[0]
    if at["sumber_file"] == COMPUTED:  # summed from its parts: name the first part's cell
        parts = dict(SUMS)[denominator]
        at = group[group["variabel"].isin(parts)].iloc[0]
    raise InputError(at["sumber_file"], PARSE["labour_zero"].format(
        what=_WORDS[denominator], rate=_WORDS[rate]), row=int(at["sumber_baris"]),
        column=at["sumber_kolom"], value=fmt_int(at["nilai"]))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    return df.astype({"peran": "str", "wilayah": "str", "tahun": "int64", "variabel": "str", "nilai": "float64",
                      "sumber_file": "str", "sumber_baris": "Int64", "sumber_kolom": "str"})


def _check_region(paths: Paths, frame: pd.DataFrame, name: str) -> None:
    """The wilayah file must state the region profil_instansi.yml declares."""
    from pipeline.inputs.profile import load_profile

    declared = str(load_profile(paths)["wilayah"]["nama_bps"]).strip()
    stated = str(frame["wilayah"].iloc[0]) if not frame.empty else ""
    if stated.casefold() != declared.casefold():
        raise InputError(name, PARSE["bps_region_declared"].format(stated=stated, declared=declared),
                         column="Uraian", value=stated)


def read_checked(path: Path, peran: str, paths: Paths) -> pd.DataFrame:
    """One BPS file as the cleaning reads it (region checked, rates computed): what check-inputs parses."""
    frame = read_labour(path, peran, paths)
    if peran == "wilayah":
        _check_region(paths, frame, paths.rel(Path(path)))
    return add_rates(frame)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """``ketenagakerjaan``: the agency's region (all years in its file) and national labour
    data, plus rates; the region must be the one profil_instansi.yml declares."""
    frames = [read_labour(paths.raw_year(year) / filename, peran, paths)
              for peran, filename in FILES.items()]
    _check_region(paths, frames[0], paths.rel(paths.raw_year(year) / FILES["wilayah"]))
    return {catalogue.KETENAGAKERJAAN: add_rates(pd.concat(frames, ignore_index=True))}
