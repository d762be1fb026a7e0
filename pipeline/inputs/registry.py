"""The one registry of raw input files: what each per-year file of data/raw/<year>/ is.

Per file: the parser that reads it (``domain``), its required
columns, which columns hold the analyst's primary figures and which hold figures the pipeline
derives (a typed derived value is compared, never required), what ``lkjip new-year`` keeps of
the template year, the analyst's hint and source (Bahasa Indonesia; ``{y}`` = the new year,
``{y1}`` = the year after, ``{wilayah}`` = the agency's wilayah as BPS names it), the published table, and whether the file may stay without rows.

``completeness`` (check-inputs), ``newyear``, the workbook (``isian-<year>.xlsx``), the
cleaning (``pipeline.clean.DOMAINS``), the parsers' file names and ``validate/checks`` read
this table; adding or renaming a raw file is one entry here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# What new-year writes for the new year (see pipeline.years.newyear):
KEEP_HEADER = "header"        # header only: the analyst adds rows
KEEP_ROWS = "rows"            # the template's rows with the ``labels`` columns kept, figures blank
KEEP_YEAR_COLUMN = "tahun"    # every earlier year column copied, a blank column for the new year
KEEP_SERIES = "seri"          # a published series: every earlier year kept, a column for the new year
KEEP_PK = "pk"                # targets from common/target_renstra.csv
KEEP_CAPAIAN = "capaian"      # previous years kept, a row per sasaran for the new year
KEEP_NARRATIVE = "narasi"     # the narrative skeleton

# Kinds of cell, for the workbook's data validation.
NUMBER, PERCENT, GRADE, DATE, SASARAN, TEXT = "angka", "persen", "nilai", "tanggal", "sasaran", "teks"


@dataclass(frozen=True)
class RawFile:
    name: str
    domain: str                      # parser module: pipeline.inputs.<domain> or pipeline.clean.<domain>
    columns: tuple[str, ...]         # required columns (the header new-year writes)
    keep: str                        # KEEP_*
    hint: str                        # what the analyst fills
    source: str                      # where the figures come from
    table: str = ""                  # the published table (the manifest's 'table', pre-filled)
    labels: tuple[str, ...] = ()     # KEEP_ROWS: columns kept from the template (row labels)
    figures: tuple[str, ...] = ()    # columns with primary figures the analyst types
    derived: tuple[str, ...] = ()    # columns the pipeline computes (optional; typed = compared)
    extras: tuple[str, ...] = ()     # optional columns (notes): new-year blanks them, nothing asks them
    derived_rows: tuple[str, ...] = ()  # labels (lower case, in a label column) of rows the pipeline computes
    kinds: dict = field(default_factory=dict)  # column -> kind of cell (default NUMBER for figures)
    may_be_empty: bool = False       # the file may stay without data rows
    optional: bool = False           # its figures are published sums entered for comparison only
    breakdown: str = ""              # category column of its cells table beside stated totals (catalogue.breakdowns)
    role: str = ""                   # BPS files: wilayah (the agency's region) or nasional
    dated: tuple[str, ...] = ()      # kept text columns whose template year new-year turns into the new year
    max_rows: int = 1000             # rows its workbook sheet may use (impor refuses more before reading)
    tree: str = ""                   # column of dotted codes: a code with sub-codes is a derived subtotal
    blank_is_zero: bool = False      # a blank figure means 0: only an all-blank table is unfilled
    targets_from_pk: bool = False    # KEEP_ROWS: new-year fills 'Target' from the new year's PK (per sasaran)
    notation: str = "id"             # how its numbers are written (idnum.NOTATIONS); manifest 'notasi:' overrides
    optional_rows: tuple[str, ...] = ()  # labels (lower case) of rows whose figures may stay blank (not counted)
    unit: str = ""                   # KEEP_YEAR_COLUMN: unit new-year declares (a 'Satuan' row) for the new year
    restates: str = ""               # column naming the IKU a row restates: its figures come from the PK and
                                     # capaian_kinerja_tahunan.csv (derived; typed = compared)
    # Needed only when an indicator's sumber_realisasi (iku.csv) is one of these; without such an
    # indicator the file may be absent and its tables are then left out (pipeline.inputs.scope).
    needed_by: tuple[str, ...] = ()

    def figure_columns(self, header: list[str], year: int) -> list[str]:
        """The columns of ``header`` the analyst types for ``year`` (year columns resolved)."""
        if self.keep in (KEEP_YEAR_COLUMN, KEEP_SERIES):
            return [h for h in header if h.strip() in (str(year), f"Tahun {year}")]
        return [h for h in header if h.strip() in self.figures]

    def value_columns(self, header: list[str], year: int) -> list[int]:
        """Indices of the columns holding primary figures (labels, derived and extras excluded)."""
        if self.keep in (KEEP_YEAR_COLUMN, KEEP_SERIES):
            wanted = set(self.figure_columns(header, year))
            return [i for i, h in enumerate(header) if h in wanted]
        figures = {f.format(y=year) for f in self.figures}
        return [i for i, h in enumerate(header)
                if h not in self.labels and h not in self.derived and h not in self.extras
                and ("*" in figures or h in figures)]

    def derived_row(self, header: list[str], row: list[str], rows: list[list[str]] = ()) -> bool:
        """Is ``row`` one the pipeline computes (a Jumlah or TOTAL row, a parent account)? Its
        label, in the first column or any label column (anggaran_pk.csv writes TOTAL under
        Program), says so; with ``tree``, so does a code that other ``rows`` extend ('5.1' of '5.1.01')."""
        cols = [i for i, h in enumerate(header) if h.strip() in self.labels] or [0]
        if any(" ".join(row[i].lower().split()) in self.derived_rows for i in cols if i < len(row)):
            return True
        if self.restates and self.restates in header:
            at = header.index(self.restates)
            if at < len(row) and row[at].strip():
                return True  # a row restating an IKU (the AKIP grade): typed once, in the capaian
        if self.tree and self.tree in header:
            i = header.index(self.tree)
            code = row[i].strip() if i < len(row) else ""
            return bool(code) and any(len(r) > i and r[i].strip().startswith(code + ".") for r in rows)
        return False

    def optional_row(self, header: list[str], row: list[str]) -> bool:
        """May ``row``'s figures stay blank (the Bukan Angkatan Kerja breakdown)? Its label says so."""
        cols = [i for i, h in enumerate(header) if h.strip() in self.labels] or [0]
        return any(" ".join(row[i].lower().split()) in self.optional_rows for i in cols if i < len(row))

    def kind(self, column: str) -> str:
        return self.kinds.get(column.strip(), NUMBER)


