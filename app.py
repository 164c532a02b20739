"""Entry point: page config, theme, shared sidebar filters, navigation. Nothing else."""

import streamlit as st

st.set_page_config(
    page_title="ANTT Dashboard",
    page_icon="🛡️",
    layout="wide",
)

PAGES = {
    "Bảng điều khiển": [
        st.Page("pages/overview.py", title="Tổng quan", icon="📊", url_path="tong-quan", default=True),
        st.Page("pages/models.py", title="Mô hình", icon="🏘️", url_path="mo-hinh"),
        st.Page("pages/activities.py", title="Hoạt động", icon="📅", url_path="hoat-dong"),
        st.Page("pages/security.py", title="Tình hình ANTT", icon="🚨", url_path="tinh-hinh-antt"),
        st.Page("pages/map.py", title="Bản đồ", icon="🗺️", url_path="ban-do"),
    ],
    "Văn bản và dữ liệu": [
        st.Page("pages/notice.py", title="Thông báo", icon="📄", url_path="thong-bao"),
        st.Page("pages/data.py", title="Dữ liệu", icon="🗂️", url_path="du-lieu"),
    ],
    "Họp": [
        st.Page("pages/meeting.py", title="Trình chiếu", icon="📽️", url_path="trinh-chieu"),
    ],
}

st.navigation(PAGES).run()
