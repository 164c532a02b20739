"""Commune boundaries for the maps: reading data/geo/*.geojson and the geometry the maps need.

`load_boundaries` / `load_outline` read the polygons of a unit set ('2024' or '2025') and the
area's outline from geo/communes_2024.geojson, communes_2025.geojson and outline.geojson (the
bundled sample's bac_son_* files under their own names), cached by path, mtime and size;
`label_point` says where a commune's name is printed, `view_ranges` which longitudes/latitudes
a map shows. Files and their provenance: <data>/geo/SOURCE.md (ATTRIBUTION is printed under
every map).

Pure functions, no Plotly and no streamlit: antt/maps/plotly_map.py draws, antt/ui/maps.py loads
for the page's filters.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from antt import config

ATTRIBUTION = (
    "Ranh giới xã: M. Choisy, vietnam63 (MIT), từ dữ liệu hành chính 1:250.000 (2013)"
)
BOUNDARY_FILES = config.BOUNDARY_FILES  # communes_2024.geojson, communes_2025.geojson
OUTLINE_FILE = config.OUTLINE_FILE

VIEW_PADDING = 0.04  # of the shown extent, on each side

BBox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


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


def _geo_path(data_dir: Path | None, name: str) -> Path:
    """`<data>/geo/<name>`, or the bundled sample's older name for it (bac_son_*) when only
    that exists."""
    path = config.geo_dir(data_dir) / name
    legacy = config.geo_dir(data_dir) / config.LEGACY_GEO_FILES.get(name, name)
    return legacy if not path.exists() and legacy.exists() else path


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
    return _load(_geo_path(data_dir, name))


def load_outline(data_dir: Path | None) -> Boundaries | None:
    """The district outline (drawn as a line around the communes), or None."""
    return _load(_geo_path(data_dir, OUTLINE_FILE))


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


def ring_lines(boundaries: Boundaries, codes: Iterable[str]) -> tuple[list, list]:
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
