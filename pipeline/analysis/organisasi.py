"""The chapters around Bab III: Ikhtisar, Bab I, Bab II, 3.1 Capaian Organisasi, Bab IV, Lampiran PK.

Each ``build_*`` function takes a :class:`PlanInputs` (processed tables, the per-sasaran
evaluation, the agency profile and the narrative) and returns a
:class:`~pipeline.sections.model.Section`. Numbers come from the processed tables; where the
agency published a figure that the recomputation contradicts, a note block shows both.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.analysis import anggaran, dokumen
from pipeline.analysis.sentences import ROUNDING_RULE, show, source_of
from pipeline.config import Paths
from pipeline.inputs import catalogue, parts, registry
from pipeline.inputs.idnum import fmt_int, fmt_number, fmt_percent, fmt_rupiah, is_blank
from pipeline.inputs.rawio import is_total_label
from pipeline.measure import engine, indicators, sources
from pipeline.sections import charts
from pipeline.sections.model import Section
from pipeline.validate import narasi_check, recompute
from pipeline.validate.appendix import FIGURE_TIERS, counts_sentence

SEX_LABELS = {"L": "Laki-laki", "P": "Perempuan"}


@dataclass
class PlanInputs:
    """Everything the plan notebook's sections are built from."""

    year: int
    tables: dict[str, pd.DataFrame]
    evaluation: pd.DataFrame
    profile: dict = field(default_factory=dict)
    narrative: dict = field(default_factory=dict)

    @property
    def agency(self) -> str:
        nama = str(self.profile.get("nama") or "Perangkat Daerah").strip()
        kota = str(self.profile.get("kota") or "").strip()
        return f"{nama} {kota}".strip() if kota and kota not in nama else nama


def load_inputs(year: int, processed_dir: str | Path, paths: Paths) -> PlanInputs:
    """Processed tables, their evaluation, the profile (data/raw/common) and the year's narrative."""
    from pipeline.inputs.narrative import load_narrative
    from pipeline.inputs.profile import load_profile

    tables = indicators.load_processed(processed_dir, paths)
    return PlanInputs(year, tables, indicators.evaluate(tables, year), load_profile(paths) or {},
                      load_narrative(paths, year) or {})


# -- small helpers -------------------------------------------------------------------------------

def _text(value) -> str:
    return "" if is_blank(value) else str(value).strip()


def _sid(value) -> int:
    return int(float(value))


renstra_years = narasi_check.renstra_years


def published_matches(published_row: pd.Series, computed) -> bool:
    """Text figures (grades, kriteria) compare as text; numbers rounded as they were published."""
    number = published_row.get("nilai_angka")
    if isinstance(computed, str) or is_blank(number):
        return _text(published_row.get("nilai")).lower() == _text(computed).lower()
    return recompute.rounds_to(float(number), published_row.get("desimal"), float(computed))


def kriteria_order(tables: dict) -> list[str]:
    """Criteria best first, from the declared scale."""
    scale = indicators.criteria_scale(tables)
    return [band.kriteria for band in sorted(scale, key=lambda b: b.batas_bawah, reverse=True)]


def tercapai(evaluation: pd.DataFrame) -> pd.Series:
    """An indicator reaches its target when capaian ≥ 100 (for every polarity, by construction)."""
    return evaluation["capaian"].astype(float) >= engine.CAPAIAN_TERCAPAI


def kriteria_counts(inp: PlanInputs) -> dict[str, int]:
    counts = inp.evaluation["kriteria"].value_counts()
    return {k: int(counts[k]) for k in kriteria_order(inp.tables) if k in counts}


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " dan " + parts[-1]


def results(inp: PlanInputs) -> dict:
    """results/organisasi.json: counts of sasaran, indicators, indicators on target, per kriteria."""
    ev = inp.evaluation
    return {"sasaran": int(ev["sasaran_id"].nunique()), "indikator": int(len(ev)),
            "tercapai": int(tercapai(ev).sum()), "kriteria": kriteria_counts(inp)}


def budget_totals(inp: PlanInputs) -> dict | None:
    sub = inp.tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    return None if sub is None or sub.empty else anggaran.totals(sub)


def budget_sentence(inp: PlanInputs) -> str:
    total = budget_totals(inp)
    if total is None:
        return ""
    return (f"Pagu anggaran Tahun {inp.year} sebesar {fmt_rupiah(total['pagu'])} terealisasi sebesar "
            f"{fmt_rupiah(total['realisasi'])} atau {fmt_percent(total['serapan'])}.")


def _indicator_phrase(row: pd.Series) -> str:
    return (f"indikator {row['indikator']} dengan realisasi {show(row['realisasi'], _text(row['satuan']))} "
            f"dari target {show(row['target'], _text(row['satuan']))}, capaian {fmt_percent(row['capaian'])} "
            f"(kriteria {row['kriteria']})")


def sasaran_sentences(ev: pd.DataFrame) -> list[str]:
    """One sentence per sasaran; a sasaran with several indicators states its own capaian (by
    the declared rule) and each indicator's."""
    out = []
    for _, rows in ev.groupby("sasaran_id", sort=False):
        first = rows.iloc[0]
        head = f"Sasaran {_sid(first['sasaran_id'])} – {first['nama']}"
        if len(rows) == 1:
            out.append(f"{head}: {_indicator_phrase(first)}.")
            continue
        out.append(f"{head}: capaian sasaran {fmt_percent(first['capaian_sasaran'])} (kriteria "
                   f"{first['kriteria_sasaran']}; {indicators.rule_text(first['aturan_capaian_sasaran'])} dari "
                   f"{len(rows)} indikator): " + "; ".join(_indicator_phrase(r) for _, r in rows.iterrows()) + ".")
    return out


