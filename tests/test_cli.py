"""The lkjip command: help texts, exit codes, plain error messages, check-inputs, new-year."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.errors import InputError
from pipeline.run import cache, cli, runner
from pipeline.years import manifest
from tests.conftest import use_project
from tests.fixtures.runner.tree import (
    YEAR,
    FakeExecutor,
    fake_assemble,
    fake_index,
    fixture_notebooks,
    make_project,
)

REPO = Path(__file__).resolve().parents[1]


class PapermillExecutionError(Exception):
    """papermill.exceptions.PapermillExecutionError's interface (importing papermill takes seconds)."""

    def __init__(self, cell_index, exec_count, source, ename, evalue, traceback):
        super().__init__(cell_index, exec_count, source, ename, evalue, traceback)
        self.ename, self.evalue, self.traceback = ename, evalue, traceback


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    use_project(monkeypatch, root)
    code = tmp_path / "code"
    code.mkdir()
    (code / "module.py").write_text("VERSION = 1\n")
    monkeypatch.setattr(cache, "CODE_ROOT", code)
    return make_project(root)


@pytest.fixture
def fake_steps(monkeypatch):
    """`lkjip run` with fixture notebooks, the fake executor and the fake assembler."""
    executor = FakeExecutor()
    monkeypatch.setattr(runner, "default_executor", executor)
    monkeypatch.setattr(runner, "default_assembler", fake_assemble)
    monkeypatch.setattr(runner, "default_index_writer", fake_index)
    monkeypatch.setattr(runner.Notebooks, "in_folder", staticmethod(lambda folder: fixture_notebooks()))
    return executor


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    for command in ("run", "new-year", "check-inputs", "manifest"):
        assert command in out
    assert "Kode keluar" in out


@pytest.mark.parametrize("command,option", [("run", "--force"), ("run", "--jobs"), ("run", "--all"),
                                            ("run", "--quiet"), ("new-year", "--from"),
                                            ("check-inputs", "--year"), ("manifest", "--update")])
def test_each_command_explains_its_options(capsys, command, option):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    assert option in capsys.readouterr().out


def test_python_dash_m_pipeline_works():
    done = subprocess.run([sys.executable, "-m", "pipeline", "--help"], cwd=REPO, capture_output=True,
                          text=True)
    assert done.returncode == 0
    assert "check-inputs" in done.stdout


