"""LKjIP-<year>.pdf: the same HTML printed on A4 pages by headless Chromium (DevTools protocol).

Everything the layout needs is in the HTML's own stylesheet (``report.css``, ``@media print`` and
``@page``): page size and margins, the footer "Halaman n dari N" (page margin boxes with
``counter(page)``/``counter(pages)``), repeated table headers and short tables kept whole.
Chromium has no ``string-set`` nor ``target-counter``, so the printed copy of the page is
adjusted in the browser before printing (:data:`PREPARE`; the published HTML is not changed):

- the running header (agency and year) is written into an ``@page`` rule from the cover;
- the cover title is no heading, so the bookmarks (``generateDocumentOutline``, built from the
  headings) start at the Daftar Isi;
- links to files beside the report (notebooks, Data Docs) become plain text: a PDF carries only
  in-document links (named destinations), never a path of the machine that printed it;
- the Daftar Isi / Tabel / Grafik get a fixed-width page-number column. The numbers are each
  anchor's page in the PDF's named destinations: of the report's previous print when there is
  one (a rebuild mostly keeps its pages), else of a first, invisible print (``visibility:
  hidden``: the same pages, nothing drawn). They are written into the column and the document
  is printed for real; the column's width does not depend on the numbers, so the pages do not
  move. The real print's destinations are checked against the numbers; where the layout moved
  since the previous print, the numbers are corrected and the report printed once more.

The page is opened for printing only (:func:`blank_page`): nothing of it is laid out
for the screen, which a PDF never shows; print media is untouched, so the pages are the same bytes.

Fonts are embedded as subsets; the report names Liberation Serif/Sans (SIL OFL, Debian
``fonts-liberation2``). Chromium comes from Debian's ``chromium`` package (``make system``).
:class:`PdfJob` starts the browser as it is made (in a run, once a worker has no step left:
pipeline.run.runner, so its start-up overlaps the last steps rather than the assembly), and
prints in a thread while the run publishes the report and writes tables.xlsx and the notebooks'
HTML; the PDF follows it (pipeline.report.assemble.Following).
"""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import threading
from pathlib import Path

from pipeline import tempfolders
from pipeline.errors import LkjipError
from pipeline.inputs.rawfile import write_atomic
from pipeline.messages import SYSTEM
from pipeline.report.browser import Chromium, Page, find_chromium

# How many real prints may be needed until the Daftar Isi's numbers match their pages (one,
# unless a number changed the layout after all).
MAX_PASSES = 3
PRINT_TIMEOUT = 300  # seconds for one printToPDF of a long report on a loaded machine
PRINT_OPTIONS = {"preferCSSPageSize": True, "printBackground": True}
# the HTML's private copy while it prints; a killed run's is swept by the next (pipeline.tempfolders)
COPY_PREFIX = "lkjip-cetak-"

# Run once in the page before printing; see the module docstring. Returns nothing.
PREPARE = r"""
(() => {
  const cover = document.querySelector('.cover');
  const css = (text) => JSON.stringify(text);
  const rules = [];
  if (cover) {
    rules.push(`@page { @top-left { content: ${css(cover.dataset.agency || '')}; }
                        @top-right { content: ${css('LKjIP Tahun ' + (cover.dataset.year || ''))}; } }
                @page :first { @top-left { content: none; } @top-right { content: none; } }`);
    for (const h of cover.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
      const p = document.createElement('p');
      p.className = h.className;
      p.append(...h.childNodes);
      h.replaceWith(p);
    }
  }
  for (const a of document.querySelectorAll('a[href]')) {
    if (!a.getAttribute('href').startsWith('#')) a.removeAttribute('href');
  }
  for (const a of document.querySelectorAll('a.toc-entry')) {
    const text = document.createElement('span');
    text.className = 'toc-text';
    text.append(...a.childNodes);
    const dots = document.createElement('span');
    dots.className = 'toc-dots';
    const page = document.createElement('span');
    page.className = 'toc-page';
    a.append(text, dots, page);
  }
  const style = document.createElement('style');
  style.textContent = rules.join('\n');
  document.head.append(style);
  const hide = document.createElement('style');
  hide.id = 'lkjip-layout-pass';
  hide.textContent = '@media print { body * { visibility: hidden !important; } }';
  document.head.append(hide);
})()
"""
SHOW = "document.getElementById('lkjip-layout-pass')?.remove()"
NUMBER = r"""
((pages) => {
  for (const a of document.querySelectorAll('a.toc-entry')) {
    const page = pages[decodeURIComponent(a.getAttribute('href').slice(1))];
    a.querySelector('.toc-page').textContent = page === undefined ? '' : String(page);
  }
})(%s)
"""
# Chromium stamps the print time into the document information and names the structure tree's
# elements after the browser's DOM node ids, which depend on what else the browser created.
_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
_NODE = re.compile(rb"\(node(\d{8})\)")


