"""The Trình chiếu page's parts: the view it shows (link, else the sidebar's filters, else
Tổng quan's defaults), its settings, and the live fragment that re-reads the figures every few
seconds (only it reruns, not the page). The look is antt/ui/meeting_style.py.

The figures come from the store, which keeps serving the last good data when a file turns
invalid; antt.meeting.next_snapshot keeps the last figures on screen if a refresh fails.
No data value is drawn as HTML: text goes through antt.escape.md into keyed containers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from antt import charts, dashboard, map_figures, meeting
from antt.boundaries import ATTRIBUTION
from antt.cache import FigureSpec
from antt.dashboard import KpiCard
from antt.escape import md
from antt.filters import Filters
from antt.fmt import TZ, date_short, now_local
from antt.map_indicators import DEFAULT_INDICATOR
from antt.ui import data
from antt.ui import meeting_style as style
from antt.ui.admission import in_slot
from antt.ui.kpi import kpi_tiles
from antt.ui.maps import map_data
from antt.ui.reports import counted_lines
from antt.ui.sidebar import URL_KEYS, filters_from_url, write_url
from antt.ui.state import FILTERS_KEY, View, current_filters

log = logging.getLogger(__name__)

K_EVERY, K_PANELS, K_PACE = "meeting_every", "meeting_panels", "meeting_pace"
K_CYCLE, K_THEME = "meeting_cycle", "meeting_contrast"
_URL_SEEN = "meeting_url_seen"  # the settings part of the URL last read or written
_SNAPSHOTS = "meeting_snapshots"  # screen key -> last good Snapshot
_STARTED = "meeting_started"
SETTING_KEYS = ("every", "panels", "pace", "cycle", "theme")
OVERVIEW_PAGE = "views/overview.py"


def hide_chrome(theme: str = "") -> None:
    """Style the page for a projector (see antt.ui.meeting_style)."""
    style.apply(theme)


# ---------------------------------------------------------------- filters and settings


def meeting_filters() -> Filters:
    """The view to show: a link's filters (a shared link, notices for dropped values), else
    the sidebar's (opened from the menu), else Tổng quan's defaults (a bare /meeting). Kept
    as the session's filters, so Tổng quan shows the same view, and written to the URL, so
    the address bar always opens this view."""
    if any(key in st.query_params for key in URL_KEYS):
        f = filters_from_url()
    else:
        f = current_filters()
    st.session_state[FILTERS_KEY] = f
    write_url(f)
    return f


def read_filters() -> Filters | None:
    """meeting_filters, or None with a friendly message when there is no valid data at all;
    the page then waits for a fix by itself."""
    try:
        return meeting_filters()
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

    st.fragment(in_slot(_check), run_every=every)()


def _url_settings() -> dict[str, str]:
    return {k: st.query_params[k] for k in SETTING_KEYS if k in st.query_params}


def _session_settings() -> meeting.MeetingSettings:
    s = st.session_state
    return meeting.MeetingSettings(
        every=int(s.get(K_EVERY, meeting.DEFAULT_EVERY)),
        panels=tuple(s.get(K_PANELS, ())),
        pace=int(s.get(K_PACE, meeting.DEFAULT_PACE)),
        cycle="communes" if s.get(K_CYCLE) else "",
        theme="contrast" if s.get(K_THEME) else "",
    )


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
        st.session_state[K_CYCLE] = bool(s.cycle)
        st.session_state[K_THEME] = bool(s.theme)
    return _session_settings()


def _write_url(s: meeting.MeetingSettings) -> None:
    wanted = s.to_query()
    for key in SETTING_KEYS:
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
    st.session_state[_URL_SEEN] = wanted


def _settings_widgets() -> meeting.MeetingSettings:
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
    left, right = st.columns(2)
    left.checkbox("Lần lượt từng xã (giao ban)", key=K_CYCLE,
                  help="Các màn hình đi lần lượt qua từng xã trong phạm vi: số liệu và bản đồ "
                       "của riêng xã đó.")
    right.checkbox("Tương phản cao (máy chiếu mờ)", key=K_THEME)
    return _session_settings()


def controls(filters: Filters) -> meeting.MeetingSettings:
    """A small, discreet corner (fixed, takes no height): back to Tổng quan with the same
    filters, and the settings with the full link to copy. Returns the settings chosen."""
    with st.container(key="meeting-controls", horizontal=True):
        style.report_viewport()
        _back_link(filters)
        with st.popover("Tùy chọn", icon=":material/settings:"):
            s = _settings_widgets()
            relative = meeting.meeting_link(filters, s.every, s.panels, s.pace, s.cycle,
                                            s.theme)
            st.caption("Đường dẫn mở trang này với cùng bộ lọc và tùy chọn (nút sao chép ở "
                       "góc phải):")
            st.code(meeting.absolute_link(st.context.url, relative), language=None,
                    wrap_lines=True)
    _write_url(s)
    return s


def _back_link(filters: Filters) -> None:
    try:
        st.page_link(OVERVIEW_PAGE, label="Tổng quan", icon=":material/arrow_back:",
                     query_params=filters.to_query(),
                     help="Về trang Tổng quan với cùng bộ lọc")
    except StreamlitAPIException:
        # The page run on its own (tests): no navigation to link into.
        st.caption("← Tổng quan")


# ---------------------------------------------------------------- the live part


@dataclass(frozen=True)
class Look:
    """How charts are drawn: the page's zoom (screen px per design px) and the theme."""

    zoom: float = 1.0
    theme: str = ""


