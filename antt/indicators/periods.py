"""Reporting periods as Vietnamese offices use them.

Calendar periods (year, quarter, month), a free from/to range, and the official reporting
periods of Nghị định 09/2019/NĐ-CP, Điều 12: the figures of a month run from the 15th of the
previous month to the 14th; a quarter from the 15th of the month before the quarter to the 14th
of its last month; 6 months from 15/12 of the previous year to 14/6; 9 months to 14/9; a year
from 15/12 of the previous year to 14/12.

"Cùng kỳ" has ONE rule, `compare_with_last_year`, used by every page, the meeting page, the
notice and the exports: the current period ends at the data date ("Số liệu tính đến") when the
data stop earlier, and it is compared with exactly the same days one year earlier. Comparing
ten months of this year with twelve of last year would show a false decline on every figure.
Whether the two may be compared at all (every unit's data complete, data a year earlier) is
antt.indicators.like_for_like, on the completeness rule of antt.data.complete.

Relative periods, as a meeting asks for them, are counted back from a given day (today):
"12 tháng gần nhất" (the 12 months ending that day), "quý này" (the quarter so far) and "quý
trước" (the whole quarter before). A link with one of them stays current: it holds the kind,
not the dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal[
    "year", "quarter", "month", "range", "last_12_months", "this_quarter", "previous_quarter",
    "report_month", "report_quarter", "report_6m", "report_9m", "report_year",
]

PERIOD_LABELS: dict[str, str] = {
    "year": "Năm (dương lịch)",
    "quarter": "Quý (dương lịch)",
    "month": "Tháng (dương lịch)",
    "range": "Từ ngày … đến ngày …",
    "last_12_months": "12 tháng gần nhất",
    "this_quarter": "Quý này",
    "previous_quarter": "Quý trước",
    "report_month": "Kỳ báo cáo tháng (NĐ 09/2019)",
    "report_quarter": "Kỳ báo cáo quý (NĐ 09/2019)",
    "report_6m": "Kỳ báo cáo 6 tháng (NĐ 09/2019)",
    "report_9m": "Kỳ báo cáo 9 tháng (NĐ 09/2019)",
    "report_year": "Kỳ báo cáo năm (NĐ 09/2019)",
}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    def same_period_last_year(self) -> Period:
        """The same days one year earlier (no clipping at the data date: see
        `compare_with_last_year` for what the pages compare)."""
        return Period(shift_year(self.start, -1), _shift_end(self.end, -1),
                      f"Cùng kỳ {self.label}")


def shift_year(day: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29/02 becomes 28/02 in a common year."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def _shift_end(day: dt.date, years: int) -> dt.date:
    """The end of a period `years` later: a month's last day stays its month's last day, so
    February 2025 (to 28/02) compares with all of February 2024 (to 29/02), and a period to
    29/02/2024 with one to 28/02/2023."""
    if day == _month_end(day.year, day.month):
        return _month_end(day.year + years, day.month)
    return shift_year(day, years)


def range_text(start: dt.date, end: dt.date) -> str:
    """'01/01–31/10/2025'; '15/12/2024–14/12/2025' when the years differ."""
    first = f"{start:%d/%m}" if start.year == end.year else f"{start:%d/%m/%Y}"
    return f"{first}–{end:%d/%m/%Y}"


@dataclass(frozen=True)
class Comparison:
    """A chosen period as it is compared with cùng kỳ.

    `current` is the chosen period ended at the data date when the data stop earlier;
    `previous` is the same days one year earlier. Queries get current.start..current.end as
    date_from/date_to and previous.start..previous.end as prev_from/prev_to.
    """

    chosen: Period
    current: Period
    previous: Period

    @property
    def clipped(self) -> bool:
        """True when the data stop before the chosen period ends."""
        return self.current.end < self.chosen.end

    @property
    def against(self) -> str:
        """'so với 01/01–31/10/2025': what every change line is measured against."""
        return f"so với {range_text(self.previous.start, self.previous.end)}"

    @property
    def current_text(self) -> str:
        """'01/01–31/10/2026'."""
        return range_text(self.current.start, self.current.end)


def compare_with_last_year(period: Period, data_through: dt.date | None) -> Comparison:
    """THE cùng-kỳ rule. The period ends at `data_through` (the "Số liệu tính đến" date) when
    the data stop inside it; it is then compared with exactly the same days one year earlier.
    A period wholly before the data date is compared whole; one wholly after it (no data yet)
    is kept whole as well, since there are no days of it to compare."""
    current = period
    if data_through is not None and period.start <= data_through < period.end:
        current = Period(period.start, data_through,
                         f"{period.label} (đến {data_through:%d/%m/%Y})")
    previous = current.same_period_last_year()
    return Comparison(period, current, previous)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Kinds counted back from a day (today): no year or number of their own.
RELATIVE_KINDS = frozenset({"last_12_months", "this_quarter", "previous_quarter"})


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def relative_period(kind: str, today: dt.date) -> Period:
    """'12 tháng gần nhất' (the 12 months up to and including `today`: 29/11/2025–28/11/2026),
    'quý này' (from the quarter's first day to `today`) or 'quý trước' (the whole quarter
    before `today`'s)."""
    if kind == "last_12_months":
        start = shift_year(today, -1) + dt.timedelta(days=1)
        return Period(start, today, "12 tháng gần nhất")
    quarter = _quarter_of(today)
    if kind == "this_quarter":
        start = dt.date(today.year, 3 * (quarter - 1) + 1, 1)
        return Period(start, today, f"quý này (quý {quarter}/{today.year})")
    if kind == "previous_quarter":
        year, quarter = (today.year - 1, 4) if quarter == 1 else (today.year, quarter - 1)
        first = 3 * (quarter - 1) + 1
        return Period(dt.date(year, first, 1), _month_end(year, first + 2),
                      f"quý trước (quý {quarter}/{year})")
    raise ValueError(f"loại kỳ không hợp lệ: {kind}")


def _report_start(year: int, month: int) -> dt.date:
    """The 15th of the month before (year, month)."""
    if month == 1:
        return dt.date(year - 1, 12, 15)
    return dt.date(year, month - 1, 15)


def make_period(
    kind: PeriodKind,
    year: int,
    number: int = 1,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> Period:
    """The period of a kind: `number` is the quarter (1-4) or month (1-12) where it applies;
    `today` is the day relative kinds count back from (required for them)."""
    if kind in RELATIVE_KINDS:
        if today is None:
            raise ValueError("kỳ tương đối cần ngày hôm nay")
        return relative_period(kind, today)
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), f"năm {year}")
    if kind == "quarter":
        first = 3 * (number - 1) + 1
        return Period(dt.date(year, first, 1), _month_end(year, first + 2), f"quý {number}/{year}")
    if kind == "month":
        return Period(dt.date(year, number, 1), _month_end(year, number), f"tháng {number}/{year}")
    if kind == "range":
        if start is None or end is None:
            raise ValueError("cần ngày bắt đầu và ngày kết thúc")
        if start > end:
            raise ValueError("ngày bắt đầu sau ngày kết thúc")
        return Period(start, end, f"từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}")
    if kind == "report_month":
        return Period(
            _report_start(year, number), dt.date(year, number, 14),
            f"kỳ báo cáo tháng {number}/{year}",
        )
    if kind == "report_quarter":
        first = 3 * (number - 1) + 1
        return Period(
            _report_start(year, first), dt.date(year, first + 2, 14),
            f"kỳ báo cáo quý {number}/{year}",
        )
    if kind == "report_6m":
        return Period(dt.date(year - 1, 12, 15), dt.date(year, 6, 14), f"kỳ báo cáo 6 tháng {year}")
    if kind == "report_9m":
        return Period(dt.date(year - 1, 12, 15), dt.date(year, 9, 14), f"kỳ báo cáo 9 tháng {year}")
    if kind == "report_year":
        return Period(dt.date(year - 1, 12, 15), dt.date(year, 12, 14), f"kỳ báo cáo năm {year}")
    raise ValueError(f"loại kỳ không hợp lệ: {kind}")
