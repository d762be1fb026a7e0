"""The registry of realisasi sources: where an indicator's realisasi comes from.

An indicator names its source in ``iku.csv`` (column ``sumber_realisasi``). Each source is
declared once, here: what it measures, its unit, the processed tables it reads, the context
blocks Bab III shows with it, how it is computed (with the formula written out with the actual
operands, for the report) and, where the data allows, the same figure for the nation.

The cleaning step checks ``iku.csv`` against :data:`SOURCES`, the Great Expectations suite
``expectations/iku.json`` takes its value set from :func:`names`, the analyses, the validation
and the context tables read the declarations. A new source is one entry of :data:`SOURCES`
(plus its test).

Labour figures are looked up by *peran* (role): ``wilayah`` is the agency's own region,
``nasional`` the national comparison (``data/raw/<year>/bps_ketenagakerjaan_<peran>.csv``);
the region's name is the one stated in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from pipeline.errors import InputError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.idnum import fmt_number, is_number
from pipeline.measure import engine

WILAYAH, NASIONAL = "wilayah", "nasional"


@dataclass(frozen=True)
class Reading:
    """One realisasi: value (None when the data has none), a short account of how it was
    obtained, and the formula with the actual operands (None when nothing is computed)."""

    value: float | str | None
    cara: str
    rumus: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    uraian: str                 # what the figure is, for the report
    satuan: str
    rumus: str                  # the formula in words, with {n} for the year
    tables: tuple[str, ...]     # processed tables it reads
    context: tuple[str, ...]    # context blocks of Bab III (pipeline.analysis.context)
    read: Callable[[dict, int, str], Reading]
    national: Callable[[dict, int], float | None] | None = None
    # Where the figures come from, named as a reviewer can look them up (publication and table,
    # register, evaluation report); {year}, {next} (year + 1) and {wilayah} are filled in, and
    # {sumber_data} with the indicator's own iku.csv column (a reported figure has no other source).
    sumber: str = ""
    sumber_nasional: str = ""
    # The same formula as a pandas expression over one row per year of the processed tables it
    # reads (BPS variables by name; an IKM column and its ``<column>_tahun_lalu``). The sasaran
    # notebook evaluates it in view of the reader as a second method and checks it against
    # ``read``; None for a figure only the agency can report.
    rumus_pandas: str | None = None
    # The realisasi is a growth rate (year over year, %): the plausibility gate holds it to the
    # agency's declared growth range (batas_kewajaran.csv, ``pertumbuhan_realisasi``).
    pertumbuhan: bool = False

    @property
    def computed(self) -> bool:
        """False for figures only the agency can report (nothing to recompute)."""
        return bool(self.tables)


# ---------------------------------------------------------------- processed-table lookups

_need = catalogue.need  # a missing table: the catalogue's message (Bahasa Indonesia)


def labour_value(tables: dict, peran: str, tahun: int, variabel: str) -> float | None:
    """A labour figure of the agency's region (peran 'wilayah') or the nation ('nasional')."""
    df = _need(tables, catalogue.KETENAGAKERJAAN)
    hit = df[(df["peran"] == peran) & (df["tahun"] == tahun) & (df["variabel"] == variabel)]
    return None if hit.empty else float(hit["nilai"].iloc[0])


def region_name(tables: dict, peran: str = WILAYAH) -> str:
    """The region's name as stated in its BPS file ('Kota Payakumbuh', 'Indonesia')."""
    df = tables.get(catalogue.KETENAGAKERJAAN)
    if df is not None and not df.empty:
        hit = df.loc[df["peran"] == peran, "wilayah"]
        if not hit.empty:
            return str(hit.iloc[0])
    settings = tables.get(catalogue.INSTANSI)
    if peran == WILAYAH and settings is not None:
        hit = settings.loc[settings["kunci"] == "wilayah_nama_bps", "nilai"]
        if not hit.empty and isinstance(hit.iloc[0], str):
            return hit.iloc[0]
    return ""


def ikm_value(tables: dict, tahun: int, column: str) -> float | None:
    df = _need(tables, catalogue.IKM_AGREGAT)
    hit = df[df["tahun"] == tahun]
    if hit.empty or column not in hit or pd.isna(hit[column].iloc[0]):
        return None
    return float(hit[column].iloc[0])


