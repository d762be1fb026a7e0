"""Permission denied and a full disk are named in words (folder and what to do), in Bahasa
Indonesia, and checked before the build starts."""

from __future__ import annotations

import errno
import shutil
from collections import namedtuple

import pytest

from pipeline.config import Paths
from pipeline.run import cli, preflight
from tests.indonesian import problems as message_problems


@pytest.fixture
def root(raw_copy) -> Paths:
    return raw_copy


@pytest.mark.parametrize("code, fragment", [
    (errno.EACCES, "Izin menulis ditolak di reports/2024"),
    (errno.EROFS, "Izin menulis ditolak di reports/2024"),
    (errno.ENOSPC, "Ruang disk habis saat menulis ke reports/2024"),
])
def test_system_error_names_the_folder_in_words(root, code, fragment):
    exc = OSError(code, "x", str(root.root / "reports" / "2024" / "LKjIP-2024.html"))
    message = preflight.system_message(exc, root)
    assert fragment in message
    assert str(root.root) not in message
    assert message_problems(message) == [], message


def test_other_errors_are_not_system_messages(root):
    assert preflight.system_message(ValueError("x"), root) is None
    assert preflight.system_message(OSError(errno.ENOENT, "x", "y"), root) is None


def test_error_inside_a_notebook_is_recognised_by_its_text(root):
    evalue = f"[Errno 28] No space left on device: '{root.root}/data/processed/2024/x.csv'"
    message = preflight.system_message_from_text("OSError", evalue, root)
    assert "Ruang disk habis saat menulis ke data/processed/2024" in message


def test_cli_prints_permission_error_in_words(root, monkeypatch, capsys):
    def failing(args):
        raise PermissionError(errno.EACCES, "Permission denied", str(root.root / "reports" / ".staging"))

    monkeypatch.setitem(cli.COMMANDS, "run", failing)
    assert cli.main(["run", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "Izin menulis ditolak di reports/.staging" in err
    assert "Permission" not in err and "Traceback" not in err


def test_unwritable_output_folder_is_refused_before_the_build(root, monkeypatch, capsys):
    monkeypatch.setattr(preflight.os, "access", lambda path, mode: False)
    assert cli.main(["run", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "tidak dapat ditulis" in err and "Tidak ada yang ditulis" in err
    assert not (root.root / "reports").exists()


def test_nearly_full_disk_is_refused_before_the_build(root, monkeypatch, capsys):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - 10**6, 10**6))
    assert cli.main(["run", "--year", "2024"]) == 1
    err = capsys.readouterr().err
    assert "Ruang disk kosong" in err and "1 MB" in err
    assert not (root.root / "reports").exists()


def test_failed_step_names_the_step_in_words_and_writes_an_html_log(root, tmp_path):
    from types import SimpleNamespace

    import nbformat

    from pipeline.run.runner import _failure

    log = tmp_path / "20_anggaran.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")]), log)
    step = SimpleNamespace(name="anggaran", notebook=root.root / "notebooks" / "20_anggaran.ipynb")
    failed = _failure(root, 2024, step, ZeroDivisionError("division by zero"), log)
    message = str(failed)
    html = root.root / "reports" / ".logs" / "2024" / "20_anggaran.html"
    assert html.is_file() and "<html" in html.read_text(encoding="utf-8")
    assert "Langkah analisis anggaran (20_anggaran) tahun 2024 gagal" in message
    assert "reports/.logs/2024/20_anggaran.html" in message
    assert str(root.root) not in message
