"""Reporting completeness and approval, the DHIS2 way: which unit owes which monthly report,
whether it came on time, and which unit-periods are approved (and so locked).

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
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from antt.fmt import date_short, vi_sort_key
from antt.schema import UNIT_SET_CHANGE

SUBMITTED, RETURNED, APPROVED, REOPENED = "nộp", "trả lại", "duyệt", "mở khóa"
SETTINGS_FILE = "reporting.toml"
DEFAULT_DEADLINE_DAYS = 3
PERIOD_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

# What a cell of the unit × month grid can be, with its Vietnamese label (legend order).
CELL_LABELS: dict[str, str] = {
    "approved": "Đã duyệt",
    "on_time": "Nộp đúng hạn",
    "late": "Nộp muộn",
    "partial": "Chưa đủ (xã cũ)",
    "returned": "Bị trả lại",
    "missing": "Chưa nộp",
    "not_due": "Chưa đến hạn",
}


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
            "tính. Xem theo bộ đơn vị khác: xã mới đủ báo cáo khi mọi xã cũ hợp thành đã nộp.")


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


# ---------------------------------------------------------------- units and the mapping


class Units:
    """Both unit sets and the mapping: `links` has commune_code, commune_name,
    commune_code_2025, commune_name_2025 (one row per 2024 unit)."""

    def __init__(self, links: pd.DataFrame):
        self.links = links
        self._names = {}
        for unit_set in ("2024", "2025"):
            code, name = _cols(unit_set)
            pairs = links[[code, name]].dropna().drop_duplicates()
            ordered = sorted(zip(pairs[code], pairs[name], strict=True),
                             key=lambda p: (vi_sort_key(p[1]), p[0]))
            self._names[unit_set] = dict(ordered)
        pairs = links[["commune_code", "commune_code_2025"]].dropna()
        self._up: dict[str, list[str]] = {}  # 2024 code -> [2025 code]
        self._down: dict[str, list[str]] = {}  # 2025 code -> 2024 codes
        for old, new in sorted(zip(pairs["commune_code"], pairs["commune_code_2025"],
                                   strict=True)):
            self._up.setdefault(old, []).append(new)
            self._down.setdefault(new, []).append(old)

    def names(self, unit_set: str) -> dict[str, str]:
        """code -> name of a unit set, in Vietnamese order."""
        return self._names[unit_set]

    def natives(self, display: str, unit: str, period_set: str) -> list[str]:
        """The units of `period_set` whose reports count for display unit `unit`."""
        if display == period_set:
            return [unit]
        return (self._down if display == "2025" else self._up).get(unit, [])

    def covers(self, communes: tuple[str, ...] | None, unit: str) -> bool:
        """Is `unit` among an editor's communes (codes of either set; None or (): all)? A
        2025 code covers its old communes and an old code its successor, as for imports."""
        if not communes:
            return True
        allowed = set(communes)
        for code in communes:
            allowed |= set(self._up.get(code, [])) | set(self._down.get(code, []))
        return unit in allowed

    def display_of(self, display: str, native: str, period_set: str) -> list[str]:
        """The display units a native unit's report counts for."""
        if display == period_set:
            return [native]
        return (self._up if display == "2025" else self._down).get(native, [])


def _cols(unit_set: str) -> tuple[str, str]:
    return (("commune_code_2025", "commune_name_2025") if unit_set == "2025"
            else ("commune_code", "commune_name"))


# ---------------------------------------------------------------- the grid


CELL_COLUMNS = ["unit_code", "period", "expected", "reported", "on_time", "approved",
                "not_due", "returned", "cell"]


def native_cells(states: pd.DataFrame, units: Units, settings: Settings, periods: list[str],
                 today: dt.date) -> pd.DataFrame:
    """Every unit-period owed in `periods` in its own unit set: expected (deadline passed or
    submitted), reported, on_time, approved, not_due, returned (0/1 each) and its cell."""
    owed = [p for p in periods if settings.tracking and p >= settings.start]
    if not owed:
        return pd.DataFrame(columns=[*CELL_COLUMNS, "unit_set"])
    names = {s: list(units.names(s)) for s in ("2024", "2025")}
    frame = pd.DataFrame(
        [(u, p, unit_set_of(p), settings.deadline(p)) for p in owed
         for u in names[unit_set_of(p)]],
        columns=["unit_code", "period", "unit_set", "deadline"])
    frame = frame.merge(states[["unit_code", "period", "state", "submitted_on"]],
                        on=["unit_code", "period"], how="left")
    state = frame["state"]
    reported = state.isin([SUBMITTED, APPROVED])
    submitted_on = pd.to_datetime(frame["submitted_on"])
    on_time = reported & (submitted_on <= pd.to_datetime(frame["deadline"])).fillna(False)
    not_due = ~reported & (frame["deadline"] >= today)
    approved = state == APPROVED
    returned = state == RETURNED
    frame["expected"] = (~not_due).astype(int)
    frame["reported"] = reported.astype(int)
    frame["on_time"] = on_time.astype(int)
    frame["approved"] = approved.astype(int)
    frame["not_due"] = not_due.astype(int)
    frame["returned"] = returned.astype(int)
    frame["cell"] = "missing"
    frame.loc[returned, "cell"] = "returned"
    frame.loc[not_due, "cell"] = "not_due"
    frame.loc[reported & ~on_time, "cell"] = "late"
    frame.loc[on_time, "cell"] = "on_time"
    frame.loc[approved, "cell"] = "approved"
    return frame[[*CELL_COLUMNS, "unit_set"]]


