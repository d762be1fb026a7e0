"""Published figures against their recomputation: the ``perbandingan`` table.

Every row compares one figure the agency published with the value the pipeline computes
from the raw data:

    id, tabel, lokasi          where the figure was published
    besaran, objek, tahun      what it is (controlled vocabulary of angka_dipublikasikan)
    dilaporkan_teks            the text exactly as published ("184,62%", "Sangat Baik", "ya")
    dilaporkan                 that text read as a number (NaN when it cannot be read)
    desimal                    decimals it was published with
    dihitung                   the recomputed value (unrounded; NaN when not recomputable)
    dihitung_dibulatkan        dihitung rounded half-up to ``desimal`` — what the agency should
                               have printed
    dilaporkan_kata, dihitung_kata   the same for text figures (kriteria, ya/tidak)
    cara_hitung                how dihitung was obtained, in words
    cocok                      True/False, NA when nothing was recomputed

Matching is by rounding: "6%" matches 5,9869 (rounds to 6) but "184,62%" does not match 184,21.
The registry :data:`RECOMPUTE` maps each ``besaran`` to a function; a figure whose besaran has
no function, or whose data the pipeline does not have (e.g. the AKIP grade, which only the
Inspektorat knows), is listed with ``cocok`` NA rather than silently dropped.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.inputs.idnum import decimals_of, fmt_int, lenient_number, round_half_up
from pipeline.measure import engine, indicators, sources
from pipeline.validate.checks import norm_name

COLUMNS = ["id", "tabel", "lokasi", "besaran", "objek", "tahun", "dilaporkan_teks", "dilaporkan",
           "desimal", "dihitung", "dihitung_dibulatkan", "dilaporkan_kata", "dihitung_kata",
           "cara_hitung", "cocok"]

TEXT_BESARAN = {"kriteria", "memenuhi_standar_nasional"}


@dataclass
class Context:
    """What recompute functions may read: the processed tables and the per-indikator evaluation."""

    tables: dict
    year: int
    _evaluation: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def evaluation(self) -> pd.DataFrame:
        if self._evaluation is None:
            self._evaluation = indicators.evaluate(self.tables, self.year)
        return self._evaluation

    def indicator(self, objek: str) -> pd.Series | None:
        """The indikator a figure's objek names ('indikator:1.2'; 'sasaran:1' = its first)."""
        return indicators.for_objek(self.evaluation, objek)

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    @property
    def sub(self) -> pd.DataFrame:
        sub = self.tables["anggaran_subkegiatan"].copy()
        sub["_urusan"] = sub["urusan"].map(norm_name)
        return sub


Result = tuple  # (value, cara_hitung) or None


def _sasaran(objek: str) -> int | None:
    if str(objek).startswith("sasaran:"):
        return int(str(objek).split(":", 1)[1])
    return None


def _budget_members(ctx: Context, objek: str) -> tuple[pd.DataFrame, str] | None:
    sub = ctx.sub
    if objek == "total":
        return sub, "seluruh sub-kegiatan"
    sid = _sasaran(objek)
    if sid is not None:
        return sub[sub["sasaran_id"] == sid], f"sub-kegiatan sasaran {sid}"
    if str(objek).startswith("urusan:"):
        key = norm_name(str(objek).split(":", 1)[1].replace("_", " "))
        return sub[sub["_urusan"] == key], f"sub-kegiatan urusan {key}"
    return None


def _budget(column: str):
    def compute(ctx: Context, row) -> Result:
        found = _budget_members(ctx, row["objek"])
        if found is None or found[0].empty:
            return None
        members, label = found
        pagu, real = float(members["pagu"].sum()), float(members["realisasi"].sum())
        value = {"pagu": pagu, "realisasi": real, "serapan": engine.serapan(pagu, real),
                 "efisiensi": engine.efisiensi(pagu, real)}[column]
        how = {"pagu": f"jumlah pagu {len(members)} {label} (anggaran_subkegiatan)",
               "realisasi": f"jumlah realisasi {len(members)} {label} (anggaran_subkegiatan)",
               "serapan": f"realisasi / pagu × 100 atas {len(members)} {label}",
               "efisiensi": f"100 − realisasi / pagu × 100 atas {len(members)} {label}"}[column]
        return value, how
    return compute


