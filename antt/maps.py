"""Offline maps: commune boundaries, the indicator catalogue and Plotly map figures.

Maps are Plotly geo subplots (`Choropleth`, `Scattergeo`) drawn as SVG in the page: commune
names are SVG text at each polygon's label point, readable without hovering, and nothing is
fetched from the internet (MapLibre's text layers would download glyphs from a CDN). A geo
subplot asks for a base-map topojson even with its base layers hidden: the charts point
Plotly's `topojsonURL` at the stub this app serves itself (static/topojson/, see CHART_CONFIG
in antt/ui/maps.py). The view is set by longitude/latitude ranges, so the district fills the
chart at any width (1366 px or 768 px), and model status is shown by colour and an outline ring.

Pure functions: frames in (rows of queries/activities_by_unit.sql and activities_by_village.sql),
figures out. No streamlit, no queries: antt/ui/maps.py fetches the data.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from antt import config
from antt.dashboard import COLUMN_LABELS, unit_label
from antt.escape import html_text
from antt.fmt import number, vi_sorted

ATTRIBUTION = (
    "Ranh giới xã: M. Choisy, vietnam63 (MIT), từ dữ liệu hành chính 1:250.000 (2013)"
)
BOUNDARY_FILES = {
    "2024": "bac_son_communes_2024.geojson",
    "2025": "bac_son_communes_2025.geojson",
}
OUTLINE_FILE = "bac_son_district_outline.geojson"

PAGE_HEIGHT, SMALL_HEIGHT = 600, 340
VIEW_PADDING = 0.04  # of the shown extent, on each side
LIGHT_TEXT, DARK_TEXT = "#ffffff", "#1a1a1a"
DARK_FILL_SHARE = 0.55  # names on fills darker than this share of the colour scale are white

NAMES_TRACE = "Tên xã"
OUT_OF_SCOPE_FILL = "#e6e8eb"
UNREPORTED_FILL = "#9aa0a6"  # darker than out of scope: in scope, but no report
POLYGON_EDGE = "#ffffff"
OUTLINE_COLOUR = "#37474f"
FOCUS_COLOUR = "#111111"

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


# --- boundaries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Boundaries:
    """The commune polygons of one unit set; `features` keyed by unit code (read-only)."""

    path: Path
    features: Mapping[str, dict]
    names: Mapping[str, str]
    bboxes: Mapping[str, BBox]
    labels: Mapping[str, tuple[float, float]]  # (lon, lat) inside each polygon, for its name

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.features)

    def collection(self, codes: Iterable[str]) -> dict:
        """A FeatureCollection of the given codes (unknown codes are skipped)."""
        return {
            "type": "FeatureCollection",
            "features": [self.features[c] for c in codes if c in self.features],
        }

    def bbox(self, codes: Iterable[str] | None = None) -> BBox:
        """Bounds of the given codes' polygons (all polygons when None)."""
        boxes = [self.bboxes[c] for c in (self.features if codes is None else codes)
                 if c in self.bboxes]
        if not boxes:
            boxes = list(self.bboxes.values())
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


def _positions(coords) -> Iterable[tuple[float, float]]:
    if coords and isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
        return
    for part in coords:
        yield from _positions(part)


def _bbox_of(geometry: dict) -> BBox:
    points = list(_positions(geometry["coordinates"]))
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


@lru_cache(maxsize=16)
def _read_boundaries(path: str, mtime_ns: int, size: int) -> Boundaries:
    # Keyed by mtime and size, so a replaced file is read again at the next call.
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    features: dict[str, dict] = {}
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        code = str(props.get("code") or feature.get("id") or "")
        if not code or feature.get("geometry") is None:
            continue
        # featureidkey="properties.code" needs the code as text in properties.
        features[code] = {**feature, "id": code, "properties": {**props, "code": code}}
    return Boundaries(
        path=Path(path),
        features=features,
        names={c: str(f["properties"].get("name", c)) for c, f in features.items()},
        bboxes={c: _bbox_of(f["geometry"]) for c, f in features.items()},
        labels={c: label_point(f["geometry"]) for c, f in features.items()},
    )


