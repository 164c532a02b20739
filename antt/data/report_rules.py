"""The rules of reports.csv, the DHIS2 way: reporting months, who owes which report and by
when, and the state of each unit-period (submitted, sent back, approved and so locked).
The data layer holds them because checking reports.csv and the write locks need them; the
grid of who reported, and the approval workflow, are in antt.reporting.

- A reporting month is the NĐ 09/2019 month: `2024-10` runs from 15/09/2024 to 14/10/2024.
- A period belongs to the unit set in force on its last day: up to `2025-06` the 18 xã/thị
  trấn, from `2025-07` (15/06–14/07/2025) the 6 new xã, which report for the whole month.
- Every unit of a period's unit set owes one report per period from the start month of
  data/reporting.toml on. No start month: nothing is expected (tracking off).
- A report is on time when submitted by the deadline: the period's last day plus
  `deadline_days` (default 3: period `2024-10` is due on 17/10/2024).
- reports.csv holds events; a unit-period's state is its last event: `nộp` submitted, `trả lại`
  sent back (not submitted any more), `duyệt` approved (locked), `mở khóa` reopened (back to
  submitted, unlocked). The submission date is the last `nộp`.
- Viewed in the other unit set, the 2024↔2025 mapping carries reports over: a new xã's month
  before 07/2025 is complete when all its old communes reported (approved when all were); an
  old commune's month from 07/2025 is its successor's.

Pure functions on frames (no streamlit, no SQL): the frames come from queries/report_*.sql
(pages) or from the checked files (writers).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from antt.data.schema import UNIT_SET_CHANGE
from antt.text.fmt import date_short

SUBMITTED, RETURNED, APPROVED, REOPENED = "nộp", "trả lại", "duyệt", "mở khóa"
SETTINGS_FILE = "reporting.toml"
DEFAULT_DEADLINE_DAYS = 3
PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# ---------------------------------------------------------------- periods


def period_of(day: dt.date) -> str:
    """The reporting month a day counts in: 15/09–14/10 -> '…-10'."""
    year, month = day.year, day.month
    if day.day >= 15:
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return f"{year:04d}-{month:02d}"


def parse_period(period: str) -> tuple[int, int]:
    m = PERIOD_RE.match(period or "")
    if not m:
        raise ValueError(f"Kỳ báo cáo “{period}” không đúng dạng YYYY-MM (ví dụ 2024-10).")
    return int(m.group(1)), int(m.group(2))


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day: '2024-10' -> (15/09/2024, 14/10/2024)."""
    year, month = parse_period(period)
    start = dt.date(year - 1, 12, 15) if month == 1 else dt.date(year, month - 1, 15)
    return start, dt.date(year, month, 14)


def period_label(period: str) -> str:
    """'tháng 10/2024'."""
    year, month = parse_period(period)
    return f"tháng {month}/{year}"


def period_text(period: str) -> str:
    """'tháng 10/2024 (15/09/2024 – 14/10/2024)'."""
    start, end = period_bounds(period)
    return f"{period_label(period)} ({date_short(start)} – {date_short(end)})"


def unit_set_of(period: str) -> str:
    """'2025' once the period ends on/after 01/7/2025, else '2024'."""
    return "2025" if period_bounds(period)[1] >= dt.date.fromisoformat(UNIT_SET_CHANGE) else "2024"


def shift_period(period: str, months: int) -> str:
    year, month = parse_period(period)
    index = year * 12 + month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def periods_between(first: str, last: str) -> list[str]:
    out, current = [], first
    while current <= last:
        out.append(current)
        current = shift_period(current, 1)
    return out


