"""The ``lkjip`` command (also ``python -m pipeline``).

Errors an analyst can act on (a bad input file, failed validation, missing inputs) are printed
as one plain message without a traceback; the exit code says which kind it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from pipeline.errors import LkjipError

DESCRIPTION = """\
Build the yearly performance accountability report (LKjIP) from the raw data in data/raw/.

Typical use:
  lkjip check-inputs --year 2025   are the 2025 files complete and recorded in the manifest?
  lkjip run --year 2025            build reports/2025/LKjIP-2025.html
  lkjip new-year 2026              start the 2026 input folder from the 2025 layout

Exit codes: 0 success, 1 unexpected error (see the notebook log named in the message),
2 a problem in an input file or missing inputs, 3 critical validation failure,
4 another run of the same year is in progress, 130 interrupted (Ctrl-C).
"""

RUN_HELP = """\
Run the whole pipeline for one or more years: clean the raw data, validate it, compute
every analysis, and write reports/<year>/ (the HTML report, summary.json, tables.xlsx, the
executed notebooks) and data/processed/<year>/.

Everything is built in a temporary folder and only replaces the previous report when every
step succeeded, so a failed or interrupted run never leaves a half-written report.
Steps whose inputs did not change since the last run are not repeated; if nothing changed
at all the command says "tidak ada perubahan" and finishes in a few seconds.

When a step fails, its executed notebook (with the error in it) is kept in
reports/.logs/<year>/ and the message names it. The last line printed is
  Laporan: reports/<year>/LKjIP-<year>.html · status: final|draft · peringatan: N
