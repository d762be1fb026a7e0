"""Every notebook is reviewable and runnable by papermill: kernelspec, one plain parameters cell,
no committed outputs, and its py:percent twin says the same thing."""

import ast
import json

import jupytext
import pytest

from pipeline.config import PACKAGE_ROOT

NOTEBOOKS = sorted((PACKAGE_ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_parameterised(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    tree = ast.parse("".join(tagged[0]["source"]))
    for node in tree.body:
        assert isinstance(node, ast.Assign), "the parameters cell holds assignments only"
        ast.literal_eval(node.value)  # plain values only; derived values go in the next cell
    for cell in nb["cells"]:
        assert not cell.get("outputs"), "notebooks are committed without outputs"
        assert cell.get("execution_count") in (None,)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_py_percent_twin_in_sync(path):
    twin = path.with_suffix(".py")
    assert twin.is_file(), f"{twin.name} (jupytext py:percent) is missing"
    a = [c.source.strip() for c in jupytext.read(path).cells]
    b = [c.source.strip() for c in jupytext.read(twin).cells]
    assert a == b, f"{path.name} and {twin.name} differ: run `jupytext --sync` or `--to ipynb`"