def _count(level: str):
    def compute(ctx: Context, row) -> Result:
        found = _budget_members(ctx, row["objek"])
        if found is None or found[0].empty:
            return None
        members, label = found
        cols = {"program": ["program"], "kegiatan": ["program", "kegiatan"],
                "subkegiatan": ["program", "kegiatan", "sub_kegiatan"]}[level]
        keys = members[cols].apply(lambda r: tuple(norm_name(v) for v in r), axis=1)
        return float(keys.nunique()), f"banyaknya {level.replace('sub', 'sub-')} berbeda pada {label}"
    return compute


def _band(low: float, high: float):
    def compute(ctx: Context, row) -> Result:
        found = _budget_members(ctx, row["objek"])
        if found is None or found[0].empty:
            return None
        members, label = found
        serapan = members["realisasi"] / members["pagu"] * 100
        n = int(((serapan >= low) & (serapan < high)).sum())
        upper = "" if math.isinf(high) else f" dan < {high:g}%"
        return float(n), f"banyaknya {label} dengan serapan ≥ {low:g}%{upper}"
    return compute


def _indicator(column: str, how: str):
    def compute(ctx: Context, row) -> Result:
        ev = ctx.indicator(row["objek"])
        if ev is None:
            return None
        tahun = int(row["tahun"])
        if column == "realisasi" and tahun != ctx.year:
            return _realisasi_other_year(ctx, ev, tahun)
        if column != "target_akhir_renstra" and tahun != ctx.year:
            return None
        value = ev[column]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        if column == "realisasi" and not sources.get(str(ev["sumber_realisasi"])).computed:
            return None  # nothing to recompute: the figure itself is the only source
        return value, how.format(**{k: ev[k] for k in ("realisasi_cara",) if k in ev})
    return compute


def _realisasi_other_year(ctx: Context, ev: pd.Series, tahun: int) -> Result:
    if not sources.get(str(ev["sumber_realisasi"])).computed:
        return None
    try:
        value, how = indicators.realisasi_from_data(ctx.tables, str(ev["sumber_realisasi"]), tahun,
                                                    str(ev["indikator_id"]))
    except (engine.EngineError, KeyError):
        return None
    return (value, how) if value is not None else None


def _kriteria(ctx: Context, row) -> Result:
    ev = ctx.indicator(row["objek"])
    if ev is None or int(row["tahun"]) != ctx.year:
        return None
    return ev["kriteria"], f"skala Tabel 3.1 atas capaian hitung ulang {ev['capaian']:.4f}".replace(".", ",")


def show(value) -> str:
    from pipeline.validate.findings import show as _show

    return _show(value)


def _memenuhi(ctx: Context, row) -> Result:
    ev = ctx.indicator(row["objek"])
    if ev is None:
        return None
    if ev["memenuhi_standar"] is None or pd.isna(ev["memenuhi_standar"]):
        return None
    return ("ya" if bool(ev["memenuhi_standar"]) else "tidak",
            f"realisasi {show(ev['realisasi'])} dibandingkan standar nasional {show(ev['standar_nasional'])} "
            f"(polaritas {ev['polaritas']})")


def _standar(ctx: Context, row) -> Result:
    ev = ctx.indicator(row["objek"])
    if ev is None:
        return None
    value = ev["standar_nasional_dihitung"]
    if value is None or pd.isna(value):
        return None
    source = sources.get(str(ev["sumber_realisasi"]))
    return float(value), (f"{source.rumus.format(n=int(row['tahun']))} dari data ketenagakerjaan nasional "
                          f"({sources.region_name(ctx.tables, sources.NASIONAL)}, BPS)")


def _puk_growth(ctx: Context, row) -> Result:
    tahun = int(row["tahun"])
    now = sources.labour_value(ctx.tables, sources.WILAYAH, tahun, "penduduk_usia_kerja")
    before = sources.labour_value(ctx.tables, sources.WILAYAH, tahun - 1, "penduduk_usia_kerja")
    if now is None or before is None:
        return None
    return engine.growth(now, before), f"(PUK {tahun} − PUK {tahun - 1}) / PUK {tahun - 1} × 100 (BPS)"


def _sum_of(table: str, value_col: str, how: str, where=None):
    def compute(ctx: Context, row) -> Result:
        df = ctx.table(table)
        if df is None or value_col not in df:
            return None
        if where is not None:
            df = df[where(df, row)]
        return float(pd.to_numeric(df[value_col]).fillna(0).sum()), how
    return compute


