"""The data catalogue: every processed table and every report-folder file, declared once.

A processed table (``data/processed/<year>/<name>``) is declared here with its name, its columns
and their dtypes, the step that writes it (the cleaning, always), the raw files it comes from
(:data:`RAW_FILES`: the files of data/raw/common/ and every per-year file of
:mod:`pipeline.inputs.registry`, which asks :func:`tables_fed_by` what a file feeds) and the
steps that may read it. The cleaning writes each table through :func:`write`: typed, as Parquet (what every
reader reads, through :func:`read` or :class:`pipeline.measure.indicators.ProcessedTables`), plus
a CSV copy for people with the same rows. No consumer guesses a dtype again, and ids have one
type everywhere: ``indikator_id`` is text ("1.10" is not "1.1"), ``sasaran_id`` a (nullable)
integer, as notebooks and file names use it (``sasaran_id = 1``, ``sasaran_1.json``).

The readers are what a step *may* read; the run's cache keys on what a step's notebook *did*
read (pipeline.inputs.reads), and a test holds every recorded read of a real run to these
declarations. Report-folder files (``reports/<year>/...``) are declared at the end, with the
step that writes each. No other module of ``pipeline/`` names a processed table's or a report
file's file name (tests/test_catalogue.py scans for it).

A table's name is spelled once, as a constant below (``IKU = "iku"``); every other module and
notebook names the table through it: ``tables[catalogue.IKU]``, ``need(tables, catalogue.TARGET)``,
``catalogue.read(catalogue.IKU, folder)``, ``(catalogue.IKU,)`` in a lineage declaration. A
string literal naming a table in such a place fails tests/test_catalogue.py.

Adding a table: add its constant and its ``_table(...)`` declaration here, its raw file in
:data:`RAW_FILES` (and the file itself in the registry); the test comparing the catalogue with a
real cleaning says which column or dtype is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputError
from pipeline.inputs import reads, registry
from pipeline.messages import PARSE

if TYPE_CHECKING:  # pandas is imported only where a table is read or written
    import pandas as pd

# dtypes (pandas names); the ids have one each.
TEXT, INT, INT_NA, FLOAT, FLOAT_NA, BOOL, DATE = ("str", "int64", "Int64", "float64", "Float64", "bool",
                                                  "datetime64[s]")
INDIKATOR_ID, SASARAN_ID = TEXT, INT_NA
ID_TYPES = {"indikator_id": INDIKATOR_ID, "sasaran_id": SASARAN_ID}

# Steps (pipeline.run.steps; every sasaran_<id> step is SASARAN) and the other readers: the
# report's assembly (the sasaran of iku) and ``lkjip new-year`` (the template year's IKM series).
CLEAN, VALIDATE, ORGANISASI, SASARAN, ANGGARAN = "clean", "validate", "organisasi", "sasaran", "anggaran"
ASSEMBLE, NEW_YEAR = "assemble", "new-year"
PARQUET, CSV = ".parquet", ".csv"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]   # (column, dtype) in the order the cleaning writes them
    readers: tuple[str, ...]               # steps that may read it
    writer: str = CLEAN

    @property
    def dtypes(self) -> dict[str, str]:
        return dict(self.columns)


def _table(name: str, readers: tuple[str, ...], **columns: str) -> Table:
    return Table(name, tuple(columns.items()), readers)


# The processed tables' names: the one place each is spelled. Everything else names a table
# through these (``tables[catalogue.IKU]``, ``catalogue.read(catalogue.IKU, folder)``); a test
# scans pipeline/ and the notebooks for a table named by a string literal.
ANGGARAN_PK = "anggaran_pk"
ANGGARAN_REKAP_DILAPORKAN = "anggaran_rekap_dilaporkan"
ANGGARAN_SUBKEGIATAN = "anggaran_subkegiatan"
ANGKA_DIPUBLIKASIKAN = "angka_dipublikasikan"
APBD_REKENING = "apbd_rekening"
BATAS_KEWAJARAN = "batas_kewajaran"
CAPAIAN_TAHUNAN = "capaian_tahunan"
FASILITASI_HALAL = "fasilitasi_halal"
IKM_AGREGAT = "ikm_agregat"
IKM_KLASIFIKASI_DILAPORKAN = "ikm_klasifikasi_dilaporkan"
IKM_LOG_PEMBERSIHAN = "ikm_log_pembersihan"
IKM_PER_JENIS = "ikm_per_jenis"
IKM_PER_KELURAHAN = "ikm_per_kelurahan"
IKM_PERUSAHAAN = "ikm_perusahaan"
IKM_SERI = "ikm_seri"
IKU = "iku"
INDIKATOR_PROGRAM = "indikator_program"
INDIKATOR_PROGRAM_ANALISIS = "indikator_program_analisis"
INSTANSI = "instansi"
KETENAGAKERJAAN = "ketenagakerjaan"
KONFIRMASI_KEWAJARAN = "konfirmasi_kewajaran"
LKE_LAPORAN_TERBIT = "lke_laporan_terbit"
NARASI = "narasi"
PEGAWAI_GOLONGAN = "pegawai_golongan"
PEGAWAI_GOLONGAN_DILAPORKAN = "pegawai_golongan_dilaporkan"
PEGAWAI_PENDIDIKAN = "pegawai_pendidikan"
PEGAWAI_PENDIDIKAN_DILAPORKAN = "pegawai_pendidikan_dilaporkan"
PELATIHAN = "pelatihan"
PENCARI_KERJA = "pencari_kerja"
PENCARI_KERJA_DILAPORKAN = "pencari_kerja_dilaporkan"
PENEMPATAN = "penempatan"
PENEMPATAN_DILAPORKAN = "penempatan_dilaporkan"
PENYALURAN = "penyaluran"
PENYALURAN_DILAPORKAN = "penyaluran_dilaporkan"
PK_DOKUMEN = "pk_dokumen"
PK_INDIKATOR = "pk_indikator"
RKT = "rkt"
SARANA_PRASARANA = "sarana_prasarana"
SDM_SASARAN = "sdm_sasaran"
SKALA_KRITERIA = "skala_kriteria"
SKALA_ORDINAL = "skala_ordinal"
STANDAR_NASIONAL = "standar_nasional"
STRATEGI_KEBIJAKAN = "strategi_kebijakan"
TARGET = "target"


_TABLES = (
    _table(ANGGARAN_PK, (VALIDATE, ORGANISASI), dokumen=TEXT, no=TEXT, program=TEXT, anggaran=INT_NA,
           keterangan=TEXT, is_total=BOOL, sumber_baris=INT_NA),
    _table(ANGGARAN_REKAP_DILAPORKAN, (VALIDATE,), tabel=TEXT, tingkat=TEXT, sasaran_id=SASARAN_ID,
           urusan=TEXT, program=TEXT, kegiatan=TEXT, pagu=INT_NA, realisasi=INT_NA, persen_teks=TEXT,
           persen_dilaporkan=FLOAT_NA, desimal=INT_NA, uraian=TEXT, sumber_baris=INT_NA),
    _table(ANGGARAN_SUBKEGIATAN, (VALIDATE, ORGANISASI, SASARAN, ANGGARAN), sasaran_id=SASARAN_ID,
           urusan=TEXT, program=TEXT, kegiatan=TEXT, sub_kegiatan=TEXT, pagu=INT_NA, realisasi=INT_NA,
           persen_teks=TEXT, persen_dilaporkan=FLOAT_NA, desimal=INT_NA, sumber_baris=INT_NA, tabel=TEXT),
    _table(ANGKA_DIPUBLIKASIKAN, (VALIDATE, ORGANISASI, SASARAN), id=TEXT, tabel=TEXT, lokasi=TEXT,
           besaran=TEXT, objek=TEXT, tahun=INT, nilai=TEXT, keterangan=TEXT, nilai_angka=FLOAT_NA,
           desimal=INT_NA, sumber_baris=INT_NA),
    _table(APBD_REKENING, (VALIDATE, ORGANISASI), kode=TEXT, uraian=TEXT, sebelum=INT_NA, setelah=INT_NA,
           selisih=INT_NA, level=INT_NA, is_total=BOOL, sumber_baris=INT_NA),
    _table(BATAS_KEWAJARAN, (VALIDATE,), cek=TEXT, batas_bawah=FLOAT, batas_atas=FLOAT, satuan=TEXT,
           keterangan=TEXT, sumber_baris=INT_NA),
    _table(CAPAIAN_TAHUNAN, (VALIDATE, ORGANISASI, SASARAN), indikator_id=INDIKATOR_ID,
           sasaran_id=SASARAN_ID, tahun=INT, target_teks=TEXT, target=FLOAT_NA, realisasi_teks=TEXT,
           realisasi=FLOAT_NA, realisasi_desimal=INT_NA, tabel=TEXT, sumber_baris=INT_NA),
    _table(FASILITASI_HALAL, (VALIDATE, SASARAN), mekanisme=TEXT, no=INT_NA, nama_ikm=TEXT,
           jenis_produk=TEXT, no_sertifikat=TEXT, alamat=TEXT, sumber_baris=INT_NA),
    _table(IKM_AGREGAT, (VALIDATE, ORGANISASI, SASARAN, NEW_YEAR), tahun=INT_NA, unit_usaha=INT_NA,
           formal=INT_NA, non_formal=INT_NA, mikro=INT_NA, kecil=INT_NA, menengah=INT_NA, tenaga_kerja=INT_NA,
           investasi_ribu_rp=FLOAT_NA, nilai_produksi_ribu_rp=FLOAT_NA, sumber=TEXT),
    _table(IKM_KLASIFIKASI_DILAPORKAN, (VALIDATE,), tahun=INT, formal=INT_NA, non_formal=INT_NA,
           sumber_file=TEXT),
    _table(IKM_LOG_PEMBERSIHAN, (VALIDATE, SASARAN), sumber_baris=INT_NA, id_ikm=TEXT, aturan=TEXT,
           tindakan=TEXT, kolom=TEXT, nilai_lama=TEXT, nilai_baru=TEXT, alasan=TEXT, duplikat_dari=INT_NA),
    _table(IKM_PER_JENIS, (VALIDATE, SASARAN), jenis_industri=TEXT, unit_usaha=INT, formal=INT,
           non_formal=INT, tenaga_kerja=INT, investasi_ribu_rp=FLOAT_NA, nilai_produksi_ribu_rp=FLOAT_NA),
    _table(IKM_PER_KELURAHAN, (VALIDATE,), kelurahan=TEXT, unit_usaha=INT, formal=INT, non_formal=INT,
           tenaga_kerja=INT, investasi_ribu_rp=FLOAT_NA, nilai_produksi_ribu_rp=FLOAT_NA),
    _table(IKM_PERUSAHAAN, (VALIDATE,), id_ikm=TEXT, nama_usaha=TEXT, alamat=TEXT, kelurahan=TEXT,
           kbli=TEXT, jenis_industri=TEXT, formal=BOOL, klasifikasi=TEXT, tenaga_kerja=INT_NA,
           investasi_rp=INT_NA, nilai_produksi_rp=INT_NA, sumber_baris=INT_NA, sumber_data=TEXT),
    _table(IKM_SERI, (VALIDATE,), tahun=INT, unit_usaha=INT_NA, formal=INT_NA, non_formal=INT_NA,
           tenaga_kerja=INT_NA, investasi_ribu_rp=INT_NA, nilai_produksi_ribu_rp=INT_NA, sumber_file=TEXT),
    _table(IKU, (VALIDATE, ORGANISASI, SASARAN, ASSEMBLE), indikator_id=INDIKATOR_ID,
           sasaran_id=SASARAN_ID, tujuan=TEXT, indikator_tujuan=TEXT, sasaran=TEXT, indikator=TEXT,
           satuan=TEXT, polaritas=TEXT, formula=TEXT, sumber_realisasi=TEXT, alasan=TEXT, sumber_data=TEXT),
    _table(INDIKATOR_PROGRAM, (VALIDATE, SASARAN, ANGGARAN), sasaran_id=SASARAN_ID, sasaran=TEXT,
           tingkat=TEXT, nama=TEXT, indikator=TEXT, target_teks=TEXT, target=FLOAT_NA, realisasi_teks=TEXT,
           realisasi=FLOAT_NA, satuan=TEXT, persen_teks=TEXT, persen_dilaporkan=FLOAT_NA, desimal=INT_NA,
           sumber_baris=INT_NA, tabel=TEXT),
    _table(INDIKATOR_PROGRAM_ANALISIS, (VALIDATE,), tabel=TEXT, sasaran_id=SASARAN_ID, tingkat=TEXT,
           nama=TEXT, indikator=TEXT, persen_teks=TEXT, persen_dilaporkan=FLOAT_NA, desimal=INT_NA,
           menunjang=TEXT, sumber_baris=INT_NA),
    _table(INSTANSI, (VALIDATE, ORGANISASI, SASARAN), kunci=TEXT, nilai=TEXT),
    _table(KETENAGAKERJAAN, (VALIDATE, ORGANISASI, SASARAN), peran=TEXT, wilayah=TEXT, tahun=INT,
           variabel=TEXT, nilai=FLOAT, sumber_file=TEXT, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(KONFIRMASI_KEWAJARAN, (VALIDATE,), kunci=TEXT, alasan=TEXT, urutan=INT),
    _table(LKE_LAPORAN_TERBIT, (VALIDATE, ORGANISASI), kriteria=TEXT, jawaban=TEXT, letak=TEXT,
           keterangan=TEXT, sumber_baris=INT),
    _table(NARASI, (VALIDATE,), sasaran_id=SASARAN_ID, bagian=TEXT, urutan=INT, teks=TEXT, tempat=TEXT),
    _table(PEGAWAI_GOLONGAN, (VALIDATE, ORGANISASI), kategori=TEXT, unit=TEXT, jenis_kelamin=TEXT,
           jumlah=INT_NA, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PEGAWAI_GOLONGAN_DILAPORKAN, (VALIDATE,), kategori=TEXT, unit=TEXT, jenis_kelamin=TEXT,
           jumlah_dilaporkan=INT_NA, is_total=BOOL, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PEGAWAI_PENDIDIKAN, (VALIDATE, ORGANISASI), kategori=TEXT, unit=TEXT, jenis_kelamin=TEXT,
           jumlah=INT_NA, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PEGAWAI_PENDIDIKAN_DILAPORKAN, (VALIDATE,), kategori=TEXT, unit=TEXT, jenis_kelamin=TEXT,
           jumlah_dilaporkan=INT_NA, is_total=BOOL, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PELATIHAN, (VALIDATE, SASARAN), penyelenggara=TEXT, sumber_dana=TEXT, pelatihan=TEXT,
           angkatan=INT_NA, peserta=INT_NA, tanggal_mulai_teks=TEXT, tanggal_selesai_teks=TEXT,
           tanggal_mulai=DATE, tanggal_selesai=DATE, tempat=TEXT, sumber_baris=INT_NA),
    _table(PENCARI_KERJA, (VALIDATE, SASARAN), pendidikan=TEXT, jenis_kelamin=TEXT, jumlah=INT_NA,
           sumber_baris=INT_NA),
    _table(PENCARI_KERJA_DILAPORKAN, (VALIDATE,), pendidikan=TEXT, jenis_kelamin=TEXT,
           jumlah_dilaporkan=INT_NA, is_total=BOOL, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PENEMPATAN, (VALIDATE, SASARAN), pendidikan=TEXT, jenis_kelamin=TEXT, jumlah=INT_NA,
           sumber_baris=INT_NA),
    _table(PENEMPATAN_DILAPORKAN, (VALIDATE,), pendidikan=TEXT, jenis_kelamin=TEXT,
           jumlah_dilaporkan=INT_NA, is_total=BOOL, sumber_baris=INT_NA, sumber_kolom=TEXT),
    _table(PENYALURAN, (VALIDATE, SASARAN), no=TEXT, keterangan=TEXT, jumlah=INT_NA, sumber_baris=INT_NA),
    _table(PENYALURAN_DILAPORKAN, (VALIDATE,), keterangan=TEXT, jumlah_dilaporkan=INT_NA,
           sumber_baris=INT_NA),
    _table(PK_DOKUMEN, (VALIDATE, ORGANISASI), dokumen=TEXT, judul=TEXT, pihak_pertama=TEXT,
           jabatan_pihak_pertama=TEXT, nip_pihak_pertama=TEXT, pihak_kedua=TEXT, jabatan_pihak_kedua=TEXT,
           nip_pihak_kedua=TEXT, tempat_tanggal=TEXT, sumber_baris=INT),
    _table(PK_INDIKATOR, (VALIDATE, ORGANISASI), dokumen=TEXT, no=TEXT, sasaran=TEXT, indikator=TEXT,
           target=TEXT, sumber_baris=INT),
    _table(RKT, (VALIDATE, ORGANISASI), sasaran=TEXT, indikator=TEXT, target=TEXT, sumber_baris=INT),
    _table(SARANA_PRASARANA, (VALIDATE, ORGANISASI), no=TEXT, jenis_barang=TEXT, jumlah=INT_NA,
           keterangan=TEXT, kondisi=TEXT, sumber_baris=INT),
    _table(SDM_SASARAN, (VALIDATE, ORGANISASI, SASARAN), sasaran_id=SASARAN_ID, jumlah=INT_NA, asn=INT_NA,
           p3k=INT_NA, tjp=INT_NA, sumber=TEXT, sumber_baris=INT_NA),
    _table(SKALA_KRITERIA, (VALIDATE, ORGANISASI, SASARAN), kriteria=TEXT, batas_bawah=FLOAT,
           batas_atas=FLOAT, bawah_inklusif=BOOL, atas_inklusif=BOOL, interval_teks=TEXT,
           sumber_baris=INT_NA),
    _table(SKALA_ORDINAL, (VALIDATE, ORGANISASI, SASARAN, ANGGARAN), nilai=TEXT, urutan=INT),
    _table(STANDAR_NASIONAL, (VALIDATE, ORGANISASI, SASARAN), indikator_id=INDIKATOR_ID,
           sasaran_id=SASARAN_ID, tabel=TEXT, realisasi_teks=TEXT, realisasi=FLOAT_NA, standar_teks=TEXT,
           standar=FLOAT_NA, keterangan=TEXT, sumber_baris=INT_NA),
    _table(STRATEGI_KEBIJAKAN, (VALIDATE, ORGANISASI), sasaran_id=SASARAN_ID, urutan=INT, tujuan_rpd=TEXT,
           sasaran_rpd=TEXT, tujuan=TEXT, sasaran=TEXT, strategi=TEXT, arah_kebijakan=TEXT),
    _table(TARGET, (VALIDATE, ORGANISASI, SASARAN), indikator_id=INDIKATOR_ID, sasaran_id=SASARAN_ID,
           jenis=TEXT, tahun=INT_NA, nilai_teks=TEXT, nilai=FLOAT_NA, sumber_file=TEXT, sumber_baris=INT_NA,
           sumber_kolom=TEXT),
)

TABLES: dict[str, Table] = {t.name: t for t in _TABLES}

# Raw files (relative to data/raw, ``{year}`` = the report year) and the processed tables each
# feeds, the table its parser is known by first: data/raw/common/ (the year's Perjanjian Kinerja
# is merged into 'target'), then every per-year file of the raw-file registry in its order (which
# cannot name a table itself: the catalogue imports it). The narrative feeds its texts and the
# analyst's plausibility confirmations.
RAW_FILES = {
    "common/iku.csv": (IKU,),
    "common/target_renstra.csv": (TARGET,),
    "common/skala_kriteria.csv": (SKALA_KRITERIA,),
    "common/skala_ordinal.csv": (SKALA_ORDINAL,),
    "common/strategi_kebijakan.csv": (STRATEGI_KEBIJAKAN,),
    "common/profil_instansi.yml": (INSTANSI,),
    "common/batas_kewajaran.csv": (BATAS_KEWAJARAN,),
    "{year}/bps_ketenagakerjaan_wilayah.csv": (KETENAGAKERJAAN,),
    "{year}/bps_ketenagakerjaan_nasional.csv": (KETENAGAKERJAAN,),
    "{year}/ikm_perkembangan.csv": (IKM_SERI,),
    "{year}/ikm_klasifikasi.csv": (IKM_KLASIFIKASI_DILAPORKAN,),
    "{year}/ikm_register.csv": (IKM_PERUSAHAAN, IKM_LOG_PEMBERSIHAN),
    "{year}/perjanjian_kinerja.csv": (TARGET,),
    "{year}/capaian_kinerja_tahunan.csv": (CAPAIAN_TAHUNAN,),
    "{year}/standar_nasional.csv": (STANDAR_NASIONAL,),
    "{year}/angka_dipublikasikan.csv": (ANGKA_DIPUBLIKASIKAN,),
    "{year}/anggaran_subkegiatan.csv": (ANGGARAN_SUBKEGIATAN,),
    "{year}/anggaran_rekap.csv": (ANGGARAN_REKAP_DILAPORKAN,),
    "{year}/anggaran_pk.csv": (ANGGARAN_PK,),
    "{year}/apbd_rekening.csv": (APBD_REKENING,),
    "{year}/indikator_program.csv": (INDIKATOR_PROGRAM,),
    "{year}/indikator_program_analisis.csv": (INDIKATOR_PROGRAM_ANALISIS,),
    "{year}/pencari_kerja.csv": (PENCARI_KERJA, PENCARI_KERJA_DILAPORKAN),
    "{year}/penempatan_tenaga_kerja.csv": (PENEMPATAN, PENEMPATAN_DILAPORKAN),
    "{year}/penyaluran_tenaga_kerja.csv": (PENYALURAN, PENYALURAN_DILAPORKAN),
    "{year}/pelatihan.csv": (PELATIHAN,),
    "{year}/fasilitasi_halal.csv": (FASILITASI_HALAL,),
    "{year}/pegawai_golongan.csv": (PEGAWAI_GOLONGAN, PEGAWAI_GOLONGAN_DILAPORKAN),
    "{year}/pegawai_pendidikan.csv": (PEGAWAI_PENDIDIKAN, PEGAWAI_PENDIDIKAN_DILAPORKAN),
    "{year}/sdm_sasaran.csv": (SDM_SASARAN,),
    "{year}/sarana_prasarana.csv": (SARANA_PRASARANA,),
    "{year}/pk_dokumen.csv": (PK_DOKUMEN,),
    "{year}/pk_indikator.csv": (PK_INDIKATOR,),
    "{year}/rkt.csv": (RKT,),
    "{year}/lke_laporan_terbit.csv": (LKE_LAPORAN_TERBIT,),
    "{year}/narasi.yml": (NARASI, KONFIRMASI_KEWAJARAN),
}
YEAR_FOLDER = "{year}/"
# Tables the cleaning computes from other processed tables.
DERIVED = {
    IKM_AGREGAT: (IKM_SERI, IKM_PERUSAHAAN),
    IKM_PER_JENIS: (IKM_PERUSAHAAN,),
    IKM_PER_KELURAHAN: (IKM_PERUSAHAAN,),
    IKM_LOG_PEMBERSIHAN: (IKM_PERUSAHAAN,),
}


def raw_files_of(table: str, year: int) -> tuple[str, ...]:
    """Raw files (relative to data/raw) a processed table comes from."""
    if table in DERIVED:
        return tuple(dict.fromkeys(f for t in DERIVED[table] for f in raw_files_of(t, year)))
    # every file that feeds it (ketenagakerjaan: the wilayah and the national BPS tables)
    return tuple(f.format(year=year) for f, tables in RAW_FILES.items() if table in tables)


def tables_fed_by(file_name: str) -> tuple[str, ...]:
    """The processed tables a per-year raw file (its registry name) feeds, its parser's first."""
    return RAW_FILES.get(YEAR_FOLDER + file_name, ())


