"""Shared helpers for tests that work on a throw-away copy of the project tree."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs import rawfile
from pipeline.run import textcols

# Tests call the domain code directly: the same text storage as a run's processes.
textcols.install()


# A test is an entry point (issue 20): it resolves the project and passes it down, and sets the
# project raw files are read from (pipeline.inputs.rawfile.set_project) as the CLI does.
@pytest.fixture(autouse=True)
def _raw_files_project():
    """The checkout is each test's project for messages and read records, unless the test makes
    another one its project (:func:`use_project`); forgotten afterwards, so none leaks on."""
    rawfile.set_project(Paths.default())
    yield
    rawfile.set_project(None)


@pytest.fixture
def paths() -> Paths:
    """The checkout's project folders, for a test that calls the library on the shipped data."""
    return Paths.default()


def use_project(monkeypatch, root: Path) -> Paths:
    """Make ``root`` this test's project: LKJIP_ROOT (what entry points and subprocesses resolve)
    and the project raw files are read from; returns its folders."""
    monkeypatch.setenv("LKJIP_ROOT", str(root))
    project = Paths(Path(root).resolve())  # as Paths.default() resolves LKJIP_ROOT
    rawfile.set_project(project)
    return project


def clean_as_a_run(root: Path, year: int, folder: Path):
    """``root``'s data/raw of ``year`` cleaned as a run's kernel cleans it (its reads recorded,
    nothing forced, nothing to take over yet): the tables in ``folder`` and the cleaning's record
    beside it (pipeline.inputs.reads.kept_folder), as a project's first run leaves them. Returns
    what pipeline.run.reuse.clean_year returns."""
    from pipeline.inputs import reads
    from pipeline.run import reuse

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(reads.ENVIRONMENT, "1")
        mp.setenv(reuse.FORCE_ENVIRONMENT, "0")
        return reuse.clean_year(year, folder, use_project(mp, root))


