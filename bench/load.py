"""A load generator that speaks Streamlit's own client protocol: one websocket session per
simulated user, no browser (a few dozen sessions cost it a few % of a core).

The protocol (Streamlit 1.67; the generator imports the same version's protobufs as the
server): GET the page and /_stcore/health (which sets the `_streamlit_xsrf` cookie), open
`/_stcore/stream` with the subprotocols ["streamlit", <cookie>], send a BackMsg `rerun_script`
and read ForwardMsgs until `script_finished`. A widget change is a rerun with its widget state;
a fragment refresh is a rerun with the fragment id that `auto_rerun` announced.

What a run shows is kept in a RunResult: the metrics (label -> value), the charts drawn, the
exception elements (a failed run), the widgets (label -> id) and the fragments.
"""

from __future__ import annotations

import asyncio
import http.client
import http.cookies
import ssl
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

XSRF_COOKIE = "_streamlit_xsrf"
FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}
# Widgets whose id and label a run records (what a filter change needs).
WIDGET_TYPES = ("selectbox", "multiselect", "radio", "number_input", "date_input")


@dataclass
class RunResult:
    """What one script run (or fragment run) sent to the session."""

    seconds: float = 0.0
    status: str = ""
    exceptions: list[str] = field(default_factory=list)
    metrics: dict[str, str] = field(default_factory=dict)
    charts: int = 0
    widgets: dict[str, str] = field(default_factory=dict)  # label -> widget id
    options: dict[str, list[str]] = field(default_factory=dict)  # select box label -> options
    fragments: dict[str, float] = field(default_factory=dict)  # fragment id -> interval (s)
    query_string: str = ""
    error: str = ""  # a transport error or a timeout (the run's outcome is unknown)

    @property
    def ok(self) -> bool:
        return not self.error and not self.exceptions and self.status != "compile error"


_CONTEXT: list[ssl.SSLContext] = []


def _ssl_context(url: str) -> ssl.SSLContext | None:
    """One client TLS context for every session (making one reads the CA bundle: tens of ms,
    which the generator would otherwise spend per connection and count as the server's)."""
    if not url.startswith("https"):
        return None
    if not _CONTEXT:
        # The test set-up uses a self-signed certificate (docs/deploy.md): no verification.
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        _CONTEXT.append(context)
    return _CONTEXT[0]


