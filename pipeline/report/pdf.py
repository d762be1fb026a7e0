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

import logging
import os
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
