"""Trình chiếu: the key figures as large tiles, the map and the monthly trend for a projector,
refreshed by themselves. No sidebar: the filters and settings come from the link."""

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
view = View(filters, data.unit_names(filters.unit_set), data.model_type_labels(),
            data.latest_record_date())
ui.live(filters, view, settings)
ui.settings_form(filters)
