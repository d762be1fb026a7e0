"""Executed notebooks as offline HTML: notebooks/<name>.html next to each notebooks/<name>.ipynb.

A reviewer opens them without Jupyter. nbconvert's lab template is used through the
``lkjip`` template (templates/nbconvert/lkjip) that drops its CDN scripts; styles are inlined
by nbconvert and charts are already in the outputs (SVG/PNG), so the page loads nothing.

nbconvert's ``HTMLExporter`` parses the finished page again with BeautifulSoup (Python's
``html.parser``) only to add three accessibility attributes: ``alt`` on images without one and
``tabindex="0"`` on every cell input and output. That second pass was half of the export's
time, on the critical path at the end of a run. :func:`accessible` adds the same attributes to
the same start tags directly; the page's document tree is the one nbconvert builds
(tests/test_notebook_html.py compares them element by element).
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path

from pipeline.config import TEMPLATES

TEMPLATE = "lkjip"

# nbconvert's texts and selectors (nbconvert.exporters.html.HTMLExporter.from_notebook_node).
MISSING_ALT = "No description has been provided for this image"
FOCUSABLE_DIV_CLASSES = ("jp-Cell-inputWrapper", "jp-OutputArea-output")

# A start tag of a div or an img. Text and attribute values in the page are escaped (``<`` and
# ``>`` never appear raw inside them), so a start tag ends at the first ``>``.
_START_TAG = re.compile(r"<(div|img)(?=[\s/>])([^<>]*)>", re.IGNORECASE)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
_HAS_ALT = re.compile(r"\salt(?=[\s=/]|$)", re.IGNORECASE)
_HAS_TABINDEX = re.compile(r"\stabindex(?=[\s=/]|$)", re.IGNORECASE)


def _with_attributes(match: re.Match) -> str:
    name, attributes = match.group(1), match.group(2)
    end = "/" if attributes.endswith("/") else ""
    attributes = attributes[:-1] if end else attributes
    if name.lower() == "img":
        if not _HAS_ALT.search(attributes):
            attributes += f' alt="{MISSING_ALT}"'
    else:
        found = _CLASS.search(attributes)
        classes = next((g for g in found.groups() if g is not None), "").split() if found else []
        if any(c in classes for c in FOCUSABLE_DIV_CLASSES) and not _HAS_TABINDEX.search(attributes):
            attributes += ' tabindex="0"'
    return f"<{name}{attributes}{end}>"


def accessible(html: str) -> str:
    """``html`` with nbconvert's accessibility attributes: ``alt`` on every img lacking one,
    ``tabindex="0"`` on every div of class jp-Cell-inputWrapper or jp-OutputArea-output."""
    return _START_TAG.sub(_with_attributes, html)


def _exporter():
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Highlight(Highlight2HTML):
        """Highlight2HTML remembering what it highlighted: the sasaran notebooks are one
        notebook run once per sasaran, so most code cells of a run are highlighted already
        (pygments is most of a notebook page's time)."""

        def __call__(self, source, language=None, metadata=None):
            key = (self.pygments_lexer, language, source,
                   json.dumps(metadata, sort_keys=True, default=str) if metadata else "")
            if key not in _highlighted:
                _highlighted[key] = super().__call__(source, language, metadata)
            return _highlighted[key]

    class Exporter(HTMLExporter):
        """HTMLExporter without its BeautifulSoup pass (see the module docstring)."""

        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter.from_notebook_node up to the page, then accessible() for its last pass
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return accessible(html), resources

    # optimistic_validation: the notebook is validated once after the preprocessors, not after
    # each of them (the executed notebooks are nbformat's own output)
    return Exporter(template_name=TEMPLATE,
                    extra_template_basedirs=[str(TEMPLATES / "nbconvert")],
                    embed_images=True, language_code="id", optimistic_validation=True)


# One exporter per process, used by one caller at a time (it registers per-notebook filters):
# importing nbconvert and compiling its templates costs more than rendering a run's notebooks.
_lock = threading.Lock()
_shared = []
# (lexer, language, source, cell metadata) -> highlighted HTML; used with _lock held
_highlighted: dict[tuple, str] = {}


def _prepared():
    """The process's exporter (call with ``_lock`` held); its templates are compiled by its
    first render and kept."""
    if not _shared:
        _shared.append(_exporter())
    return _shared[0]


def render_notebooks(notebook_dir: Path) -> list[Path]:
    """Render every ``*.ipynb`` in ``notebook_dir``; return the HTML files, sorted by name."""
    notebook_dir = Path(notebook_dir)
    if not notebook_dir.is_dir():
        return []
    with _lock:
        return _render(_prepared(), notebook_dir)


def _render(exporter, notebook_dir: Path) -> list[Path]:
    import nbformat

    written = []
    for source in sorted(notebook_dir.glob("*.ipynb")):
        notebook = nbformat.read(source, as_version=4)
        html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": source.stem}})
        target = source.with_suffix(".html")
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, target)
        written.append(target)
    return written
