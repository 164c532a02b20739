"""Names on the maps never overlap (issue 28: "Chiến ThắTân Hương" on the projector's
18-commune map): antt/maps/labels.py places them for the figure's size on screen.

The boxes checked are computed from the figure as built (each printed name's position, its
text and the trace's font size, through the figure's own view), at the sizes the maps are
drawn at: the Bản đồ page at 1366x768 and 1280x720 (the chart 1075 and 989 px wide, measured
in Chromium) and the Trình chiếu screens at those sizes. The reference values (text widths,
plotly.js's fitted scale) were measured in Chromium on the bundled data."""

from __future__ import annotations

import random
import unicodedata
from itertools import combinations

import pandas as pd
import plotly.graph_objects as go
import pytest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.maps import labels, village_names
from antt.maps.boundaries import ATTRIBUTION, load_boundaries, load_outline
from antt.maps.colours import DEFAULT_INDICATOR
from antt.maps.plotly_map import (
    NAMES_TRACE,
    PAGE_WIDTH,
    SMALL_HEIGHT,
    SMALL_WIDTH,
    map_figure,
    map_title,
    short_name,
)
from antt.maps.point_map import point_map_figure
from antt.ui import map_width
from antt.ui.meeting_style import projector_map

YEAR_2024 = Filters(unit_set="2024", period_kind="year", year=2024)  # 18 xã, thị trấn
YEAR_2025 = Filters(unit_set="2025", period_kind="year", year=2026)  # 6 xã
PAGE_WIDTHS = {"1366x768": 1075, "1280x720": 989}  # the Bản đồ chart, measured in Chromium
ZOOMS = {"1366x768": 768 / 1080, "1280x720": 720 / 1080}  # the meeting page's zoom


@pytest.fixture(scope="module")
def maps(sample_store: Store) -> dict:
    out = {}
    for key, filters in (("2024", YEAR_2024), ("2025", YEAR_2025)):
        params = filters.params()
        out[key] = (run_query("activities_by_unit", store=sample_store, **params),
                    run_query("activities_by_village", store=sample_store, **params),
                    load_boundaries(sample_store.data_dir, key),
                    load_outline(sample_store.data_dir))
    return out


def page_map(maps: dict, unit_set: str, width: int, focus: str | None = None):
    units, villages, boundaries, outline = maps[unit_set]
    return map_figure(units, villages, boundaries, "outreach_sessions", title="t",
                      outline=outline, focus=focus, width=width)


def meeting_map(maps: dict, unit_set: str, zoom: float, large: bool):
    """The Trình chiếu map as antt/ui/meeting_live.py builds it for a screen's zoom."""
    units, villages, boundaries, outline = maps[unit_set]
    height = meeting.MAP_PANEL_HEIGHT if large else meeting.SUMMARY_CHART_HEIGHT
    fig = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                     outline=outline, small=not large, height=round(height * zoom))
    return projector_map(fig, height, zoom, "", ATTRIBUTION,
                         meeting.CONTENT_WIDTH if large else meeting.SUMMARY_MAP_WIDTH)


def check_no_overlap(fig, width: float) -> list[str]:
    """Every printed name inside the map's frame and clear of every other; the names."""
    boxes = labels.name_boxes(fig, width)
    frame = labels.view_of(fig, width).frame
    for text, (x0, y0, x1, y1) in boxes:
        assert frame[0] <= x0 < x1 <= frame[2] and frame[1] <= y0 < y1 <= frame[3], text
    clashes = [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2)
               if labels.overlap(box_a, box_b, 0)]
    assert clashes == []
    return [text for text, _ in boxes]


def in_hovers(fig, boundaries, dropped: list[str]) -> bool:
    """Whether each dropped short name's commune is named in bold in a polygon's hover."""
    full = {short_name(n): n for n in boundaries.names.values()}
    text = " ".join(h for t in fig.data if t.type == "choropleth" for h in t.hovertext)
    return all(f"<b>{full[name]}</b>" in text for name in dropped)


# --- the measures -------------------------------------------------------------------------


def test_text_width_is_source_sans_as_chromium_draws_it() -> None:
    # Chromium drew "Chiến Thắng" 62,9 px wide at 12 px and "TT. Bắc Sơn" 76,6 px at 16 px
    # (kerned: "TT." is narrower than its letters); never less, and not much more.
    assert 62.9 <= labels.text_width("Chiến Thắng", 12) <= 62.9 * 1.06
    assert 76.6 <= labels.text_width("TT. Bắc Sơn", 16) <= 76.6 * 1.08
    # a toned letter is as wide as its base letter, decomposed or not; bold is wider
    assert labels.text_width(unicodedata.normalize("NFD", "Hưng Vũ"), 12) == pytest.approx(
        labels.text_width("Hưng Vũ", 12))
    assert labels.text_width("Vũ", 12) == labels.text_width("Vu", 12)
    assert labels.text_width("Đồng Ý", 12, bold=True) > labels.text_width("Đồng Ý", 12)


