"""Machine-readable results a step hands to the assembler (report_dir/results/<name>.json)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.config import Paths
from pipeline.inputs import catalogue


def _folder(report_dir: str | Path, paths: Paths) -> Path:
    return catalogue.RESULTS.at(paths.resolve(report_dir))


def save(report_dir: str | Path, name: str, data: dict, paths: Paths) -> Path:
    folder = _folder(report_dir, paths)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return target


def load(report_dir: str | Path, name: str, paths: Paths) -> dict:
    path = _folder(report_dir, paths) / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))
