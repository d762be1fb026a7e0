"""Modules a run's kernels load on their first use rather than when something imports them.

Great Expectations imports, when it is itself imported, modules only some of its expectations
and its chart rendering use: ``scipy.stats`` (the distribution expectations), ``altair``
(charts in Data Docs) and ``jsonschema`` (the JSON-schema expectation). Together they are over
1 CPU-second of the validation kernel's start, spent beside the cleaning step on a 2-core
machine, and no suite of this pipeline calls them.
:func:`defer` makes such a module an :class:`importlib.util.LazyLoader` module: ``import``
returns at once and the module's code runs on its first attribute access, so anything that
does use it gets the real module, only later.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
import threading

_lock = threading.Lock()


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds ``names`` through the other finders and hands their loader to LazyLoader."""

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
        spec.loader = importlib.util.LazyLoader(spec.loader)
        return spec


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