class Session:
    """One simulated user: a websocket session on a Streamlit server (or behind nginx)."""

    def __init__(self, base_url: str, timeout: float = 120.0, client: str = "") -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # The address nginx would report for this user (X-Real-IP), when the generator talks
        # to a worker directly: the run slots share turns by client (antt.ui.admission).
        self.headers = {"X-Real-IP": client} if client else {}
        self.cookies: dict[str, str] = {}
        self.ws = None
        self.page_script_hash = ""
        self.query_string = ""
        self.session_id = ""  # the server's id of this session (its upload URLs hold it)

    async def _get(self, path: str) -> None:
        """A browser's GET (sets cookies: the XSRF one, nginx's sticky one if any)."""
        parts = urllib.parse.urlsplit(self.base_url)
        context = _ssl_context(self.base_url)

        def fetch() -> list[str]:
            conn = (http.client.HTTPSConnection(parts.hostname, parts.port, context=context,
                                                timeout=self.timeout) if context else
                    http.client.HTTPConnection(parts.hostname, parts.port,
                                               timeout=self.timeout))
            try:
                headers = {**self.headers,
                           **({"Cookie": self._cookie_header()} if self.cookies else {})}
                conn.request("GET", parts.path + path, headers=headers)
                response = conn.getresponse()
                response.read()
                return response.headers.get_all("Set-Cookie") or []
            finally:
                conn.close()

        for header in await asyncio.to_thread(fetch):
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            self.cookies.update({k: m.value for k, m in jar.items()})

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def connect(self, page: str = "") -> None:
        await self._get("/" + page)
        await self._get("/_stcore/health")
        parts = urllib.parse.urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        self.ws = await websockets.connect(
            f"{scheme}://{parts.netloc}{parts.path}/_stcore/stream",
            subprotocols=["streamlit", self.cookies.get(XSRF_COOKIE, "")],
            origin=f"{parts.scheme}://{parts.netloc}",
            additional_headers={"Cookie": self._cookie_header(), **self.headers},
            ssl=_ssl_context(self.base_url), max_size=None, open_timeout=self.timeout,
            ping_interval=None,
        )

    async def run(self, page: str = "", query: str = "", widgets: list | None = None,
                  fragment_id: str = "") -> RunResult:
        """Rerun the page (or one fragment) and read until the run has finished."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query if query else self.query_string
        state.page_script_hash = self.page_script_hash
        state.page_name = page
        if widgets:
            state.widget_states.widgets.extend(widgets)
        if fragment_id:
            state.fragment_id = fragment_id
            state.is_auto_rerun = True
        started = time.perf_counter()
        result = RunResult()
        try:
            await self.ws.send(msg.SerializeToString())
            await asyncio.wait_for(self._read_until_finished(result), self.timeout)
        except Exception as exc:  # noqa: BLE001 - a user's failed run is a measured error
            result.error = f"{type(exc).__name__}: {exc}"
        result.seconds = time.perf_counter() - started
        return result

    async def _read_until_finished(self, result: RunResult) -> None:
        labels: dict[str, str] = {}
        while True:
            fwd = ForwardMsg.FromString(await self.ws.recv())
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.page_script_hash = fwd.new_session.page_script_hash
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
            elif kind == "page_info_changed":
                self.query_string = result.query_string = fwd.page_info_changed.query_string
            elif kind == "auto_rerun":
                result.fragments[fwd.auto_rerun.fragment_id] = fwd.auto_rerun.interval
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                _read_element(fwd.delta.new_element, result, labels)
            elif kind == "script_finished" and fwd.script_finished in FINISHED:
                result.status = {ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile error"}.get(
                    fwd.script_finished, "ok")
                return

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _read_element(element, result: RunResult, labels: dict[str, str]) -> None:
    kind = element.WhichOneof("type")
    if kind == "exception":
        result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
    elif kind == "metric":
        result.metrics[element.metric.label] = element.metric.body
    elif kind == "plotly_chart":
        result.charts += 1
    elif kind in WIDGET_TYPES:
        widget = getattr(element, kind)
        result.widgets[widget.label] = widget.id
        if kind == "selectbox":
            result.options[widget.label] = list(widget.options)


def selectbox_state(widget_id: str, label: str):
    """The widget state a browser sends when a select box is set to the option `label`."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    state = WidgetState(id=widget_id)
    state.string_value = label
    return state


# ---------------------------------------------------------------- measuring many sessions


Probe = Callable[[], float]  # the servers' CPU seconds so far


@dataclass
class Phase:
    """N sessions doing the same step at once: their times and failures, and the servers' CPU
    time meanwhile (when a probe was given)."""

    name: str
    users: int
    seconds: list[float]
    errors: list[str]
    results: list[RunResult]
    wall: float = 0.0
    cpu: float = float("nan")  # CPU seconds of the servers during the phase

    @property
    def cpu_percent(self) -> float:
        return 100 * self.cpu / self.wall if self.wall else float("nan")

    @property
    def cpu_ms_per_run(self) -> float:
        return 1000 * self.cpu / self.users if self.users else float("nan")

    @property
    def median(self) -> float:
        return statistics.median(self.seconds) if self.seconds else float("nan")

    @property
    def p95(self) -> float:
        if not self.seconds:
            return float("nan")
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _phase(name: str, results: list[RunResult]) -> Phase:
    errors = [r.error or "; ".join(r.exceptions) or r.status for r in results if not r.ok]
    return Phase(name, len(results), [r.seconds for r in results], errors, results)


async def _measured(name: str, step, probe: Probe | None) -> Phase:
    """Run one phase (a coroutine returning RunResults) and time it with the CPU probe."""
    cpu0, t0 = (probe() if probe else 0.0), time.perf_counter()
    results = await step
    phase = _phase(name, list(results))
    phase.wall = time.perf_counter() - t0
    if probe:
        phase.cpu = probe() - cpu0
    return phase


