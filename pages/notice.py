"""Thông báo (placeholder until its issue lands)."""

import streamlit as st

st.title("Thông báo")
st.info("Trang đang được xây dựng.")
