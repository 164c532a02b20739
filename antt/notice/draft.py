"""A notice draft: everything the user can edit, saved and reopened as JSON.

Paragraph texts keep their placeholders ({dan_so}), so a reopened or edited draft still shows
the current figures. A paragraph whose text differs from the template default is "edited".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from antt.notice.dates import CITED_KEYS
from antt.notice.facts import DEFAULT_MODEL_TYPE, Facts, Scope
from antt.notice.issuer import ISSUERS, template_key
from antt.notice.limits import LINE_LIMITS, MAX_PARAGRAPHS, issue_ahead_errors, length_errors
from antt.notice.model import BLOCK_KINDS, NoticeError
from antt.notice.template import (
    TemplateError,
    default_header,
    default_noi_nhan,
    default_paragraphs,
    default_signature,
    fill_template,
)
from antt.text.fmt import date_short, nfc, today_local

FORMAT = "antt-thong-bao"
# Caps on what a draft may hold: a real notice is about 10 KB of text in some 30 paragraphs; a
# 6 MB draft of 1.000 paragraphs took 40 s of the shared server to render.
MAX_DRAFT_BYTES = 200_000
MAX_COMMUNES = LINE_LIMITS["communes"][1]
FIRST_DATE = dt.date(2000, 1, 1)
VERSION = 1
QUYEN_HAN = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")
PARAGRAPH_KEYS = ("id", "kind", "text", "danh_so")


@dataclass
class Draft:
    # scope and period
    date_to: dt.date
    unit_set: str = "2024"
    communes: list[str] = field(default_factory=list)
    model_type: str = DEFAULT_MODEL_TYPE
    date_from: dt.date | None = None  # None: from the first establishment
    # header (ô 1-5)
    co_quan_chu_quan: str = ""
    co_quan_ban_hanh: str = ""
    so: int | None = None
    loai: str = "TB"
    ky_hieu_co_quan: str = "BCĐ"
    dia_danh: str = ""
    ngay: int | None = None
    thang: int = 1
    nam: int = 2024
    trich_yeu: str = ""
    can_cu: list[str] = field(default_factory=list)
    # body: {id, kind, text (with placeholders), danh_so}
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    # signature and recipients
    noi_nhan: list[str] = field(default_factory=list)
    quyen_han: str = ""
    chuc_vu: list[str] = field(default_factory=list)
    ten: str = ""
    appendix: bool = False
    # cited documents typed on the form (dates.CITED_KEYS -> text), over the unit profile's
    ho_so: dict[str, str] = field(default_factory=dict)
    issuer: str = "bcd"  # the unit's Ban Chỉ đạo 138, or "cong_an": its police

    @property
    def scope(self) -> Scope:
        return Scope(date_to=self.date_to, unit_set=self.unit_set,
                     communes=tuple(self.communes), model_type=self.model_type,
                     date_from=self.date_from, issuer=self.issuer)

    @property
    def level(self) -> str:
        if len(self.communes) == 1:
            return "xa"
        return "tinh" if self.unit_set == "2025" else "huyen"  # no huyện after 30/06/2025

    @property
    def template_key(self) -> str:
        """The template section: the level, and the issuer ('xa_cong_an')."""
        return template_key(self.level, self.issuer)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("date_to", "date_from"):
            data[key] = data[key].isoformat() if data[key] else None
        return {"format": FORMAT, "version": VERSION, **data}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> Draft:
        """Parse and check a saved draft; raises NoticeError with Vietnamese messages."""
        if len(text) > MAX_DRAFT_BYTES:
            raise NoticeError([f"Tệp bản nháp quá lớn ({len(text) // 1000:,} KB; tối đa "
                               f"{MAX_DRAFT_BYTES // 1000} KB).".replace(",", ".")])
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8-sig")
            data = json.loads(text)
        except UnicodeDecodeError as exc:
            raise NoticeError(["Tệp bản nháp không phải văn bản UTF-8."]) from exc
        except json.JSONDecodeError as exc:
            raise NoticeError([f"Tệp bản nháp không phải JSON hợp lệ (dòng {exc.lineno}, "
                               f"cột {exc.colno})."]) from exc
        except RecursionError as exc:  # [[[[...]]]] nested thousands deep
            raise NoticeError(["Tệp bản nháp lồng quá nhiều lớp."]) from exc
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Any) -> Draft:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise NoticeError(["Tệp này không phải bản nháp thông báo của ANTT Dashboard."])
        if data.get("version") != VERSION:
            raise NoticeError([f"Bản nháp phiên bản {data.get('version')} không đọc được "
                               f"(chỉ đọc phiên bản {VERSION})."])
        errors: list[str] = []
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                if f.name == "date_to":
                    errors.append("Bản nháp thiếu trường “date_to” (ngày số liệu đến).")
                continue
            values[f.name] = _check_field(f.name, data[f.name], errors)
        _check_limits(values, errors)
        if errors:
            raise NoticeError(errors)
        return cls(**values)


_TEXT = ("unit_set", "model_type", "issuer", "co_quan_chu_quan", "co_quan_ban_hanh", "loai",
         "ky_hieu_co_quan", "dia_danh", "trich_yeu", "quyen_han", "ten")
_LISTS = ("communes", "can_cu", "noi_nhan", "chuc_vu")
_INTS = ("so", "ngay", "thang", "nam")


def _check_field(name: str, value: Any, errors: list[str]) -> Any:
    label = f"Trường “{name}” của bản nháp"
    if name in _TEXT:
        if not isinstance(value, str):
            errors.append(f"{label} phải là chữ.")
            return ""
        if name == "quyen_han" and value not in QUYEN_HAN:
            shown = [q or "(trống)" for q in QUYEN_HAN]
            errors.append(f"{label} chỉ nhận {', '.join(shown[:-1])} hoặc {shown[-1]}")
        return nfc(value)
    if name in _LISTS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors.append(f"{label} phải là danh sách chữ.")
            return []
        return [nfc(v) for v in value]
    if name in _INTS:
        if value is None and name in ("so", "ngay"):
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            errors.append(f"{label} phải là số nguyên (đang là {value!r}).")
            return None if name in ("so", "ngay") else 1
        return value
    if name in ("date_to", "date_from"):
        if value is None and name == "date_from":
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            errors.append(f"{label} phải là ngày dạng 2024-10-02 (đang là {value!r}).")
            return dt.date(2000, 1, 1)
    if name == "appendix":
        if not isinstance(value, bool):
            errors.append(f"{label} phải là true hoặc false.")
        return bool(value)
    if name == "paragraphs":
        return _check_paragraphs(value, errors)
    if name == "ho_so":
        if not isinstance(value, dict) or not all(
                k in CITED_KEYS and isinstance(v, str) for k, v in value.items()):
            errors.append(f"{label} chỉ nhận các văn bản dẫn chiếu "
                          f"({', '.join(CITED_KEYS)}) là chữ.")
            return {}
        return {k: nfc(v) for k, v in value.items()}
    return value


def _check_limits(values: dict[str, Any], errors: list[str]) -> None:
    """Ranges and sizes, so that every value fits the page's widgets (a date after today would
    break the date picker) and the notice stays a notice."""
    today = today_local()

    def label(name: str) -> str:
        return f"Trường “{name}” của bản nháp"

    date_to, date_from = values.get("date_to"), values.get("date_from")
    if isinstance(date_to, dt.date) and not FIRST_DATE <= date_to <= today:
        errors.append(f"{label('date_to')} phải từ {date_short(FIRST_DATE)} đến hôm nay "
                      f"({date_short(today)}), không phải {date_short(date_to)}.")
    if isinstance(date_from, dt.date) and not (
            FIRST_DATE <= date_from <= min(today, date_to or today)):
        errors.append(f"{label('date_from')} phải từ {date_short(FIRST_DATE)} đến ngày số liệu "
                      f"đến (date_to), không phải {date_short(date_from)}.")
    if values.get("unit_set", "2024") not in ("2024", "2025"):
        errors.append(f"{label('unit_set')} chỉ nhận 2024 hoặc 2025.")
    if values.get("issuer", "bcd") not in ISSUERS:
        errors.append(f"{label('issuer')} chỉ nhận {' hoặc '.join(ISSUERS)}.")
    communes = values.get("communes", [])
    if len(communes) > MAX_COMMUNES or not all(re.fullmatch(r"\d{5}", c) for c in communes):
        errors.append(f"{label('communes')} phải là các mã xã 5 chữ số (tối đa {MAX_COMMUNES}).")
    if not re.fullmatch(r"[a-z0-9_]{1,40}", values.get("model_type", DEFAULT_MODEL_TYPE)):
        errors.append(f"{label('model_type')} phải là mã loại mô hình (chữ thường, số, “_”).")
    ranges = {"so": (1, 99_999), "ngay": (1, 31), "thang": (1, 12), "nam": (1945, 2100)}
    for name, (low, high) in ranges.items():
        value = values.get(name)
        if isinstance(value, int) and not low <= value <= high:
            errors.append(f"{label(name)} phải từ {low} đến {high} (đang là {value}).")
    # the same limits as the page and the command line (antt.notice.limits)
    errors.extend(length_errors(values, " của bản nháp"))
    try:
        issued = dt.date(values.get("nam", 2024), values.get("thang", 1), values.get("ngay") or 1)
    except (TypeError, ValueError):
        issued = None  # reported above
    if issued is not None:
        errors.extend(issue_ahead_errors(issued, today))
    for i, para in enumerate(values.get("paragraphs", [])[:MAX_PARAGRAPHS], 1):
        if not re.fullmatch(r"[A-Za-z0-9_\-]{1,60}", para["id"]):
            errors.append(f"Đoạn {i} của bản nháp có mã (id) không hợp lệ.")


def _check_paragraphs(value: Any, errors: list[str]) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        errors.append("Trường “paragraphs” của bản nháp phải là danh sách đoạn.")
        return []
    out = []
    for i, para in enumerate(value, 1):
        if not isinstance(para, dict) or not isinstance(para.get("text"), str):
            errors.append(f"Đoạn {i} của bản nháp phải có “text” là chữ.")
            continue
        kind = para.get("kind", "paragraph")
        if kind not in BLOCK_KINDS:
            errors.append(f"Đoạn {i} của bản nháp có loại “{kind}” không hợp lệ "
                          f"(chỉ dùng {', '.join(BLOCK_KINDS)}).")
        out.append({"id": str(para.get("id") or f"doan_{i}"), "kind": kind,
                    "text": nfc(para["text"]), "danh_so": bool(para.get("danh_so", False))})
    return out


# ---------------------------------------------------------------- defaults and edits


def parse_number(text: str | int | None) -> tuple[int | None, str | None]:
    """The số field as typed: '' -> (None, None) (a draft), '5' -> (5, None),
    'abc' -> (None, message)."""
    if text is None:
        return None, None
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    else:
        raw = str(text).strip()
        if not raw:
            return None, None
        if not raw.isdigit():
            return None, f"Số văn bản phải là số nguyên dương, không phải “{raw}”."
        value = int(raw)
    if value < 1:
        return None, f"Số văn bản phải là số nguyên dương (đang là {value})."
    return value, None


def default_draft(scope: Scope, facts: Facts, *, so: int | None = None, ngay: int | None = None,
                  appendix: bool = False) -> Draft:
    """The template's notice for a scope: header, signature and recipients filled with the
    unit's names (they change only with the unit), paragraphs with their placeholders."""
    level, values = template_key(facts.unit.level, scope.issuer), facts.values
    header = default_header(level, values, so=so, ngay=ngay, thang=scope.date_to.month,
                            nam=scope.date_to.year)
    signature = default_signature(level, values)
    # a signer remembered in the unit profile replaces the template's title lines
    remembered = [ln.strip() for ln in values.get("chuc_vu_ky", "").splitlines() if ln.strip()]
    if remembered:
        signature.chuc_vu = remembered
        quyen_han = values.get("quyen_han_ky", "").strip()
        signature.quyen_han = quyen_han if quyen_han in QUYEN_HAN else ""
    return Draft(
        date_to=scope.date_to, unit_set=scope.unit_set, communes=list(scope.communes),
        model_type=scope.model_type, date_from=scope.date_from,
        co_quan_chu_quan=header.co_quan_chu_quan, co_quan_ban_hanh=header.co_quan_ban_hanh,
        so=so, loai=header.loai, ky_hieu_co_quan=header.ky_hieu_co_quan,
        dia_danh=header.dia_danh, ngay=ngay, thang=header.thang, nam=header.nam,
        trich_yeu=header.trich_yeu, can_cu=[],
        paragraphs=[_default_paragraph(p, empty=values.get("so_mo_hinh") == "0")
                    for p in default_paragraphs(level)],
        noi_nhan=default_noi_nhan(level, values),
        quyen_han=signature.quyen_han, chuc_vu=list(signature.chuc_vu), ten=signature.ten,
        appendix=appendix, issuer=scope.issuer,
    )


