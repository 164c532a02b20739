"""Run slots (antt.ui.admission): how many script runs of a process go at once."""

import threading
import time
from pathlib import Path

from antt.ui.admission import RunSlots

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
        assert slots._semaphore.acquire(blocking=False) is False  # still held by the page
    assert time.monotonic() - started < 1
    assert slots._semaphore.acquire(blocking=False) is True  # given back at the end


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
    assert slots._semaphore.acquire(blocking=False) is True
    assert slots._semaphore.acquire(blocking=False) is False


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
    assert slots._semaphore.acquire(blocking=False) is True


def test_a_thread_that_waits_too_long_goes_ahead():
    slots = RunSlots(1, wait_limit=0.2)
    ran = threading.Event()

    def late() -> None:
        with slots.hold():
            ran.set()

    with slots.hold():
        t = threading.Thread(target=late)
        t.start()
        assert ran.wait(5)  # went ahead after 0,2 s although the slot was still held
    t.join(5)
    # Going ahead without a slot never releases one it did not take.
    assert slots._semaphore.acquire(blocking=False) is True
    assert slots._semaphore.acquire(blocking=False) is False


class _Counting(RunSlots):
    """The process's slots, counting the holds that took a slot (not nested ones)."""

    def __init__(self) -> None:
        super().__init__(1)
        self.taken = 0

    def hold(self):
        if not getattr(self._held, "depth", 0):
            self.taken += 1
        return super().hold()


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
    assert counting._semaphore.acquire(blocking=False) is True  # given back
    counting._semaphore.release()
    live = admission.in_slot(lambda: counting._semaphore.acquire(blocking=False))
    assert live() is False  # a fragment rerun on its own holds the slot while it draws
    assert counting.taken == 3