def raw_file_for(table: str) -> str:
    """The per-year raw file (its registry name) that feeds processed table ``table``."""
    for f in registry.FILES:
        if table in tables_fed_by(f.name):
            return f.name
    raise KeyError(table)


def table_files(domain: str) -> dict[str, str]:
    """{first processed table: raw file} of a parser module (its ``FILES``)."""
    return {tables_fed_by(f.name)[0]: f.name for f in registry.files_of(domain)}


def breakdowns() -> list[tuple[str, str, str, str]]:
    """(cells table, stated totals table, category column, raw file) of every breakdown table:
    a file declaring a ``breakdown`` feeds its cells table, then its stated totals."""
    return [(*tables_fed_by(f.name)[:2], f.breakdown, f.name) for f in registry.FILES if f.breakdown]


def step_family(step: str) -> str:
    """The catalogue's name of a run step: every ``sasaran_<id>`` is SASARAN."""
    return SASARAN if step.startswith(SASARAN + "_") else step


def read_by(step: str) -> list[str]:
    """The tables (and files beside them, :data:`PROCESSED_FILES`) ``step`` may read."""
    family = step_family(step)
    return ([name for name, t in TABLES.items() if family in t.readers]
            + [f.name for f in PROCESSED_FILES if family in f.readers])


# --- files ----------------------------------------------------------------------------------

