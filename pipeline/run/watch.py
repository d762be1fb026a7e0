"""``lkjip pantau``: one year's report rebuilt each time its inputs change, by one process kept warm.

Each ``lkjip run`` pays, before its first step, for an interpreter and its imports (papermill,
pandas, the assembly's jinja2, openpyxl and babel) and for a kernel factory importing ipykernel,
pandas, Great Expectations and matplotlib (pipeline.run.kernel_factory): about a second of a
three-second edit on a 2-core machine. Watching, the process and its factory stay between
builds, so an edit costs the steps it reruns, each kernel a fork.

Every build is the run ``lkjip run --year Y`` does (:func:`pipeline.run.cli.cmd_run`): the same
input checks (a raw file that no longer matches data/raw/manifest.yml is refused as always;
``lkjip manifest --update`` then starts the build), the same choice of steps to rerun
(pipeline.run.cache), the same staging and publication. Only what the process keeps differs:
its imported modules and the factory's.

What is watched: the project's data/raw/ (every year, common/, manifest.yml), expectations/,
and its own notebooks and templates where it has them. A change of the pipeline's own code
(the package's ``pipeline/`` folder) restarts the command instead: the modules loaded in this
process and forked from the factory would be the old ones. Hidden files, the lock files editors
keep beside an open file (LibreOffice's ``.~lock.x#``, Excel's ``~$x.xlsx``) and the temporary
copies and backups they write while saving (``*.tmp``, ``*~``) are not inputs.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from pathlib import Path

from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.messages import WATCH
from pipeline.run import kernel_launcher

POLL = 0.1  # seconds between two looks at the watched files' stats
CODE = PACKAGE_ROOT / "pipeline"


# what editors write beside a file while saving it: lock files (LibreOffice ".~lock.x#"), temporary
# copies renamed over it ("lu123.tmp"), backups ("x~"); and bytecode
TRANSIENT = ("#", ".tmp", "~", ".pyc")


def _is_input(name: str) -> bool:
    return not name.startswith((".", "~$")) and name != "__pycache__"


def snapshot(folders) -> dict[str, tuple[int, int, int]]:
    """{path: (inode, size, modification time)} of every file below ``folders`` (a stat each:
    a large register costs no read). A folder that does not exist holds nothing."""
    found: dict[str, tuple[int, int, int]] = {}
    for folder in folders:
        for top, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if _is_input(d))
            for name in files:
                if not _is_input(name) or name.endswith(TRANSIENT):
                    continue
                path = os.path.join(top, name)
                try:
                    stat = os.stat(path)
                except OSError:  # removed while looked at: the next look says so
                    continue
                found[path] = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return found


def changed(before: dict, after: dict) -> list[str]:
    """The paths added, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))


def input_folders(paths: Paths) -> list[Path]:
    """The folders whose files a build reads (distinct, the package's code not among them)."""
    folders = [paths.raw, paths.expectations, paths.notebooks, paths.templates, paths.section_templates]
    return [folder for i, folder in enumerate(folders)
            if folder not in folders[:i] and not Path(folder).resolve().is_relative_to(CODE)]


def named(paths: Paths, files: list[str], most: int = 3) -> str:
    """The changed files as the analyst knows them: relative to the project, at most ``most``."""
    shown = []
    for path in files[:most]:
        try:
            shown.append(paths.rel(Path(path)))
        except ValueError:
            shown.append(Path(path).name)
    more = WATCH["more"].format(n=len(files) - most) if len(files) > most else ""
    return ", ".join(shown) + more


def watch(paths: Paths, year: int, build: Callable[[], int], restart: Callable[[], None],
          tidy: Callable[[], None] = lambda: None, poll: float = POLL, rounds: int | None = None) -> int:
    """Build ``year`` now and after every change of its inputs until Ctrl-C (0), or ``rounds``
    builds (tests). ``build`` runs one build and reports it; ``tidy`` runs after each, where a
    Ctrl-C only ends the watch (a KeyboardInterrupt raised in a finaliser is dropped); ``restart``
    replaces this process with a fresh one of the same command (the pipeline's code changed)."""
    folders = input_folders(paths)
    code = snapshot([CODE])
    shown = [f"{paths.rel(Path(f))}/" for f in folders if Path(f).is_dir() and Path(f).resolve().is_relative_to(paths.root.resolve())]
    print(WATCH["start"].format(year=year, folders=", ".join(shown)), flush=True)
    built, stop = 0, []
    with _ctrl_c_stops(stop) as building:
        while True:
            inputs = snapshot(folders)
            with building():  # Ctrl-C stops the build as it stops `lkjip run` (exit 130)
                build()
            tidy()
            built += 1
            if rounds is not None and built >= rounds:
                return 0
            if not stop:
                print(WATCH["waiting"], flush=True)
            while not stop:
                time.sleep(poll)
                if stop:
                    break
                if changed(code, snapshot([CODE])):
                    print(WATCH["code_changed"], flush=True)
                    restart()
                    return 0  # only where restart() returns (tests)
                edited = changed(inputs, snapshot(folders))
                if edited:
                    print(WATCH["changed"].format(files=named(paths, edited), year=year), flush=True)
                    break
            if stop:
                print(WATCH["stopped"], flush=True)
                return 0


@contextmanager
def _ctrl_c_stops(stop: list):
    """Between builds Ctrl-C appends to ``stop`` instead of raising KeyboardInterrupt: raised while
    the interpreter runs a finaliser (a weak reference's callback, the collection after a build),
    the exception is printed and dropped, and the watch went on. Yields what restores Python's
    own handler for the duration of a build. Nothing changes where SIGINT is ignored (started in
    the background) or outside the main thread."""
    handler = signal.getsignal(signal.SIGINT)
    if handler is signal.SIG_IGN or threading.current_thread() is not threading.main_thread():
        yield nullcontext
        return

    @contextmanager
    def building():
        signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, lambda *_: stop.append(True))

    signal.signal(signal.SIGINT, lambda *_: stop.append(True))
    try:
        yield building
    finally:
        signal.signal(signal.SIGINT, handler)


def restart_command(argv: list[str], before: Callable[[], None]) -> Callable[[], None]:
    """What replaces this process with ``lkjip <argv>`` run by the package whose code changed
    (same folder, same variables; not ``python -m``, which finds a pipeline/ the project folder
    holds first), once ``before`` let go of what the process holds (its kernel factory)."""
    def restart() -> None:
        before()
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(sys.executable, [sys.executable, *kernel_launcher.command("pipeline"), *argv])

    return restart


def interruptible(*argv: str) -> list[str]:
    """The command line of ``lkjip <argv>``, as :func:`restart_command` starts it, with Ctrl-C
    given its meaning back first, for a caller (the tests, the bench) that starts ``lkjip pantau``
    in the background: started without job control it would inherit SIGINT ignored and keep it.
    Restored in Python, not in a ``preexec_fn``, which is not safe in a process with threads."""
    first = "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    return [sys.executable, *kernel_launcher.command("pipeline", first=first), *argv]
