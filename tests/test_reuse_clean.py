"""Per-parser cleaning (pipeline.run.reuse): in a run's kernel, a changed raw file reruns only
the parser that reads it; the other tables are taken over from the published processed folder,
byte for byte what a full cleaning writes.

Expected values worked out from the registry by hand: pelatihan.csv is read by the services
parser alone (Tabel 3.x trainings); ikm_perkembangan.csv by ikm_series, whose table ikm_seri is joined
with the register's ikm_perusahaan into ikm_agregat, so both IKM parsers rerun.
"""

import importlib
import shutil

import pytest

from pipeline import clean
from pipeline.config import PACKAGE_ROOT
from pipeline.inputs import reads
from pipeline.run import reuse
from tests.conftest import clean_as_a_run, tree_hashes

YEAR = 2024


@pytest.fixture
def project(raw_copy, monkeypatch):
    monkeypatch.setenv(reads.ENVIRONMENT, "1")
    monkeypatch.setenv(reuse.FORCE_ENVIRONMENT, "0")
    return raw_copy


@pytest.fixture(scope="module")
def shipped_clean(tmp_path_factory):
    """The shipped year cleaned once in a run's kernel (recording, nothing to take over): its
    tables (``s1``) and its record (``reuse``), as the first run of a project leaves them."""
    root = tmp_path_factory.mktemp("shipped_clean")
    shutil.copytree(PACKAGE_ROOT / "data" / "raw", root / "data" / "raw")
    first = clean_as_a_run(root, YEAR, root / "s1")
    assert first.reused == []
    return root


def first_clean(shipped_clean, tmp_path):
    """This test's copy of :func:`shipped_clean` (tables in ``s1``, record beside them): what
    ``reuse.clean_year(YEAR, tmp_path / "s1", project)`` writes for the unchanged shipped data."""
    for sub in ("s1", "reuse"):
        shutil.copytree(shipped_clean / sub, tmp_path / sub)


def publish(paths, staging):
    """What a published run leaves: the staging tables as data/processed/<year>."""
    target = paths.processed_year(YEAR)
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(staging, target)


def spy(monkeypatch):
    """Which parsers run: every parser module's tables() counted."""
    called = []
    for module_name in clean.DOMAINS:
        module = importlib.import_module(module_name)
        original = module.tables

        def counted(paths, year, _original=original, _name=module_name):
            called.append(_name.rsplit(".", 1)[1])
            return _original(paths, year)

        monkeypatch.setattr(module, "tables", counted)
    return called


def edit(paths, name, old, new):
    path = paths.raw_year(YEAR) / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def full_clean(paths, tmp_path):
    folder = tmp_path / "penuh"
    clean.run(YEAR, folder, paths)
    return tree_hashes(folder)


def test_a_changed_file_reruns_only_its_parser_and_the_tables_equal_a_full_cleaning(project, shipped_clean,
                                                                                     tmp_path, monkeypatch):
    first_clean(shipped_clean, tmp_path)
    publish(project, tmp_path / "s1")
    edit(project, "pelatihan.csv", "roti/kue;1;16;", "roti/kue;1;17;")
    called = spy(monkeypatch)
    second = reuse.clean_year(YEAR, tmp_path / "s2", project)
    assert called == ["services"]
    assert second.built == ["pipeline.inputs.services"]
    assert tree_hashes(tmp_path / "s2") == full_clean(project, tmp_path)
    # what the notebook shows does not depend on what was taken over
    assert second.overview().equals(clean.overview(clean.build(YEAR, project)))


def test_a_joined_table_reruns_every_parser_it_joins(project, shipped_clean, tmp_path, monkeypatch):
    first_clean(shipped_clean, tmp_path)
    publish(project, tmp_path / "s1")
    path = project.raw_year(YEAR) / "ikm_perkembangan.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n", encoding="utf-8")  # same figures, other bytes
    called = spy(monkeypatch)
    reuse.clean_year(YEAR, tmp_path / "s2", project)
    assert sorted(called) == ["ikm", "ikm_series"]
    assert tree_hashes(tmp_path / "s2") == full_clean(project, tmp_path)


