"""Ending a process of a run at once, once its work is done.

An interpreter that ends the usual way takes down every module it imported, one object at a
time. For the processes of a run (the ``lkjip`` command, the kernel factory and the kernels
forked from it) that is pandas, Great Expectations, matplotlib, nbconvert and the rest: 0,1–0,2 s
at the end of each ``lkjip run`` that nobody waits for usefully. :func:`leave` does what an
ending interpreter does that matters here (waits for the threads that are not daemons, runs the
exit handlers, flushes the standard streams) and then ends the process at once.

Files are written with ``with`` blocks or replaced atomically, so none waits for the interpreter's
last collection to be closed.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    """End this process with exit status ``code``, as an interpreter ends but without taking
    its modules down. Called from the main thread, as the interpreter's own end is."""
    # What the interpreter's end runs first, in this order: the threading module's exit hooks
    # (concurrent.futures wakes and joins its idle workers), the threads that are not daemons
    # (e.g. the browser being closed), then the exit handlers.
    threading._shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 (a closed or broken stream: nothing more to say there)
            pass
    os._exit(code)
