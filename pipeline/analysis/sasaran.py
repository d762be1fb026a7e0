"""Bab III for one sasaran strategis: the seven analyses an LKjIP requires.

1. target vs realisasi this year (formula written out with the actual numbers);
2. realisasi and capaian against the previous years, reported and recomputed side by side;
3. against the end-of-Renstra target;
4. against the national standard (recomputed from national data where the data allows);
5. causes of success or failure and solutions (analyst narrative + generated facts);
6. efficiency of resources (pagu, realisasi, serapan, efisiensi, staff);
7. the programs and kegiatan behind the result, with their own indicators.

Context tables come from what the indicator's realisasi is made of (declared in iku.csv):
the labour-market table for ``bps_penyerapan``, the IKM series and register for
``ikm_pertumbuhan_produksi``.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.analysis import context
from pipeline.analysis.sentences import ratio_formula, show, source_of, trend, turun_formula, versus
from pipeline.inputs.idnum import fmt_number, fmt_rupiah
from pipeline.measure import engine, indicators
from pipeline.report.sections import Section

NARRATIVE_PARTS = (("faktor_pendukung", "Faktor pendukung"), ("faktor_penghambat", "Faktor penghambat"),
                   ("solusi", "Solusi / alternatif yang dilakukan"))


def _num(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    return float(value)


def result_entry(row: pd.Series) -> dict:
    """The summary.json entry of one sasaran (unrounded numbers, grades as text)."""
    return {
        "id": int(row["sasaran_id"]), "nama": row["nama"], "indikator": row["indikator"],
        "satuan": row["satuan"], "polaritas": row["polaritas"],
        "target": _num(row["target"]), "realisasi": _num(row["realisasi"]),
        "realisasi_dilaporkan": _num(row["realisasi_dilaporkan"]),
        "capaian": _num(row["capaian"]), "capaian_dilaporkan": _num(row["capaian_dilaporkan"]),
        "kriteria": row["kriteria"],
        "pagu": None if row["pagu"] is None or pd.isna(row["pagu"]) else int(row["pagu"]),
        "realisasi_anggaran": (None if row["realisasi_anggaran"] is None or pd.isna(row["realisasi_anggaran"])
                               else int(row["realisasi_anggaran"])),
        "serapan": _num(row["serapan"]), "efisiensi": _num(row["efisiensi"]),
    }


def _cells(values, satuan: str, polaritas: str):
    """Values for a table column: numbers for numeric indicators, grade text for ordinal ones."""
    if polaritas == "ordinal":
        return [show(v, satuan) for v in values]
    return [_num(v) for v in values]


def _value_format(polaritas: str) -> str:
    return "text" if polaritas == "ordinal" else "number"


def _capaian_formula(row, ordinal) -> str:
    t, r = row["target"], row["realisasi"]
    if row["polaritas"] == "ordinal":
        scores = engine.grade_scores(ordinal)
        return (f"Capaian = skor({r}) / skor({t}) × 100% = {scores[str(r)]} / {scores[str(t)]} × 100% "
                f"= {fmt_number(row['capaian'])}% (urutan nilai: {', '.join(ordinal)})")
    if row["polaritas"] == "turun":
        return f"Capaian = (2 × Target − Realisasi) / Target × 100% = {turun_formula(t, r)}"
    return f"Capaian = Realisasi / Target × 100% = {ratio_formula(r, t)}"


def _realisasi_formula(tables, row, year) -> str:
    sumber, sat = row["sumber_realisasi"], row["satuan"]
    if sumber == "bps_penyerapan":
        b = indicators.labour_value(tables, indicators.CITY, year, "bekerja")
        ak = indicators.labour_value(tables, indicators.CITY, year, "angkatan_kerja")
        return (f"Realisasi = Penduduk usia kerja yang bekerja {year} / Angkatan kerja {year} × 100% "
                f"= {fmt_number(b, 0)} / {fmt_number(ak, 0)} × 100% = {show(row['realisasi'], sat)}")
    if sumber == "ikm_pertumbuhan_produksi":
        now, before = indicators.production_value(tables, year), indicators.production_value(tables, year - 1)
        return (f"Realisasi = (Nilai produksi {year} − Nilai produksi {year - 1}) / Nilai produksi {year - 1} × 100% "
                f"= ({fmt_number(now, 3)} − {fmt_number(before, 0)}) / {fmt_number(before, 0)} × 100% "
                f"= {show(row['realisasi'], sat)} (nilai produksi dalam ribu rupiah)")
    return f"Realisasi = {show(row['realisasi'], sat)} ({row['realisasi_cara']})"


def _national_source(tables, row, sid: int, year: int) -> str:
    """Where the stated standard is printed, and the national data it is recomputed from (if any)."""
    stated = tables.get("standar_nasional")
    tabel = ""
    if stated is not None and "tabel" in stated:
        hit = stated[stated["sasaran_id"] == sid]
        tabel = "" if hit.empty else f", {hit.iloc[0]['tabel']}"
    parts = [f"Standar yang dicantumkan: LKjIP {year} yang dipublikasikan{tabel}"]
    national = source_of(row["sumber_realisasi"], "nasional", year, indicators.CITY)
    if national and row["standar_nasional_dihitung"] is not None and not pd.isna(row["standar_nasional_dihitung"]):
        parts.append(f"angka nasional hitung ulang: {national}")
    realisasi = source_of(row["sumber_realisasi"], "realisasi", year, indicators.CITY)
    if realisasi:
        parts.append(f"realisasi: {realisasi}")
    return "; ".join(parts)


def _mismatch_note(section, comparisons: pd.DataFrame | None, sid: int):
    if comparisons is None or comparisons.empty:
        return
    hits = comparisons[(comparisons["objek"] == f"sasaran:{sid}") & (~comparisons["cocok"].astype(bool))]
    if hits.empty:
        return
    section.note(f"{len(hits)} angka yang dipublikasikan untuk sasaran ini berbeda dengan hasil hitung ulang "
                 f"(rincian di Lampiran Catatan Validasi).")
    def recomputed(r):
        word = r.get("dihitung_kata")
        if isinstance(word, str) and word.strip():
            return word
        if r.get("dihitung") is None or pd.isna(r.get("dihitung")):
            return "–"
        decimals = r.get("desimal")
        return fmt_number(r["dihitung"], 2 if decimals is None or pd.isna(decimals) else int(decimals))

    from pipeline.validate.appendix import BESARAN_LABEL, plain

    table = pd.DataFrame({"Tabel": hits["tabel"], "Lokasi": hits["lokasi"].map(plain),
                          "Besaran": hits["besaran"].map(lambda b: BESARAN_LABEL.get(b, str(b).replace("_", " "))),
                          "Dipublikasikan": hits["dilaporkan_teks"],
                          "Hitung ulang": [recomputed(r) for _, r in hits.iterrows()]})
    section.table(f"s{sid}_beda_publikasi", "Angka dipublikasikan yang berbeda dengan hasil hitung ulang",
                  table, source="Validasi pipeline (hitung ulang dibulatkan seperti angka yang dipublikasikan)")


@dataclass
class Analysis:
    """One sasaran's inputs and the Section its seven analyses fill, in order.

    Each analysis function below adds its blocks to ``section`` and returns just those blocks
    as a Section, so a notebook cell that calls it shows that analysis where it is computed.
    """

    tables: dict
    year: int
    sid: int
    row: pd.Series
    ordinal: list
    section: Section
    narrative: dict | None = None
    comparisons: pd.DataFrame | None = None
    _history: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def history(self) -> pd.DataFrame:
        if self._history is None:
            self._history = indicators.history(self.tables, self.sid, self.row["sumber_realisasi"],
                                               self.row["polaritas"], self.year, self.ordinal)
        return self._history

    def previous(self):
        """(last year's row of the history, its realisasi: recomputed where possible), or (None, None)."""
        previous = self.history[self.history["tahun"] == self.year - 1]
        if previous.empty:
            return None, None
        prev = previous.iloc[0]
        before = prev["realisasi_hitung_ulang"] if _num(prev["realisasi_hitung_ulang"]) is not None else prev["realisasi_dilaporkan"]
        return prev, before

    def result(self) -> dict:
        return result_entry(self.row)


def _shows_its_blocks(analysis_fn):
    """Run one analysis on the shared Section and return a Section holding only its blocks."""
    @functools.wraps(analysis_fn)
    def run(a: Analysis) -> Section:
        first = len(a.section.blocks)
        analysis_fn(a)
        blocks = a.section.blocks[first:]
        ids = {b.id for b in blocks}
        # no repeated section title: the notebook cell shows one analysis under its heading
        return Section(a.section.id, "", list(blocks),
                       {k: v for k, v in a.section.tables.items() if k in ids},
                       {k: v for k, v in a.section.figures.items() if k in ids})
    return run


def start(tables: dict, year: int, sasaran_id: int, narrative: dict | None = None,
          comparisons: pd.DataFrame | None = None) -> Analysis:
    """Evaluate the indicators and pick this sasaran's row; the Section starts empty."""
    results = indicators.evaluate(tables, year)
    match = results[results["sasaran_id"] == sasaran_id]
    if match.empty:
        raise ValueError(f"sasaran {sasaran_id} is not declared in iku.csv")
    row = match.iloc[0]
    section = Section(f"sasaran_{sasaran_id}", f"Sasaran {sasaran_id}: {row['nama']}")
    return Analysis(tables, year, sasaran_id, row, indicators.ordinal_scale(tables), section,
                    narrative, comparisons)


@_shows_its_blocks
def target_realisasi(a: Analysis) -> None:
    """1. Target vs realisasi this year, with the formulas written out."""
    tables, year, row, ordinal, section, comparisons = a.tables, a.year, a.row, a.ordinal, a.section, a.comparisons
    sid, sat, pol = a.sid, row["satuan"], row["polaritas"]
    section.heading(f"{sid}.1 Perbandingan target dan realisasi kinerja tahun {year}")
    vf = _value_format(pol)
    section.table(f"s{sid}_target_realisasi", f"Capaian Kinerja Sasaran {sid} Tahun {year}", pd.DataFrame({
        "Sasaran": [row["nama"]], "Indikator Kinerja": [row["indikator"]], "Satuan": [sat],
        "Target": _cells([row["target"]], sat, pol), "Realisasi": _cells([row["realisasi"]], sat, pol),
        "Capaian (%)": [row["capaian"]], "Kriteria": [row["kriteria"]]}),
        {"Target": vf, "Realisasi": vf, "Capaian (%)": "number"},
        source=f"Target: Perjanjian Kinerja Tahun {year}; realisasi: "
               + (source_of(row["sumber_realisasi"], "realisasi", year, indicators.CITY) or "data masukan"))
    section.paragraph(_realisasi_formula(tables, row, year))
    section.paragraph(_capaian_formula(row, ordinal))
    if warning := engine.catatan_capaian(row["capaian"], row["polaritas"], row["target"], row["realisasi"]):
        section.note(warning)
    section.paragraph(versus(f"Realisasi indikator {row['indikator']} tahun {year} sebesar",
                             row["realisasi"], row["target"], "target Perjanjian Kinerja", sat, pol, ordinal)
                      + f" Capaian {fmt_number(row['capaian'])}% termasuk kriteria {row['kriteria']}.")
    reported = row["realisasi_dilaporkan"]
    if reported is not None and not isinstance(reported, str) and not pd.isna(reported):
        if fmt_number(reported, 2) != fmt_number(row["realisasi"], 2):
            section.note(f"Realisasi yang dipublikasikan {show(reported, sat)}; hasil hitung ulang dari data "
                         f"mentah {show(row['realisasi'], sat)}. Laporan ini memakai hasil hitung ulang.")
    _mismatch_note(section, comparisons, sid)
    for block_builder in context.for_indicator(row["sumber_realisasi"]):
        block_builder(section, tables, year, sid)


@_shows_its_blocks
def riwayat(a: Analysis) -> None:
    """2. Realisasi and capaian against the previous years, reported and recomputed."""
    year, row, section = a.year, a.row, a.section
    sid, sat, pol = a.sid, row["satuan"], row["polaritas"]
    vf = _value_format(pol)
    section.heading(f"{sid}.2 Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya")
    hist = a.history
    shown = pd.DataFrame({
        "Tahun": hist["tahun"],
        "Target": _cells(hist["target"], sat, pol),
        "Realisasi dilaporkan": _cells(hist["realisasi_dilaporkan"], sat, pol),
        "Realisasi hitung ulang": _cells(hist["realisasi_hitung_ulang"], sat, pol),
        "Capaian atas realisasi dilaporkan (%)": hist["capaian_dilaporkan"],
        "Capaian atas hitung ulang (%)": hist["capaian_hitung_ulang"],
    })
    section.table(f"s{sid}_riwayat", f"Realisasi dan Capaian Sasaran {sid} Tahun {hist['tahun'].min()}–{year}",
                  shown, {"Tahun": "text", "Target": vf, "Realisasi dilaporkan": vf, "Realisasi hitung ulang": vf,
                          "Capaian atas realisasi dilaporkan (%)": "number",
                          "Capaian atas hitung ulang (%)": "number"},
                  source="LKjIP tahun-tahun sebelumnya (dilaporkan); data mentah (hitung ulang)")
    prev, before = a.previous()
    if prev is not None:
        section.paragraph(trend(f"Realisasi indikator {row['indikator']}", _num(before), _num(row["realisasi"]),
                                year - 1, year, sat))
    if pol != "ordinal":
        section.figure(f"s{sid}_grafik_riwayat",
                       f"Target dan Realisasi Sasaran {sid}: capaian {year} sebesar {fmt_number(row['capaian'])}% "
                       f"({row['kriteria']})", context.history_chart(hist, sat),
                       source="LKjIP tahun-tahun sebelumnya (realisasi dilaporkan); data mentah (hitung ulang)")


@_shows_its_blocks
def renstra(a: Analysis) -> None:
    """3. Realisasi against the end-of-Renstra target."""
    year, row, ordinal, section = a.year, a.row, a.ordinal, a.section
    sid, sat, pol = a.sid, row["satuan"], row["polaritas"]
    vf = _value_format(pol)
    section.heading(f"{sid}.3 Perbandingan realisasi dengan target akhir Renstra")
    akhir = row["target_akhir_renstra"]
    section.table(f"s{sid}_renstra", f"Realisasi {year} terhadap Target Akhir Renstra", pd.DataFrame({
        "Indikator Kinerja": [row["indikator"]], f"Realisasi {year}": _cells([row["realisasi"]], sat, pol),
        "Target akhir Renstra": _cells([akhir], sat, pol), "Capaian (%)": [row["capaian_akhir_renstra"]]}),
        {f"Realisasi {year}": vf, "Target akhir Renstra": vf, "Capaian (%)": "number"},
        source="Renstra 2023–2026; diolah")
    if akhir is not None:
        section.paragraph(versus(f"Realisasi {year} sebesar", row["realisasi"], akhir,
                                 "target akhir Renstra", sat, pol, ordinal))


@_shows_its_blocks
def standar_nasional(a: Analysis) -> None:
    """4. Realisasi against the national standard (recomputed from national data where possible)."""
    year, row, ordinal, section = a.year, a.row, a.ordinal, a.section
    sid, sat, pol = a.sid, row["satuan"], row["polaritas"]
    vf = _value_format(pol)
    section.heading(f"{sid}.4 Perbandingan realisasi dengan standar nasional")
    standar, standar_hitung = row["standar_nasional"], row["standar_nasional_dihitung"]
    labels = [f"Realisasi {year}", "Target/standar nasional yang dicantumkan"]
    values = [row["realisasi"], standar]
    if standar_hitung is not None and not pd.isna(standar_hitung):
        labels.append(f"Angka nasional {year} hitung ulang dari data BPS")
        values.append(standar_hitung)
    section.table(f"s{sid}_standar_nasional", f"Perbandingan dengan Standar Nasional Tahun {year}",
                  pd.DataFrame({"Pembanding": labels, "Nilai": _cells(values, sat, pol)}), {"Nilai": vf},
                  source=_national_source(a.tables, row, sid, year))
    if standar is not None:
        section.paragraph(versus(f"Realisasi {year} sebesar", row["realisasi"], standar,
                                 "standar nasional yang dicantumkan", sat, pol, ordinal))
    if standar_hitung is not None and not pd.isna(standar_hitung):
        section.paragraph(versus(f"Dibandingkan angka nasional hasil hitung ulang, realisasi {year} sebesar",
                                 row["realisasi"], standar_hitung, "angka nasional", sat, pol, ordinal))


@_shows_its_blocks
def penyebab(a: Analysis) -> None:
    """5. Causes of success or failure and solutions: facts from the data + analyst narrative."""
    year, row, ordinal, section, narrative = a.year, a.row, a.ordinal, a.section, a.narrative
    sid, sat, pol = a.sid, row["satuan"], row["polaritas"]
    section.heading(f"{sid}.5 Analisis penyebab keberhasilan/kegagalan dan solusi")
    facts = [versus("Realisasi", row["realisasi"], row["target"], "target", sat, pol, ordinal)]
    prev, before = a.previous()
    if prev is not None:
        facts.append(trend("Dibanding tahun sebelumnya, realisasi", _num(before), _num(row["realisasi"]), year - 1, year, sat))
    section.bullets(facts, title="Fakta dari data")
    story = (narrative or {}).get("sasaran", {}).get(sid) or (narrative or {}).get("sasaran", {}).get(str(sid)) or {}
    for key, title in NARRATIVE_PARTS:
        items = story.get(key)
        if items:
            section.bullets(list(items), title=title)
        else:
            section.placeholder(f"Belum diisi: {title.lower()} sasaran {sid} (data/raw/{year}/narasi.yml, "
                                f"sasaran.{sid}.{key}).")
    if story.get("analisis"):
        section.paragraph(str(story["analisis"]))


@_shows_its_blocks
def efisiensi(a: Analysis) -> None:
    """6. Efficiency of resources: pagu, realisasi, serapan, efisiensi, staff."""
    tables, year, row, section = a.tables, a.year, a.row, a.section
    sid = a.sid
    section.heading(f"{sid}.6 Analisis atas efisiensi penggunaan sumber daya")
    section.table(f"s{sid}_efisiensi", f"Efisiensi Sumber Daya Sasaran {sid} Tahun {year}", pd.DataFrame([{
        "Indikator Kinerja": row["indikator"], "Capaian kinerja (%)": row["capaian"],
        "Pagu (Rp)": row["pagu"], "Realisasi anggaran (Rp)": row["realisasi_anggaran"],
        "Serapan (%)": row["serapan"], "Efisiensi (%)": row["efisiensi"]}]),
        {"Capaian kinerja (%)": "number", "Pagu (Rp)": "rupiah", "Realisasi anggaran (Rp)": "rupiah",
         "Serapan (%)": "number", "Efisiensi (%)": "number"}, source="Realisasi anggaran; diolah")
    if row["pagu"] is not None and not pd.isna(row["pagu"]):
        section.paragraph(
            f"Anggaran sasaran ini {fmt_rupiah(row['pagu'])} terealisasi {fmt_rupiah(row['realisasi_anggaran'])} "
            f"(serapan {fmt_number(row['serapan'])}%), sehingga efisiensi anggaran (100 − serapan) "
            f"{fmt_number(row['efisiensi'])}% dengan capaian kinerja {fmt_number(row['capaian'])}%.")
    staff = indicators.staff_by_sasaran(tables, sid)
    if staff:
        parts = [f"{int(staff[k])} {label}" for k, label in (("asn", "ASN"), ("p3k", "P3K"), ("tjp", "TJP"))
                 if k in staff and not pd.isna(staff[k]) and int(staff[k]) > 0]
        section.paragraph(f"Sumber daya manusia yang menangani sasaran ini: {int(staff['jumlah'])} orang"
                          + (f" ({', '.join(parts)})." if parts else "."))


@_shows_its_blocks
def program_kegiatan(a: Analysis) -> None:
    """7. The programs and kegiatan behind the result, with their own indicators."""
    a.section.heading(f"{a.sid}.7 Program/kegiatan yang menunjang keberhasilan atau kegagalan")
    context.programs(a.section, a.tables, a.year, a.sid)


ANALYSES = (target_realisasi, riwayat, renstra, standar_nasional, penyebab, efisiensi, program_kegiatan)


def build(tables: dict, year: int, sasaran_id: int, narrative: dict | None = None,
          comparisons: pd.DataFrame | None = None) -> tuple[Section, dict]:
    """The Section for one sasaran (all seven analyses, in order) and its summary.json entry."""
    a = start(tables, year, sasaran_id, narrative, comparisons)
    for analysis in ANALYSES:
        analysis(a)
    return a.section, a.result()


def load_comparisons(report_dir: str | Path) -> pd.DataFrame | None:
    from pipeline.config import Paths
    from pipeline.report.safecells import restored_frame

    path = Paths.default().resolve(report_dir) / "validation" / "perbandingan.csv"
    if not path.is_file():
        return None
    return restored_frame(pd.read_csv(path, keep_default_na=False, na_values=[""]))
