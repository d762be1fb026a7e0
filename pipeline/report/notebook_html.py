"""Executed notebooks as offline HTML: notebooks/<name>.html next to each notebooks/<name>.ipynb.

A reviewer opens them without Jupyter. nbconvert's lab template is used through the
``lkjip`` template (templates/nbconvert/lkjip) that drops its CDN scripts; styles are inlined
by nbconvert and charts are already in the outputs (SVG/PNG), so the page loads nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config import Paths

TEMPLATE = "lkjip"


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name=TEMPLATE,
                        extra_template_basedirs=[str(Paths.default().templates / "nbconvert")],
                        embed_images=True, language_code="id")


def render_notebooks(notebook_dir: Path) -> list[Path]:
    """Render every ``*.ipynb`` in ``notebook_dir``; return the HTML files, sorted by name."""
    import nbformat

    notebook_dir = Path(notebook_dir)
    if not notebook_dir.is_dir():
        return []
    exporter, written = _exporter(), []
    for source in sorted(notebook_dir.glob("*.ipynb")):
        notebook = nbformat.read(source, as_version=4)
        html, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": source.stem}})
        target = source.with_suffix(".html")
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(html, encoding="utf-8")
        os.replace(temporary, target)
        written.append(target)
    return written
