"""The Trình chiếu page's parts: projector CSS, the settings read from the link, and the live
fragment that re-reads the figures every few seconds (only it reruns, not the page).

The figures come from the store, which keeps serving the last good data when a file turns
invalid; antt.meeting.next_snapshot keeps the last figures on screen if a refresh fails.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from antt import charts, dashboard, maps, meeting
from antt.cache import FigureSpec
from antt.dashboard import KpiCard
from antt.escape import html_text, md
from antt.filters import Filters
from antt.fmt import TZ, date_short, now_local
from antt.ui import data
from antt.ui.kpi import kpi_tiles
from antt.ui.maps import CHART_CONFIG, figure_for, map_data
from antt.ui.reports import counted_caption
from antt.ui.sidebar import filters_from_url
from antt.ui.state import View

log = logging.getLogger(__name__)

K_EVERY, K_PANELS, K_PACE = "meeting_every", "meeting_panels", "meeting_pace"
_URL_SEEN = "meeting_url_seen"  # the settings part of the URL last read or written
_SNAPSHOT = "meeting_snapshot"
_STARTED = "meeting_started"
SETTING_KEYS = ("every", "panels", "pace")
# Map and trend under two rows of tiles: what still fits a 1366x768 screen without scrolling.
SUMMARY_CHART_HEIGHT = 330

# Projector legibility: the page is a wall display. Hide every control that is not content
# (sidebar and its navigation, header, toolbar), use the whole width, and scale the tiles with
# the viewport so they fill a 1366x768 and a 1920x1080 screen alike.
CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMetric"] [data-testid="stTooltipIcon"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container {
  padding: 0.6rem 1.4rem 1rem 1.4rem !important; max-width: 100% !important; }
[data-testid="stMetric"] { padding: 0.35rem 1rem 0.45rem 1rem; background: #f7f9fc; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] p {
  font-size: clamp(1rem, 1.35vw, 1.75rem) !important; font-weight: 600; color: #263238;
  line-height: 1.2; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div {
  font-size: clamp(2.4rem, 4.2vw, 5.2rem) !important; font-weight: 700; line-height: 1.1; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] div {
  font-size: clamp(0.95rem, 1.15vw, 1.45rem) !important; }
[data-testid="stMarkdownContainer"] p.meeting-title {
  font-size: clamp(1.2rem, 1.6vw, 2rem); font-weight: 700; margin: 0; line-height: 1.25;
  color: #1a1a1a; }
[data-testid="stMarkdownContainer"] p.meeting-stamp {
  font-size: clamp(1rem, 1.2vw, 1.5rem); margin: 0; color: #37474f; text-align: right; }
[data-testid="stCaptionContainer"] p { font-size: clamp(0.9rem, 1vw, 1.2rem); }
</style>
"""


def hide_chrome() -> None:
    """Style the page for a projector (st.html with only a <style> draws nothing)."""
    st.html(CSS)


# ---------------------------------------------------------------- filters and settings


def read_filters() -> Filters | None:
    """The filters from the link (notices for dropped values), or None with a friendly
    message when there is no valid data at all; the page then waits for a fix by itself."""
    try:
        return filters_from_url()
    except Exception:  # DataError, or anything else: never a traceback on the projector
        if data.store().version:
            log.exception("meeting: reading the filters failed")
            st.info(meeting.retry_message(meeting.DEFAULT_EVERY), icon="ℹ️")
        else:
            st.info(meeting.NO_DATA_MESSAGE, icon="ℹ️")
        return None


def wait_for_data(every: int = meeting.DEFAULT_EVERY) -> None:
    """With no good data: check again every `every` seconds, rerun the page once there is."""

    def _check() -> None:
        if data.store().version:
            st.rerun()

    st.fragment(_check, run_every=every)()


def _url_settings() -> dict[str, str]:
    return {k: st.query_params[k] for k in SETTING_KEYS if k in st.query_params}


def read_settings() -> meeting.MeetingSettings:
    """The meeting settings: from the link when it changed (notices for invalid values), then
    from the settings widgets; written back to the link so it can be copied as is."""
    raw = _url_settings()
    if raw != st.session_state.get(_URL_SEEN):
        parsed = meeting.parse_settings(raw)
        for notice in parsed.notices:
            st.warning(md(notice), icon="⚠️")
        s = parsed.settings
        st.session_state[K_EVERY] = s.every
        st.session_state[K_PANELS] = list(s.panels)
        st.session_state[K_PACE] = s.pace
    return meeting.MeetingSettings(
        every=int(st.session_state.get(K_EVERY, meeting.DEFAULT_EVERY)),
        panels=tuple(st.session_state.get(K_PANELS, ())),
        pace=int(st.session_state.get(K_PACE, meeting.DEFAULT_PACE)),
    )


