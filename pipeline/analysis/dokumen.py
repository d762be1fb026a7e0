"""The parts of a submittable LKjIP around the analysis (PermenPAN-RB 53/2014 and the seed):
Kata Pengantar, Bab I's organisation structure, inventory (Sarana dan Prasarana) and Sistematika,
and the Lampiran: every Perjanjian Kinerja in full, the RKT, the SK IKU, the Formulir
Pengukuran Kinerja with published and recomputed values side by side, and the APIP's Pernyataan
Telah Direviu. Every signed part ends in the one signature block (:func:`sign`,
``Section.signature``; rendered by one template macro).

Everything comes from data (the agency profile, the year's narrative and the transcribed
documents); what the inputs do not supply is a visible "BELUM DIISI" placeholder, which makes
the report a draft, never a silently missing part.
"""

from __future__ import annotations

import pandas as pd

from pipeline.analysis.sentences import show
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number, fmt_rupiah, is_absent
from pipeline.inputs.narrative import REVIU_REQUIRED
from pipeline.sections.model import Section
from pipeline.validate.narasi_check import own_words

# The report's own chapters, as Sistematika describes them (the structure of pipeline.sections.layout).
SISTEMATIKA = (
    ("Ikhtisar Eksekutif", "ringkasan capaian sasaran strategis, anggaran dan koreksi atas angka yang "
                           "dipublikasikan."),
    ("BAB I Pendahuluan", "latar belakang, aspek strategis organisasi (sumber daya manusia, tugas, fungsi, "
                          "struktur organisasi, sarana dan prasarana, anggaran), isu strategis dan "
                          "sistematika laporan."),
    ("BAB II Perencanaan Kinerja", "ringkasan Rencana Strategis, Indikator Kinerja Utama dan Perjanjian "
                                   "Kinerja tahun berjalan."),
    ("BAB III Akuntabilitas Kinerja", "capaian kinerja organisasi; untuk setiap sasaran strategis tujuh "
                                      "analisis: target dan realisasi, perbandingan dengan tahun-tahun "
                                      "sebelumnya, dengan target akhir Renstra dan dengan standar nasional, "
                                      "penyebab keberhasilan/kegagalan dan solusi, efisiensi sumber daya, "
                                      "serta program/kegiatan penunjang; realisasi anggaran; prestasi."),
    ("BAB IV Penutup", "kesimpulan, permasalahan dan tindak lanjut."),
    ("Lampiran", "Perjanjian Kinerja, Rencana Kinerja Tahunan, Keputusan tentang IKU, Formulir Pengukuran "
                 "Kinerja, Catatan Validasi, Pernyataan Telah Direviu dan Lembar Evaluasi Mandiri."),
)


def _text(value) -> str:
    if is_absent(value):
        return ""
    return str(value).strip()


def _or_blank(value) -> str:
    return _text(value) or "BELUM DIISI"


def _empty(df) -> bool:
    return df is None or df.empty


# Fields a signature must carry to be signed (pangkat/golongan is printed when known) and their
# names in the analyst's words.
SIGNED = ("tempat_tanggal", "jabatan", "nama", "nip")
FIELD_NAMES = {"tempat_tanggal": "tempat dan tanggal", "jabatan": "jabatan", "nama": "nama", "nip": "NIP",
               "pangkat": "pangkat/golongan"}


def head_signer(profile: dict, position: str, place_date: str) -> dict:
    """The head of the agency (profil_instansi.yml, kepala_dinas) signing at ``place_date``."""
    head = _head(profile)
    rank = ", ".join(x for x in (_text(head.get("pangkat")), _text(head.get("golongan"))) if x)
    return {"tempat_tanggal": _text(place_date), "jabatan": position, "nama": _text(head.get("nama")),
            "pangkat": rank, "nip": _text(head.get("nip"))}


