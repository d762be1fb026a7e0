"""One definition per quantity (issue 20, point 4): each quantity below is computed in one home
and everything else reads it. The scan walks the AST of every module of ``pipeline/`` and fails
when a second body of one of them appears outside its home; each rule is shown able to fail on
a small planted snippet, and shown not to flag look-alike code that is not the quantity.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import sources

PIPELINE = Path(__file__).resolve().parents[1] / "pipeline"

# quantity -> the one module allowed to hold its body (None: nowhere)
HOMES = {
    "serapan": "pipeline/measure/budget.py",
    "pita serapan 80/90": "pipeline/measure/budget.py",
    "capaian indikator program": "pipeline/measure/engine.py",
    "baris total": "pipeline/inputs/rawio.py",
    "nilai kosong": "pipeline/inputs/idnum.py",
    "sha256 berkas": "pipeline/inputs/rawfile.py",
    "pembaca angka longgar": "pipeline/inputs/idnum.py",
    "perbandingan angka terformat": None,
}

BAND_EDGES = {80, 90}
_TOTAL_ALTERNATION = re.compile(r"(?i)\bjumlah\b[^|]*\|[^|]*\btotal\b|\btotal\b[^|]*\|[^|]*\bjumlah\b")
_MISSING_NAME = re.compile(r"^_?(is_)?(missing|absent|blank|nil|na)$")


def _words(node: ast.AST) -> set[str]:
    """Every name, attribute and string constant under ``node``, lower case ('target_renstra.csv'
    is one word, so a path joined with '/' does not read as a division by target)."""
    out = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.add(sub.id.lower())
        elif isinstance(sub, ast.Attribute):
            out.add(sub.attr.lower())
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.add(sub.value.strip().lower())
    return out


def _names(node: ast.AST, word: str) -> bool:
    """Does ``node`` name ``word`` (or ``word_…``: pagu_program)?"""
    return any(w == word or w.startswith(word + "_") and "." not in w for w in _words(node))


def _number(node: ast.AST):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        return node.value
    return None


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return ""


def _adjacent_edges(items: list[ast.AST]) -> bool:
    values = [_number(i) for i in items]
    return any({a, b} == BAND_EDGES for a, b in zip(values, values[1:]))


def _strings(node: ast.AST) -> set[str]:
    elts = getattr(node, "elts", None) or []
    return {" ".join(e.value.lower().split()) for e in elts
            if isinstance(e, ast.Constant) and isinstance(e.value, str)}


def _declared_rows(source: str) -> set[int]:
    """ids of literals given as ``derived_rows=`` (the registry's per-file declaration of the rows
    a workbook greys, which is data, not a detection rule)."""
    return {id(k.value) for k in sources.nodes(source) if isinstance(k, ast.keyword) and k.arg == "derived_rows"}


def _none_tested(values: list[ast.AST]) -> set[str]:
    return {ast.dump(v.left) for v in values if isinstance(v, ast.Compare) and len(v.ops) == 1
            and isinstance(v.ops[0], (ast.Is, ast.IsNot)) and isinstance(v.comparators[0], ast.Constant)
            and v.comparators[0].value is None}


def _nan_tested(values: list[ast.AST]) -> set[str]:
    calls = [v.operand if isinstance(v, ast.UnaryOp) and isinstance(v.op, ast.Not) else v for v in values]
    return {ast.dump(c.args[0]) for c in calls if _call_name(c) in ("isna", "isnan", "isnull") and c.args}


def findings(rel: str, source: str) -> list[tuple[str, int]]:
    """(quantity, line) of every body in ``source`` (module ``rel``) of a quantity of HOMES."""
    declared = _declared_rows(source)
    found = []
    for node in sources.nodes(source):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            if _names(node.right, "pagu"):
                found.append(("serapan", line))
            if _names(node.right, "target"):
                found.append(("capaian indikator program", line))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = node.name.lower()
            if "serapan" in name:
                found.append(("serapan", line))
            params = [a.arg for a in node.args.args]
            if _MISSING_NAME.match(name) and len(params) == 1 and params[0] not in ("self", "cls"):
                found.append(("nilai kosong", line))
            if "sha256" in name:
                found.append(("sha256 berkas", line))
            if "lenient" in name and "number" in name:
                found.append(("pembaca angka longgar", line))
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_number(s) in BAND_EDGES for s in sides) and _names(node, "serapan"):
                found.append(("pita serapan 80/90", line))
            if len(sides) == 2 and any(isinstance(o, (ast.Eq, ast.NotEq)) for o in node.ops):
                if ast.dump(sides[0]) == ast.dump(sides[1]) and not isinstance(sides[0], ast.Constant):
                    found.append(("nilai kosong", line))  # x != x: the NaN test
                if any(_call_name(s).startswith("fmt_") for s in sides):
                    found.append(("perbandingan angka terformat", line))
            if any(isinstance(o, (ast.Is, ast.IsNot)) for o in node.ops) and any(
                    isinstance(s, ast.Attribute) and s.attr in ("NA", "NaT") for s in sides):
                found.append(("nilai kosong", line))
        if isinstance(node, ast.BoolOp):
            calls = {_call_name(v) for v in node.values}
            if isinstance(node.op, ast.And) and "isinstance" in calls and "isnan" in calls:
                found.append(("nilai kosong", line))
            if _none_tested(node.values) & _nan_tested(node.values):
                found.append(("nilai kosong", line))  # x is None or pd.isna(x)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            if _adjacent_edges(node.elts):
                found.append(("pita serapan 80/90", line))
            if {"jumlah", "total"} <= _strings(node) and id(node) not in declared:
                found.append(("baris total", line))
        if isinstance(node, ast.Call):
            if _adjacent_edges(node.args) or ("band" in _call_name(node).lower()
                                              and any(_number(a) in BAND_EDGES for a in node.args)):
                found.append(("pita serapan 80/90", line))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and _TOTAL_ALTERNATION.search(node.value):
            found.append(("baris total", line))
        if isinstance(node, ast.Import) and any(a.name == "hashlib" for a in node.names):
            found.append(("sha256 berkas", line))
        if isinstance(node, ast.ImportFrom) and node.module == "hashlib":
            found.append(("sha256 berkas", line))
    return [(q, line) for q, line in found if HOMES[q] != rel]


def scan(root: Path = PIPELINE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root.parent).as_posix()
        out += [f"{rel}:{line}: {q} (tempatnya {HOMES[q] or 'tidak di mana pun'})"
                for q, line in findings(rel, path.read_text(encoding="utf-8"))]
    return out


def test_every_quantity_has_one_body_in_the_pipeline():
    assert scan() == []


def test_each_home_exists_and_holds_its_quantity():
    # The homes are real, and the scan does see the body there (it is only allowed there).
    for quantity, home in HOMES.items():
        if home is None:
            continue
        source = (PIPELINE.parent / home).read_text(encoding="utf-8")
        seen = {q for q, _ in findings("elsewhere.py", source)}
        assert quantity in seen, (quantity, home)


PLANTED = {
    "serapan": ["def f(df):\n    return df['realisasi'] / df['pagu'] * 100\n",
                "def f(p, r):\n    return r / float(pagu) * 100\n",
                "def serapan_lagi(x):\n    return x\n"],
    "pita serapan 80/90": ["n = (serapan >= 90).sum()\n", "EDGES = (80, 90)\n",
                           "x = _band(90, math.inf)\n", "bands(sub, edges=[80.0, 90.0])\n"],
    "capaian indikator program": ["cap = float(real) / float(target) * 100\n",
                                  "cap = r['realisasi'] / r['target'] * 100\n"],
    "baris total": ["T = re.compile(r'^(jumlah|total)\\b')\n",
                    "m = s.str.upper().isin(['TOTAL', 'JUMLAH'])\n", "W = {'jumlah', 'total'}\n"],
    "nilai kosong": ["ok = x is None or (isinstance(x, float) and math.isnan(x))\n",
                     "ok = v is pd.NA\n", "ok = v is None or pd.isna(v)\n",
                     "ok = r['x'] is not None and not pd.isna(r['x'])\n", "ok = v != v\n", "def _missing(v):\n    return v is None\n"],
    "sha256 berkas": ["import hashlib\n", "from hashlib import sha256\n",
                      "def _sha256(path):\n    return path\n"],
    "pembaca angka longgar": ["def lenient_number(text):\n    return float(text)\n"],
    "perbandingan angka terformat": ["if fmt_number(a, 2) != fmt_number(b, 2):\n    pass\n",
                                     "same = idnum.fmt_percent(a) == teks\n"],
}


@pytest.mark.parametrize("quantity,snippet", [(q, s) for q, snippets in PLANTED.items() for s in snippets])
def test_the_scan_finds_a_planted_second_body(quantity, snippet):
    assert quantity in {q for q, _ in findings("pipeline/analysis/planted.py", snippet)}


@pytest.mark.parametrize("snippet", [
    "widths = (30, 80, 50, 30, 30)\n",              # column widths, not a band
    "upper = 65 <= c <= 90\n",                      # ASCII letters
    "x = total / jumlah\n",                         # a ratio of totals, not pagu or target
    "label = 'jumlah (TOTAL)'\n",                   # a label, not a total-row rule
    "rows = registry(derived_rows=('total', 'jumlah'))\n",  # the registry's per-file declaration
    "text = fmt_number(a) + '%'\n",                 # formatting, not comparing
    "ok = a == b\n",
    "def _or_blank(v):\n    return v\n",
    "class S:\n    def missing(self):\n        return []\n",       # a method, not a predicate
    "p = common / 'target_renstra.csv'\n",            # a path, not a division by target
    "ok = not math.isnan(x)\n",                       # the library's NaN test on a float
    "ok = a is not None and not pd.isna(b)\n",        # two different values
    "h = sha = sha256_file\n",
])
def test_the_scan_leaves_look_alikes_alone(snippet):
    assert findings("pipeline/analysis/planted.py", snippet) == []


def test_the_home_itself_is_allowed():
    snippet = "def serapan_rate(pagu, realisasi):\n    return realisasi / pagu * 100\n"
    assert findings("pipeline/measure/budget.py", snippet) == []
    assert findings("pipeline/measure/engine.py", snippet) == [("serapan", 1), ("serapan", 2)]