def _training_funding(apbd: bool):
    def compute(ctx: Context, row) -> Result:
        df = ctx.table("pelatihan")
        if df is None:
            return None
        is_city = df["sumber_dana"].astype(str).str.casefold().str.startswith("apbd kota")
        chosen = df[is_city if apbd else ~is_city]
        label = "APBD Kota" if apbd else "selain APBD Kota (APBD Provinsi, APBN)"
        return float(chosen["peserta"].sum()), f"jumlah peserta pelatihan bersumber dana {label} (pelatihan)"
    return compute


def _halal(ctx: Context, row) -> Result:
    df = ctx.table("fasilitasi_halal")
    if df is None:
        return None
    objek = str(row["objek"])
    if objek.startswith("halal:"):
        key = norm_name(objek.split(":", 1)[1].replace("_", " "))
        df = df[df["mekanisme"].map(norm_name) == key]
        return float(len(df)), f"banyaknya baris daftar sertifikat halal mekanisme {key}"
    return float(len(df)), "banyaknya baris daftar sertifikat halal (semua mekanisme)"


def _ikm(column: str, factor: float = 1.0):
    def compute(ctx: Context, row) -> Result:
        df = ctx.table("ikm_agregat")
        if df is None or column not in df:
            return None
        hit = df[df["tahun"] == int(row["tahun"])]
        if hit.empty or pd.isna(hit[column].iloc[0]):
            return None
        source = hit["sumber"].iloc[0] if "sumber" in hit else "ikm_agregat"
        return float(hit[column].iloc[0]) * factor, f"{column} tahun {int(row['tahun'])} dari {source}"
    return compute


RECOMPUTE = {
    "realisasi": _indicator("realisasi", "{realisasi_cara}"),
    "capaian": _indicator("capaian", "realisasi hitung ulang / target × 100 (sesuai polaritas)"),
    "kriteria": _kriteria,
    "capaian_akhir_renstra": _indicator("capaian_akhir_renstra",
                                        "realisasi hitung ulang / target akhir Renstra × 100"),
    "target_akhir_renstra": _indicator("target_akhir_renstra", "target akhir Renstra (target_renstra)"),
    "memenuhi_standar_nasional": _memenuhi,
    "standar_nasional": _standar,
    "pagu": _budget("pagu"),
    "realisasi_anggaran": _budget("realisasi"),
    "serapan": _budget("serapan"),
    "efisiensi": _budget("efisiensi"),
    "jumlah_program": _count("program"),
    "jumlah_kegiatan": _count("kegiatan"),
    "jumlah_subkegiatan": _count("subkegiatan"),
    "jumlah_subkegiatan_serapan_ge90": _band(90, math.inf),
    "jumlah_subkegiatan_serapan_80_90": _band(80, 90),
    "pertumbuhan_penduduk_usia_kerja": _puk_growth,
    "jumlah_pencari_kerja": _sum_of("pencari_kerja", "jumlah", "jumlah pencari kerja L + P semua pendidikan"),
    "jumlah_penempatan": _sum_of("penempatan", "jumlah", "jumlah penempatan L + P semua pendidikan"),
    "peserta_pelatihan_apbd": _training_funding(True),
    "peserta_pelatihan_non_apbd": _training_funding(False),
    "jumlah_fasilitasi_halal": _halal,
    "ikm_unit_usaha": _ikm("unit_usaha"),
    "ikm_mikro": _ikm("mikro"),
    "ikm_kecil": _ikm("kecil"),
    "ikm_menengah": _ikm("menengah"),
    "ikm_tenaga_kerja": _ikm("tenaga_kerja"),
    "ikm_investasi_rp": _ikm("investasi_ribu_rp", 1000.0),
    "ikm_nilai_produksi_rp": _ikm("nilai_produksi_ribu_rp", 1000.0),
}


# -- the match rule, the display of a recomputed value, budget-name matching ------------------
def rounds_to(published: float, decimals, computed: float) -> bool:
    """THE rule for "does the published figure match": the recomputed value, rounded half-up
    to the decimals the figure was written with (2 when unknown), equals it. The guard against
    float noise keeps 112,125 (89,70 / 80 × 100) rounding to 112,13 as it was published."""
    d = 2 if decimals is None or (isinstance(decimals, float) and math.isnan(decimals)) or decimals is pd.NA \
        else int(decimals)
    return round_half_up(round(float(computed), 9), d) == round_half_up(float(published), d)


