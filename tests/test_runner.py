"""The runner on fixture notebooks in a throw-away project tree (LKJIP_ROOT).

Kernel starts are what costs time here, so only the notebook under test runs in a real
kernel; the other steps use FakeExecutor (tests/fixtures/runner/tree.py).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline import tempfolders
from pipeline.errors import LkjipError
from pipeline.run import cache, kernels, publish, runner
from pipeline.run.runner import StepFailed, kernel_environment, papermill_execute, run_year, run_years
from tests.conftest import use_project
from tests.fixtures.runner.tree import (
    YEAR,
    FakeExecutor,
    fake_assemble,
    fake_index,
    fixture_notebooks,
    make_project,
    tree_hashes,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    use_project(monkeypatch, root)
    code = tmp_path / "code"  # the real package is edited while tests run: freeze "code"
    code.mkdir()
    (code / "module.py").write_text("VERSION = 1\n")
    monkeypatch.setattr(cache, "CODE_ROOT", code)
    return make_project(root)


def outputs(paths):
    return tree_hashes(paths.processed_year(YEAR)), tree_hashes(paths.report_year(YEAR))


def publish_previous(paths):
    """A previous successful run, made cheaply with the fake executor."""
    run_year(YEAR, paths=paths, notebooks=fixture_notebooks(), executor=FakeExecutor(),
             assembler=fake_assemble)
    before = outputs(paths)
    assert before[0] and before[1]
    return before


def staging_left(paths):
    root = publish.staging_root(paths)
    return sorted(p.name for p in root.glob(f"{YEAR}-*")) if root.is_dir() else []


@pytest.mark.slow
def test_full_run_with_papermill_publishes(project):
    raw_before = tree_hashes(project.raw)
    cwd = os.getcwd()
    results, errors = run_years([YEAR], paths=project, notebooks=fixture_notebooks(), jobs=2,
                                assembler=fake_assemble, index_writer=fake_index)
    # steps run in parallel threads: none may change the process's working directory
    assert os.getcwd() == cwd
    assert errors == {}
    assert results[0].status == "published"
    report = project.report_year(YEAR)
    assert (project.processed_year(YEAR) / "iku.csv").read_text() == "sasaran_id;nama\n1;S1\n2;S2\n"
    assert sorted(p.name for p in (report / "notebooks").iterdir()) == [
        "anggaran.ipynb", "clean.ipynb", "organisasi.ipynb", "sasaran_1.ipynb", "sasaran_2.ipynb", "validate.ipynb"]
    # sasaran_id reaches the kernel as an int; the cleaning step's comparison reached the sasaran step
    assert json.loads((report / "results" / "sasaran_2.json").read_text()) == {
        "id": 2, "type": "int", "perbandingan": ["3"]}
    executed = json.loads((report / "notebooks" / "sasaran_2.ipynb").read_text())
    # published as if run on the published folders (no staging path: same inputs, same bytes)
    assert executed["metadata"]["papermill"]["parameters"]["processed_dir"] == "data/processed/2024"
    assert json.loads((report / "summary.json").read_text())["validasi"]["warnings"] == 1
    assert (project.reports / "index.html").is_file()
    assert tree_hashes(project.raw) == raw_before  # raw data is never written
    assert staging_left(project) == []


@pytest.mark.slow
def test_input_error_in_notebook_keeps_previous_outputs(project):
    before = publish_previous(project)
    notebooks = fixture_notebooks(clean="fail_input")
    with kernel_environment(project), pytest.raises(StepFailed) as err:
        run_year(YEAR, paths=project, notebooks=notebooks, force=True, executor=papermill_execute,
                 assembler=fake_assemble)
    message = str(err.value)
    assert err.value.exit_code == 2
    assert message.startswith("data/raw/2024/data.csv, baris 3, kolom 'nilai', nilai '12,3,4': "
                              "cannot be read as a number")
    assert "Traceback" not in message
    assert err.value.log == project.reports / ".logs" / str(YEAR) / "fail_input.ipynb"
    assert err.value.log.is_file()
    assert outputs(project) == before
    assert staging_left(project) == []


@pytest.mark.slow
def test_killed_kernel_keeps_previous_outputs_and_next_run_works(project):
    before = publish_previous(project)
    executor = FakeExecutor(real={"exit": papermill_execute})
    with kernel_environment(project), pytest.raises(StepFailed) as err:
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(organisasi="exit"), force=True,
                 executor=executor, assembler=fake_assemble)
    assert err.value.exit_code == 1
    assert "Langkah bab organisasi dan Bab I–II (03_organisasi) tahun 2024 gagal" in str(err.value)
    assert outputs(project) == before
    assert staging_left(project) == []
    result = run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True,
                      executor=FakeExecutor(), assembler=fake_assemble)
    assert result.status == "published"


@pytest.mark.slow
def test_sigkilled_run_keeps_previous_outputs_and_next_run_works(project, tmp_path):
    before = publish_previous(project)
    marker = tmp_path / "started"
    script = (
        "import pathlib, sys\n"
        "from pipeline.run import cache, runner\n"
        "from pipeline.run.runner import papermill_execute\n"
        "from tests.fixtures.runner.tree import FakeExecutor, fake_assemble, fake_index, fixture_notebooks\n"
        f"cache.CODE_ROOT = pathlib.Path({str(cache.CODE_ROOT)!r})\n"
        "runner.default_assembler = fake_assemble\n"
        "runner.default_index_writer = fake_index\n"
        "runner.default_executor = FakeExecutor(real={'slow': papermill_execute})\n"
        "runner.Notebooks.in_folder = staticmethod(lambda folder: fixture_notebooks(anggaran='slow'))\n"
        "from pipeline.run.cli import main\n"
        "sys.exit(main(['run', '--year', '2024', '--force']))\n"
    )
    env = dict(os.environ, LKJIP_ROOT=str(project.root), LKJIP_TEST_MARKER=str(marker),
               PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the slow notebook never started"
            time.sleep(0.1)
        assert staging_left(project)  # the run was mid-way, building in its staging folder
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the CLI and its kernels: the group we started
        proc.wait()
    assert outputs(project) == before
    # what the killed run's kernel left in the temporary directory (its sockets, its connection
    # file) is in one folder named after the run, which the next process's first kernel sweeps
    left = list(Path(tempfile.gettempdir()).glob(f"{kernels.FOLDER_PREFIX}{proc.pid}-*"))
    assert [sorted(p.name for p in folder.iterdir() if p.suffix == ".json") for folder in left] == [["k.json"]]
    tempfolders.sweep(kernels.FOLDER_PREFIX)
    assert not any(folder.exists() for folder in left)
    result = run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True,
                      executor=FakeExecutor(), assembler=fake_assemble)
    assert result.status == "published"
    assert staging_left(project) == []


# the third folder is what steps keep for later runs (reports/.cache/<Y>, pipeline.run.reuse)
POINTS = ["journal", "swapped:processed", "swapped:report", "swapped:reuse", "committed"]
FALLBACK_POINTS = ["journal", "aside:processed", "swapped:processed", "aside:report",
                   "swapped:report", "aside:reuse", "swapped:reuse", "committed"]


def new_outputs(project):
    staging = publish.new_staging(project, YEAR)
    (staging / "processed" / "iku.csv").write_text("sasaran_id\n9\n")
    (staging / "report" / "LKjIP-2024.html").write_text("new")
    (staging / "report" / "summary.json").write_text("{}")
    return staging, (tree_hashes(staging / "processed"), tree_hashes(staging / "report"))


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_every_publish_step_can_fail_and_report_is_always_complete(project, monkeypatch, exchange):
    """Fault injection: raise between every two publish steps; at each of those instants
    reports/2024 is the complete previous or the complete new report, and recovery brings
    back the previous outputs (or finishes a committed publish)."""
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    before = publish_previous(project)
    points = POINTS if exchange else FALLBACK_POINTS
    for failing in points:
        staging, after = new_outputs(project)
        seen = []

        def fault(point, after=after, seen=seen, failing=failing):
            report = tree_hashes(project.report_year(YEAR))
            if not exchange and point.startswith("aside:report"):
                assert report == {}  # the fallback's known window: why exchange is used
            else:
                assert report in (before[1], after[1]), point
            seen.append(point)
            if point == failing:
                raise KeyboardInterrupt

        monkeypatch.setattr(publish, "FAULT", fault)
        with pytest.raises(KeyboardInterrupt):
            publish.publish(project, YEAR, staging)
        assert seen == points[:points.index(failing) + 1]
        monkeypatch.setattr(publish, "FAULT", publish._no_fault)
        notes = publish.recover(project, YEAR)
        if failing == "committed":
            assert notes == ["publikasi tahun 2024 yang sempat terputus telah dituntaskan"]
            assert outputs(project) == after  # (the last point: no "before" to return to)
        else:
            assert notes == ["publikasi tahun 2024 yang sempat terputus dibatalkan; keluaran sebelumnya dipulihkan"]
            assert outputs(project) == before, failing
        assert staging_left(project) == []


def test_publish_exchanges_atomically_on_this_file_system(project):
    a, b = project.root / "a", project.root / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    assert publish._exchange(a, b)  # else the tests above only cover the fallback
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


KILL_SCRIPT = """
import os, sys
from pathlib import Path
from pipeline.run import cache, publish, runner
cache.CODE_ROOT = Path(sys.argv[2])  # the test's frozen "code", as in this process
from tests.fixtures.runner.tree import FakeExecutor, fake_assemble, fixture_notebooks
def fault(point):
    if point == sys.argv[1]:
        os._exit(9)  # like SIGKILL: no cleanup, no finally
