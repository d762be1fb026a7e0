"""Benchmark: how far is a full LKjIP run from the floor set by kernel starts, imports and the PDF?

    .venv/bin/python bench/run_bench.py [--year 2024] [--jobs N] [--repeat 3] [--no-scale] [--national]
        [--many 10] [--only-many] [--only-incremental] [--no-tests] [--only-tests]
    (or: make bench; make bench BENCH=--national)

Measures, alternately on this machine (--repeat rounds; medians reported):
  cold         `lkjip run --year Y --force` in a fresh process (every step executed, fresh
               staging folder), publishing reports/Y as a normal run does;
  warm         `lkjip run --year Y` right after it (nothing changed: the cache-hit path);
  chromium     the yardstick of the PDF: `chromium --headless --print-to-pdf` of the published
               LKjIP-Y.html (browser start, load, one print; no page numbers in the Daftar Isi);
  shell        where the run prints with chromium-headless-shell (installed): the same print by
               it, shown beside the yardstick (which stays Chromium's);
  pdf          the same HTML printed by the run's own writer (pipeline.report.pdf.write_pdf:
               browser start, layout pass, print with the Daftar Isi's page numbers) in a fresh
               process: the PDF's own cost, which both floors include;
  pdf (warm)   the same print in a browser already started, as in a run (the browser starts
               when assembly starts, while the HTML is built): the PDF's cost inside a run,
               for a first build (layout pass) and a rebuild (the previous print's numbers);
  incremental  in a copy of data/raw (LKJIP_ROOT=a temporary project), after one cold run:
               one number of pelatihan.csv changed, then one sentence of narasi.yml changed
               (each followed by `lkjip manifest --update`), each timed as `lkjip run` to its
               end and, watched from outside, to the moment its HTML was published (the PDF,
               tables.xlsx and notebook pages follow it);
  pantau       in the same copy, the same two edits undone under `lkjip pantau` (one watch per
               round, settled first: its kernel factory has imported ahead): each file saved
               (refused until recorded), then `lkjip manifest --update`; timed from the moment
               data/raw/manifest.yml was written to the HTML published and to the build's end;
  floor (dep)  the same number of trivial notebooks executed by papermill (python3 kernel) in
               dependency order: clean -> validate -> the analysis notebooks in parallel with
               the same --jobs, the "validate" one importing great_expectations, plus one
               nbconvert HTML export, in a fresh process; + pdf;
  floor (ind)  the same notebooks and export, all independent: every notebook submitted at
               once to --jobs workers (no kernel start has to wait for a previous step); + pdf.
  many         --many N (default 10) copies of the shipped project (data/raw, expectations) in
               a temporary folder: one built alone (`lkjip run --force`, --jobs cores), then all
               N built with at most --jobs at once, each on one core (--jobs 1, as
               `lkjip run --all` splits the cores between years); N reports against N x one,
               with the CPU utilisation of each: (user + sys of every process, kernels and
               browser included) / wall / cores.  `--only-many` runs this row alone.
               The targets: cold <= 2.2 x chromium, pdf (warm) <= chromium.
Both floors skip the imports the run skips (pipeline.run.kernels.SKIPPED_IMPORTS), in their own
process and in the kernels, so that the floor holds no work the run does not do.
Then the IKM register scale table of bench/bench_scale.py (--national adds 4.400.000 firms), and
last `make test-fast` and `make test` timed against their targets with pytest's slowest tests
(bench/suite_times.py; --no-tests skips them, --only-tests runs them alone).
Writes bench/results/<timestamp>.json (gitignored) with the machine, the load and every round.
"""

from __future__ import annotations

import argparse
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
    from pipeline.run.kernels import DEFERRED_IMPORTS, SKIPPED_IMPORTS, skip_slow_imports
    from pipeline.run.runner import kernel_environment, papermill_execute

    # The run skips the imports of SKIPPED_IMPORTS in its own process and in every kernel, and
    # defers DEFERRED_IMPORTS in every kernel: so does the floor, else the floor would carry
    # seconds the run does not pay.
    skip_slow_imports()
    skip = "".join(f"sys.modules.setdefault({name!r}, None)\n" for name in SKIPPED_IMPORTS)
    skip += f"import pipeline.run.lazyimport\npipeline.run.lazyimport.defer({list(DEFERRED_IMPORTS)!r})\n"
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


