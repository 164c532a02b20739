"""Generate the bundled sample data of Huyện Bắc Sơn (Lạng Sơn) into data/*.csv.

    python tools/generate_sample_data.py [--out DIR]

Real reference data (the 18 units of 2024, their GSO codes, names, centroids, the 2025 merge
and the official 2025 areas) is read from the PyPI packages `vietnamadminunits` 1.0.4 and
cross-checked against `vietnam-provinces` 0.6.0; the boundaries come from data/geo/. Everything
else (village names apart from thôn Phúc Tiến, Khau Bao and Bình An, all population splits,
religion splits and all activity figures) is fictional, drawn from random.Random(2024) so that
it reproduces the figures of the notice of the Ban Chỉ đạo 138 huyện Bắc Sơn (October 2024):
18 units, 148 villages, 74.392 people, 695,9 km², 710 religious households / 2.840 people, three
"Nhóm đạo bình an" models with 35 outreach sessions / 3.560 attendees and 50 patrols / 450
participants up to 2024-10-02.

Running it twice gives byte-identical files (UTF-8 without BOM, LF, NFC, ISO dates).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
import sqlite3
import statistics
import sys
import unicodedata
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from antt.data.schema import TABLES  # noqa: E402
from tools.sample_reports import make_reports  # noqa: E402

GEO_2024 = REPO / "data" / "geo" / "bac_son_communes_2024.geojson"
SEED = 2024

PROVINCE_CODE = "20"
DISTRICT_CODE = "185"
TOTAL_AREA_2024 = 695.90
TOTAL_POPULATION = 74392
N_VILLAGES = 148
N_TOWN_VILLAGES = 12  # Thị trấn Bắc Sơn: 7 khối phố + 5 thôn
N_TOWN_BLOCKS = 7

START = dt.date(2020, 1, 1)
END = dt.date(2026, 10, 31)
REPORT_DAY = dt.date(2024, 10, 2)  # Báo cáo 1548/BC-CAH ngày 02/10/2024

# The three models of the notice: (commune_code, village name, established_on, members).
NOTICE_MODELS = (
    ("06355", "Phúc Tiến", dt.date(2021, 6, 12), 24),
    ("06340", "Khau Bao", dt.date(2022, 3, 20), 21),
    ("06364", "Bình An", dt.date(2023, 1, 8), 18),
)
NOTICE_OUTREACH = (35, 3560)
NOTICE_PATROLS = (50, 450)

# 2024 religion totals of the notice: religion -> (households, people).
RELIGION_2024 = {
    "Tin lành": (507, 2519),
    "Công giáo": (41, 139),
    "Phật giáo": (162, 182),
}

LAW_TOPICS = (
    "luat_phong_chong_ma_tuy",
    "luat_vk_vln_ccht",
    "luat_phong_chong_bao_luc_gia_dinh",
    "luat_cu_tru",
    "luat_giao_thong_duong_bo",
    "luat_xu_ly_vi_pham_hanh_chinh",
    "luat_dat_dai",
    "luat_phong_chong_tham_nhung",
    "luat_tin_nguong_ton_giao",
    "luat_can_cuoc",
    "phong_chay_chua_chay",
)
OTHER_TOPICS = ("phong_chong_toi_pham", "lua_dao_khong_gian_mang")
FORMATS = ("hop_thon", "sinh_hoat_ton_giao", "loa_truyen_thanh", "to_roi", "mang_xa_hoi",
           "den_tung_ho")
COMMITMENT_TYPES = ("khong_phao", "khong_cay_thuoc_phien", "khong_vk_vln_ccht",
                    "phong_chay_chua_chay")
DISPUTE_TYPES = ("dat_dai", "hon_nhan_gia_dinh", "xom_gieng", "tai_san")
CATEGORIES = ("ma_tuy", "trom_cap", "danh_bac", "gay_thuong_tich", "lua_dao_mang")

# Tết Nguyên đán (mùng 1) and Easter Sunday, 2020..2026.
TET = {
    2020: dt.date(2020, 1, 25), 2021: dt.date(2021, 2, 12), 2022: dt.date(2022, 2, 1),
    2023: dt.date(2023, 1, 22), 2024: dt.date(2024, 2, 10), 2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
}
EASTER = {
    2020: dt.date(2020, 4, 12), 2021: dt.date(2021, 4, 4), 2022: dt.date(2022, 4, 17),
    2023: dt.date(2023, 4, 9), 2024: dt.date(2024, 3, 31), 2025: dt.date(2025, 4, 20),
    2026: dt.date(2026, 4, 5),
}
# Political events (first day, last day): Đại hội Đảng XIII/XIV, bầu cử Quốc hội và HĐND,
# Quốc tang 2024, sắp xếp đơn vị hành chính 01/7/2025, đại hội đảng bộ tỉnh, and the yearly
# anniversary of the Bắc Sơn uprising (27/9/1940).
POLITICAL_EVENTS = tuple(sorted((
    (dt.date(2020, 10, 10), dt.date(2020, 10, 16)),
    (dt.date(2021, 1, 24), dt.date(2021, 2, 2)),
    (dt.date(2021, 5, 18), dt.date(2021, 5, 24)),
    (dt.date(2024, 7, 24), dt.date(2024, 7, 26)),
    (dt.date(2025, 6, 26), dt.date(2025, 7, 2)),
    (dt.date(2025, 9, 17), dt.date(2025, 9, 20)),
    (dt.date(2026, 1, 18), dt.date(2026, 1, 26)),
    (dt.date(2026, 3, 10), dt.date(2026, 3, 16)),
    *((dt.date(y, 9, 25), dt.date(y, 9, 27)) for y in range(2020, 2027)),
)))

TOWN_BLOCK_NAMES = ("Hoàng Văn Thụ", "Trần Đăng Ninh", "Lương Văn Tri", "Minh Khai",
                    "Đoàn Kết", "Hòa Bình", "Sơn Hà")
NAME_PREFIXES = ("Nà", "Khuổi", "Pác", "Bản", "Làng", "Lân", "Còn", "Quan", "Phiêng", "Pò",
                 "Nặm", "Thâm", "Kéo", "Lũng")
NAME_SUFFIXES = ("Lay", "Khon", "Pàn", "Riềng", "Phầy", "Cuốn", "Giai", "Cầu", "Hùng", "Cóc",
                 "Hoài", "Nưa", "Hanh", "Thí", "Khe", "Tấu", "Mười", "Bó", "Slam", "Mạ",
                 "Ngàn", "Pục", "Tâm", "Đon", "Vài", "Sảo", "Lọc", "Nghiều", "Mò", "Quang",
                 "Rọ", "Háng", "Nọi", "Cưởm", "Piềng", "Chang")
# Names deliberately repeated in several communes (import must disambiguate by commune).
SHARED_NAMES = ("Nà Lay", "Pác Lũng", "Khuổi Phầy", "Bản Cầu", "Lân Hoài")

MODEL_TYPE_PREFIX = {
    "nhom_dao_binh_an": "Nhóm đạo bình an, an lành bảo đảm về ANTT",
    "to_tu_quan": "Tổ tự quản về ANTT",
    "to_lien_gia": "Tổ liên gia tự quản",
    "camera_an_ninh": "Camera an ninh",
    "khu_dan_cu_an_toan": "Khu dân cư an toàn về ANTT",
}


# --------------------------------------------------------------------------- helpers


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def apportion(weights: list[float], total: int) -> list[int]:
    """Largest-remainder split of an integer total proportional to weights."""
    s = sum(weights)
    quotas = [w * total / s for w in weights]
    base = [math.floor(q) for q in quotas]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def adjust_to_total(values: list[int], total: int, lo: int, hi: int,
                    rng: random.Random) -> list[int]:
    """Nudge values by ±1 (staying in [lo, hi]) until they sum to total."""
    values = list(values)
    if not lo * len(values) <= total <= hi * len(values):
        raise ValueError("total out of reach")
    while sum(values) != total:
        i = rng.randrange(len(values))
        if sum(values) < total and values[i] < hi:
            values[i] += 1
        elif sum(values) > total and values[i] > lo:
            values[i] -= 1
    return values


def rand_date(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def iter_months(first: dt.date, last: dt.date):
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def clamp_window(first: dt.date, last: dt.date, lo: dt.date, hi: dt.date):
    a, b = max(first, lo), min(last, hi)
    return (a, b) if a <= b else None


def tet_window(year: int) -> tuple[dt.date, dt.date]:
    """Days around Tết that fall inside the Gregorian month containing mùng 1."""
    tet = TET[year]
    lo = max(tet - dt.timedelta(days=10), month_start(tet.year, tet.month))
    hi = min(tet + dt.timedelta(days=8), month_end(tet.year, tet.month))
    return lo, hi


# --------------------------------------------------------------------------- geometry


def ring_area_km2(ring: list[list[float]]) -> float:
    """Area of a lon/lat ring on the sphere (R = 6371.0088 km), as d3/Turf compute it."""
    radius = 6371.0088
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(ring, ring[1:] + ring[:1], strict=True):
        total += math.radians(lon2 - lon1) * (
            2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2))
        )
    return abs(total) * radius * radius / 2


def point_in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > lat) != (y2 > lat):
            x = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x:
                inside = not inside
    return inside


def distance_to_ring_m(lon: float, lat: float, ring: list[list[float]]) -> float:
    """Approximate distance (m) from a point to the ring's edges (local flat projection)."""
    kx = 111320.0 * math.cos(math.radians(lat))
    ky = 110574.0
    px, py = lon * kx, lat * ky
    best = float("inf")
    n = len(ring)
    for i in range(n):
        ax, ay = ring[i][0] * kx, ring[i][1] * ky
        bx, by = ring[(i + 1) % n][0] * kx, ring[(i + 1) % n][1] * ky
        dx, dy = bx - ax, by - ay
        seg = dx * dx + dy * dy
        t = 0.0 if seg == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / seg))
        best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def random_point(rng: random.Random, ring: list[list[float]], margin_m: float = 200.0):
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    for _ in range(100000):
        lon = round(rng.uniform(min(lons), max(lons)), 5)
        lat = round(rng.uniform(min(lats), max(lats)), 5)
        if point_in_ring(lon, lat, ring) and distance_to_ring_m(lon, lat, ring) >= margin_m:
            return lat, lon
    raise RuntimeError("no point found")


