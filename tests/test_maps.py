"""Maps: boundaries (antt.maps.boundaries), the indicator catalogue (antt.maps.colours), figure
builders (antt.maps.plotly_map), the tables (antt.maps.tables) and the Bản đồ page."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators.filters import Filters
from antt.maps import village_names
from antt.maps.boundaries import (
    ATTRIBUTION,
    BOUNDARY_FILES,
    _inside,
    label_point,
    load_boundaries,
    load_outline,
    view_ranges,
)
from antt.maps.centre_points import CENTRE_NOTE
from antt.maps.colours import (
    INDICATORS,
    STATUS_LABELS,
    STATUS_STYLE,
    colour_ticks,
    indicator_values,
    village_status,
)
from antt.maps.plotly_map import (
    NAMES_TRACE,
    SMALL_HEIGHT,
    UNREPORTED_FILL,
    clicked_unit,
    map_figure,
    map_title,
    name_labels,
    scope_label,
    short_name,
    village_traces,
)
from antt.maps.point_map import POINT_NOTE
from antt.maps.tables import village_table
from antt.text.fmt import number
from antt.ui.downloads import csv_bytes, xlsx_bytes
from antt.ui.maps import (
    COMMUNE_KEY,
    INDICATOR_KEY,
    chart_key,
    small_map_figure,
    village_file_stem,
)

REPO = Path(__file__).resolve().parent.parent
YEAR_2024 = Filters(unit_set="2024", period_kind="year", year=2024)
YEAR_2025 = Filters(unit_set="2025", period_kind="year", year=2024)


def square(lon: float, lat: float, half: float = 0.02) -> list:
    """A clockwise ring (Plotly's convention) around a point."""
    w, e, s, n = lon - half, lon + half, lat - half, lat + half
    return [[[w, s], [w, n], [e, n], [e, s], [w, s]]]


def write_mini_geo(data_dir: Path) -> Path:
    """Polygons for two of the mini fixture's three communes (00003 has none)."""
    geo = data_dir / "geo"
    geo.mkdir(exist_ok=True)
    features = [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name},
         "geometry": {"type": "Polygon", "coordinates": square(lon, lat)}}
        for code, name, lon, lat in [("00001", "Thị trấn An", 106.30, 21.90),
                                     ("00002", "Xã Bình", 106.31, 21.92)]
    ]
    path = geo / BOUNDARY_FILES["2024"]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def frames(store: Store, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    params = filters.params()
    return (run_query("activities_by_unit", store=store, **params),
            run_query("activities_by_village", store=store, **params))


def main_trace(fig):
    traces = [t for t in fig.data if t.type == "choropleth" and t.name != "Ngoài phạm vi lọc"]
    assert len(traces) == 1
    return traces[0]


def village_points(fig) -> int:
    return sum(len(t.lon) for t in village_traces(fig))


# --- boundaries ---------------------------------------------------------------------------


def test_load_boundaries_bundled_sets(sample_dir: Path) -> None:
    b24 = load_boundaries(sample_dir, "2024")
    b25 = load_boundaries(sample_dir, "2025")
    assert b24 is not None and b25 is not None
    assert len(b24.codes) == 18 and len(b25.codes) == 6
    assert b24.names["06325"] == "Thị trấn Bắc Sơn"
    assert b25.names["06337"] == "Xã Tân Tri"
    # The whole district lies in these bounds (SOURCE.md: Bắc Sơn, Lạng Sơn).
    min_lon, min_lat, max_lon, max_lat = b24.bbox()
    assert 106.0 < min_lon < max_lon < 106.5 and 21.6 < min_lat < max_lat < 22.0
    assert b24.bbox() == pytest.approx(b25.bbox(), abs=1e-4)  # same district, other tiling
    assert load_outline(sample_dir).codes == {"185"}


def test_load_boundaries_missing_or_broken(mini_dir: Path) -> None:
    assert load_boundaries(mini_dir, "2024") is None  # no geo/ folder
    assert load_boundaries(mini_dir, "1999") is None
    (mini_dir / "geo").mkdir()
    (mini_dir / "geo" / BOUNDARY_FILES["2025"]).write_text("{not json", encoding="utf-8")
    assert load_boundaries(mini_dir, "2025") is None


def test_load_boundaries_reread_when_file_changes(mini_dir: Path) -> None:
    path = write_mini_geo(mini_dir)
    assert load_boundaries(mini_dir, "2024").codes == {"00001", "00002"}
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][:1]
    path.write_text(json.dumps(data), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    assert load_boundaries(mini_dir, "2024").codes == {"00001"}


# --- view and names -----------------------------------------------------------------------


def test_view_ranges_hold_the_bbox_with_a_margin() -> None:
    bbox = (106.0954, 21.6666, 106.41917, 21.96326)
    ranges = view_ranges(bbox)
    lon, lat = ranges["lonaxis"]["range"], ranges["lataxis"]["range"]
    assert lon[0] < bbox[0] < bbox[2] < lon[1] and lat[0] < bbox[1] < bbox[3] < lat[1]
    assert lon[1] - lon[0] == pytest.approx((bbox[2] - bbox[0]) * 1.08, rel=1e-3)


def test_label_points_lie_inside_their_polygons(sample_store: Store) -> None:
    for unit_set, count in (("2024", 18), ("2025", 6)):
        boundaries = load_boundaries(sample_store.data_dir, unit_set)
        assert len(boundaries.labels) == count
        for code, (lon, lat) in boundaries.labels.items():
            ring = boundaries.features[code]["geometry"]["coordinates"][0]
            assert _inside(lon, lat, ring), boundaries.names[code]
    # A crescent: its centroid is outside, the label is not.
    crescent = {"type": "Polygon", "coordinates": [[
        [0, 0], [0, 10], [10, 10], [10, 8], [2, 8], [2, 2], [10, 2], [10, 0], [0, 0]]]}
    x, y = label_point(crescent)
    assert _inside(x, y, crescent["coordinates"][0])


def test_short_names() -> None:
    assert short_name("Xã Vũ Lễ") == "Vũ Lễ"
    assert short_name("Thị trấn Bắc Sơn") == "TT. Bắc Sơn"
    assert short_name("Khác") == "Khác"


# --- indicators ---------------------------------------------------------------------------


def test_indicator_values_mini(mini_store: Store) -> None:
    units, _ = frames(mini_store, YEAR_2024)
    by = units.set_index("unit_code")
    got = {key: indicator_values(units, key).set_axis(units["unit_code"]).to_dict()
           for key in INDICATORS}
    # Hand-computed from tests/fixtures/mini for 2024.
    assert got["outreach_sessions"] == {"00001": 1, "00002": 1, "00003": 2}
    assert got["patrols"] == {"00001": 0, "00002": 3, "00003": 0}
    assert got["patrol_participants"] == {"00001": 0, "00002": 23, "00003": 0}
    assert got["attendees_per_100"]["00001"] == pytest.approx(30.0)  # 120 of 400 people
    assert got["attendees_per_100"]["00002"] == pytest.approx(7000 / 510, abs=1e-3)
    assert got["commitment_share"]["00002"] == pytest.approx(6000 / 130, abs=1e-3)
    assert got["commitment_share"]["00001"] == 0
    assert got["incidents_per_1000"]["00001"] == pytest.approx(2.5)  # 1 incident, 400 people
    assert got["incidents_per_1000"]["00003"] == pytest.approx(1000 / 390, abs=1e-3)
    assert list(by.index) == ["00001", "00002", "00003"]
    assert INDICATORS["commitment_share"].format(46.1538) == "46,2%"
    assert INDICATORS["incidents_per_1000"].format(2.5) == "2,50"


def test_indicator_zero_population_is_blank() -> None:
    frame = pd.DataFrame({"incidents": [3], "population": [0]})
    assert indicator_values(frame, "incidents_per_1000").isna().all()


# --- figures ------------------------------------------------------------------------------


@pytest.mark.parametrize("filters, polygons", [(YEAR_2024, 18), (YEAR_2025, 6)])
def test_map_figure_sample_polygons_points_values(sample_store: Store, filters: Filters,
                                                   polygons: int) -> None:
    units, villages = frames(sample_store, filters)
    boundaries = load_boundaries(sample_store.data_dir, filters.unit_set)
    for key, indicator in INDICATORS.items():
        fig = map_figure(units, villages, boundaries, key, title="t",
                         outline=load_outline(sample_store.data_dir))
        trace = main_trace(fig)
        assert len(trace.locations) == polygons
        assert len(trace.geojson["features"]) == polygons
        assert {f["properties"]["code"] for f in trace.geojson["features"]} == set(
            trace.locations)
        expected = indicator.values(units).set_axis(units["unit_code"])
        assert dict(zip(trace.locations, trace.z)) == pytest.approx(expected.to_dict())
        assert trace.colorbar.title.text == indicator.bar_title
        assert village_points(fig) == 148  # every sample village has coordinates
        # Nothing out of scope, so no grey context polygons.
        assert [t.name for t in fig.data if t.type == "choropleth"] == [indicator.label]
        # Every commune's name is printed on the map, at its label point.
        assert sorted(name_labels(fig)) == sorted(
            short_name(n) for n in boundaries.names.values())


def test_map_figure_draws_offline_only(sample_store: Store) -> None:
    units, villages = frames(sample_store, YEAR_2024)
    boundaries = load_boundaries(sample_store.data_dir, "2024")
    fig = map_figure(units, villages, boundaries, "patrols", title="t", focus="06340",
                     outline=load_outline(sample_store.data_dir))
    layout = fig.layout.to_plotly_json()
    # SVG geo traces only: no MapLibre map (its text layers and styles fetch glyphs, tiles).
    assert "map" not in layout and "mapbox" not in layout
    assert {t.type for t in fig.data} == {"choropleth", "scattergeo"}
    assert layout["geo"]["visible"] is False  # no base map: only our polygons
    names = [t for t in fig.data if t.type == "scattergeo" and t.mode == "text"]
    # the communes' names, and drilled down the villages' (issue 28)
    assert [t.name for t in names] == [NAMES_TRACE, village_names.NAMES_TRACE]
    assert "<b>Tân Tri</b>" in names[0].text  # the focused commune's name, in bold
    assert layout["separators"] == ",."


def test_map_figure_status_layers_and_hovers(sample_store: Store) -> None:
    units, villages = frames(sample_store, YEAR_2024)
    boundaries = load_boundaries(sample_store.data_dir, "2024")
    fig = map_figure(units, villages, boundaries, "outreach_sessions", title="t")
    status = village_status(villages).value_counts().to_dict()
    fills = {t.legendgroup: t for t in village_traces(fig)}
    rings = {t.legendgroup: t for t in fig.data if t.name.endswith("(viền)")}
    assert {k: len(t.lon) for k, t in fills.items()} == status
    assert {k: len(t.lon) for k, t in rings.items()} == status
    for key, fill in fills.items():
        assert fill.marker.color == STATUS_STYLE[key][0]
        # The ring is a bigger circle underneath: drawn before the fill, 3 px larger.
        assert list(rings[key].marker.size) == [s + 3 for s in fill.marker.size]
        assert fig.data.index(rings[key]) < fig.data.index(fill)
    # Hovers: Vietnamese figures with vi-VN numbers, taken from the query's row.
    trace = main_trace(fig)
    row = units.set_index("unit_code").loc["06325"]
    hover = trace.hovertext[list(trace.locations).index("06325")]
    assert f"<b>{row.unit_name}</b>" in hover
    assert f"Dân số: {number(row.population)} người" in hover
    assert row.population >= 1000 and "." in number(row.population)
    assert f"Số buổi tuyên truyền: {number(row.outreach_sessions)}</b>" in hover


def test_map_figure_scope_and_focus(sample_store: Store) -> None:
    filters = Filters(unit_set="2024", communes=("06340", "06331"), year=2024)
    units, villages = frames(sample_store, filters)
    boundaries = load_boundaries(sample_store.data_dir, "2024")
    fig = map_figure(units, villages, boundaries, "patrols", title="t")
    assert sorted(main_trace(fig).locations) == ["06331", "06340"]
    context = next(t for t in fig.data if t.name == "Ngoài phạm vi lọc")
    assert len(context.locations) == 16 and len(context.geojson["features"]) == 16
    assert village_points(fig) == len(villages) == int(units["villages"].sum())
    district = fig.layout.geo.lonaxis.range

    focused = map_figure(units, villages, boundaries, "patrols", title="t", focus="06340")
    in_commune = villages[villages["unit_code"] == "06340"]
    assert village_points(focused) == len(in_commune) > 0
    assert {c[0] for t in village_traces(focused) for c in t.customdata} == {"06340"}
    lon, lat = focused.layout.geo.lonaxis.range, focused.layout.geo.lataxis.range
    assert lon[1] - lon[0] < district[1] - district[0]  # zoomed in from the two communes
    min_lon, min_lat, max_lon, max_lat = boundaries.bboxes["06340"]
    assert lon[0] < min_lon < max_lon < lon[1] and lat[0] < min_lat < max_lat < lat[1]
    assert any(t.name == "Xã đang xem" for t in focused.data)


def test_unreported_legend_hovers_and_drilled_village_names(sample_store: Store) -> None:
    # Issue 28: no legend said what grey means; villages of a commune that has not reported
    # said "Tuần tra: 0 lượt"; a drilled-down map named no village.
    units, villages = frames(sample_store, YEAR_2024)
    boundaries = load_boundaries(sample_store.data_dir, "2024")
    fig = map_figure(units, villages, boundaries, "patrols", title="t", unreported={"06340"})
    legend = [t for t in fig.data if t.name == "Xã chưa báo cáo"]
    assert len(legend) == 1 and legend[0].marker.color == UNREPORTED_FILL
    assert legend[0].showlegend is not False
    hovers = {c[0]: h for t in village_traces(fig) for c, h in zip(t.customdata, t.hovertext)}
    assert "Chưa báo cáo: xã chưa có số liệu của kỳ này" in hovers["06340"]
    assert "Tuần tra" not in hovers["06340"]
    assert "Tuần tra" in hovers["06331"]
    assert not any(t.name == "Xã chưa báo cáo" for t in map_figure(
        units, villages, boundaries, "patrols", title="t").data)

    focused = map_figure(units, villages, boundaries, "patrols", title="t", focus="06340")
    names = [t for t in focused.data if t.name == village_names.NAMES_TRACE]
    assert len(names) == 1
    in_commune = villages[villages["unit_code"] == "06340"]
    shown = list(names[0].text)
    assert 0 < len(shown) <= len(in_commune)
    assert set(shown) <= set(in_commune["village_name"])
    assert not any(t.name == village_names.NAMES_TRACE for t in fig.data)  # district: none


def test_map_figure_skips_units_without_polygons(mini_store: Store) -> None:
    write_mini_geo(mini_store.data_dir)
    units, villages = frames(mini_store, YEAR_2024)
    boundaries = load_boundaries(mini_store.data_dir, "2024")
    fig = map_figure(units, villages, boundaries, "attendees_per_100", title="t")
    trace = main_trace(fig)
    assert list(trace.locations) == ["00001", "00002"]
    assert list(trace.z) == pytest.approx([30.0, 7000 / 510], abs=1e-3)
    assert trace.hovertext[0].endswith("<b>Lượt người dự tuyên truyền trên 100 dân: 30,0</b>")
    assert village_points(fig) == 3  # the villages of 00003 have no polygon to sit in
    statuses = {t.legendgroup: len(t.lon) for t in village_traces(fig)}
    assert statuses == {"none": 2, "active": 1}  # Bình An carries model M1


def test_titles_and_scope_labels(sample_store: Store) -> None:
    units, _ = frames(sample_store, YEAR_2024)
    assert scope_label(units, chosen=False) == "toàn bộ 18 xã, thị trấn"
    units25, _ = frames(sample_store, YEAR_2025)
    assert scope_label(units25, chosen=False) == "toàn bộ 6 xã"
    two = units[units["unit_code"].isin(["06340", "06331"])]
    assert scope_label(two, chosen=True) == "Xã Tân Tri, Xã Vạn Thủy"
    assert scope_label(units.head(5), chosen=True) == "5 xã, thị trấn đã chọn"
    assert map_title("patrols", "năm 2024", "toàn bộ 6 xã", "Xã Tân Tri") == (
        "Số cuộc tuần tra, năm 2024 — toàn bộ 6 xã — chi tiết: Xã Tân Tri")


def test_clicked_unit() -> None:
    codes = ["06325", "06340"]
    polygon = {"selection": {"points": [{"location": "06340", "z": 3}]}}
    village = {"selection": {"points": [{"lon": 106.3, "lat": 21.9, "customdata": ["06325"]}]}}
    assert clicked_unit(polygon, codes) == "06340"
    assert clicked_unit(village, codes) == "06325"
    assert clicked_unit({"selection": {"points": []}}, codes) is None
    assert clicked_unit(None, codes) is None
    assert clicked_unit({"selection": {"points": [{"location": "99999"}]}}, codes) is None


def test_village_table_and_csv(mini_store: Store) -> None:
    _, villages = frames(mini_store, YEAR_2024)
    table = village_table(villages[villages["unit_code"] == "00002"], "attendees_per_100")
    assert list(table["Thôn, khối phố"]) == ["Bình An", "Nà Lầu"]
    assert list(table["Mô hình"]) == ["Nhóm đạo bình an thôn Bình An (đang hoạt động)", ""]
    assert list(table["Cuộc tuần tra"]) == [2, 1]
    assert list(table["Lượt người dự tuyên truyền trên 100 dân"]) == [pytest.approx(23.3), 0]
    csv = csv_bytes(table)
    assert csv.startswith(b"\xef\xbb\xbf")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Thôn, khối phố;Loại;Số nhân khẩu;Số hộ;Mô hình")
    assert len(lines) == 3
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, [("Kỳ", "năm 2024")]))).active
    assert [c.value for c in sheet[2]][:2] == ["Bình An", table["Loại"][0]]
    assert sheet.cell(2, 3).value == table["Số nhân khẩu"][0]  # a number, not text
    ended = village_table(villages[villages["village_code"] == "00003-01"], "patrols")
    assert list(ended["Mô hình"]) == ["Tổ tự quản Nà Lầu (đã kết thúc)"]


