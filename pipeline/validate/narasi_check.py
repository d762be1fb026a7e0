"""Words that never contradict the figures: the agency's sentences checked against the data.

Every text of the year's ``narasi.yml`` (the analyst's narrative, the Kata Pengantar and the
``kalimat_dipublikasikan``: sentences and signatures of the published LKjIP that the report does
not reprint) is read with deliberately simple rules — a regular expression on Indonesian words
plus the figures — so a reviewer can follow each verdict:

- ``tahun_renstra``  "tahun pertama/kedua/ke-2 ... Renstra/RPD/periode" = tahun − awal periode + 1;
- ``lama_periode``   "selama / kurun waktu / periode N tahun" = the years of the Renstra columns;
- ``arah``           a direction word (naik, kenaikan, meningkat, turun, penurunan ...) between two
                     "Tahun YYYY ... N%" figures of the same sentence agrees with their order;
                     ``besar_perubahan``: "naik/penurunan sebesar N%" is the size of that change;
                     over "Tahun A s/d B", a named IKM series (unit usaha, tenaga kerja, nilai
                     investasi, nilai produksi) rose or fell as the sentence says;
- ``perbandingan``   "melebihi/melampaui/tercapai" against "tidak/belum tercapai" agree with the
                     sentence's own target and realisasi; "capaian ≤ / lebih dari 100%" holds for
                     every capaian it speaks of (the sasaran's, or all indicators');
- ``jumlah``         "N sasaran / N indikator" = iku.csv; "N indikator melebihi target" = the
                     indicators whose realisasi is better than their target;
- ``penandatangan``  a printed signatory name = the head of agency in profil_instansi.yml (the
                     name before the first comma; degrees are not compared).

:func:`claims` returns one record per claim found, true or not; ``recompute`` turns them into
rows of the ``perbandingan`` table (so a false one is a Catatan Validasi finding). The report's
own sentences never copy such a claim: :func:`own_words` rewrites it from the figures.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number, is_absent, round_half_up

# besaran of each rule: (label in Catatan Validasi, materiality tier, Dampak).
KINDS = {
    "narasi_tahun_renstra": (
        "Pernyataan tahun pelaksanaan Renstra", 3,
        "Tidak mengubah angka kinerja; laporan ini menyusun kalimat tahun pelaksanaan dari tahun laporan "
        "dan periode Renstra."),
    "narasi_lama_periode": (
        "Pernyataan lama periode Renstra", 3,
        "Tidak mengubah angka kinerja; periode Renstra mengikuti kolom target Renstra."),
    "narasi_arah": (
        "Kata arah perubahan (naik/turun)", 1,
        "Kesimpulan berubah: arah perubahan yang dipublikasikan berlawanan dengan angka yang diuraikannya."),
    "narasi_besar_perubahan": (
        "Besar perubahan yang dinyatakan", 3,
        "Arah perubahan benar, tetapi besarnya yang dinyatakan adalah nilai tahun itu, bukan selisihnya; "
        "laporan ini menyebut selisih menurut angkanya."),
    "narasi_perbandingan": (
        "Kata perbandingan terhadap target atau 100%", 1,
        "Kesimpulan berubah: kata perbandingan yang dipublikasikan tidak sesuai dengan capaian."),
    "narasi_jumlah": (
        "Jumlah sasaran atau indikator yang dinyatakan", 3,
        "Tidak mengubah angka kinerja; jumlah mengikuti daftar IKU."),
    "narasi_tanggal": (
        "Tanggal dokumen", 3,
        "Tidak mengubah angka kinerja; urutan tanggal dokumen tidak masuk akal (laporan ditandatangani "
        "sebelum dokumen yang dimuatnya, atau rencana bertanggal sesudah tahunnya dimulai)."),
    "narasi_penandatangan": (
        "Nama penandatangan", 3,
        "Nama yang tercetak berbeda dengan nama Kepala Dinas pada profil instansi (NIP sama); dokumen "
        "resmi memerlukan nama yang benar; laporan ini memakai nama dari profil instansi."),
}

WORD_NUMBERS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9, "sepuluh": 10}
ORDINAL_WORDS = {"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6}
_NUMWORD = r"\d+|" + "|".join(WORD_NUMBERS)
_PCT = r"(\d{1,3}(?:\.\d{3})*(?:,\d+)?)\s*%"

ORDINAL = re.compile(r"\btahun\s+(?:(" + "|".join(ORDINAL_WORDS) + r")|ke[\s-]*(" + _NUMWORD + r"))\b",
                     re.IGNORECASE)
PLAN_WORDS = re.compile(r"\b(renstra|rpd|rpjmd|periode|rencana strategis)\b", re.IGNORECASE)
PERIOD = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
LENGTH = re.compile(r"\b(selama|kurun waktu|periode)\s+(" + _NUMWORD + r")\s+tahun\b", re.IGNORECASE)
YEAR = re.compile(r"\btahun\s+(\d{4})\b", re.IGNORECASE)
PERCENT = re.compile(_PCT)
UP_WORDS = ("naik", "kenaikan", "meningkat", "peningkatan", "pertumbuhan", "bertambah")
DOWN_WORDS = ("turun", "penurunan", "menurun", "berkurang")
DIRECTION = re.compile(r"\b(" + "|".join(UP_WORDS + DOWN_WORDS) + r")\b", re.IGNORECASE)
SIZE = re.compile(r"^\s+sebesar\s+" + _PCT)
RANGE = re.compile(r"\btahun\s+(\d{4})\s*(?:s/d|s\.d\.?|sampai dengan|sampai|[-–])\s*(\d{4})\b", re.IGNORECASE)
KEYWORD = re.compile(r"\b(menargetkan|target|terealisasi|realisasi|capaian)\b", re.IGNORECASE)
NOT_REACHED = re.compile(r"\b(?:tidak|belum)\s+(?:tercapai\w*|mencapai|memenuhi)\b[^.,;]*", re.IGNORECASE)
REACHED = re.compile(r"\b(melebihi|melampaui|(?:telah|sudah)\s+mencapai|tercapai)\b(?:\s+dari)?\s+target\b",
                     re.IGNORECASE)
THRESHOLD = re.compile(r"\b(?:ketercapaian|capaian)(?:\s+rata-rata)?\s*(≤|<=|≥|>=|<|>|lebih dari|kurang dari|"
                       r"di atas|di bawah)\s*(\d+(?:,\d+)?)\s*%?", re.IGNORECASE)
COUNT = re.compile(r"\b(" + _NUMWORD + r")\s*(?:\(\s*\w+\s*\)\s*)?(sasaran|indikator)\b(?=(\s+\w+)?(\s+\w+)?)",
                   re.IGNORECASE)
# A count followed by these words names a part ("2 indikator telah melebihi target"), not the total.
PART_WORDS = ("telah", "sudah", "yang", "sesuai", "belum", "tidak", "melebihi", "melampaui")
IKM_SERIES = {"unit usaha": ("unit_usaha", "unit"), "tenaga kerja": ("tenaga_kerja", "orang"),
              "nilai investasi": ("investasi_ribu_rp", "ribu rupiah"),
              "nilai produksi": ("nilai_produksi_ribu_rp", "ribu rupiah")}

MONTHS = {m: i for i, m in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                      "september", "oktober", "november", "desember"), start=1)}
DATE = re.compile(r"(?:(\d{1,2})\s+)?(" + "|".join(MONTHS) + r")\s+(\d{4})", re.IGNORECASE)
DATE_PLACES = {"kata_pengantar.tempat_tanggal": "Kata Pengantar, tempat dan tanggal",
               "tanggal_dokumen.rkt": "Lampiran Rencana Kinerja Tahunan, tempat dan tanggal",
               "tanggal_dokumen.formulir_pengukuran_kinerja": "Lampiran Formulir Pengukuran Kinerja, tempat dan tanggal"}

# Where a narrative part is printed in an LKjIP (for the reviewer's "Letak").
PLACES = {"kata_pengantar": "Kata Pengantar, paragraf {n}", "analisis": "Bab III sasaran {sid}, analisis",
          "analisis_tabel": "Bab III sasaran {sid}, kolom analisis keberhasilan/kegagalan butir {n}",
          "faktor_pendukung": "Bab III sasaran {sid}, faktor pendukung butir {n}",
          "faktor_penghambat": "Bab III sasaran {sid}, faktor penghambat butir {n}",
          "solusi": "Bab III sasaran {sid}, solusi butir {n}", "prestasi": "Bab III 3.3 Prestasi butir {n}"}


@dataclass
class Claim:
    """One checked claim: what the text says and what the figures say (equal when true)."""

    besaran: str
    tempat: str         # the published place, in words
    kunci: str          # where it is in narasi.yml
    kutipan: str        # the sentence, shortened around the claim
    dikatakan: str      # the claim as printed
    menurut_angka: str  # the same statement made from the figures
    cara: str           # how the figures were read
    sasaran: int | None = None

    @property
    def benar(self) -> bool:
        return self.dikatakan == self.menurut_angka


@dataclass
class Facts:
    """What the rules compare with, read once from the processed tables."""

    year: int
    renstra: list[int]
    evaluation: pd.DataFrame | None
    iku: pd.DataFrame | None
    ikm: pd.DataFrame | None
    kepala: str


def renstra_years(tables: dict) -> list[int]:
    """The Renstra period: the years of the target_renstra columns."""
    target = tables.get(catalogue.TARGET)
    if target is None:
        return []
    years = target.loc[target["jenis"] == "renstra", "tahun"].dropna()
    return sorted({int(y) for y in years})


def renstra_ordinal(year: int, years: list[int]) -> str:
    """'tahun ke-2' for 2024 in 2023–2026 (tahun − awal + 1); '' outside the period."""
    if not years or not years[0] <= year <= years[-1]:
        return ""
    return f"tahun ke-{year - years[0] + 1}"


def _number(text: str) -> float:
    word = text.strip().casefold()
    if word in WORD_NUMBERS:
        return float(WORD_NUMBERS[word])
    return float(word.replace(".", "").replace(",", "."))


def _pct(value: float) -> str:
    return fmt_number(value) + "%"


def sentences(text: str) -> list[str]:
    """Sentences: split after '.', '!' or '?' followed by a space (decimals use commas)."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", str(text)) if s.strip()]


