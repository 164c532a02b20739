"""How complete a dashboard's figures are, by the one rule of antt.data.complete: per display
unit in scope, the day through which its data are complete (its reported months, carried over
the 2024↔2025 mapping, and its newest record). The pages draw it as "Số liệu đủ: 6/6 xã …",
"Kỳ chưa đủ số liệu: …", a "Báo cáo" column and "chưa so sánh được" on the tiles."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from antt.data.complete import DataThrough, UnitThrough, covered_through
from antt.data.report_rules import (
    Settings,
    period_bounds,
    period_of,
    periods_between,
    shift_period,
)
from antt.reporting.coverage import Units, display_cells, native_cells

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
