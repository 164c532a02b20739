"""Tình hình ANTT: incidents by category, field, year; model villages vs others; before/after."""

import streamlit as st

from antt.indicators import charts, kpi_cards, table_frames
from antt.text.fmt import date_short
from antt.ui import sections, tables
from antt.ui.data import figure, query
from antt.ui.kpi import kpi_tiles
from antt.ui.state import current_view

view = current_view()
p = view.params
st.title("Tình hình an ninh, trật tự")
kpi_tiles([kpi_cards.card_by_key(view.cards(query("kpis", **p)), "incidents")], 3,
          comparison=view.comparison)

by_category = query("incidents_by_category", **p)
sections.breakdown(view, table_frames.totals_by(by_category, "category_label",
                                             ["incidents", "resolved"]),
                   "category_label", ["incidents", "resolved"], "Theo loại vụ việc",
                   "incidents_category")
sections.breakdown(view, table_frames.totals_by(by_category, "field_label",
                                             ["incidents", "resolved"]),
                   "field_label", ["incidents", "resolved"], "Theo lĩnh vực",
                   "incidents_field")

years = query("incidents_by_year", communes=p["communes"], unit_set=p["unit_set"],
              date_to=p["date_to"], model_type=p["model_type"])
st.subheader(f"Theo năm (đến {date_short(p['date_to'])})")
# A year that is not whole (the last, to the period's end) is marked on the chart and in the
# table: its rate per 1.000 people is not comparable with a whole year's.
first = view.through.first if view.through else None
partial = table_frames.partial_years(list(years["year"]), p["date_to"], first)
st.plotly_chart(figure(("incidents_years", view.filters), lambda: charts.yearly_bars(
    years["year"], years["incidents"], "Vụ việc", highlight=p["date_to"].year,
    partial=partial)), key="incidents_years", config=charts.CONFIG)
sections.table(view, table_frames.mark_partial_years(years, p["date_to"], first),
               ["year", "incidents", "resolved", "incidents_per_1000", "year_note"],
               "vu-viec-theo-nam", "incidents_years")

st.subheader("Thôn có mô hình và thôn khác (trên 1.000 dân)")
groups = table_frames.model_vs_other(query("incidents_model_vs_other", **p))
left, right = st.columns([1, 3])  # the table needs its five columns in full at 1366 px
with left:
    st.plotly_chart(figure(("model_vs_other", view.filters), lambda: charts.rate_bars(
        groups["village_group"], groups["incidents_per_1000"])), key="model_vs_other",
        config=charts.CONFIG)
with right:
    st.caption("Thôn có mô hình: có mô hình (loại đã chọn) đang hoạt động ngày cuối kỳ.")
    sections.table(view, groups, ["village_group", "villages", "population", "incidents",
                                  "incidents_per_1000"], "thon-mo-hinh-va-thon-khac",
                   "model_vs_other", available=3 * tables.PAGE_WIDTH // 4,
                   total_values=table_frames.rate_total(groups))

st.subheader("Trước và sau khi thành lập mô hình (12 tháng)")
ba = query("model_village_incidents_before_after", model_id="", **p)
before, after = table_frames.before_after_totals(ba)
st.markdown(table_frames.before_after_text(before, after, len(ba)))
if not ba.empty:
    st.plotly_chart(figure(("before_after", view.filters), lambda: charts.before_after_bars(
        ["Tổng các thôn có mô hình"], [before], [after])), key="before_after",
        config=charts.CONFIG)
    sections.table(view, ba, ["model_name", "village_name", "unit_name", "established_on",
                              "incidents_before", "incidents_after", "months_after"],
                   "truoc-sau-thanh-lap", "before_after")
