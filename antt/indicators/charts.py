"""Plotly figure builders (graph_objects only; Express costs 20-30 ms a figure). Data comes
in as lists/Series, figures go out: no data access here.

Projector-friendly: large fonts, high-contrast colours, no gridline clutter, vi-VN number
separators (`separators=",."`: 74.392 and 695,9) in axes and hovers, months as mm/yyyy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from antt.text import plotly_vi
from antt.text.escape import html_text

# Distinguishable on a washed-out projector and for red-green colour blindness.
COLORS = ("#1f4e9c", "#c0392b", "#e08a00", "#2e7d32", "#6a3d9a", "#5d6d7e")
FONT = "Arial, 'Noto Sans', 'Segoe UI', sans-serif"
COUNT_FORMAT = ",.0f"
MONTH_FORMAT = "%m/%Y"
LABEL_MAX = 34  # characters of a category label on an axis
GRID = "#e3e3e3"
# Every st.plotly_chart's config: Plotly's strings in Vietnamese (antt.text.plotly_vi, shipped in
# the config: no locale file from a CDN), and a mode bar trimmed to what a reader uses: save
# the picture, reset the axes. No Plotly logo.
CONFIG = {
    "locale": "vi",
    "locales": {"vi": plotly_vi.LOCALE},
    "displaylogo": False,
    "modeBarButtonsToRemove": [
        "zoom2d", "pan2d", "select2d", "lasso2d", "zoomIn2d", "zoomOut2d", "autoScale2d",
        "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian", "toggleHover",
    ],
    "toImageButtonOptions": {"format": "png", "filename": "bieu-do", "scale": 2},
}
AXES = {"automargin": True, "tickfont": {"size": 15}, "zerolinecolor": GRID,
        "linecolor": GRID, "ticks": ""}


def base_layout(fig: go.Figure, title: str = "", height: int = 420) -> go.Figure:
    """The shared look: vi-VN separators, big text, legend on top, no mode bar clutter."""
    # A new Layout from the old one plus ours: fig.update_layout goes through Plotly's relayout
    # machinery, ~9 ms a call against ~2 ms (a page draws a dozen charts; issue 8).
    fig.layout = go.Layout({**fig.layout.to_plotly_json(), **dict(
        separators=",.",
        title={"text": title, "x": 0, "font": {"size": 20}} if title else None,
        height=height,
        # The few properties of "plotly_white" used, set directly: naming a template deep-copies
        # it into every figure (33 ms a chart, most of an activities rerun; issue 8).
        template="none",
        paper_bgcolor="white",
        plot_bgcolor="white",
        colorway=list(COLORS),
        font={"family": FONT, "size": 16, "color": "#1a1a1a"},
        margin={"l": 10, "r": 10, "t": 60 if title else 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                "font": {"size": 15}},
        hoverlabel={"font": {"size": 16}},
        bargap=0.25,
        # The axes in the same step: every update_xaxes/update_yaxes call costs ~5 ms.
        xaxis={"showgrid": False, **AXES},
        yaxis={"gridcolor": GRID, "tickformat": COUNT_FORMAT, "rangemode": "tozero", **AXES},
    )})
    return fig


def integer_ticks(fig: go.Figure, values: Sequence[float], axis: str = "y") -> None:
    """Counts up to 10: one tick per whole number (else ",.0f" would label 0,5 as "1")."""
    top = max((v for v in values if v == v), default=0)
    if top <= 10:
        # All zero: Plotly would centre 0 on a -1..1 axis; show 0..1 with the bars on the floor.
        extra = {"range": [0, 1]} if top <= 0 else {}
        getattr(fig, f"update_{axis}axes")(dtick=1, tick0=0, **extra)


def nice_step(top: float, intervals: int) -> int:
    """The smallest round step (1, 2, 2,5, 5 × 10^k; whole numbers: these are counts) with
    `intervals` steps reaching `top`."""
    raw = max(top, 1) / intervals
    power = 10 ** max(0, math.floor(math.log10(raw)))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and step == int(step):
            return int(step)
    return int(10 * power)  # pragma: no cover - 10 × power always qualifies


def aligned_axes(left: Sequence[float], right: Sequence[float]) -> tuple[tuple[int, int],
                                                                         tuple[int, int]]:
    """(top, step) of a left and a right count axis with the same number of round steps, so
    both axes' ticks sit on the same gridlines (0/10/20/30 and 0/500/1.000/1.500, not
    529/1.059/1.588). The count of steps (3 to 6) is the one wasting the least height."""
    top_l = max((v for v in left if v == v), default=0)
    top_r = max((v for v in right if v == v), default=0)
    best = None
    for n in (4, 5, 6, 3):
        sl, sr = nice_step(top_l, n), nice_step(top_r, n)
        # the emptier axis decides how much height is lost
        waste = max(1 - max(top_l, 1) / (n * sl), 1 - max(top_r, 1) / (n * sr))
        if best is None or waste < best[0] - 0.02:
            best = (waste, n, sl, sr)
    _, n, sl, sr = best
    return (n * sl, sl), (n * sr, sr)


def monthly_bars(
    months: Sequence[dt.date], series: Sequence[tuple[str, Sequence[float]]],
    title: str = "", unit: str = "", line: tuple[str, Sequence[float]] | None = None,
    period: tuple[dt.date, dt.date] | None = None, complete_until: dt.date | None = None,
) -> go.Figure:
    """Bars per month (one trace per series), optionally a line on a second axis (e.g.
    attendees next to sessions, whose scales differ by a factor of 100), its ticks aligned
    with the bars' axis. `period`: the x axis spans its months even where nothing happened.
    `complete_until`: the day the data are complete through (antt.data.complete); the months
    ending after it are shaded "chưa đủ số liệu", so they do not read as a drop."""
    fig = go.Figure()
    # Beyond two years, grouped bars become hairlines: draw lines instead.
    as_lines = len(months) > 24
    for i, (name, values) in enumerate(series):
        common = dict(
            x=list(months), y=list(values), name=name,
            hovertemplate=f"%{{x|{MONTH_FORMAT}}}: %{{y:{COUNT_FORMAT}}} {unit}"
                          f"<extra>{name}</extra>",
        )
        color = COLORS[i % len(COLORS)]
        fig.add_trace(go.Scatter(mode="lines", line={"color": color, "width": 3}, **common)
                      if as_lines else go.Bar(marker_color=color, **common))
    if line is not None:
        name, values = line
        fig.add_trace(go.Scatter(
            x=list(months), y=list(values), name=name, yaxis="y2", mode="lines+markers",
            line={"color": COLORS[1], "width": 3}, marker={"size": 7},
            hovertemplate=f"%{{x|{MONTH_FORMAT}}}: %{{y:{COUNT_FORMAT}}}<extra>{name}</extra>",
        ))
        fig.update_layout(yaxis2={"overlaying": "y", "side": "right", "showgrid": False,
                                  "tickformat": COUNT_FORMAT, "rangemode": "tozero", **AXES,
                                  "title": {"text": name, "font": {"size": 15}}})
    base_layout(fig, title)
    bars = [v for _, values in series for v in values]
    if line is not None:
        (top_l, step_l), (top_r, step_r) = aligned_axes(bars, list(line[1]))
        fig.update_yaxes(range=[0, top_l], dtick=step_l, tick0=0)
        fig.update_layout(yaxis2={"range": [0, top_r], "dtick": step_r, "tick0": 0})
    else:
        integer_ticks(fig, bars)
    fig.update_xaxes(tickformat=MONTH_FORMAT, type="date")
    count = len(months)
    if period is not None:
        first = dt.date(period[0].year, period[0].month, 1)
        last = dt.date(period[1].year, period[1].month, 1)
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        # Half a month either side: the first and last bars are whole.
        fig.update_xaxes(range=[first - dt.timedelta(days=15), last + dt.timedelta(days=15)])
    if count <= 24:
        fig.update_xaxes(dtick="M1" if count <= 12 else "M3")
    _shade_partial(fig, list(months), complete_until)
    return fig


def _shade_partial(fig: go.Figure, months: list, complete_until: dt.date | None) -> None:
    if complete_until is None or not months:
        return
    days = [pd.Timestamp(m).date() for m in months]
    partial = [d for d in days
               if dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
               > complete_until]
    if not partial:
        return
    fig.add_vrect(x0=min(partial) - dt.timedelta(days=15), x1=max(days) + dt.timedelta(days=15),
                  fillcolor="#bbbbbb", opacity=0.25, line_width=0, layer="below",
                  annotation_text="chưa đủ số liệu", annotation_position="top left",
                  annotation_font_size=12)


def category_bars(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], title: str = "",
    horizontal: bool = True, stacked: bool = False, percent: bool = False,
) -> go.Figure:
    """Bars per category. Horizontal by default: Vietnamese labels are long. The first label
    is drawn at the top."""
    fig = go.Figure()
    value_format = ".1%" if percent else COUNT_FORMAT
    # Labels and names come from the data files: Plotly draws a subset of HTML in tick labels,
    # hovers and legends, so they go in as HTML text.
    full = [html_text(t) for t in labels]
    # Long Vietnamese labels squeeze the bars: cut them on the axis, keep them whole in hovers.
    short = [html_text(t if len(t) <= LABEL_MAX else t[: LABEL_MAX - 1].rstrip() + "…")
             for t in labels]
    for i, (name, values) in enumerate(series):
        values, name = list(values), html_text(name)
        if horizontal:
            trace = go.Bar(
                y=short, x=values, orientation="h", name=name, customdata=full,
                marker_color=COLORS[i % len(COLORS)],
                text=values if len(series) == 1 else None, texttemplate=f"%{{x:{value_format}}}",
                textposition="auto",
                hovertemplate=f"%{{customdata}}: %{{x:{value_format}}}<extra>{name}</extra>",
            )
        else:
            trace = go.Bar(
                x=full, y=values, name=name, marker_color=COLORS[i % len(COLORS)],
                text=values if len(series) == 1 else None, texttemplate=f"%{{y:{value_format}}}",
                textposition="auto",
                hovertemplate=f"%{{x}}: %{{y:{value_format}}}<extra>{name}</extra>",
            )
        fig.add_trace(trace)
    height = max(320, 60 + 42 * len(labels) * (1 if stacked else max(1, len(series)))) \
        if horizontal else 420
    base_layout(fig, title, height=min(height, 900))
    if stacked:
        fig.update_layout(barmode="stack")
    if horizontal:
        fig.update_yaxes(autorange="reversed", tickformat=None, gridcolor=None, showgrid=False)
        fig.update_xaxes(tickformat=value_format, showgrid=True, gridcolor=GRID,
                         rangemode="tozero")
        if not percent and not stacked:
            integer_ticks(fig, [v for _, values in series for v in values], axis="x")
    elif not percent:
        integer_ticks(fig, [v for _, values in series for v in values])
    elif percent:
        fig.update_yaxes(tickformat=".0%")
    fig.update_layout(showlegend=len(series) > 1)
    return fig


def yearly_bars(years: Sequence[int], values: Sequence[float], name: str, title: str = "",
                highlight: int | None = None, partial: dict[int, str] | None = None
                ) -> go.Figure:
    """Bars per year; the highlighted year (the chosen period's) in the accent colour; a
    partial year named as such on its axis (`partial`: year -> '2026 (đến 30/09)')."""
    colors = [COLORS[1] if y == highlight else COLORS[0] for y in years]
    labels = [(partial or {}).get(y, str(y)) for y in years]
    fig = go.Figure(go.Bar(
        x=labels, y=list(values), name=name, marker_color=colors,
        text=list(values), texttemplate=f"%{{y:{COUNT_FORMAT}}}", textposition="auto",
        hovertemplate=f"Năm %{{x}}: %{{y:{COUNT_FORMAT}}}<extra>{name}</extra>",
    ))
    base_layout(fig, title)
    fig.update_xaxes(type="category")
    fig.update_layout(showlegend=False)
    integer_ticks(fig, list(values))
    return fig


def before_after_bars(labels: Sequence[str], before: Sequence[float], after: Sequence[float],
                      title: str = "") -> go.Figure:
    """Incidents 12 months before vs 12 months after establishment, per model or in total."""
    return category_bars(
        labels,
        [("12 tháng trước khi thành lập", before), ("12 tháng kể từ khi thành lập", after)],
        title=title, horizontal=len(labels) > 1,
    )


def rate_bars(labels: Sequence[str], values: Sequence[float | None], title: str = "",
              unit: str = "vụ / 1.000 dân") -> go.Figure:
    """Rates with one decimal (e.g. incidents per 1.000 people: 0,4)."""
    clean = [0 if v is None or v != v else v for v in values]
    fig = go.Figure(go.Bar(
        x=[html_text(t) for t in labels], y=clean,
        marker_color=[COLORS[3], COLORS[5]][: len(clean)] or None,
        text=clean, texttemplate="%{y:,.2f}", textposition="auto",
        hovertemplate=f"%{{x}}: %{{y:,.2f}} {unit}<extra></extra>",
    ))
    base_layout(fig, title)
    fig.update_yaxes(tickformat=",.1f", title={"text": unit, "font": {"size": 15}})
    fig.update_layout(showlegend=False)
    return fig
