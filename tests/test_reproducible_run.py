"""Same inputs, same bytes; interactive runs stay in their sandbox; tampered outputs are rebuilt.

Real runs of the shipped 2024 data (papermill kernels, Great Expectations, HTML) in a
throw-away copy of the project tree, shared by the tests of this module in order.
"""

import hashlib
import json
import os
import re
import subprocess
import sys

import pytest

from pipeline.config import PACKAGE_ROOT
from pipeline.run import kernel_factory
from tests.conftest import pdf_page_texts, run_lkjip, tree_hashes

pytestmark = pytest.mark.slow

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}")


def snapshot(root):
    return {"reports": tree_hashes(root / "reports" / "2024"),
            "processed": tree_hashes(root / "data" / "processed" / "2024")}


@pytest.fixture(scope="module")
def project(shipped_2024, tmp_path_factory):
    """The session's first run of the shipped data (a fresh tree), then a forced rerun over it.
    The rerun spawns every kernel (a fresh interpreter each) where the first run forked them
    from its kernel factory (Linux): the two ways give the same bytes."""
    root = shipped_2024.copy_to(tmp_path_factory.mktemp("project") / "root")
    done = run_lkjip(root, "run", "--year", "2024", "--force", "--quiet",
                     env={kernel_factory.ENVIRONMENT: "0"})
    assert done.returncode == 0, done.stdout + done.stderr
    return root, shipped_2024.root / "reports" / "2024"


def without_timestamp(folder):
    """Every published file's bytes, the run's declared timestamp (and the HTML's hash that
    follows from it) taken out of the two files that show it."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    stamp = manifest["run_info"].pop("timestamp")
    html = (folder / "LKjIP-2024.html").read_bytes()
    assert hashlib.sha256(html).hexdigest() == manifest["outputs"].pop("LKjIP-2024.html")
    assert hashlib.sha256(html).hexdigest() == manifest["cache_hashes"]["report"].pop("LKjIP-2024.html")
    # The PDF renders the same HTML, so it shows the timestamp too: compared by its text with the
    # timestamp taken out (page by page), not by its bytes.
    pdf = folder / "LKjIP-2024.pdf"
    for record in (manifest["outputs"], manifest["cache_hashes"]["report"]):
        assert record.pop("LKjIP-2024.pdf") == hashlib.sha256(pdf.read_bytes()).hexdigest()
    files = tree_hashes(folder)
    files["LKjIP-2024.pdf"] = [page.replace(stamp, "<timestamp>") for page in pdf_page_texts(pdf)]
    files["manifest.json"] = json.dumps(manifest, sort_keys=True)
    text = html.decode("utf-8")
    assert text.count(stamp) == 1  # shown once, in the reproducibility block
    files["LKjIP-2024.html"] = text.replace(stamp, "<timestamp>")
    return stamp, files


def test_a_first_run_and_a_forced_rerun_are_identical_but_for_the_timestamp(project):
    root, first = project
    second = root / "reports" / "2024"
    stamp1, files1 = without_timestamp(first)
    stamp2, files2 = without_timestamp(second)
    assert TIMESTAMP.fullmatch(stamp1) and TIMESTAMP.fullmatch(stamp2)
    # the manifest records the one other difference: which of the two was asked for with --force
    for files, forced in ((files1, False), (files2, True)):
        manifest = json.loads(files["manifest.json"])
        assert manifest["run_info"].pop("force") is forced
        files["manifest.json"] = json.dumps(manifest, sort_keys=True)
    assert sorted(files1) == sorted(files2)
    assert [name for name in files1 if files1[name] != files2[name]] == []
    executed = (second / "notebooks" / "10_sasaran_2.ipynb").read_text(encoding="utf-8")
    assert ".staging" not in executed and str(root) not in executed
    nb = json.loads(executed)
    assert nb["metadata"]["papermill"]["parameters"] == {
        "year": 2024, "sasaran_id": 2, "processed_dir": "data/processed/2024", "report_dir": "reports/2024"}
    assert all("execution" not in c["metadata"] and "papermill" not in c["metadata"] for c in nb["cells"])


def test_sasaran_comparison_written_by_cleaning_equals_the_validations(project):
    """The sasaran steps and the validation step read the comparison the cleaning step wrote
    ahead (the validation publishes it after its critical suites): the two copies agree byte for
    byte, and each reading step's cache key holds the one it read."""
    root, _ = project
    ahead = root / "data" / "processed" / "2024" / "validasi" / "perbandingan.csv"
    published = root / "reports" / "2024" / "validation" / "perbandingan.csv"
    assert ahead.read_bytes() == published.read_bytes()
    assert len(ahead.read_text(encoding="utf-8").splitlines()) > 100  # 2024: hundreds of figures
    reads = json.loads((root / "reports" / "2024" / "manifest.json").read_text(encoding="utf-8"))["cache_reads"]
    assert all("validasi/perbandingan" in reads[step]["processed"]
               for step in ("validate", "sasaran_1", "sasaran_2", "sasaran_3"))
    assert "validasi/perbandingan" not in reads["anggaran"]["processed"]


def test_notebook_run_by_hand_writes_only_to_its_scratch_folder(project, tmp_path):
    root, _ = project
    before = snapshot(root)
    env = dict(os.environ, LKJIP_ROOT=str(root))
    done = subprocess.run([sys.executable, "-m", "papermill", "--log-level", "ERROR",
                           str(PACKAGE_ROOT / "notebooks" / "02_validasi.ipynb"), str(tmp_path / "out.ipynb")],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert (root / "reports" / "_interaktif" / "2024" / "validation" / "findings.json").is_file()
    assert snapshot(root) == before
    again = run_lkjip(root, "run", "--year", "2024")
    assert again.returncode == 0 and "tidak ada perubahan" in again.stdout, again.stdout + again.stderr


def test_emptied_processed_table_is_rebuilt_and_named(project):
    root, _ = project
    before = snapshot(root)
    (root / "data" / "processed" / "2024" / "ketenagakerjaan.csv").write_bytes(b"")
    done = run_lkjip(root, "run", "--year", "2024")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout + done.stderr
    assert "data/processed/2024/ketenagakerjaan.csv" in out and "'clean' dijalankan ulang" in out
    after = snapshot(root)
    assert after["processed"] == before["processed"]
    changed = {k for k in before["reports"] if before["reports"][k] != after["reports"].get(k)}
    assert changed <= {"LKjIP-2024.html", "LKjIP-2024.pdf", "manifest.json", "notebooks/01_pembersihan.ipynb"}