publish.FAULT = fault
from pipeline.config import Paths
runner.run_year(2024, paths=Paths.default(), notebooks=fixture_notebooks(), force=True,
                executor=FakeExecutor(), assembler=fake_assemble)
"""


@pytest.mark.parametrize("point", POINTS)
def test_killed_between_publish_steps_next_run_recovers_first(project, point):
    before = publish_previous(project)
    done = subprocess.run([sys.executable, "-c", KILL_SCRIPT, point, str(cache.CODE_ROOT)], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "LKJIP_ROOT": str(project.root)})
    assert done.returncode == 9, done.stderr
    assert tree_hashes(project.report_year(YEAR))  # never missing, even now
    executor = FakeExecutor()
    result = run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=executor,
                      assembler=fake_assemble)
    # recovery ran before the cache record was read: nothing is rebuilt
    assert result.status == "unchanged" and executor.steps == []
    assert staging_left(project) == []
    if point != "committed":
        assert outputs(project) == before


def test_committed_publish_is_finished_on_recovery(project):
    publish_previous(project)
    staging = publish.new_staging(project, YEAR)
    (staging / "processed" / "iku.csv").write_text("sasaran_id\n9\n")
    (staging / "report" / "x.html").write_text("new")
    original = publish.shutil.rmtree

    def no_cleanup(path, ignore_errors=False):  # killed just before deleting the old folders
        if Path(path) != staging:
            original(path, ignore_errors=ignore_errors)

    publish.shutil.rmtree = no_cleanup
    try:
        publish.publish(project, YEAR, staging)
    finally:
        publish.shutil.rmtree = original
    assert staging_left(project)
    publish.recover(project, YEAR)
    assert staging_left(project) == []
    assert list(tree_hashes(project.report_year(YEAR))) == ["x.html"]
    assert (project.processed_year(YEAR) / "iku.csv").read_text() == "sasaran_id\n9\n"


def test_first_publish_rolled_back_leaves_nothing(project, monkeypatch):
    staging = publish.new_staging(project, YEAR)
    (staging / "report" / "a.html").write_text("new")

    def crash(point):
        if point == "swapped:report":
            raise KeyboardInterrupt

    monkeypatch.setattr(publish, "FAULT", crash)
    with pytest.raises(KeyboardInterrupt):
        publish.publish(project, YEAR, staging)
    publish.recover(project, YEAR)
    assert not project.report_year(YEAR).exists()
    assert not project.processed_year(YEAR).exists()


def test_second_run_of_the_same_year_is_refused(project):
    with publish.year_lock(project, YEAR):
        with pytest.raises(LkjipError, match="Proses lain untuk tahun 2024 sedang berjalan") as err:
            run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=FakeExecutor(),
                     assembler=fake_assemble)
    assert err.value.exit_code == 4


def test_missing_inputs_are_listed_before_any_step(project):
    (project.raw_year(YEAR) / "data.csv").unlink()
    executor = FakeExecutor()
    with pytest.raises(LkjipError) as err:
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=executor,
                 assembler=fake_assemble)
    assert "data/raw/2024/data.csv: tercatat di data/raw/manifest.yml tetapi berkasnya tidak ada" in str(err.value)
    assert executor.calls == []


def test_kernel_environment_is_set_and_restored(project, monkeypatch):
    monkeypatch.delenv("MPLBACKEND", raising=False)
    with kernel_environment(project):
        assert os.environ["MPLBACKEND"] == "Agg"
        assert os.environ["PYTHONHASHSEED"] == "0"
        assert os.environ["GX_ANALYTICS_ENABLED"] == "false"
        assert os.environ["LKJIP_ROOT"] == str(project.root)
        assert os.environ["LKJIP_FORCE"] == "0"  # steps may reuse what an earlier run kept
    with kernel_environment(project, force=True):
        assert os.environ["LKJIP_FORCE"] == "1"  # --force: nothing is reused inside a step either
    assert "MPLBACKEND" not in os.environ


def test_interrupted_run_starts_no_step_and_publishes_nothing(project):
    before = publish_previous(project)
    executor = FakeExecutor()
    runner._cancelled.set()
    try:
        with pytest.raises(runner.Cancelled):
            run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True, executor=executor,
                     assembler=fake_assemble)
    finally:
        runner._cancelled.clear()
    assert executor.calls == []
    assert outputs(project) == before
    assert staging_left(project) == []


@pytest.mark.slow
def test_prestarted_kernel_runs_a_notebook_as_a_fresh_one_would(project, tmp_path):
    """The pool's preload imports leave no name, output or execution count behind."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from pipeline.run.kernels import KernelPool

    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                             new_code_cell("import sys\n"
                                           "print(sorted(k for k in globals() if 'lkjip' in k), x,"
                                           " 'json' in sys.modules)")],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    source = tmp_path / "nb.ipynb"
    nbformat.write(nb, source)
    pool = KernelPool(tmp_path, preload={"k": ("json",)})
    try:
        pool.expect("k", 2, ahead=2)
        for n in range(2):
            out = tmp_path / f"out{n}.ipynb"
            pool.execute("k", source, out, {"x": 5}, tmp_path)
            cells = nbformat.read(out, as_version=4).cells
            assert [c.execution_count for c in cells] == [1, 2, 3]  # parameters, injected, print
            assert cells[2].outputs[0]["text"] == "[] 5 True\n"
    finally:
        pool.close()


