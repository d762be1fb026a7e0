"""Data lineage of the report: the raw inputs behind each table, chart and section.

Declared once, here, as two steps:

* :data:`READS` — which processed tables a block reads, by block id (first matching pattern
  wins). :data:`REALISASI` stands for the tables the realisasi sources of the sasaran's
  indicators read, as :mod:`pipeline.measure.sources` declares them (all sasaran outside Bab III).
  :data:`SECTION_READS` adds what a section's sentences state beyond its tables (the Ikhtisar
  Eksekutif states every sasaran's realisasi).
* processed table -> raw file: the raw-file registry (:mod:`pipeline.inputs.registry`), the
  tables read from ``data/raw/common/`` and the tables the cleaning derives from other
  processed tables (both declared in :mod:`pipeline.inputs.catalogue`).

Captions cite each raw input as its entry in ``data/raw/manifest.yml`` declares it
(:func:`pipeline.years.manifest.citation`); an input declared ``jenis: sintetis`` labels every
block and section that reads it DATA SINTETIS and makes the report an example. No caption names
a source by hand; a block no pattern declares keeps the text its analysis wrote.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.inputs import catalogue
from pipeline.measure import sources
from pipeline.years import manifest

REALISASI = "@realisasi"
_TARGET = (catalogue.TARGET, REALISASI)

READS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("bab1_*pegawai_golongan", (catalogue.PEGAWAI_GOLONGAN,)),
    ("bab1_*pegawai_pendidikan", (catalogue.PEGAWAI_PENDIDIKAN,)),
    ("bab1_struktur_organisasi", (catalogue.INSTANSI,)),
    ("bab1_sarana_prasarana", (catalogue.SARANA_PRASARANA,)),
    ("bab1_apbd", (catalogue.APBD_REKENING,)),
    ("bab2_tujuan_sasaran", (catalogue.IKU, catalogue.TARGET)),
    ("bab2_strategi_kebijakan", (catalogue.STRATEGI_KEBIJAKAN,)),
    ("bab2_iku", (catalogue.IKU,)),
    ("bab2_perjanjian_kinerja", (catalogue.TARGET,)),
    ("bab2_anggaran_per_sasaran", (catalogue.ANGGARAN_SUBKEGIATAN,)),
    ("capaian_skala", (catalogue.SKALA_KRITERIA,)),
    ("capaian_perjanjian_kinerja", _TARGET),
    ("s*_target_realisasi", _TARGET),
    ("s*_beda_publikasi", (catalogue.ANGKA_DIPUBLIKASIKAN, catalogue.CAPAIAN_TAHUNAN, REALISASI)),
    ("s*_ketenagakerjaan_*", (catalogue.KETENAGAKERJAAN,)),
    ("s*_grafik_penyerapan", (catalogue.KETENAGAKERJAAN,)),
    ("s*_ikm_seri", (catalogue.IKM_AGREGAT,)),
    ("s*_ikm_klasifikasi", (catalogue.IKM_AGREGAT,)),
    ("s*_grafik_klasifikasi", (catalogue.IKM_AGREGAT,)),
    ("s*_ikm_per_jenis", (catalogue.IKM_PER_JENIS,)),
    ("s*_ikm_per_kelurahan", (catalogue.IKM_PER_KELURAHAN,)),
    ("s*_ikm_pembersihan", (catalogue.IKM_LOG_PEMBERSIHAN,)),
    ("s*_riwayat", (catalogue.CAPAIAN_TAHUNAN, *_TARGET)),
    ("s*_grafik_riwayat", (catalogue.CAPAIAN_TAHUNAN, *_TARGET)),
    ("s*_renstra", _TARGET),
    ("s*_standar_nasional", (catalogue.STANDAR_NASIONAL, REALISASI)),
    # efisiensi = capaian / serapan anggaran: it reads the realisasi too
    ("s*_efisiensi", (catalogue.ANGGARAN_SUBKEGIATAN, catalogue.SDM_SASARAN, *_TARGET)),
    ("s*_program_kegiatan", (catalogue.INDIKATOR_PROGRAM, catalogue.INDIKATOR_PROGRAM_ANALISIS)),
    # Bab III output tables (pipeline.analysis.keluaran) and their published-vs-recomputed totals
    ("s*_keluaran_pencari_kerja*", (catalogue.PENCARI_KERJA,)),
    ("s*_keluaran_penempatan*", (catalogue.PENEMPATAN,)),
    ("s*_keluaran_penyaluran*", (catalogue.PENYALURAN,)),
    ("s*_keluaran_pelatihan*", (catalogue.PELATIHAN,)),
    ("s*_keluaran_fasilitasi_halal*", (catalogue.FASILITASI_HALAL,)),
    ("s*_anggaran_program", (catalogue.ANGGARAN_SUBKEGIATAN,)),
    ("anggaran_indikator_program", (catalogue.INDIKATOR_PROGRAM,)),
    ("anggaran_*", (catalogue.ANGGARAN_SUBKEGIATAN,)),
    ("lampiran_pk_target", (catalogue.TARGET,)),
    ("lampiran_pk_anggaran", (catalogue.ANGGARAN_PK, catalogue.ANGGARAN_SUBKEGIATAN)),
    ("lampiran_pk_*_target", (catalogue.PK_DOKUMEN, catalogue.PK_INDIKATOR)),
    ("lampiran_pk_*_anggaran", (catalogue.PK_DOKUMEN, catalogue.ANGGARAN_PK)),
    ("lampiran_rkt", (catalogue.RKT,)),
    ("lampiran_sk_iku", (catalogue.IKU, catalogue.INSTANSI)),
    ("lampiran_formulir", (catalogue.ANGKA_DIPUBLIKASIKAN, *_TARGET)),
    # the validation's findings, about every input: its caption says so itself
    ("catatan_validasi", ()),
)
# Sections whose sentences state realisasi or capaian beyond their own tables (the Kata Pengantar
# states none).
SECTION_READS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ikhtisar", (REALISASI,)),
    ("capaian_organisasi", (REALISASI,)),
    ("sasaran_*", (REALISASI,)),
    ("bab4", (REALISASI,)),
)
# Where each processed table comes from is declared in the data catalogue.
DERIVED = catalogue.DERIVED
raw_files_of = catalogue.raw_files_of


def _first(patterns, key: str):
    return next((reads for pattern, reads in patterns if fnmatch.fnmatchcase(key, pattern)), None)


def _iku_text(processed_dir: Path) -> pd.DataFrame | None:
    """The processed table iku as text cells ('' when blank), or None when it was not written."""
    if not catalogue.parquet_file(processed_dir, catalogue.IKU).is_file():
        return None
    return catalogue.read(catalogue.IKU, processed_dir).astype("str").fillna("")


def realisasi_sources(processed_dir: Path) -> dict[str, tuple[str, ...]]:
    """{sasaran id: the sumber_realisasi of its indicators} from the processed table iku."""
    iku = _iku_text(processed_dir)
    if iku is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for sid, sumber in zip(iku.get("sasaran_id", []), iku.get("sumber_realisasi", [])):
        out[str(sid)] = (*out.get(str(sid), ()), str(sumber))
    return out


def reported_sources(processed_dir: Path) -> dict[str, tuple[str, ...]]:
    """{sasaran id: the iku sumber_data of its reported (``dilaporkan``) indicators}: where a
    figure no data recomputes comes from, as the agency declares it."""
    iku = _iku_text(processed_dir)
    if iku is None:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for _, row in iku.iterrows():
        declared = str(row.get("sumber_data", "")).strip()
        if row.get("sumber_realisasi") == "dilaporkan" and declared:
            out[str(row["sasaran_id"])] = (*out.get(str(row["sasaran_id"]), ()), declared)
    return out


@dataclass
class Lineage:
    """What a report of one year reads: resolved block by block against the raw manifest."""

    year: int
    entries: dict = field(default_factory=dict)        # data/raw/manifest.yml entries
    realisasi: dict = field(default_factory=dict)      # sasaran id -> its indicators' sources
    dilaporkan: dict = field(default_factory=dict)     # sasaran id -> declared sources of reported figures

    @classmethod
    def of_year(cls, paths: Paths, year: int, processed_dir: Path) -> Lineage:
        return cls(int(year), manifest.load(paths), realisasi_sources(processed_dir),
                   reported_sources(processed_dir))

    def _tables(self, reads, sasaran: str | None) -> list[str]:
        tables = []
        for name in reads:
            if name != REALISASI:
                tables.append(name)
                continue
            ids = [sasaran] if sasaran in self.realisasi else sorted(self.realisasi)
            for sid in ids:
                for sumber in self.realisasi[sid]:
                    source = sources.SOURCES.get(sumber)
                    # a realisasi nothing recomputes is the one the agency reported (capaian_tahunan)
                    tables.extend((source.tables or (catalogue.CAPAIAN_TAHUNAN,)) if source else ())
        return tables

    def _files(self, reads, sasaran: str | None) -> list[str]:
        files = (f for t in self._tables(reads, sasaran) for f in raw_files_of(t, self.year))
        return [f for f in dict.fromkeys(files) if f in self.entries]

    def block_files(self, block_id: str) -> list[str] | None:
        """Raw files a table or chart reads (None when no pattern declares the block)."""
        reads = _first(READS, block_id)
        if reads is None:
            return None
        sasaran = block_id[1:].split("_", 1)[0] if block_id.startswith("s") else None
        return self._files(reads, sasaran)

    def section_files(self, section_id: str, block_ids: list[str]) -> list[str]:
        """Raw files behind a section: its blocks' plus what its sentences state."""
        sasaran = section_id.rsplit("_", 1)[-1] if section_id.startswith("sasaran_") else None
        files = [f for b in block_ids for f in (self.block_files(b) or [])]
        files += self._files(_first(SECTION_READS, section_id) or (), sasaran)
        return list(dict.fromkeys(files))

    def synthetic(self, files: list[str]) -> list[str]:
        return [f for f in files if manifest.kind(self.entries.get(f, {})) == manifest.SYNTHETIC]

    def caption(self, files: list[str]) -> str:
        """The 'Sumber' line: each raw input's manifest citation, in lineage order, once each."""
        return "; ".join(dict.fromkeys(manifest.citation(self.entries[f]) for f in files))

    def describe(self, block_id: str, fallback: str = "") -> tuple[str, bool]:
        """(Sumber line, reads a synthetic input) of a table or chart; a block no pattern declares,
        or one that reads no raw file, keeps ``fallback`` (the text its analysis wrote)."""
        files = self.block_files(block_id)
        if not files:
            return fallback, False
        caption = self.caption(files)
        reads = _first(READS, block_id) or ()
        if REALISASI in reads:  # a reported realisasi also names where the agency took it from
            sasaran = block_id[1:].split("_", 1)[0] if block_id.startswith("s") else None
            ids = [sasaran] if sasaran in self.realisasi else sorted(self.dilaporkan)
            declared = list(dict.fromkeys(d for sid in ids for d in self.dilaporkan.get(sid, ())))
            if declared:
                caption += "; realisasi yang dilaporkan: " + "; ".join(declared)
        return caption, bool(self.synthetic(files))

    def synthetic_inputs(self, files: list[str]) -> list[str]:
        """Every synthetic input of the year the report reads (``data/raw/…``), sorted."""
        return sorted({f"data/raw/{f}" for f in self.synthetic(files)})
