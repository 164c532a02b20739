"""The shared filters as the pages read them: one helper with defaults, so a page also runs
on its own (AppTest.from_file("views/x.py")) with filters seeded in st.session_state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from antt.data.complete import DataThrough
from antt.indicators import kpi_cards, like_for_like, table_frames, view_text
from antt.indicators.filters import Filters
from antt.indicators.kpi_cards import KpiCard
from antt.indicators.periods import Comparison
from antt.text.fmt import today_local
from antt.ui import data, through

FILTERS_KEY = "filters"
T = TypeVar("T")


def default_filters() -> Filters:
    """The first-open view for the current data (see antt.indicators.view_text.default_filters):
    it ends at the last complete month (antt.data.complete), not at the newest record."""
    return view_text.default_view(lambda unit_set: through.data_through(unit_set).complete,
                                  today_local())


def current_filters() -> Filters:
    """The filters set in the sidebar (app.py), or the defaults when a page runs alone."""
    value = st.session_state.get(FILTERS_KEY)
    return value if isinstance(value, Filters) else default_filters()


@dataclass(frozen=True)
class View:
    """The filters plus what a page needs to describe them (names, labels, data date)."""

    filters: Filters
    unit_names: dict[str, str]
    model_labels: dict[str, str]
    latest: dt.date | None
    # How far each unit in scope has complete data (antt.data.complete); None: not known
    # (cùng kỳ is then compared without the like-for-like checks).
    through: DataThrough | None = None

    @property
    def comparison(self) -> Comparison:
        """The period ended at the data date and its cùng kỳ (the one rule,
        antt.indicators.periods)."""
        return self.filters.comparison(self.latest)

    @property
    def not_comparable(self) -> str | None:
        """Why this view cannot be compared with cùng kỳ (None: it can)."""
        return like_for_like.not_comparable(self.comparison, self.through)

    def cards(self, kpis: pd.DataFrame) -> list[KpiCard]:
        """The KPI cards of queries/kpis.sql for this view: compared with cùng kỳ only like
        for like (every page and the meeting page draw these)."""
        return kpi_cards.kpi_cards(kpis, self.not_comparable)

    @property
    def params(self) -> dict:
        return self.filters.params(self.latest)

    def filter_lines(self) -> list[tuple[str, str]]:
        return view_text.filter_lines(self.filters, self.unit_names, self.model_labels,
                                      self.latest, self.through)

    def table(self, frame: pd.DataFrame, columns: list[str],
              labels: dict[str, str] | None = None) -> pd.DataFrame:
        """table_frames.vi_table for this view's unit set."""
        return table_frames.vi_table(frame, columns, labels, unit_set=self.filters.unit_set)

    def shared(self, name: str, build: Callable[[], T]) -> T:
        """What `build()` makes of this view (a table assembled for display, say), built once
        per data version, filters and day for every session (antt.ui.data.shared): 40 people
        with the same filters share one. Read-only."""
        return data.shared((name, self.filters, today_local()), build)

    def stem(self, name: str) -> str:
        return view_text.file_stem(name, self.filters, self.unit_names)


def current_view() -> View:
    f = current_filters()
    return View(f, data.unit_names(f.unit_set), data.model_type_labels(),
                data.latest_record_date(), through.for_filters(f))
