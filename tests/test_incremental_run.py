"""Change only what changed: real runs of the shipped 2024 data in a throw-away project copy.

After a cold run, one number of pelatihan.csv reruns only the steps whose notebooks read its
table (the cleaning, the validation and the sasaran whose program holds the trainings); one
sentence of sasaran 1's narrative in narasi.yml reruns the cleaning (which reads the file), the
validation (whose narasi table changed) and sasaran 1, the only analysis that read that part; inside
the validation no Great Expectations suite runs again for the pelatihan edit
(pipeline.validate.gx.SuiteResults). Both edits undone in one go rerun the same steps, and what the
three incremental runs leave published is what the session's cold run of the same inputs published,
byte for byte but for the run's timestamp (a cold run and a forced rerun publish the same:
tests/test_reproducible_run.py).
"""

import json

import pytest

from tests.conftest import run_lkjip, tree_hashes
from tests.test_reproducible_run import without_timestamp

pytestmark = pytest.mark.slow

PELATIHAN = ("roti/kue;1;16;", "roti/kue;1;17;")
NARASI = ("untuk membuka usaha baru.", "untuk membuka usaha baru yang mandiri.")


def edit(root, name, old, new):
    path = root / "data" / "raw" / "2024" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    done = run_lkjip(root, "manifest", "--update")
    assert done.returncode == 0, done.stdout + done.stderr


def run(root, *extra):
    done = run_lkjip(root, "run", "--year", "2024", "--quiet", *extra)
    assert done.returncode == 0, done.stdout + done.stderr
    info = json.loads((root / "reports" / "2024" / "manifest.json").read_text(encoding="utf-8"))["run_info"]
    return sorted(info["steps_executed"]), sorted(info["steps_cached"])


def test_edits_rerun_only_the_steps_that_read_them_and_publish_what_a_cold_run_does(shipped_2024, tmp_path):
    root = shipped_2024.copy_to(tmp_path / "project")  # after the session's cold run

    kept = root / "reports" / ".cache" / "2024" / "gx"
    suites = sorted(p.name for p in kept.glob("*.json"))
    assert len(suites) == len(list((root / "expectations").glob("*.json")))
    edit(root, "pelatihan.csv", *PELATIHAN)
    executed, cached = run(root)
    # the trainings are delivered by the program of sasaran 1 (Tabel 3.25); nothing else reads them
    assert executed == ["clean", "sasaran_1", "validate"]
    assert cached == ["anggaran", "organisasi", "sasaran_2", "sasaran_3"]
    # no suite validates the trainings, and no table a suite validates changed: every suite's
    # result was reused (a result run again would have another key)
    assert sorted(p.name for p in kept.glob("*.json")) == suites

    edit(root, "narasi.yml", *NARASI)
    executed, cached = run(root)
    assert executed == ["clean", "sasaran_1", "validate"]
    assert cached == ["anggaran", "organisasi", "sasaran_2", "sasaran_3"]

    # both edits undone at once: the inputs are the shipped ones again
    for name, (old, new) in (("pelatihan.csv", PELATIHAN), ("narasi.yml", NARASI)):
        edit(root, name, new, old)
    executed, cached = run(root)
    assert executed == ["clean", "sasaran_1", "validate"]
    assert cached == ["anggaran", "organisasi", "sasaran_2", "sasaran_3"]

    cold = shipped_2024.root
    assert tree_hashes(root / "data" / "raw") == tree_hashes(cold / "data" / "raw")
    assert_published_as(root, cold)


def assert_published_as(root, cold) -> None:
    """What ``root`` published for 2024 is what the cold run in ``cold`` published, byte for byte
    but for the timestamp and run_info's account of the steps that ran and were taken over."""
    _, incremental = without_timestamp(root / "reports" / "2024")
    _, first = without_timestamp(cold / "reports" / "2024")
    # run_info says which steps ran; everything else in the manifest must agree
    for files in (incremental, first):
        manifest = json.loads(files.pop("manifest.json"))
        for key in ("steps_executed", "steps_cached", "force"):
            manifest["run_info"].pop(key)
        files["manifest.json"] = manifest
    assert sorted(incremental) == sorted(first)
    assert [name for name in incremental if incremental[name] != first[name]] == []
    assert tree_hashes(root / "data" / "processed" / "2024") == tree_hashes(cold / "data" / "processed" / "2024")