def parquet_file(folder: Path, name: str) -> Path:
    """Where the typed copy of table ``name`` lives in a processed folder (a name no longer
    declared, e.g. in an older run's record of its reads, gives a file that is not there)."""
    return Path(folder) / f"{name}{PARQUET}"


def read_file(folder: Path, name: str) -> Path:
    """The file a recorded read ``name`` (pipeline.inputs.reads) is in a processed folder: a file
    beside the tables (:data:`PROCESSED_FILES`) by its path, else the table's typed copy."""
    for beside in PROCESSED_FILES:
        if beside.name == name:
            return beside.at(folder)
    return parquet_file(folder, name)


def csv_file(folder: Path, name: str) -> Path:
    """Where the people's CSV copy of table ``name`` lives in a processed folder (KeyError: a name
    the catalogue does not declare)."""
    return Path(folder) / f"{TABLES[name].name}{CSV}"


def need(tables, name: str):
    """Table ``name`` of ``tables`` (ProcessedTables or a dict of frames); one the cleaning did not
    write is the analyst's error, named as the processed file people can open."""
    if name not in tables:
        raise InputError(f"data/processed/{name}{CSV}", PARSE["processed_table_missing"])
    return tables[name]


def stored(folder: Path) -> list[str]:
    """The declared tables stored (typed) in a processed folder, by name."""
    return sorted(p.stem for p in Path(folder).glob(f"*{PARQUET}") if p.stem in TABLES)


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the declared columns and dtypes of table ``name`` (an id of another type, e.g.
    a sasaran_id parsed as int64, is converted here, once). A parser that writes other columns
    is a programming error."""
    table = TABLES[name]
    if list(df.columns) != [c for c, _ in table.columns]:
        raise RuntimeError(f"table {name}: columns {list(df.columns)} differ from the catalogue's "
                           f"{[c for c, _ in table.columns]}")
    return df.astype(table.dtypes)


def write(name: str, df: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Write table ``name`` typed (Parquet) and as the CSV copy; returns the typed frame.

    Same rows, same bytes: the frame's row order is kept, the CSV uses '\\n', and the Parquet
    file carries no time stamp (pyarrow writes its version, pinned by the lock)."""
    typed = conform(name, df)
    typed.to_parquet(parquet_file(folder, name), index=False, engine="pyarrow", compression="zstd")
    typed.to_csv(csv_file(folder, name), index=False, lineterminator="\n")
    return typed


