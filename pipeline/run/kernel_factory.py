"""A run's kernels forked from one process that imported their libraries once (Linux).

Every kernel a run starts is an interpreter that imports ipykernel, pandas and the step's
modules (Great Expectations for the validation, matplotlib for the analyses) before its first
cell: over a CPU-second each, on a 2-core machine where the other steps run meanwhile. The
factory is one process per run, started with the kernels' own environment and working
folder. It imports ipykernel, then each kind of step's modules as the run asks for a kernel of
that kind (and, while nothing is asked, the modules of the kinds it was told will follow), and
answers each request with a fork of itself that becomes the kernel (ipykernel's
``launch_new_instance`` with the command line jupyter_client made). A fork shares the
imported modules with the factory instead of importing them again.

The run's side is a jupyter_client provisioner (:func:`provisioner`) that launches the kernel
command through the factory instead of ``subprocess``, and falls back to ``subprocess`` when the
kernel's environment or folder is not the factory's (another project's run in the same process,
a test with other variables), the factory has ended, or none can run here (not Linux,
``LKJIP_KERNEL_FORK=0``).
A forked kernel is its own session (jupyter_client signals its process group, as it does a
spawned kernel's), exits when the factory does (ipykernel's parent poller, as a spawned kernel
exits with the run), and the factory exits when the run closes it or ends. The forked kernel
runs the same code under the same environment (``PYTHONHASHSEED`` included: the factory is
started with it), so a run's outputs are the same bytes either way.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from concurrent.futures import Future

from pipeline.run import kernel_launcher, quickexit

MODULE = "pipeline.run.kernel_factory"
# Set to 0 to spawn every kernel (a fresh interpreter), e.g. to compare both ways in the bench.
ENVIRONMENT = "LKJIP_KERNEL_FORK"
# Variables that differ from one kernel to the next of the same run, not compared (the fork gets
# its own values all the same): those jupyter_client sets for each kernel it launches (the
# parent's pid, the session's name), and the test phase pytest names in its process.
LAUNCH_VARIABLES = ("JPY_", "PYTHONEXECUTABLE", "PYTEST_CURRENT_TEST")
WAIT = 120  # seconds a kernel may wait for the factory's imports (kernels.START_TIMEOUT)


def available() -> bool:
    """Whether kernels may be forked here: Linux (fork without a GUI toolkit's threads; macOS's
    system libraries are not safe to fork once loaded), not turned off."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and os.environ.get(ENVIRONMENT, "1") != "0"


def _inherited(env: dict) -> tuple:
    return tuple(sorted((k, v) for k, v in env.items() if not k.startswith(LAUNCH_VARIABLES)))


# --------------------------------------------------------------------------- the run's side