def excerpt(sentence: str, start: int, end: int, width: int = 90) -> str:
    """The sentence around a claim, '…' where it was cut."""
    a, b = max(0, start - width), min(len(sentence), end + width)
    while 0 < a < start and not sentence[a - 1].isspace():  # whole words only
        a += 1
    while start < b < len(sentence) and not sentence[b].isspace():
        b -= 1
    return ("…" if a else "") + sentence[a:b].strip() + ("…" if b < len(sentence) else "")


# -- the rules: each takes (sentence, paragraph, facts, sasaran) and yields (besaran, match span,
#    said, figures, how) -----------------------------------------------------------------------
def _period_of(sentence: str, facts: Facts) -> tuple[int, int] | None:
    hit = PERIOD.search(sentence)
    if hit:
        return int(hit.group(1)), int(hit.group(2))
    return (facts.renstra[0], facts.renstra[-1]) if facts.renstra else None


def rule_ordinal(sentence, paragraph, facts, sid):
    if not PLAN_WORDS.search(sentence) and not PERIOD.search(sentence):
        return
    period = _period_of(sentence, facts)
    if period is None:
        return
    for hit in ORDINAL.finditer(sentence):
        said_n = ORDINAL_WORDS[hit.group(1).casefold()] if hit.group(1) else int(_number(hit.group(2)))
        real = renstra_ordinal(facts.year, list(range(period[0], period[1] + 1)))
        if not real:
            continue
        said = hit.group(0)
        yield ("narasi_tahun_renstra", hit.span(), said,
               said if said_n == facts.year - period[0] + 1 else real,
               f"Tahun {facts.year} − {period[0]} + 1 = {facts.year - period[0] + 1} (periode {period[0]}–{period[1]})")


