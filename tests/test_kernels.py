"""Kernels started ahead and reused: a reused kernel runs a notebook exactly as a fresh one would."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from pipeline.run import kernel_factory
from pipeline.run.kernels import KernelPool

pytestmark = pytest.mark.slow


def _notebook(path, *sources: str):
    nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]})]
                      + [new_code_cell(source) for source in sources],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                               "language": "python"}})
    nbformat.write(nb, path)
    return path


# what a notebook prints about its kernel: its process, names left by an earlier notebook,
# the output cache, and whether the preloaded module is there
REPORT = ("import os, sys\n"
          "print(os.getpid(), 'y' in globals(), '_lkjip_module' in globals(), len(Out), x,"
          " 'json' in sys.modules)")


def _printed(path) -> tuple[list, list[str]]:
    cells = nbformat.read(path, as_version=4).cells
    return [c.execution_count for c in cells], cells[-1].outputs[0]["text"].split()


@pytest.fixture
def pool(tmp_path):
    pool = KernelPool(tmp_path, preload={"k": ("json",), "once": ("json",)}, reused=("k",))
    yield pool
    pool.close()


def test_a_reused_kernel_starts_each_notebook_from_a_fresh_namespace(pool, tmp_path):
    first = _notebook(tmp_path / "first.ipynb", "y = 2\ny", REPORT)
    second = _notebook(tmp_path / "second.ipynb", REPORT)
    pool.expect("k", 3, ahead=1)
    pool.execute("k", first, tmp_path / "out1.ipynb", {"x": 5}, tmp_path)
    pool.execute("k", second, tmp_path / "out2.ipynb", {"x": 6}, tmp_path)
    pool.execute("k", second, tmp_path / "out3.ipynb", {"x": 7}, tmp_path)
    counts1, (pid1, *seen1) = _printed(tmp_path / "out1.ipynb")
    counts2, (pid2, *seen2) = _printed(tmp_path / "out2.ipynb")
    counts3, (pid3, *seen3) = _printed(tmp_path / "out3.ipynb")
    assert pid1 == pid2 == pid3  # one kernel served the three notebooks
    # parameters, injected parameters, (y = 2), the report: numbered from 1 in each notebook
    assert (counts1, counts2, counts3) == ([1, 2, 3, 4], [1, 2, 3], [1, 2, 3])
    assert seen1 == ["True", "False", "1", "5", "True"]  # Out holds cell 3's result
    assert seen2 == ["False", "False", "0", "6", "True"]  # no y, no Out left from the first
    assert seen3 == ["False", "False", "0", "7", "True"]


def test_a_kernel_keeps_its_imported_libraries_out_of_the_cyclic_collector(pool, tmp_path):
    """After its preload and after each reset the kernel's heap is frozen (kernels.FREEZE_CODE):
    the notebook's own objects are collected as usual, the libraries' are not walked again."""
    probe = _notebook(tmp_path / "probe.ipynb",
                      "import gc\nprint(gc.get_freeze_count() > 1000, 'gc' in globals())")
    pool.expect("k", 2, ahead=1)
    pool.execute("k", probe, tmp_path / "out1.ipynb", {"x": 5}, tmp_path)
    pool.execute("k", probe, tmp_path / "out2.ipynb", {"x": 6}, tmp_path)
    for out in ("out1.ipynb", "out2.ipynb"):
        assert nbformat.read(tmp_path / out, as_version=4).cells[-1].outputs[0]["text"].split() == \
            ["True", "True"]  # frozen; the notebook's own import is its only gc name


def test_kernels_leave_the_ipython_input_history_alone(tmp_path, monkeypatch):
    """kernels.KERNEL_ARGUMENTS: no cell of a run lands in ~/.ipython's history database."""
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    pool = KernelPool(tmp_path, preload={"k": ("json",)}, reused=("k",))
    try:
        pool.expect("k", 1)
        pool.execute("k", _notebook(tmp_path / "nb.ipynb", REPORT), tmp_path / "out.ipynb", {"x": 5},
                     tmp_path)
    finally:
        pool.close()
    assert (tmp_path / "ipython" / "profile_default").is_dir()  # the kernel did use this folder
    assert not list((tmp_path / "ipython").rglob("history.sqlite*"))