def read(name: str, folder: Path) -> pd.DataFrame:
    """Table ``name`` from a processed folder, typed as declared (the read is recorded for the
    run's cache: pipeline.inputs.reads)."""
    import pandas as pd

    path = parquet_file(folder, name)
    reads.note_table(name)
    df = pd.read_parquet(path, engine="pyarrow")
    # Parquet keeps every dtype but a date's unit (it stores ms): cast back to the declared one.
    # (A unit test's hand-made table may hold only some of the columns.)
    return df.astype({c: d for c, d in TABLES[name].columns if c in df.columns})


# --- report-folder files (reports/<year>/) ---------------------------------------------------

# Writers and readers beyond the steps: the runner (pipeline.run: the cache record, the years'
# index) and the index page of every year (pipeline.report.index).
RUNNER, INDEX = "run", "index"
ANALYSES = (ORGANISASI, SASARAN, ANGGARAN)


@dataclass(frozen=True)
class ReportFile:
    path: str                   # relative to the report folder; a folder ends in "/"
    writers: tuple[str, ...]    # the steps (or the assembly) that write it
    readers: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How a read of it is recorded (pipeline.inputs.reads): its path without the suffix."""
        return self.path.removesuffix(CSV)

    def at(self, report_dir: Path, name: str = "") -> Path:
        """The file in ``report_dir``; for a folder, its entry ``name`` (or the folder itself)."""
        folder_or_file = Path(report_dir) / self.path
        return folder_or_file / name if name else folder_or_file


VALIDATION = ReportFile("validation/", (VALIDATE,), (ORGANISASI, SASARAN))  # seeded into their report_dir
PERBANDINGAN = ReportFile("validation/perbandingan.csv", (VALIDATE,), (SASARAN,))
KOREKSI = ReportFile("validation/koreksi.csv", (VALIDATE,), (ORGANISASI,))
FINDINGS = ReportFile("validation/findings.json", (VALIDATE,), (ASSEMBLE,))
GX_RESULTS = ReportFile("validation/gx_results.json", (VALIDATE,))  # raw GX results: run ids, read by nobody
DATA_DOCS = ReportFile("validation/index.html", (VALIDATE,), (ASSEMBLE, INDEX))
RESULTS = ReportFile("results/", ANALYSES, (ASSEMBLE,))            # <step>.json
SECTIONS = ReportFile("sections/", ANALYSES + (VALIDATE,), (ASSEMBLE,))  # <section id>.json
REPORT_TABLES = ReportFile("tables/", ANALYSES + (VALIDATE,), (ASSEMBLE,))  # <table id>.csv of a section
FIGURES = ReportFile("figures/", ANALYSES, (ASSEMBLE,))            # <figure id>.svg of a section
SUMMARY = ReportFile("summary.json", (ASSEMBLE,), (NEW_YEAR, RUNNER, INDEX))
LKE = ReportFile("lke.json", (ASSEMBLE,))
MANIFEST = ReportFile("manifest.json", (ASSEMBLE, RUNNER), (RUNNER, INDEX))  # also the run's cache record
TABLES_XLSX = ReportFile("tables.xlsx", (ASSEMBLE,), (INDEX,))
# Files a step writes beside the processed tables: the published-vs-recomputed table the cleaning
# step writes for the sasaran analyses, so they need not wait for the validation's copy, and for
# the validation, which publishes it (PERBANDINGAN) instead of computing it again.
PERBANDINGAN_AHEAD = ReportFile("validasi/perbandingan.csv", (CLEAN,), (SASARAN, VALIDATE))
PROCESSED_FILES = (PERBANDINGAN_AHEAD,)
REPORT_FILES = (VALIDATION, PERBANDINGAN, KOREKSI, FINDINGS, GX_RESULTS, DATA_DOCS, RESULTS, SECTIONS,
                REPORT_TABLES, FIGURES, SUMMARY, LKE, MANIFEST, TABLES_XLSX)


def listing() -> str:
    """The processed tables as a Markdown table (data/processed/README.md holds it; a test checks
    they agree): name, the raw files it comes from, its columns with dtypes, the steps reading it."""
    lines = ["| tabel | dari (data/raw) | kolom (dtype) | dibaca oleh |", "|---|---|---|---|"]
    for name, table in TABLES.items():
        sources = ", ".join(raw_files_of(name, "{year}"))
        columns = ", ".join(f"{c} ({d})" for c, d in table.columns)
        lines.append(f"| `{name}` | {sources} | {columns} | {', '.join(table.readers)} |")
    return "\n".join(lines) + "\n"