# --- the page -----------------------------------------------------------------------------


def page(monkeypatch: pytest.MonkeyPatch, data_dir: Path, filters: Filters) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(REPO / "views" / "map.py"), default_timeout=60)
    at.session_state["filters"] = filters
    return at.run()


def chart_spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_page_map_2024(monkeypatch: pytest.MonkeyPatch, sample_dir: Path,
                       sample_store: Store) -> None:
    at = page(monkeypatch, sample_dir, YEAR_2024)
    assert not at.exception
    spec = chart_spec(at)
    main = next(t for t in spec["data"] if t["type"] == "choropleth")
    assert len(main["locations"]) == 18
    units, _ = frames(sample_store, YEAR_2024)
    assert dict(zip(main["locations"], main["z"])) == dict(
        zip(units["unit_code"], units["outreach_sessions"].astype(float)))
    assert spec["layout"]["title"]["text"] == (
        "Số buổi tuyên truyền, năm 2024 — toàn bộ 18 xã, thị trấn")
    assert spec["layout"]["geo"]["visible"] is False
    names = next(t for t in spec["data"] if t.get("name") == NAMES_TRACE)
    assert "Vũ Sơn" in names["text"] and len(names["text"]) == 18
    assert "không đủ chỗ" not in at.caption[1].value  # every name fits: no hover hint
    # The chart is told to take the base map from this server, never Plotly's CDN.
    chart = at.get("plotly_chart")[0].proto
    assert json.loads(chart.config)["topojsonURL"] == "app/static/topojson/"
    assert (REPO / "static" / "topojson" / "world_110m.json").is_file()
    assert at.caption[0].value == ATTRIBUTION
    assert not at.info and not at.dataframe