def shown_recomputed(row) -> str:
    """How a comparison's recomputed value is written in the report: the word for text figures,
    else the number rounded like the published one, '–' when nothing was recomputed."""
    from pipeline.inputs.idnum import fmt_number

    word = row.get("dihitung_kata")
    if isinstance(word, str) and word.strip():
        return word
    value = row.get("dihitung")
    if value is None or pd.isna(value):
        return "–"
    decimals = row.get("desimal")
    return fmt_number(value, 2 if decimals is None or pd.isna(decimals) else int(decimals))


_LEVEL_PREFIX = re.compile(r"^(program|sub kegiatan|kegiatan)\s+")
BUDGET_LEVELS = ("program", "kegiatan", "sub_kegiatan")


def normalise_budget_name(name) -> str:
    """Lower case, no level prefix, punctuation as spaces: names as the documents spell them."""
    text = "" if name is None or (not isinstance(name, str) and pd.isna(name)) else str(name)
    return _LEVEL_PREFIX.sub("", re.sub(r"[^a-z0-9]+", " ", text.lower()).strip())


def budget_candidates(sub: pd.DataFrame) -> pd.DataFrame:
    """Every program, kegiatan and sub-kegiatan name of the budget tree with its summed pagu
    (columns tingkat, uraian, pagu), in the tree's order."""
    rows = []
    for level in BUDGET_LEVELS:
        for name, part in sub.groupby(level, sort=False):
            rows.append({"tingkat": level, "uraian": name, "pagu": float(part["pagu"].sum())})
    return pd.DataFrame(rows, columns=["tingkat", "uraian", "pagu"])


def match_budget(name: str, candidates: pd.DataFrame) -> pd.Series | None:
    """The program, kegiatan or sub-kegiatan (a row of ``candidates``: tingkat, uraian, pagu)
    a Perjanjian Kinerja line means by ``name``; the one place that decides it.

    Exact match of the normalised names first (spacing ignored: "sumberdaya" = "sumber daya"),
    then a prefix match either way (the PK shortens "Pengendalian Izin Usaha Industri
    Kabupaten/Kota"), each only when the hits agree on the pagu; then a unique close spelling
    (≥ 0,9 similar).
    """
    key = normalise_budget_name(name).replace(" ", "")
    if not key:
        return None
    rows = candidates[candidates["tingkat"].isin(BUDGET_LEVELS)]
    names = rows["uraian"].map(lambda n: normalise_budget_name(n).replace(" ", ""))
    for test in (lambda n: n == key, lambda n: bool(n) and (n.startswith(key) or key.startswith(n))):
        hit = rows[names.map(test)]
        if not hit.empty and hit["pagu"].nunique() == 1:
            return hit.iloc[0]
    scores = names.map(lambda n: difflib.SequenceMatcher(None, n, key).ratio())
    if len(scores) and scores.max() >= 0.9 and (scores == scores.max()).sum() == 1:
        return rows.loc[scores.idxmax()]
    return None


# -- rows --------------------------------------------------------------------------------
def make_row(*, id, tabel, lokasi, besaran, objek, tahun, teks, dihitung, cara, desimal=None) -> dict:
    """One comparison; decides ``cocok`` by rounding the recomputed value like the published one."""
    teks = "" if teks is None or (isinstance(teks, float) and math.isnan(teks)) else str(teks).strip()
    row = dict.fromkeys(COLUMNS)
    row.update(id=id, tabel=tabel, lokasi=lokasi, besaran=besaran, objek=objek, tahun=tahun,
               dilaporkan_teks=teks, cara_hitung=cara or "tidak dapat dihitung ulang dari data")
    if not teks:
        # A blank cell publishes nothing (e.g. this year's realisasi in the history table before
        # the LKjIP is out): there is no claim to compare.
        row["cocok"] = pd.NA
        return row
    # Grades ("A") and words ("Sangat Baik", "ya") compare as text; anything with a digit is a
    # number, even when it cannot be read ("1.024.07 %" is reported as unreadable).
    if besaran in TEXT_BESARAN or isinstance(dihitung, str) or (teks and not any(c.isdigit() for c in teks)):
        row["dilaporkan_kata"] = teks.casefold() or None
        row["dihitung_kata"] = str(dihitung).casefold() if dihitung is not None else None
        row["cocok"] = (row["dilaporkan_kata"] == row["dihitung_kata"]) if dihitung is not None else pd.NA
        return row
    value = lenient_number(teks)
    row["dilaporkan"] = value
    dec = desimal if desimal is not None and not pd.isna(desimal) else decimals_of(teks)
    row["desimal"] = int(dec) if dec is not None and not math.isnan(value) else pd.NA
    if dihitung is None or (isinstance(dihitung, float) and math.isnan(dihitung)):
        row["cocok"] = pd.NA
        return row
    row["dihitung"] = float(dihitung)
    row["dihitung_dibulatkan"] = float(round_half_up(round(float(dihitung), 9), int(dec or 0)))
    row["cocok"] = bool(not math.isnan(value) and rounds_to(value, int(dec or 0), float(dihitung)))
    return row