def _load(path: Path) -> Boundaries | None:
    try:
        stat = path.stat()
        boundaries = _read_boundaries(str(path), stat.st_mtime_ns, stat.st_size)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None  # missing or unreadable: the page shows a note, not a broken map
    return boundaries if boundaries.features else None


def load_boundaries(data_dir: Path | None, unit_set: str) -> Boundaries | None:
    """The commune polygons of a unit set ('2024' or '2025') from `<data_dir>/geo/`, or None
    when the file is missing or unreadable. Cached by path, mtime and size."""
    name = BOUNDARY_FILES.get(unit_set)
    if name is None:
        return None
    return _load(config.geo_dir(data_dir) / name)


def load_outline(data_dir: Path | None) -> Boundaries | None:
    """The district outline (drawn as a line around the communes), or None."""
    return _load(config.geo_dir(data_dir) / OUTLINE_FILE)


def _outer_rings(geometry: dict) -> list[list]:
    polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                else geometry["coordinates"])
    return [polygon[0] for polygon in polygons if polygon and polygon[0]]


def _ring_area_centroid(ring: list) -> tuple[float, float, float]:
    """Signed area and centroid of a ring (shoelace; lon/lat are fine at commune scale)."""
    area = cx = cy = 0.0
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area / 2, cx / (3 * area), cy / (3 * area)


def _inside(x: float, y: float, ring: list) -> bool:
    hit = False
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _edge_distance(x: float, y: float, ring: list) -> float:
    best = math.inf
    for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:] + ring[:1]):
        dx, dy = x1 - x0, y1 - y0
        t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy)
                                                    / (dx * dx + dy * dy)))
        best = min(best, math.hypot(x - x0 - t * dx, y - y0 - t * dy))
    return best


def label_point(geometry: dict) -> tuple[float, float]:
    """Where a polygon's name goes: the centroid of its largest ring when that lies well
    inside, otherwise the point of a 12 x 12 grid inside the ring farthest from its edges
    (a crescent-shaped commune's centroid can fall in its neighbour)."""
    rings = _outer_rings(geometry)
    ring = max(rings, key=lambda r: abs(_ring_area_centroid(r)[0]))
    _, cx, cy = _ring_area_centroid(ring)
    min_x, min_y, max_x, max_y = _bbox_of({"coordinates": ring})
    size = min(max_x - min_x, max_y - min_y)
    if _inside(cx, cy, ring) and _edge_distance(cx, cy, ring) > size / 6:
        return round(cx, 5), round(cy, 5)
    best, where = -1.0, (cx, cy)
    for i in range(1, 12):
        for j in range(1, 12):
            x = min_x + (max_x - min_x) * i / 12
            y = min_y + (max_y - min_y) * j / 12
            if _inside(x, y, ring) and (d := _edge_distance(x, y, ring)) > best:
                best, where = d, (x, y)
    return round(where[0], 5), round(where[1], 5)


def view_ranges(bbox: BBox, padding: float = VIEW_PADDING) -> dict[str, dict]:
    """Geo lonaxis/lataxis ranges showing `bbox` with a margin: Plotly fits them to the
    chart's size, so the same figure fills a wide page and a narrow one."""
    min_lon, min_lat, max_lon, max_lat = bbox
    dx = max(max_lon - min_lon, 1e-3) * padding
    dy = max(max_lat - min_lat, 1e-3) * padding
    return {"lonaxis": {"range": [round(min_lon - dx, 5), round(max_lon + dx, 5)]},
            "lataxis": {"range": [round(min_lat - dy, 5), round(max_lat + dy, 5)]}}


def short_name(name: str) -> str:
    """The name as printed on a map: 'Xã Vũ Lễ' -> 'Vũ Lễ', 'Thị trấn Bắc Sơn' -> 'TT. Bắc Sơn'
    (the hover and the tables keep the full name)."""
    for prefix, short in (("Thị trấn ", "TT. "), ("Xã ", ""), ("Phường ", "P. ")):
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name


