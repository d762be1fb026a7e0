"""pipeline.run.watch: what `lkjip pantau` looks at, what it calls a change, when it builds."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from pathlib import Path

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.run import watch


def _project(tmp_path) -> Paths:
    for rel in ("data/raw/2024/pelatihan.csv", "data/raw/manifest.yml", "expectations/bps.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("a\n", encoding="utf-8")
    return Paths(tmp_path)


def test_a_snapshot_holds_the_inputs_not_editor_locks_hidden_files_or_caches(tmp_path):
    paths = _project(tmp_path)
    year = paths.raw_year(2024)
    for name in (".~lock.pelatihan.csv#", "~$isian-2024.xlsx", ".hidden", "x.pyc", "lu1234.tmp", "pelatihan.csv~"):
        (year / name).write_text("lock", encoding="utf-8")
    (year / "__pycache__").mkdir()
    (year / "__pycache__" / "m.py").write_text("", encoding="utf-8")
    found = watch.snapshot([paths.raw, tmp_path / "absent"])
    assert sorted(Path(p).relative_to(tmp_path).as_posix() for p in found) == [
        "data/raw/2024/pelatihan.csv", "data/raw/manifest.yml"]


def test_a_change_is_a_file_added_removed_or_rewritten(tmp_path):
    paths = _project(tmp_path)
    before = watch.snapshot([paths.raw])
    assert watch.changed(before, watch.snapshot([paths.raw])) == []
    csv = paths.raw_year(2024) / "pelatihan.csv"
    csv.write_text("ab\n", encoding="utf-8")  # another size
    (paths.raw_year(2024) / "narasi.yml").write_text("x: 1\n", encoding="utf-8")
    paths.raw_manifest.unlink()
    assert watch.changed(before, watch.snapshot([paths.raw])) == sorted(
        str(p) for p in (csv, paths.raw_year(2024) / "narasi.yml", paths.raw_manifest))
    # the same size written again: its modification time says so
    after = watch.snapshot([paths.raw])
    stat = csv.stat()
    os.utime(csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert watch.changed(after, watch.snapshot([paths.raw])) == [str(csv)]


def test_the_inputs_watched_are_the_projects_never_the_pipelines_code(tmp_path):
    paths = _project(tmp_path)
    folders = [Path(f) for f in watch.input_folders(paths)]
    assert paths.raw in folders and paths.expectations in folders
    assert not [f for f in folders if f.resolve().is_relative_to(PACKAGE_ROOT / "pipeline")]
    assert watch.CODE == PACKAGE_ROOT / "pipeline"


def test_changed_files_are_named_from_the_project_at_most_three(tmp_path):
    paths = _project(tmp_path)
    files = [str(tmp_path / "data" / "raw" / "2024" / f"{n}.csv") for n in "abcde"]
    assert watch.named(paths, files[:1]) == "data/raw/2024/a.csv"
    assert watch.named(paths, files) == ("data/raw/2024/a.csv, data/raw/2024/b.csv, data/raw/2024/c.csv "
                                         "dan 2 berkas lain")


def test_it_builds_at_start_and_once_after_each_change(tmp_path, capsys):
    paths = _project(tmp_path)
    builds = []
    csv = paths.raw_year(2024) / "pelatihan.csv"

    def build():
        builds.append(csv.read_text(encoding="utf-8"))
        if len(builds) == 1:  # edited while nothing builds: one more build
            threading.Timer(0.05, lambda: csv.write_text("b\n", encoding="utf-8")).start()
        return 0

    code = watch.watch(paths, 2024, build, restart=lambda: None, poll=0.01, rounds=2)
    assert code == 0
    assert builds == ["a\n", "b\n"]
    out = capsys.readouterr().out
    assert "Memantau isian 2024 (data/raw/, expectations/)" in out
    assert "Berubah: data/raw/2024/pelatihan.csv; membangun ulang laporan 2024." in out


def test_a_change_of_the_pipelines_code_restarts_the_command(tmp_path, monkeypatch, capsys):
    paths = _project(tmp_path)
    code_folder = tmp_path / "code"
    code_folder.mkdir()
    (code_folder / "m.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(watch, "CODE", code_folder)
    restarted = []

    def build():
        threading.Timer(0.05, lambda: (code_folder / "m.py").write_text("x = 22\n", encoding="utf-8")).start()
        return 0

    start = time.monotonic()
    assert watch.watch(paths, 2024, build, restart=lambda: restarted.append(True), poll=0.01) == 0
    assert restarted == [True] and time.monotonic() - start < 30
    assert "Kode pipeline berubah" in capsys.readouterr().out


def test_a_restart_runs_the_package_whose_code_changed_not_one_the_project_folder_holds(tmp_path, monkeypatch):
    """The watch restarts itself when the pipeline's code changes: the new process must run that
    package (the watched one), also from a project folder holding a pipeline/ of its own."""
    (tmp_path / "pipeline").mkdir()
    (tmp_path / "pipeline" / "__init__.py").write_text('raise ImportError("the project folder\'s own pipeline")\n')
    started, released = [], []
    monkeypatch.setattr(watch.os, "execv", lambda exe, argv: started.append(argv))
    watch.restart_command(["pantau", "--help"], before=lambda: released.append(True))()
    assert released == [True] and len(started) == 1
    done = subprocess.run(started[0], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.startswith("penggunaan: lkjip pantau [-h] --year TAHUN")
