"""A resolved THÔNG BÁO (all text final, NFC) and its validation.

The renderers (pdf.py, docx.py) only lay out what is here; template.py builds it from the
narrative template and the already-formatted facts.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from antt.notice.limits import issue_ahead_errors
from antt.text.fmt import nfc, so_ky_hieu, today_local

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = {
    "": "Tinos-Regular.ttf",
    "B": "Tinos-Bold.ttf",
    "I": "Tinos-Italic.ttf",
    "BI": "Tinos-BoldItalic.ttf",
}
BlockKind = Literal["heading", "subheading", "paragraph", "item"]
BLOCK_KINDS: tuple[str, ...] = ("heading", "subheading", "paragraph", "item")
END_MARK = "./."


class NoticeError(Exception):
    """The notice cannot be rendered; `messages` are Vietnamese, one problem each."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


@dataclass(kw_only=True)
class Header:
    co_quan_chu_quan: str
    co_quan_ban_hanh: str
    so: int | None
    loai: str = "TB"
    ky_hieu_co_quan: str = "BCĐ"
    dia_danh: str
    ngay: int | None
    thang: int
    nam: int
    trich_yeu: str

    def so_text(self) -> str:
        """'Số: 05/TB-BCĐ' (a draft without number leaves a gap)."""
        return nfc(so_ky_hieu(self.so, self.loai, self.ky_hieu_co_quan))

    def so_ky_hieu(self) -> str:
        """'05/TB-BCĐ' without the 'Số: ' label."""
        return self.so_text().removeprefix("Số:").strip()


@dataclass
class Block:
    kind: BlockKind
    text: str
    bold_prefix: str = ""


@dataclass(kw_only=True)
class Signature:
    quyen_han: str = ""
    chuc_vu: list[str]
    ten: str

    def title_lines(self) -> list[str]:
        """The bold lines above the signature space. The quyền hạn prefix opens the first
        line ("KT. TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN", "TM. BAN CHỈ ĐẠO" / "TRƯỞNG BAN")."""
        lines = [line.strip() for line in self.chuc_vu if line.strip()]
        prefix = self.quyen_han.strip()
        if prefix and lines and not lines[0].startswith(prefix):
            lines[0] = f"{prefix} {lines[0]}"
        elif prefix and not lines:
            lines = [prefix]
        return lines


@dataclass
class Appendix:
    title: str
    columns: list[str]
    rows: list[list[str]]
    issuer: str = ""  # "Ban Chỉ đạo 138 huyện Bắc Sơn": "(Kèm theo Thông báo … của …)"


@dataclass
class Notice:
    header: Header
    can_cu: list[str]  # may be empty; printed italic before the body
    body: list[Block]
    noi_nhan: list[str]
    signature: Signature
    appendix: Appendix | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Notice:
        appendix = data.get("appendix")
        return cls(
            header=Header(**data["header"]),
            body=[Block(**b) for b in data.get("body", [])],
            noi_nhan=list(data.get("noi_nhan", [])),
            signature=Signature(**data["signature"]),
            can_cu=list(data.get("can_cu", [])),
            appendix=Appendix(**appendix) if appendix else None,
        )

    def title(self) -> str:
        """PDF title: 'THÔNG BÁO số 05/TB-BCĐ - <trích yếu>' ('THÔNG BÁO - …' for a draft)."""
        head = "THÔNG BÁO"
        if self.header.so is not None:
            head += f" số {self.header.so_ky_hieu()}"
        return nfc(f"{head} - {self.header.trich_yeu}")


def normalized(notice: Notice) -> Notice:
    """A copy with every string NFC-normalised."""

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return nfc(value)
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return Notice.from_dict(walk(notice.to_dict()))


@lru_cache(maxsize=1)
def font_codepoints() -> frozenset[int]:
    """Code points present in all four bundled Tinos styles."""
    from fontTools.ttLib import TTFont

    sets = []
    for name in FONT_FILES.values():
        font = TTFont(FONT_DIR / name, lazy=True)
        sets.append(set(font.getBestCmap()))
        font.close()
    return frozenset(set.intersection(*sets))


def missing_characters(text: str) -> list[str]:
    """Characters of `text` (after NFC) that the font cannot draw, in order, without repeats."""
    have = font_codepoints()
    out: list[str] = []
    for ch in nfc(text):
        if ch in "\n\r\t" or ord(ch) in have or ch in out:
            continue
        out.append(ch)
    return out


