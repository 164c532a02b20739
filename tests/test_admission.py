"""Run slots (antt.ui.admission): how many script runs of a process go at once."""

import threading
import time
from pathlib import Path

from antt.ui.admission import Busy, RunSlots, Superseded, client_of

REPO = Path(__file__).resolve().parent.parent


def _crowd(slots: RunSlots, threads: int, work) -> int:
    """Start `threads` threads that each do `work()` inside a slot; the most inside at once."""
    inside = 0
    most = 0
    lock = threading.Lock()

    def one() -> None:
        nonlocal inside, most
        with slots.hold():
            with lock:
                inside += 1
                most = max(most, inside)
            work()
            with lock:
                inside -= 1

    pool = [threading.Thread(target=one) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(10)
    return most


def test_at_most_the_slots_run_at_once():
    assert _crowd(RunSlots(1), 8, lambda: time.sleep(0.01)) == 1
    assert _crowd(RunSlots(2), 8, lambda: time.sleep(0.02)) == 2


def test_no_limit_lets_everyone_in():
    assert _crowd(RunSlots(0), 6, lambda: time.sleep(0.05)) == 6


def test_a_nested_hold_reuses_the_slot():
    """A fragment run inline in its page's run: one slot, no deadlock with one slot."""
    slots = RunSlots(1, wait_limit=2)
    started = time.monotonic()
    with slots.hold():
        with slots.hold():
            pass
        assert slots.free == 0  # still held by the page
    assert time.monotonic() - started < 1
    assert slots.free == 1  # given back at the end


def test_release_lets_another_run_in_for_the_rest_of_the_run():
    slots = RunSlots(1)
    other_done = threading.Event()

    def other() -> None:
        with slots.hold():
            pass
        other_done.set()

    with slots.hold():
        slots.release()  # long work follows
        t = threading.Thread(target=other)
        t.start()
        assert other_done.wait(5), "the other run waited for a slot that was given back"
        slots.release()  # twice: nothing more to give
    t.join(5)
    # Given back once, not twice: exactly one slot again.
    assert slots.free == 1


def test_long_work_holding_a_lock_never_deadlocks_the_next_run():
    """B gives its slot back and builds under a lock (Streamlit's cache of the function, the
    data folder's file lock); A, now in the slot, waits for that lock. B must not queue for
    the slot again while holding the lock, or both wait until the wait limit."""
    slots = RunSlots(1, wait_limit=20)
    build_lock = threading.Lock()
    b_building = threading.Event()
    finished: list[str] = []

    def b() -> None:
        with slots.hold():
            slots.release()
            with build_lock:
                b_building.set()
                time.sleep(0.3)  # A takes the slot meanwhile and waits for the lock
            finished.append("b")

    def a() -> None:
        b_building.wait(5)
        with slots.hold():
            with build_lock:
                finished.append("a")

    started = time.monotonic()
    threads = [threading.Thread(target=b), threading.Thread(target=a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(finished) == ["a", "b"]
    assert time.monotonic() - started < 5  # not the 20 s wait limit


def test_an_exception_gives_the_slot_back():
    slots = RunSlots(1)
    try:
        with slots.hold():
            raise RuntimeError("st.rerun() or st.stop() end a run with an exception")
    except RuntimeError:
        pass
    assert slots.free == 1


def test_a_run_that_waits_too_long_is_told_the_server_is_busy():
    """Issue 25: going ahead after the wait limit brought back the GIL contention the slot
    was meant to avoid; now the run stops (the page says the server is busy)."""
    slots = RunSlots(1, wait_limit=0.2, poll=0.05)
    outcome: list[str] = []

    def late() -> None:
        try:
            with slots.hold("b"):
                outcome.append("ran")
        except Busy:
            outcome.append("busy")

    with slots.hold("a"):
        t = threading.Thread(target=late)
        t.start()
        t.join(5)
    assert outcome == ["busy"]
    assert slots.free == 1 and slots.waiting("b") == 0


def _queued(slots: RunSlots, clients: list[str], order: list[str]) -> list[threading.Thread]:
    """One thread per entry of `clients`, each queued (in that order) for the held slot."""
    threads = []
    for n, client in enumerate(clients):
        def one(client: str = client, n: int = n) -> None:
            try:
                with slots.hold(client):
                    order.append(f"{client}{n}")
            except Busy:
                order.append(f"{client}{n} busy")
        t = threading.Thread(target=one)
        t.start()
        threads.append(t)
        deadline = time.monotonic() + 5
        while sum(slots.waiting(c) for c in set(clients)) < len(threads) and \
                not any("busy" in o for o in order) and time.monotonic() < deadline:
            time.sleep(0.005)
    return threads


def test_a_client_with_many_runs_waiting_does_not_go_before_the_others():
    """Issue 25 item 4: 30 tabs of one visitor pushed everyone's page to 4 s. The freed slot
    goes to the waiting clients in turn: the normal users' runs, queued after eight of the
    abuser's, start after at most one of them each."""
    slots = RunSlots(1, per_client=12, poll=0.05)
    order: list[str] = []
    with slots.hold("holder"):
        threads = _queued(slots, ["x"] * 8 + ["u", "v"], order)
    for t in threads:
        t.join(10)
    assert order[:4] == ["x0", "u8", "v9", "x1"]
    assert sorted(order) == sorted([f"x{i}" for i in range(8)] + ["u8", "v9"])
    assert slots.free == 1


def test_a_client_that_used_the_slot_lately_goes_after_one_that_did_not():
    slots = RunSlots(1, poll=0.05)
    with slots.hold("x"):
        time.sleep(0.2)  # x's run took a while
    order: list[str] = []
    with slots.hold("holder"):
        threads = _queued(slots, ["x", "x", "u"], order)  # x waited longer
    for t in threads:
        t.join(10)
    assert order == ["u2", "x0", "x1"]


def test_a_client_holds_at_most_its_share_of_waiting_runs():
    slots = RunSlots(1, per_client=3, poll=0.05)
    order: list[str] = []
    with slots.hold("holder"):
        threads = _queued(slots, ["x"] * 5 + ["u"], order)
        assert slots.waiting("x") == 3 and slots.waiting("u") == 1
    for t in threads:
        t.join(10)
    assert sorted(o for o in order if "busy" in o) == ["x3 busy", "x4 busy"]
    assert order[2:4] == ["x0", "u5"]  # the refused ones first, then in turn
    assert slots.free == 1


def test_a_newer_rerun_of_the_session_replaces_its_waiting_run():
    slots = RunSlots(1, poll=0.02)
    newer = threading.Event()
    outcome: list[str] = []

    def waiting_run() -> None:
        try:
            with slots.hold("a", superseded=newer.is_set):
                outcome.append("old run")
        except Superseded:
            outcome.append("replaced")

    with slots.hold("b"):
        t = threading.Thread(target=waiting_run)
        t.start()
        while not slots.waiting("a"):
            time.sleep(0.005)
        newer.set()  # the user changed a filter again while the first run waited
        t.join(5)
        assert slots.waiting("a") == 0
    assert outcome == ["replaced"] and slots.free == 1


def test_the_client_is_nginx_s_address_only_from_nginx():
    assert client_of(None, "10.0.0.7") == "10.0.0.7"  # through nginx on this machine
    assert client_of("127.0.0.1", "10.0.0.7") == "10.0.0.7"
    assert client_of("10.0.0.9", "10.0.0.7") == "10.0.0.9"  # a browser's own header: ignored
    assert client_of("10.0.0.9", None) == "10.0.0.9"


class _Counting(RunSlots):
    """The process's slots, counting the holds that took a slot (not nested ones)."""

    def __init__(self) -> None:
        super().__init__(1)
        self.taken = 0

    def hold(self, *args, **kwargs):
        if not getattr(self._held, "depth", 0):
            self.taken += 1
        return super().hold(*args, **kwargs)


def test_the_app_and_the_meeting_fragment_run_in_a_slot(sample_dir, monkeypatch):
    """app.py holds a slot for the page run; the meeting page's live part, which reruns on
    its own (a fragment skips app.py), takes one too; both give it back."""
    from streamlit.testing.v1 import AppTest

    from antt.ui import admission

    counting = _Counting()
    monkeypatch.setattr(admission, "PROCESS", counting)
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception and counting.taken == 1
    at.switch_page("views/meeting.py").run()
    assert not at.exception and counting.taken == 2  # the fragment inside its page: nested
    assert counting.free == 1  # given back
    live = admission.in_slot(lambda: counting.free)
    assert live() == 0  # a fragment rerun on its own holds the slot while it draws
    assert counting.taken == 3
