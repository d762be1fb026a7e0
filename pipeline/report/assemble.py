"""The assemble step: saved sections + results -> LKjIP-<Y>.html, summary.json, manifest.json, then
tables.xlsx, the notebooks' pages and LKjIP-<Y>.pdf (:class:`Following`).

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
    sasaran_ids            the sasaran the runner executed (else read from the processed table iku)
    inputs                 raw files used, relative to data/raw (else common/ + <year>/)
    inputs_read            raw file -> sha256 when the build started: the bytes the figures come
                           from (the runner refuses to publish when a file changed meanwhile)
    notebooks              executed notebooks to copy into report_dir/notebooks/
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs import catalogue
from pipeline.inputs.rawio import read_yaml
from pipeline.messages import RUN
from pipeline.report import lke, pdf, provenance
from pipeline.report.index import write_index  # noqa: F401  (part of this module's API)
from pipeline.report.notebook_html import render_notebooks
from pipeline.report.templating import compile_templates, environment
from pipeline.report.xlsx import write_tables_xlsx
from pipeline.sections import ahead, layout, lineage
from pipeline.sections.images import MIME_TYPES, image_type
from pipeline.sections.model import Section
from pipeline.sections.render import Numbering, block_views

REVIU_SECTION = "lampiran_reviu"
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
    return sorted(p.stem for p in catalogue.SECTIONS.at(report_dir).glob("*.json"))


def _ids_from_iku(processed_dir: Path) -> list[str]:
    if not catalogue.parquet_file(processed_dir, catalogue.IKU).is_file():
        return []
    return [str(v) for v in catalogue.read(catalogue.IKU, processed_dir)["sasaran_id"].dropna()]


def sasaran_ids(report_dir: Path, processed_dir: Path, run_info: dict) -> list[str]:
    """Every sasaran the run should report: declared ones plus any that saved output."""
    declared = run_info.get("sasaran_ids")
    ids = {str(i) for i in (declared if declared is not None else _ids_from_iku(processed_dir))}
    prefix = layout.SASARAN_PREFIX
    ids |= {s[len(prefix):] for s in saved_section_ids(report_dir) if s.startswith(prefix)}
    ids |= {p.stem[len(prefix):] for p in catalogue.RESULTS.at(report_dir).glob(f"{prefix}*.json")}
    return sorted(ids, key=layout.sasaran_sort_key)


def load_sections(report_dir: Path) -> dict[str, Section]:
    sections = {}
    for sid in saved_section_ids(report_dir):
        try:
            sections[sid] = ahead.take(report_dir, sid) or Section.load(report_dir, sid)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise LkjipError(RUN["section_unreadable"].format(section=sid, detail=exc)) from exc
    return sections


def load_findings(report_dir: Path) -> dict | None:
    return _read_json(catalogue.FINDINGS.at(report_dir), None)


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
    text = [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])
            and df[c].map(lambda v: isinstance(v, str) and "⟦" in v).any()]
    if not text:
        return df
    out = df.copy()
    for column in text:
        out[column] = out[column].map(lambda v: numbering.resolve(v) if isinstance(v, str) else v)
    return out


# -- summary.json ------------------------------------------------------------------------
def sasaran_results(report_dir: Path, ids: list[str]) -> list[dict]:
    found = (_read_json(catalogue.RESULTS.at(report_dir, f"{layout.SASARAN_PREFIX}{sid}.json"), None) for sid in ids)
    return [entry for entry in found if entry is not None]


def build_summary(year: int, report_dir: Path, ids: list[str], status: str,
                  findings: dict | None, draft_parts: list[str] | None = None) -> dict:
    results = catalogue.RESULTS.at(report_dir)
    sasaran = sasaran_results(report_dir, ids)
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


# -- synthetic inputs: the report is an example ------------------------------------------
def synthetic_inputs(reads: lineage.Lineage, sections: dict[str, Section]) -> list[str]:
    """The synthetic raw inputs (data/raw/…) any table, chart or sentence of the report reads."""
    files = [f for sid, section in sorted(sections.items())
             for f in reads.section_files(sid, [b.id for b in section.blocks if b.kind in ("table", "figure")])]
    return reads.synthetic_inputs(files)


def _xlsx_source(reads: lineage.Lineage, section: Section, table_id: str) -> str:
    """The table's Sumber as printed under it, with its DATA SINTETIS label (tables.xlsx)."""
    fallback = next((b.source for b in section.blocks if b.kind == "table" and b.id == table_id), "")
    source, synthetic = reads.describe(table_id, fallback)
    return f"DATA SINTETIS. {source}" if synthetic else source


