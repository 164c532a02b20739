"""A view in words: its default filters, its period and scope as the pages and files state
them, what a unit is called in each unit set, and file names that carry the filters. No
streamlit, no SQL."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace

from antt.data.complete import DataThrough, last_month_end
from antt.indicators import like_for_like
from antt.indicators.filters import UNIT_SETS, Filters, unit_set_for
from antt.indicators.like_for_like import NOT_COMPARABLE
from antt.indicators.periods import PERIOD_LABELS, Period
from antt.text.fmt import date_short

ALL_MODEL_TYPES = "Tất cả loại mô hình"
ALL_COMMUNES = "Tất cả xã"



# ---------------------------------------------------------------- default filters


def default_filters(through: dt.date | None, today: dt.date) -> Filters:
    """What a user sees on first open: from 01/01 to the end of the last complete calendar
    month (the last month ending on or before `through`, the day through which every unit's
    data are complete: antt.data.complete), or that whole year when it ends in December; all
    communes, all model types, in the unit set of that period. A record dated later (today's,
    say) never moves it. No data at all: this year to today."""
    if through is None:
        f = Filters(period_kind="range", year=today.year, start=dt.date(today.year, 1, 1),
                    end=today)
    else:
        end = last_month_end(min(through, today))
        if end.month == 12:
            f = Filters(period_kind="year", year=end.year)
        else:
            f = Filters(period_kind="range", year=end.year, start=dt.date(end.year, 1, 1),
                        end=end)
    return replace(f, unit_set=unit_set_for(f.period))


def default_view(complete_day: Callable[[str], dt.date | None], today: dt.date) -> Filters:
    """default_filters for data whose complete-through day depends on the unit set
    (`complete_day(unit_set)`: antt.data.complete for all units of that set): first in the
    units in force today; a period then read in the old units ends where they are complete."""
    current = unit_set_for(Period(today, today, ""))
    f = default_filters(complete_day(current), today)
    if f.unit_set != current:
        f = default_filters(complete_day(f.unit_set), today)
    return f


# ---------------------------------------------------------------- describing the filters


def period_text(f: Filters, data_through: dt.date | None = None) -> str:
    """'năm 2024 (01/01/2024 – 31/12/2024)'; with the data stopping inside the period, the
    days actually counted: 'năm 2026 (01/01/2026 – 31/10/2026, số liệu tính đến 31/10/2026)'."""
    p = f.period
    c = f.comparison(data_through)
    if c.clipped and f.period_kind == "range":
        return f"{p.label}, số liệu tính đến {date_short(data_through)}"
    if c.clipped:
        return (f"{p.label} ({date_short(c.current.start)} – {date_short(c.current.end)}, "
                f"số liệu tính đến {date_short(data_through)})")
    if f.period_kind == "range":
        return p.label
    return f"{p.label} ({date_short(p.start)} – {date_short(p.end)})"


def scope_text(f: Filters, unit_names: dict[str, str]) -> str:
    if not f.communes:
        return ALL_COMMUNES
    return ", ".join(unit_names.get(c, c) for c in f.communes)


def filter_lines(
    f: Filters, unit_names: dict[str, str], model_labels: dict[str, str],
    latest: dt.date | None, through: DataThrough | None = None,
) -> list[tuple[str, str]]:
    """(label, value) pairs stating the filters, for the export's second sheet and captions;
    with `through` (antt.data.complete), how complete the period is and whether cùng kỳ is
    compared (like_for_like), as the page says it."""
    c = f.comparison(latest)
    prev = c.previous
    same = f"{date_short(prev.start)} – {date_short(prev.end)}"
    reason = like_for_like.not_comparable_detail(c, through)
    lines = [
        ("Bộ đơn vị hành chính", UNIT_SETS[f.unit_set]),
        (unit_label(f.unit_set), scope_text(f, unit_names)),
        ("Loại kỳ", PERIOD_LABELS[f.period_kind]),
        ("Kỳ", period_text(f, latest)),
        ("Cùng kỳ năm trước", f"{NOT_COMPARABLE}: {reason}" if reason else same),
        ("Loại mô hình", model_labels.get(f.model_type, f.model_type) if f.model_type
         else ALL_MODEL_TYPES),
        ("Bản ghi mới nhất", date_short(latest) if latest else "chưa có số liệu"),
    ]
    if through is not None:
        done = through.complete
        lines.append(("Số liệu đủ đến", date_short(done) if done else "chưa có số liệu"))
        missing = like_for_like.incomplete_text(c, through)
        lines.append(("Tình trạng kỳ", missing or "đủ số liệu"))
    return lines


def ascii_slug(text: str) -> str:
    """'Xã Bắc Sơn' -> 'xa-bac-son': file names that survive every mail client and USB stick."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def file_stem(name: str, f: Filters, unit_names: dict[str, str]) -> str:
    """'hoat-dong-theo-xa_2024-01-01_2024-12-31_tat-ca-xa[_model]': the filter in the name."""
    p = f.period
    scope = "tat-ca-xa" if not f.communes else "_".join(
        ascii_slug(unit_names.get(c, c)) for c in f.communes[:3]
    ) + ("_va-khac" if len(f.communes) > 3 else "")
    parts = [ascii_slug(name), p.start.isoformat(), p.end.isoformat(), f"dv{f.unit_set}", scope]
    if f.model_type:
        parts.append(ascii_slug(f.model_type))
    return "_".join(parts)


def unit_label(unit_set: str) -> str:
    """What a unit is called in a unit set: there is no thị trấn after 01/7/2025."""
    return "Xã, thị trấn" if unit_set == "2024" else "Xã"