def test_page_drill_down_2025(monkeypatch: pytest.MonkeyPatch, sample_dir: Path,
                              sample_store: Store) -> None:
    at = page(monkeypatch, sample_dir, YEAR_2025)
    assert len(next(t for t in chart_spec(at)["data"]
                    if t["type"] == "choropleth")["locations"]) == 6
    at.selectbox(key=INDICATOR_KEY).set_value("incidents_per_1000").run()
    at.selectbox(key=COMMUNE_KEY).set_value("06337").run()
    assert not at.exception
    _, villages = frames(sample_store, YEAR_2025)
    mine = villages[villages["unit_code"] == "06337"]
    spec = chart_spec(at)
    assert spec["layout"]["title"]["text"].endswith("— chi tiết: Xã Tân Tri")
    assert spec["layout"]["title"]["text"].startswith("Số vụ việc trên 1.000 dân, năm 2024")
    points = sum(len(t["lon"]) for t in spec["data"]
                 if t["type"] == "scattergeo" and t["name"] in STATUS_LABELS.values())
    assert points == len(mine) == 25
    table = at.dataframe[0].value  # numbers stay numbers: the grid right-aligns them
    assert list(table["Thôn, khối phố"]) == [*mine["village_name"], "Tổng cộng"]
    assert list(table["Vụ việc về ANTT"]) == [*mine["incidents"], mine["incidents"].sum()]
    assert pd.api.types.is_numeric_dtype(table["Số nhân khẩu"])
    assert at.subheader[0].value == "Các thôn, khối phố của Xã Tân Tri — năm 2024"
    # 25 villages: the names that would overlap are left to the hovers, and the page says so
    assert at.caption[1].value.endswith(
        "Tên xã, thôn nào không đủ chỗ in trên bản đồ thì đưa chuột vào để xem.")
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["⬇️ CSV (dấu ;)", "⬇️ Excel"]


