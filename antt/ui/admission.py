"""At most a few script runs of one process at a time; the others wait their turn (issue 16).

Streamlit runs every session's script in its own thread, and all of them share one GIL. When
20 people open a page together, 20 threads take turns holding it: each hand-over is a futex
call and a context switch (strace: ~10.000 futex calls per run with 20 runs at once, 1.200
alone), so the same run cost 60–80 ms of CPU alone and 120–140 ms in a crowd, and every user
waited for the whole crowd (processor sharing: all 20 finish near the end). With a few slots,
the waiting threads sleep on a semaphore (no CPU) and runs finish one after another: the CPU
per run stays flat with the number of users, and the median wait halves.

One slot by default (ANTT_SCRIPT_SLOTS): measured with 20, 40 and 80 users at once, one slot
gave the lowest CPU per run and the lowest medians (docs/performance.md). Before work known to
take long (checking an uploaded file, writing it, building a notice's PDF and its preview) a
run gives its slot back for the rest of the run (`release_slot`), so one editor's import does
not stop the others' pages. It does not queue for the slot again: that long work may hold
another lock (Streamlit's cache of the function, the data folder's file lock) that the next
slot holder waits for, and waiting for the slot while holding it would deadlock them.

Fair shares (issue 25): one visitor with 30 tabs rerunning used to push everyone else's page
from 0,3 to 4 s. Waiting runs queue per client (the address nginx saw, `X-Real-IP`, or the
peer's address without nginx), and a freed slot goes to the waiting client that has used the
slot least lately (slot seconds, halving every USAGE_HALF_LIFE), its oldest run first: a client
with many tabs waits for its own runs, not others for them, and a normal user's run goes before
the next of the heavy client's. A client has at most
MAX_QUEUED_PER_CLIENT runs waiting (more are told the server is busy); a session's new rerun
replaces its waiting one (the wait ends and Streamlit starts the new run, which queues again).
A run that waits WAIT_LIMIT is told the server is busy and stops, instead of going ahead and
sharing the GIL with the slot holder (what it did before).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def _slots_from_env() -> int:
    """ANTT_SCRIPT_SLOTS: runs at once per process (0: no limit; for measurements)."""
    try:
        return max(0, int(os.environ.get("ANTT_SCRIPT_SLOTS", "1")))
    except ValueError:
        return 1


WAIT_LIMIT = 30.0  # seconds
# Runs of one client waiting at once: an office behind one NAT address clicking together
# stays under it; a visitor with a hundred tabs does not.
MAX_QUEUED_PER_CLIENT = 12
POLL = 0.25  # seconds between looks at a waiting run's session for a newer rerun
USAGE_HALF_LIFE = 30.0  # seconds: how long a client's use of the slot weighs on its turn
# A refused run sleeps (no slot, no CPU) before it says so: a client that reruns at once
# after each refusal would otherwise spin through refusals and take the GIL from the runs in
# the slot.
BUSY_PAUSE = 2.0


class Busy(Exception):
    """The run waited WAIT_LIMIT, or its client has MAX_QUEUED_PER_CLIENT runs waiting."""


class Superseded(Exception):
    """The session asked for a newer run while this one waited."""


class RunSlots:
    """`slots` runs at once (0: no limit), re-entrant within a thread, handed to the waiting
    clients in turn."""

    def __init__(self, slots: int, wait_limit: float = WAIT_LIMIT,
                 per_client: int = MAX_QUEUED_PER_CLIENT, poll: float = POLL) -> None:
        self.slots = slots
        self.wait_limit = wait_limit
        self.per_client = per_client
        self.poll = poll
        self._free = slots
        self._lock = threading.Lock()
        self._waiting: dict[str, deque[threading.Event]] = {}  # client -> runs, oldest first
        self._turns: deque[str] = deque()  # clients with waiting runs, longest waiting first
        self._usage: dict[str, tuple[float, float]] = {}  # client -> (slot seconds, as of)
        self._held = threading.local()  # depth (nested holds), slot held, by whom, since when

    @property
    def free(self) -> int:
        """Slots not held (no limit: 0)."""
        return self._free

    def waiting(self, client: str) -> int:
        with self._lock:
            return len(self._waiting.get(client, ()))

    @contextmanager
    def hold(self, client: str = "", superseded: Callable[[], bool] | None = None
             ) -> Iterator[None]:
        """Hold a slot for the block; a nested hold (a fragment inside its page's run) reuses
        the thread's slot. Raises Busy, or Superseded when `superseded()` turns true while the
        run waits, before the block when the run gets no slot."""
        held = self._held
        depth = getattr(held, "depth", 0)
        if not self.slots or depth:
            held.depth = depth + 1
            try:
                yield
            finally:
                held.depth = depth
            return
        self._acquire(client, superseded)
        held.acquired = True
        held.client, held.since = client, time.monotonic()
        held.depth = 1
        try:
            yield
        finally:
            held.depth = 0
            if held.acquired:
                held.acquired = False
                self._give_back(held.client, held.since)

    def _acquire(self, client: str, superseded: Callable[[], bool] | None) -> None:
        with self._lock:
            if self._free > 0 and not self._turns:
                self._free -= 1
                return
            queue = self._waiting.setdefault(client, deque())
            if len(queue) >= self.per_client:
                raise Busy("too many runs of this client wait")
            ticket = threading.Event()
            queue.append(ticket)
            if client not in self._turns:
                self._turns.append(client)
        deadline = time.monotonic() + self.wait_limit
        try:
            while not ticket.wait(min(self.poll, max(0.0, deadline - time.monotonic()))):
                if superseded is not None and superseded():
                    raise Superseded()
                if time.monotonic() >= deadline:
                    raise Busy("waited too long")
        except BaseException:
            with self._lock:
                if ticket.is_set():  # the slot came just now: pass it on
                    self._give_back_locked()
                else:
                    queue.remove(ticket)
                    if not queue:
                        self._waiting.pop(client, None)
                        if client in self._turns:
                            self._turns.remove(client)
            raise

    def _usage_of(self, client: str, now: float) -> float:
        used, at = self._usage.get(client, (0.0, now))
        return used * 0.5 ** ((now - at) / USAGE_HALF_LIFE)

    def _give_back(self, client: str | None = None, since: float | None = None) -> None:
        with self._lock:
            if client is not None and since is not None:
                now = time.monotonic()
                self._usage[client] = (self._usage_of(client, now) + now - since, now)
                if len(self._usage) > 4096:  # forget the clients whose use has faded
                    self._usage = {c: u for c, u in self._usage.items()
                                   if self._usage_of(c, now) > 0.01}
            self._give_back_locked()

    def _give_back_locked(self) -> None:
        """The slot to the oldest waiting run of the waiting client that used the slot least
        lately (the longest waiting client on a tie), else free."""
        if not self._turns:
            self._free += 1
            return
        now = time.monotonic()
        client = min(self._turns, key=lambda c: self._usage_of(c, now))
        self._turns.remove(client)
        queue = self._waiting[client]
        ticket = queue.popleft()
        if queue:
            self._turns.append(client)  # its next run waits behind the other clients
        else:
            del self._waiting[client]
        ticket.set()

    def release(self) -> None:
        """Give the thread's slot back for the rest of its run (no-op without one)."""
        held = self._held
        if self.slots and getattr(held, "acquired", False):
            held.acquired = False
            self._give_back(held.client, held.since)


PROCESS = RunSlots(_slots_from_env())

_LOOPBACK = {None, "", "127.0.0.1", "::1", "localhost"}


def client_of(peer: str | None, real_ip: str | None) -> str:
    """The client a run is counted for: nginx's X-Real-IP when the peer is nginx on this
    machine (a worker behind nginx listens on 127.0.0.1 only), else the peer's address. The
    header of a browser that reaches the worker directly is never trusted."""
    if peer in _LOOPBACK and real_ip:
        return real_ip.strip()[:64]
    return peer or ""


def client_address() -> str:
    """This run's client address (see client_of); "" outside a Streamlit run."""
    import streamlit as st

    try:
        return client_of(st.context.ip_address, st.context.headers.get("X-Real-Ip"))
    except Exception:  # noqa: BLE001 - no context (a bare script run): one client
        return ""


def _newer_run() -> Callable[[], object]:
    """A check for a newer run of this session: Streamlit's own request, taken from it when
    found (as Streamlit does at each element), so the run that replaces the waiting one is
    the one Streamlit starts next."""
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    requests = getattr(get_script_run_ctx(suppress_warning=True), "script_requests", None)

    def check() -> object:
        if requests is None or requests._state == ScriptRequestType.CONTINUE:
            return None
        return requests.on_scriptrunner_yield()

    return check


@contextmanager
def run_slot() -> Iterator[None]:
    """Hold one of the process's run slots for the block (app.py: the whole page run). A
    session's newer rerun replaces its waiting run; a client over its share, or a run that
    waited WAIT_LIMIT, is told the server is busy."""
    from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException
    from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType

    check = _newer_run()
    taken: list = []

    def superseded() -> bool:
        request = check()
        if request is not None:
            taken.append(request)
        return request is not None

    with ExitStack() as stack:
        try:
            stack.enter_context(PROCESS.hold(client_address(), superseded))
        except Superseded:
            if taken[-1].type == ScriptRequestType.RERUN:
                raise RerunException(taken[-1].rerun_data) from None
            raise StopException() from None
        except Busy:
            import streamlit as st

            time.sleep(BUSY_PAUSE)
            st.warning("Máy chủ đang bận (nhiều trang đang chờ lượt). Vui lòng đợi ít phút rồi "
                       "tải lại trang; nếu đang mở nhiều thẻ của ứng dụng, hãy đóng bớt.",
                       icon="⏳")
            st.stop()
        yield


def release_slot() -> None:
    """Before long work (seconds of parsing, a PDF): the rest of this run goes without a slot,
    and the other sessions' runs go on meanwhile."""
    PROCESS.release()


def in_slot(func: Callable[P, R]) -> Callable[P, R]:
    """`func` run inside a run slot (a fragment's body: a fragment rerun skips app.py)."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with run_slot():
            return func(*args, **kwargs)

    return wrapper