# --------------------------------------------------------------------------- reference data


def load_reference() -> tuple[list[dict], list[dict]]:
    """The 18 units of 2024 and the 6 communes of 2025, from the PyPI packages."""
    import vietnamadminunits
    from vietnam_provinces.enums.wards import WardEnum

    pkg = Path(vietnamadminunits.__file__).parent / "data"
    db = sqlite3.connect(pkg / "dataset.db")
    legacy = db.execute(
        "SELECT wardCode, ward, wardType, wardKey, wardLat, wardLon, district, province "
        "FROM admin_units_legacy WHERE provinceCode = ? AND districtCode = ? ORDER BY wardCode",
        (PROVINCE_CODE, DISTRICT_CODE),
    ).fetchall()
    converter = json.loads((pkg / "converter_2025.json").read_text(encoding="utf-8"))
    merges = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhlangson"]
    prefix = "tinhlangson_huyenbacson_"
    old_key_to_new_key = {}
    for new_key, old_keys in merges.items():
        for old in old_keys:
            if old.startswith(prefix):
                old_key_to_new_key[old[len(prefix):]] = new_key
    new_keys = sorted(set(old_key_to_new_key.values()))
    new_rows = db.execute(
        "SELECT wardCode, ward, wardKey, wardLat, wardLon, wardAreaKm2 FROM admin_units "
        f"WHERE provinceCode = ? AND wardKey IN ({','.join('?' * len(new_keys))}) "
        "ORDER BY wardCode",
        (PROVINCE_CODE, *new_keys),
    ).fetchall()
    db.close()
    new_by_key = {r[2]: r for r in new_rows}

    geo = json.loads(GEO_2024.read_text(encoding="utf-8"))
    geo_by_code = {f["properties"]["code"]: f for f in geo["features"]}

    # Cross-check with vietnam-provinces: same codes and (case-insensitively) same names.
    vp = {f"{w.value.code:05d}": w.value.name for w in WardEnum if w.value.district_code == 185}
    communes = []
    for code, name, ward_type, key, lat, lon, district, province in legacy:
        feature = geo_by_code[code]
        geo_name = feature["properties"]["name"]
        assert nfc(geo_name).lower() == nfc(name).lower() == nfc(vp[code]).lower(), code
        new = new_by_key[old_key_to_new_key[key]]
        communes.append({
            "commune_code": code,
            "commune_name": nfc(geo_name),  # boundary-file spelling: "Xã Đồng Ý"
            "kind": nfc(ward_type).lower(),
            "district_code": DISTRICT_CODE,
            "district_name": nfc(district),
            "province_code": PROVINCE_CODE,
            "province_name": nfc(province),
            "lat": lat,
            "lon": lon,
            "commune_code_2025": new[0],
            "ring": feature["geometry"]["coordinates"][0],
        })
    assert len(communes) == 18 and sorted(vp) == [c["commune_code"] for c in communes]

    # 2024 areas: spherical polygon areas scaled to the notice's 695,9 km² (2 decimals).
    raw = [ring_area_km2(c["ring"]) for c in communes]
    hundredths = apportion(raw, round(TOTAL_AREA_2024 * 100))
    for c, h in zip(communes, hundredths, strict=True):
        c["area_km2"] = h / 100

    communes_2025 = [
        {
            "commune_code_2025": r[0],
            "commune_name_2025": nfc(r[1]),
            "lat": r[3],
            "lon": r[4],
            "area_km2": r[5],
            "kind": "xã",  # the six are all xã (admin_units.wardType)
            "province_code": PROVINCE_CODE,
            "province_name": nfc(province),
        }
        for r in new_rows
    ]
    assert len(communes_2025) == 6
    assert round(sum(r["area_km2"] for r in communes_2025), 2) == 699.4
    return communes, communes_2025