def test_a_kernels_reply_is_awaited_on_its_shell_channel_and_a_dead_one_is_noticed(tmp_path):
    """kernels._quietly reads replies only (no IOPub subscription to miss a status on); a kernel
    that died is noticed within a round of QUIET_ROUND, not after START_TIMEOUT."""
    import time

    from pipeline.run import kernels

    km = kernels._start(tmp_path, ("json",))
    try:
        assert kernels._quietly(km, "x = 1") == "ok"
        assert kernels._quietly(km, "1 / 0") == "error"
        assert all(kernels._reset(km) for _ in range(30))  # a reset answered at once, 30 times
        km.provisioner.process.kill()
        km.provisioner.process.wait()
        t0 = time.monotonic()
        assert kernels._quietly(km, "x = 2") is None
        assert time.monotonic() - t0 < 10 * kernels.QUIET_ROUND
    finally:
        kernels.shut_down(km)


def test_a_kernel_whose_notebook_failed_is_not_reused(pool, tmp_path):
    import papermill

    failing = _notebook(tmp_path / "failing.ipynb", "import os\nprint(os.getpid())", "y = 2\n1 / 0")
    second = _notebook(tmp_path / "second.ipynb", REPORT)
    pool.expect("k", 2, ahead=1)
    with pytest.raises(papermill.PapermillExecutionError):
        pool.execute("k", failing, tmp_path / "out1.ipynb", {"x": 5}, tmp_path)
    printing = [c for c in nbformat.read(tmp_path / "out1.ipynb", as_version=4).cells
                if "getpid" in c.source]  # papermill puts its error notice above the cells
    failed_pid = printing[0].outputs[0]["text"].split()[0]
    pool.execute("k", second, tmp_path / "out2.ipynb", {"x": 6}, tmp_path)
    _, (pid, *seen) = _printed(tmp_path / "out2.ipynb")
    assert pid != failed_pid
    assert seen == ["False", "False", "0", "6", "True"]


def test_other_kinds_and_the_last_notebook_get_a_kernel_of_their_own(pool, tmp_path):
    report = _notebook(tmp_path / "report.ipynb", REPORT)
    pool.expect("once", 2, ahead=1)
    pool.execute("once", report, tmp_path / "out1.ipynb", {"x": 5}, tmp_path)
    pool.execute("once", report, tmp_path / "out2.ipynb", {"x": 6}, tmp_path)
    pids = {_printed(tmp_path / f"out{n}.ipynb")[1][0] for n in (1, 2)}
    assert len(pids) == 2 and str(os.getpid()) not in pids
    # a reused kind with no notebook left to run: the kernel is shut down, not kept
    pool.expect("k", 1, ahead=1)
    pool.execute("k", report, tmp_path / "out3.ipynb", {"x": 7}, tmp_path)
    assert pool._ready.get("k") == []


@pytest.mark.parametrize("forked", [False, True] if sys.platform.startswith("linux") else [False])
def test_a_kernel_becomes_one_of_the_next_kind_with_a_fresh_namespace(tmp_path, monkeypatch, forked):
    """BECOMES: the cleaning kernel runs the first analysis notebook as a new kernel would; where
    the run's factory has the next kind's imports done, a kernel forked from it does instead."""
    monkeypatch.setenv(kernel_factory.ENVIRONMENT, "1" if forked else "0")
    pool = KernelPool(tmp_path, preload={"a": (), "b": ("json",)}, reused=("b",), becomes={"a": "b"})
    try:
        first = _notebook(tmp_path / "first.ipynb", "y = 2\ny", REPORT)
        second = _notebook(tmp_path / "second.ipynb", REPORT)
        pool.expect("a", 1)
        pool.execute("a", first, tmp_path / "out1.ipynb", {"x": 5}, tmp_path)
        pool.expect("b", 1, ahead=1)  # only now is the used kernel converted
        pool.execute("b", second, tmp_path / "out2.ipynb", {"x": 6}, tmp_path)
    finally:
        pool.close()
    _, (pid1, *_) = _printed(tmp_path / "out1.ipynb")
    counts2, (pid2, *seen2) = _printed(tmp_path / "out2.ipynb")
    assert (pid1 != pid2) is forked
    assert counts2 == [1, 2, 3]
    assert seen2 == ["False", "False", "0", "6", "True"]


