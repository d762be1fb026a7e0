"""Scale benchmark: the IKM register from a city's 2.500 firms to a national register.

    .venv/bin/python bench/bench_scale.py [--sizes 1000 10000 100000 1000000] [--national]

For each size, a register of that many rows is built by replicating the shipped
``data/raw/2024/ikm_register.csv`` with new ids, running numbers and names (a copy number is
appended to nama_usaha, so each copy's firms are new firms and each copy's duplicates are
still duplicates of each other), in a temporary folder: data/raw is never written. Then two
fresh processes measure, each reporting its own peak resident memory (``ru_maxrss``):

  clean     pipeline.clean.ikm.clean_register (read + every rule), then aggregation: the
            breakdown tables and ikm_agregat; the processed IKM tables are written as CSV
            into a copy of the 2024 processed folder;
  validate  pipeline.validate.run on that processed folder (loading every processed
            table, the derived check tables, every expectation suite). Importing Great
            Expectations (seconds, the same at any size) is done before the clock starts.

``--national`` adds 4.400.000 rows (SIINas holds about 4,4 million firms). The figures are
printed as a table and written to bench/results/scale-<timestamp>.json (gitignored). Compare
ratios between machines, not seconds; the tests never assert times.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.inputs import catalogue  # noqa: E402
from pipeline.run import textcols  # noqa: E402

# Cleaning measured with the text storage of a run's processes.
textcols.install()

DEFAULT_SIZES = [1_000, 10_000, 100_000, 1_000_000]
NATIONAL = 4_400_000
YEAR = 2024
SOURCE = ROOT / "data" / "raw" / str(YEAR) / "ikm_register.csv"


def replicate(source: Path, rows: int, out: Path) -> Path:
    """Write a register of exactly ``rows`` data rows made of copies of ``source``.

    Copy k > 0 gets id_ikm "<id>-<k>", nama_usaha "<nama> R<k>" and running numbers after the
    previous copy's; the last copy is cut to fit. Copy 0 is the source itself.
    """
    with open(source, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = next(reader)
        body = [r for r in reader if any(c.strip() for c in r)]
    col = {name: header.index(name) for name in ("no", "id_ikm", "nama_usaha")}
    numbers = [int(r[col["no"]].strip()) for r in body]
    step = max(numbers)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(header)
        written, k = 0, 0
        while written < rows:
            for r, number in zip(body, numbers):
                if written == rows:
                    break
                if k:
                    r = list(r)
                    r[col["no"]] = str(k * step + number)
                    r[col["id_ikm"]] = f"{r[col['id_ikm']]}-{k}"
                    r[col["nama_usaha"]] = f"{r[col['nama_usaha']]} R{k}"
                writer.writerow(r)
                written += 1
            k += 1
    return out


def _project():
    """The checkout's project folders, also the project raw files are read from (this script is
    an entry point: it resolves the project and passes it down)."""
    from pipeline.config import Paths
    from pipeline.inputs import rawfile

    paths = Paths(ROOT)
    rawfile.set_project(paths)
    return paths


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def child_clean(register: Path, processed: Path) -> dict:
    """In a fresh process: clean, aggregate, write the processed IKM tables."""
    import pandas as pd

    from pipeline.clean import ikm

    t0, c0 = time.perf_counter(), time.process_time()
    perusahaan, log = ikm.clean_register(register, _project())
    t1, c1 = time.perf_counter(), time.process_time()
    series = catalogue.read(catalogue.IKM_SERI, processed)
    out = {**ikm.register_tables(perusahaan, log),
           catalogue.IKM_AGREGAT: ikm.build_agregat(series, perusahaan, YEAR)}
    t2 = time.perf_counter()
    out[catalogue.KONFIRMASI_KEWAJARAN] = pd.DataFrame({"kunci": list(CONFIRMED),
                                                "alasan": "register benchmark: salinan register 2024",
                                                "urutan": range(1, len(CONFIRMED) + 1)})
    for name, df in out.items():  # as the cleaning stores them: the typed copy the steps read, and the CSV
        catalogue.write(name, df, processed)
    t3 = time.perf_counter()
    return {"clean_s": round(t1 - t0, 3), "clean_cpu_s": round(c1 - c0, 3), "aggregate_s": round(t2 - t1, 3), "write_s": round(t3 - t2, 3),
            "firms_kept": int(len(perusahaan)), "log_rows": int(len(log)), "peak_mb": _peak_mb()}


# A register made of copies of the 2024 one makes the 2024 production growth thousands of
# percent: the plausibility gate would stop the validation before its warning suites. The
# benchmark confirms those two figures, as an analyst would with a reason in narasi.yml.
CONFIRMED = ("capaian_iku:sasaran:2", "pertumbuhan_realisasi:sasaran:2")


def child_validate(processed: Path, report: Path) -> dict:
    """In a fresh process: the validation step on the processed folder (GX imported first),
    then the register's own suite alone on the register loaded once more."""
    from pipeline.errors import ValidationFailed
    from pipeline.measure import indicators
    from pipeline.validate import gx
    from pipeline.validate.run import run as validate

    paths = _project()
    t0 = time.perf_counter()
    gx._gx()
    t1 = time.perf_counter()
    try:
        found = validate(YEAR, processed, report, paths)
        critical = len(found["critical"])
    except ValidationFailed as failed:
        critical = len(failed.findings)
    t2 = time.perf_counter()
    tables = dict(indicators.load_processed(processed, paths))  # every table read now (they are read on first use)
    t3 = time.perf_counter()
    suite = [s for s in gx.load_suites(ROOT / "expectations") if s.table == catalogue.IKM_PERUSAHAAN]
    outcomes, _ = gx.run_suites(suite, {catalogue.IKM_PERUSAHAAN: tables[catalogue.IKM_PERUSAHAAN]})
    t4 = time.perf_counter()
    return {"gx_import_s": round(t1 - t0, 3), "validate_s": round(t2 - t1, 3),
            "load_processed_s": round(t3 - t2, 3), "register_suite_s": round(t4 - t3, 3),
            "register_suite_ok": all(o.success for o in outcomes),
            "register_rows": int(len(tables[catalogue.IKM_PERUSAHAAN])),
            "critical": critical, "peak_mb": _peak_mb()}


