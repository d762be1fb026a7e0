"""Cleaning: raw inputs to the tidy tables of data/processed/<year>/.

Each domain module exposes ``tables(paths, year) -> dict[str, DataFrame]``; :func:`run` calls
them in a fixed order, joins the IKM register aggregate onto the published series, and writes
every table through the data catalogue (pipeline.inputs.catalogue: typed Parquet plus the CSV
copy) into the (staging) output folder given by the runner.
"""

from __future__ import annotations

import importlib
from contextlib import nullcontext
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.inputs import catalogue, registry, scope

# Parser modules in a fixed order, from the raw-file registry.
DOMAINS = tuple(registry.domains())


# Tables computed from the tables of several parsers: rebuilt (with those parsers) when any
# of those parsers reruns, taken over with them otherwise (pipeline.run.reuse).
JOINED = {catalogue.IKM_AGREGAT: (catalogue.IKM_SERI, catalogue.IKM_PERUSAHAAN)}


def active_domains(year: int, paths: Paths, left_out_files: list[str] | None = None) -> list[str]:
    """The parser modules that run for this agency and year, in order (an agency without IKM
    indicators or data skips the IKM parsers); ``left_out_files`` when already known."""
    left_out = set(scope.left_out_files(paths, year) if left_out_files is None else left_out_files)
    active = []
    for module_name in DOMAINS:
        files = {f.name for f in registry.files_of(module_name.rsplit(".", 1)[1])}
        if not (files and files <= left_out):
            active.append(module_name)
    return active


def build(year: int, paths: Paths, *, skip=frozenset(), observe=None,
          produced: dict | None = None, left_out_files: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table for ``year``, in memory; none of the parsers in ``skip`` (their
    tables are taken over by the caller), nor a JOINED table unless all its inputs were built.
    ``observe(module_name)``, when given, is a context manager around each parser;
    ``produced``, when given, receives {parser module: [its tables]}."""
    if left_out_files is None:  # read once: it reads iku.csv
        left_out_files = scope.left_out_files(paths, year)
    out: dict[str, pd.DataFrame] = {}
    for module_name in active_domains(year, paths, left_out_files):
        if module_name in skip:
            continue
        module = importlib.import_module(module_name)
        with observe(module_name) if observe is not None else nullcontext():
            made = module.tables(paths, year)
        if produced is not None:
            produced[module_name] = sorted(made)
        for name, df in made.items():
            if name in out:
                raise RuntimeError(f"table {name} produced twice ({module_name})")
            out[name] = df
    from pipeline.clean.ikm import build_agregat
    from pipeline.measure.sources import check_iku

    if catalogue.IKU in out:
        check_iku(out[catalogue.IKU], paths.rel(paths.raw_common / "iku.csv"))
    if not {catalogue.IKM_SERI, catalogue.IKM_PERUSAHAAN} & scope.left_out_tables(paths, year, left_out_files) \
            and {catalogue.IKM_SERI, catalogue.IKM_PERUSAHAAN} <= out.keys():
        out[catalogue.IKM_AGREGAT] = build_agregat(out[catalogue.IKM_SERI], out[catalogue.IKM_PERUSAHAAN], year)
    return out


def write(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, pd.DataFrame]:
    """Each table stored through the catalogue (typed copy and CSV); returns them as typed."""
    return {name: catalogue.write(name, df, folder) for name, df in sorted(tables.items())}


def run(year: int, processed_dir: str | Path, paths: Paths) -> dict[str, pd.DataFrame]:
    """Build and write every processed table; returns them (typed as declared) for display."""
    folder = paths.resolve(processed_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return write(build(year, paths), folder)


def shape(df: pd.DataFrame) -> dict:
    """A table's rows and columns as the cleaning notebook's overview shows them."""
    return {"baris": len(df), "kolom": ", ".join(map(str, df.columns))}


def overview_of(shapes: dict[str, dict]) -> pd.DataFrame:
    """The overview from {table: shape(table)} (tables taken over are not read again)."""
    return pd.DataFrame([{"tabel": name, **shapes[name]} for name in sorted(shapes)])


def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and columns per processed table (what the cleaning notebook shows first)."""
    return overview_of({name: shape(df) for name, df in tables.items()})


def ikm_overview(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The register's cleaning log per rule and the year's IKM series, for the cleaning notebook;
    none for an agency whose indicators need no IKM data and which supplied none
    (pipeline.inputs.scope: the cleaning then produced no IKM table)."""
    if catalogue.IKM_LOG_PEMBERSIHAN not in tables:
        return []
    log = tables[catalogue.IKM_LOG_PEMBERSIHAN]
    return [log.groupby(["aturan", "tindakan"]).size().rename("baris").reset_index(), tables[catalogue.IKM_AGREGAT]]
