"""Which per-year raw files this agency's indicators need (declared in the raw-file registry).

A file declared ``needed_by`` some realisasi sources (the IKM register, series and halal list)
is needed only when an indicator of ``iku.csv`` uses one of them. Such a file that is absent is
*left out*: the cleaning produces none of its tables, ``check-inputs`` does not ask for it and
the validation skips the suites of its tables. A file that is present is always read.
"""

from __future__ import annotations

from pipeline.config import Paths
from pipeline.inputs import catalogue, registry


def sources_used(paths: Paths) -> set[str]:
    """The sumber_realisasi values of iku.csv (a bad iku.csv raises its own InputError)."""
    from pipeline.inputs import plan

    return set(plan.read_iku(paths.raw_common / "iku.csv", paths)["sumber_realisasi"])


def left_out_files(paths: Paths, year: int) -> list[str]:
    """Names of the year's raw files no indicator needs and the analyst did not supply."""
    folder = paths.raw_year(year)
    return [f.name for f in registry.not_needed(sources_used(paths)) if not (folder / f.name).is_file()]


def left_out_tables(paths: Paths, year: int, files: list[str] | None = None) -> set[str]:
    """The processed tables of :func:`left_out_files` (or of ``files``, when already known)."""
    names = set(left_out_files(paths, year) if files is None else files)
    return {t for f in registry.FILES if f.name in names for t in catalogue.tables_fed_by(f.name)}
