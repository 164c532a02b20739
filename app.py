"""Entry point: page config, theme, shared sidebar filters, navigation. Nothing else."""

import streamlit as st

from antt import config
from antt.ui.admission import run_slot
from antt.ui.notice_runs import tracked
from antt.ui.sidebar import render_filters
from antt.ui.upload_bounds import install as bound_uploads
from antt.ui.village_import import start_guide
from antt.writes.writer import settle_at_start

st.set_page_config(
    page_title="ANTT Dashboard",
    page_icon="🛡️",  # an emoji, not a :material/: icon: that favicon comes from a font CDN
    layout="wide",
    # A narrower sidebar (Streamlit's is 319 px) leaves the page the width for the filter bar
    # on one row and the overview's tables whole at 1280 and 1366 px; its menu still fits.
    initial_sidebar_state=240,
)

# The first screen at 1366x768 and 1280x720 holds the filter bar, the title and all nine KPI
# cards of Tổng quan:
# - the page starts near the top: the header above it is empty (toolbarMode "minimal") but for
#   the button that opens a folded sidebar, so it lets clicks through to the filter bar below
#   it, and the page keeps clear of that button when the sidebar is folded; on a phone
#   (under Streamlit's 768 px breakpoint the open sidebar lies over the page) also when it is
#   open, so the page keeps its width: a width change reruns a page with a map
#   (antt/ui/map_width.py), and when a phone folds the sidebar on a tap on "Hoạt động" that
#   rerun of Tổng quan took the place of the move to Hoạt động;
# - narrow side margins (Streamlit's 5 rem each side cost a table its last columns);
# - page titles a size smaller, with less space around them;
# - the commune picker's list as wide as its choices ("Xã Vũ Sơn (trước 01/7/2025) → nay thuộc
#   Xã Vũ Lễ"), not as narrow as the picker when the row leaves it little room.
# KPI card labels and deltas wrap instead of ending in "…" when the cards are narrow (768 px
# screens), and on a phone their values too ("Đang hoạt động"); a select box's cut value is
# written whole under it on a phone only (antt/ui/narrow.py).
# English that Streamlit draws and no setting turns off: the "Press Enter to submit form ·
# 13/256" line under a text box (Enter still submits), and the tables' "Show/hide columns"
# button (our tables are made to fit; hiding a column would also hide it from the totals
# row's reading); the range calendar's "Date range / Select..." quick picks ("Past Week",
# "Past Month"...: the bar's "Kỳ báo cáo" already offers "12 tháng gần nhất", "Quý này").
# (st.html with only a <style> draws nothing.)
st.html("""<style>
[data-testid=stHeader] { background: transparent; pointer-events: none; }
[data-testid=stHeader] button { pointer-events: auto; }
[data-testid=stMainBlockContainer] { padding: 1rem 1.5rem 4rem; }
[data-testid=stSidebar][data-collapsed=true] ~ div [data-testid=stMainBlockContainer] {
  padding-left: 4rem; }
@media (max-width: 767.98px) { [data-testid=stMainBlockContainer] { padding-left: 4rem; } }
[data-testid=stMain] h1 { font-size: 2.25rem; padding: 0.25rem 0 0; }
[data-testid=stMultiSelectDropdown] { min-width: min(24rem, 90vw); }
[data-testid=stMetricLabel] *, [data-testid=stMetricDelta] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-testid=stMetricDelta] { height: auto !important; }
@media (min-width: 768px) { [class*=st-key-narrow_only_] { display: none; } }
@media (max-width: 767.98px) {
  [data-testid=stMetricValue] * { white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important; }
}
[data-testid=InputInstructions] { display: none; }
[data-testid=stElementToolbar] button[aria-label="Show/hide columns"] { display: none; }
[data-testid=stDateInputQuickSelect] { display: none; }
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
        _page("views/recognition.py", "Công nhận ANTT", "verified"),
        _page("views/quality.py", "Chất lượng số liệu", "rule"),
        _page("views/data.py", "Dữ liệu", "folder_open"),
    ],
    "Họp": [
        _page("views/meeting.py", "Trình chiếu", "co_present"),
    ],
}

# One of a few script runs of this process at a time; the others wait their turn instead of
# all sharing the GIL at once (antt.ui.admission, issue 16). Counted from before the wait, so
# a download click waits for a run still queued (antt.ui.notice_runs).
bound_uploads()  # what one session may keep of its uploads (issue 25)
with tracked(), run_slot():
    settle_at_start(config.data_dir())  # a write cut short by a crash, before any page reads
    pg = st.navigation(PAGES)
    # The meeting page reads its filters from the URL (antt.ui.sidebar.filters_from_url) and
    # keeps the screen for the projector: no sidebar filters there.
    # With no valid data at all, only the data page (where a fixed file is uploaded) runs.
    if pg.url_path != "meeting" and render_filters() is None and pg.url_path != "data":
        st.error("Chưa có dữ liệu hợp lệ: xem thông báo lỗi ở thanh bên trái.")
        st.stop()
    # A new area (`python -m antt area init`) lists its units but no village or record yet:
    # every page says how to start instead of showing empty tables.
    if pg.url_path != "data" and (guide := start_guide()):
        st.info(guide)
    pg.run()
