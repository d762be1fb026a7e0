"""The report appendix "Catatan Validasi", written for reviewers.

Every warning finding (``findings.json``, one per published figure or data row) is grouped
into *facts*: one fact is one contradiction, however many places of the published document
repeat it (sasaran 2's capaian 184,62% is printed six times; it is one error). Facts are
ranked by materiality:

1. it changes a kriteria, a conclusion ("sudah mencapai target nasional") or a headline
   figure (a sasaran's realisasi or capaian of the year, the total budget);
2. a published figure is off by more than 1 point (percent) or more than 1% (counts, rupiah);
3. a smaller difference, or a figure that contradicts another part of the same document;
4. data quality (duplicate numbers, jumps in a series) that no figure of the report depends on.

Each fact says what it changes (``Dampak``) and where it is: the report's own table (a
reference ``⟦tabel:<block id>⟧`` the renderer turns into "Tabel 3.5") with the published
document's places in brackets. File names, row numbers and codes stay in Data Docs and
``findings.json``; this table is plain Indonesian.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.inputs.idnum import fmt_number
from pipeline.measure import engine
from pipeline.report.sections import Section
from pipeline.validate.findings import show
from pipeline.validate.narasi_check import KINDS as NARASI_KINDS

BESARAN_LABEL = {
    "realisasi": "Realisasi kinerja", "capaian": "Capaian kinerja", "kriteria": "Kriteria kinerja",
    "capaian_akhir_renstra": "Capaian terhadap target akhir Renstra",
    "target_akhir_renstra": "Target akhir Renstra",
    "memenuhi_standar_nasional": "Pernyataan 'sudah mencapai target nasional'",
    "standar_nasional": "Standar nasional", "pagu": "Pagu anggaran",
    "realisasi_anggaran": "Realisasi anggaran", "serapan": "Serapan anggaran",
    "efisiensi": "Efisiensi anggaran", "jumlah_program": "Jumlah program",
    "jumlah_kegiatan": "Jumlah kegiatan", "jumlah_subkegiatan": "Jumlah sub-kegiatan",
    "jumlah_subkegiatan_serapan_ge90": "Jumlah sub-kegiatan dengan serapan ≥ 90%",
    "jumlah_subkegiatan_serapan_80_90": "Jumlah sub-kegiatan dengan serapan 80–<90%",
    "pertumbuhan_penduduk_usia_kerja": "Kenaikan penduduk usia kerja",
    "jumlah_pencari_kerja": "Jumlah pencari kerja", "jumlah_penempatan": "Jumlah penempatan",
    "peserta_pelatihan_apbd": "Peserta pelatihan APBD", "peserta_pelatihan_non_apbd":
    "Peserta pelatihan di luar APBD Kota", "jumlah_fasilitasi_halal": "Jumlah fasilitasi halal",
    "capaian_indikator_program": "Capaian indikator program/kegiatan", "tpak": "TPAK", "tpt": "TPT",
    "ikm_unit_usaha": "Jumlah unit usaha IKM", "ikm_mikro": "Jumlah industri mikro",
    "ikm_kecil": "Jumlah industri kecil", "ikm_menengah": "Jumlah industri menengah",
    "ikm_tenaga_kerja": "Tenaga kerja IKM", "ikm_investasi_rp": "Investasi IKM",
    "ikm_nilai_produksi_rp": "Nilai produksi IKM",
}

TINGKAT = {1: "1 – mengubah kriteria, kesimpulan atau angka utama",
           2: "2 – selisih lebih dari 1 poin",
           3: "3 – selisih kecil atau tidak konsisten antarbagian",
           4: "4 – kualitas data"}

# Quantities whose difference is read in percentage points.
PERCENT_BESARAN = {"capaian", "serapan", "efisiensi", "capaian_akhir_renstra", "capaian_indikator_program",
                   "tpak", "tpt", "pertumbuhan_penduduk_usia_kerja", "standar_nasional",
                   "target_akhir_renstra"}
CONCLUSION_BESARAN = {"kriteria", "memenuhi_standar_nasional"}
HEADLINE_SASARAN = {"realisasi", "capaian"}
HEADLINE_TOTAL = {"pagu", "realisasi_anggaran", "serapan"}
# Where the report shows the corrected figure of a sasaran: besaran -> table id suffix.
SASARAN_TABLES = {"realisasi": "target_realisasi", "capaian": "target_realisasi", "kriteria": "target_realisasi",
                  "target_akhir_renstra": "renstra", "capaian_akhir_renstra": "renstra",
                  "standar_nasional": "standar_nasional", "memenuhi_standar_nasional": "standar_nasional",
                  "pagu": "efisiensi", "realisasi_anggaran": "efisiensi", "serapan": "efisiensi",
                  "efisiensi": "efisiensi"}
OTHER_TABLES = {"capaian_indikator_program": "anggaran_indikator_program",
                "jumlah_subkegiatan_serapan_ge90": "anggaran_sebaran_serapan",
                "jumlah_subkegiatan_serapan_80_90": "anggaran_sebaran_serapan",
                "tpak": "*_ketenagakerjaan_*", "tpt": "*_ketenagakerjaan_*",
                "pertumbuhan_penduduk_usia_kerja": "*_ketenagakerjaan_*",
                "ikm_unit_usaha": "*_ikm_seri", "ikm_mikro": "*_ikm_klasifikasi", "ikm_kecil": "*_ikm_klasifikasi",
                "ikm_menengah": "*_ikm_klasifikasi", "ikm_tenaga_kerja": "*_ikm_seri",
                "ikm_investasi_rp": "*_ikm_seri", "ikm_nilai_produksi_rp": "*_ikm_seri"}

COLUMNS = ["No", "Tingkat", "Uraian", "Dipublikasikan", "Hitung ulang", "Dampak",
           "Letak: laporan ini [dokumen publikasi]"]

# A raw file name with its row/column ("anggaran_pk.csv baris 4 (PK Kadis), kolom 'x'"): engineer-facing.
_FILE = re.compile(r"(data/raw/(\d{4}|common)/)?[\w.-]+\.(csv|ya?ml)(,? baris \d+)?(,? kolom '[^']*')?:?\s*")


def plain(text) -> str:
    """A location without file names, row numbers and column codes."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    out = _FILE.sub("", str(text)).strip()
    out = re.sub(r"^\(\s*([^()]*)\s*\)\s*:?\s*", r"\1: ", out).strip(" :,")
    return re.sub(r"\s{2,}", " ", out)


