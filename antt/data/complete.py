"""THE completeness rule: up to which day a unit's figures are complete, and so which periods
the dashboards may call complete and compare with cùng kỳ.

A unit's data are complete through the end of every NĐ 09/2019 reporting month it has
reported, or through the day of its newest record ("has records through the end" of a
period). Walking the months from the first one owed, a month counts as covered when the unit
reported it or has records through its end; the unit is complete through the end of the last
month of that unbroken run, or through its newest record when that is later. A record dated
today (or later) proves nothing yet: the day is not over, so it never completes a period.

A view's data are complete through the earliest of its units' days (`DataThrough.complete`).
The default period ends at the last calendar month (or reporting month) ending on or before
that day; a chosen period ending later counts every record in it and is said to be not yet
complete (antt.indicators.like_for_like).

Pure functions on plain values (no streamlit, no SQL): antt.reporting.completeness feeds them
the report grid and queries/unit_record_dates.sql, for the pages and the command line.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class UnitThrough:
    code: str
    name: str
    through: dt.date | None  # complete through this day; None: no record, no report


@dataclass(frozen=True)
class DataThrough:
    """How far a scope's data are complete: per unit, and the scope's first and newest
    records (the newest may be today's: counted, but completing nothing)."""

    units: tuple[UnitThrough, ...]
    latest: dt.date | None = None
    first: dt.date | None = None

    @property
    def complete(self) -> dt.date | None:
        """The last day through which every unit's data are complete (None: some unit has
        none at all, or no unit is in scope)."""
        days = [u.through for u in self.units]
        if not days or any(d is None for d in days):
            return None
        return min(days)  # type: ignore[type-var]

    def missing(self, end: dt.date) -> list[UnitThrough]:
        """The units whose data are not complete through `end`."""
        return [u for u in self.units if u.through is None or u.through < end]

    def complete_through(self, end: dt.date) -> bool:
        return bool(self.units) and not self.missing(end)


def covered_through(months: Iterable[tuple[dt.date, dt.date, bool]],
                    records_through: dt.date | None) -> dt.date | None:
    """A unit's complete-through day from its owed reporting months in order, each (first day,
    last day, reported), and the day of its newest record before today."""
    run_end = None
    for _start, end, reported in months:
        if reported or (records_through is not None and end <= records_through):
            run_end = end
        else:
            break
    days = [d for d in (run_end, records_through) if d is not None]
    return max(days) if days else None


def last_month_end(day: dt.date, report_months: bool = False) -> dt.date:
    """The last day, on or before `day`, ending a calendar month (31/10) or, with
    `report_months`, an NĐ 09/2019 reporting month (the 14th)."""
    if report_months:
        if day.day >= 14:
            return day.replace(day=14)
        first = day.replace(day=1) - dt.timedelta(days=1)
        return first.replace(day=14)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return day
    return day.replace(day=1) - dt.timedelta(days=1)
