"""Bab III for one sasaran strategis: the seven analyses an LKjIP requires.

1. target vs realisasi this year (formula written out with the actual numbers);
2. realisasi and capaian against the previous years, reported and recomputed side by side;
3. against the end-of-Renstra target;
4. against the national standard (recomputed from national data where the data allows);
5. causes of success or failure and solutions (analyst narrative + generated facts);
6. efficiency of resources (pagu, realisasi, serapan, efisiensi, staff);
7. the programs and kegiatan behind the result, with their own indicators.

A sasaran has 1..n indicators; every analysis covers each of them, and the sasaran's capaian
follows the rule the agency declares (default: the mean of its indicators' capaian). Context
tables come from what each indicator's realisasi is made of: the context blocks its source
declares in pipeline.measure.sources.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pandas as pd

from pipeline.analysis import anggaran, context, keluaran
from pipeline.analysis.sentences import (
    ratio_formula,
    sasaran_verdict,
    show,
    source_of,
    success_facts,
    trend,
    turun_formula,
    versus,
)
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number, is_absent, is_nil, is_number
from pipeline.inputs.rawio import cited_table
from pipeline.measure import budget as budget_measure
from pipeline.measure import engine, indicators, sources
from pipeline.sections.model import Section
from pipeline.validate import recompute
from pipeline.validate.narasi_check import own_words, renstra_years

NARRATIVE_PARTS = (("faktor_pendukung", "Faktor pendukung"), ("faktor_penghambat", "Faktor penghambat"),
                   ("solusi", "Solusi / alternatif yang dilakukan"))


def _num(value):
    if value is None or isinstance(value, str):
        return value
    return None if is_absent(value) else float(value)


def _int(value):
    return None if is_absent(value) else int(value)


def indicator_entry(row: pd.Series) -> dict:
    """One indikator of a sasaran in summary.json (unrounded numbers, grades as text)."""
    return {
        "id": str(row["indikator_id"]), "nama": row["indikator"], "satuan": row["satuan"],
        "polaritas": row["polaritas"], "target": _num(row["target"]), "realisasi": _num(row["realisasi"]),
        "realisasi_dilaporkan": _num(row["realisasi_dilaporkan"]),
        "capaian": _num(row["capaian"]), "capaian_dilaporkan": _num(row["capaian_dilaporkan"]),
        "kriteria": row["kriteria"],
    }


def result_entry(rows: pd.DataFrame) -> dict:
    """The summary.json entry of one sasaran: its own figures and ``indikator`` (one entry per
    indikator). For a one-indicator sasaran the sasaran's target, realisasi and capaian are its
    indicator's; with several, capaian and kriteria follow the declared rule and the
    indicator-level fields of the sasaran are None."""
    rows = rows.reset_index(drop=True)
    first = rows.iloc[0]
    single = len(rows) == 1
    return {
        "id": int(first["sasaran_id"]), "nama": first["nama"],
        "nama_indikator": "; ".join(str(n) for n in rows["indikator"]),
        "satuan": first["satuan"] if single else None, "polaritas": first["polaritas"] if single else None,
        "target": _num(first["target"]) if single else None,
        "realisasi": _num(first["realisasi"]) if single else None,
        "realisasi_dilaporkan": _num(first["realisasi_dilaporkan"]) if single else None,
        "capaian": _num(first["capaian_sasaran"]),
        "capaian_dilaporkan": _num(first["capaian_dilaporkan"]) if single else None,
        "kriteria": first["kriteria_sasaran"],
        "aturan_capaian": first["aturan_capaian_sasaran"],
        "indikator": [indicator_entry(r) for _, r in rows.iterrows()],
        "pagu": _int(first["pagu"]), "realisasi_anggaran": _int(first["realisasi_anggaran"]),
        "serapan": _num(first["serapan"]), "efisiensi": _num(first["efisiensi"]),
    }


def _cells(values, satuan: str, polaritas: str):
    """Values for a table column: numbers for numeric indicators, grade text for ordinal ones."""
    if polaritas == "ordinal":
        return [show(v, satuan) for v in values]
    return [_num(v) for v in values]


def _column(rows: pd.DataFrame, column: str) -> tuple[list, str]:
    """One table column over several indicators: numbers when all are numeric, else text."""
    if (rows["polaritas"] == "ordinal").any():
        return [show(v, s) for v, s in zip(rows[column], rows["satuan"])], "text"
    return [_num(v) for v in rows[column]], "number"


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


def _realisasi_formula(row) -> str:
    """The realisasi with its formula and actual operands, as the source declares it."""
    sat = row["satuan"]
    rumus = row.get("realisasi_rumus")
    if isinstance(rumus, str) and rumus:
        return f"Realisasi = {rumus} = {show(row['realisasi'], sat)}"
    return f"Realisasi = {show(row['realisasi'], sat)} ({row['realisasi_cara']})"


def _sasaran_formula(rows: pd.DataFrame) -> str:
    """How the sasaran's capaian follows from its indicators (the declared rule), with numbers."""
    first = rows.iloc[0]
    rule = str(first["aturan_capaian_sasaran"])
    parts = [fmt_number(v) + "%" for v in rows["capaian"]]
    if rule == "minimum":
        shown = f"min({'; '.join(parts)})"
    else:
        shown = f"({' + '.join(parts)}) / {len(parts)}"
    return (f"Capaian sasaran {int(first['sasaran_id'])} = {indicators.rule_text(rule)} = {shown} "
            f"= {fmt_number(first['capaian_sasaran'])}%, kriteria {first['kriteria_sasaran']} "
            f"(aturan capaian sasaran yang ditetapkan instansi: {indicators.rule_text(rule)}).")


