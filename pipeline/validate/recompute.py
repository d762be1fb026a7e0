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
    penulisan                  True when the published text is the recomputed figure written in
                               the other notation ('8,500%' for 8.500%): :func:`notation_slip`
    sebab                      ids ('; ') of the comparisons whose error this one repeats (a
                               TOTAL short because one of its lines is): one error, one finding
    penjelasan                 which figure is wrong and why, when the data can tell (a PK line
                               short by exactly one sub kegiatan's pagu names it)

Matching is by rounding: "6%" matches 5,9869 (rounds to 6) but "184,62%" does not match 184,21.
The registry :data:`RECOMPUTE` maps each ``besaran`` to a function; a figure whose besaran has
no function, or whose data the pipeline does not have (e.g. the AKIP grade, which only the
Inspektorat knows), is listed with ``cocok`` NA rather than silently dropped.
"""

from __future__ import annotations

import csv
import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.inputs import catalogue, reads
from pipeline.inputs.idnum import (
    decimals_of,
    fmt_int,
    fmt_rupiah,
    is_absent,
    lenient_number,
    round_half_up,
)
from pipeline.measure import budget as budget_measure
from pipeline.measure import engine, indicators, sources
from pipeline.sections.safecells import restore, write_csv
from pipeline.validate import narasi_check
from pipeline.validate.checks import norm_name

COLUMNS = ["id", "tabel", "lokasi", "besaran", "objek", "tahun", "dilaporkan_teks", "dilaporkan",
           "desimal", "dihitung", "dihitung_dibulatkan", "dilaporkan_kata", "dihitung_kata",
           "cara_hitung", "cocok", "penulisan", "sebab", "penjelasan"]

TEXT_BESARAN = {"kriteria", "memenuhi_standar_nasional"}


@dataclass
class Context:
    """What recompute functions may read: the processed tables and the per-indikator evaluation."""

    tables: dict
    year: int
    _evaluation: pd.DataFrame | None = field(default=None, repr=False)
    _found: dict = field(default_factory=dict, repr=False)

    @property
    def evaluation(self) -> pd.DataFrame:
        if self._evaluation is None:
            self._evaluation = indicators.evaluate(self.tables, self.year)
        return self._evaluation

    def once(self, key: tuple, find):
        """``find()``, called once per ``key``: many figures name the same objek (a sasaran's
        realisasi is published in several tables). What it returns is shared: read it only."""
        if key not in self._found:
            self._found[key] = find()
        return self._found[key]

    def indicator(self, objek: str) -> pd.Series | None:
        """The indikator a figure's objek names ('indikator:1.2'; 'sasaran:1' = its first)."""
        return self.once(("indikator", objek), lambda: indicators.for_objek(self.evaluation, objek))

    def table(self, name: str) -> pd.DataFrame | None:
        return self.tables.get(name)

    @property
    def sub(self) -> pd.DataFrame:
        def with_urusan():
            sub = self.tables[catalogue.ANGGARAN_SUBKEGIATAN].copy()
            sub["_urusan"] = sub["urusan"].map(norm_name)
            return sub
        return self.once(("sub",), with_urusan)


Result = tuple  # (value, cara_hitung) or None


def _sasaran(objek: str) -> int | None:
    if str(objek).startswith("sasaran:"):
        return int(str(objek).split(":", 1)[1])
    return None


def _budget_members(ctx: Context, objek: str) -> tuple[pd.DataFrame, str] | None:
    return ctx.once(("anggaran", objek), lambda: _find_budget_members(ctx, objek))


def _find_budget_members(ctx: Context, objek: str) -> tuple[pd.DataFrame, str] | None:
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
        value = {"pagu": pagu, "realisasi": real, "serapan": budget_measure.serapan_rate(pagu, real),
                 "efisiensi": budget_measure.efisiensi_rate(pagu, real)}[column]
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
        keys = {tuple(norm_name(v) for v in r) for r in members[cols].itertuples(index=False)}
        return float(len(keys)), f"banyaknya {level.replace('sub', 'sub-')} berbeda pada {label}"
    return compute


def _band(low: float, high: float):
    def compute(ctx: Context, row) -> Result:
        found = _budget_members(ctx, row["objek"])
        if found is None or found[0].empty:
            return None
        members, label = found
        rate = budget_measure.serapan(members)
        n = int(((rate >= low) & (rate < high)).fillna(False).sum())
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
        if is_absent(value):
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
    # the scale applied is the agency's declared one (skala_kriteria.csv), whatever its published number
    return ev["kriteria"], f"skala kriteria instansi atas capaian hitung ulang {ev['capaian']:.4f}".replace(".", ",")


def show(value) -> str:
    from pipeline.validate.findings import show as _show

    return _show(value)


def _memenuhi(ctx: Context, row) -> Result:
    """A published 'sudah mencapai target nasional' is judged against the national figure the
    data gives when it can be recomputed (an unsourced published basis is its own finding, on
    the standar_nasional row), else against the published standard."""
    ev = ctx.indicator(row["objek"])
    if ev is None:
        return None
    for meets, standard in (("memenuhi_standar_dihitung", "standar_nasional_dihitung"),
                            ("memenuhi_standar", "standar_nasional")):
        if not is_absent(ev.get(meets)):
            basis = "hitung ulang " if standard.endswith("dihitung") else ""
            return ("ya" if bool(ev[meets]) else "tidak",
                    f"realisasi {show(ev['realisasi'])} dibandingkan standar nasional {basis}"
                    f"{show(ev[standard])} (polaritas {ev['polaritas']})")
    return None


def _standar(ctx: Context, row) -> Result:
    ev = ctx.indicator(row["objek"])
    if ev is None:
        return None
    value = ev["standar_nasional_dihitung"]
    if is_absent(value):
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
        df = ctx.table(catalogue.PELATIHAN)
        if df is None:
            return None
        is_city = df["sumber_dana"].astype(str).str.casefold().str.startswith("apbd kota")
        chosen = df[is_city if apbd else ~is_city]
        label = "APBD Kota" if apbd else "selain APBD Kota (APBD Provinsi, APBN)"
        return float(chosen["peserta"].sum()), f"jumlah peserta pelatihan bersumber dana {label} (pelatihan)"
    return compute


def _halal(ctx: Context, row) -> Result:
    df = ctx.table(catalogue.FASILITASI_HALAL)
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
        df = ctx.table(catalogue.IKM_AGREGAT)
        if df is None or column not in df:
            return None
        hit = df[df["tahun"] == int(row["tahun"])]
        if hit.empty or pd.isna(hit[column].iloc[0]):
            return None
        source = hit["sumber"].iloc[0] if "sumber" in hit else catalogue.IKM_AGREGAT
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
    "jumlah_subkegiatan_serapan_ge90": _band(budget_measure.ABSORPTION_EDGES[1], math.inf),
    "jumlah_subkegiatan_serapan_80_90": _band(*budget_measure.ABSORPTION_EDGES),
    "pertumbuhan_penduduk_usia_kerja": _puk_growth,
    "jumlah_pencari_kerja": _sum_of(catalogue.PENCARI_KERJA, "jumlah", "jumlah pencari kerja L + P semua pendidikan"),
    "jumlah_penempatan": _sum_of(catalogue.PENEMPATAN, "jumlah", "jumlah penempatan L + P semua pendidikan"),
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
    d = 2 if is_absent(decimals) else int(decimals)
    return round_half_up(round(float(computed), 9), d) == round_half_up(float(published), d)


_ID_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})*(,\d+)?$|^-?\d+(,\d+)?$")


