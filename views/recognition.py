"""Công nhận An toàn về ANTT: the year's status by commune and village against TT 124's
criteria (data/recognition.toml), deadlines, what is missing, downloads, and entry."""

import streamlit as st

from antt.ui.recognition import show_page

st.title("Công nhận An toàn về ANTT")
show_page()
