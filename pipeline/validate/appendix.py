"""The report appendix "Catatan Validasi", written for reviewers.

Every warning finding (``findings.json``, one per published figure or data row) is grouped
into *facts*: one fact is one error, however many places of the published document repeat it
(sasaran 2's capaian 184,62% is printed six times; a Perjanjian Kinerja line short by one sub
kegiatan also makes its TOTAL disagree with its lines: one error each). Rows are grouped when
they print the same figure, when a capaian follows from a wrong realisasi, and when the
comparison says one row repeats another's error (``sebab`` in ``perbandingan``). Facts are
ranked by consequence, never by the relative size of a difference (:data:`TINGKAT`):

1. it changes a kriteria or a conclusion ("sudah mencapai target nasional"), or the basis a
   printed conclusion is compared with;
2. a rupiah figure (ordered by the rupiah amount);
3. any other figure: percentage points or counts (this year's sasaran figures first, then by
   the size of the difference in the figure's own unit);
4. penulisan angka: the right figure written in the other notation ('8,500%' for 8.500%);
5. data quality (duplicate numbers, jumps in a series) that no figure of the report depends on.

Each fact says what it changes and which printed figure is wrong when the data can tell
(``Dampak``) and where it is: the report's own table (a reference ``⟦tabel:<block id>⟧`` the
renderer turns into "Tabel 3.5") with the published document's places in brackets. File names,
row numbers and codes stay in Data Docs and ``findings.json``; this table is plain Indonesian.

The API other finding producers plug into: a warning in ``found["warnings"]`` whose
``row_key`` is no comparison id becomes a fact of tier 5 unless it carries ``tingkat`` (1–5)
and then its own ``dampak``, ``uraian``, ``tempat``/``rincian`` and optional
``hitung_ulang``; :func:`facts` ranks all of them together and :func:`counts_sentence` counts
them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.inputs.idnum import fmt_number, fmt_percent, fmt_rupiah, is_absent, is_blank
from pipeline.measure import engine
from pipeline.sections.model import Section
from pipeline.validate.findings import show
from pipeline.validate.narasi_check import KINDS as NARASI_KINDS
from pipeline.validate.recompute import rounds_to

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

TINGKAT = {1: "1 – mengubah kriteria atau kesimpulan",
           2: "2 – angka rupiah",
           3: "3 – angka lain atau kalimat (poin persen, jumlah, tahun, nama)",
           4: "4 – penulisan angka",
           5: "5 – kualitas data"}
# How each tier is counted in the one counts sentence (Ikhtisar and Lampiran).
TINGKAT_KATA = {1: "mengubah kriteria atau kesimpulan", 2: "menyangkut angka rupiah",
                3: "menyangkut angka lain atau kalimat (poin persen, jumlah, tahun, nama)",
                4: "salah penulisan angka",
                5: "menyangkut kualitas data"}
FIGURE_TIERS = (1, 2, 3, 4)  # tiers about a published figure (5 is data quality)

# Quantities whose difference is read in percentage points.
PERCENT_BESARAN = {"capaian", "serapan", "efisiensi", "capaian_akhir_renstra", "capaian_indikator_program",
                   "tpak", "tpt", "pertumbuhan_penduduk_usia_kerja", "standar_nasional",
                   "target_akhir_renstra"}
CONCLUSION_BESARAN = {"kriteria", "memenuhi_standar_nasional"}
HEADLINE_SASARAN = {"realisasi", "capaian"}
RUPIAH_BESARAN = {"pagu", "realisasi_anggaran", "ikm_investasi_rp", "ikm_nilai_produksi_rp"}
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
    if is_absent(text):
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
def _recomputed(row) -> str:
    word = row.get("dihitung_kata")
    if isinstance(word, str) and word.strip():  # read back from CSV, a blank is NaN (truthy)
        return word
    value = row.get("dihitung")
    if is_blank(value):
        return "–"
    dec = row.get("desimal")
    percent = "%" in str(row.get("dilaporkan_teks") or "") or str(row.get("besaran")) in PERCENT_BESARAN
    # Percentages with at least two decimals (3,1% vs −9,12%); counts and rupiah as published;
    # a notation slip as the figure the agency meant (8.500%).
    if _text(row.get("penulisan")) == "True":
        dec = 2 if is_blank(dec) else int(dec)
    elif percent:
        dec = 2 if is_blank(dec) else max(int(dec), 2)
    else:
        dec = 0 if is_blank(dec) else int(dec)
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
    year = f" tahun {int(tahun)}" if not is_blank(tahun) else ""
    if str(row.get("objek") or "").startswith("pk:") and not _detail(row).startswith("jumlah"):
        # The same program budget printed in several PK documents is one fact.
        words = f"{_detail(row)} dalam Perjanjian Kinerja"
    return re.sub(r"\s{2,}", " ", f"{label} {words}{year}").strip()


def _published_place(row) -> str:
    tabel = str(row.get("tabel") or "")
    objek = str(row.get("objek") or "")
    if objek.startswith("pk:"):  # which of the Perjanjian Kinerja documents, and its TOTAL
        total = ", TOTAL" if str(row.get("lokasi") or "").endswith("TOTAL") else ""
        return f"{tabel} {objek.split(':', 1)[1]}{total}"
    if tabel.startswith(("Tabel", "Formulir", "Perjanjian", "Penempatan")):
        return tabel
    if tabel.endswith((".csv", ".yml")):
        return plain(row.get("lokasi")) or "data masukan"
    return plain(row.get("lokasi")) or tabel


def _report_table(row, year: int) -> str | None:
    besaran, objek = str(row.get("besaran")), str(row.get("objek") or "")
    sid = _sasaran(objek)
    tahun = None if is_blank(row.get("tahun")) else int(row["tahun"])
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
    """(absolute size of the error in the figure's own unit: points for percentages, rupiah,
    counts; percent?). Never relative: a consequence, not a ratio, ranks a finding."""
    pub, hit = row.get("dilaporkan"), row.get("dihitung")
    if is_blank(pub) or is_blank(hit):
        return math.nan, False
    percent = str(row.get("besaran")) in PERCENT_BESARAN or "%" in str(row.get("dilaporkan_teks") or "")
    return abs(float(pub) - float(hit)), percent


def _show_difference(row, size: float, percent: bool) -> str:
    if percent:
        return f"{fmt_number(size)} poin"
    if str(row.get("besaran")) in RUPIAH_BESARAN:
        return fmt_rupiah(size)
    return show(size)


def _said(meets) -> str:
    return "sudah mencapai" if bool(meets) else "belum mencapai"


class Judge:
    """Consequence of a mismatch, from the year's evaluation (may be absent)."""

    def __init__(self, year: int, evaluation: pd.DataFrame | None = None, scale=None, ordinal=None):
        self.year = year
        self.ev = None
        if evaluation is not None and not evaluation.empty:
            self.ev = evaluation.drop_duplicates("sasaran_id").set_index("sasaran_id")
        self.scale, self.ordinal = scale, ordinal or {}

    def _kriteria_if_published(self, row, sid: int) -> str | None:
        """The kriteria the published figure implies (capaian directly, realisasi via the target)."""
        if self.ev is None or sid not in self.ev.index or is_blank(row.get("dilaporkan")):
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

    def _standard_basis(self, row, sid: int | None) -> str | None:
        """A published national standard that the data does not give and that turns the
        comparison around: the printed conclusion holds against the recomputed standard (or
        not) while its printed basis says otherwise."""
        if sid is None or self.ev is None or sid not in self.ev.index:
            return None
        ev = self.ev.loc[sid]
        meets_pub, meets_hit = ev.get("memenuhi_standar"), ev.get("memenuhi_standar_dihitung")
        if is_blank(meets_pub) or is_blank(meets_hit) or bool(meets_pub) == bool(meets_hit):
            return None
        real = fmt_percent(ev["realisasi"]) if str(ev.get("satuan")) == "%" else show(ev["realisasi"])
        pub, hit = row.get("dilaporkan_teks"), _recomputed(row)
        return (f"Standar nasional {pub} tidak bersumber pada data BPS nasional; hitung ulang dari data itu "
                f"memberi {hit}. Terhadap {hit}, realisasi {real} {_said(meets_hit)} target nasional; terhadap {pub} "
                f"yang dicetak sebagai dasarnya, {real} {_said(meets_pub)}nya. Kesimpulan yang dipublikasikan "
                f"perlu dibandingkan dengan standar {hit} dan menyebut sumbernya.")

    def judge(self, row) -> tuple[int, str, tuple]:
        """(tier of :data:`TINGKAT`, the Dampak text, the order within the tier)."""
        besaran, objek = str(row.get("besaran")), str(row.get("objek") or "")
        sid = _sasaran(objek)
        tahun = None if is_blank(row.get("tahun")) else int(row["tahun"])
        size, percent = _difference(row)
        size_key = -size if not math.isnan(size) else 0.0
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
        if _text(row.get("penulisan")) == "True":
            return 4, (f"Penulisan angka: tertulis {row.get('dilaporkan_teks')}, yang dimaksud "
                       f"{_recomputed(row)}, sama dengan hasil hitung ulang; "
                       "kriteria dan kesimpulan tidak berubah."), (0,)
        if is_blank(row.get("dilaporkan")) and any(c.isdigit() for c in str(row.get("dilaporkan_teks") or "")):
            return 3, "Angka yang dipublikasikan tidak dapat dibaca; laporan ini memakai hasil hitung ulang.", (1, 1, 0)
        if besaran == "standar_nasional":
            basis = self._standard_basis(row, sid)
            if basis:
                return 1, basis, (2, 0)
        difference = "" if math.isnan(size) else f"; selisih {_show_difference(row, size, percent)}"
        if sid is not None and besaran in HEADLINE_SASARAN and tahun == self.year:
            rank = 0 if besaran == "realisasi" else 1
            implied = self._kriteria_if_published(row, sid)
            actual = None if self.ev is None or sid not in self.ev.index else self.ev.loc[sid, "kriteria"]
            if implied and actual and implied != actual:
                return 1, (f"Angka ini memberi kriteria {implied}; hasil hitung ulang {actual}. "
                           f"Angka utama sasaran {sid} dikoreksi."), (1, rank, size_key)
            kept = f"Kriteria tetap {actual}" if actual else "Kriteria tidak dinilai ulang"
            note = self._target_as_capaian(row, sid)
            return 3, f"{kept}; angka utama sasaran {sid} dikoreksi{difference}.{note}", (0, rank, size_key)
        if besaran in RUPIAH_BESARAN:
            return 2, f"Kriteria dan kesimpulan tidak berubah{difference}.", (size_key,)
        if sid is not None and besaran == "realisasi" and tahun is not None and tahun != self.year:
            effect = (f"Kriteria {self.year} tidak berubah; perbandingan antartahun memakai angka hitung ulang"
                      f"{difference.replace('; ', ' (', 1) + ')' if difference else ''}.")
        else:
            effect = f"Kriteria dan kesimpulan tidak berubah{difference}."
        return 3, effect, (1, 0 if percent else 1, size_key)

    def _target_as_capaian(self, row, sid: int) -> str:
        """' 93,75% adalah target, bukan capaian.' when a published capaian is the target."""
        if str(row.get("besaran")) != "capaian" or self.ev is None or sid not in self.ev.index:
            return ""
        target = self.ev.loc[sid, "target"]
        try:
            same = rounds_to(float(row["dilaporkan"]), row.get("desimal"), float(target))
        except (TypeError, ValueError):
            return ""
        return f" Angka {row.get('dilaporkan_teks')} adalah target, bukan capaian." if same else ""


