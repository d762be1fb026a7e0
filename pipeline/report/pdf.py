"""LKjIP-<year>.pdf: the same HTML laid out on A4 pages by WeasyPrint (CSS paged media).

Everything the PDF needs is in the HTML's own stylesheet (``report.css``, ``@media print`` and
``@page``): page size and margins, the running header (agency and year, taken from the cover
with ``string-set``), the footer "Halaman n dari N", page numbers in the Daftar Isi / Tabel /
Grafik (``target-counter``), repeated table headers and short tables kept whole. Headings
become PDF bookmarks (WeasyPrint's default ``bookmark-level`` for h1-h6). Fonts are embedded
as subsets; the report names Liberation Serif/Sans (SIL OFL, Debian ``fonts-liberation2``,
installed by ``make system``).

WeasyPrint needs Pango at run time (Debian ``libpango-1.0-0``, ``libpangoft2-1.0-0``,
``libharfbuzz-subset0``); ``make system`` installs them where it runs as root.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.errors import LkjipError

SYSTEM_HINT = ("jalankan `make system` sebagai root (memasang Pango dan fon Liberation dari paket "
               "Debian), lalu ulangi")


def _weasyprint():
    try:
        import weasyprint
    except OSError as exc:  # the Python package is there, its system libraries are not
        raise LkjipError(f"PDF laporan tidak dapat dibuat: pustaka sistem WeasyPrint tidak ditemukan "
                         f"({exc}); {SYSTEM_HINT}.") from None
    except ImportError:
        raise LkjipError("PDF laporan tidak dapat dibuat: paket Python weasyprint tidak terpasang; "
                         "jalankan `make setup`, lalu ulangi.") from None
    return weasyprint


def write_pdf(html_path: Path, pdf_path: Path) -> int:
    """Lay out ``html_path`` on A4 pages and write ``pdf_path`` atomically; return the page count.

    Same HTML, same bytes: the PDF carries no creation date, and its identifier is derived from
    its content.
    """
    weasyprint = _weasyprint()
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    # WeasyPrint reports CSS it ignores (screen-only rules) as warnings; they are not errors here.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        document = weasyprint.HTML(filename=str(html_path), base_url=str(html_path.parent),
                                   encoding="utf-8").render()
        temporary = pdf_path.with_name(f".{pdf_path.name}.tmp")
        document.write_pdf(str(temporary))
    finally:
        logger.setLevel(level)
    os.replace(temporary, pdf_path)
    return len(document.pages)


class PdfJob:
    """:func:`write_pdf` in a process of its own, started before the HTML exists.

    The layout takes most of a report's assembly and runs in one thread; in its own process it
    uses another core while the assembly exports the notebooks and writes tables.xlsx, and its
    WeasyPrint import is done while the HTML is still being built.
    """

    def __init__(self) -> None:
        # stderr to a file: a pipe nobody reads until the end could fill up and stall the layout
        self._errors = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
        self._process = subprocess.Popen([sys.executable, "-m", "pipeline.report.pdf"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=self._errors, text=True,
                                         encoding="utf-8")

    def render(self, html_path: Path, pdf_path: Path) -> None:
        """Send the HTML to lay out (once); the PDF is written while the caller goes on."""
        try:
            self._process.stdin.write(json.dumps([str(html_path), str(pdf_path)]) + "\n")
            self._process.stdin.flush()
        except BrokenPipeError:  # the process already ended: pages() reports why
            pass

    def pages(self) -> int:
        """Wait for the PDF; its page count. LkjipError with the worker's message if it failed."""
        out, _ = self._process.communicate()
        self._errors.seek(0)
        err = self._errors.read()
        self._errors.close()
        if self._process.returncode != 0:
            lines = [line for line in err.strip().splitlines() if line.strip()]
            raise LkjipError(lines[-1] if lines else f"PDF laporan tidak dapat dibuat (kode {self._process.returncode}).")
        return int(out.strip().splitlines()[-1])

    def cancel(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        self._errors.close()


def _serve() -> int:
    """``python -m pipeline.report.pdf``: import WeasyPrint, then lay out the one HTML sent on stdin."""
    try:
        _weasyprint()
        problem = None
    except LkjipError as exc:
        problem = exc
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # cancelled before any HTML was sent
    try:
        if problem is not None:
            raise problem
        html_path, pdf_path = json.loads(line)
        print(write_pdf(Path(html_path), Path(pdf_path)), flush=True)
    except LkjipError as exc:
        print(str(exc).replace("\n", " "), file=sys.stderr)
        return 1
    except Exception as exc:  # WeasyPrint's own failure: say so in the run's words
        print(f"PDF laporan tidak dapat dibuat: {exc}".replace("\n", " "), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve())