def _suffix(row) -> str:
    """Table-id suffix: none for a sasaran's first indikator (ids as in one-indicator reports)."""
    return "" if int(row["urutan"]) == 1 else f"_i{int(row['urutan'])}"


def _national_source(tables, row, year: int) -> str:
    """Where the stated standard is printed, and the national data it is recomputed from (if any)."""
    stated = tables.get(catalogue.STANDAR_NASIONAL)
    tabel = ""
    if stated is not None and "tabel" in stated:
        key = "indikator_id" if "indikator_id" in stated else "sasaran_id"
        hit = stated[stated[key].astype(str) == str(row[key])]
        tabel = "" if hit.empty else f", {hit.iloc[0]['tabel']}"
    parts = [f"Standar yang dicantumkan: LKjIP {year} yang dipublikasikan{tabel}"]
    wilayah = sources.region_name(tables)
    national = source_of(row["sumber_realisasi"], "nasional", year, wilayah)
    if national and not is_absent(row["standar_nasional_dihitung"]):
        parts.append(f"angka nasional hitung ulang: {national}")
    realisasi = source_of(row["sumber_realisasi"], "realisasi", year, wilayah, row.get("sumber_data", ""))
    if realisasi:
        parts.append(f"realisasi: {realisasi}")
    return "; ".join(parts)


def published_as_printed(comparisons: pd.DataFrame | None, sid: int, iid, year: int, value, satuan: str) -> str:
    """A published realisasi quoted as the LKjIP printed it ('6%', not '6,00%'): the text of the
    first comparison of that realisasi with the same value (one printed with its unit first);
    else the value in its unit."""
    if comparisons is not None and not comparisons.empty and {"besaran", "objek", "tahun"} <= set(comparisons):
        hits = comparisons[(comparisons["besaran"] == "realisasi")
                           & comparisons["objek"].astype(str).isin({f"sasaran:{sid}", f"indikator:{iid}"})
                           & (pd.to_numeric(comparisons["tahun"], errors="coerce") == year)
                           & (pd.to_numeric(comparisons["dilaporkan"], errors="coerce") - float(value)).abs().lt(1e-9)]
        texts = [str(t).strip() for t in hits["dilaporkan_teks"]]
        # a table may print the number without its unit ('6' under a '%' header): quote one with it
        with_unit = [t for t in texts if satuan.strip() == "%" and t.endswith("%")]
        if with_unit or texts:
            return (with_unit or texts)[0]
    return show(value, satuan)