def from_published(ctx: Context) -> list[dict]:
    """One row per angka_dipublikasikan figure, recomputed by the registry."""
    pub = ctx.table("angka_dipublikasikan")
    rows = []
    if pub is None:
        return rows
    for _, p in pub.iterrows():
        besaran = str(p["besaran"]).strip()
        fn = RECOMPUTE.get(besaran)
        result = fn(ctx, p) if fn else None
        value, how = result if result else (None, None if fn else f"besaran '{besaran}' belum punya cara hitung ulang")
        rows.append(make_row(id=p["id"], tabel=p["tabel"], lokasi=p["lokasi"], besaran=besaran,
                             objek=p["objek"], tahun=int(p["tahun"]), teks=p["nilai"], dihitung=value,
                             cara=how, desimal=p.get("desimal")))
    return rows


def from_program_indicators(ctx: Context) -> list[dict]:
    """Tabel 3.26's % column against realisasi / target × 100 of the same row."""
    df = ctx.table("indikator_program")
    rows = []
    if df is None:
        return rows
    for _, r in df.iterrows():
        target, real = r.get("target"), r.get("realisasi")
        ok = all(v is not None and not pd.isna(v) for v in (target, real)) and float(target) > 0
        rows.append(make_row(
            id=f"tabel_3_26_baris_{int(r['sumber_baris'])}", tabel="Tabel 3.26",
            lokasi=f"indikator_program.csv baris {int(r['sumber_baris'])}: {r['nama']} — {r['indikator']}",
            besaran="capaian_indikator_program", objek=f"sasaran:{r['sasaran_id']}", tahun=ctx.year,
            teks=r["persen_teks"],
            dihitung=float(real) / float(target) * 100 if ok else None,
            cara=(f"realisasi {r['realisasi_teks']} / target {r['target_teks']} × 100" if ok else None)))
    return rows


def from_annual_history(ctx: Context, published_rows: list[dict]) -> list[dict]:
    """Earlier years' realisasi (Tabel 3.4/3.11/3.20) that the data can recompute, unless
    angka_dipublikasikan already lists the same figure."""
    df = ctx.table("capaian_tahunan")
    rows = []
    if df is None:
        return rows
    seen = {(r["besaran"], r["objek"], r["tahun"], r["tabel"]) for r in published_rows}
    for _, r in df.iterrows():
        iid, tahun = str(r["indikator_id"]), int(r["tahun"])
        ev = ctx.indicator(f"indikator:{iid}")
        # A sasaran's first indikator is also published as 'sasaran:<id>' (one-indicator sasaran).
        objek = f"sasaran:{int(r['sasaran_id'])}" if ev is not None and int(ev["urutan"]) == 1 else f"indikator:{iid}"
        if ("realisasi", objek, tahun, r["tabel"]) in seen:
            continue
        result = _indicator("realisasi", "{realisasi_cara}")(ctx, {"objek": objek, "tahun": tahun})
        value, how = result if result else (None, None)
        label = r["sasaran_id"] if objek.startswith("sasaran:") else iid
        rows.append(make_row(id=f"capaian_tahunan_{label}_{tahun}", tabel=r["tabel"],
                             lokasi=f"capaian_kinerja_tahunan.csv, indikator {iid} tahun {tahun}",
                             besaran="realisasi", objek=objek, tahun=tahun, teks=r["realisasi_teks"],
                             dihitung=value, cara=how))
    return rows