def example_status(status: str, synthetic: list[str]) -> str:
    """A report built on synthetic data is an example ('contoh'), never final."""
    return "contoh" if synthetic and status == "final" else status


# -- the document ------------------------------------------------------------------------
def _missing_view(section_id: str) -> list[dict]:
    return [{"kind": "placeholder", "text": f"Bagian ini ('{section_id}') tidak dihasilkan oleh "
             "langkah analisisnya; laporan ini masih draf.", "title": "", "source": "", "items": []}]


def build_parts(parts: list[layout.Part], sections: dict[str, Section],
                numbering: Numbering, lineage_of_year: lineage.Lineage | None = None) -> list[dict]:
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
                view["blocks"] = block_views(section, numbering, heading_base=part.level,
                                             lineage=lineage_of_year)
        view["children"] = build_parts(part.children, sections, numbering, lineage_of_year)
        views.append(view)
    return views


def _toc(parts: list[dict]) -> list[dict]:
    return [{"anchor": p["anchor"], "label": " ".join(x for x in (p["number"], p["title"]) if x),
             "children": _toc(p["children"])} for p in parts]


def _any_missing(parts: list[dict]) -> bool:
    return any(p["missing"] or _any_missing(p["children"]) for p in parts)


# -- the formal document: cover and self-evaluation ---------------------------------------
LKE_SECTION = "lampiran_lke"
LOGO_FILES = ("logo.svg", "logo.png")


def cover(paths: Paths, sections: dict[str, Section], alasan: list[str]) -> dict:
    """The cover's logo (data/raw/common/logo.*, inline), place and date (those of the Kata
    Pengantar's signature) and, for a draft, why it is one."""
    logo = next((paths.raw_common / name for name in LOGO_FILES if (paths.raw_common / name).is_file()), None)
    data = logo.read_bytes() if logo else b""
    signed = [s for b in (sections["kata_pengantar"].blocks if "kata_pengantar" in sections else [])
              if b.kind == "signature" for s in b.items]
    place_date = signed[0]["tempat_tanggal"] if signed else ""
    return {"logo": f"data:{MIME_TYPES[image_type(data)]};base64,{base64.b64encode(data).decode('ascii')}"
            if data else "",
            "tempat_tanggal": "" if "BELUM DIISI" in place_date else place_date,
            "alasan": alasan}


def self_evaluation(report_dir: Path, year: int, ids: list[str], sections: dict[str, Section],
                    parts: list[layout.Part]) -> Section:
    """Lembar Evaluasi Mandiri from the built sections (pipeline.report.lke); writes lke.json."""
    labels = {p.section_id: " ".join(x for x in (p.number, p.title) if x)
              for top in parts for p in top.walk() if p.section_id}
    facts = _read_json(catalogue.RESULTS.at(report_dir, "dokumen.json"), {})
    sheet = lke.evaluate(lke.Report(year, sections, sasaran_results(report_dir, ids), facts, labels))
    _write_text(catalogue.LKE.at(report_dir), _dumps(sheet))
    return lke.build_section(sheet)


