"""Browser fixtures shared by every tests/browser module.

- `start_streamlit`: the app served by streamlit on a free 127.0.0.1 port over a private copy
  of the bundled data (ANTT_DATA_DIR), file watcher off; yields a Server (url, data path).
- `app_server` (session): one such server for the modules that only read data.
- `fresh_server` (function): a server nobody has visited yet, for first-visit behaviour and
  for tests that change the data.
- `open_page`: Debian's Chromium driven by Playwright with the offline launch flags; every
  request that is not to 127.0.0.1/localhost is aborted and recorded (the list must end empty
  while the charts still draw: an aborted CDN request is exactly how an offline map fails).
- `Page.wait_idle`: until the app has finished running.

Skips the whole folder, with the reason, when Chromium or playwright is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None

if not CHROMIUM.exists():
    pytest.skip("Chromium not found at /usr/bin/chromium (apt-get install chromium); "
                "browser tests skipped", allow_module_level=True)
if sync_playwright is None:
    pytest.skip("the playwright package is not installed (pip install playwright); "
                "browser tests skipped", allow_module_level=True)


@dataclass(frozen=True)
class Server:
    url: str  # http://127.0.0.1:<port>, no trailing slash
    data: Path  # the private data copy the server reads (tests may append rows)
    log: Path | None = None  # the server's console (stdout and stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_data(target: Path, source: Path = REPO / "data") -> Path:
    shutil.copytree(source, target,
                    ignore=shutil.ignore_patterns("audit*", ".*", "backups"))
    return target


@contextmanager
def start_streamlit(folder: Path, source: Path = REPO / "data") -> Iterator[Server]:
    """Streamlit on a free local port reading a copy of data/ (or of `source`) made in
    `folder`."""
    data = copy_data(folder / "data", source)
    port = free_port()
    log_path = folder / f"streamlit-{port}.log"
    log = log_path.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         # other people edit the tree: a "source changed" prompt would look like a busy app
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env={**os.environ, "ANTT_DATA_DIR": str(data)},
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("streamlit did not start: " + log_path.read_text(errors="replace"))
        yield Server(url, data, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server for all tests that do not change the data."""
    with start_streamlit(tmp_path_factory.mktemp("browser_shared")) as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server: Server) -> str:
    return app_server.url


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[Server]:
    """A server of its own: never visited before the test, data free to change."""
    with start_streamlit(tmp_path) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    # One sync Playwright per process: every module shares this one Chromium; each test gets
    # a fresh context (its own cookies, storage and cache), as a fresh profile would.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A Playwright page plus the outside requests it tried (all aborted)."""

    def __init__(self, page, blocked: list[str]):
        self.page = page
        self.blocked = blocked

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector("[data-testid=stAppViewContainer]", timeout=60_000)
        # The script has drawn something: on a server that has just started, the frame is
        # there (and quiet) before the first run begins, and wait_idle alone would return
        # with an empty page.
        self.page.wait_for_selector("[data-testid=stMain] [data-testid=stElementContainer]",
                                    timeout=90_000)
        self.wait_idle()

    def wait_idle(self, timeout_s: float = 90) -> None:
        """Until no script runs and no element is a skeleton, for 2 s. wait_for_timeout (not
        time.sleep) so Playwright keeps serving the request router meanwhile."""
        quiet, waited = 0, 0.0
        while quiet < 4 and waited < timeout_s:
            busy = (self.page.locator("[data-testid=stStatusWidget]").count()
                    + self.page.locator("[data-testid=stSkeleton]").count())
            quiet = 0 if busy else quiet + 1
            self.page.wait_for_timeout(500)
            waited += 0.5

    def metric(self, label: str) -> str:
        tile = self.page.locator("[data-testid=stMetric]").filter(
            has=self.page.get_by_text(label, exact=True))
        return tile.locator("[data-testid=stMetricValue]").first.inner_text().strip()

    def body_text(self) -> str:
        return self.page.locator("body").inner_text()


@pytest.fixture
def open_page(browser) -> Iterator[Callable[..., Page]]:
    """Factory: open_page(width=1600, height=1000) -> a Page in a fresh offline context."""
    contexts = []

    def make(width: int = 1600, height: int = 1000, phone: bool = False) -> Page:
        # phone: a phone's user agent, which Streamlit reads to fold the sidebar on a tap
        extra = {"user_agent": PHONE_AGENT, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="vi-VN", **extra)
        contexts.append(context)
        blocked: list[str] = []

        def route(r) -> None:
            if urlparse(r.request.url).hostname in LOCAL_HOSTS:
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        return Page(context.new_page(), blocked)

    yield make
    for context in contexts:
        context.close()


PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0 Mobile Safari/537.36")


@pytest.fixture
def page(open_page) -> Page:
    return open_page()