# --- indicators ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    """A figure per commune or village: numerator (per `scale` of denominator when given)."""

    key: str
    label: str  # names the measure in titles and tables
    bar_title: str  # colour-bar title (short, may hold <br>)
    numerator: str  # column of activities_by_unit / activities_by_village
    denominator: str | None = None
    scale: float = 1.0
    decimals: int = 0
    colours: tuple[str, str] = ("#c6dbef", "#08306b")  # light -> dark, never white
    note: str = ""

    def values(self, frame: pd.DataFrame) -> pd.Series:
        """The figure for each row (NaN when the denominator is 0)."""
        top = frame[self.numerator].astype("float64")
        if self.denominator is None:
            return top
        bottom = frame[self.denominator].astype("float64")
        return (top * self.scale / bottom.where(bottom > 0)).round(self.decimals + 3)

    def format(self, value: float | None) -> str:
        text = number(value, self.decimals)
        return f"{text}%" if self.scale == 100 and self.denominator == "households" else text


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in (
        Indicator("outreach_sessions", "Số buổi tuyên truyền", "Buổi tuyên<br>truyền",
                  "outreach_sessions"),
        Indicator("attendees_per_100", "Lượt người dự tuyên truyền trên 100 dân",
                  "Lượt người dự<br>/100 dân", "outreach_attendees", "population", 100, 1),
        Indicator("patrols", "Số cuộc tuần tra", "Cuộc<br>tuần tra", "patrols",
                  colours=("#c7e9c0", "#00441b")),
        Indicator("patrol_participants", "Lượt người tham gia tuần tra",
                  "Lượt người<br>tuần tra", "patrol_participants",
                  colours=("#c7e9c0", "#00441b")),
        Indicator("commitment_share", "Tỷ lệ hộ ký cam kết (lượt hộ ký trên tổng số hộ)",
                  "Hộ ký<br>cam kết (%)", "commitment_households", "households", 100, 1,
                  colours=("#dadaeb", "#3f007d"),
                  note="Lượt hộ ký trong kỳ trên tổng số hộ: vượt 100% khi hộ ký nhiều lần."),
        Indicator("incidents_per_1000", "Số vụ việc trên 1.000 dân", "Vụ việc<br>/1.000 dân",
                  "incidents", "population", 1000, 2, colours=("#fdd0a2", "#7f2704")),
    )
}
DEFAULT_INDICATOR = "outreach_sessions"


def colour_ticks(top: float, decimals: int) -> tuple[float, list[float], list[str]]:
    """(zmax, tick values, tick texts) of a colour bar from 0 to at least `top`: round steps
    (1, 2, 2,5 or 5 times a power of ten, never finer than the indicator's decimals), so
    every tick is distinct ("0, 1" rather than "1, 1, 1, 0, 0, 0" for a small range), the
    bar ends on a tick, and the texts are vi-VN ("0,5", "1.000")."""
    finest = 10.0 ** -decimals
    raw = max(top, finest) / 4  # about four steps
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    step = max(step, finest)
    if decimals == 0 or step >= 1:
        step = max(1.0, round(step))
    count = max(1, math.ceil(round(top / step, 9)))
    values = [round(i * step, 6) for i in range(count + 1)]
    places = next(p for p in range(7) if abs(step * 10**p - round(step * 10**p)) < 1e-6)
    return values[-1], values, [_tick_text(v, places) for v in values]


def _tick_text(value: float, places: int) -> str:
    """vi-VN with only the decimals the value needs: '0', '0,5', '0,25', '1.000'."""
    text = number(value, places)
    return text.rstrip("0").rstrip(",") if "," in text else text


def indicator_values(frame: pd.DataFrame, key: str) -> pd.Series:
    """The chosen indicator for each row of a unit or village frame."""
    return INDICATORS[key].values(frame)


# --- hovers, titles, tables ---------------------------------------------------------------


