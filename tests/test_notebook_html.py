"""The executed notebooks' HTML pages: the same document nbconvert's HTMLExporter builds.

pipeline.report.notebook_html skips HTMLExporter's BeautifulSoup pass and adds its
accessibility attributes itself. The second method here is nbconvert's own exporter: its page
must equal ours once ours has been through that same BeautifulSoup pass (same elements, same
attributes in the same order, same text).
"""

from __future__ import annotations

import base64
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from nbformat import v4

from pipeline.config import Paths
from pipeline.report.notebook_html import MISSING_ALT, TEMPLATE, _exporter, accessible, render_notebooks

PNG = base64.b64encode(bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")).decode("ascii")


def _sample_notebook() -> nbformat.NotebookNode:
    """Every kind of cell and output the pipeline's notebooks print (and an image without alt)."""
    return v4.new_notebook(cells=[
        v4.new_markdown_cell("# Analisis sasaran 1\n\nCapaian **95,13%** & <b>tebal</b>; ![logo](data:image/png;base64,"
                             + PNG + ")"),
        v4.new_code_cell("year = 2024", metadata={"tags": ["parameters"]}),
        v4.new_code_cell("print('Angkatan Kerja < 100 > 50 & \"ok\"')", execution_count=1, outputs=[
            v4.new_output("stream", name="stdout", text="Angkatan Kerja < 100 > 50 & \"ok\"\n"),
            v4.new_output("stream", name="stderr", text="peringatan\n")]),
        v4.new_code_cell("tabel", execution_count=2, outputs=[v4.new_output(
            "execute_result", execution_count=2,
            data={"text/html": "<table class=\"dataframe\"><tr><th>Sasaran</th><td>95,13%</td></tr></table>"
                               "<img src=\"data:image/png;base64," + PNG + "\"><img alt=\"grafik\" src=\"x.png\">"
                               "<div class=\"jp-OutputArea-output extra\">dalam</div>",
                  "text/plain": "tabel"})]),
        v4.new_code_cell("grafik", execution_count=3, outputs=[
            v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"},
                          metadata={"image/png": {"width": 10, "height": 5}}),
            v4.new_output("display_data", data={"image/svg+xml": "<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>",
                                                "text/plain": "<Figure>"}),
            v4.new_output("display_data", data={"text/markdown": "**Sumber**: BPS", "text/plain": "x"})]),
        v4.new_code_cell("1 / 0", execution_count=4, outputs=[v4.new_output(
            "error", ename="ZeroDivisionError", evalue="division by zero",
            traceback=["\x1b[0;31mZeroDivisionError\x1b[0m: division by zero"])]),
        v4.new_raw_cell("mentah"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                 "language_info": {"name": "python", "pygments_lexer": "ipython3"}})


def _nbconvert_page(notebook: nbformat.NotebookNode, name: str) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE,
                            extra_template_basedirs=[str(Paths.default().templates / "nbconvert")],
                            embed_images=True, language_code="id")
    return exporter.from_notebook_node(notebook, resources={"metadata": {"name": name}})[0]


def _notebooks() -> list[tuple[str, nbformat.NotebookNode]]:
    shipped = sorted(Paths.default().notebooks.glob("*.ipynb"))
    return [("contoh", _sample_notebook())] + [(p.stem, nbformat.read(p, as_version=4)) for p in shipped]


@pytest.mark.parametrize("name, notebook", _notebooks(), ids=lambda v: v if isinstance(v, str) else "")
def test_page_is_the_document_nbconvert_builds(name, notebook):
    ours = _exporter().from_notebook_node(notebook, resources={"metadata": {"name": name}})[0]
    theirs = _nbconvert_page(notebook, name)
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs


