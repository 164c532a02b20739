"""Charts (issue 13): both axes of a dual-axis chart get round ticks on the same gridlines;
a chart follows the chosen period; Plotly's own strings come in Vietnamese from the config."""

from __future__ import annotations

import datetime as dt

import pytest

from antt.indicators import charts
from antt.text import plotly_vi


@pytest.mark.parametrize(("bars", "line"), [
    ([13, 11, 9, 15, 19], [1412, 1100, 1059, 1588, 2117]),  # the reported 529 / 1.059 / 1.588
    ([3, 1], [195, 390, 585]),
    ([100], [580]),
    ([0], [0]),
])
def test_dual_axis_ticks_are_round_and_aligned(bars, line):
    (top_l, step_l), (top_r, step_r) = charts.aligned_axes(bars, line)
    assert top_l // step_l == top_r // step_r  # same number of steps: gridlines coincide
    assert top_l >= max(bars) and top_r >= max(line)
    for step in (step_l, step_r):
        mantissa = step / 10 ** (len(str(step)) - 1)
        assert mantissa in (1, 2, 2.5, 5)


def test_monthly_chart_with_a_line_sets_both_axes():
    months = [dt.date(2026, m, 1) for m in range(1, 11)]
    fig = charts.monthly_bars(months, [("Buổi", [13, 11, 9, 15, 8, 10, 15, 18, 9, 19])],
                              line=("Lượt người", [1412, 1100, 1059, 1588, 987, 1030, 1300,
                                                   1850, 990, 2117]))
    y, y2 = fig.layout.yaxis, fig.layout.yaxis2
    assert (tuple(y.range), y.dtick) == ((0, 25), 5)
    assert (tuple(y2.range), y2.dtick) == ((0, 2500), 500)


def test_monthly_chart_spans_the_chosen_period():
    fig = charts.monthly_bars([dt.date(2026, 3, 1)], [("Buổi", [2])],
                              period=(dt.date(2026, 1, 1), dt.date(2026, 10, 31)))
    start, end = (dt.date.fromisoformat(str(v)[:10]) for v in fig.layout.xaxis.range)
    assert start < dt.date(2026, 1, 1) and dt.date(2026, 10, 1) < end < dt.date(2026, 11, 1)


def test_one_month_draws_its_bars_side_by_side():
    # Issue 28: with one month (a NĐ 09 report month) Plotly drew the bars 0 px wide.
    month = dt.date(2026, 10, 1)
    fig = charts.monthly_bars([month], [("Buổi", [1]), ("Cuộc", [2])], period=(month, month))
    day = 86_400_000
    assert [round(t.width / day) for t in fig.data] == [12, 12]
    assert [round(t.offset / day) for t in fig.data] == [-12, 0]


def test_chart_config_is_vietnamese_and_trimmed():
    config = charts.CONFIG
    assert config["locale"] == "vi" and config["locales"]["vi"] is plotly_vi.LOCALE
    assert plotly_vi.DICTIONARY["Download plot as a PNG"] == "Tải biểu đồ (ảnh PNG)"
    assert plotly_vi.FORMAT["decimal"] == "," and plotly_vi.FORMAT["thousands"] == "."
    assert not config["displaylogo"]
    assert {"zoom2d", "pan2d", "lasso2d"} <= set(config["modeBarButtonsToRemove"])
    assert "toImage" not in config["modeBarButtonsToRemove"]