def from_budget_percent(ctx: Context) -> list[dict]:
    """Every published % of the budget tables against realisasi / pagu × 100 of its own row."""
    rows = []
    sub = ctx.table("anggaran_subkegiatan")
    if sub is not None:
        for _, r in sub.iterrows():
            rows.append(make_row(
                id=f"anggaran_subkegiatan_baris_{int(r['sumber_baris'])}", tabel="Tabel 2.6",
                lokasi=f"anggaran_subkegiatan.csv baris {int(r['sumber_baris'])}: {r['sub_kegiatan']}",
                besaran="serapan", objek=f"subkegiatan:{int(r['sumber_baris'])}", tahun=ctx.year,
                teks=r["persen_teks"], dihitung=engine.serapan(r["pagu"], r["realisasi"]),
                cara="realisasi / pagu × 100 baris yang sama"))
    rekap = ctx.table("anggaran_rekap_dilaporkan")
    if rekap is not None:
        for _, r in rekap.iterrows():
            if pd.isna(r["pagu"]) or pd.isna(r["realisasi"]) or not r["pagu"]:
                continue
            rows.append(make_row(
                id=f"anggaran_rekap_baris_{int(r['sumber_baris'])}", tabel=r["tabel"],
                lokasi=f"anggaran_rekap.csv baris {int(r['sumber_baris'])} ({r['tingkat']})",
                besaran="serapan", objek=f"rekap:{r['tingkat']}", tahun=ctx.year, teks=r["persen_teks"],
                dihitung=engine.serapan(r["pagu"], r["realisasi"]),
                cara="realisasi / pagu × 100 dari angka yang dipublikasikan pada baris yang sama"))
    return rows


def from_labour_rates(ctx: Context) -> list[dict]:
    """Published TPAK / TPT against the rates computed from the counts."""
    ket = ctx.table("ketenagakerjaan")
    rows = []
    if ket is None:
        return rows
    for (wilayah, tahun), grp in ket.groupby(["wilayah", "tahun"], sort=True):
        values = dict(zip(grp["variabel"], grp["nilai"]))
        src = {v: r for v, r in zip(grp["variabel"], grp.to_dict("records"))}
        for published, computed, label in (("tpak_dilaporkan", "tpak", "TPAK = AK / PUK × 100"),
                                           ("tpt_dilaporkan", "tpt", "TPT = Penganggur / AK × 100")):
            if published not in values or computed not in values:
                continue
            s = src[published]
            teks = s.get("nilai_teks") if "nilai_teks" in s and pd.notna(s.get("nilai_teks")) else None
            dec = decimals_of(teks) if teks else 2
            rows.append(make_row(
                id=f"{computed}_{norm_name(wilayah).replace(' ', '_')}_{int(tahun)}",
                tabel=str(s.get("sumber_file", "ketenagakerjaan")),
                lokasi=f"{s.get('sumber_file')} baris {s.get('sumber_baris')}, kolom '{s.get('sumber_kolom')}'",
                besaran=computed, objek=f"wilayah:{wilayah}", tahun=int(tahun),
                teks=teks if teks else f"{values[published]:.{dec}f}".replace(".", ","),
                dihitung=values[computed], cara=label + " (BPS)", desimal=dec))
    return rows


def from_pk_budgets(ctx: Context) -> list[dict]:
    """Perjanjian Kinerja documents: each program budget against the budget tree, each TOTAL
    against the sum of its document's rows."""
    pk, sub = ctx.table("anggaran_pk"), ctx.table("anggaran_subkegiatan")
    rows = []
    if pk is None or sub is None:
        return rows
    candidates = budget_candidates(sub)
    for _, r in pk.iterrows():
        if pd.isna(r["anggaran"]):
            continue
        dokumen = r["dokumen"]
        where = f"anggaran_pk.csv baris {int(r['sumber_baris'])} ({dokumen})"
        teks = fmt_int(r["anggaran"])
        if bool(r["is_total"]):
            parts = pk[(pk["dokumen"] == dokumen) & (~pk["is_total"].astype(bool))]
            rows.append(make_row(id=f"anggaran_pk_baris_{int(r['sumber_baris'])}", tabel="Perjanjian Kinerja",
                                 lokasi=where + ", TOTAL", besaran="pagu", objek=f"pk:{dokumen}",
                                 tahun=ctx.year, teks=teks, desimal=0,
                                 dihitung=float(parts["anggaran"].fillna(0).sum()),
                                 cara=f"jumlah {len(parts)} baris program dokumen yang sama"))
            continue
        hit = match_budget(r["program"], candidates)
        rows.append(make_row(id=f"anggaran_pk_baris_{int(r['sumber_baris'])}", tabel="Perjanjian Kinerja",
                             lokasi=f"{where}: {r['program']}", besaran="pagu", objek=f"pk:{dokumen}",
                             tahun=ctx.year, teks=teks, desimal=0,
                             dihitung=None if hit is None else float(hit["pagu"]),
                             cara=(f"jumlah pagu sub-kegiatan {hit['tingkat'].replace('_', ' ')} '{hit['uraian']}' "
                                   f"(anggaran_subkegiatan)" if hit is not None
                                   else "nama tidak ditemukan dalam pohon anggaran "
                                        "(anggaran_subkegiatan): tidak dibandingkan")))
    return rows


