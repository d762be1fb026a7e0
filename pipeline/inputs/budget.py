"""Budget inputs: the sub-kegiatan export, every published subtotal, the Perjanjian Kinerja
program budgets, the APBD by account and the program/kegiatan/sub-kegiatan indicators.

Files read for a year ``Y`` (in data/raw/Y/):

  anggaran_subkegiatan.csv        -> anggaran_subkegiatan (one row per sub-kegiatan: the tree
                                     program > kegiatan > sub-kegiatan with pagu and realisasi)
  anggaran_rekap.csv              -> anggaran_rekap_dilaporkan (published subtotals, for checks)
  anggaran_pk.csv                 -> anggaran_pk
  apbd_rekening.csv               -> apbd_rekening
  indikator_program.csv           -> indikator_program
  indikator_program_analisis.csv  -> indikator_program_analisis

Pagu and realisasi are read strictly (a malformed amount stops the run with file, row, column
and value). Published percentages are kept as text with a lenient float (NaN when unreadable)
for the validation step. Roll-ups are never read from the files:
:func:`pipeline.measure.budget.rollup` computes them from the sub-kegiatan rows.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.published import (
    blank_to_na,
    display,
    lenient_number,
    percent_columns,
    required_text,
    unit_of,
)
from pipeline.inputs.rawio import ROW, is_total_label, published_table, read_table, to_numbers
from pipeline.messages import BLANK, PARSE

FILES = catalogue.table_files("budget")

REKAP_LEVELS = ("program", "kegiatan", "sasaran", "urusan", "total")
INDICATOR_LEVELS = ("program", "kegiatan", "sub_kegiatan")


def _ids(df: pd.DataFrame, column: str, path: Path, *, required: bool = True) -> pd.Series:
    return to_numbers(df, column, "integer", file=display(path), required=required)


def _text_or_na(df: pd.DataFrame, column: str) -> pd.Series:
    return blank_to_na(df[column]) if column in df else pd.Series(pd.NA, index=df.index, dtype="str")


def read_anggaran_subkegiatan(path: Path) -> pd.DataFrame:
    """The budget export: one row per sub-kegiatan with its sasaran, urusan and tree position."""
    cols = ["sasaran_id", "Urusan", "Program", "Kegiatan", "Sub Kegiatan", "Anggaran (Rp.)",
            "Realisasi Anggaran (Rp.)", "% Anggaran"]
    raw = read_table(path, cols)
    name = display(path)
    out = pd.DataFrame({
        "sasaran_id": _ids(raw, "sasaran_id", path),
        "urusan": required_text(raw, "Urusan", path),
        "program": required_text(raw, "Program", path),
        "kegiatan": required_text(raw, "Kegiatan", path),
        "sub_kegiatan": required_text(raw, "Sub Kegiatan", path),
        "pagu": to_numbers(raw, "Anggaran (Rp.)", "integer", file=name),
        "realisasi": to_numbers(raw, "Realisasi Anggaran (Rp.)", "integer", file=name),
    })
    out = out.join(percent_columns(raw, "% Anggaran"))
    out["sumber_baris"] = raw[ROW].astype("Int64")
    out["tabel"] = published_table(path)
    return out.reset_index(drop=True)


def read_anggaran_rekap(path: Path) -> pd.DataFrame:
    """Published subtotals (program, kegiatan, sasaran, urusan, total) as the tables print them."""
    cols = ["Tabel", "Tingkat", "Sasaran", "Program", "Kegiatan", "Pagu", "Realisasi", "%"]
    # Optional: the roll-ups are computed; published subtotals are entered only to be compared.
    raw = read_table(path, cols, optional=["Urusan", "Uraian"], allow_empty=True)
    name = display(path)
    tingkat = raw["Tingkat"].str.strip().str.lower()
    for value, shown, row in zip(tingkat, raw["Tingkat"], raw[ROW]):
        if value not in REKAP_LEVELS:
            raise InputError(name, PARSE["one_of"].format(allowed=", ".join(REKAP_LEVELS)), row=int(row),
                             column="Tingkat", value=shown)
    out = pd.DataFrame({
        "tabel": required_text(raw, "Tabel", path),
        "tingkat": tingkat.astype("str"),
        "sasaran_id": _ids(raw, "Sasaran", path, required=False),
        "urusan": _text_or_na(raw, "Urusan"),
        "program": _text_or_na(raw, "Program"),
        "kegiatan": _text_or_na(raw, "Kegiatan"),
        "pagu": to_numbers(raw, "Pagu", "integer", file=name),
        "realisasi": to_numbers(raw, "Realisasi", "integer", file=name),
    })
    # A subtotal without the key that places it in the tree cannot be checked.
    needs = {"program": ["program"], "kegiatan": ["program", "kegiatan"], "sasaran": ["sasaran_id"],
             "urusan": ["urusan"]}
    columns = {"program": "Program", "kegiatan": "Kegiatan", "sasaran_id": "Sasaran", "urusan": "Urusan"}
    for i, level in tingkat.items():
        for key in needs.get(level, []):
            if pd.isna(out.at[i, key]):
                raise InputError(name, PARSE["subtotal_needs"].format(level=level, column=columns[key]), row=int(raw.at[i, ROW]),
                                 column=columns[key], value=BLANK)
    out = out.join(percent_columns(raw, "%"))
    out["uraian"] = _text_or_na(raw, "Uraian")
    out["sumber_baris"] = raw[ROW].astype("Int64")
    return out.reset_index(drop=True)


def read_anggaran_pk(path: Path) -> pd.DataFrame:
    """Program budgets of the Perubahan Perjanjian Kinerja documents, TOTAL rows included.

    Rows without an amount (kegiatan headings, "Rp." alone) get <NA>; TOTAL rows are flagged so
    checks can compare them with the sum of their document's rows.
    """
    raw = read_table(path, ["Dokumen", "No", "Program", "Anggaran", "Keterangan"])
    name = display(path)
    out = pd.DataFrame({
        "dokumen": required_text(raw, "Dokumen", path),
        "no": blank_to_na(raw["No"]),
        "program": required_text(raw, "Program", path),
        "anggaran": to_numbers(raw, "Anggaran", "integer", file=name, required=False),
        "keterangan": blank_to_na(raw["Keterangan"]),
    })
    out["is_total"] = out["program"].map(is_total_label).astype(bool)
    out["sumber_baris"] = raw[ROW].astype("Int64")
    # A TOTAL left blank (grey in the analyst's workbook) is the sum of its document's rows.
    for i in out.index[out["is_total"] & out["anggaran"].isna()]:
        parts = out.loc[(out["dokumen"] == out.at[i, "dokumen"]) & ~out["is_total"], "anggaran"]
        if parts.notna().any():
            out.at[i, "anggaran"] = parts.sum()
    return out.reset_index(drop=True)


def read_apbd_rekening(path: Path) -> pd.DataFrame:
    """Tabel 1.5: APBD by account before and after the Perubahan, with the published difference."""
    cols = ["Kode Rekening", "Uraian", "Sebelum Perubahan", "Setelah Perubahan", "Bertambah/ Berkurang"]
    raw = read_table(path, cols)
    name = display(path)
    kode = blank_to_na(raw["Kode Rekening"])
    uraian = required_text(raw, "Uraian", path)
    out = pd.DataFrame({
        "kode": kode,
        "uraian": uraian,
        "sebelum": to_numbers(raw, "Sebelum Perubahan", "integer", file=name, required=False),
        "setelah": to_numbers(raw, "Setelah Perubahan", "integer", file=name, required=False),
        "selisih": to_numbers(raw, "Bertambah/ Berkurang", "integer", file=name, required=False),
    })
    out["level"] = pd.array([None if pd.isna(k) else len(str(k).split(".")) for k in kode], dtype="Int64")
    # 'Jumlah Belanja' and 'Total Surplus/ Defisit' carry no account code.
    out["is_total"] = (kode.isna() & uraian.map(is_total_label)).astype(bool)
    out["sumber_baris"] = raw[ROW].astype("Int64")
    return out.reset_index(drop=True)


def read_indikator_program(path: Path) -> pd.DataFrame:
    """Tabel 3.26: one row per program/kegiatan/sub-kegiatan indicator, target and realisasi as text
    with lenient floats and the unit they were written with."""
    cols = ["No", "Sasaran", "Tingkat", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target Kinerja",
            "Realisasi Kinerja", "%"]
    raw = read_table(path, cols, optional=(RESTATES,))
    name = display(path)
    raw = _restated(raw, path)
    tingkat = raw["Tingkat"].str.strip().str.lower().str.replace(" ", "_")
    for value, shown, row in zip(tingkat, raw["Tingkat"], raw[ROW]):
        if value not in INDICATOR_LEVELS:
            raise InputError(name, PARSE["one_of"].format(allowed=", ".join(INDICATOR_LEVELS)), row=int(row),
                             column="Tingkat", value=shown)
    target = blank_to_na(raw["Target Kinerja"])
    realisasi = blank_to_na(raw["Realisasi Kinerja"])
    out = pd.DataFrame({
        "sasaran_id": _ids(raw, "No", path),
        "sasaran": blank_to_na(raw["Sasaran"]),
        "tingkat": tingkat.astype("str"),
        "nama": required_text(raw, "Program/Kegiatan/Sub Kegiatan", path),
        "indikator": required_text(raw, "Indikator Kinerja", path),
        "target_teks": target,
        "target": pd.array([lenient_number(t) for t in target], dtype="Float64"),
        "realisasi_teks": realisasi,
        "realisasi": pd.array([lenient_number(t) for t in realisasi], dtype="Float64"),
        "satuan": pd.Series([unit_of(t, r) for t, r in zip(target, realisasi)], index=raw.index, dtype="str"),
    })
    out = out.join(percent_columns(raw, "%"))
    out["sumber_baris"] = raw[ROW].astype("Int64")
    out["tabel"] = published_table(path)
    return out.reset_index(drop=True)


RESTATES = registry.entry("indikator_program.csv").restates


def _restated(raw: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Rows naming an IKU in ``indikator_id`` (the AKIP grade as a program indicator) take its
    target from perjanjian_kinerja.csv and its realisasi from capaian_kinerja_tahunan.csv, so
    the grade is typed once; a value typed here must agree with them."""
    if RESTATES not in raw.columns or not raw[RESTATES].str.strip().any():
        return raw
    folder, name = path.parent, display(path)
    year = folder.name
    pk = read_table(folder / "perjanjian_kinerja.csv", ["indikator_id", "Target"])
    capaian = read_table(folder / "capaian_kinerja_tahunan.csv", ["indikator_id", "Tahun", "Realisasi"])
    this_year = capaian[capaian["Tahun"].str.strip() == year]
    sources = {"Target Kinerja": (dict(zip(pk["indikator_id"].str.strip(), pk["Target"].str.strip())),
                                  "perjanjian_kinerja.csv", "Target"),
               "Realisasi Kinerja": (dict(zip(this_year["indikator_id"].str.strip(),
                                              this_year["Realisasi"].str.strip())),
                                     "capaian_kinerja_tahunan.csv", "Realisasi")}
    raw = raw.copy()
    for i, iid, row in zip(raw.index, raw[RESTATES].str.strip(), raw[ROW]):
        if not iid:
            continue
        for column, (values, source, source_column) in sources.items():
            if iid not in values:
                raise InputError(name, PARSE["restated_unknown"].format(source=source), row=int(row),
                                 column=RESTATES, value=iid)
            typed, given = raw.at[i, column].strip(), values[iid]
            if typed and not _same_figure(typed, given):
                raise InputError(name, PARSE["restated_differs"].format(
                    source=source, source_column=source_column, iid=iid, given=given),
                    row=int(row), column=column, value=typed)
            raw.at[i, column] = given
    return raw


