"""reports/index.html: every published year with its report, status and finding counts."""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.report.render import environment


def year_entries(reports_root: Path) -> list[dict]:
    entries = []
    for folder in sorted(Path(reports_root).iterdir(), key=lambda p: p.name, reverse=True):
        if not (folder.is_dir() and folder.name.isdigit()):
            continue
        year = folder.name
        summary = {}
        summary_path = folder / "summary.json"
        if summary_path.is_file():
            try:
                summary = json.loads(summary_path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError):
                summary = {}
        validasi = summary.get("validasi") or {}
        report = folder / f"LKjIP-{year}.html"
        entries.append({
            "year": year,
            "href": f"{year}/{report.name}" if report.is_file() else "",
            "status": {"final": "Final", "draft": "Draf"}.get(summary.get("status"), "Tidak diketahui"),
            "status_class": summary.get("status") or "unknown",
            "warnings": validasi.get("warnings", "–"),
            "critical": validasi.get("critical", "–"),
        })
    return entries


def write_index(reports_root: Path) -> Path:
    """Write reports_root/index.html (self-contained) and return its path."""
    reports_root = Path(reports_root)
    reports_root.mkdir(parents=True, exist_ok=True)
    html = environment().get_template("index.html.j2").render(entries=year_entries(reports_root))
    target = reports_root / "index.html"
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, target)
    return target
