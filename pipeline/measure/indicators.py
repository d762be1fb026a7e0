"""Per-indikator and per-sasaran results for a year, recomputed from the processed tables.

``evaluate(tables, year)`` is the single place where an indikator's target, realisasi and
capaian are put together (one row per indikator; a sasaran has 1..n); ``sasaran_capaian``
combines a sasaran's indicators by the rule the agency declares (profil_instansi.yml,
``capaian_sasaran``; default the mean of its indicators' capaian). The validation (published
vs recomputed), the sasaran notebooks and the summary all read them, so the report cannot
disagree with itself. Where a realisasi comes from is declared per indicator
(``iku.sumber_realisasi``) and defined once in :mod:`pipeline.measure.sources`.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import catalogue, registry
from pipeline.inputs.idnum import is_absent, is_nil
from pipeline.measure import engine, sources
from pipeline.measure.budget import rollup
from pipeline.messages import PARSE

# Rules combining a sasaran's indicators into its capaian (profil_instansi.yml, capaian_sasaran).
SASARAN_RULES = {
    "rata_rata": ("rata-rata capaian indikatornya", lambda values: sum(values) / len(values)),
    "minimum": ("capaian terendah di antara indikatornya", min),
}
DEFAULT_RULE = "rata_rata"


class ProcessedTables(MutableMapping):
    """The tables of a processed folder by name, each read (typed, through the data catalogue)
    the first time it is used.

    An analysis notebook uses a few of some forty tables; reading all of them in every notebook
    would read the IKM register (millions of rows for a province or the nation) in each.
    Iterating, ``in`` and ``len`` look at the stored names only; ``dict(tables)`` reads them all.
    """

    def __init__(self, folder: Path):
        self._folder = Path(folder)
        self._files = dict.fromkeys(catalogue.stored(folder), True)
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            if not self._files.get(name):
                raise KeyError(name)
            # recorded by the catalogue: the step's cache key holds the tables it read
            self._read[name] = catalogue.read(name, self._folder)
        return self._read[name]

    def __setitem__(self, name: str, df: pd.DataFrame) -> None:
        self._read[name] = df
        self._files.setdefault(name, None)

    def __delitem__(self, name: str) -> None:
        del self._files[name]
        self._read.pop(name, None)

    def __iter__(self):
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __contains__(self, name) -> bool:
        return name in self._files


def load_processed(processed_dir: str | Path, paths: Paths) -> ProcessedTables:
    """Every table of a processed folder (given relative to the project, or absolute), by name
    (each read when first used)."""
    folder = paths.resolve(processed_dir)
    if not folder.is_dir():
        raise InputError(paths.rel(folder), PARSE["processed_missing"])
    return ProcessedTables(folder)


def _declared_text(value) -> str:
    """A free-text iku.csv cell as text ('' when blank)."""
    return "" if is_absent(value) else str(value).strip()


_need = catalogue.need


def realisasi_from_data(tables: dict, sumber: str, year: int, indikator_id: str):
    """(value, explanation) for one indicator in one year; value None when the data has none."""
    reading = sources.read(tables, sumber, year, str(indikator_id))
    return reading.value, reading.cara


def _number_or_text(row: pd.Series, number_col: str, text_col: str):
    """A float when the cell is numeric, the grade text otherwise, None when blank."""
    value = row.get(number_col)
    if not is_absent(value):
        return float(value)
    text = row.get(text_col)
    if is_absent(text) or not str(text).strip():
        return None
    return str(text).strip()


def reported_realisasi(tables: dict, indikator_id: str, year: int):
    """The realisasi the agency published for a year (text for grades, float otherwise)."""
    return sources.reported(tables, indikator_id, year, "realisasi")


def reported_target(tables: dict, indikator_id: str, year: int):
    return sources.reported(tables, indikator_id, year, "target")


def target_value(tables: dict, indikator_id: str, jenis: str, tahun: int | None = None):
    """A target from the plan: a float, or the grade text for ordinal indicators."""
    df = _need(tables, catalogue.TARGET)
    hit = df[(df["indikator_id"].astype(str) == str(indikator_id)) & (df["jenis"] == jenis)]
    if tahun is not None:
        hit = hit[hit["tahun"] == tahun]
    return None if hit.empty else _number_or_text(hit.iloc[0], "nilai", "nilai_teks")


def renstra_end(tables: dict) -> int | None:
    """The last year of the Renstra period (the last year column of target_renstra.csv)."""
    df = _need(tables, catalogue.TARGET)
    years = df.loc[df["jenis"] == "renstra", "tahun"].dropna()
    return int(years.max()) if not years.empty else None


def renstra_period(tables: dict) -> tuple[int, int] | None:
    df = _need(tables, catalogue.TARGET)
    years = df.loc[df["jenis"] == "renstra", "tahun"].dropna()
    return (int(years.min()), int(years.max())) if not years.empty else None


def ordinal_scale(tables: dict) -> dict[str, int]:
    df = tables.get(catalogue.SKALA_ORDINAL)
    if df is None or df.empty:
        return {}
    return {str(r.nilai).strip(): int(r.urutan) for r in df.itertuples()}


def criteria_scale(tables: dict) -> list[engine.Band]:
    df = tables.get(catalogue.SKALA_KRITERIA)
    if df is None or df.empty:
        return engine.DEFAULT_SCALE
    return engine.scale_from_table(df)


def published(tables: dict, besaran: str, objek: str, year: int, tabel: str | None = None):
    """Published figures (angka_dipublikasikan) for one quantity, first match by table order."""
    df = tables.get(catalogue.ANGKA_DIPUBLIKASIKAN)
    if df is None:
        return pd.DataFrame()
    hit = df[(df["besaran"] == besaran) & (df["objek"] == objek) & (df["tahun"] == year)]
    if tabel is not None:
        hit = hit[hit["tabel"] == tabel]
    return hit


def _first_number(df: pd.DataFrame):
    if df.empty:
        return None
    value = df.iloc[0].get("nilai_angka")
    if is_absent(value):
        return str(df.iloc[0]["nilai"]).strip()
    return float(value)


def staff_by_sasaran(tables: dict, sasaran_id: int):
    df = tables.get(catalogue.SDM_SASARAN)
    if df is None:
        return None
    hit = df[df["sasaran_id"] == sasaran_id]
    return None if hit.empty else hit.iloc[0].to_dict()


def setting(tables: dict, key: str, default=None):
    """An agency setting from the processed ``instansi`` table (profil_instansi.yml)."""
    df = tables.get(catalogue.INSTANSI)
    if df is None or df.empty:
        return default
    hit = df[df["kunci"] == key]
    if hit.empty or is_absent(hit["nilai"].iloc[0]) or not str(hit["nilai"].iloc[0]).strip():
        return default
    return str(hit["nilai"].iloc[0]).strip()


def sasaran_rule(tables: dict) -> str:
    rule = setting(tables, "capaian_sasaran", DEFAULT_RULE)
    if rule not in SASARAN_RULES:
        raise InputError("data/raw/common/profil_instansi.yml", "capaian_sasaran must be one of: "
                         + ", ".join(SASARAN_RULES), column="capaian_sasaran", value=rule)
    return rule


def _published_objek(tables: dict, row: dict) -> list[str]:
    """The objek keys a published indicator figure may use: 'indikator:1.2', and 'sasaran:1'
    for the first indikator of sasaran 1 (how one-indicator sasaran are transcribed)."""
    keys = [f"indikator:{row['indikator_id']}"]
    if row["urutan"] == 1:
        keys.append(f"sasaran:{row['sasaran_id']}")
    return keys


def evaluate(tables: dict, year: int) -> pd.DataFrame:
    """One row per indikator with every figure the report states about it (unrounded), plus
    its sasaran's capaian and kriteria (``capaian_sasaran``, ``kriteria_sasaran``) and budget."""
    iku = _need(tables, catalogue.IKU).copy()
    iku["_order"] = [tuple(int(p) for p in str(i).split(".")) for i in iku["indikator_id"]]
    iku = iku.sort_values("_order", kind="stable")
    ordinal = ordinal_scale(tables)
    scale = criteria_scale(tables)
    end = renstra_end(tables)
    budget = (rollup(tables[catalogue.ANGGARAN_SUBKEGIATAN], "sasaran").set_index("sasaran_id")
              if catalogue.ANGGARAN_SUBKEGIATAN in tables else None)
    standards = tables.get(catalogue.STANDAR_NASIONAL)
    rows = []
    urutan: dict[int, int] = {}
    for ind in iku.itertuples():
        sid, iid = int(ind.sasaran_id), str(ind.indikator_id)
        urutan[sid] = urutan.get(sid, 0) + 1
        label = f"indikator {iid}: {ind.indikator}"
        polaritas = str(ind.polaritas)
        target = target_value(tables, iid, "pk", year)
        if target is None:
            target = reported_target(tables, iid, year)
        reading = sources.read(tables, str(ind.sumber_realisasi), year, iid)
        realisasi = reading.value
        cap = engine.capaian(target, realisasi, polaritas, ordinal, label=label)
        akhir = target_value(tables, iid, "kondisi_akhir")
        if akhir is None and end is not None:
            akhir = target_value(tables, iid, "renstra", end)
        cap_akhir = engine.capaian(akhir, realisasi, polaritas, ordinal, label=label) if akhir is not None else None
        standar = None
        if standards is not None:
            hit = standards[standards["indikator_id"].astype(str) == iid]
            if not hit.empty:
                value, text = hit.iloc[0].get("standar"), hit.iloc[0]["standar_teks"]
                # a grade is kept as text; '-' or blank means no standard is stated (None)
                standar = float(value) if not is_absent(value) else (None if is_nil(text) else str(text).strip())
        standar_hitung = sources.national(tables, str(ind.sumber_realisasi), year)
        row = {
            "indikator_id": iid,
            "sasaran_id": sid,
            "urutan": urutan[sid],
            "nama": ind.sasaran,
            "indikator": ind.indikator,
            "satuan": ind.satuan,
            "polaritas": polaritas,
            "sumber_realisasi": ind.sumber_realisasi,
            "sumber_data": _declared_text(getattr(ind, "sumber_data", "")),
            "target": target,
            "realisasi": realisasi,
            "realisasi_cara": reading.cara,
            "realisasi_rumus": reading.rumus,
            "realisasi_dilaporkan": reported_realisasi(tables, iid, year),
            "capaian": cap,
            "kriteria": engine.kriteria(cap, scale),
            "target_akhir_renstra": akhir,
            "tahun_akhir_renstra": end,
            "capaian_akhir_renstra": cap_akhir,
            "standar_nasional": standar,
            "standar_nasional_dihitung": standar_hitung,
            "memenuhi_standar": (engine.meets(realisasi, standar, polaritas, ordinal)
                                 if standar is not None else None),
            "memenuhi_standar_dihitung": (engine.meets(realisasi, standar_hitung, polaritas, ordinal)
                                          if standar_hitung is not None else None),
            "pagu": None, "realisasi_anggaran": None, "serapan": None, "efisiensi": None,
        }
        row["capaian_dilaporkan"] = next(
            (v for key in _published_objek(tables, row)
             if (v := _first_number(published(tables, "capaian", key, year, registry.CAPAIAN_TABLE))) is not None), None)
        if budget is not None and sid in budget.index:
            b = budget.loc[sid]
            row.update(pagu=int(b["pagu"]), realisasi_anggaran=int(b["realisasi"]),
                       serapan=float(b["serapan"]), efisiensi=float(b["efisiensi"]))
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    rule_name = sasaran_rule(tables)
    combine = SASARAN_RULES[rule_name][1]
    per_sasaran = {sid: combine([float(v) for v in grp["capaian"]])
                   for sid, grp in out.groupby("sasaran_id", sort=False)}
    out["jumlah_indikator"] = out["sasaran_id"].map(out.groupby("sasaran_id").size())
    out["capaian_sasaran"] = out["sasaran_id"].map(per_sasaran)
    out["kriteria_sasaran"] = [engine.kriteria(v, scale) for v in out["capaian_sasaran"]]
    out["aturan_capaian_sasaran"] = rule_name
    return out.reset_index(drop=True)