# --------------------------------------------------------------------------- villages


def make_villages(rng: random.Random, communes: list[dict]) -> list[dict]:
    town = [c for c in communes if c["kind"] == "thị trấn"]
    rural = [c for c in communes if c["kind"] == "xã"]
    assert len(town) == 1
    counts = {town[0]["commune_code"]: N_TOWN_VILLAGES}
    # at least five thôn per xã, the rest in proportion to the area
    rural_counts = apportion([c["area_km2"] for c in rural],
                             N_VILLAGES - N_TOWN_VILLAGES - 5 * len(rural))
    for c, n in zip(rural, rural_counts, strict=True):
        counts[c["commune_code"]] = 5 + n
    assert sum(counts.values()) == N_VILLAGES, counts

    notice_names = {code: name for code, name, _, _ in NOTICE_MODELS}
    shared_queue = [name for name in SHARED_NAMES for _ in range(3)]
    combos = [f"{p} {s}" for p in NAME_PREFIXES for s in NAME_SUFFIXES]
    villages = []
    for c in communes:
        code = c["commune_code"]
        n = counts[code]
        names: list[tuple[str, str]] = []
        if c["kind"] == "thị trấn":
            names += [(b, "khối phố") for b in TOWN_BLOCK_NAMES[:N_TOWN_BLOCKS]]
        if code in notice_names:
            names.append((notice_names[code], "thôn"))
        taken = {nm for nm, _ in names}
        # one or two names shared with other communes
        for _ in range(rng.choice((0, 1, 1))):
            if shared_queue:
                nm = shared_queue.pop(0)
                if nm not in taken:
                    names.append((nm, "thôn"))
                    taken.add(nm)
        while len(names) < n:
            nm = rng.choice(combos)
            if nm in taken or nm in SHARED_NAMES:
                continue
            names.append((nm, "thôn"))
            taken.add(nm)
        rng.shuffle(names)
        # khối phố first in the town, then thôn
        names.sort(key=lambda x: 0 if x[1] == "khối phố" else 1)
        for i, (nm, kind) in enumerate(names, start=1):
            lat, lon = random_point(rng, c["ring"])
            weight = rng.uniform(0.75, 1.3) * (1.8 if kind == "khối phố" else 1.0)
            if nm == notice_names.get(code):
                weight = rng.uniform(1.45, 1.75)  # large enough for the religion figures
            villages.append({
                "village_code": f"{code}-{i:02d}",
                "village_name": nfc(nm),
                "commune_code": code,
                "kind": kind,
                "lat": lat,
                "lon": lon,
                "weight": weight,
            })
    pops = apportion([v["weight"] for v in villages], TOTAL_POPULATION)
    for v, p in zip(villages, pops, strict=True):
        v["population"] = p
        per_household = rng.uniform(3.7, 4.4) if v["kind"] == "thôn" else rng.uniform(3.4, 3.9)
        v["households"] = max(1, round(p / per_household))
    return villages


