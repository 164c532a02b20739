"""A text date column read as a whole: day-first (Vietnamese) or month-first (en-US software).

Staff write 02/10/2024. LibreOffice Calc or Excel on an en-US desktop save the same sheet as CSV
with `10/02/24` (month first, two-digit year). One cell alone cannot tell 03/05/25 apart, but a
column can: a value such as 03/15/25 only reads month-first, and 15/03/25 only day-first. The
column is read one way for every cell, never cell by cell (a mixed reading would silently swap
days and months in half the rows).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MIDNIGHT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")

DAY_FIRST = "day"
MONTH_FIRST = "month"
READING_NOTE = {
    DAY_FIRST: "ngày/tháng/năm",
    MONTH_FIRST: "tháng/ngày/năm",
}


@dataclass
class DateColumn:
    """The ISO text of each cell ("" where blank or unreadable) and a message per bad cell."""

    values: list[str]
    problems: dict[int, str] = field(default_factory=dict)  # cell index -> Vietnamese message
    reading: str | None = None  # DAY_FIRST / MONTH_FIRST when some cell was slashed
    two_digit_years: bool = False
    undecided: bool = False  # every slashed cell read both ways: the Vietnamese order was taken

    @property
    def note(self) -> str | None:
        """What the preview says about how the column was read (None when a cell such as
        15/03/2024 showed the day-first order and the years have four digits)."""
        if self.reading is None or (self.reading == DAY_FIRST and not self.two_digit_years
                                    and not self.undecided):
            return None
        note = f"được đọc theo dạng {READING_NOTE[self.reading]}"
        if self.two_digit_years:
            note += ", năm hai chữ số là 20yy"
        if self.undecided:
            note += (" (mọi ngày trong cột đọc được theo cả hai cách; nếu tệp ghi "
                     "tháng/ngày/năm, hãy sửa tệp rồi nhập lại)")
        return note


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_date_column(cells: list[str]) -> DateColumn:
    """Read every cell of one date column the same way (see the module docstring)."""
    out = DateColumn(list(cells))
    slashed: dict[int, tuple[int, int, int]] = {}
    for i, value in enumerate(cells):
        if not value or _ISO.match(value):
            continue
        midnight = _ISO_MIDNIGHT.match(value)
        if midnight:
            out.values[i] = midnight.group(1)
            continue
        found = _SLASHED.match(value)
        if not found:
            out.problems[i] = (f"Ngày “{value}” không đúng dạng ngày/tháng/năm (ví dụ 02/10/2024) "
                               "hoặc năm-tháng-ngày (2024-10-02).")
            continue
        first, second, year = found.groups()
        out.two_digit_years |= len(year) == 2
        slashed[i] = (int(first), int(second), _year(year))
    if not slashed:
        return out
    only_day_first = [i for i, (a, b, y) in slashed.items()
                      if _valid(y, b, a) and not _valid(y, a, b)]
    only_month_first = [i for i, (a, b, y) in slashed.items()
                        if _valid(y, a, b) and not _valid(y, b, a)]
    if only_day_first and only_month_first:
        example_d = cells[only_day_first[0]]
        example_m = cells[only_month_first[0]]
        for i in slashed:  # each row's message quotes that row's own value first
            out.problems[i] = (
                f"Ngày “{cells[i]}”: cột ngày lẫn hai cách ghi (“{example_d}” chỉ đọc được là "
                f"ngày/tháng/năm, “{example_m}” chỉ đọc được là tháng/ngày/năm). Hãy ghi mọi "
                "ngày theo dạng dd/mm/yyyy (ví dụ 02/10/2024).")
        return out
    # One rule whatever the year's digits: a column that shows its order is read that way;
    # one that never does is read the Vietnamese way, and the preview says so (note).
    out.reading = MONTH_FIRST if only_month_first else DAY_FIRST
    out.undecided = not only_month_first and not only_day_first
    for i, (a, b, year) in slashed.items():
        day, month = (a, b) if out.reading == DAY_FIRST else (b, a)
        date = _valid(year, month, day)
        if date is None:
            out.problems[i] = f"Ngày “{cells[i]}” không tồn tại."
        else:
            out.values[i] = date.isoformat()
    return out
