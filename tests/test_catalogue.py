"""The data catalogue (issue 20, point 5): every processed table declared once, typed.

The declarations are held to what the cleaning really writes for the shipped 2024 data (every
table, every column, every dtype), the stored copies to the declarations (Parquet read back
typed and byte-reproducible, the CSV copy the same rows), and the rest of ``pipeline/`` to naming
no processed or report file but through the catalogue (a scan, shown able to fail).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from pipeline.clean import build
from pipeline.config import PACKAGE_ROOT, Paths
from pipeline.inputs import catalogue, registry

PIPELINE = PACKAGE_ROOT / "pipeline"
HOME = PIPELINE / "inputs" / "catalogue.py"


@pytest.fixture(scope="module")
def cleaned():
    return build(2024, Paths(PACKAGE_ROOT))


def test_catalogue_declares_exactly_what_the_cleaning_writes(cleaned):
    assert sorted(cleaned) == sorted(catalogue.TABLES)
    for name, df in cleaned.items():
        declared = catalogue.TABLES[name]
        assert list(df.columns) == [c for c, _ in declared.columns], name
        for column, dtype in declared.columns:
            parsed = str(df[column].dtype)
            if column in catalogue.ID_TYPES and parsed != dtype:
                # an id parsed as another type is converted once, at the writer, losslessly
                assert df[column].astype(dtype).astype(parsed).equals(df[column]), (name, column)
            else:
                assert parsed == dtype, (name, column, parsed, dtype)
        assert [str(t) for t in catalogue.conform(name, df).dtypes] == [d for _, d in declared.columns]


def test_ids_have_one_type_everywhere():
    assert catalogue.ID_TYPES == {"indikator_id": "str", "sasaran_id": "Int64"}
    seen = {(column, dtype) for t in catalogue.TABLES.values() for column, dtype in t.columns
            if column in catalogue.ID_TYPES}
    assert seen == {("indikator_id", "str"), ("sasaran_id", "Int64")}


def test_every_table_is_written_by_the_cleaning_and_read_by_a_declared_step():
    steps = {catalogue.VALIDATE, catalogue.ORGANISASI, catalogue.SASARAN, catalogue.ANGGARAN,
             catalogue.ASSEMBLE, catalogue.NEW_YEAR}
    for table in catalogue.TABLES.values():
        assert table.writer == catalogue.CLEAN
        assert table.readers and set(table.readers) <= steps, table.name
        # the validation checks every table the cleaning writes
        assert catalogue.VALIDATE in table.readers, table.name
    assert catalogue.read_by("sasaran_12") == catalogue.read_by("sasaran")
    assert "pelatihan" in catalogue.read_by("sasaran_1") and "pelatihan" not in catalogue.read_by("anggaran")


def test_every_registry_table_is_declared_and_has_a_raw_source():
    for f in registry.FILES:
        # perjanjian_kinerja.csv is parsed into 'target' (the catalogue's COMMON_SOURCES say so)
        assert set(f.tables) - {"perjanjian_kinerja"} <= set(catalogue.TABLES), f.name
    assert "{year}/perjanjian_kinerja.csv" in catalogue.COMMON_SOURCES["target"]
    for name in catalogue.TABLES:
        assert catalogue.raw_files_of(name, 2024), name
    assert catalogue.raw_files_of("narasi", 2024) == ("2024/narasi.yml",)
    assert catalogue.raw_files_of("ikm_agregat", 2024) == ("2024/ikm_perkembangan.csv", "2024/ikm_register.csv")


def test_stored_copies_are_typed_reproducible_and_alike(cleaned, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
        for name, df in cleaned.items():
            catalogue.write(name, df, folder)
    assert catalogue.stored(first) == sorted(cleaned)
    for name, df in cleaned.items():
        parquet = catalogue.parquet_file(first, name)
        assert parquet.read_bytes() == catalogue.parquet_file(second, name).read_bytes(), name
        typed = catalogue.read(name, first)
        pd.testing.assert_frame_equal(typed, catalogue.conform(name, df))
        # the people's copy: the same rows, as text
        text = pd.read_csv(catalogue.csv_file(first, name), dtype=str, keep_default_na=False)
        assert len(text) == len(typed) and list(text.columns) == list(typed.columns), name
    # spot values worked out from the seed's Tabel 3.25 / iku: typed, not guessed
    sub = catalogue.read("anggaran_subkegiatan", first)
    assert str(sub["pagu"].dtype) == "Int64" and int(sub["pagu"].sum()) == 6643861122
    iku = catalogue.read("iku", first)
    assert iku["indikator_id"].tolist()[:1] == ["1.1"] and iku["sasaran_id"].tolist() == [1, 2, 3]


def test_a_frame_with_other_columns_is_refused():
    with pytest.raises(RuntimeError, match="instansi"):
        catalogue.conform("instansi", pd.DataFrame({"kunci": ["a"]}))


# -- the scan: no processed or report file is named outside the catalogue ---------------------

REPORT_NAMES = {f.path.rstrip("/") for f in catalogue.REPORT_FILES}
# a file's own name too ("findings.json"), but for the Data Docs page's: reports/index.html is
# the index of every year, not a report file
REPORT_BASENAMES = {Path(p).name for p in REPORT_NAMES if "." in Path(p).name} - {"index.html"}
REPORT_FOLDERS = {p for p in REPORT_NAMES if "." not in p}


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def _mentions_processed(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and "processed" in n.id.lower()
               or isinstance(n, ast.Attribute) and "processed" in n.attr.lower() for n in ast.walk(node))


def offences(source: str) -> list[str]:
    """Processed-table and report-file names in ``source`` (docstrings aside)."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if text.endswith(catalogue.PARQUET) or text in REPORT_NAMES - REPORT_FOLDERS \
                    or text in REPORT_BASENAMES:
                found.append(text)
        elif isinstance(node, ast.JoinedStr) and any(
                isinstance(v, ast.Constant) and "data/processed/" in str(v.value) for v in node.values):
            found.append(ast.unparse(node))  # f"data/processed/{name}.csv"
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            right = node.right
            if isinstance(right, ast.Constant) and isinstance(right.value, str):
                if right.value in REPORT_FOLDERS:
                    found.append(right.value)  # report_dir / "sections"
                elif right.value.endswith(catalogue.CSV) and _mentions_processed(node.left):
                    found.append(right.value)  # processed_dir / "iku.csv"
            elif isinstance(right, ast.JoinedStr) and _mentions_processed(node.left):
                found.append(ast.unparse(right))  # processed_dir / f"{name}.csv"
    return found