# --------------------------------------------------------------------------- religion


def _split(rng: random.Random, villages: list[dict], share: list[float], households: int,
           people: int) -> list[tuple[dict, int, int]]:
    hh = apportion(share, households)
    extra = apportion([h * rng.uniform(0.8, 1.2) for h in hh], people - households)
    return [(v, h, h + e) for v, h, e in zip(villages, hh, extra, strict=True)]


def make_religion(rng: random.Random, villages: list[dict], model_villages: list[dict]):
    by_commune: dict[str, list[dict]] = {}
    for v in villages:
        by_commune.setdefault(v["commune_code"], []).append(v)
    model_codes = [v["village_code"] for v in model_villages]

    def pick(communes: tuple[str, ...], k: int, kind: str | None = None,
             taken: tuple[dict, ...] = ()) -> list[dict]:
        skip = model_codes + [v["village_code"] for v in taken]
        pool = [v for cc in communes for v in by_commune[cc]
                if v["village_code"] not in skip and (kind is None or v["kind"] == kind)]
        pool = [v for v in pool if v["households"] >= 100]
        return rng.sample(pool, k)

    # Tin lành: the three model villages hold half of the followers.
    protestant_others = pick(("06355", "06340", "06364", "06373", "06361", "06331", "06337",
                              "06376", "06352"), 9)
    protestant = model_villages + protestant_others
    share = [100, 86, 76] + [rng.uniform(0.7, 1.3) * 27 for _ in protestant_others]
    catholic = pick(("06325",), 2, "khối phố") + pick(("06328", "06349"), 2)
    buddhist = pick(("06325",), 5, "khối phố")
    buddhist += pick(("06325", "06328", "06343", "06349", "06370", "06376"), 7,
                     taken=tuple(buddhist))
    base: list[tuple[str, dict, int, int]] = []
    for religion, group, weights in (
        ("Tin lành", protestant, share),
        ("Công giáo", catholic, [rng.uniform(0.6, 1.4) for _ in catholic]),
        ("Phật giáo", buddhist, [rng.uniform(0.5, 1.5) * (2 if v["kind"] == "khối phố" else 1)
                                 for v in buddhist]),
    ):
        hh, pp = RELIGION_2024[religion]
        for v, h, p in _split(rng, group, weights, hh, pp):
            base.append((religion, v, h, p))
    used: Counter = Counter()
    for _, v, h, p in base:
        used[v["village_code"]] += h
        assert p <= v["population"] * 0.8, (v, p)
    for v in villages:
        assert used[v["village_code"]] <= v["households"] * 0.8, v

    growth = {
        "Tin lành": {2020: 0.88, 2021: 0.92, 2022: 0.95, 2023: 0.98, 2025: 1.02, 2026: 1.03},
        "Công giáo": {2020: 0.97, 2021: 0.98, 2022: 0.98, 2023: 1.0, 2025: 1.0, 2026: 1.02},
        "Phật giáo": {2020: 0.93, 2021: 0.95, 2022: 0.97, 2023: 0.99, 2025: 1.01, 2026: 1.03},
    }
    rows = []
    for year in range(2020, 2027):
        for religion, v, h, p in base:
            if year != 2024:
                f = growth[religion][year]
                h = max(1, round(h * f * rng.uniform(0.97, 1.03)))
                p = max(h, round(p * f * rng.uniform(0.97, 1.03)))
            rows.append({"year": year, "village_code": v["village_code"], "religion": religion,
                         "households": h, "people": p})
    rows.sort(key=lambda r: (r["year"], r["village_code"], r["religion"]))
    return rows, protestant_others


# --------------------------------------------------------------------------- models


def model_name(model_type: str, village: dict) -> str:
    where = "khối phố" if village["kind"] == "khối phố" else "thôn"
    return f"{MODEL_TYPE_PREFIX[model_type]} {where} {village['village_name']}"


