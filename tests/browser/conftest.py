"""Browser fixtures: the app served by streamlit on a free 127.0.0.1 port over a copy of the
sample data, and Debian's Chromium driven by Playwright with every request that would leave
127.0.0.1 aborted and recorded (the list must end empty while the charts still draw)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory):
    """Base URL of a streamlit server on a copy of the bundled data."""
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("audit*", ".*", "backups"))
    port = free_port()
    env = {**os.environ, "ANTT_DATA_DIR": str(data)}
    log = (tmp_path_factory.getbasetemp() / f"streamlit-{port}.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         # other people edit the tree: a "source changed" prompt would look like a busy app
         "--server.fileWatcherType", "none", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"streamlit did not start; see {log.name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    # Module scope: one sync Playwright at a time per process; other browser test modules
    # start their own, which fails while another is still running.
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    p = context.new_page()
    blocked: list[str] = []

    def abort(route):
        blocked.append(route.request.url)
        route.abort()

    p.route(lambda url: not url.startswith("http://127.0.0.1:"), abort)
    yield Page(p, blocked)
    context.close()
