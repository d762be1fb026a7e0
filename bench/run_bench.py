"""Benchmark: how far is a full LKjIP run from the floor set by kernel starts, imports and the PDF?

    .venv/bin/python bench/run_bench.py [--year 2024] [--jobs N] [--repeat 3] [--no-scale] [--national]
    (or: make bench; make bench BENCH=--national)

Measures, alternately on this machine (--repeat rounds; medians reported):
  cold         `lkjip run --year Y --force` in a fresh process (every step executed, fresh
               staging folder), publishing reports/Y as a normal run does;
  warm         `lkjip run --year Y` right after it (nothing changed: the cache-hit path);
  pdf          the published LKjIP-Y.html laid out as a PDF by the run's own writer
               (pipeline.report.pdf.write_pdf, WeasyPrint) in a fresh process, timed on its own:
               the PDF's own cost, which both floors include;
  floor (dep)  the same number of trivial notebooks executed by papermill (python3 kernel) in
               dependency order: clean -> validate -> the analysis notebooks in parallel with
               the same --jobs, the "validate" one importing great_expectations, plus one
               nbconvert HTML export, in a fresh process; + pdf;
  floor (ind)  the same notebooks and export, all independent: every notebook submitted at
               once to --jobs workers (no kernel start has to wait for a previous step); + pdf.
               The target is cold <= 1.3 x this floor.
Both floors skip the imports the run skips (pipeline.run.kernels.SKIPPED_IMPORTS), in their own
process and in the kernels, so that the floor holds no work the run does not do.
Then the IKM register scale table of bench/bench_scale.py (--national adds 4.400.000 firms).
Writes bench/results/<timestamp>.json (gitignored) with the machine, the load and every round.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


# Runs a command and reports the peak resident memory of the largest process it started
# (kernels included: they are waited for by the command), without mixing measurements.
_PEAK = ("import resource, subprocess, sys; rc = subprocess.call(sys.argv[1:]); "
         "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(rc)")
PEAK_MB: dict[str, float] = {}


def _timed(cmd: list[str], env: dict | None = None, label: str = "") -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK, *cmd], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    lines = done.stderr.strip().splitlines()
    if label and lines and lines[-1].isdigit():
        PEAK_MB[label] = round(int(lines[-1]) / 1024, 1)  # ru_maxrss is in KiB on Linux
    return elapsed, done


def _trivial_notebook(path: Path, body: str) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell("year = 0\nprocessed_dir = ''\nreport_dir = ''",
                                           metadata={"tags": ["parameters"]}),
                             new_code_cell(body)],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nbformat.write(nb, path)


def floor(n_analysis: int, jobs: int, independent: bool = False) -> None:
    """Executed in a fresh process by main(): the floor's notebooks, as the runner runs them
    (or, ``independent``, all at once on ``jobs`` workers)."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.config import Paths
    from pipeline.run.kernels import SKIPPED_IMPORTS, skip_slow_imports
    from pipeline.run.runner import kernel_environment, papermill_execute

    # The run skips the imports of SKIPPED_IMPORTS in its own process and in every kernel:
    # so does the floor, else the floor would carry seconds the run does not pay.
    skip_slow_imports()
    skip = "".join(f"sys.modules.setdefault({name!r}, None)\n" for name in SKIPPED_IMPORTS)
    paths = Paths.default()
    with tempfile.TemporaryDirectory() as tmp, kernel_environment(paths):
        tmp = Path(tmp)
        plain, gx = tmp / "plain.ipynb", tmp / "gx.ipynb"
        _trivial_notebook(plain, "x = 1")
        _trivial_notebook(gx, f"import sys\n{skip}import great_expectations as gx\nx = 1")

        def execute(source: Path, name: str) -> Path:
            out = tmp / f"{name}.ipynb"
            papermill_execute(source, out, {"year": 2024}, paths.root)
            return out

        if independent:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                first, *_ = pool.map(lambda job: execute(*job),
                                     [(plain, "clean"), (gx, "validate")]
                                     + [(plain, f"analysis_{i}") for i in range(n_analysis)])
        else:
            first = execute(plain, "clean")
            execute(gx, "validate")
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                list(pool.map(lambda i: execute(plain, f"analysis_{i}"), range(n_analysis)))
        from nbconvert import HTMLExporter

        HTMLExporter().from_filename(str(first))


def pdf_floor(year: int) -> None:
    """Executed in a fresh process by main(): the published report's HTML laid out as a PDF by
    the run's own PDF writer (the PDF's own cost, which the floor includes)."""
    from pipeline.config import Paths
    from pipeline.report.pdf import write_pdf

    html = Paths.default().reports / str(year) / f"LKjIP-{year}.html"
    with tempfile.TemporaryDirectory() as tmp:
        write_pdf(html, Path(tmp) / "floor.pdf")


def _count_analysis(year: int) -> int:
    from pipeline.config import Paths
    from pipeline.run.steps import read_sasaran_ids

    return len(read_sasaran_ids(Paths.default().processed_year(year))) + 2  # + organisasi, budget


SCALE_SIZES = (1_000, 10_000, 100_000, 1_000_000)
NATIONAL = 4_400_000


