"""A year's raw input folder: which years exist, which year is the template of another; entry
points of ``lkjip check-inputs`` (pipeline.completeness) and ``lkjip new-year`` (pipeline.newyear).

Which files a year needs is not typed here: it is whatever the manifest lists for the
nearest other year (the template year, normally the previous one). So when the agency adds
a new kind of input for 2024 and records it in data/raw/manifest.yml, 2025 will be asked for
it too.
"""

from __future__ import annotations

import re

from pipeline import manifest
from pipeline.config import Paths

YEAR_DIR = re.compile(r"^\d{4}$")


def raw_years(paths: Paths) -> list[int]:
    """Every year folder (four digits) under data/raw."""
    if not paths.raw.is_dir():
        return []
    return sorted(int(p.name) for p in paths.raw.iterdir() if p.is_dir() and YEAR_DIR.match(p.name))


def _listed_years(entries: dict) -> dict[int, list[str]]:
    years: dict[int, list[str]] = {}
    for rel in entries:
        parts = rel.split("/")
        if len(parts) == 2 and YEAR_DIR.match(parts[0]):
            years.setdefault(int(parts[0]), []).append(parts[1])
    return years


def template_year(paths: Paths, year: int, entries: dict | None = None) -> int | None:
    """The nearest other year with manifest entries: the latest before ``year``, else the first after."""
    listed = _listed_years(manifest.load(paths) if entries is None else entries)
    others = [y for y in listed if y != year]
    before = [y for y in others if y < year]
    if before:
        return max(before)
    return min(others) if others else None


def problems(paths: Paths, year: int) -> tuple[list[str], list[str]]:
    """(blocking, manifest warnings) of a year's inputs, as the runner checks them before a run
    (missing narrative is left out: the report says so itself). See pipeline.completeness."""
    from pipeline.completeness import problems as complete

    # The parse pass imports pandas; skip it (keeping the fast no-change path light) when a
    # report was published and every input still matches its recorded sha256.
    published = (paths.report_year(year) / "summary.json").is_file()
    year_files = [rel for rel in manifest.raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    recorded = published and paths.raw_manifest.is_file() and not manifest.check(paths, files=year_files)
    return complete(paths, year, narrative=False, parse=not recorded)


def new_year(paths: Paths, year: int, template: int | None = None):
    """Create the missing input files of ``year``: see :func:`pipeline.newyear.new_year`."""
    from pipeline.newyear import new_year as create

    return create(paths, year, template)