def test_kernels_started_early_are_adopted_by_the_pool_of_their_folder(tmp_path):
    import time

    from pipeline.run import kernels

    kernels.start_early(tmp_path, {"LKJIP_CONTOH": "awal"}, {"k": ()}, kinds=("k",))
    elsewhere = tmp_path / "lain"
    elsewhere.mkdir()
    kernels.start_early(elsewhere, {}, {"k": ()}, kinds=("k",))
    left = [future for cwd, _, future in kernels._early if cwd == elsewhere]
    pool = KernelPool(tmp_path, preload={"k": ()}, reused=())
    try:
        assert [cwd for cwd, _, _ in kernels._early] == [elsewhere]  # only its own folder's
        notebook = _notebook(tmp_path / "env.ipynb", "import os\nprint(os.environ.get('LKJIP_CONTOH'))")
        pool.execute("k", notebook, tmp_path / "out.ipynb", {"x": 1}, tmp_path)
        assert nbformat.read(tmp_path / "out.ipynb", as_version=4).cells[-1].outputs[0]["text"] == "awal\n"
    finally:
        pool.close()
    kernels.discard_early()  # nobody adopts the other folder's kernel: it is shut down once started
    assert kernels._early == []
    km = left[0].result(timeout=120)
    deadline = time.monotonic() + 60
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not km.is_alive()


def test_an_early_kernel_after_another_starts_once_that_one_is_up(tmp_path, monkeypatch):
    """An edit's validation kernel waits for its cleaning kernel (pipeline.run.cli)."""
    import time
    from concurrent.futures import Future

    from pipeline.run import kernels

    started, stopped = [], []
    monkeypatch.setattr(kernels, "_start", lambda cwd, modules, env=None: started.append(cwd) or "kernel")
    monkeypatch.setattr(kernels, "shut_down", stopped.append)
    first: Future = Future()
    (later,) = kernels.start_early(tmp_path, {}, {"k": ()}, kinds=("k",), after=first)
    (at_once,) = kernels.start_early(tmp_path / "lain", {}, {"k": ()}, kinds=("k",))
    try:
        assert at_once.result(timeout=10) == "kernel"
        time.sleep(0.3)
        assert started == [tmp_path / "lain"] and not later.done()
        first.set_result(None)
        assert later.result(timeout=10) == "kernel"
        assert started == [tmp_path / "lain", tmp_path]
    finally:
        kernels.discard_early()
    assert stopped == ["kernel", "kernel"]


def test_a_notebook_on_a_reused_kernel_keeps_the_output_of_its_first_cell(pool, tmp_path):
    """The runner's client is ready once the kernel's output channel answers (readyclient): a
    notebook whose first cell prints at once keeps that line, notebook after notebook."""
    notebook = _notebook(tmp_path / "quick.ipynb", "print('baris', x)")
    runs = 20
    pool.expect("k", runs, ahead=1)
    for n in range(runs):
        pool.execute("k", notebook, tmp_path / f"out{n}.ipynb", {"x": n}, tmp_path)
    # the kernel may send one printed line in more than one stream message: their text is read
    printed = ["".join(o["text"] for o in nbformat.read(tmp_path / f"out{n}.ipynb", as_version=4)
                       .cells[-1].outputs if o["output_type"] == "stream")
               for n in range(runs)]
    assert printed == [f"baris {n}\n" for n in range(runs)]
    # a notebook on a kernel of its own (no pool) is driven by the same client
    from pipeline.run.runner import papermill_execute

    papermill_execute(notebook, tmp_path / "single.ipynb", {"x": 99}, tmp_path)
    single = nbformat.read(tmp_path / "single.ipynb", as_version=4).cells[-1].outputs
    assert single[0]["text"] == "baris 99\n"


