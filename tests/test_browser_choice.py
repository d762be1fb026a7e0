"""Which browser prints the PDF: the headless shell where it is installed, else Chromium; the
bench's yardstick is always Chromium's own print (pipeline.report.browser.find_chromium)."""

from pipeline.report import browser


def test_the_headless_shell_prints_where_it_is_installed_and_chromium_stays_the_yardstick(tmp_path, monkeypatch):
    shell, chromium = tmp_path / "chromium-headless-shell", tmp_path / "chromium"
    monkeypatch.setattr(browser, "HEADLESS_SHELL", str(shell))
    monkeypatch.setattr(browser, "CHROMIUM_CANDIDATES", (str(chromium),))
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    assert browser.find_chromium() is None
    chromium.write_text("")
    assert browser.find_chromium() == str(chromium)
    shell.write_text("")
    assert browser.find_chromium() == str(shell)
    assert browser.find_chromium(headless_shell=False) == str(chromium)

