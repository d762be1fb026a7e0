"""Temporary folders named after the process that made them, removed once it is gone.

A run's kernels keep their sockets (and connection files) in such a folder, its headless
Chromium its profile. The process removes them when it ends; a process killed with SIGKILL
removes nothing, so the first folder a process makes with a prefix sweeps the folders of that
prefix whose process no longer runs:

    <temporary directory>/<prefix><pid of the process that made it>-<random>
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path

_swept: set[str] = set()  # prefixes swept by this process
_lock = threading.Lock()


def make(prefix: str) -> str:
    """A new folder ``<prefix><pid>-<random>`` in the temporary directory."""
    with _lock:
        if prefix not in _swept:
            _swept.add(prefix)
            sweep(prefix)
    return tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-")


def sweep(prefix: str) -> None:
    """Remove the folders of ``prefix`` whose process no longer runs (not this process's, not
    a live one's, not another user's, not one without a pid in its name)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*-*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:  # another user's process: alive
            pass
