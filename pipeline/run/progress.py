"""What a run prints: one line per finished step with its time, then the report line.

Quiet (``--quiet``, or stdout is not a terminal): only warnings, errors and the final line.
"""

from __future__ import annotations

import sys
import threading
import time

from rich.console import Console
from rich.markup import escape

from pipeline.messages import step_in_words


class Progress:
    def __init__(self, quiet: bool | None = None, file=None):
        file = file or sys.stdout
        if quiet is None:
            quiet = False
        self.verbose = not quiet and file.isatty()
        self.console = Console(file=file, highlight=False, soft_wrap=True, emoji=False)
        self._lock = threading.Lock()

    def _print(self, text: str) -> None:
        with self._lock:
            self.console.print(text)

    # a step is named in the analyst's words (pipeline.messages.step_in_words), padded so that
    # the times line up: "✓ 2024 pembersihan data (01_pembersihan)        2,0 detik"
    def step_done(self, year: int, step: str, seconds: float) -> None:
        if self.verbose:
            self._print(f"[green]✓[/] {year} {_named(step)} {in_seconds(seconds):>6} detik")

    def step_cached(self, year: int, step: str) -> None:
        if self.verbose:
            self._print(f"[dim]·[/] {year} {_named(step)}   tidak berubah (dari proses sebelumnya)")

    def step_failed(self, year: int, step: str, seconds: float) -> None:
        self._print(f"[red]✗[/] {year} {_named(step)} {in_seconds(seconds):>6} detik")

    def info(self, text: str) -> None:
        if self.verbose:
            self._print(escape(text))

    def warn(self, text: str) -> None:
        self._print(f"[yellow]{escape(text)}[/]")

    def line(self, text: str) -> None:
        """Always printed (the final report line)."""
        self._print(escape(text))


def _named(step: str) -> str:
    return f"{escape(step_in_words(step)):<{STEP_WIDTH}}"


STEP_WIDTH = 44


def in_seconds(seconds: float) -> str:
    """Seconds as the run's lines print them, with the Indonesian decimal comma: "12,3" (not
    pipeline.inputs.idnum: its babel import would slow the "tidak ada perubahan" path)."""
    return f"{seconds:.1f}".replace(".", ",")


def seconds_since(t0: float) -> str:
    """Seconds since ``t0`` (time.monotonic): :func:`in_seconds`."""
    return in_seconds(time.monotonic() - t0)
