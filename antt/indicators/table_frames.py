"""Tables as the pages show them: Vietnamese headers, totals rows and the small reshapes the
pages need. No streamlit, no SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from antt.indicators.kpi_cards import success_rate
from antt.indicators.view_text import unit_label
from antt.text.fmt import number, vi_sort_key

ALL_MODEL_TYPES = "Tất cả loại mô hình"
ALL_COMMUNES = "Tất cả xã"



# ---------------------------------------------------------------- tables with Vietnamese headers

COLUMN_LABELS: dict[str, str] = {
    "month": "Tháng",
    "year": "Năm",
    "unit_code": "Mã xã",
    "unit_name": "Xã, thị trấn",
    "village_code": "Mã thôn",
    "village_name": "Thôn, khối phố",
    "village_kind": "Loại",
    "villages": "Số thôn, khối phố",
    "population": "Số nhân khẩu",
    "households": "Số hộ",
    "active_models": "Mô hình đang hoạt động",
    "model_names": "Mô hình",
    "model_id": "Mã mô hình",
    "model_name": "Tên mô hình",
    "model_type_label": "Loại mô hình",
    "established_on": "Ngày thành lập",
    "ended_on": "Ngày kết thúc",
    "members": "Số thành viên",
    "status": "Tình trạng",
    "outreach_sessions": "Buổi tuyên truyền",
    "outreach_attendees": "Lượt người dự tuyên truyền",
    "patrols": "Cuộc tuần tra",
    "patrol_participants": "Lượt người tuần tra",
    "commitments": "Lượt ký cam kết",
    "commitment_households": "Hộ ký cam kết",
    "mediations": "Vụ hòa giải",
    "mediations_successful": "Hòa giải thành",
    "success_rate": "Tỷ lệ thành (%)",
    "incidents": "Vụ việc về ANTT",
    "resolved": "Đã giải quyết",
    "incidents_per_1000": "Vụ việc / 1.000 dân",
    "topic_label": "Nội dung",
    "format_label": "Hình thức",
    "sessions": "Số buổi",
    "attendees": "Lượt người dự",
    "occasion_label": "Dịp",
    "participants": "Lượt người tham gia",
    "commitment_type_label": "Loại cam kết",
    "household_share": "Tỷ lệ so với tổng số hộ (%)",
    "scope_households": "Tổng số hộ trong phạm vi",
    "dispute_type_label": "Loại mâu thuẫn",
    "outcome_label": "Kết quả",
    "category_label": "Loại vụ việc",
    "field_label": "Lĩnh vực",
    "village_group": "Nhóm thôn",
    "incidents_before": "Vụ việc 12 tháng trước",
    "incidents_after": "Vụ việc 12 tháng sau",
    "months_after": "Số tháng đã qua sau thành lập",
    "record_id": "Mã bản ghi",
    "on_date": "Ngày",
    "kind_label": "Loại",
    "detail_label": "Chi tiết",
    "people": "Lượt người",
    "report_status": "Báo cáo",
    "year_note": "Ghi chú",
}

# Short headers for a wide table on screen (Tổng quan's "Theo xã": nine columns whole at
# 1366 px), each said in full in its tooltip (SHORT_HELPS); its files keep COLUMN_LABELS, as
# a spreadsheet is read without the page around it (full_headers).
SHORT_LABELS: dict[str, str] = {
    "active_models": "Mô hình",
    "outreach_attendees": "Lượt người dự",
    "incidents": "Vụ việc",
}
SHORT_HELPS: dict[str, str] = {
    "Mô hình": "Mô hình đang hoạt động (ngày cuối kỳ)",
    "Lượt người dự": COLUMN_LABELS["outreach_attendees"],
    "Vụ việc": COLUMN_LABELS["incidents"],
}


def full_headers(frame: pd.DataFrame) -> pd.DataFrame:
    """A table headed with SHORT_LABELS, headed with COLUMN_LABELS again (for its files)."""
    return frame.rename(columns={SHORT_LABELS[c]: COLUMN_LABELS[c] for c in SHORT_LABELS})


# Columns whose values are shares (0..1): shown and exported as percentages (45,6).
SHARE_COLUMNS = frozenset({"household_share", "success_rate"})


def vi_table(df: pd.DataFrame, columns: list[str], labels: dict[str, str] | None = None,
             unit_set: str = "2024") -> pd.DataFrame:
    """The chosen columns in order, headed in Vietnamese (month as 'mm/yyyy'); the unit
    column is named as in the unit set shown."""
    names = {**COLUMN_LABELS, "unit_name": unit_label(unit_set), **(labels or {})}
    out = df.loc[:, columns].copy()
    if "month" in out.columns:
        out["month"] = pd.to_datetime(out["month"]).dt.strftime("%m/%Y")
    if "year" in out.columns:
        out["year"] = out["year"].astype(str)  # 2024, not 2.024
    for col in out.columns:
        if col in SHARE_COLUMNS:
            out[col] = (out[col].astype(float) * 100).round(1)
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].map(lambda v: None if pd.isna(v) else v.date()).astype(object)
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            # An empty cell, not the word "None" (st.dataframe prints missing values so).
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    return out.rename(columns={c: names.get(c, c) for c in columns})


def month_labels(months: pd.Series) -> list[str]:
    return [f"{m:%m/%Y}" for m in pd.to_datetime(months)]


def has_rows(df: pd.DataFrame, *count_columns: str) -> bool:
    """Anything to draw? A frame of zero rows or of all-zero counts is 'no data'."""
    if df.empty:
        return False
    if not count_columns:
        return True
    return bool(df[list(count_columns)].to_numpy().sum() > 0)


# ---------------------------------------------------------------- page reshapes


def villages_with_models(villages: pd.DataFrame) -> pd.DataFrame:
    """The villages with a model active at the period end, busiest first (overview table)."""
    out = villages[villages["active_models"] > 0].copy()
    return out.sort_values(["outreach_sessions", "patrols"], ascending=False, kind="stable")


def registry_table(registry: pd.DataFrame) -> pd.DataFrame:
    """The model registry with a Vietnamese status column."""
    out = registry.copy()
    out["status"] = out["active"].map({True: "Đang hoạt động", False: "Đã kết thúc"})
    return out


def model_options(registry: pd.DataFrame) -> dict[str, str]:
    """model_id -> 'Tên mô hình (thôn, xã)' for the detail picker: the active models first
    (the one shown when the page opens), then those that ended, marked so, each in registry
    order."""
    ordered = sorted(registry.itertuples(), key=lambda r: not r.active)
    return {
        r.model_id: f"{r.model_name} ({r.village_name}, {r.unit_name})"
        + ("" if r.active else " — đã kết thúc")
        for r in ordered
    }


def mediation_outcomes(by_outcome: pd.DataFrame) -> pd.DataFrame:
    """Dispute types as rows, 'Thành' / 'Không thành' counts and the success rate."""
    if by_outcome.empty:
        return pd.DataFrame(columns=["dispute_type_label", "mediations",
                                     "mediations_successful", "success_rate"])
    grouped = by_outcome.groupby("dispute_type_label", sort=False)
    out = pd.DataFrame({
        "mediations": grouped["mediations"].sum(),
        "mediations_successful": by_outcome[by_outcome["success"]]
        .groupby("dispute_type_label")["mediations"].sum(),
    }).fillna(0).astype({"mediations_successful": "int64"})
    out["success_rate"] = out["mediations_successful"] / out["mediations"]
    out = out.reset_index().sort_values("mediations", ascending=False, kind="stable")
    return out.reset_index(drop=True)


def success_total(per_type: pd.DataFrame) -> dict[str, float | None]:
    """The success rate of all dispute types together, for the totals row of
    mediation_outcomes' table (a rate does not add up: it is recomputed)."""
    rate = success_rate(per_type["mediations_successful"].sum(), per_type["mediations"].sum())
    return {COLUMN_LABELS["success_rate"]: None if rate is None else round(rate * 100, 1)}


