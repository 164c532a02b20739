"""The Trình chiếu page's live part: a fragment that re-reads the figures every few seconds
(only it reruns, not the page) and draws the current screen: the summary (tiles, map, monthly
trend) or, when screens rotate, one panel (tiles, map, activities, incidents), optionally one
commune after another. The look is antt/ui/meeting_style.py, the settings
antt/ui/meeting_settings.py.

Where a figure on the projector comes from: the tiles are antt.indicators.kpi_cards.kpi_cards of
queries/kpis.sql, the trend queries/activities_by_month.sql, the incident bars
queries/incidents_by_category.sql, the map antt/maps/plotly_map.py (via antt.ui.maps.map_data).
The figures come from the store, which keeps serving the last good data when a file turns
invalid; antt.indicators.meeting.next_snapshot keeps the last figures on screen if a refresh fails.
No data value is drawn as HTML: text goes through antt.text.escape.md into keyed containers.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from antt.cache import FigureSpec
from antt.indicators import charts, kpi_cards, like_for_like, meeting, table_frames, view_text
from antt.indicators.filters import Filters
from antt.indicators.kpi_cards import KpiCard
from antt.indicators.meeting_pages import is_large
from antt.maps import point_map
from antt.maps.boundaries import ATTRIBUTION
from antt.text.escape import md
from antt.text.fmt import TZ, date_short, now_local
from antt.ui import data, meeting_map, meeting_pages, narrow, through
from antt.ui import meeting_style as style
from antt.ui.admission import in_slot
from antt.ui.kpi import kpi_tiles
from antt.ui.maps import map_data
from antt.ui.reports import unit_word
from antt.ui.state import View

log = logging.getLogger(__name__)
PHONE_NOTE = "Trên điện thoại chỉ hiện các chỉ tiêu: bản đồ ở trang Bản đồ, diễn biến ở Tổng quan."

_SNAPSHOTS = "meeting_snapshots"  # screen key -> last good Snapshot
_STARTED = "meeting_started"


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
    # activities_by_unit of the screen's scope: a large area's ranking and a page's table
    units: pd.DataFrame | None = None


def fetch_figures(filters: Filters, screen: meeting.Screen = meeting.Screen(),
                  look: Look | None = None) -> tuple[Figures, str]:
    """The figures of a screen from the current good data, and that data's version; the map
    styled for the screen (`look`: zoom and theme)."""
    look = look or Look()
    latest = data.latest_record_date()
    version = data.store().version
    shown = replace(filters, communes=(screen.commune,)) if screen.commune else filters
    if screen.page is not None:  # a page of a large area's review: its communes
        shown = replace(filters, communes=screen.page.communes)
    # The map of a page draws the page's communes alone; of a commune, the scope zoomed to it.
    mapped = shown if screen.page is not None else filters
    params = shown.params(latest)  # the one cùng-kỳ rule (antt.indicators.periods)
    large = screen.panel == "ban-do"
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT

    def build_map() -> go.Figure | None:
        fig = meeting_map.map_figure(mapped, screen.commune, large, look.zoom,
                          screen.page and meeting_pages.page_scope(screen.page, filters.unit_set))
        if fig is None:
            return None
        source = point_map.POINT_SOURCE if map_data(mapped).points else ATTRIBUTION
        return style.projector_map(fig, height, look.zoom, look.theme, source,
                                   meeting.CONTENT_WIDTH if large else meeting.SUMMARY_MAP_WIDTH)

    units = data.query("activities_by_unit", **params)
    # A large area's summary ranks its communes and a page lists them: no map on those screens.
    no_map = (screen.page is not None and not large) or (
        screen.panel is None and screen.page is None and is_large(len(units)))
    # Every projector with the same link and screen size shows the same map: built once per
    # data version for the whole process (antt.cache).
    map_figure = None if no_map else data.figure(
        ("meeting_map", mapped, screen.commune, large, look), build_map, version)
    figures = Figures(
        filters=shown,
        # like for like, as on Tổng quan (antt.indicators.like_for_like)
        cards=kpi_cards.kpi_cards(data.query("kpis", **params), like_for_like.not_comparable(
            shown.comparison(latest), through.for_filters(shown))),
        months=data.query("activities_by_month", **params),
        incidents=data.query("incidents_by_category", **params),
        latest=latest,
        map_figure=map_figure,
        version=version,
        units=units,
    )
    return figures, version


def refresh(filters: Filters, screen: meeting.Screen = meeting.Screen(),
            look: Look | None = None) -> meeting.Snapshot | None:
    """Re-read a screen's figures (cheap: query results are cached per data version); keep
    its last good ones, with a warning, when the files are invalid or the read fails."""
    kept = st.session_state.setdefault(_SNAPSHOTS, {})
    key = (filters, screen.commune, screen.page, screen.panel == "ban-do", look)
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
    """('Số liệu đủ đến hết 30/09/2026', 'Cập nhật lúc 14:05:09') (Asia/Ho_Chi_Minh): the
    day the screen's units are complete to, as the sidebar says it, not the newest record
    (one record dated today must not read as the data's date on the projector)."""
    done = through.for_filters(snapshot.figures.filters).complete
    return (f"Số liệu đủ đến hết {date_short(done)}" if done else "Chưa có số liệu đủ",
            f"Cập nhật lúc {snapshot.fetched_at.astimezone(TZ):%H:%M:%S}")


def _clock() -> meeting.ShowClock:
    return st.session_state.setdefault(_STARTED, meeting.ShowClock(now_local()))


def step_show(steps: int, count: int, pace: int) -> None:
    """Next (+1) or previous (-1) screen: the buttons and keys of the corner."""
    st.session_state[_STARTED] = _clock().step(steps, count, now_local(), pace)


def toggle_pause() -> None:
    st.session_state[_STARTED] = _clock().toggled(now_local())


def paused() -> bool:
    return _clock().paused_at is not None


def screen_count(filters: Filters, view: View, settings: meeting.MeetingSettings) -> int:
    return len(_screens(filters, view, settings))


def live(filters: Filters, view: View, settings: meeting.MeetingSettings) -> None:
    """Draw the live part in a fragment that reruns every `settings.tick` seconds."""
    _clock()
    st.fragment(in_slot(_live), run_every=settings.tick)(filters, view, settings)


def _cycle_communes(filters: Filters, view: View) -> list[str]:
    """The communes reviewed in turn: those chosen, else every unit of the set."""
    return list(filters.communes) or list(view.unit_names)


def _screens(filters: Filters, view: View, settings: meeting.MeetingSettings
             ) -> list[meeting.Screen]:
    """The show: a large area's review goes a page of communes at a time."""
    if not settings.cycle:
        return meeting.screens(settings, [])
    communes = _cycle_communes(filters, view)
    return meeting.screens(settings, communes, meeting_pages.pages(filters, view, communes))


def current_screen(filters: Filters, view: View, settings: meeting.MeetingSettings
                   ) -> meeting.Screen:
    shows = _screens(filters, view, settings)
    if len(shows) == 1:
        return shows[0]
    return _clock().screen(shows, now_local(), settings.pace)


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
    if screen.page is not None and screen.panel in (None, "tong-quan"):
        # a page's tiles are its communes' figures side by side
        meeting_pages.draw_page_table(figures.units, screen.page, filters.unit_set)
    else:
        draw(figures, look)
    _footer(snapshot, _coverage(figures))


def heading(figures: Figures, view: View, screen: meeting.Screen) -> tuple[str, str]:
    """(title, subtitle): 'Bản đồ · Xã Bắc Sơn (2/6) · năm 2026 · Tất cả loại mô hình' and
    'Kỳ này 01/01–31/10/2026, so với 01/01–31/10/2025 (cùng kỳ năm trước)'."""
    f = figures.filters
    scope = view_text.scope_text(f, view.unit_names)
    if screen.commune:
        scope += f" ({screen.place}/{screen.of})"
    if screen.page is not None:
        scope = (f"Trang {screen.place}/{screen.of} · "
                 f"{meeting_pages.page_scope(screen.page, f.unit_set)}")
    model = (view.model_labels.get(f.model_type, f.model_type) if f.model_type
             else view_text.ALL_MODEL_TYPES)
    parts = [scope, f.period.label, model]
    if screen.panel is not None:
        parts.insert(0, meeting.PANELS[screen.panel])
    c = f.comparison(figures.latest)
    if figures.cards and not figures.cards[0].comparable:  # the tiles say only "chưa so sánh"
        why = figures.cards[0].delta.split(": ", 1)[-1]
        return " · ".join(parts), (f"Kỳ này {c.current_text}, chưa so sánh được với cùng kỳ: "
                                   f"{why}")
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


def _coverage(figures: Figures) -> list[str]:
    """What the figures count, in the footer's one short line (why cùng kỳ is not compared
    is the subtitle's), for the period the tiles show (the snapshot's); none if it fails."""
    f = figures.filters
    try:
        c = f.comparison(figures.latest)
        return [like_for_like.counted_short(c, through.for_filters(f), unit_word(f.unit_set))]
    except Exception:  # a note must never take the figures off the projector
        log.exception("meeting: reading the reporting coverage failed")
        return []


def _footer(snapshot: meeting.Snapshot, notes: list[str]) -> None:
    """One fixed-height line at the bottom (no extra height whatever it says): the data
    warning and how many units the figures count ("Tính trên 5/6 xã đã báo cáo"). The map's
    source is written in the map itself."""
    with st.container(key="meeting-footer", horizontal=True):
        # a phone shows no charts (meeting_style._PHONE); a stretching box would push the line
        narrow.phone_only("meeting", PHONE_NOTE, width="content")
        if snapshot.warning:
            st.container(key="meeting-warning", width="content").markdown(md(snapshot.warning))
        if notes:
            st.container(key="meeting-coverage", width="content").markdown(
                md(" ".join(notes)))


def _tiles(figures: Figures, keys: tuple[str, ...], per_row: int = 4) -> None:
    cards = [kpi_cards.card_by_key(figures.cards, k) for k in keys]
    # One line each on the projector: the reason is in the subtitle (heading)
    cards = [c if c.comparable else replace(c, delta="Chưa so sánh được") for c in cards]
    kpi_tiles(cards, per_row=per_row, comparison=figures.filters.comparison(figures.latest))


def _summary(figures: Figures, look: Look) -> None:
    """One screen: the tiles, then the map beside the monthly trend. A large area's map cannot
    name its communes at this size: the communes ranked by the map's figure instead (the map
    is the Bản đồ screen)."""
    _tiles(figures, meeting.TILE_KEYS)
    share = meeting.MAP_WIDTH_SHARE
    left, right = st.columns([share, 1 - share])
    with left:
        if figures.units is not None and is_large(len(figures.units)):
            meeting_pages.draw_ranking(figures.units, lambda key, build: _chart(
                figures, key, build, meeting.SUMMARY_CHART_HEIGHT, look))
        else:
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
    frame = table_frames.totals_by(figures.incidents, "category_label", ["incidents"])
    if table_frames.has_rows(frame, "incidents"):
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
    if not table_frames.has_rows(months, "outreach_sessions", "patrols", "mediations"):
        st.info("Không có hoạt động nào trong phạm vi và kỳ đã chọn.")
        return
    def build() -> go.Figure:
        fig = charts.monthly_bars(months["month"], series,
                                  complete_until=through.for_filters(figures.filters).complete)
        # The title goes into the legend line: a separate title row would cost height.
        fig.update_layout(legend_title_text="<b>Theo tháng:</b>")
        return fig

    _chart(figures, f"meeting_trend_{int(incidents)}", build, height, look)
