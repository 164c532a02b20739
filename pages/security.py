"""Tình hình ANTT (placeholder until its issue lands)."""

import streamlit as st

st.title("Tình hình ANTT")
st.info("Trang đang được xây dựng.")
