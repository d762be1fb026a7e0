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
from tests import sources

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


def test_every_raw_file_feeds_declared_tables_and_every_table_has_a_raw_source():
    per_year = [f.removeprefix(catalogue.YEAR_FOLDER) for f in catalogue.RAW_FILES
                if f.startswith(catalogue.YEAR_FOLDER)]
    assert per_year == [f.name for f in registry.FILES]  # every registry file, in its order
    for tables in catalogue.RAW_FILES.values():
        assert tables and set(tables) <= set(catalogue.TABLES), tables
    for name in catalogue.TABLES:
        assert catalogue.raw_files_of(name, 2024), name
    assert catalogue.raw_files_of(catalogue.NARASI, 2024) == ("2024/narasi.yml",)
    assert catalogue.raw_files_of(catalogue.TARGET, 2024) == ("common/target_renstra.csv",
                                                               "2024/perjanjian_kinerja.csv")
    assert catalogue.raw_files_of(catalogue.IKM_AGREGAT, 2024) == ("2024/ikm_perkembangan.csv",
                                                                    "2024/ikm_register.csv")
    # what the registry's users ask: a file's tables (its parser's first), a table's file
    assert catalogue.tables_fed_by("ikm_register.csv") == ("ikm_perusahaan", "ikm_log_pembersihan")
    assert catalogue.tables_fed_by("perjanjian_kinerja.csv") == ("target",)
    assert catalogue.raw_file_for(catalogue.IKM_SERI) == "ikm_perkembangan.csv"
    assert catalogue.table_files("staff") == {"pegawai_golongan": "pegawai_golongan.csv",
                                              "pegawai_pendidikan": "pegawai_pendidikan.csv",
                                              "sdm_sasaran": "sdm_sasaran.csv"}
    assert catalogue.breakdowns() == [
        ("pencari_kerja", "pencari_kerja_dilaporkan", "pendidikan", "pencari_kerja.csv"),
        ("pegawai_golongan", "pegawai_golongan_dilaporkan", "kategori", "pegawai_golongan.csv"),
        ("pegawai_pendidikan", "pegawai_pendidikan_dilaporkan", "kategori", "pegawai_pendidikan.csv")]


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


def _mentions_processed(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and "processed" in n.id.lower()
               or isinstance(n, ast.Attribute) and "processed" in n.attr.lower() for n in ast.walk(node))


def _module(text: str) -> bool:
    """Whether ``text`` names an importable module (``pyarrow.parquet``), not a file."""
    import importlib.util

    try:
        return importlib.util.find_spec(text) is not None
    except (ImportError, ValueError):
        return False