def ref(pattern: str) -> str:
    """A reference to a report table the renderer resolves to its number ("Tabel 3.5")."""
    return f"⟦tabel:{pattern}⟧"


@dataclass
class Fact:
    """One distinct contradiction and every place it appears."""

    tingkat: int
    uraian: str
    dipublikasikan: str
    hitung_ulang: str
    dampak: str
    report_table: str | None
    tempat: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    order: tuple = ()
    key: tuple = ()  # (besaran, objek, tahun, published number) of a published figure

    @property
    def letak(self) -> str:
        published = "; ".join(dict.fromkeys(t for t in self.tempat if t))
        own = ref(self.report_table) if self.report_table else ""
        return f"{own} [{published}]".strip() if published else own

    def sentence(self) -> str:
        return (f"{self.uraian}: dipublikasikan {self.dipublikasikan}, hasil hitung ulang {self.hitung_ulang} "
                f"({self.dampak.rstrip('.')})")


# -- helpers on perbandingan rows ------------------------------------------------------------
def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
        or (isinstance(value, str) and not value.strip())


def _recomputed(row) -> str:
    word = row.get("dihitung_kata")
    if isinstance(word, str) and word.strip():  # read back from CSV, a blank is NaN (truthy)
        return word
    value = row.get("dihitung")
    if _blank(value):
        return "–"
    dec = row.get("desimal")
    percent = "%" in str(row.get("dilaporkan_teks") or "") or str(row.get("besaran")) in PERCENT_BESARAN
    # Percentages with at least two decimals (3,1% vs −9,12%); counts and rupiah as published.
    dec = (2 if _blank(dec) else max(int(dec), 2)) if percent else (0 if _blank(dec) else int(dec))
    text = fmt_number(value, dec)
    return text + "%" if "%" in str(row.get("dilaporkan_teks") or "") else text