def _text_fields(notice: Notice) -> list[tuple[str, str]]:
    """(Vietnamese field label, text) for every string that gets printed."""
    h, s = notice.header, notice.signature
    fields = [
        ("Cơ quan chủ quản", h.co_quan_chu_quan),
        ("Cơ quan ban hành", h.co_quan_ban_hanh),
        ("Tên loại (viết tắt)", h.loai),
        ("Ký hiệu cơ quan", h.ky_hieu_co_quan),
        ("Địa danh", h.dia_danh),
        ("Trích yếu", h.trich_yeu),
        ("Quyền hạn ký", s.quyen_han),
        ("Tên người ký", s.ten),
    ]
    fields += [(f"Chức vụ người ký (dòng {i})", t) for i, t in enumerate(s.chuc_vu, 1)]
    fields += [(f"Căn cứ (dòng {i})", t) for i, t in enumerate(notice.can_cu, 1)]
    for i, block in enumerate(notice.body, 1):
        fields.append((f"Nội dung (đoạn {i})", block.bold_prefix + block.text))
    fields += [(f"Nơi nhận (dòng {i})", t) for i, t in enumerate(notice.noi_nhan, 1)]
    if notice.appendix:
        a = notice.appendix
        fields.append(("Tên phụ lục", a.title))
        fields += [(f"Tiêu đề cột {i} phụ lục", t) for i, t in enumerate(a.columns, 1)]
        for r, row in enumerate(a.rows, 1):
            fields += [(f"Phụ lục (dòng {r}, cột {c})", t) for c, t in enumerate(row, 1)]
    return fields


def validate(notice: Notice, today: dt.date | None = None) -> list[str]:
    """Vietnamese messages for every problem that stops the notice being issued; [] if none."""
    today = today or today_local()
    h, s = notice.header, notice.signature
    errors: list[str] = []
    required = [
        ("Cơ quan ban hành", h.co_quan_ban_hanh),
        ("Trích yếu", h.trich_yeu),
        ("Địa danh", h.dia_danh),
        ("Tên loại (viết tắt)", h.loai),
        ("Ký hiệu cơ quan", h.ky_hieu_co_quan),
        ("Tên người ký", s.ten),
    ]
    for label, value in required:
        if not (value or "").strip():
            errors.append(f"Chưa nhập {label}.")
    if not any(line.strip() for line in s.chuc_vu):
        errors.append("Chưa nhập Chức vụ người ký.")
    if not any(b.text.strip() for b in notice.body):
        errors.append("Thông báo chưa có nội dung.")
    for block in notice.body:
        if block.kind not in BLOCK_KINDS:
            errors.append(f"Loại đoạn không hợp lệ: {block.kind!r}.")
    if h.so is not None and h.so < 1:
        errors.append(f"Số văn bản phải là số dương (đang là {h.so}).")
    month_ok = isinstance(h.thang, int) and 1 <= h.thang <= 12
    year_ok = isinstance(h.nam, int) and 1945 <= h.nam <= today.year + 1
    if not month_ok:
        errors.append(f"Tháng không hợp lệ: {h.thang} (phải từ 1 đến 12).")
    if not year_ok:
        errors.append(f"Năm không hợp lệ: {h.nam} (phải từ 1945 đến {today.year + 1}).")
    if month_ok and year_ok:
        last_day = calendar.monthrange(h.nam, h.thang)[1]
        if h.ngay is not None and not 1 <= h.ngay <= last_day:
            errors.append(
                f"Ngày không hợp lệ: {h.ngay} (tháng {h.thang}/{h.nam} có {last_day} ngày)."
            )
        else:
            errors += issue_ahead_errors(dt.date(h.nam, h.thang, h.ngay or 1), today)
    for label, text in _text_fields(notice):
        chars = missing_characters(text or "")
        if chars:
            listed = ", ".join(f'"{c}" (U+{ord(c):04X})' for c in chars)
            errors.append(f"Ký tự không có trong phông chữ: {listed} ở trường {label}")
    return errors


def check(notice: Notice, today: dt.date | None = None, preview: bool = False) -> Notice:
    """NFC copy of `notice`; raises NoticeError when validate() finds problems. A `preview`
    may leave required fields empty (the page shows it while the clerk fills them)."""
    notice = normalized(notice)
    errors = validate(notice, today)
    if preview:
        errors = [e for e in errors if not e.startswith(("Chưa nhập", "Thông báo chưa có"))]
    if errors:
        raise NoticeError(errors)
    return notice
