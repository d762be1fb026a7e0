"""`make bench`'s IKM register scale table (bench/bench_scale.py) runs: its clean and validate
children are the pipeline's own entry points, and nothing else calls them. An import the
pipeline moved (``pipeline.validate.run``) broke the table for two days unnoticed while the
benches of those days ran with --no-scale, and since the processed tables gained their typed
copy the validate child read the 2024 register's copy instead of the cleaned one it measures.
Times are the bench's business, not asserted here."""

import importlib.util

import pytest

from pipeline.config import PACKAGE_ROOT

pytestmark = pytest.mark.slow


def test_the_scale_table_measures_a_small_register(tmp_path):
    spec = importlib.util.spec_from_file_location("bench_scale", PACKAGE_ROOT / "bench" / "bench_scale.py")
    bench_scale = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_scale)
    [row] = bench_scale.run_scale([1000], workdir=tmp_path)
    assert row["firms"] == 1000
    assert 0 < row["firms_kept"] <= 1000
    # the validation read the cleaned copy, not the 2024 register the folder started with
    assert row["register_rows_validated"] == row["firms_kept"]
    # the confirmed growth figures let the gate pass; the register's own suite holds on the copy
    assert row["critical"] == 0 and row["register_suite_ok"] is True
    assert bench_scale.line(row).split()[0] == "1,000"
    assert list(tmp_path.iterdir()) == []  # its working folder removed