def test_a_damaged_published_table_reruns_its_parser_and_force_reruns_all(project, shipped_clean, tmp_path, monkeypatch):
    first_clean(shipped_clean, tmp_path)
    publish(project, tmp_path / "s1")
    damaged = project.processed_year(YEAR) / "pegawai_golongan.csv"
    damaged.write_text(damaged.read_text(encoding="utf-8") + "x\n", encoding="utf-8")
    called = spy(monkeypatch)
    reuse.clean_year(YEAR, tmp_path / "s2", project)
    assert called == ["staff"]
    assert tree_hashes(tmp_path / "s2") == tree_hashes(tmp_path / "s1")

    called.clear()
    monkeypatch.setenv(reuse.FORCE_ENVIRONMENT, "1")
    reuse.clean_year(YEAR, tmp_path / "s3", project)
    assert len(called) == len(clean.active_domains(YEAR, project))


def test_by_hand_nothing_is_reused_or_recorded(raw_copy, tmp_path, monkeypatch):
    monkeypatch.delenv(reads.ENVIRONMENT, raising=False)
    reuse.clean_year(YEAR, tmp_path / "s1", raw_copy)
    assert not (tmp_path / "reuse").exists() and not raw_copy.reuse_year(YEAR).exists()


def test_the_check_before_a_run_parses_only_parsers_whose_inputs_changed(project, shipped_clean, tmp_path, monkeypatch):
    """`lkjip run` checks the inputs before it builds; the files of a parser whose inputs the
    published build cleaned byte for byte (same code) passed that check then and are not parsed
    again, while a bad cell in the edited file is still refused with its place."""
    from pipeline.run import preflight
    from pipeline.run.cache import Fingerprints
    from pipeline.years import completeness, manifest

    shutil.copytree(PACKAGE_ROOT / "expectations", project.expectations)  # the gate a run checks
    first_clean(shipped_clean, tmp_path)
    publish(project, tmp_path / "s1")
    project.reuse_year(YEAR).mkdir(parents=True)
    shutil.copy(tmp_path / "reuse" / reuse.CLEAN_RECORD, project.reuse_year(YEAR))  # as published
    every = {"bps", "budget", "ikm", "ikm_series", "kewajaran", "lampiran", "narrative", "plan",
             "profile", "services", "staff"}  # the registry's parsers of the shipped year
    assert reuse.parsed_as_published(project, YEAR) == every

    # the second training's participants typed 1x6: only the services parser's files are read
    edit(project, "pelatihan.csv", "roti/kue;2;16;", "roti/kue;2;1x6;")
    manifest.update_hashes(project)
    assert reuse.parsed_as_published(project, YEAR) == every - {"services"}
    parsed = []
    original = completeness._run
    monkeypatch.setattr(completeness, "_run",
                        lambda reader, rel="": parsed.append(rel) or original(reader, rel))
    errors = preflight.preflight(project, [YEAR], published=set())
    services = {f"{YEAR}/{name}" for name in ("pencari_kerja.csv", "penempatan_tenaga_kerja.csv",
                                              "penyaluran_tenaga_kerja.csv", "pelatihan.csv",
                                              "fasilitasi_halal.csv")}
    assert set(parsed) == services
    assert "data/raw/2024/pelatihan.csv, baris 3, kolom 'Peserta', nilai '1x6'" in str(errors[YEAR])

    # other code: nothing is known to parse as before, every file is read again
    monkeypatch.setattr(Fingerprints, "code", lambda self: "kode lain")
    assert reuse.parsed_as_published(project, YEAR) == frozenset()
    parsed.clear()
    preflight.preflight(project, [YEAR], published=set())
    assert set(parsed) > services | {"common/target_renstra.csv", f"{YEAR}/anggaran_pk.csv"}


def test_a_run_does_not_parse_again_the_bytes_its_check_passed(raw_copy, tmp_path, monkeypatch):
    """`lkjip run` checks the inputs before anything is written and again under the year's lock
    (another process may have changed them in between): files the first check passed, raw files
    and data/raw/manifest.yml's notations alike, are not parsed a second time while unwritten; a
    cell typed wrong after the first check is parsed and refused by the second."""
    from pipeline.errors import LkjipError, MissingInputs
    from pipeline.run import preflight
    from pipeline.run.runner import run_year
    from pipeline.run.steps import Notebooks
    from pipeline.years import completeness, manifest

    shutil.copytree(PACKAGE_ROOT / "expectations", raw_copy.expectations)  # the gate a run checks
    passed: dict = {}
    assert preflight.preflight(raw_copy, [YEAR], published=set(), passed=passed) == {}
    assert passed == {YEAR: preflight.input_versions(raw_copy, YEAR)}
    assert {"manifest.yml", f"{YEAR}/pelatihan.csv", "common/iku.csv"} <= set(passed[YEAR])
    as_published: dict = {}  # a year known to be as published is not parsed there: nothing to pass on
    assert preflight.preflight(raw_copy, [YEAR], published={YEAR}, passed=as_published) == {}
    assert as_published == {}

    parsed = []
    original = completeness._run
    monkeypatch.setattr(completeness, "_run",
                        lambda reader, rel="": parsed.append(rel) or original(reader, rel))
    nowhere = Notebooks.in_folder(tmp_path / "tanpa-notebook")  # the run stops right after its check
    with pytest.raises(LkjipError, match="Notebook tidak ditemukan"):
        run_year(YEAR, paths=raw_copy, notebooks=nowhere, checked=passed[YEAR])
    assert parsed == []

    edit(raw_copy, "pelatihan.csv", "roti/kue;2;16;", "roti/kue;2;1x6;")
    manifest.update_hashes(raw_copy)
    with pytest.raises(MissingInputs) as refused:
        run_year(YEAR, paths=raw_copy, notebooks=nowhere, checked=passed[YEAR])
    assert "data/raw/2024/pelatihan.csv, baris 3, kolom 'Peserta', nilai '1x6'" in str(refused.value)
    assert f"{YEAR}/pelatihan.csv" in parsed and "common/target_renstra.csv" in parsed


