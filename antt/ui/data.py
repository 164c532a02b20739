"""Cached access to the store from Streamlit: one store per process, results keyed by version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from antt import cache
from antt.data.queries import run_query
from antt.data.store import Store, get_store
from antt.text.fmt import today_local

T = TypeVar("T")


def store() -> Store:
    """The process-wide store, checked for changed files once per script run (a stat per
    file): a page calls this a dozen times a run, and a change shows at the next rerun."""
    s = get_store()
    ctx = get_script_run_ctx()
    # ctx.cursors is a new dict at the start of every run (and fragment run) of a session
    run = ctx.cursors if ctx is not None else None
    if run is None or getattr(ctx, "_antt_checked", None) is not run:
        s.refresh()
        if ctx is not None:
            ctx._antt_checked = run
    return s


def version() -> str:
    """The version of the data served (changes with any data file's content)."""
    return store().version


def _run(data_dir: str, name: str, frozen: tuple) -> pd.DataFrame:
    return run_query(name, store=get_store(data_dir), **{k: _thaw(v) for k, v in frozen})


def _freeze(value):
    return tuple(value) if isinstance(value, (list, set, frozenset)) else value


def _thaw(value):
    return list(value) if isinstance(value, tuple) else value


def query(name: str, **params) -> pd.DataFrame:
    """run_query through the process-wide cache (antt.cache.QUERIES), keyed by the data
    version: a changed CSV shows at the next rerun, and every session with the same filters
    shares one result. The frame is a shallow copy: under pandas' copy-on-write, changing it
    never changes the cached one."""
    s = store()
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    data_dir = str(s.data_dir)
    frame = cache.QUERIES.get((s.version, data_dir, name, frozen),
                              lambda: _run(data_dir, name, frozen))
    return frame.copy(deep=False)


def figure(key: tuple, build: Callable[[], go.Figure | None],
           version: str | None = None) -> cache.FigureSpec | None:
    """A figure built once per data version and `key` (name it and include the filters) for
    every session of the process (antt.cache.FIGURES); draw it with st.plotly_chart."""
    s = store()
    return cache.figure((version or s.version, str(s.data_dir), *key), build)


def shared(key: tuple, build: Callable[[], T]) -> T:
    """A value derived from the data only (not from a session), built once per data version
    for every session (antt.cache.VALUES). Treat it as read-only."""
    s = store()
    return cache.VALUES.get((s.version, str(s.data_dir), *key), build)


def latest_record_date() -> dt.date | None:
    """The 'Số liệu tính đến' date: the newest activity or incident record."""
    value = query("latest_record_date")["latest_on"].iloc[0]
    return None if pd.isna(value) else pd.Timestamp(value).date()


def unit_names(unit_set: str) -> dict[str, str]:
    """unit code -> name of a unit set, in Vietnamese order (queries/units.sql)."""
    units = query("units", unit_set=unit_set)
    return dict(zip(units["unit_code"], units["unit_name"], strict=True))


def valid_units() -> dict[str, set[str]]:
    return {unit_set: set(unit_names(unit_set)) for unit_set in ("2024", "2025")}


def model_type_labels() -> dict[str, str]:
    """model type code -> Vietnamese label, in vocab order."""
    vocab = query("vocab_labels", table="models", column="model_type")
    return dict(zip(vocab["value"], vocab["label"], strict=True))


def data_years() -> list[int]:
    """The years a period can be chosen in: first record year to this year (or the last)."""
    summary = query("table_summary")
    first = pd.to_datetime(summary["first_on"]).min()
    last = pd.to_datetime(summary["last_on"]).max()
    today = today_local()
    start = first.year if not pd.isna(first) else today.year
    end = max(today.year, last.year if not pd.isna(last) else today.year)
    return list(range(start, end + 1))
