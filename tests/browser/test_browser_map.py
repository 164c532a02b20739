"""The Bản đồ page in Debian's Chromium with every non-local request blocked and recorded:
the polygons must draw (an aborted CDN request is exactly how an offline map fails) and the
recorded list must stay empty. A click on a commune drills down to it."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

Image = pytest.importorskip("PIL.Image", reason="Pillow is needed to read the screenshot")


def merc_y(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def projector(view: dict, box: dict):
    """lon/lat -> page pixels on the map canvas (MapLibre, 512 px tiles)."""
    world = 512 * 2 ** view["zoom"]
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2

    def to_px(lon: float, lat: float) -> tuple[float, float]:
        x = cx + (lon - view["lon"]) / 360 * world
        y = cy - (merc_y(lat) - merc_y(view["lat"])) / (2 * math.pi) * world
        return x, y

    return to_px


MAP_STATE_JS = """() => {
  const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout.map);
  const m = gd._fullLayout.map;
  const main = gd.data.find(t => t.type === 'choroplethmap' && t.name !== 'Ngoài phạm vi lọc');
  return {lon: m.center.lon, lat: m.center.lat, zoom: m.zoom, title: gd.layout.title.text,
          features: main.geojson.features,
          villages: gd.data.filter(t => t.type === 'scattermap' && t.mode === 'markers')
                           .flatMap(t => t.lon.map((lon, i) => [lon, t.lat[i]]))};
}"""


def open_map(page, url: str) -> tuple[dict, dict]:
    page.goto(url + "/map")
    canvas = page.locator("canvas.maplibregl-canvas").first
    canvas.wait_for(state="visible", timeout=60_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(g => g._fullLayout.map)",
        timeout=60_000)
    return page.evaluate(MAP_STATE_JS), canvas.bounding_box()


def coloured(rgb: tuple[int, int, int]) -> bool:
    """A choropleth fill: not white, not grey (the map background, borders, grey context)."""
    return max(rgb) - min(rgb) > 25 and min(rgb) < 235


def sample_bbox(page, state: dict, box: dict) -> tuple[int, int, set]:
    """Colour samples on a 24 x 24 grid inside the polygons' bounding box on the canvas."""
    coords = [pt for f in state["features"] for ring in f["geometry"]["coordinates"]
              for pt in ring]
    to_px = projector(state, box)
    x0, y1 = to_px(min(c[0] for c in coords), min(c[1] for c in coords))
    x1, y0 = to_px(max(c[0] for c in coords), max(c[1] for c in coords))
    # The bbox must lie on the canvas, left of the colour bar (which is not on the canvas).
    assert box["x"] <= x0 < x1 <= box["x"] + box["width"]
    assert box["y"] <= y0 < y1 <= box["y"] + box["height"]
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    hits, total, colours = 0, 0, set()
    for i in range(24):
        for j in range(24):
            x = x0 + (x1 - x0) * (i + 0.5) / 24
            y = y0 + (y1 - y0) * (j + 0.5) / 24
            rgb = shot.getpixel((int(x), int(y)))
            total += 1
            if coloured(rgb):
                hits += 1
                colours.add(tuple(v // 16 for v in rgb))
    return hits, total, colours


def wait_for_polygons(page, state: dict, box: dict) -> tuple[int, int, set]:
    """MapLibre paints a moment after the canvas appears: sample until it has (or give up)."""
    for _ in range(40):
        hits, total, colours = sample_bbox(page, state, box)
        if hits > total * 0.4:
            break
        page.wait_for_timeout(250)
    return hits, total, colours


def inside(point: tuple[float, float], ring: list) -> bool:
    x, y = point
    result = False
    for (ax, ay), (bx, by) in zip(ring, ring[1:]):
        if (ay > y) != (by > y) and x < ax + (y - ay) * (bx - ax) / (by - ay):
            result = not result
    return result


def click_point(feature: dict, villages: list) -> tuple[float, float]:
    """A point well inside a commune polygon and away from village points."""
    ring = feature["geometry"]["coordinates"][0]
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    best, best_score = None, -1.0
    for i in range(1, 30):
        for j in range(1, 30):
            pt = (min(lons) + (max(lons) - min(lons)) * i / 30,
                  min(lats) + (max(lats) - min(lats)) * j / 30)
            if not inside(pt, ring):
                continue
            edge = min(math.dist(pt, p) for p in ring)
            near = min((math.dist(pt, v) for v in villages), default=1.0)
            score = min(edge, near)
            if score > best_score:
                best, best_score = pt, score
    assert best is not None
    return best


def test_map_draws_offline_and_drills_down(app_url: str, open_page, tmp_path: Path) -> None:
    opened = open_page(1400, 1000)
    page, blocked = opened.page, opened.blocked
    state, box = open_map(page, app_url)
    hits, total, colours = wait_for_polygons(page, state, box)
    page.screenshot(path=str(tmp_path / "map.png"))
    # The polygons cover well over half of their bounding box; the samples show several
    # choropleth shades, not one flat fill.
    assert hits > total * 0.4, f"only {hits}/{total} coloured samples: polygons not drawn"
    assert len(colours) >= 3
    assert "Số buổi tuyên truyền, " in state["title"]  # Streamlit's theme wraps it in <b>
    assert len(state["features"]) in (18, 6)  # the 2024 or 2025 communes of Bắc Sơn

    feature = state["features"][0]
    name = feature["properties"]["name"]
    x, y = projector(state, box)(*click_point(feature, state["villages"]))
    page.mouse.click(x, y)
    page.wait_for_function(
        "name => [...document.querySelectorAll('.js-plotly-plot')].some("
        "g => g._fullLayout.map && (g.layout.title.text || '').includes('chi tiết: ' + name))",
        arg=name, timeout=30_000)
    page.get_by_text(f"Các thôn, khối phố của {name}").wait_for(timeout=30_000)
    drilled = page.evaluate(MAP_STATE_JS)
    assert drilled["zoom"] > state["zoom"] + 0.5
    page.screenshot(path=str(tmp_path / "drill.png"))
    assert blocked == []
