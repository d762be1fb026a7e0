"""Benchmark: how far is a full LKjIP run from the floor set by kernel starts and imports?

    .venv/bin/python bench/run_bench.py [--year 2024] [--jobs N]      (or: make bench)

Measures, in one session on this machine:
  cold   `lkjip run --year Y --force --quiet` in a fresh process (every step executed,
         fresh staging folder), publishing reports/Y as a normal run does;
  warm   `lkjip run --year Y --quiet` right after it (nothing changed: the cache-hit path);
  floor  the same number of trivial notebooks executed the same way (papermill, python3
         kernel, clean -> validate -> the analysis notebooks in parallel with the same
         --jobs), the "validate" one importing great_expectations, plus one nbconvert HTML
         export, in a fresh process.
Prints the three times and cold/floor, and writes bench/results/<timestamp>.json (gitignored).
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


def floor(n_analysis: int, jobs: int) -> None:
    """Executed in a fresh process by main(): the floor's notebooks, as the runner runs them."""
    from concurrent.futures import ThreadPoolExecutor

    from pipeline.config import Paths
    from pipeline.run.runner import kernel_environment, papermill_execute

    paths = Paths.default()
    with tempfile.TemporaryDirectory() as tmp, kernel_environment(paths):
        tmp = Path(tmp)
        plain, gx = tmp / "plain.ipynb", tmp / "gx.ipynb"
        _trivial_notebook(plain, "x = 1")
        _trivial_notebook(gx, "import great_expectations as gx\nx = 1")

        def execute(source: Path, name: str) -> Path:
            out = tmp / f"{name}.ipynb"
            papermill_execute(source, out, {"year": 2024}, paths.root)
            return out

        first = execute(plain, "clean")
        execute(gx, "validate")
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(lambda i: execute(plain, f"analysis_{i}"), range(n_analysis)))
        from nbconvert import HTMLExporter

        HTMLExporter().from_filename(str(first))


def _count_analysis(year: int) -> int:
    from pipeline.config import Paths
    from pipeline.run.steps import read_sasaran_ids

    return len(read_sasaran_ids(Paths.default().processed_year(year))) + 2  # + organisasi, budget


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--floor", nargs=2, type=int, metavar=("N_ANALYSIS", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.floor:
        floor(*args.floor)
        return 0

    lkjip = [sys.executable, "-m", "pipeline", "run", "--year", str(args.year), "--jobs", str(args.jobs),
             "--quiet"]
    cold, done = _timed(lkjip + ["--force"], label="cold")
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        print(f"cold run failed (exit {done.returncode})", file=sys.stderr)
        return done.returncode
    warm, warm_done = _timed(lkjip, label="warm")
    n_analysis = _count_analysis(args.year)
    floor_s, floor_done = _timed([sys.executable, str(Path(__file__).resolve()), "--floor",
                                  str(n_analysis), str(args.jobs)], label="floor")
    if floor_done.returncode != 0:
        print(floor_done.stderr, file=sys.stderr)
        return floor_done.returncode
    result = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "year": args.year, "jobs": args.jobs, "cpus": os.cpu_count(),
        "python": platform.python_version(), "machine": platform.machine(),
        "notebooks": 2 + n_analysis,
        "cold_s": round(cold, 2), "warm_s": round(warm, 2), "floor_s": round(floor_s, 2),
        "cold_over_floor": round(cold / floor_s, 2),
        "warm_unchanged": "tidak ada perubahan" in warm_done.stdout,
        "peak_rss_mb": PEAK_MB,
    }
    print(f"cold run   {cold:7.1f} s  ({result['notebooks']} notebooks, --jobs {args.jobs})")
    print(f"floor      {floor_s:7.1f} s  (same notebooks doing nothing, one importing great_expectations, "
          f"+ nbconvert)")
    print(f"ratio      {result['cold_over_floor']:7.2f}")
    print(f"warm rerun {warm:7.1f} s  ({'cache hit' if result['warm_unchanged'] else 'NOT a cache hit'})")
    print("peak memory " + ", ".join(f"{k} {v:.0f} MB" for k, v in PEAK_MB.items())
          + "  (largest single process)")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
