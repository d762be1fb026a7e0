"""Run a year: execute the notebooks with papermill in a staging folder, assemble, publish.

    clean -> {validate, anggaran, sasaran_<id> x N} in parallel, organisasi once validate
          succeeded -> assemble -> publish

Each step's kernel is started (with its heavy imports) ahead of the step, see
pipeline.run.kernels.

Every step gets its own output folder inside the staging folder (its ``report_dir``
parameter); afterwards the files it wrote are moved into the staging report folder. That is
how the run knows which files each step wrote, so an unchanged step's files can be taken
over from the previous report instead of recomputed (see pipeline.run.cache). An analysis
step that reads validation results (organisasi) starts with a copy of them
(pipeline.run.steps.UPSTREAM_REPORT_PATTERNS, e.g. validation/koreksi.csv); no other
step output is visible in it. Path parameters are given relative to the project root.

Nothing is published unless every step succeeded (pipeline.run.publish); the executed notebook
of a failed step is kept in ``reports/.logs/<Y>/`` as its log.

The documents made from the report follow its publish: the assembly writes the HTML, the
summary, the tables and manifest.json while Chromium lays the PDF out; the run publishes that,
then writes tables.xlsx, the notebooks' pages and the PDF into the published folder
(pipeline.report.assemble.Following) and records the report complete. Until then the published
manifest.json lists them under ``cache_pending`` (PDF pages ``null``): a run stopped in between,
or whose print failed, leaves a report without them that the next run assembles again (its
unchanged steps taken from the cache). A browser that cannot start, or cannot load the HTML,
stops the run before anything is published.
"""

from __future__ import annotations

import gc
import importlib
import inspect
import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Paths
from pipeline.errors import InputError, LkjipError, MissingInputs
from pipeline.inputs import catalogue, reads
from pipeline.inputs.rawfile import sha256_file
from pipeline.messages import RUN, STEP, step_in_words
from pipeline.run import cache, executed, publish, reuse
from pipeline.run.preflight import input_versions, published_years, system_message, system_message_from_text
from pipeline.run.progress import Progress, seconds_since
from pipeline.run.steps import (
    ANALYSIS,
    CLEAN,
    VALIDATE,
    Notebooks,
    Step,
    analysis_steps,
    clean_step,
    read_sasaran_ids,
    upstream_report_files,
    validate_step,
)
from pipeline.years import yearfiles

# Environment of every kernel: headless plots, stable hashing, no progress bars, no telemetry.
# Great Expectations 1.x reads no variable for its "Calculating Metrics" bars (they are passed
# disable=... explicitly, so TQDM_DISABLE cannot reach them): pipeline.validate.gx sets
# context.variables.progress_bars = ProgressBarsConfig(globally=False) itself.
KERNEL_ENV = {
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    "TQDM_DISABLE": "1",
    "GX_ANALYTICS_ENABLED": "false",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silences a debugger warning on kernel start
    "JUPYTER_PLATFORM_DIRS": "1",           # silences a jupyter_core deprecation warning
    reads.ENVIRONMENT: "1",                 # notebooks record what they read (the cache's keys)
}

# Errors a notebook raises on purpose, as papermill reports them (ename) -> exit code.
NOTEBOOK_ERRORS = {"InputError": InputError.exit_code, "ValidationFailed": 3,
                   "MissingInputs": MissingInputs.exit_code, "GateIncomplete": 3}

Executor = Callable[[Path, Path, dict, Path], None]

# Set when the user interrupts (Ctrl-C): worker threads start no new step and publish nothing.
_cancelled = threading.Event()


