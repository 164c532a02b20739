"""One set of limits for every field of a notice, used by every path: the page's inputs
(`max_chars`), the command line, drafts saved and opened, and the build before any rendering.

A 10.000-character signer name made a 12-page PDF and a 100.000-character trích yếu kept a core
busy for minutes (issues #25, #28): a field longer than a real notice ever needs is refused with
a Vietnamese message naming the field, and nothing is rendered.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# field -> (label as the page names it, most characters). A real notice: a trích yếu of two
# lines, a name of a few words, a cited document of one sentence, paragraphs of a page at most.
TEXT_LIMITS: dict[str, tuple[str, int]] = {
    "co_quan_chu_quan": ("Cơ quan chủ quản", 200),
    "co_quan_ban_hanh": ("Cơ quan ban hành", 200),
    "loai": ("Tên loại (viết tắt)", 20),
    "ky_hieu_co_quan": ("Ký hiệu cơ quan", 30),
    "dia_danh": ("Địa danh", 100),
    "trich_yeu": ("Trích yếu", 500),
    "quyen_han": ("Quyền hạn ký", 10),
    "ten": ("Họ tên người ký", 100),
    "unit_set": ("Bộ đơn vị", 10),
    "model_type": ("Loại mô hình", 40),
}
# list field -> (label, most lines, most characters a line)
LINE_LIMITS: dict[str, tuple[str, int, int]] = {
    "chuc_vu": ("Chức vụ người ký", 6, 200),
    "can_cu": ("Căn cứ", 30, 500),
    "noi_nhan": ("Nơi nhận", 30, 500),
    "communes": ("Xã", 100, 5),
}
CITED_CHARS = 500  # each cited document typed on the form
PARAGRAPH_CHARS = 5_000
MAX_PARAGRAPHS = 80
# An issue date may be set ahead (a notice prepared before it is signed), not months ahead.
MAX_DAYS_AHEAD = 30


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def max_chars(name: str) -> int:
    """The most characters of a text field, or of one line of a list field (for max_chars)."""
    if name in TEXT_LIMITS:
        return TEXT_LIMITS[name][1]
    return LINE_LIMITS[name][2]


def max_area_chars(name: str) -> int:
    """The most characters of a list field typed one item a line in a text area."""
    _, lines, chars = LINE_LIMITS[name]
    return lines * (chars + 1)


def length_errors(values: dict[str, Any], prefix: str = "") -> list[str]:
    """Vietnamese messages for every field of `values` (a draft's fields) over its limit.
    `prefix` names where the value came from ("… của bản nháp")."""
    errors = []
    for name, (label, most) in TEXT_LIMITS.items():
        value = values.get(name)
        if isinstance(value, str) and len(value) > most:
            errors.append(f"{label}{prefix} dài quá {_n(most)} ký tự (đang có "
                          f"{_n(len(value))}).")
    for name, (label, lines, chars) in LINE_LIMITS.items():
        items = values.get(name) or []
        if len(items) > lines:
            errors.append(f"{label}{prefix} có {_n(len(items))} dòng; tối đa {lines} dòng.")
        for i, item in enumerate(items[:lines], 1):
            if isinstance(item, str) and len(item) > chars:
                errors.append(f"{label}{prefix} (dòng {i}) dài quá {_n(chars)} ký tự (đang có "
                              f"{_n(len(item))}).")
    for key, text in (values.get("ho_so") or {}).items():
        if isinstance(text, str) and len(text) > CITED_CHARS:
            errors.append(f"Văn bản dẫn chiếu “{key}”{prefix} dài quá {_n(CITED_CHARS)} ký tự.")
    paragraphs = values.get("paragraphs") or []
    if len(paragraphs) > MAX_PARAGRAPHS:
        errors.append(f"Nội dung{prefix} có {len(paragraphs)} đoạn; tối đa {MAX_PARAGRAPHS} đoạn.")
    for i, para in enumerate(paragraphs[:MAX_PARAGRAPHS], 1):
        text = para.get("text") if isinstance(para, dict) else None
        if isinstance(text, str) and len(text) > PARAGRAPH_CHARS:
            errors.append(f"Đoạn {i}{prefix} dài quá {_n(PARAGRAPH_CHARS)} ký tự.")
    return errors


def latest_issue_date(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=MAX_DAYS_AHEAD)


def issue_ahead_errors(issued: dt.date, today: dt.date) -> list[str]:
    """An issue date more than MAX_DAYS_AHEAD days after today is refused."""
    if issued > latest_issue_date(today):
        return [f"Ngày ban hành {issued:%d/%m/%Y} quá xa trong tương lai: chỉ được đặt trước "
                f"tối đa {MAX_DAYS_AHEAD} ngày (đến {latest_issue_date(today):%d/%m/%Y}; hôm nay "
                f"{today:%d/%m/%Y})."]
    return []


# ---------------------------------------------------------------- a time bound on rendering

# Within the limits above a notice renders in about a second; whatever slips past them stops
# here instead of keeping a core busy (a PDF and its DOCX, each).
RENDER_SECONDS = 20.0
MAX_PAGES = 40
_DEADLINE: ContextVar[float | None] = ContextVar("notice_render_deadline", default=None)


@contextmanager
def deadline(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """Rendering in the block stops with a NoticeError after `seconds`."""
    token = _DEADLINE.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_deadline(pages: int = 0) -> None:
    """Called from the renderers' loops: past the deadline (or MAX_PAGES), stop."""
    from antt.notice.model import NoticeError  # model imports this module

    end = _DEADLINE.get()
    if pages > MAX_PAGES:
        raise NoticeError([f"Thông báo dài quá {MAX_PAGES} trang: hãy rút gọn nội dung."])
    if end is not None and time.monotonic() > end:
        raise NoticeError([f"Dựng thông báo quá {RENDER_SECONDS:.0f} giây nên đã dừng: hãy rút "
                           "gọn nội dung."])