def test_accessibility_attributes_are_where_nbconvert_puts_them():
    page = _exporter().from_notebook_node(_sample_notebook(), resources={"metadata": {"name": "x"}})[0]
    soup = BeautifulSoup(page, features="html.parser")
    assert [img.get("alt") for img in soup.find_all("img")] == ["logo", MISSING_ALT, "grafik", MISSING_ALT, MISSING_ALT]
    wrappers = soup.select("div.jp-Cell-inputWrapper")
    outputs = soup.select("div.jp-OutputArea-output")
    # 6 shown cells (the raw cell has no HTML mime type), each with its input; 7 outputs (stdout,
    # stderr, html, png, svg, markdown, error) plus the div inside the HTML output
    assert (len(wrappers), len(outputs)) == (6, 8)
    assert all(div.get("tabindex") == "0" for div in wrappers + outputs)
    assert not soup.select("div[tabindex]:not(.jp-Cell-inputWrapper):not(.jp-OutputArea-output)")


@pytest.mark.parametrize("before, after", [
    ('<img src="a.png">', f'<img src="a.png" alt="{MISSING_ALT}">'),
    ('<img src="a.png"/>', f'<img src="a.png" alt="{MISSING_ALT}"/>'),
    ('<IMG src=a.png>', f'<IMG src=a.png alt="{MISSING_ALT}">'),
    ('<img alt="" src="a.png">', '<img alt="" src="a.png">'),
    ('<img src="a.png" alt>', '<img src="a.png" alt>'),
    ('<img src="a.png" data-alt="x">', f'<img src="a.png" data-alt="x" alt="{MISSING_ALT}">'),
    ('<div class="jp-Cell-inputWrapper">', '<div class="jp-Cell-inputWrapper" tabindex="0">'),
    ('<div class="a jp-OutputArea-output b" data-x="1">', '<div class="a jp-OutputArea-output b" data-x="1" tabindex="0">'),
    ("<div class='jp-OutputArea-output'>", "<div class='jp-OutputArea-output' tabindex=\"0\">"),
    ('<div class="jp-OutputArea-outputs">', '<div class="jp-OutputArea-outputs">'),
    ('<div data-class="jp-Cell-inputWrapper">', '<div data-class="jp-Cell-inputWrapper">'),
    ('<div class="jp-Cell-inputWrapper" tabindex="-1">', '<div class="jp-Cell-inputWrapper" tabindex="-1">'),
    ('<divider class="jp-Cell-inputWrapper">', '<divider class="jp-Cell-inputWrapper">'),
    ('<p>&lt;img src="a.png"&gt;</p>', '<p>&lt;img src="a.png"&gt;</p>'),
])
def test_accessible_adds_only_the_missing_attributes(before, after):
    assert accessible(before) == after


def test_render_notebooks_writes_one_page_per_notebook(tmp_path: Path):
    nbformat.write(_sample_notebook(), tmp_path / "10_sasaran_1.ipynb")
    nbformat.write(_sample_notebook(), tmp_path / "01_pembersihan.ipynb")
    written = render_notebooks(tmp_path)
    assert [p.name for p in written] == ["01_pembersihan.html", "10_sasaran_1.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "01_pembersihan.html", "01_pembersihan.ipynb", "10_sasaran_1.html", "10_sasaran_1.ipynb"]
    page = written[1].read_text(encoding="utf-8")
    notebook = nbformat.read(tmp_path / "10_sasaran_1.ipynb", as_version=4)
    assert str(BeautifulSoup(page, features="html.parser")) == _nbconvert_page(notebook, "10_sasaran_1")


def test_highlighted_code_needs_no_sanitizing():
    """The lkjip template prints code cells without the lab template's bleach pass (most of the
    rendering time): Pygments' escaped output of any source, HTML in it included, is exactly
    what that pass would leave."""
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.strings import clean_html

    highlight = Highlight2HTML(pygments_lexer="ipython3")
    hostile = "x = \"<script>alert('x')</script>\"  # <b onclick=\"y()\">&amp;</b> <!-- c -->"
    sources = [c.source for _, nb in _notebooks() for c in nb.cells if c.cell_type == "code"] + [hostile]
    for source in sources:
        html = highlight(source)
        assert clean_html(html) == html, source
    assert "<script" not in highlight(hostile) and "<b " not in highlight(hostile)