# Realisasi sources (pipeline.measure.sources) that read the IKM tables: an agency without an
# indicator of these (a labour-only Disnaker) needs no IKM register, series or halal list.
IKM_SOURCES = ("ikm_pertumbuhan_produksi", "ikm_pertumbuhan_unit")

# The published LKjIP's Pengukuran Kinerja table (capaian of every sasaran and indikator of the
# year; the seed's Tabel 3.2): its angka_dipublikasikan.csv rows are the published capaian the
# measurement is compared with. No raw file transcribes it whole, so its number is declared here,
# beside the files' ``table``; another agency's document numbers it its own way.
CAPAIAN_TABLE = "Tabel 3.2"

# Bukan Angkatan Kerja is typed (or derived as Penduduk Usia Kerja − Angkatan Kerja when that is
# typed instead); its breakdown is optional (pipeline.inputs.bps).
_BPS_DERIVED_ROWS = ("angkatan kerja", "penduduk usia kerja",
                     "tingkat partisipasi angkatan kerja (%)", "tingkat penganggur (%)")
_BPS_OPTIONAL_ROWS = ("sekolah", "mengurus rumah tangga", "lainnya")

FILES: tuple[RawFile, ...] = (
    RawFile("bps_ketenagakerjaan_wilayah.csv", "bps", ("Uraian",), KEEP_YEAR_COLUMN,
            "kolom 'Tahun {y}': Bekerja, Penganggur, Bukan Angkatan Kerja (orang); rincian Sekolah, Mengurus "
            "Rumah Tangga, Lainnya boleh kosong; Angkatan Kerja, Penduduk Usia Kerja, TPAK dan TPT dihitung",
            "BPS, Sakernas Agustus {y} ({wilayah} Dalam Angka {y1})",
            table="Tabel 3.3", labels=("Uraian",), derived_rows=_BPS_DERIVED_ROWS,
            optional_rows=_BPS_OPTIONAL_ROWS, role="wilayah"),
    RawFile("bps_ketenagakerjaan_nasional.csv", "bps", ("Uraian",), KEEP_YEAR_COLUMN,
            "kolom 'Tahun {y}': Bekerja, Penganggur, Bukan Angkatan Kerja dalam juta orang seperti tercetak "
            "di publikasi BPS (mis. 144,64; baris Satuan menyatakannya); rincian Bukan Angkatan Kerja boleh "
            "kosong; jumlah dan tingkat dihitung",
            "BPS, Keadaan Angkatan Kerja di Indonesia Agustus {y}",
            table="Keadaan Angkatan Kerja di Indonesia Agustus {y}", labels=("Uraian",),
            derived_rows=_BPS_DERIVED_ROWS, optional_rows=_BPS_OPTIONAL_ROWS, unit="juta orang",
            role="nasional"),
    RawFile("ikm_perkembangan.csv", "ikm_series", ("No", "Uraian", "Satuan"), KEEP_SERIES,
            "tidak perlu diisi: kolom {y} dihitung dari register IKM yang dibersihkan (angka yang "
            "dipublikasikan boleh dicatat untuk dibandingkan)",
            "Pendataan IKM {y}, Bidang Perindustrian", table="Tabel 3.17", labels=("No", "Uraian", "Satuan"),
            optional=True, notation="campuran", needed_by=IKM_SOURCES),
    RawFile("ikm_klasifikasi.csv", "ikm_series", ("No", "Uraian", "Satuan"),
            KEEP_SERIES,
            "tidak perlu diisi: kolom {y} dihitung dari register IKM (formal = NIB 13 digit yang sah)",
            "Pendataan IKM {y}, Bidang Perindustrian", table="Tabel 3.18", labels=("No", "Uraian", "Satuan"),
            optional=True, notation="campuran", needed_by=IKM_SOURCES),
    RawFile("ikm_register.csv", "ikm", ("no", "id_ikm", "nama_usaha", "nama_pemilik", "alamat", "kelurahan", "kota", "kbli",
             "jenis_industri", "nib", "tenaga_kerja", "nilai_investasi", "nilai_produksi", "status",
             "keterangan", "sumber_data"), KEEP_HEADER,
            "satu baris per usaha: ekspor register Pendataan IKM (docs/ikm_register_schema.md); "
            "nilai dalam rupiah penuh", "Pendataan IKM {y} (ekspor register)", table="Register Pendataan IKM {y}",
            figures=("no", "id_ikm", "nama_usaha", "nama_pemilik", "alamat", "kelurahan", "kota", "kbli",
                     "jenis_industri", "nib", "tenaga_kerja", "nilai_investasi", "nilai_produksi", "status",
                     "keterangan", "sumber_data"),
            kinds={c: TEXT for c in ("id_ikm", "nama_usaha", "nama_pemilik", "alamat", "kelurahan", "kota",
                                     "kbli", "jenis_industri", "nib", "status", "keterangan", "sumber_data",
                                     "nilai_investasi", "nilai_produksi")},
            max_rows=50_000, needed_by=IKM_SOURCES),  # a kota/kabupaten register pasted into the workbook
    RawFile("perjanjian_kinerja.csv", "plan", ("indikator_id", "No", "Sasaran Strategis", "Indikator Kinerja", "Target"), KEEP_PK,
            "periksa target (diisi dari Renstra)", "Perjanjian Kinerja {y} (Perubahan PK Kepala Dinas)",
            table="Perjanjian Kinerja {y}", labels=("indikator_id", "No", "Sasaran Strategis", "Indikator Kinerja"),
            figures=("Target",), kinds={"Target": GRADE}),
    RawFile("capaian_kinerja_tahunan.csv", "plan", ("indikator_id", "Tabel", "Indikator Kinerja", "Tahun", "Target", "Realisasi"), KEEP_CAPAIAN,
            "Realisasi {y} hanya untuk indikator yang realisasinya dilaporkan (mis. nilai AKIP); "
            "penyerapan dan pertumbuhan produksi dihitung",
            "sumber data IKU tiap indikator yang dilaporkan (mis. LHE AKIP); LKjIP {y}", table="Tabel 3.4, 3.11, 3.20",
            labels=("indikator_id", "Tabel", "Indikator Kinerja", "Tahun", "Target"),
            figures=("Realisasi",), kinds={"Realisasi": GRADE}),
    RawFile("standar_nasional.csv", "plan", ("indikator_id", "Tabel", "Indikator Kinerja", "Realisasi Kinerja", "Target/Standar Nasional"),
            KEEP_ROWS, "Target/Standar Nasional {y} (realisasi dihitung oleh pipeline)",
            "BPS Indonesia {y}; Kemnaker/Kemenperin {y}", table="Tabel 3.6, 3.13, 3.22",
            labels=("indikator_id", "Tabel", "Indikator Kinerja"), figures=("Target/Standar Nasional",),
            extras=("Keterangan",),
            derived=("Realisasi Kinerja",),
            kinds={"Target/Standar Nasional": GRADE, "Keterangan": TEXT, "sasaran_id": SASARAN}),
    RawFile("angka_dipublikasikan.csv", "plan", ("id", "tabel", "lokasi", "besaran", "objek", "tahun", "nilai", "keterangan"), KEEP_HEADER,
            "opsional: angka yang dinyatakan laporan yang sudah terbit (kosongkan untuk laporan baru)",
            "LKjIP {y} yang dipublikasikan", table="(kosong: laporan {y} belum dipublikasikan)",
            may_be_empty=True, optional=True),
    RawFile("anggaran_subkegiatan.csv", "budget", ("No", "sasaran_id", "Sasaran Strategis", "Urusan", "Program", "Kegiatan", "Sub Kegiatan",
             "Anggaran (Rp.)", "Realisasi Anggaran (Rp.)", "% Anggaran"), KEEP_ROWS,
            "pagu dan realisasi per sub kegiatan, rupiah (tambah/hapus baris bila pohon anggaran berubah); "
            "persen serapan dan semua subtotal dihitung",
            "DPA/LRA {y} per sub kegiatan (SIPD)", table="Tabel 2.6 per sub kegiatan",
            labels=("No", "sasaran_id", "Sasaran Strategis", "Urusan", "Program", "Kegiatan", "Sub Kegiatan"),
            figures=("Anggaran (Rp.)", "Realisasi Anggaran (Rp.)"), derived=("% Anggaran",),
            kinds={"sasaran_id": SASARAN}),
    RawFile("anggaran_rekap.csv", "budget", ("Tabel", "Tingkat", "Sasaran", "Program", "Kegiatan", "Pagu", "Realisasi", "%"), KEEP_HEADER,
            "opsional: subtotal yang dipublikasikan, hanya untuk dibandingkan dengan jumlah hitungan "
            "(program, kegiatan, sasaran, urusan, total dihitung dari sub kegiatan)",
            "LRA {y}", table="Tabel 2.6, 3.25 (opsional)", derived=("Pagu", "Realisasi", "%"),
            may_be_empty=True, optional=True),
    RawFile("anggaran_pk.csv", "budget", ("Dokumen", "No", "Program", "Anggaran", "Keterangan"),
            KEEP_ROWS, "anggaran per program setiap dokumen PK, rupiah (baris TOTAL dihitung)",
            "Perjanjian Kinerja {y} (lampiran anggaran)", table="Lampiran Perjanjian Kinerja {y}",
            labels=("Dokumen", "No", "Program", "Keterangan"), figures=("Anggaran",),
            derived_rows=("total", "jumlah")),
    RawFile("apbd_rekening.csv", "budget", ("Kode Rekening", "Uraian", "Sebelum Perubahan", "Setelah Perubahan", "Bertambah/ Berkurang"),
            KEEP_ROWS, "jumlah per rekening sebelum dan setelah perubahan, rupiah (selisih dihitung)",
            "DPA/DPPA {y} (SIPD)", table="Tabel 1.5", labels=("Kode Rekening", "Uraian"),
            figures=("Sebelum Perubahan", "Setelah Perubahan"), derived=("Bertambah/ Berkurang",),
            derived_rows=("jumlah belanja", "total surplus/ defisit", "total surplus/defisit"),
            tree="Kode Rekening"),
    RawFile("indikator_program.csv", "budget", ("No", "Sasaran", "Tingkat", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja", "Target Kinerja",
             "Realisasi Kinerja", "%"), KEEP_ROWS,
            "target dan realisasi per indikator program/kegiatan/sub kegiatan, dengan satuannya (persen dihitung)",
            "Renja {y}; evaluasi Renja {y}", table="Tabel 3.26",
            labels=("No", "Sasaran", "Tingkat", "Program/Kegiatan/Sub Kegiatan", "Indikator Kinerja",
                    "indikator_id"),
            figures=("Target Kinerja", "Realisasi Kinerja"), derived=("%",),
            kinds={"Target Kinerja": TEXT, "Realisasi Kinerja": TEXT, "indikator_id": TEXT},
            restates="indikator_id"),
    RawFile("indikator_program_analisis.csv", "budget", ("Tabel", "sasaran_id", "Program/Kegiatan", "Indikator Kinerja", "% Capaian", "Menunjang /Kurang"),
            KEEP_ROWS, "tidak perlu diisi: % capaian dan Menunjang/Kurang dihitung dari target dan realisasi "
            "indikator program (Tabel 3.26); angka yang dipublikasikan boleh dicatat untuk dibandingkan",
            "evaluasi Renja {y}", table="Tabel 3.9, 3.16, 3.24",
            labels=("Tabel", "sasaran_id", "Program/Kegiatan", "Indikator Kinerja"),
            derived=("% Capaian", "Menunjang /Kurang"), kinds={"Menunjang /Kurang": "menunjang"}),
    RawFile("pencari_kerja.csv", "services", ("PENDIDIKAN", "Laki-laki", "Perempuan", "Jumlah"), KEEP_ROWS,
            "pencari kerja (AK-1) per pendidikan dan jenis kelamin, orang (jumlah dihitung)",
            "Bidang Tenaga Kerja, AK-1 {y}", table="Tabel pencari kerja {y}", labels=("PENDIDIKAN",),
            figures=("Laki-laki", "Perempuan"), derived=("Jumlah",), derived_rows=("jumlah",),
            breakdown="pendidikan"),
    RawFile("penempatan_tenaga_kerja.csv", "services", ("PENDIDIKAN", "Laki-laki", "Perempuan", "Jumlah"), KEEP_ROWS,
            "penempatan per pendidikan dan jenis kelamin, orang (jumlah dihitung)", "Bidang Tenaga Kerja {y}",
            table="Tabel penempatan tenaga kerja {y}", labels=("PENDIDIKAN",),
            figures=("Laki-laki", "Perempuan"), derived=("Jumlah",), derived_rows=("jumlah",)),
    RawFile("penyaluran_tenaga_kerja.csv", "services", ("No.", "Keterangan"), KEEP_ROWS, "penyaluran per jalur, orang (baris Jumlah dihitung)",
            "Bidang Tenaga Kerja {y}", table="Tabel penyaluran tenaga kerja {y}", labels=("No.", "Keterangan"),
            figures=("Tahun {y} (orang)",), derived_rows=("jumlah",)),
    RawFile("pelatihan.csv", "services", ("Penyelenggara", "Sumber Dana", "Pelatihan", "Angkatan", "Peserta", "Tanggal Mulai",
             "Tanggal Selesai", "Tempat"), KEEP_HEADER, "satu baris per angkatan pelatihan",
            "UPTD BLK / Bidang Tenaga Kerja {y}", table="Daftar pelatihan {y}",
            figures=("Penyelenggara", "Sumber Dana", "Pelatihan", "Angkatan", "Peserta", "Tanggal Mulai",
                     "Tanggal Selesai", "Tempat"),
            kinds={"Penyelenggara": TEXT, "Sumber Dana": TEXT, "Pelatihan": TEXT, "Tempat": TEXT,
                   "Tanggal Mulai": DATE, "Tanggal Selesai": DATE}),
    RawFile("fasilitasi_halal.csv", "services", ("Mekanisme", "No", "Nama IKM", "Jenis Produk", "No Sertifikat", "Alamat"), KEEP_HEADER,
            "satu baris per sertifikat halal yang difasilitasi", "Bidang Perindustrian {y}; SIHALAL",
            table="Daftar fasilitasi sertifikat halal {y}",
            figures=("Mekanisme", "No", "Nama IKM", "Jenis Produk", "No Sertifikat", "Alamat"),
            kinds={"Mekanisme": "mekanisme", "Nama IKM": TEXT, "Jenis Produk": TEXT, "No Sertifikat": TEXT,
                   "Alamat": TEXT}, needed_by=IKM_SOURCES),
    RawFile("pegawai_golongan.csv", "staff", ("Pangkat/Gol", "Jumlah L", "Jumlah P", "Total"), KEEP_ROWS,
            "pegawai per pangkat/golongan, unit dan jenis kelamin (kosong = 0; kolom dan baris Jumlah dihitung)",
            "Subbag Umum dan Kepegawaian, Desember {y}", table="Tabel pegawai menurut golongan {y}",
            labels=("Pangkat/Gol",), figures=("*",), derived=("Jumlah L", "Jumlah P", "Total"),
            derived_rows=("jumlah",), breakdown="kategori",
            blank_is_zero=True),
    RawFile("pegawai_pendidikan.csv", "staff", ("Pendidikan", "Jumlah L", "Jumlah P", "Total"), KEEP_ROWS,
            "pegawai per pendidikan, unit dan jenis kelamin (kosong = 0; kolom dan baris Jumlah dihitung)",
            "Subbag Umum dan Kepegawaian, Desember {y}", table="Tabel pegawai menurut pendidikan {y}",
            labels=("Pendidikan",), figures=("*",), derived=("Jumlah L", "Jumlah P", "Total"),
            derived_rows=("jumlah",),
            breakdown="kategori", blank_is_zero=True),
    RawFile("sdm_sasaran.csv", "staff", ("sasaran_id", "Jumlah", "ASN", "P3K", "TJP"),
            KEEP_ROWS, "pegawai per sasaran: ASN, P3K, TJP (jumlah dihitung)",
            "Subbag Umum dan Kepegawaian, {y}", table="Analisis efisiensi SDM {y}", labels=("sasaran_id",),
            figures=("ASN", "P3K", "TJP"), derived=("Jumlah",), extras=("Sumber",),
            kinds={"Sumber": TEXT, "sasaran_id": SASARAN}),
    # Lampiran and Bab I documents (pipeline.inputs.lampiran): last year's rows and known values are
    # kept for the analyst to confirm; only what changes every year is typed.
    RawFile("sarana_prasarana.csv", "lampiran", ("No", "Jenis Barang", "Jumlah", "Keterangan", "Kondisi Aset (Baik/Rusak)"), KEEP_ROWS,
            "Jumlah dan Kondisi Aset per barang (tambah atau hapus baris bila inventaris berubah)",
            "Buku Inventaris {y}", table="Tabel 1.4 Sarana dan Prasarana",
            labels=("No", "Jenis Barang", "Keterangan", "Jumlah", "Kondisi Aset (Baik/Rusak)"),
            kinds={"Kondisi Aset (Baik/Rusak)": TEXT}, may_be_empty=True),
    RawFile("pk_dokumen.csv", "lampiran", ("Dokumen", "Judul", "Pihak Pertama", "Jabatan Pihak Pertama", "NIP Pihak Pertama", "Pihak Kedua",
             "Jabatan Pihak Kedua", "NIP Pihak Kedua", "Tempat dan Tanggal"), KEEP_ROWS,
            "Tempat dan Tanggal tiap dokumen Perjanjian Kinerja (pihak, jabatan dan NIP tahun lalu: periksa)",
            "Perjanjian Kinerja {y} (semua tingkat)", table="Lampiran Perjanjian Kinerja {y}",
            labels=("Dokumen", "Judul", "Pihak Pertama", "Jabatan Pihak Pertama", "NIP Pihak Pertama",
                    "Pihak Kedua", "Jabatan Pihak Kedua", "NIP Pihak Kedua"),
            figures=("Tempat dan Tanggal",), kinds={"Tempat dan Tanggal": TEXT}, dated=("Judul",),
            may_be_empty=True),
    RawFile("pk_indikator.csv", "lampiran", ("Dokumen", "No", "Sasaran", "Indikator Kinerja", "Target"), KEEP_ROWS,
            "Target tiap indikator Perjanjian Kinerja tingkat bawah",
            "Perjanjian Kinerja {y} (semua tingkat)", table="Lampiran Perjanjian Kinerja {y}",
            labels=("Dokumen", "No", "Sasaran", "Indikator Kinerja"), figures=("Target",),
            kinds={"Target": TEXT}, may_be_empty=True),
    RawFile("rkt.csv", "lampiran", ("Sasaran Strategis", "Indikator Kinerja", "Target"), KEEP_ROWS,
            "Target tiap indikator Rencana Kinerja Tahunan (diisi dari Perjanjian Kinerja: periksa)",
            "Rencana Kinerja Tahunan {y}",
            table="Rencana Kinerja Tahunan {y}", labels=("Sasaran Strategis", "Indikator Kinerja"),
            figures=("Target",), kinds={"Target": TEXT}, may_be_empty=True, targets_from_pk=True),
    RawFile("lke_laporan_terbit.csv", "lampiran", ("Kriteria", "Jawaban", "Letak", "Keterangan"), KEEP_HEADER,
            "opsional: jawaban LKE (Pelaporan Kinerja) atas LKjIP {y} yang sudah terbit, dengan letaknya, "
            "untuk dibandingkan dengan Lembar Evaluasi Mandiri (kosongkan untuk laporan baru)",
            "LKjIP {y} yang dipublikasikan", table="(kosong: laporan {y} belum dipublikasikan)",
            figures=("Kriteria", "Jawaban", "Letak", "Keterangan"),
            kinds={"Kriteria": TEXT, "Jawaban": TEXT, "Letak": TEXT, "Keterangan": TEXT},
            may_be_empty=True, optional=True),
    RawFile("narasi.yml", "narrative", (), KEEP_NARRATIVE,
            "faktor pendukung/penghambat, solusi per sasaran; permasalahan, tindak lanjut, prestasi "
            "analisis per sasaran (wajib); analisis_tabel opsional", "analis (Bab III/IV LKjIP {y})", table="Bab III dan IV"),
)