def sign(section: Section, signers: list[dict], where: str, required: tuple[str, ...] = SIGNED) -> None:
    """The signature block (the report's one kind, see Section.signature); a missing required field
    is printed as BELUM DIISI and named in a placeholder (``where``: the inputs that supply it)."""
    missing = []
    shown = []
    for signer in signers:
        signer = {k: _text(v) for k, v in signer.items()}
        for key in required:
            if not signer.get(key):
                missing.append(FIELD_NAMES[key])
                signer[key] = f"BELUM DIISI ({FIELD_NAMES[key]})"
        shown.append(signer)
    if missing:
        section.placeholder(f"Blok tanda tangan belum lengkap: {', '.join(dict.fromkeys(missing))} ({where}).")
    section.signature(shown)


def _head(profile: dict) -> dict:
    head = profile.get("kepala_dinas")
    return head if isinstance(head, dict) else {}


HEAD_WHERE = "profil_instansi.yml, kepala_dinas"


# -- Kata Pengantar ------------------------------------------------------------------------------

def build_kata_pengantar(agency: str, profile: dict, narrative: dict, year: int | None = None,
                         renstra: list[int] | None = None) -> Section:
    """The head's foreword as written, except its Renstra-year and period claims, which are
    restated from the year and the Renstra period (a wrong "tahun pertama" is a Catatan Validasi
    finding, never reprinted)."""
    section = Section("kata_pengantar", "Kata Pengantar")
    foreword = (narrative or {}).get("kata_pengantar") or {}
    paragraphs = foreword.get("paragraf")
    if paragraphs:
        for text in paragraphs:
            section.paragraph(own_words(str(text), year, renstra or []) if year else str(text))
    else:
        section.placeholder("Kata pengantar Kepala Dinas (narasi.yml, kata_pengantar.paragraf).")
    sign(section, [head_signer(profile, f"Kepala {agency}", foreword.get("tempat_tanggal"))],
         f"{HEAD_WHERE}; narasi.yml, kata_pengantar.tempat_tanggal")
    return section


def sign_closing(section: Section, agency: str, profile: dict, narrative: dict) -> None:
    """Bab IV closes with the head's signature, dated as the report (the Kata Pengantar's date)."""
    foreword = (narrative or {}).get("kata_pengantar") or {}
    sign(section, [head_signer(profile, f"Kepala {agency}", foreword.get("tempat_tanggal"))],
         f"{HEAD_WHERE}; narasi.yml, kata_pengantar.tempat_tanggal")


# -- Bab I ---------------------------------------------------------------------------------------

def structure_table(profile: dict) -> pd.DataFrame:
    """Struktur organisasi from the profile: one row per unit and its sub-units."""
    rows = []
    for unit in profile.get("susunan_organisasi") or []:
        if not isinstance(unit, dict):
            rows.append({"Unit Organisasi": _text(unit), "Sub Bagian / Kelompok Jabatan Fungsional": "–"})
            continue
        parts = [_text(b) for b in unit.get("bagian") or []]
        for i, part in enumerate(parts or ["–"]):
            rows.append({"Unit Organisasi": _text(unit.get("unit")) if i == 0 else "",
                         "Sub Bagian / Kelompok Jabatan Fungsional": part})
    return pd.DataFrame(rows, columns=["Unit Organisasi", "Sub Bagian / Kelompok Jabatan Fungsional"])


def add_structure(section: Section, profile: dict, agency: str) -> None:
    table = structure_table(profile)
    if table.empty:
        section.placeholder("Struktur organisasi (profil_instansi.yml, susunan_organisasi).")
        return
    basis = "; ".join(_text(x) for x in profile.get("dasar_hukum_pembentukan") or [])
    units = int((table["Unit Organisasi"] != "").sum())
    section.paragraph(f"Struktur organisasi {agency} terdiri dari {units} unit"
                      + (f" berdasarkan {basis}." if basis else "."))
    section.table("bab1_struktur_organisasi", f"Struktur Organisasi {agency}", table,
                  {c: "text" for c in table.columns}, source="Profil instansi (peraturan pembentukan)")


