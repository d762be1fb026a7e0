"""Plumbing for the sasaran notebook's visible method: the tables it computes from and the
formulas it states with the year's operands.

The notebook does the arithmetic in pandas where the reader sees it (a second method) and
checks it against the engine (:mod:`pipeline.measure`), which stays the one source of the
published figures. This module only loads, lays out and words: it lays the processed tables out
one row per year, names each indicator's pandas formula (declared with its source in
:mod:`pipeline.measure.sources`) and writes the formula with the year's operands as Markdown.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from IPython.display import HTML, Markdown

from pipeline.analysis import anggaran
from pipeline.analysis.sasaran import _capaian_formula, _sasaran_formula
from pipeline.analysis.sentences import _natural_decimals, ratio_formula, show
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number, is_absent
from pipeline.measure import engine, sources
from pipeline.measure.budget import serapan_rate

_NAME = re.compile(r"[A-Za-z_]\w*")
_SHOWN_OPERATORS = {"*": "×", "-": "−"}


def names(expression: str) -> list[str]:
    """The column names a pandas formula reads, in order of first appearance."""
    return list(dict.fromkeys(_NAME.findall(expression)))


def rumus(rows: pd.DataFrame, national: bool = False) -> dict[str, str]:
    """{indikator_id: pandas formula} of the sasaran's computed indicators (with ``national``,
    only those whose source has a national figure)."""
    out = {}
    for row in rows.itertuples():
        source = sources.get(row.sumber_realisasi)
        if source.rumus_pandas and (not national or source.national):
            out[str(row.indikator_id)] = source.rumus_pandas
    return out


def data_tahunan(tables: dict, rows: pd.DataFrame, year: int, peran: str = sources.WILAYAH) -> pd.DataFrame:
    """One row per year (index ``tahun``), one column per variable the formulas name, from the
    processed tables ``ketenagakerjaan`` (the ``peran``'s BPS figures) and ``ikm_agregat`` (each
    column also as ``<column>_tahun_lalu``, the value of the year before); a variable the data
    lacks is an empty column, so its formula gives no value, as the engine does; ``year`` is
    always a row."""
    frames = []
    bps = tables.get(catalogue.KETENAGAKERJAAN)
    if bps is not None and not bps.empty:
        own = bps[bps["peran"] == peran]
        frames.append(own.pivot_table(index="tahun", columns="variabel", values="nilai", aggfunc="first"))
    if peran == sources.WILAYAH and catalogue.IKM_AGREGAT in tables:
        ikm = tables[catalogue.IKM_AGREGAT].set_index("tahun").select_dtypes("number")
        before = ikm.rename(index=lambda tahun: tahun + 1).add_suffix("_tahun_lalu")
        frames.append(ikm.join(before, how="left"))
    data = pd.concat(frames, axis=1) if frames else pd.DataFrame()
    wanted = [n for expression in rumus(rows).values() for n in names(expression)]
    data.index = data.index.astype(int)
    data = data.reindex(columns=list(dict.fromkeys(wanted))).astype(float)
    data = data.dropna(how="all")  # years none of the formulas' variables has
    data = data.reindex(index=sorted(set(data.index) | {int(year)}))
    data.index.name = "tahun"
    data.columns.name = None
    return data.sort_index()


def _operand(value: float) -> str:
    return "–" if is_absent(value) else fmt_number(value, _natural_decimals(value))


def with_operands(expression: str, values: pd.Series, result: float, satuan: str = "") -> str:
    """'bekerja / angkatan_kerja * 100' with the year's values: '74.085 / 77.876 × 100 = 95,13%'."""
    text = _NAME.sub(lambda m: _operand(values.get(m.group(0), math.nan)), expression)
    text = re.sub(r"(?<=\s)[*-](?=\s)", lambda m: _SHOWN_OPERATORS[m.group(0)], text)
    return f"{text} = {show(result, satuan)}"


def markdown_realisasi(rows: pd.DataFrame, data: pd.DataFrame, years, judul: str = "Realisasi",
                       national: bool = False) -> Markdown:
    """Each indicator's formula, as pandas reads it and with the operands of each of ``years``
    (with ``national``, the indicators whose source has a national figure)."""
    lines = []
    for year in [years] if isinstance(years, int) else years:
        lines += _realisasi_lines(rows, data, int(year), judul, national)
    if not lines:
        lines = [f"- Tidak ada {judul.lower()} yang dihitung dengan rumus untuk indikator sasaran ini."]
    return Markdown("\n".join(lines))


def _realisasi_lines(rows, data, year, judul, national) -> list[str]:
    lines = []
    for row in rows.itertuples():
        iid, source = str(row.indikator_id), sources.get(row.sumber_realisasi)
        if national and not source.national:
            continue
        head = f"- **{judul} {year} indikator {iid}** ({row.indikator})"
        if not source.rumus_pandas:
            lines.append(f"{head}: {source.rumus}; nilai yang dilaporkan di tabel olahan `capaian_tahunan`: "
                         f"{show(row.realisasi, row.satuan)}.")
            continue
        values = data.loc[year] if year in data.index else pd.Series(dtype=float)
        result = data.eval(source.rumus_pandas).get(year, math.nan)
        if is_absent(result):
            lines.append(f"{head}: `{source.rumus_pandas}` tidak dapat dihitung, data tahun {year} tidak ada "
                         f"di tabel olahan {', '.join(f'`{t}`' for t in source.tables)}.")
            continue
        lines.append(f"{head}, dari tabel olahan {', '.join(f'`{t}`' for t in source.tables)}: "
                     f"`{source.rumus_pandas}` = {with_operands(source.rumus_pandas, values, result, row.satuan)}")
    return lines