# -- a run records what it read (issue 19.6) ---------------------------------------------------
def _changing_executor(project, when: str):
    """FakeExecutor that edits data/raw/<year>/data.csv (and runs `manifest --update`, as an
    analyst in a second window would) when the step ``when`` starts."""
    from pipeline.years import manifest

    fake = FakeExecutor()

    def execute(notebook, output, parameters, cwd):
        if Path(notebook).stem == when:
            (project.raw_year(YEAR) / "data.csv").write_text("uraian;nilai\nA;9.999\nB;5,6!\n", encoding="utf-8")
            manifest.update_hashes(project)
        return fake(notebook, output, parameters, cwd)
    return execute


def test_a_file_changed_mid_run_is_not_published(project):
    before = publish_previous(project)
    with pytest.raises(LkjipError) as err:  # changed after the cleaning read it
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True,
                 executor=_changing_executor(project, "validate"), assembler=fake_assemble)
    assert str(err.value) == (
        "Berkas mentah berubah selama laporan 2024 dibuat, sehingga angka laporan tidak dapat dipastikan "
        "berasal dari isi yang tercatat: data/raw/2024/data.csv, data/raw/manifest.yml. Tidak ada yang "
        "dipublikasikan; laporan "
        "sebelumnya tetap utuh. Jalankan `lkjip run --year 2024` lagi setelah selesai mengubah berkas.")
    assert outputs(project) == before
    assert staging_left(project) == []