def unit_hover(row) -> str:
    return "<br>".join([
        f"<b>{html_text(row.unit_name)}</b>",
        f"Dân số: {number(row.population)} người, {number(row.households)} hộ, "
        f"{number(row.villages)} thôn/khối phố",
        f"Mô hình đang hoạt động: {number(row.active_models)}",
        f"Tuyên truyền: {number(row.outreach_sessions)} buổi, "
        f"{number(row.outreach_attendees)} lượt người",
        f"Tuần tra: {number(row.patrols)} lượt, {number(row.patrol_participants)} lượt người",
        f"Ký cam kết: {number(row.commitments)} lần, {number(row.commitment_households)} lượt hộ",
        f"Hòa giải: {number(row.mediations)} vụ ({number(row.mediations_successful)} thành)",
        f"Vụ việc về ANTT: {number(row.incidents)}",
    ])


def village_status(frame: pd.DataFrame) -> pd.Series:
    """'active' (a model active at the period's end), 'ended' (only ended ones) or 'none'."""
    status = pd.Series("none", index=frame.index)
    status[frame["ended_models"] > 0] = "ended"
    status[frame["active_models"] > 0] = "active"
    return status


STATUS_LABELS = {
    "active": "Thôn có mô hình đang hoạt động",
    "ended": "Thôn có mô hình đã kết thúc",
    "none": "Thôn chưa có mô hình",
}
# (fill, ring): the ring is a second, larger circle drawn underneath.
STATUS_STYLE = {
    "active": ("#d50000", "#ffffff"),
    "ended": ("#ffb300", "#4e342e"),
    "none": ("#eceff1", "#455a64"),  # not pure white: the legend dot must show on white
}


def village_hover(row, status: str) -> str:
    models = {"active": "đang hoạt động", "ended": "đã kết thúc"}.get(status)
    # Names from the data files go in as HTML text: Plotly draws a subset of HTML in hovers.
    lines = [f"<b>{html_text(row.village_name)}</b> ({html_text(row.unit_name)})",
             f"Dân số: {number(row.population)} người, {number(row.households)} hộ"]
    if models:
        lines.append(f"Mô hình ({models}): {html_text(row.model_names)}")
    lines += [
        f"Tuyên truyền: {number(row.outreach_sessions)} buổi, "
        f"{number(row.outreach_attendees)} lượt người",
        f"Tuần tra: {number(row.patrols)} lượt, {number(row.patrol_participants)} lượt người",
        f"Ký cam kết: {number(row.commitment_households)} lượt hộ",
        f"Hòa giải: {number(row.mediations)} vụ; vụ việc về ANTT: {number(row.incidents)}",
    ]
    return "<br>".join(lines)


def activity_count(frame: pd.DataFrame) -> pd.Series:
    """Activities held in a village in the period: what the point size shows."""
    return (frame["outreach_sessions"] + frame["patrols"] + frame["commitments"]
            + frame["mediations"]).astype("int64")


def scope_label(units: pd.DataFrame, chosen: bool) -> str:
    """'18 xã, thị trấn', '6 xã', or the chosen units' names when few."""
    names = list(units["unit_name"])
    if chosen and 0 < len(names) <= 3:
        return ", ".join(names)
    towns = sum(1 for n in names if str(n).startswith("Thị trấn"))
    kinds = "xã, thị trấn" if towns else "xã"
    prefix = "" if chosen else "toàn bộ "
    return f"{prefix}{number(len(names))} {kinds}" + (" đã chọn" if chosen else "")


def map_title(indicator: str, period_label: str, scope: str, focus_name: str | None = None,
              two_lines: bool = False) -> str:
    """'Số buổi tuyên truyền, năm 2024 — toàn bộ 18 xã, thị trấn' (+ the drilled commune).
    `two_lines` breaks after the indicator, for narrow maps (Plotly titles do not wrap)."""
    text = (f"{INDICATORS[indicator].label}{'<br>' if two_lines else ', '}{period_label} — "
            f"{html_text(scope)}")
    if focus_name:
        text += f" — chi tiết: {html_text(focus_name)}"
    return text


# The same headers as every other table (dashboard.COLUMN_LABELS), so a figure reads the same
# on the map page as on the others; "models" is the map's text of names with their status.
_LABELS = {**COLUMN_LABELS, "models": COLUMN_LABELS["model_names"]}
VILLAGE_COLUMNS = {c: _LABELS[c] for c in (
    "village_name", "village_kind", "population", "households", "models",
    "outreach_sessions", "outreach_attendees", "patrols", "patrol_participants",
    "commitment_households", "mediations", "incidents",
)}