def make_models(rng: random.Random, villages: list[dict], model_villages: list[dict],
                protestant_others: list[dict]) -> list[dict]:
    models = []
    for (_, _, est, members), v in zip(NOTICE_MODELS, model_villages, strict=True):
        models.append({"model_type": "nhom_dao_binh_an", "village": v, "established_on": est,
                       "ended_on": None, "members": members})
    # Two later "nhóm đạo bình an", both after the report of 2024-10-02.
    later = sorted(protestant_others, key=lambda v: -v["households"])[:2]
    for v, est in zip(later, (dt.date(2025, 3, 15), dt.date(2025, 10, 18)), strict=True):
        models.append({"model_type": "nhom_dao_binh_an", "village": v, "established_on": est,
                       "ended_on": None, "members": rng.randint(14, 22)})
    busy = {v["village_code"] for v in model_villages + later}
    pool = [v for v in villages if v["village_code"] not in busy]
    plan = (
        ("to_tu_quan", 7), ("to_lien_gia", 5), ("camera_an_ninh", 4), ("khu_dan_cu_an_toan", 4),
    )
    for model_type, n in plan:
        for _ in range(n):
            v = pool.pop(rng.randrange(len(pool)))
            est = rand_date(rng, dt.date(2020, 2, 1), dt.date(2026, 6, 30))
            ended = None
            if est < dt.date(2024, 1, 1) and rng.random() < 0.35:
                ended = rand_date(rng, est + dt.timedelta(days=300), dt.date(2026, 6, 30))
            members = {"to_tu_quan": (8, 20), "to_lien_gia": (5, 12), "camera_an_ninh": (4, 10),
                       "khu_dan_cu_an_toan": (20, 60)}[model_type]
            models.append({"model_type": model_type, "village": v, "established_on": est,
                           "ended_on": ended, "members": rng.randint(*members)})
    models.sort(key=lambda m: (m["established_on"], m["village"]["village_code"]))
    for i, m in enumerate(models, start=1):
        m["model_id"] = f"MH{i:03d}"
        m["model_name"] = model_name(m["model_type"], m["village"])
    return models


# --------------------------------------------------------------------------- activities


def notice_dates(rng: random.Random, first: dt.date, last: dt.date, n: int,
                 holidays: list[tuple[dt.date, str]]) -> list[tuple[dt.date, str | None]]:
    """n distinct dates in [first, last]: eligible holidays first, then random days."""
    chosen: dict[dt.date, str | None] = {}
    for day, tag in holidays:
        if first <= day <= last and len(chosen) < n:
            chosen[day] = tag
    while len(chosen) < n:
        day = rand_date(rng, first, last)
        if day not in chosen:
            chosen[day] = None
    return sorted(chosen.items())


def religious_days(rng: random.Random, years=range(2020, 2027)) -> list[tuple[dt.date, str]]:
    days = []
    for y in years:
        days.append((EASTER[y] - dt.timedelta(days=rng.choice((0, 1, 2))), "easter"))
        days.append((dt.date(y, 12, rng.choice((23, 24, 25))), "christmas"))
    return sorted(days)


def _active(model: dict, first: dt.date = START, last: dt.date = END):
    return clamp_window(first, last, model["established_on"], model["ended_on"] or END)


