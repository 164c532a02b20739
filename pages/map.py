"""Bản đồ (placeholder until its issue lands)."""

import streamlit as st

st.title("Bản đồ")
st.info("Trang đang được xây dựng.")
