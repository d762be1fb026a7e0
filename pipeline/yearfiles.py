"""A year's raw input folder: is it complete (``lkjip check-inputs``), and starting a new one
(``lkjip new-year``).

Which files a year needs is not typed here: it is whatever the manifest lists for the
nearest other year (the template year, normally the previous one). So when the agency adds
a new kind of input for 2024 and records it in data/raw/manifest.yml, 2025 will be asked for
it too.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline import manifest
from pipeline.config import Paths
from pipeline.errors import LkjipError

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


def _data_rows(path: Path) -> int:
    lines = [line for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines()
             if line.strip(" ;,\t")]
    return max(len(lines) - 1, 0)


def problems(paths: Paths, year: int) -> tuple[list[str], list[str]]:
    """(blocking, manifest) problems of a year's inputs.

    Blocking: the year folder or a required file is missing, or a CSV has no data rows.
    Manifest: unlisted files, incomplete entries, content that changed without its sha256.
    """
    blocking: list[str] = []
    folder = paths.raw_year(year)
    if not folder.is_dir():
        return [f"data/raw/{year}/: folder is missing (start one with `lkjip new-year {year}`)"], []
    entries = manifest.load(paths)
    template = template_year(paths, year, entries)
    if template is not None:
        for name in sorted(_listed_years(entries).get(template, [])):
            if not (folder / name).is_file():
                blocking.append(f"data/raw/{year}/{name}: missing (data/raw/{template}/ has it)")
    for rel in entries:
        if rel.startswith((f"{year}/", "common/")) and not (paths.raw / rel).is_file():
            blocking.append(f"data/raw/{rel}: listed in data/raw/manifest.yml but the file is missing")
    present = [rel for rel in manifest.raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    for rel in present:
        path = paths.raw / rel
        if path.suffix.lower() == ".csv" and _data_rows(path) == 0:
            blocking.append(f"data/raw/{rel}: has no data rows yet")
    manifest_problems = manifest.check(paths, files=present) if paths.raw_manifest.is_file() else [
        "data/raw/manifest.yml is missing: every raw file needs its source, unit and sha256 there"]
    return blocking, manifest_problems


def _blank(value):
    """The same YAML structure with every answer emptied, for the analyst to fill in."""
    if isinstance(value, dict):
        return {key: _blank(item) for key, item in value.items()}
    if isinstance(value, list):
        return []
    return None


def new_year(paths: Paths, year: int, template: int | None = None) -> list[Path]:
    """Create data/raw/<year>/ from a template year: CSV headers only, YAML with empty answers.

    Adds manifest entries whose 'source' and 'table' are empty, so ``lkjip check-inputs``
    keeps listing them until the analyst records where each file came from. Existing raw
    files are never touched.
    """
    folder = paths.raw_year(year)
    if folder.exists() and any(folder.iterdir()):
        raise LkjipError(f"data/raw/{year}/ already exists and is not empty; nothing was changed.")
    entries = manifest.load(paths)
    if template is None:
        template = template_year(paths, year, entries)
        if template is None:
            years = [y for y in raw_years(paths) if y != year]
            template = max(years) if years else None
    if template is None or not paths.raw_year(template).is_dir():
        raise LkjipError(f"No template year to copy the file layout from (data/raw/{template}/ "
                         "does not exist).")
    created = []
    folder.mkdir(parents=True, exist_ok=True)
    for source in sorted(paths.raw_year(template).iterdir()):
        if not source.is_file() or source.name.startswith("."):
            continue
        target = folder / source.name
        if source.suffix.lower() == ".csv":
            header = source.read_text(encoding="utf-8-sig").splitlines()[0]
            target.write_text(header + "\n", encoding="utf-8")
        elif source.suffix.lower() in (".yml", ".yaml"):
            doc = yaml.safe_load(source.read_text(encoding="utf-8")) or {}
            target.write_text(f"# {year}: fill in, following data/raw/{template}/{source.name}\n"
                              + yaml.safe_dump(_blank(doc), sort_keys=False, allow_unicode=True),
                              encoding="utf-8")
        else:
            continue
        created.append(target)
    if paths.raw_manifest.is_file():
        doc = yaml.safe_load(paths.raw_manifest.read_text(encoding="utf-8")) or {}
        files = doc.setdefault("files", {}) or {}
        doc["files"] = files
        for target in created:
            old = files.get(f"{template}/{target.name}", {}) or {}
            files[f"{year}/{target.name}"] = {
                "source": "", "table": "", "section": old.get("section", ""), "unit": old.get("unit", ""),
                "notes": f"Created by `lkjip new-year {year}` from data/raw/{template}/{target.name}; "
                         f"fill in the data, source and table, then run `lkjip manifest --update`.",
                "sha256": manifest.sha256_file(target),
            }
        paths.raw_manifest.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                                      encoding="utf-8")
    return created
