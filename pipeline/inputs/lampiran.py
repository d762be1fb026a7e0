"""The documents the LKjIP appends and Bab I's inventory, transcribed as published.

Files read for a year ``Y`` (in data/raw/Y/), each optional (a missing file shows in the report
as a "BELUM DIISI" placeholder and makes it a draft, never an error):

  sarana_prasarana.csv  -> sarana_prasarana   Tabel 1.4: No, Jenis Barang, Jumlah, Keterangan, Kondisi Aset
  pk_dokumen.csv        -> pk_dokumen         every Perjanjian Kinerja: its parties, their positions
                                              and NIP, place and date (Dokumen = the key anggaran_pk.csv uses)
  pk_indikator.csv      -> pk_indikator       the sasaran, indicators and targets of the lower-level
                                              PKs (the Kepala Dinas PK is perjanjian_kinerja.csv)
  rkt.csv               -> rkt                Rencana Kinerja Tahunan: sasaran, indicator, target
  lke_laporan_terbit.csv -> lke_laporan_terbit the published report's answers on the evaluation sheet
                                              (LKE), with where the published report shows them

Texts stay as published (names, spellings, "80 %"); only counts are read as numbers. Blank
names, targets or counts (a new year's template) are allowed: the report prints BELUM DIISI.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue
from pipeline.inputs.rawio import ROW, read_table, to_numbers
from pipeline.messages import PARSE

FILES = catalogue.table_files("lampiran")
COLUMNS = {
    catalogue.SARANA_PRASARANA: {"No": "no", "Jenis Barang": "jenis_barang", "Jumlah": "jumlah",
                         "Keterangan": "keterangan", "Kondisi Aset (Baik/Rusak)": "kondisi"},
    catalogue.PK_DOKUMEN: {"Dokumen": "dokumen", "Judul": "judul", "Pihak Pertama": "pihak_pertama",
                   "Jabatan Pihak Pertama": "jabatan_pihak_pertama", "NIP Pihak Pertama": "nip_pihak_pertama",
                   "Pihak Kedua": "pihak_kedua", "Jabatan Pihak Kedua": "jabatan_pihak_kedua",
                   "NIP Pihak Kedua": "nip_pihak_kedua", "Tempat dan Tanggal": "tempat_tanggal"},
    catalogue.PK_INDIKATOR: {"Dokumen": "dokumen", "No": "no", "Sasaran": "sasaran",
                     "Indikator Kinerja": "indikator", "Target": "target"},
    catalogue.RKT: {"Sasaran Strategis": "sasaran", "Indikator Kinerja": "indikator", "Target": "target"},
    catalogue.LKE_LAPORAN_TERBIT: {"Kriteria": "kriteria", "Jawaban": "jawaban", "Letak": "letak",
                           "Keterangan": "keterangan"},
}
# Answers of the SAKIP evaluation sheet (LKE): Y/T for Pemenuhan, A-E for Kualitas.
LKE_ANSWERS = ("Y", "T", "A", "B", "C", "D", "E")
# Columns that must not be blank (the rest may be, as printed: a second indicator of the same
# sasaran leaves No and Sasaran blank).
REQUIRED_TEXT = {catalogue.SARANA_PRASARANA: ["Jenis Barang"], catalogue.PK_DOKUMEN: ["Dokumen"],
                 catalogue.PK_INDIKATOR: ["Dokumen", "Indikator Kinerja"], catalogue.RKT: ["Indikator Kinerja"],
                 catalogue.LKE_LAPORAN_TERBIT: ["Kriteria", "Jawaban"]}


def read(path: Path, table: str, paths: Paths) -> pd.DataFrame:
    """One file as its tidy table; every cell text except sarana_prasarana's Jumlah (a count)."""
    name = paths.rel(Path(path))
    spec = COLUMNS[table]
    df = read_table(path, required=list(spec), allow_empty=True)  # a new year starts with headers only
    for column in REQUIRED_TEXT[table]:
        blank = df[df[column].str.strip() == ""]
        if not blank.empty:
            raise InputError(name, f"column '{column}' is empty", row=int(blank[ROW].iloc[0]),
                             column=column, value="")
    out = df[list(spec)].rename(columns=spec).copy()
    if table == catalogue.SARANA_PRASARANA:
        # blank while a new year's inventory is being filled in: the report shows BELUM DIISI
        out["jumlah"] = pd.array(to_numbers(df, "Jumlah", "integer", file=name, required=False).tolist(),
                                 dtype="Int64")
    if table == catalogue.PK_DOKUMEN:
        duplicated = df[df["Dokumen"].duplicated()]
        if not duplicated.empty:
            raise InputError(name, "a document is listed twice", row=int(duplicated[ROW].iloc[0]),
                             column="Dokumen", value=duplicated["Dokumen"].iloc[0])
    if table == catalogue.LKE_LAPORAN_TERBIT:
        wrong = df[~df["Jawaban"].str.strip().str.upper().isin(LKE_ANSWERS)]
        if not wrong.empty:
            raise InputError(name, PARSE["one_of"].format(allowed=", ".join(LKE_ANSWERS)),
                             row=int(wrong[ROW].iloc[0]), column="Jawaban", value=wrong["Jawaban"].iloc[0])
        out["jawaban"] = out["jawaban"].str.strip().str.upper()
    out["sumber_baris"] = df[ROW].astype("int64")
    return out.reset_index(drop=True)


def tables(paths: Paths, year: int) -> dict[str, pd.DataFrame]:
    """The tables whose file exists in data/raw/<year>/ (absent files give no table)."""
    folder = paths.raw_year(year)
    return {table: read(folder / name, table, paths) for table, name in FILES.items()
            if (folder / name).is_file()}
