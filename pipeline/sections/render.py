"""Sections to HTML: the block view model and the Jinja2 environment shared by the report.

Every text that comes from data (titles, cells, narrative, firm names) reaches the page
through Jinja2 with autoescape on and is never marked safe. Numbers are formatted only by
:func:`pipeline.sections.cells.format_cell`.
"""

from __future__ import annotations

import base64
import fnmatch
import re
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.config import SECTION_TEMPLATES
from pipeline.sections.cells import format_cell
from pipeline.sections.images import MIME_TYPES, image_type
from pipeline.sections.layout import slug


class Section(Protocol):
    """What rendering needs of a pipeline.sections.model.Section (which imports this module
    for notebook display, so this module names the shape instead of importing the class)."""

    id: str
    title: str
    blocks: list
    tables: dict
    figures: dict

KIND_WORDS = {"table": "Tabel", "figure": "Grafik"}
_REFERENCE = re.compile(r"⟦tabel:([^⟧]+)⟧")
KEEP_WHOLE_ROWS = 5  # tables with fewer rows stay on one page


class Numbering:
    """Assigns "Tabel 3.1", "Grafik 3.1"... in document order, restarting per chapter.

    With no chapter (a notebook showing one section) numbers are plain: "Tabel 1".
    Asking again for the same block returns the number it already has.
    """

    def __init__(self, chapter: str = ""):
        self.chapter = chapter
        self._counts = {kind: 0 for kind in KIND_WORDS}
        self._assigned: dict[tuple[str, str], str] = {}
        self._anchors: dict[tuple[str, str], str] = {}
        self.entries: list[dict] = []  # every numbered block: kind, id, label, title, anchor...

    def start_chapter(self, chapter: str) -> None:
        if chapter != self.chapter:
            self.chapter = chapter
            self._counts = {kind: 0 for kind in KIND_WORDS}

    def label(self, kind: str, block_id: str, title: str = "", section_id: str = "") -> str:
        key = (kind, block_id)
        if key not in self._assigned:
            self._counts[kind] += 1
            n = self._counts[kind]
            number = f"{self.chapter}.{n}" if self.chapter else str(n)
            label = f"{KIND_WORDS[kind]} {number}"
            self._assigned[key] = label
            # ids that differ only in punctuation ("a_b", "a-b") must not share an anchor
            anchor, taken, n = anchor_for(kind, block_id), set(self._anchors.values()), 1
            while anchor in taken:
                n += 1
                anchor = f"{anchor_for(kind, block_id)}-{n}"
            self._anchors[key] = anchor
            self.entries.append({"kind": kind, "id": block_id, "label": label, "title": title,
                                 "anchor": anchor, "section": section_id})
        return self._assigned[key]

    def anchor(self, kind: str, block_id: str) -> str:
        return self._anchors[(kind, block_id)]

    def resolve(self, text: str) -> str:
        """Replace ``⟦tabel:<id or glob>⟧`` (written by sections that refer to tables of other
        sections, e.g. Catatan Validasi) with the first matching table's label; a reference to a
        table this document does not hold disappears."""
        if "⟦" not in text:
            return text

        def label(match: re.Match) -> str:
            pattern = match.group(1)
            hits = [e["label"] for e in self.entries
                    if e["kind"] == "table" and fnmatch.fnmatchcase(e["id"], pattern)]
            return hits[0] if hits else ""

        return _REFERENCE.sub(label, text).strip()


def anchor_for(kind: str, block_id: str) -> str:
    return f"{KIND_WORDS[kind].lower()}-{slug(block_id)}"


@lru_cache(maxsize=2)
def environment(*template_dirs: Path) -> Environment:
    """Jinja environment over the section templates; the final assembly passes its own
    template folder first (its report template imports the section blocks)."""
    folders = [*template_dirs, SECTION_TEMPLATES]
    return Environment(
        loader=FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _column_format(df: pd.DataFrame, column, formats: dict) -> str:
    if column in formats:
        return formats[column]
    # Undeclared float columns would otherwise print with a '.' decimal point.
    return "number" if pd.api.types.is_float_dtype(df[column]) else "text"


# A text cell that reads as one number ("95,13%", "Rp 1.000", "(5)", "–"): such columns are
# numbers the analysis pre-formatted (e.g. with a unit) and are aligned like numbers.
_NUMERIC_TEXT = re.compile(r"^[(\-–]?\s*(Rp\.?\s*)?\d[\d.,]*\s*%?\)?$|^[–-]%?$")


def _looks_numeric(texts: list[str]) -> bool:
    return (any(t.strip() not in {"–", "-", "–%", ""} for t in texts)
            and all(_NUMERIC_TEXT.match(t.strip()) for t in texts if t.strip()))


# Column names that are still machine names ("nilai_produksi_ribu_rp") get a human header.
_MACHINE_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_UNIT_SUFFIXES = (("_ribu_rp", "(ribu Rp)"), ("_rp", "(Rp)"), ("_persen", "(%)"), ("_pct", "(%)"))
# A text cell that is one number, with or without a % sign ("80%", "80 %", "46,45").
_PERCENT_TEXT = re.compile(r"^(-?\d[\d.]*(?:,\d+)?)\s*(%?)$")
_BLANKS = {"", "–", "-"}
LONG_TOKEN = 24  # a "word" this long is a code or path: it may break anywhere, ordinary words never


def human_header(name: str) -> str:
    """'nilai_produksi_ribu_rp' -> 'Nilai produksi (ribu Rp)'; headers already written for people stay."""
    if not _MACHINE_NAME.match(name):
        return name
    unit = ""
    for suffix, label in _UNIT_SUFFIXES:
        if name.endswith(suffix) and name != suffix.lstrip("_"):
            name, unit = name[: -len(suffix)], " " + label
            break
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:] + unit