def rule_length(sentence, paragraph, facts, sid):
    period = _period_of(sentence, facts)
    if period is None:
        return
    n = period[1] - period[0] + 1
    for hit in LENGTH.finditer(sentence):
        said = hit.group(0)
        yield ("narasi_lama_periode", hit.span(), said,
               said if int(_number(hit.group(2))) == n else f"{hit.group(1)} {n} tahun",
               f"periode {period[0]}–{period[1]} = {n} tahun (kolom target Renstra)")


def _in_name(sentence: str, word: re.Match) -> bool:
    """'Persentase Peningkatan Nilai Produksi' names an indicator; it says nothing about a change."""
    return sentence[:word.start()].rstrip().casefold().endswith("persentase")


def _direction(word: str) -> int:
    return 1 if word.casefold() in UP_WORDS else -1


def rule_direction(sentence, paragraph, facts, sid):
    points = []  # (position, year, value, text)
    for hit in PERCENT.finditer(sentence):
        years = [y for y in YEAR.finditer(sentence[:hit.start()])]
        if years:
            points.append((hit.start(), int(years[-1].group(1)), _number(hit.group(1)), hit.group(0)))
    words = [w for w in DIRECTION.finditer(sentence) if not _in_name(sentence, w)]
    # "naik sebesar N%" states a size; it is also the year's level only when the year has no other
    # figure (the seed writes "di Tahun 2023 naik sebesar 95,16%" for the level 95,16%).
    sizes = {w.end() + m.start(1) for w in words if (m := SIZE.match(sentence[w.end():]))}
    points = [p for p in points if p[0] not in sizes or sum(q[1] == p[1] for q in points) == 1]
    if len(points) < 2 or not words:
        return
    for word in words:
        after = [i for i, p in enumerate(points) if p[0] > word.end()]
        k = after[0] if after and after[0] > 0 else (1 if len(points) == 2 else None)
        if k is None or points[k][1] <= points[k - 1][1]:
            continue
        (_, y0, v0, _), (_, y1, v1, _) = points[k - 1], points[k]
        diff = v1 - v0
        actual = "tetap" if abs(diff) < 1e-12 else ("naik" if diff > 0 else "turun")
        said_dir = "naik" if _direction(word.group(1)) > 0 else "turun"
        size = SIZE.match(sentence[word.end():])
        end = word.end() + (size.end() if size else 0)
        said = sentence[word.start():end]
        how = f"{y0}: {_pct(v0)}; {y1}: {_pct(v1)} (angka dalam kalimat yang sama)"
        if actual != said_dir:
            yield ("narasi_arah", (word.start(), end), said,
                   f"{actual} {fmt_number(abs(diff))} poin persen" if actual != "tetap" else "tetap", how)
            continue
        if not size:
            yield ("narasi_arah", (word.start(), word.end()), said, said, how)
        else:
            claimed = _number(size.group(1))
            dec = len(size.group(1).split(",")[1]) if "," in size.group(1) else 0
            relative = abs(diff) / abs(v0) * 100 if v0 else math.nan
            fits = any(not math.isnan(x) and float(round_half_up(x, dec)) == claimed
                       for x in (abs(diff), relative))
            yield ("narasi_besar_perubahan", (word.start(), end), said,
                   said if fits else f"{word.group(1)} {fmt_number(abs(diff))} poin persen", how)


