"""Build antt/area/geo/vietnam63_communes.geojson.gz: the 2013 commune polygons of the R package
vietnam63 (M. Choisy, MIT) for the whole country, as one clean coverage at about 150 m detail.

    python tools/build_vietnam63.py PATH/communes.rda      # needs `pip install rdata`
    python tools/build_vietnam63.py PATH/communes.geojson  # the same data already converted

Source: github.com/choisy/vietnam63, commit 90ac14b5226cf3b9e0a3b1190e04f28fdb19899d,
`data/communes.rda` (11 163 communes of about 2013, 1:250 000). `python -m antt area init` cuts
an area out of the output and dissolves it into the 2024 and 2025 communes (antt/area/geo.py).

Steps, and why:
1. The source borders are not noded (neighbours' shared borders have different vertices, with
   slivers of overlap and gap), so every ring is noded on a 1e-5° grid and polygonized into
   faces; each face goes to the commune containing it (the first one where two overlap), and a
   small gap face (under 1 km²) to the neighbour sharing most of its border. The communes are
   then unions of faces: neighbours share identical edges (a valid coverage).
2. `shapely.coverage_simplify` (Visvalingam-Whyatt on shared edges, so neighbours stay
   matched) to about 150 m, as the bundled Bắc Sơn files.
3. Coordinates on the 1e-5° grid (5 decimals), properties `province`, `district`, `commune`
   (the source's Vietnamese names: province_vn, district_vn, commune_vn), gzipped without a
   timestamp, so the same input gives the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "antt" / "area" / "geo" / "vietnam63_communes.geojson.gz"
GRID = 1e-5  # degrees: 5 decimals, about 1 m
SIMPLIFY = 0.0013  # degrees (~140 m): coverage_simplify's tolerance
GAP_KM2 = 1.0  # gap faces up to this size are given to a neighbour; larger ones stay holes
KM2_PER_DEG2 = 111.32 * 111.32 * 0.93  # at ~21° N: only to size gaps, not for areas


def read_rda(path: Path) -> list[tuple[dict, object]]:
    """vietnam63's sp SpatialPolygonsDataFrame: holes are separate rings, subtracted here."""
    import rdata  # build-time only

    frame = rdata.read_rda(str(path), default_encoding="utf-8", force_default_encoding=True)
    spdf = frame["communes"]
    table = spdf.data.reset_index(drop=True)
    out = []
    for i, polygons in enumerate(spdf.polygons):
        shells, holes = [], []
        for ring in polygons.Polygons:
            xy = np.asarray(ring.coords)
            (holes if bool(np.asarray(ring.hole)[0]) else shells).append(xy)
        geom = MultiPolygon([Polygon(s) for s in shells]) if len(shells) > 1 else Polygon(shells[0])
        for hole in holes:
            geom = geom.difference(Polygon(hole))
        row = table.iloc[i]
        out.append(({k: row[k] for k in ("province_vn", "district_vn", "commune_vn")},
                    shapely.make_valid(geom)))
    return out


def read_geojson(path: Path) -> list[tuple[dict, object]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"], shapely.make_valid(shape(f["geometry"]))) for f in data["features"]]


def coverage(geoms: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Node every border, polygonize, give each face to one commune: (geoms, gaps filled,
    gaps left)."""
    lines = shapely.union_all(shapely.boundary(geoms), grid_size=GRID)
    faces = np.asarray(shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))))
    tree = shapely.STRtree(geoms)
    points = shapely.point_on_surface(faces)
    face_idx, geom_idx = tree.query(points, predicate="within")
    owner = np.full(len(faces), -1)
    for f, g in sorted(zip(face_idx, geom_idx, strict=True), reverse=True):
        owner[f] = g  # reversed: the lowest index wins where two overlap
    filled = left = 0
    gaps = [i for i in np.flatnonzero(owner < 0)
            if shapely.area(faces[i]) * KM2_PER_DEG2 < GAP_KM2]
    left = int((owner < 0).sum()) - len(gaps)
    for i in gaps:
        near = tree.query(faces[i], predicate="intersects")
        if len(near):
            shared = shapely.length(shapely.intersection(geoms[near],
                                                         shapely.boundary(faces[i]),
                                                         grid_size=GRID))
            owner[i] = near[int(np.argmax(shared))]
            filled += 1
        else:
            left += 1
    out = np.empty(len(geoms), dtype=object)
    for g in range(len(geoms)):
        parts = faces[owner == g]
        out[g] = shapely.union_all(parts, grid_size=GRID) if len(parts) else geoms[g]
    return out, filled, left


def rounded(coords):
    if coords and isinstance(coords[0], float):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [rounded(c) for c in coords]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", type=Path, help="vietnam63 communes.rda or its GeoJSON")
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    start = time.time()
    rows = read_rda(args.source) if args.source.suffix == ".rda" else read_geojson(args.source)
    geoms = np.array([g for _, g in rows], dtype=object)
    clean, filled, left = coverage(geoms)
    simple = shapely.coverage_simplify(clean, SIMPLIFY)
    simple = shapely.set_precision(simple, GRID)
    simple = shapely.orient_polygons(simple, exterior_cw=True)  # the maps' convention
    features = []
    for (props, _), geom in zip(rows, simple, strict=True):
        if geom.is_empty:
            continue
        gj = mapping(geom)
        features.append({"type": "Feature", "properties": {
            "province": props["province_vn"], "district": props["district_vn"],
            "commune": props["commune_vn"]},
            "geometry": {"type": gj["type"], "coordinates": rounded(json.loads(
                json.dumps(gj["coordinates"])))}})
    text = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                      separators=(",", ":"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                     filename="") as fh:
        fh.write(text.encode("utf-8"))
    vertices = int(shapely.get_num_coordinates(simple).sum())
    print(f"{len(features)} communes, {vertices} vertices, gaps filled {filled}, left {left}; "
          f"{len(text) / 1e6:.1f} MB GeoJSON, {args.out.stat().st_size / 1e6:.2f} MB gzip, "
          f"{time.time() - start:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
