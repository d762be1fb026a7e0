"""Lembar Evaluasi Mandiri: the report scores itself on the SAKIP evaluation sheet (LKE, Permen
PANRB 88/2021), component Pelaporan Kinerja, on every criterion its own content can show.

The criteria are the declared table :data:`CRITERIA`; each is judged by one small function that
reads only the built report (its Sections, the sasaran results of summary.json and the facts the
plan step saved in results/dokumen.json). Weights: Pemenuhan 3 % and Kualitas 4,5 % of the LKE,
spread evenly over their criteria (no official split per criterion is used). Answers Y/T count
100/0 %, A-E 100/75/50/25/0 %. Pemanfaatan (use by leadership) needs evidence outside the
document and is not judged.

The published report's answers (data/raw/<year>/lke_laporan_terbit.csv, each with the place in
the published document) are scored with the same weights, so "ours scores above the published"
is a computed statement, not a claim.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
from babel.dates import get_month_names

from pipeline.errors import InputError
from pipeline.inputs.idnum import fmt_number
from pipeline.messages import PARSE
from pipeline.sections.model import Section

WEIGHTS = {"Pemenuhan": 3.0, "Kualitas": 4.5}
PUBLISHED_FILE = "lke_laporan_terbit.csv"
SCALE = {"Y": 1.0, "T": 0.0, "A": 1.0, "B": 0.75, "C": 0.5, "D": 0.25, "E": 0.0}
# The report's own signatures (head of agency) and the sections carrying them.
SIGNED_SECTIONS = ("kata_pengantar", "bab4", "lampiran_pk", "lampiran_rkt", "lampiran_formulir")
STANDARD_PARTS = (("ikhtisar", "Ikhtisar Eksekutif"), ("bab1", "BAB I"), ("bab2", "BAB II"),
                  ("capaian_organisasi", "BAB III"), ("bab4", "BAB IV"), ("lampiran_pk", "Lampiran"))
MONTHS = {name.lower(): number for number, name in get_month_names("wide", locale="id").items()}


@dataclass(frozen=True)
class Criterion:
    id: str
    part: str  # Pemenuhan | Kualitas
    text: str


CRITERIA = (
    Criterion("disusun", "Pemenuhan", "Laporan Kinerja telah disusun"),
    Criterion("berkala", "Pemenuhan", "Laporan Kinerja disusun secara berkala"),
    Criterion("diformalkan", "Pemenuhan", "Laporan Kinerja telah diformalkan (ditandatangani)"),
    Criterion("direviu", "Pemenuhan", "Laporan Kinerja telah direviu (Pernyataan Telah Direviu)"),
    Criterion("dipublikasikan", "Pemenuhan", "Laporan Kinerja telah dipublikasikan"),
    Criterion("tepat_waktu", "Pemenuhan", "Laporan Kinerja disampaikan tepat waktu"),
    Criterion("sesuai_standar", "Kualitas", "Laporan Kinerja disusun sesuai standar (Permen PANRB 53/2014)"),
    Criterion("seluruh_informasi", "Kualitas", "Laporan Kinerja mengungkap seluruh informasi kinerja"),
    Criterion("target_tahunan", "Kualitas", "Analisis realisasi dibandingkan target tahunan"),
    Criterion("target_jangka_menengah", "Kualitas", "Analisis realisasi dibandingkan target jangka menengah"),
    Criterion("tahun_sebelumnya", "Kualitas", "Analisis realisasi dibandingkan tahun-tahun sebelumnya"),
    Criterion("standar_nasional", "Kualitas", "Analisis realisasi dibandingkan standar nasional"),
    Criterion("keberhasilan_kegagalan", "Kualitas",
              "Kualitas analisis keberhasilan/kegagalan, upaya nyata dan hambatannya"),
    Criterion("efisiensi", "Kualitas", "Analisis efisiensi penggunaan sumber daya"),
    Criterion("langkah_perbaikan", "Kualitas", "Langkah perbaikan untuk masa mendatang"),
)
BY_ID = {c.id: c for c in CRITERIA}


def weight(criterion: Criterion) -> float:
    """The criterion's share of the LKE: its part's weight spread evenly over the part."""
    return WEIGHTS[criterion.part] / sum(c.part == criterion.part for c in CRITERIA)


def points(criterion: Criterion, answer: str) -> float:
    return weight(criterion) * SCALE[answer]


@dataclass
class Judgement:
    answer: str
    evidence: str
    missing: str = ""


@dataclass
class Report:
    """What the criteria read: the built report."""
    year: int
    sections: dict[str, Section]
    sasaran: list[dict]      # summary.json's sasaran entries
    facts: dict              # results/dokumen.json: publikasi, laporan_terbit
    labels: dict[str, str]   # section id -> its place ("Lampiran 6 Pernyataan Telah Direviu")

    def place(self, *section_ids: str) -> str:
        return ", ".join(self.labels.get(s, s) for s in section_ids)

    def sasaran_sections(self) -> list[Section]:
        return [self.sections[f"sasaran_{s['id']}"] for s in self.sasaran if f"sasaran_{s['id']}" in self.sections]


def grade(share: float) -> str:
    """A-E from the share of sasaran (or parts) that show the analysis."""
    for letter, floor in (("A", 1.0), ("B", 0.75), ("C", 0.5), ("D", 0.25)):
        if share >= floor - 1e-9:
            return letter
    return "E"


def _signature_blocks(section: Section | None) -> list[list[dict]]:
    return [list(b.items) for b in (section.blocks if section else []) if b.kind == "signature"]


def _filled(value) -> bool:
    return bool(value) and "BELUM DIISI" not in value


def _signed(block: list[dict]) -> bool:
    """Every signer named with position; the head (no role) also with NIP; the block dated."""
    needed = lambda s: ("jabatan", "nama") if s.get("peran") else ("jabatan", "nama", "nip")  # noqa: E731
    return bool(block) and all(_filled(s.get(k)) for s in block for k in needed(s)) \
        and any(_filled(s.get("tempat_tanggal")) for s in block)


def _per_sasaran(report: Report, suffix: str, what: str, where: str) -> Judgement:
    """Graded by the share of sasaran whose sub-chapter carries the table ``s<id><suffix>``."""
    sections = report.sasaran_sections()
    lacking = [s.title for s in sections if not any(t.endswith(suffix) for t in s.tables)]
    lacking += [f"Sasaran {s['id']}" for s in report.sasaran if f"sasaran_{s['id']}" not in report.sections]
    total = len(report.sasaran) or 1
    return Judgement(grade(1 - len(lacking) / total), f"Bab III 3.2, {where} tiap sasaran",
                     f"{what} belum ada untuk: {'; '.join(lacking)}" if lacking else "")


# -- Pemenuhan -----------------------------------------------------------------------------------

def _disusun(r: Report) -> Judgement:
    missing = [label for sid, label in STANDARD_PARTS[1:5] if sid not in r.sections]
    return Judgement("T" if missing else "Y", f"LKjIP Tahun {r.year} ini",
                     f"bab yang belum ada: {', '.join(missing)}" if missing else "")


def _berkala(r: Report) -> Judgement:
    j = _per_sasaran(r, "_riwayat", "Perbandingan dengan realisasi tahun sebelumnya",
                     "analisis 2 (perbandingan dengan tahun-tahun sebelumnya)")
    return Judgement("Y" if j.answer == "A" else "T", j.evidence, j.missing)


def _diformalkan(r: Report) -> Judgement:
    lacking = [r.place(sid) for sid in SIGNED_SECTIONS
               if not _signature_blocks(r.sections.get(sid))
               or not all(map(_signed, _signature_blocks(r.sections.get(sid))))]
    return Judgement("T" if lacking else "Y", "blok tanda tangan: " + r.place(*SIGNED_SECTIONS),
                     f"tanda tangan belum lengkap pada: {'; '.join(lacking)}" if lacking else "")


def _direviu(r: Report) -> Judgement:
    section = r.sections.get("lampiran_reviu")
    blocks = _signature_blocks(section)
    ok = section is not None and not section.has_placeholder and bool(blocks) and all(map(_signed, blocks))
    return Judgement("Y" if ok else "T", r.place("lampiran_reviu"),
                     "" if ok else "Pernyataan Telah Direviu dari Inspektorat (nama, NIP, jabatan, tempat dan "
                                   "tanggal pereviu) belum ada")


def _dipublikasikan(r: Report) -> Judgement:
    url = (r.facts.get("publikasi") or {}).get("url")
    if url:
        return Judgement("Y", f"dipublikasikan di {url}")
    return Judgement("T", "–", "alamat publikasi laporan (situs web instansi atau portal SAKIP) belum dinyatakan "
                               "(narasi tahunan, kunci publikasi.url)")


def report_date(text: str) -> dt.date | None:
    """The last day of the month of 'Payakumbuh, Desember 2024' (or the day, when one is given)."""
    match = re.search(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})\s*$", text or "")
    if not match or match.group(2).lower() not in MONTHS:
        return None
    year, month = int(match.group(3)), MONTHS[match.group(2).lower()]
    if match.group(1):
        return dt.date(year, month, int(match.group(1)))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _tepat_waktu(r: Report) -> Judgement:
    blocks = _signature_blocks(r.sections.get("kata_pengantar"))
    text = blocks[0][0].get("tempat_tanggal", "") if blocks and blocks[0] else ""
    date, deadline = report_date(text), dt.date(r.year + 1, 3, 31)
    place = r.place("kata_pengantar")
    if date is None:
        return Judgement("T", place, "tanggal laporan (Kata Pengantar) belum diisi atau tidak terbaca")
    if date > deadline:
        return Judgement("T", f"{place}: {text}", f"tanggal laporan melewati batas akhir Maret {r.year + 1}")
    return Judgement("Y", f"{place}: {text} (batas 31 Maret {r.year + 1})")


# -- Kualitas ------------------------------------------------------------------------------------

def _sesuai_standar(r: Report) -> Judgement:
    missing = [label for sid, label in STANDARD_PARTS if sid not in r.sections]
    if not r.sasaran_sections():
        missing.append("BAB III 3.2 Analisis Capaian Kinerja")
    letters = "ABCDE"
    return Judgement(letters[min(len(missing), 4)], "Ikhtisar Eksekutif, BAB I–IV dan Lampiran",
                     f"belum ada: {', '.join(missing)}" if missing else "")


def _seluruh_informasi(r: Report) -> Judgement:
    # summary.json lists each sasaran's indicators; an older result is one indicator per sasaran
    indicators = [i for s in r.sasaran
                  for i in (s["indikator"] if isinstance(s.get("indikator"), list) else [s]) if isinstance(i, dict)]
    lacking = [str(i.get("id")) for i in indicators if i.get("realisasi") is None or i.get("capaian") is None]
    share = 1 - len(lacking) / len(indicators) if indicators else 0.0
    return Judgement(grade(share), r.place("capaian_organisasi") + f"; {len(indicators)} IKU dengan realisasi dan "
                     "capaian", f"IKU tanpa realisasi atau capaian: {', '.join(lacking)}" if lacking
                     else ("" if indicators else "tidak ada IKU dalam laporan"))


def _target_tahunan(r: Report) -> Judgement:
    return _per_sasaran(r, "_target_realisasi", "Perbandingan target dan realisasi", "analisis 1")


def _target_jangka_menengah(r: Report) -> Judgement:
    return _per_sasaran(r, "_renstra", "Perbandingan dengan target akhir Renstra", "analisis 3")


def _tahun_sebelumnya(r: Report) -> Judgement:
    return _per_sasaran(r, "_riwayat", "Perbandingan dengan tahun-tahun sebelumnya", "analisis 2")


def _standar_nasional(r: Report) -> Judgement:
    return _per_sasaran(r, "_standar_nasional", "Perbandingan dengan standar nasional", "analisis 4")


FACTOR_LISTS = ("Faktor pendukung", "Faktor penghambat", "Solusi")


def _keberhasilan_kegagalan(r: Report) -> Judgement:
    lacking = []
    for section in r.sasaran_sections():
        titles = [b.title for b in section.blocks if b.kind == "list" and b.items]
        if not all(any(t.startswith(f) for t in titles) for f in FACTOR_LISTS):
            lacking.append(section.title)
    total = len(r.sasaran) or 1
    return Judgement(grade(1 - len(lacking) / total), "Bab III 3.2, analisis 5 tiap sasaran",
                     f"faktor pendukung, penghambat atau solusi belum ada untuk: {'; '.join(lacking)}"
                     if lacking else "")


def _efisiensi(r: Report) -> Judgement:
    j = _per_sasaran(r, "_efisiensi", "Analisis efisiensi", "analisis 6")
    # Unspent budget alone (100 − serapan) says nothing about what the money achieved: the
    # evaluator does not credit it, so such an analysis is graded C at best. What it credits is
    # capaian set against serapan with the unspent money split by kind of spending (the
    # s<id>_sisa_anggaran table beside s<id>_efisiensi).
    split = _per_sasaran(r, "_sisa_anggaran", "Sisa anggaran menurut jenis belanja", "analisis 6")
    if j.answer in "AB" and split.answer != "A":
        return Judgement("C", j.evidence, "efisiensi hanya dihitung sebagai sisa anggaran (100 − serapan), "
                                          "tanpa membandingkan capaian kinerja dengan sumber daya yang dipakai"
                                          + (f"; {split.missing}" if split.missing else ""))
    return j


def _langkah_perbaikan(r: Report) -> Judgement:
    section = r.sections.get("bab4")
    blocks = section.blocks if section else []
    start = next((i for i, b in enumerate(blocks) if b.kind == "heading" and "Tindak Lanjut" in b.text), None)
    tail = blocks[start + 1:] if start is not None else []
    tail = tail[:next((i for i, b in enumerate(tail) if b.kind == "heading"), len(tail))]
    ok = any(b.kind == "list" and b.items for b in tail) and not any(b.kind == "placeholder" for b in tail)
    return Judgement("A" if ok else "E", r.place("bab4") + " 4.3 Tindak Lanjut",
                     "" if ok else "tindak lanjut per urusan belum diisi")


JUDGES = {"disusun": _disusun, "berkala": _berkala, "diformalkan": _diformalkan, "direviu": _direviu,
          "dipublikasikan": _dipublikasikan, "tepat_waktu": _tepat_waktu, "sesuai_standar": _sesuai_standar,
          "seluruh_informasi": _seluruh_informasi, "target_tahunan": _target_tahunan,
          "target_jangka_menengah": _target_jangka_menengah, "tahun_sebelumnya": _tahun_sebelumnya,
          "standar_nasional": _standar_nasional, "keberhasilan_kegagalan": _keberhasilan_kegagalan,
          "efisiensi": _efisiensi, "langkah_perbaikan": _langkah_perbaikan}


# -- the sheet -----------------------------------------------------------------------------------

def evaluate(report: Report) -> dict:
    """lke.json: every criterion judged on this report, beside the published report's answer."""
    published = {row["kriteria"]: row for row in report.facts.get("laporan_terbit") or []}
    for row in report.facts.get("laporan_terbit") or []:
        if row["kriteria"] not in BY_ID:
            raise InputError(f"data/raw/{report.year}/{PUBLISHED_FILE}", PARSE["one_of"].format(
                allowed=", ".join(BY_ID)), row=row.get("baris"), column="Kriteria", value=row["kriteria"])
    rows = []
    for criterion in CRITERIA:
        judged = JUDGES[criterion.id](report)
        theirs = published.get(criterion.id)
        rows.append({
            "id": criterion.id, "komponen": criterion.part, "kriteria": criterion.text,
            "bobot": weight(criterion), "jawaban": judged.answer, "nilai": points(criterion, judged.answer),
            "bukti": judged.evidence, "kurang": judged.missing,
            "terbit": None if theirs is None else {
                "jawaban": theirs["jawaban"], "nilai": points(criterion, theirs["jawaban"]),
                "letak": theirs["letak"], "keterangan": theirs["keterangan"]}})

    def total(key, part=None):
        values = [r[key] if key == "nilai" else (r["terbit"] or {}).get("nilai") for r in rows
                  if part in (None, r["komponen"])]
        return None if any(v is None for v in values) else sum(values)

    return {
        "tahun": report.year,
        "aturan": RULE,
        "kriteria": rows,
        "jumlah": {p: total("nilai", p) for p in WEIGHTS} | {"total": total("nilai")},
        "jumlah_terbit": ({p: total("terbit", p) for p in WEIGHTS} | {"total": total("terbit")})
        if published else None,
    }


