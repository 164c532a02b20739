"""What the dashboard pages show, computed from query frames: KPI cards with their change
against the same period a year earlier, default filters, scope descriptions, Vietnamese table
headers and the small reshapes the pages need. No streamlit, no SQL: pages call these with the
frames of queries/*.sql and draw the result.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from antt.filters import UNIT_SETS, Filters
from antt.fmt import date_short, number, percent, vi_sort_key
from antt.periods import PERIOD_LABELS, Comparison, Period
from antt.schema import UNIT_SET_CHANGE

ALL_MODEL_TYPES = "Tất cả loại mô hình"
ALL_COMMUNES = "Tất cả xã"


# ---------------------------------------------------------------- default filters


def unit_set_for(period: Period) -> str:
    """The unit set a period is naturally read in: the new xã once it ends on/after 01/7/2025."""
    return "2025" if period.end >= dt.date.fromisoformat(UNIT_SET_CHANGE) else "2024"


def default_filters(latest: dt.date | None, today: dt.date) -> Filters:
    """What a user sees on first open: the current year to the latest record when this year
    has data (so "cùng kỳ" compares like with like), otherwise the latest year with data as a
    full year; all communes, all model types, in the unit set of that period."""
    if latest is None or latest.year > today.year:
        latest = min(latest or today, today)
    if latest.year == today.year:
        f = Filters(period_kind="range", year=latest.year,
                    start=dt.date(latest.year, 1, 1), end=latest)
    else:
        f = Filters(period_kind="year", year=latest.year)
    return replace(f, unit_set=unit_set_for(f.period))


# ---------------------------------------------------------------- KPI cards


@dataclass(frozen=True)
class KpiCard:
    key: str
    label: str
    value: str  # vi-VN text shown big
    delta: str | None  # "+14 (+66,7%) so với cùng kỳ"; None when there is nothing to compare
    previous: str  # the same-period-last-year value, for the tooltip
    lower_is_better: bool = False  # incidents: a rise shows red
    direction: int = 0  # +1 up, -1 down, 0 unchanged or nothing to compare


# (key, label, column) of plain count cards, in display order
_COUNT_CARDS = (
    ("active_models", "Mô hình đang hoạt động", "active_models"),
    ("outreach_sessions", "Buổi tuyên truyền", "outreach_sessions"),
    ("outreach_attendees", "Lượt người dự tuyên truyền", "outreach_attendees"),
    ("patrols", "Cuộc tuần tra", "patrols"),
    ("patrol_participants", "Lượt người tham gia tuần tra", "patrol_participants"),
    ("commitment_households", "Hộ ký cam kết", "commitment_households"),
    ("mediations", "Vụ hòa giải", "mediations"),
)


def count_delta(current: float, previous: float) -> str:
    """'+14 (+66,7%)', '-3 (-10,0%)', '0', or '+5' when the previous value was 0."""
    diff = current - previous
    if diff == 0:
        return "0"
    sign = "+" if diff > 0 else "-"
    text = f"{sign}{number(abs(diff))}"
    if previous:
        text += f" ({sign}{percent(abs(diff) / previous)})"
    return text


def success_rate(successful: float, total: float) -> float | None:
    return None if not total else successful / total


def kpi_cards(kpis: pd.DataFrame) -> list[KpiCard]:
    """The overview cards from queries/kpis.sql (rows 'current', 'previous')."""
    rows = kpis.set_index("period")
    cur, prev = rows.loc["current"], rows.loc["previous"]
    cards = []
    for key, label, col in _COUNT_CARDS:
        c, p = int(cur[col]), int(prev[col])
        cards.append(KpiCard(key, label, number(c), f"{count_delta(c, p)} so với cùng kỳ",
                             number(p), direction=_sign(c - p)))
        if key == "mediations":
            cards.append(_rate_card(cur, prev))
    c, p = int(cur["incidents"]), int(prev["incidents"])
    cards.append(KpiCard("incidents", "Vụ việc về ANTT", number(c),
                         f"{count_delta(c, p)} so với cùng kỳ", number(p), lower_is_better=True,
                         direction=_sign(c - p)))
    return cards


def _sign(value: float) -> int:
    return int(value > 0) - int(value < 0)


def _rate_card(cur: pd.Series, prev: pd.Series) -> KpiCard:
    rate = success_rate(cur["mediations_successful"], cur["mediations"])
    before = success_rate(prev["mediations_successful"], prev["mediations"])
    delta, direction = None, 0
    if rate is not None and before is not None:
        points = round((rate - before) * 100, 1)
        sign = "+" if points > 0 else ("-" if points < 0 else "")
        delta = f"{sign}{number(abs(points), 1)} điểm % so với cùng kỳ"
        direction = _sign(points)
    return KpiCard("mediation_success", "Tỷ lệ hòa giải thành", percent(rate), delta,
                   percent(before), direction=direction)


def card_help(card: KpiCard, comparison: Comparison | None) -> str:
    """A tile's tooltip: '01/01–31/10/2026: 128 · so với 01/01–31/10/2025: 131' (the days
    actually compared, by the one cùng-kỳ rule of antt.periods)."""
    if comparison is None:
        return f"Cùng kỳ năm trước: {card.previous}"
    return f"{comparison.current_text}: {card.value} · {comparison.against}: {card.previous}"


def card_by_key(cards: Iterable[KpiCard], key: str) -> KpiCard:
    for card in cards:
        if card.key == key:
            return card
    raise KeyError(key)


# ---------------------------------------------------------------- describing the filters


def period_text(f: Filters, data_through: dt.date | None = None) -> str:
    """'năm 2024 (01/01/2024 – 31/12/2024)'; with the data stopping inside the period, the
    days actually counted: 'năm 2026 (01/01/2026 – 31/10/2026, số liệu tính đến 31/10/2026)'."""
    p = f.period
    c = f.comparison(data_through)
    if c.clipped and f.period_kind == "range":
        return f"{p.label}, số liệu tính đến {date_short(data_through)}"
    if c.clipped:
        return (f"{p.label} ({date_short(c.current.start)} – {date_short(c.current.end)}, "
                f"số liệu tính đến {date_short(data_through)})")
    if f.period_kind == "range":
        return p.label
    return f"{p.label} ({date_short(p.start)} – {date_short(p.end)})"


def scope_text(f: Filters, unit_names: dict[str, str]) -> str:
    if not f.communes:
        return ALL_COMMUNES
    return ", ".join(unit_names.get(c, c) for c in f.communes)


def filter_lines(
    f: Filters, unit_names: dict[str, str], model_labels: dict[str, str],
    latest: dt.date | None,
) -> list[tuple[str, str]]:
    """(label, value) pairs stating the filters, for the export's second sheet and captions."""
    prev = f.comparison(latest).previous
    return [
        ("Bộ đơn vị hành chính", UNIT_SETS[f.unit_set]),
        (unit_label(f.unit_set), scope_text(f, unit_names)),
        ("Loại kỳ", PERIOD_LABELS[f.period_kind]),
        ("Kỳ", period_text(f, latest)),
        ("Cùng kỳ năm trước", f"{date_short(prev.start)} – {date_short(prev.end)}"),
        ("Loại mô hình", model_labels.get(f.model_type, f.model_type) if f.model_type
         else ALL_MODEL_TYPES),
        ("Số liệu tính đến", date_short(latest) if latest else "chưa có số liệu"),
    ]


def ascii_slug(text: str) -> str:
    """'Xã Bắc Sơn' -> 'xa-bac-son': file names that survive every mail client and USB stick."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_stem(name: str, f: Filters, unit_names: dict[str, str]) -> str:
    """'hoat-dong-theo-xa_2024-01-01_2024-12-31_tat-ca-xa[_model]': the filter in the name."""
    p = f.period
    scope = "tat-ca-xa" if not f.communes else "_".join(
        ascii_slug(unit_names.get(c, c)) for c in f.communes[:3]
    ) + ("_va-khac" if len(f.communes) > 3 else "")
    parts = [ascii_slug(name), p.start.isoformat(), p.end.isoformat(), f"dv{f.unit_set}", scope]
    if f.model_type:
        parts.append(ascii_slug(f.model_type))
    return "_".join(parts)


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


def unit_label(unit_set: str) -> str:
    """What a unit is called in a unit set: there is no thị trấn after 01/7/2025."""
    return "Xã, thị trấn" if unit_set == "2024" else "Xã"


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