def test_page_units_without_boundaries(monkeypatch: pytest.MonkeyPatch, mini_dir: Path) -> None:
    at = page(monkeypatch, mini_dir, YEAR_2024)
    assert not at.exception
    # no polygons: each commune is a point at its centre from communes.csv, and said so
    chart = at.get("plotly_chart")[0].proto.spec
    assert '"customdata":[["00001"],["00002"],["00003"]]' in chart.replace(" ", "")
    assert at.info[0].value == POINT_NOTE
    table = at.dataframe[0].value
    assert list(table["Xã, thị trấn"]) == ["Thị trấn An", "Xã Bình", "Xã Đồng Ý", "Tổng cộng"]
    assert list(table["Buổi tuyên truyền"]) == [1, 1, 2, 4]


def test_page_some_units_without_boundaries(monkeypatch: pytest.MonkeyPatch,
                                            mini_dir: Path) -> None:
    write_mini_geo(mini_dir)
    at = page(monkeypatch, mini_dir, YEAR_2024)
    assert not at.exception
    # the commune with no polygon is a point at its official centre, and the page says so
    assert at.info[0].value == (
        "Chưa có ranh giới, vẽ là một chấm tại tâm xã chính thức: Xã Đồng Ý.")
    main = next(t for t in chart_spec(at)["data"] if t["type"] == "choropleth")
    assert main["locations"] == ["00001", "00002"]
    point = next(t for t in chart_spec(at)["data"] if t.get("name") == CENTRE_NOTE)
    assert point["customdata"] == [["00003"]] and "Xã Đồng Ý" in point["hovertext"][0]