def test_each_kernel_talks_over_sockets_of_its_own_removed_when_it_stops(tmp_path):
    """No TCP port to race for (two kernels started at once could pick the same one): each kernel
    binds Unix sockets in a folder of its own (its connection file there too), which stopping it
    removes."""
    from pipeline.run.kernels import _start, shut_down

    kms = [_start(tmp_path, ("json",)) for _ in range(2)]
    folders = [Path(km.ip).parent for km in kms]
    try:
        assert [km.transport for km in kms] == ["ipc", "ipc"] and folders[0] != folders[1]
        assert all(km.is_alive() and any(folder.iterdir()) for km, folder in zip(kms, folders))
        # its connection file too, not a tmp*.json beside it that a killed run would leave
        assert [Path(km.connection_file).parent for km in kms] == folders
    finally:
        for km in kms:
            shut_down(km)
    assert not any(folder.exists() for folder in folders)


def test_a_runs_kernel_has_no_debugger_and_finds_the_working_folder_first(tmp_path):
    """kernels.kernel_manager launches pipeline.run.kernel_launcher: ipykernel without debugpy
    (a frontend's debugger, which a papermill run never uses); the notebook's own folder is on
    sys.path as with ipykernel's launcher; the standard python3 kernel spec is left as it is."""
    from jupyter_client.kernelspec import KernelSpecManager

    from pipeline.run import kernels

    (tmp_path / "modul_lokal.py").write_text("NILAI = 7\n", encoding="utf-8")
    km = kernels._start(tmp_path, ())
    try:
        assert km.kernel_spec.argv[1] == "-c" and "'pipeline.run.kernel_launcher'" in km.kernel_spec.argv[2]
        check = ("import sys, ipykernel.debugger, modul_lokal\n"
                 "assert sys.modules['debugpy'] is None and not ipykernel.debugger._is_debugpy_available\n"
                 "assert 'debugpy.server' not in sys.modules and modul_lokal.NILAI == 7\n")
        assert kernels._quietly(km, check) == "ok"
        assert kernels._quietly(km, "assert False") == "error"  # the check can fail
    finally:
        kernels.shut_down(km)
    assert KernelSpecManager().get_kernel_spec("python3").argv[1:3] == ["-m", "ipykernel_launcher"]


def _heartbeats() -> int:
    import threading

    return sum(type(t).__name__ == "HBChannel" and t.is_alive() for t in threading.enumerate())


def test_a_notebook_leaves_none_of_its_kernel_clients_channels_open(pool, tmp_path):
    """nbclient stops the channels of a client only for a kernel it started itself: each
    notebook on a pool's kernel left a heartbeat thread and its sockets in the run's process
    (three an edit, for as long as `lkjip pantau` watches)."""
    notebook = _notebook(tmp_path / "nb.ipynb", REPORT)
    before = _heartbeats()
    pool.expect("k", 2, ahead=1)
    pool.execute("k", notebook, tmp_path / "out1.ipynb", {"x": 1}, tmp_path)
    pool.execute("k", notebook, tmp_path / "out2.ipynb", {"x": 2}, tmp_path)
    assert _heartbeats() == before


def test_a_kernel_that_costs_only_a_fork_is_started_ahead_for_its_kind(tmp_path, monkeypatch):
    """warm(): where the factory has a kind's imports done (`lkjip pantau`, between builds), one
    kernel of it is forked before its first notebook asks, and that notebook runs on it; with
    no factory (kernels spawned), nothing is started ahead."""
    monkeypatch.setenv(kernel_factory.ENVIRONMENT, "0")
    spawned = KernelPool(tmp_path, preload={"b": ("json",)}, reused=("b",))
    try:
        spawned.warm("b")
        assert spawned._ready.get("b", []) == []
    finally:
        spawned.close()
    monkeypatch.setenv(kernel_factory.ENVIRONMENT, "1")
    pool = KernelPool(tmp_path, preload={"b": ("json",)}, reused=("b",))
    try:
        deadline = time.monotonic() + 60
        while not pool._factory.has(("json",)):
            assert time.monotonic() < deadline
            time.sleep(0.05)
        pool.warm("b")
    except BaseException:
        pool.close()
        raise
    _first_notebook_runs_on_the_kernel_started_ahead(pool, tmp_path)


