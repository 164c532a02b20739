"""The checks of reports.csv beyond its column types (called by antt/data/validation.py)."""

from __future__ import annotations

from antt.data.report_rules import period_bounds, period_label, unit_set_of
from antt.problems import Problem
from antt.text.fmt import date_short


def check_report_rows(columns: dict, known: dict[str, set[str]], file_label: str,
                      rows) -> list[Problem]:
    """The checks of reports.csv beyond its column types: the period is a YYYY-MM month, the
    unit belongs to the period's unit set, the event is not dated before the period began.
    `columns`: column name -> arrow array (typed); `known`: the loaded keys (ctx.keys)."""
    problems: list[Problem] = []
    sets = {"2024": known.get("communes.commune_code", set()),
            "2025": known.get("communes_2025.commune_code_2025", set())}
    units = columns["unit_code"].to_pylist()
    periods = columns["period"].to_pylist()
    dates = columns["done_on"].to_pylist()
    for i, (unit, period, day) in enumerate(zip(units, periods, dates, strict=True)):
        row = int(rows[i])
        try:
            start, _ = period_bounds(period)
        except ValueError as exc:
            problems.append(Problem(file_label, row, "period", str(exc)))
            continue
        unit_set = unit_set_of(period)
        if unit not in sets[unit_set]:
            which = ("xã mới (từ 01/7/2025)" if unit_set == "2025"
                     else "xã, thị trấn trước 01/7/2025")
            problems.append(Problem(file_label, row, "unit_code",
                                    f"Mã xã “{unit}” không thuộc {which}, bộ đơn vị của kỳ "
                                    f"{period_label(period)}."))
        if day is not None and day < start:
            problems.append(Problem(file_label, row, "done_on",
                                    f"Ngày {date_short(day)} trước khi kỳ "
                                    f"{period_label(period)} bắt đầu ({date_short(start)})."))
        if len(problems) >= 50:
            break
    return problems