def test_recorded_input_hashes_are_those_read_at_start(project):
    import hashlib

    run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=FakeExecutor(),
             assembler=fake_assemble)
    recorded = json.loads((project.report_year(YEAR) / "manifest.json").read_text())["run_info"]["inputs_read"]
    data = project.raw_year(YEAR) / "data.csv"
    # the sha256 of the bytes on disk when the build started, worked out here independently
    assert recorded[f"{YEAR}/data.csv"] == hashlib.sha256(data.read_bytes()).hexdigest()
    # and of data/raw/manifest.yml, whose declared notations the parsers read
    assert recorded["manifest.yml"] == hashlib.sha256(project.raw_manifest.read_bytes()).hexdigest()
    assert set(recorded) == {f"{YEAR}/data.csv", f"{YEAR}/narasi.yml", "common/sasaran.txt", "manifest.yml"}


class _Following:
    """Stands in for pipeline.report.assemble.Following: the PDF written after the publish."""

    files = [f"LKjIP-{YEAR}.pdf"]

    def __init__(self, paths, fail: bool = False):
        self.paths, self.fail = paths, fail
        self.finished_in: Path | None = None
        self.cancelled = False

    def finish(self, report_dir: Path) -> int:
        # the report it follows is the published one already
        assert (report_dir / f"LKjIP-{YEAR}.html").read_text() == f"<html>LKjIP {YEAR}</html>"
        assert report_dir == self.paths.report_year(YEAR) and staging_left(self.paths) == []
        if self.fail:
            raise LkjipError("PDF laporan tidak dapat dibuat: Chromium gagal mencetak (uji).")
        (report_dir / self.files[0]).write_bytes(b"%PDF-uji")
        self.finished_in = report_dir
        return 1

    def cancel(self) -> None:
        self.cancelled = True


