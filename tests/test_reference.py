"""The bundled sample reproduces the reference notice (Bắc Sơn, 02/10/2024) through run_query."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from antt.data.queries import run_query

NOTICE_DAY = dt.date(2024, 10, 2)
MODEL = "nhom_dao_binh_an"
ALL_2024 = dict(communes=[], unit_set="2024")


def test_units_villages_population_area(sample_store):
    s = run_query("unit_summary", store=sample_store, **ALL_2024).iloc[0]
    assert (s.communes_xa, s.communes_thi_tran, s.villages) == (17, 1, 148)
    assert s.population == 74392
    assert round(s.area_km2, 1) == 695.9
    assert s.district_names == "Huyện Bắc Sơn"


def test_2025_units(sample_store):
    s = run_query("unit_summary", store=sample_store, communes=[], unit_set="2025").iloc[0]
    assert (s.units, s.villages, s.population) == (6, 148, 74392)
    assert round(s.area_km2, 1) == 699.4
    names = run_query("units", store=sample_store, unit_set="2025").unit_name.tolist()
    assert names == ["Xã Bắc Sơn", "Xã Hưng Vũ", "Xã Nhất Hòa", "Xã Tân Tri", "Xã Vũ Lăng",
                     "Xã Vũ Lễ"]


def test_religion_2024(sample_store):
    df = run_query("religion_totals", store=sample_store, year=2024, **ALL_2024)
    got = {r.religion: (r.households, r.people) for r in df.itertuples()}
    assert got == {
        "Tin lành": (507, 2519),
        "Công giáo": (41, 139),
        "Phật giáo": (162, 182),
        "Tổng": (710, 2840),
    }


def test_three_model_villages_on_the_notice_day(sample_store):
    df = run_query(
        "models_active_on", store=sample_store, on_date=NOTICE_DAY, model_type=MODEL, **ALL_2024
    )
    assert sorted(zip(df.village_name, df.commune_name)) == [
        ("Bình An", "Xã Chiến Thắng"),
        ("Khau Bao", "Xã Tân Tri"),
        ("Phúc Tiến", "Xã Vũ Sơn"),
    ]
    later = run_query(
        "models_active_on", store=sample_store, on_date=dt.date(2026, 10, 31), model_type=MODEL,
        **ALL_2024,
    )
    assert (later.established_on.dt.date > NOTICE_DAY).sum() >= 1  # later ones start after


def test_model_activity_figures_up_to_the_notice_day(sample_store):
    df = run_query(
        "kpis", store=sample_store, model_type=MODEL, date_from=dt.date(2020, 1, 1),
        date_to=NOTICE_DAY, prev_from=dt.date(2019, 1, 1), prev_to=dt.date(2019, 10, 2),
        **ALL_2024,
    ).set_index("period")
    cur = df.loc["current"]
    assert (cur.outreach_sessions, cur.outreach_attendees) == (35, 3560)
    assert (cur.patrols, cur.patrol_participants) == (50, 450)
    assert cur.incidents == 0
    assert cur.active_models == 3


def test_check_command_prints_the_reference_figures(sample_dir):
    out = subprocess.run(
        [sys.executable, "-m", "antt", "check", "--data", str(sample_dir)],
        capture_output=True, text=True, check=True,
    ).stdout
    for text in ["17 xã, 01 thị trấn (gồm 148 thôn, khối phố)", "dân số 74.392 người",
                 "diện tích 695,9 km²", "6 xã; diện tích 699,4 km²",
                 "Tin lành 507 hộ/2.519 nhân khẩu", "Công giáo 41 hộ/139 nhân khẩu",
                 "Phật giáo 162 hộ/182 nhân khẩu", "Tổng 710 hộ/2.840 nhân khẩu",
                 "thôn Phúc Tiến, Xã Vũ Sơn", "thôn Khau Bao, Xã Tân Tri",
                 "thôn Bình An, Xã Chiến Thắng", "tuyên truyền 35 buổi, 3.560 lượt người",
                 "tuần tra 50 cuộc, 450 lượt người"]:
        assert text in out


def test_check_command_fails_on_bad_data(sample_copy):
    path = sample_copy / "patrols.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[5].split(",")
    cells[-1] = "-4"
    lines[5] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "antt", "check", "--data", str(sample_copy)],
        capture_output=True, text=True,
    )
    assert run.returncode == 1
    assert "patrols.csv, dòng 6, cột “participants”: Số âm “-4” không hợp lệ" in run.stdout
