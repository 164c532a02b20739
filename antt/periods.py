"""Reporting periods as Vietnamese offices use them.

Calendar periods (year, quarter, month), a free from/to range, and the official reporting
periods of Nghị định 09/2019/NĐ-CP, Điều 12: the figures of a month run from the 15th of the
previous month to the 14th; a quarter from the 15th of the month before the quarter to the 14th
of its last month; 6 months from 15/12 of the previous year to 14/6; 9 months to 14/9; a year
from 15/12 of the previous year to 14/12. "Cùng kỳ" is the same period one year earlier.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

PeriodKind = Literal[
    "year", "quarter", "month", "range",
    "report_month", "report_quarter", "report_6m", "report_9m", "report_year",
]

PERIOD_LABELS: dict[str, str] = {
    "year": "Năm (dương lịch)",
    "quarter": "Quý (dương lịch)",
    "month": "Tháng (dương lịch)",
    "range": "Từ ngày … đến ngày …",
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
        return Period(shift_year(self.start, -1), shift_year(self.end, -1), f"Cùng kỳ {self.label}")


def shift_year(day: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29/02 becomes 28/02 in a common year."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


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
) -> Period:
    """The period of a kind: `number` is the quarter (1-4) or month (1-12) where it applies."""
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
