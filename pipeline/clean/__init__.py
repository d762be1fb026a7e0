"""Cleaning: raw inputs to the tidy tables of data/processed/<year>/.

Each domain module exposes ``tables(paths, year) -> dict[str, DataFrame]``; :func:`run` calls
them in a fixed order, joins the IKM register aggregate onto the published series, and writes
every table as ``<name>.csv`` into the (staging) output folder given by the runner.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.inputs import registry

# Parser modules in a fixed order, from the raw-file registry.
DOMAINS = tuple(registry.domains())


def build(year: int, paths: Paths | None = None) -> dict[str, pd.DataFrame]:
    """Every processed table for ``year``, in memory."""
    paths = paths or Paths.default()
    out: dict[str, pd.DataFrame] = {}
    for module_name in DOMAINS:
        module = importlib.import_module(module_name)
        for name, df in module.tables(paths, year).items():
            if name in out:
                raise RuntimeError(f"table {name} produced twice ({module_name})")
            out[name] = df
    from pipeline.clean.ikm import build_agregat
    from pipeline.measure.sources import check_iku

    check_iku(out["iku"], paths.rel(paths.raw_common / "iku.csv"))
    out["ikm_agregat"] = build_agregat(out["ikm_seri"], out["ikm_perusahaan"], year)
    return out


def run(year: int, processed_dir: str | Path, paths: Paths | None = None) -> dict[str, pd.DataFrame]:
    """Build and write every processed table; returns them for display."""
    paths = paths or Paths.default()
    folder = paths.resolve(processed_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tables = build(year, paths)
    for name, df in sorted(tables.items()):
        df.to_csv(folder / f"{name}.csv", index=False, lineterminator="\n")
    return tables


def overview(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Rows and columns per processed table (what the cleaning notebook shows first)."""
    return pd.DataFrame(
        [{"tabel": name, "baris": len(df), "kolom": ", ".join(map(str, df.columns))}
         for name, df in sorted(tables.items())]
    )
