"""The assemble step: saved sections + results -> LKjIP-<Y>.html, summary.json, tables.xlsx, manifest.json.

Runs in the run's staging folder after every analysis notebook succeeded (see the run
contract). It reads only what the steps saved under ``report_dir`` (sections/, tables/,
figures/, results/, validation/findings.json) and the raw inputs' hashes; it computes no
figures itself.

``run_info`` (all keys optional, JSON-serialisable):
    timestamp              the run's one declared time (ISO; defaults to now): the only thing
                           that differs between two runs of the same inputs
    parameters             the run's parameters (year is added)
    cache_keys             step -> cache key
    agency                 name on the cover (default: nama + kota of data/raw/common/profil_instansi.yml)
    sasaran_ids            the sasaran the runner executed (else read from processed iku.csv)
    inputs                 raw files used, relative to data/raw (else common/ + <year>/)
    notebooks              executed notebooks to copy into report_dir/notebooks/
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import shutil
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs.rawio import read_yaml
from pipeline.messages import RUN
from pipeline.report import layout, pdf, provenance
from pipeline.report.index import write_index  # noqa: F401  (part of this module's API)
from pipeline.report.notebook_html import render_notebooks
from pipeline.report.render import Numbering, block_views, environment
from pipeline.report.sections import Section
from pipeline.report.xlsx import write_tables_xlsx

SUMMARY_SASARAN_KEYS = ("id", "nama", "indikator", "satuan", "polaritas", "target", "realisasi",
                        "realisasi_dilaporkan", "capaian", "capaian_dilaporkan", "kriteria", "pagu",
                        "realisasi_anggaran", "serapan", "efisiensi")
ANGGARAN_KEYS = ("pagu", "realisasi", "serapan")


# -- small helpers -----------------------------------------------------------------------
def _clean_json(value):
    """NaN/inf are not JSON: they become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean_json(v) for v in value]
    return value


def _dumps(data) -> str:
    return json.dumps(_clean_json(data), ensure_ascii=False, indent=2, default=str) + "\n"


