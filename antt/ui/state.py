"""The shared filters as the pages read them: one helper with defaults, so a page also runs
on its own (AppTest.from_file("pages/x.py")) with filters seeded in st.session_state."""

from __future__ import annotations

import streamlit as st

from antt.filters import Filters

FILTERS_KEY = "filters"


def current_filters() -> Filters:
    """The filters set in the sidebar (app.py), or the defaults when a page runs alone."""
    value = st.session_state.get(FILTERS_KEY)
    return value if isinstance(value, Filters) else Filters()
