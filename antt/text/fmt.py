"""Vietnamese (vi-VN) formatting of numbers, dates and names.

`74.392` (dot groups thousands), `695,9` (comma before decimals), `02/10/2024`,
"ngày 02 tháng 10 năm 2024" (Decree 30/2020 leading-zero rules), Vietnamese sort order.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def nfc(text: str) -> str:
    """Unicode NFC: every text we store or compare goes through this."""
    return unicodedata.normalize("NFC", text)


def number(value: float | int | None, decimals: int = 0) -> str:
    """74392 -> '74.392'; 695.9 with decimals=1 -> '695,9'; None/NaN -> '–'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    """0.456 -> '45,6%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{number(value * 100, decimals)}%"


def two_digits(value: int) -> str:
    """Counts under 10 written with a leading zero, as notices do: 3 -> '03', 17 -> '17'."""
    return f"{value:02d}"


def signed_change(current: float, previous: float, decimals: int = 0) -> str:
    """'+12' / '-3' / '0' difference, vi-VN digits."""
    diff = current - previous
    sign = "+" if diff > 0 else ("-" if diff < 0 else "")
    return f"{sign}{number(abs(diff), decimals)}"


def date_short(value: dt.date | None) -> str:
    """date(2024,10,2) -> '02/10/2024'."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def parse_date_short(text: str) -> dt.date:
    """'02/10/2024' -> date(2024,10,2); raises ValueError on anything else."""
    return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()


def day_text(day: int | None) -> str:
    """Decree 30: days under 10 get a leading zero; None (a draft) leaves a gap."""
    return "    " if day is None else f"{day:02d}"


def month_text(month: int) -> str:
    """Decree 30: months 1 and 2 get a leading zero, 3..12 do not."""
    return f"{month:02d}" if month < 3 else str(month)


def ngay_thang_nam(value: dt.date | None = None, *, day: int | None = None,
                   month: int | None = None, year: int | None = None) -> str:
    """'ngày 05 tháng 01 năm 2020', 'ngày 01 tháng 3 năm 2025'.

    Pass a date, or month/year with day=None for a draft ("ngày      tháng 10 năm 2024").
    """
    if value is not None:
        day, month, year = value.day, value.month, value.year
    if month is None or year is None:
        raise ValueError("cần có tháng và năm")
    return f"ngày {day_text(day)} tháng {month_text(month)} năm {year}"


def so_ky_hieu(number_: int | None, loai: str, co_quan: str) -> str:
    """so_ky_hieu(5, 'TB', 'BCĐ') -> 'Số: 05/TB-BCĐ'; None (draft) -> 'Số:     /TB-BCĐ'."""
    num = "    " if number_ is None else f"{number_:02d}"
    return f"Số: {num}/{loai}-{co_quan}"


def now_local() -> dt.datetime:
    return dt.datetime.now(TZ)


def today_local() -> dt.date:
    return now_local().date()


def datetime_short(value: dt.datetime) -> str:
    """A moment in Asia/Ho_Chi_Minh: '14:05:09 02/10/2024'."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TZ).strftime("%H:%M:%S %d/%m/%Y")


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# tones ordered none, huyền, hỏi, ngã, sắc, nặng. DuckDB's `collate vi` does this in SQL;
# this key does it for lists sorted in Python.
_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_VOWEL_MARKS = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
                ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def vi_sort_key(text: str) -> tuple:
    """Sort key giving Vietnamese dictionary order (base letters first, then tones)."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFC", text).lower():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif (base, mark) in _VOWEL_MARKS:
                base = _VOWEL_MARKS[(base, mark)]
        if ch == "đ":
            base = "đ"
        pos = _LETTERS.find(base)
        if base.isspace():
            pos = -1  # word by word: "Chi Lăng" before "Chiến Thắng", as a dictionary has it
        elif pos < 0:
            pos = 100 + ord(base)
        letters.append(pos)
        tones.append(tone)
    return (letters, tones)


def vi_sorted(items, key=lambda x: x):
    """sorted() in Vietnamese order of key(item)."""
    return sorted(items, key=lambda item: vi_sort_key(key(item)))