@dataclass(frozen=True)
class Figures:
    """Everything a screen draws, from one good version of the data."""

    filters: Filters  # the screen's filters (one commune when the communes are cycled)
    cards: list[KpiCard]
    months: pd.DataFrame  # activities_by_month
    incidents: pd.DataFrame  # incidents_by_category
    latest: dt.date | None
    map_figure: FigureSpec | None  # styled for the screen; None: no boundaries in scope
    version: str = ""  # of the data the figures come from (their charts' cache key)


def _map_figure(scope: Filters, focus: str | None, large: bool, zoom: float
                ) -> go.Figure | None:
    """The meeting map at screen size (design size times `zoom`): the whole scope, zoomed
    to `focus` when given."""
    places = map_data(scope)
    if not places.drawable:
        return None
    names = dict(zip(places.units["unit_code"], places.units["unit_name"], strict=False))
    # Zoomed to a commune: named alone, so the title fits the map's width.
    where = names.get(focus) or map_figures.scope_label(places.units, chosen=bool(scope.communes))
    title = map_figures.map_title(DEFAULT_INDICATOR, scope.period.label, where)
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT
    assert places.boundaries is not None
    return map_figures.map_figure(
        places.units, places.villages, places.boundaries, DEFAULT_INDICATOR,
        title=title, focus=focus, outline=places.outline, small=not large,
        height=round(height * zoom))


def fetch_figures(filters: Filters, screen: meeting.Screen = meeting.Screen(),
                  look: Look | None = None) -> tuple[Figures, str]:
    """The figures of a screen from the current good data, and that data's version; the map
    styled for the screen (`look`: zoom and theme)."""
    look = look or Look()
    latest = data.latest_record_date()
    version = data.store().version
    shown = replace(filters, communes=(screen.commune,)) if screen.commune else filters
    params = shown.params(latest)  # the one cùng-kỳ rule (antt.periods)
    large = screen.panel == "ban-do"
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT

    def build_map() -> go.Figure | None:
        fig = _map_figure(filters, screen.commune, large, look.zoom)
        if fig is None:
            return None
        return style.with_source(style.projector_figure(fig, height, look.zoom, look.theme),
                                 ATTRIBUTION, look.zoom)

    # Every projector with the same link and screen size shows the same map: built once per
    # data version for the whole process (antt.cache).
    map_figure = data.figure(("meeting_map", filters, screen.commune, large, look), build_map,
                             version)
    figures = Figures(
        filters=shown,
        cards=dashboard.kpi_cards(data.query("kpis", **params)),
        months=data.query("activities_by_month", **params),
        incidents=data.query("incidents_by_category", **params),
        latest=latest,
        map_figure=map_figure,
        version=version,
    )
    return figures, version


