"""Dữ liệu (placeholder until its issue lands)."""

import streamlit as st

st.title("Dữ liệu")
st.info("Trang đang được xây dựng.")
