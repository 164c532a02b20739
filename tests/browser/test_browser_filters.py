"""The filter bar at office resolution: every filter within the first screen at 1366x768 on
every page that has filters, with nothing leaving 127.0.0.1."""

from __future__ import annotations

import pytest

FILTER_LABELS = ("Đơn vị hành chính", "Xã, thị trấn", "Kỳ báo cáo", "Năm", "Quý", "Loại mô hình")
QUARTER = "?unit=2024&period=quarter&year=2024&n=3&communes=06355"


# The bar is drawn by app.py the same way on every page: three pages of different lengths.
@pytest.mark.parametrize("path", ["", "map", "data"])
def test_every_filter_is_on_the_first_screen(open_page, app_url, path):
    opened = open_page(1366, 768)
    opened.open(f"{app_url}/{path}{QUARTER}")
    p = opened.page
    assert p.locator("[data-testid=stException]").count() == 0
    bar = p.locator(".st-key-filter_bar")
    for label in FILTER_LABELS:
        box = bar.get_by_text(label, exact=True).first.bounding_box()
        assert box is not None, label
    bottom = bar.bounding_box()
    assert bottom is not None and bottom["y"] + bottom["height"] <= 768, bottom
    # The one-line summary and how the chosen commune maps to the new units.
    text = bar.inner_text()
    assert "Đang xem: Xã Vũ Sơn (trước 01/7/2025) · quý 3/2024" in text
    assert "Xã Vũ Sơn (trước 01/7/2025) → nay thuộc Xã Vũ Lễ" in text
    assert opened.blocked == []


CUT_JS = """() => [...document.querySelectorAll(
    '[data-testid=stMetricLabel] p, [data-testid=stMetricDelta] div')]
  .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""
COLOUR_BAR_JS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const plot = g.getBoundingClientRect(), bar = g.querySelector('.colorbar');
  const b = bar ? bar.getBoundingClientRect() : null;
  return b && {right: b.right, plotRight: plot.right, width: b.width};
}).filter(Boolean)"""


def test_overview_at_768_px_cuts_nothing(open_page, app_url):
    opened = open_page(768, 1024)
    opened.open(f"{app_url}/?unit=2024&period=year&year=2024")
    p = opened.page
    assert p.locator("[data-testid=stMetric]").count() == 9
    assert p.evaluate(CUT_JS) == []  # card labels and deltas wrap, never end in "…"
    bars = p.evaluate(COLOUR_BAR_JS)
    assert bars, "the overview map has a colour bar"
    for bar in bars:  # the map's colour bar lies inside its chart
        assert bar["width"] > 10 and bar["right"] <= bar["plotRight"] + 1
    assert opened.blocked == []
