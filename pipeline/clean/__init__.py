"""Cleaning: raw inputs to the tidy tables of data/processed/<year>/.

Each domain module exposes ``tables(paths, year) -> dict[str, DataFrame]``; :func:`run` calls
them in a fixed order, joins the IKM register aggregate onto the published series, and writes
every table through the data catalogue (pipeline.inputs.catalogue: typed Parquet plus the CSV
copy) into the (staging) output folder given by the runner.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.inputs import catalogue, registry, scope

# Parser modules in a fixed order, from the raw-file registry.
DOMAINS = tuple(registry.domains())


def build(year: int, paths: Paths | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table for ``year``, in memory."""
    paths = paths or Paths.default()
    out: dict[str, pd.DataFrame] = {}
    left_out = set(scope.left_out_files(paths, year))
    for module_name in DOMAINS:
        files = {f.name for f in registry.files_of(module_name.rsplit(".", 1)[1])}
        if files and files <= left_out:
            continue  # e.g. the IKM parsers of an agency without IKM indicators or data
        module = importlib.import_module(module_name)
        for name, df in module.tables(paths, year).items():
            if name in out:
                raise RuntimeError(f"table {name} produced twice ({module_name})")
            out[name] = df
    from pipeline.clean.ikm import build_agregat
    from pipeline.measure.sources import check_iku

    check_iku(out["iku"], paths.rel(paths.raw_common / "iku.csv"))
    if not {"ikm_seri", "ikm_perusahaan"} & scope.left_out_tables(paths, year):
        out["ikm_agregat"] = build_agregat(out["ikm_seri"], out["ikm_perusahaan"], year)
    return out


def run(year: int, processed_dir: str | Path, paths: Paths | None = None) -> dict[str, pd.DataFrame]:
    """Build and write every processed table; returns them (typed as declared) for display."""
    paths = paths or Paths.default()
    folder = paths.resolve(processed_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return {name: catalogue.write(name, df, folder) for name, df in sorted(build(year, paths).items())}


def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and columns per processed table (what the cleaning notebook shows first)."""
    return pd.DataFrame(
        [{"tabel": name, "baris": len(df), "kolom": ", ".join(map(str, df.columns))}
         for name, df in sorted(tables.items())]
    )


def ikm_overview(tables: dict[str, pd.DataFrame]) -> list[pd.DataFrame]:
    """The register's cleaning log per rule and the year's IKM series, for the cleaning notebook;
    none for an agency whose indicators need no IKM data and which supplied none
    (pipeline.inputs.scope: the cleaning then produced no IKM table)."""
    if "ikm_log_pembersihan" not in tables:
        return []
    log = tables["ikm_log_pembersihan"]
    return [log.groupby(["aturan", "tindakan"]).size().rename("baris").reset_index(), tables["ikm_agregat"]]
