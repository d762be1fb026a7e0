"""Kernels started ahead: a step's kernel boots and imports its heavy libraries while the
previous step still runs.

A cold run is mostly kernel starts and imports (pandas, matplotlib, Great Expectations take
seconds each); the steps themselves are quick. Executed one after another, clean -> validate
-> analysis pays every start on the critical path. The pool starts the kernel of each step
that is expected next (``expect``) in a background thread, runs the imports of that kind of
step in it (silently: no execution count, no output, no name in the notebook's namespace),
and hands it to papermill when the step starts (``execute``).

A kernel of a kind in ``REUSED`` (the analysis steps: organisasi, anggaran, one per sasaran)
serves several notebooks one after another: after a notebook succeeded its namespace, output
cache and execution count are reset (IPython's ``reset(new_session=True)``, what a fresh kernel
has) and it waits for the next notebook of its kind. At most ``ahead`` kernels of such a kind
live at once, so a run starts as many analysis kernels as it runs analysis steps at the same
time (--jobs), not one per step: each start (interpreter, ipykernel, pandas, matplotlib, the
analysis modules) cost more CPU than a sasaran notebook itself, on a machine where the
validation step runs meanwhile. The imported modules stay, as after the preload. Other kinds,
and a kernel whose notebook failed, serve one notebook and are shut down.

On Linux every kernel is forked from the run's kernel factory (pipeline.run.kernel_factory),
which imports each kind's modules once, as soon as it is told the kinds (``start_early``, the
pool): a kernel then costs the fork and ipykernel's own set-up, not an interpreter and its
imports. A used kernel becomes one of the next kind (BECOMES) by a fresh fork when the factory
already has that kind's imports done, by the reset and the imports otherwise.

This module is imported only when a run builds something (not on the no-change path).
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path
from queue import Empty

from pipeline import tempfolders
from pipeline.messages import STEP
from pipeline.run import kernel_factory
from pipeline.run.steps import ANALYSIS, CLEAN, VALIDATE

# Modules imported only to be skipped: rfc3987_syntax builds a Lark grammar when imported
# (5-8 s on a 2-core machine) so that jsonschema can check the "iri" string format; it is
# imported through nbformat (papermill) and Great Expectations, and nothing this pipeline
# validates uses that format. jsonschema imports it under suppress(ImportError).
SKIPPED_IMPORTS = ("rfc3987_syntax",)
# Modules the kernels load on first use, not when imported (pipeline.run.lazyimport): Great
# Expectations imports them with itself, and none of the pipeline's suites calls them
# (jsonschema: only the JSON-schema expectation's metric, inside its functions; deferring it
# took Great Expectations' import from 2,0-2,5 s to 1,8-1,9 s).
DEFERRED_IMPORTS = ("scipy.stats", "altair", "jsonschema")
# Kinds of step whose kernel runs several notebooks in turn, reset between them (see above).
REUSED = (ANALYSIS,)
# A kernel whose notebook of the first kind succeeded serves next as a kernel of the second:
# reset like a reused one, then the second kind's imports run in it (pandas and the pipeline's
# own modules are there already). The cleaning kernel runs the first analysis notebook, the
# validation kernel the analysis that waited for it (organisasi): no analysis kernel of its
# own is started for either (an interpreter, ipykernel and pandas: over a second of CPU on a
# machine busy with the other steps), and the analyses need not wait for one.
BECOMES = {CLEAN: ANALYSIS, VALIDATE: ANALYSIS}
# After its imports (and after a reset) a kernel's objects are the libraries' modules, classes
# and functions, which live as long as it does: gc.freeze() takes them out of the cyclic
# collector's reach, which otherwise walks all of them (over 170.000 once Great Expectations is
# imported) on every full collection of the notebook that follows. The validation step took
# 1,45 s instead of 1,80 s in one process, sasaran 0,83 s instead of 1,07 s. Refcounting still
# frees a frozen object; only a reference cycle among them would stay.
FREEZE_CODE = "__import__('gc').freeze()\n"
RESET_CODE = "get_ipython().reset(new_session=True)\n" + FREEZE_CODE
# Kernels' own log lines (transport warnings, the interrupt at shutdown) are noise for
# analysts; cell errors still surface. IPython's input history stays in memory: written to
# ~/.ipython's history.sqlite it grew by every cell of every run (22 MB, 34.000 cells in an
# afternoon of runs on one machine), a database commit after each cell that every kernel's start
# then opened, and none of it an input history the analyst typed.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"]
START_TIMEOUT = 120
QUIET_ROUND = 1.0  # how often a wait for a kernel's reply checks that it still runs


def skip_slow_imports() -> None:
    """Make ``import`` of SKIPPED_IMPORTS fail fast in this process (ImportError)."""
    import sys

    for name in SKIPPED_IMPORTS:
        sys.modules.setdefault(name, None)


def import_machinery() -> None:
    """Import jupyter_client in the calling thread, before the kernel starters and the runner's
    background imports (papermill imports it too) run. Two threads importing one package at once
    can meet it partially initialised ("cannot import name 'AsyncKernelManager' from partially
    initialized module"): a cold run failed that way, now and then."""
    import jupyter_client.manager  # noqa: F401


def preload_code(modules) -> str:
    """Code importing ``modules`` (entries of :mod:`pipeline.run.preload`: ``module`` or
    ``module:name``) without binding any name in the kernel's namespace, matplotlib without its
    setters' docstrings (:func:`pipeline.run.lazyimport.setter_docs_skipped`)."""
    return ("import importlib as _lkjip_importlib, sys as _lkjip_sys\n"
            f"for _lkjip_module in {list(SKIPPED_IMPORTS)!r}:\n"
            "    _lkjip_sys.modules.setdefault(_lkjip_module, None)\n"
            "del _lkjip_sys\n"
            f"_lkjip_importlib.import_module('pipeline.run.lazyimport').defer({list(DEFERRED_IMPORTS)!r})\n"
            "with _lkjip_importlib.import_module('pipeline.run.lazyimport').setter_docs_skipped():\n"
            f"    for _lkjip_module in {list(modules)!r}:\n"
            "        _lkjip_module, _lkjip_from, _lkjip_name = _lkjip_module.partition(':')\n"
            "        _lkjip_importlib.import_module(_lkjip_module)\n"
            "        if _lkjip_name:\n"
            "            __import__(_lkjip_module, fromlist=[_lkjip_name])\n"
            "del _lkjip_importlib, _lkjip_module, _lkjip_from, _lkjip_name\n" + FREEZE_CODE)


def _factory_code(modules) -> str:
    """What the run's kernel factory runs to import ``modules`` (nothing for none)."""
    return preload_code(modules) if modules else ""


def _imports(preload: dict) -> list[tuple]:
    """Each kind's imports and the code that runs them, for the run's kernel factory."""
    return [(modules, _factory_code(modules)) for modules in preload.values() if modules]


def kernel_manager():
    """A manager for one ``python3`` kernel, not started. Its kernel talks to the run over Unix
    sockets in a folder of its own (zmq's ``ipc`` transport), not over TCP ports: jupyter_client
    picks free ports before the kernel binds them, and two kernels started at once can pick the
    same one (jupyter/jupyter_client#487; seen here, the bench's floor: the kernel died with
    "Address already in use" and its client waited a minute). :func:`shut_down` removes the
    folder. TCP where zmq has no Unix sockets (Windows)."""
    from jupyter_client.manager import KernelManager

    from pipeline.run.readyclient import CLIENT_CLASS

    # nbclient drives the kernel with an asynchronous client; the manager itself is sync, so
    # it can be started here and shut down from any thread.
    if os.name == "nt":
        return KernelManager(kernel_name="python3", client_class=CLIENT_CLASS,
                             kernel_spec_manager=_specs())
    folder = tempfolders.make(FOLDER_PREFIX)
    with _folders_lock:
        _folders.add(folder)
    # the connection file too: by default a tmp*.json of its own that a killed run leaves behind
    return KernelManager(kernel_name="python3", client_class=CLIENT_CLASS, kernel_spec_manager=_specs(),
                         transport="ipc", ip=os.path.join(folder, "k"), connection_file=os.path.join(folder, "k.json"))


def _specs():
    """The kernel specs of :func:`kernel_manager`: the ``python3`` kernel launched by
    :mod:`pipeline.run.kernel_launcher` (no debugger) where its spec runs ipykernel's launcher."""
    from jupyter_client.kernelspec import KernelSpecManager

    from pipeline.run.kernel_launcher import MODULE, command

    class Specs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            spec = super().get_kernel_spec(kernel_name)
            argv = list(spec.argv)
            for i in range(len(argv) - 1):
                if argv[i:i + 2] == ["-m", "ipykernel_launcher"]:
                    spec.argv = argv[:i] + command(MODULE) + argv[i + 2:]
                    break
            return spec

    return Specs()


def _quietly(km, code: str) -> str | None:
    """Run ``code`` in the kernel (silent, outside its history) and wait for the reply: its
    status ("ok", "error"), or None when the kernel died or did not answer in START_TIMEOUT.

    Only the shell channel is read. Waiting on IOPub for the request's idle status, as
    jupyter_client's execute_interactive does, needs a subscription that is live before the
    kernel publishes it; a client made for one request has none at first, and once the reset
    answered faster than the subscription took (the suite saw one wait out the whole 120 s).
    A request sent before a new kernel listens waits in the socket, so this also waits for a
    kernel just started (without jupyter_client's wait_for_ready and its 0,2 s flushes)."""
    kc = km.blocking_client()
    kc.start_channels(iopub=False, stdin=False, hb=False, control=False)
    try:
        request = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                reply = kc.get_shell_msg(timeout=QUIET_ROUND)
            except Empty:
                if time.monotonic() > deadline or not km.is_alive():
                    return None
                continue
            if reply.get("parent_header", {}).get("msg_id") == request:
                return reply["content"].get("status")
    finally:
        kc.stop_channels()


def _start(cwd: Path, modules, env: dict | None = None) -> object:
    km = kernel_manager()
    if kernel_factory.available():  # forked from the run's factory when one serves it
        import uuid

        km.kernel_id = km.kernel_id or str(uuid.uuid4())
        km.provisioner = kernel_factory.provisioner(km, modules, _factory_code(modules))
    km.start_kernel(cwd=str(cwd), extra_arguments=list(KERNEL_ARGUMENTS),
                    **({"env": env} if env is not None else {}))
    # an import error is left for the notebook itself to report, in its own cell
    if modules and _quietly(km, preload_code(modules)) is None:
        shut_down(km)
        raise RuntimeError(STEP["kernel_silent"].format(seconds=START_TIMEOUT))
    return km


def _reset(km) -> bool:
    """Give a used kernel a fresh kernel's namespace and execution count; False if it failed."""
    try:
        return _quietly(km, RESET_CODE) == "ok" and km.is_alive()
    except Exception:  # a kernel that cannot be reset is shut down instead
        return False


def _convert(km, cwd: Path, modules) -> object:
    """A used kernel reset to a fresh namespace with ``modules`` imported (BECOMES); a new
    kernel when it cannot be reset. Where the run's factory has ``modules`` imported already,
    a new kernel forked from it instead: ready sooner than the reset and the imports, for
    less CPU."""
    factory = kernel_factory.serving(cwd, dict(os.environ))
    if factory is not None and factory.has(modules):
        threading.Thread(target=shut_down, args=(km,), name="lkjip-kernel-stop", daemon=True).start()
        return _start(cwd, modules)
    if _reset(km) and _preload(km, modules):
        return km
    shut_down(km)
    return _start(cwd, modules)


def _preload(km, modules) -> bool:
    try:  # an import error is left for the notebook to report; no answer replaces the kernel
        return _quietly(km, preload_code(modules)) is not None and km.is_alive()
    except Exception:  # a kernel that cannot be prepared is replaced by a new one
        return False


def shut_down(km) -> None:
    """Stop a kernel of :func:`kernel_manager` (if it still runs) and remove its sockets' folder."""
    try:
        km.shutdown_kernel(now=True)
    except Exception:  # already dead (killed, crashed): nothing left to stop
        pass
    if getattr(km, "transport", "") == "ipc":
        folder = str(Path(km.ip).parent)
        shutil.rmtree(folder, ignore_errors=True)
        with _folders_lock:
            _folders.discard(folder)


# The sockets' folders of this process's kernels not yet shut down: removed when it exits at the
# latest (a kernel stopped by a daemon thread cut short, or left to exit with its parent, would
# leave its folder in the temporary directory).
_folders: set[str] = set()
_folders_lock = threading.Lock()
# <temporary directory>/lkjip-kernel-<pid>-<random>: those of processes no longer running are
# swept before a process's first kernel (pipeline.tempfolders)
FOLDER_PREFIX = "lkjip-kernel-"


@atexit.register
def _remove_folders() -> None:
    with _folders_lock:
        left = list(_folders)
        _folders.clear()
    for folder in left:
        shutil.rmtree(folder, ignore_errors=True)


# Kernels started before the run knows its steps (start_early), adopted by the first pool of
# the same folder; (cwd, kind, future) each.
_early: list[tuple[Path, str, Future]] = []
_early_lock = threading.Lock()
_early_factories: list[kernel_factory.Factory] = []  # acquired by start_early, released by discard_early
EARLY_KINDS = (CLEAN, VALIDATE)


def start_early(cwd: Path, variables: dict[str, str], preload: dict, kinds=EARLY_KINDS,
                after: Future | None = None) -> list[Future]:
    """Start the kernels of a build's first steps now, while the caller still checks the inputs:
    the validation kernel's Great Expectations import is the longest wait of a cold run.

    For a caller that knows these steps will run (``lkjip run --force``, or a changed raw
    input: pipeline.run.cli). ``variables`` are the
    run's kernel variables (the kernels do not inherit them: the run sets them later), ``preload``
    the imports per kind (pipeline.run.preload). Started
    in daemon threads: a run that stops before its build does not wait for them
    (:func:`discard_early`; a kernel whose parent exits stops by itself). Returns the kernels'
    futures, one per kind.

    ``after``: an early kernel's future; these kernels start once it is up. For an edit, whose
    cleaning is quick and whose validation reuses its suites' results, the cleaning kernel is
    the critical path and the validation kernel's Great Expectations import only slowed it
    (two kernels starting on two cores beside the run itself).
    """
    env = {**os.environ, **variables}
    # the factory first: it boots while this process imports jupyter_client (0,1 s)
    factory = acquire_factory(cwd, variables, preload)
    if factory is not None:
        with _early_lock:
            _early_factories.append(factory)
    skip_slow_imports()
    import_machinery()
    futures = []
    for kind in kinds:
        future: Future = Future()
        future.set_running_or_notify_cancel()
        futures.append(future)

        def start(future=future, kind=kind):
            if after is not None:
                wait([after])  # its failure is reported to the step that takes it
            try:
                future.set_result(_start(Path(cwd), preload.get(kind, ()), env))
            except BaseException as exc:  # reported to the step that takes it
                future.set_exception(exc)

        with _early_lock:
            _early.append((Path(cwd), kind, future))
        threading.Thread(target=start, name=f"lkjip-kernel-early-{kind}", daemon=True).start()
    return futures


def acquire_factory(cwd: Path, variables: dict[str, str], preload: dict) -> kernel_factory.Factory | None:
    """The kernel factory serving kernels of ``cwd`` with the run's kernel ``variables`` (started
    now if none runs), told to import ``preload`` ahead; None where kernels are not forked. Held
    until :func:`pipeline.run.kernel_factory.release`: ``lkjip pantau`` keeps it between builds."""
    return kernel_factory.acquire(cwd, {**os.environ, **variables}, _imports(preload))


def _adopt(cwd: Path) -> dict[str, list[Future]]:
    with _early_lock:
        mine = [entry for entry in _early if entry[0] == Path(cwd)]
        for entry in mine:
            _early.remove(entry)
    adopted: dict[str, list[Future]] = {}
    for _, kind, future in mine:
        adopted.setdefault(kind, []).append(future)
    return adopted


def discard_early() -> None:
    """Shut down the early kernels no pool adopted (once started: nothing waits for them)."""
    with _early_lock:
        left = list(_early)
        _early.clear()
        factories = list(_early_factories)
        _early_factories.clear()
    for _, _, future in left:
        future.add_done_callback(lambda f: f.exception() is None and shut_down(f.result()))
    for factory in factories:
        kernel_factory.release(factory)


def _tracked_clients(km) -> list:
    """The clients papermill will make of ``km`` for one notebook, collected as they are made.
    nbclient stops a client's channels only for a kernel it started itself; of a kernel handed
    to it, each notebook left a heartbeat thread and its sockets open in this process until it
    exited (three per edit in ``lkjip pantau``, which builds again and again)."""
    clients: list = []
    make = km.client

    def client(**kwargs):
        made = make(**kwargs)
        clients.append(made)
        return made

    km.client = client
    return clients


def _stop_clients(km, clients: list) -> None:
    vars(km).pop("client", None)  # the manager's own method again
    for kc in clients:
        try:
            kc.stop_channels()
        except Exception:  # noqa: BLE001 (a client whose kernel died: nothing left to stop)
            pass


class KernelPool:
    """Pre-started kernels per kind of step (CLEAN, VALIDATE, ANALYSIS)."""

    def __init__(self, cwd: Path, *, preload: dict, starters: int = 2,
                 reused: tuple = REUSED, becomes: dict | None = None):
        self.cwd = Path(cwd)
        self.preload = preload
        self.reused = tuple(reused)
        self.becomes = dict(BECOMES if becomes is None else becomes)
        self._parked: dict[str, list] = {}  # kernels kept for a kind (BECOMES), not yet taken
        self._busy: dict[str, int] = {}  # kernels of a reused kind running a notebook
        self._starter = ThreadPoolExecutor(max_workers=max(1, starters), thread_name_prefix="lkjip-kernel")
        self._ready: dict[str, list[Future]] = _adopt(self.cwd)  # started early, if any
        self._expected: dict[str, int] = {}
        self._ahead: dict[str, int] = {}
        self._stoppers: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._closed = False
        self._factory = kernel_factory.acquire(self.cwd, dict(os.environ), _imports(preload))

    def expect(self, kind: str, count: int, ahead: int = 1) -> None:
        """``count`` notebooks of ``kind`` will run; keep up to ``ahead`` kernels started."""
        with self._lock:
            self._expected[kind] = max(0, count)
            self._ahead[kind] = max(0, ahead)
            self._fill(kind)

    def _fill(self, kind: str) -> None:
        ready = self._ready.setdefault(kind, [])
        want = min(self._expected.get(kind, 0), self._ahead.get(kind, 0))
        # a busy kernel of a reused kind, or one of a kind that becomes this one (busy or
        # expected), comes back for one of the expected notebooks
        coming = self._busy.get(kind, 0) if kind in self.reused else 0
        coming += sum(self._busy.get(k, 0) + self._expected.get(k, 0)
                      for k, into in self.becomes.items() if into == kind)
        # a parked kernel is converted when a notebook takes it (take), not before: a step
        # expected may yet be taken over from the cache, and a conversion nobody takes would
        # cost the steps still running half a CPU-second
        coming += len(self._parked.get(kind, []))
        while not self._closed and len(ready) + coming < want:
            ready.append(self._starter.submit(_start, self.cwd, self.preload.get(kind, ())))

    def warm(self, kind: str) -> None:
        """Start one kernel of ``kind`` as soon as it costs only a fork (the factory has the
        kind's imports done), unless one is ready by then: the kind's first notebook that finds
        it takes it instead of waiting for a fork, or it is shut down with the pool. Between
        the builds of ``lkjip pantau`` that is at once; in a fresh run, once the factory has
        imported the kind's modules (in an edit's run, while the cleaning runs)."""
        modules, factory = self.preload.get(kind, ()), self._factory
        if factory is None or not modules:
            return
        if factory.has(modules):
            self._fork_ahead(kind, modules)
            return
        threading.Thread(target=lambda: factory.wait_for(modules) and self._fork_ahead(kind, modules),
                         name="lkjip-kernel-warm", daemon=True).start()

    def _fork_ahead(self, kind: str, modules) -> None:
        with self._lock:
            ready = self._ready.setdefault(kind, [])
            if not self._closed and not ready:
                ready.append(self._starter.submit(_start, self.cwd, modules))

    def take(self, kind: str):
        """A started kernel manager for one notebook of ``kind`` (started now if none is ready)."""
        with self._lock:
            self._expected[kind] = max(0, self._expected.get(kind, 0) - 1)
            self._busy[kind] = self._busy.get(kind, 0) + 1
            ready, parked = self._ready.setdefault(kind, []), self._parked.get(kind, [])
            if ready:
                future = ready.pop(0)
            elif parked and not self._closed:
                future = self._starter.submit(_convert, parked.pop(0), self.cwd, self.preload.get(kind, ()))
            else:
                future = None
            self._fill(kind)
        try:
            return _start(self.cwd, self.preload.get(kind, ())) if future is None else future.result()
        except BaseException:
            with self._lock:
                self._busy[kind] = max(0, self._busy.get(kind, 0) - 1)
            raise

    def skip(self, kind: str) -> None:
        """One notebook of ``kind`` that was expected will not run (its step was taken over from
        the cache): no kernel is kept or converted for it."""
        with self._lock:
            self._expected[kind] = max(0, self._expected.get(kind, 0) - 1)

    def release(self, km) -> None:
        """Shut a used kernel down in the background (not on the critical path)."""
        thread = threading.Thread(target=shut_down, args=(km,), name="lkjip-kernel-stop", daemon=True)
        with self._lock:
            self._stoppers.append(thread)
        thread.start()

    def give_back(self, kind: str, km) -> None:
        """A kernel that ran a notebook of ``kind`` without error: reset and kept for the next
        notebook of its kind (a reused kind, one still expected), else shut down in the background.
        It is listed as ready at once, so a step taking it meanwhile waits for the reset only."""
        with self._lock:
            self._busy[kind] = max(0, self._busy.get(kind, 0) - 1)
            keep = kind in self.reused and not self._closed and self._expected.get(kind, 0) > 0
            if keep:
                future: Future = Future()
                self._ready.setdefault(kind, []).insert(0, future)
            elif kind in self.becomes and not self._closed:
                # kept for the kind it becomes; converted when a notebook of that kind takes it
                self._parked.setdefault(self.becomes[kind], []).append(km)
                return
        if not keep:
            self.release(km)
            return
        if not future.set_running_or_notify_cancel():  # the pool was closed meanwhile
            self.release(km)
            return
        if _reset(km):
            future.set_result(km)
            return
        self.release(km)
        try:
            future.set_result(_start(self.cwd, self.preload.get(kind, ())))
        except BaseException as exc:  # reported to the step that takes it
            future.set_exception(exc)

    def execute(self, kind: str, notebook: Path, output: Path, parameters: dict, cwd: Path) -> None:
        import papermill

        km = self.take(kind)
        clients = _tracked_clients(km)
        try:
            # no cwd= here: papermill would chdir the whole process (shared by the parallel steps);
            # the kernel already runs in the pool's folder
            papermill.execute_notebook(str(notebook), str(output), parameters=parameters,
                                       kernel_name="python3", progress_bar=False,
                                       log_output=False, request_save_on_cell_execute=False,
                                       km=km)
        except BaseException:
            _stop_clients(km, clients)
            with self._lock:
                self._busy[kind] = max(0, self._busy.get(kind, 0) - 1)
            self.release(km)  # its namespace holds the failure: never reused
            raise
        _stop_clients(km, clients)
        self.give_back(kind, km)

    def close(self) -> None:
        """Stop every kernel not handed out, and wait for all shutdowns."""
        with self._lock:
            self._closed = True
            pending = [f for futures in self._ready.values() for f in futures]
            self._ready.clear()
            parked = [km for kms in self._parked.values() for km in kms]
            self._parked.clear()
        for km in parked:
            self.release(km)
        for future in pending:
            if not future.cancel():
                try:
                    self.release(future.result())
                except Exception:  # a kernel that failed to start has nothing to stop
                    pass
        self._starter.shutdown(wait=True)
        for thread in list(self._stoppers):
            thread.join(timeout=30)
        kernel_factory.release(self._factory)
        self._factory = None