def rule_text(rule: str) -> str:
    """How a sasaran's capaian is obtained from its indicators, in words for the report."""
    return SASARAN_RULES.get(rule, SASARAN_RULES[DEFAULT_RULE])[0]


def for_objek(evaluation: pd.DataFrame, objek: str) -> pd.Series | None:
    """The indicator a published figure's objek names: 'indikator:1.2', or 'sasaran:1' for the
    first indikator of sasaran 1."""
    objek = str(objek)
    if objek.startswith("indikator:"):
        hit = evaluation[evaluation["indikator_id"].astype(str) == objek.split(":", 1)[1]]
    elif objek.startswith("sasaran:"):
        sid = objek.split(":", 1)[1]
        hit = evaluation[(evaluation["sasaran_id"].astype(str) == sid) & (evaluation["urutan"] == 1)]
    else:
        return None
    return None if hit.empty else hit.iloc[0]


def history(tables: dict, indikator_id: str, sumber: str, polaritas: str, year: int,
            ordinal: dict | None = None) -> pd.DataFrame:
    """Target, reported and recomputed realisasi and capaian for every year up to ``year``."""
    df = tables.get(catalogue.CAPAIAN_TAHUNAN)
    iid = str(indikator_id)
    years = (sorted(set(df.loc[df["indikator_id"].astype(str) == iid, "tahun"].astype(int)))
             if df is not None else [])
    if year not in years:
        years.append(year)
    computed = sources.get(sumber).computed
    rows = []
    for tahun in sorted(years):
        target = target_value(tables, iid, "pk", tahun)
        if target is None:
            target = reported_target(tables, iid, tahun)
        reported = reported_realisasi(tables, iid, tahun)
        recomputed = None
        if computed:
            try:
                recomputed = sources.read(tables, sumber, tahun, iid).value
            except engine.EngineError:
                recomputed = None
        def cap(value, target=target):
            if value is None or target is None:
                return None
            try:
                return engine.capaian(target, value, polaritas, ordinal)
            except engine.EngineError:
                return None
        rows.append({"tahun": tahun, "target": target, "realisasi_dilaporkan": reported,
                     "realisasi_hitung_ulang": recomputed, "capaian_dilaporkan": cap(reported),
                     "capaian_hitung_ulang": cap(recomputed)})
    return pd.DataFrame(rows)
