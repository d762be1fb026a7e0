"""What a step's kernel imports ahead: the imports written in the step's own notebooks.

One list, in the notebooks: the kernel pool (:mod:`pipeline.run.kernels`) reads the import
statements of each kind of step's notebooks and runs them before the step, so a warm kernel
imports exactly what the notebook would, and a notebook that imports something new is
preloaded with it without a second list to keep in step.

An entry is a module name (``import x.y``) or ``module:name`` (``from module import name``:
the name is imported as a submodule when the module has no such attribute, as Python does).
"""

from __future__ import annotations

import ast
import json
import threading
from functools import lru_cache
from pathlib import Path

from pipeline.run.steps import ANALYSIS, CLEAN, VALIDATE, Notebooks

# Imported inside a step's functions rather than by its notebook's import lines, and slow
# enough to be worth starting early: pandas imports its Parquet engine and CSV writer on a
# process's first write or read of a processed table (catalogue.write, catalogue.read: 20-30 ms
# in every kernel, the cleaning's and sasaran 1's on an edit's critical path); Great
# Expectations is imported when the gate runs.
TABLE_IO = ("pyarrow.parquet", "pyarrow.dataset", "pandas.core.arrays.arrow.extension_types",
            "pandas.core.arrays.arrow._arrow_utils", "pandas.io.formats.csvs")
LAZY_IN_STEP = {CLEAN: TABLE_IO, VALIDATE: (*TABLE_IO, "great_expectations"), ANALYSIS: TABLE_IO}

# CPython 3.11's parser is not safe to enter from two threads at once ("AST constructor
# recursion depth mismatch"): the years of `lkjip run --all` are built in threads, each reading
# the notebooks' imports.
_PARSING = threading.Lock()


def _code(cell: dict) -> str:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    # IPython magics and shell lines are not Python; they import nothing
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("%", "!")))


def notebook_imports(notebook: Path) -> tuple[str, ...]:
    """The import statements of a notebook's code cells, in order, as preload entries."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    found: list[str] = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        with _PARSING:
            tree = ast.parse(_code(cell))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found += [f"{node.module}:{alias.name}" for alias in node.names if alias.name != "*"]
    return tuple(dict.fromkeys(found))


def preload_for(notebooks: Notebooks) -> dict[str, tuple[str, ...]]:
    """Per kind of step, the imports of its notebooks (first appearance first)."""
    by_kind = {CLEAN: [notebooks.clean], VALIDATE: [notebooks.validate],
               ANALYSIS: [notebooks.organisasi, notebooks.sasaran, notebooks.anggaran]}
    return {kind: tuple(dict.fromkeys(
                [entry for nb in files for entry in notebook_imports(nb)] + list(LAZY_IN_STEP.get(kind, ()))))
            for kind, files in by_kind.items()}


@lru_cache(maxsize=4)
def default_preload(notebooks: Path) -> dict[str, tuple[str, ...]]:
    """The imports of the notebooks a run executes: those in the folder ``Paths.notebooks``
    names (the project's own, or the shipped ones)."""
    return preload_for(Notebooks.in_folder(notebooks))