def test_page_click_on_map_drills_down(monkeypatch: pytest.MonkeyPatch,
                                       sample_dir: Path) -> None:
    at = page(monkeypatch, sample_dir, YEAR_2024)
    # What st.plotly_chart(on_select="rerun") stores for a click on a polygon.
    at.session_state[chart_key("")] = {"selection": {"points": [{"location": "06340"}]}}
    at.run()
    assert not at.exception
    assert at.selectbox(key=COMMUNE_KEY).value == "06340"
    assert chart_spec(at)["layout"]["title"]["text"].endswith("— chi tiết: Xã Tân Tri")


def test_small_map_figure(monkeypatch: pytest.MonkeyPatch, sample_dir: Path,
                          mini_dir: Path) -> None:
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    fig = small_map_figure(YEAR_2025)
    assert len(main_trace(fig).locations) == 6
    assert fig.layout.height == SMALL_HEIGHT and fig.layout.showlegend is False
    assert fig.layout.title.text == "Số buổi tuyên truyền<br>năm 2024 — toàn bộ 6 xã"
    assert village_points(fig) == 148
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    points = small_map_figure(YEAR_2024)  # no boundaries for the mini district: points
    assert [list(p) for p in points.data[0].customdata] == [["00001"], ["00002"], ["00003"]]
    assert list(points.data[0].lat) == [21.9, 21.91, 21.8]