class Factory:
    """The run's handle on one factory process: asks it for kernels and for imports ahead."""

    def __init__(self, cwd: str, env: dict):
        import subprocess

        self.cwd, self.key = str(cwd), _inherited(env)
        self.process = subprocess.Popen([sys.executable, *kernel_launcher.command(MODULE)],
                                        stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, cwd=self.cwd, env=dict(env),
                                        start_new_session=True)
        self._write_lock = threading.Lock()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)  # an import done, or the factory ended
        self._waiting: dict[int, Future] = {}
        self._imported: set[tuple] = set()
        self._next = 0
        self._ended = False
        self.users = 0
        threading.Thread(target=self._read, name="lkjip-kernel-factory", daemon=True).start()

    def _send(self, message: dict) -> bool:
        """Whether the message reached the factory (False once it has ended)."""
        try:
            with self._write_lock:
                self.process.stdin.write((json.dumps(message) + "\n").encode())
                self.process.stdin.flush()
        except (OSError, ValueError):  # a closed pipe (the factory ended), a closed file (closed)
            return False
        return True

    def _read(self) -> None:
        for line in self.process.stdout:
            try:
                message = json.loads(line)
            except ValueError:  # not an answer (the factory writes nothing else there)
                continue
            if "imported" in message:
                with self._lock:
                    self._imported.add(tuple(message["imported"]))
                    self._changed.notify_all()
                continue
            with self._lock:
                future = self._waiting.pop(message["id"])
            if "pid" in message:
                future.set_result(message["pid"])
            else:
                future.set_exception(RuntimeError(message.get("error", "")))
        with self._lock:  # the factory ended: nobody gets a kernel from it any more
            self._ended = True
            self._changed.notify_all()
            waiting, self._waiting = list(self._waiting.values()), {}
        for future in waiting:
            future.set_exception(RuntimeError("kernel factory ended"))

    def ahead(self, imports) -> None:
        """(module list, the code importing it) pairs to run while no kernel is asked for, in order."""
        self._send({"ahead": [[list(modules), code] for modules, code in imports]})

    def has(self, modules) -> bool:
        """Whether a fork would have ``modules`` imported already (no wait for them)."""
        with self._lock:
            return not modules or tuple(modules) in self._imported

    def wait_for(self, modules, timeout: float = WAIT) -> bool:
        """Wait until a fork would have ``modules`` imported already; False when the factory
        ended or ``timeout`` seconds passed first."""
        with self._changed:
            return self._changed.wait_for(lambda: self._ended or not modules or tuple(modules) in self._imported,
                                          timeout) and not self._ended

    def fork(self, argv: list[str], cwd: str, env: dict, modules, code: str) -> int:
        """A new kernel: the pid of the factory's fork running ipykernel with ``argv``, once
        ``code`` (importing ``modules``) ran in the factory. Raises when the factory ended or did
        not answer within ``WAIT`` seconds."""
        future: Future = Future()
        with self._lock:
            if self._ended:
                raise RuntimeError("kernel factory ended")
            self._next += 1
            number = self._next
            self._waiting[number] = future
        if not self._send({"id": number, "argv": list(argv), "cwd": str(cwd), "env": dict(env),
                           "modules": list(modules), "code": code}):
            with self._lock:
                self._waiting.pop(number, None)
            raise RuntimeError("kernel factory ended")
        return future.result(timeout=WAIT)

    def close(self) -> None:
        try:
            self.process.stdin.close()  # the factory exits at the end of its input
        except OSError:
            pass
        try:
            self.process.wait(timeout=10)
        except Exception:  # noqa: BLE001 (a factory that does not end is killed)
            self.process.kill()


_factories: dict[tuple, Factory] = {}
_factories_lock = threading.Lock()


def acquire(cwd, env: dict, imports) -> Factory | None:
    """The factory of kernels in ``cwd`` with ``env`` (started now if there is none), told to
    run ``imports`` ahead ((module list, code) pairs: what a spawned kernel of each kind of step
    runs first, pipeline.run.kernels.preload_code); None where kernels are not forked. Each
    acquire is matched by a :func:`release`."""
    if not available():
        return None
    key = (str(cwd), _inherited(env))
    with _factories_lock:
        factory = _factories.get(key)
        if factory is None or factory.process.poll() is not None:
            try:
                factory = _factories[key] = Factory(str(cwd), env)
            except OSError:  # no such folder (yet), no interpreter: its kernels are spawned
                return None
        factory.users += 1
    factory.ahead(imports)
    return factory


def release(factory: Factory | None) -> None:
    """One user less; the factory is closed when it has none (its kernels are shut down first)."""
    if factory is None:
        return
    with _factories_lock:
        factory.users -= 1
        if factory.users > 0:
            return
        if _factories.get((factory.cwd, factory.key)) is factory:
            del _factories[(factory.cwd, factory.key)]
    factory.close()


def serving(cwd, env: dict) -> Factory | None:
    """The running factory of kernels in ``cwd`` with ``env``, if any."""
    with _factories_lock:
        factory = _factories.get((str(cwd), _inherited(env)))
    return factory if factory is not None and factory.process.poll() is None else None