def add_sarana(section: Section, tables: dict, agency: str, year: int) -> None:
    df = tables.get(catalogue.SARANA_PRASARANA)
    if _empty(df):
        section.placeholder(f"Daftar sarana dan prasarana {year} (data/raw/{year}/sarana_prasarana.csv, "
                            "dari Buku Inventaris).")
        return
    counts = pd.to_numeric(df["jumlah"], errors="coerce")
    table = pd.DataFrame({"No": df["no"], "Jenis Barang": df["jenis_barang"],
                          "Jumlah": [fmt_number(v, 0) if not pd.isna(v) else "BELUM DIISI" for v in counts],
                          "Keterangan": df["keterangan"], "Kondisi Aset": df["kondisi"].map(_or_blank)})
    if counts.isna().any() or (table["Kondisi Aset"] == "BELUM DIISI").any():
        section.placeholder(f"Jumlah atau kondisi sebagian barang inventaris {year} "
                            f"(data/raw/{year}/sarana_prasarana.csv).")
    section.paragraph(f"Pelaksanaan tugas pokok dan fungsi {agency} Tahun {year} didukung {len(table)} jenis "
                      f"barang inventaris ({fmt_number(int(counts.fillna(0).sum()), 0)} unit) berikut.")
    section.table("bab1_sarana_prasarana", f"Sarana dan Prasarana {agency}", table,
                  {"No": "text", "Jumlah": "text", "Jenis Barang": "text", "Keterangan": "text",
                   "Kondisi Aset": "text"}, source=f"Buku Inventaris {agency}")


def add_sistematika(section: Section, agency: str, year: int) -> None:
    section.paragraph(f"Laporan Kinerja Instansi Pemerintah {agency} Tahun {year} disusun dengan "
                      "sistematika berikut.")
    section.bullets([f"{title}: {text}" for title, text in SISTEMATIKA])


# -- Lampiran: Perjanjian Kinerja ------------------------------------------------------------------

def _money(value) -> str:
    return "" if is_absent(value) else fmt_rupiah(value)


def _pk_signers(doc, profile: dict) -> list[dict]:
    """Pihak Kedua and Pihak Pertama as the document prints them (rank known for the head only)."""
    head = _head(profile)

    def party(which: str, role: str, place_date: str = "") -> dict:
        nip = _text(doc[f"nip_pihak_{which}"])
        rank = head_signer(profile, "", "")["pangkat"] if nip and nip == _text(head.get("nip")) else ""
        return {"peran": role, "tempat_tanggal": place_date, "jabatan": _text(doc[f"jabatan_pihak_{which}"]),
                "nama": _text(doc[f"pihak_{which}"]), "pangkat": rank, "nip": nip}

    return [party("kedua", "Pihak Kedua"), party("pertama", "Pihak Pertama", _text(doc["tempat_tanggal"]))]