def periods_overlapping(date_from: dt.date, date_to: dt.date) -> list[str]:
    """Every reporting month sharing a day with [date_from, date_to]."""
    return periods_between(period_of(date_from), period_of(date_to))


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class Settings:
    start: str | None = None  # first period expected ('2024-01'); None: tracking off
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    problems: tuple[str, ...] = ()  # Vietnamese, for a bad settings file

    @property
    def tracking(self) -> bool:
        return self.start is not None

    def deadline(self, period: str) -> dt.date:
        return period_bounds(period)[1] + dt.timedelta(days=self.deadline_days)

    def rules_text(self) -> str:
        if not self.tracking:
            return ("Chưa đặt tháng bắt đầu theo dõi báo cáo (tệp reporting.toml trong thư mục "
                    "dữ liệu): chưa kỳ nào phải báo cáo.")
        return (
            f"Mỗi xã (theo bộ đơn vị của kỳ: xã, thị trấn cũ đến kỳ tháng 6/2025, xã mới từ kỳ "
            f"tháng 7/2025) nộp một báo cáo mỗi kỳ báo cáo tháng theo NĐ 09/2019 (ngày 15 tháng "
            f"trước đến ngày 14), từ kỳ {period_label(self.start)}. Nộp đúng hạn: chậm nhất "
            f"{self.deadline_days} ngày sau ngày cuối kỳ (kỳ tháng 10/2024: hạn "
            f"{date_short(self.deadline('2024-10'))}). Kỳ chưa hết hạn mà chưa nộp thì chưa "
            "tính. Xem theo bộ đơn vị khác: xã mới đủ báo cáo khi mọi xã cũ hợp thành đã nộp "
            "(đúng hạn khi mọi báo cáo đều đúng hạn); mọi con số đếm theo bộ đơn vị đang xem."
            "\n\nTỷ lệ báo cáo = số báo cáo đã nộp / số báo cáo phải nộp. Tỷ lệ đúng hạn = số "
            "báo cáo nộp đúng hạn / số báo cáo phải nộp (như DHIS2: tháng có xã chưa nộp thì "
            "không thể đúng hạn 100%). Đúng hạn trong số đã nộp = số nộp đúng hạn / số đã nộp."
            "\n\nSố liệu của một xã được coi là đủ đến hết một kỳ khi xã đã nộp báo cáo kỳ đó "
            "hoặc đã có bản ghi đến hết kỳ (bản ghi ghi ngày hôm nay chưa tính: ngày chưa hết). "
            "Kỳ mặc định trên các trang kết thúc ở tháng cuối cùng mà mọi xã đều đủ số liệu; "
            "chỉ so sánh với cùng kỳ khi cả hai kỳ đều đủ số liệu.")


def load_settings(data_dir: Path) -> Settings:
    """data/reporting.toml, section [bao_cao]: thang_bat_dau = "2024-01",
    han_nop_sau_ky_ngay = 3. A missing file turns tracking off; a bad value is reported."""
    path = Path(data_dir) / SETTINGS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(problems=(f"{SETTINGS_FILE}: không đọc được ({exc}).",))
    section = raw.get("bao_cao", {})
    problems = []
    start = section.get("thang_bat_dau")
    if start is not None:
        try:
            parse_period(str(start))
        except ValueError as exc:
            problems.append(f"{SETTINGS_FILE}, thang_bat_dau: {exc}")
            start = None
    days = section.get("han_nop_sau_ky_ngay", DEFAULT_DEADLINE_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= 60:
        problems.append(f"{SETTINGS_FILE}, han_nop_sau_ky_ngay: “{days}” phải là số ngày "
                        "từ 0 đến 60; dùng 3.")
        days = DEFAULT_DEADLINE_DAYS
    return Settings(start and str(start), days, tuple(problems))


# ---------------------------------------------------------------- states of unit-periods

STATE_COLUMNS = ["unit_code", "period", "state", "submitted_on", "submitted_by",
                 "approved_on", "approved_by", "note"]


def report_states(events: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit_code, period) with any event: `state` ('nộp', 'trả lại', 'duyệt';
    a reopened report is 'nộp'), the last submission (date, who), the approval while approved
    and the note of the last event. `events`: reports.csv rows (typed)."""
    if events.empty:
        return pd.DataFrame(columns=STATE_COLUMNS)
    ev = events.assign(done_on=pd.to_datetime(events["done_on"]).dt.date)
    ev = ev.sort_values(["done_on", "record_id"], kind="stable")
    keys = ["unit_code", "period"]
    last = ev.groupby(keys, sort=False).tail(1).set_index(keys)
    subs = ev[ev["status"] == SUBMITTED].groupby(keys, sort=False).tail(1).set_index(keys)
    apps = ev[ev["status"] == APPROVED].groupby(keys, sort=False).tail(1).set_index(keys)
    out = pd.DataFrame(index=last.index)
    out["state"] = last["status"].replace({REOPENED: SUBMITTED})
    out["submitted_on"] = subs["done_on"].reindex(out.index)
    out["submitted_by"] = subs["user"].reindex(out.index)
    approved = out["state"] == APPROVED
    out["approved_on"] = apps["done_on"].reindex(out.index).where(approved)
    out["approved_by"] = apps["user"].reindex(out.index).where(approved)
    out["note"] = last["note"]
    return out.reset_index()[STATE_COLUMNS]


def approved_cells(states: pd.DataFrame) -> dict[tuple[str, str], tuple[dt.date, str]]:
    """(unit_code, period) -> (approved on, by) of every approved unit-period."""
    rows = states[states["state"] == APPROVED]
    return {(r.unit_code, r.period): (r.approved_on, r.approved_by)
            for r in rows.itertuples()}