def rule_series(sentence, paragraph, facts, sid):
    span = RANGE.search(paragraph)
    if span is None or facts.ikm is None or not re.search(r"\b(industri|ikm)\b", paragraph, re.IGNORECASE):
        return
    words = [w for w in DIRECTION.finditer(sentence) if not _in_name(sentence, w)]
    if not words:
        return
    a, b = int(span.group(1)), int(span.group(2))
    said_dir = "naik" if _direction(words[0].group(1)) > 0 else "turun"
    series = facts.ikm.set_index("tahun")
    for name, (column, unit) in IKM_SERIES.items():
        hit = re.search(r"\b" + name + r"\b", sentence, re.IGNORECASE)
        if hit is None or column not in series or a not in series.index or b not in series.index:
            continue
        v0, v1 = float(series.loc[a, column]), float(series.loc[b, column])
        actual = "naik" if v1 > v0 else ("turun" if v1 < v0 else "tetap")
        said = f"{hit.group(0)} {words[0].group(1)} ({a}–{b})"
        change = (v1 - v0) / v0 * 100 if v0 else math.nan
        yield ("narasi_arah", hit.span(), said,
               said if actual == said_dir else
               f"{hit.group(0)} {actual} {fmt_number(abs(change))}% ({a}–{b})",
               f"{name} {a}: {fmt_number(v0, 0)} {unit}; {b}: {fmt_number(v1, 0)} {unit} (seri IKM)")


