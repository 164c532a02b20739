"""Dates that agree: the issue date against the data end, and the dates of cited documents.

The issue date ("ngày … tháng … năm …") defaults to today's month and year (page and command
line alike) with the day left for the văn thư, as the reference does. A notice cannot be
issued before the data it reports, and a document it cites (the report it is based on, a
decision) should not be dated after the data end or the issue date: that is how a stale
profile shows.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from antt.text.fmt import date_short

# Profile keys that cite documents; each is shown as its own field on the page.
CITED_KEYS = {
    "van_ban_chi_dao": "Văn bản chỉ đạo được thực hiện",
    "bao_cao_co_so": "Báo cáo làm căn cứ",
    "qd_thanh_vien_bcd": "Quyết định kiện toàn thành viên Ban Chỉ đạo",
}
_NUMERIC = re.compile(r"ngày[\s\u00a0]+(\d{1,2})/(\d{1,2})/(\d{4})")
_WORDS = re.compile(r"ngày[\s\u00a0]+(\d{1,2})[\s\u00a0]+tháng[\s\u00a0]+(\d{1,2})"
                    r"[\s\u00a0]+năm[\s\u00a0]+(\d{4})")
_DOC = re.compile(r"(?:Báo cáo|Quyết định|Kế hoạch|Chương trình|Kết luận|Chỉ thị|Công văn|"
                  r"Thông báo|Nghị quyết)[\s\u00a0]+số[\s\u00a0]+[^\s,;]+", re.IGNORECASE)


def cited_dates(text: str) -> list[tuple[str, dt.date]]:
    """(document as cited, its date) for every "… số X, ngày dd/mm/yyyy" in `text`; a date
    without a document number before it is named by the words before it."""
    out = []
    for m in list(_NUMERIC.finditer(text)) + list(_WORDS.finditer(text)):
        day, month, year = (int(g) for g in m.groups())
        try:
            when = dt.date(year, month, day)
        except ValueError:
            continue
        docs = list(_DOC.finditer(text, 0, m.start()))
        name = docs[-1].group(0) if docs else text[max(0, m.start() - 40):m.start()].strip()
        out.append((" ".join(name.split()), when))
    return out


def issued_on(ngay: int | None, thang: int, nam: int) -> tuple[dt.date, dt.date]:
    """The earliest and latest day the header's date can mean (a blank day: the month)."""
    if ngay is not None:
        day = dt.date(nam, thang, ngay)
        return day, day
    return dt.date(nam, thang, 1), dt.date(nam, thang, calendar.monthrange(nam, thang)[1])


def issue_date_errors(ngay: int | None, thang: int, nam: int, date_to: dt.date) -> list[str]:
    """The notice cannot be issued before the end of the data it reports."""
    try:
        _, latest = issued_on(ngay, thang, nam)
    except ValueError:
        return []  # validate() reports an impossible date
    if latest < date_to:
        shown = date_short(latest) if ngay is not None else f"tháng {thang}/{nam}"
        return [f"Ngày ban hành ({shown}) ở trước ngày số liệu đến {date_short(date_to)}: "
                "thông báo không thể ban hành trước khi có số liệu."]
    return []


def cited_date_warnings(texts: dict[str, str], date_to: dt.date, ngay: int | None,
                        thang: int, nam: int) -> list[str]:
    """Warnings for cited documents dated after the data end or after the issue date.
    `texts` maps a field label to its text (profile values, căn cứ lines)."""
    try:
        earliest, _ = issued_on(ngay, thang, nam)
    except ValueError:
        earliest = None
    warnings = []
    for label, text in texts.items():
        for name, when in cited_dates(text):
            if when > date_to:
                warnings.append(f"{label}: “{name}” đề ngày {date_short(when)}, sau ngày số "
                                f"liệu đến {date_short(date_to)}. Kiểm tra lại văn bản dẫn "
                                "chiếu hoặc ngày số liệu.")
            elif earliest is not None and when > earliest and ngay is not None:
                warnings.append(f"{label}: “{name}” đề ngày {date_short(when)}, sau ngày ban "
                                f"hành {date_short(earliest)}.")
    return warnings


