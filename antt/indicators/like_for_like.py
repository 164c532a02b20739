"""Cùng kỳ like for like, on top of the one completeness rule (antt.data.complete): a view's
period is compared with the same days a year earlier only when every unit in scope has
complete data through the end of the days counted (so through the earlier days too) and the
data reach back to the first of those earlier days. Otherwise a tile shows its value and
"chưa so sánh được" with the reason, never a coloured change.

Also: the default period's end (the last complete month) and the sentence a page shows when
the chosen period is not yet complete. No streamlit, no SQL.
"""

from __future__ import annotations

import datetime as dt

from antt.data.complete import DataThrough, UnitThrough, last_month_end
from antt.indicators.periods import Comparison
from antt.text.fmt import date_short, number

NOT_COMPARABLE = "chưa so sánh được"


def default_end(through: DataThrough | None) -> dt.date | None:
    """The end of the default period: the last calendar month ending on or before the day
    through which every unit's data are complete (None when that day is unknown)."""
    if through is None or through.complete is None:
        return None
    return last_month_end(through.complete)


def incomplete_units(c: Comparison, through: DataThrough | None) -> list[str]:
    """Names of the units in scope whose data are not complete through the days counted."""
    if through is None:
        return []
    return [u.name for u in through.missing(c.current.end)]


def not_comparable(c: Comparison, through: DataThrough | None) -> str | None:
    """Why the period cannot be compared with cùng kỳ, short enough for a tile ('không có số
    liệu cùng kỳ', 'kỳ chưa đủ số liệu', '2/6 xã chưa đủ số liệu'), or None when it can (or
    nothing is known about completeness). The days behind it: not_comparable_detail."""
    if through is None:
        return None
    if through.first is None or c.previous.start < through.first:
        return "không có số liệu cùng kỳ"
    missing = through.missing(c.current.end)
    if not missing:
        return None
    if len(missing) == len(through.units):
        return "kỳ chưa đủ số liệu"
    return f"{number(len(missing))}/{number(len(through.units))} xã chưa đủ số liệu"


def not_comparable_detail(c: Comparison, through: DataThrough | None) -> str | None:
    """not_comparable with the days behind it, for captions and files: 'không có số liệu cùng
    kỳ (số liệu bắt đầu từ 01/01/2020)', 'kỳ chưa đủ số liệu (đủ đến 27/10/2026)'."""
    reason = not_comparable(c, through)
    if reason is None or through is None:
        return reason
    day = ""
    if through.first is None or c.previous.start < through.first:
        day = f"số liệu bắt đầu từ {date_short(through.first)}" if through.first else ""
    elif reason == "kỳ chưa đủ số liệu":  # else the caption names the units
        day = f"đủ đến {date_short(through.complete)}" if through.complete else ""
    return f"{reason} ({day})" if day else reason


def incomplete_text(c: Comparison, through: DataThrough | None) -> str | None:
    """'Kỳ chưa đủ số liệu: Xã Tân Tri (đủ đến 27/10/2026), Xã Vũ Lăng (đủ đến 28/10/2026)
    chưa báo cáo hoặc chưa có số liệu đến 31/10/2026; các số liệu đã gồm phần đã nhập của các
    xã này.' (None when complete). Plain text: escape before drawing."""
    if through is None:
        return None
    missing = through.missing(c.current.end)
    if not missing:
        return None
    end = date_short(c.current.end)
    if len(missing) == len(through.units) > 1:  # the table says each unit's day
        done = f"đủ đến {date_short(through.complete)}" if through.complete else "chưa đủ"
        return (f"Kỳ chưa đủ số liệu: số liệu của các xã mới {done}, chưa xã nào đủ đến "
                f"{end}; các số liệu đã gồm mọi bản ghi đã nhập.")
    if len(missing) > MAX_NAMED:  # a province: counted, the units partly in named first
        return _incomplete_summary(missing, len(through.units), end)
    names = ", ".join(
        f"{u.name} (đủ đến {date_short(u.through)})" if u.through else f"{u.name} (chưa có)"
        for u in missing)
    return (f"Kỳ chưa đủ số liệu: {names} chưa báo cáo hoặc chưa có số liệu đến {end}; các "
            "số liệu đã gồm phần đã nhập của các xã này.")


# More units than this missing (a province's 65 communes, most not yet reporting) are counted,
# not listed: a line naming 64 communes buried the tiles under it.
MAX_NAMED = 8


def _share(missing: list[UnitThrough], of: int,
           unit_word: str = "xã") -> tuple[str, list[UnitThrough]]:
    """('64/65 xã', the missing units that have some data) for a count of missing units."""
    return (f"{number(len(missing))}/{number(of)} {unit_word}",
            [u for u in missing if u.through is not None])


def _incomplete_summary(missing: list[UnitThrough], of: int, end: str) -> str:
    """'Kỳ chưa đủ số liệu: 64/65 xã chưa báo cáo hoặc chưa có số liệu đến 07/12/2026 (62 xã
    chưa có số liệu nào; 2 xã có một phần: Xã Đình Lập đủ đến 20/11/2026, …); ...'."""
    share, partly = _share(missing, of)
    if not partly:
        return (f"Kỳ chưa đủ số liệu: {share} chưa có số liệu nào (chưa báo cáo, chưa nhập bản "
                "ghi); từng xã ở trang Tiến độ báo cáo.")
    named = ", ".join(f"{u.name} đủ đến {date_short(u.through)}" for u in partly[:MAX_NAMED])
    more = f" và {number(len(partly) - MAX_NAMED)} xã khác" if len(partly) > MAX_NAMED else ""
    parts = [f"{number(len(partly))} xã có một phần: {named}{more}"]
    if len(partly) < len(missing):
        parts.insert(0, f"{number(len(missing) - len(partly))} xã chưa có số liệu nào")
    return (f"Kỳ chưa đủ số liệu: {share} chưa báo cáo hoặc chưa có số liệu đến {end} "
            f"({'; '.join(parts)}); từng xã ở trang Tiến độ báo cáo. Các số liệu đã gồm phần "
            "đã nhập.")


def counted_short(c: Comparison, through: DataThrough | None, unit_word: str = "xã") -> str:
    """One short line for the projector's footer, which has one line beside its buttons (the
    captions' sentence ran under them and off the screen): 'Kỳ này đủ số liệu: 6/6 xã.' (no
    second date beside the stamp's 'Số liệu đủ đến hết …'), 'Chưa đủ số liệu đến 31/10/2026:
    Xã Tân Tri (đến 27/10), Xã Vũ Lăng (đến 28/10); đã gồm phần đã nhập.', '…: 64/65 xã chưa
    có số liệu nào; …'. Why cùng kỳ is not compared is in the meeting's subtitle."""
    end = date_short(c.current.end)
    if through is None:
        return f"Số liệu đến hết {end}."
    missing = through.missing(c.current.end)
    if not missing:  # the period is the subtitle's; the stamp beside says how far data go
        n = number(len(through.units))
        return f"Kỳ này đủ số liệu: {n}/{n} {unit_word}."
    if len(missing) > 3:
        share, partly = _share(missing, len(through.units), unit_word)
        without = len(missing) - len(partly)
        what = (f"{share} chưa có số liệu nào" if not partly else f"{share} chưa đủ"
                + (f", {number(without)} chưa có số liệu nào" if without else ""))
    else:
        what = ", ".join(f"{u.name} (đến {u.through:%d/%m})" if u.through
                         else f"{u.name} (chưa có)" for u in missing)
    return f"Chưa đủ số liệu đến {end}: {what}; đã gồm phần đã nhập."