def test_view_is_plotly_s_fitted_view(maps: dict) -> None:
    # plotly.js in Chromium, the 2024 map at 1366x768 (1075 x 600 px): projection scale
    # 89545,47, the range's middle at (473, 332).
    fig = page_map(maps, "2024", 1075)
    view = labels.view_of(fig, 1075)
    assert view.scale == pytest.approx(89545.47, rel=1e-4)
    lon = sum(fig.layout.geo.lonaxis.range) / 2
    lat = sum(fig.layout.geo.lataxis.range) / 2
    assert view.px(lon, lat) == pytest.approx((473.0, 332.0), abs=0.5)
    assert view.lonlat(*view.px(106.2, 21.8)) == pytest.approx((106.2, 21.8))


# --- the bundled maps ---------------------------------------------------------------------


@pytest.mark.parametrize("size", PAGE_WIDTHS)
def test_page_map_2024_prints_all_18_names_none_overlapping(maps: dict, size: str) -> None:
    fig = page_map(maps, "2024", PAGE_WIDTHS[size])
    shown = check_no_overlap(fig, PAGE_WIDTHS[size])
    names = sorted(short_name(n) for n in maps["2024"][2].names.values())
    assert sorted(shown) == names and len(names) == 18
    assert labels.dropped_names(fig) == []


@pytest.mark.parametrize("size", ZOOMS)
@pytest.mark.parametrize("large", [False, True], ids=["summary", "map-panel"])
def test_meeting_map_2024_names_do_not_overlap(maps: dict, size: str, large: bool) -> None:
    zoom = ZOOMS[size]
    fig = meeting_map(maps, "2024", zoom, large)
    width = (meeting.CONTENT_WIDTH if large else meeting.SUMMARY_MAP_WIDTH) * zoom
    names = next(t for t in fig.data if t.name == NAMES_TRACE)
    assert names.textfont.size >= meeting.MIN_FONT  # never below 16 px on the projector
    shown = check_no_overlap(fig, width)
    dropped = labels.dropped_names(fig)
    assert sorted(shown + dropped) == sorted(
        short_name(n) for n in maps["2024"][2].names.values())
    # A name not printed is still in its commune's hover.
    assert in_hovers(fig, maps["2024"][2], dropped)
    if large:  # the Bản đồ screen has room for every name
        assert dropped == []
    else:  # the summary's small map: the largest communes keep theirs
        assert len(shown) >= 8 and "Trấn Yên" in shown


def test_six_commune_map_prints_all_6_names(maps: dict) -> None:
    everyone = sorted(short_name(n) for n in maps["2025"][2].names.values())
    assert len(everyone) == 6
    fig = page_map(maps, "2025", PAGE_WIDTHS["1280x720"])
    assert sorted(check_no_overlap(fig, PAGE_WIDTHS["1280x720"])) == everyone
    for zoom in ZOOMS.values():
        fig = meeting_map(maps, "2025", zoom, large=False)
        shown = check_no_overlap(fig, meeting.SUMMARY_MAP_WIDTH * zoom)
        assert sorted(shown) == everyone
    units, villages, boundaries, outline = maps["2025"]
    small = map_figure(units, villages, boundaries, "patrols", title="t", small=True,
                       height=SMALL_HEIGHT)
    assert sorted(check_no_overlap(small, 380)) == everyone


def test_drilled_village_names_clear_of_each_other_and_the_commune(maps: dict) -> None:
    fig = page_map(maps, "2024", PAGE_WIDTHS["1366x768"], focus="06340")
    villages = maps["2024"][1]
    mine = villages[villages["unit_code"] == "06340"]
    shown = check_no_overlap(fig, PAGE_WIDTHS["1366x768"])
    assert "Tân Tri" in shown  # the drilled commune's own name, in bold
    assert "<b>Tân Tri</b>" in next(t for t in fig.data if t.name == NAMES_TRACE).text
    printed = list(next(t for t in fig.data if t.name == village_names.NAMES_TRACE).text)
    assert 0 < len(printed) <= len(mine) and set(printed) <= set(mine["village_name"])
    # the most active village is named first, so always
    top = village_names.by_priority(mine).iloc[0]["village_name"]
    assert top in printed