def _write_text(path: Path, text: str) -> None:
    """Atomic within the folder: a reader never sees a half-written file."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _read_json(path: Path, default):
    if not path.is_file():
        return default
    return json.loads(path.read_text(encoding="utf-8"))


# -- what the steps saved ----------------------------------------------------------------
def saved_section_ids(report_dir: Path) -> list[str]:
    return sorted(p.stem for p in (report_dir / "sections").glob("*.json"))


def _ids_from_iku(processed_dir: Path) -> list[str]:
    path = Path(processed_dir) / "iku.csv"
    if not path.is_file():
        return []
    try:
        df = pd.read_csv(path, sep=None, engine="python", dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError):
        return []
    for column in ("sasaran_id", "sasaran"):
        if column in df.columns:
            return [v.strip() for v in df[column] if v.strip()]
    return []


def sasaran_ids(report_dir: Path, processed_dir: Path, run_info: dict) -> list[str]:
    """Every sasaran the run should report: declared ones plus any that saved output."""
    declared = run_info.get("sasaran_ids")
    ids = {str(i) for i in (declared if declared is not None else _ids_from_iku(processed_dir))}
    prefix = layout.SASARAN_PREFIX
    ids |= {s[len(prefix):] for s in saved_section_ids(report_dir) if s.startswith(prefix)}
    ids |= {p.stem[len(prefix):] for p in (report_dir / "results").glob(f"{prefix}*.json")}
    return sorted(ids, key=layout.sasaran_sort_key)


def load_sections(report_dir: Path) -> dict[str, Section]:
    sections = {}
    for sid in saved_section_ids(report_dir):
        try:
            sections[sid] = Section.load(report_dir, sid)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LkjipError(RUN["section_unreadable"].format(section=sid, detail=exc)) from exc
    return sections


def load_findings(report_dir: Path) -> dict | None:
    return _read_json(report_dir / "validation" / "findings.json", None)


def agency_name(paths: Paths, run_info: dict) -> str:
    """The cover's agency: the run's choice, else the agency profile, else the layout default."""
    if run_info.get("agency"):
        return str(run_info["agency"])
    path = paths.raw_common / "profil_instansi.yml"
    profile = read_yaml(path) if path.is_file() else None
    if isinstance(profile, dict) and profile.get("nama"):
        return " ".join(str(profile[k]).strip() for k in ("nama", "kota") if profile.get(k))
    return layout.DEFAULT_AGENCY


def _resolved(df: pd.DataFrame, numbering: Numbering) -> pd.DataFrame:
    """The table with cross-references (⟦tabel:…⟧, e.g. in Catatan Validasi) as table numbers."""
    text = [c for c in df.columns if df[c].map(lambda v: isinstance(v, str) and "⟦" in v).any()]
    if not text:
        return df
    out = df.copy()
    for column in text:
        out[column] = out[column].map(lambda v: numbering.resolve(v) if isinstance(v, str) else v)
    return out


# -- summary.json ------------------------------------------------------------------------
def build_summary(year: int, report_dir: Path, ids: list[str], status: str,
                  findings: dict | None, draft_parts: list[str] | None = None) -> dict:
    results = report_dir / "results"
    sasaran = []
    for sid in ids:
        entry = _read_json(results / f"{layout.SASARAN_PREFIX}{sid}.json", None)
        if entry is not None:
            sasaran.append(entry)
    anggaran = _read_json(results / "anggaran.json", None) or {k: None for k in ANGGARAN_KEYS}
    findings = findings or {}
    critical = list(findings.get("critical") or [])
    warnings = list(findings.get("warnings") or [])
    return {
        "year": int(year),
        "status": status,
        "sasaran": sasaran,
        "anggaran": anggaran,
        # warnings = distinct facts of Catatan Validasi (one error printed in six places counts
        # once); temuan keeps every finding row of findings.json.
        "validasi": {"critical": len(critical), "warnings": int(findings.get("catatan", len(warnings))),
                     "temuan": critical + warnings,
                     # implausible figures the analyst confirmed in narasi.yml (validate.kewajaran)
                     "dikonfirmasi": list(findings.get("dikonfirmasi") or [])},
        # the sections whose "BELUM DIISI" placeholders keep the report a draft
        "belum_diisi": list(draft_parts or []),
    }


# -- the document ------------------------------------------------------------------------
def _missing_view(section_id: str) -> list[dict]:
    return [{"kind": "placeholder", "text": f"Bagian ini ('{section_id}') tidak dihasilkan oleh "
             "langkah analisisnya; laporan ini masih draf.", "title": "", "source": "", "items": []}]


def build_parts(parts: list[layout.Part], sections: dict[str, Section],
                numbering: Numbering) -> list[dict]:
    """Parts as template views, in document order (which is also numbering order)."""
    views = []
    for part in parts:
        numbering.start_chapter(part.chapter)
        view = {"anchor": part.anchor, "number": part.number, "title": part.title,
                "level": part.level, "blocks": [], "missing": False}
        if part.section_id:
            section = sections.get(part.section_id)
            if section is None:
                view["blocks"], view["missing"] = _missing_view(part.section_id), True
            else:
                view["blocks"] = block_views(section, numbering, heading_base=part.level)
        view["children"] = build_parts(part.children, sections, numbering)
        views.append(view)
    return views


def _toc(parts: list[dict]) -> list[dict]:
    return [{"anchor": p["anchor"], "label": " ".join(x for x in (p["number"], p["title"]) if x),
             "children": _toc(p["children"])} for p in parts]


def _any_missing(parts: list[dict]) -> bool:
    return any(p["missing"] or _any_missing(p["children"]) for p in parts)


def _copy_notebooks(report_dir: Path, notebooks) -> list[str]:
    target = report_dir / "notebooks"
    for source in notebooks or []:
        source = Path(source)
        if source.is_file() and source.resolve().parent != target.resolve():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / source.name)
    if not target.is_dir():
        return []
    return sorted(p.relative_to(report_dir).as_posix() for p in target.glob("*.ipynb"))


def assemble(report_dir, year, processed_dir, run_info, *, paths: Paths | None = None) -> None:
    """Write summary.json, tables.xlsx, LKjIP-<year>.html, LKjIP-<year>.pdf and manifest.json."""
    paths = paths or Paths.default()
    report_dir, processed_dir = Path(report_dir), Path(processed_dir)
    run_info = dict(run_info or {})
    run_info.setdefault("timestamp", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    year = int(year)

    # starts the browser while the HTML is built; the published PDF's page numbers are tried first
    job = pdf.PdfJob(previous=paths.report_year(year) / f"LKjIP-{year}.pdf")
    try:
        return _assemble(report_dir, year, processed_dir, run_info, paths, job)
    finally:
        job.cancel()


def _assemble(report_dir: Path, year: int, processed_dir: Path, run_info: dict, paths: Paths,
              job: pdf.PdfJob) -> None:
    notebooks = _copy_notebooks(report_dir, run_info.get("notebooks"))
    sections = load_sections(report_dir)
    ids = sasaran_ids(report_dir, processed_dir, run_info)
    known = set(layout.FIXED_SECTIONS) | {f"{layout.SASARAN_PREFIX}{i}" for i in ids}
    extra = {sid: s.title for sid, s in sections.items() if sid not in known}
    titles = {i: sections[f"{layout.SASARAN_PREFIX}{i}"].title
              for i in ids if f"{layout.SASARAN_PREFIX}{i}" in sections}
    parts = layout.outline(ids, titles, extra)

    numbering = Numbering()
    part_views = build_parts(parts, sections, numbering)
    findings = load_findings(report_dir)

    reasons = []
    if _any_missing(part_views):
        reasons.append("missing sections: " + ", ".join(
            sid for sid in layout.section_ids(parts) if sid not in sections))
    placeholders = sorted(sid for sid, s in sections.items() if s.has_placeholder)
    if placeholders:
        reasons.append("placeholders in: " + ", ".join(placeholders))
    if findings is None:
        reasons.append("validation/findings.json missing")
    status = "draft" if reasons else "final"

    summary = build_summary(year, report_dir, ids, status, findings, placeholders)

    inputs = provenance.input_records(
        paths, provenance.used_raw_files(paths, year, run_info.get("inputs")))
    parameters = {"year": year, **(run_info.get("parameters") or {})}
    code_version = provenance.code_version()
    context = {
        "year": year,
        "agency": agency_name(paths, run_info),
        "status": status,
        "parts": part_views,
        "toc": _toc(part_views),
        "table_list": [e for e in numbering.entries if e["kind"] == "table"],
        "figure_list": [e for e in numbering.entries if e["kind"] == "figure"],
        "validasi": summary["validasi"],
        "provenance": {
            "code_version": code_version,
            "parameters": [(str(k), json.dumps(v, ensure_ascii=False, default=str)
                            if not isinstance(v, str) else v) for k, v in parameters.items()],
            "timestamp": str(run_info["timestamp"]),
            "inputs": inputs,
            "notebooks": [{"ipynb": nb, "html": nb.removesuffix(".ipynb") + ".html",
                           "name": Path(nb).stem} for nb in notebooks],
            "data_docs": (report_dir / "validation" / "index.html").is_file(),
            "pdf": f"LKjIP-{year}.pdf",
        },
    }
    html = environment().get_template("report.html.j2").render(**context)
    html_path = report_dir / f"LKjIP-{year}.html"
    _write_text(html_path, html)
    job.render(html_path, report_dir / context["provenance"]["pdf"])

    # while the PDF is laid out: what the HTML links to but does not contain
    _write_text(report_dir / "summary.json", _dumps(summary))
    tables = [{**entry, "df": _resolved(sections[entry["section"]].tables[entry["id"]], numbering),
               "source": next((b.source for b in sections[entry["section"]].blocks
                               if b.kind == "table" and b.id == entry["id"]), "")}
              for entry in numbering.entries if entry["kind"] == "table"]
    write_tables_xlsx(report_dir / "tables.xlsx", tables)
    render_notebooks(report_dir / "notebooks")
    pages = job.pages()

    doc = {
        "year": year,
        "agency": context["agency"],
        "status": status,
        "status_reasons": reasons,
        "parameters": parameters,
        "code_version": code_version,
        "packages": provenance.package_versions(),
        "inputs": inputs,
        "run_info": run_info,
        "pdf": {"file": context["provenance"]["pdf"], "pages": pages},
    }
    doc["outputs"] = provenance.output_hashes(report_dir, exclude={"manifest.json"})
    _write_text(report_dir / "manifest.json", _dumps(doc))
