"""The pipeline's source parsed and walked once per test process.

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


@cache
def nodes(source: str) -> tuple[ast.AST, ...]:
    """Every node of the tree of ``source``, in ``ast.walk`` order (walked once per process)."""
    return tuple(ast.walk(parse(source)))


@cache
def docstrings(source: str) -> frozenset[int]:
    """ids of the docstring constants of ``source`` (module, class and function docstrings are
    text for readers, not literals the code uses)."""
    ids = set()
    for node in nodes(source):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return frozenset(ids)