def scale_table(sizes) -> list[dict]:
    """The IKM register scale table of bench/bench_scale.py, printed as each size is done."""
    from bench_scale import HEAD, run_scale  # bench/ is this script's folder: on sys.path

    print("IKM register scale (clean = read + every rule; aggr = breakdowns + ikm_agregat; suite = the "
          "register's GX suite; load = reading the processed folder; valid. = the whole validation step)")
    print(HEAD, flush=True)
    return run_scale(list(sizes), verbose=True)


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of cold/floors, alternating (median)")
    parser.add_argument("--no-scale", action="store_true", help="skip the IKM register scale table")
    parser.add_argument("--national", action="store_true",
                        help=f"add {NATIONAL:,} firms (the national register) to the scale table")
    parser.add_argument("--floor", nargs=3, type=int, metavar=("N_ANALYSIS", "JOBS", "INDEPENDENT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--pdf-floor", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(args.floor[0], args.floor[1], bool(args.floor[2]))
        return 0
    if args.pdf_floor:
        pdf_floor(args.pdf_floor)
        return 0

    lkjip = [sys.executable, "-m", "pipeline", "run", "--year", str(args.year), "--jobs", str(args.jobs),
             "--quiet"]
    n_analysis = None
    times: dict[str, list[float]] = {"cold": [], "warm": [], "notebooks_dep": [], "notebooks_ind": [], "pdf": [],
                                     "floor_dep": [], "floor_ind": []}
    warm_unchanged = True
    for _ in range(max(1, args.repeat)):
        cold, done = _timed(lkjip + ["--force"], label="cold")
        if done.returncode != 0:
            print(done.stdout + done.stderr, file=sys.stderr)
            print(f"cold run failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode
        warm, warm_done = _timed(lkjip, label="warm")
        warm_unchanged &= "tidak ada perubahan" in warm_done.stdout
        n_analysis = n_analysis or _count_analysis(args.year)
        times["cold"].append(cold)
        times["warm"].append(warm)
        pdf, pdf_done = _timed([sys.executable, str(Path(__file__).resolve()), "--pdf-floor", str(args.year)],
                               label="pdf")
        if pdf_done.returncode != 0:
            print(pdf_done.stderr, file=sys.stderr)
            return pdf_done.returncode
        times["pdf"].append(pdf)
        for label, independent in (("dep", 0), ("ind", 1)):
            elapsed, floor_done = _timed([sys.executable, str(Path(__file__).resolve()), "--floor",
                                          str(n_analysis), str(args.jobs), str(independent)],
                                         label=f"notebooks_{label}")
            if floor_done.returncode != 0:
                print(floor_done.stderr, file=sys.stderr)
                return floor_done.returncode
            times[f"notebooks_{label}"].append(elapsed)
            times[f"floor_{label}"].append(elapsed + pdf)  # the floor: notebooks + export, and the PDF
    med = {k: round(_median(v), 2) for k, v in times.items()}
    result = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "year": args.year, "jobs": args.jobs, "cpus": os.cpu_count(), "repeat": args.repeat,
        "python": platform.python_version(), "machine": platform.machine(),
        "processor": platform.processor() or platform.machine(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "notebooks": 2 + n_analysis,
        "cold_s": med["cold"], "warm_s": med["warm"],
        "floor_dependency_ordered_s": med["floor_dep"], "floor_independent_s": med["floor_ind"],
        "floor_notebooks_dependency_ordered_s": med["notebooks_dep"],
        "floor_notebooks_independent_s": med["notebooks_ind"], "floor_pdf_s": med["pdf"],
        "cold_over_floor_dependency_ordered": round(med["cold"] / med["floor_dep"], 2),
        "cold_over_floor_independent": round(med["cold"] / med["floor_ind"], 2),
        "runs_s": {k: [round(x, 2) for x in v] for k, v in times.items()},
        "warm_unchanged": warm_unchanged,
        "peak_rss_mb": PEAK_MB,
    }
    rounds = f"median of {args.repeat}" if args.repeat > 1 else "one round"
    print(f"cold run          {med['cold']:7.1f} s  ({result['notebooks']} notebooks, --jobs {args.jobs}, {rounds})")
    print(f"floor, dep. order {med['floor_dep']:7.1f} s  (same notebooks doing nothing, clean -> validate -> "
          f"analysis; one imports great_expectations; + nbconvert: {med['notebooks_dep']:.1f} s; "
          f"+ the PDF: {med['pdf']:.1f} s)")
    print(f"floor, independent{med['floor_ind']:7.1f} s  (the same notebooks all at once on {args.jobs} workers: "
          f"{med['notebooks_ind']:.1f} s; + the PDF)")
    print(f"cold / floor dep. {result['cold_over_floor_dependency_ordered']:7.2f}")
    print(f"cold / floor ind. {result['cold_over_floor_independent']:7.2f}  (target <= 1.30)")
    print(f"warm rerun        {med['warm']:7.2f} s  ({'cache hit' if warm_unchanged else 'NOT a cache hit'})")
    print("peak memory " + ", ".join(f"{k} {v:.0f} MB" for k, v in PEAK_MB.items())
          + "  (largest single process)")
    if not args.no_scale:
        sizes = SCALE_SIZES + ((NATIONAL,) if args.national else ())
        result["scale"] = scale_table(sizes)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