def _indicators(facts: Facts, sid: int | None) -> pd.DataFrame | None:
    ev = facts.evaluation
    if ev is None or ev.empty:
        return None
    return ev[ev["sasaran_id"] == sid] if sid is not None else ev


def rule_reached(sentence, paragraph, facts, sid):
    labelled = []
    for hit in PERCENT.finditer(sentence):
        keys = list(KEYWORD.finditer(sentence[:hit.start()]))
        if keys:
            labelled.append((keys[-1].group(1).casefold(), _number(hit.group(1))))
    target = next((v for k, v in labelled if k in ("target", "menargetkan")), None)
    real = next((v for k, v in labelled if k in ("realisasi", "terealisasi")), None)
    if target is None or real is None:
        return
    lower = False
    rows = _indicators(facts, sid)
    if sid is not None and rows is not None and not rows.empty:
        lower = str(rows.iloc[0]["polaritas"]) == "turun"
    reached = real <= target if lower else real >= target
    beyond = real < target if lower else real > target
    relation = "sama dengan" if real == target else ("lebih baik dari" if beyond else "belum mencapai")
    how = f"realisasi {_pct(real)}, target {_pct(target)} (angka dalam kalimat yang sama)"
    for hit in NOT_REACHED.finditer(sentence):
        said = hit.group(0).strip()
        yield ("narasi_perbandingan", hit.span(), said,
               said if not reached else f"target tercapai (realisasi {relation} target)", how)
    for hit in REACHED.finditer(sentence):
        strict = hit.group(1).casefold() in ("melebihi", "melampaui")
        ok = beyond if strict else reached
        said = hit.group(0)
        yield ("narasi_perbandingan", hit.span(), said,
               said if ok else f"realisasi {relation} target", how)


def _holds(op: str, value: float, limit: float) -> bool:
    op = op.casefold()
    if op in ("≤", "<="):
        return value <= limit
    if op in ("≥", ">="):
        return value >= limit
    if op in ("<", "kurang dari", "di bawah"):
        return value < limit
    return value > limit  # ">", "lebih dari", "di atas"


def rule_threshold(sentence, paragraph, facts, sid):
    hits = list(THRESHOLD.finditer(sentence))
    if not hits:  # most sentences: no need to select the sasaran's indicators
        return
    rows = _indicators(facts, sid)
    if rows is None or rows.empty:
        return
    for hit in hits:
        limit = _number(hit.group(2))
        values = [(str(r["indikator_id"]), float(r["capaian"])) for _, r in rows.iterrows()
                  if not is_absent(r["capaian"])]
        wrong = [(i, v) for i, v in values if not _holds(hit.group(1), v, limit)]
        said = hit.group(0).strip()
        listed = "; ".join(f"indikator {i}: {_pct(v)}" for i, v in values)
        shown = ", ".join(f"{_pct(v)} (indikator {i})" for i, v in wrong)
        yield ("narasi_perbandingan", hit.span(), said,
               said if not wrong else f"{len(wrong)} dari {len(values)} capaian tidak memenuhi: {shown}",
               f"capaian hitung ulang {listed}")


def rule_count(sentence, paragraph, facts, sid):
    if facts.iku is None or facts.iku.empty:
        return
    for hit in COUNT.finditer(sentence):
        noun = hit.group(2).casefold()
        follow = [(w or "").strip().casefold() for w in (hit.group(3), hit.group(4))]
        n = int(_number(hit.group(1)))
        said = hit.group(0).strip()
        if noun == "indikator" and follow[0] in PART_WORDS:
            rest = sentence[hit.end(2):hit.end(2) + 40].casefold()
            rows = _indicators(facts, sid)
            if rows is None or rows.empty or "target" not in rest:
                continue
            if re.match(r"\s+(telah\s+|sudah\s+)?(melebihi|melampaui)", rest):
                better = int(rows.apply(lambda r: r["capaian"] is not None and float(r["capaian"]) > 100, axis=1).sum())
                label = "realisasi melebihi target (capaian > 100%)"
            elif re.match(r"\s+sesuai\s+dengan", rest):
                better = int(rows.apply(lambda r: r["capaian"] is not None and float(r["capaian"]) == 100, axis=1).sum())
                label = "realisasi sama dengan target (capaian = 100%)"
            else:
                continue
            yield ("narasi_jumlah", hit.span(), said, said if n == better else f"{better} indikator",
                   f"{better} dari {len(rows)} indikator dengan {label}")
            continue
        if follow[0] in PART_WORDS:
            continue
        iku = facts.iku if sid is None else facts.iku[facts.iku["sasaran_id"] == sid]
        real = int(iku["sasaran_id"].nunique()) if noun == "sasaran" else len(iku)
        scope = f"sasaran {sid}" if sid is not None else "daftar IKU"
        yield ("narasi_jumlah", hit.span(), said, said if n == real else f"{real} {noun}",
               f"{real} {noun} pada {scope} (iku.csv)")


