"""What a run prints: one line per finished step with its time, then the report line.

Quiet (``--quiet``, or stdout is not a terminal): only warnings, errors and the final line.
"""

from __future__ import annotations

import sys
import threading
import time

from rich.console import Console
from rich.markup import escape


class Progress:
    def __init__(self, quiet: bool | None = None, file=None):
        file = file or sys.stdout
        if quiet is None:
            quiet = False
        self.verbose = not quiet and file.isatty()
        self.console = Console(file=file, highlight=False, soft_wrap=True)
        self._lock = threading.Lock()

    def _print(self, text: str) -> None:
        with self._lock:
            self.console.print(text)

    def step_done(self, year: int, step: str, seconds: float) -> None:
        if self.verbose:
            self._print(f"[green]✓[/] {year} {escape(step):<14} {in_seconds(seconds):>6} detik")

    def step_cached(self, year: int, step: str) -> None:
        if self.verbose:
            self._print(f"[dim]·[/] {year} {escape(step):<14}   cache (tidak berubah)")

    def step_failed(self, year: int, step: str, seconds: float) -> None:
        self._print(f"[red]✗[/] {year} {escape(step):<14} {in_seconds(seconds):>6} detik")

    def info(self, text: str) -> None:
        if self.verbose:
            self._print(escape(text))

    def warn(self, text: str) -> None:
        self._print(f"[yellow]{escape(text)}[/]")

    def line(self, text: str) -> None:
        """Always printed (the final report line)."""
        self._print(escape(text))


def in_seconds(seconds: float) -> str:
    """Seconds as the run's lines print them, with the Indonesian decimal comma: "12,3" (not
    pipeline.inputs.idnum: its babel import would slow the "tidak ada perubahan" path)."""
    return f"{seconds:.1f}".replace(".", ",")


def seconds_since(t0: float) -> str:
    """Seconds since ``t0`` (time.monotonic): :func:`in_seconds`."""
    return in_seconds(time.monotonic() - t0)