def _mismatch_note(section, comparisons: pd.DataFrame | None, sid: int, indikator_ids=()):
    if comparisons is None or comparisons.empty:
        return
    objek = {f"sasaran:{sid}"} | {f"indikator:{i}" for i in indikator_ids}
    hits = comparisons[comparisons["objek"].isin(objek) & comparisons["cocok"].isin([False])]  # NA: not recomputed
    if hits.empty:
        return
    section.note(f"{len(hits)} angka yang dipublikasikan untuk sasaran ini berbeda dengan hasil hitung ulang "
                 f"(rincian di Lampiran Catatan Validasi).")
    from pipeline.validate.appendix import BESARAN_LABEL, plain

    table = pd.DataFrame({"Tabel": hits["tabel"], "Lokasi": hits["lokasi"].map(plain),
                          "Besaran": hits["besaran"].map(lambda b: BESARAN_LABEL.get(b, str(b).replace("_", " "))),
                          "Dipublikasikan": hits["dilaporkan_teks"],
                          "Hitung ulang": [recompute.shown_recomputed(r) for _, r in hits.iterrows()]})
    section.table(f"s{sid}_beda_publikasi", "Angka dipublikasikan yang berbeda dengan hasil hitung ulang",
                  table, source="Validasi pipeline (hitung ulang dibulatkan seperti angka yang dipublikasikan)")


@dataclass
class Analysis:
    """One sasaran's indicators and the Section its seven analyses fill, in order.

    Each analysis function below adds its blocks to ``section`` and returns just those blocks
    as a Section, so a notebook cell that calls it shows that analysis where it is computed.
    """

    tables: dict
    year: int
    sid: int
    rows: pd.DataFrame          # one row per indicator of the sasaran, in iku.csv order
    ordinal: list
    section: Section
    narrative: dict | None = None
    comparisons: pd.DataFrame | None = None
    _histories: dict = field(default_factory=dict, repr=False)

    @property
    def first(self) -> pd.Series:
        return self.rows.iloc[0]

    @property
    def many(self) -> bool:
        return len(self.rows) > 1

    def history(self, row: pd.Series) -> pd.DataFrame:
        key = row["indikator_id"]
        if key not in self._histories:
            self._histories[key] = indicators.history(self.tables, key, row["sumber_realisasi"],
                                                      row["polaritas"], self.year, self.ordinal)
        return self._histories[key]

    def previous(self, row: pd.Series):
        """(last year's row of the indicator's history, its realisasi: recomputed where possible)."""
        hist = self.history(row)
        previous = hist[hist["tahun"] == self.year - 1]
        if previous.empty:
            return None, None
        prev = previous.iloc[0]
        before = prev["realisasi_hitung_ulang"] if _num(prev["realisasi_hitung_ulang"]) is not None else prev["realisasi_dilaporkan"]
        return prev, before

    def result(self) -> dict:
        return result_entry(self.rows)


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
    """Evaluate the indicators and pick this sasaran's rows; the Section starts empty."""
    results = indicators.evaluate(tables, year)
    rows = results[results["sasaran_id"] == sasaran_id].reset_index(drop=True)
    if rows.empty:
        raise ValueError(f"sasaran {sasaran_id} is not declared in iku.csv")
    section = Section(f"sasaran_{sasaran_id}", f"Sasaran {sasaran_id}: {rows.iloc[0]['nama']}")
    return Analysis(tables, year, sasaran_id, rows, indicators.ordinal_scale(tables), section,
                    narrative, comparisons)


