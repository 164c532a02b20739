"""The Thông báo page never downloads a state the form does not show (issue #23).

A date typed in "Số liệu đến ngày" is applied when the field loses focus; a click on "Tải PDF"
right after typing (or after Tab) reached the file of the previous run: the figures of
31/10/2026 while the form showed 02/10/2024. So the download buttons hand over no bytes made
in advance: the file is made when clicked (Streamlit's deferred download), from the notice of
the page's last *finished* run, and only once no run is pending: the click waits for the run
the blur started, and a run that ended with errors (an out-of-range date) gives no file.

`tracked()` (app.py) counts every run of a session; the page publishes its validated notice
at the end of a run (`publish`); `settled_notice()` is what a download click waits on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

KEY = "nt_runs"
GRACE = 0.4  # s: the run a blur asked for starts within this (its request came first)
WAIT = 90.0  # s: at most this long for the page's runs to finish


class NoFile(Exception):
    """No file to hand over: the form's last run has errors, or it did not finish."""


class _RefusalWithoutTraceback(logging.Filter):
    """Streamlit logs a deferred download that raised with its traceback; a NoFile is the
    notice page refusing a file on purpose (the form has errors), not a fault: one plain line
    for whoever reads the server's log, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        while exc is not None:
            if isinstance(exc, NoFile):
                record.msg, record.args = ("Thông báo: không tạo tệp tải về (biểu mẫu chưa hợp "
                                           "lệ hoặc chưa tính xong)."), ()
                record.exc_info, record.exc_text = None, None
                return True
            exc = exc.__cause__ or exc.__context__
        return True


logging.getLogger("streamlit.runtime.backend_operation_handler").addFilter(
    _RefusalWithoutTraceback())


class Runs:
    """A session's script runs: how many began, how many are going, and the notice JSON of
    the last run that finished the notice page (None: that run had errors)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.started = 0
        self.running = 0
        self.published_run = -1
        self.notice_json: str | None = None
        self.draft_json: str | None = None

    def begin(self) -> int:
        with self._cond:
            self.started += 1
            self.running += 1
            return self.started

    def end(self) -> None:
        with self._cond:
            self.running -= 1
            self._cond.notify_all()

    def publish(self, run: int, notice_json: str | None, draft_json: str | None) -> None:
        with self._cond:
            self.published_run = run
            self.notice_json, self.draft_json = notice_json, draft_json
            self._cond.notify_all()

    def settled(self, what: str = "notice", grace: float = GRACE, wait: float = WAIT) -> str:
        """The notice (or draft) JSON of the last run, once no run is going and the last one
        begun has published it; raises NoFile otherwise."""
        time.sleep(grace)
        with self._cond:
            done = self._cond.wait_for(
                lambda: self.running == 0 and self.published_run == self.started, wait)
            value = self.notice_json if what == "notice" else self.draft_json
            if not done or value is None:
                raise NoFile
            return value


def session_runs() -> Runs:
    runs = st.session_state.get(KEY)
    if not isinstance(runs, Runs):
        runs = st.session_state[KEY] = Runs()
    return runs


def current_run() -> int:
    """The number of this run (0 outside tracked())."""
    return st.session_state.get(f"{KEY}_number", 0)


@contextmanager
def tracked() -> Iterator[None]:
    """Count this run as going until the block ends (app.py: the whole run)."""
    runs = session_runs()
    st.session_state[f"{KEY}_number"] = runs.begin()
    try:
        yield
    finally:
        runs.end()