def _read_indonesian(core: str) -> tuple[float, int] | None:
    """'8.500' -> (8500, 0), '1.024,07' -> (1024.07, 2); None when not well-formed."""
    if not _ID_NUMBER.match(core):
        return None
    whole, _, frac = core.partition(",")
    return float(whole.replace(".", "") + ("." + frac if frac else "")), len(frac)


def notation_slip(text, computed) -> int | None:
    """THE rule for a notation slip ("penulisan angka"), used by every comparison: the published
    text is the recomputed figure written with the decimal and grouping marks swapped ('8,500%'
    for 8.500%, English notation), or with a grouping dot where the decimal comma belongs
    ('1.024.07 %' for 1.024,07%). Returns the decimals of the intended reading, None when the
    text is no such slip (then a difference is a real one)."""
    if text is None or is_absent(computed):
        return None
    core = re.sub(r"[^\d.,-]", "", str(text)).strip(".,")
    readings = [core.translate(str.maketrans(".,", ",."))]
    separators = [i for i, c in enumerate(core) if c in ".,"]
    if len(separators) >= 2:  # several marks: the last one is the decimal comma
        last = separators[-1]
        readings.append(core[:last].replace(",", ".") + "," + core[last + 1:])
    for reading in readings:
        read = _read_indonesian(reading)
        if read is not None and reading != core and rounds_to(read[0], read[1], float(computed)):
            return read[1]
    return None