def offences(source: str) -> list[str]:
    """Processed-table and report-file names in ``source`` (docstrings aside)."""
    skip = sources.docstrings(source)
    found = []
    for node in sources.nodes(source):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value
            if text.endswith(catalogue.PARQUET) and not _module(text) \
                    or text in REPORT_NAMES - REPORT_FOLDERS or text in REPORT_BASENAMES:
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
    # look-alikes: a raw file joined to a raw folder, a docstring, a dict key, a module's name
    assert offences('''
def g(paths):
    """Reads summary.json and processed iku.csv."""
    return paths.raw_common / "iku.csv", tables["iku"], {"sections": 1}, "pyarrow.parquet"
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


LINEAGE_DECLARATIONS = {"READS", "SECTION_READS", "_TARGET"}  # pipeline.sections.lineage


def table_literals(source: str) -> list[str]:
    """Processed tables named by a string literal in ``source`` where a table is named: a lookup
    on a tables mapping (``tables["x"]``, ``ctx.tables.get("x")``, ``"x" in tables``, a parser's
    ``FILES["x"]``), ``need(tables, "x")``, ``metode.olahan(tables, "x", ...)``, ``ctx.table("x")``,
    any argument of a ``catalogue.<function>(...)``, a loop over literal names, the dict a parser's
    ``tables()`` returns, and the lineage declarations (READS). A column or a block key that
    happens to be spelled like a table (``row["target"]``) is not a table-naming position."""
    declared = set(catalogue.TABLES)

    def is_tables(node):
        return (isinstance(node, ast.Name) and node.id in ("tables", "t", "out", "FILES")
                or isinstance(node, ast.Attribute) and node.attr == "tables")

    def named(node):
        ok = isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in declared
        return node.value if ok else None

    found = []
    for node in sources.nodes(source):
        hits = []
        if isinstance(node, ast.Subscript) and is_tables(node.value):
            hits.append(named(node.slice))
        elif isinstance(node, ast.Compare) and len(node.comparators) == 1 \
                and isinstance(node.ops[0], (ast.In, ast.NotIn)) and is_tables(node.comparators[0]):
            hits.append(named(node.left))
        elif isinstance(node, ast.For) and isinstance(node.iter, (ast.Tuple, ast.List, ast.Set)):
            # a loop over table names (or pairs of them), not over (label, value) pairs
            leaves = [e for e in ast.walk(node.iter) if not isinstance(e, (ast.Tuple, ast.List, ast.Set, ast.Load))]
            if all(named(e) for e in leaves):
                hits.extend(named(e) for e in leaves)
        elif isinstance(node, ast.FunctionDef) and node.name == "tables":
            hits.extend(named(k) for r in ast.walk(node) if isinstance(r, ast.Return)
                        and isinstance(r.value, ast.Dict) for k in r.value.keys if k is not None)
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in LINEAGE_DECLARATIONS
                                                  for t in node.targets):
            hits.extend(named(c) for c in ast.walk(node.value))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = func.value if isinstance(func, ast.Attribute) else None
            if name == "get" and is_tables(owner) and node.args:
                hits.append(named(node.args[0]))
            elif name in ("need", "_need", "olahan") and len(node.args) > 1:
                hits.append(named(node.args[1]))
            elif name == "table" and isinstance(owner, ast.Name) and owner.id in ("ctx", "cleaned") and node.args:
                hits.append(named(node.args[0]))
            elif isinstance(owner, ast.Name) and owner.id == "catalogue":
                hits.extend(named(a) for a in [*node.args, *(k.value for k in node.keywords)])
        found.extend(h for h in hits if h)
    return sorted(found)


def test_scan_finds_a_table_named_by_a_literal():
    planted = '''
READS = (("bab2_iku", ("iku",)),)
def tables(paths, year):
    return {"narasi": frame}
def f(tables, ctx, cleaned):
    a = tables["capaian_tahunan"], ctx.tables.get("ikm_agregat"), need(tables, "target")
    b = "instansi" in tables, catalogue.read("rkt", folder), catalogue.parquet_file(folder, "pelatihan")
    c = ctx.table("penempatan"), cleaned.table("ketenagakerjaan"), metode.olahan(tables, "indikator_program", [])
    for name in ("pegawai_golongan", "pegawai_pendidikan"):
        pass
    for cells, stated in (("pencari_kerja", "pencari_kerja_dilaporkan"),):
        pass
    return FILES["sdm_sasaran"]
'''
    assert table_literals(planted) == sorted(
        ["iku", "narasi", "capaian_tahunan", "ikm_agregat", "target", "instansi", "rkt", "pelatihan",
         "penempatan", "ketenagakerjaan", "indikator_program", "pegawai_golongan", "pegawai_pendidikan",
         "pencari_kerja", "pencari_kerja_dilaporkan", "sdm_sasaran"])
    # look-alikes: columns, a section's own table id, a block key, names through the catalogue
    assert table_literals('''
def g(tables, row, section):
    x = row["target"], tables[catalogue.IKU], section.table("konfirmasi_kewajaran", "judul")
    return {"target": 1}, BLOCKS["ketenagakerjaan"], need(tables, catalogue.TARGET)
''') == []


def _scanned() -> list[Path]:
    # the raw-file registry names no table: the catalogue says which tables each file feeds
    skip = {HOME}
    return ([p for p in sorted(PIPELINE.rglob("*.py")) if p not in skip]
            + sorted((PACKAGE_ROOT / "notebooks").glob("*.py")))


def test_no_module_or_notebook_names_a_table_by_a_literal():
    found = {}
    for path in _scanned():
        names = table_literals(path.read_text(encoding="utf-8"))
        if names:
            found[path.relative_to(PACKAGE_ROOT).as_posix()] = names
    assert found == {}


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