def settings_form(filters: Filters) -> meeting.MeetingSettings:
    """The settings widgets (folded away at the bottom: not for the audience) and the link."""
    with st.expander("Tùy chọn trình chiếu", icon="⚙️"):
        left, middle, right = st.columns([1, 2, 1])
        left.number_input("Tự cập nhật sau (giây)", meeting.MIN_EVERY, meeting.MAX_EVERY,
                          step=10, key=K_EVERY)
        middle.multiselect(
            "Tự chuyển giữa các màn hình (chọn 2–4)", list(meeting.PANELS), key=K_PANELS,
            format_func=meeting.PANELS.get, max_selections=meeting.MAX_PANELS,
            placeholder="Không tự chuyển: một màn hình tổng hợp",
        )
        right.number_input("Mỗi màn hình (giây)", meeting.MIN_PACE, meeting.MAX_PACE,
                           step=5, key=K_PACE)
        s = meeting.MeetingSettings(int(st.session_state[K_EVERY]),
                                    tuple(st.session_state[K_PANELS]),
                                    int(st.session_state[K_PACE]))
        st.caption("Đường dẫn mở trang này với cùng bộ lọc và tùy chọn:")
        st.code(meeting.meeting_link(filters, s.every, s.panels, s.pace), language=None)
    _write_url(s)
    return s


def _write_url(s: meeting.MeetingSettings) -> None:
    wanted = s.to_query()
    for key in SETTING_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_URL_SEEN] = wanted


# ---------------------------------------------------------------- the live part


@dataclass(frozen=True)
class Figures:
    """Everything the panels draw, from one good version of the data."""

    filters: Filters
    cards: list[KpiCard]
    months: pd.DataFrame  # activities_by_month
    incidents: pd.DataFrame  # incidents_by_category
    latest: dt.date | None
    map_figure: FigureSpec | None  # None: no boundaries for the units in scope
    version: str = ""  # of the data the figures come from (their charts' cache key)


def fetch_figures(filters: Filters, large_map: bool = False) -> tuple[Figures, str]:
    """The figures for the filters from the current good data, and that data's version.
    `large_map`: the full-size map (the Bản đồ panel) instead of the compact one."""
    latest = data.latest_record_date()
    params = filters.params(latest)  # the one cùng-kỳ rule (antt.periods)
    version = data.store().version

    def build_map() -> go.Figure | None:
        places = map_data(filters)
        return (figure_for(places, filters, maps.DEFAULT_INDICATOR, small=not large_map)
                if places.drawable else None)

    # Every projector with the same link shows the same map: built once per data version.
    map_figure = data.figure(("meeting_map", filters, large_map), build_map, version)
    figures = Figures(
        filters=filters,
        cards=dashboard.kpi_cards(data.query("kpis", **params)),
        months=data.query("activities_by_month", **params),
        incidents=data.query("incidents_by_category", **params),
        latest=latest,
        map_figure=map_figure,
        version=version,
    )
    return figures, version


def refresh(filters: Filters, large_map: bool = False) -> meeting.Snapshot | None:
    """Re-read the figures (cheap: query results are cached per data version); keep the last
    good ones, with a warning, when the files are invalid or the read fails."""
    previous = st.session_state.get(_SNAPSHOT)
    if previous is not None and previous.figures.filters != filters:
        previous = None  # another link's figures
    try:
        problem_files = [p.file for p in data.store().problems]
    except Exception:
        problem_files = ["dữ liệu"]

    def fetch() -> tuple[Figures, str]:
        try:
            return fetch_figures(filters, large_map)
        except Exception:
            # Logged for whoever runs the server; the room sees the last figures instead.
            log.exception("meeting: reading the figures failed")
            raise

    snapshot = meeting.next_snapshot(previous, fetch, problem_files, now_local())
    st.session_state[_SNAPSHOT] = snapshot
    return snapshot


def stamp_text(snapshot: meeting.Snapshot, sep: str = " · ") -> str:
    """'Cập nhật lúc 14:05:09 · Số liệu tính đến 02/10/2024' (Asia/Ho_Chi_Minh time)."""
    latest = snapshot.figures.latest
    return (f"Cập nhật lúc {snapshot.fetched_at.astimezone(TZ):%H:%M:%S}{sep}Số liệu tính đến "
            f"{date_short(latest) if latest else '–'}")


def live(filters: Filters, view: View, settings: meeting.MeetingSettings) -> None:
    """Draw the live part in a fragment that reruns every `settings.tick` seconds."""
    st.session_state.setdefault(_STARTED, now_local())
    st.fragment(_live, run_every=settings.tick)(filters, view, settings)