def shown_recomputed(row) -> str:
    """How a comparison's recomputed value is written in the report: the word for text figures,
    else the number rounded like the published one, '–' when nothing was recomputed."""
    from pipeline.inputs.idnum import fmt_number

    word = row.get("dihitung_kata")
    if isinstance(word, str) and word.strip():
        return word
    value = row.get("dihitung")
    if is_absent(value):
        return "–"
    decimals = row.get("desimal")
    return fmt_number(value, 2 if is_absent(decimals) else int(decimals))


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
    a Perjanjian Kinerja line means by ``name``; the one place that decides it
    (:meth:`BudgetNames.match`, which matches many names against the same candidates).

    Exact match of the normalised names first (spacing ignored: "sumberdaya" = "sumber daya"),
    then a prefix match either way (the PK shortens "Pengendalian Izin Usaha Industri
    Kabupaten/Kota"), each only when the hits agree on the pagu; then a unique close spelling
    (≥ 0,9 similar).
    """
    return BudgetNames(candidates).match(name)


class BudgetNames:
    """The budget lines of ``candidates`` with their names normalised once, for
    :func:`match_budget`'s rule applied to many names (a name asked again is not matched again)."""

    def __init__(self, candidates: pd.DataFrame):
        self.rows = candidates[candidates["tingkat"].isin(BUDGET_LEVELS)]
        self.keys = [normalise_budget_name(n).replace(" ", "") for n in self.rows["uraian"]]
        self.pagu = list(self.rows["pagu"])
        self._found: dict[str, pd.Series | None] = {}

    def match(self, name: str) -> pd.Series | None:
        """:func:`match_budget` of ``name`` against these candidates."""
        key = normalise_budget_name(name).replace(" ", "")
        if not key:
            return None
        if key not in self._found:
            self._found[key] = self._match(key)
        return self._found[key]

    def _match(self, key: str) -> pd.Series | None:
        for test in (lambda n: n == key, lambda n: bool(n) and (n.startswith(key) or key.startswith(n))):
            hits = [i for i, n in enumerate(self.keys) if test(n)]
            # one pagu among the hits (a missing pagu does not count, as with pandas' nunique)
            if hits and len({self.pagu[i] for i in hits if not pd.isna(self.pagu[i])}) == 1:
                return self.rows.iloc[hits[0]]
        # SequenceMatcher keeps what it learnt of its second sequence: the name, compared with each.
        # A line whose upper bounds of the ratio are below 0,9 can be neither the match nor tied
        # with it: its ratio, which only decides below 0,9 (no match), is not computed.
        similar = difflib.SequenceMatcher(None, "", key)
        scores = []
        for n in self.keys:
            similar.set_seq1(n)
            close = similar.real_quick_ratio() >= 0.9 and similar.quick_ratio() >= 0.9
            scores.append(similar.ratio() if close else 0.0)
        best = max(scores, default=0.0)
        if best >= 0.9 and scores.count(best) == 1:
            return self.rows.loc[self.rows.index[scores.index(best)]]
        return None


# -- rows --------------------------------------------------------------------------------
def _row_key(tabel: str) -> str:
    """A table's citation as part of a row id ("Tabel 3.26" -> "tabel_3_26")."""
    return re.sub(r"[^a-z0-9]+", "_", tabel.lower()).strip("_")


def make_row(*, id, tabel, lokasi, besaran, objek, tahun, teks, dihitung, cara, desimal=None) -> dict:
    """One comparison; decides ``cocok`` by rounding the recomputed value like the published one."""
    teks = "" if is_absent(teks) else str(teks).strip()
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
    dec = desimal if not is_absent(desimal) else decimals_of(teks)
    row["desimal"] = int(dec) if dec is not None and not math.isnan(value) else pd.NA
    if is_absent(dihitung):
        row["cocok"] = pd.NA
        return row
    row["dihitung"] = float(dihitung)
    row["cocok"] = bool(not math.isnan(value) and rounds_to(value, int(dec or 0), float(dihitung)))
    slip = None if row["cocok"] else notation_slip(teks, float(dihitung))
    if slip is not None:  # shown like the figure the agency meant
        row["penulisan"], dec = True, slip
        row["desimal"] = dec if not math.isnan(value) else pd.NA
    row["dihitung_dibulatkan"] = float(round_half_up(round(float(dihitung), 9), int(dec or 0)))
    return row


def from_published(ctx: Context) -> list[dict]:
    """One row per angka_dipublikasikan figure, recomputed by the registry."""
    pub = ctx.table(catalogue.ANGKA_DIPUBLIKASIKAN)
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
    df = ctx.table(catalogue.INDIKATOR_PROGRAM)
    rows = []
    if df is None:
        return rows
    seen: dict[tuple, str] = {}
    for _, r in df.iterrows():
        target, real = r.get("target"), r.get("realisasi")
        value = engine.program_capaian(target, real)
        ok = not math.isnan(value)
        rows.append(make_row(
            id=f"{_row_key(r['tabel'])}_baris_{int(r['sumber_baris'])}", tabel=r["tabel"],
            lokasi=f"indikator_program.csv baris {int(r['sumber_baris'])}: {r['nama']} — {r['indikator']}",
            besaran="capaian_indikator_program", objek=f"sasaran:{r['sasaran_id']}", tahun=ctx.year,
            teks=r["persen_teks"],
            dihitung=value if ok else None,
            cara=(f"realisasi {r['realisasi_teks']} / target {r['target_teks']} × 100" if ok else None)))
        # A kegiatan row repeating its program's target, realisasi and wrong % is one error.
        row = rows[-1]
        key = (float(target), float(real), row["dilaporkan_teks"]) if ok else None
        if key is not None and row["cocok"] is False:
            if key in seen:
                row["sebab"] = seen[key]
            else:
                seen[key] = row["id"]
    return rows


def from_annual_history(ctx: Context, published_rows: list[dict]) -> list[dict]:
    """Earlier years' realisasi (Tabel 3.4/3.11/3.20) that the data can recompute, unless
    angka_dipublikasikan already lists the same figure."""
    df = ctx.table(catalogue.CAPAIAN_TAHUNAN)
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
    sub = ctx.table(catalogue.ANGGARAN_SUBKEGIATAN)
    if sub is not None:
        for _, r in sub.iterrows():
            rows.append(make_row(
                id=f"anggaran_subkegiatan_baris_{int(r['sumber_baris'])}", tabel=r["tabel"],
                lokasi=f"anggaran_subkegiatan.csv baris {int(r['sumber_baris'])}: {r['sub_kegiatan']}",
                besaran="serapan", objek=f"subkegiatan:{int(r['sumber_baris'])}", tahun=ctx.year,
                teks=r["persen_teks"], dihitung=budget_measure.serapan_rate(r["pagu"], r["realisasi"]),
                cara="realisasi / pagu × 100 baris yang sama"))
    rekap = ctx.table(catalogue.ANGGARAN_REKAP_DILAPORKAN)
    if rekap is not None:
        for _, r in rekap.iterrows():
            if pd.isna(r["pagu"]) or pd.isna(r["realisasi"]) or not r["pagu"]:
                continue
            rows.append(make_row(
                id=f"anggaran_rekap_baris_{int(r['sumber_baris'])}", tabel=r["tabel"],
                lokasi=f"anggaran_rekap.csv baris {int(r['sumber_baris'])} ({r['tingkat']})",
                besaran="serapan", objek=f"rekap:{r['tingkat']}", tahun=ctx.year, teks=r["persen_teks"],
                dihitung=budget_measure.serapan_rate(r["pagu"], r["realisasi"]),
                cara="realisasi / pagu × 100 dari angka yang dipublikasikan pada baris yang sama"))
    return rows


def from_labour_rates(ctx: Context) -> list[dict]:
    """Published TPAK / TPT against the rates computed from the counts."""
    ket = ctx.table(catalogue.KETENAGAKERJAAN)
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
                tabel=str(s.get("sumber_file", catalogue.KETENAGAKERJAAN)),
                lokasi=f"{s.get('sumber_file')} baris {s.get('sumber_baris')}, kolom '{s.get('sumber_kolom')}'",
                besaran=computed, objek=f"wilayah:{wilayah}", tahun=int(tahun),
                teks=teks if teks else f"{values[published]:.{dec}f}".replace(".", ","),
                dihitung=values[computed], cara=label + " (BPS)", desimal=dec))
    return rows