def one_percent_convention(texts: list[str], header: str) -> list[str]:
    """A column of numbers where some carry "%" and some not: all as "46,45%" (no space).

    Under a header that already says "(%)" the sign is dropped from every cell instead.
    Columns with any non-number text are left as they are.
    """
    cells = [t.strip() for t in texts if t.strip() not in _BLANKS]
    matches = [_PERCENT_TEXT.match(t) for t in cells]
    if not cells or not all(matches) or not any(m.group(2) for m in matches):
        return texts
    sign = "" if "(%)" in header else "%"
    out = []
    for text in texts:
        match = _PERCENT_TEXT.match(text.strip())
        out.append(match.group(1) + sign if match else text)
    return out


def _cell_class(text: str, align: str) -> str:
    if align != "txt":
        return align
    if len(text) <= 14:
        return "txt short"  # codes and values with units keep one line
    if any(len(token) > LONG_TOKEN for token in text.split()):
        return "txt long-token"
    return "txt"


def table_view(df: pd.DataFrame, formats: dict) -> dict:
    """Header and formatted rows of one table; numeric columns right-aligned."""
    columns = [{"name": human_header(str(c)), "format": _column_format(df, c, formats)} for c in df.columns]
    texts = [[format_cell(value, col["format"]) for value, col in zip(record, columns)]
             for record in df.itertuples(index=False, name=None)]
    for i, col in enumerate(columns):
        if col["format"] == "text" and texts:
            fixed = one_percent_convention([row[i] for row in texts], col["name"])
            for row, text in zip(texts, fixed):
                row[i] = text
    for i, (column, col) in enumerate(zip(df.columns, columns)):
        numeric = (col["format"] != "text" or pd.api.types.is_numeric_dtype(df[column])
                   or _looks_numeric([row[i] for row in texts]))
        col["align"] = "num" if numeric else "txt"
    rows = [[{"text": text, "align": _cell_class(text, col["align"])} for text, col in zip(row, columns)]
            for row in texts]
    # A table of a few rows is never split across pages (print CSS: figure.tbl.keep).
    return {"columns": columns, "rows": rows, "keep": len(rows) < KEEP_WHOLE_ROWS}


def _provenance(view: dict, block, lineage) -> None:
    """Caption source from the declared lineage (the raw inputs' manifest citations) and the
    DATA SINTETIS label; without a lineage (notebook view) the analysis' own text stays."""
    if lineage is not None:
        view["source"], view["sintetis"] = lineage.describe(block.id, block.source)


def section_notice(section: Section, lineage) -> dict | None:
    """The DATA SINTETIS notice at the head of a section whose figures or sentences read a
    synthetic input (None when none does, or without a lineage)."""
    if lineage is None:
        return None
    files = lineage.synthetic(lineage.section_files(
        section.id, [b.id for b in section.blocks if b.kind in KIND_WORDS]))
    if not files:
        return None
    return {"kind": "sintetis", "text": lineage.caption(files), "title": "", "source": "", "items": [],
            "sintetis": True}


def block_views(section: Section, numbering: Numbering, heading_base: int = 2, lineage=None) -> list[dict]:
    """The section's blocks, ready for the templates (numbers assigned, cells formatted).

    ``heading_base`` is the HTML level of the section's own heading; a block heading of
    level L (3 = first level inside a section) becomes h(heading_base + L - 2), kept below the
    section heading and at most h6. ``lineage`` (a :class:`pipeline.sections.lineage.Lineage`)
    gives captions their sources and the DATA SINTETIS labels.
    """
    notice = section_notice(section, lineage)
    views = [notice] if notice else []
    for block in section.blocks:
        view = {"kind": block.kind, "text": numbering.resolve(block.text), "title": block.title,
                "source": block.source, "items": [str(i) for i in block.items], "sintetis": False}
        if block.kind in KIND_WORDS:
            _provenance(view, block, lineage)
        if block.kind == "heading":
            view["level"] = max(heading_base + 1, min(6, heading_base + int(block.level) - 2))
        elif block.kind == "table":
            view["label"] = numbering.label("table", block.id, block.title, section.id)
            view["anchor"] = numbering.anchor("table", block.id)
            df = section.tables.get(block.id)
            if df is None:
                raise KeyError(f"section {section.id}: table {block.id} has no data")
            view.update(table_view(df, block.formats or {}))
            for row in view["rows"]:
                for cell in row:
                    cell["text"] = numbering.resolve(cell["text"])
        elif block.kind == "figure":
            view["label"] = numbering.label("figure", block.id, block.title, section.id)
            view["anchor"] = numbering.anchor("figure", block.id)
            image = section.figures.get(block.id)
            if image is None:
                raise KeyError(f"section {section.id}: figure {block.id} has no image")
            view["data_uri"] = (f"data:{MIME_TYPES[image_type(image)]};base64,"
                                + base64.b64encode(image).decode("ascii"))
        elif block.kind == "signature":
            view["items"], view["signers"] = [], [dict(s) for s in block.items]
        elif block.kind not in {"paragraph", "note", "placeholder", "list"}:
            raise ValueError(f"section {section.id}: unknown block kind {block.kind!r}")
        views.append(view)
    return views


def render_section_html(section: Section, numbering: Numbering | None = None) -> str:
    """One section as an HTML fragment.

    Notebooks call this with ``numbering=None`` (tables numbered 1, 2... within the section);
    the assembler passes its :class:`Numbering` so labels follow the report's chapters.
    """
    numbering = numbering if numbering is not None else Numbering()
    template = environment().get_template("section.html.j2")
    return template.render(section_title=section.title, section_id=section.id,
                           block_list=block_views(section, numbering, heading_base=2))