# -- facts ---------------------------------------------------------------------------------
def _fact_key(row) -> tuple:
    value = row.get("dilaporkan")
    published = (round(float(value), 6) if not is_blank(value)
                 else str(row.get("dilaporkan_teks") or "").strip().casefold())
    recomputed = row.get("dihitung_kata")
    if is_blank(recomputed):
        recomputed = None if is_blank(row.get("dihitung")) else round(float(row["dihitung"]), 6)
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
    tier = int(f["tingkat"]) if f.get("tingkat") in TINGKAT else 5
    return Fact(tingkat=tier, uraian=f.get("uraian") or plain(f.get("message")),
                dipublikasikan=_finding_value(f.get("value")) or "–", hitung_ulang=f.get("hitung_ulang") or "–",
                dampak=f.get("dampak") or "Tidak memengaruhi angka kinerja laporan ini.",
                report_table=f.get("tabel_laporan"), tempat=[where], ids=[str(f.get("row_key", ""))],
                order=(tier, 9, position))


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
    repeated: list[dict] = []
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
        if _text(row.get("sebab")):
            repeated.append(row)  # attached to the fact of the error it repeats, below
            continue
        key = _fact_key(row)
        if key in grouped:
            grouped[key].tempat.append(_published_place(row))
            grouped[key].ids.append(str(row["id"]))
            continue
        tier, effect, order = judge.judge(row)
        if _text(row.get("penjelasan")):  # it states the difference itself
            effect = f"{effect.split('; selisih')[0].rstrip('.')}. Angka yang salah: baris ini, {_text(row['penjelasan'])}."
        published = None if is_blank(row.get("dilaporkan")) else float(row["dilaporkan"])
        fact = Fact(tingkat=tier, uraian=_uraian(row), dipublikasikan=str(row.get("dilaporkan_teks") or "–"),
                    hitung_ulang=_recomputed(row), dampak=effect, report_table=_report_table(row, year),
                    tempat=[_published_place(row)], ids=[str(row["id"])], order=(tier, *order, position),
                    key=(str(row.get("besaran")), str(row.get("objek")), row.get("tahun"), published))
        grouped[key] = fact
        out.append(fact)
    for row in repeated:
        cause = next((f for f in out if set(_text(row["sebab"]).split("; ")) & set(f.ids)), None)
        if cause is None:  # the error it repeats is not a finding: it stands on its own
            tier, effect, order = judge.judge(row)
            cause = Fact(tingkat=tier, uraian=_uraian(row), dipublikasikan=str(row.get("dilaporkan_teks") or "–"),
                         hitung_ulang=_recomputed(row), dampak=effect, report_table=_report_table(row, year),
                         order=(tier, *order, len(found.get("warnings", []))))
            out.append(cause)
        elif _text(row.get("penjelasan")):
            cause.dampak += f" Kesalahan yang sama terlihat lagi: {_text(row['penjelasan'])}."
        else:
            cause.dampak += (f" Kesalahan yang sama terlihat lagi: {_uraian(row)} tertulis "
                             f"{row.get('dilaporkan_teks')}, hitung ulang {_recomputed(row)}.")
        cause.tempat.append(_published_place(row))
        cause.ids.append(str(row["id"]))
    ranked = sorted(out, key=lambda fact: fact.order)
    return _merge_consequences(ranked, judge)


