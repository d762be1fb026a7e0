"""`lkjip pantau` on the shipped 2024 data: a real watch in a throw-away copy of the session's run.

An edited raw file not yet recorded in data/raw/manifest.yml is refused as `lkjip run` refuses it,
with nothing published; recorded, it is built once, rerunning only the steps that read it; the edit
undone, the watch publishes what the session's cold run of the same inputs published, byte for
byte but for the run's timestamp. Ctrl-C ends the watch (exit 0) and leaves none of its processes
(the kernel factory kept between builds, its kernels, the browser) running.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from pipeline.report.browser import _descendants, _ended
from pipeline.run.watch import interruptible
from tests.conftest import run_lkjip
from tests.test_incremental_run import PELATIHAN, assert_published_as

pytestmark = pytest.mark.slow

WAITING = "Menunggu perubahan isian"
REFUSED = "pelatihan.csv: isi berkas berubah tetapi sha256-nya"
REPORT = "Laporan: reports/2024/LKjIP-2024.html"


class Watch:
    """The command's process, its two streams read line by line as they come."""

    def __init__(self, root):
        env = dict(os.environ, LKJIP_ROOT=str(root))
        self.process = subprocess.Popen(interruptible("pantau", "--year", "2024", "--quiet"),
                                        cwd=root, env=env, text=True, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE)
        self.out: list[str] = []
        self.err: list[str] = []
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=lambda s=stream, into=lines: into.extend(s), daemon=True).start()

    def wait_for(self, text: str, count: int, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while sum(text in line for line in self.out + self.err) < count:
            assert self.process.poll() is None, "".join(self.out + self.err)
            assert time.monotonic() < deadline, f"no {count} x {text!r}:\n" + "".join(self.out + self.err)
            time.sleep(0.05)


def _edit(root, old, new):
    path = root / "data" / "raw" / "2024" / "pelatihan.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    # saved as an editor saves it (a new file renamed over the old): never seen half-written
    path.with_name(".pelatihan.csv.tmp").write_text(text.replace(old, new), encoding="utf-8")
    os.replace(path.with_name(".pelatihan.csv.tmp"), path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_pantau_builds_each_recorded_edit_as_lkjip_run_does_and_stops_on_ctrl_c(shipped_2024, tmp_path):
    root = shipped_2024.copy_to(tmp_path / "project")
    html = root / "reports" / "2024" / "LKjIP-2024.html"
    published = html.read_bytes()
    watch = Watch(root)
    try:
        watch.wait_for(WAITING, 1)  # the first build: nothing changed since the session's run
        assert html.read_bytes() == published

        _edit(root, *PELATIHAN)
        watch.wait_for(REFUSED, 1)
        watch.wait_for(WAITING, 2)
        assert html.read_bytes() == published  # refused: nothing built

        run_lkjip(root, "manifest", "--update")
        watch.wait_for(REPORT, 2)
        watch.wait_for(WAITING, 3)
        info = json.loads((root / "reports" / "2024" / "manifest.json").read_text(encoding="utf-8"))["run_info"]
        assert sorted(info["steps_executed"]) == ["clean", "sasaran_1", "validate"]
        assert html.read_bytes() != published  # the trainings of roti/kue, Tabel 3.25 of the report

        _edit(root, *reversed(PELATIHAN))
        watch.wait_for(REFUSED, 2)
        watch.wait_for(WAITING, 4)
        run_lkjip(root, "manifest", "--update")
        watch.wait_for(REPORT, 3)
        watch.wait_for(WAITING, 5)
        running = _descendants(watch.process.pid)
        assert running  # the kernel factory, kept between builds
    finally:
        watch.process.send_signal(signal.SIGINT)
        code = watch.process.wait(timeout=60)
    assert code == 0, "".join(watch.out + watch.err)
    assert "Pemantauan dihentikan" in "".join(watch.out)
    time.sleep(0.5)
    assert [pid for pid in running if not _ended(pid)] == []

    assert_published_as(root, shipped_2024.root)