@_shows_its_blocks
def target_realisasi(a: Analysis) -> None:
    """1. Target vs realisasi this year, with the formulas written out, for every indicator."""
    tables, year, rows, first, ordinal, section = a.tables, a.year, a.rows, a.first, a.ordinal, a.section
    sid, many = a.sid, a.many
    section.heading(f"{sid}.1 Perbandingan target dan realisasi kinerja tahun {year}")
    targets, vf = _column(rows, "target")
    realisasi, _ = _column(rows, "realisasi")
    wilayah = sources.region_name(tables)
    cited = "; ".join(dict.fromkeys(source_of(r["sumber_realisasi"], "realisasi", year, wilayah,
                                              r.get("sumber_data", "")) or "data masukan"
                                    for _, r in rows.iterrows()))
    section.table(f"s{sid}_target_realisasi", f"Capaian Kinerja Sasaran {sid} Tahun {year}", pd.DataFrame({
        "Sasaran": [first["nama"]] * len(rows), "Indikator Kinerja": list(rows["indikator"]),
        "Satuan": list(rows["satuan"]), "Target": targets, "Realisasi": realisasi,
        "Capaian (%)": list(rows["capaian"]), "Kriteria": list(rows["kriteria"])}),
        {"Target": vf, "Realisasi": vf, "Capaian (%)": "number"},
        source=f"Target: Perjanjian Kinerja Tahun {year}; realisasi: {cited}")
    for _, row in rows.iterrows():
        sat, pol = row["satuan"], row["polaritas"]
        if many:
            section.paragraph(f"Indikator {row['indikator_id']}: {row['indikator']}.")
        section.paragraph(_realisasi_formula(row))
        section.paragraph(_capaian_formula(row, ordinal))
        if warning := engine.catatan_capaian(row["capaian"], pol, row["target"], row["realisasi"]):
            section.note(warning)
        section.paragraph(versus(f"Realisasi indikator {row['indikator']} tahun {year} sebesar",
                                 row["realisasi"], row["target"], "target Perjanjian Kinerja", sat, pol, ordinal)
                          + f" Capaian {fmt_number(row['capaian'])}% termasuk kriteria {row['kriteria']}.")
        reported = row["realisasi_dilaporkan"]
        # Compared as numbers by the one match rule (rounded to 2 decimals), never as printed text.
        if is_number(reported) and is_number(row["realisasi"]):
            if not recompute.rounds_to(float(reported), 2, float(row["realisasi"])):
                printed = published_as_printed(a.comparisons, sid, row["indikator_id"], year, reported, sat)
                section.note(f"Realisasi yang dipublikasikan {printed}; hasil hitung ulang dari data "
                             f"mentah {show(row['realisasi'], sat)}. Laporan ini memakai hasil hitung ulang.")
    if many:
        section.paragraph(_sasaran_formula(rows))
    _mismatch_note(section, a.comparisons, sid, list(rows["indikator_id"]))
    shown_blocks: list[str] = []
    for sumber in rows["sumber_realisasi"]:
        for block in sources.get(sumber).context:
            if block not in shown_blocks:
                shown_blocks.append(block)
                context.BLOCKS[block](section, tables, year, sid)


@_shows_its_blocks
def riwayat(a: Analysis) -> None:
    """2. Realisasi and capaian against the previous years, reported and recomputed."""
    year, section, sid, many = a.year, a.section, a.sid, a.many
    section.heading(f"{sid}.2 Perbandingan realisasi dan capaian dengan tahun-tahun sebelumnya")
    for _, row in a.rows.iterrows():
        sat, pol, sfx = row["satuan"], row["polaritas"], _suffix(row)
        vf = _value_format(pol)
        hist = a.history(row)
        shown = pd.DataFrame({
            "Tahun": hist["tahun"],
            "Target": _cells(hist["target"], sat, pol),
            "Realisasi dilaporkan": _cells(hist["realisasi_dilaporkan"], sat, pol),
            "Realisasi hitung ulang": _cells(hist["realisasi_hitung_ulang"], sat, pol),
            "Capaian atas realisasi dilaporkan (%)": hist["capaian_dilaporkan"],
            "Capaian atas hitung ulang (%)": hist["capaian_hitung_ulang"],
        })
        what = f"Indikator {row['indikator_id']}" if many else f"Sasaran {sid}"
        section.table(f"s{sid}_riwayat{sfx}", f"Realisasi dan Capaian {what} Tahun {context.year_span(hist['tahun'].min(), year)}",
                      shown, {"Tahun": "text", "Target": vf, "Realisasi dilaporkan": vf,
                              "Realisasi hitung ulang": vf, "Capaian atas realisasi dilaporkan (%)": "number",
                              "Capaian atas hitung ulang (%)": "number"},
                      source="LKjIP tahun-tahun sebelumnya (dilaporkan); data mentah (hitung ulang)")
        prev, before = a.previous(row)
        if prev is not None:
            section.paragraph(trend(f"Realisasi indikator {row['indikator']}", _num(before), _num(row["realisasi"]),
                                    year - 1, year, sat))
        if pol != "ordinal":
            section.figure(f"s{sid}_grafik_riwayat{sfx}",
                           f"Target dan Realisasi {what}: capaian {year} sebesar {fmt_number(row['capaian'])}% "
                           f"({row['kriteria']})", context.history_chart(hist, sat),
                           source="LKjIP tahun-tahun sebelumnya (realisasi dilaporkan); data mentah (hitung ulang)")