def reported(tables: dict, indikator_id: str, tahun: int, column: str = "realisasi"):
    """A figure the agency published in capaian_kinerja_tahunan (text for grades, else float)."""
    df = tables.get(catalogue.CAPAIAN_TAHUNAN)
    if df is None:
        return None
    hit = df[(df["indikator_id"].astype(str) == str(indikator_id)) & (df["tahun"] == tahun)]
    if hit.empty:
        return None
    value = hit.iloc[0].get(column)
    if is_number(value):
        return float(value)
    text = hit.iloc[0].get(f"{column}_teks")
    if text is None or (not isinstance(text, str) and pd.isna(text)) or not str(text).strip():
        return None
    return str(text).strip()


# ---------------------------------------------------------------- source kinds

def _ratio(numerator: str, denominator: str, top: str, bottom: str):
    """A BPS rate numerator / denominator × 100 of the agency's region."""
    def read(tables: dict, year: int, indikator_id: str) -> Reading:
        a = labour_value(tables, WILAYAH, year, numerator)
        b = labour_value(tables, WILAYAH, year, denominator)
        if a is None or b is None:
            return Reading(None, f"data BPS {year} tidak tersedia")
        value = a / b * 100
        region = region_name(tables)
        return Reading(value, f"{top} {year} / {bottom} {year} × 100 (BPS, {region})",
                       f"{top} {year} / {bottom} {year} × 100% = {fmt_number(a, 0)} / {fmt_number(b, 0)} "
                       f"× 100%")
    return read


def _ratio_national(numerator: str, denominator: str):
    def national(tables: dict, year: int) -> float | None:
        a = labour_value(tables, NASIONAL, year, numerator)
        b = labour_value(tables, NASIONAL, year, denominator)
        return a / b * 100 if a is not None and b else None
    return national


def _growth(column: str, label: str, unit_note: str):
    """Growth of an IKM total, report year over the previous year."""
    def read(tables: dict, year: int, indikator_id: str) -> Reading:
        now, before = ikm_value(tables, year, column), ikm_value(tables, year - 1, column)
        if now is None or before is None:
            return Reading(None, f"{label.lower()} IKM {year - 1} atau {year} tidak tersedia")
        decimals = 0 if float(now).is_integer() else 3
        return Reading(engine.growth(now, before), f"({label} {year} − {year - 1}) / {year - 1} × 100 (IKM)",
                       f"({label} {year} − {label} {year - 1}) / {label} {year - 1} × 100% = "
                       f"({fmt_number(now, decimals)} − {fmt_number(before, 0)}) / {fmt_number(before, 0)} "
                       f"× 100%{unit_note}")
    return read


def _reported(tables: dict, year: int, indikator_id: str) -> Reading:
    return Reading(reported(tables, indikator_id, year),
                   "realisasi yang dilaporkan (tidak dapat dihitung dari data mentah)")


BPS_SUMBER = ("BPS, {wilayah} Dalam Angka {next}, tabel Penduduk Berumur 15 Tahun ke Atas menurut Jenis "
              "Kegiatan Selama Seminggu yang Lalu (Sakernas Agustus)")
BPS_NASIONAL = "BPS, Sakernas Agustus {year}: Penduduk Berumur 15 Tahun ke Atas menurut Jenis Kegiatan, Indonesia"
IKM_SUMBER = ("Register Pendataan IKM {year} Dinas (dibersihkan) dan seri IKM tahun sebelumnya "
              f"(LKjIP, {registry.published_number(catalogue.raw_file_for(catalogue.IKM_SERI))})")

