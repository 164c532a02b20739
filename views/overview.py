"""Tổng quan: KPI cards vs cùng kỳ, monthly trend, totals by commune, villages with models."""

import streamlit as st

from antt.indicators import charts, table_frames
from antt.ui.data import figure, query
from antt.ui.downloads import table_with_downloads
from antt.ui.kpi import kpi_tiles
from antt.ui.maps import show_small_map
from antt.ui.reports import counted_caption, mark_table, unit_columns
from antt.ui.state import current_view

view = current_view()
st.title("Tổng quan")

kpi_tiles(view.cards(query("kpis", **view.params)), comparison=view.comparison)
counted_caption(view.filters)

months = query("activities_by_month", **view.params)
st.subheader("Diễn biến theo tháng")
if table_frames.has_rows(months, "outreach_sessions", "patrols", "mediations", "incidents"):
    # built once per data version and filters for every session (antt.cache)
    st.plotly_chart(figure(("overview_trend", view.filters), lambda: charts.monthly_bars(
        months["month"],
        [("Buổi tuyên truyền", months["outreach_sessions"]), ("Cuộc tuần tra", months["patrols"]),
         ("Vụ hòa giải", months["mediations"]), ("Vụ việc về ANTT", months["incidents"])],
        complete_until=view.through.complete if view.through else None,
    )), key="trend", config=charts.CONFIG)
else:
    st.info(table_frames.EMPTY_MESSAGE)

# Full width, short headers (their tooltips and the files say them in full): the nine columns
# fit whole at 1366 px (issue 13).
units = query("activities_by_unit", **view.params)
st.subheader("Theo xã")
values = ["active_models", "outreach_sessions", "outreach_attendees", "patrols",
          "commitment_households", "mediations", "incidents"]
# assembled once per data version and filters for every session (View.shared)
by_unit = view.shared("overview_units", lambda: view.table(
    mark_table(view.filters, units), unit_columns(view.filters, ["unit_name", *values]),
    table_frames.SHORT_LABELS))
table_with_downloads(by_unit, view.stem("tong-hop-theo-xa"), view.filter_lines(), key="units",
                     full=lambda: table_frames.full_headers(by_unit),
                     helps=table_frames.SHORT_HELPS)
left, right = st.columns([2, 3])
with left:
    st.subheader("Bản đồ")
    show_small_map(view.filters)
with right:
    st.subheader("Thôn có mô hình")
    villages = view.shared("overview_villages", lambda: view.table(
        table_frames.villages_with_models(query("activities_by_village", **view.params)),
        # the figures next to the name, the long model names last: at 1366 px the half-width
        # table shows its numbers, not one header and a scroll bar
        ["village_name", "outreach_sessions", "patrols", "incidents", "unit_name",
         "model_names"]))
    if villages.empty:
        st.info("Không có thôn nào có mô hình đang hoạt động trong phạm vi đã chọn.")
    else:
        # a short list as tall as its rows (a fixed height padded two villages with empty rows)
        table_with_downloads(villages, view.stem("thon-co-mo-hinh"), view.filter_lines(),
                             key="villages", height=380 if len(villages) > 8 else "auto")
