"""Page sections shared by the activity tabs: by month, by commune/village, underlying rows.
Drawing only; the figures come from queries and antt.indicators.

Each section's table and chart is built once per data version, filters and day for every
session (View.shared, antt.ui.data.figure; issue 16), under the section's `key`: the frame a
section gets must follow from the view's filters alone, never from a widget of the page."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from antt.data.queries import run_query
from antt.data.store import get_store
from antt.indicators import charts, table_frames
from antt.text.fmt import number
from antt.ui import tables
from antt.ui.data import figure, query, store
from antt.ui.downloads import MAX_SHOWN, table_with_downloads
from antt.ui.reports import mark_table, unit_columns
from antt.ui.state import View

PLACE_LEVELS = {"unit": "Theo xã", "village": "Theo thôn"}


def breakdown(view: View, frame: pd.DataFrame, label: str, columns: Sequence[str],
              title: str, key: str) -> None:
    """A horizontal bar chart of the first value column per label and its table: side by side
    when the table fits half the page whole at 1366 px, else the table below the chart."""
    st.markdown(f"**{title}**")
    if frame.empty:
        st.info(table_frames.EMPTY_MESSAGE)
        return
    # Built once per data version and filters for every session (View.shared, antt.cache).
    shown = view.shared(f"breakdown:{key}", lambda: view.table(frame, [label, *columns]))
    fits = tables.cached_prepare(shown).width <= tables.HALF_WIDTH
    chart, table = (st.columns(2, vertical_alignment="center") if fits
                    else (st.container(), st.container()))
    chart.plotly_chart(figure((f"breakdown:{key}", view.filters), lambda: charts.category_bars(
        frame[label], [(table_frames.COLUMN_LABELS[columns[0]], frame[columns[0]])])),
        key=f"{key}_chart", config=charts.CONFIG)
    with table:
        table_with_downloads(shown, view.stem(title), view.filter_lines(), key=key,
                             available=tables.HALF_WIDTH if fits else tables.PAGE_WIDTH)


def by_month(view: View, months: pd.DataFrame, bar: str, line: str | None, key: str) -> None:
    """Count bars per month with a people/households line on a second axis."""
    st.markdown("**Theo tháng**")
    if not table_frames.has_rows(months, bar):
        st.info(table_frames.EMPTY_MESSAGE)
        return
    shown = months[months[bar] > 0]
    st.plotly_chart(figure((f"by_month:{key}", view.filters), lambda: charts.monthly_bars(
        shown["month"], [(table_frames.COLUMN_LABELS[bar], shown[bar])],
        line=(table_frames.COLUMN_LABELS[line], shown[line]) if line else None,
        complete_until=view.through.complete if view.through else None,
    )), key=f"{key}_month_chart", config=charts.CONFIG)
    columns = ["month", bar, *([line] if line else [])]
    with st.expander("Bảng theo tháng"):
        table_with_downloads(view.shared(f"by_month:{key}", lambda: view.table(shown, columns)),
                             view.stem(f"{key}-theo-thang"), view.filter_lines(),
                             key=f"{key}_month")


def by_place(view: View, columns: Sequence[str], key: str) -> None:
    """Totals per commune or per village (a switch), with downloads."""
    st.markdown("**Theo địa bàn**")
    level = st.radio("Tổng hợp", list(PLACE_LEVELS), format_func=PLACE_LEVELS.get,
                     horizontal=True, key=f"{key}_level", label_visibility="collapsed")
    if level == "unit":
        frame = query("activities_by_unit", **view.params)
        names = ["unit_name"]
    else:
        frame = query("activities_by_village", **view.params)
        frame = frame[frame[columns[0]] > 0]
        names = ["village_name", "unit_name"]
    if frame.empty or not table_frames.has_rows(frame, columns[0]):
        st.info(table_frames.EMPTY_MESSAGE)
        return

    def assemble() -> pd.DataFrame:
        marked, shown_names = frame, names
        if level == "unit":  # each unit's completeness beside its figures
            marked = mark_table(view.filters, frame)
            shown_names = unit_columns(view.filters, names)
        return view.table(marked, [*shown_names, *columns])

    table_with_downloads(view.shared(f"by_place:{key}:{level}", assemble),
                         view.stem(f"{key}-{PLACE_LEVELS[level]}"), view.filter_lines(),
                         key=f"{key}_{level}", height="auto" if level == "unit" else 400)


RECORD_COLUMNS = {
    "outreach": (["on_date", "unit_name", "village_name", "model_name", "kind_label",
                  "detail_label", "people"], {"kind_label": "Nội dung", "detail_label": "Hình thức",
                                              "people": "Lượt người dự"}),
    "patrols": (["on_date", "unit_name", "village_name", "model_name", "kind_label", "people"],
                {"kind_label": "Dịp", "people": "Lượt người tham gia"}),
    "commitments": (["on_date", "unit_name", "village_name", "model_name", "kind_label",
                     "households"], {"kind_label": "Loại cam kết", "households": "Số hộ ký"}),
    "mediations": (["on_date", "unit_name", "village_name", "model_name", "kind_label",
                    "detail_label"], {"kind_label": "Loại mâu thuẫn", "detail_label": "Kết quả"}),
}


def _all_records(data_dir: str, activity: str, params: dict, columns: list[str],
                 labels: dict[str, str]) -> pd.DataFrame:
    """Every record of the view, for a download (runs on click, outside the page run, so it
    reads the store directly rather than through st.cache_data: no second copy kept)."""
    frame = run_query("activity_records", store=get_store(Path(data_dir)), activity=activity,
                      row_limit=None, **params)
    return table_frames.vi_table(frame, columns, labels, unit_set=params["unit_set"])


def records(view: View, activity: str, key: str) -> None:
    """The underlying rows, one click away (an expander): the first 1.000 on screen, every
    row in the downloads."""
    first = query("activity_records", activity=activity, row_limit=MAX_SHOWN,
                  **view.params)
    total = int(first["total_rows"].iloc[0]) if len(first) else 0
    with st.expander(f"Xem các bản ghi ({number(total)} dòng)"):
        if first.empty:
            st.info(table_frames.EMPTY_MESSAGE)
            return
        columns, labels = RECORD_COLUMNS[activity]
        full = partial(_all_records, str(store().data_dir), activity, dict(view.params),
                       columns, labels)
        shown = view.shared(f"records:{key}", lambda: view.table(first, columns, labels))
        table_with_downloads(shown, view.stem(f"{key}-ban-ghi"), view.filter_lines(),
                             key=f"{key}_records", height=400, total=total, full=full)


def table(view: View, frame: pd.DataFrame, columns: Sequence[str], title: str,
          key: str, **formatting) -> None:
    """A plain table of chosen columns with its downloads (`formatting`: see tables.show)."""
    table_with_downloads(view.shared(f"table:{key}", lambda: view.table(frame, list(columns))),
                         view.stem(title), view.filter_lines(), key=key, **formatting)
