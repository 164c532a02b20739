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
slot holder waits for, and waiting for the slot while holding it would deadlock them. A thread
that waits longer than WAIT_LIMIT goes ahead anyway: a slot is a queue, never a dead end.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


class RunSlots:
    """`slots` runs at once (0: no limit), re-entrant within a thread."""

    def __init__(self, slots: int, wait_limit: float = WAIT_LIMIT) -> None:
        self.slots = slots
        self.wait_limit = wait_limit
        self._semaphore = threading.BoundedSemaphore(slots) if slots else None
        self._held = threading.local()  # depth (nested holds) and whether a slot is held

    @contextmanager
    def hold(self) -> Iterator[None]:
        """Hold a slot for the block; a nested hold (a fragment inside its page's run) reuses
        the thread's slot."""
        held = self._held
        depth = getattr(held, "depth", 0)
        if self._semaphore is None or depth:
            held.depth = depth + 1
            try:
                yield
            finally:
                held.depth = depth
            return
        held.acquired = self._semaphore.acquire(timeout=self.wait_limit)
        held.depth = 1
        try:
            yield
        finally:
            held.depth = 0
            if held.acquired:
                held.acquired = False
                self._semaphore.release()

    def release(self) -> None:
        """Give the thread's slot back for the rest of its run (no-op without one)."""
        held = self._held
        if self._semaphore is not None and getattr(held, "acquired", False):
            held.acquired = False
            self._semaphore.release()


PROCESS = RunSlots(_slots_from_env())


def run_slot():
    """Hold one of the process's run slots for the block (app.py: the whole page run)."""
    return PROCESS.hold()


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