def _assembling(following):
    def assemble(report_dir, year, processed_dir, run_info, paths):
        fake_assemble(report_dir, year, processed_dir, run_info, paths)
        return following
    return assemble


def test_the_pdf_follows_the_published_report_and_one_that_failed_is_made_by_the_next_run(project):
    publish_previous(project)
    failing = _Following(project, fail=True)
    with pytest.raises(LkjipError) as err:
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True, executor=FakeExecutor(),
                 assembler=_assembling(failing))
    assert str(err.value) == (
        "Laporan HTML 2024 sudah terbit, tetapi PDF, tables.xlsx dan halaman notebook-nya belum: PDF laporan "
        "tidak dapat dibuat: Chromium gagal mencetak (uji). Semuanya dirakit ulang pada "
        "`lkjip run --year 2024` berikutnya.")
    report = project.report_year(YEAR)
    assert not (report / f"LKjIP-{YEAR}.pdf").exists()  # no PDF of the previous report beside the new HTML
    assert json.loads((report / "manifest.json").read_text())["cache_pending"] == [f"LKjIP-{YEAR}.pdf"]

    # nothing changed since, yet the report is not complete: the next run assembles it again,
    # taking every step from the cache
    following = _Following(project)
    executor = FakeExecutor()
    result = run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=executor,
                      assembler=_assembling(following))
    assert result.status == "published" and result.executed == [] and executor.calls == []
    assert following.finished_in == report and (report / f"LKjIP-{YEAR}.pdf").read_bytes() == b"%PDF-uji"
    manifest = json.loads((report / "manifest.json").read_text())
    assert "cache_pending" not in manifest
    assert manifest["cache_hashes"]["report"][f"LKjIP-{YEAR}.pdf"] == cache.sha256_file(report / f"LKjIP-{YEAR}.pdf")
    # complete now: nothing to do
    assert run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=FakeExecutor(),
                    assembler=_assembling(_Following(project))).status == "unchanged"