# -- Ikhtisar Eksekutif ----------------------------------------------------------------------------

def load_corrections(report_dir: str | Path, paths: Paths) -> pd.DataFrame | None:
    """validation/koreksi.csv of the validate step: the distinct corrections, most material first."""
    path = catalogue.KOREKSI.at(paths.resolve(report_dir))
    if not path.is_file():
        return None
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def corrections_paragraph(corrections: pd.DataFrame | None) -> str:
    """How many published figures the recomputation corrected, and the most material one."""
    if corrections is None:
        return ""
    counted = counts_sentence(corrections)  # the same sentence as the Lampiran's
    figures = corrections[corrections["tingkat"].isin(FIGURE_TIERS)]
    if corrections.empty:
        return counted
    if figures.empty:
        return (f"{counted} Semua angka yang dipublikasikan dan dapat dihitung ulang sesuai dengan hasil "
                "hitung ulang dari data.")
    top = figures.iloc[0]

    def quoted(text) -> str:
        text = _text(text)
        return text if any(c.isdigit() for c in text) else f"'{text}'"

    # where the wrong figure is printed, so the reader can find it without the Lampiran: the
    # published tables it stands in (a quoted sentence is left to the Lampiran's Letak column)
    places = [p for p in dict.fromkeys(_text(top.get("tempat")).split("; ")) if p]
    where = ""
    if places and "«" not in places[0]:
        more = f" dan {len(places) - 1} tempat lain" if len(places) > 1 else ""
        where = f" ({places[0]}{more} dokumen publikasi)"
    what = (f"{top['uraian']}{where}, dipublikasikan {quoted(top['dipublikasikan'])}, hasil hitung ulang "
            f"{quoted(top['hitung_ulang'])}.")
    if top["dampak"].startswith("Kesimpulan berubah"):  # the effect already quotes both statements
        what = f"{top['uraian']}{where}."
    return (f"Hitung ulang dari data memeriksa angka dalam LKjIP yang dipublikasikan; laporan ini memakai "
            f"hasil hitung ulang. {counted} Yang paling material: {what} {top['dampak']} "
            "Rincian pada Lampiran Catatan Validasi.")


def build_ikhtisar(inp: PlanInputs, corrections: pd.DataFrame | None = None) -> Section:
    ev = inp.evaluation
    section = Section("ikhtisar", "Ikhtisar Eksekutif")
    years = renstra_years(inp.tables)
    period = ""
    ordinal = narasi_check.renstra_ordinal(inp.year, years)
    if ordinal:
        period = f", {ordinal} pelaksanaan Rencana Strategis {years[0]}–{years[-1]}"
    section.paragraph(
        f"Laporan Kinerja Instansi Pemerintah (LKjIP) {inp.agency} Tahun {inp.year} menyajikan "
        f"capaian kinerja atas Perjanjian Kinerja Tahun {inp.year}{period}.")
    n_sasaran, n_ind, n_ok = ev["sasaran_id"].nunique(), len(ev), int(tercapai(ev).sum())
    counts = kriteria_counts(inp)
    section.paragraph(
        f"{inp.agency} menetapkan {n_sasaran} sasaran strategis dengan {n_ind} indikator kinerja utama. "
        f"Pada Tahun {inp.year}, {n_ok} dari {n_ind} indikator mencapai atau melampaui targetnya; "
        f"menurut skala pengukuran kinerja, " + _join([f"{n} indikator berkriteria {k}" for k, n in counts.items()])
        + ".")
    section.bullets(sasaran_sentences(ev), title="Capaian per sasaran strategis (dihitung ulang dari data)")
    sentence = budget_sentence(inp)
    if sentence:
        section.paragraph(sentence)
    sentence = corrections_paragraph(corrections)
    if sentence:
        section.paragraph(sentence)
    return section


# -- Bab I -------------------------------------------------------------------------------------------

def staff_tidy(df: pd.DataFrame) -> pd.DataFrame:
    """The tidy staff table without any published total rows/columns."""
    keep = ~df["kategori"].map(is_total_label) & ~df["unit"].map(is_total_label)
    return df[keep]


def staff_table(df: pd.DataFrame, label: str) -> pd.DataFrame:
    """Category × unit (both sexes), then L, P and Jumlah columns and a computed Jumlah row."""
    tidy = staff_tidy(df).copy()
    tidy["jumlah"] = tidy["jumlah"].fillna(0).astype(int)
    categories = list(dict.fromkeys(tidy["kategori"]))
    units = list(dict.fromkeys(tidy["unit"]))
    sexes = list(dict.fromkeys(tidy["jenis_kelamin"]))
    rows = []
    for cat in categories + ["Jumlah"]:
        part = tidy if cat == "Jumlah" else tidy[tidy["kategori"] == cat]
        row = {label: cat}
        for unit in units:
            row[unit] = int(part.loc[part["unit"] == unit, "jumlah"].sum())
        for sex in sexes:
            row[SEX_LABELS.get(sex, sex)] = int(part.loc[part["jenis_kelamin"] == sex, "jumlah"].sum())
        row["Jumlah"] = int(part["jumlah"].sum())
        rows.append(row)
    return pd.DataFrame(rows)


