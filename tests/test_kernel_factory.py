"""Kernels forked from the run's factory (pipeline.run.kernel_factory): the kernel a spawned one
would be, in its folder, with its environment and hash seed, started from imports done once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.run import kernel_factory, kernels

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kernels are forked on Linux only")]


@pytest.fixture
def factory(tmp_path, monkeypatch):
    monkeypatch.delenv(kernel_factory.ENVIRONMENT, raising=False)
    monkeypatch.setenv("PYTHONHASHSEED", "0")  # as a run's kernels (runner.KERNEL_ENV)
    monkeypatch.setenv("LKJIP_CONTOH", "pabrik")
    made = kernel_factory.acquire(tmp_path, dict(os.environ), [(("json",), "import json")])
    yield made
    kernel_factory.release(made)


def _gone(pid: int, within: float = 10.0, reaped: bool = True) -> bool:
    """Whether process ``pid`` has ended and been reaped (waiting for it at most ``within`` s);
    ``reaped=False``: ended, a zombie nobody reaped yet counting too (an orphan's reaper is the
    machine's init)."""
    deadline = time.monotonic() + within
    while True:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return True
        if not reaped and state in ("Z", "X"):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)


def test_a_kernel_is_forked_from_the_factory_and_runs_as_a_spawned_one_would(factory, tmp_path):
    (tmp_path / "modul_lokal.py").write_text("NILAI = 7\n", encoding="utf-8")
    seeded = subprocess.run([sys.executable, "-c", "print(hash('lkjip'))"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONHASHSEED": "0"}, check=True).stdout.strip()
    km = kernels._start(tmp_path, ("json",))
    pid = km.provisioner.process.pid
    try:
        assert isinstance(km.provisioner.process, kernel_factory.ForkedKernel)
        check = ("import os, sys, modul_lokal\n"
                 f"assert os.getppid() == {factory.process.pid} and os.getpid() == {pid}\n"
                 f"assert os.getcwd() == {str(tmp_path)!r} and os.environ['LKJIP_CONTOH'] == 'pabrik'\n"
                 f"assert os.environ['JPY_PARENT_PID'] == '{factory.process.pid}'\n"
                 f"assert str(hash('lkjip')) == {seeded!r}\n"
                 "assert modul_lokal.NILAI == 7 and 'json' in sys.modules and sys.modules['debugpy'] is None\n")
        assert kernels._quietly(km, check) == "ok"
        assert kernels._quietly(km, "assert False") == "error"  # the check can fail
    finally:
        kernels.shut_down(km)
    assert _gone(pid)


def test_a_module_the_factory_loads_on_first_use_is_not_loaded_by_a_kernels_start(factory, tmp_path):
    """scipy.stats is one of the modules Great Expectations imports that the kernels load on
    first use (kernels.DEFERRED_IMPORTS). Imported so in the factory, it must still be unloaded in
    a kernel forked from it: ipykernel looks at every module's attributes as it makes the kernel,
    which loaded them all (over a second of each forked kernel's start)."""
    stats = ("scipy.stats",)
    factory.ahead([(stats, kernels.preload_code(stats))])
    deadline = time.monotonic() + 60
    while not factory.has(stats) and time.monotonic() < deadline:
        time.sleep(0.02)
    km = kernels._start(tmp_path, ())  # no import of its own: one would load the module itself
    try:
        assert isinstance(km.provisioner.process, kernel_factory.ForkedKernel)
        lazy = "import sys\nassert type(sys.modules['scipy.stats']).__name__ == '_LazyModule'\n"
        assert kernels._quietly(km, lazy) == "ok"
        assert kernels._quietly(km, "import sys\nsys.modules['scipy.stats'].norm\n" + lazy) == "error"
    finally:
        kernels.shut_down(km)


def test_a_kernel_of_another_environment_or_folder_is_spawned(factory, tmp_path):
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    started = [kernels._start(tmp_path, (), env={**os.environ, "LKJIP_CONTOH": "lain"}),
               kernels._start(elsewhere, ())]
    try:
        for km in started:
            assert isinstance(km.provisioner.process, subprocess.Popen)
            assert kernels._quietly(km, f"import os\nassert os.getppid() == {os.getpid()}") == "ok"
        assert kernels._quietly(started[0], "import os\nassert os.environ['LKJIP_CONTOH'] == 'lain'") == "ok"
    finally:
        for km in started:
            kernels.shut_down(km)


def test_the_factory_ends_with_its_last_user_and_its_kernels_with_it(factory, tmp_path):
    again = kernel_factory.acquire(tmp_path, dict(os.environ), [(("json",), "import json")])
    assert again is factory and factory.users == 2
    km = kernels._start(tmp_path, ("json",))
    pid = km.provisioner.process.pid
    kernel_factory.release(again)
    assert factory.process.poll() is None and kernels._quietly(km, "1") == "ok"
    kernel_factory.release(factory)  # the last user: its kernel was not shut down, it goes too
    factory.users += 1  # for the fixture's own release
    assert factory.process.wait(timeout=10) == 0
    assert _gone(pid)
    assert kernel_factory.serving(tmp_path, dict(os.environ)) is None
    kernels.shut_down(km)  # its sockets' folder


def test_no_factory_where_kernels_are_not_forked(tmp_path, monkeypatch):
    monkeypatch.setenv(kernel_factory.ENVIRONMENT, "0")
    assert kernel_factory.acquire(tmp_path, dict(os.environ), [(("json",), "import json")]) is None
    km = kernels._start(tmp_path, ())
    try:
        assert isinstance(km.provisioner.process, subprocess.Popen)
    finally:
        kernels.shut_down(km)


def test_a_kernel_is_spawned_once_its_factory_has_ended(factory, tmp_path):
    factory.process.kill()
    factory.process.wait(timeout=10)
    km = kernels._start(tmp_path, ("json",))
    try:
        assert isinstance(km.provisioner.process, subprocess.Popen)
        assert kernels._quietly(km, "import os\nassert os.environ['LKJIP_CONTOH'] == 'pabrik'") == "ok"
    finally:
        kernels.shut_down(km)


def test_a_kernel_ends_by_itself_when_its_factory_is_killed(factory, tmp_path):
    """A factory killed outright cannot end its kernels: each kernel's parent poller watches the
    factory (as a spawned kernel's watches the run) and ends it. ipykernel takes the poller's pid
    from the environment when it is imported, which in a fork was the factory's import."""
    km = kernels._start(tmp_path, ("json",))
    pid = km.provisioner.process.pid
    try:
        assert kernels._quietly(km, "1") == "ok"
        factory.process.kill()
        factory.process.wait(timeout=10)
        assert _gone(pid, within=15, reaped=False)
    finally:
        kernels.shut_down(km)


def test_the_factory_kills_a_kernel_that_has_no_process_group_of_its_own_yet(tmp_path):
    """The run may close the factory right behind a kernel request: the fork is made, and killed
    at once, maybe before it made its own session (a group of its own). It must die all the
    same, or it outlives the run as a kernel nobody started."""
    survived = tmp_path / "hidup.txt"
    child = subprocess.Popen([sys.executable, "-c", "import sys, time; time.sleep(2); "
                              "open(sys.argv[1], 'w').write('hidup')", str(survived)])  # in our group
    kernel_factory.kill_children({child.pid})  # kills and reaps it
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, os.WNOHANG)
    time.sleep(2.5)  # what it would have written by now, had it lived
    assert not survived.exists()
