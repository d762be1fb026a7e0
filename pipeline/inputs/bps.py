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
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import registry
from pipeline.inputs.idnum import fmt_int
from pipeline.inputs.rawio import ROW, read_table, to_numbers
from pipeline.messages import PARSE

FILES = registry.role_files("bps")  # role (wilayah | nasional) -> file
REGION_LABEL = "wilayah"
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
REQUIRED = sorted(set(COUNTLABELS.values()))
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


def read_labour(path: Path, peran: str, paths: Paths | None = None) -> pd.DataFrame:
    """One BPS labour table as tidy rows (peran, wilayah, tahun, variabel, nilai, sumber_*).

    Raises InputError for a missing 'Uraian' column or 'Wilayah' row, a column that is not a
    year, an unknown or repeated label, a missing count label, or a malformed number.
    """
    paths = paths or Paths.default()
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
    for column, year in year_columns.items():
        counts = to_numbers(df[~is_rate & ~is_total], column, "count", file=name)
        sums = to_numbers(df[is_total], column, "count", file=name, required=False)
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
        frames.append(_derive_totals(frame))
    out = pd.concat(frames, ignore_index=True)
    return out[COLUMNS]


def _derive_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """Blank totals computed from their parts; blank printed rates dropped (they are derived)."""
    frame = frame[~(frame["variabel"].str.endswith("_dilaporkan") & frame["nilai"].isna())].copy()
    for total, parts in SUMS:
        at = frame.index[frame["variabel"] == total]
        if not len(at):
            continue
        values = frame.set_index("variabel")["nilai"]
        computed = float(sum(values[p] for p in parts))
        if pd.isna(frame.at[at[0], "nilai"]):
            frame.at[at[0], "nilai"] = computed
            frame.at[at[0], "sumber_file"] = COMPUTED
        elif frame.at[at[0], "nilai"] != computed:
            # a grey cell typed with a value its parts contradict: refused here, so check-inputs
            # stops on it exactly as the run's identity check would
            _refuse_total(frame, total, parts, computed)
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
    return {"ketenagakerjaan": add_rates(pd.concat(frames, ignore_index=True))}