@pytest.mark.parametrize(("top", "decimals", "ticks"), [
    (1, 0, ["0", "1"]),  # was "0, 0, 0, 1, 1, 1" with a ",.0f" format on auto ticks
    (0, 0, ["0", "1"]),
    (7, 0, ["0", "2", "4", "6", "8"]),
    (1386, 0, ["0", "500", "1.000", "1.500"]),
    (0.56, 2, ["0", "0,2", "0,4", "0,6"]),
    (0.9, 1, ["0", "0,25", "0,5", "0,75", "1"]),
])
def test_colour_ticks_distinct_round_and_vi(top, decimals, ticks) -> None:
    zmax, values, texts = colour_ticks(top, decimals)
    assert texts == ticks
    assert len(set(values)) == len(values) and values[0] == 0 and zmax == values[-1] >= top


def test_map_colour_bar_ticks_are_distinct(sample_store: Store) -> None:
    f = Filters(unit_set="2025", communes=("06349",), period_kind="month", year=2024,
                number=10)
    units, villages = frames(sample_store, f)
    boundaries = load_boundaries(sample_store.data_dir, "2025")
    fig = map_figure(units, villages, boundaries, "patrols", title="t")
    main = main_trace(fig)
    bar = main.colorbar
    assert len(set(bar.ticktext)) == len(bar.ticktext) >= 2
    assert main.zmax == bar.tickvals[-1] >= max(main.z)


def test_village_file_stem_names_the_commune() -> None:
    f = Filters(unit_set="2025", period_kind="year", year=2024)
    stem = village_file_stem(f, "06349", {"06349": "Xã Hưng Vũ"})
    assert stem == "cac-thon_2024-01-01_2024-12-31_dv2025_xa-hung-vu"
