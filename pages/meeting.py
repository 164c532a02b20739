"""Trình chiếu (placeholder until its issue lands)."""

import streamlit as st

st.title("Trình chiếu")
st.info("Trang đang được xây dựng.")
