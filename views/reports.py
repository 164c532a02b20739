"""Tiến độ báo cáo: who reported which month, on time or late, approved; rates per unit."""

import streamlit as st

from antt.ui.reports import show_page
from antt.ui.state import current_view

view = current_view()
st.title("Tiến độ báo cáo")
show_page(view)
