"""Provenance manifest of data/raw: every raw file's source, unit, notes and sha256.

``data/raw/manifest.yml`` maps each file (path relative to data/raw) to its record. A raw
file that changes without its manifest entry changing is caught by :func:`check` (and by
the test suite): raw data never changes silently.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import yaml

from pipeline.config import Paths

REQUIRED_FIELDS = ("source", "table", "unit", "sha256")
IGNORED = {"manifest.yml", "README.md"}
# The analyst's workbook (isian-<year>.xlsx) is a form, not raw data: `lkjip impor` writes the CSVs.
WORKBOOK = re.compile(r"^isian-\d{4}\.xlsx$")


def ignored(name: str) -> bool:
    """Files under data/raw that are not raw inputs (manifest, README, workbook, hidden files)."""
    return name in IGNORED or name.startswith(".") or bool(WORKBOOK.match(name))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load(paths: Paths | None = None) -> dict:
    paths = paths or Paths.default()
    if not paths.raw_manifest.is_file():
        return {}
    data = yaml.safe_load(paths.raw_manifest.read_text(encoding="utf-8")) or {}
    return data.get("files", {}) or {}


def raw_files(paths: Paths | None = None) -> list[str]:
    paths = paths or Paths.default()
    return sorted(
        str(p.relative_to(paths.raw)) for p in paths.raw.rglob("*")
        if p.is_file() and not ignored(p.name)
    )


def check(paths: Paths | None = None, files: list[str] | None = None) -> list[str]:
    """Problems with the manifest: unlisted files, missing files, incomplete entries, hash drift."""
    paths = paths or Paths.default()
    entries = load(paths)
    present = raw_files(paths)
    wanted = files if files is not None else present
    problems = []
    for rel in wanted:
        entry = entries.get(rel)
        if entry is None:
            problems.append(f"data/raw/{rel}: not listed in data/raw/manifest.yml")
            continue
        # At most one line per file: every missing field, or the stale checksum.
        missing = [f"'{field}'" for field in REQUIRED_FIELDS if not entry.get(field)]
        path = paths.raw / rel
        if missing:
            problems.append(f"data/raw/{rel}: manifest entry has no {', '.join(missing)}")
        elif path.is_file() and sha256_file(path) != entry["sha256"]:
            problems.append(f"data/raw/{rel}: content changed but its manifest sha256 did not "
                            f"(update the entry and say why in 'notes')")
    if files is None:
        for rel in entries:
            if rel not in present:
                problems.append(f"data/raw/{rel}: listed in the manifest but the file is missing")
    return problems


def update_hashes(paths: Paths | None = None) -> list[str]:
    """Rewrite sha256 for listed files (a deliberate act after a reviewed change). Returns changed."""
    paths = paths or Paths.default()
    text = paths.raw_manifest.read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines(True) if line.startswith("#"))
    doc = yaml.safe_load(text) or {}
    changed = []
    for rel, entry in (doc.get("files") or {}).items():
        path = paths.raw / rel
        if path.is_file():
            digest = sha256_file(path)
            if entry.get("sha256") != digest:
                entry["sha256"] = digest
                changed.append(rel)
    paths.raw_manifest.write_text(header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100),
                                  encoding="utf-8")
    return changed