def _sasaran(objek) -> int | None:
    text = str(objek)
    return int(text.split(":", 1)[1]) if text.startswith("sasaran:") and text.split(":", 1)[1].isdigit() else None


def _detail(row) -> str:
    """The row a builder compared (program indicator, PK program, table cell), in words."""
    objek, lokasi = str(row.get("objek") or ""), str(row.get("lokasi") or "")
    kind, _, name = objek.partition(":")
    after = lokasi.split(": ", 1)[1].strip() if ": " in lokasi else ""
    if row.get("besaran") == "capaian_indikator_program" or kind == "subkegiatan":
        return after or plain(lokasi)
    if kind == "pk":
        return after if after else "jumlah (TOTAL)"
    if kind == "sel":
        cell, _, sex = name.partition(" / ")
        return f"baris {cell.strip()}, {sex.strip() or 'jumlah'}"
    if kind == "kolom":
        return f"kolom {name}"
    if kind == "rekap":
        return f"rekapitulasi {name.replace('_', ' ')}"
    return ""


def _objek_words(row) -> str:
    objek = str(row.get("objek") or "")
    kind, _, name = objek.partition(":")
    detail = _detail(row)
    if kind == "sasaran":
        return f"sasaran {name}" + (f" ({detail})" if detail else "")
    if objek == "total":
        return "seluruh dinas"
    if kind == "urusan":
        return f"urusan {name.replace('_', ' ').title()}"
    if kind == "halal":
        return f"mekanisme {name.replace('_', ' ')}"
    if kind == "wilayah":
        return name
    if kind == "pk":
        return f"Perjanjian Kinerja {name}" + (f": {detail}" if detail else "")
    return f"({detail})" if detail else ""


def _uraian(row) -> str:
    besaran = str(row.get("besaran"))
    label = BESARAN_LABEL.get(besaran) or (NARASI_KINDS[besaran][0] if besaran in NARASI_KINDS
                                           else besaran.replace("_", " ").capitalize())
    words = _objek_words(row)
    tahun = row.get("tahun")
    year = f" tahun {int(tahun)}" if not _blank(tahun) else ""
    if str(row.get("objek") or "").startswith("pk:") and not _detail(row).startswith("jumlah"):
        # The same program budget printed in several PK documents is one fact.
        words = f"{_detail(row)} dalam Perjanjian Kinerja"
    return re.sub(r"\s{2,}", " ", f"{label} {words}{year}").strip()


def _published_place(row) -> str:
    tabel = str(row.get("tabel") or "")
    if tabel.startswith(("Tabel", "Formulir", "Perjanjian", "Penempatan")):
        return tabel
    if tabel.endswith((".csv", ".yml")):
        return plain(row.get("lokasi")) or "data masukan"
    return plain(row.get("lokasi")) or tabel


def _report_table(row, year: int) -> str | None:
    besaran, objek = str(row.get("besaran")), str(row.get("objek") or "")
    sid = _sasaran(objek)
    tahun = None if _blank(row.get("tahun")) else int(row["tahun"])
    if besaran == "capaian_indikator_program":
        return OTHER_TABLES[besaran]
    if sid is not None:
        if besaran == "realisasi" and tahun is not None and tahun != year:
            return f"s{sid}_riwayat"
        if besaran in {"jumlah_program", "jumlah_kegiatan", "jumlah_subkegiatan"}:
            return "anggaran_per_urusan"
        suffix = SASARAN_TABLES.get(besaran)
        return f"s{sid}_{suffix}" if suffix else None
    if besaran in OTHER_TABLES:
        return OTHER_TABLES[besaran]
    if objek.startswith("pk:"):
        return "lampiran_pk_anggaran"
    if objek.startswith("subkegiatan:"):
        return "*_anggaran_program"
    if besaran in {"pagu", "realisasi_anggaran", "serapan", "efisiensi"}:
        return "anggaran_per_urusan" if objek.startswith("urusan:") else "anggaran_akuntabilitas_keuangan"
    if besaran in {"jumlah_program", "jumlah_kegiatan", "jumlah_subkegiatan"}:
        return "anggaran_per_urusan"
    if besaran in {"jumlah_pencari_kerja", "jumlah_penempatan"}:
        return "*_pencari_kerja"
    return None