def _default_paragraph(para: dict[str, Any], empty: bool) -> dict[str, Any]:
    """A template paragraph for a draft; with no model in the period, the paragraph's
    `text_trong` wording (it says so plainly) instead of "0 mô hình … hoạt động hiệu quả"."""
    out = {k: para.get(k, False if k == "danh_so" else "") for k in PARAGRAPH_KEYS}
    if empty and para.get("text_trong"):
        out["text"] = para["text_trong"]
    return out


def signer_lines(titles: list[str]) -> tuple[str, list[str]]:
    """Title lines as typed ("KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN") -> (quyền hạn, chức vụ):
    a TM./KT./Q./TL./TUQ. prefix of the first line is the quyền hạn."""
    lines = [nfc(t).strip() for t in titles if t.strip()]
    if lines:
        for prefix in QUYEN_HAN[1:]:
            if lines[0].upper().startswith(prefix + " ") or lines[0].upper() == prefix:
                rest = lines[0][len(prefix):].strip()
                return prefix, ([rest] if rest else []) + lines[1:]
    return "", lines


def default_texts(level: str) -> dict[str, str]:
    """Paragraph id -> template text, to tell edited paragraphs and to restore them."""
    return {p["id"]: p["text"] for p in default_paragraphs(level)}


def edited_ids(draft: Draft) -> list[str]:
    """Ids of paragraphs whose text is not the template's (new paragraphs count as edited)."""
    defaults = default_texts(draft.template_key)
    return [p["id"] for p in draft.paragraphs
            if nfc(p["text"]).strip() != nfc(defaults.get(p["id"], "")).strip()]


def restore_paragraph(draft: Draft, paragraph_id: str) -> None:
    default = default_texts(draft.template_key).get(paragraph_id)
    for para in draft.paragraphs:
        if para["id"] == paragraph_id and default is not None:
            para["text"] = default


def preview_text(text: str, facts: dict[str, str]) -> str:
    """A paragraph with its figures filled, or the text itself when a placeholder is wrong."""
    try:
        return fill_template(text, facts)
    except TemplateError:
        return text
