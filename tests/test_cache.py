"""Caching: unchanged reruns skip everything, a changed input reruns exactly what depends on it.

No kernel starts here: FakeExecutor does what the fixture notebooks do, and records calls.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.config import Paths
from pipeline.errors import LkjipError
from pipeline.inputs import catalogue, reads
from pipeline.run import cache
from pipeline.run.runner import run_year, run_years
from pipeline.run.steps import read_sasaran_ids, validate_step
from pipeline.years import manifest
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

ALL = ["anggaran", "clean", "organisasi", "sasaran_1", "sasaran_2", "validate"]


@pytest.fixture
def project(tmp_path, monkeypatch):
    use_project(monkeypatch, tmp_path / "project")
    # The package's code is edited while tests run; a frozen stand-in keeps keys stable.
    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("VERSION = 1\n")
    monkeypatch.setattr(cache, "CODE_ROOT", code)
    return make_project(tmp_path / "project")


def run(paths, force=False, notebooks=None):
    executor = FakeExecutor()
    result = run_year(YEAR, paths=paths, notebooks=notebooks or fixture_notebooks(), jobs=2,
                      force=force, executor=executor, assembler=fake_assemble)
    return result, executor


def test_first_run_executes_every_step_and_records_keys(project):
    result, executor = run(project)
    assert result.status == "published"
    assert executor.steps == ALL
    doc = json.loads((project.report_year(YEAR) / "manifest.json").read_text())
    assert sorted(doc["cache"]) == ALL
    assert all(len(key) == 64 for key in doc["cache"].values())
    assert doc["cache_files"]["sasaran_2"] == ["notebooks/sasaran_2.ipynb", "results/sasaran_2.json"]
    assert doc["run_info"]["cache"] == doc["cache"]


def test_unchanged_rerun_executes_nothing_and_publishes_nothing(project):
    run(project)
    before = tree_hashes(project.reports), tree_hashes(project.processed)
    result, executor = run(project)
    assert result.status == "unchanged"
    assert executor.calls == []
    assert (tree_hashes(project.reports), tree_hashes(project.processed)) == before


def test_force_reruns_everything(project):
    run(project)
    result, executor = run(project, force=True)
    assert result.status == "published"
    assert executor.steps == ALL


def test_changed_raw_table_reruns_clean_and_everything_downstream(project):
    run(project)
    (project.raw_year(YEAR) / "data.csv").write_text("uraian;nilai\nA;1.235\nB;5,6!\n")
    result, executor = run(project)
    assert executor.steps == ALL
    assert "A;1.235" in (project.processed_year(YEAR) / "data.csv").read_text()


def test_raw_change_with_identical_processed_tables_stops_at_clean(project):
    run(project)
    (project.raw_common / "catatan.txt").write_text("not read by any step\n")
    result, executor = run(project)
    assert executor.steps == ["clean"]
    assert sorted(result.cached) == [s for s in ALL if s != "clean"]


def test_narrative_change_reruns_clean_and_analysis_but_not_validation(project):
    run(project)
    (project.raw_year(YEAR) / "narasi.yml").write_text("sasaran:\n  1:\n    solusi: [Magang]\n")
    result, executor = run(project)
    assert executor.steps == ["anggaran", "clean", "organisasi", "sasaran_1", "sasaran_2"]
    assert result.cached == ["validate"]


def test_expectation_change_reruns_only_validation(project):
    run(project)
    (project.expectations / "suite.json").write_text('{"expectations": [1]}\n')
    result, executor = run(project)
    assert executor.steps == ["validate"]


def test_taken_over_outputs_are_byte_identical(project):
    run(project)
    before = tree_hashes(project.report_year(YEAR))
    (project.expectations / "suite.json").write_text('{"expectations": [1]}\n')
    run(project)
    after = tree_hashes(project.report_year(YEAR))
    for rel in ("results/sasaran_1.json", "notebooks/sasaran_1.ipynb", "sections/bab1.json"):
        assert after[rel] == before[rel]


def test_new_sasaran_runs_its_step(project):
    run(project)
    (project.raw_common / "sasaran.txt").write_text("1 2 3\n")
    result, executor = run(project)
    assert "sasaran_3" in executor.steps
    assert (project.report_year(YEAR) / "results" / "sasaran_3.json").is_file()


def test_dropped_sasaran_leaves_no_stale_output(project):
    run(project)
    (project.raw_common / "sasaran.txt").write_text("1\n")
    run(project)
    assert not (project.report_year(YEAR) / "results" / "sasaran_2.json").exists()


def test_deleted_output_reruns_its_step(project):
    run(project)
    (project.report_year(YEAR) / "results" / "anggaran.json").unlink()
    result, executor = run(project)
    assert executor.steps == ["anggaran"]
    assert (project.report_year(YEAR) / "results" / "anggaran.json").is_file()


class Recorder:
    def __init__(self):
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)

    def __getattr__(self, name):  # step_done, step_cached, ...: not asserted here
        return lambda *args, **kwargs: None


def run_noted(paths):
    executor, progress = FakeExecutor(), Recorder()
    result = run_year(YEAR, paths=paths, notebooks=fixture_notebooks(), jobs=2, executor=executor,
                      assembler=fake_assemble, progress=progress)
    return result, executor, progress.warnings


def test_emptied_processed_table_reruns_clean_and_says_so(project):
    run(project)
    good = tree_hashes(project.processed_year(YEAR))
    (project.processed_year(YEAR) / "data.csv").write_bytes(b"")  # truncated to 0 bytes
    result, executor, warnings = run_noted(project)
    assert result.status == "published"
    # clean rewrote the same table, so nothing downstream changed
    assert executor.steps == ["clean"]
    assert tree_hashes(project.processed_year(YEAR)) == good
    assert len(warnings) == 1 and "data/processed/2024/data.csv" in warnings[0]
    assert "langkah 'clean' dijalankan ulang" in warnings[0]
    assert run(project)[1].steps == []  # and the next run trusts it again


def test_stray_file_in_processed_reruns_clean(project):
    run(project)
    (project.processed_year(YEAR) / "extra.csv").write_text("x\n")
    result, executor, warnings = run_noted(project)
    assert executor.steps == ["clean"]
    assert not (project.processed_year(YEAR) / "extra.csv").exists()


def test_half_written_step_output_reruns_that_step(project):
    run(project)
    target = project.report_year(YEAR) / "results" / "sasaran_1.json"
    good = target.read_bytes()
    target.write_bytes(good[: len(good) // 2])
    result, executor, warnings = run_noted(project)
    assert executor.steps == ["sasaran_1"]
    assert target.read_bytes() == good
    assert "reports/2024/results/sasaran_1.json" in warnings[0]


def test_changed_assembled_file_is_assembled_again(project):
    run(project)
    before = tree_hashes(project.report_year(YEAR))
    (project.report_year(YEAR) / "summary.json").write_text("{}")
    result, executor, warnings = run_noted(project)
    assert result.status == "published" and executor.steps == []
    assert "reports/2024/summary.json" in warnings[0] and "dirakit ulang" in warnings[0]
    after = tree_hashes(project.report_year(YEAR))
    assert after["summary.json"] == before["summary.json"]


def test_record_without_hashes_reuses_nothing(project):
    run(project)
    path = project.report_year(YEAR) / "manifest.json"
    doc = json.loads(path.read_text())
    del doc["cache_hashes"]
    path.write_text(json.dumps(doc))
    assert run(project)[1].steps == ALL


def test_changed_notebook_reruns_its_step(project, tmp_path):
    run(project)
    nb = tmp_path / "anggaran.ipynb"
    text = fixture_notebooks().anggaran.read_text()
    nb.write_text(text.replace("'pagu': 10", "'pagu': 11"))
    notebooks = fixture_notebooks()
    notebooks = type(notebooks)(clean=notebooks.clean, validate=notebooks.validate, organisasi=notebooks.organisasi,
                                sasaran=notebooks.sasaran, anggaran=nb)
    result, executor = run(project, notebooks=notebooks)
    assert executor.steps == ["anggaran"]


def test_changed_code_reruns_everything(project):
    run(project)
    (cache.CODE_ROOT / "module.py").write_text("VERSION = 2\n")
    result, executor = run(project)
    assert executor.steps == ALL


def test_changed_package_version_reruns_everything(project, monkeypatch):
    run(project)
    real = cache.environment

    def bumped():
        env = real()
        env["packages"]["pandas"] = "0.0.0"
        return env

    monkeypatch.setattr(cache, "environment", bumped)
    result, executor = run(project)
    assert executor.steps == ALL


def test_two_steps_writing_the_same_file_is_an_error(project, tmp_path):
    executor = FakeExecutor()

    def budget_writes_bab1(notebook, output, parameters, cwd):
        Path(output).write_text("{}")
        sections = Paths(cwd).resolve(parameters["report_dir"]) / "sections"
        sections.mkdir(parents=True, exist_ok=True)
        (sections / "bab1.json").write_text("{}")

    executor.real["anggaran"] = budget_writes_bab1
    with pytest.raises(LkjipError, match="sama-sama menulis berkas laporan sections/bab1.json"):
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), jobs=1, executor=executor,
                 assembler=fake_assemble)
    assert not project.report_year(YEAR).exists()


def test_record_is_read_from_run_info_when_not_at_top_level(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"run_info": {"cache": {"clean": "k"}, "cache_files": {"clean": ["a"]}}}))
    assert cache.load_record(tmp_path) == {"cache": {"clean": "k"}, "cache_files": {"clean": ["a"]},
                                           "cache_reads": {}, "cache_pending": [],
                                           "cache_hashes": {"report": {}, "processed": {}}}
    assert cache.load_record(tmp_path / "missing") == cache.EMPTY_RECORD


def test_sasaran_ids_come_from_processed_iku(tmp_path):
    (tmp_path / "iku.csv").write_text("no,sasaran_id\n1,1\n2,2\n3,2\n4,A-3\n")
    assert read_sasaran_ids(tmp_path) == [1, 2, "A-3"]
    (tmp_path / "iku.csv").write_text("sasaran_id;x\n1;a\n;b\n")
    with pytest.raises(LkjipError) as err:
        read_sasaran_ids(tmp_path)
    assert "baris 3" in str(err.value) and "kolom 'sasaran_id'" in str(err.value)
    (tmp_path / "iku.csv").write_text("sasaran;x\n1;a\n")
    with pytest.raises(LkjipError, match="kolom 'sasaran_id' tidak ada"):
        read_sasaran_ids(tmp_path)


def test_unchanged_path_imports_no_heavy_library(project):
    code = (
        "import sys, pathlib\n"
        "from tests.fixtures.runner.tree import YEAR, FakeExecutor, fake_assemble, fixture_notebooks\n"
        "from pipeline.run import cache\n"
        "from pipeline.config import Paths\n"
        "from pipeline.run.runner import run_year, run_years\n"
        f"cache.CODE_ROOT = pathlib.Path({str(cache.CODE_ROOT)!r})\n"
        "run_year(YEAR, paths=Paths.default(), notebooks=fixture_notebooks(), executor=FakeExecutor(),\n"
        "         assembler=fake_assemble)\n"
        "def boom(*a): raise AssertionError('executed')\n"
        "results, errors = run_years([YEAR], paths=Paths.default(), notebooks=fixture_notebooks(),\n"
        "                            executor=boom, assembler=boom, index_writer=boom)\n"
        "assert not errors, errors\n"
        "assert results[0].status == 'unchanged'\n"
        "heavy = [m for m in ('pandas', 'papermill', 'great_expectations', 'nbclient') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    project.reports.mkdir()
    (project.reports / "index.html").write_text("<html></html>")
    env = dict(os.environ, LKJIP_ROOT=str(project.root),
               PYTHONPATH=str(Path(__file__).parents[1]))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_years_run_together_and_index_is_written_once(project):
    import shutil

    shutil.copytree(project.raw_year(YEAR), project.raw_year(2025))
    doc = manifest.load(project)
    import yaml

    for name in ("data.csv", "narasi.yml"):
        doc[f"2025/{name}"] = dict(doc[f"{YEAR}/{name}"])
    project.raw_manifest.write_text(yaml.safe_dump({"files": doc}))
    calls = []

    def index(root):
        calls.append(root)
        return fake_index(root)

    executor = FakeExecutor()
    results, errors = run_years([2025, YEAR], paths=project, notebooks=fixture_notebooks(), jobs=2,
                                executor=executor, assembler=fake_assemble, index_writer=index)
    assert errors == {}
    assert sorted(r.year for r in results) == [YEAR, 2025]
    assert len(calls) == 1
    assert "2024 2025" in (project.reports / "index.html").read_text()
    assert len(executor.calls) == 2 * len(ALL)


def test_only_organisasi_waits_for_validation_and_its_failure_wins(project):
    before = run(project)[0]
    published = tree_hashes(project.report_year(YEAR))

    class FailingValidation(FakeExecutor):
        def __call__(self, notebook, output, parameters, cwd):
            if Path(notebook).stem == "validate":
                super().__call__(notebook, output, parameters, cwd)
                raise LkjipError("validation found a critical problem")
            return super().__call__(notebook, output, parameters, cwd)

    (project.raw_year(YEAR) / "data.csv").write_text("uraian;nilai\nA;2\n", encoding="utf-8")
    manifest.update_hashes(project)
    executor = FailingValidation()
    with pytest.raises(LkjipError, match="critical problem"):
        run_year(YEAR, paths=project, notebooks=fixture_notebooks(), jobs=2, executor=executor,
                 assembler=fake_assemble)
    # the sasaran steps read the cleaning step's comparison and may run beside the validation;
    # the one reading its results never starts, and nothing is published
    assert "organisasi" not in executor.steps
    assert tree_hashes(project.report_year(YEAR)) == published and before.status == "published"


def test_anggaran_key_ignores_validation_results(project):
    run(project)
    report = project.report_year(YEAR)
    (report / "validation" / "perbandingan.csv").write_text("baris\n99\n")
    # the published file no longer matches its record: validate reruns (and rewrites it);
    # steps that do not read validation results are not rerun on its account
    result, executor = run(project)
    assert executor.steps == ["validate"]


# -- steps keyed on what they read (pipeline.inputs.reads) --------------------------------------

# What each fake step "reads", as a notebook records it through pipeline.inputs.reads: only
# sasaran 1 (whose program delivers the trainings) and the validation read the pelatihan table.
READS = {"validate": ["data", "iku", "pelatihan"], "organisasi": ["iku"], "anggaran": ["iku"],
         "sasaran_1": ["data", "iku", "pelatihan"], "sasaran_2": ["data", "iku"]}
RAW_READS = {"organisasi": ["2024/narasi.yml"], "sasaran_1": ["2024/narasi.yml"],
             "sasaran_2": ["2024/narasi.yml"]}
# what the real notebooks record instead of the whole narasi.yml (pipeline.inputs.parts)
PART_READS = {"organisasi": ["kata_pengantar"], "sasaran_1": ["sasaran.1"], "sasaran_2": ["sasaran.2"]}


class ReadingExecutor(FakeExecutor):
    """FakeExecutor whose clean also writes a pelatihan table and whose other steps leave the
    record of what they read, as the real notebooks do (``by_part``: the parts of narasi.yml
    they read, not the file)."""

    by_part = False

    def __call__(self, notebook, output, parameters, cwd):
        super().__call__(notebook, output, parameters, cwd)
        paths, stem = Paths(Path(cwd)), Path(notebook).stem
        processed = paths.resolve(parameters["processed_dir"])
        if stem == "clean":
            # the CSV copy and the typed copy (pipeline.inputs.catalogue) the notebooks read;
            # the bytes only need to follow the raw file
            for path in (catalogue.csv_file(processed, "pelatihan"), catalogue.parquet_file(processed, "pelatihan")):
                path.write_text((paths.raw_year(YEAR) / "latihan.csv").read_text())
            return
        name = f"sasaran_{parameters['sasaran_id']}" if "sasaran_id" in parameters else stem
        read = {"processed": READS[name], "raw": RAW_READS.get(name, [])}
        if self.by_part:
            read.update(raw=[], narasi=PART_READS.get(name, []))
        (paths.resolve(parameters["report_dir"]) / reads.READS_FILE).write_text(json.dumps(read))


def run_reading(paths, force=False, by_part=False):
    executor = ReadingExecutor()
    executor.by_part = by_part
    result = run_year(YEAR, paths=paths, notebooks=fixture_notebooks(), jobs=2, force=force,
                      executor=executor, assembler=fake_assemble)
    return result, executor


@pytest.fixture
def reading_project(project):
    (project.raw_year(YEAR) / "latihan.csv").write_text("pelatihan;peserta\nRoti;16\n")
    manifest.update_hashes(project)
    return project


def edit(paths, name, text):
    (paths.raw_year(YEAR) / name).write_text(text)
    manifest.update_hashes(paths)


def test_read_sets_are_recorded_and_not_published(reading_project):
    result, executor = run_reading(reading_project)
    assert executor.steps == ALL
    report = reading_project.report_year(YEAR)
    doc = json.loads((report / "manifest.json").read_text())
    assert doc["cache_reads"]["sasaran_1"] == {"processed": ["data", "iku", "pelatihan"],
                                               "raw": ["2024/narasi.yml"], "narasi": []}
    assert doc["cache_reads"]["anggaran"] == {"processed": ["iku"], "raw": [], "narasi": []}
    assert "clean" not in doc["cache_reads"]
    assert not [p for p in report.rglob("*") if p.name.startswith(reads.READS_FILE)]
    assert run_reading(reading_project)[0].status == "unchanged"


def test_changed_table_reruns_only_the_steps_that_read_it(reading_project):
    run_reading(reading_project)
    edit(reading_project, "latihan.csv", "pelatihan;peserta\nRoti;17\n")
    result, executor = run_reading(reading_project)
    assert executor.steps == ["clean", "sasaran_1", "validate"]
    assert sorted(result.cached) == ["anggaran", "organisasi", "sasaran_2"]
    # the steps taken over keep their read sets for the next run
    doc = json.loads((reading_project.report_year(YEAR) / "manifest.json").read_text())
    assert sorted(doc["cache_reads"]) == ["anggaran", "organisasi", "sasaran_1", "sasaran_2", "validate"]
    assert run_reading(reading_project)[0].status == "unchanged"


def test_narrative_edit_reruns_no_step_that_does_not_read_it(reading_project):
    run_reading(reading_project)
    edit(reading_project, "narasi.yml", "sasaran:\n  1:\n    solusi: [Magang]\n")
    result, executor = run_reading(reading_project)
    assert executor.steps == ["clean", "organisasi", "sasaran_1", "sasaran_2"]
    assert sorted(result.cached) == ["anggaran", "validate"]


@pytest.mark.parametrize(("text", "reran"), [
    ("sasaran:\n  1:\n    solusi: [Magang]\n", ["clean", "sasaran_1"]),
    ('sasaran:\n  "2":\n    solusi: [Magang]\n  1:\n    solusi: [Pelatihan]\n', ["clean", "sasaran_2"]),
    ("sasaran:\n  1:\n    solusi: [Pelatihan]\nkata_pengantar:\n  paragraf: [Puji syukur]\n",
     ["clean", "organisasi"]),
    # the same parts, written otherwise: the cleaning reads the file, nothing else reruns
    ("# disunting\nsasaran: {1: {solusi: [Pelatihan]}}\n", ["clean"]),
])
def test_narrative_edit_reruns_only_the_steps_that_read_the_edited_part(reading_project, text, reran):
    run_reading(reading_project, by_part=True)
    edit(reading_project, "narasi.yml", text)
    result, executor = run_reading(reading_project, by_part=True)
    assert executor.steps == reran
    assert sorted(result.cached) == sorted(set(ALL) - set(reran))


def test_new_processed_table_reruns_the_steps_keyed_on_read_sets(reading_project, monkeypatch):
    run_reading(reading_project)
    # a table appearing (or vanishing) can change what a step iterates over: the list of
    # table names is part of every read-set key
    original = ReadingExecutor.__call__

    def with_extra_table(self, notebook, output, parameters, cwd):
        original(self, notebook, output, parameters, cwd)
        if Path(notebook).stem == "clean":
            (Paths(Path(cwd)).resolve(parameters["processed_dir"]) / "baru.csv").write_text("a\n1\n")

    monkeypatch.setattr(ReadingExecutor, "__call__", with_extra_table)
    edit(reading_project, "latihan.csv", "pelatihan;peserta\nRoti;16\nKue;8\n")
    result, executor = run_reading(reading_project)
    assert executor.steps == ALL


def test_incremental_outputs_equal_a_forced_run(reading_project):
    run_reading(reading_project)
    edit(reading_project, "latihan.csv", "pelatihan;peserta\nRoti;17\n")
    edit(reading_project, "narasi.yml", "sasaran:\n  1:\n    solusi: [Magang]\n")
    run_reading(reading_project)
    incremental = tree_hashes(reading_project.report_year(YEAR))
    processed = tree_hashes(reading_project.processed_year(YEAR))
    run_reading(reading_project, force=True)
    forced = tree_hashes(reading_project.report_year(YEAR))
    # manifest.json holds run_info (which steps ran); everything else is the same bytes
    assert {k: v for k, v in incremental.items() if k != "manifest.json"} == \
        {k: v for k, v in forced.items() if k != "manifest.json"}
    assert tree_hashes(reading_project.processed_year(YEAR)) == processed


def test_step_without_a_read_set_is_keyed_on_every_input(reading_project):
    run(reading_project)  # FakeExecutor records no reads (an older record, a notebook run without them)
    edit(reading_project, "latihan.csv", "pelatihan;peserta\nRoti;17\n")
    result, executor = run_reading(reading_project)
    assert executor.steps == ALL


def test_a_recorded_read_of_the_comparison_beside_the_tables_keys_on_its_bytes(project):
    """The validation and sasaran steps read the cleaning's perbandingan (catalogue.PERBANDINGAN_AHEAD),
    not a table: its bytes, not a typed copy it does not have, are in their keys."""
    processed, report = project.processed_year(YEAR), project.report_year(YEAR)
    ahead = catalogue.PERBANDINGAN_AHEAD.at(processed)
    ahead.parent.mkdir(parents=True)
    step = validate_step(fixture_notebooks(), YEAR)
    read = {"processed": [catalogue.PERBANDINGAN_AHEAD.name], "raw": []}
    keys = []
    for text in ('"id"\n"a"\n', '"id"\n"b"\n'):
        ahead.write_text(text)
        keys.append(cache.Fingerprints(project).step_key(step, YEAR, processed, report, read))
    assert keys[0] != keys[1]

def test_recorder_notes_tables_and_raw_files_read(project, monkeypatch, tmp_path):
    from pipeline.inputs import rawfile
    from pipeline.measure.indicators import ProcessedTables

    monkeypatch.setattr(reads, "_target", None)
    monkeypatch.setattr(reads, "_seen", {kind: set() for kind in reads.KINDS})
    import pandas as pd

    folder = tmp_path / "olahan"
    folder.mkdir()
    # three declared tables, written as the cleaning writes them (pipeline.inputs.catalogue)
    a, b, c = "instansi", "konfirmasi_kewajaran", "skala_ordinal"
    catalogue.write(a, pd.DataFrame({"kunci": ["nama"], "nilai": ["Dinas"]}), folder)
    catalogue.write(b, pd.DataFrame({"kunci": ["k"], "alasan": ["x"], "urutan": [1]}), folder)
    catalogue.write(c, pd.DataFrame({"nilai": ["A"], "urutan": [1]}), folder)
    tables = ProcessedTables(folder)
    tables[c]  # before recording starts: not noted
    target = tmp_path / "langkah" / reads.READS_FILE
    reads.record_to(target)  # below project.raw, the project use_project set
    assert reads.load(target) == {"processed": [], "raw": [], "narasi": []}
    tables[b], tables[a], tables[b]
    assert c in tables and sorted(tables) == [a, b, c]  # names only: nothing read
    rawfile.read_text(project.raw_year(YEAR) / "narasi.yml")
    rawfile.read_text(catalogue.csv_file(folder, a))  # outside data/raw: not an input
    assert reads.load(target) == {"processed": [a, b], "raw": ["2024/narasi.yml"], "narasi": []}
    assert reads.load(tmp_path / "nothing.json") is None