def display_cells(native: pd.DataFrame, units: Units, display: str,
                  communes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The grid in the `display` unit set (one row per display unit × period), each cell the
    sum of the native cells that count for it; restricted to `communes` (display codes)."""
    names = units.names(display)
    wanted = [c for c in names if not communes or c in communes]
    if native.empty:
        return pd.DataFrame(columns=[*CELL_COLUMNS, "unit_name", "natives"])
    parts = []
    for period_set, frame in native.groupby("unit_set"):
        mapping = [(d, n) for n in frame["unit_code"].unique()
                   for d in units.display_of(display, n, period_set)]
        link = pd.DataFrame(mapping, columns=["display", "unit_code"])
        parts.append(frame.merge(link, on="unit_code"))
    joined = pd.concat(parts, ignore_index=True)
    joined = joined[joined["display"].isin(wanted)]
    counts = ["expected", "reported", "on_time", "approved", "not_due", "returned"]
    grid = joined.groupby(["display", "period"], as_index=False).agg(
        **{c: (c, "sum") for c in counts}, natives=("unit_code", "count"))
    grid = grid.rename(columns={"display": "unit_code"})
    grid["cell"] = [_cell(r) for r in grid.itertuples()]
    grid["unit_name"] = grid["unit_code"].map(names)
    grid["order"] = grid["unit_code"].map({c: i for i, c in enumerate(names)})
    grid = grid.sort_values(["order", "period"], kind="stable").drop(columns="order")
    return grid.reset_index(drop=True)


def _cell(r) -> str:
    if r.expected == 0:
        return "not_due"
    if r.approved == r.natives:
        return "approved"
    if r.reported == r.natives:
        return "on_time" if r.on_time == r.reported else "late"
    if r.reported == 0:
        return "returned" if r.returned else "missing"
    return "partial"


# ---------------------------------------------------------------- summaries


@dataclass
class Summary:
    """Rates over a range: per display unit and overall (overall counts each unit-period
    once, in its own unit set)."""

    per_unit: pd.DataFrame  # unit_code, unit_name, expected, reported, on_time, approved,
    #                         rate, on_time_rate, complete_periods, due_periods, regular
    expected: int = 0
    reported: int = 0
    on_time: int = 0
    approved: int = 0
    regular_units: int = 0
    units: int = 0
    current: str | None = None  # the latest period of the range that has ended
    missing_now: pd.DataFrame = field(default_factory=pd.DataFrame)  # units not reported then

    @property
    def rate(self) -> float | None:
        return self.reported / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.reported if self.reported else None

    @property
    def regular_rate(self) -> float | None:
        return self.regular_units / self.units if self.units else None


def summarize(native: pd.DataFrame, grid: pd.DataFrame, today: dt.date) -> Summary:
    """Per-unit and overall reporting rate (reported / expected), on-time rate (on time /
    reported), '% báo cáo đều' (units complete in every due period of the range) and the units
    that have not reported the latest ended period."""
    cols = ["unit_code", "unit_name", "expected", "reported", "on_time", "approved"]
    if grid.empty:
        return Summary(pd.DataFrame(columns=[*cols, "rate", "on_time_rate", "complete_periods",
                                             "due_periods", "regular"]))
    due = grid[grid["expected"] > 0]
    per = grid.groupby(["unit_code", "unit_name"], sort=False, as_index=False)[
        ["expected", "reported", "on_time", "approved"]].sum()
    complete = due.assign(ok=(due["reported"] == due["natives"]).astype(int)).groupby(
        "unit_code", sort=False).agg(complete_periods=("ok", "sum"), due_periods=("ok", "size"))
    per = per.merge(complete, on="unit_code", how="left").fillna(
        {"complete_periods": 0, "due_periods": 0})
    per[["complete_periods", "due_periods"]] = per[["complete_periods", "due_periods"]].astype(int)
    per["rate"] = per["reported"] / per["expected"].where(per["expected"] > 0)
    per["on_time_rate"] = per["on_time"] / per["reported"].where(per["reported"] > 0)
    per["regular"] = (per["due_periods"] > 0) & (per["complete_periods"] == per["due_periods"])
    shown = set(grid["unit_code"])
    scope = native  # each native unit-period once: the caller passes native_in_scope(...)
    ended = [p for p in sorted(grid["period"].unique()) if _ended(p, today)]
    current = ended[-1] if ended else None
    missing_now = pd.DataFrame(columns=["unit_code", "unit_name", "cell"])
    if current is not None:
        now = grid[(grid["period"] == current) & (grid["reported"] < grid["natives"])]
        missing_now = now[["unit_code", "unit_name", "cell"]].reset_index(drop=True)
    return Summary(
        per_unit=per,
        expected=int(scope["expected"].sum()),
        reported=int(scope["reported"].sum()),
        on_time=int(scope["on_time"].sum()),
        approved=int(scope["approved"].sum()),
        regular_units=int(per["regular"].sum()),
        units=len(shown & set(per.loc[per["due_periods"] > 0, "unit_code"])),
        current=current,
        missing_now=missing_now,
    )


def native_in_scope(native: pd.DataFrame, units: Units, display: str,
                    communes: tuple[str, ...]) -> pd.DataFrame:
    """The native unit-periods that count for a display unit among `communes` (all if
    empty): the overall rates count each of them once."""
    if not communes or native.empty:
        return native
    keep = [any(d in communes for d in units.display_of(display, r.unit_code, r.unit_set))
            for r in native.itertuples()]
    return native[keep]


def _ended(period: str, today: dt.date) -> bool:
    return period_bounds(period)[1] < today
