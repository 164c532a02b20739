"""A view in words: its default filters, its period and scope as the pages and files state
them, what a unit is called in each unit set, and file names that carry the filters. No
streamlit, no SQL."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from antt.indicators.filters import UNIT_SETS, Filters, unit_set_for
from antt.indicators.periods import PERIOD_LABELS
from antt.text.fmt import date_short

ALL_MODEL_TYPES = "Tất cả loại mô hình"
ALL_COMMUNES = "Tất cả xã"



# ---------------------------------------------------------------- default filters


def default_filters(latest: dt.date | None, today: dt.date) -> Filters:
    """What a user sees on first open: the current year to the latest record when this year
    has data (so "cùng kỳ" compares like with like), otherwise the latest year with data as a
    full year; all communes, all model types, in the unit set of that period."""
    if latest is None or latest.year > today.year:
        latest = min(latest or today, today)
    if latest.year == today.year:
        f = Filters(period_kind="range", year=latest.year,
                    start=dt.date(latest.year, 1, 1), end=latest)
    else:
        f = Filters(period_kind="year", year=latest.year)
    return replace(f, unit_set=unit_set_for(f.period))


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
    latest: dt.date | None,
) -> list[tuple[str, str]]:
    """(label, value) pairs stating the filters, for the export's second sheet and captions."""
    prev = f.comparison(latest).previous
    return [
        ("Bộ đơn vị hành chính", UNIT_SETS[f.unit_set]),
        (unit_label(f.unit_set), scope_text(f, unit_names)),
        ("Loại kỳ", PERIOD_LABELS[f.period_kind]),
        ("Kỳ", period_text(f, latest)),
        ("Cùng kỳ năm trước", f"{date_short(prev.start)} – {date_short(prev.end)}"),
        ("Loại mô hình", model_labels.get(f.model_type, f.model_type) if f.model_type
         else ALL_MODEL_TYPES),
        ("Số liệu tính đến", date_short(latest) if latest else "chưa có số liệu"),
    ]


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