def _month(text: str) -> tuple[int, int] | None:
    """(year, month) of 'Payakumbuh, Desember 2024'; None when it names no month."""
    hit = DATE.search(str(text))
    return None if hit is None else (int(hit.group(3)), MONTHS[hit.group(2).casefold()])


def date_claims(narasi: pd.DataFrame, year: int) -> list[Claim]:
    """The LKjIP is signed (Kata Pengantar) no earlier than the Formulir Pengukuran Kinerja it
    contains and not before December of its year; the year's RKT is dated before the year ends."""
    texts = {str(r["bagian"]): str(r["teks"]) for _, r in narasi.iterrows() if str(r["bagian"]) in DATE_PLACES}
    months = {k: _month(v) for k, v in texts.items()}
    out = []
    signed, form, rkt = (months.get(k) for k in ("kata_pengantar.tempat_tanggal",
                                                 "tanggal_dokumen.formulir_pengukuran_kinerja",
                                                 "tanggal_dokumen.rkt"))

    def claim(key, real, how):
        said = texts[key]
        out.append(Claim("narasi_tanggal", DATE_PLACES[key], key, said, said, real or said, how))

    if signed:
        real = None
        if form and signed < form:
            real = f"tidak sebelum {texts['tanggal_dokumen.formulir_pengukuran_kinerja'].split(',')[-1].strip()}"
        elif signed < (year, 12):
            real = f"tidak sebelum Desember {year}"
        claim("kata_pengantar.tempat_tanggal", real,
              "laporan memuat Formulir Pengukuran Kinerja dan capaian setahun penuh")
    if rkt:
        claim("tanggal_dokumen.rkt", None if rkt <= (year, 12) else f"paling lambat Desember {year}",
              f"Rencana Kinerja Tahunan {year} disusun sebelum atau pada tahunnya")
    return out


def name_part(name: str) -> str:
    """'YUNIDA FATWA, S.Sos, M.Si' -> 'yunida fatwa' (degrees are spelt too many ways to compare)."""
    return re.sub(r"\s+", " ", str(name).split(",")[0]).strip().casefold()


RULES = (rule_ordinal, rule_length, rule_direction, rule_series, rule_reached, rule_threshold, rule_count)


def _place(row) -> tuple[str, str]:
    bagian, n = str(row["bagian"]), int(row["urutan"])
    sid = None if pd.isna(row["sasaran_id"]) else int(row["sasaran_id"])
    tempat = str(row.get("tempat") or "").strip()
    if tempat and tempat.casefold() != "nan":
        return tempat, f"kalimat_dipublikasikan.{n}"
    key = f"sasaran.{sid}.{bagian}.{n}" if sid is not None else f"{bagian}.{n}"
    template = PLACES.get(bagian, bagian.replace("_", " ").replace(".", ", ").capitalize() + " butir {n}")
    return template.format(n=n, sid=sid), key