def _child(*args: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"bench child {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _processed_2024(folder: Path) -> Path:
    """Every processed 2024 table, built from data/raw into ``folder`` (read-only on data/raw)."""
    from pipeline import clean

    clean.run(YEAR, folder, _project())
    return folder


def run_scale(sizes: list[int], *, workdir: Path | None = None, verbose: bool = False) -> list[dict]:
    """Measure cleaning and validation+aggregation for registers of each size (rows).

    Returns one dict per size: firms (register rows), firms_kept, clean_s, validate_aggregate_s
    (aggregation + the validation step), their parts, peak_mb (the larger of the two fresh
    processes' peaks) and peak_mb_clean / peak_mb_validate.
    """
    results = []
    with tempfile.TemporaryDirectory(prefix="lkjip-scale-", dir=workdir) as tmp:
        tmp = Path(tmp)
        base = _processed_2024(tmp / "processed-base")
        for size in sizes:
            register = replicate(SOURCE, int(size), tmp / f"raw-{size}" / "ikm_register.csv")
            processed = tmp / f"processed-{size}"
            shutil.copytree(base, processed)
            cleaned = _child("clean", str(register), str(processed))
            validated = _child("validate", str(processed), str(tmp / f"report-{size}"))
            row = {"firms": int(size), "firms_kept": cleaned["firms_kept"], "log_rows": cleaned["log_rows"],
                   "clean_s": cleaned["clean_s"], "clean_cpu_s": cleaned["clean_cpu_s"],
                   "validate_aggregate_s": round(cleaned["aggregate_s"] + validated["validate_s"], 3),
                   "aggregate_s": cleaned["aggregate_s"], "validate_s": validated["validate_s"],
                   "write_s": cleaned["write_s"], "gx_import_s": validated["gx_import_s"],
                   "load_processed_s": validated["load_processed_s"],
                   "register_suite_s": validated["register_suite_s"],
                   "register_suite_ok": validated["register_suite_ok"],
                   "register_rows_validated": validated["register_rows"],
                   "peak_mb": max(cleaned["peak_mb"], validated["peak_mb"]),
                   "peak_mb_clean": cleaned["peak_mb"], "peak_mb_validate": validated["peak_mb"],
                   "critical": validated["critical"]}
            results.append(row)
            if verbose:
                print(line(row), flush=True)
            shutil.rmtree(register.parent)
            shutil.rmtree(processed)
    return results


HEAD = (f"{'firms':>10} {'clean s':>8} {'cpu s':>6} {'MB':>6} | {'aggr s':>6} {'suite s':>7} "
         f"{'load s':>6} {'valid. s':>8} {'MB':>6} | {'kept':>10}")


def line(row: dict) -> str:
    return (f"{row['firms']:>10,} {row['clean_s']:>8.2f} {row['clean_cpu_s']:>6.2f} {row['peak_mb_clean']:>6.0f} | "
            f"{row['aggregate_s']:>6.2f} {row['register_suite_s']:>7.2f} {row['load_processed_s']:>6.2f} "
            f"{row['validate_s']:>8.2f} {row['peak_mb_validate']:>6.0f} | {row['firms_kept']:>10,}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=DEFAULT_SIZES)
    parser.add_argument("--national", action="store_true", help=f"also {NATIONAL:,} rows")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, *rest = args.child
        result = child_clean(Path(rest[0]), Path(rest[1])) if kind == "clean" else \
            child_validate(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
        return 0
    sizes = list(args.sizes) + ([NATIONAL] if args.national and NATIONAL not in args.sizes else [])
    print(HEAD, flush=True)
    results = run_scale(sizes, verbose=True)
    folder = ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"scale-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"machine": {"platform": platform.platform(), "cpus": os.cpu_count(),
                                           "python": platform.python_version()},
                               "scale": results}, indent=1), encoding="utf-8")
    print(f"results: {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
