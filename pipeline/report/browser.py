"""Open a report in headless Chromium over the DevTools protocol and collect what went wrong.

Prints the report's PDF (pipeline.report.pdf); used by the browser tests too (and handy for
checking a published report by hand):

    with Chromium() as browser:
        page = browser.open(Path("reports/2024/LKjIP-2024.html"))
        page.errors          # uncaught exceptions, console errors, error log entries
        page.requests        # every URL the page asked for (must be file: or data:)
        page.evaluate("document.title")

Needs ``websocket-client`` and a ``chromium`` binary (Debian package ``chromium``).
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from pipeline import tempfolders

# The PDF's printer is the headless shell where it is installed (Debian's chromium-headless-shell:
# the same Blink and PDF printer without the browser's own services): it prints the same pages,
# text, bookmarks and embedded fonts, and starts for less. A fresh process printing the 2024 report
# took 1,42-1,72 s against 2,04-2,51 s, its processes 1,6-1,9 CPU-s against 2,2-2,5 (5 and 4
# alternated pairs); a cold run, 0,91 x over 8 alternated pairs. Its /usr/bin wrapper runs the
# binary without exec (a terminated wrapper leaves the browser running): the binary is named.
HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         # the address bar's suggestion popup, a page of the browser's own (Chromium 156 loads it
         # in a renderer at start, headless too): ~0,8 CPU-s of a PDF's 5 that nothing here shows
         "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup",
         "--remote-debugging-port=0")


# For a page that is only printed: a style sheet, in force before the document's first layout
# (a script run as each new document is created), that lays nothing out on the screen. The browser
# otherwise lays the whole report out for a screen nobody sees when it loads, and again after every
# change the print makes to it (pipeline.report.pdf: the Daftar Isi's numbers, the layout pass);
# print media does not match ``screen``, so the pages printed are the same bytes. The 2024 report
# printed in 0,76 x the time with the previous print's page numbers (1,57 s against 2,07 s) and
# 0,63 x for a first build (1,88 s against 2,99 s), in one browser, alternated.
NO_SCREEN_LAYOUT = ("(() => { const sheet = new CSSStyleSheet();"
                    " sheet.replaceSync('@media screen { body { display: none !important; } }');"
                    " document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; })()")

# a killed run's profile is swept by the next browser's start (pipeline.tempfolders)
PROFILE_PREFIX = "lkjip-chromium-"
# how long a closing browser's last processes may take to end before its profile is removed all
# the same (normally tenths of a second)
CHILDREN_SECONDS = 5


def find_chromium(headless_shell: bool = True) -> str | None:
    """The browser that prints and checks the report: the headless shell when it is installed,
    else Chromium (``headless_shell=False``: Chromium itself, the bench's yardstick)."""
    for candidate in ((HEADLESS_SHELL,) if headless_shell else ()) + CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def _remove_socket_folder(profile: Path) -> None:
    """Remove the folder Chromium made in TMPDIR for its single-instance socket (named by the
    profile's SingletonSocket link): a terminated Chromium leaves it behind, one per report.
    (Pointing Chromium's TMPDIR into the profile instead can make the socket's path longer
    than a Unix socket allows, and Chromium then does not start.)"""
    try:
        folder = Path(os.readlink(profile / "SingletonSocket")).parent
    except OSError:
        return
    if folder.name.startswith("org.chromium.Chromium.") and folder.parent != profile:
        shutil.rmtree(folder, ignore_errors=True)


def _stat(path: Path) -> list[str]:
    """A /proc/<pid>/stat's fields after the command name (state, parent pid, ...): the name is
    in parentheses and may hold spaces. OSError once the process is gone."""
    return path.read_text().rsplit(")", 1)[1].split()


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid``, read from /proc (none where there is no /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(_stat(stat)[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (it writes nothing more)."""
    try:
        state = _stat(Path(f"/proc/{pid}/stat"))[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


class Page:
    def __init__(self, browser: Chromium, session_id: str):
        self.browser = browser
        self.session_id = session_id
        self.errors: list[str] = []
        self.requests: list[str] = []

    def send(self, method: str, params: dict | None = None, timeout: float = 30) -> dict:
        return self.browser.send(method, params, session_id=self.session_id, timeout=timeout)

    def evaluate(self, expression: str):
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True})
        if "exceptionDetails" in reply:
            raise RuntimeError(f"JS failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def record(self, event: dict) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            self.errors.append("exception: " + str(details.get("exception", {}).get(
                "description") or details.get("text")))
        elif method == "Runtime.consoleAPICalled" and params.get("type") in {"error", "assert"}:
            self.errors.append("console: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            self.errors.append(f"log: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.requestWillBeSent":
            self.requests.append(params.get("request", {}).get("url", ""))


class Chromium:
    """A headless Chromium with its own throw-away profile; use as a context manager."""

    def __init__(self, binary: str | None = None, startup_timeout: float = 30):
        self.binary = binary or find_chromium()
        if not self.binary:
            raise FileNotFoundError("chromium not found (install it: apt-get install chromium)")
        self.startup_timeout = startup_timeout
        self._ids = itertools.count(1)
        self._pages: dict[str, Page] = {}

    def __enter__(self) -> Chromium:
        import websocket  # imported only when a browser is really wanted

        self.profile = tempfolders.make(PROFILE_PREFIX)
        self.process = subprocess.Popen(
            [self.binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + self.startup_timeout
        while not (port_file.is_file() and len(port_file.read_text().splitlines()) >= 2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("chromium did not start (no DevToolsActivePort)")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        # the browser's own messages need no UTF-8 check (pure Python: seconds for a PDF's base64)
        self.ws = websocket.create_connection(f"ws://127.0.0.1:{port}{path}", timeout=30,
                                              suppress_origin=True, skip_utf8_validation=True)
        return self

    def __exit__(self, *exc) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            try:
                ws.close()
            except OSError:
                pass
        # Chromium's network and renderer processes outlive the browser process by tenths of a
        # second and may still write into the profile (its network state) after it is removed
        below = _descendants(self.process.pid) if self.process.poll() is None else []
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        deadline = time.monotonic() + CHILDREN_SECONDS
        while not all(_ended(pid) for pid in below) and time.monotonic() < deadline:
            time.sleep(0.02)
        _remove_socket_folder(Path(self.profile))
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, params: dict | None = None, session_id: str | None = None,
             timeout: float = 30) -> dict:
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session_id:
            message["sessionId"] = session_id
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.ws.settimeout(max(0.1, deadline - time.monotonic()))  # a long print is no dead socket
            reply = json.loads(self.ws.recv())
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._dispatch(reply)
        raise TimeoutError(f"no reply to {method}")

    def _dispatch(self, event: dict) -> None:
        page = self._pages.get(event.get("sessionId", ""))
        if page is not None:
            page.record(event)

    def wait_for(self, page: Page, method: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            event = json.loads(self.ws.recv())
            self._dispatch(event)
            if event.get("method") == method and event.get("sessionId") == page.session_id:
                return event
        raise TimeoutError(f"no {method}")

    def open(self, path: Path, settle: float = 0.3, screen: bool = True) -> Page:
        """Load a local file in a new tab and return the page once its load event fired.

        ``screen=False`` for a page that is only printed: its body is not laid out on the screen
        (:data:`NO_SCREEN_LAYOUT`), print media is untouched."""
        return self.load(self.new_page(screen), path, settle)

    def new_page(self, screen: bool = True) -> Page:
        """A new, empty tab, ready for :meth:`load`. A tab is slow to make while the browser is
        still starting (0,1-0,3 s): made ahead, it is ready when the file is."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        self._pages[session] = page
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        if not screen:
            page.send("Page.addScriptToEvaluateOnNewDocument", {"source": NO_SCREEN_LAYOUT})
        return page

    def load(self, page: Page, path: Path, settle: float = 0.3) -> Page:
        """Load a local file in ``page`` (of :meth:`new_page`) and return it once its load event
        fired."""
        url = Path(path).resolve().as_uri()
        page.send("Page.navigate", {"url": url})
        self.wait_for(page, "Page.loadEventFired")
        # The load event may have been about:blank's: wait until the file itself is complete.
        deadline = time.monotonic() + 30
        while page.evaluate("location.href + ' ' + document.readyState") != f"{url} complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not finish loading")
            time.sleep(0.05)
        # Late console errors (e.g. from deferred work) arrive after load: drain briefly.
        page.evaluate(f"new Promise(r => setTimeout(r, {int(settle * 1000)}))")
        return page
