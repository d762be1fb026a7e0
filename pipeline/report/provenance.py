"""What a reviewer needs to reproduce a report: inputs with hashes, code and package versions."""

from __future__ import annotations

import platform
import subprocess
from pathlib import Path

import pipeline
from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.dependencies import DISTRIBUTION, pinned_versions
from pipeline.inputs.rawfile import sha256_file, tree_hashes
from pipeline.years import manifest


def code_version() -> str:
    """`git describe --always --dirty` of the checkout, else the package version."""
    try:
        done = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=PACKAGE_ROOT,
                              capture_output=True, text=True, timeout=10, check=False)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return f"{DISTRIBUTION} {pipeline.__version__}"


def package_versions() -> dict[str, str]:
    """Installed versions of the pinned runtime dependencies (plus Python itself)."""
    return {"python": platform.python_version(), **dict(pinned_versions())}


def used_raw_files(paths: Paths, year: int, listed: list[str] | None = None) -> list[str]:
    """Raw inputs of one year (relative to data/raw): the runner's list, else common/ + <year>/."""
    if listed is not None:
        return sorted(str(f) for f in listed)
    year_dir = str(year)
    return [rel for rel in manifest.raw_files(paths)
            if Path(rel).parts[0] in {"common", year_dir} or len(Path(rel).parts) == 1]


def parsed_files(paths: Paths, year: int) -> list[str]:
    """What the parsers' verdict on ``year`` depends on (relative to data/raw): its raw inputs
    (:func:`used_raw_files`) and data/raw/manifest.yml, whose declared notations they read."""
    return [*used_raw_files(paths, year), paths.raw_manifest.name]


def input_records(paths: Paths, files: list[str], read: dict[str, str] | None = None) -> dict[str, dict]:
    """sha256 of each raw input — as the run read it (``read``, taken when the build started)
    or else now — with its manifest source (and the Indonesian rujukan the report cites it by)
    and whether the manifest agrees."""
    entries = manifest.load(paths)
    records = {}
    for rel in files:
        path = paths.raw / rel
        if read is not None and rel in read:
            digest = read[rel]
        else:
            digest = sha256_file(path) if path.is_file() else None
        entry = entries.get(rel) or {}
        records[f"data/raw/{rel}"] = {
            "sha256": digest,
            "source": entry.get("source", ""),
            "table": entry.get("table", ""),
            "rujukan": entry.get("rujukan", ""),
            "jenis": manifest.kind(entry),
            "manifest_sha256_matches": bool(digest) and entry.get("sha256") == digest,
        }
    return records


def output_hashes(report_dir: Path, exclude: set[str] = frozenset()) -> dict[str, str]:
    # sorted as text, as manifest.json has always listed them
    return dict(sorted(tree_hashes(report_dir, exclude).items()))