def add_pk_documents(section: Section, tables: dict, pk_targets: pd.DataFrame, year: int,
                     profile: dict | None = None) -> None:
    """Every transcribed Perjanjian Kinerja in full: parties, targets, program budgets."""
    docs = tables.get(catalogue.PK_DOKUMEN)
    if _empty(docs):
        section.placeholder(f"Pihak dan penandatangan dokumen Perjanjian Kinerja (data/raw/{year}/pk_dokumen.csv).")
        return
    indicators, budget = tables.get(catalogue.PK_INDIKATOR), tables.get(catalogue.ANGGARAN_PK)
    section.heading(f"Dokumen Perjanjian Kinerja Tahun {year}", level=3)
    section.paragraph(f"{len(docs)} dokumen Perjanjian Kinerja, masing-masing dengan pihak, sasaran, "
                      "indikator, target dan anggaran sebagaimana ditandatangani.")
    for number, (_, doc) in enumerate(docs.iterrows(), start=1):
        key = doc["dokumen"]
        section.heading(f"{number}. {doc['judul'] or key}", level=4)
        if not all(_text(doc[k]) for k in ("pihak_pertama", "pihak_kedua", "tempat_tanggal")):
            section.placeholder(f"Pihak atau tempat dan tanggal Perjanjian Kinerja {key} "
                                f"(data/raw/{year}/pk_dokumen.csv).")
        first = f"{_or_blank(doc['pihak_pertama'])} ({doc['jabatan_pihak_pertama']}" + (
            f", NIP. {doc['nip_pihak_pertama']}" if _text(doc["nip_pihak_pertama"]) else "") + ")"
        second = f"{_or_blank(doc['pihak_kedua'])} ({doc['jabatan_pihak_kedua']}" + (
            f", NIP. {doc['nip_pihak_kedua']}" if _text(doc["nip_pihak_kedua"]) else "") + ")"
        section.paragraph(f"Pihak Pertama: {first}. Pihak Kedua, selaku atasan langsung: {second}.")
        slug = f"lampiran_pk_{number}"
        if number == 1 and not _empty(pk_targets):
            shown = pk_targets
        elif not _empty(indicators) and (indicators["dokumen"] == key).any():
            part = indicators[indicators["dokumen"] == key]
            shown = pd.DataFrame({"No": part["no"], "Sasaran": part["sasaran"],
                                  "Indikator Kinerja": part["indikator"], "Target": part["target"].map(_or_blank)})
            if (shown["Target"] == "BELUM DIISI").any():
                section.placeholder(f"Target Perjanjian Kinerja {key} (data/raw/{year}/pk_indikator.csv).")
        else:
            shown = None
        if shown is None:
            section.placeholder(f"Sasaran, indikator dan target Perjanjian Kinerja {key} "
                                f"(data/raw/{year}/pk_indikator.csv).")
        else:
            section.table(f"{slug}_target", f"Sasaran, Indikator Kinerja dan Target — {key}", shown,
                          {c: "text" for c in shown.columns}, source=f"Perjanjian Kinerja {key} Tahun {year}")
        if not _empty(budget) and (budget["dokumen"] == key).any():
            part = budget[budget["dokumen"] == key]
            rows = pd.DataFrame({"No": part["no"].map(_text),
                                 "Program/Kegiatan/Sub Kegiatan": part["program"].map(_text),
                                 "Anggaran": part["anggaran"].map(_money),
                                 "Keterangan": part["keterangan"].map(_text) if "keterangan" in part else ""})
            section.table(f"{slug}_anggaran", f"Program dan Anggaran — {key}", rows,
                          {c: "text" for c in rows.columns},
                          source=f"Perjanjian Kinerja {key} Tahun {year} (sebagaimana ditandatangani)")
        # The parties' signatures (a missing name or date is already a placeholder above).
        section.signature(_pk_signers(doc, profile or {}))


# -- Lampiran: RKT, SK IKU, Formulir Pengukuran Kinerja -------------------------------------------

def build_rkt(agency: str, profile: dict, narrative: dict, tables: dict, year: int) -> Section:
    section = Section("lampiran_rkt", "Rencana Kinerja Tahunan")
    df = tables.get(catalogue.RKT)
    if _empty(df):
        section.placeholder(f"Rencana Kinerja Tahunan {year} (data/raw/{year}/rkt.csv).")
    else:
        shown = pd.DataFrame({"Sasaran Strategis": df["sasaran"], "Indikator Kinerja": df["indikator"],
                              "Target": df["target"].map(_or_blank)})
        if (shown["Target"] == "BELUM DIISI").any():
            section.placeholder(f"Target Rencana Kinerja Tahunan {year} (data/raw/{year}/rkt.csv).")
        section.table("lampiran_rkt", f"Rencana Kinerja Tahunan (RKT) {agency} Tahun {year}", shown,
                      {c: "text" for c in shown.columns}, source=f"RKT {agency} Tahun {year}")
    date = ((narrative or {}).get("tanggal_dokumen") or {}).get("rkt")
    sign(section, [head_signer(profile, f"Kepala {agency}", date)], f"{HEAD_WHERE}; narasi.yml, tanggal_dokumen.rkt")
    return section