def _text(value) -> str:
    """A cell as text, '' when blank (NaN/None read back from a CSV)."""
    return "" if is_blank(value) else str(value).strip()


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
                          "tempat": "; ".join(f.tempat), "id": "; ".join(f.ids),
                          "jenis": TINGKAT[f.tingkat].split(" – ", 1)[1]}
                         for i, f in enumerate(items, start=1)],
                        columns=["urutan", "tingkat", "uraian", "dipublikasikan", "hitung_ulang", "dampak",
                                 "jumlah_tempat", "tempat", "id", "jenis"])


def counts_sentence(summary: pd.DataFrame) -> str:
    """THE sentence that counts the findings (Ikhtisar and Lampiran alike), from
    ``validation/koreksi.csv`` (:func:`summary_table`): how many findings, from how many
    checked rows, and how many of each tier. The run's last line prints the same total."""
    if summary is None or summary.empty:
        return "Catatan Validasi tidak memuat temuan: semua angka yang diperiksa sesuai dengan hasil hitung ulang."
    rows = int(summary["jumlah_tempat"].sum())
    tiers = summary["tingkat"].astype(int).value_counts()
    parts = [f"{int(tiers[t])} {TINGKAT_KATA[t]}" for t in sorted(TINGKAT) if t in tiers.index]
    body = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    return f"Catatan Validasi memuat {len(summary)} temuan dari {rows} baris pemeriksaan: {body}."