def draft_reasons(parts: list[layout.Part], part_views: list[dict], sections: dict[str, Section],
                  findings: dict | None) -> tuple[list[str], list[str], list[str]]:
    """Why the report is a draft: (reasons for manifest.json, the same in Bahasa Indonesia for
    summary.json, the cover and the run's last line, sections holding placeholders). A missing
    part, a BELUM DIISI placeholder (the reviu statement included) or missing validation results."""
    reasons, alasan = [], []
    if _any_missing(part_views):
        missing = [sid for sid in layout.section_ids(parts) if sid not in sections]
        reasons.append("missing sections: " + ", ".join(missing))
        alasan.append(RUN["draft_missing"].format(parts=", ".join(missing)))
    placeholders = sorted(sid for sid, s in sections.items() if s.has_placeholder)
    if placeholders:
        reasons.append("placeholders in: " + ", ".join(placeholders))
        reviu = sections.get(REVIU_SECTION)
        if reviu is not None and reviu.has_placeholder:
            alasan.append(RUN["draft_reviu"])
        others = [sid for sid in placeholders if sid != REVIU_SECTION]
        if others:
            alasan.append(RUN["draft_placeholders"].format(parts=", ".join(others)))
    if findings is None:
        reasons.append("validation/findings.json missing")
        alasan.append(RUN["draft_no_findings"])
    return reasons, alasan, placeholders


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


def prepare() -> None:
    """Work the assembly can do before the steps end (the runner calls this in the background
    while they run): the report's templates compiled. Not the notebooks' pages' nbconvert
    (0,7 CPU-s, used after the HTML is published: while the steps run, the cores are the
    kernels'): :meth:`Following.finish` imports it beside the PDF's print, one thread at a time
    (pipeline.report.notebook_html)."""
    compile_templates()


def assemble(report_dir, year, processed_dir, run_info, *, paths: Paths) -> None:
    """Write summary.json, tables.xlsx, LKjIP-<year>.html, LKjIP-<year>.pdf and manifest.json."""
    assemble_html(report_dir, year, processed_dir, run_info, paths=paths).finish(Path(report_dir))


class Following:
    """What follows the published report: the documents made from what the HTML holds, which it
    links to. The PDF is printed meanwhile; :meth:`finish` writes tables.xlsx, the notebooks'
    pages and the PDF into the folder the report now lives in, then records the PDF's pages and
    every output's sha256 in manifest.json (each file replaced atomically)."""

    def __init__(self, job: pdf.PdfJob, pdf_name: str, tables: Callable[[], list[dict]],
                 notebooks: list[str]) -> None:
        """``tables``: tables.xlsx's tables (pipeline.report.xlsx), made when it is written."""
        self.job, self.pdf_name, self.tables, self.notebooks = job, pdf_name, tables, notebooks

    @property
    def files(self) -> list[str]:
        """The report files still to come, relative to the report folder."""
        pages = [nb.removesuffix(".ipynb") + ".html" for nb in self.notebooks]
        return sorted([self.pdf_name, catalogue.TABLES_XLSX.path, *pages])

    def finish(self, report_dir: Path) -> int:
        """Write the documents into ``report_dir``; the PDF's page count."""
        report_dir = Path(report_dir)
        write_tables_xlsx(catalogue.TABLES_XLSX.at(report_dir), self.tables())
        render_notebooks(report_dir / "notebooks")
        pages = self.job.write(report_dir / self.pdf_name)
        path = catalogue.MANIFEST.at(report_dir)
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["pdf"] = {"file": self.pdf_name, "pages": pages}
        doc["outputs"] = provenance.output_hashes(report_dir, exclude={catalogue.MANIFEST.path})
        _write_text(path, _dumps(doc))
        return pages

    def cancel(self) -> None:
        self.job.cancel()


def start_pdf(paths: Paths, year: int) -> pdf.PdfJob:
    """The year's PDF job: its browser starts now, and the published PDF's page numbers are
    read meanwhile (tried first when it prints)."""
    return pdf.PdfJob(previous=paths.report_year(int(year)) / f"LKjIP-{int(year)}.pdf")


