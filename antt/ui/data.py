"""Cached access to the store from Streamlit: one store per process, results keyed by version."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from antt.fmt import today_local
from antt.queries import run_query
from antt.store import Store, get_store


def store() -> Store:
    """The process-wide store; checks the files for changes (cheap: a stat per file)."""
    s = get_store()
    s.refresh()
    return s


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(version: str, data_dir: str, name: str, frozen: tuple) -> pd.DataFrame:
    return run_query(name, store=get_store(data_dir), **{k: _thaw(v) for k, v in frozen})


def _freeze(value):
    return tuple(value) if isinstance(value, (list, set, frozenset)) else value


def _thaw(value):
    return list(value) if isinstance(value, tuple) else value


def query(name: str, **params) -> pd.DataFrame:
    """run_query through st.cache_data, keyed by the data version: a changed CSV shows at the
    next rerun. Returns a copy-safe frame (do not mutate it in place)."""
    s = store()
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    return _cached(s.version, str(s.data_dir), name, frozen)


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