def from_breakdown_totals(ctx: Context) -> list[dict]:
    """The placement table's stated totals (a published claim: its Jumlah column adds up to 100
    while its total says 101) against its L/P cells, and its Jumlah column against its total."""
    from pipeline.validate.checks import stated_vs_cells

    cells, stated = ctx.table("penempatan"), ctx.table("penempatan_dilaporkan")
    if cells is None or stated is None:
        return []
    raw = f"data/raw/{ctx.year}/penempatan_tenaga_kerja.csv"
    checked = stated_vs_cells(cells, stated, "pendidikan", raw, "total_penempatan")
    rows = [make_row(id=f"penempatan_{norm_name(c['kunci']).replace(' ', '_')}",
                     tabel="Penempatan Tenaga Kerja Menurut Pendidikan", lokasi=c["lokasi"],
                     besaran="jumlah_penempatan", objek=f"sel:{c['kunci']}", tahun=ctx.year,
                     teks=str(int(c["kiri"])), desimal=0, dihitung=c["kanan"], cara=c["kanan_teks"])
            for c in checked.to_dict("records")]
    column = stated[(~stated["is_total"].astype(bool)) & (stated["jenis_kelamin"] == "L+P")]
    total = stated[(stated["is_total"].astype(bool)) & (stated["jenis_kelamin"] == "L+P")]
    if not total.empty and pd.notna(total.iloc[0]["jumlah_dilaporkan"]):  # blank: derived, not published
        t = total.iloc[0]
        rows.append(make_row(id="penempatan_kolom_jumlah", tabel="Penempatan Tenaga Kerja Menurut Pendidikan",
                             lokasi=f"{raw} baris {int(t['sumber_baris'])}, kolom '{t['sumber_kolom']}'",
                             besaran="jumlah_penempatan", objek="kolom:Jumlah", tahun=ctx.year,
                             teks=fmt_int(t["jumlah_dilaporkan"]), desimal=0,
                             dihitung=float(column["jumlah_dilaporkan"].fillna(0).sum()),
                             cara=f"jumlah kolom Jumlah yang dipublikasikan ({len(column)} baris pendidikan)"))
    return rows


BUILDERS = (from_program_indicators, from_budget_percent, from_labour_rates, from_pk_budgets,
            from_breakdown_totals)


def perbandingan(tables: dict, year: int) -> pd.DataFrame:
    """The full comparison table for a year (published figures and the published derived
    columns of input tables), one row per figure."""
    ctx = Context(tables, year)
    rows = from_published(ctx)
    rows += from_annual_history(ctx, rows)
    for builder in BUILDERS:
        rows += builder(ctx)
    df = pd.DataFrame(rows, columns=COLUMNS)
    # A blank published cell (a derived column the new-year template leaves to the pipeline)
    # claims nothing: there is nothing to compare.
    df = df[df["dilaporkan_teks"].fillna("").astype(str).str.strip() != ""].reset_index(drop=True)
    for col in ("dilaporkan", "dihitung", "dihitung_dibulatkan"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    df["desimal"] = df["desimal"].astype("Int64")
    df["cocok"] = df["cocok"].astype("boolean")
    return df


def numeric_part(df: pd.DataFrame) -> pd.DataFrame:
    """Rows compared as numbers (the text figures have their own columns). A blank published
    cell (this year's realisasi before the LKjIP is out) is no claim and is left out."""
    published = df["dilaporkan_teks"].fillna("").astype(str).str.strip() != ""
    return df[df["dilaporkan_kata"].isna() & published].reset_index(drop=True)


def text_part(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["dilaporkan_kata"].notna()].reset_index(drop=True)
