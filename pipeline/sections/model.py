"""The report's content model: a section is a title and an ordered list of blocks.

Analysis notebooks build :class:`Section` objects with pipeline functions, display them (so
the executed notebook reads like the report) and save them under the run's output folder:

    <out>/sections/<section id>.json     the blocks, in order
    <out>/tables/<table id>.csv          every table, unrounded (machine-readable results)
    <out>/figures/<figure id>.svg        every chart (vector: sharp on screen and in the PDF)

The HTML assembler reads them back, numbers tables and figures in document order and formats
numbers Indonesian style. Table column formats say how to display a column:
``text``, ``int`` (74.085), ``rupiah`` (Rp 1.407.615.308), ``percent`` (95,13%),
``number`` (2 decimals), ``number1``/``number3`` (1 or 3 decimals).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.inputs import catalogue
from pipeline.sections.images import MIME_TYPES, image_type
from pipeline.sections.safecells import restored_frame, write_csv

FORMATS = {"text", "int", "rupiah", "percent", "number", "number1", "number3"}
# One signature block: role ("Pihak Pertama", may be blank), place and date, position, name,
# rank/grade, NIP — as an LKjIP prints them under a signed document.
SIGNATURE_FIELDS = ("peran", "tempat_tanggal", "jabatan", "nama", "pangkat", "nip")


@dataclass
class Block:
    kind: str  # heading | paragraph | table | figure | note | placeholder | list | signature
    text: str = ""
    id: str = ""
    title: str = ""
    source: str = ""
    formats: dict = field(default_factory=dict)
    items: list = field(default_factory=list)
    level: int = 3


@dataclass
class Section:
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    figures: dict[str, bytes] = field(default_factory=dict, repr=False)

    def heading(self, text: str, level: int = 3) -> Section:
        self.blocks.append(Block("heading", text=text, level=level))
        return self

    def paragraph(self, text: str) -> Section:
        self.blocks.append(Block("paragraph", text=text))
        return self

    def note(self, text: str) -> Section:
        """A highlighted remark, e.g. where a published figure differs from the recomputed one."""
        self.blocks.append(Block("note", text=text))
        return self

    def placeholder(self, text: str) -> Section:
        """Missing analyst narrative: shown visibly, marks the report as draft."""
        self.blocks.append(Block("placeholder", text=text))
        return self

    def bullets(self, items: list[str], title: str = "") -> Section:
        self.blocks.append(Block("list", items=list(items), title=title))
        return self

    def signature(self, signers: list[dict], title: str = "") -> Section:
        """Signature block(s) side by side: each signer a dict of SIGNATURE_FIELDS (text)."""
        self.blocks.append(Block("signature", title=title,
                                 items=[{k: str(s.get(k) or "") for k in SIGNATURE_FIELDS} for s in signers]))
        return self

    def table(self, table_id: str, title: str, df: pd.DataFrame, formats: dict | None = None,
              source: str = "") -> Section:
        formats = dict(formats or {})
        unknown = {f for f in formats.values() if f not in FORMATS}
        if unknown:
            raise ValueError(f"unknown column format(s) {unknown} in table {table_id}")
        if table_id in self.tables:
            raise ValueError(f"duplicate table id {table_id}")
        self.tables[table_id] = df.reset_index(drop=True)
        self.blocks.append(Block("table", id=table_id, title=title, formats=formats, source=source))
        return self

    def figure(self, figure_id: str, title: str, fig, source: str = "") -> Section:
        """Add a matplotlib figure as SVG (same inputs, same bytes: fixed id salt, no date)."""
        import io

        import matplotlib

        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "lkjip", "svg.fonttype": "path"}):
            fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        self.figures[figure_id] = buffer.getvalue()
        self.blocks.append(Block("figure", id=figure_id, title=title, source=source))
        return self

    @property
    def has_placeholder(self) -> bool:
        return any(b.kind == "placeholder" for b in self.blocks)

    # -- persistence -------------------------------------------------------------------
    def save(self, out_dir: Path) -> Path:
        out_dir = Path(out_dir)
        for sub in (catalogue.SECTIONS.path, catalogue.REPORT_TABLES.path, catalogue.FIGURES.path):
            (out_dir / sub).mkdir(parents=True, exist_ok=True)
        for table_id, df in self.tables.items():
            # Neutralised against formula injection; load() restores the exact text.
            write_csv(df, catalogue.REPORT_TABLES.at(out_dir, f"{table_id}.csv"))
        for figure_id, data in self.figures.items():
            catalogue.FIGURES.at(out_dir, f"{figure_id}.{image_type(data)}").write_bytes(data)
        doc = {"id": self.id, "title": self.title, "blocks": [asdict(b) for b in self.blocks]}
        target = catalogue.SECTIONS.at(out_dir, f"{self.id}.json")
        target.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        return target

    @classmethod
    def load(cls, out_dir: Path, section_id: str) -> Section:
        out_dir = Path(out_dir)
        doc = json.loads(catalogue.SECTIONS.at(out_dir, f"{section_id}.json").read_text(encoding="utf-8"))
        section = cls(doc["id"], doc["title"], [Block(**b) for b in doc["blocks"]])
        for block in section.blocks:
            if block.kind == "table":
                section.tables[block.id] = restored_frame(pd.read_csv(
                    block_file(out_dir, block), keep_default_na=False, na_values=[""]))
            elif block.kind == "figure":
                section.figures[block.id] = block_file(out_dir, block).read_bytes()
        return section

    # -- notebook display --------------------------------------------------------------
    def _repr_html_(self) -> str:
        from pipeline.sections.render import render_section_html

        return render_section_html(self, numbering=None)


def block_file(out_dir: Path, block: Block) -> Path | None:
    """The saved file holding a table's or a figure's content (None for a block without one):
    what :meth:`Section.load` reads, and pipeline.sections.ahead watches."""
    if block.kind == "table":
        return catalogue.REPORT_TABLES.at(out_dir, f"{block.id}.csv")
    if block.kind == "figure":
        return next((p for p in (catalogue.FIGURES.at(out_dir, f"{block.id}.{ext}") for ext in MIME_TYPES)
                     if p.is_file()), catalogue.FIGURES.at(out_dir, f"{block.id}.svg"))
    return None
