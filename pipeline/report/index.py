"""reports/index.html: every published year: status, results per sasaran, findings, links to every output."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from babel.dates import format_datetime

from pipeline.inputs import catalogue, idnum
from pipeline.report.templating import environment


def _read_json(path: Path) -> dict:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def _percent(value) -> str:
    return "–" if value is None else idnum.fmt_number(value, 2) + "%"


def _indicators(value) -> str:
    """summary.json's indikator[] (one dict per IKU) as their names, "; "-joined; never a repr."""
    if isinstance(value, list):
        names = [str(i.get("nama") or i.get("id") or "").strip() if isinstance(i, dict) else str(i).strip()
                 for i in value]
        return "; ".join(n for n in names if n) or "–"
    return str(value).strip() if isinstance(value, str) and value.strip() else "–"


def _built(manifest: dict) -> str:
    """The run's declared timestamp as "15 Januari 2025 08.01" (local time of the run)."""
    info = manifest.get("run_info") or {}
    text = str(info.get("timestamp") or info.get("finished") or "")
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        return text or "–"
    return format_datetime(when, "d MMMM y HH.mm", locale="id")


def year_entries(reports_root: Path) -> list[dict]:
    entries = []
    for folder in sorted(Path(reports_root).iterdir(), key=lambda p: p.name, reverse=True):
        if not (folder.is_dir() and folder.name.isdigit()):
            continue
        year = folder.name
        summary = _read_json(catalogue.SUMMARY.at(folder))
        manifest = _read_json(catalogue.MANIFEST.at(folder))
        validasi = summary.get("validasi") or {}
        report = folder / f"LKjIP-{year}.html"

        def link(rel: str, label: str, year=year, folder=folder):
            return {"href": f"{year}/{rel}", "label": label} if (folder / rel).is_file() else None

        notebooks = [link(p.relative_to(folder).as_posix(), p.stem)
                     for p in sorted((folder / "notebooks").glob("*.html"))]
        entries.append({
            "year": year,
            "href": f"{year}/{report.name}" if report.is_file() else "",
            "status": {"final": "Final", "draft": "Draf", "contoh": "Contoh"}.get(summary.get("status"),
                                                                                 "Tidak diketahui")
            + (" (data sintetis: " + ", ".join(summary["data_sintetis"]) + ")"
               if summary.get("data_sintetis") else ""),
            "status_class": summary.get("status") or "unknown",
            "warnings": validasi.get("warnings", "–"),
            "critical": validasi.get("critical", "–"),
            "agency": manifest.get("agency") or "",
            "built": _built(manifest) if manifest else "–",
            "sasaran": [{"id": s.get("id"), "nama": s.get("nama") or "", "indikator": _indicators(s.get("indikator")),
                         "capaian": _percent(s.get("capaian")), "kriteria": s.get("kriteria") or "–"}
                        for s in summary.get("sasaran") or [] if isinstance(s, dict)],
            "links": [x for x in (link(f"LKjIP-{year}.pdf", "PDF (A4)"),
                                  link(catalogue.DATA_DOCS.path, "Data Docs validasi"),
                                  link(catalogue.TABLES_XLSX.path, f"Tabel ({catalogue.TABLES_XLSX.path})")) if x],
            "notebooks": notebooks,
        })
    return entries


def write_index(reports_root: Path) -> Path:
    """Write reports_root/index.html (self-contained) and return its path."""
    reports_root = Path(reports_root)
    reports_root.mkdir(parents=True, exist_ok=True)
    entries = year_entries(reports_root)
    agencies = list(dict.fromkeys(e["agency"] for e in entries if e["agency"]))
    html = environment().get_template("index.html.j2").render(entries=entries, agencies=agencies)
    target = reports_root / "index.html"
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, target)
    return target
