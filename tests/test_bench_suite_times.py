"""`make bench`'s test-suite rows (bench/suite_times.py) read pytest's own report: the counts of
its last summary line, its seconds and its slowest tests; the row sets the wall time beside the
issue's target. Times are the bench's business, not asserted here: the report below is written
by hand in pytest's format (`make test` of 2026-12-07 13:10 UTC, shortened)."""

import importlib.util
import re

import pytest

from pipeline.config import PACKAGE_ROOT

REPORT = """\
============================= test session starts ==============================
platform linux -- Python 3.11.7, pytest-9.0.1, pluggy-1.6.0
created: 2/2 workers
2 workers [1549 items]

........................................................................ [  4%]
============================= slowest 10 durations =============================
57.09s call     tests/test_incremental_run.py::test_edits_rerun_only_the_steps@test_incremental_run.py
56.55s call     tests/test_kewajaran.py::test_run_stops_on_huge_firm_and_passes_when_confirmed@test_kewajaran.py
27.57s setup    tests/test_reproducible_run.py::test_a_first_run_and_a_forced_rerun@test_reproducible_run.py
=========================== short test summary info ============================
SKIPPED [3] tests/test_plaincsv.py:40: not a plain file (quotes or blank header)
================= 1546 passed, 3 skipped in 351.94s (0:05:51) ==================
"""


@pytest.fixture(scope="module")
def suite_times():
    spec = importlib.util.spec_from_file_location("suite_times", PACKAGE_ROOT / "bench" / "suite_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_summary_is_what_pytest_reported(suite_times):
    found = suite_times.summary(REPORT)
    assert found["counts"] == {"passed": 1546, "skipped": 3}
    assert found["pytest_s"] == 351.94
    assert [(t["seconds"], t["phase"]) for t in found["slowest"]] == [(57.09, "call"), (56.55, "call"),
                                                                      (27.57, "setup")]
    assert found["slowest"][2]["test"] == "tests/test_reproducible_run.py::test_a_first_run_and_a_forced_rerun"


def test_a_deselecting_tier_and_a_failure_are_counted(suite_times):
    fast = "=========== 1295 passed, 3 skipped, 251 deselected in 33.27s ============\n"
    assert suite_times.summary(fast)["counts"] == {"passed": 1295, "skipped": 3, "deselected": 251}
    failed = "===== 1 failed, 1545 passed, 3 skipped in 340.10s (0:05:40) =====\n"
    assert suite_times.summary(failed)["counts"] == {"failed": 1, "passed": 1545, "skipped": 3}
    with pytest.raises(ValueError):
        suite_times.summary("make: *** [Makefile:90: test] Error 1\n")


def test_the_row_sets_the_wall_time_beside_its_target(suite_times):
    row = {"target": "test", "wall_s": 221.0, "cpu_s": 357.2, "goal_s": suite_times.TARGETS["test"],
           **suite_times.summary(REPORT)}
    # 221,0 / 180 = 1,2278: over the target by 23 %
    assert "221.0 s  = 1.23 x 180 s (target <= 1.00; 1546 passed, 3 skipped; pytest 351.9 s; CPU 357 s)" \
        in suite_times.line(row)
    assert suite_times.slowest_lines(row, 1) == [
        "    57.1 s call     tests/test_incremental_run.py::test_edits_rerun_only_the_steps"]


def test_every_timed_target_is_the_makefiles(suite_times):
    makefile = (PACKAGE_ROOT / "Makefile").read_text(encoding="utf-8")
    assert set(suite_times.TARGETS) == {"test", "test-fast"}
    for target in suite_times.TARGETS:
        assert re.search(rf"^{target}:.*\n\t\$\(PYTEST\) \$\(PYTEST_PARALLEL\)", makefile, re.MULTILINE), target
    assert "--durations=10" in makefile  # the slowest tests the rows list