@_shows_its_blocks
def renstra(a: Analysis) -> None:
    """3. Realisasi against the end-of-Renstra target."""
    year, rows, ordinal, section, sid, many = a.year, a.rows, a.ordinal, a.section, a.sid, a.many
    period = indicators.renstra_period(a.tables)
    label = f"Renstra {period[0]}–{period[1]}" if period else "Renstra"
    section.heading(f"{sid}.3 Perbandingan realisasi dengan target akhir Renstra")
    real_col, vf = _column(rows, "realisasi")
    akhir_col, _ = _column(rows, "target_akhir_renstra")
    section.table(f"s{sid}_renstra", f"Realisasi {year} terhadap Target Akhir Renstra", pd.DataFrame({
        "Indikator Kinerja": list(rows["indikator"]), f"Realisasi {year}": real_col,
        "Target akhir Renstra": akhir_col, "Capaian (%)": list(rows["capaian_akhir_renstra"])}),
        {f"Realisasi {year}": vf, "Target akhir Renstra": vf, "Capaian (%)": "number"},
        source=f"{label} (target akhir); realisasi seperti pada butir {sid}.1")
    for _, row in rows.iterrows():
        if row["target_akhir_renstra"] is not None:
            subject = f"Realisasi {year}" + (f" indikator {row['indikator_id']}" if many else "") + " sebesar"
            section.paragraph(versus(subject, row["realisasi"], row["target_akhir_renstra"],
                                     "target akhir Renstra", row["satuan"], row["polaritas"], ordinal))


@_shows_its_blocks
def standar_nasional(a: Analysis) -> None:
    """4. Realisasi against the national standard (recomputed from national data where possible)."""
    year, ordinal, section, sid, many = a.year, a.ordinal, a.section, a.sid, a.many
    section.heading(f"{sid}.4 Perbandingan realisasi dengan standar nasional")
    for _, row in a.rows.iterrows():
        sat, pol, sfx = row["satuan"], row["polaritas"], _suffix(row)
        standar, standar_hitung = row["standar_nasional"], row["standar_nasional_dihitung"]
        labels = [f"Realisasi {year}", "Target/standar nasional yang dicantumkan"]
        values = [row["realisasi"], standar]
        if not is_absent(standar_hitung):
            labels.append(f"Angka nasional {year} hitung ulang dari data BPS")
            values.append(standar_hitung)
        title = f"Perbandingan dengan Standar Nasional Tahun {year}"
        if many:
            title += f", Indikator {row['indikator_id']}"
        section.table(f"s{sid}_standar_nasional{sfx}", title,
                      pd.DataFrame({"Pembanding": labels, "Nilai": _cells(values, sat, pol)}),
                      {"Nilai": _value_format(pol)}, source=_national_source(a.tables, row, year))
        subject = f"Realisasi {year}" + (f" indikator {row['indikator_id']}" if many else "") + " sebesar"
        # with no standard stated (no row, blank, '–') versus() says there is nothing to compare with
        label = "standar nasional" if is_nil(standar) else "standar nasional yang dicantumkan"
        section.paragraph(versus(subject, row["realisasi"], standar, label, sat, pol, ordinal))
        if not is_absent(standar_hitung):
            section.paragraph(versus(f"Dibandingkan angka nasional hasil hitung ulang, realisasi {year} sebesar",
                                     row["realisasi"], standar_hitung, "angka nasional", sat, pol, ordinal))


@_shows_its_blocks
def penyebab(a: Analysis) -> None:
    """5. Causes of success or failure and solutions: facts from the data + analyst narrative."""
    year, ordinal, section, narrative, sid, many = a.year, a.ordinal, a.section, a.narrative, a.sid, a.many
    section.heading(f"{sid}.5 Analisis penyebab keberhasilan/kegagalan dan solusi")
    facts = []
    for _, row in a.rows.iterrows():
        prev, before = a.previous(row)
        before = None if prev is None else (before if isinstance(before, str) else _num(before))
        facts += success_facts(f"Indikator {row['indikator_id']}" if many else "Hasil", row["realisasi"],
                               row["target"], before, year, row["satuan"], row["polaritas"], row["capaian"],
                               row["kriteria"], ordinal)
    if facts:
        section.bullets(facts, title="Fakta dari data")
    story = (narrative or {}).get("sasaran", {}).get(sid) or (narrative or {}).get("sasaran", {}).get(str(sid)) or {}
    section.paragraph(sasaran_verdict(sid, a.first["capaian_sasaran"], a.first["kriteria_sasaran"],
                                      list(story.get("faktor_penghambat") or [])))
    for key, title in NARRATIVE_PARTS:
        items = story.get(key)
        if items:
            section.bullets(list(items), title=title)
        else:
            section.placeholder(f"Belum diisi: {title.lower()} sasaran {sid} (data/raw/{year}/narasi.yml, "
                                f"sasaran.{sid}.{key}).")
    if story.get("analisis"):
        # The analyst's paragraph, with its claims on capaian, counts and the Renstra year restated
        # from the figures (a false claim is a Catatan Validasi finding, never reprinted).
        section.paragraph(own_words(str(story["analisis"]), year, renstra_years(a.tables), a.rows,
                                    a.tables.get(catalogue.IKU), sid))