def rate_total(groups: pd.DataFrame) -> dict[str, float | None]:
    """Incidents per 1.000 people of all village groups together (model_vs_other's totals)."""
    people = groups["population"].sum()
    rate = None if not people else 1000 * groups["incidents"].sum() / people
    return {COLUMN_LABELS["incidents_per_1000"]: rate}


def outcome_totals(by_outcome: pd.DataFrame) -> pd.DataFrame:
    """One row per outcome label with its count, successes first."""
    if by_outcome.empty:
        return pd.DataFrame(columns=["outcome_label", "mediations"])
    out = by_outcome.groupby(["success", "outcome_label"], as_index=False)["mediations"].sum()
    return out.sort_values("success", ascending=False).drop(columns="success")


def totals_by(df: pd.DataFrame, label_column: str, value_columns: list[str]) -> pd.DataFrame:
    """Sum of value_columns per label, largest first (e.g. incidents per field)."""
    if df.empty:
        return pd.DataFrame(columns=[label_column, *value_columns])
    out = df.groupby(label_column, as_index=False)[value_columns].sum()
    # Ties in Vietnamese order (pandas would put "Đ" after "M").
    order = sorted(range(len(out)), key=lambda i: (-out[value_columns[0]].iloc[i],
                                                   vi_sort_key(str(out[label_column].iloc[i]))))
    return out.iloc[order].reset_index(drop=True)


