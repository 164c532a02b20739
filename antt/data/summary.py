"""A plain-text summary of a data folder: units, villages, people, date ranges, totals."""

from __future__ import annotations

import datetime as dt

from antt.data.queries import run_query
from antt.data.schema import TABLES
from antt.data.store import Store
from antt.text.fmt import date_short, number, two_digits

# The reference notice's date and model type: `check` prints the figures it must reproduce.
REFERENCE_DATE = dt.date(2024, 10, 2)
REFERENCE_MODEL_TYPE = "nhom_dao_binh_an"


def data_summary(store: Store) -> list[str]:
    """Lines describing the data: what `python -m antt check` prints."""
    scope = {"communes": [], "unit_set": "2024"}
    units = run_query("unit_summary", store=store, **scope).iloc[0]
    units_2025 = run_query("unit_summary", store=store, communes=[], unit_set="2025").iloc[0]
    lines = [
        f"Dữ liệu: {store.data_dir}",
        f"Đơn vị trước 01/7/2025: {units.district_names}, {units.province_names}: "
        f"{units.communes_xa} xã, {two_digits(int(units.communes_thi_tran))} thị trấn"
        + (f", {number(units.communes_phuong)} phường" if units.communes_phuong else "") + " "
        f"(gồm {number(units.villages)} thôn, khối phố); dân số {number(units.population)} người; "
        f"diện tích {number(units.area_km2, 1)} km²",
        f"Đơn vị từ 01/7/2025: {units_2025.units} xã; "
        f"diện tích {number(units_2025.area_km2, 1)} km²",
    ]
    listed = run_query("unit_counts", store=store).iloc[0]
    if not listed.villages:  # a folder from `area init`: units listed, no village yet
        lines[1:3] = [
            f"Danh mục: {number(listed.communes)} xã, phường, thị trấn trước 01/7/2025 "
            f"({number(listed.districts)} huyện); {number(listed.communes_2025)} xã, phường "
            "từ 01/7/2025",
            "Chưa có thôn nào: nhập danh sách thôn (python -m antt import villages TỆP).",
        ]
    religion = run_query("religion_totals", store=store, year=REFERENCE_DATE.year, **scope)
    parts = [
        f"{r.religion} {number(r.households)} hộ/{number(r.people)} nhân khẩu"
        for r in religion.itertuples()
    ]
    lines.append(f"Tôn giáo năm {REFERENCE_DATE.year}: " + "; ".join(parts))
    lines.append("Bảng dữ liệu:")
    for r in run_query("table_summary", store=store).itertuples():
        span = f"{date_short(r.first_on)} – {date_short(r.last_on)}" if r.records else "trống"
        totals = ""
        if r.people:
            totals = f", {number(r.people)} lượt người"
        if r.households:
            totals = f", {number(r.households)} hộ"
        label = TABLES[r.table_name].label
        lines.append(f"  {label}: {number(r.records)} bản ghi ({span}){totals}")
    lines += _reference_lines(store)
    return lines


def _reference_lines(store: Store) -> list[str]:
    """The model figures of the reference notice, computed from the data."""
    models = run_query(
        "models_active_on", store=store, communes=[], unit_set="2024",
        on_date=REFERENCE_DATE, model_type=REFERENCE_MODEL_TYPE,
    )
    if models.empty:
        return []
    first = models["established_on"].min().date()
    kpis = run_query(
        "kpis", store=store, communes=[], unit_set="2024", date_from=first,
        date_to=REFERENCE_DATE, prev_from=first, prev_to=REFERENCE_DATE,
        model_type=REFERENCE_MODEL_TYPE,
    ).iloc[0]
    places = "; ".join(
        f"{r.village_kind} {r.village_name}, {r.commune_name}" for r in models.itertuples()
    )
    return [
        f"Mô hình “Nhóm đạo bình an” hoạt động ngày {date_short(REFERENCE_DATE)}: "
        f"{two_digits(len(models))} ({places})",
        f"  Từ {date_short(first)} đến {date_short(REFERENCE_DATE)}: tuyên truyền "
        f"{number(kpis.outreach_sessions)} buổi, {number(kpis.outreach_attendees)} lượt người; "
        f"tuần tra {number(kpis.patrols)} cuộc, {number(kpis.patrol_participants)} lượt người; "
        f"vụ việc {number(kpis.incidents)}",
    ]
