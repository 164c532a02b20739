"""Commune polygons for a new area: the 2013 communes of vietnam63 (M. Choisy, MIT; bundled as
antt/area/geo/vietnam63_communes.geojson.gz, built by tools/build_vietnam63.py) matched to the
2024 communes by name and dissolved into them, then into the 2025 communes through the
crosswalk (a split 2024 commune goes whole to its default successor).

Matching, per 2013 polygon, the first rule that gives exactly one 2024 commune:
the full name ("Xã Bắc Sơn", kind included) among the communes of its district, the short name
("Bắc Sơn") there, then the full and the short name in the whole province. Names are compared
accent-folded against the official list's keywords, which hold the old names of communes merged
2013–2024 (Xã Hữu Vĩnh is now in Thị trấn Bắc Sơn), so merged communes dissolve into their
successor; a commune whose district was renamed or merged is found by the province rules.

Pure functions with shapely; no Streamlit, no network.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from antt.area.units import (
    COMMUNE_PREFIXES,
    DISTRICT_PREFIXES,
    PROVINCE_PREFIXES,
    Area,
    fold,
    nfc,
    province_units,
    strip_prefix,
)

SOURCE = Path(__file__).resolve().parent / "geo" / "vietnam63_communes.geojson.gz"
GRID = 1e-5  # the source's grid (5 decimals): unions stay on it, neighbours keep shared edges
# vietnam63 names (2013) -> names in the 2024 list, folded without "tỉnh"/"thành phố".
PROVINCE_RENAMES = {"thuathienhue": "hue"}
RADIUS_KM = 6371.0088  # mean Earth radius, as d3/Turf


@lru_cache(maxsize=1)
def _source() -> tuple[tuple[dict, object], ...]:
    data = json.loads(gzip.decompress(SOURCE.read_bytes()).decode("utf-8"))
    return tuple((f["properties"], shape(f["geometry"])) for f in data["features"])


def _province_key(name: str) -> str:
    key = strip_prefix(fold(name), PROVINCE_PREFIXES)
    return PROVINCE_RENAMES.get(key, key)


def ring_area_km2(coords) -> float:
    """Area of a lon/lat ring on the sphere (the d3/Turf formula, R = 6 371,0088 km)."""
    pts = list(coords)
    total = 0.0
    for (lon1, lat1, *_), (lon2, lat2, *_) in zip(pts, pts[1:] + pts[:1]):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * RADIUS_KM * RADIUS_KM / 2


def area_km2(geometry) -> float:
    """Equal-area (spherical) area of a polygon or multipolygon in km²."""
    return sum(ring_area_km2(p.exterior.coords) - sum(ring_area_km2(h.coords)
                                                       for h in p.interiors)
               for p in shapely.get_parts(geometry))


def _keys(row: dict, level: str, prefixes: tuple[str, ...]) -> tuple[set[str], set[str]]:
    """(full keys with the kind, short keys) of a unit of the 2024 list."""
    full = {fold(row[level])} | {fold(k) for k in json.loads(row[f"{level}Keywords"] or "[]")}
    return full, {strip_prefix(k, prefixes) for k in full}


def match(props: dict, rows: list[dict]) -> dict | None:
    """The 2024 commune (a row of the province's list) a 2013 polygon belongs to, or None."""
    district = strip_prefix(fold(props["district"]), DISTRICT_PREFIXES)
    full = fold(props["commune"])
    short = strip_prefix(full, COMMUNE_PREFIXES)
    in_district = [r for r in rows if district in _keys(r, "district", DISTRICT_PREFIXES)[1]]
    for scope in (in_district, rows):
        keyed = [(r, *_keys(r, "ward", COMMUNE_PREFIXES)) for r in scope]
        for hits in ([r for r, f, _ in keyed if full in f], [r for r, _, s in keyed if short in s]):
            if len(hits) == 1:
                return hits[0]
    return None


@dataclass
class AreaGeo:
    """The polygons of an area's communes and what could not be given one."""

    old: dict[str, object]  # 2024 code -> polygon
    new: dict[str, object]  # 2025 code -> polygon
    outline: object | None
    old_missing: list[str] = field(default_factory=list)  # 2024 codes with no polygon
    new_missing: list[str] = field(default_factory=list)  # 2025 codes with no polygon
    new_partial: dict[str, list[str]] = field(default_factory=dict)  # 2025 -> old, no polygon
    unmatched: list[str] = field(default_factory=list)  # 2013 polygons of the area, no match
    split_to_default: dict[str, str] = field(default_factory=dict)  # old split -> default new


def build(area: Area) -> AreaGeo:
    """Match the 2013 polygons of the area's province(s), dissolve them into its 2024 and
    2025 communes (a 2025 commune whole, even when part of it lies outside a narrowed area)."""
    rows, default = province_units(area.province)
    by_province: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_province[_province_key(row["province"])].append(row)
    pieces: dict[str, list] = defaultdict(list)
    unmatched: list[tuple[dict, str]] = []
    for props, geom in _source():
        candidates = by_province.get(_province_key(props["province"]))
        if not candidates:
            continue
        hit = match(props, candidates)
        if hit is None:
            unmatched.append((props, candidates[0]["provinceCode"]))
        else:
            pieces[hit["wardCode"]].append(geom)
    old_all = {code: shapely.union_all(geoms, grid_size=GRID) for code, geoms in pieces.items()}
    to_new: dict[str, list[str]] = defaultdict(list)
    for old_code, new_code in default.items():
        to_new[new_code].append(old_code)
    codes_old = [r["commune_code"] for r in area.old]
    codes_new = [r["commune_code_2025"] for r in area.new]
    new: dict[str, object] = {}
    partial: dict[str, list[str]] = {}
    for code in codes_new:
        have = [old_all[o] for o in to_new[code] if o in old_all]
        if have:
            new[code] = shapely.union_all(have, grid_size=GRID)
        lacking = [o for o in to_new[code] if o not in old_all]
        if have and lacking:
            partial[code] = lacking
    old = {c: old_all[c] for c in codes_old if c in old_all}
    drawn = list(old.values()) + list(new.values())
    districts = {strip_prefix(fold(r["district_name"]), DISTRICT_PREFIXES) for r in area.old}
    return AreaGeo(
        old=old, new=new,
        outline=shapely.union_all(drawn, grid_size=GRID) if drawn else None,
        old_missing=[c for c in codes_old if c not in old],
        new_missing=[c for c in codes_new if c not in new],
        new_partial=partial,
        unmatched=[f"{nfc(p['commune'])}, {nfc(p['district'])}" for p, _ in unmatched
                   if area.whole_province or strip_prefix(fold(p["district"]),
                                                          DISTRICT_PREFIXES) in districts],
        split_to_default={o: area_default for o, news in area.split.items()
                          for area_default in news[:1]},
    )


def _rounded(coords):
    if coords and isinstance(coords[0], float):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [_rounded(c) for c in coords]


def feature(code: str, geometry, **props) -> dict:
    """A GeoJSON feature in the maps' conventions: `code` as text (also the id), exterior
    rings clockwise (d3/Plotly), 5 decimals."""
    gj = mapping(shapely.orient_polygons(geometry, exterior_cw=True))
    return {"type": "Feature", "id": code, "properties": {"code": code, **props},
            "geometry": {"type": gj["type"],
                         "coordinates": _rounded(json.loads(json.dumps(gj["coordinates"])))}}


def collection_bytes(name: str, note: str, features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "name": name, "note": note,
                       "features": features}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