def gap_members(members: pd.DataFrame, gap: float, label: str = "sub_kegiatan",
                max_size: int = 3) -> list[str] | None:
    """The fewest rows of ``members`` (tree order kept) whose pagu adds up to ``gap`` exactly:
    which sub kegiatan a short budget line left out. None when no set of up to ``max_size``
    rows does, or when two different sets of the same size do (the data cannot tell)."""
    from itertools import combinations

    rows = list(members[[label, "pagu"]].itertuples(index=False))
    for size in range(1, min(max_size, len(rows)) + 1):
        hits = [combo for combo in combinations(rows, size) if abs(sum(float(r.pagu) for r in combo) - gap) < 0.5]
        if len(hits) == 1:
            return [str(getattr(r, label)) for r in hits[0]]
        if hits:
            return None
    return None


def _members_of(sub: pd.DataFrame, hit: pd.Series) -> pd.DataFrame:
    return sub[sub[hit["tingkat"]] == hit["uraian"]]


def _short_line_text(sub: pd.DataFrame, hit: pd.Series, published: float, lines: pd.DataFrame,
                     candidates: BudgetNames, dokumen: str) -> str | None:
    """'kurang Rp 528.518.606 = pagu sub kegiatan X (diperjanjikan tersendiri oleh Y)'."""
    gap = float(hit["pagu"]) - published
    if gap <= 0:
        return None
    names = gap_members(_members_of(sub, hit), gap)
    if not names:
        return None
    text = (f"kurang {fmt_rupiah(gap)}, tepat sebesar pagu sub kegiatan "
            + "; ".join(f"'{n}'" for n in names))
    others = []
    for _, line in lines[lines["dokumen"] != dokumen].iterrows():
        other = candidates.match(line["program"])
        if other is not None and other["tingkat"] == "sub_kegiatan" and other["uraian"] in names:
            others.append(str(line["dokumen"]))
    if others:
        text += " (diperjanjikan tersendiri dalam Perjanjian Kinerja " + ", ".join(dict.fromkeys(others)) + ")"
    return text