def _reproducible(data: bytes) -> bytes:
    """Same HTML, same bytes: the print dates become a fixed one of the same length and node ids
    are renumbered 0, 1, 2, ... in their own order (same width, so every offset stays valid and
    the structure tree's sorted id index stays sorted)."""
    def undated(match: re.Match) -> bytes:
        value = match.group(0)
        head = value[:value.index(b"(D:") + 3]
        return head + b"0" * (len(value) - len(head) - 1) + b")"

    ranks = {old: b"%08d" % rank for rank, old in enumerate(sorted(set(_NODE.findall(data))))}
    data = _NODE.sub(lambda m: b"(node" + ranks[m.group(1)] + b")", data)
    return _DATE.sub(undated, data)


def _anchor_pages(data: bytes) -> tuple[dict[str, int], int]:
    """{anchor: 1-based page} from the PDF's named destinations, and its page count."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)  # strict: no xref repair scan (10x faster)
    pages = {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
             for name, dest in reader.named_destinations.items()}
    return dict(sorted(pages.items())), len(reader.pages)


def _print(page, outline: bool, tagged: bool = True) -> bytes:
    reply = page.send("Page.printToPDF", {**PRINT_OPTIONS, "generateDocumentOutline": outline,
                                          "generateTaggedPDF": tagged}, timeout=PRINT_TIMEOUT)
    return base64.b64decode(reply["data"])


def previous_anchors(pdf_path: Path | None) -> dict[str, int] | None:
    """{anchor: page} of an earlier print of the same report (None if there is none readable)."""
    if pdf_path is None or not Path(pdf_path).is_file():
        return None
    try:
        return _anchor_pages(Path(pdf_path).read_bytes())[0] or None
    except Exception:  # damaged or foreign: the layout pass finds the numbers instead
        return None


def print_html(browser: Chromium, html_path: Path, anchors: dict[str, int] | None = None,
               page: Page | None = None) -> tuple[bytes, int]:
    """Print ``html_path`` in the running ``browser``: the PDF's bytes and its page count.

    ``anchors``: the pages of an earlier print of the report (:func:`previous_anchors`), used as
    the Daftar Isi's numbers instead of the invisible layout pass. The real print is checked as
    always: where the layout moved, the numbers are corrected and the report printed again.
    ``page``: an empty tab of ``browser`` made ahead (:func:`blank_page`), else one is made now.
    """
    html_path = Path(html_path)
    if not html_path.is_file():
        raise LkjipError(SYSTEM["pdf_no_html"].format(file=html_path.name))
    page = browser.load(page or blank_page(browser), html_path, settle=0)
    page.evaluate(PREPARE)
    if not anchors:
        # the invisible layout pass: only its named destinations are read, so no structure tree
        anchors, _ = _anchor_pages(_print(page, outline=False, tagged=False))
    page.evaluate(SHOW)
    for _ in range(MAX_PASSES):
        page.evaluate(NUMBER % json.dumps(anchors))
        data = _reproducible(_print(page, outline=True))
        printed, count = _anchor_pages(data)
        if printed == anchors:
            return data, count
        anchors = printed
    raise LkjipError(SYSTEM["pdf_toc_unstable"].format(passes=MAX_PASSES))


def blank_page(browser: Chromium) -> Page:
    """An empty tab to print a report in: printed only, so nothing is laid out for the screen."""
    return browser.new_page(screen=False)


def print_pdf(browser: Chromium, html_path: Path, pdf_path: Path,
              anchors: dict[str, int] | None = None, page: Page | None = None) -> int:
    """Print ``html_path`` (:func:`print_html`) to ``pdf_path``, atomically; the page count."""
    data, count = print_html(browser, html_path, anchors, page)
    write_atomic(Path(pdf_path), data)
    return count


def _start_browser() -> Chromium:
    if not find_chromium():
        raise LkjipError(SYSTEM["pdf_no_chromium"])
    try:
        return Chromium().__enter__()
    except (OSError, RuntimeError) as exc:
        raise LkjipError(SYSTEM["pdf_failed"].format(detail=str(exc).replace("\n", " "))) from None


def write_pdf(html_path: Path, pdf_path: Path) -> int:
    """Print ``html_path`` on A4 pages to ``pdf_path`` in a browser of its own; the page count."""
    job = PdfJob()
    job.render(html_path)
    return job.write(pdf_path)


class PdfJob:
    """One PDF printed by a Chromium started now, in a thread, while the caller goes on.

    ``render`` hands over the HTML once it exists (the job prints a copy of its own: the run
    publishes, moves, the HTML while its PDF is printed); ``started`` waits until the browser
    runs; ``write`` waits for the PDF and writes it where the caller says; ``cancel`` (always,
    e.g. in a ``finally``) closes the browser.
    """

    def __init__(self, previous: Path | None = None) -> None:
        """``previous``: the report's published PDF, whose page numbers are tried first."""
        self._previous = previous
        self._anchors: dict[str, int] | None = None
        self._browser: Chromium | None = None
        self._page: Page | None = None  # the browser's empty tab, made as it started
        self._start_error: BaseException | None = None  # the browser's, told by started()
        self._error: BaseException | None = None  # the print's, told by write()
        self._data: bytes | None = None
        self._pages: int | None = None
        self._copy: Path | None = None  # the folder of the HTML's private copy
        self._lock = threading.Lock()
        self._cancelled = False
        self._starting = threading.Thread(target=self._start, name="pdf-browser", daemon=True)
        self._starting.start()
        self._printing: threading.Thread | None = None

    def _read_previous(self) -> None:
        try:
            import pypdf  # noqa: F401  imported here, while the browser starts, not when the PDF waits
        except ImportError:  # the print itself says so
            return
        self._anchors = previous_anchors(self._previous)

    def _start(self) -> None:
        # the previous print's page numbers are read while the browser starts, not after it
        reading = threading.Thread(target=self._read_previous, name="pdf-previous", daemon=True)
        reading.start()
        try:
            browser = _start_browser()
        except BaseException as exc:  # reported by started() and write()
            reading.join()
            self._start_error = exc
            return
        try:
            # made while the browser still starts, when a tab is slow to make, not once the HTML
            # is there
            page = blank_page(browser)
        except Exception:  # noqa: BLE001 (made again for the print, which reports what fails)
            page = None
        reading.join()
        with self._lock:
            if self._cancelled:
                browser.__exit__(None, None, None)
            else:
                self._browser, self._page = browser, page

    def _run(self, html_path: Path) -> None:
        try:
            self._starting.join()
            if self._start_error is not None:
                return
            self._data, self._pages = print_html(self._browser, html_path, self._anchors, self._page)
        except LkjipError as exc:
            self._error = exc
        except Exception as exc:  # the browser's own failure: say so in the run's words
            self._error = LkjipError(SYSTEM["pdf_failed"].format(detail=str(exc).replace("\n", " ")))

    def render(self, html_path: Path) -> None:
        """Start printing ``html_path`` (once); the PDF is laid out while the caller goes on.
        The job prints a copy (the report is one self-contained file), so the caller may move or
        replace the file at once."""
        html_path = Path(html_path)
        if html_path.is_file():
            self._copy = Path(tempfolders.make(COPY_PREFIX))
            html_path = Path(shutil.copyfile(html_path, self._copy / html_path.name))
        self._printing = threading.Thread(target=self._run, args=(html_path,), name="pdf-print", daemon=True)
        self._printing.start()

    def started(self) -> None:
        """Wait until the browser runs. LkjipError if it could not start (no Chromium): the
        caller has published nothing yet."""
        self._starting.join()
        self._raise(self._start_error)

    def write(self, pdf_path: Path) -> int:
        """Wait for the PDF and write it to ``pdf_path`` (atomically); its page count.
        LkjipError saying what went wrong if it failed (nothing written)."""
        (self._printing or self._starting).join()
        # closed while the caller goes on (the browser takes tenths of a second to exit); not a
        # daemon thread: the process waits for it, so no browser or profile folder outlives it
        threading.Thread(target=self.cancel, name="pdf-close").start()
        self._raise(self._start_error)
        self._raise(self._error)
        write_atomic(Path(pdf_path), self._data)
        return self._pages

    @staticmethod
    def _raise(error: BaseException | None) -> None:
        if error is not None:
            if isinstance(error, LkjipError):
                raise error
            raise LkjipError(SYSTEM["pdf_failed"].format(detail=str(error)))

    def cancel(self) -> None:
        """Close the browser (waiting for a print under way to end first)."""
        with self._lock:
            self._cancelled = True
            browser, self._browser = self._browser, None
        if browser is not None:  # a print still under way ends with an error nobody waits for
            browser.__exit__(None, None, None)
        if self._copy is not None:
            shutil.rmtree(self._copy, ignore_errors=True)

    @property
    def running(self) -> bool:
        """Whether a browser process of this job is still alive."""
        browser = self._browser
        return browser is not None and browser.process.poll() is None
