"""The published document's table numbers are declared data (issue 20, point 6): no string literal
of ``pipeline/`` or ``notebooks/*.py`` spells "Tabel <n>.<n>" outside the declaration module (the
raw-file registry). Docstrings and comments may name the seed's tables; code reads the number from
the registry's ``table`` or from the rows a parser wrote (``tabel``). The scan is shown able to
fail on a planted snippet.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd

from pipeline.inputs import rawio, registry
from tests import sources

ROOT = Path(__file__).resolve().parents[1]
DECLARATIONS = {"pipeline/inputs/registry.py"}
_NUMBER = re.compile(r"Tabel \d+\.\d+")


def spelled_numbers(source: str) -> list[tuple[int, str]]:
    """(line, literal) of every string literal (f-string parts included) naming a table number;
    docstrings are not literals the code uses, comments are not in the AST."""
    docs = sources.docstrings(source)
    return [(node.lineno, node.value) for node in sources.nodes(source)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and _NUMBER.search(node.value)]


def _modules() -> list[Path]:
    return sorted([*(ROOT / "pipeline").rglob("*.py"), *(ROOT / "notebooks").glob("*.py")])


def test_no_literal_spells_a_published_table_number():
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}" for path in _modules()
             if str(path.relative_to(ROOT)) not in DECLARATIONS
             for line, text in spelled_numbers(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_scan_finds_a_planted_number_and_spares_docstrings_and_comments():
    snippet = (
        '"""Tabel 3.17 of the seed."""\n'
        "def f(year):\n"
        '    """Reads Tabel 3.26."""\n'
        "    # Tabel 2.6 in a comment\n"
        '    a = "Tabel 3.2"\n'
        '    return a, f"Realisasi {year} (Tabel 2.6)", "Tabel pencari kerja"\n')
    assert spelled_numbers(snippet) == [(5, "Tabel 3.2"), (6, " (Tabel 2.6)")]


def test_the_registry_declares_the_numbers_the_code_cites():
    # the seed's numbering: Tabel 3.17/3.18 (IKM series), 2.6 (sub kegiatan budget, declared
    # "Tabel 2.6 per sub kegiatan"), 3.26 (program indicators)
    assert [registry.published_number(n) for n in (
        "ikm_perkembangan.csv", "ikm_klasifikasi.csv", "anggaran_subkegiatan.csv", "indikator_program.csv")] == [
        "Tabel 3.17", "Tabel 3.18", "Tabel 2.6", "Tabel 3.26"]
    # no number in the declaration: the declaration itself
    assert registry.published_number("pelatihan.csv") == "Daftar pelatihan {y}"


def test_a_cited_table_is_the_rows_declared_number_else_the_registry_s():
    renumbered = {"indikator_program": pd.DataFrame({"tabel": ["Tabel 4.1", "Tabel 4.1"]})}
    assert rawio.cited_table(renumbered, "indikator_program") == "Tabel 4.1"
    # rows without the column (or no rows): the registry's declaration for the feeding raw file
    assert rawio.cited_table({"indikator_program": pd.DataFrame({"nama": ["x"]})}, "indikator_program") == \
        "Tabel 3.26"
    assert rawio.cited_table({}, "anggaran_subkegiatan") == "Tabel 2.6"