def village_table(villages: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The villages' figures with Vietnamese headers; numbers stay numbers (antt.ui.tables
    formats them on screen, antt.ui.downloads writes the CSV and Excel files)."""
    ind = INDICATORS[indicator]
    status = village_status(villages)
    models = [
        "" if s == "none" else f"{n} ({'đang hoạt động' if s == 'active' else 'đã kết thúc'})"
        for n, s in zip(villages["model_names"].fillna(""), status)
    ]
    table = villages.assign(models=models)[list(VILLAGE_COLUMNS)].rename(columns=VILLAGE_COLUMNS)
    if ind.denominator is not None:
        table[ind.label] = ind.values(villages).round(ind.decimals)
    return table.reset_index(drop=True)


UNIT_COLUMNS = {c: _LABELS[c] for c in (
    "unit_name", "villages", "population", "households", "active_models",
    "outreach_sessions", "outreach_attendees", "patrols", "patrol_participants",
    "commitment_households", "mediations", "incidents",
)}


def unit_table(units: pd.DataFrame, indicator: str, unit_set: str = "2024") -> pd.DataFrame:
    """The units' figures with Vietnamese headers, plus the indicator when it is a rate."""
    ind = INDICATORS[indicator]
    headers = {**UNIT_COLUMNS, "unit_name": unit_label(unit_set)}
    table = units[list(headers)].rename(columns=headers)
    if ind.denominator is not None:
        table[ind.label] = ind.values(units).round(ind.decimals)
    return table.reset_index(drop=True)


# --- figures ------------------------------------------------------------------------------