def from_pk_budgets(ctx: Context) -> list[dict]:
    """Perjanjian Kinerja documents: each program budget against the budget tree, each TOTAL
    against the sum of its document's rows.

    Which figure is wrong, when the data can tell: a line short by exactly some sub kegiatan's
    pagu names it (``penjelasan``); a TOTAL that differs from the sum of its lines but equals
    what those lines sum to in the budget tree (the DPA) is right, and its mismatch is the
    short lines' error seen again (``sebab``), not an error of its own."""
    pk, sub = ctx.table(catalogue.ANGGARAN_PK), ctx.table(catalogue.ANGGARAN_SUBKEGIATAN)
    rows = []
    if pk is None or sub is None:
        return rows
    candidates = BudgetNames(budget_candidates(sub))
    lines = pk[~pk["is_total"].astype(bool) & pk["anggaran"].notna()]
    for _, r in pk.iterrows():
        if pd.isna(r["anggaran"]):
            continue
        dokumen = r["dokumen"]
        where = f"anggaran_pk.csv baris {int(r['sumber_baris'])} ({dokumen})"
        teks = fmt_int(r["anggaran"])
        if bool(r["is_total"]):
            parts = pk[(pk["dokumen"] == dokumen) & (~pk["is_total"].astype(bool))]
            row = make_row(id=f"anggaran_pk_baris_{int(r['sumber_baris'])}", tabel="Perjanjian Kinerja",
                           lokasi=where + ", TOTAL", besaran="pagu", objek=f"pk:{dokumen}",
                           tahun=ctx.year, teks=teks, desimal=0,
                           dihitung=float(parts["anggaran"].fillna(0).sum()),
                           cara=f"jumlah {len(parts)} baris program dokumen yang sama")
            _total_against_tree(row, r, parts.dropna(subset=["anggaran"]), rows)
            rows.append(row)
            continue
        hit = candidates.match(r["program"])
        row = make_row(id=f"anggaran_pk_baris_{int(r['sumber_baris'])}", tabel="Perjanjian Kinerja",
                       lokasi=f"{where}: {r['program']}", besaran="pagu", objek=f"pk:{dokumen}",
                       tahun=ctx.year, teks=teks, desimal=0,
                       dihitung=None if hit is None else float(hit["pagu"]),
                       cara=(f"jumlah pagu sub-kegiatan {hit['tingkat'].replace('_', ' ')} '{hit['uraian']}' "
                             f"(anggaran_subkegiatan)" if hit is not None
                             else "nama tidak ditemukan dalam pohon anggaran "
                                  "(anggaran_subkegiatan): tidak dibandingkan"))
        if hit is not None and row["cocok"] is False:
            row["penjelasan"] = _short_line_text(sub, hit, float(r["anggaran"]), lines, candidates, dokumen)
        rows.append(row)
    return rows