def test_a_run_that_publishes_nothing_stops_its_pdf(project):
    before = publish_previous(project)
    following = _Following(project)
    with pytest.raises(LkjipError, match="Berkas mentah berubah"):
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), force=True,
                 executor=_changing_executor(project, "validate"), assembler=_assembling(following))
    assert following.cancelled and following.finished_in is None
    assert outputs(project) == before


def test_ctrl_c_while_the_pdf_follows_says_the_report_was_published(project, capsys, monkeypatch):
    """Ctrl-C once the HTML is out: the PDF is finished, the index lists the new report, and the
    run says the report was published (never that the previous report is unchanged)."""
    import threading

    import pipeline.run.cli as cli

    assert threading.current_thread() is threading.main_thread()  # where Ctrl-C lands
    publish_previous(project)
    main = threading.main_thread().ident

    class CtrlC(_Following):
        reached = handled = False

        def finish(self, report_dir):
            self.reached = True
            signal.pthread_kill(main, signal.SIGINT)  # Ctrl-C, while this thread writes the PDF
            # the PDF is written once the main thread has taken the Ctrl-C
            self.handled = runner._cancelled.wait(timeout=60)
            return super().finish(report_dir)

    following = CtrlC(project)
    indexed = []
    # Ctrl-C as in a terminal: Python's own handler, whatever this process inherited (a shell
    # starting the tests in the background, without job control, makes them ignore SIGINT)
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        try:
            result = run_years([YEAR], paths=project, notebooks=fixture_notebooks(), force=True,
                               executor=FakeExecutor(), assembler=_assembling(following),
                               index_writer=indexed.append)
        except runner.Interrupted as exc:
            stopped = exc
        else:
            pytest.fail(f"not interrupted: {result}; Ctrl-C sent {following.reached}, "
                        f"taken {following.handled}")
        assert following.handled
        assert not runner._cancelled.is_set()  # a later run in the same process is not stopped by it
    finally:
        runner._cancelled.clear()
        signal.signal(signal.SIGINT, inherited)
    assert stopped.published == [YEAR] and stopped.errors == {}
    report = project.report_year(YEAR)
    assert following.finished_in == report and (report / f"LKjIP-{YEAR}.pdf").read_bytes() == b"%PDF-uji"
    assert "cache_pending" not in json.loads((report / "manifest.json").read_text())
    assert indexed == [project.reports]

    def interrupted(args):
        raise stopped

    monkeypatch.setitem(cli.COMMANDS, "run", interrupted)
    assert cli.main(["run", "--year", str(YEAR)]) == 130
    err = capsys.readouterr().err
    assert err.strip().endswith("Dihentikan; laporan 2024 sudah terbit sebelum proses berhenti (lengkap dengan "
                                "PDF-nya), selebihnya tidak berubah.")
    assert "laporan sebelumnya tidak berubah" not in err

    # Ctrl-C in a terminal reaches the browser too: the year whose PDF failed says so itself, and
    # the last line claims nothing of it; a year cancelled before publishing is the "unchanged" rest
    pdf_failed = LkjipError(runner.STEP["pdf_after_html"].format(year=YEAR + 1, detail="PDF gagal (uji)."))
    cancelled = runner.Cancelled(runner.STEP["cancelled"].format(year=YEAR + 2))
    for published, errors, told, last in (
            ([], {YEAR + 2: cancelled}, False, "Dihentikan; laporan sebelumnya tidak berubah."),
            ([], {YEAR + 1: pdf_failed, YEAR + 2: cancelled}, True,
             "Dihentikan; apa yang terjadi pada tiap tahun tertulis di atas."),
            ([YEAR], {YEAR + 1: pdf_failed}, True,
             "Dihentikan; laporan 2024 sudah terbit sebelum proses berhenti (lengkap dengan PDF-nya).")):
        def interrupted(args, published=published, errors=errors):
            raise runner.Interrupted(published, errors)

        monkeypatch.setitem(cli.COMMANDS, "run", interrupted)
        assert cli.main(["run", "--year", str(YEAR)]) == 130
        lines = capsys.readouterr().err.strip().splitlines()
        assert lines[-1] == last
        assert any(line.startswith(f"{YEAR + 1}: Laporan HTML {YEAR + 1} sudah terbit") for line in lines) == told
        assert not any(line.startswith(f"{YEAR + 2}:") for line in lines)


