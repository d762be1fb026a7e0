"""The kernel pool's bookkeeping with stand-in kernels: which kernels it starts, converts, keeps
and stops (tests/test_kernels.py runs real ones)."""

from __future__ import annotations

import itertools

import pytest

from pipeline.run import kernels
from pipeline.run.kernels import KernelPool


@pytest.fixture
def calls(monkeypatch):
    """Every start, conversion, reset and stop, in order; kernels are numbered strings."""
    seen: list[tuple[str, str]] = []
    numbers = itertools.count(1)

    def start(cwd, modules, env=None):
        km = f"km{next(numbers)}"
        seen.append(("start", km))
        return km

    def convert(km, cwd, modules):
        seen.append(("convert", km))
        return km

    def reset(km):
        seen.append(("reset", km))
        return True

    monkeypatch.setattr(kernels, "_start", start)
    monkeypatch.setattr(kernels, "_convert", convert)
    monkeypatch.setattr(kernels, "_reset", reset)
    monkeypatch.setattr(kernels, "shut_down", lambda km: seen.append(("stop", km)))
    return seen


def _pool(tmp_path) -> KernelPool:
    return KernelPool(tmp_path, preload={}, reused=("analysis",), becomes={"clean": "analysis"})


def test_a_kept_kernel_is_converted_when_a_notebook_takes_it_not_before(tmp_path, calls):
    pool = _pool(tmp_path)
    try:
        pool.expect("clean", 1)
        km = pool.take("clean")
        pool.give_back("clean", km)  # kept for the analysis
        pool.expect("analysis", 1)
        assert calls == [("start", "km1")]  # not converted yet, and no analysis kernel started
        assert pool.take("analysis") == "km1"
        assert calls == [("start", "km1"), ("convert", "km1")]
    finally:
        pool.close()


def test_a_kept_kernel_no_notebook_takes_is_stopped_unconverted(tmp_path, calls):
    """An edit: the analyses expected were taken over from the cache (skip)."""
    pool = _pool(tmp_path)
    pool.expect("clean", 1)
    pool.give_back("clean", pool.take("clean"))
    pool.expect("analysis", 2, ahead=1)
    pool.skip("analysis")
    pool.skip("analysis")
    pool.close()
    assert calls == [("start", "km1"), ("stop", "km1")]


def test_a_skipped_notebook_keeps_no_kernel_for_it(tmp_path, calls):
    pool = _pool(tmp_path)
    try:
        pool.expect("analysis", 2, ahead=1)
        km = pool.take("analysis")
        pool.skip("analysis")  # the other analysis was taken over from the cache
        pool.give_back("analysis", km)
        pool.close()
        # shut down, not reset for a notebook that will not come
        assert calls == [("start", "km1"), ("stop", "km1")]
    finally:
        pool.close()


def test_sockets_folders_of_processes_gone_are_swept_and_others_kept(tmp_path, monkeypatch):
    """A run killed with SIGKILL removes nothing: the next process's first kernel sweeps the
    sockets' folders whose process no longer runs."""
    import os
    import subprocess
    import sys
    import tempfile

    from pipeline import tempfolders

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead, alive = int(gone.stdout), os.getppid()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    for name in (f"lkjip-kernel-{dead}-abc", f"lkjip-kernel-{alive}-def", f"lkjip-kernel-{os.getpid()}-ghi",
                 "lkjip-kernel-tanpa-pid", "lain-123-xyz"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "k-1").write_text("")
    tempfolders.sweep(kernels.FOLDER_PREFIX)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([
        f"lkjip-kernel-{alive}-def", f"lkjip-kernel-{os.getpid()}-ghi", "lkjip-kernel-tanpa-pid", "lain-123-xyz"])