def _difference(row) -> tuple[float, bool]:
    """(size of the error, in points for percentages and percent of the value otherwise; percent?)."""
    pub, hit = row.get("dilaporkan"), row.get("dihitung")
    if _blank(pub) or _blank(hit):
        return math.nan, False
    pub, hit = float(pub), float(hit)
    percent = str(row.get("besaran")) in PERCENT_BESARAN or "%" in str(row.get("dilaporkan_teks") or "")
    if percent:
        return abs(pub - hit), True
    base = max(abs(hit), abs(pub), 1e-12)
    return abs(pub - hit) / base * 100, False


class Judge:
    """Materiality and consequence of a mismatch, from the year's evaluation (may be absent)."""

    def __init__(self, year: int, evaluation: pd.DataFrame | None = None, scale=None, ordinal=None):
        self.year = year
        self.ev = None
        if evaluation is not None and not evaluation.empty:
            self.ev = evaluation.drop_duplicates("sasaran_id").set_index("sasaran_id")
        self.scale, self.ordinal = scale, ordinal or {}

    def _kriteria_if_published(self, row, sid: int) -> str | None:
        """The kriteria the published figure implies (capaian directly, realisasi via the target)."""
        if self.ev is None or sid not in self.ev.index or _blank(row.get("dilaporkan")):
            return None
        ev = self.ev.loc[sid]
        try:
            if row["besaran"] == "capaian":
                value = float(row["dilaporkan"])
            else:
                value = engine.capaian(ev["target"], float(row["dilaporkan"]), str(ev["polaritas"]), self.ordinal)
            return engine.kriteria(value, self.scale)
        except (engine.EngineError, TypeError, ValueError):
            return None

    def judge(self, row) -> tuple[int, str, tuple]:
        besaran, objek = str(row.get("besaran")), str(row.get("objek") or "")
        sid = _sasaran(objek)
        tahun = None if _blank(row.get("tahun")) else int(row["tahun"])
        size, percent = _difference(row)
        unit = "poin" if percent else "%"
        if besaran in NARASI_KINDS:  # a sentence against the figures (pipeline.validate.narasi_check)
            _, tier, effect = NARASI_KINDS[besaran]
            return tier, effect, (4, 0)
        if besaran == "kriteria":
            return 1, (f"Kriteria berubah: {row.get('dilaporkan_teks')} menjadi {row.get('dihitung_kata')}."), (0, 0)
        if besaran == "memenuhi_standar_nasional":
            said = "sudah" if str(row.get("dilaporkan_kata")) == "ya" else "belum"
            real = "sudah" if str(row.get("dihitung_kata")) == "ya" else "belum"
            return 1, (f"Kesimpulan berubah: dipublikasikan '{said} mencapai target nasional', "
                       f"hasil hitung ulang '{real} mencapai'."), (0, 1)
        if _blank(row.get("dilaporkan")) and not _blank(row.get("dilaporkan_teks")) \
                and any(c.isdigit() for c in str(row.get("dilaporkan_teks"))):
            return 3, "Angka yang dipublikasikan salah tulis; laporan ini memakai hasil hitung ulang.", (3, 0)
        size_key = -size if not math.isnan(size) else 0.0
        if sid is not None and besaran in HEADLINE_SASARAN and tahun == self.year:
            rank = 1 if besaran == "realisasi" else 2
            implied = self._kriteria_if_published(row, sid)
            actual = None if self.ev is None or sid not in self.ev.index else self.ev.loc[sid, "kriteria"]
            if implied and actual and implied != actual:
                return 1, (f"Angka ini memberi kriteria {implied}; hasil hitung ulang {actual}. "
                           f"Angka utama sasaran {sid} dikoreksi."), (rank, size_key)
            kept = f"Kriteria tetap {actual}" if actual else "Kriteria tidak dinilai ulang"
            return 1, f"{kept}; angka utama sasaran {sid} dikoreksi.", (rank, size_key)
        if objek == "total" and besaran in HEADLINE_TOTAL:
            return 1, "Angka utama anggaran dikoreksi; kriteria tidak terpengaruh.", (3, size_key)
        tier = 2 if (not math.isnan(size) and size > 1) else 3
        if sid is not None and besaran == "realisasi" and tahun is not None and tahun != self.year:
            effect = (f"Kriteria {self.year} tidak berubah; perbandingan antartahun memakai angka hitung ulang "
                      f"(selisih {fmt_number(size)} {unit}).")
        elif math.isnan(size):
            effect = "Kriteria dan kesimpulan tidak berubah."
        else:
            effect = f"Kriteria dan kesimpulan tidak berubah; selisih {fmt_number(size)} {unit}."
        return tier, effect, (5, size_key)