class Cancelled(LkjipError):
    exit_code = 130


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run_years`, raised once the years under way have ended:
    ``published`` the years whose report was published all the same (a year whose HTML was out
    when Ctrl-C came finishes its PDF); ``errors`` what stopped the others, per year."""

    def __init__(self, published: list[int], errors: dict[int, BaseException]) -> None:
        super().__init__()
        self.published, self.errors = published, errors


class StepFailed(LkjipError):
    """A notebook failed; ``log`` is the executed notebook (the step's log)."""

    exit_code = 1

    def __init__(self, year: int, step: str, message: str, log: Path | None, exit_code: int = 1):
        self.year, self.step, self.log, self.exit_code = year, step, log, exit_code
        super().__init__(message)


@dataclass
class RunResult:
    year: int
    status: str                     # "published" | "unchanged"
    report: Path
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)


# The executor of a run that is given none: None means papermill on kernels started ahead
# (pipeline.run.kernels). Tests put a stand-in here.
default_executor: Executor | None = None


def papermill_execute(notebook: Path, output: Path, parameters: dict, cwd: Path) -> None:
    """papermill on a kernel of its own (no kernel started ahead): tests and the bench floor.

    The kernel is started in ``cwd`` by hand: papermill's own ``cwd=`` changes the working
    directory of the whole process, which the steps running in parallel threads share.
    """
    import papermill

    from pipeline.run.kernels import KERNEL_ARGUMENTS, kernel_manager, shut_down

    km = kernel_manager()
    km.start_kernel(cwd=str(cwd), extra_arguments=list(KERNEL_ARGUMENTS))
    try:
        papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                   kernel_name="python3", progress_bar=False, log_output=False,
                                   request_save_on_cell_execute=False, km=km)
    finally:
        shut_down(km)


def default_assembler(report_dir: Path, year: int, processed_dir: Path, run_info: dict,
                      paths: Paths, job=None):
    """The report but the documents made from it, which follow the publish
    (pipeline.report.assemble.Following). An assembler may return None: then nothing follows.
    ``job``: its PDF job, started ahead (YearRun._start_pdf)."""
    from pipeline.report.assemble import assemble_html

    return assemble_html(report_dir, year, processed_dir, run_info, paths=paths, job=job)


def _import_ahead(modules: list[str], assembly: bool) -> None:
    """Imports (and the assembly's own preparation) done in the background while kernels start;
    then the heap they made is frozen, as in the kernels (pipeline.run.kernels.FREEZE_CODE):
    this process's collections while it drives the steps took 0,35-0,46 s, with the GIL held."""
    for module in modules:
        importlib.import_module(module)
    if assembly:
        importlib.import_module("pipeline.report.assemble").prepare()
    gc.freeze()


def _read_sections(report: Path, ids: list[str]) -> None:
    importlib.import_module("pipeline.sections.ahead").read(report, ids)


def default_index_writer(reports_root: Path) -> Path | None:
    from pipeline.report.assemble import write_index

    return write_index(reports_root)


def kernel_variables(paths: Paths, force: bool = False) -> dict[str, str]:
    """The variables every kernel of a run of ``paths`` gets, on top of this process's
    (``--force``: the steps reuse nothing inside themselves either, pipeline.run.reuse)."""
    return dict(KERNEL_ENV, LKJIP_ROOT=str(paths.root), **{reuse.FORCE_ENVIRONMENT: "1" if force else "0"})


@contextmanager
def kernel_environment(paths: Paths, force: bool = False):
    """Set the kernels' environment (inherited from this process) for the duration of a run."""
    wanted = kernel_variables(paths, force)
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _shown(paths: Paths, path: Path) -> str:
    """A path for a message: relative to the project, else to the shipped code (never absolute)."""
    shown = paths.rel(path)
    if Path(shown).is_absolute():
        from pipeline.config import PACKAGE_ROOT

        try:
            return str(Path(path).resolve().relative_to(PACKAGE_ROOT.resolve()))
        except ValueError:
            return Path(path).name
    return shown


def _html_log(notebook: Path) -> Path | None:
    """The failed step's log as HTML beside its .ipynb (a browser opens it; Excel users cannot
    open a notebook). Best effort: the original failure is what must be reported."""
    try:
        from nbconvert import HTMLExporter

        body, _ = HTMLExporter().from_filename(str(notebook))
        target = notebook.with_suffix(".html")
        target.write_text(body, encoding="utf-8")
        return target
    except Exception:  # noqa: BLE001 (a broken log must not hide the step's own error)
        return None


def _failure(paths: Paths, year: int, step: Step, exc: BaseException, log: Path) -> StepFailed:
    """Keep the executed notebook as the log and say what went wrong in one message."""
    kept = None
    if log.is_file():
        logs = paths.reports / ".logs" / str(year)
        logs.mkdir(parents=True, exist_ok=True)
        kept = logs / log.name
        shutil.copy2(log, kept)
    html = _html_log(kept) if kept else None
    where = (STEP["log_html"].format(html=paths.rel(html), log=paths.rel(kept)) if html
             else STEP["log"].format(log=paths.rel(kept)) if kept
             else STEP["no_log"].format(notebook=_shown(paths, step.notebook)))
    ename = getattr(exc, "ename", None)
    if ename in NOTEBOOK_ERRORS:
        return StepFailed(year, step.name, f"{exc.evalue}\n({where})", kept, NOTEBOOK_ERRORS[ename])
    if isinstance(exc, LkjipError):
        return StepFailed(year, step.name, f"{exc}\n({where})", kept, exc.exit_code)
    system = (system_message_from_text(ename, getattr(exc, "evalue", None), paths) if ename
              else system_message(exc, paths))
    detail = f"{ename}: {exc.evalue}" if ename else f"{type(exc).__name__}: {exc}".strip()
    detail = system or STEP["detail"].format(detail=detail.splitlines()[0] if detail else "")
    return StepFailed(year, step.name,
                      STEP["failed"].format(step=step_in_words(step.name), year=year, detail=detail)
                      + f"\n{where}", kept, 1)


class YearRun:
    """One year's build in a staging folder."""

    def __init__(self, year: int, paths: Paths, notebooks: Notebooks, *, jobs: int, force: bool,
                 progress: Progress, executor: Executor, assembler):
        self.year, self.paths, self.notebooks = year, paths, notebooks
        self.jobs, self.force, self.progress = max(1, jobs), force, progress
        # executor None: papermill on kernels started ahead (pipeline.run.kernels)
        self.executor, self.assembler = executor, assembler
        self.pool = None
        self._closing: threading.Thread | None = None
        self._reader: ThreadPoolExecutor | None = None  # reads finished steps' sections ahead
        self.fingerprints = cache.Fingerprints(paths)
        self.published_report = paths.report_year(year)
        self.published_processed = paths.processed_year(year)
        # read only after publish.recover(): an interrupted publish is repaired first
        self.record = cache.load_record(self.published_report)
        self._verified: dict[str, bool] = {}
        self._failed = threading.Event()
        self.keys: dict[str, str] = {}
        self.files: dict[str, list[str]] = {}
        self.reads: dict[str, dict] = {}  # step -> what its notebook read (pipeline.inputs.reads)
        self._expected: set[str] = set()  # steps the kernel pool was told to expect
        self.executed: list[str] = []
        self.cached: list[str] = []
        self.read: dict[str, str] = {}  # raw inputs' sha256 when the build started (run_year)
        self.following = None  # the assembler's Following, finished after the publish
        self._pdf = None  # the PDF job started ahead, until the assembler takes it
        # an assembler with a ``job`` parameter (default_assembler; not a test's stand-in) is
        # handed its PDF job started ahead
        self._takes_pdf_job = "job" in inspect.signature(assembler).parameters
        self._owners: dict[str, str] = {}
        self._lock = threading.Lock()

    # -- the no-change path -------------------------------------------------------------
    def unchanged(self) -> bool:
        """Every step's key matches the published record and every published file still
        hashes to what was recorded (the report is exactly what its manifest says)."""
        if self.force or not self.record["cache"]:
            return False
        if self.record["cache_pending"]:
            self.progress.warn(STEP["pdf_pending"].format(year=self.year))
            return False
        report, processed = self.published_report, self.published_processed
        for name in (f"LKjIP-{self.year}.html", catalogue.SUMMARY.path, cache.MANIFEST):
            if not (report / name).is_file():
                return False
        clean = clean_step(self.notebooks, self.year)
        if not self._reusable(clean, self._key(clean, processed, report)):
            return False
        try:
            ids = read_sasaran_ids(processed)
        except InputError:
            return False
        steps = [validate_step(self.notebooks, self.year)] + analysis_steps(self.notebooks, self.year, ids)
        if set(self.record["cache"]) != {s.name for s in [clean] + steps}:
            return False
        if not all(self._reusable(s, self._key(s, processed, report)) for s in steps):
            return False
        changed = cache.changed_assembly(self.record, report, self.fingerprints.file)
        if changed:
            self._warn_changed(changed, "laporan dirakit ulang")
            return False
        return True

    def _key(self, step: Step, processed: Path, report: Path) -> str:
        """The step's key over what it read last time (when recorded), see pipeline.run.cache."""
        return self.fingerprints.step_key(step, self.year, processed, report,
                                          self.record["cache_reads"].get(step.name))

    def _reusable(self, step: Step, key: str) -> bool:
        """Key unchanged and the step's published outputs verified against their sha256."""
        if self.force or self.record["cache"].get(step.name) != key:
            return False
        if step.name not in self._verified:
            changed = cache.changed_outputs(step, self.record, self.published_report,
                                            self.published_processed, self.fingerprints.file)
            self._verified[step.name] = changed == []
            if changed:
                self._warn_changed(changed, f"langkah '{step.name}' dijalankan ulang")
        return self._verified[step.name]

    def _warn_changed(self, changed: list[str], action: str) -> None:
        shown = [self.paths.rel(self.published_processed / rel[len("processed/"):])
                 if rel.startswith("processed/") else self.paths.rel(self.published_report / rel)
                 for rel in changed]
        more = f" dan {len(shown) - 5} berkas lain" if len(shown) > 5 else ""
        self.progress.warn(f"Berkas terbitan {self.year} tidak sama dengan sidik sha256 yang "
                           f"dicatat saat diterbitkan (hilang, berubah atau tambahan): "
                           f"{', '.join(shown[:5])}{more}; {action}.")

    # -- building ---------------------------------------------------------------------------
    def build(self, staging: Path) -> None:
        started = time.time()
        later = []  # imported in the background while the first kernels start
        if self.executor is None:
            from pipeline.run.kernels import KernelPool, import_machinery, skip_slow_imports

            skip_slow_imports()
            import_machinery()
            self.pool = KernelPool(self.paths.root, starters=self.jobs,
                                   preload=reuse.kernel_preload(self.paths, self.year, self.force))
            later.append("papermill")
        if self.assembler is default_assembler:
            later.append("pipeline.report.assemble")  # pandas, jinja2, openpyxl, babel
        if later:
            threading.Thread(target=_import_ahead, args=(later, self.assembler is default_assembler),
                             name="lkjip-import", daemon=True).start()
        if self.assembler is default_assembler:
            # each step's sections are read while the others run (pipeline.sections.ahead)
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lkjip-sections")
        try:
            self._build(staging, started)
        finally:
            if self._pdf is not None:  # the build stopped before its assembly
                self._pdf.cancel()
                self._pdf = None
            if self._reader is not None:
                self._reader.shutdown(wait=True, cancel_futures=True)
                self._reader = None
                importlib.import_module("pipeline.sections.ahead").forget(staging / "report")
            if self.pool is not None:
                # the kernels stop while the report is published (run_year waits for them after)
                self._closing = threading.Thread(target=self.pool.close, name="lkjip-kernels-close")
                self._closing.start()
                self.pool = None

    def closed(self) -> None:
        """Wait until every kernel of the build has stopped."""
        if self._closing is not None:
            self._closing.join()

    def _expect(self, kind: str, steps: list[Step], ahead: int = 1) -> None:
        """The pool keeps kernels for ``steps`` (of ``kind``); one of them taken over from the
        cache after all is skipped (_step)."""
        if self.pool is not None and steps:
            self._expected.update(s.name for s in steps)
            self.pool.expect(kind, len(steps), ahead)

    def _to_execute(self, steps: list[Step], processed: Path, report: Path) -> list[Step]:
        """The steps whose key (as far as it is known now) differs from the record's."""
        return [s for s in steps if not self._reusable(s, self._key(s, processed, report))]

    def _build(self, staging: Path, started: float) -> None:
        processed, report = staging / "processed", staging / "report"
        clean, validate = clean_step(self.notebooks, self.year), validate_step(self.notebooks, self.year)
        if self._to_execute([clean], processed, report):
            # new processed tables will most likely need a new validation: start both kernels
            self._expect(CLEAN, [clean])
            self._expect(VALIDATE, [validate])
            if self.pool is not None:  # new tables most likely change an analysis too
                self.pool.warm(ANALYSIS)
        self._step(clean, staging)
        steps = analysis_steps(self.notebooks, self.year, read_sasaran_ids(processed))
        # analysis kernels ready before the steps need them: one per worker, each one reused
        # for the next analysis step (pipeline.run.kernels.REUSED)
        ahead = self.jobs
        if self._to_execute([validate], processed, report):
            self._expect(VALIDATE, [validate])
            # validation first (its kernel is the long pole), the steps that do not read its
            # results alongside it, the others when it succeeded; the keys of those are known
            # only then: expected now, skipped if taken over
            alongside = [s for s in steps if not s.reads_validation]
            after = [s for s in steps if s.reads_validation]
            self._expect(ANALYSIS, self._to_execute(alongside, processed, report) + after, ahead=ahead)
            self._in_parallel(staging, validate, alongside, after)
        else:
            if self.pool is not None:  # its kernel, started with the cleaning's, is not coming
                self.pool.expect(VALIDATE, 0)
            self._step(validate, staging)  # taken over: its results are there at once
            self._expect(ANALYSIS, self._to_execute(steps, processed, report), ahead=ahead)
            self._in_parallel(staging, None, steps, [])
        if self._reader is not None:
            self._reader.shutdown(wait=True)  # the sections read ahead are ready for the assembly
        t0 = time.monotonic()
        # Everything but "timestamp" is the same for the same inputs (sorted: steps finish
        # in any order); the timestamp is the run's one declared time.
        run_info = {
            "year": self.year,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
            "jobs": self.jobs,
            "force": self.force,
            "steps_executed": sorted(self.executed),
            "steps_cached": sorted(self.cached),
            **self._cache_record(),
            "inputs_read": dict(sorted(self.read.items())),
        }
        with self._lock:
            job, self._pdf = self._pdf, None  # the assembler's now (it cancels it if it fails)
        following = self.assembler(report, self.year, processed, run_info, self.paths,
                                   **({"job": job} if self._takes_pdf_job else {}))
        # the real assembler leaves the documents made from the HTML (the PDF, tables.xlsx, the
        # notebooks' pages) to follow the published report (Following); until they are there the
        # record says so, and the next run assembles the report again
        self.following = following if hasattr(following, "finish") else None
        cache.write_record(report, **self._cache_record(), processed_dir=processed, cache_reads=self.reads,
                           pending=self.following.files if self.following else [])
        self.progress.step_done(self.year, "assemble", time.monotonic() - t0)

    def finish(self) -> None:
        """Add what follows the published report (its PDF, tables.xlsx, the notebooks' pages) and
        record the report complete."""
        if self.following is None:
            return
        t0 = time.monotonic()
        self.following.finish(self.published_report)
        cache.write_record(self.published_report, **self._cache_record(),
                           processed_dir=self.published_processed, cache_reads=self.reads)
        self.progress.step_done(self.year, "pdf", time.monotonic() - t0)

    def _cache_record(self) -> dict:
        """The steps' cache keys and files, sorted (steps finish in any order)."""
        return {"cache": dict(sorted(self.keys.items())),
                "cache_files": {k: sorted(v) for k, v in sorted(self.files.items())}}

    def _in_parallel(self, staging: Path, first: Step | None, alongside: list[Step],
                     after_first: list[Step]) -> None:
        """Run ``first`` and ``alongside`` on --jobs workers, ``after_first`` once ``first``
        succeeded; stop starting steps at the first failure and raise it (``first``'s wins)."""
        # the PDF job starts once a worker has no step left: queued after every step
        last = [self._start_pdf] if self._takes_pdf_job else []
        # set once every step beside ``first`` is queued: a quick ``first`` can end before this
        # thread has queued them, and what it queues then must still come after them
        queued = threading.Event()
        with ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix=f"lkjip-{self.year}") as pool:
            def first_then():
                self._step(first, staging)
                queued.wait()
                # the steps that waited for ``first``: the first of them at once on this worker,
                # the others into the queue, after the steps beside ``first``
                later = [pool.submit(self._step, s, staging) for s in after_first[1:]]
                later += [pool.submit(task) for task in last]
                if after_first:
                    self._step(after_first[0], staging)
                return later

            futures = [pool.submit(first_then)] if first is not None else []
            try:
                futures += [pool.submit(self._step, s, staging) for s in alongside]
            finally:
                queued.set()
            if first is None:
                futures += [pool.submit(task) for task in last]
            self._wait(futures)
            if first is not None and not self._failed.is_set():
                later = futures[0].result()
                futures += later
                self._wait(later)
        for future in futures:
            if not future.cancelled() and future.exception() is not None:
                raise future.exception()

    def _start_pdf(self) -> None:
        """Start the report's PDF job (its browser, pipeline.report.assemble.start_pdf) now that
        a worker has no step left: the browser's start and, in this process, pypdf's import and
        its reading of the published PDF's page numbers then share the cores with the last
        steps, not with the assembly (which they had nearly doubled)."""
        if self._failed.is_set() or _cancelled.is_set():
            return
        from pipeline.report.assemble import start_pdf

        with self._lock:
            if self._pdf is None:
                self._pdf = start_pdf(self.paths, self.year)

    def _wait(self, futures: list) -> None:
        done, pending = wait(futures, return_when=FIRST_EXCEPTION)
        if any(not f.cancelled() and f.exception() is not None for f in done):
            self._failed.set()  # steps not yet started do nothing
            for future in pending:
                future.cancel()
        wait(futures)
        if any(not f.cancelled() and f.exception() is not None for f in futures):
            self._failed.set()

    def _step(self, step: Step, staging: Path) -> None:
        if self._failed.is_set():
            return  # another step failed: its error is the run's
        if _cancelled.is_set():
            raise Cancelled(STEP["cancelled_before"].format(step=step_in_words(step.name)))
        processed, report = staging / "processed", staging / "report"
        key = self._key(step, processed, report)
        with self._lock:
            self.keys[step.name] = key
        if self._reusable(step, key):
            if self.pool is not None and step.name in self._expected:
                self.pool.skip(step.kind)
            self._take_over(step, processed, report)
            return
        out = staging / "parts" / step.name
        (out / "notebooks").mkdir(parents=True)
        seeded = self._seed(step, out, report)
        log = out / "notebooks" / f"{step.log_name}.ipynb"
        params = step.parameters(self.paths.rel(processed), self.paths.rel(out))
        t0 = time.monotonic()
        try:
            if self.pool is not None:
                self.pool.execute(step.kind, step.notebook, log, params, self.paths.root)
            else:
                self.executor(step.notebook, log, params, self.paths.root)
        except BaseException as exc:
            self.progress.step_failed(self.year, step.name, time.monotonic() - t0)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise _failure(self.paths, self.year, step, exc, log) from None
        executed.normalise(log, self._published_names(staging, out))
        read = reads.load(out / reads.READS_FILE)
        (out / reads.READS_FILE).unlink(missing_ok=True)  # a record for the cache, not an output
        written = self._merge(step, out, report, seeded)
        self._read_ahead(report, written)
        with self._lock:
            if read is not None and step.kind != CLEAN:
                self.reads[step.name] = read
                self.keys[step.name] = self.fingerprints.step_key(step, self.year, processed, report, read)
            self.files[step.name] = written
            self.executed.append(step.name)
        self.progress.step_done(self.year, step.name, time.monotonic() - t0)

    def _published_names(self, staging: Path, out: Path) -> list[tuple[str, str]]:
        """(staging path, published path) pairs, relative and absolute, for the executed notebook."""
        processed = self.paths.rel(self.published_processed)
        report = self.paths.rel(self.published_report)
        pairs = []
        for folder, published in ((staging / "processed", processed), (out, report),
                                  (staging / "report", report), (staging, report)):
            pairs += [(self.paths.rel(folder), published), (str(folder), published)]
        return pairs

    def _take_over(self, step: Step, processed: Path, report: Path) -> None:
        """Copy an unchanged step's previous outputs into the staging folder."""
        if step.kind == CLEAN:
            shutil.copytree(self.published_processed, processed, dirs_exist_ok=True)
        rels = list(self.record["cache_files"][step.name])
        for rel in rels:
            target = report / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.published_report / rel, target)
            self._own(step, rel)
        self._read_ahead(report, rels)
        with self._lock:
            self.files[step.name] = rels
            self.cached.append(step.name)
            if step.name in self.record["cache_reads"]:
                self.reads[step.name] = self.record["cache_reads"][step.name]
        self.progress.step_cached(self.year, step.name)

    def _read_ahead(self, report: Path, rels: list[str]) -> None:
        """Have the sections among ``rels`` (a finished step's files) read for the assembly now."""
        ids = [Path(rel).stem for rel in rels
               if rel.startswith(catalogue.SECTIONS.path) and rel.endswith(".json")]
        if self._reader is not None and ids:
            try:
                self._reader.submit(_read_sections, report, ids)
            except RuntimeError:  # the reader was shut down: the assembly reads them itself
                pass

    def _own(self, step: Step, rel: str) -> None:
        with self._lock:
            other = self._owners.setdefault(rel, step.name)
        if other != step.name:
            raise LkjipError(STEP["same_file"].format(first=step_in_words(other),
                                                      second=step_in_words(step.name), rel=rel))

    def _seed(self, step: Step, out: Path, report: Path) -> dict[str, str]:
        """Copy the validation results an analysis step may read into its folder."""
        seeded: dict[str, str] = {}
        if step.kind != ANALYSIS or not step.reads_validation:
            return seeded
        for rel, path in upstream_report_files(report).items():
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            seeded[rel] = sha256_file(target)
        return seeded

    def _merge(self, step: Step, out: Path, report: Path, seeded: dict[str, str]) -> list[str]:
        """Move the files the step wrote (not the untouched seeded copies) into the report."""
        written = []
        for path in sorted(p for p in out.rglob("*") if p.is_file()):
            rel = path.relative_to(out).as_posix()
            if rel in seeded and sha256_file(path) == seeded[rel]:
                continue
            self._own(step, rel)
            target = report / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            written.append(rel)
        return written


def raw_hashes(paths: Paths, year: int) -> dict[str, str]:
    """{file relative to data/raw: sha256} of what the parsers read for ``year`` (its inputs and
    the notations of data/raw/manifest.yml), taken as the build starts."""
    from pipeline.report import provenance

    return {rel: sha256_file(paths.raw / rel) for rel in provenance.parsed_files(paths, year)
            if (paths.raw / rel).is_file()}


def _refuse_changed_inputs(paths: Paths, year: int, read: dict[str, str]) -> None:
    """A raw file that changed while the steps ran (an edit, ``manifest --update``): the figures may
    come from the old bytes and the record from the new ones, so nothing is published."""
    now = raw_hashes(paths, year)
    changed = sorted(set(read) ^ set(now) | {rel for rel in read.keys() & now.keys() if read[rel] != now[rel]})
    if changed:
        raise LkjipError(RUN["changed_mid_run"].format(
            year=year, files=", ".join(f"data/raw/{rel}" for rel in changed)))


def run_year(year: int, *, paths: Paths, notebooks: Notebooks | None = None,
             jobs: int | None = None, force: bool = False, progress: Progress | None = None,
             executor: Executor | None = None, assembler=None,
             checked: dict[str, tuple[int, ...]] | None = None) -> RunResult:
    """Build and publish one year of the project ``paths``; skip everything when nothing changed
    (unless ``force``). ``notebooks``: the project's (``Paths.notebooks``) unless given.
    ``checked``: the input files' versions when this process's pre-flight check passed them
    (pipeline.run.preflight.preflight): files not written since are not parsed again under the lock."""
    started = time.monotonic()
    notebooks = notebooks or Notebooks.in_folder(paths.notebooks)
    progress = progress or Progress(quiet=True)
    report_html = paths.report_year(year) / f"LKjIP-{year}.html"
    with publish.year_lock(paths, year):
        for note in publish.recover(paths, year):
            progress.warn(note)
        run = YearRun(year, paths, notebooks, jobs=jobs or os.cpu_count() or 1, force=force,
                      progress=progress,
                      executor=executor if executor is not None else default_executor,
                      assembler=assembler or default_assembler)
        # The parse pass (seconds, and pandas' import on the no-change path) is skipped for files
        # this process's pre-flight check passed and nobody wrote since, and, as that check
        # decides it, for inputs byte for byte what the published report was built from.
        parsed_already = checked is not None and input_versions(paths, year) == checked
        parse = not parsed_already and year not in published_years(paths, [year])
        blocking, manifest_problems = yearfiles.problems(paths, year, parse=parse)
        if blocking:
            raise MissingInputs(year, blocking)
        missing = notebooks.missing()
        if missing:
            raise LkjipError(STEP["notebooks_missing"].format(names=", ".join(paths.rel(p) for p in missing)))
        for problem in manifest_problems:
            progress.warn(STEP["manifest_warning"].format(problem=problem))
        if run.unchanged():
            return RunResult(year, "unchanged", report_html)
        shutil.rmtree(paths.reports / ".logs" / str(year), ignore_errors=True)
        staging = publish.new_staging(paths, year)
        run.read = raw_hashes(paths, year)  # what the figures are computed from, recorded as such
        try:
            _publish(run, staging, started)
        finally:
            run.closed()
    return RunResult(year, "published", report_html, run.executed, run.cached)


def _publish(run: YearRun, staging: Path, started: float) -> None:
    """Build ``run`` in ``staging`` and publish it; then its PDF follows (see module docstring)."""
    paths, year = run.paths, run.year
    try:
        run.build(staging)
        _refuse_changed_inputs(paths, year, run.read)
        if _cancelled.is_set():
            raise Cancelled(STEP["cancelled"].format(year=year))
    except BaseException:
        if run.following is not None:
            run.following.cancel()
        publish.discard(staging)
        raise
    try:
        publish.publish(paths, year, staging)
    except BaseException:
        if run.following is not None:
            run.following.cancel()
        publish.recover(paths, year)  # roll back at once; we still hold the lock
        raise
    if run.following is not None:
        # the HTML is out; its PDF follows (a run stopped now leaves the report without a PDF,
        # and its record says so: the next run assembles it again)
        run.progress.info(STEP["html_published"].format(year=year, seconds=seconds_since(started)))
        try:
            run.finish()
        except LkjipError as exc:
            raise LkjipError(STEP["pdf_after_html"].format(year=year, detail=exc)) from None
        except BaseException:  # Ctrl-C while the PDF is printed: no browser outlives the run
            run.following.cancel()
            raise


def run_years(years: list[int], *, paths: Paths, notebooks: Notebooks | None = None,
              jobs: int | None = None, force: bool = False, progress: Progress | None = None,
              executor: Executor | None = None, assembler=None, index_writer=None,
              checked: dict[int, dict[str, tuple[int, ...]]] | None = None,
              ) -> tuple[list[RunResult], dict[int, BaseException]]:
    """Run several years in parallel (splitting ``jobs``), then rebuild reports/index.html once.
    ``checked``: per year, the raw inputs the pre-flight check passed (see :func:`run_year`)."""
    progress = progress or Progress(quiet=True)
    jobs = jobs or os.cpu_count() or 1
    years = sorted(set(years))
    per_year = max(1, jobs // max(1, len(years)))
    results: list[RunResult] = []
    errors: dict[int, BaseException] = {}
    _cancelled.clear()
    with kernel_environment(paths, force):
        with ThreadPoolExecutor(max_workers=max(1, min(len(years), jobs))) as pool:
            futures = {year: pool.submit(run_year, year, paths=paths, notebooks=notebooks, jobs=per_year,
                                         force=force, progress=progress, executor=executor,
                                         assembler=assembler, checked=(checked or {}).get(year))
                       for year in years}
            interrupted = False
            try:
                for year, future in futures.items():
                    try:
                        results.append(future.result())
                    except Exception as exc:  # reported per year by the caller
                        errors[year] = exc
            except KeyboardInterrupt:
                # Ctrl-C: let running steps end, start nothing, publish nothing not yet out (the
                # pool waits for the years under way as it closes)
                _cancelled.set()
                interrupted = True
            except BaseException:
                _cancelled.set()
                raise
    if interrupted:
        _cancelled.clear()  # every year has ended: the flag must not stop a later run of this process
        # a year already published when Ctrl-C came has finished all the same: say so, list it
        for year, future in futures.items():
            if year in errors or any(r.year == year for r in results) or future.cancelled():
                continue
            if future.exception() is None:
                results.append(future.result())
            else:
                errors[year] = future.exception()
    index = paths.reports / "index.html"
    if any(r.status == "published" for r in results) or (results and not index.is_file()):
        (index_writer or default_index_writer)(paths.reports)
    if interrupted:
        raise Interrupted(sorted(r.year for r in results if r.status == "published"), errors)
    return results, errors


def report_line(paths: Paths, result: RunResult) -> str:
    """`Laporan: reports/2024/LKjIP-2024.html · status: final · peringatan: 3` from summary.json."""
    status, warnings, confirmed, synthetic, summary = "?", "?", 0, [], {}
    try:
        summary = json.loads(catalogue.SUMMARY.at(result.report.parent).read_text(encoding="utf-8"))
        status = summary.get("status", "?")
        validasi = summary.get("validasi") or {}
        warnings = validasi.get("warnings", "?")
        confirmed = len(validasi.get("dikonfirmasi") or [])
        synthetic = list(summary.get("data_sintetis") or [])
    except (OSError, ValueError):
        pass
    if status == "draft" and summary.get("status_alasan"):  # why, e.g. no reviu statement yet
        status = f"draft ({'; '.join(summary['status_alasan'])})"
    if synthetic:  # an example, never final: name the synthetic inputs where the status is read
        status = f"{status} (data sintetis: {', '.join(synthetic)})"
    if confirmed:  # an implausible figure published on the analyst's word: say so where it is read
        status = f"{status} ({confirmed} angka di luar batas wajar dikonfirmasi analis)"
    return f"Laporan: {paths.rel(result.report)} · status: {status} · peringatan: {warnings}"