def build_section(found: dict, comparison: pd.DataFrame | None, year: int,
                  items: list[Fact] | None = None) -> Section:
    section = Section("catatan_validasi", "Catatan Validasi")
    items = facts(found, comparison, year) if items is None else items
    n_crit = len(found.get("critical", []))
    checked = 0 if comparison is None else int(comparison["cocok"].notna().sum())
    agree = 0 if comparison is None else int(comparison["cocok"].fillna(False).astype(bool).sum())
    if n_crit:
        section.paragraph(f"Validasi data tahun {year} menemukan {n_crit} kesalahan kritis pada data "
                          "masukan; laporan tidak dapat disusun sebelum data tersebut diperbaiki.")
    section.paragraph(
        f"Seluruh tabel data tahun {year} telah diperiksa secara otomatis sebelum analisis. "
        f"Dari {checked} angka yang dipublikasikan dan dapat dihitung ulang dari data, {agree} sesuai "
        f"dengan hasil hitung ulang (setelah pembulatan seperti yang dipublikasikan). "
        f"{counts_sentence(summary_table(items))}"
        + (" Satu kesalahan yang tercetak di beberapa tempat adalah satu temuan yang menyebut semua tempatnya."
           if items else "") + " Angka dalam laporan ini selalu memakai hasil hitung ulang.")
    confirmation_part(section, found)
    if not items:
        return section
    section.paragraph(
        "Temuan diurutkan menurut akibatnya, bukan menurut besar selisih relatifnya: 1 – mengubah kriteria "
        "atau kesimpulan (termasuk dasar pembanding sebuah kesimpulan); 2 – angka rupiah, dari selisih "
        "rupiah terbesar; 3 – angka lain atau kalimat (poin persen, jumlah, tahun, nama), angka utama sasaran tahun berjalan "
        "lebih dahulu; 4 – penulisan angka (angka yang benar ditulis dengan notasi lain, mis. 8,500% untuk "
        "8.500%); 5 – kualitas data yang tidak memengaruhi angka kinerja. Bila data dapat menunjukkan angka "
        "mana yang salah, kolom Dampak menyebutnya (mis. TOTAL yang sama dengan DPA tidak disebut salah "
        "karena salah satu barisnya kurang; baris yang kurang tepat sebesar pagu satu sub kegiatan menyebut "
        "sub kegiatan itu). Kolom Letak menyebut tabel laporan ini, diikuti dalam kurung siku tempat angka "
        "itu dalam dokumen LKjIP yang dipublikasikan. Rincian teknis (berkas, baris, kolom) ada pada Data "
        "Docs dan findings.json di folder validasi.")
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