# -- facts ---------------------------------------------------------------------------------
def _fact_key(row) -> tuple:
    value = row.get("dilaporkan")
    published = (round(float(value), 6) if not _blank(value)
                 else str(row.get("dilaporkan_teks") or "").strip().casefold())
    recomputed = row.get("dihitung_kata")
    if _blank(recomputed):
        recomputed = None if _blank(row.get("dihitung")) else round(float(row["dihitung"]), 6)
    objek = str(row.get("objek"))
    if objek.startswith("pk:") and not _detail(row).startswith("jumlah"):
        objek = "pk"  # one program budget in several PK documents
    return (str(row.get("besaran")), objek, _detail(row), row.get("tahun"), published, recomputed)


def _finding_value(value) -> str:
    if isinstance(value, dict):  # a pair check: the checked value is 'nilai' when there is one
        return show(value["nilai"]) if "nilai" in value else ", ".join(f"{k} {show(v)}" for k, v in value.items())
    return show(value)


def _finding_fact(f: dict, position: int) -> Fact:
    where = f.get("tempat") or ""
    if f.get("rincian"):
        where = f"{where}: {f['rincian']}" if where else f["rincian"]
    return Fact(tingkat=4, uraian=f.get("uraian") or plain(f.get("message")),
                dipublikasikan=_finding_value(f.get("value")) or "–", hitung_ulang="–",
                dampak=f.get("dampak") or "Tidak memengaruhi angka kinerja laporan ini.",
                report_table=None, tempat=[where], ids=[str(f.get("row_key", ""))], order=(4, 0, position))


def _follows_from(capaian: Fact, realisasi: Fact, judge: Judge) -> bool:
    """The published capaian is what the published (wrong) realisasi gives in the same table."""
    if len(capaian.key) != 4 or len(realisasi.key) != 4:
        return False
    (b1, objek, tahun, cap), (b2, objek2, tahun2, real) = capaian.key, realisasi.key
    sid = _sasaran(objek)
    if b1 != "capaian" or b2 != "realisasi" or (objek, tahun) != (objek2, tahun2) or sid is None \
            or cap is None or real is None or judge.ev is None or sid not in judge.ev.index:
        return False
    if abs(cap - real) < 1e-9:
        return True  # the wrong realisasi copied into a capaian column
    ev = judge.ev.loc[sid]
    try:
        implied = engine.capaian(ev["target"], real, str(ev["polaritas"]), judge.ordinal)
    except (engine.EngineError, TypeError, ValueError):
        return False
    return abs(implied - cap) < 0.005 + 1e-9 and set(capaian.tempat) <= set(realisasi.tempat)


