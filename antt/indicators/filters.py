"""The shared filters (unit set, communes, period, model type) and their URL form.

Pure data: the sidebar widgets live in antt/ui; queries receive `Filters.params()`.
URL values are codes ("unit=2025&communes=06337,06364&period=year&year=2024&model=...");
anything invalid is dropped and reported, never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from antt.data.schema import unit_set_on
from antt.indicators.periods import (
    PERIOD_LABELS,
    RELATIVE_KINDS,
    Comparison,
    Period,
    PeriodKind,
    compare_with_last_year,
    make_period,
)
from antt.text.fmt import today_local

UNIT_SETS = {
    "2024": "Trước 01/7/2025: tỉnh → huyện → xã, thị trấn → thôn",
    "2025": "Từ 01/7/2025: tỉnh → xã → thôn",
}
def unit_set_for(period: Period) -> str:
    """The unit set a period is read in by default: the one in force on its last day (the
    rule of the reports too, antt.data.report_rules.unit_set_of)."""
    return unit_set_on(period.end)


@dataclass(frozen=True)
class Filters:
    unit_set: str = "2024"
    communes: tuple[str, ...] = ()  # unit codes of the chosen unit set; empty = all
    period_kind: PeriodKind = "year"
    year: int = 2024
    number: int = 1  # quarter or month
    start: dt.date | None = None  # for "range"
    end: dt.date | None = None
    model_type: str = ""  # '' = all types
    # The day relative periods ("12 tháng gần nhất", "quý này") count back from; None = today
    # in Asia/Ho_Chi_Minh. Not part of the URL or of equality: a link stays relative.
    today: dt.date | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        # One form for one choice: no repeats, in code order. The filters key the process-wide
        # caches, and `communes=06340,06340,…` must not make a new key (issue 25).
        object.__setattr__(self, "communes", tuple(sorted(set(self.communes))))

    @property
    def period(self) -> Period:
        return make_period(self.period_kind, self.year, self.number, self.start, self.end,
                           today=self.today or today_local())

    def comparison(self, data_through: dt.date | None) -> Comparison:
        """The period as compared with cùng kỳ (antt.indicators.periods.compare_with_last_year)."""
        return compare_with_last_year(self.period, data_through)

    def params(self, data_through: dt.date | None = None) -> dict:
        """Bound parameters for queries/*.sql: the period (ended at `data_through`, the
        "Số liệu tính đến" date, when the data stop earlier) and the same days a year
        earlier. Pages pass the data date; see antt.indicators.periods for the rule."""
        c = self.comparison(data_through)
        return {
            "communes": list(self.communes),
            "unit_set": self.unit_set,
            "date_from": c.current.start,
            "date_to": c.current.end,
            "prev_from": c.previous.start,
            "prev_to": c.previous.end,
            "model_type": self.model_type,
        }

    def to_query(self) -> dict[str, str]:
        """The URL query string form (codes only)."""
        out = {"unit": self.unit_set, "period": self.period_kind}
        if self.communes:
            out["communes"] = ",".join(self.communes)
        if self.period_kind == "range" and self.start and self.end:
            out["from"] = self.start.isoformat()
            out["to"] = self.end.isoformat()
        elif self.period_kind not in RELATIVE_KINDS:
            out["year"] = str(self.year)
            if self.period_kind in ("quarter", "month", "report_month", "report_quarter"):
                out["n"] = str(self.number)
        if self.model_type:
            out["model"] = self.model_type
        return out


def few(values: list[str], shown: int = 5, longest: int = 200) -> str:
    """At most `shown` values (each cut at `longest` characters) and how many more: a notice
    quoting a link stays short however long the link."""
    cut = [v if len(v) <= longest else v[:longest] + "…" for v in values[:shown]]
    more = f" và {len(values) - shown} mã khác" if len(values) > shown else ""
    return ", ".join(cut) + more


@dataclass
class ParsedFilters:
    filters: Filters
    dropped: list[str] = field(default_factory=list)  # Vietnamese notices, one per bad value


def parse_query(
    query: dict[str, str],
    valid_units: dict[str, set[str]],
    valid_model_types: set[str],
    default: Filters | None = None,
) -> ParsedFilters:
    """URL query -> Filters; each invalid value is dropped with a notice saying which. A link
    without a valid unit set reads its period in the unit set in force on the period's last
    day (unit_set_for)."""
    f = default or Filters()
    dropped: list[str] = []
    if query.get("year", "").isdigit() and "period" not in query and \
            (f.period_kind == "range" or f.period_kind in RELATIVE_KINDS):
        # `?year=2024` alone is that year, not the default view with the year ignored
        query = {**query, "period": "year"}
    unit = query.get("unit")
    if unit is not None and unit not in UNIT_SETS:
        dropped.append(f"Bộ đơn vị “{unit}” không hợp lệ, đã bỏ qua.")
        unit = None
    if unit is None:
        f = replace(f, unit_set=_unit_set_of_query(query, f))
    else:
        f = replace(f, unit_set=unit)
    communes = query.get("communes")
    if communes:
        known = valid_units.get(f.unit_set, set())
        given = list(dict.fromkeys(communes.split(",")))  # repeats once: at most the units
        good = tuple(c for c in given if c in known)
        bad = [c for c in given if c not in known]
        if bad:
            dropped.append(f"Mã xã không có trong danh sách: {few(bad)} (đã bỏ qua).")
        f = replace(f, communes=good)
    kind = query.get("period")
    if kind is not None:
        if kind in PERIOD_LABELS:
            f = replace(f, period_kind=kind)  # type: ignore[arg-type]
        else:
            dropped.append(f"Kỳ “{kind}” không hợp lệ, đã bỏ qua.")
    year = query.get("year")
    if year is not None:
        if year.isdigit() and 2000 <= int(year) <= 2100:
            f = replace(f, year=int(year))
        else:
            dropped.append(f"Năm “{year}” không hợp lệ, đã bỏ qua.")
    number = query.get("n")
    if number is not None:
        limit = 4 if "quarter" in f.period_kind else 12
        if number.isdigit() and 1 <= int(number) <= limit:
            f = replace(f, number=int(number))
        else:
            dropped.append(f"Số kỳ “{number}” không hợp lệ, đã bỏ qua.")
    if f.period_kind == "range" and "from" not in query and "to" not in query \
            and kind is None and f.start and f.end:
        pass  # the default view's own range (e.g. 01/01 to the data date): nothing to read
    elif f.period_kind == "range":
        try:
            start = dt.date.fromisoformat(query.get("from", ""))
            end = dt.date.fromisoformat(query.get("to", ""))
            if start > end:
                raise ValueError
            f = replace(f, start=start, end=end)
        except ValueError:
            dropped.append("Khoảng ngày trong đường dẫn không hợp lệ, đã dùng năm.")
            f = replace(f, period_kind="year")
    elif "quarter" in f.period_kind and f.number > 4:
        f = replace(f, number=1)
    model = query.get("model")
    if model:
        if model in valid_model_types:
            f = replace(f, model_type=model)
        else:
            dropped.append(f"Loại mô hình “{model}” không hợp lệ, đã bỏ qua.")
    return ParsedFilters(f, dropped)


def _unit_set_of_query(query: dict[str, str], default: Filters) -> str:
    """The unit set of the period a link names (its codes only, errors left to parse_query)."""
    f = default
    if query.get("period") in PERIOD_LABELS:
        f = replace(f, period_kind=query["period"])  # type: ignore[arg-type]
    year, number = query.get("year", ""), query.get("n", "")
    if year.isdigit() and 2000 <= int(year) <= 2100:
        f = replace(f, year=int(year))
    if number.isdigit() and 1 <= int(number) <= (4 if "quarter" in f.period_kind else 12):
        f = replace(f, number=int(number))
    try:
        if f.period_kind == "range" and ("from" in query or "to" in query):
            f = replace(f, start=dt.date.fromisoformat(query.get("from", "")),
                        end=dt.date.fromisoformat(query.get("to", "")))
        return unit_set_for(f.period)
    except (ValueError, TypeError):
        return default.unit_set