@_shows_its_blocks
def efisiensi(a: Analysis) -> None:
    """6. Efficiency of resources: capaian set against serapan (indeks efisiensi), the unspent
    budget split into belanja pegawai and program spending, cost per unit of output, staff; the
    published "100 − serapan" beside it as the published-method figure."""
    tables, year, rows, first, section, sid = a.tables, a.year, a.rows, a.first, a.section, a.sid
    section.heading(f"{sid}.6 Analisis atas efisiensi penggunaan sumber daya")
    sub = tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    if sub is None or sub[sub["sasaran_id"] == sid].empty:
        section.placeholder(f"Belum ada realisasi anggaran per sub kegiatan untuk sasaran {sid}.")
    else:
        _efisiensi_anggaran(section, tables, year, sid, rows, first, a.many, a.comparisons)
    staff = indicators.staff_by_sasaran(tables, sid)
    if staff:
        parts = [f"{int(staff[k])} {label}" for k, label in (("asn", "ASN"), ("p3k", "P3K"), ("tjp", "TJP"))
                 if k in staff and not pd.isna(staff[k]) and int(staff[k]) > 0]
        section.paragraph(f"Sumber daya manusia yang menangani sasaran ini: {int(staff['jumlah'])} orang"
                          + (f" ({', '.join(parts)})." if parts else "."))


