"""Which year folders exist under data/raw and which year is the template of another.

Which files a year needs is not typed here: it is whatever the manifest lists for the
nearest other year (the template year, normally the previous one). So when the agency adds
a new kind of input for 2024 and records it in data/raw/manifest.yml, 2025 will be asked for
it too.
"""

from __future__ import annotations

import re

from pipeline.config import Paths
from pipeline.years import manifest

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


def wilayah_name(paths: Paths) -> str:
    """The agency's wilayah as BPS names it (profil_instansi.yml), for hints and sources."""
    from pipeline.errors import LkjipError
    from pipeline.inputs.profile import load_profile

    try:
        return str(load_profile(paths)["wilayah"]["nama_bps"])
    except LkjipError:
        return "<wilayah>"
