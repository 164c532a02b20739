"""The bundled sample data (data/*.csv) reproduces the notice of the BCĐ 138 huyện Bắc Sơn.

Read-only on data/; the reproducibility test generates into a temporary folder.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import statistics
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
GEO_2024 = DATA / "geo" / "bac_son_communes_2024.geojson"
sys.path.insert(0, str(REPO))

from antt.data.schema import TABLES  # noqa: E402

GENERATED = ("communes_2025", "communes", "villages", "religion", "models", "outreach",
             "patrols", "commitments", "mediations", "incidents")
REPORT_DAY = "2024-10-02"
LAST_DAY = "2026-10-31"
NOTICE_VILLAGES = {("06355", "Phúc Tiến"), ("06340", "Khau Bao"), ("06364", "Bình An")}
LAWS = {
    "luat_phong_chong_ma_tuy", "luat_vk_vln_ccht", "luat_phong_chong_bao_luc_gia_dinh",
    "luat_cu_tru", "luat_giao_thong_duong_bo", "luat_xu_ly_vi_pham_hanh_chinh", "luat_dat_dai",
    "luat_phong_chong_tham_nhung", "luat_tin_nguong_ton_giao", "luat_can_cuoc",
    "phong_chay_chua_chay",
}
TET_MONTHS = ("2020-01", "2021-02", "2022-02", "2023-01", "2024-02", "2025-01", "2026-02")
MERGE_2025 = {  # 2025 code -> 2024 codes (Nghị quyết 1672/NQ-UBTVQH15)
    "06325": {"06325", "06328", "06343"},
    "06337": {"06331", "06337", "06340"},
    "06349": {"06349", "06370"},
    "06364": {"06355", "06364", "06373"},
    "06367": {"06352", "06358", "06361", "06367"},
    "06376": {"06376", "06379", "06382"},
}


def read(name: str, folder: Path = DATA) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def t() -> dict[str, list[dict]]:
    return {name: read(name) for name in (*GENERATED, "vocab")}


@pytest.fixture(scope="module")
def notice_models(t) -> list[dict]:
    villages = {v["village_code"]: v for v in t["villages"]}
    return [
        m for m in t["models"]
        if m["model_type"] == "nhom_dao_binh_an" and m["established_on"] <= REPORT_DAY
        and (m["ended_on"] == "" or m["ended_on"] >= REPORT_DAY)
        and (villages[m["village_code"]]["commune_code"],
             villages[m["village_code"]]["village_name"]) in NOTICE_VILLAGES
    ]


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name", (*GENERATED, "reports", "recognition_entries"))
def test_file_format_and_header(name):
    raw = (DATA / f"{name}.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw and raw.endswith(b"\n")
    text = raw.decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
    header = next(csv.reader(text.splitlines()))
    assert header == TABLES[name].column_names


@pytest.mark.parametrize("name", GENERATED)
def test_types_required_and_keys(t, name):
    table = TABLES[name]
    rows = t[name]
    assert rows
    for row in rows:
        for col in table.columns:
            value = row[col.name]
            if value == "":
                assert not col.required, (name, col.name, row)
                continue
            if col.type == "int":
                assert re.fullmatch(r"\d+", value), (name, col.name, value)
            elif col.type == "float":
                float(value)
            elif col.type == "date":
                dt.date.fromisoformat(value)
                assert len(value) == 10
            elif col.type == "bool":
                assert value in ("true", "false")
            assert value == value.strip()
    keys = [tuple(r[k] for k in table.key) for r in rows]
    assert len(keys) == len(set(keys)), name


@pytest.mark.parametrize("name", GENERATED)
def test_vocab_and_references(t, name):
    vocab = {(v["table"], v["column"], v["value"]) for v in t["vocab"]}
    for col in TABLES[name].columns:
        values = {r[col.name] for r in t[name]} - {""}
        if col.vocab:
            missing = {x for x in values if (name, col.name, x) not in vocab}
            assert not missing, (name, col.name, missing)
        if col.references:
            ref_table, ref_col = col.references.split(".")
            known = {r[ref_col] for r in t[ref_table]}
            assert values <= known, (name, col.name, values - known)


@pytest.mark.parametrize("name", ("outreach", "patrols", "commitments", "mediations",
                                  "incidents"))
def test_record_ids_and_dates(t, name):
    table = TABLES[name]
    prefix = {"outreach": "TT", "patrols": "TR", "commitments": "CK", "mediations": "HG",
              "incidents": "VV"}[name]
    ids = [r["record_id"] for r in t[name]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(prefix + r"-\d{6}", i) for i in ids)
    dates = [r[table.date_column] for r in t[name]]
    assert min(dates) >= "2020-01-01" and max(dates) <= LAST_DAY
    assert any(d >= "2025-07-01" for d in dates)


# ---------------------------------------------------------------- units


def test_units(t):
    communes = t["communes"]
    assert len(communes) == 18
    assert Counter(c["kind"] for c in communes) == {"xã": 17, "thị trấn": 1}
    assert all(re.fullmatch(r"\d{5}", c["commune_code"]) for c in communes)
    assert {c["district_code"] for c in communes} == {"185"}
    assert {c["province_code"] for c in communes} == {"20"}
    names = {c["commune_code"]: c["commune_name"] for c in communes}
    assert names["06325"] == "Thị trấn Bắc Sơn" and names["06337"] == "Xã Đồng Ý"
    assert round(sum(float(c["area_km2"]) for c in communes), 2) == 695.9
    assert all(float(c["area_km2"]) > 0 for c in communes)


def test_units_2025(t):
    new = t["communes_2025"]
    assert len(new) == 6
    assert round(sum(float(c["area_km2"]) for c in new), 2) == 699.4
    codes = {c["commune_code_2025"] for c in new}
    mapping: dict[str, set[str]] = {}
    for c in t["communes"]:
        assert c["commune_code_2025"] in codes
        mapping.setdefault(c["commune_code_2025"], set()).add(c["commune_code"])
    assert mapping == MERGE_2025


def test_villages(t):
    villages = t["villages"]
    assert len(villages) == 148
    assert sum(int(v["population"]) for v in villages) == 74392
    assert {v["kind"] for v in villages} == {"thôn", "khối phố"}
    blocks = {v["commune_code"] for v in villages if v["kind"] == "khối phố"}
    assert blocks == {"06325"}
    for v in villages:
        assert re.fullmatch(v["commune_code"] + r"-\d{2}", v["village_code"])
        assert not v["village_name"].lower().startswith(("thôn ", "khối phố "))
        ratio = int(v["population"]) / int(v["households"])
        assert 3 <= ratio <= 5, v
    per_commune = Counter((v["commune_code"], v["village_name"]) for v in villages)
    assert max(per_commune.values()) == 1
    across = Counter(v["village_name"] for v in villages)
    assert sum(1 for n in across.values() if n > 1) >= 3  # deliberate homonyms
    named = {(v["commune_code"], v["village_name"]) for v in villages}
    assert NOTICE_VILLAGES <= named
    assert {v["commune_code"] for v in villages} == {c["commune_code"] for c in t["communes"]}


def _inside(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def test_village_points_inside_their_commune(t):
    geo = json.loads(GEO_2024.read_text(encoding="utf-8"))
    rings = {f["properties"]["code"]: f["geometry"]["coordinates"][0] for f in geo["features"]}
    assert set(rings) == {c["commune_code"] for c in t["communes"]}
    for v in t["villages"]:
        lat, lon = float(v["lat"]), float(v["lon"])
        assert round(lat, 5) == lat and round(lon, 5) == lon
        assert _inside(lon, lat, rings[v["commune_code"]]), v
        others = [c for c, ring in rings.items() if _inside(lon, lat, ring)]
        assert others == [v["commune_code"]], v


# ---------------------------------------------------------------- religion


def test_religion_2024_totals(t):
    totals: dict[str, list[int]] = {}
    for r in t["religion"]:
        if r["year"] == "2024":
            acc = totals.setdefault(r["religion"], [0, 0])
            acc[0] += int(r["households"])
            acc[1] += int(r["people"])
    assert totals == {"Tin lành": [507, 2519], "Công giáo": [41, 139], "Phật giáo": [162, 182]}
    assert sum(h for h, _ in totals.values()) == 710
    assert sum(p for _, p in totals.values()) == 2840


def test_religion_years_and_plausibility(t):
    villages = {v["village_code"]: v for v in t["villages"]}
    assert {r["year"] for r in t["religion"]} == {str(y) for y in range(2020, 2027)}
    per_village_year: Counter = Counter()
    for r in t["religion"]:
        v = villages[r["village_code"]]
        assert 0 < int(r["households"]) <= int(r["people"]) <= int(v["population"])
        per_village_year[(r["year"], r["village_code"])] += int(r["households"])
    for (_, code), hh in per_village_year.items():
        assert hh <= int(villages[code]["households"])
    by_year = Counter()
    for r in t["religion"]:
        by_year[r["year"]] += int(r["people"])
    assert len(set(by_year.values())) > 1  # other years vary


def test_model_villages_have_protestants(t, notice_models):
    for m in notice_models:
        rows = [r for r in t["religion"] if r["year"] == "2024"
                and r["village_code"] == m["village_code"] and r["religion"] == "Tin lành"]
        assert rows and int(rows[0]["households"]) >= 50


# ---------------------------------------------------------------- models


def test_notice_models(t, notice_models):
    villages = {v["village_code"]: v for v in t["villages"]}
    active = [m for m in t["models"] if m["model_type"] == "nhom_dao_binh_an"
              and m["established_on"] <= REPORT_DAY
              and (m["ended_on"] == "" or m["ended_on"] >= REPORT_DAY)]
    assert len(active) == 3 and len(notice_models) == 3
    assert {(villages[m["village_code"]]["commune_code"],
             villages[m["village_code"]]["village_name"]) for m in active} == NOTICE_VILLAGES
    for m in active:
        assert "2021-01-01" <= m["established_on"] <= "2023-03-31"
        assert m["ended_on"] == ""
        assert m["model_name"].startswith("Nhóm đạo bình an, an lành bảo đảm về ANTT thôn ")
        assert m["model_name"].endswith(villages[m["village_code"]]["village_name"])
        assert 5 <= int(m["members"]) <= 60
    later = [m for m in t["models"] if m["model_type"] == "nhom_dao_binh_an"
             and m not in active]
    assert later and all(m["established_on"] > REPORT_DAY for m in later)


def test_models_variety(t):
    models = t["models"]
    assert len({m["model_type"] for m in models}) >= 4
    assert any(m["ended_on"] for m in models)
    assert any(m["established_on"] >= "2025-01-01" and m["model_type"] != "nhom_dao_binh_an"
               for m in models)
    for m in models:
        assert re.fullmatch(r"MH\d{3}", m["model_id"])
        assert "2020-01-01" <= m["established_on"] <= LAST_DAY
        assert m["ended_on"] == "" or m["established_on"] < m["ended_on"] <= LAST_DAY


# ---------------------------------------------------------------- activities


def _notice_rows(t, notice_models, name):
    ids = {m["model_id"] for m in notice_models}
    col = TABLES[name].date_column
    return [r for r in t[name] if r["model_id"] in ids and r[col] <= REPORT_DAY]


def test_notice_outreach_35_sessions_3560_attendees(t, notice_models):
    rows = _notice_rows(t, notice_models, "outreach")
    assert len(rows) == 35
    assert sum(int(r["attendees"]) for r in rows) == 3560
    assert LAWS <= {r["topic"] for r in rows}


def test_notice_patrols_50_with_450_participants(t, notice_models):
    rows = _notice_rows(t, notice_models, "patrols")
    assert len(rows) == 50
    assert sum(int(r["participants"]) for r in rows) == 450
    assert {"le_ton_giao", "tet", "su_kien_chinh_tri"} <= {r["occasion"] for r in rows}


def test_notice_commitments_and_mediations(t, notice_models):
    rows = _notice_rows(t, notice_models, "commitments")
    assert {r["commitment_type"] for r in rows} == {
        "khong_phao", "khong_cay_thuoc_phien", "khong_vk_vln_ccht", "phong_chay_chua_chay"}
    med = _notice_rows(t, notice_models, "mediations")
    assert len(med) >= 3
    assert sum(r["outcome"] == "thành" for r in med) / len(med) >= 0.75


def test_notice_models_continue_after_report(t, notice_models):
    ids = {m["model_id"] for m in notice_models}
    for name in ("outreach", "patrols"):
        later = {r["model_id"] for r in t[name] if r["model_id"] in ids
                 and r["held_on"] > REPORT_DAY}
        assert later == ids


def test_model_activities_in_own_village_and_period(t):
    models = {m["model_id"]: m for m in t["models"]}
    for name in ("outreach", "patrols", "commitments", "mediations"):
        col = TABLES[name].date_column
        for r in t[name]:
            if not r["model_id"]:
                continue
            m = models[r["model_id"]]
            assert r["village_code"] == m["village_code"], (name, r)
            assert m["established_on"] <= r[col] <= (m["ended_on"] or LAST_DAY), (name, r)


def test_no_incident_in_model_villages_while_model_active(t, notice_models):
    for m in notice_models:
        rows = [r for r in t["incidents"] if r["village_code"] == m["village_code"]]
        assert not [r for r in rows if m["established_on"] <= r["occurred_on"] <= REPORT_DAY]
        assert [r for r in rows if r["occurred_on"] < m["established_on"]]  # before/after


def test_incidents_variety(t):
    rows = t["incidents"]
    vocab = {(v["column"], v["value"]) for v in t["vocab"] if v["table"] == "incidents"}
    assert {("category", r["category"]) for r in rows} == {x for x in vocab if x[0] == "category"}
    assert {("field", r["field"]) for r in rows} == {x for x in vocab if x[0] == "field"}
    fraud = Counter(r["occurred_on"][:4] for r in rows if r["category"] == "lua_dao_mang")
    assert fraud["2025"] > fraud["2021"] and fraud["2026"] > fraud["2020"]
    assert {r["resolved"] for r in rows} == {"true", "false"}


def test_non_model_activity_everywhere(t):
    villages = {v["village_code"]: v["commune_code"] for v in t["villages"]}
    for name in ("outreach", "patrols", "commitments", "mediations"):
        communes = {villages[r["village_code"]] for r in t[name] if not r["model_id"]}
        assert len(communes) == 18, name
    total = sum(len(t[n]) for n in GENERATED)
    assert 2000 <= total <= 10000


def test_counts_are_plausible(t):
    households = {v["village_code"]: int(v["households"]) for v in t["villages"]}
    assert all(20 <= int(r["attendees"]) <= 200 for r in t["outreach"])
    assert all(4 <= int(r["participants"]) <= 15 for r in t["patrols"])
    for r in t["commitments"]:
        assert 5 <= int(r["households"]) <= min(120, households[r["village_code"]])
    outcomes = Counter(r["outcome"] for r in t["mediations"])
    assert outcomes["thành"] > 2 * outcomes["không thành"] > 0


def test_tet_seasonality(t):
    months = Counter(r["held_on"][:7] for r in t["patrols"])
    all_months = [f"{y}-{m:02d}" for y in range(2020, 2027) for m in range(1, 13)
                  if f"{y}-{m:02d}" <= LAST_DAY[:7]]
    median = statistics.median(months.get(m, 0) for m in all_months)
    for month in TET_MONTHS:
        assert months[month] >= 2 * median, (month, months[month], median)


def test_religious_holidays_in_model_villages(t, notice_models):
    codes = {m["village_code"] for m in notice_models}
    patrols = [r for r in t["patrols"] if r["village_code"] in codes
               and r["occasion"] == "le_ton_giao"]
    assert any(r["held_on"][5:7] == "12" for r in patrols)
    assert any(r["held_on"][5:7] in ("03", "04") for r in patrols)
    outreach = [r for r in t["outreach"] if r["village_code"] in codes
                and r["format"] == "sinh_hoat_ton_giao"]
    assert any(r["held_on"][5:7] == "12" for r in outreach)


# ---------------------------------------------------------------- reproducibility


def test_generator_reproduces_bundled_files(tmp_path):
    pytest.importorskip("vietnamadminunits")
    pytest.importorskip("vietnam_provinces")
    subprocess.run([sys.executable, str(REPO / "tools" / "generate_sample_data.py"),
                    "--out", str(tmp_path)], check=True, capture_output=True)
    for name in (*GENERATED, "reports"):
        assert (tmp_path / f"{name}.csv").read_bytes() == (DATA / f"{name}.csv").read_bytes(), name
