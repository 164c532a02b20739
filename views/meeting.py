"""Trình chiếu: the key figures as large tiles, the map and the monthly trend for a projector,
one screen at any 16:9 size, refreshed by themselves. No sidebar: the view comes from the link,
else from the sidebar's filters (opened from the menu), else Tổng quan's defaults."""

import streamlit as st

from antt.ui import data, meeting_live, meeting_settings, through
from antt.ui.state import View

meeting_settings.hide_chrome()
filters = meeting_settings.read_filters()
if filters is None:
    meeting_settings.wait_for_data()
    st.stop()

settings = meeting_settings.read_settings()
if settings.theme:
    meeting_settings.hide_chrome(settings.theme)
view = View(filters, data.unit_names(filters.unit_set), data.model_type_labels(),
            data.latest_record_date(), through.for_filters(filters))
meeting_live.live(filters, view, settings)
meeting_settings.controls(filters, view)
