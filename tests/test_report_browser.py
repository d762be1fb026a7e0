"""The assembled report in headless Chromium: no errors, no network, a working Daftar Isi."""

import base64
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from fixtures.report import sample  # noqa: E402

from pipeline import tempfolders  # noqa: E402
from pipeline.report.assemble import assemble, write_index  # noqa: E402
from pipeline.report.browser import PROFILE_PREFIX, Chromium, find_chromium  # noqa: E402

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None,
                       reason="chromium is not installed (make browser, or apt-get install chromium)"),
]
pytest.importorskip("websocket", reason="websocket-client (test extra) is not installed")

TOC_CHECK = """
(() => {
  const links = [...document.querySelectorAll('#daftar-isi a[href^="#"]')];
  const broken = links.map(a => decodeURIComponent(a.getAttribute('href').slice(1)))
                      .filter(id => !document.getElementById(id));
  return {count: links.length, broken};
})()
"""


@pytest.fixture(scope="module")
def browser():
    with Chromium() as chromium:
        yield chromium


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    report_dir, processed_dir, paths = sample.build_run(tmp, placeholder=True)
    assemble(report_dir, sample.YEAR, processed_dir, sample.RUN_INFO, paths=paths)
    return report_dir / f"LKjIP-{sample.YEAR}.html"


def test_report_loads_without_errors_or_network(browser, report):
    page = browser.open(report)
    assert page.errors == []
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    assert page.evaluate("document.documentElement.lang") == "id"
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    # the escaped firm name is text on the page, not markup
    assert page.evaluate("document.body.innerText.includes('<script>alert(1)</script>')")
    assert page.evaluate("getComputedStyle(document.querySelector('.badge-draft')).display") != "none"


def test_every_toc_link_resolves(browser, report):
    page = browser.open(report)
    result = page.evaluate(TOC_CHECK)
    assert result["count"] >= 20 and result["broken"] == []


def test_images_decode(browser, report):
    page = browser.open(report)
    assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")


def test_prints_on_a4_with_chapters_on_their_own_pages(browser, report):
    page = browser.open(report)
    pdf = base64.b64decode(page.send("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    boxes = {tuple(round(float(v)) for v in m.split()) for m in
             re.findall(rb"/MediaBox \[([^\]]*)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}  # A4 in points
    # cover, Daftar Isi, Ikhtisar, BAB I-IV, Lampiran, Informasi Reproduksi: one page each at least
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 9


def test_index_loads(browser, report, tmp_path):
    reports = tmp_path / "reports"
    (reports / "2024").mkdir(parents=True)
    for name in ("LKjIP-2024.html", "summary.json"):
        (reports / "2024" / name).write_bytes((report.parent / name).read_bytes())
    page = browser.open(write_index(reports))
    assert page.errors == []
    assert page.evaluate("document.querySelector('a').getAttribute('href')") == "2024/LKjIP-2024.html"


def test_the_harness_does_catch_errors(browser, tmp_path):
    """Negative control: a page with a thrown exception and a console error is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>console.error('kaput');"
                   "throw new Error('boom');</script></body></html>", encoding="utf-8")
    page = browser.open(bad)
    assert any("kaput" in e for e in page.errors)
    assert any("boom" in e for e in page.errors)


def test_the_browser_does_not_load_its_address_bar_popup(browser):
    """Chromium 156 loads its address bar's suggestion popup (chrome://omnibox-popup.top-chrome/,
    a renderer of its own, ~0,8 CPU-s per PDF) at start, headless too, unless told not to."""
    targets = browser.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
    assert [t["url"] for t in targets if t["url"].startswith("chrome://omnibox-popup")] == []


def test_a_closed_browser_leaves_nothing_in_the_temporary_folder(monkeypatch):
    # Chromium's single-instance socket folder (org.chromium.Chromium.*) went to TMPDIR and
    # stayed there after every report. A short TMPDIR of the test's own: the socket's path
    # must fit a Unix socket's 108 bytes, which a pytest tmp_path under xdist does not.
    with tempfile.TemporaryDirectory(prefix="lkjip-t") as scratch:
        monkeypatch.setenv("TMPDIR", scratch)
        monkeypatch.setattr(tempfile, "tempdir", scratch)
        # and the profile a killed run left goes at the next browser's start
        gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True).stdout.strip()
        (Path(scratch) / f"{PROFILE_PREFIX}{gone}-abc" / "Default").mkdir(parents=True)
        monkeypatch.setattr(tempfolders, "_swept", set())
        with Chromium() as chromium:
            assert chromium.open(Path(__file__)).evaluate("1 + 1") == 2
            assert Path(chromium.profile).parent == Path(scratch)
        assert list(Path(scratch).iterdir()) == []


def test_a_closed_browser_leaves_none_of_its_processes_running():
    """Every process of the browser ends with it. Debian's /usr/bin/chromium-headless-shell is a
    script that runs the browser without exec: closing that script left the real browser and its
    children running under init (and each close waited CHILDREN_SECONDS for them in vain)."""
    from pipeline.report.browser import _descendants, _ended

    with Chromium() as chromium:
        assert chromium.open(Path(__file__)).evaluate("1 + 1") == 2
        below = _descendants(chromium.process.pid)
        assert below  # its renderer at least
    left = [pid for pid in [chromium.process.pid, *below] if not _ended(pid)]
    assert left == []


def test_a_closing_browser_waits_for_the_processes_below_it():
    """Chromium's network process wrote its state into the profile after the browser process
    had ended and the profile was removed (1 close in 20 on a loaded machine): the processes
    below the browser are found before it is closed and waited for. Here a stand-in: a parent
    whose grandchild outlives it."""
    from pipeline.report.browser import _descendants, _ended

    script = ("import subprocess, sys, time; subprocess.Popen([sys.executable, '-c', "
              "'import time; time.sleep(1.5)']); time.sleep(30)")
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        for _ in range(200):  # the child appears once the parent's interpreter has started
            below = _descendants(parent.pid)
            if below:
                break
            time.sleep(0.02)
        assert len(below) == 1 and not _ended(below[0])
        assert _descendants(below[0]) == []
    finally:
        parent.kill()
        parent.wait()
    assert not _ended(below[0])  # the grandchild outlives its parent ...
    for _ in range(500):
        if _ended(below[0]):
            break
        time.sleep(0.02)
    assert _ended(below[0])  # ... and then ends (gone, or a zombie that writes nothing)
    assert _ended(parent.pid)