def _same_figure(a: str, b: str) -> bool:
    x, y = lenient_number(a), lenient_number(b)
    if not (math.isnan(x) or math.isnan(y)):  # both numbers
        return x == y
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


_LEVEL_PREFIX = re.compile(r"^\s*(program|kegiatan|sub\s+kegiatan)\b", re.IGNORECASE)


def read_indikator_program_analisis(path: Path) -> pd.DataFrame:
    """Tabel 3.9/3.16/3.24: program/kegiatan lines with their published % capaian and verdict."""
    cols = ["Tabel", "sasaran_id", "Program/Kegiatan", "Indikator Kinerja", "% Capaian", "Menunjang /Kurang"]
    raw = read_table(path, cols)
    nama = required_text(raw, "Program/Kegiatan", path)

    def level(text: str):
        match = _LEVEL_PREFIX.match(text)
        return match.group(1).lower().replace(" ", "_") if match else None

    out = pd.DataFrame({
        "tabel": required_text(raw, "Tabel", path),
        "sasaran_id": _ids(raw, "sasaran_id", path),
        "tingkat": pd.Series([level(n) for n in nama], index=raw.index, dtype="str"),
        "nama": nama,
        "indikator": required_text(raw, "Indikator Kinerja", path),
    })
    out = out.join(percent_columns(raw, "% Capaian"))
    out["menunjang"] = blank_to_na(raw["Menunjang /Kurang"])
    out["sumber_baris"] = raw[ROW].astype("Int64")
    return out.reset_index(drop=True)


READERS = {
    catalogue.ANGGARAN_SUBKEGIATAN: read_anggaran_subkegiatan,
    catalogue.ANGGARAN_REKAP_DILAPORKAN: read_anggaran_rekap,
    catalogue.ANGGARAN_PK: read_anggaran_pk,
    catalogue.APBD_REKENING: read_apbd_rekening,
    catalogue.INDIKATOR_PROGRAM: read_indikator_program,
    catalogue.INDIKATOR_PROGRAM_ANALISIS: read_indikator_program_analisis,
}


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """Every budget table of ``year``."""
    folder = paths.raw_year(year)
    return {table: READERS[table](folder / file) for table, file in FILES.items()}