BY_NAME = {f.name: f for f in FILES}


def entry(name: str) -> RawFile:
    return BY_NAME[name]


_TABLE_NUMBER = re.compile(r"Tabel \d+\.\d+")


def published_number(name: str) -> str:
    """The number of the published table raw file ``name`` transcribes ("Tabel 3.17"): the first
    "Tabel <n>.<n>" of its declared ``table``, else that whole declaration."""
    table = entry(name).table
    found = _TABLE_NUMBER.search(table)
    return found.group(0) if found else table


def files_of(domain: str) -> list[RawFile]:
    """The files a parser module reads, in registry order."""
    return [f for f in FILES if f.domain == domain]


# Parser modules that read only data/raw/common/ (and the year's narrative), not a per-year file:
# profile (first: the agency and its wilayah), kewajaran (the plausibility bounds and the
# analyst's confirmations) and narrative (its texts as the table ``narasi``, whose sentences the
# validation checks against the figures: pipeline.validate.narasi_check).
COMMON_DOMAINS = ("kewajaran", "narrative")


def domains() -> list[str]:
    """Parser modules in the order the cleaning calls them (inputs first, the register last)."""
    order: list[str] = []
    for f in FILES:
        if f.domain not in order and f.domain != "narrative":
            order.append(f.domain)
    inputs = ["profile"] + [d for d in order if d != "ikm"] + list(COMMON_DOMAINS)
    return [f"pipeline.inputs.{d}" for d in inputs] + (["pipeline.clean.ikm"] if "ikm" in order else [])


def data_files() -> list[str]:
    """Per-year data files read by a parser (the narrative is read by the analyses)."""
    return [f.name for f in FILES if f.domain != "narrative"]


def role_files(domain: str = "bps") -> dict[str, str]:
    """{role (wilayah): raw file} of the BPS tables."""
    return {f.role: f.name for f in files_of(domain)}


def not_needed(used_sources) -> list[RawFile]:
    """Files no indicator needs, given the sumber_realisasi values iku.csv uses."""
    used = set(used_sources)
    return [f for f in FILES if f.needed_by and not used.intersection(f.needed_by)]