VILLAGE_GROUP_LABELS = {"model": "Thôn có mô hình", "other": "Thôn khác"}


def model_vs_other(frame: pd.DataFrame) -> pd.DataFrame:
    """incidents_model_vs_other with Vietnamese group names."""
    out = frame.copy()
    out["village_group"] = out["village_group"].map(VILLAGE_GROUP_LABELS)
    return out


def before_after_totals(frame: pd.DataFrame) -> tuple[int, int]:
    """Sum of incidents 12 months before and after establishment over the models listed."""
    if frame.empty:
        return 0, 0
    return int(frame["incidents_before"].sum()), int(frame["incidents_after"].sum())


def before_after_text(before: int, after: int, models: int) -> str:
    if models == 0:
        return "Không có mô hình nào trong phạm vi đã chọn."
    if before == after:
        trend = "không đổi"
    elif after < before:
        trend = f"giảm {number(before - after)} vụ"
    else:
        trend = f"tăng {number(after - before)} vụ"
    return (f"{number(models)} mô hình: {number(before)} vụ việc trong 12 tháng trước khi "
            f"thành lập, {number(after)} vụ trong 12 tháng kể từ khi thành lập ({trend}).")


EMPTY_MESSAGE = ("Không có số liệu cho lựa chọn này. Hãy chọn kỳ khác, thêm xã hoặc bỏ lọc "
                 "loại mô hình ở thanh lọc đầu trang.")


def partial_years(years: Sequence[int], date_to: dt.date,
                  first: dt.date | None = None) -> dict[int, str]:
    """The years of a by-year table that are not whole, with their label ('2026 (đến
    30/09)'): the last one when the period ends before 31/12, the first when the data start
    after 01/01. A partial year stands next to whole ones only marked as such."""
    out = {}
    for year in years:
        start = dt.date(year, 1, 1) if first is None or first.year != year else first
        end = date_to if year == date_to.year else dt.date(year, 12, 31)
        if start != dt.date(year, 1, 1) or end != dt.date(year, 12, 31):
            out[year] = f"{year} ({start:%d/%m}–{end:%d/%m})"
    return out


def mark_partial_years(frame: pd.DataFrame, date_to: dt.date,
                       first: dt.date | None = None) -> pd.DataFrame:
    """A by-year frame (year, …) with 'year_note': 'chưa đủ năm (01/01–30/09/2026)' on the
    years that are not whole (partial_years), '' on the others."""
    marks = partial_years(list(frame["year"]), date_to, first)
    note = {y: "chưa đủ năm (" + text.split("(", 1)[1].rstrip(")") + f"/{y})"
            for y, text in marks.items()}
    return frame.assign(year_note=[note.get(y, "") for y in frame["year"]])
