"""Tổng quan (placeholder until its issue lands)."""

import streamlit as st

st.title("Tổng quan")
st.info("Trang đang được xây dựng.")
