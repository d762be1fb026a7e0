"""LKjIP pipeline: from raw BPS/IKM/budget data to a validated yearly performance report.

Logic lives in this package; the notebooks under ``notebooks/`` call it and present results.

Text columns are Python strings (pandas' ``"str"`` with Python storage) in every process that
imports this package. pyarrow is installed for the raw-file reader
(:mod:`pipeline.inputs.plaincsv`), and pandas 3 would then store all ``"str"`` columns in
Arrow, where the per-distinct-value cleaning rules run slower and a regex or case mapping can
differ from Python's on non-ASCII text. The option is set when pandas is imported (or at once,
if it already is), without importing pandas here: the run's no-change check must stay fast.
"""

import importlib.abc
import importlib.util
import sys

__version__ = "0.1.0"


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


if "pandas" in sys.modules:
    _python_strings(sys.modules["pandas"])
elif not any(isinstance(finder, _AfterPandasImport) for finder in sys.meta_path):
    sys.meta_path.insert(0, _AfterPandasImport())
