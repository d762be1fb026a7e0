"""Per-suite validation reuse (pipeline.validate.gx.SuiteResults): a suite whose suite file and
table are unchanged is not run again, its kept result is what running it gives, and Great
Expectations is not even imported when no suite has to run."""

import pytest

from pipeline import clean
from pipeline.config import Paths
from pipeline.measure.indicators import load_processed
from pipeline.validate import gx

# the shipped 2024 data cleaned, then its suites run: not of the unit tier
pytestmark = pytest.mark.slow

YEAR = 2024


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("processed") / str(YEAR)
    paths = Paths.default()
    clean.run(YEAR, folder, paths)
    return dict(load_processed(folder, paths))


@pytest.fixture(scope="module")
def specs(tables):
    # the suites on processed tables (the check tables are built by the validation step)
    return [s for s in gx.load_suites(Paths.default().expectations) if s.table in tables]


def spy(monkeypatch):
    ran = []
    original = gx._run

    def counted(specs, tables):
        ran.extend(s.name for s in specs)
        return original(specs, tables)

    monkeypatch.setattr(gx, "_run", counted)
    return ran


def test_kept_results_equal_a_run_and_need_no_gx(tables, specs, tmp_path, monkeypatch):
    assert len(specs) >= 5
    fresh = gx.run_suites(specs, tables)
    kept = gx.SuiteResults(tmp_path / "gx")
    assert gx.run_suites(specs, tables, kept) == fresh  # the first time every suite runs and is kept
    assert len(list((tmp_path / "gx").glob("*.json"))) == len(specs)

    monkeypatch.setattr(gx, "_gx", lambda: pytest.fail("Great Expectations imported"))
    ran = spy(monkeypatch)
    again = gx.run_suites(specs, tables, gx.SuiteResults(tmp_path / "gx"))
    assert ran == []
    assert again == fresh


def test_a_changed_table_reruns_only_its_suites(tables, specs, tmp_path, monkeypatch):
    gx.run_suites(specs, tables, gx.SuiteResults(tmp_path / "gx"))
    changed = dict(tables)
    frame = changed["ketenagakerjaan"].copy()
    frame.iloc[0, frame.columns.get_loc("nilai")] = frame["nilai"].iloc[0] + 1
    changed["ketenagakerjaan"] = frame
    ran = spy(monkeypatch)
    kept = gx.SuiteResults(tmp_path / "gx")
    outcomes, raw = gx.run_suites(specs, changed, kept)
    assert ran == [s.name for s in specs if s.table == "ketenagakerjaan"]
    assert (outcomes, raw) == gx.run_suites(specs, changed)
    kept.prune()  # the result of the old table is no longer kept
    assert len(list((tmp_path / "gx").glob("*.json"))) == len(specs)


def test_force_runs_every_suite_and_still_keeps_them(tables, specs, tmp_path, monkeypatch):
    gx.run_suites(specs, tables, gx.SuiteResults(tmp_path / "gx"))
    ran = spy(monkeypatch)
    gx.run_suites(specs, tables, gx.SuiteResults(tmp_path / "gx", reuse=False))
    assert ran == [s.name for s in specs]
