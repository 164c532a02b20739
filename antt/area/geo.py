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
import unicodedata
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


# The source's typos: "Xã la Dom" (a lower-case L) is Xã Ia Dom of the official list.
TYPOS = {"Xã la ": "Xã Ia "}


def _fixed(props: dict) -> dict:
    name = props.get("commune") or ""
    for wrong, right in TYPOS.items():
        name = right + name[len(wrong):] if name.startswith(wrong) else name
    return {**props, "commune": name or None}


@lru_cache(maxsize=1)
def _source() -> tuple[tuple[dict, object], ...]:
    data = json.loads(gzip.decompress(SOURCE.read_bytes()).decode("utf-8"))
    return tuple((_fixed(f["properties"]), shape(f["geometry"])) for f in data["features"])


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


TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
KINDS = ("thị trấn ", "phường ", "xã ", "đặc khu ")
NEAR_KM = 10.0  # a name matched without its accents, outside its district, must be this near


def accented(name: str | None) -> str:
    """A name with its accents, wherever the tone mark sits ('Hoà' = 'Hòa'), lower case,
    letters and digits only: 'Trà Dơn' and 'Trà Don' (two communes of one district) differ."""
    text = unicodedata.normalize("NFD", nfc(name).lower())
    letters = unicodedata.normalize("NFC", "".join(ch for ch in text if ch not in TONES))
    return "".join(ch for ch in letters if ch.isalnum()) + "|" + "".join(
        ch for ch in text if ch in TONES)


def _short(name: str | None) -> str:
    text = nfc(name).lower()
    return next((text[len(k):] for k in KINDS if text.startswith(k)), text)


@dataclass(frozen=True)
class _Unit:
    """A 2024 commune's names as the matching compares them."""

    row: dict
    district: frozenset[str]
    full: str  # accented('Xã Bắc Sơn')
    short: str  # accented('Bắc Sơn')
    folded: frozenset[str]  # 'xabacson' and the old names: 'xahuuvinh', ...
    folded_short: frozenset[str]


def _unit(row: dict) -> _Unit:
    folded = {fold(row["ward"])} | {fold(k) for k in json.loads(row["wardKeywords"] or "[]")}
    district = {fold(row["district"])} | {fold(k) for k in json.loads(row["districtKeywords"]
                                                                      or "[]")}
    return _Unit(row, frozenset(strip_prefix(k, DISTRICT_PREFIXES) for k in district),
                 accented(row["ward"]), accented(_short(row["ward"])), frozenset(folded),
                 frozenset(strip_prefix(k, COMMUNE_PREFIXES) for k in folded))


def _near(unit: _Unit, geom) -> bool:
    if unit.row["wardLat"] is None:
        return False
    centre = shapely.Point(unit.row["wardLon"], unit.row["wardLat"])
    return geom.distance(centre) * 111.2 < NEAR_KM


def match(props: dict, units: list[_Unit], geom=None) -> dict | None:
    """The 2024 commune (a row of the province's list) a 2013 polygon belongs to, or None:
    the first rule with exactly one hit, in its district, then in its province; a name
    matched without its accents outside its district only when the commune's official centre
    is near the polygon."""
    district = strip_prefix(fold(props["district"] or ""), DISTRICT_PREFIXES)
    full, short = accented(props["commune"]), accented(_short(props["commune"]))
    folded = fold(props["commune"] or "")
    folded_short = strip_prefix(folded, COMMUNE_PREFIXES)
    in_district = [u for u in units if district in u.district]
    rules = (lambda u: u.full == full, lambda u: folded in u.folded,
             lambda u: u.short == short, lambda u: folded_short in u.folded_short)
    for scope, loose in ((in_district, False), (units, True)):
        for i, rule in enumerate(rules):
            hits = [u for u in scope if rule(u)]
            if loose and i % 2 and geom is not None:
                hits = [u for u in hits if _near(u, geom)]
            if len(hits) == 1:
                return hits[0].row
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


def _assign(rows: list[dict], default: dict[str, str]
            ) -> tuple[dict[str, list], dict[str, list], list[dict]]:
    """The 2013 polygons of the provinces of `rows`, by 2024 code (by name; an island
    district's by its district; else the one 2024 commune without a polygon whose official
    centre lies inside), and those left: by 2025 code when the centres inside all go to one
    2025 commune, else unmatched (their properties)."""
    units = [_unit(r) for r in rows if r["wardCode"] is not None]
    islands = {strip_prefix(fold(r["district"]), DISTRICT_PREFIXES): r["districtCode"]
               for r in rows if r["wardCode"] is None}
    by_province: dict[str, list[_Unit]] = defaultdict(list)
    for unit in units:
        by_province[_province_key(unit.row["province"])].append(unit)
    pieces: dict[str, list] = defaultdict(list)
    left: list[tuple[dict, object]] = []
    for props, geom in _source():
        candidates = by_province.get(_province_key(props["province"]))
        if not candidates:
            continue
        hit = match(props, candidates, geom)
        island = islands.get(strip_prefix(fold(props["district"] or ""), DISTRICT_PREFIXES))
        if hit is not None:
            pieces[hit["wardCode"]].append(geom)
        elif island:
            pieces[island].append(geom)
        else:
            left.append((props, geom))
    lacking = [u.row for u in units if u.row["wardCode"] not in pieces
               and u.row["wardLat"] is not None]
    to_new: dict[str, list] = defaultdict(list)
    unmatched = []
    for props, geom in left:
        inside = [r for r in lacking
                  if geom.contains(shapely.Point(r["wardLon"], r["wardLat"]))]
        targets = {default.get(r["wardCode"]) for r in inside}
        if len(inside) == 1:
            pieces[inside[0]["wardCode"]].append(geom)
        elif len(targets) == 1 and None not in targets:
            to_new[targets.pop()].append(geom)
        else:
            unmatched.append(props)
    return pieces, to_new, unmatched


def build(area: Area) -> AreaGeo:
    """Match the 2013 polygons of the area's province(s), dissolve them into its 2024 and
    2025 communes (a 2025 commune whole, even when part of it lies outside a narrowed area)."""
    rows, default = province_units(area.province)
    pieces, extra, unmatched = _assign(rows, default)
    old_all = {code: shapely.union_all(geoms, grid_size=GRID) for code, geoms in pieces.items()}
    centres = {r["wardCode"] or r["districtCode"]: (r["wardLon"], r["wardLat"]) for r in rows
               if r["wardLat"] is not None}
    predecessors: dict[str, list[str]] = defaultdict(list)
    for old_code, new_code in default.items():
        predecessors[new_code].append(old_code)
    codes_old = [r["commune_code"] for r in area.old]
    codes_new = [r["commune_code_2025"] for r in area.new]
    new: dict[str, object] = {}
    partial: dict[str, list[str]] = {}
    for code in codes_new:
        have = [old_all[o] for o in predecessors[code] if o in old_all] + extra.get(code, [])
        if not have:
            continue
        new[code] = shapely.union_all(have, grid_size=GRID)
        # a predecessor with no polygon of its own may lie inside (split off after 2013)
        lacking = [o for o in predecessors[code] if o not in old_all and not (
            o in centres and new[code].contains(shapely.Point(*centres[o])))]
        if lacking:
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
        unmatched=[f"{nfc(p['commune']) or '(không tên)'}, {nfc(p['district']) or '…'}"
                   for p in unmatched
                   if area.whole_province or strip_prefix(fold(p["district"] or ""),
                                                          DISTRICT_PREFIXES) in districts],
        split_to_default={o: news[0] for o, news in area.split.items()},
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