def test_scan_flags_planted_names():
    planted = '''
def f(processed_dir, report_dir, name):
    a = Path(processed_dir) / "iku.csv"
    b = paths.processed_year(2024) / f"{name}.csv"
    c = report_dir / "validation" / "findings.json"
    d = report_dir / "sections"
    e = "summary.json"
    g = folder / "iku.parquet"
    h = f"data/processed/{name}.csv"
'''
    assert sorted(offences(planted)) == sorted(["iku.csv", "f'{name}.csv'", "validation", "findings.json",
                                                "sections", "summary.json", "iku.parquet",
                                                "f'data/processed/{name}.csv'"])
    # look-alikes: a raw file joined to a raw folder, a docstring, a dict key
    assert offences('''
def g(paths):
    """Reads summary.json and processed iku.csv."""
    return paths.raw_common / "iku.csv", tables["iku"], {"sections": 1}
''') == []


def test_no_module_names_a_processed_or_report_file_outside_the_catalogue():
    found = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        if path == HOME:
            continue
        hits = offences(path.read_text(encoding="utf-8"))
        if hits:
            found[path.relative_to(PACKAGE_ROOT).as_posix()] = hits
    assert found == {}


def test_processed_readme_lists_the_catalogue():
    readme = (PACKAGE_ROOT / "data" / "processed" / "README.md").read_text(encoding="utf-8")
    assert readme.endswith(catalogue.listing())
    assert "| `ikm_agregat` | {year}/ikm_perkembangan.csv, {year}/ikm_register.csv |" in readme


def table_lookups(source: str) -> set[str]:
    """Names looked up in a processed-tables mapping in ``source``: ``tables["x"]``,
    ``ctx.tables["x"]``, ``tables.get("x")``, ``"x" in tables`` and ``need(tables, "x")``."""
    def is_tables(node):
        return (isinstance(node, ast.Name) and node.id == "tables"
                or isinstance(node, ast.Attribute) and node.attr == "tables")

    def text(node):
        return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None

    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript) and is_tables(node.value) and text(node.slice):
            found.add(text(node.slice))
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and is_tables(func.value):
                found.add(text(node.args[0]))
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("need", "_need") and len(node.args) > 1 and text(node.args[1]):
                found.add(text(node.args[1]))
        elif isinstance(node, ast.Compare) and len(node.comparators) == 1 and is_tables(node.comparators[0]) \
                and isinstance(node.ops[0], (ast.In, ast.NotIn)) and text(node.left):
            found.add(text(node.left))
    return found - {None}


def test_table_lookups_name_only_declared_tables():
    assert table_lookups('x = tables["iku"], ctx.tables.get("ikm_agregat"), need(tables, "target"), '
                         '"narasi" in tables, row["kolom"]') == {"iku", "ikm_agregat", "target", "narasi"}
    undeclared = {}
    for path in sorted(PIPELINE.rglob("*.py")):
        names = table_lookups(path.read_text(encoding="utf-8")) - set(catalogue.TABLES)
        if names:
            undeclared[path.relative_to(PACKAGE_ROOT).as_posix()] = sorted(names)
    assert undeclared == {}


def test_new_year_reads_the_template_years_register_totals_typed(cleaned, tmp_path):
    """lkjip new-year takes the template year's IKM totals from the typed table (the seed, 2024:
    2.500 firms, Klasifikasi Industri Mikro 2483, 7.563 workers, Nilai Produksi Rp
    301.636.853.935), as ints and floats, without guessing them from CSV text."""
    from pipeline.years.newyear import register_aggregate

    paths = Paths(tmp_path)
    folder = paths.processed_year(2024)
    folder.mkdir(parents=True)
    catalogue.write("ikm_agregat", cleaned["ikm_agregat"], folder)
    totals = register_aggregate(paths, 2024)
    assert (totals["unit_usaha"], totals["tenaga_kerja"], totals["mikro"]) == (2500, 7563, 2483)
    assert type(totals["unit_usaha"]) is int and totals["nilai_produksi_ribu_rp"] == 301636853.935
    assert "sumber" not in totals and "tahun" in totals