def build_sk_iku(agency: str, profile: dict, tables: dict) -> Section:
    section = Section("lampiran_sk_iku", "Keputusan tentang Indikator Kinerja Utama")
    sk = profile.get("sk_iku") if isinstance(profile.get("sk_iku"), dict) else {}
    if sk:
        section.paragraph(f"Keputusan Kepala {agency} Nomor {_text(sk.get('nomor'))} tanggal "
                          f"{_text(sk.get('tanggal'))} tentang {_text(sk.get('tentang'))}. Lampiran keputusan "
                          "memuat sasaran strategis dan Indikator Kinerja Utama berikut, dengan alasan, cara "
                          "pengukuran dan sumber data.")
    else:
        section.placeholder("Nomor, tanggal dan perihal Keputusan tentang IKU (profil_instansi.yml, sk_iku).")
    iku = tables.get(catalogue.IKU)
    if _empty(iku):
        section.placeholder("Indikator Kinerja Utama (data/raw/common/iku.csv).")
        return section

    # A blank of the published decision itself (2024: its lampiran lists sasaran 1 and 2 only) is
    # not a missing input of this report: shown as a dash and explained in a note, never BELUM DIISI.
    absent = "–"

    def cell(value):
        return _text(value) or absent

    shown = pd.DataFrame({
        "No": [str(int(v)) for v in iku["sasaran_id"]], "Sasaran Strategis": iku["sasaran"],
        "Indikator Kinerja Utama": iku["indikator"], "Satuan": iku["satuan"],
        "Alasan": [cell(v) for v in iku.get("alasan", [""] * len(iku))],
        "Cara Pengukuran": [cell(v) for v in iku.get("formula", [""] * len(iku))],
        "Sumber Data": [cell(v) for v in iku.get("sumber_data", [""] * len(iku))]})
    section.table("lampiran_sk_iku", f"Sasaran Strategis dan Indikator Kinerja Utama {agency}", shown,
                  {c: "text" for c in shown.columns},
                  source="Lampiran Keputusan tentang IKU" + (f" Nomor {_text(sk.get('nomor'))}" if sk else ""))
    blank = shown[["Alasan", "Cara Pengukuran", "Sumber Data"]] == absent
    if blank.to_numpy().any():
        where = "; ".join(f"{name.lower()} indikator " + ", ".join(shown.loc[blank[name], "Indikator Kinerja Utama"])
                          for name in blank.columns if blank[name].any())
        section.note(f"{int(blank.to_numpy().sum())} sel bertanda '–' tidak tercantum dalam keputusan yang "
                     f"ditetapkan ({where}); keputusan tersebut perlu dilengkapi pada perubahan "
                     "berikutnya.")
    return section


FORM = "Formulir Pengukuran Kinerja"


def _published(pub: pd.DataFrame | None, besaran: str, objek: str) -> str:
    if _empty(pub):
        return ""
    hit = pub[(pub["tabel"] == FORM) & (pub["besaran"] == besaran) & (pub["objek"] == objek)]
    return "" if hit.empty else _text(hit.iloc[0]["nilai"])