def _blame_parts(row: dict, printed: float, parts: list[dict], penjelasan: str) -> None:
    """A printed total that equals the recomputed sum of its parts is right: the comparison row
    ``row`` disagrees because of the parts that are wrong, which are named as its cause (one error,
    one finding). Nothing is said when a part is unknown or the total does not match either."""
    if row["cocok"] is not False or not parts or any(p["dihitung"] is None for p in parts):
        return
    if not rounds_to(float(printed), 0, sum(float(p["dihitung"]) for p in parts)):
        return
    wrong = [p["id"] for p in parts if p["cocok"] is False]
    if wrong:
        row["sebab"] = "; ".join(wrong)
        row["penjelasan"] = penjelasan


def _total_against_tree(row: dict, total: pd.Series, parts: pd.DataFrame, earlier: list[dict]) -> None:
    """A PK TOTAL that equals the budget tree's sum of its lines is right; its lines are wrong."""
    ids = {f"anggaran_pk_baris_{int(p['sumber_baris'])}" for _, p in parts.iterrows()}
    line_rows = [e for e in earlier if e["id"] in ids]
    if len(line_rows) != len(parts):
        return  # a line the tree does not know: the data cannot tell
    _blame_parts(row, total["anggaran"], line_rows,
                 f"TOTAL {fmt_int(total['anggaran'])} benar (sama dengan jumlah pagu program-programnya "
                 f"dalam DPA); jumlah baris programnya {fmt_int(row['dihitung'])} karena baris yang kurang")


def from_breakdown_totals(ctx: Context) -> list[dict]:
    """The placement table's stated totals (a published claim: its Jumlah column adds up to 100
    while its total says 101) against its L/P cells, and its Jumlah column against its total."""
    from pipeline.validate.checks import stated_vs_cells

    cells, stated = ctx.table(catalogue.PENEMPATAN), ctx.table(catalogue.PENEMPATAN_DILAPORKAN)
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
        _column_total_against_cells(rows, checked, t)
    return rows


