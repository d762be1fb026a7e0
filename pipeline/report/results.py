"""Machine-readable results a step hands to the assembler (report_dir/results/<name>.json)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.config import Paths
from pipeline.inputs import catalogue


def save(report_dir: str | Path, name: str, data: dict) -> Path:
    folder = catalogue.RESULTS.at(Paths.default().resolve(report_dir))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return target


def load(report_dir: str | Path, name: str) -> dict:
    path = catalogue.RESULTS.at(Paths.default().resolve(report_dir), f"{name}.json")
    return json.loads(path.read_text(encoding="utf-8"))