# ---------------------------------------------------------------- references with blanks

BLANK = "…"
STALE_DAYS = 31  # a basis report older than the data end by more than this is stale
_NUMBER = re.compile(r"số[\s\u00a0]+\d")
_KIND_AT_START = re.compile(r"^(báo cáo|quyết định|kế hoạch|chương trình|kết luận|chỉ thị|"
                            r"công văn|thông báo|nghị quyết)\b", re.IGNORECASE)
_NUMBER_TOKEN = re.compile(r"số[\s\u00a0]+[^\s,;]+")


def reference_gaps(text: str) -> list[str]:
    """What a cited document lacks: ['số', 'ngày'], ['ngày'], ... ([] when complete). A text
    that already shows blanks ('số …/BC-CAX, ngày …') lacks what its blanks stand for."""
    if not text.strip():
        return []
    gaps = []
    if not _NUMBER.search(text):
        gaps.append("số")
    if not (_NUMERIC.search(text) or _WORDS.search(text)):
        gaps.append("ngày")
    return gaps


def with_blanks(text: str) -> str:
    """A cited document as it may be printed: its missing number and date shown as blanks to
    fill ('báo cáo của Công an xã Vũ Sơn' -> 'báo cáo số …, ngày … của Công an xã Vũ Sơn'),
    never as if complete. Complete texts and texts already showing a blank are unchanged."""
    gaps = reference_gaps(text)
    if not gaps or BLANK in text:
        return text
    kind = _KIND_AT_START.match(text.strip())
    if kind is None:
        return f"{text.rstrip()} (số {BLANK}, ngày {BLANK})" if len(gaps) == 2 else \
            f"{text.rstrip()} ({gaps[0]} {BLANK})"
    text = text.strip()
    if "số" in gaps:
        blank = f" số {BLANK}" + (f", ngày {BLANK}" if "ngày" in gaps else
                                  "," if text[kind.end():].lstrip().startswith("ngày") else "")
        return text[:kind.end()] + blank + text[kind.end():]
    number = _NUMBER_TOKEN.search(text)
    end = number.end() if number else kind.end()
    return text[:end] + f", ngày {BLANK}" + text[end:]


def blank_warnings(texts: dict[str, str]) -> list[str]:
    """One warning per cited document still showing blanks (label -> text as printed)."""
    out = []
    for label, text in texts.items():
        if BLANK in text and reference_gaps(text):
            missing = " và ".join(reference_gaps(text))
            out.append(f"{label} chưa có {missing} (in là “{BLANK}” để điền tay): điền vào "
                       "mục Văn bản dẫn chiếu trước khi ký.")
    return out


def stale_basis(text: str, date_to: dt.date) -> tuple[str, str] | None:
    """A basis report dated before the data end cannot hold the later figures ('Báo cáo số
    1548/BC-CAH, ngày 02/10/2024' for figures to 30/06/2025): (the same text with its number
    and date blanked, to be filled with the new report's, the warning); None when not stale.
    A report up to a month older than the data end (a reporting month) still counts."""
    dates = cited_dates(text)
    if not dates or max(when for _, when in dates) >= date_to - dt.timedelta(days=STALE_DAYS):
        return None
    warning = (f"Báo cáo làm căn cứ trong hồ sơ đơn vị (“{text}”) có trước ngày số liệu đến "
               f"{date_short(date_to)}, nên không chứa số liệu đến ngày đó: để trống số, ngày "
               "để điền báo cáo mới.")
    blanked = re.sub(r"(số[\s\u00a0]+)\d+", rf"\g<1>{BLANK}", text, count=1)
    blanked = _NUMERIC.sub(f"ngày {BLANK}", blanked)
    return _WORDS.sub(f"ngày {BLANK}", blanked), warning
