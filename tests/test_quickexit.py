"""A run's processes end at once (pipeline.run.quickexit), but only after what an ending
interpreter does that matters: the threads it waits for, the exit handlers, the buffered output."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow  # starts interpreters


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "SELESAI": str(tmp_path)})


def test_leave_waits_for_threads_runs_exit_handlers_flushes_and_keeps_the_exit_code(tmp_path):
    done = _run("""
        import atexit, os, sys, threading, time
        from pathlib import Path
        from pipeline.run import quickexit

        folder = Path(os.environ["SELESAI"])
        def later():
            time.sleep(0.3)
            (folder / "utas.txt").write_text("selesai")
        threading.Thread(target=later).start()
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()  # not waited for
        from concurrent.futures import ThreadPoolExecutor
        kept = ThreadPoolExecutor(1)
        kept.submit(int).result()  # its idle worker (the pool never shut down) is woken, not waited for forever
        atexit.register(lambda: (folder / "atexit.txt").write_text(
            "utas sudah" if (folder / "utas.txt").exists() else "utas belum"))
        sys.stdout.write("tanpa baris baru")  # still in the buffer
        quickexit.leave(3)
        (folder / "tidak.txt").write_text("leave returned")
    """, tmp_path)
    assert done.returncode == 3, done.stderr
    assert done.stdout == "tanpa baris baru"
    assert (tmp_path / "utas.txt").read_text() == "selesai"
    assert (tmp_path / "atexit.txt").read_text() == "utas sudah"  # threads first, as Python does
    assert not (tmp_path / "tidak.txt").exists()


def test_the_command_ends_through_leave_with_mains_exit_code(tmp_path, monkeypatch):
    """``python -m pipeline`` (and the ``lkjip`` script, pyproject's entry) end with main's code."""
    from pipeline.run import cli

    seen = []
    monkeypatch.setattr(cli, "main", lambda: 2)
    monkeypatch.setattr("pipeline.run.quickexit.leave", lambda code: seen.append(code))
    cli.entry()
    assert seen == [2]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'lkjip = "pipeline.run.cli:entry"' in text
    assert "entry()" in (ROOT / "pipeline" / "__main__.py").read_text(encoding="utf-8")
