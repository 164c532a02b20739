"""Entry point: page config, theme, shared sidebar filters, navigation. Nothing else."""

import streamlit as st

from antt.ui.admission import run_slot
from antt.ui.sidebar import render_filters

st.set_page_config(
    page_title="ANTT Dashboard",
    page_icon="🛡️",  # an emoji, not a :material/: icon: that favicon comes from a font CDN
    layout="wide",
)

# The filter bar sits at the top of every page: less empty space above it keeps the first
# figures on a 1366x768 screen. KPI card labels and deltas wrap instead of ending in "…" when
# the cards are narrow (768 px screens). (st.html with only a <style> draws nothing.)
st.html("""<style>
[data-testid=stMainBlockContainer] { padding-top: 4rem; }
[data-testid=stMetricLabel] *, [data-testid=stMetricDelta] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid=stMetricDelta] { height: auto !important; }
</style>""")


def _page(path: str, title: str, icon: str, **kw) -> st.Page:
    # Material icons ship with Streamlit's frontend (no CDN); emoji need a colour font that
    # office PCs and projector laptops may lack.
    # The URL path is the file's name (/meeting, /map, ...): with any other url_path, the first
    # visit after a server start to a deep link shows a false "Page not found" dialog
    # (streamlit/streamlit#9992), which is what a projector opening /meeting would get.
    return st.Page(path, title=title, icon=f":material/{icon}:", **kw)


PAGES = {
    "Bảng điều khiển": [
        _page("views/overview.py", "Tổng quan", "dashboard", default=True),
        _page("views/models.py", "Mô hình", "groups"),
        _page("views/activities.py", "Hoạt động", "event_note"),
        _page("views/security.py", "Tình hình ANTT", "local_police"),
        _page("views/map.py", "Bản đồ", "map"),
    ],
    "Văn bản và dữ liệu": [
        _page("views/notice.py", "Thông báo", "description"),
        _page("views/reports.py", "Tiến độ báo cáo", "fact_check"),
        _page("views/data.py", "Dữ liệu", "folder_open"),
    ],
    "Họp": [
        _page("views/meeting.py", "Trình chiếu", "co_present"),
    ],
}

# One of a few script runs of this process at a time; the others wait their turn instead of
# all sharing the GIL at once (antt.ui.admission, issue 16).
with run_slot():
    pg = st.navigation(PAGES)
    # The meeting page reads its filters from the URL (antt.ui.sidebar.filters_from_url) and
    # keeps the screen for the projector: no sidebar filters there.
    # With no valid data at all, only the data page (where a fixed file is uploaded) runs.
    if pg.url_path != "meeting" and render_filters() is None and pg.url_path != "data":
        st.error("Chưa có dữ liệu hợp lệ: xem thông báo lỗi ở thanh bên trái.")
        st.stop()
    pg.run()