RULE = ("Bobot komponen Pelaporan Kinerja LKE (Permen PANRB 88/2021): Pemenuhan 3% dan Kualitas 4,5%, dibagi "
        "rata antarkriteria karena tidak ada pembagian resmi per kriteria yang dipakai di sini (0,50 per "
        "kriteria). Jawaban Y = 100% dan T = 0% dari bobot; A, B, C, D, E = 100%, 75%, 50%, 25%, 0%. "
        "Komponen Pemanfaatan (7,5%) memerlukan bukti di luar dokumen dan tidak dinilai.")


def _num(value) -> str:
    return "–" if value is None else fmt_number(value, 2)


def build_section(sheet: dict) -> Section:
    """Lampiran: Lembar Evaluasi Mandiri (never a placeholder: a lost point says what is missing)."""
    section = Section("lampiran_lke", "Lembar Evaluasi Mandiri")
    section.paragraph(f"Lembar ini menilai Laporan Kinerja Tahun {sheet['tahun']} dengan kriteria komponen "
                      "Pelaporan Kinerja Lembar Kerja Evaluasi SAKIP yang dapat dinilai dari isi laporan sendiri, "
                      "beserta buktinya dan, untuk setiap nilai yang hilang, apa yang belum ada.")
    section.paragraph(sheet["aturan"])
    with_published = sheet["jumlah_terbit"] is not None
    rows = []
    for number, r in enumerate(sheet["kriteria"], start=1):
        row = {"No": str(number), "Komponen": r["komponen"], "Kriteria": r["kriteria"], "Jawaban": r["jawaban"],
               "Nilai": _num(r["nilai"]), "Bukti": r["bukti"], "Yang belum terpenuhi": r["kurang"] or "–"}
        if with_published:
            theirs = r["terbit"] or {}
            row["Jawaban LKjIP terbit"] = theirs.get("jawaban") or "–"
            row["Nilai LKjIP terbit"] = _num(theirs.get("nilai"))
            row["Letak/keterangan LKjIP terbit"] = "; ".join(x for x in (theirs.get("letak"), theirs.get("keterangan"))
                                                             if x) or "–"
        rows.append(row)
    table = pd.DataFrame(rows)
    section.table("lampiran_lke", f"Lembar Evaluasi Mandiri Pelaporan Kinerja Tahun {sheet['tahun']}", table,
                  {c: "text" for c in table.columns},
                  source="Isi laporan ini" + ("; LKjIP yang dipublikasikan" if with_published else ""))
    ours = sheet["jumlah"]
    text = (f"Nilai yang dapat diperoleh dari dokumen: {_num(ours['total'])} dari 7,50 (Pemenuhan "
            f"{_num(ours['Pemenuhan'])} dari 3,00; Kualitas {_num(ours['Kualitas'])} dari 4,50).")
    if with_published:
        theirs = sheet["jumlah_terbit"]
        text += (f" LKjIP yang dipublikasikan, dengan kriteria dan bobot yang sama: {_num(theirs['total'])} "
                 f"(Pemenuhan {_num(theirs['Pemenuhan'])}; Kualitas {_num(theirs['Kualitas'])}).")
    section.paragraph(text)
    return section
