"""Text columns are Python strings (pandas' ``"str"`` with Python storage) in every process a
run starts: the command line, the notebooks' kernels (each notebook's first import is
:mod:`pipeline.run.interaktif`) and the test session.

pyarrow is installed for the raw-file reader (:mod:`pipeline.inputs.plaincsv`), and pandas 3
would then store all ``"str"`` columns in Arrow, where the per-distinct-value cleaning rules
run slower and a regex or case mapping can differ from Python's on non-ASCII text. Same
inputs, same bytes needs one storage everywhere, so the processes that run the pipeline set
it; the domain code reads and computes without knowing. The option is set when pandas is
imported (or at once, if it already is), without importing pandas here: the run's no-change
check must stay fast.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys


def _python_strings(pandas) -> None:
    pandas.set_option("mode.string_storage", "python")


class _AfterPandasImport(importlib.abc.MetaPathFinder):
    """Finds pandas as usual, then sets :func:`_python_strings` once it has executed."""

    def find_spec(self, name, path=None, target=None):
        if name != "pandas":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            exec_module = spec.loader.exec_module

            def exec_then_configure(module):
                exec_module(module)
                _python_strings(module)

            spec.loader.exec_module = exec_then_configure
        return spec


def install() -> None:
    """Python string storage in this process, now or when pandas is first imported."""
    if "pandas" in sys.modules:
        _python_strings(sys.modules["pandas"])
    elif not any(isinstance(finder, _AfterPandasImport) for finder in sys.meta_path):
        sys.meta_path.insert(0, _AfterPandasImport())