class ForkedKernel:
    """What jupyter_client's local provisioner needs of a ``subprocess.Popen``, for a kernel that
    is the factory's child, not the run's: whether it still runs, waiting for it, signals."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None
        try:
            self._fd = os.pidfd_open(pid)
        except (AttributeError, OSError):  # Linux < 5.3: its pid is asked instead
            self._fd = None

    def poll(self):
        if self.returncode is not None:
            return self.returncode
        if self._fd is not None:
            import select

            watch = select.poll()  # not select(): a descriptor above 1024 is fine
            watch.register(self._fd, select.POLLIN)
            if watch.poll(0):
                self._ended()
        else:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self._ended()
        return self.returncode

    def _ended(self) -> None:
        self.returncode = 0  # its exit status goes to the factory, which does not keep it
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def wait(self, timeout=None):
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                import subprocess

                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.01)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        import signal

        self.send_signal(signal.SIGTERM)


def provisioner(km, modules, code: str):
    """A provisioner for ``km`` (a KernelManager not started) that forks its kernel from the
    factory serving its folder and environment when there is one, once ``code`` imported
    ``modules`` there."""
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    class ForkingProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd, **kwargs):
            env, cwd = kwargs.get("env") or dict(os.environ), str(kwargs.get("cwd") or os.getcwd())
            factory = serving(cwd, env)
            argv = kernel_launcher.arguments(cmd)
            if factory is None or argv is None:
                return await super().launch_kernel(cmd, **kwargs)
            try:
                self.process = ForkedKernel(factory.fork(argv, cwd, env, modules, code))
            except Exception:  # noqa: BLE001 (a factory that ended or hangs: the kernel is spawned)
                return await super().launch_kernel(cmd, **kwargs)
            self.pid = self.pgid = self.process.pid  # the fork made itself a session (its group)
            self.cwd = cwd
            return self.connection_info

    return ForkingProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)


# --------------------------------------------------------------------------- the factory itself


class _KernelShell:
    """What a library sees of the kernel's shell as the factory imports it (see :func:`serve`)."""

    kernel = True
    config: dict = {"IPKernelApp": {}}


class _Lines:
    """Request lines on a file descriptor, with a look at whether one is waiting."""

    def __init__(self, fd: int):
        self.fd, self.buffer = fd, b""

    def waiting(self) -> bool:
        import select

        return b"\n" in self.buffer or bool(select.select([self.fd], [], [], 0)[0])

    def next(self) -> dict | None:
        while b"\n" not in self.buffer:
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return json.loads(line)


def kill_children(children) -> None:
    """Kill and reap the factory's kernels ``children`` (pids) and what they started."""
    import signal

    for pid in sorted(children):
        # its group (what the kernel started), and itself: a fork that has not yet made its
        # own session (the run closed the factory right behind a request) has no group yet
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(pid, 0)
        except OSError:
            pass


def _become_kernel(request: dict, factory_pid: int, answers: int) -> None:
    """In the fork: the kernel the request asked for, as ipykernel's launcher would start it."""
    import signal

    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.close(answers)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)  # the requests' pipe
        os.dup2(devnull, 1)  # as a spawned kernel's, what it writes there goes out on IOPub
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(factory_pid)
        sys.argv = [sys.argv[0], *request["argv"]]
        import builtins

        from ipykernel.kernelapp import IPKernelApp

        if builtins.__dict__.get("get_ipython") is _KernelShell:
            del builtins.get_ipython

        # Modules imported lazily (pipeline.run.lazyimport) and not used yet stay out of sight
        # while the kernel is made: it looks at every module's attributes, which would run them
        # (scipy.stats, altair, jsonschema: over a second). A spawned kernel is made before its
        # imports and never meets them.
        lazy = {name: module for name, module in sys.modules.items() if type(module).__name__ == "_LazyModule"}
        for name in lazy:
            del sys.modules[name]
        # Its parent poller watches the factory, and ends the kernel if the factory ends first (a
        # spawned kernel's watches the run). Given here: ipykernel read JPY_PARENT_PID for its
        # default when the factory imported it.
        app = IPKernelApp.instance(parent_handle=factory_pid)
        app.initialize(request["argv"])
        for name, module in lazy.items():
            sys.modules.setdefault(name, module)
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 (reported on the run's standard error, as a spawned kernel's)
        import traceback

        traceback.print_exc()
    finally:
        # never back into the factory's loop: out as a spawned kernel ends (its exit handlers)
        quickexit.leave(code)