def test_a_notation_edit_or_a_symlink_after_a_published_run_is_checked_before_the_run(
        project, shipped_clean, tmp_path, monkeypatch):
    """After a published run, `lkjip run` skips the parse pass only while every file the parsers
    read is as the build read it: data/raw/manifest.yml too (its declared notations), and no input
    may have become a symbolic link, even to the same bytes (the parser refuses it). Either is
    refused before anything is written, with the parser's message, not by the cleaning's kernel."""
    import json
    import re

    from pipeline.errors import MissingInputs
    from pipeline.report import provenance
    from pipeline.run import preflight
    from pipeline.run.runner import raw_hashes, run_year
    from pipeline.run.steps import Notebooks

    shutil.copytree(PACKAGE_ROOT / "expectations", project.expectations)  # the gate a run checks
    first_clean(shipped_clean, tmp_path)
    publish(project, tmp_path / "s1")
    project.reuse_year(YEAR).mkdir(parents=True)
    shutil.copy(tmp_path / "reuse" / reuse.CLEAN_RECORD, project.reuse_year(YEAR))
    # what a published run's manifest.json records: the bytes it read when its build started
    read = raw_hashes(project, YEAR)
    project.report_year(YEAR).mkdir(parents=True)
    (project.report_year(YEAR) / "summary.json").write_text('{"status": "final"}', encoding="utf-8")
    (project.report_year(YEAR) / "manifest.json").write_text(json.dumps({
        "inputs": provenance.input_records(project, provenance.used_raw_files(project, YEAR), read),
        "run_info": {"inputs_read": read}}), encoding="utf-8")
    assert preflight.published_years(project, [YEAR]) == {YEAR}

    def refused() -> str:  # as `lkjip run` checks: a year as published is not parsed
        errors = preflight.preflight(project, [YEAR], preflight.published_years(project, [YEAR]))
        return str(errors.get(YEAR, ""))

    declared = project.raw_manifest.read_text(encoding="utf-8")
    assert declared.count("  common/iku.csv:\n") == 1
    project.raw_manifest.write_text(declared.replace("  common/iku.csv:\n", "  common/iku.csv:\n    notasi: inggris\n"),
                                    encoding="utf-8")
    assert preflight.published_years(project, [YEAR]) == set()
    notation = "data/raw/manifest.yml, kolom 'common/iku.csv: notasi', nilai 'inggris'"
    assert notation in refused()
    # the run's own check under its lock decides alike (the run stops right after it)
    with pytest.raises(MissingInputs, match=re.escape(notation)):
        run_year(YEAR, paths=project, notebooks=Notebooks.in_folder(tmp_path / "tanpa-notebook"))
    project.raw_manifest.write_text(declared, encoding="utf-8")
    assert preflight.published_years(project, [YEAR]) == {YEAR} and refused() == ""

    # the same bytes, behind a link to a file outside data/raw/
    pelatihan = project.raw_year(YEAR) / "pelatihan.csv"
    outside = tmp_path / "pelatihan.csv"
    shutil.copy(pelatihan, outside)
    pelatihan.unlink()
    pelatihan.symlink_to(outside)
    assert preflight.published_years(project, [YEAR]) == set()
    assert "services" not in reuse.parsed_as_published(project, YEAR)
    assert "data/raw/2024/pelatihan.csv: berkas ini adalah tautan (symlink)" in refused()