def pdf_warm(year: int) -> None:
    """Executed in a fresh process by main(): the run's print of the published HTML in a browser
    started beforehand with an empty tab (untimed), as a run starts it; prints the print's
    seconds."""
    from pipeline.config import Paths
    from pipeline.report.pdf import _start_browser, blank_page, previous_anchors, print_pdf

    folder = Paths.default().reports / str(year)
    html = folder / f"LKjIP-{year}.html"
    anchors = previous_anchors(folder / f"LKjIP-{year}.pdf")  # read while the browser starts in a run
    browser = _start_browser()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = []
            for hint in (None, anchors):  # a first build (layout pass), then a rebuild
                page = blank_page(browser)
                t0 = time.perf_counter()
                print_pdf(browser, html, Path(tmp) / "warm.pdf", hint, page)
                seconds.append(f"{time.perf_counter() - t0:.3f}")
            print(" ".join(seconds))
    finally:
        browser.__exit__(None, None, None)


def chromium_print(year: int, headless_shell: bool = False) -> float:
    """Seconds for headless Chromium alone to print the published HTML (fresh browser): the
    yardstick; with ``headless_shell``, the same print by the headless shell, the run's own
    printer where it is installed (pipeline.report.browser.find_chromium)."""
    from pipeline.report.browser import find_chromium

    html = ROOT / "reports" / str(year) / f"LKjIP-{year}.html"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [find_chromium(headless_shell=headless_shell), "--headless=new", "--no-sandbox", "--disable-gpu",
               "--no-first-run",
               f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer",
               f"--print-to-pdf={tmp}/chromium.pdf", html.as_uri()]
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0 or not Path(f"{tmp}/chromium.pdf").is_file():
            raise RuntimeError(f"chromium --print-to-pdf failed: {done.stderr[-500:]}")
    return elapsed


# One analyst's edits for the incremental cases: (file under data/raw/<year>/, old text, new text);
# applied forwards on even rounds, backwards on odd ones, so every round is a real change.
EDITS = {
    "pelatihan": ("pelatihan.csv", "roti/kue;1;16;", "roti/kue;1;17;"),
    "narasi": ("narasi.yml", "untuk membuka usaha baru.", "untuk membuka usaha baru yang mandiri."),
}


def incremental_project(tmp: Path, year: int, lkjip: list[str]) -> dict:
    """A temporary project holding a copy of data/raw and expectations/, built once (cold)."""
    import shutil

    shutil.copytree(ROOT / "data" / "raw", tmp / "data" / "raw")
    shutil.copytree(ROOT / "expectations", tmp / "expectations")
    env = {**os.environ, "LKJIP_ROOT": str(tmp)}
    done = subprocess.run(lkjip + ["--force"], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"cold run of the copy failed: {done.stdout[-800:]}{done.stderr[-800:]}")
    return env


def _identity(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _timed_publish(cmd: list[str], env: dict, html: Path) -> tuple[float, float, subprocess.CompletedProcess]:
    """Time ``cmd`` and, watched from outside every 5 ms, when ``html`` was replaced (the run
    publishes the HTML before its PDF, tables.xlsx and notebook pages): (seconds to the HTML,
    seconds to the end, the finished process)."""
    before, html_at = _identity(html), None
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=err, text=True)
        while process.poll() is None:
            if html_at is None and _identity(html) != before:
                html_at = time.perf_counter() - t0
            time.sleep(0.005)
        elapsed = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(cmd, process.returncode, out.read(), err.read())
    return (html_at if html_at is not None else elapsed), elapsed, done