def _live(filters: Filters, view: View, settings: meeting.MeetingSettings) -> None:
    snapshot = refresh(filters, large_map="ban-do" in settings.panels)
    if snapshot is None:
        st.info(meeting.NO_DATA_MESSAGE if not data.store().version
                else meeting.retry_message(settings.tick), icon="ℹ️")
        return
    figures: Figures = snapshot.figures
    panel = (meeting.panel_at(settings.panels, st.session_state[_STARTED], now_local(),
                              settings.pace) if settings.advancing else None)

    title, stamp = st.columns([3, 1], vertical_alignment="bottom")
    heading = view.caption()
    if panel is not None:
        heading = f"{meeting.PANELS[panel]} · {heading}"
    # Names come from the data files: text, never HTML (a <style> or <img> would apply).
    title.markdown(f'<p class="meeting-title">{html_text(heading)}</p>', unsafe_allow_html=True)
    stamp.markdown(f'<p class="meeting-stamp">{stamp_text(snapshot, "<br>")}</p>',
                   unsafe_allow_html=True)
    if snapshot.warning:
        st.caption(md(snapshot.warning))

    if panel is None:
        _summary(figures)
    else:
        {"tong-quan": _overview, "ban-do": _map, "hoat-dong": _activities,
         "vu-viec": _incidents}[panel](figures)


def _tiles(figures: Figures, keys: tuple[str, ...], per_row: int = 4) -> None:
    kpi_tiles([dashboard.card_by_key(figures.cards, k) for k in keys], per_row=per_row,
              comparison=figures.filters.comparison(figures.latest))
    counted_caption(figures.filters)  # "Tính trên 5/6 xã đã báo cáo" (antt/ui/reports.py)


def _summary(figures: Figures) -> None:
    """One screen: the tiles, then the compact map beside the monthly trend."""
    _tiles(figures, meeting.TILE_KEYS)
    left, right = st.columns([2, 3])
    with left:
        _draw_map(figures, "meeting_map_small", height=SUMMARY_CHART_HEIGHT)
    with right:
        _draw_trend(figures, height=SUMMARY_CHART_HEIGHT)


def _overview(figures: Figures) -> None:
    _tiles(figures, meeting.TILE_KEYS)


def _map(figures: Figures) -> None:
    _draw_map(figures, "meeting_map_panel")


def _activities(figures: Figures) -> None:
    _tiles(figures, ("outreach_sessions", "outreach_attendees", "patrols",
                     "patrol_participants"))
    _draw_trend(figures, height=440, incidents=False)


def _incidents(figures: Figures) -> None:
    _tiles(figures, ("incidents", "mediations", "mediation_success"), per_row=3)
    frame = dashboard.totals_by(figures.incidents, "category_label", ["incidents"])
    if dashboard.has_rows(frame, "incidents"):
        def build() -> go.Figure:
            fig = charts.category_bars(list(frame["category_label"]),
                                       [("Vụ việc về ANTT", frame["incidents"])],
                                       title="Vụ việc về ANTT theo loại")
            fig.update_layout(height=min(fig.layout.height or 420, 440))
            return fig

        st.plotly_chart(data.figure(("meeting_incidents", figures.filters), build,
                                    figures.version),
                        key="meeting_incidents", config={"displayModeBar": False})
    else:
        st.info("Không có vụ việc về ANTT trong phạm vi và kỳ đã chọn.")


def _draw_map(figures: Figures, key: str, height: int | None = None) -> None:
    if figures.map_figure is None:
        st.info("Không có ranh giới xã cho các đơn vị đang chọn.")
        return
    fig = figures.map_figure.with_layout(height=height) if height else figures.map_figure
    st.plotly_chart(fig, key=key, config={**CHART_CONFIG, "displayModeBar": False})
    st.caption(maps.ATTRIBUTION)


def _draw_trend(figures: Figures, height: int, incidents: bool = True) -> None:
    months = figures.months
    series = [("Buổi tuyên truyền", months["outreach_sessions"]),
              ("Cuộc tuần tra", months["patrols"]), ("Vụ hòa giải", months["mediations"])]
    if incidents:
        series.append(("Vụ việc về ANTT", months["incidents"]))
    if not dashboard.has_rows(months, "outreach_sessions", "patrols", "mediations"):
        st.info("Không có hoạt động nào trong phạm vi và kỳ đã chọn.")
        return

    def build() -> go.Figure:
        fig = charts.monthly_bars(months["month"], series)
        # The title goes into the legend line: a separate title row would cost height.
        fig.update_layout(height=height, legend_title_text="<b>Theo tháng:</b>")
        return fig

    fig = data.figure(("meeting_trend", figures.filters, height, incidents), build,
                      figures.version)
    st.plotly_chart(fig, key=f"meeting_trend_{int(incidents)}",
                    config={"displayModeBar": False})
