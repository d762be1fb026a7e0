"""The kernels' preload list is read from the notebooks' own import lines (one list)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.run.kernels import preload_code
from pipeline.run.preload import notebook_imports, preload_for
from pipeline.run.steps import ANALYSIS, CLEAN, VALIDATE, Notebooks

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = Notebooks.in_folder(ROOT / "notebooks")


def twin_imports(notebook: Path) -> set[str]:
    """A second reading: the py:percent twin's import lines, by regular expression."""
    found = set()
    for line in notebook.with_suffix(".py").read_text(encoding="utf-8").splitlines():
        if m := re.match(r"from ([\w.]+) import (.+)$", line):
            found |= {f"{m[1]}:{name.strip()}" for name in m[2].split("#")[0].split(",")}
        elif m := re.match(r"import ([\w.]+)(?: as \w+)?$", line):
            found.add(m[1])
    return found


def test_every_notebook_import_is_preloaded_for_its_kind():
    preload = preload_for(SHIPPED)
    kinds = {CLEAN: [SHIPPED.clean], VALIDATE: [SHIPPED.validate],
             ANALYSIS: [SHIPPED.organisasi, SHIPPED.sasaran, SHIPPED.anggaran]}
    for kind, notebooks in kinds.items():
        expected = set().union(*(twin_imports(nb) for nb in notebooks))
        assert expected and expected <= set(preload[kind]), kind
    # the analysis modules each analysis notebook calls are among them
    assert {"pipeline.analysis:organisasi", "pipeline.analysis:sasaran",
            "pipeline.analysis:anggaran"} <= set(preload[ANALYSIS])
    assert "great_expectations" in preload[VALIDATE]  # imported inside the gate, declared


def _notebook(path: Path, *sources: str) -> Path:
    cells = [{"cell_type": "markdown", "source": "import nothing_here"}]
    cells += [{"cell_type": "code", "source": s.splitlines(keepends=True), "metadata": {}, "outputs": []}
              for s in sources]
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_a_new_import_in_a_notebook_is_preloaded_without_a_second_list(tmp_path):
    nb = _notebook(tmp_path / "x.ipynb", "%matplotlib inline\nimport csv\nfrom xml import dom, sax\n",
                   "year = 2024\nimport csv\n")
    assert notebook_imports(nb) == ("csv", "xml:dom", "xml:sax")


def test_preload_code_imports_submodules_and_binds_no_name():
    script = ("import sys\nns = {}\n"
              f"exec({preload_code(['xml:dom', 'json'])!r}, ns)\n"
              "print(sorted(k for k in ns if k != '__builtins__'), 'xml.dom' in sys.modules, 'json' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] True True"


@pytest.mark.parametrize("kind", [CLEAN, ANALYSIS])
def test_a_kernel_reads_and_writes_a_processed_table_without_importing_anything(kind, tmp_path):
    """pandas imports its Parquet engine and CSV writer on a process's first table written or
    read: a kernel forked after its kind's preload has them already (the validation kind's list
    holds the same modules, beside Great Expectations)."""
    preload = preload_for(SHIPPED)
    script = ("import sys\nns = {}\n"
              f"exec({preload_code(preload[kind])!r}, ns)\n"
              "import pandas as pd\nfrom pathlib import Path\nfrom pipeline.inputs import catalogue\n"
              "table = catalogue.TABLES['pelatihan']\n"
              "empty = pd.DataFrame({c: pd.Series([], dtype=d) for c, d in table.columns})\n"
              "before = set(sys.modules)\n"
              f"catalogue.write('pelatihan', empty, Path({str(tmp_path)!r}))\n"
              f"catalogue.read('pelatihan', Path({str(tmp_path)!r}))\n"
              "print(sorted(set(sys.modules) - before))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert set(preload[kind]) & set(preload[VALIDATE]) >= {"pyarrow.parquet", "pyarrow.dataset"}


@pytest.mark.slow  # a process importing Great Expectations
def test_preload_defers_what_great_expectations_imports_but_the_suites_never_call():
    """The validation kernel's preload imports Great Expectations with scipy.stats, altair and
    jsonschema deferred (their code not run), and a deferred module still works when it is used."""
    script = ("import sys\nns = {}\n"
              f"exec({preload_code(['great_expectations'])!r}, ns)\n"
              "from pipeline.run.lazyimport import deferred\n"
              "before = [deferred(m) for m in ('scipy.stats', 'altair', 'jsonschema')]\n"
              "import scipy.stats\n"
              "value = scipy.stats.norm.cdf(0)\n"
              "print(before, deferred('scipy.stats'), value)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[True, True, True] False 0.5"