def serve() -> None:
    """The factory's loop: requests on standard input, answers on standard output."""
    import signal

    children: set[int] = set()

    def reap(*_) -> None:
        # waited for, not ignored: a kernel's CPU time counts in the factory's, and so in the run's
        while True:
            try:
                pid, _status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)

    signal.signal(signal.SIGCHLD, reap)
    # answers on a descriptor of their own: what an imported module prints goes to standard error
    requests, answers = _Lines(sys.stdin.fileno()), os.dup(sys.stdout.fileno())
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    import builtins

    kernel_launcher.prepare()

    import ipykernel.kernelapp  # noqa: F401

    # A spawned kernel imports its modules in a cell, where ``get_ipython()`` is its shell; some
    # libraries decide at import by it (pandas: at most 20 columns in a DataFrame's text, not the
    # terminal's width). The factory's imports see a stand-in with a kernel, so they decide the
    # same; the fork removes it before its own shell exists.
    builtins.get_ipython = _KernelShell

    done: set[tuple] = set()
    ahead: list[tuple] = []  # to import while nothing is asked for
    order: list[tuple] = []  # every list told ahead, in order: the kind of step that runs first
    pending: list[dict] = []

    def answer(message: dict) -> None:
        os.write(answers, (json.dumps(message) + "\n").encode())

    code: dict[tuple, str] = {}

    def load(modules) -> None:
        key = tuple(modules)
        if key in done:
            return
        try:  # an import error is left for the notebook to report, in its own cell
            exec(code.get(key, ""), {"__name__": "__lkjip_factory__"})  # noqa: S102
        except Exception:  # noqa: BLE001
            pass
        done.add(key)
        answer({"imported": list(key)})

    def take(request: dict) -> None:
        if "ahead" in request:
            for modules, text in request["ahead"]:
                key = tuple(modules)
                code.setdefault(key, text)
                if key not in order:
                    order.append(key)
                if key not in done and key not in ahead:
                    ahead.append(key)
        else:
            code.setdefault(tuple(request["modules"]), request["code"])
            pending.append(request)

    def rank(request: dict) -> tuple:
        # a kernel whose modules are imported is forked at once; of the others, the kind that
        # runs first (the cleaning's, not the validation's waiting on Great Expectations)
        key = tuple(request["modules"])
        return key not in done, order.index(key) if key in order else len(order)

    while True:
        while requests.waiting() or not (pending or ahead):
            request = requests.next()
            if request is None:  # closed by the run: a kernel still left was not shut down
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                kill_children(children)
                quickexit.leave(0)  # the factory only imported: nothing to take down
            take(request)
        if not pending:
            load(ahead.pop(0))
            continue
        request = min(pending, key=rank)
        pending.remove(request)
        load(request["modules"])
        if tuple(request["modules"]) in ahead:
            ahead.remove(tuple(request["modules"]))
        try:
            pid = os.fork()
        except OSError as exc:
            answer({"id": request["id"], "error": str(exc)})
            continue
        if pid == 0:
            _become_kernel(request, os.getppid(), answers)
        children.add(pid)
        answer({"id": request["id"], "pid": pid})


if __name__ == "__main__":
    serve()