def _ring_lines(boundaries: Boundaries, codes: Iterable[str]) -> tuple[list, list]:
    """Exterior rings of the polygons as one line path (None separates rings)."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    for code in codes:
        geometry = boundaries.features[code]["geometry"]
        polygons = ([geometry["coordinates"]] if geometry["type"] == "Polygon"
                    else geometry["coordinates"])
        for polygon in polygons:
            ring = polygon[0]
            lons += [p[0] for p in ring] + [None]
            lats += [p[1] for p in ring] + [None]
    return lons, lats


def _point_sizes(counts: pd.Series, small: bool) -> pd.Series:
    top = max(int(counts.max()) if len(counts) else 0, 1)
    low, span = (4, 9) if small else (6, 16)
    return (low + span * (counts.clip(lower=0) / top) ** 0.5).round(1)


def map_figure(
    units: pd.DataFrame,
    villages: pd.DataFrame,
    boundaries: Boundaries,
    indicator: str,
    *,
    title: str,
    focus: str | None = None,
    outline: Boundaries | None = None,
    height: int = PAGE_HEIGHT,
    small: bool = False,
    unreported: Collection[str] = (),
) -> go.Figure:
    """The commune choropleth of `indicator` with village points on top.

    `unreported`: unit codes that have not reported the period; drawn grey with "chưa báo
    cáo" in the hover instead of a pale 0 that reads as "did nothing".

    `units`/`villages`: rows of activities_by_unit / activities_by_village for the filters.
    Polygons of the file that are out of scope are drawn grey for context. Every polygon has
    its name printed on it. With `focus` (a unit code), the view zooms to that commune,
    outlines it and shows only its villages.
    """
    ind = INDICATORS[indicator]
    in_map = units[units["unit_code"].isin(boundaries.codes)]
    silent = in_map[in_map["unit_code"].isin(unreported)].reset_index(drop=True)
    mapped = in_map[~in_map["unit_code"].isin(unreported)].reset_index(drop=True)
    values = ind.values(mapped)
    fig = go.Figure()

    context = vi_sorted(boundaries.codes - set(mapped["unit_code"]), key=boundaries.names.get)
    if context:
        fig.add_trace(go.Choropleth(
            name="Ngoài phạm vi lọc",
            geojson=boundaries.collection(context),
            featureidkey="properties.code",
            locations=context,
            z=[0] * len(context),
            colorscale=[[0, OUT_OF_SCOPE_FILL], [1, OUT_OF_SCOPE_FILL]],
            showscale=False,
            marker={"line": {"color": POLYGON_EDGE, "width": 1}},
            hovertext=[f"<b>{html_text(boundaries.names[c])}</b><br>Ngoài phạm vi lọc"
                       for c in context],
            hovertemplate="%{hovertext}<extra></extra>",
        ))

    top = float(values.max()) if values.notna().any() else 0.0
    zmax, tickvals, ticktext = colour_ticks(top, ind.decimals)
    fig.add_trace(go.Choropleth(
        name=ind.label,
        geojson=boundaries.collection(mapped["unit_code"]),
        featureidkey="properties.code",
        locations=list(mapped["unit_code"]),
        z=list(values),
        zmin=0,
        zmax=zmax,
        colorscale=[[0, ind.colours[0]], [1, ind.colours[1]]],
        # Drilled down: the other communes fade, so the chosen one stands out.
        marker={"line": {"color": POLYGON_EDGE, "width": 1},
                "opacity": 0.9 if focus is None else
                [0.9 if c == focus else 0.35 for c in mapped["unit_code"]]},
        # Inside the figure, right of the map's domain: never cut off by a narrow page.
        colorbar={
            "title": {"text": ind.bar_title, "side": "top",
                      "font": {"size": 11 if small else 13}},
            "tickvals": tickvals, "ticktext": ticktext, "thickness": 12 if small else 16,
            "len": 0.9, "x": 1.0, "xanchor": "right", "xpad": 4,
        },
        hovertext=[
            f"{unit_hover(row)}<br><b>{ind.label}: {ind.format(v)}</b>"
            for row, v in zip(mapped.itertuples(), values)
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    ))

    if len(silent):  # after the indicator's trace: that one stays the first choropleth
        fig.add_trace(go.Choropleth(
            name="Chưa báo cáo",
            geojson=boundaries.collection(silent["unit_code"]),
            featureidkey="properties.code",
            locations=list(silent["unit_code"]),
            z=[0] * len(silent),
            colorscale=[[0, UNREPORTED_FILL], [1, UNREPORTED_FILL]],
            showscale=False,
            marker={"line": {"color": POLYGON_EDGE, "width": 1}, "opacity": 0.9},
            hovertext=[f"<b>{html_text(boundaries.names.get(c, n))}</b><br>Chưa báo cáo: chưa "
                       "có số liệu của kỳ này" for c, n in zip(silent["unit_code"],
                                                              silent["unit_name"], strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))

    if outline is not None:
        lons, lats = _ring_lines(outline, outline.codes)
        fig.add_trace(go.Scattergeo(
            name="Ranh giới huyện", lon=lons, lat=lats, mode="lines",
            line={"color": OUTLINE_COLOUR, "width": 1.5}, hoverinfo="skip", showlegend=False,
        ))
    if focus is not None and focus in boundaries.codes:
        lons, lats = _ring_lines(boundaries, [focus])
        fig.add_trace(go.Scattergeo(
            name="Xã đang xem", lon=lons, lat=lats, mode="lines",
            line={"color": FOCUS_COLOUR, "width": 3}, hoverinfo="skip", showlegend=False,
        ))

    # Points only where their commune is drawn: the view is fitted to the polygons.
    _add_villages(fig, villages[villages["unit_code"].isin(boundaries.codes)], focus, small)
    _add_names(fig, boundaries, mapped, values, zmax, context, focus, small)  # on top

    top_margin = 58 if small else 64  # title (and legend) sit above the map area
    view_codes = [focus] if focus in boundaries.codes else list(in_map["unit_code"])
    geo = {"visible": False, "projection": {"type": "mercator"}, "bgcolor": "rgba(0,0,0,0)",
           # room on the right for the colour bar
           "domain": {"x": [0, 0.8 if small else 0.88], "y": [0, 1]},
           **view_ranges(boundaries.bbox(view_codes or None))}
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left",
               "font": {"size": 13 if small else 16}},
        height=height,
        margin={"l": 0, "r": 0, "t": top_margin, "b": 0},
        separators=",.",
        geo=geo,
        showlegend=not small,
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)", "font": {"size": 12}},
        hoverlabel={"align": "left", "bgcolor": "#ffffff", "font": {"color": "#1a1a1a"}},
        uirevision=f"{focus}-{indicator}",
        clickmode="event+select",
    )
    return fig


def _add_names(fig: go.Figure, boundaries: Boundaries, mapped: pd.DataFrame,
               values: pd.Series, zmax: float, context: list[str], focus: str | None,
               small: bool) -> None:
    """Each commune's short name at its label point, as SVG text (no glyph download): white
    on dark fills, dark elsewhere; drilled down, only the chosen commune's name is bold."""
    codes, colours = [], []
    for code, value in zip(mapped["unit_code"], values):
        dark = focus in (None, code) and pd.notna(value) and value / zmax > DARK_FILL_SHARE
        codes.append(code)
        colours.append(LIGHT_TEXT if dark else DARK_TEXT)
    codes += context
    colours += [DARK_TEXT] * len(context)
    if not codes:
        return
    names = [short_name(boundaries.names[c]) for c in codes]
    fig.add_trace(go.Scattergeo(
        name=NAMES_TRACE, lon=[boundaries.labels[c][0] for c in codes],
        lat=[boundaries.labels[c][1] for c in codes], mode="text",
        text=[f"<b>{html_text(n)}</b>" if c == focus else html_text(n)
              for c, n in zip(codes, names)],
        # "auto": an outline in the opposite shade, so a name stays readable over a point.
        textfont={"size": 10 if small else 12, "color": colours, "shadow": "auto"},
        hoverinfo="skip", showlegend=False,
    ))