def make_activities(rng: random.Random, communes: list[dict], villages: list[dict],
                    models: list[dict]):
    outreach, patrols, commitments, mediations, incidents = [], [], [], [], []
    notice = [m for m in models if m["model_type"] == "nhom_dao_binh_an"
              and m["established_on"] <= REPORT_DAY]
    assert len(notice) == 3

    # ---- the notice models up to the report day: exact figures
    spans = [(REPORT_DAY - m["established_on"]).days for m in notice]
    n_out = apportion(spans, NOTICE_OUTREACH[0])
    n_pat = apportion(spans, NOTICE_PATROLS[0])
    out_rows, pat_rows = [], []
    for m, k_out, k_pat in zip(notice, n_out, n_pat, strict=True):
        v = m["village"]
        first = m["established_on"] + dt.timedelta(days=rng.randint(5, 20))
        for day, tag in notice_dates(rng, first, REPORT_DAY, k_out, religious_days(rng)):
            fmt = "sinh_hoat_ton_giao" if tag else rng.choice(FORMATS)
            out_rows.append({"date": day, "village": v, "model": m, "format": fmt})
        holidays = religious_days(rng)
        for y in range(2021, 2025):
            lo, hi = tet_window(y)
            holidays.append((rand_date(rng, lo, hi), "tet"))
            holidays.append((dt.date(y, 9, rng.choice((1, 2))), "ngay_le"))
        for lo, hi in POLITICAL_EVENTS:
            holidays.append((rand_date(rng, lo, hi), "su_kien_chinh_tri"))
        holidays.sort()
        for day, tag in notice_dates(rng, m["established_on"], REPORT_DAY, k_pat, holidays):
            occasion = {"easter": "le_ton_giao", "christmas": "le_ton_giao",
                        None: "thuong_xuyen"}.get(tag, tag)
            pat_rows.append({"date": day, "village": v, "model": m, "occasion": occasion})
    topics = list(LAW_TOPICS) + [rng.choice(LAW_TOPICS + OTHER_TOPICS)
                                 for _ in range(NOTICE_OUTREACH[0] - len(LAW_TOPICS))]
    rng.shuffle(topics)
    attendees = adjust_to_total([rng.randint(70, 140) for _ in out_rows], NOTICE_OUTREACH[1],
                                40, 180, rng)
    for row, topic, att in zip(out_rows, topics, attendees, strict=True):
        if row["format"] == "sinh_hoat_ton_giao" and topic not in LAW_TOPICS:
            topic = "luat_tin_nguong_ton_giao"  # keeps every law of the notice covered
        outreach.append(_outreach(row["date"], row["village"], row["model"], topic,
                                  row["format"], att))
    participants = adjust_to_total([rng.randint(6, 12) for _ in pat_rows], NOTICE_PATROLS[1],
                                   5, 14, rng)
    for row, n in zip(pat_rows, participants, strict=True):
        patrols.append(_patrol(row["date"], row["village"], row["model"], row["occasion"], n))

    # ---- every model's other activity (for the notice models: after the report day)
    for m in models:
        v = m["village"]
        is_notice = m in notice
        window = _active(m, REPORT_DAY + dt.timedelta(days=1)) if is_notice else _active(m)
        if window is None:
            continue
        first, last = window
        years = range(first.year, last.year + 1)
        ndba = m["model_type"] == "nhom_dao_binh_an"
        # outreach
        per_year = {"nhom_dao_binh_an": 5, "khu_dan_cu_an_toan": 4, "to_tu_quan": 2,
                    "to_lien_gia": 1, "camera_an_ninh": 1}[m["model_type"]]
        rel = religious_days(rng, years) if ndba else []
        n = max(1, round(per_year * ((last - first).days + 1) / 365))
        for day, tag in notice_dates(rng, first, last, n, rel[: n // 2]):
            fmt = "sinh_hoat_ton_giao" if tag else rng.choice(FORMATS)
            topic = _topic(rng, day)
            if tag and rng.random() < 0.5:
                topic = "luat_tin_nguong_ton_giao"
            outreach.append(_outreach(day, v, m, topic, fmt,
                                      min(rng.randint(30, 150), v["population"])))
        # patrols
        per_year = {"nhom_dao_binh_an": 8, "to_tu_quan": 10, "to_lien_gia": 6,
                    "camera_an_ninh": 4, "khu_dan_cu_an_toan": 4}[m["model_type"]]
        holidays = religious_days(rng, years) if ndba else []
        for y in years:
            if y in TET:
                lo, hi = tet_window(y)
                holidays.append((rand_date(rng, lo, hi), "tet"))
        holidays.sort()
        n = max(1, round(per_year * ((last - first).days + 1) / 365))
        for day, tag in notice_dates(rng, first, last, n, holidays):
            occasion = {"easter": "le_ton_giao", "christmas": "le_ton_giao",
                        None: "thuong_xuyen"}.get(tag, tag)
            patrols.append(_patrol(day, v, m, occasion, rng.randint(4, 12)))
        # commitments: the notice kinds, yearly in the nhóm đạo, now and then elsewhere
        types = COMMITMENT_TYPES if ndba or m["model_type"] == "khu_dan_cu_an_toan" else (
            rng.choice(COMMITMENT_TYPES),)
        for y in years:
            for ctype in types:
                day = _commitment_day(rng, ctype, y)
                if first <= day <= last:
                    hh = min(v["households"], 120, max(5, round(v["households"] *
                                                              rng.uniform(0.3, 0.7))))
                    commitments.append(_commitment(day, v, m, ctype, hh))
        # mediations
        per_year = {"nhom_dao_binh_an": 3, "to_tu_quan": 2, "to_lien_gia": 2,
                    "camera_an_ninh": 0.3, "khu_dan_cu_an_toan": 1}[m["model_type"]]
        n = round(per_year * ((last - first).days + 1) / 365)
        for day, _ in notice_dates(rng, first, last, n, []):
            outcome = "thành" if rng.random() < (0.92 if ndba else 0.85) else "không thành"
            mediations.append(_mediation(day, v, m, rng.choice(DISPUTE_TYPES), outcome))
    # make sure the notice models mediated before the report too
    for m in notice:
        first = m["established_on"] + dt.timedelta(days=30)
        n = max(2, round(2.5 * (REPORT_DAY - first).days / 365))
        for i, (day, _) in enumerate(notice_dates(rng, first, REPORT_DAY, n, [])):
            outcome = "không thành" if i == 1 and m is notice[0] else "thành"
            mediations.append(_mediation(day, m["village"], m, rng.choice(DISPUTE_TYPES),
                                         outcome))
        for y in range(m["established_on"].year, 2025):
            for ctype in COMMITMENT_TYPES:
                day = _commitment_day(rng, ctype, y)
                if m["established_on"] <= day <= REPORT_DAY:
                    v = m["village"]
                    hh = min(120, max(5, round(v["households"] * rng.uniform(0.45, 0.8))))
                    commitments.append(_commitment(day, v, m, ctype, hh))

    # ---- non-model activity in every commune
    quiet = {m["village"]["village_code"]: m["established_on"] for m in notice}

    def village_for(commune_villages: list[dict], day: dt.date) -> dict:
        while True:
            v = rng.choice(commune_villages)
            est = quiet.get(v["village_code"])
            if est is None or not est <= day <= REPORT_DAY:
                return v

    by_commune: dict[str, list[dict]] = {}
    for v in villages:
        by_commune.setdefault(v["commune_code"], []).append(v)
    tet_months = {(d.year, d.month) for d in TET.values()}
    for c in communes:
        cv = by_commune[c["commune_code"]]
        for y, mo in iter_months(START, END):
            lo, hi = month_start(y, mo), month_end(y, mo)
            # patrols: a steady rhythm, many more around Tết, some on holidays and events
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                day = rand_date(rng, lo, hi)
                patrols.append(_patrol(day, village_for(cv, day), None, "thuong_xuyen",
                                       rng.randint(4, 15)))
            if (y, mo) in tet_months:
                tlo, thi = tet_window(y)
                for _ in range(rng.randint(2, 4)):
                    day = rand_date(rng, tlo, thi)
                    patrols.append(_patrol(day, village_for(cv, day), None, "tet",
                                           rng.randint(6, 15)))
            if mo in (4, 9) and rng.random() < 0.4:
                day = dt.date(y, mo, 29) if mo == 4 else dt.date(y, 9, rng.choice((1, 2)))
                patrols.append(_patrol(day, village_for(cv, day), None, "ngay_le",
                                       rng.randint(5, 12)))
            for elo, ehi in POLITICAL_EVENTS:
                if elo.year == y and elo.month == mo and rng.random() < 0.6:
                    day = rand_date(rng, elo, ehi)
                    patrols.append(_patrol(day, village_for(cv, day), None,
                                           "su_kien_chinh_tri", rng.randint(5, 15)))
            # outreach: about one session every two months per commune
            if rng.random() < 0.5:
                day = rand_date(rng, lo, hi)
                v = village_for(cv, day)
                outreach.append(_outreach(day, v, None, _topic(rng, day),
                                          rng.choice(FORMATS[:1] * 3 + FORMATS[2:]),
                                          min(rng.randint(20, 200), v["population"])))
            # mediations: about four a year per commune
            if rng.random() < 0.33:
                day = rand_date(rng, lo, hi)
                outcome = "thành" if rng.random() < 0.82 else "không thành"
                mediations.append(_mediation(day, village_for(cv, day), None,
                                             rng.choice(DISPUTE_TYPES), outcome))
        # commitments: yearly campaigns in some villages of every commune
        for y in range(2020, 2027):
            for ctype in COMMITMENT_TYPES:
                for _ in range(rng.choice((0, 1, 1, 2))):
                    day = _commitment_day(rng, ctype, y)
                    if not START <= day <= END:
                        continue
                    v = village_for(cv, day)
                    hh = min(v["households"], 120,
                             max(5, round(v["households"] * rng.uniform(0.2, 0.9))))
                    commitments.append(_commitment(day, v, None, ctype, hh))

    # ---- incidents
    incidents.extend(_incidents(rng, villages, notice))

    def finish(rows: list[dict], prefix: str, date_col: str) -> list[dict]:
        rows.sort(key=lambda r: (r[date_col], r["village_code"], r.get("model_id", "")))
        for i, r in enumerate(rows, start=1):
            r["record_id"] = f"{prefix}-{i:06d}"
        return rows

    return (
        finish(outreach, "TT", "held_on"),
        finish(patrols, "TR", "held_on"),
        finish(commitments, "CK", "signed_on"),
        finish(mediations, "HG", "held_on"),
        finish(incidents, "VV", "occurred_on"),
    )


def _mid(model: dict | None) -> str:
    return model["model_id"] if model else ""


def _outreach(day, v, m, topic, fmt, attendees):
    return {"held_on": day, "village_code": v["village_code"], "model_id": _mid(m),
            "topic": topic, "format": fmt, "attendees": max(20, min(200, attendees))}


def _patrol(day, v, m, occasion, participants):
    return {"held_on": day, "village_code": v["village_code"], "model_id": _mid(m),
            "occasion": occasion, "participants": participants}


def _commitment(day, v, m, ctype, households):
    return {"signed_on": day, "village_code": v["village_code"], "model_id": _mid(m),
            "commitment_type": ctype, "households": households}


def _mediation(day, v, m, dispute, outcome):
    return {"held_on": day, "village_code": v["village_code"], "model_id": _mid(m),
            "dispute_type": dispute, "outcome": outcome}


def _topic(rng: random.Random, day: dt.date) -> str:
    if rng.random() < 0.03 + 0.03 * (day.year - 2020):  # online fraud: a growing topic
        return "lua_dao_khong_gian_mang"
    return rng.choice(LAW_TOPICS + ("phong_chong_toi_pham",) * 3)


def _commitment_day(rng: random.Random, ctype: str, year: int) -> dt.date:
    if ctype == "khong_phao":  # weeks before Tết
        return TET[year] - dt.timedelta(days=rng.randint(10, 40))
    if ctype == "khong_cay_thuoc_phien":  # before the winter sowing season
        return rand_date(rng, dt.date(year, 9, 15), dt.date(year, 10, 31))
    if ctype == "phong_chay_chua_chay":  # dry season
        return rand_date(rng, dt.date(year, 3, 1), dt.date(year, 4, 30)) if rng.random() < 0.5 \
            else rand_date(rng, dt.date(year, 10, 1), dt.date(year, 10, 31))
    return rand_date(rng, dt.date(year, 5, 1), dt.date(year, 8, 31))


def _incidents(rng: random.Random, villages: list[dict], notice: list[dict]) -> list[dict]:
    quiet = {m["village"]["village_code"]: m["established_on"] for m in notice}
    weights = [v["population"] for v in villages]
    rows = []
    per_year = {"ma_tuy": 9, "trom_cap": 14, "danh_bac": 5, "gay_thuong_tich": 6}
    for year in range(2020, 2027):
        last = min(dt.date(year, 12, 31), END)
        scale = ((last - dt.date(year, 1, 1)).days + 1) / 365
        plan = dict(per_year)
        plan["lua_dao_mang"] = [1, 2, 4, 6, 9, 13, 16][year - 2020]
        for category, n in plan.items():
            for _ in range(round(n * scale * rng.uniform(0.8, 1.2))):
                day = rand_date(rng, dt.date(year, 1, 1), last)
                while True:
                    v = rng.choices(villages, weights)[0]
                    est = quiet.get(v["village_code"])
                    if est is None or not est <= day <= REPORT_DAY:
                        break
                rows.append(_incident(rng, day, v, category))
    # the before/after picture: a few incidents in the model villages before the models
    for m in notice:
        v = m["village"]
        for category in rng.sample(("trom_cap", "danh_bac", "gay_thuong_tich", "ma_tuy"), 2):
            day = rand_date(rng, START, m["established_on"] - dt.timedelta(days=20))
            rows.append(_incident(rng, day, v, category))
    return rows


def _incident(rng: random.Random, day: dt.date, v: dict, category: str) -> dict:
    r = rng.random()
    field = "an_ninh_chinh_tri" if r < 0.06 else "ton_giao" if r < 0.11 else "trat_tu_xa_hoi"
    resolved = rng.random() < (0.55 if day >= dt.date(2026, 6, 1) else 0.9)
    return {"occurred_on": day, "village_code": v["village_code"], "category": category,
            "field": field, "resolved": resolved}


# --------------------------------------------------------------------------- output


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return nfc(str(value))


def write_table(out: Path, name: str, rows: list[dict]) -> None:
    table = TABLES[name]
    columns = table.column_names
    with open(out / table.file, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(col)) for col in columns])