def staff_chart(table: pd.DataFrame, label: str):
    body = table[table[label] != "Jumlah"]
    series = {name: [int(v) for v in body[name]] for name in SEX_LABELS.values() if name in body.columns}
    return charts.grouped_bars(list(body[label]), series, ylabel="orang")


def apbd_table(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Tabel APBD by account: every parent = sum of its leaf accounts; totals computed.

    Returns the table (kode, uraian, sebelum, setelah, selisih) and notes where a published
    figure differs from the computed one.
    """
    df = df.copy()
    df["kode"] = df["kode"].map(_text)
    is_total = (df["is_total"].astype(str).str.lower().isin(["true", "1"]) if "is_total" in df
                else pd.Series(False, index=df.index))
    accounts, published_totals = df[~is_total], df[is_total]
    codes = list(accounts["kode"])
    leaves = [c for c in codes if c and not any(o.startswith(c + ".") for o in codes)]
    leaf_rows = accounts[accounts["kode"].isin(leaves)].set_index("kode")
    notes, rows = [], []

    def value(kode, column):
        subtree = [leaf for leaf in leaves if leaf == kode or leaf.startswith(kode + ".")]
        return int(sum(0 if is_blank(leaf_rows.at[leaf, column]) else int(leaf_rows.at[leaf, column])
                       for leaf in subtree))

    def check(label, column, published, computed):
        if not is_blank(published) and int(published) != computed:
            notes.append(f"{label}, kolom {column}: dipublikasikan {fmt_rupiah(int(published))}, "
                         f"hasil penjumlahan {fmt_rupiah(computed)}.")

    for _, r in accounts.iterrows():
        before, after = value(r["kode"], "sebelum"), value(r["kode"], "setelah")
        row = {"Kode Rekening": r["kode"], "Uraian": r["uraian"], "Sebelum Perubahan (Rp)": before,
               "Setelah Perubahan (Rp)": after, "Bertambah/Berkurang (Rp)": after - before}
        for column, key in (("sebelum", "Sebelum Perubahan (Rp)"), ("setelah", "Setelah Perubahan (Rp)"),
                            ("selisih", "Bertambah/Berkurang (Rp)")):
            check(f"{r['kode']} {r['uraian']}", column, r.get(column), row[key])
        rows.append(row)
    # Kode 4 = pendapatan, 5 = belanja (Permendagri account structure).
    belanja = {c: value("5", c) for c in ("sebelum", "setelah")}
    pendapatan = {c: value("4", c) for c in ("sebelum", "setelah")}
    computed_totals = {
        "jumlah belanja": ("Jumlah Belanja", belanja["sebelum"], belanja["setelah"]),
        "surplus": ("Surplus/(Defisit)", pendapatan["sebelum"] - belanja["sebelum"],
                    pendapatan["setelah"] - belanja["setelah"]),
    }
    for key, (label, before, after) in computed_totals.items():
        rows.append({"Kode Rekening": "", "Uraian": label, "Sebelum Perubahan (Rp)": before,
                     "Setelah Perubahan (Rp)": after, "Bertambah/Berkurang (Rp)": after - before})
        hit = published_totals[published_totals["uraian"].str.lower().str.contains(key, regex=False)]
        for _, r in hit.iterrows():
            for column, computed in (("sebelum", before), ("setelah", after), ("selisih", after - before)):
                check(_text(r["uraian"]), column, r.get(column), computed)
    return pd.DataFrame(rows), notes


def build_bab1(inp: PlanInputs) -> Section:
    p, t, year = inp.profile, inp.tables, inp.year
    section = Section("bab1", "Pendahuluan")
    section.heading("1.1 Latar Belakang", level=2)
    section.paragraph(
        f"Laporan Kinerja Instansi Pemerintah (LKjIP) {inp.agency} Tahun {year} disusun sebagai wujud "
        f"pertanggungjawaban atas pelaksanaan tugas pokok dan fungsi serta pencapaian tujuan dan sasaran "
        f"strategis yang ditetapkan dalam Rencana Strategis dan Perjanjian Kinerja Tahun {year}.")
    if p.get("landasan_hukum"):
        section.bullets([_text(x) for x in p["landasan_hukum"]], title="Landasan hukum penyusunan LKjIP")

    section.heading("1.2 Aspek Strategis Organisasi", level=2)
    section.heading("1.2.1 Kondisi Sumber Daya Manusia", level=3)
    for name, label, title in ((catalogue.PEGAWAI_GOLONGAN, "Pangkat/Golongan", "Pangkat/Golongan"),
                               (catalogue.PEGAWAI_PENDIDIKAN, "Pendidikan", "Pendidikan")):
        df = t.get(name)
        if df is None or df.empty:
            section.placeholder(f"Belum ada data pegawai menurut {title.lower()} ({name}).")
            continue
        table = staff_table(df, label)
        total = table.iloc[-1]
        if name == catalogue.PEGAWAI_GOLONGAN:
            by_sex = _join([f"{fmt_int(total[s])} orang {s.lower()}" for s in SEX_LABELS.values()
                            if s in table.columns])
            section.paragraph(f"Pada Tahun {year} {inp.agency} memiliki {fmt_int(total['Jumlah'])} orang "
                              f"pegawai (PNS dan P3K), terdiri dari {by_sex}.")
        else:
            body = table.iloc[:-1].sort_values("Jumlah", ascending=False, kind="stable")
            section.paragraph("Menurut pendidikan, pegawai terbanyak berpendidikan "
                              + _join([f"{r[label]} ({fmt_int(r['Jumlah'])} orang)"
                                       for _, r in body.head(2).iterrows()]) + ".")
        formats = {c: ("text" if c == label else "int") for c in table.columns}
        section.table(f"bab1_{name}", f"Pegawai Negeri Sipil dan P3K Berdasarkan {title} dan Jenis Kelamin",
                      table, formats, source="Daftar nominatif pegawai; diolah")
        section.figure(f"bab1_grafik_{name}", f"PNS dan P3K Berdasarkan {title}", staff_chart(table, label),
                       source="Daftar nominatif pegawai; diolah")

    section.heading("1.2.2 Tugas, Fungsi dan Susunan Organisasi", level=3)
    if p.get("tugas_pokok"):
        section.paragraph(_text(p["tugas_pokok"]))
    if p.get("fungsi"):
        section.bullets([_text(x) for x in p["fungsi"]], title="Fungsi")
    dokumen.add_structure(section, p, inp.agency)

    section.heading("1.2.3 Sarana dan Prasarana", level=3)
    dokumen.add_sarana(section, t, inp.agency, year)

    section.heading("1.2.4 Anggaran/Pembiayaan", level=3)
    apbd = t.get(catalogue.APBD_REKENING)
    if apbd is None or apbd.empty:
        section.placeholder("Belum ada data APBD per rekening (apbd_rekening).")
    else:
        table, notes = apbd_table(apbd)
        belanja = table[table["Uraian"] == "Jumlah Belanja"].iloc[0]
        text = (f"Belanja {inp.agency} Tahun {year} bersumber dari APBD {_text(p.get('kota'))}: "
                f"{fmt_rupiah(belanja['Sebelum Perubahan (Rp)'])} sebelum perubahan dan "
                f"{fmt_rupiah(belanja['Setelah Perubahan (Rp)'])} setelah perubahan "
                f"(bertambah {fmt_rupiah(belanja['Bertambah/Berkurang (Rp)'])}).")
        total = budget_totals(inp)
        if total is not None:
            same = "sama dengan" if total["pagu"] == belanja["Setelah Perubahan (Rp)"] else "berbeda dari"
            text += (f" Jumlah belanja setelah perubahan {same} jumlah pagu seluruh sub kegiatan "
                     f"({fmt_rupiah(total['pagu'])}).")
        section.paragraph(text)
        money = {c: "rupiah" for c in table.columns if c.endswith("(Rp)")}
        section.table("bab1_apbd", f"Anggaran Pendapatan dan Belanja Daerah (APBD) Tahun {year}", table,
                      {"Kode Rekening": "text", "Uraian": "text", **money},
                      source="DPA/APBD per rekening; induk rekening dijumlahkan dari rinciannya")
        if notes:
            section.note("Angka yang dipublikasikan berbeda dengan hasil penjumlahan: " + " ".join(notes))

    section.heading("1.3 Isu Strategis", level=2)
    if p.get("isu_strategis"):
        section.bullets([_text(x) for x in p["isu_strategis"]])
    else:
        section.placeholder("Belum diisi: isu strategis (profil_instansi.yml, kunci isu_strategis).")

    section.heading("1.4 Sistematika", level=2)
    dokumen.add_sistematika(section, inp.agency, year)
    return section


# -- Bab II ------------------------------------------------------------------------------------------

def target_text(tables: dict, indikator_id: str, jenis: str, tahun: int | None = None) -> str:
    df = tables.get(catalogue.TARGET)
    if df is None:
        return ""
    hit = df[(df["indikator_id"].astype(str) == str(indikator_id)) & (df["jenis"] == jenis)]
    if tahun is not None:
        hit = hit[hit["tahun"].map(lambda v: not is_blank(v) and int(float(v)) == tahun)]
    return "" if hit.empty else _text(hit.iloc[0]["nilai_teks"])


def renstra_table(tables: dict) -> pd.DataFrame:
    """Tujuan, sasaran, indicator and targets per Renstra year (as declared in the plan)."""
    iku = tables[catalogue.IKU]
    years = renstra_years(tables)
    rows = []
    for (_, r), no in zip(iku.iterrows(), row_numbers(iku)):
        iid = str(r["indikator_id"])
        row = {"No": no, "Tujuan": r["tujuan"] if no else "",
               "Indikator Tujuan": _text(r.get("indikator_tujuan")) if no else "",
               "Sasaran": r["sasaran"] if no else "", "Indikator Sasaran": r["indikator"], "Satuan": r["satuan"],
               "Kondisi Awal": target_text(tables, iid, "kondisi_awal")}
        for y in years:
            row[str(y)] = target_text(tables, iid, "renstra", y)
        row["Kondisi Akhir"] = target_text(tables, iid, "kondisi_akhir")
        rows.append(row)
    return pd.DataFrame(rows)


def row_numbers(df: pd.DataFrame) -> list[str]:
    """'No' of a plan table: the sasaran number on its first indikator, blank below it (the
    merged cell of the printed table)."""
    out, seen = [], set()
    for sid in df["sasaran_id"]:
        sid = _sid(sid)
        out.append("" if sid in seen else str(sid))
        seen.add(sid)
    return out


STRATEGY_HEADERS = {"tujuan_rpd": "Tujuan RPD", "sasaran_rpd": "Sasaran RPD", "tujuan": "Tujuan",
                    "sasaran": "Sasaran", "strategi": "Strategi", "arah_kebijakan": "Arah Kebijakan"}


def strategy_table(df: pd.DataFrame) -> pd.DataFrame:
    """The strategy table as transcribed; a cell repeating the one above is left blank (as printed)."""
    keep = [c for c in df.columns if not (c.startswith("sumber_") or c.startswith("_")
                                          or c in ("sasaran_id", "urutan"))]
    out = df[keep].fillna("").astype(str).reset_index(drop=True)
    for column in keep[:-1]:
        repeated = out[column].eq(out[column].shift())
        out.loc[repeated, column] = ""
    return out.rename(columns={c: STRATEGY_HEADERS.get(c, c.replace("_", " ").capitalize()) for c in keep})


def iku_table(iku: pd.DataFrame) -> pd.DataFrame:
    numbers = row_numbers(iku)
    return pd.DataFrame({
        "No": numbers, "Sasaran Strategis": [s if n else "" for s, n in zip(iku["sasaran"], numbers)],
        "Indikator Kinerja Utama": iku["indikator"], "Satuan": iku["satuan"],
        "Polaritas": iku["polaritas"].map({"naik": "makin tinggi makin baik", "turun": "makin rendah makin baik",
                                           "ordinal": "predikat (urutan)"}).fillna(iku["polaritas"]),
        "Alasan": iku["alasan"].map(_text) if "alasan" in iku else "",
        "Formula": iku["formula"].map(_text)})


def pk_table(inp: PlanInputs) -> pd.DataFrame:
    rows = []
    iku = inp.tables[catalogue.IKU]
    for (_, r), no in zip(iku.iterrows(), row_numbers(iku)):
        iid = str(r["indikator_id"])
        target = target_text(inp.tables, iid, "pk", inp.year) or target_text(inp.tables, iid, "renstra", inp.year)
        rows.append({"No": no, "Sasaran Strategis": r["sasaran"] if no else "", "Indikator Kinerja": r["indikator"],
                     "Satuan": r["satuan"], "Target": target})
    return pd.DataFrame(rows)


def sasaran_names(tables: dict) -> dict[int, str]:
    iku = tables.get(catalogue.IKU)
    return {} if iku is None else {_sid(r["sasaran_id"]): _text(r["sasaran"]) for _, r in iku.iterrows()}


def build_bab2(inp: PlanInputs) -> Section:
    p, t, year = inp.profile, inp.tables, inp.year
    section = Section("bab2", "Perencanaan Kinerja")
    rpd = p.get("rpd") or {}
    section.heading(f"2.1 Rencana Pembangunan Daerah (RPD) {_text(p.get('kota'))} {_text(rpd.get('periode'))}"
                    .replace("  ", " ").strip(), level=2)
    tujuan = [f"Tujuan {_text(x.get('nomor'))}: {_text(x.get('uraian'))}" if isinstance(x, dict) else _text(x)
              for x in rpd.get("tujuan") or []]
    sasaran = [f"Sasaran {_text(x.get('nomor'))}: {_text(x.get('uraian'))}" if isinstance(x, dict) else _text(x)
               for x in rpd.get("sasaran") or []]
    if tujuan or sasaran:
        section.paragraph(f"Tujuan dan sasaran RPD yang terkait dengan tugas dan fungsi {inp.agency}:")
        section.bullets(tujuan + sasaran)
    else:
        section.placeholder("Belum diisi: tujuan dan sasaran RPD (profil_instansi.yml, kunci rpd).")

    years = renstra_years(t)
    period = f"{years[0]}–{years[-1]}" if years else ""
    section.heading(f"2.2 Rencana Strategis {period}".strip(), level=2)
    section.paragraph(
        f"Rencana Strategis {inp.agency} {period} menetapkan {t[catalogue.IKU]['sasaran_id'].nunique()} sasaran strategis "
        f"dengan target tahunan sebagai berikut.")
    table = renstra_table(t)
    section.table("bab2_tujuan_sasaran", "Tujuan dan Sasaran Jangka Menengah", table,
                  {c: "text" for c in table.columns}, source=f"Renstra {period}; diolah".strip())
    strategies = t.get(catalogue.STRATEGI_KEBIJAKAN)
    if strategies is not None and not strategies.empty:
        shown = strategy_table(strategies)
        section.table("bab2_strategi_kebijakan", f"Tujuan, Sasaran, Strategi dan Arah Kebijakan {period}".strip(),
                      shown, {c: "text" for c in shown.columns}, source=f"Renstra {period}".strip())

    section.heading("2.3 Indikator Kinerja Utama", level=2)
    shown = iku_table(t[catalogue.IKU])
    section.table("bab2_iku", "Formula Indikator Kinerja Utama", shown, {c: "text" for c in shown.columns},
                  source="Keputusan Kepala Dinas tentang IKU; polaritas sebagaimana dideklarasikan")

    section.heading(f"2.4 Perjanjian Kinerja Tahun {year}", level=2)
    shown = pk_table(inp)
    section.table("bab2_perjanjian_kinerja", f"Perjanjian Kinerja Tahun {year}", shown,
                  {c: "text" for c in shown.columns}, source=f"Perjanjian Kinerja Tahun {year}")
    sub = t.get(catalogue.ANGGARAN_SUBKEGIATAN)
    if sub is not None and not sub.empty:
        section.paragraph(f"Anggaran belanja langsung Tahun {year} yang dialokasikan untuk setiap sasaran "
                          f"strategis, dijumlahkan dari sub kegiatan:")
        tree = anggaran.budget_tree(sub, with_sasaran=True, sasaran_names=sasaran_names(t))
        shown = anggaran.tree_for_display(tree)
        section.table("bab2_anggaran_per_sasaran", f"Anggaran Belanja Langsung per Sasaran Strategis Tahun {year}",
                      shown, {"Sasaran": "text", "Tingkat": "text", "Uraian": "text", **anggaran.MONEY},
                      source=anggaran.SOURCE)
    return section


# -- 3.1 Capaian Kinerja Organisasi ------------------------------------------------------------------

def scale_table(tables: dict) -> pd.DataFrame:
    rows = []
    bands = sorted(indicators.criteria_scale(tables), key=lambda b: b.batas_bawah, reverse=True)
    for i, band in enumerate(bands, start=1):
        low, high = band.batas_bawah, band.batas_atas
        ge, le = ("≥" if band.bawah_inklusif else ">"), ("≤" if band.atas_inklusif else "<")
        if math.isinf(high):
            interval = f"{ge} {fmt_number(low)}"
        elif math.isinf(low):
            interval = f"{le} {fmt_number(high)}"
        else:
            interval = f"{fmt_number(low)} {'≤' if band.bawah_inklusif else '<'} capaian {le} {fmt_number(high)}"
        rows.append({"No": str(i), "Interval Nilai Capaian Kinerja (%)": interval, "Kriteria": band.kriteria})
    return pd.DataFrame(rows)


def capaian_table(inp: PlanInputs) -> pd.DataFrame:
    iku = inp.tables[catalogue.IKU].assign(_sid=lambda d: d["sasaran_id"].map(_sid)).set_index("_sid")
    rows = []
    ev = inp.evaluation
    for (_, r), no in zip(ev.iterrows(), row_numbers(ev)):
        sid = _sid(r["sasaran_id"])
        tujuan = iku.loc[[sid], "tujuan"].iloc[0] if sid in iku.index else ""
        rows.append({"No": no, "Tujuan": _text(tujuan) if no else "",
                     "Sasaran Strategis": r["nama"] if no else "", "Indikator Kinerja": r["indikator"],
                     "Satuan": r["satuan"], "Target": show(r["target"], ""), "Realisasi": show(r["realisasi"], ""),
                     "Capaian (%)": float(r["capaian"]), "Kriteria": r["kriteria"]})
    return pd.DataFrame(rows)


def published_differences(inp: PlanInputs, tabel: str = registry.CAPAIAN_TABLE) -> list[str]:
    """Sentences for every published figure of ``tabel`` that the recomputation contradicts."""
    pub = inp.tables.get(catalogue.ANGKA_DIPUBLIKASIKAN)
    if pub is None or pub.empty:
        return []
    pub = pub[(pub["tabel"] == tabel) & (pub["tahun"].map(lambda v: not is_blank(v) and int(float(v)) == inp.year))]
    pub = pub.drop_duplicates(subset=["besaran", "objek"], keep="first")
    computed: dict[tuple[str, str], tuple[object, str]] = {}
    for _, r in inp.evaluation.iterrows():
        sat = _text(r["satuan"])
        objs = [f"indikator:{r['indikator_id']}"] + ([f"sasaran:{_sid(r['sasaran_id'])}"] if int(r["urutan"]) == 1 else [])
        for obj in objs:
            computed[("realisasi", obj)] = (r["realisasi"], show(r["realisasi"], sat))
            computed[("capaian", obj)] = (float(r["capaian"]), fmt_percent(r["capaian"]))
            computed[("kriteria", obj)] = (r["kriteria"], r["kriteria"])
    total = budget_totals(inp)
    if total is not None:
        computed[("pagu", "total")] = (total["pagu"], fmt_rupiah(total["pagu"]))
        computed[("realisasi_anggaran", "total")] = (total["realisasi"], fmt_rupiah(total["realisasi"]))
        computed[("serapan", "total")] = (total["serapan"], fmt_percent(total["serapan"]))
    words = {"realisasi": "realisasi", "capaian": "capaian", "kriteria": "kriteria", "pagu": "pagu anggaran",
             "realisasi_anggaran": "realisasi anggaran", "serapan": "serapan anggaran"}
    notes = []
    for _, r in pub.iterrows():
        key = (r["besaran"], r["objek"])
        if key not in computed:
            continue
        value, shown = computed[key]
        if not published_matches(r, value):
            what = "total" if r["objek"] == "total" else r["objek"].replace(":", " ")
            notes.append(f"{words.get(r['besaran'], r['besaran'])} {what}: dipublikasikan {_text(r['nilai'])}, "
                         f"hasil hitung ulang {shown}.")
    return notes


def build_capaian_organisasi(inp: PlanInputs) -> Section:
    section = Section("capaian_organisasi", "Capaian Kinerja Organisasi")
    section.paragraph(
        "Capaian kinerja diukur dengan membandingkan realisasi terhadap target Perjanjian Kinerja, "
        "kemudian dikategorikan menurut skala pengukuran kinerja berikut (interval setengah terbuka: "
        "batas bawah termasuk, batas atas tidak).")
    section.paragraph(ROUNDING_RULE)
    section.table("capaian_skala", "Skala Pengukuran Kinerja", scale_table(inp.tables),
                  {}, source="PermenPAN-RB 53/2014; skala yang ditetapkan instansi")
    ev = inp.evaluation
    n_ok = int(tercapai(ev).sum())
    section.paragraph(
        f"Pada Tahun {inp.year}, {ev['sasaran_id'].nunique()} sasaran strategis diukur dengan {len(ev)} "
        f"indikator kinerja; {n_ok} indikator mencapai atau melampaui target. Realisasi dan capaian "
        f"berikut dihitung ulang dari data.")
    section.table("capaian_perjanjian_kinerja", f"Capaian Perjanjian Kinerja Tahun {inp.year}",
                  capaian_table(inp), {"Capaian (%)": "percent"},
                  source=f"Target: Perjanjian Kinerja Tahun {inp.year}; realisasi: " + "; ".join(dict.fromkeys(
                      source_of(r.get("sumber_realisasi"), "realisasi", inp.year, sources.region_name(inp.tables),
                                r.get("sumber_data", "")) or "data masukan"
                      for _, r in ev.iterrows())))
    if (ev.groupby("sasaran_id").size() > 1).any():
        rule = indicators.rule_text(str(ev["aturan_capaian_sasaran"].iloc[0]))
        section.paragraph(
            f"Capaian sasaran yang diukur dengan lebih dari satu indikator adalah {rule} (aturan yang "
            f"ditetapkan instansi): " + _join([
                f"sasaran {_sid(sid)} {fmt_percent(rows['capaian_sasaran'].iloc[0])} "
                f"({rows['kriteria_sasaran'].iloc[0]}, {len(rows)} indikator)"
                for sid, rows in ev.groupby("sasaran_id", sort=False) if len(rows) > 1]) + ".")
    ranked = ev.sort_values("capaian", ascending=False, kind="stable")
    section.paragraph("Capaian tertinggi pada indikator " + _join(
        [f"{r['indikator']} ({fmt_percent(r['capaian'])})" for _, r in ranked.iterrows()]) + ", berurutan.")
    notes = published_differences(inp)
    if notes:
        section.note("Angka yang dipublikasikan pada Capaian Perjanjian Kinerja berbeda dengan hasil hitung "
                     "ulang: " + " ".join(notes))
    sentence = budget_sentence(inp)
    if sentence:
        section.paragraph(sentence)
    return section


# -- Bab IV ------------------------------------------------------------------------------------------

def urusan_keys(inp: PlanInputs) -> dict[str, str]:
    """Narrative keys expected per urusan (tenaga_kerja -> 'Tenaga Kerja'), from the budget tree."""
    sub = inp.tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    names = [] if sub is None else list(dict.fromkeys(sub["urusan"].map(_text)))
    return {re.sub(r"[^a-z0-9]+", "_", n.lower()).strip("_"): n for n in names if n}


def narrative_lists(section: Section, inp: PlanInputs, part: str, label: str) -> None:
    """One bullet list per urusan from narasi.yml; a visible placeholder for each missing one."""
    given = inp.narrative.get(part) if isinstance(inp.narrative, dict) else None
    given = given if isinstance(given, dict) else {}
    expected = urusan_keys(inp)
    keys = list(expected) + [k for k in given if k not in expected]
    if not keys:
        keys = list(given)
    where = f"data/raw/{inp.year}/{parts.FILENAME}"
    if not keys:
        section.placeholder(f"Belum diisi: {label.lower()} ({where}, kunci {part}).")
        return
    for key in keys:
        items = [_text(x) for x in (given.get(key) or []) if _text(x)]
        title = f"Urusan {expected.get(key) or str(key).replace('_', ' ').title()}"
        if items:
            section.bullets(items, title=title)
        else:
            section.placeholder(f"Belum diisi: {label.lower()} {title.lower()} ({where}, kunci {part}.{key}).")


def build_bab4(inp: PlanInputs) -> Section:
    ev = inp.evaluation
    section = Section("bab4", "Penutup")
    section.heading("4.1 Kesimpulan", level=2)
    counts = kriteria_counts(inp)
    n_ok = int(tercapai(ev).sum())
    section.paragraph(
        f"{inp.agency} mempunyai {ev['sasaran_id'].nunique()} sasaran strategis dengan {len(ev)} indikator "
        f"kinerja utama. Berdasarkan target Perjanjian Kinerja Tahun {inp.year}, {n_ok} dari {len(ev)} "
        f"indikator mencapai atau melampaui target, dengan kriteria " + _join(
            [f"{k} sebanyak {n} indikator" for k, n in counts.items()]) + ".")
    section.bullets(sasaran_sentences(ev))
    sentence = budget_sentence(inp)
    if sentence:
        section.paragraph(sentence)
    section.heading("4.2 Permasalahan", level=2)
    narrative_lists(section, inp, "permasalahan", "Permasalahan")
    section.heading("4.3 Tindak Lanjut", level=2)
    narrative_lists(section, inp, "tindak_lanjut", "Tindak lanjut")
    dokumen.sign_closing(section, inp.agency, inp.profile, inp.narrative)
    return section


# -- Lampiran: Perjanjian Kinerja --------------------------------------------------------------------

def pk_budget_table(pk: pd.DataFrame, tree: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Each PK document's budget lines beside the amounts computed from the budget tree; which
    budget line a PK line means is recompute.match_budget's decision (the one Catatan Validasi
    shows), with the tree's names normalised once."""
    rows, notes = [], []
    names = recompute.BudgetNames(tree)
    for doc, part in pk.groupby("dokumen", sort=False):
        lines_total, computed_total, unmatched = 0, 0, False
        for _, r in part.iterrows():
            amount = None if is_blank(r.get("anggaran")) else int(float(r["anggaran"]))
            if str(r.get("is_total")).lower() in ("true", "1") or is_total_label(r["program"]):
                rows.append({"Dokumen": doc, "Uraian": "TOTAL", "Anggaran dalam PK (Rp)": amount,
                             "Anggaran hitung (Rp)": None if unmatched else computed_total,
                             "Selisih (Rp)": None if unmatched or amount is None else amount - computed_total})
                if amount is not None and amount != lines_total:
                    notes.append(f"{doc}: TOTAL {fmt_rupiah(amount)} bukan jumlah baris-barisnya "
                                 f"({fmt_rupiah(lines_total)}).")
                if amount is not None and not unmatched and amount != computed_total:
                    notes.append(f"{doc}: TOTAL {fmt_rupiah(amount)}, sedangkan anggaran yang dirujuk menurut "
                                 f"realisasi anggaran berjumlah {fmt_rupiah(computed_total)}.")
                continue
            if amount is None:
                continue  # a heading line (kegiatan without an amount)
            lines_total += amount
            hit = names.match(r["program"])
            computed = None if hit is None else int(hit["pagu"])
            if computed is None:
                unmatched = True
                notes.append(f"{doc}: “{_text(r['program'])}” tidak ditemukan padanannya pada realisasi anggaran.")
            else:
                computed_total += computed
                if computed != amount:
                    notes.append(f"{doc}: {_text(r['program'])} {fmt_rupiah(amount)} dalam dokumen PK, "
                                 f"sedangkan hasil penjumlahan sub kegiatan {fmt_rupiah(computed)}.")
            rows.append({"Dokumen": doc, "Uraian": _text(r["program"]), "Anggaran dalam PK (Rp)": amount,
                         "Anggaran hitung (Rp)": computed,
                         "Selisih (Rp)": None if computed is None else amount - computed})
    table = pd.DataFrame(rows)
    for column in ("Anggaran dalam PK (Rp)", "Anggaran hitung (Rp)", "Selisih (Rp)"):
        if column in table:
            table[column] = table[column].astype("Int64")
    return table, notes


def build_lampiran_pk(inp: PlanInputs) -> Section:
    section = Section("lampiran_pk", "Perjanjian Kinerja")
    head = inp.profile.get("kepala_dinas") or {}
    signer = f" yang ditandatangani oleh {_text(head.get('nama'))}" if isinstance(head, dict) and head.get("nama") else ""
    section.paragraph(f"Perjanjian Kinerja Tahun {inp.year} Kepala {inp.agency}{signer} memuat sasaran "
                      f"strategis, indikator kinerja dan target berikut.")
    shown = pk_table(inp)
    section.table("lampiran_pk_target", f"Sasaran Strategis, Indikator Kinerja dan Target Tahun {inp.year}",
                  shown, {c: "text" for c in shown.columns}, source=f"Perjanjian Kinerja Tahun {inp.year}")
    pk, sub = inp.tables.get(catalogue.ANGGARAN_PK), inp.tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    if pk is None or pk.empty or sub is None or sub.empty:
        section.placeholder("Belum ada data anggaran program dalam dokumen Perjanjian Kinerja (anggaran_pk).")
        return section
    tree = anggaran.budget_tree(sub, with_sasaran=False)
    table, notes = pk_budget_table(pk, tree)
    section.paragraph("Anggaran program yang dirujuk setiap dokumen Perjanjian Kinerja, di samping anggaran "
                      "yang sama menurut realisasi anggaran per sub kegiatan (dijumlahkan per program, "
                      "kegiatan atau sub kegiatan).")
    money = {c: "rupiah" for c in table.columns if c.endswith("(Rp)")}
    section.table("lampiran_pk_anggaran", f"Anggaran Program dalam Perjanjian Kinerja Tahun {inp.year}", table,
                  {"Dokumen": "text", "Uraian": "text", **money},
                  source="Dokumen Perubahan Perjanjian Kinerja; realisasi anggaran per sub kegiatan")
    if notes:
        section.note("Angka dalam dokumen Perjanjian Kinerja berbeda dengan hasil hitung ulang: " + " ".join(notes))
    dokumen.add_pk_documents(section, inp.tables, shown, inp.year, inp.profile)
    return section


# -- Kata Pengantar and the other Lampiran (pipeline.analysis.dokumen) --------------------------------

def build_kata_pengantar(inp: PlanInputs) -> Section:
    return dokumen.build_kata_pengantar(inp.agency, inp.profile, inp.narrative, inp.year,
                                        renstra_years(inp.tables))


def build_lampiran_rkt(inp: PlanInputs) -> Section:
    return dokumen.build_rkt(inp.agency, inp.profile, inp.narrative, inp.tables, inp.year)


def build_lampiran_sk_iku(inp: PlanInputs) -> Section:
    return dokumen.build_sk_iku(inp.agency, inp.profile, inp.tables)


def build_lampiran_formulir(inp: PlanInputs) -> Section:
    return dokumen.build_formulir(inp.agency, inp.profile, inp.narrative, inp.tables, inp.evaluation,
                                  budget_totals(inp), inp.year)


def build_lampiran_reviu(inp: PlanInputs) -> Section:
    return dokumen.build_reviu(inp.agency, inp.narrative, inp.year)


def build_prestasi(inp: PlanInputs) -> Section:
    """3.4 Prestasi dan Penghargaan: the awards the analyst lists in the narrative."""
    section = Section("prestasi", "Prestasi dan Penghargaan")
    items = (inp.narrative or {}).get("prestasi")
    if items:
        section.paragraph(f"Pada tahun {inp.year} Dinas memperoleh {len(items)} penghargaan:")
        section.bullets([str(i) for i in items])
    else:
        section.paragraph(f"Tidak ada prestasi atau penghargaan yang dicatat untuk tahun {inp.year} "
                          f"(data/raw/{inp.year}/narasi.yml, bagian prestasi).")
    return section
