"""Mô hình (placeholder until its issue lands)."""

import streamlit as st

st.title("Mô hình")
st.info("Trang đang được xây dựng.")