def build_formulir(agency: str, profile: dict, narrative: dict, tables: dict, evaluation: pd.DataFrame,
                   totals: dict | None, year: int) -> Section:
    """The Formulir Pengukuran Kinerja: published and recomputed realisasi and capaian side by side."""
    section = Section("lampiran_formulir", FORM)
    pub = tables.get(catalogue.ANGKA_DIPUBLIKASIKAN)
    has_published = not _empty(pub) and (pub["tabel"] == FORM).any()
    section.paragraph(f"{FORM} Tingkat Perangkat Daerah Tahun {year}, {agency}. Kolom 'dipublikasikan' "
                      "memuat angka formulir sebagaimana ditandatangani; kolom 'hitung ulang' memuat angka "
                      "yang dihitung ulang dari data dan dipakai dalam laporan ini."
                      if has_published else
                      f"{FORM} Tingkat Perangkat Daerah Tahun {year}, {agency}, dari hasil hitung ulang.")
    rows = []
    for _, r in evaluation.iterrows():
        sid, sat = int(r["sasaran_id"]), _text(r["satuan"])
        objek = f"sasaran:{sid}"
        row = {"No": str(sid), "Sasaran Strategis": r["nama"], "Indikator Kinerja": r["indikator"],
               "Target": show(r["target"], sat)}
        if has_published:
            row["Realisasi dipublikasikan"] = _published(pub, "realisasi", objek) or "–"
        row["Realisasi hitung ulang"] = show(r["realisasi"], sat)
        if has_published:
            row["Capaian dipublikasikan (%)"] = _published(pub, "capaian", objek) or "–"
        row["Capaian hitung ulang (%)"] = fmt_number(r["capaian"])
        rows.append(row)
    table = pd.DataFrame(rows)
    section.table("lampiran_formulir", f"{FORM} Tingkat Perangkat Daerah Tahun {year}", table,
                  {c: "text" for c in table.columns},
                  source=f"{FORM} {year} (dipublikasikan); realisasi dan capaian dihitung ulang dari data")
    if totals is not None:
        parts = [f"Jumlah anggaran kegiatan Tahun {year} {fmt_rupiah(totals['pagu'])}",
                 f"jumlah realisasi anggaran {fmt_rupiah(totals['realisasi'])} (hitung ulang dari realisasi "
                 "per sub kegiatan)"]
        if has_published:
            parts.append(f"dipublikasikan {_published(pub, 'pagu', 'total') or '–'} dan "
                         f"{_published(pub, 'realisasi_anggaran', 'total') or '–'}")
        section.paragraph("; ".join(parts) + ".")
    date = ((narrative or {}).get("tanggal_dokumen") or {}).get("formulir_pengukuran_kinerja")
    sign(section, [head_signer(profile, f"Kepala {agency}", date)],
         f"{HEAD_WHERE}; narasi.yml, tanggal_dokumen.formulir_pengukuran_kinerja")
    return section


# -- Lampiran: Pernyataan Telah Direviu (Permen PANRB 53/2014, lampiran format) -------------------

REVIU = "Pernyataan Telah Direviu"


def build_reviu(agency: str, narrative: dict, year: int) -> Section:
    """The APIP's reviu statement, signed by the reviewer declared in narasi.yml (reviu). Until it
    is declared the Lampiran says what is missing and the report stays a draft."""
    section = Section("lampiran_reviu", REVIU)
    reviu = (narrative or {}).get("reviu") or {}
    missing = [FIELD_NAMES[k] for k in REVIU_REQUIRED if not _text(reviu.get(k))]
    if missing:
        section.placeholder(f"{REVIU} atas Laporan Kinerja Tahun {year} belum tersedia: {', '.join(missing)} "
                            "pereviu dari Inspektorat (APIP) belum diisi (narasi.yml, reviu). Tanpa pernyataan "
                            "ini laporan masih draf.")
        return section
    section.heading(f"{REVIU.upper()} — {agency.upper()}", level=3)
    section.paragraph(f"Kami telah mereviu Laporan Kinerja {agency} untuk Tahun {year} sesuai Pedoman Reviu atas "
                      "Laporan Kinerja. Substansi informasi yang dimuat dalam Laporan Kinerja merupakan tanggung "
                      f"jawab manajemen {agency}.")
    section.paragraph("Reviu bertujuan untuk memberikan keyakinan terbatas bahwa Laporan Kinerja telah disajikan "
                      "secara akurat, andal dan valid.")
    section.paragraph("Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan "
                      "dalam meyakini keandalan informasi yang disajikan di dalam Laporan Kinerja ini.")
    sign(section, [{k: reviu.get(k) for k in ("tempat_tanggal", "jabatan", "nama", "pangkat", "nip")}],
         "narasi.yml, reviu")
    return section


def facts(narrative: dict, tables: dict) -> dict:
    """What the self-evaluation (Lembar Evaluasi Mandiri) reads besides the sections: the declared
    publication and the published report's own answers (lke_laporan_terbit.csv), as plain data."""
    published = tables.get(catalogue.LKE_LAPORAN_TERBIT)
    rows = [] if _empty(published) else [
        {**{k: _text(r[k]) for k in ("kriteria", "jawaban", "letak", "keterangan")}, "baris": int(r["sumber_baris"])}
        for _, r in published.iterrows()]
    return {"publikasi": {k: _text(v) for k, v in ((narrative or {}).get("publikasi") or {}).items()},
            "laporan_terbit": rows}
