"""The parallel run's groups hold (tests/conftest.py: a file, or the files sharing a session
fixture, run on one worker, so their shared fixtures are built once; `make test` uses
`--dist loadgroup`). pytest-xdist applies a group by suffixing the test's node id with it; a
pytest that drops that suffix spreads the tests one by one and nothing fails: this test does."""

import pytest

from tests.conftest import TOGETHER


def test_this_test_runs_in_its_files_group(request):
    config = request.config
    if not hasattr(config, "workerinput"):
        pytest.skip("not run by pytest-xdist (make test runs it so)")
    if not config.getvalue("loadgroup"):
        pytest.skip("run without --dist loadgroup")
    name = request.node.path.name
    assert request.node.nodeid.endswith("@" + TOGETHER.get(name, name)), request.node.nodeid