def assemble_html(report_dir, year, processed_dir, run_info, *, paths: Paths,
                  job: pdf.PdfJob | None = None) -> Following:
    """Write the report (HTML, summary.json, the tables, manifest.json) but the documents made
    from it (:class:`Following`), while its PDF is printed: the report may be published (moved)
    once this returns, then :meth:`Following.finish` adds them. Until then manifest.json
    records the PDF's pages as ``null``.

    ``job``: the year's PDF job (:func:`start_pdf`) when the caller started it ahead (the runner,
    once a worker had no step left); else its browser starts now, while the HTML is built."""
    report_dir, processed_dir = Path(report_dir), Path(processed_dir)
    run_info = dict(run_info or {})
    run_info.setdefault("timestamp", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    year = int(year)

    job = job or start_pdf(paths, year)
    try:
        following = _assemble(report_dir, year, processed_dir, run_info, paths, job)
        # a browser that could not start stops the run here, with nothing published
        job.started()
    except BaseException:
        job.cancel()
        raise
    return following


def _assemble(report_dir: Path, year: int, processed_dir: Path, run_info: dict, paths: Paths,
              job: pdf.PdfJob) -> Following:
    notebooks = _copy_notebooks(report_dir, run_info.get("notebooks"))
    sections = load_sections(report_dir)
    ids = sasaran_ids(report_dir, processed_dir, run_info)
    known = set(layout.FIXED_SECTIONS) | {f"{layout.SASARAN_PREFIX}{i}" for i in ids}
    extra = {sid: s.title for sid, s in sections.items() if sid not in known}
    titles = {i: sections[f"{layout.SASARAN_PREFIX}{i}"].title
              for i in ids if f"{layout.SASARAN_PREFIX}{i}" in sections}
    parts = layout.outline(ids, titles, extra)
    sections[LKE_SECTION] = self_evaluation(report_dir, year, ids, sections, parts)

    numbering = Numbering()
    reads = lineage.Lineage.of_year(paths, year, processed_dir)
    part_views = build_parts(parts, sections, numbering, reads)
    findings = load_findings(report_dir)

    reasons, alasan, placeholders = draft_reasons(parts, part_views, sections, findings)
    status = "draft" if reasons else "final"
    synthetic = synthetic_inputs(reads, sections)
    status = example_status(status, synthetic)

    summary = build_summary(year, report_dir, ids, status, findings, placeholders)
    summary["data_sintetis"] = synthetic
    summary["status_alasan"] = alasan

    inputs = provenance.input_records(
        paths, provenance.used_raw_files(paths, year, run_info.get("inputs")), run_info.get("inputs_read"))
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
        "data_sintetis": [reads.caption([f.removeprefix("data/raw/")]) for f in synthetic],
        "cover": cover(paths, sections, alasan),
        "provenance": {
            "code_version": code_version,
            "parameters": [(str(k), json.dumps(v, ensure_ascii=False, default=str)
                            if not isinstance(v, str) else v) for k, v in parameters.items()],
            "timestamp": str(run_info["timestamp"]),
            "inputs": inputs,
            "notebooks": [{"ipynb": nb, "html": nb.removesuffix(".ipynb") + ".html",
                           "name": Path(nb).stem} for nb in notebooks],
            "data_docs": catalogue.DATA_DOCS.at(report_dir).is_file(),
            "pdf": f"LKjIP-{year}.pdf",
        },
    }
    html = environment().get_template("report.html.j2").render(**context)
    html_path = report_dir / f"LKjIP-{year}.html"
    _write_text(html_path, html)
    job.render(html_path)

    # while the PDF is laid out; what the HTML links to but does not contain follows (Following)
    _write_text(catalogue.SUMMARY.at(report_dir), _dumps(summary))
    def tables() -> list[dict]:  # after the publish, with the PDF: not on the HTML's path
        return [{**entry, "df": _resolved(sections[entry["section"]].tables[entry["id"]], numbering),
                 "source": _xlsx_source(reads, sections[entry["section"]], entry["id"])}
                for entry in numbering.entries if entry["kind"] == "table"]

    following = Following(job, context["provenance"]["pdf"], tables,
                          sorted(p.name for p in (report_dir / "notebooks").glob("*.ipynb")))

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
        "pdf": {"file": context["provenance"]["pdf"], "pages": None},  # Following.finish
    }
    doc["outputs"] = provenance.output_hashes(report_dir, exclude={catalogue.MANIFEST.path})
    _write_text(catalogue.MANIFEST.at(report_dir), _dumps(doc))
    return following
