"""Trình chiếu: the key figures as large tiles, the map and the monthly trend for a projector,
one screen at any 16:9 size, refreshed by themselves. No sidebar: the view comes from the link,
else from the sidebar's filters (opened from the menu), else Tổng quan's defaults."""

import streamlit as st

from antt.ui import data
from antt.ui import meeting as ui
from antt.ui.state import View

ui.hide_chrome()
filters = ui.read_filters()
if filters is None:
    ui.wait_for_data()
    st.stop()

settings = ui.read_settings()
if settings.theme:
    ui.hide_chrome(settings.theme)
view = View(filters, data.unit_names(filters.unit_set), data.model_type_labels(),
            data.latest_record_date())
ui.live(filters, view, settings)
ui.controls(filters)
