"""The reporting grid: both unit sets and their mapping, each unit-period's cell (expected,
reported, on time, approved), the grid shown in either unit set, and its summary. The rules it
follows (months, deadlines, states) are antt.data.report_rules.

Pure functions on frames (no streamlit, no SQL).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from antt.data.report_rules import (
    APPROVED,
    RETURNED,
    SUBMITTED,
    Settings,
    period_bounds,
    unit_set_of,
)
from antt.text.fmt import vi_sort_key

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
        2025 code covers its old communes; old codes cover their successor only when they are
        all of its old communes: an editor of 06340 alone does not report for 06337, which
        also holds 06331 (issue 25; their import for 06331 is refused too)."""
        if not communes:
            return True
        allowed = set(communes)
        for code in communes:
            allowed |= set(self._down.get(code, []))
        for code in communes:
            for successor in self._up.get(code, []):
                if set(self._down.get(successor, [])) <= allowed:
                    allowed.add(successor)
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
    """Rates over a range, the DHIS2 way, counted in the unit set shown (one report per
    display unit and period: a new xã's month before 07/2025 is received when all its old
    communes' reports are, on time when all were on time, approved when all were approved):
    per display unit and overall."""

    per_unit: pd.DataFrame  # unit_code, unit_name, expected, reported, on_time, approved,
    #                         rate, on_time_rate, on_time_of_received, complete_periods,
    #                         due_periods, regular
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
        """Reporting rate: reports received / reports owed."""
        return self.reported / self.expected if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        """Reporting rate on time (DHIS2): reports received on time / reports owed."""
        return self.on_time / self.expected if self.expected else None

    @property
    def on_time_of_received(self) -> float | None:
        """On time among the reports received (labelled as such wherever shown)."""
        return self.on_time / self.reported if self.reported else None

    @property
    def regular_rate(self) -> float | None:
        return self.regular_units / self.units if self.units else None


def display_counts(grid: pd.DataFrame) -> pd.DataFrame:
    """The grid's cells as one report each in the unit set shown: expected (owed), reported
    (every native report in), on_time (every one on time), approved (every one approved)."""
    owed = grid["expected"] > 0
    full = grid["natives"]
    return grid.assign(
        expected=owed.astype(int),
        reported=(owed & (grid["reported"] == full)).astype(int),
        on_time=(owed & (grid["on_time"] == full)).astype(int),
        approved=(owed & (grid["approved"] == full)).astype(int))


def summarize(grid: pd.DataFrame, today: dt.date) -> Summary:
    """Per-unit and overall reporting rate (received / owed), on-time rate (on time / owed),
    on time among those received, '% báo cáo đều' (units complete in every due period of the
    range) and the units that have not reported the latest ended period; every count in the
    grid's unit set (display_counts)."""
    cols = ["unit_code", "unit_name", "expected", "reported", "on_time", "approved"]
    if grid.empty:
        return Summary(pd.DataFrame(columns=[*cols, "rate", "on_time_rate",
                                             "on_time_of_received", "complete_periods",
                                             "due_periods", "regular"]))
    counted = display_counts(grid)
    per = counted.groupby(["unit_code", "unit_name"], sort=False, as_index=False)[
        ["expected", "reported", "on_time", "approved"]].sum()
    per["complete_periods"] = per["reported"]
    per["due_periods"] = per["expected"]
    per["rate"] = per["reported"] / per["expected"].where(per["expected"] > 0)
    per["on_time_rate"] = per["on_time"] / per["expected"].where(per["expected"] > 0)
    per["on_time_of_received"] = per["on_time"] / per["reported"].where(per["reported"] > 0)
    per["regular"] = (per["due_periods"] > 0) & (per["complete_periods"] == per["due_periods"])
    ended = [p for p in sorted(grid["period"].unique()) if _ended(p, today)]
    current = ended[-1] if ended else None
    missing_now = pd.DataFrame(columns=["unit_code", "unit_name", "cell"])
    if current is not None:
        now = grid[(grid["period"] == current) & (grid["reported"] < grid["natives"])]
        missing_now = now[["unit_code", "unit_name", "cell"]].reset_index(drop=True)
    return Summary(
        per_unit=per,
        expected=int(per["expected"].sum()),
        reported=int(per["reported"].sum()),
        on_time=int(per["on_time"].sum()),
        approved=int(per["approved"].sum()),
        regular_units=int(per["regular"].sum()),
        units=int((per["due_periods"] > 0).sum()),
        current=current,
        missing_now=missing_now,
    )


def _ended(period: str, today: dt.date) -> bool:
    return period_bounds(period)[1] < today
