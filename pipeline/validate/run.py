"""The validation step of a run: critical suites first, then the published-vs-recomputed warnings.

    run(year, processed_dir, report_dir) -> {"critical": [...], "warnings": [...]}

1. load the processed tables and build the derived check tables (identities, roll-ups);
2. run every *critical* suite; on any failure write the validation outputs and raise
   ValidationFailed — nothing downstream (including the recomputation, which would trip over
   the same broken data) runs;
3. take ``perbandingan`` (published figures vs recomputation) as the cleaning step wrote it
   beside the processed tables (computed here only when it is not there, its failure then
   raised here), build the other warning tables, run the *warning* suites;
4. write report_dir/validation/ (index.html, findings.json, gx_results.json, perbandingan.csv)
   and the appendix section ``catatan_validasi``: the warnings grouped into distinct facts,
   most material first (also ``validation/koreksi.csv``; ``findings.json`` says how many
   under ``catatan``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.config import Paths
from pipeline.errors import LkjipError, ValidationFailed
from pipeline.inputs import catalogue, scope
from pipeline.inputs.rawfile import sha256_file
from pipeline.inputs.reads import in_run, kept_folder, reuse_allowed
from pipeline.measure import indicators
from pipeline.sections import lineage
from pipeline.sections.safecells import write_csv
from pipeline.validate import checks, docs, gx, kewajaran, recompute
from pipeline.validate import findings as findings_mod
from pipeline.validate.appendix import build_section, facts, summary_table


def _file(paths: Paths, year: int, name: str) -> str:
    return f"data/raw/{year}/{name}"


# Check tables built here from processed tables (beside the cleaning's own, sections.lineage.DERIVED):
# when what they read is left out for this agency, they are not built and their suites not run.
CHECK_TABLES = {"cek_ikm": (catalogue.IKM_SERI,), "cek_ikm_yoy": (catalogue.IKM_SERI,)}


def left_out(paths: Paths, year: int) -> set[str]:
    """Processed and check tables this agency has no data for, by declaration (the raw-file
    registry's ``needed_by``, pipeline.inputs.scope): the suites reading them are skipped."""
    out = scope.left_out_tables(paths, year)
    for name, reads in {**lineage.DERIVED, **CHECK_TABLES}.items():
        if out.intersection(reads):
            out.add(name)
    return out


def critical_tables(tables: dict[str, pd.DataFrame], year: int, paths: Paths,
                    absent: set[str] = frozenset()) -> dict[str, pd.DataFrame]:
    """Derived tables the critical suites check (identities and roll-ups of inputs)."""
    out = {"cek_ketenagakerjaan": checks.labour_identities(tables[catalogue.KETENAGAKERJAAN]),
           "cek_anggaran_rollup": checks.budget_rollups(
               tables[catalogue.ANGGARAN_SUBKEGIATAN], tables[catalogue.ANGGARAN_REKAP_DILAPORKAN],
               _file(paths, year, "anggaran_subkegiatan.csv"), _file(paths, year, "anggaran_rekap.csv")),
           kewajaran.TABLE: kewajaran.check_table(tables, year)}
    if "cek_ikm" not in absent:
        out["cek_ikm"] = checks.ikm_identities(tables[catalogue.IKM_SERI], tables.get(catalogue.IKM_AGREGAT))
    out.update(checks.breakdown_tables(tables, year))
    return out


def warning_tables(tables: dict[str, pd.DataFrame], year: int, absent: set[str] = frozenset(),
                   processed_dir: Path | None = None, paths: Paths | None = None) -> dict[str, pd.DataFrame]:
    """The tables the warning suites check; ``perbandingan`` from the cleaning step's copy in
    ``processed_dir`` when there is one (recompute.comparison_table), else computed from ``tables``."""
    comparison = recompute.comparison_table(tables, year, processed_dir, paths)
    out = {"perbandingan": comparison,
           "perbandingan_angka": recompute.numeric_part(comparison),
           "perbandingan_teks": recompute.text_part(comparison)}
    if "cek_ikm_yoy" not in absent:
        agregat = tables.get(catalogue.IKM_AGREGAT)
        out["cek_ikm_yoy"] = checks.yoy_ranges(agregat if agregat is not None else tables[catalogue.IKM_SERI])
    return out


def validate_tables(tables: dict[str, pd.DataFrame], year: int, suites: list[gx.SuiteSpec],
                    paths: Paths, kept: gx.SuiteResults | None = None,
                    processed_dir: Path | None = None) -> tuple[dict, list, list, dict]:
    """Run the suites on in-memory tables. Returns (findings, outcomes, raw GX results, all tables).

    Critical findings do not raise here; :func:`run` decides. A suite whose result ``kept``
    holds for the same suite and table is not run again. ``processed_dir``: the folder
    ``tables`` come from, whose copy of ``perbandingan`` is used (:func:`warning_tables`).
    """
    everything = dict(tables)
    absent = left_out(paths, year)
    all_suites, suites = suites, [s for s in suites if s.table not in absent]
    everything.update(critical_tables(tables, year, paths, absent))
    metas = {s.name: s.meta for s in suites}
    critical = [s for s in suites if s.severity == "critical"]
    warning = [s for s in suites if s.severity == "warning"]
    outcomes, raw = gx.run_suites(critical, everything, kept)
    found = findings_mod.collect(outcomes, everything, metas, year)
    if not found["critical"]:
        everything.update(warning_tables(tables, year, absent, processed_dir, paths))
        more, more_raw = gx.run_suites(warning, everything, kept)
        outcomes += more
        raw += more_raw
        found = findings_mod.collect(outcomes, everything, metas, year)
    found["suite_tidak_berlaku"] = sorted(s.name for s in all_suites if s.table in absent)
    found["dikonfirmasi"] = kewajaran.confirmed(everything[kewajaran.TABLE])
    found["konfirmasi_tidak_terpakai"] = kewajaran.unused_confirmations(tables, everything[kewajaran.TABLE])
    return found, outcomes, raw, everything


def write_outputs(report_dir: Path, year: int, found: dict, outcomes: list, raw: list,
                  everything: dict, suites: list[gx.SuiteSpec]) -> Path:
    folder = catalogue.VALIDATION.at(report_dir)
    folder.mkdir(parents=True, exist_ok=True)
    catalogue.FINDINGS.at(report_dir).write_text(
        json.dumps(found, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    catalogue.GX_RESULTS.at(report_dir).write_text(
        json.dumps(raw, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if "perbandingan" in everything:
        write_csv(everything["perbandingan"], catalogue.PERBANDINGAN.at(report_dir), lineterminator="\n")
    if "koreksi" in everything:
        write_csv(everything["koreksi"], catalogue.KOREKSI.at(report_dir), lineterminator="\n")
    metas = {s.name: {**s.meta, "table": s.table, "severity": s.severity,
                      "sha256": sha256_file(s.path), "berkas": f"expectations/{s.path.name}"}
             for s in suites}
    catalogue.DATA_DOCS.at(report_dir).write_text(docs.render(year, outcomes, everything, metas, found),
                                                  encoding="utf-8")
    return folder


def correction_facts(found: dict, everything: dict, tables: dict, year: int) -> list:
    """The warnings as distinct facts, judged against the year's evaluation when it can be made
    (after a critical failure it may not: the facts are then ranked without kriteria)."""
    evaluation = None
    if not found["critical"]:
        try:
            evaluation = indicators.evaluate(tables, year)
        except (LkjipError, KeyError, ValueError):
            evaluation = None
    return facts(found, everything.get("perbandingan"), year, evaluation,
                 indicators.criteria_scale(tables), indicators.ordinal_scale(tables))


def run(year: int, processed_dir, report_dir, paths: Paths,
        suites_dir: Path | None = None) -> dict:
    """Validate one year's processed data; raise ValidationFailed on a critical finding."""
    report_dir = paths.resolve(report_dir)
    suites = gx.load_suites(suites_dir or paths.expectations)
    tables = indicators.load_processed(processed_dir, paths)
    # in `lkjip run`: each suite's result is kept, and reused while its suite and table stay the same
    kept = (gx.SuiteResults(kept_folder(paths.resolve(processed_dir)) / "gx", reuse=reuse_allowed())
            if in_run() else None)
    found, outcomes, raw, everything = validate_tables(tables, int(year), suites, paths, kept, processed_dir)
    if kept is not None:
        kept.prune()
    items = correction_facts(found, everything, tables, int(year))
    found["catatan"] = len(items)
    everything["koreksi"] = summary_table(items)
    write_outputs(report_dir, int(year), found, outcomes, raw, everything, suites)
    build_section(found, everything.get("perbandingan"), int(year), items).save(report_dir)
    if found["critical"]:
        raise ValidationFailed(found["critical"])
    return found