def test_crowded_village_names_go_beside_their_points() -> None:
    # Three villages a hair apart and one far away, on a 600 px map: the most active of the
    # three keeps the place above its point; the others take free places or are left out.
    fig = go.Figure(layout={
        "height": 600, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "geo": {"projection": {"type": "mercator"}, "lonaxis": {"range": [106.25, 106.45]},
                "lataxis": {"range": [21.85, 22.0]}}})
    frame = pd.DataFrame({
        "village_name": ["Nà Lầu", "Bình An", "Ân Phú", "Khuổi Cườm"],
        "lon": [106.300, 106.3001, 106.3002, 106.40], "lat": [21.90, 21.9001, 21.90, 21.95],
        "outreach_sessions": [1, 5, 0, 0], "patrols": [0, 0, 0, 0], "commitments": [0, 0, 0, 0],
        "mediations": [0, 0, 0, 0]})
    village_names.add_village_names(fig, frame, pd.Series(6.0, index=frame.index))
    labels.place_names(fig, 900)
    shown = check_no_overlap(fig, 900)
    assert shown[0] == "Bình An" and "Khuổi Cườm" in shown and len(shown) < 4
    trace = next(t for t in fig.data if t.name == village_names.NAMES_TRACE)
    view = labels.view_of(fig, 900)
    x, y = view.px(106.3001, 21.9001)
    bx, by = view.px(trace.lon[0], trace.lat[0])
    assert bx == pytest.approx(x, abs=0.5) and by < y - 6  # above its point


# --- a province of points -----------------------------------------------------------------


def test_65_commune_points_names_do_not_overlap(maps: dict) -> None:
    # A province with no polygons (area init): 65 communes as points, some in tight clusters.
    units24 = maps["2024"][0]
    rng = random.Random(65)
    rows = []
    for i in range(65):
        row = units24.iloc[i % len(units24)].to_dict()
        row.update(unit_code=f"{i:05d}", unit_name=f"Xã Thử Nghiệm {i + 1}",
                   population=1000 + 37 * ((i * 17) % 65))
        rows.append(row)
    units = pd.DataFrame(rows)
    centres = pd.DataFrame({
        "unit_code": units["unit_code"],
        "lon": [106.0 + rng.random() * 1.4 if i % 5 else 106.5 + rng.random() * 0.02
                for i in range(65)],
        "lat": [21.3 + rng.random() * 1.2 if i % 5 else 21.9 + rng.random() * 0.02
                for i in range(65)]})
    villages = maps["2024"][1].iloc[0:0]
    for small, width in ((False, PAGE_WIDTHS["1280x720"]), (True, 380), (False, 260)):
        fig = point_map_figure(units, villages, centres, "patrols", title="t", small=small,
                               height=SMALL_HEIGHT if small else 600, width=width)
        shown = check_no_overlap(fig, width)
        dropped = labels.dropped_names(fig)
        assert len(shown) + len(dropped) == 65 and len(shown) >= 10
        # the most populous commune is placed first, so always named
        assert short_name(units.loc[units["population"].idxmax(), "unit_name"]) in shown
        # each point's hover names its commune
        hover = " ".join(h for t in fig.data if t.mode == "markers" and t.hovertext
                         for h in t.hovertext)
        assert all(f"<b>Xã {name}</b>" in hover for name in dropped)
        # on a phone (260 px) the points' colour bar goes under the map, not over its names
        bar = next(t for t in fig.data if t.type == "scattergeo" and t.marker.showscale)
        assert (bar.marker.colorbar.orientation == "h") == (width == 260)


# --- a phone's and a tablet's width (antt/ui/map_width.py) ----------------------------------

PHONE = 266  # the Bản đồ map and Tổng quan's small map on a 360 px phone, measured in Chromium
TABLET = {"page": 674, "small": 261}  # the same at 768 px


def largest_first(fig) -> list[str]:
    """The candidate names in the order they are placed: the largest communes first."""
    trace = next(t for t in fig.data if t.name == NAMES_TRACE)
    return [d["text"] for d in trace.meta[labels.META_KEY]]


