"""Cached access to the store from Streamlit: one store per process, results keyed by version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

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