def _efisiensi_anggaran(section, tables, year, sid, rows, first, many, comparisons=None) -> None:
    """The budget part of analysis 6 (figures from analysis.anggaran and measure.budget)."""
    names = anggaran.belanja_pegawai_names(tables)
    f = anggaran.efficiency_figures(tables[catalogue.ANGGARAN_SUBKEGIATAN], sid, first["capaian_sasaran"], names)
    capaian_label = "Capaian kinerja sasaran (%)" if many else "Capaian kinerja (%)"
    section.table(f"s{sid}_efisiensi", f"Efisiensi Sumber Daya Sasaran {sid} Tahun {year}", pd.DataFrame([{
        "Indikator Kinerja": "; ".join(str(n) for n in rows["indikator"]), capaian_label: f["capaian"],
        "Pagu (Rp)": f["pagu"], "Realisasi anggaran (Rp)": f["realisasi"], "Serapan (%)": f["serapan"],
        "Indeks efisiensi (capaian ÷ serapan)": f["indeks"],
        "Efisiensi cara publikasi (100 − serapan)": f["efisiensi_publikasi"]}]),
        {capaian_label: "number", "Pagu (Rp)": "rupiah", "Realisasi anggaran (Rp)": "rupiah",
         "Serapan (%)": "number", "Indeks efisiensi (capaian ÷ serapan)": "number",
         "Efisiensi cara publikasi (100 − serapan)": "number"},
        source=f"Realisasi anggaran per sub kegiatan Tahun {year} ({cited_table(tables, catalogue.ANGGARAN_SUBKEGIATAN)}), "
               "dijumlahkan per sasaran")
    section.paragraph(f"Serapan = Realisasi / Pagu × 100% = {ratio_formula(f['realisasi'], f['pagu'])}.")
    if not math.isnan(f["indeks"]):
        section.paragraph(anggaran.index_formula("Indeks efisiensi", f["capaian"], f["serapan"])
                          + " (di atas 1: capaian kinerja relatif lebih besar daripada bagian anggaran yang "
                            "digunakan).")
    split = pd.DataFrame({
        "Jenis belanja": ["Belanja pegawai (gaji dan tunjangan)", "Belanja program", "Jumlah"],
        "Pagu (Rp)": [f["pagu_pegawai"], f["pagu_program"], f["pagu"]],
        "Realisasi (Rp)": [f["realisasi_pegawai"], f["realisasi_program"], f["realisasi"]],
        "Sisa anggaran (Rp)": [f["sisa_pegawai"], f["sisa_program"], f["sisa"]],
        "Serapan (%)": [budget_measure.serapan_rate(f["pagu_pegawai"], f["realisasi_pegawai"]), f["serapan_program"],
                        f["serapan"]]})
    rule = ("sub kegiatan " + ", ".join(names) + " (profil instansi)") if names else \
        "belum ada sub kegiatan belanja pegawai yang ditetapkan di profil instansi"
    section.table(f"s{sid}_sisa_anggaran", f"Sisa Anggaran Sasaran {sid} menurut Jenis Belanja Tahun {year}", split,
                  {"Pagu (Rp)": "rupiah", "Realisasi (Rp)": "rupiah", "Sisa anggaran (Rp)": "rupiah",
                   "Serapan (%)": "number"},
                  source=f"Realisasi anggaran per sub kegiatan Tahun {year}; belanja pegawai: {rule}")
    if f["pagu_pegawai"] > 0 and f["pagu_program"] > 0 and not math.isnan(f["indeks_program"]):
        section.paragraph(anggaran.index_formula("Indeks efisiensi belanja program", f["capaian"],
                                                 f["serapan_program"], "Serapan belanja program") + ".")
    costs = anggaran.output_costs(tables, sid)
    if not costs.empty:
        section.table(f"s{sid}_biaya_per_keluaran", f"Biaya per Unit Keluaran Sasaran {sid} Tahun {year}",
                      pd.DataFrame({
                          "Program/Kegiatan": costs["nama"], "Indikator keluaran": costs["indikator"],
                          "Realisasi keluaran": costs["jumlah"], "Satuan": costs["satuan"],
                          "Realisasi anggaran (Rp)": costs["realisasi_rp"],
                          "Biaya per unit (Rp)": costs["biaya_per_unit"]}),
                      {"Realisasi keluaran": "int", "Realisasi anggaran (Rp)": "rupiah",
                       "Biaya per unit (Rp)": "rupiah"},
                      source=f"Indikator program/kegiatan ({cited_table(tables, catalogue.INDIKATOR_PROGRAM)}) yang "
                             "berupa jumlah; realisasi anggaran "
                             "program/kegiatan/sub kegiatannya; biaya per unit = realisasi anggaran ÷ realisasi "
                             "keluaran")
    section.paragraph(anggaran.efficiency_conclusion(f))
    published = anggaran.published_efficiency(comparisons, sid)
    section.paragraph(
        (f"LKjIP yang dipublikasikan mencantumkan efisiensi {published}, dihitung " if published else
         "Cara publikasi menghitung efisiensi ")
        + f"sebagai 100 − serapan = 100 − {fmt_number(f['serapan'])} = {fmt_number(f['efisiensi_publikasi'])}%; "
        "angka ini hanya sisa anggaran dan tidak membedakan gaji yang tidak dibayarkan dari penghematan belanja "
        "program, sehingga dicantumkan sebagai angka publikasi saja.")


@_shows_its_blocks
def program_kegiatan(a: Analysis) -> None:
    """7. The programs and kegiatan behind the result, with their own indicators."""
    a.section.heading(f"{a.sid}.7 Program/kegiatan yang menunjang keberhasilan atau kegagalan")
    context.programs(a.section, a.tables, a.year, a.sid)
    keluaran.add_tables(a.section, a.tables, a.year, a.sid, a.comparisons)


ANALYSES = (target_realisasi, riwayat, renstra, standar_nasional, penyebab, efisiensi, program_kegiatan)


def build(tables: dict, year: int, sasaran_id: int, narrative: dict | None = None,
          comparisons: pd.DataFrame | None = None) -> tuple[Section, dict]:
    """The Section for one sasaran (all seven analyses, in order) and its summary.json entry."""
    a = start(tables, year, sasaran_id, narrative, comparisons)
    for analysis in ANALYSES:
        analysis(a)
    return a.section, a.result()
