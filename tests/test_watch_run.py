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

from tests.conftest import run_lkjip
from tests.test_incremental_run import PELATIHAN, assert_published_as

pytestmark = pytest.mark.slow

# `python -m pipeline`, with Ctrl-C raising KeyboardInterrupt whatever the parent ignored
WITH_CTRL_C = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "sys.argv[0] = 'pipeline'; runpy.run_module('pipeline', run_name='__main__', alter_sys=True)")
WAITING = "Menunggu perubahan isian"
REFUSED = "pelatihan.csv: isi berkas berubah tetapi sha256-nya"
REPORT = "Laporan: reports/2024/LKjIP-2024.html"


class Watch:
    """The command's process, its two streams read line by line as they come."""

    def __init__(self, root):
        env = dict(os.environ, LKJIP_ROOT=str(root))
        # started in the background without job control, the tests would pass SIGINT's "ignore"
        # on to the command, which keeps it: Ctrl-C is given back its meaning first (in Python,
        # not in a preexec_fn, which is not safe in a process with threads)
        self.process = subprocess.Popen([sys.executable, "-c", WITH_CTRL_C, "pantau", "--year", "2024", "--quiet"],
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

    def descendants(self) -> set[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as stat:
                        parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                except OSError:
                    continue
                children.setdefault(parent, []).append(int(entry))
        found, todo = set(), [self.process.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                found.add(child)
                todo.append(child)
        return found


def _edit(root, old, new):
    path = root / "data" / "raw" / "2024" / "pelatihan.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    # saved as an editor saves it (a new file renamed over the old): never seen half-written
    path.with_name(".pelatihan.csv.tmp").write_text(text.replace(old, new), encoding="utf-8")
    os.replace(path.with_name(".pelatihan.csv.tmp"), path)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


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
        running = watch.descendants()
        assert running  # the kernel factory, kept between builds
    finally:
        watch.process.send_signal(signal.SIGINT)
        code = watch.process.wait(timeout=60)
    assert code == 0, "".join(watch.out + watch.err)
    assert "Pemantauan dihentikan" in "".join(watch.out)
    time.sleep(0.5)
    assert not [pid for pid in running if _alive(pid)]

    assert_published_as(root, shipped_2024.root)
