"""The Trình chiếu page for a large area (antt.indicators.meeting_pages): the pages of the
commune review and the two things drawn for them, the summary's ranking (the first communes by
the map's figure, the rest in one row) and a page's table (its communes' eight figures and
their sum). Small areas never get here: their screens are antt/ui/meeting_live.py's."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from antt.indicators import meeting_pages
from antt.indicators.filters import Filters
from antt.indicators.view_text import unit_label
from antt.maps.colours import DEFAULT_INDICATOR, INDICATORS
from antt.text.escape import md
from antt.ui import data
from antt.ui.state import View

RANKING_KEY = "meeting_ranking"  # its chart box undoes the page zoom (meeting_style.CHART_KEYS)
TABLE_KEY = "meeting-table"
ROOMY_KEY, ROOMY_ROWS = "meeting-table-roomy", 9  # rows with the "Cộng" row


def _districts() -> dict[str, str]:
    """A 2024 commune's code -> its district's name (queries/unit_districts.sql)."""
    def build() -> dict[str, str]:
        frame = data.query("unit_districts")
        return dict(zip(frame["commune_code"], frame["district_name"], strict=True))
    return data.shared(("meeting_districts",), build)


def pages(filters: Filters, view: View, communes: list[str]) -> list[meeting_pages.Page]:
    """The review's pages; none for a small area (one commune a screen). By former district
    only when the period is read in the 2024 units (no district exists after 01/7/2025)."""
    if not meeting_pages.is_large(len(communes)):
        return []
    districts = _districts() if filters.unit_set == "2024" else None
    return meeting_pages.commune_pages(communes, view.unit_names, districts)


def page_scope(page: meeting_pages.Page, unit_set: str) -> str:
    """What the title calls a page: 'Huyện Đình Lập (12 xã, thị trấn)', 'Xã A – Xã H (8 xã)'."""
    return f"{page.label} ({len(page.communes)} {unit_label(unit_set).lower()})"


def draw_ranking(units: pd.DataFrame, chart: Callable[[str, Callable[[], go.Figure]], None]
                 ) -> None:
    """The summary's per-commune chart of a large area: the first TOP_N communes by the map's
    figure, then the others in one grey row, drawn by `chart(key, build)` (the live part's
    projector chart)."""
    indicator = INDICATORS[DEFAULT_INDICATOR]
    ranking = meeting_pages.top_and_rest(list(units["unit_name"]),
                                         list(indicator.values(units).fillna(0)))
    if not ranking.total:  # 65 empty bars rank nothing
        st.info(md(f"Chưa xếp hạng được các xã: {indicator.label.lower()} bằng 0 trong phạm "
                   "vi và kỳ đã chọn."))
        return

    def build() -> go.Figure:
        shown = len(ranking.names) - (1 if ranking.rest else 0)
        title = f"{indicator.label} theo xã: {shown} xã cao nhất"
        return meeting_pages.ranking_figure(ranking, indicator.label, title)

    chart(RANKING_KEY, build)


def draw_page_table(units: pd.DataFrame, page: meeting_pages.Page, unit_set: str) -> None:
    """A page of the review: one row a commune with the tiles' eight figures, then "Cộng".
    Drawn with st.table (real text, so the 16 px floor is checked like every other text);
    st.table reads its cells as Markdown, hence md() on every cell and header."""
    table = meeting_pages.page_table(units, page, unit_label(unit_set))
    shown = table.map(md)
    shown.columns = [md(c) for c in table.columns]
    with st.container(key=TABLE_KEY):
        # a page of up to 8 communes (and its sum) gets taller rows: the screen has the room
        with st.container(key=ROOMY_KEY if len(table) <= ROOMY_ROWS else None):
            st.table(shown, hide_index=True)