def markdown_capaian(rows: pd.DataFrame, ordinal: dict, target: str = "target",
                     capaian: str = "capaian") -> Markdown:
    """Each indicator's capaian formula with its operands (the report's own wording), against the
    ``target`` column; with several indicators, the sasaran's capaian by the declared rule."""
    lines = []
    for _, row in rows.iterrows():
        if is_absent(row[target]):
            lines.append(f"Capaian indikator {row['indikator_id']}: tidak ada target pembanding.")
            continue
        shown = row.copy()
        shown["target"], shown["capaian"] = row[target], row[capaian]
        lines.append(f"Indikator {row['indikator_id']}: {_capaian_formula(shown, ordinal)}")
    if target == "target" and len(rows) > 1:
        lines.append(_sasaran_formula(rows))
    return markdown_lines(lines)


def riwayat_mesin(a) -> pd.DataFrame:
    """The engine's recomputed realisasi per year (rows: every year of the indicators' histories)
    and computed indicator (columns); a year outside one indicator's history is read from its
    source by the engine too, so each column covers every row."""
    computed = [row for _, row in a.rows.iterrows() if sources.get(row["sumber_realisasi"]).rumus_pandas]
    histories = {str(row["indikator_id"]): a.history(row).set_index("tahun") for row in computed}
    years = sorted({int(t) for hist in histories.values() for t in hist.index})
    columns = {}
    for row in computed:
        iid, hist = str(row["indikator_id"]), histories[str(row["indikator_id"])]
        columns[iid] = [hist.loc[t, "realisasi_hitung_ulang"] if t in hist.index
                        else _engine_reading(a.tables, row, t) for t in years]
    out = pd.DataFrame(columns, index=pd.Index(years, name="tahun")).apply(pd.to_numeric, errors="coerce")
    return out


def _engine_reading(tables, row, year):
    try:
        return sources.read(tables, row["sumber_realisasi"], year, str(row["indikator_id"])).value
    except engine.EngineError:
        return None


def efisiensi_mesin(a) -> dict:
    """The engine's efficiency figures of the sasaran (pipeline.analysis.anggaran)."""
    sub = a.tables[catalogue.ANGGARAN_SUBKEGIATAN]
    return anggaran.efficiency_figures(sub, a.sid, a.first["capaian_sasaran"], anggaran.belanja_pegawai_names(a.tables))


def markdown_lines(lines: list[str]) -> Markdown:
    return Markdown("\n".join(f"- {line}" for line in lines))


def markdown_anggaran(pagu: float, realisasi: float, capaian: float) -> Markdown:
    """Serapan and indeks efisiensi with the year's operands."""
    rate = serapan_rate(pagu, realisasi)
    if math.isnan(rate):
        return markdown_lines(["Sasaran ini tidak memiliki pagu anggaran; serapan tidak dapat dihitung."])
    lines = [f"Serapan = Realisasi anggaran / Pagu × 100% = {ratio_formula(realisasi, pagu)}"]
    if not math.isnan(rate) and not math.isnan(capaian):
        lines.append(anggaran.index_formula("Indeks efisiensi", capaian, rate))
        lines.append(f"Efisiensi cara publikasi = 100 − Serapan = 100 − {fmt_number(rate)} = {fmt_number(100 - rate)}")
    return markdown_lines(lines)


def cocok(notebook, engine):
    """Whether each figure of the notebook equals the engine's (numbers to 1e-9, grades as text,
    both missing counts as equal); Series or DataFrames of the same shape."""
    if isinstance(notebook, pd.DataFrame):
        engine = engine.reindex(index=notebook.index, columns=notebook.columns)
        return pd.DataFrame({c: cocok(notebook[c], engine[c]) for c in notebook.columns})
    def same(a, b) -> bool:
        a_missing, b_missing = is_absent(a), is_absent(b)
        if a_missing or b_missing:
            return a_missing and b_missing
        if isinstance(a, str) or isinstance(b, str):
            return str(a).strip() == str(b).strip()
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)
    return pd.Series([same(a, b) for a, b in zip(notebook, engine)], index=notebook.index, dtype=bool)


def olahan(tables: dict, name: str, columns: list[str]) -> pd.DataFrame:
    """A processed table, or an empty one with ``columns`` when the agency has none."""
    table = tables.get(name)
    return table if table is not None else pd.DataFrame({c: [] for c in columns})


def tabel(df: pd.DataFrame) -> HTML:
    """A notebook table in Indonesian notation: figures with the decimals they have (at most 6),
    '–' for none, ya/tidak for a check; the index (years, indikator) as it is."""
    def cell(value) -> str:
        if isinstance(value, (bool, np.bool_)):
            return "ya" if value else "tidak"
        if is_absent(value):
            return "–"
        if isinstance(value, str):
            return value
        return fmt_number(float(value), _natural_decimals(float(value)))
    shown = pd.DataFrame({c: [cell(v) for v in df[c]] for c in df.columns}, index=df.index)
    return HTML(shown.to_html(escape=True, border=0))

