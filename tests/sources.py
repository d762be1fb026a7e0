"""The pipeline's source parsed once per test process.

Several test files read every module's syntax tree (layers and imports, names of tables and
files, one body per quantity, numbers spelled as literals, entry points); each tree is parsed
once per worker and shared. A caller walks a tree, never changes it.
"""

from __future__ import annotations

import ast
from functools import cache


@cache
def parse(source: str) -> ast.Module:
    """The syntax tree of ``source`` (shared: read it, do not change it)."""
    return ast.parse(source)