def refresh(filters: Filters, screen: meeting.Screen = meeting.Screen(),
            look: Look | None = None) -> meeting.Snapshot | None:
    """Re-read a screen's figures (cheap: query results are cached per data version); keep
    its last good ones, with a warning, when the files are invalid or the read fails."""
    kept = st.session_state.setdefault(_SNAPSHOTS, {})
    key = (filters, screen.commune, screen.panel == "ban-do", look)
    try:
        problem_files = [p.file for p in data.store().problems]
    except Exception:
        problem_files = ["dữ liệu"]

    def fetch() -> tuple[Figures, str]:
        try:
            return fetch_figures(filters, screen, look)
        except Exception:
            # Logged for whoever runs the server; the room sees the last figures instead.
            log.exception("meeting: reading the figures failed")
            raise

    snapshot = meeting.next_snapshot(kept.get(key), fetch, problem_files, now_local())
    if len(kept) > 64:  # a long commune review: keep memory bounded
        kept.clear()
    kept[key] = snapshot
    return snapshot


def stamp_lines(snapshot: meeting.Snapshot) -> tuple[str, str]:
    """('Số liệu tính đến 02/10/2024', 'Cập nhật lúc 14:05:09') (Asia/Ho_Chi_Minh)."""
    latest = snapshot.figures.latest
    return (f"Số liệu tính đến {date_short(latest) if latest else '–'}",
            f"Cập nhật lúc {snapshot.fetched_at.astimezone(TZ):%H:%M:%S}")


def live(filters: Filters, view: View, settings: meeting.MeetingSettings) -> None:
    """Draw the live part in a fragment that reruns every `settings.tick` seconds."""
    st.session_state.setdefault(_STARTED, now_local())
    st.fragment(in_slot(_live), run_every=settings.tick)(filters, view, settings)


def _cycle_communes(filters: Filters, view: View) -> list[str]:
    """The communes reviewed in turn: those chosen, else every unit of the set."""
    return list(filters.communes) or list(view.unit_names)


def current_screen(filters: Filters, view: View, settings: meeting.MeetingSettings
                   ) -> meeting.Screen:
    shows = meeting.screens(settings, _cycle_communes(filters, view) if settings.cycle else [])
    if len(shows) == 1:
        return shows[0]
    return meeting.panel_at(shows, st.session_state[_STARTED], now_local(), settings.pace)


def _live(filters: Filters, view: View, settings: meeting.MeetingSettings) -> None:
    screen = current_screen(filters, view, settings)
    look = Look(style.scale(), settings.theme)
    snapshot = refresh(filters, screen, look)
    if snapshot is None:
        st.info(meeting.NO_DATA_MESSAGE if not data.store().version
                else meeting.retry_message(settings.tick), icon="ℹ️")
        return
    figures: Figures = snapshot.figures
    _header(figures, view, screen, snapshot)
    draw = {None: _summary, "tong-quan": _overview, "ban-do": _map,
            "hoat-dong": _activities, "vu-viec": _incidents}[screen.panel]
    draw(figures, look)
    _footer(snapshot, _coverage(figures.filters))


def heading(figures: Figures, view: View, screen: meeting.Screen) -> tuple[str, str]:
    """(title, subtitle): 'Bản đồ · Xã Bắc Sơn (2/6) · năm 2026 · Tất cả loại mô hình' and
    'Kỳ này 01/01–31/10/2026, so với 01/01–31/10/2025 (cùng kỳ năm trước)'."""
    f = figures.filters
    scope = dashboard.scope_text(f, view.unit_names)
    if screen.commune:
        scope += f" ({screen.place}/{screen.of})"
    model = (view.model_labels.get(f.model_type, f.model_type) if f.model_type
             else dashboard.ALL_MODEL_TYPES)
    parts = [scope, f.period.label, model]
    if screen.panel is not None:
        parts.insert(0, meeting.PANELS[screen.panel])
    c = f.comparison(figures.latest)
    return " · ".join(parts), f"Kỳ này {c.current_text}, {c.against} (cùng kỳ năm trước)"


def _header(figures: Figures, view: View, screen: meeting.Screen,
            snapshot: meeting.Snapshot) -> None:
    title, subtitle = heading(figures, view, screen)
    with st.container(key="meeting-head"):
        left, right = st.columns([4, 1], vertical_alignment="bottom")
        with left:
            st.container(key="meeting-title").markdown(md(title))
            st.container(key="meeting-subtitle").markdown(md(subtitle))
        with right, st.container(key="meeting-stamp"):
            for line in stamp_lines(snapshot):
                st.markdown(md(line))