async def _open(urls: list[str], page: str, query: str, timeout: float
                ) -> tuple[list[Session], list[RunResult]]:
    """Connect one session per URL and run the page in all of them at once; the time counts
    from the first HTTP request (what a user waits for after pressing Enter)."""

    async def one(url: str) -> tuple[Session, RunResult]:
        session = Session(url, timeout)
        started = time.perf_counter()
        try:
            await session.connect(page)
        except Exception as exc:  # noqa: BLE001
            return session, RunResult(error=f"{type(exc).__name__}: {exc}",
                                      seconds=time.perf_counter() - started)
        result = await session.run(page, query)
        result.seconds = time.perf_counter() - started
        return session, result

    # The HTTP GETs run in threads: enough of them for every user to connect at once (the
    # default pool has nproc + 4, which would queue the users' first requests).
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max(8, len(urls))))
    pairs = await asyncio.gather(*(one(url) for url in urls))
    return [s for s, _ in pairs], [r for _, r in pairs]


async def _open_measured(name: str, urls: list[str], users: int, page: str, timeout: float,
                         probe: Probe | None) -> tuple[list[Session], Phase]:
    """`users` sessions spread over `urls` open `page` at once, measured as one phase."""
    spread = [urls[i % len(urls)] for i in range(users)]
    box: dict = {}

    async def open_all() -> list[RunResult]:
        box["sessions"], opened = await _open(spread, page, "", timeout)
        return opened

    phase = await _measured(name, open_all(), probe)
    return box["sessions"], phase


MODEL_TYPE = "Loại mô hình"


async def scenario_overview(urls: list[str], users: int, timeout: float = 120.0,
                            change_filter: bool = True, probe: Probe | None = None
                            ) -> list[Phase]:
    """`users` sessions open Tổng quan at once; then all choose the first model type in the
    sidebar at once (a filter change)."""
    sessions, first = await _open_measured("open", urls, users, "", timeout, probe)
    phases, opened = [first], first.results
    if change_filter:
        async def change(session: Session, first: RunResult) -> RunResult:
            widget, options = first.widgets.get(MODEL_TYPE), first.options.get(MODEL_TYPE)
            if session.ws is None or widget is None or len(options or ()) < 2:
                return RunResult(error=f"không có ô chọn {MODEL_TYPE}")
            return await session.run("", widgets=[selectbox_state(widget, options[1])])

        phases.append(await _measured("filter", asyncio.gather(
            *(change(s, r) for s, r in zip(sessions, opened))), probe))
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return phases


async def scenario_meeting(urls: list[str], users: int, refreshes: int = 2,
                           timeout: float = 120.0, probe: Probe | None = None) -> list[Phase]:
    """`users` projectors open Trình chiếu; then their live fragments refresh together."""
    sessions, first = await _open_measured("meeting open", urls, users, "meeting", timeout,
                                           probe)
    phases, opened = [first], first.results
    for _ in range(refreshes):
        async def refresh(session: Session, first: RunResult) -> RunResult:
            if session.ws is None or not first.fragments:
                return RunResult(error="không có fragment tự cập nhật")
            return await session.run("meeting", fragment_id=next(iter(first.fragments)))

        phases.append(await _measured("meeting refresh", asyncio.gather(
            *(refresh(s, r) for s, r in zip(sessions, opened))), probe))
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)
    return phases


class LoopThread:
    """An event loop in a thread of its own, for callers whose thread may already run one
    (Playwright's sync API keeps a loop running in the test process): `run(coro)` waits for
    the result. Sessions opened by one `run` stay usable in the next."""

    def __enter__(self) -> LoopThread:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        return self

    def run(self, coro):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result()

    def __exit__(self, *exc) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


def run_in_own_loop(coro):
    """asyncio.run(coro) in a loop of its own thread (see LoopThread)."""
    with LoopThread() as loop:
        return loop.run(coro)


def run_overview(urls: list[str], users: int, **kw) -> list[Phase]:
    return run_in_own_loop(scenario_overview(urls, users, **kw))


def run_meeting(urls: list[str], users: int, **kw) -> list[Phase]:
    return run_in_own_loop(scenario_meeting(urls, users, **kw))