def run_lkjip(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m pipeline ...` with LKJIP_ROOT pointing at ``root`` (and ``env`` on top)."""
    env = dict(os.environ, LKJIP_ROOT=str(root), **(env or {}))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=900)


def tree_hashes(folder: Path) -> dict[str, str]:
    """sha256 of every file below ``folder`` (to prove a tree was left byte-identical)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def raw_copy(tmp_path, monkeypatch) -> Paths:
    """A project root in tmp_path holding a copy of the shipped data/raw (LKJIP_ROOT set)."""
    shutil.copytree(Paths.default().raw, tmp_path / "data" / "raw")
    use_project(monkeypatch, tmp_path)
    return Paths(tmp_path)


@pytest.fixture(scope="session")
def validated_2024(tmp_path_factory) -> tuple[dict, Path, Path]:
    """The shipped 2024 data cleaned and validated in this process, once per worker (the files
    that read it are one xdist group, TOGETHER below): (findings, processed folder, report folder).
    Read only; a test that breaks a table works on a copy."""
    from pipeline import clean
    from pipeline.validate.run import run

    paths = Paths.default()
    rawfile.set_project(paths)  # session-wide: before any test's own project is set
    processed = tmp_path_factory.mktemp("validated") / "2024"
    clean.run(2024, processed, paths)
    report = tmp_path_factory.mktemp("validated_report")
    return run(2024, processed, report, paths), processed, report


_PDF_TEXTS: dict[str, tuple[str, ...]] = {}


def pdf_page_texts(pdf: Path) -> tuple[str, ...]:
    """Each page's text as PDFium extracts it (lines joined by newlines, a word hyphenated at a
    line's end written as pypdf and a reader see it: "Perundang-" then "undangan"), parsed once
    per distinct file (by sha256) per process: several tests read the same report."""
    import pypdfium2

    digest = hashlib.sha256(pdf.read_bytes()).hexdigest()
    if digest not in _PDF_TEXTS:
        document = pypdfium2.PdfDocument(pdf)
        try:
            # PDFium marks a hyphen it found at a line break with U+FFFE
            _PDF_TEXTS[digest] = tuple(
                page.get_textpage().get_text_range().replace("\r\n", "\n").replace("\ufffe", "-\n")
                for page in document)
        finally:
            document.close()
    return _PDF_TEXTS[digest]


@dataclass(frozen=True)
class ShippedRun:
    """The shipped 2024 data built once by `lkjip run --year 2024` in a throw-away project.

    ``root`` is shared by every test of the session (and every xdist worker): read it, never
    change it; a test that edits or reruns anything works on :meth:`copy_to`."""

    root: Path
    returncode: int
    stdout: str
    stderr: str
    raw_before: dict

    def copy_to(self, dest: Path) -> Path:
        """A private copy of the whole built tree (raw data, caches, processed tables, report)."""
        shutil.copytree(self.root, dest, symlinks=True)
        return dest


@pytest.fixture(scope="session")
def shipped_2024(tmp_path_factory) -> ShippedRun:
    """One real run of the shipped 2024 data per test session instead of one per test file.

    Under pytest-xdist the workers share the session's temporary folder (the parent of each
    worker's own); the first worker to get here builds while the others wait on the lock."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root, record = shared / "shipped-2024", shared / "shipped-2024.json"
    with open(shared / "shipped-2024.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.is_file():
            shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
            shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
            raw_before = tree_hashes(root / "data" / "raw")
            done = run_lkjip(root, "run", "--year", "2024", "--quiet")
            record.write_text(json.dumps({"returncode": done.returncode, "stdout": done.stdout,
                                          "stderr": done.stderr, "raw_before": raw_before}))
    built = ShippedRun(root, **json.loads(record.read_text()))
    assert built.returncode == 0, built.stdout + built.stderr
    return built


# The longest test files, longest first (from `make test`'s slowest tests, a quiet machine): the
# parallel run starts them at once instead of finishing on one of them alone. The first two need
# no common build, so one worker builds `shipped_2024` while the other runs its own project.
# Between them come the files that mostly wait (kernels, a browser or processes starting and
# ending): the suite is bound by the CPU, and a file that waits beside a real run on the other
# worker leaves no core idle, where two of them side by side left one idle for seconds.
LONGEST_FIRST = ("test_incremental_run.py", "test_fixture_year.py", "test_runner.py", "test_reproducible_run.py",
                 "test_kernels.py", "test_kewajaran.py", "test_kernel_factory.py", "test_end_to_end.py",
                 "test_safe_outputs.py", "test_report_browser.py", "test_watch_run.py", "test_report_assemble.py",
                 "test_agency_provinsi.py", "test_add_indicator.py", "test_another_agency.py",
                 "test_agency_tanpa_ikm.py", "test_workbook.py", "test_plaincsv.py", "test_report_pdf.py")
# The longest files of the unit tier, longest first (`make test-fast`'s durations): they start
# the tier, so that its end is many short files dealt to whichever worker is free.
UNIT_LONGEST_FIRST = ("test_reuse_clean.py", "test_cache.py", "test_architecture.py", "test_catalogue.py",
                      "test_completeness.py", "test_newyear.py", "test_notebook_html.py",
                      "test_synthetic_register.py", "test_indicators.py")
# Files of many independent cases (each on its own project copy) are dealt out in chunks of this
# many tests, so that no worker is left with the whole file at the end.
SPLIT = {"test_bad_inputs.py": 24}
# Fixtures that run the Great Expectations suites on the shipped data: a test that needs one is
# not of the unit tier (`make test-fast`: no GX suite), wherever it is written.
GX_SUITES_FIXTURES = {"validated_2024"}
# Files that share a per-worker session fixture run on the same worker.
TOGETHER = {"test_catatan_validasi.py": "validated_2024", "test_validate_gate.py": "validated_2024"}


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups (`--dist loadgroup`)
def pytest_collection_modifyitems(config, items):
    """Order and group the tests for a parallel run (`make test`: pytest-xdist with
    `--dist loadgroup --no-loadscope-reorder`, one group per worker at a time): a test file is one
    group, so a module's shared fixture is built once, but for the files in SPLIT; the longest
    files start first, then the other slow files, then the split ones, then the unit tier."""
    seen: dict[str, int] = {}
    for item in items:
        if GX_SUITES_FIXTURES.intersection(item.fixturenames):
            item.add_marker(pytest.mark.slow)
        name = item.path.name
        group = TOGETHER.get(name, name)
        if name in SPLIT:
            group = f"{name}:{seen.get(name, 0) // SPLIT[name]}"
            seen[name] = seen.get(name, 0) + 1
        item.add_marker(pytest.mark.xdist_group(group))

    slow_files = {item.path.name for item in items if item.get_closest_marker("slow")}

    def rank(item):  # by file, so that a file's tests stay together (its module fixtures built once)
        name = item.path.name
        if name in LONGEST_FIRST:
            return 0, LONGEST_FIRST.index(name)
        if name in UNIT_LONGEST_FIRST and name not in slow_files:
            return 3, UNIT_LONGEST_FIRST.index(name)
        return 1 + (name in SPLIT) + 2 * (name not in slow_files), len(UNIT_LONGEST_FIRST)
    items.sort(key=rank)


@dataclass
class AgencyRun:
    """A fixture agency built end to end in a throw-away project (see :func:`build_agency`)."""

    root: Path
    report: Path
    summary: dict
    done: subprocess.CompletedProcess
    checked: subprocess.CompletedProcess | None


def build_agency(fixture: Path, root: Path, year: int, *, check_inputs: bool = False,
                 before_run=None) -> AgencyRun:
    """Copy a fixture agency's data/ and the shipped expectations into ``root``, record the
    checksums (`manifest --update`), optionally `check-inputs`, then `run` the year; each
    command must succeed. ``before_run(root)`` may assert on the copied tree first."""
    import json

    shutil.copytree(fixture / "data", root / "data")
    shutil.copytree(PACKAGE_ROOT / "expectations", root / "expectations")
    if before_run is not None:
        before_run(root)
    updated = run_lkjip(root, "manifest", "--update")
    assert updated.returncode == 0, updated.stdout + updated.stderr
    checked = None
    if check_inputs:
        checked = run_lkjip(root, "check-inputs", "--year", str(year))
        assert checked.returncode == 0, checked.stdout + checked.stderr
    done = run_lkjip(root, "run", "--year", str(year), "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    report = root / "reports" / str(year)
    summary = json.loads((report / "summary.json").read_text(encoding="utf-8"))
    return AgencyRun(root, report, summary, done, checked)