def _coverage(f: Filters) -> list[str]:
    """The reporting coverage notes of the view (antt/ui/reports.py); none if they fail."""
    try:
        return counted_lines(f)
    except Exception:  # a note must never take the figures off the projector
        log.exception("meeting: reading the reporting coverage failed")
        return []


def _footer(snapshot: meeting.Snapshot, notes: list[str]) -> None:
    """One fixed-height line at the bottom (no extra height whatever it says): the data
    warning and how many units the figures count ("Tính trên 5/6 xã đã báo cáo"). The map's
    source is written in the map itself."""
    with st.container(key="meeting-footer", horizontal=True):
        if snapshot.warning:
            st.container(key="meeting-warning", width="content").markdown(md(snapshot.warning))
        if notes:
            st.container(key="meeting-coverage", width="content").markdown(
                md(" ".join(notes)))


def _tiles(figures: Figures, keys: tuple[str, ...], per_row: int = 4) -> None:
    kpi_tiles([dashboard.card_by_key(figures.cards, k) for k in keys], per_row=per_row,
              comparison=figures.filters.comparison(figures.latest))


def _summary(figures: Figures, look: Look) -> None:
    """One screen: the tiles, then the map beside the monthly trend."""
    _tiles(figures, meeting.TILE_KEYS)
    share = meeting.MAP_WIDTH_SHARE
    left, right = st.columns([share, 1 - share])
    with left:
        _draw_map(figures, "meeting_map_small", meeting.SUMMARY_CHART_HEIGHT, look)
    with right:
        _draw_trend(figures, meeting.SUMMARY_CHART_HEIGHT, look)


def _overview(figures: Figures, look: Look) -> None:
    _tiles(figures, meeting.TILE_KEYS)


def _map(figures: Figures, look: Look) -> None:
    _draw_map(figures, "meeting_map_panel", meeting.MAP_PANEL_HEIGHT, look)


def _activities(figures: Figures, look: Look) -> None:
    _tiles(figures, ("outreach_sessions", "outreach_attendees", "patrols",
                     "patrol_participants"))
    _draw_trend(figures, meeting.PANEL_CHART_HEIGHT, look, incidents=False)


def _incidents(figures: Figures, look: Look) -> None:
    _tiles(figures, ("incidents", "mediations", "mediation_success"), per_row=3)
    frame = dashboard.totals_by(figures.incidents, "category_label", ["incidents"])
    if dashboard.has_rows(frame, "incidents"):
        def build() -> go.Figure:
            return charts.category_bars(list(frame["category_label"]),
                                        [("Vụ việc về ANTT", frame["incidents"])],
                                        title="Vụ việc về ANTT theo loại")

        _chart(figures, "meeting_incidents", build, meeting.PANEL_CHART_HEIGHT, look)
    else:
        st.info("Không có vụ việc về ANTT trong phạm vi và kỳ đã chọn.")


def _chart(figures: Figures, key: str, build: Callable[[], go.Figure], height: int,
           look: Look) -> None:
    """A chart at screen size, built once per data version, view, size and theme for every
    session (antt.cache); its box undoes the page zoom (see antt.ui.meeting_style)."""
    fig = data.figure((key, figures.filters, height, look),
                      lambda: style.projector_figure(build(), height, look.zoom, look.theme),
                      figures.version)
    st.plotly_chart(fig, key=key, config=style.CHART_CONFIG)


def _draw_map(figures: Figures, key: str, height: int, look: Look) -> None:
    if figures.map_figure is None:
        st.info("Không có ranh giới xã cho các đơn vị đang chọn.")
        return
    st.plotly_chart(figures.map_figure, key=key, config=style.CHART_CONFIG)


def _draw_trend(figures: Figures, height: int, look: Look, incidents: bool = True) -> None:
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
        fig.update_layout(legend_title_text="<b>Theo tháng:</b>")
        return fig

    _chart(figures, f"meeting_trend_{int(incidents)}", build, height, look)