def _merge_consequences(items: list[Fact], judge: Judge) -> list[Fact]:
    """A wrong realisasi and the capaian computed from it are one error, told once."""
    out = []
    for fact in items:
        cause = next((r for r in out if _follows_from(fact, r, judge)), None)
        if cause is None:
            out.append(fact)
            continue
        if "capaian" not in cause.uraian:
            cause.uraian += " (dan capaian yang memakai angka itu)"
        places = ", ".join(dict.fromkeys(fact.tempat))
        cause.dipublikasikan += f"; capaian {fact.dipublikasikan} ({places})"
        if fact.hitung_ulang not in cause.hitung_ulang:
            cause.hitung_ulang += f" (capaian {fact.hitung_ulang})"
        cause.tempat += fact.tempat
        cause.ids += fact.ids
    return out


def facts(found: dict, comparison: pd.DataFrame | None, year: int, evaluation: pd.DataFrame | None = None,
          scale=None, ordinal=None) -> list[Fact]:
    """Every warning as distinct facts, most material first (stable: ties keep suite order)."""
    by_id = {}
    if comparison is not None and not comparison.empty:
        by_id = {str(r["id"]): r for r in comparison.to_dict("records")}
    judge = Judge(year, evaluation, scale, ordinal)
    grouped: dict[tuple, Fact] = {}
    out: list[Fact] = []
    for position, f in enumerate(found.get("warnings", [])):
        row = by_id.get(str(f.get("row_key", "")))
        if row is None:
            fact = _finding_fact(f, position)
            key = ("temuan", f.get("check"), fact.uraian, fact.dipublikasikan)
            if key in grouped:  # e.g. both rows of a duplicated certificate number
                grouped[key].tempat += fact.tempat
                grouped[key].ids += fact.ids
            else:
                grouped[key] = fact
                out.append(fact)
            continue
        key = _fact_key(row)
        if key in grouped:
            grouped[key].tempat.append(_published_place(row))
            grouped[key].ids.append(str(row["id"]))
            continue
        tier, effect, order = judge.judge(row)
        published = None if _blank(row.get("dilaporkan")) else float(row["dilaporkan"])
        fact = Fact(tingkat=tier, uraian=_uraian(row), dipublikasikan=str(row.get("dilaporkan_teks") or "–"),
                    hitung_ulang=_recomputed(row), dampak=effect, report_table=_report_table(row, year),
                    tempat=[_published_place(row)], ids=[str(row["id"])], order=(tier, *order, position),
                    key=(str(row.get("besaran")), str(row.get("objek")), row.get("tahun"), published))
        grouped[key] = fact
        out.append(fact)
    ranked = sorted(out, key=lambda fact: fact.order)
    return _merge_consequences(ranked, judge)


def fact_table(items: list[Fact]) -> pd.DataFrame:
    rows = [{"No": i, "Tingkat": TINGKAT[f.tingkat], "Uraian": f.uraian, "Dipublikasikan": f.dipublikasikan,
             "Hitung ulang": f.hitung_ulang, "Dampak": f.dampak,
             "Letak: laporan ini [dokumen publikasi]": f.letak}
            for i, f in enumerate(items, start=1)]
    return pd.DataFrame(rows, columns=COLUMNS)


def summary_table(items: list[Fact]) -> pd.DataFrame:
    """validation/koreksi.csv: the facts, machine-readable, for the Ikhtisar and summary.json."""
    return pd.DataFrame([{"urutan": i, "tingkat": f.tingkat, "uraian": f.uraian, "dipublikasikan": f.dipublikasikan,
                          "hitung_ulang": f.hitung_ulang, "dampak": f.dampak, "jumlah_tempat": len(f.ids),
                          "tempat": "; ".join(f.tempat), "id": "; ".join(f.ids)}
                         for i, f in enumerate(items, start=1)],
                        columns=["urutan", "tingkat", "uraian", "dipublikasikan", "hitung_ulang", "dampak",
                                 "jumlah_tempat", "tempat", "id"])