def _column_total_against_cells(rows: list[dict], checked: pd.DataFrame, total: pd.Series) -> None:
    """A Jumlah total that equals the sum of the L + P cells is right: the column does not add
    up to it because of the rows whose Jumlah cell disagrees with their own cells (one error)."""
    column_row = rows[-1]
    own = [r for r, c in zip(rows, checked.to_dict("records"))
           if c["kunci"].endswith("/ L+P") and not c["kunci"].startswith(str(total["pendidikan"]))]
    _blame_parts(column_row, total["jumlah_dilaporkan"], own,
                 f"jumlah {fmt_int(total['jumlah_dilaporkan'])} benar (sama dengan jumlah sel L + P); kolom "
                 f"Jumlah hanya berjumlah {fmt_int(column_row['dihitung'])} karena sel yang salah")


def from_narrative(ctx: Context) -> list[dict]:
    """Claims of the narrative's sentences (Renstra year, period, direction and comparison words,
    counts, signatory names) against the figures: pipeline.validate.narasi_check."""
    rows = []
    for position, claim in enumerate(narasi_check.claims(ctx.tables, ctx.year, ctx.evaluation), start=1):
        row = make_row(
            id=f"narasi_{position}_{claim.kunci}", tabel=claim.tempat,
            lokasi=f"{claim.tempat}: «{claim.kutipan}»", besaran=claim.besaran,
            objek=f"sasaran:{claim.sasaran}" if claim.sasaran is not None else "teks", tahun=ctx.year,
            teks=claim.dikatakan, dihitung=claim.menurut_angka, cara=claim.cara)
        # Names and phrases keep their spelling (a true claim is the identical text).
        row.update(dilaporkan_kata=claim.dikatakan, dihitung_kata=claim.menurut_angka)
        rows.append(row)
    return rows


BUILDERS = (from_program_indicators, from_budget_percent, from_labour_rates, from_pk_budgets,
            from_breakdown_totals, from_narrative)


def _counts_from_parts(rows: list[dict], sub: pd.DataFrame | None) -> None:
    """'Dari 5 Program tersebut, 1 Program Sekretariat dan 4 Program Bidang': an urusan's count
    off by exactly what its sasaran's counts in the same sentence are off by is their error
    seen again (``sebab``), not a second one."""
    if sub is None:
        return
    urusan_of = {int(k): {norm_name(u) for u in g["urusan"]} for k, g in sub.groupby("sasaran_id")}
    counts = [r for r in rows if str(r["besaran"]).startswith("jumlah_") and not is_absent(r["cocok"])
              and r.get("dihitung") is not None and not pd.isna(r.get("dilaporkan"))]
    for total in counts:
        if total["cocok"] is not False or not str(total["objek"]).startswith("urusan:"):
            continue
        urusan = norm_name(str(total["objek"]).split(":", 1)[1].replace("_", " "))
        parts = [r for r in counts if r["besaran"] == total["besaran"] and r["lokasi"] == total["lokasi"]
                 and _sasaran(r["objek"]) is not None and urusan_of.get(_sasaran(r["objek"])) == {urusan}]
        off = sum(r["dilaporkan"] - r["dihitung"] for r in parts)
        if parts and off and abs(off - (total["dilaporkan"] - total["dihitung"])) < 1e-9:
            total["sebab"] = "; ".join(r["id"] for r in parts if r["cocok"] is False)


def perbandingan(tables: dict, year: int) -> pd.DataFrame:
    """The full comparison table for a year (published figures and the published derived
    columns of input tables), one row per figure."""
    ctx = Context(tables, year)
    rows = from_published(ctx)
    rows += from_annual_history(ctx, rows)
    for builder in BUILDERS:
        rows += builder(ctx)
    _counts_from_parts(rows, tables.get(catalogue.ANGGARAN_SUBKEGIATAN))
    # A blank published cell (a derived column the new-year template leaves to the pipeline)
    # claims nothing: there is nothing to compare.
    return _table([r for r in rows if r["dilaporkan_teks"].strip()])


