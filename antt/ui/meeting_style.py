"""How the Trình chiếu page looks on a projector: its CSS (normal and high-contrast) and the
chart styling that goes with it.

The page is laid out once, for a 1920x1080 screen (antt.indicators.meeting.DESIGN_WIDTH/HEIGHT:
every
pixel size here is one of those), and zoomed as a whole to the screen it is shown on:
zoom = min(width / 1920, height / 1080). So every panel fits 1280x720, 1366x768 and
1920x1080 alike with no scroll bar, and tile and chart text scale with the screen, but never
below meeting.MIN_FONT (16) screen pixels: read from the back of a meeting room, 18 px chart
text zoomed to 12 px at 1280x720 (or an 11 px footnote) is not read. Small text says
max(<design px>, var(--meeting-min)), --meeting-min being 16 px divided by the zoom.
Browsers without CSS typed arithmetic (calc(100vw / 1920px)) get the stepped zoom of the
media queries instead.

Charts are the exception: Streamlit measures a chart's box on screen (zoomed) and hands that
size to Plotly, which would then be zoomed a second time. So chart boxes undo the zoom, and
the charts are built at screen size from the viewport a tiny component reports (`viewport`).
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import streamlit as st

from antt.indicators import meeting
from antt.maps.labels import place_names
from antt.text.escape import html_text
from antt.ui.maps import CHART_CONFIG as MAP_CHART_CONFIG

# Zoom steps for browsers that cannot divide lengths in calc(): the largest step that fits.
_STEPS = (0.5, 0.6, 0.6667, 0.7111, 0.8, 0.9, 1.0, 1.25, 1.5, 2.0)


def _zoom_fallbacks() -> str:
    rules = []
    for step in _STEPS:
        width = round(meeting.DESIGN_WIDTH * step)
        height = round(meeting.DESIGN_HEIGHT * step)
        rules.append(f"@media (min-width: {width}px) and (min-height: {height}px) {{ "
                     f":root {{ --meeting-zoom: {step}; }} }}")
    return "\n".join(rules)


# The element containers of the meeting's charts (st-key-<key> of st.plotly_chart).
CHART_KEYS = ("meeting_map_small", "meeting_map_panel", "meeting_trend_0", "meeting_trend_1",
              "meeting_incidents", "meeting_ranking")


# Hide every control that is not content (sidebar and its navigation, header, toolbar, the
# tiles' "?" icons), zoom the design screen to the real one, size tiles and header in design
# pixels. Elements are styled through their test ids and the st-key-<key> class of keyed
# containers: no data value is ever drawn as HTML here.
_BASE = """
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stSidebarNav"], header[data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMetric"] [data-testid="stTooltipIcon"] { display: none !important; }
[data-testid="stMain"] { overflow-x: hidden; }
.block-container {
  --meeting-min: calc(MINpx / var(--meeting-zoom, 0.5));
  zoom: var(--meeting-zoom, 0.5);
  padding: 14px 24px 0 24px !important; max-width: 100% !important; }