def _add_villages(fig: go.Figure, villages: pd.DataFrame, focus: str | None, small: bool
                  ) -> None:
    """Village points, one trace pair per model status: a ring circle under a fill circle."""
    shown = villages if focus is None else villages[villages["unit_code"] == focus]
    shown = shown[shown["lat"].notna() & shown["lon"].notna()]
    if shown.empty:
        return
    status = village_status(shown)
    sizes = _point_sizes(activity_count(shown), small)
    for key in ("none", "ended", "active"):  # models drawn last, on top
        part = shown[status == key]
        if part.empty:
            continue
        fill, ring = STATUS_STYLE[key]
        size = sizes[part.index]
        fig.add_trace(go.Scattergeo(
            name=f"{STATUS_LABELS[key]} (viền)", legendgroup=key, showlegend=False,
            lon=list(part["lon"]), lat=list(part["lat"]), mode="markers",
            marker={"size": list(size + 3), "color": ring}, hoverinfo="skip",
        ))
        fig.add_trace(go.Scattergeo(
            name=STATUS_LABELS[key], legendgroup=key,
            lon=list(part["lon"]), lat=list(part["lat"]), mode="markers",
            marker={"size": list(size), "color": fill},
            customdata=[[c] for c in part["unit_code"]],
            hovertext=[village_hover(row, key) for row in part.itertuples()],
            hovertemplate="%{hovertext}<extra></extra>",
        ))


def village_traces(fig: go.Figure) -> list:
    """The village fill traces of a map figure (one per model status shown)."""
    return [t for t in fig.data if t.type == "scattergeo" and t.name in STATUS_LABELS.values()]


def name_labels(fig: go.Figure) -> list[str]:
    """The commune names printed on a map figure (the text trace)."""
    return [t for t in fig.data if t.name == NAMES_TRACE][0].text


def clicked_unit(selection: Mapping | None, codes: Iterable[str]) -> str | None:
    """The commune a map click picked: a polygon's location or a village point's commune.

    `selection` is the st.plotly_chart state ({"selection": {"points": [...]}})."""
    if not selection:
        return None
    known = set(codes)
    points = (selection.get("selection") or {}).get("points") or []
    for point in points:
        code = point.get("location")
        if code is None and point.get("customdata"):
            code = point["customdata"][0]
        if code in known:
            return str(code)
    return None