class _PdfJobs:
    """Stands in for pipeline.report.assemble.start_pdf: records, for each job started, how many
    steps had been handed to the executor by then."""

    def __init__(self, executor: FakeExecutor):
        self.executor, self.started, self.cancelled = executor, [], []

    def __call__(self, paths, year):
        job = f"pdf-{len(self.started) + 1}"
        self.started.append((job, len(self.executor.calls)))
        return _Job(job, self.cancelled)


class _Job(str):
    def __new__(cls, name, cancelled):
        job = super().__new__(cls, name)
        job.cancelled_into = cancelled
        return job

    def cancel(self):
        self.cancelled_into.append(str(self))


def test_the_pdf_job_starts_once_no_step_is_left_and_the_assembly_gets_it(project, monkeypatch):
    from pipeline.report import assemble

    executor = FakeExecutor()
    jobs = _PdfJobs(executor)
    monkeypatch.setattr(assemble, "start_pdf", jobs)
    given = []

    def assembler(report_dir, year, processed_dir, run_info, paths, job=None):
        given.append(job)
        fake_assemble(report_dir, year, processed_dir, run_info, paths)

    monkeypatch.setattr(runner, "default_assembler", assembler)

    # The steps beside the validation are queued by the run's thread while a worker already runs
    # the validation; a quick validation may end first (the fake one does, on a loaded machine):
    # queueing them slowly makes that the case every time.
    class SlowQueue(runner.ThreadPoolExecutor):
        def submit(self, *args, **kwargs):
            future = super().submit(*args, **kwargs)
            time.sleep(0.05)
            return future

    monkeypatch.setattr(runner, "ThreadPoolExecutor", SlowQueue)
    # one worker: the job starts after every step (on two, while the last ones run: below)
    run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=executor, jobs=1)
    # clean, validate, organisasi, sasaran 1 and 2, anggaran
    assert jobs.started == [("pdf-1", 6)]
    assert given == ["pdf-1"] and jobs.cancelled == []


def test_a_build_that_fails_cancels_the_pdf_job_it_started(project, monkeypatch):
    import threading

    from pipeline.report import assemble

    started = threading.Event()
    executor = FakeExecutor()
    jobs = _PdfJobs(executor)

    def start_pdf(paths, year):
        job = jobs(paths, year)
        started.set()
        return job

    def last_step_fails(notebook, output, parameters, cwd):
        assert started.wait(30)  # the last step still runs when the PDF job starts
        raise RuntimeError("gagal (uji)")

    executor.real["anggaran"] = last_step_fails
    monkeypatch.setattr(assemble, "start_pdf", start_pdf)
    def assembler(report_dir, year, processed_dir, run_info, paths, job=None):
        pytest.fail("no assembly")

    monkeypatch.setattr(runner, "default_assembler", assembler)
    with pytest.raises(StepFailed):
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), executor=executor, jobs=2)
    assert jobs.cancelled == ["pdf-1"]
