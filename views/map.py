"""Bản đồ: communes coloured by an indicator, village points, drill-down to one commune."""

import streamlit as st

from antt.maps import point_map
from antt.maps.boundaries import ATTRIBUTION
from antt.maps.colours import INDICATORS
from antt.maps.labels import dropped_names
from antt.maps.plotly_map import PAGE_WIDTH
from antt.maps.tables import unit_table, village_table
from antt.text.escape import md
from antt.ui import map_width
from antt.ui.downloads import table_with_downloads
from antt.ui.maps import (
    CHART_CONFIG,
    COMMUNE_KEY,
    INDICATOR_KEY,
    chart_key,
    figure_for,
    map_data,
    no_boundary_note,
    sync_commune_choice,
    village_file_stem,
)
from antt.ui.state import current_view

view = current_view()
filters = view.filters
data = map_data(filters)
names = dict(zip(data.units["unit_code"], data.units["unit_name"]))

st.title("Bản đồ")
left, right = st.columns(2)
indicator = left.selectbox(
    "Chỉ tiêu tô màu", list(INDICATORS), key=INDICATOR_KEY,
    format_func=lambda key: INDICATORS[key].label,
)
sync_commune_choice(list(names))
focus = right.selectbox(
    "Xem chi tiết một xã", ["", *names], key=COMMUNE_KEY,
    format_func=lambda code: names.get(code, "— Cả phạm vi đang lọc —"),
)

if data.missing:
    st.info(md(no_boundary_note(data)))
if data.drawable:
    # names placed for the width the map is drawn at (a phone's is a third of a desktop's)
    width = map_width.map_width(map_width.PAGE_KEY, PAGE_WIDTH)
    fig = figure_for(data, filters, indicator, focus or None, width=width)
    st.plotly_chart(fig, key=chart_key(focus), on_select="rerun", selection_mode="points",
                    config=CHART_CONFIG, width="stretch")
    st.caption(ATTRIBUTION if not data.points else point_map.POINT_NOTE)
    st.caption(
        "Màu xã: " + INDICATORS[indicator].label.lower() + ". Cỡ chấm: số hoạt động của "
        "thôn trong kỳ. Bấm vào một xã (hoặc chọn ở ô bên trên) để xem các thôn của xã. "
        + INDICATORS[indicator].note
        # names left off so that none overlap (antt/maps/labels.py) are in the hovers
        + (" Tên xã, thôn nào không đủ chỗ in trên bản đồ thì đưa chuột vào để xem."
           if dropped_names(fig) else "")
    )

rates = {ind.label: ind.decimals for ind in INDICATORS.values()}
if focus:
    villages = data.villages[data.villages["unit_code"] == focus]
    st.subheader(f"Các thôn, khối phố của {md(names[focus])} — {filters.period.label}")
    # vi-VN, right-aligned, a totals row; CSV and Excel named after the commune.
    table_with_downloads(village_table(villages, indicator),
                         village_file_stem(filters, focus, names), view.filter_lines(),
                         key="map_villages", decimals=rates, not_summed=rates)
elif not data.drawable or data.points:
    st.subheader(f"Số liệu theo đơn vị — {filters.period.label}")
    table_with_downloads(unit_table(data.units, indicator, filters.unit_set),
                         view.stem("So lieu theo don vi"), view.filter_lines(),
                         key="map_units", decimals=rates, not_summed=rates)
