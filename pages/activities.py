"""Hoạt động (placeholder until its issue lands)."""

import streamlit as st

st.title("Hoạt động")
st.info("Trang đang được xây dựng.")