("draft" while some narrative is missing; N = validation warnings listed in the report).
"""


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"'{text}' is not a year like 2024")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lkjip", description=DESCRIPTION,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="build the report for one or more years",
                         description=RUN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    run.add_argument("--year", type=_year, action="append", default=[], metavar="YEAR",
                     help="year to build, e.g. 2024; repeat it to build several years")
    run.add_argument("--all", action="store_true",
                     help="build every year that has a folder in data/raw/ (e.g. data/raw/2024)")
    run.add_argument("--force", action="store_true",
                     help="redo every step even if its inputs did not change")
    run.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                     help="how many notebooks may run at the same time (default: the number of "
                          "processor cores of this computer)")
    run.add_argument("--quiet", action="store_true",
                     help="print only problems and the final line with the report's location")

    new = sub.add_parser("new-year", help="start the input folder for a new year",
                         description="Create the input files of data/raw/<YEAR>/ from the previous "
                                     "year, pre-filled with what is known (Renstra targets, last "
                                     "year's values in the history tables, last year's budget tree "
                                     "and table rows with blank figures, the narrative skeleton), "
                                     "and list what to fill and where each figure comes from. "
                                     "Existing files are never overwritten: only missing ones are "
                                     "created. Also writes the workbook data/raw/<YEAR>/isian-<YEAR>.xlsx: "
                                     "fill its yellow cells, then `lkjip impor --year YEAR` and "
                                     "`lkjip run --year YEAR`.")
    new.add_argument("year", type=_year, metavar="YEAR", help="the new year, e.g. 2025")
    new.add_argument("--from", dest="template", type=_year, default=None, metavar="YEAR",
                     help="copy the file layout of this year (default: the latest earlier year)")

    check = sub.add_parser("check-inputs", help="list everything missing or wrong in a year's inputs",
                           description="Check that every input file of a year is present, has data "
                                       "rows and is recorded in data/raw/manifest.yml with its "
                                       "source and an up-to-date checksum. Prints all problems at "
                                       "once; changes nothing.")
    check.add_argument("--year", type=_year, required=True, metavar="YEAR", help="year to check")

    imp = sub.add_parser("impor", help="baca isian-<TAHUN>.xlsx kembali ke file CSV data/raw/<TAHUN>/",
                         description="Membaca workbook data/raw/<TAHUN>/isian-<TAHUN>.xlsx (dibuat oleh "
                                     "`lkjip new-year`) dan menulis setiap lembar ke file CSV-nya; sumber "
                                     "dan tabel setiap lembar dicatat di data/raw/manifest.yml. File CSV "
                                     "yang sudah diubah langsung tidak ditimpa kecuali dengan --timpa. "
                                     "Melaporkan per lembar apa yang ditulis.")
    imp.add_argument("--year", type=_year, required=True, metavar="TAHUN", help="tahun, mis. 2025")
    imp.add_argument("--timpa", action="store_true",
                     help="timpa juga file CSV yang sudah diubah langsung sejak impor terakhir")

    man = sub.add_parser("manifest", help="check or update the checksums in data/raw/manifest.yml",
                         description="Without options: list files whose content no longer matches "
                                     "data/raw/manifest.yml. With --update: record the current "
                                     "checksum of every listed file (do this after a reviewed "
                                     "change of a raw file, and say why in its 'notes').")
    man.add_argument("--update", action="store_true",
                     help="rewrite the sha256 of every listed raw file to its current content")
    return parser


def _years(args, paths) -> list[int]:
    from pipeline.years.folders import raw_years

    years = list(args.year)
    if args.all:
        years += raw_years(paths)
    if not years:
        raise LkjipError("Say which year to build: --year 2024 (repeatable) or --all.")
    return sorted(set(years))


def cmd_run(args) -> int:
    from pipeline.config import Paths
    from pipeline.run.progress import Progress
    from pipeline.run.runner import report_line, run_years

    paths = Paths.default()
    progress = Progress(quiet=args.quiet)
    years = _years(args, paths)
    t0 = time.monotonic()
    results, errors = run_years(years, paths=paths, jobs=args.jobs, force=args.force, progress=progress)
    for year in sorted(errors):
        _print_error(errors[year], prefix=f"{year}: " if len(years) > 1 else "")
    for result in sorted(results, key=lambda r: r.year):
        if result.status == "published":
            progress.info(f"{result.year}: {len(result.executed)} step(s) executed, "
                          f"{len(result.cached)} taken from the cache ({time.monotonic() - t0:.1f} s)")
        if result.status == "unchanged":
            progress.line(f"{result.year}: tidak ada perubahan ({time.monotonic() - t0:.1f} s)")
        progress.line(report_line(paths, result))
    if errors:
        return max(getattr(e, "exit_code", 1) for e in errors.values())
    return 0


def cmd_new_year(args) -> int:
    from pipeline.config import Paths
    from pipeline.years.yearfiles import new_year

    paths = Paths.default()
    result = new_year(paths, args.year, args.template)
    if result.skipped:
        print(f"Kept {len(result.skipped)} existing file(s) of data/raw/{args.year}/ unchanged:")
        for path in result.skipped:
            print(f"  {paths.rel(path)}")
    if not result.created:
        print(f"Nothing to create: data/raw/{args.year}/ already has every file of data/raw/{result.template}/.")
        return 0
    print(f"Created {len(result.created)} file(s) in data/raw/{args.year}/ from data/raw/{result.template}/; "
          f"fill in:")
    for item in result.created:
        print(f"  {paths.rel(item.path)}\n      isi: {item.fill}\n      sumber: {item.source}")
    workbook = f"data/raw/{args.year}/isian-{args.year}.xlsx"
    print(f"Isi sel kuning di {workbook} (sumber dan tabel setiap lembar sudah terisi: periksa), lalu "
          f"`lkjip impor --year {args.year}` dan `lkjip run --year {args.year}`.")
    return 0


def cmd_check_inputs(args) -> int:
    from pipeline.config import Paths
    from pipeline.errors import MissingInputs
    from pipeline.years.completeness import blank_required, problems, register_preview

    paths = Paths.default()
    blocking, warnings = problems(paths, args.year)
    if paths.raw_year(args.year).is_dir():
        print(f"{blank_required(paths, args.year)} isian wajib belum diisi")
        for line in register_preview(paths, args.year)[0]:
            print(line)
    # Missing narrative only makes the report a draft; everything else must be fixed.
    narrative = [w for w in warnings if "narrative missing" in w]
    others = [w for w in warnings if w not in narrative]
    if blocking or others:
        raise MissingInputs(args.year, blocking + others + narrative)
    for warning in narrative:
        print(f"peringatan: {warning}")
    print(f"Inputs for {args.year} are complete and match data/raw/manifest.yml"
          + (" (the report will be a draft until the narrative is written)." if narrative else "."))
    return 0


def cmd_impor(args) -> int:
    from pipeline.config import Paths
    from pipeline.years.workbook import import_workbook

    paths = Paths.default()
    results = import_workbook(paths, args.year, overwrite=args.timpa)
    skipped = 0
    for r in results:
        line = f"  {r.sheet}: {r.status} ({r.cells} sel terisi) -> data/raw/{args.year}/{r.file}"
        print(line + (f"; {r.note}" if r.note else ""))
        skipped += r.status == "dilewati"
    written = sum(r.status == "ditulis" for r in results)
    print(f"{written} file ditulis, {skipped} dilewati. Berikutnya: `lkjip check-inputs --year {args.year}` "
          f"lalu `lkjip run --year {args.year}`.")
    return 2 if skipped else 0


def cmd_manifest(args) -> int:
    from pipeline.config import Paths
    from pipeline.years import manifest

    paths = Paths.default()
    if not paths.raw_manifest.is_file():
        raise LkjipError("data/raw/manifest.yml does not exist.")
    if args.update:
        changed = manifest.update_hashes(paths)
        print(f"Updated {len(changed)} checksum(s)" + (": " + ", ".join(changed) if changed else "."))
        return 0
    found = manifest.check(paths)
    if found:
        print("\n".join(found))
        return 2
    print("data/raw/manifest.yml matches every raw file.")
    return 0


COMMANDS = {"run": cmd_run, "new-year": cmd_new_year, "check-inputs": cmd_check_inputs,
            "impor": cmd_impor, "manifest": cmd_manifest}


def _notebook_error_code(exc) -> int | None:
    from pipeline.run.runner import NOTEBOOK_ERRORS

    return NOTEBOOK_ERRORS.get(getattr(exc, "ename", None))


def _print_error(exc: BaseException, prefix: str = "") -> None:
    if isinstance(exc, LkjipError):
        message = str(exc)
    elif _notebook_error_code(exc) is not None:
        message = str(exc.evalue)
    else:
        message = (f"Unexpected error: {type(exc).__name__}: {exc}".strip()
                   + "\n(run with LKJIP_DEBUG=1 to see the traceback)")
    print(prefix + message, file=sys.stderr)


def announce_project() -> None:
    """First line of every command: which project folder it works on (a copied project must
    visibly run on itself), and where the code comes from when that is another folder."""
    from pipeline.config import PACKAGE_ROOT, project_root

    root = project_root()
    line = f"Folder proyek: {root}"
    if PACKAGE_ROOT.resolve() != root:
        line += f" (kode pipeline dari {PACKAGE_ROOT.resolve()})"
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        announce_project()
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("Interrupted; the previous report is unchanged.", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("LKJIP_DEBUG") and not isinstance(exc, LkjipError):
            raise
        _print_error(exc)
        if isinstance(exc, LkjipError):
            return exc.exit_code
        return _notebook_error_code(exc) or 1


if __name__ == "__main__":
    raise SystemExit(main())