def build_section(found: dict, comparison: pd.DataFrame | None, year: int,
                  items: list[Fact] | None = None) -> Section:
    section = Section("catatan_validasi", "Catatan Validasi")
    items = facts(found, comparison, year) if items is None else items
    n_crit, n_warn = len(found.get("critical", [])), len(found.get("warnings", []))
    checked = 0 if comparison is None else int(comparison["cocok"].notna().sum())
    agree = 0 if comparison is None else int(comparison["cocok"].fillna(False).astype(bool).sum())
    if n_crit:
        section.paragraph(f"Validasi data tahun {year} menemukan {n_crit} kesalahan kritis pada data "
                          "masukan; laporan tidak dapat disusun sebelum data tersebut diperbaiki.")
    section.paragraph(
        f"Seluruh tabel data tahun {year} telah diperiksa secara otomatis sebelum analisis. "
        f"Dari {checked} angka yang dipublikasikan dan dapat dihitung ulang dari data, {agree} sesuai "
        f"dengan hasil hitung ulang (setelah pembulatan seperti yang dipublikasikan). "
        f"Tercatat {n_warn} temuan yang tidak menghentikan penyusunan laporan; temuan yang sama di "
        f"beberapa tempat digabung menjadi {len(items)} catatan pada tabel berikut, diurutkan dari yang "
        "paling material. Angka dalam laporan ini selalu memakai hasil hitung ulang.")
    confirmation_part(section, found)
    if not items:
        section.paragraph("Tidak ada catatan: semua angka yang dipublikasikan sesuai dengan hasil hitung ulang.")
        return section
    section.paragraph(
        "Tingkat materialitas: 1 – mengubah kriteria, kesimpulan, atau angka utama (realisasi dan capaian "
        "sasaran tahun berjalan, total anggaran); 2 – angka yang dipublikasikan menyimpang lebih dari 1 poin "
        "persen (atau lebih dari 1% untuk jumlah dan rupiah); 3 – selisih lebih kecil atau angka yang "
        "bertentangan dengan bagian lain dokumen yang sama; 4 – kualitas data yang tidak memengaruhi angka "
        "kinerja. Kolom Letak menyebut tabel laporan ini, diikuti dalam kurung siku tempat angka itu dalam "
        "dokumen LKjIP yang dipublikasikan. Rincian teknis (berkas, baris, kolom) ada pada Data Docs dan "
        "findings.json di folder validasi.")
    section.table("catatan_validasi", "Daftar catatan validasi", fact_table(items),
                  formats={c: "text" for c in COLUMNS if c != "No"} | {"No": "int"},
                  source="Hitung ulang dari data masukan dan pemeriksaan Great Expectations atas LKjIP "
                         f"Tahun {year} yang dipublikasikan")
    return section


def confirmation_part(section: Section, found: dict) -> None:
    """Implausible figures published on the analyst's word (pipeline.validate.kewajaran)."""
    confirmed = found.get("dikonfirmasi") or []
    unused = found.get("konfirmasi_tidak_terpakai") or []
    if confirmed:
        section.paragraph(
            f"{len(confirmed)} angka berada di luar batas wajar yang ditetapkan instansi "
            "(data/raw/common/batas_kewajaran.csv). Angka seperti ini biasanya salah ketik dan "
            "menghentikan penyusunan laporan; angka berikut tetap dipakai karena analis "
            "mengonfirmasinya dengan alasan yang tercantum.")
        table = pd.DataFrame([{"No": i, "Kunci": c["kunci"], "Uraian": c["uraian"], "Nilai": c["nilai"],
                               "Batas wajar": c["batas_wajar"], "Alasan analis": c["alasan"]}
                              for i, c in enumerate(confirmed, start=1)])
        section.table("konfirmasi_kewajaran", "Angka di luar batas wajar yang dikonfirmasi analis", table,
                      formats={c: "text" for c in table.columns if c != "No"} | {"No": "int"},
                      source="Konfirmasi analis (narasi.yml, bagian konfirmasi)")
    if unused:
        section.paragraph("Konfirmasi di narasi.yml yang tidak cocok dengan angka mana pun di luar batas "
                          "wajar (sudah tidak diperlukan atau salah tulis kuncinya): " + ", ".join(unused) + ".")