def test_run_prints_the_report_line_then_skips_when_unchanged(project, fake_steps, capsys):
    assert cli.main(["run", "--year", "2024", "--quiet"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "Laporan: reports/2024/LKjIP-2024.html · status: final · peringatan: 1"
    calls = len(fake_steps.calls)
    assert cli.main(["run", "--year", "2024"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out[0].startswith("Folder proyek: ")  # every command first names the project folder
    assert out[1].startswith("2024: tidak ada perubahan")
    assert out[-1].startswith("Laporan: reports/2024/LKjIP-2024.html")
    assert len(fake_steps.calls) == calls
    assert cli.main(["run", "--all", "--force", "--jobs", "1"]) == 0
    assert len(fake_steps.calls) == 2 * calls


def test_run_without_a_year_is_a_plain_error(project, capsys):
    assert cli.main(["run"]) == 2
    assert "--year 2024" in capsys.readouterr().err


def test_bad_year_is_rejected_by_the_parser(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["run", "--year", "24"])
    assert done.value.code == 2
    assert "bukan tahun seperti 2024" in capsys.readouterr().err


@pytest.mark.parametrize("ename,code", [("InputError", 2), ("ValidationFailed", 3), ("MissingInputs", 2)])
def test_notebook_errors_map_to_plain_messages_and_exit_codes(monkeypatch, capsys, ename, code):
    def failing(args):
        raise PapermillExecutionError(1, 1, "x", ename, "data/raw/2024/a.csv, row 3: bad", ["tb"])

    monkeypatch.setitem(cli.COMMANDS, "run", failing)
    assert cli.main(["run", "--year", "2024"]) == code
    err = capsys.readouterr().err
    assert err.strip() == "data/raw/2024/a.csv, row 3: bad"


def test_lkjip_error_is_printed_without_traceback(monkeypatch, capsys):
    def failing(args):
        raise InputError("data/raw/2024/x.csv", "cannot be read", row=4, column="Target", value="9,9,9")

    monkeypatch.setitem(cli.COMMANDS, "run", failing)
    assert cli.main(["run", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "data/raw/2024/x.csv, baris 4, kolom 'Target', nilai '9,9,9': cannot be read"


def test_unexpected_error_is_one_short_message(monkeypatch, capsys):
    monkeypatch.delenv("LKJIP_DEBUG", raising=False)

    def failing(args):
        raise RuntimeError("disk full")

    monkeypatch.setitem(cli.COMMANDS, "run", failing)
    assert cli.main(["run", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "Kesalahan tak terduga (RuntimeError): disk full" in err and "Traceback" not in err


def test_failing_step_exit_code_and_log_path(project, fake_steps, monkeypatch, capsys):
    def broken(notebook, output, parameters, cwd):
        Path(output).write_text("{}")
        raise PapermillExecutionError(2, 2, "1/0", "ZeroDivisionError", "division by zero", [])

    fake_steps.real["anggaran"] = broken
    assert cli.main(["run", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "Langkah analisis anggaran (20_anggaran) tahun 2024 gagal: kesalahan tak terduga di dalam notebook (ZeroDivisionError: division by zero)" in err
    assert "reports/.logs/2024/anggaran.ipynb" in err
    assert not (project.report_year(YEAR)).exists()


def test_check_inputs_lists_every_problem_at_once(project, capsys):
    assert cli.main(["check-inputs", "--year", "2024"]) == 0
    (project.raw_year(YEAR) / "narasi.yml").unlink()
    (project.raw_year(YEAR) / "data.csv").write_text("uraian;nilai\n")
    (project.raw_year(YEAR) / "extra.csv").write_text("a;b\n1;2\n")
    assert cli.main(["check-inputs", "--year", "2024"]) == 2
    err = capsys.readouterr().err
    assert "data/raw/2024/narasi.yml: tercatat di data/raw/manifest.yml tetapi berkasnya tidak ada" in err
    assert "data/raw/2024/data.csv: belum berisi baris data" in err
    assert "data/raw/2024/extra.csv: belum tercatat di data/raw/manifest.yml" in err
    assert "data/raw/2024/data.csv: isi berkas berubah" in err


def test_check_inputs_for_a_year_without_folder(project, capsys):
    assert cli.main(["check-inputs", "--year", "2031"]) == 2
    assert "lkjip new-year 2031" in capsys.readouterr().err


def test_new_year_starts_from_the_previous_layout(project, capsys):
    assert cli.main(["new-year", "2025"]) == 0
    folder = project.raw_year(2025)
    assert (folder / "data.csv").read_text() == "uraian;nilai\n"
    assert yaml.safe_load((folder / "narasi.yml").read_text()) == {
        "sasaran": {1: {"faktor_pendukung": [], "faktor_penghambat": [], "solusi": [], "analisis": ""}},
        # asked every year, never carried over: the reviu statement and the publication
        "reviu": {"tempat_tanggal": "", "nama": "", "nip": "", "jabatan": "", "pangkat": ""},
        "publikasi": {"url": "", "tanggal": ""}}
    entry = manifest.load(project)["2025/data.csv"]
    # source and table pre-filled from the template year's entry (the analyst confirms them)
    assert entry["table"] == manifest.load(project)["2024/data.csv"]["table"]
    assert entry["sha256"] == manifest.sha256_file(folder / "data.csv")
    assert "data/raw/2025/data.csv" in capsys.readouterr().out
    # the 2024 files are untouched and the checklist names what is still to do
    assert manifest.check(project, files=["2024/data.csv", "2024/narasi.yml"]) == []
    assert cli.main(["check-inputs", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert "data/raw/2025/data.csv: belum berisi baris data" in err
    assert "entri manifest belum berisi" not in err
    # a second new-year never overwrites: it keeps the existing files and says so
    assert cli.main(["new-year", "2025"]) == 0
    assert "2 berkas yang sudah ada" in capsys.readouterr().out


def test_manifest_update_and_check(project, capsys):
    (project.raw_year(YEAR) / "data.csv").write_text("uraian;nilai\nA;2\n")
    assert cli.main(["manifest"]) == 2
    assert "data/raw/2024/data.csv: isi berkas berubah" in capsys.readouterr().out
    assert cli.main(["manifest", "--update"]) == 0
    assert "2024/data.csv" in capsys.readouterr().out
    assert cli.main(["manifest"]) == 0