def incremental(tmp: Path, env: dict, year: int, lkjip: list[str], case: str, forwards: bool) -> tuple[float, float]:
    """Edit one raw file of the copy, record it in its manifest, time the run that follows:
    (seconds until its HTML was published, seconds until it ended)."""
    name, old, new = EDITS[case]
    path = tmp / "data" / "raw" / str(year) / name
    text = path.read_text(encoding="utf-8")
    before, after = (old, new) if forwards else (new, old)
    if before not in text:
        raise RuntimeError(f"{name}: {before!r} not found")
    path.write_text(text.replace(before, after, 1), encoding="utf-8")
    update = subprocess.run([sys.executable, "-m", "pipeline", "manifest", "--update"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if update.returncode != 0:
        raise RuntimeError(f"manifest --update failed: {update.stdout[-500:]}{update.stderr[-500:]}")
    html, elapsed, done = _timed_publish(lkjip, env, tmp / "reports" / str(year) / f"LKjIP-{year}.html")
    if done.returncode != 0 or "tidak ada perubahan" in done.stdout:
        raise RuntimeError(f"{case} run failed or changed nothing: {done.stdout[-800:]}{done.stderr[-800:]}")
    return html, elapsed


WATCHING = "Menunggu perubahan isian"
REPORT_LINE = "Laporan: "


def _settle(pid: int, timeout: float = 60) -> None:
    """Wait until process ``pid`` and its children use under 5 % of a core over half a second:
    the watch's kernel factory has imported ahead, as long before an analyst's first edit."""
    from pipeline.report.browser import _descendants, _stat

    def cpu() -> float:
        total = 0
        for process in (pid, *_descendants(pid)):
            try:
                fields = _stat(Path(f"/proc/{process}/stat"))
            except (OSError, IndexError):  # ended meanwhile
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / os.sysconf("SC_CLK_TCK")

    deadline = time.monotonic() + timeout
    last = cpu()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu()
        if now - last < 0.025:
            return
        last = now


def watched_edits(tmp: Path, env: dict, year: int, jobs: int, forwards: bool) -> dict[str, tuple[float, float]]:
    """`lkjip pantau` over the built copy: each edit of EDITS saved (refused, as by `lkjip run`,
    until recorded), then recorded by `lkjip manifest --update`; timed from the moment
    data/raw/manifest.yml was written to its HTML published and to the build's report line.
    {case: (seconds to the HTML, seconds to the end)}."""
    import signal

    from pipeline.run.watch import interruptible

    log = tmp / "pantau.log"
    html = tmp / "reports" / str(year) / f"LKjIP-{year}.html"
    with open(log, "w") as sink:
        process = subprocess.Popen(interruptible("pantau", "--year", str(year), "--jobs", str(jobs), "--quiet"),
                                   cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT)

    def count(text: str) -> int:
        return log.read_text(encoding="utf-8").count(text)

    def wait_for(text: str, n: int) -> None:
        deadline = time.monotonic() + 300
        while count(text) < n:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"lkjip pantau: no {text!r}: {log.read_text(encoding='utf-8')[-1500:]}")
            time.sleep(0.005)

    times = {}
    try:
        wait_for(WATCHING, 1)
        _settle(process.pid)
        for case, (name, old, new) in EDITS.items():
            before, after = (old, new) if forwards else (new, old)
            path = tmp / "data" / "raw" / str(year) / name
            waiting, reports = count(WATCHING), count(REPORT_LINE)
            saved = path.with_name(f".{name}.tmp")  # saved as an editor does: never seen half-written
            saved.write_text(path.read_text(encoding="utf-8").replace(before, after, 1), encoding="utf-8")
            os.replace(saved, path)
            wait_for(WATCHING, waiting + 1)  # refused: the file no longer matches its checksum
            if count(REPORT_LINE) != reports:
                raise RuntimeError(f"lkjip pantau built {name} before it was recorded")
            published = _identity(html)
            update = subprocess.run([sys.executable, "-m", "pipeline", "manifest", "--update"], cwd=ROOT, env=env,
                                    capture_output=True, text=True)
            if update.returncode != 0:
                raise RuntimeError(f"manifest --update failed: {update.stdout[-500:]}{update.stderr[-500:]}")
            recorded = (tmp / "data" / "raw" / "manifest.yml").stat().st_mtime
            html_at = None
            while count(REPORT_LINE) <= reports:
                if html_at is None and _identity(html) != published:
                    html_at = time.time() - recorded
                if process.poll() is not None:
                    raise RuntimeError(f"lkjip pantau ended: {log.read_text(encoding='utf-8')[-1500:]}")
                time.sleep(0.005)
            end = time.time() - recorded
            times[case] = (html_at if html_at is not None else end, end)
            _settle(process.pid)  # the build's PDF and its kernels' shutdown, before the next edit
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
    return times


def save_result(prefix: str, data) -> Path:
    """``data`` as bench/results/<prefix><timestamp>.json (gitignored); its path."""
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{prefix}{time.strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


def children_cpu() -> float:
    """user + sys seconds of every finished descendant this process waited for (a run's kernels
    and browser are waited for by the run, so they count)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def many_reports(n: int, jobs: int, year: int) -> dict:
    """One report alone against ``n`` reports sharing the cores (see the module docstring)."""
    from concurrent.futures import ThreadPoolExecutor

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="lkjip-many-") as tmp:
        roots = []
        for i in range(n):
            root = Path(tmp) / f"proyek-{i:02d}"
            shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
            shutil.copytree(ROOT / "expectations", root / "expectations")
            roots.append(root)

        def build(root: Path, run_jobs: int) -> None:
            cmd = [sys.executable, "-m", "pipeline", "run", "--year", str(year), "--jobs", str(run_jobs),
                   "--quiet", "--force"]
            done = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "LKJIP_ROOT": str(root)},
                                  capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"run of {root.name} failed: {done.stdout[-800:]}{done.stderr[-800:]}")

        def timed(work) -> tuple[float, float]:
            cpu, t0 = children_cpu(), time.perf_counter()
            work()
            wall = time.perf_counter() - t0
            return wall, (children_cpu() - cpu) / wall / cores

        one, one_util = timed(lambda: build(roots[0], jobs))
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            wall, util = timed(lambda: list(pool.map(lambda root: build(root, 1), roots)))
    return {"n": n, "one_s": round(one, 2), "one_cpu_utilisation": round(one_util, 2),
            "many_s": round(wall, 2), "many_cpu_utilisation": round(util, 2),
            "n_times_one_s": round(n * one, 2), "many_over_n_times_one": round(wall / (n * one), 2),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def print_many(row: dict, jobs: int) -> None:
    print(f"{row['n']} reports       {row['many_s']:7.1f} s  = {row['many_over_n_times_one']:.2f} x "
          f"{row['n']} x one ({row['n_times_one_s']:.1f} s); CPU {row['many_cpu_utilisation']:.0%} of "
          f"{os.cpu_count()} cores ({jobs} at once, --jobs 1 each)")
    print(f"one report        {row['one_s']:7.1f} s  CPU {row['one_cpu_utilisation']:.0%} (--jobs {jobs})")


def print_incremental(med: dict, cold: float) -> None:
    """The two edit rows beside their yardsticks (the cold run; 5 s for the HTML)."""
    print(f"pelatihan.csv     {med['pelatihan']:7.2f} s  = {med['pelatihan'] / cold:.2f} x cold "
          f"(target <= 0.40: one number changed; its HTML published at {med['pelatihan_html']:.2f} s "
          f"= {med['pelatihan_html'] / cold:.2f} x cold)")
    print(f"narasi.yml, HTML  {med['narasi_html']:7.2f} s  = {med['narasi_html'] / 5:.2f} x 5 s "
          f"(target <= 1.00: the HTML published within 5 s of one sentence changed)")
    print(f"narasi.yml, all   {med['narasi']:7.2f} s  (the PDF, tables.xlsx and notebook pages following)")
    if med.get("pelatihan_pantau_html"):
        print(f"pelatihan, pantau {med['pelatihan_pantau_html']:7.2f} s  = {med['pelatihan_pantau_html'] / cold:.2f} x cold "
              f"(target <= 0.40: the same edit under `lkjip pantau`, its HTML published after the edit was "
              f"recorded in manifest.yml; the run's end at {med['pelatihan_pantau']:.2f} s)")
        print(f"narasi, pantau    {med['narasi_pantau_html']:7.2f} s  = {med['narasi_pantau_html'] / 5:.2f} x 5 s "
              f"(the HTML; the run's end at {med['narasi_pantau']:.2f} s)")


def _edit_times(times: dict, case: str, measured: tuple[float, float]) -> None:
    times[f"{case}_html"].append(measured[0])
    times[case].append(measured[1])


# the edits under `lkjip pantau`: seconds to the HTML, to the end
WATCHED = tuple(f"{case}_pantau{part}" for case in EDITS for part in ("_html", ""))


def _watch_times(times: dict, measured: dict[str, tuple[float, float]]) -> None:
    for case, (html, end) in measured.items():
        times[f"{case}_pantau_html"].append(html)
        times[f"{case}_pantau"].append(end)


def only_incremental(args) -> int:
    """The incremental rows alone: in one temporary copy, a cold run (timed) then each edit
    (--repeat rounds, forwards and backwards), each as a ratio of that cold run."""
    lkjip = [sys.executable, "-m", "pipeline", "run", "--year", str(args.year), "--jobs", str(args.jobs),
             "--quiet"]
    with tempfile.TemporaryDirectory(prefix="lkjip-bench-") as tmp:
        project = Path(tmp)
        t0 = time.perf_counter()
        env = incremental_project(project, args.year, lkjip)
        cold = time.perf_counter() - t0
        times: dict[str, list[float]] = {"pelatihan": [], "narasi": [], "pelatihan_html": [], "narasi_html": [],
                                         **{k: [] for k in WATCHED}}
        for _ in range(max(1, args.repeat)):
            for case in EDITS:
                _edit_times(times, case, incremental(project, env, args.year, lkjip, case, forwards=True))
            _watch_times(times, watched_edits(project, env, args.year, args.jobs, forwards=False))
    med = {k: round(_median(v), 2) for k, v in times.items()}
    row = {"cold_s": round(cold, 2), **{f"{k}_s": v for k, v in med.items()},
           "runs_s": {k: [round(x, 2) for x in v] for k, v in times.items()},
           "load_average": [round(x, 2) for x in os.getloadavg()]}
    print(f"cold (copy)       {cold:7.2f} s  (load average {row['load_average'][0]:.1f})")
    print_incremental(med, cold)
    save_result("incremental-", row)
    return 0


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
    parser.add_argument("--pdf-warm", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    parser.add_argument("--no-incremental", action="store_true", help="skip the incremental cases")
    parser.add_argument("--many", type=int, default=10, help="reports built together in the many row (0: skip)")
    parser.add_argument("--only-many", action="store_true", help="run the many-reports row alone")
    parser.add_argument("--only-incremental", action="store_true",
                        help="run the incremental rows alone, against a cold run of the same copy")
    parser.add_argument("--no-tests", action="store_true", help="skip timing make test-fast and make test")
    parser.add_argument("--only-tests", action="store_true", help="time make test-fast and make test alone")
    args = parser.parse_args(argv)
    if args.only_incremental:
        return only_incremental(args)
    if args.only_tests:
        from suite_times import run_all  # bench/ is this script's folder: on sys.path

        save_result("tests-", run_all())
        return 0
    if args.only_many:
        row = many_reports(args.many, args.jobs, args.year)
        print_many(row, args.jobs)
        save_result("many-", row)
        return 0
    if args.pdf_warm:
        pdf_warm(args.pdf_warm)
        return 0
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
                                     "floor_dep": [], "floor_ind": [], "chromium": [], "shell": [], "pdf_warm": [],
                                     "pdf_first": [], "pelatihan": [], "narasi": [],
                                     "pelatihan_html": [], "narasi_html": [], **{k: [] for k in WATCHED}}
    from pipeline.report.browser import find_chromium

    shell = find_chromium() != find_chromium(headless_shell=False)  # the run prints with the headless shell
    warm_unchanged = True
    scratch = tempfile.TemporaryDirectory(prefix="lkjip-bench-")
    project = Path(scratch.name)
    env = None if args.no_incremental else incremental_project(project, args.year, lkjip)
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
        times["chromium"].append(chromium_print(args.year))
        if shell:
            times["shell"].append(chromium_print(args.year, headless_shell=True))
        _, warm_done = _timed([sys.executable, str(Path(__file__).resolve()), "--pdf-warm", str(args.year)])
        if warm_done.returncode != 0:
            print(warm_done.stderr, file=sys.stderr)
            return warm_done.returncode
        first, rebuilt = warm_done.stdout.strip().splitlines()[-1].split()
        times["pdf_first"].append(float(first))
        times["pdf_warm"].append(float(rebuilt))
        if env is not None:
            for case in EDITS:
                _edit_times(times, case, incremental(project, env, args.year, lkjip, case, forwards=True))
            # the same edits undone under `lkjip pantau`: each round starts from the shipped files
            _watch_times(times, watched_edits(project, env, args.year, args.jobs, forwards=False))
        for label, independent in (("dep", 0), ("ind", 1)):
            elapsed, floor_done = _timed([sys.executable, str(Path(__file__).resolve()), "--floor",
                                          str(n_analysis), str(args.jobs), str(independent)],
                                         label=f"notebooks_{label}")
            if floor_done.returncode != 0:
                print(floor_done.stderr, file=sys.stderr)
                return floor_done.returncode
            times[f"notebooks_{label}"].append(elapsed)
            times[f"floor_{label}"].append(elapsed + pdf)  # the floor: notebooks + export, and the PDF
    scratch.cleanup()
    med = {k: round(_median(v), 2) if v else None for k, v in times.items()}
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
        "chromium_print_s": med["chromium"], "pdf_warm_s": med["pdf_warm"],
        "pdf_warm_over_chromium": round(med["pdf_warm"] / med["chromium"], 2),
        "pdf_first_s": med["pdf_first"], "pdf_first_over_chromium": round(med["pdf_first"] / med["chromium"], 2),
        "pdf_over_chromium": round(med["pdf"] / med["chromium"], 2),
        "cold_over_chromium": round(med["cold"] / med["chromium"], 2),
        "pelatihan_s": med["pelatihan"], "narasi_s": med["narasi"],
        "pelatihan_html_s": med["pelatihan_html"], "narasi_html_s": med["narasi_html"],
        "pelatihan_over_cold": round(med["pelatihan"] / med["cold"], 2) if med["pelatihan"] else None,
        "pelatihan_html_over_cold": round(med["pelatihan_html"] / med["cold"], 2) if med["pelatihan"] else None,
        **{f"{k}_s": med[k] for k in WATCHED},
        "pelatihan_pantau_html_over_cold": (round(med["pelatihan_pantau_html"] / med["cold"], 2)
                                            if med["pelatihan_pantau_html"] else None),
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
    print(f"chromium print    {med['chromium']:7.2f} s  (yardstick: chromium --print-to-pdf of the same HTML)")
    if shell:
        result["shell_print_s"] = med["shell"]
        result["cold_over_shell_print"] = round(med["cold"] / med["shell"], 2)
        print(f"shell print       {med['shell']:7.2f} s  (the run's printer, chromium-headless-shell, printing the "
              f"same HTML alone; cold / it: {result['cold_over_shell_print']:.2f})")
    print(f"PDF, in a run     {med['pdf_warm']:7.2f} s  = {result['pdf_warm_over_chromium']:.2f} x chromium "
          f"(target <= 1.00; browser started beforehand; page numbers of the previous print checked)")
    print(f"PDF, first build  {med['pdf_first']:7.2f} s  = {result['pdf_first_over_chromium']:.2f} x chromium "
          f"(no previous print: invisible layout pass + print)")
    print(f"PDF, fresh        {med['pdf']:7.2f} s  = {result['pdf_over_chromium']:.2f} x chromium "
          f"(own process: imports + browser start + layout pass + print)")
    print(f"cold / chromium   {result['cold_over_chromium']:7.2f}  (target <= 2.20)")
    if med["pelatihan"]:
        print_incremental(med, med["cold"])
    print("peak memory " + ", ".join(f"{k} {v:.0f} MB" for k, v in PEAK_MB.items())
          + "  (largest single process)")
    if args.many:
        result["many"] = many_reports(args.many, args.jobs, args.year)
        print_many(result["many"], args.jobs)
    if not args.no_scale:
        sizes = SCALE_SIZES + ((NATIONAL,) if args.national else ())
        result["scale"] = scale_table(sizes)
    if not args.no_tests:
        from suite_times import run_all

        result["tests"] = run_all()
    path = save_result("", result)
    print(f"written {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
