"""Machine-readable results a step hands to the assembler (report_dir/results/<name>.json)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.config import Paths


def save(report_dir: str | Path, name: str, data: dict) -> Path:
    folder = Paths.default().resolve(report_dir) / "results"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{name}.json"
    target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return target


def load(report_dir: str | Path, name: str) -> dict:
    return json.loads((Paths.default().resolve(report_dir) / "results" / f"{name}.json").read_text(encoding="utf-8"))