def test_width_buckets_keep_the_desktop_placing() -> None:
    # at or above the desktop width: the placing every desktop gets (and the tests above)
    assert map_width.bucket_for(1075, PAGE_WIDTH) == map_width.bucket_for(700, 700) == 700
    assert map_width.bucket_for(430, SMALL_WIDTH) == SMALL_WIDTH
    # narrower: the largest bucket not wider than the map, never below the narrowest
    assert map_width.bucket_for(674.5, PAGE_WIDTH) == 600
    assert map_width.bucket_for(PHONE, PAGE_WIDTH) == map_width.bucket_for(PHONE, 380) == 260
    assert map_width.bucket_for(150, PAGE_WIDTH) == map_width.BUCKETS[-1]


@pytest.mark.parametrize("small", [False, True], ids=["page", "small"])
def test_phone_map_2024_names_do_not_overlap_the_largest_kept(maps: dict, small: bool) -> None:
    units, villages, boundaries, outline = maps["2024"]
    bucket = map_width.bucket_for(PHONE, SMALL_WIDTH if small else PAGE_WIDTH)
    fig = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                     outline=outline, small=small, width=bucket,
                     height=SMALL_HEIGHT if small else 600)
    # placed for the bucket, clear at the bucket and at the map's real width above it
    for width in (bucket, PHONE, PHONE + 30):
        shown = check_no_overlap(fig, width)
    dropped = labels.dropped_names(fig)
    assert 8 <= len(shown) <= 18 and len(shown) + len(dropped) == 18
    assert set(largest_first(fig)[:8]) <= set(shown)
    assert in_hovers(fig, boundaries, dropped)
    # the same figure placed for the desktop overlaps on the phone (what issue 28 saw)
    desktop = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                         outline=outline, small=small, height=SMALL_HEIGHT if small else 600)
    boxes = labels.name_boxes(desktop, PHONE)
    assert any(labels.overlap(a, b, 0) for (_, a), (_, b) in combinations(boxes, 2))


def test_phone_colour_bar_goes_under_the_map(maps: dict) -> None:
    units, villages, boundaries, outline = maps["2024"]
    title = map_title(DEFAULT_INDICATOR, "năm 2024", "toàn bộ 18 xã, thị trấn")
    phone = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title=title,
                       outline=outline, width=260)
    desktop = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                         outline=outline)
    bar = next(t for t in phone.data if t.type == "choropleth").colorbar
    assert bar.orientation == "h" and bar.y == 0 and "<br>" not in bar.title.text
    assert tuple(phone.layout.geo.domain.x) == (0, 1) and phone.layout.geo.domain.y[0] > 0.1
    # the desktop map keeps its bar beside it
    assert tuple(desktop.layout.geo.domain.x) == (0, 0.88)
    assert next(t for t in desktop.data if t.type == "choropleth").colorbar.orientation is None
    # every name inside the map's frame, so none under the bar
    top, bottom = phone.layout.margin.t, phone.layout.margin.b
    frame = labels.view_of(phone, 260).frame
    assert frame[3] <= (1 - phone.layout.geo.domain.y[0]) * (600 - top - bottom) + top + 0.5
    # Plotly wraps neither: the title a line a part, the legend under the map (it wrapped up
    # over the title on a 360 px phone), each with the margin its lines need
    assert phone.layout.title.text == "Số buổi tuyên truyền<br>năm 2024<br>toàn bộ 18 xã, thị trấn"
    assert top >= 3 * 20 and phone.layout.legend.y == 0 and phone.layout.legend.yanchor == "top"
    entries = [t.name for t in phone.data if t.type == "scattergeo" and t.mode != "text"
               and t.showlegend is not False and t.name]
    assert len(entries) == 3 and bottom >= 3 * 20


@pytest.mark.parametrize("small", [False, True], ids=["page", "small"])
def test_tablet_map_2024_names_do_not_overlap(maps: dict, small: bool) -> None:
    units, villages, boundaries, outline = maps["2024"]
    width = TABLET["small" if small else "page"]
    fig = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                     outline=outline, small=small, height=SMALL_HEIGHT if small else 600,
                     width=map_width.bucket_for(width, SMALL_WIDTH if small else PAGE_WIDTH))
    shown = check_no_overlap(fig, width)
    assert len(shown) >= (16 if small else 18)


def test_phone_drilled_village_names_do_not_overlap(maps: dict) -> None:
    bucket = map_width.bucket_for(PHONE, PAGE_WIDTH)
    fig = page_map(maps, "2024", bucket, focus="06340")
    shown = check_no_overlap(fig, PHONE)
    assert "Tân Tri" in shown
    villages = maps["2024"][1]
    top = village_names.by_priority(villages[villages["unit_code"] == "06340"]).iloc[0]
    assert top["village_name"] in shown