def check(villages, religion, models, outreach, patrols) -> None:
    """Fail loudly if the sample no longer reproduces the notice."""
    assert sum(v["population"] for v in villages) == TOTAL_POPULATION
    for rel, (hh, pp) in RELIGION_2024.items():
        rows = [r for r in religion if r["year"] == 2024 and r["religion"] == rel]
        assert (sum(r["households"] for r in rows), sum(r["people"] for r in rows)) == (hh, pp)
    notice_ids = [m["model_id"] for m in models if m["model_type"] == "nhom_dao_binh_an"
                  and m["established_on"] <= REPORT_DAY]
    out = [r for r in outreach if r["model_id"] in notice_ids and r["held_on"] <= REPORT_DAY]
    pat = [r for r in patrols if r["model_id"] in notice_ids and r["held_on"] <= REPORT_DAY]
    assert (len(out), sum(r["attendees"] for r in out)) == NOTICE_OUTREACH
    assert (len(pat), sum(r["participants"] for r in pat)) == NOTICE_PATROLS
    months = Counter((r["held_on"].year, r["held_on"].month) for r in patrols)
    median = statistics.median(months.get(ym, 0) for ym in iter_months(START, END))
    for tet in TET.values():
        assert months[(tet.year, tet.month)] >= 2 * median, (tet, median)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "data",
                        help="output folder (default: the repo's data/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    rng = random.Random(SEED)
    communes, communes_2025 = load_reference()
    villages = make_villages(rng, communes)
    model_villages = [
        next(v for v in villages if v["commune_code"] == code and v["village_name"] == name)
        for code, name, _, _ in NOTICE_MODELS
    ]
    religion, protestant_others = make_religion(rng, villages, model_villages)
    models = make_models(rng, villages, model_villages, protestant_others)
    outreach, patrols, commitments, mediations, incidents = make_activities(
        rng, communes, villages, models)
    check(villages, religion, models, outreach, patrols)

    model_rows = [{**m, "village_code": m["village"]["village_code"]} for m in models]
    write_table(args.out, "communes_2025", communes_2025)
    write_table(args.out, "communes", communes)
    write_table(args.out, "villages", villages)
    write_table(args.out, "religion", religion)
    write_table(args.out, "models", model_rows)
    write_table(args.out, "outreach", outreach)
    write_table(args.out, "patrols", patrols)
    write_table(args.out, "commitments", commitments)
    write_table(args.out, "mediations", mediations)
    write_table(args.out, "incidents", incidents)
    # reports come from their own generator: the tables above stay as they were
    reports = make_reports(SEED + 17, communes, communes_2025)
    write_table(args.out, "reports", reports)
    total = sum(len(x) for x in (communes, communes_2025, villages, religion, models, outreach,
                                 patrols, commitments, mediations, incidents, reports))
    print(f"wrote {total} rows into {args.out}")


if __name__ == "__main__":
    main()