.block-container CHARTS { zoom: calc(1 / var(--meeting-zoom, 0.5)); }
.block-container [data-testid="stVerticalBlock"] { gap: 14px; }
.block-container [data-testid="stHorizontalBlock"] { gap: 16px; }
[data-testid="stMetric"] { padding: 10px 20px 12px 20px; background: #f7f9fc; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  font-size: 26px !important; font-weight: 600; color: #263238; line-height: 1.25;
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div {
  font-size: 76px !important; font-weight: 700; line-height: 1.08; }
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * {
  font-size: max(22px, var(--meeting-min)) !important; white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; }
[data-testid="stMetricDelta"] svg { width: 22px; height: 22px; }
.st-key-meeting-title p { font-size: 30px; font-weight: 700; margin: 0; line-height: 1.25;
  color: #1a1a1a; }
.st-key-meeting-subtitle p { font-size: max(21px, var(--meeting-min)); margin: 0;
  line-height: 1.3; color: #37474f; }
.st-key-meeting-stamp p { font-size: max(21px, var(--meeting-min)); margin: 0;
  line-height: 1.3; color: #37474f; text-align: right; }
.st-key-meeting-head [data-testid="stVerticalBlock"] { gap: 2px; }
.st-key-meeting-head [data-testid="stMarkdownContainer"],
.st-key-meeting-footer [data-testid="stMarkdownContainer"] { margin: 0 !important; }
.st-key-meeting-head p, .st-key-meeting-footer p { margin: 0 !important; }
.st-key-meeting-footer { height: 34px; overflow: visible; flex-wrap: nowrap !important;
  padding-right: 330px; }
.st-key-meeting-footer p { font-size: max(17px, var(--meeting-min)); margin: 0;
  line-height: 1.4; color: #546e7a; white-space: nowrap; }
.st-key-meeting-coverage p { color: #37474f; font-weight: 600; }
.st-key-meeting-warning p { color: #8a4b00; font-weight: 700; }
.st-key-meeting-footer [data-testid="stHorizontalBlock"] { gap: 24px; }
.st-key-meeting-controls { position: fixed; right: 24px; bottom: 8px; z-index: 999990;
  width: auto !important; flex-direction: row !important; gap: 12px; align-items: center;
  opacity: 0.55; }
.st-key-meeting-controls:hover, .st-key-meeting-controls:focus-within { opacity: 1; }
/* a page of a large area's review (antt/ui/meeting_pages.py): a table read from the back */
.st-key-meeting-table table { width: 100%; border-collapse: collapse; }
.st-key-meeting-table th, .st-key-meeting-table td { padding: 8px 16px !important;
  vertical-align: middle; }
.st-key-meeting-table thead th { vertical-align: bottom; }
.st-key-meeting-table td:first-child, .st-key-meeting-table td:first-child p {
  white-space: nowrap; }
.st-key-meeting-table th p { font-size: max(24px, var(--meeting-min)) !important;
  font-weight: 700; line-height: 1.2; color: #263238; white-space: normal; }
.st-key-meeting-table td p { font-size: 30px !important; line-height: 1.3; color: #1a1a1a; }
.st-key-meeting-table th:not(:first-child), .st-key-meeting-table td:not(:first-child) {
  text-align: right !important; font-variant-numeric: tabular-nums; }
.st-key-meeting-table tbody tr:last-child td { border-top: 3px solid #263238;
  background: #f7f9fc; }
.st-key-meeting-table tbody tr:last-child td p { font-weight: 700; }
.st-key-meeting-table-roomy td { padding-top: 16px !important; padding-bottom: 16px !important; }
.st-key-meeting-table-roomy td p { font-size: 34px !important; }
/* the settings (a popover, outside the zoomed page): screen pixels */
[data-testid="stPopoverBody"] p, [data-testid="stPopoverBody"] label,
[data-testid="stPopoverBody"] input, [data-testid="stPopoverBody"] code,
[data-testid="stPopoverBody"] [data-baseweb] span { font-size: MINpx !important; }
.st-key-meeting-controls a, .st-key-meeting-controls button,
.st-key-meeting-controls p, .st-key-meeting-controls span {
  font-size: max(17px, var(--meeting-min)) !important; }
"""

# Washed-out projectors lose light greys and pale fills first: pure black on white, no grey
# text or tinted tile backgrounds, thick tile borders, darker change colours.
_CONTRAST = """
[data-testid="stApp"], [data-testid="stMain"] { background: #ffffff; }
[data-testid="stMetric"] { background: #ffffff; border-color: #000000 !important;
  box-shadow: inset 0 0 0 2px #000000; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricValue"], [data-testid="stMetricValue"] div,
.st-key-meeting-title p, .st-key-meeting-subtitle p, .st-key-meeting-stamp p,
.st-key-meeting-footer p, .st-key-meeting-table p { color: #000000 !important;
  font-weight: 700; }
[data-testid="stMetricDelta"] { font-weight: 700; }
[data-testid="stMetricDelta"][class] { background: #ffffff;
  box-shadow: inset 0 0 0 2px currentColor; }
[data-testid="stMetricDelta"] * { color: inherit !important; }
.st-key-meeting-table th, .st-key-meeting-table td { border-color: #000000 !important; }
.st-key-meeting-table tbody tr:last-child td { background: #ffffff; }
"""


_TYPED_ZOOM = """
@supports (width: calc(100vw / 1920px * 1px)) {
  :root { --meeting-zoom: min(calc(100vw / 1920px), calc(100vh / 1080px)) !important; } }
"""

# A phone (under Streamlit's 768 px breakpoint; its columns stand one above the other): the
# design screen zoomed to 360 px put 5 px labels under 14 px numbers, and the map and trend,
# drawn for a landscape screen, collapsed. There the tiles are drawn at half the design size,
# the charts left to Bản đồ and Tổng quan (a note in the footer says so), the footer wraps.
_PHONE = """
@media (max-width: 767.98px) {
  :root { --meeting-zoom: 0.5 !important; }
  CHARTS { display: none !important; }
  .st-key-meeting-footer { height: auto; flex-wrap: wrap !important; padding-right: 0;
    padding-bottom: 96px; }
  .st-key-meeting-footer p { white-space: normal; }
}
"""


def page_css(theme: str = "") -> str:
    """The page's stylesheet for a theme ('' or 'contrast')."""
    charts = ", ".join(f".st-key-{key}" for key in CHART_KEYS)
    css = (_BASE.replace("CHARTS", charts).replace("MINpx", f"{meeting.MIN_FONT}px")
           + _zoom_fallbacks() + _TYPED_ZOOM + _PHONE.replace("CHARTS", charts))
    if theme == "contrast":
        css += _CONTRAST
    return f"<style>{css}</style>"


# The maps' config (the base-map topojson from this server, never Plotly's CDN), no mode bar.
CHART_CONFIG = {**MAP_CHART_CONFIG, "displayModeBar": False}


def apply(theme: str = "") -> None:
    """Style the page (st.html with only a <style> draws nothing and takes no height)."""
    st.html(page_css(theme))


# ---------------------------------------------------------------- the screen's size

VIEWPORT_KEY = "meeting_viewport"
# Reports the browser window's size (and again after a resize): no data, no network.
_VIEWPORT_JS = """
export default function(component) {
  const { setStateValue } = component;
  const send = () => setStateValue("size", [window.innerWidth, window.innerHeight]);
  send();
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(send, 250); };
  window.addEventListener("resize", later);
  return () => window.removeEventListener("resize", later);
}
"""
_viewport_component = st.components.v2.component("antt_meeting_viewport", js=_VIEWPORT_JS)


def report_viewport() -> None:
    """Mount the reporter (once a page run; it draws nothing)."""
    _viewport_component(key=VIEWPORT_KEY, on_size_change=lambda: None)


def scale() -> float:
    """The page's zoom: min(width / 1920, height / 1080) of the reported window; 1 until the
    browser has reported (the first run; AppTest)."""
    state = st.session_state.get(VIEWPORT_KEY) or {}
    size = state.get("size") if isinstance(state, dict) else None
    try:
        width, height = (float(v) for v in size)
    except (TypeError, ValueError):
        return 1.0
    if width < 200 or height < 150:  # a hidden tab or a nonsense value
        return 1.0
    return min(width / meeting.DESIGN_WIDTH, height / meeting.DESIGN_HEIGHT)


# High-contrast chart colours: darker, saturated, told apart by a projector in daylight.
CONTRAST_COLOURS = ("#003f9e", "#b00000", "#8a5a00", "#006b1e", "#5b1a8a")


def projector_figure(fig: go.Figure, height: int, zoom: float, theme: str = "") -> go.Figure:
    """A chart for the meeting screen at screen size: `height` design pixels times `zoom`,
    text CHART_FONT (axes, legend, colour bar, map names) and CHART_TITLE_FONT design pixels:
    18 and 22 px on a 1920x1080 screen, never below MIN_FONT screen pixels (16 and 19,6 px at
    1280x720 and 1366x768, where the zoom would make them 12 and 14,7)."""
    text_zoom = max(zoom, meeting.MIN_FONT / meeting.CHART_FONT)
    size = round(meeting.CHART_FONT * text_zoom, 1)
    title = round(meeting.CHART_TITLE_FONT * text_zoom, 1)
    ink = "#000000" if theme == "contrast" else "#1a1a1a"
    fig.update_layout(
        height=round(height * zoom), font={"size": size, "color": ink},
        title_font_size=title, legend_font_size=size, legend_title_font_size=size,
        hoverlabel_font_size=size,
    )
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    # the trend's "chưa đủ số liệu" over a month not yet complete (12 px on the pages)
    fig.update_annotations(font_size=size)
    for trace in fig.data:
        if trace.type in ("choropleth", "choroplethmap") and trace.showscale is not False:
            trace.colorbar.tickfont = {"size": size, "color": ink}
            trace.colorbar.title.font = {"size": size, "color": ink}
            trace.colorbar.thickness = round(24 * zoom)
        if "text" in (getattr(trace, "mode", None) or ""):  # the map's commune names
            trace.textfont.size = size
        if theme == "contrast" and trace.type == "bar":
            index = list(fig.data).index(trace) % len(CONTRAST_COLOURS)
            trace.marker.color = CONTRAST_COLOURS[index]
    if theme == "contrast":
        fig.update_xaxes(linecolor="#000000", tickcolor="#000000")
        fig.update_yaxes(gridcolor="#9e9e9e")
    return fig


def with_source(fig: go.Figure, source: str, zoom: float,
                width: int = meeting.CONTENT_WIDTH) -> go.Figure:
    """The map's source line written under the map inside the figure (no page height),
    wrapped to the map's `width` (design px): at the 16 px floor it is wider than the summary's
    map (Plotly annotations do not wrap)."""
    font = max(round(15 * zoom, 1), meeting.MIN_FONT)
    # ~0,5 em a character in the sans-serif Plotly draws with
    lines = textwrap.wrap(source, max(20, int(width * zoom / (0.5 * font))))
    bottom = round(font * 1.3 * len(lines) + 10 * zoom)
    fig.update_layout(margin_b=bottom)
    fig.add_annotation(text="<br>".join(html_text(line) for line in lines), x=0, y=0,
                       xref="paper", yref="paper", xanchor="left", yanchor="top",
                       yshift=-round(4 * zoom), align="left", showarrow=False,
                       font={"size": font, "color": "#546e7a"})
    return fig


def projector_map(fig: go.Figure, height: int, zoom: float, theme: str, source: str,
                  width: int) -> go.Figure:
    """The map for the meeting screen: styled (projector_figure), its source under it
    (with_source), and its names placed again for the projector's text size and the map's
    `width` design px on screen, so that no two overlap (antt/maps/labels.py)."""
    styled = with_source(projector_figure(fig, height, zoom, theme), source, zoom, width)
    return place_names(styled, width * zoom)
