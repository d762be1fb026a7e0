"""How pandas stores text is set by the processes that run the pipeline, not by the domain code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORAGE = "import pandas as pd; print(pd.Series(['a'], dtype='str').dtype.storage)"


def storage_after(imports: str) -> str:
    done = subprocess.run([sys.executable, "-c", f"{imports}; {STORAGE}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_domain_code_alone_leaves_pandas_default():
    # pyarrow is installed, so pandas' own default for "str" is Arrow storage
    assert storage_after("import pipeline.clean, pipeline.analysis") == "pyarrow"


def test_run_layer_sets_python_strings_before_pandas_is_imported():
    assert storage_after("import pipeline.run.interaktif") == "python"


def test_run_layer_sets_python_strings_when_pandas_came_first():
    assert storage_after("import pandas; import pipeline.run") == "python"
