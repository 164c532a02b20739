"""The one cùng-kỳ rule (antt.indicators.periods.compare_with_last_year): the chosen period ends at
the
data date when the data stop earlier, and is compared with the same days one year earlier."""

from __future__ import annotations

import datetime as dt

import pytest

from antt.indicators.filters import Filters
from antt.indicators.periods import compare_with_last_year, make_period, range_text

D = dt.date


def _days(period):
    return (period.start, period.end)


def test_year_in_progress_ends_at_the_data_date_and_compares_the_same_days():
    c = compare_with_last_year(make_period("year", 2026), D(2026, 10, 31))
    assert c.clipped
    assert _days(c.current) == (D(2026, 1, 1), D(2026, 10, 31))
    assert _days(c.previous) == (D(2025, 1, 1), D(2025, 10, 31))
    assert c.against == "so với 01/01–31/10/2025"
    assert c.current_text == "01/01–31/10/2026"


def test_a_finished_year_is_compared_whole():
    c = compare_with_last_year(make_period("year", 2025), D(2026, 10, 31))
    assert not c.clipped
    assert _days(c.current) == (D(2025, 1, 1), D(2025, 12, 31))
    assert _days(c.previous) == (D(2024, 1, 1), D(2024, 12, 31))


def test_a_month_in_progress_and_a_whole_month():
    c = compare_with_last_year(make_period("month", 2026, 10), D(2026, 10, 17))
    assert _days(c.current) == (D(2026, 10, 1), D(2026, 10, 17))
    assert _days(c.previous) == (D(2025, 10, 1), D(2025, 10, 17))
    assert c.against == "so với 01/10–17/10/2025"
    whole = compare_with_last_year(make_period("month", 2026, 9), D(2026, 10, 31))
    assert _days(whole.previous) == (D(2025, 9, 1), D(2025, 9, 30))


def test_decree_09_reporting_period_crosses_the_year_and_is_clipped():
    # Kỳ báo cáo năm 2026: 15/12/2025–14/12/2026; the data stop on 31/10/2026.
    c = compare_with_last_year(make_period("report_year", 2026), D(2026, 10, 31))
    assert _days(c.current) == (D(2025, 12, 15), D(2026, 10, 31))
    assert _days(c.previous) == (D(2024, 12, 15), D(2025, 10, 31))
    assert c.against == "so với 15/12/2024–31/10/2025"
    month = compare_with_last_year(make_period("report_month", 2026, 10), D(2026, 10, 31))
    assert _days(month.current) == (D(2026, 9, 15), D(2026, 10, 14))
    assert _days(month.previous) == (D(2025, 9, 15), D(2025, 10, 14))


@pytest.mark.parametrize("period, through, current, previous", [
    # February of a leap year against all of February of the common year before.
    (make_period("month", 2024, 2), D(2024, 10, 2),
     (D(2024, 2, 1), D(2024, 2, 29)), (D(2023, 2, 1), D(2023, 2, 28))),
    # ... and February 2025 against all of February 2024, 29/02 included.
    (make_period("month", 2025, 2), D(2025, 10, 2),
     (D(2025, 2, 1), D(2025, 2, 28)), (D(2024, 2, 1), D(2024, 2, 29))),
    # Data stopping on 29/02: a leap year in progress.
    (make_period("year", 2024), D(2024, 2, 29),
     (D(2024, 1, 1), D(2024, 2, 29)), (D(2023, 1, 1), D(2023, 2, 28))),
    # A range starting on 29/02.
    (make_period("range", 2024, start=D(2024, 2, 29), end=D(2024, 3, 10)), D(2024, 10, 2),
     (D(2024, 2, 29), D(2024, 3, 10)), (D(2023, 2, 28), D(2023, 3, 10))),
    # A period containing 29/02 clipped at 28/02 of the next year's data date.
    (make_period("report_quarter", 2025, 1), D(2025, 2, 28),
     (D(2024, 12, 15), D(2025, 2, 28)), (D(2023, 12, 15), D(2024, 2, 29))),
])
def test_periods_containing_29_february(period, through, current, previous):
    c = compare_with_last_year(period, through)
    assert _days(c.current) == current
    assert _days(c.previous) == previous


def test_a_period_with_no_data_yet_is_kept_whole_and_no_data_date_means_no_clipping():
    later = compare_with_last_year(make_period("year", 2027), D(2026, 10, 31))
    assert not later.clipped and _days(later.current) == (D(2027, 1, 1), D(2027, 12, 31))
    assert not compare_with_last_year(make_period("year", 2026), None).clipped


def test_filters_params_use_the_rule_with_the_data_date():
    p = Filters(period_kind="year", year=2026).params(D(2026, 10, 31))
    assert (p["date_from"], p["date_to"]) == (D(2026, 1, 1), D(2026, 10, 31))
    assert (p["prev_from"], p["prev_to"]) == (D(2025, 1, 1), D(2025, 10, 31))
    # The default view (01/01 to the data date) gives exactly the same days.
    same = Filters(period_kind="range", start=D(2026, 1, 1), end=D(2026, 10, 31))
    assert same.params(D(2026, 10, 31)) | {"unit_set": "2024"} == p | {"unit_set": "2024"}


def test_range_text():
    assert range_text(D(2025, 1, 1), D(2025, 10, 31)) == "01/01–31/10/2025"
    assert range_text(D(2024, 12, 15), D(2025, 12, 14)) == "15/12/2024–14/12/2025"