SOURCES: dict[str, Source] = {s.name: s for s in (
    Source("bps_penyerapan", "Persentase penyerapan tenaga kerja", "%",
           "Penduduk usia kerja yang bekerja tahun {n} / Angkatan kerja tahun {n} × 100%",
           (catalogue.KETENAGAKERJAAN,), ("ketenagakerjaan",),
           _ratio("bekerja", "angkatan_kerja", "Penduduk usia kerja yang bekerja", "Angkatan kerja"),
           _ratio_national("bekerja", "angkatan_kerja"),
           rumus_pandas="bekerja / angkatan_kerja * 100", sumber=BPS_SUMBER, sumber_nasional=BPS_NASIONAL),
    Source("bps_tpt", "Tingkat Pengangguran Terbuka (TPT)", "%",
           "Penganggur tahun {n} / Angkatan kerja tahun {n} × 100%",
           (catalogue.KETENAGAKERJAAN,), ("ketenagakerjaan",),
           _ratio("penganggur", "angkatan_kerja", "Penganggur", "Angkatan kerja"),
           _ratio_national("penganggur", "angkatan_kerja"),
           rumus_pandas="penganggur / angkatan_kerja * 100", sumber=BPS_SUMBER, sumber_nasional=BPS_NASIONAL),
    Source("bps_tpak", "Tingkat Partisipasi Angkatan Kerja (TPAK)", "%",
           "Angkatan kerja tahun {n} / Penduduk usia kerja tahun {n} × 100%",
           (catalogue.KETENAGAKERJAAN,), ("ketenagakerjaan",),
           _ratio("angkatan_kerja", "penduduk_usia_kerja", "Angkatan kerja", "Penduduk usia kerja"),
           _ratio_national("angkatan_kerja", "penduduk_usia_kerja"),
           rumus_pandas="angkatan_kerja / penduduk_usia_kerja * 100", sumber=BPS_SUMBER,
           sumber_nasional=BPS_NASIONAL),
    Source("ikm_pertumbuhan_produksi", "Persentase peningkatan nilai produksi IKM", "%",
           "(Nilai produksi tahun {n} − Nilai produksi tahun n−1) / Nilai produksi tahun n−1 × 100%",
           (catalogue.IKM_AGREGAT,), ("ikm",),
           _growth("nilai_produksi_ribu_rp", "Nilai produksi", " (nilai produksi dalam ribu rupiah)"),
           rumus_pandas=("(nilai_produksi_ribu_rp - nilai_produksi_ribu_rp_tahun_lalu) "
                         "/ nilai_produksi_ribu_rp_tahun_lalu * 100"), sumber=IKM_SUMBER, pertumbuhan=True),
    Source("ikm_pertumbuhan_unit", "Persentase pertumbuhan unit usaha IKM", "%",
           "(Unit usaha tahun {n} − Unit usaha tahun n−1) / Unit usaha tahun n−1 × 100%",
           (catalogue.IKM_AGREGAT,), ("ikm",),
           _growth("unit_usaha", "Unit usaha", ""),
           rumus_pandas="(unit_usaha - unit_usaha_tahun_lalu) / unit_usaha_tahun_lalu * 100",
           sumber=IKM_SUMBER, pertumbuhan=True),
    Source("dilaporkan", "Realisasi yang dilaporkan instansi", "",
           "realisasi sebagaimana dilaporkan (tidak dapat dihitung dari data mentah)",
           (), (), _reported, sumber="{sumber_data}"),
)}


def names() -> list[str]:
    return list(SOURCES)


def is_growth(name: str) -> bool:
    """Whether the source ``name`` (an iku.csv ``sumber_realisasi``) declares a growth rate."""
    source = SOURCES.get(str(name))
    return bool(source and source.pertumbuhan)


def get(name: str) -> Source:
    """The declared source; InputError naming iku.csv when it is not declared."""
    try:
        return SOURCES[str(name)]
    except KeyError:
        raise InputError("data/raw/common/iku.csv", f"unknown sumber_realisasi; expected one of "
                         f"{', '.join(SOURCES)}", column="sumber_realisasi", value=str(name)) from None


def check_iku(iku: pd.DataFrame, file: str = "data/raw/common/iku.csv") -> None:
    """Every declared sumber_realisasi is a registered source (row numbers as in the file)."""
    for position, value in enumerate(iku["sumber_realisasi"]):
        if str(value) not in SOURCES:
            raise InputError(file, f"unknown sumber_realisasi; expected one of {', '.join(SOURCES)}",
                             row=position + 2, column="sumber_realisasi", value=str(value))


def read(tables: dict, name: str, year: int, indikator_id: str) -> Reading:
    return get(name).read(tables, year, indikator_id)


def national(tables: dict, name: str, year: int) -> float | None:
    source = get(name)
    return source.national(tables, year) if source.national else None