def claims(tables: dict, year: int, evaluation: pd.DataFrame | None = None) -> list[Claim]:
    """Every claim the rules find in the year's narrative, in narrative order."""
    narasi = tables.get(catalogue.NARASI)
    if narasi is None or narasi.empty:
        return []
    facts = read_facts(tables, year, evaluation)
    out = []
    for _, row in narasi.iterrows():
        tempat, kunci = _place(row)
        sid = None if pd.isna(row["sasaran_id"]) else int(row["sasaran_id"])
        text = str(row["teks"])
        if str(row["bagian"]) in DATE_PLACES:
            continue  # checked together by date_claims
        if str(row["bagian"]) == "penandatangan":
            if facts.kepala:
                # The name without degrees: one misspelling printed in two places is one finding.
                said, real = (re.sub(r"\s+", " ", str(n).split(",")[0]).strip() for n in (text, facts.kepala))
                out.append(Claim("narasi_penandatangan", tempat, kunci, text, said,
                                 said if name_part(said) == name_part(real) else real,
                                 "nama Kepala Dinas pada profil instansi (tanpa gelar)", sid))
            continue
        for sentence in sentences(text):
            for rule in RULES:
                for besaran, (a, b), said, real, how in rule(sentence, text, facts, sid):
                    out.append(Claim(besaran, tempat, kunci, excerpt(sentence, a, b), said, real, how, sid))
    return out + date_claims(narasi, year)


def read_facts(tables: dict, year: int, evaluation: pd.DataFrame | None = None) -> Facts:
    if evaluation is None:
        from pipeline.measure import indicators

        try:
            evaluation = indicators.evaluate(tables, year)
        except Exception:  # noqa: BLE001 - a broken table is reported by the critical suites
            evaluation = None
    iku = tables.get(catalogue.IKU)
    if iku is not None:
        iku = iku.assign(sasaran_id=pd.to_numeric(iku["sasaran_id"], errors="coerce"))
    ikm = tables.get(catalogue.IKM_AGREGAT)
    if ikm is None:
        ikm = tables.get(catalogue.IKM_SERI)
    if ikm is not None and "tahun" in ikm:
        ikm = ikm.assign(tahun=pd.to_numeric(ikm["tahun"], errors="coerce").astype("Int64"))
    instansi = tables.get(catalogue.INSTANSI)
    kepala = ""
    if instansi is not None and not instansi.empty:
        hit = instansi[instansi["kunci"] == "kepala_dinas_nama"]
        kepala = "" if hit.empty or pd.isna(hit.iloc[0]["nilai"]) else str(hit.iloc[0]["nilai"]).strip()
    return Facts(year, renstra_years(tables), evaluation, iku, ikm, kepala)


# -- the report's own words --------------------------------------------------------------------
def own_words(text: str, year: int, renstra: list[int], evaluation: pd.DataFrame | None = None,
              iku: pd.DataFrame | None = None, sasaran: int | None = None) -> str:
    """``text`` with its checkable claims restated from the figures: the Renstra year and period
    ("tahun pertama periode 2023-2026" printed for 2024 becomes "tahun ke-2 periode 2023-2026"),
    counts of sasaran/indikator and, given the evaluation, "capaian lebih dari 100%". The report
    quotes the agency's paragraph but never repeats a claim the figures contradict."""
    if iku is not None:
        iku = iku.assign(sasaran_id=pd.to_numeric(iku["sasaran_id"], errors="coerce"))
    facts = Facts(year, renstra, evaluation, iku, None, "")
    out = []
    for sentence in re.split(r"(?<=[.!?])(\s+)", str(text)):
        for rule in (rule_ordinal, rule_length, rule_count, _threshold_words):
            for _, (a, b), said, real, _ in sorted(rule(sentence, sentence, facts, sasaran),
                                                   key=lambda c: -c[1][0]):
                if real != said:
                    sentence = sentence[:a] + real + sentence[b:]
        out.append(sentence)
    return "".join(out)


def _threshold_words(sentence, paragraph, facts, sid):
    """rule_threshold's claims with the relation the capaian really have, as a phrase."""
    rows = _indicators(facts, sid)
    if rows is None or rows.empty:
        return
    values = [float(v) for v in rows["capaian"] if not is_absent(v)]
    for hit in THRESHOLD.finditer(sentence):
        limit = _number(hit.group(2))
        said = hit.group(0)
        if not values or all(_holds(hit.group(1), v, limit) for v in values):
            yield "", hit.span(), said, said, ""
            continue
        if all(v > limit for v in values):
            relation = "lebih dari"
        elif all(v < limit for v in values):
            relation = "kurang dari"
        elif all(v == limit for v in values):
            relation = "sama dengan"
        else:
            relation = f"antara {_pct(min(values))} dan {_pct(max(values))}, bukan seluruhnya"
        yield "", hit.span(), said, said[:hit.start(1) - hit.start()] + f"{relation} {hit.group(2)}%", ""
