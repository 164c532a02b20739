"""Chất lượng số liệu: the data-quality flags of the chosen communes and period (rules, unusual
values, missing reports, double entries), their follow-up marks and a download."""

import streamlit as st

from antt.ui.quality import show_page
from antt.ui.state import current_view

view = current_view()
st.title("Chất lượng số liệu")
show_page(view)
