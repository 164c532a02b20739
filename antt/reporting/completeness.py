"""How complete a dashboard's figures are: per unit in scope, the reporting months its period
owes (antt/reporting.py) and how many it reported in full. The pages draw it as "Tính trên 5/6
xã đã báo cáo", "chưa báo cáo" rows, grey map polygons and a note on cùng kỳ comparisons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from antt.data.complete import DataThrough, UnitThrough, covered_through
from antt.data.report_rules import (
    Settings,
    period_bounds,
    period_label,
    period_of,
    periods_between,
    periods_overlapping,
    shift_period,
)
from antt.reporting.coverage import Units, display_cells, native_cells

NOT_REPORTED = "chưa báo cáo"



@dataclass(frozen=True)
class Coverage:
    """How complete a dashboard's figures are: per display unit in scope, the due periods of
    the filter's date range and how many of them it reported in full."""

    tracked: bool  # some period of the range is owed (tracking on, range after the start)
    per_unit: pd.DataFrame  # unit_code, unit_name, due_periods, complete_periods, status
    since: str | None = None  # the start month, when the range begins before it

    @property
    def units(self) -> int:
        return int((self.per_unit["due_periods"] > 0).sum()) if self.tracked else 0

    @property
    def complete(self) -> int:
        return int((self.per_unit["status"] == "complete").sum())

    @property
    def unreported(self) -> list[str]:
        """Codes of the units that reported none of their due periods."""
        return list(self.per_unit.loc[self.per_unit["status"] == "none", "unit_code"])

    @property
    def partial(self) -> list[str]:
        return list(self.per_unit.loc[self.per_unit["status"] == "partial", "unit_code"])

    @property
    def incomplete(self) -> bool:
        return self.tracked and self.complete < self.units

    def status_text(self, code: str) -> str:
        """'' (complete or not tracked), 'chưa báo cáo', or 'thiếu 2/10 kỳ'."""
        row = self.per_unit[self.per_unit["unit_code"] == code]
        if not self.tracked or row.empty:
            return ""
        r = row.iloc[0]
        if r["status"] == "none":
            return NOT_REPORTED
        if r["status"] == "partial":
            missing = int(r["due_periods"] - r["complete_periods"])
            return f"thiếu {missing}/{int(r['due_periods'])} kỳ"
        return "đủ" if r["status"] == "complete" else ""


def coverage(states: pd.DataFrame, units: Units, settings: Settings, display: str,
             communes: tuple[str, ...], date_from: dt.date, date_to: dt.date,
             today: dt.date) -> Coverage:
    """The reporting coverage of a dashboard view (filters' unit set, communes, dates)."""
    periods = periods_overlapping(date_from, date_to)
    native = native_cells(states, units, settings, periods, today)
    since = settings.start if settings.tracking and periods[0] < settings.start else None
    grid = display_cells(native, units, display, communes)
    if grid.empty or not (grid["expected"] > 0).any():
        return Coverage(False, pd.DataFrame(
            columns=["unit_code", "unit_name", "due_periods", "complete_periods", "status"]))
    due = grid[grid["expected"] > 0]
    per = due.assign(ok=(due["reported"] == due["natives"]).astype(int),
                     any=(due["reported"] > 0).astype(int)).groupby(
        ["unit_code", "unit_name"], sort=False, as_index=False).agg(
        due_periods=("ok", "size"), complete_periods=("ok", "sum"), reported_any=("any", "sum"))
    per["status"] = [
        "complete" if r.complete_periods == r.due_periods
        else ("none" if r.reported_any == 0 else "partial") for r in per.itertuples()]
    return Coverage(True, per.drop(columns="reported_any"), since)


def counted_text(cov: Coverage, unit_word: str = "xã") -> str | None:
    """'Tính trên 5/6 xã đã báo cáo' (None when nothing is owed in the range)."""
    if not cov.tracked or cov.units == 0:
        return None
    text = f"Tính trên {cov.complete}/{cov.units} {unit_word} đã báo cáo"
    if cov.partial:
        text += f" đủ các kỳ ({len(cov.partial)} {unit_word} còn thiếu kỳ)"
    if cov.since:
        text += f" (theo dõi từ kỳ {period_label(cov.since)})"
    return text


def comparison_note(current: Coverage, previous: Coverage, unit_word: str = "xã") -> str | None:
    """A warning when a cùng kỳ comparison has an incomplete side (None when both are
    complete or neither is tracked)."""
    sides = []
    if current.incomplete:
        sides.append(f"kỳ này {current.complete}/{current.units} {unit_word}")
    if previous.incomplete:
        sides.append(f"cùng kỳ {previous.complete}/{previous.units} {unit_word}")
    if not sides:
        return None
    return ("So sánh với cùng kỳ chưa đầy đủ: " + ", ".join(sides)
            + " đã báo cáo đủ.")


# ---------------------------------------------------------------- complete through (the rule)


def data_through(states: pd.DataFrame, units: Units, settings: Settings, display: str,
                 communes: tuple[str, ...], record_dates: pd.DataFrame, today: dt.date,
                 latest: dt.date | None) -> DataThrough:
    """How far the data of each display unit in scope are complete (antt.data.complete):
    its reported months (a new xã's month before 07/2025 when all its old communes reported,
    an old commune's month after it when its successor did) and `record_dates`
    (queries/unit_record_dates.sql: newest record before today per 2024 commune)."""
    names = units.names(display)
    wanted = [c for c in names if not communes or c in communes]
    key = "commune_code_2025" if display == "2025" else "commune_code"
    records = record_dates.groupby(key)["latest_on"].max() if not record_dates.empty else {}
    months: dict[str, list[tuple[dt.date, dt.date, bool]]] = {c: [] for c in wanted}
    last = _last_ended(today)
    if settings.tracking and settings.start <= last:
        periods = periods_between(settings.start, last)
        grid = display_cells(native_cells(states, units, settings, periods, today), units,
                             display, tuple(wanted))
        for r in grid.itertuples():
            start, end = period_bounds(r.period)
            months[r.unit_code].append((start, end, bool(r.reported == r.natives)))
    out = []
    for code in wanted:
        rec = records.get(code) if len(records) else None
        rec = None if rec is None or pd.isna(rec) else pd.Timestamp(rec).date()
        out.append(UnitThrough(code, names[code], covered_through(
            sorted(months[code]), rec)))
    first = record_dates["first_on"].min() if not record_dates.empty else None
    first = None if first is None or pd.isna(first) else pd.Timestamp(first).date()
    return DataThrough(tuple(out), latest, first)


def _last_ended(today: dt.date) -> str:
    """The latest reporting month ended before `today`."""
    period = period_of(today)
    return period if period_bounds(period)[1] < today else shift_period(period, -1)