def _first_notebook_runs_on_the_kernel_started_ahead(pool, tmp_path) -> None:
    """The one kernel of kind "b" started ahead runs the kind's first notebook (the pool is closed)."""
    try:
        (ahead,) = pool._ready["b"]
        pid = ahead.result().provisioner.process.pid
        notebook = _notebook(tmp_path / "nb.ipynb", REPORT)
        pool.execute("b", notebook, tmp_path / "out.ipynb", {"x": 1}, tmp_path)
    finally:
        pool.close()
    _, (printed, *_) = _printed(tmp_path / "out.ipynb")
    assert int(printed) == pid


def test_a_fresh_runs_kernel_is_forked_ahead_once_the_factory_has_imported_its_kind(tmp_path, monkeypatch):
    """warm() in a fresh run, while the factory is still importing the kind's modules (an
    edit's `lkjip run`: the analyses' imports finish while the cleaning runs): one kernel of
    the kind is forked as soon as they are imported, and the kind's first notebook runs on it
    instead of waiting for a fork of its own."""
    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(1.5)\n", encoding="utf-8")
    monkeypatch.setenv(kernel_factory.ENVIRONMENT, "1")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    modules = ("slow_to_import",)
    pool = KernelPool(tmp_path, preload={"b": modules}, reused=("b",))
    try:
        pool.warm("b")
        assert not pool._factory.has(modules)  # still importing: nothing could be forked yet
        deadline = time.monotonic() + 60
        while not pool._ready.get("b"):
            assert time.monotonic() < deadline, "no kernel was started ahead"
            time.sleep(0.05)
        assert pool._factory.has(modules)
    except BaseException:
        pool.close()
        raise
    _first_notebook_runs_on_the_kernel_started_ahead(pool, tmp_path)


KERNEL_PIPELINE = '''
import os, sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from pipeline.config import Paths
from pipeline.run import kernels
from pipeline.run.kernels import KernelPool
from pipeline.run.runner import kernel_environment

project = Path(sys.argv[1])
nb = new_notebook(cells=[new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
                         new_code_cell("import pipeline\\nprint(pipeline.__file__)")],
                  metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
nbformat.write(nb, project / "nb.ipynb")
with kernel_environment(Paths.default()):
    km = kernels._start(project, ())  # spawned: no factory serves this process yet
    try:
        spawned = kernels._quietly(km, "import pipeline; assert pipeline.__file__.startswith(%r)" % sys.argv[2])
    finally:
        kernels.shut_down(km)
    pool = KernelPool(project, preload={"k": ("json",)}, reused=())
    try:
        pool.execute("k", project / "nb.ipynb", project / "out.ipynb", {"x": 2}, project)
    finally:
        pool.close()
forked = nbformat.read(project / "out.ipynb", as_version=4).cells[-1].outputs[0]["text"].strip()
print(spawned, forked)
'''


@pytest.mark.parametrize("own_pipeline", [True, False])
def test_a_runs_kernels_import_the_pipeline_package_its_command_runs(tmp_path, own_pipeline):
    """A run's kernels, spawned or forked from its factory, import the pipeline package of the
    command that started them: not a pipeline/ folder the project holds (a copied project run
    by another copy's command), nor the package installed in the environment. Before, the
    notebooks ran other code than the command reported and keyed its cache on."""
    import shutil
    import subprocess

    from pipeline.config import PACKAGE_ROOT

    code = tmp_path / "kode"
    shutil.copytree(PACKAGE_ROOT / "pipeline", code / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    project = tmp_path / "proyek"
    (project / "data" / "raw").mkdir(parents=True)
    if own_pipeline:
        (project / "pipeline").mkdir()
        (project / "pipeline" / "__init__.py").write_text('raise ImportError("the project folder\'s own pipeline")\n')
    env = {**os.environ, "LKJIP_ROOT": str(project)}
    env.pop("PYTHONPATH", None)
    done = subprocess.run([sys.executable, "-c", KERNEL_PIPELINE, str(project), str(code / "pipeline")],
                          cwd=code, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    spawned, forked = done.stdout.split()
    assert spawned == "ok"
    assert Path(forked) == code / "pipeline" / "__init__.py"