def _table(rows: list[dict]) -> pd.DataFrame:
    """The comparison table of ``rows`` (one dict per figure, keyed by COLUMNS), typed: what
    :func:`perbandingan` returns and what :func:`read_ahead` reads back from its CSV copy. A text
    column holds None where every row does (pandas' inference from the rows, both times)."""
    df = pd.DataFrame(rows, columns=COLUMNS)
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


# The comparison table is computed once per cleaning: the cleaning step writes it beside the
# processed tables (write_ahead), the sasaran steps and the validation step read that copy
# (read_ahead), so the sasaran analyses need not wait for the validation's Great Expectations
# suites and the validation does not compute it again.


def write_ahead(year: int, processed_dir, paths: Paths) -> Path | None:
    """:func:`perbandingan` of the processed tables just cleaned, saved as catalogue.PERBANDINGAN_AHEAD (same
    writer as the validation's copy); None, and no copy left in the folder, when it cannot be
    computed.

    Nothing is reported here on purpose: what is wrong with such data is for the validation
    step to say (critical suites first, in the analyst's words, or the same failure of this
    function, which it then computes itself: see :func:`comparison_table`), and a run whose
    validation fails publishes nothing, whatever the analyses that went on without this table
    computed meanwhile.
    """
    folder = paths.resolve(processed_dir)
    target = catalogue.PERBANDINGAN_AHEAD.at(folder)
    try:
        table = perbandingan(indicators.load_processed(folder, paths), int(year))
    except Exception:  # noqa: BLE001 (reported by the validation step, see above)
        # an earlier cleaning's copy would stand for tables it was not computed from
        target.unlink(missing_ok=True)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_csv(table, target, lineterminator="\n")
    return target


def _flag(text: str) -> bool:
    return {"True": True, "False": False}[text]


# How write_ahead's CSV spells the cells of the columns that are not text (the others are read
# as written, less the apostrophe that safecells put before a formula-like text).
_READ_BACK = {"tahun": int, "dilaporkan": float, "desimal": int, "dihitung": float,
              "dihitung_dibulatkan": float, "cocok": _flag, "penulisan": _flag}


def _read_cell(column: str, text: str):
    if text == "":  # the CSV writes None, NaN, NA (and an empty text, which no comparison has) alike
        return None
    return _READ_BACK[column](text) if column in _READ_BACK else restore(text)


def read_ahead(processed_dir, paths: Paths) -> pd.DataFrame | None:
    """The comparison table the cleaning step wrote beside the processed tables (catalogue.PERBANDINGAN_AHEAD,
    :func:`write_ahead`) as :func:`perbandingan` returned it: the same values in the same dtypes.
    None when there is none (the cleaning could not compute it, or a scratch folder cleaned by
    hand before it existed) or when its columns are not this version's.

    The one reader of that file (the sasaran steps, the validation step): the read is recorded
    like a processed table's, so the reading step's cache key holds the file.
    """
    path = catalogue.PERBANDINGAN_AHEAD.at(paths.resolve(processed_dir))
    if not path.is_file():
        return None
    reads.note_table(catalogue.PERBANDINGAN_AHEAD.name)
    # the csv module, not pandas.read_csv: every cell as written (no number read from a text
    # column, no float rounded by another parser), typed by _READ_BACK
    with path.open(encoding="utf-8", newline="") as handle:
        header, *lines = csv.reader(handle)
    if header != COLUMNS:
        return None
    return _table([{c: _read_cell(c, cell) for c, cell in zip(COLUMNS, line)} for line in lines])


def comparison_table(tables: dict, year: int, processed_dir=None, paths: Paths | None = None) -> pd.DataFrame:
    """:func:`perbandingan` of the processed tables in ``processed_dir`` (``tables``), for the
    validation step: the cleaning step's copy (:func:`read_ahead`) when there is one, else
    computed here (its failure is then raised here, as the cleaning step left it unsaid); always
    computed for tables that come from no folder (``processed_dir`` None)."""
    ahead = read_ahead(processed_dir, paths) if processed_dir is not None else None
    return ahead if ahead is not None else perbandingan(tables, year)
