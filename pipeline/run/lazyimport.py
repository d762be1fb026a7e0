"""Modules a run's kernels load on their first use rather than when something imports them.

Great Expectations imports, when it is itself imported, modules only some of its expectations
and its chart rendering use: ``scipy.stats`` (the distribution expectations), ``altair``
(charts in Data Docs) and ``jsonschema`` (the JSON-schema expectation). Together they are over
1 CPU-second of the validation kernel's start, spent beside the cleaning step on a 2-core
machine, and no suite of this pipeline calls them.
:func:`defer` makes such a module an :class:`importlib.util.LazyLoader` module: ``import``
returns at once and the module's code runs on its first attribute access, so anything that
does use it gets the real module, only later.

:func:`setter_docs_skipped` spares the analysis kernels another import-time cost: matplotlib
writes, for every Artist class it defines, a docstring of its ``set()`` listing each property
(``matplotlib.artist.kwdoc``, which inspects and parses every setter's docstring). It was 0,2 of
the 0,6–0,7 CPU-seconds a kernel spent importing matplotlib and the analysis modules when it
turned from the cleaning or the validation to the analyses, for help text nobody reads in a run's
kernel.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading
from contextlib import contextmanager

_lock = threading.Lock()


class _WrappingFinder(importlib.abc.MetaPathFinder):
    """Finds ``names`` through the other finders and hands their loader to :meth:`wrap`."""

    def __init__(self, names):
        self.names = frozenset(names)
        self._inside = threading.local()

    def find_spec(self, name, path, target=None):
        if name not in self.names or getattr(self._inside, "active", False):
            return None
        self._inside.active = True  # the lookup below must not find this finder again
        try:
            spec = importlib.util.find_spec(name)
        finally:
            self._inside.active = False
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = self.wrap(spec.loader)
        return spec

    def wrap(self, loader):
        raise NotImplementedError


class _DeferringFinder(_WrappingFinder):
    def wrap(self, loader):
        return importlib.util.LazyLoader(loader)


def defer(names) -> None:
    """Load ``names`` (full module names) on first use in this process; once per process."""
    with _lock:
        if any(isinstance(f, _DeferringFinder) for f in sys.meta_path):
            return
        sys.meta_path.insert(0, _DeferringFinder(names))


def deferred(name: str) -> bool:
    """True while ``name`` is imported but its code has not run yet (for tests)."""
    module = sys.modules.get(name)
    return module is not None and type(module).__name__ == "_LazyModule"


# The function that writes those docstrings, and what the kernels put in its place while they
# preload (a docstring's text only: the properties, signatures and drawing are matplotlib's own).
SETTER_DOCS = ("matplotlib.artist", "kwdoc")


def _no_setter_docs(artist) -> str:
    return ""


class _ThenReplace(importlib.abc.Loader):
    """Runs a module with its own loader, then replaces one of its attributes."""

    def __init__(self, loader, attribute, value, replaced: dict):
        self.loader, self.attribute, self.value, self.replaced = loader, attribute, value, replaced

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        self.replaced[module] = getattr(module, self.attribute)
        setattr(module, self.attribute, self.value)

    def __getattr__(self, name):  # get_source and the rest: tracebacks show the module's lines
        return getattr(self.loader, name)


class _ReplacingFinder(_WrappingFinder):
    def __init__(self, name, attribute, value):
        super().__init__([name])
        self.attribute, self.value = attribute, value
        self.replaced: dict = {}

    def wrap(self, loader):
        return _ThenReplace(loader, self.attribute, self.value, self.replaced)


@contextmanager
def setter_docs_skipped():
    """Within: a first import of matplotlib writes no property list into its Artist classes'
    ``set()`` docstrings. Afterwards ``kwdoc`` is matplotlib's own again (classes defined later
    get their full docstrings); a matplotlib imported before is left as it is."""
    module, attribute = SETTER_DOCS
    finder = _ReplacingFinder(module, attribute, _no_setter_docs)
    with _lock:
        sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        with _lock:
            sys.meta_path.remove(finder)
        for imported, original in finder.replaced.items():
            setattr(imported, attribute, original)
