"""Reporting progress of a data folder: reports.csv and the units (queries/report_events.sql,
queries/report_units.sql) run through the rules of antt/reporting.py. Used by the "Tiến độ
báo cáo" page, the dashboards' coverage notes, the notice and `python -m antt report`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from antt.data import report_rules
from antt.data.complete import DataThrough
from antt.data.queries import run_query
from antt.data.store import Store
from antt.reporting import completeness, coverage
from antt.text.fmt import date_short


@dataclass
class Reports:
    """What the progress of one data version is computed from."""

    states: pd.DataFrame
    units: coverage.Units
    settings: report_rules.Settings

    def cells(self, periods: list[str], today: dt.date) -> pd.DataFrame:
        return coverage.native_cells(self.states, self.units, self.settings, periods, today)

    def grid(self, periods: list[str], display: str, communes: tuple[str, ...],
             today: dt.date) -> tuple[pd.DataFrame, coverage.Summary]:
        """The unit × period grid in `display` and its summary (rates over the range, counted
        in `display`: the page and `python -m antt report status` both call this)."""
        native = self.cells(periods, today)
        grid = coverage.display_cells(native, self.units, display, communes)
        return grid, coverage.summarize(grid, today)

    def approved_through(self, display: str, communes: tuple[str, ...]) -> str | None:
        """The last period up to which every unit-period in scope is approved (from the start
        month), or None when the first is not."""
        if not self.settings.tracking:
            return None
        approved = set(zip(*[self.states.loc[self.states["state"] == report_rules.APPROVED, c]
                             for c in ("unit_code", "period")], strict=True))
        last = None
        period = self.settings.start
        while True:
            cells = [(u, period) for u in self.units.names(report_rules.unit_set_of(period))
                     if not communes or any(
                         d in communes for d in self.units.display_of(
                             display, u, report_rules.unit_set_of(period)))]
            if not cells or not all(c in approved for c in cells):
                return last
            last, period = period, report_rules.shift_period(period, 1)


def load_reports(store: Store) -> Reports:
    events = run_query("report_events", store=store)
    links = run_query("report_units", store=store)
    return Reports(report_rules.report_states(events), coverage.Units(links),
                   report_rules.load_settings(store.data_dir))


def approved_cutoff(reports: Reports, unit_set: str, communes: tuple[str, ...],
                    date_to: dt.date) -> tuple[dt.date | None, str]:
    """For a notice restricted to approved periods: the last day its figures may count (the
    end of the last period approved for every unit in scope, not after `date_to`) and the
    sentence saying so; (None, why) when nothing is approved yet."""
    if not reports.settings.tracking:
        return None, ("Chưa theo dõi báo cáo định kỳ (chưa đặt tháng bắt đầu trong "
                      "reporting.toml): chưa có kỳ nào được duyệt.")
    last = reports.approved_through(unit_set, communes)
    if last is None:
        return None, ("Chưa có kỳ báo cáo nào được duyệt cho mọi xã trong phạm vi: bỏ chọn "
                      "“Chỉ số liệu đã duyệt” để lập thông báo.")
    end = report_rules.period_bounds(last)[1]
    cutoff = min(end, date_to)
    return cutoff, (f"Số liệu đã được duyệt đến {date_short(end)} (hết kỳ báo cáo "
                    f"{report_rules.period_label(last)}); thông báo tính số liệu đến "
                    f"{date_short(cutoff)}.")


def latest_ended(today: dt.date) -> str:
    """The latest reporting month that has ended by `today` (the one being reported now)."""
    period = report_rules.period_of(today)
    return period if report_rules.period_bounds(period)[1] < today else \
        report_rules.shift_period(period, -1)


def data_through(reports: Reports, store: Store, display: str, communes: tuple[str, ...],
                 today: dt.date) -> DataThrough:
    """antt.reporting.completeness.data_through on a store's data (pages, command line)."""
    records = run_query("unit_record_dates", store=store, today=today)
    latest = run_query("latest_record_date", store=store)["latest_on"].iloc[0]
    latest = None if pd.isna(latest) else pd.Timestamp(latest).date()
    return completeness.data_through(reports.states, reports.units, reports.settings, display,
                                     communes, records, today, latest)
