"""Narrative template (template_vi.toml) + already-formatted facts → a resolved Notice.

Placeholders are visible in the text: `{dan_so}`, `{don_vi:hoa}` (IN HOA), `{don_vi:dau}`
(first letter capitalised). Literal braces are written `{{` and `}}`.
"""

from __future__ import annotations

import copy
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from antt.notice.model import BLOCK_KINDS, Appendix, Block, Header, Notice, NoticeError, Signature
from antt.notice.wording import define_acronyms, mention_appendix
from antt.text.fmt import nfc

TEMPLATE_FILE = Path(__file__).with_name("template_vi.toml")
UnitLevel = Literal["huyen", "xa", "tinh", "huyen_cong_an", "xa_cong_an", "tinh_cong_an"]
# a level's notice by its Ban Chỉ đạo 138, then by its police (issuer.template_key)
LEVELS = ("huyen", "xa", "tinh", "huyen_cong_an", "xa_cong_an", "tinh_cong_an")
MODIFIERS = ("hoa", "dau")
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


class TemplateError(NoticeError):
    """A placeholder could not be filled; messages are Vietnamese."""


@lru_cache(maxsize=1)
def _load() -> dict[str, Any]:
    with TEMPLATE_FILE.open("rb") as fh:
        return tomllib.load(fh)


def load_template() -> dict[str, Any]:
    """The parsed template file (a deep copy, safe to modify)."""
    return copy.deepcopy(_load())


def placeholder_docs() -> dict[str, dict[str, str]]:
    """{name: {"nguon": "so_lieu"|"ho_so", "mo_ta": "..."}} as documented in the TOML."""
    return load_template()["placeholders"]


def _level(unit_level: str) -> dict[str, Any]:
    if unit_level not in LEVELS:
        raise ValueError(f"unit_level phải là một trong {LEVELS}, không phải {unit_level!r}")
    return load_template()[unit_level]


def placeholders_in(text: str) -> list[str]:
    """Placeholder names used in `text`, in order, without repeats (modifiers dropped)."""
    names: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            name = m.group(1).split(":")[0].strip()
            if name not in names:
                names.append(name)
    return names


def _apply(value: str, modifier: str) -> str:
    if modifier == "hoa":
        return value.upper()
    if modifier == "dau":
        return value[:1].upper() + value[1:]
    return value


def fill_template(text: str, facts: dict[str, str]) -> str:
    """Replace every {placeholder} with its fact; NFC result.

    Raises TemplateError naming each unknown placeholder, unknown modifier or stray brace."""
    errors: list[str] = []

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if token in ("{{", "}}"):
            return token[0]
        if m.group(1) is None:
            errors.append(
                f'Dấu ngoặc nhọn lẻ "{token}" ở vị trí {m.start() + 1}; '
                f'muốn in dấu ngoặc thì viết "{token * 2}".'
            )
            return token
        name, _, modifier = m.group(1).strip().partition(":")
        if not _NAME.fullmatch(name):
            errors.append(f'Chỗ trống không hợp lệ: "{token}".')
            return token
        if modifier and modifier not in MODIFIERS:
            errors.append(
                f'Kiểu viết "{modifier}" không có ở chỗ trống "{token}" '
                f"(chỉ dùng :hoa hoặc :dau)."
            )
            return token
        if name not in facts:
            errors.append(f'Không có dữ liệu cho chỗ trống "{{{name}}}".')
            return token
        return _apply(nfc(str(facts[name])), modifier)

    result = _TOKEN.sub(replace, nfc(text))
    if errors:
        raise TemplateError(list(dict.fromkeys(errors)))
    return result


def default_paragraphs(unit_level: UnitLevel) -> list[dict[str, Any]]:
    """The template's paragraphs for 'huyen' or 'xa': dicts with id, kind, text (with
    placeholders) and optionally danh_so=True (automatic numbering). A police notice
    ('xa_cong_an') is its level's, with the paragraphs where the issuer speaks replaced
    ([xa_cong_an.doan]: id -> text)."""
    section = _level(unit_level)
    if "paragraphs" in section:
        return [dict(p) for p in section["paragraphs"]]
    own = section.get("doan", {})
    base = _level(unit_level.removesuffix("_cong_an"))["paragraphs"]
    return [dict(p, text=own[p["id"]]) if p["id"] in own else dict(p) for p in base]


def placeholders_printed(unit_level: UnitLevel) -> set[str]:
    """Every placeholder a notice of this section prints by default: its paragraphs, header,
    signature and Nơi nhận (so the page asks only for documents the notice will cite)."""
    def texts(value: Any):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from texts(item)
        elif isinstance(value, list):
            for item in value:
                yield from texts(item)

    section = {k: v for k, v in _level(unit_level).items() if k not in ("paragraphs", "doan")}
    found = [p["text"] for p in default_paragraphs(unit_level)] + list(texts(section))
    return {name for text in found for name in placeholders_in(text)}


def _fill_all(values: list[str], facts: dict[str, str], errors: list[str]) -> list[str]:
    out = []
    for value in values:
        try:
            out.append(fill_template(value, facts))
        except TemplateError as exc:
            errors.extend(exc.messages)
            out.append(value)
    return out


def default_header(unit_level: UnitLevel, facts: dict[str, str], *, so: int | None = None,
                   ngay: int | None = None, thang: int, nam: int) -> Header:
    """Header from the TOML defaults for the unit level, placeholders filled from facts."""
    raw = _level(unit_level)["header"]
    errors: list[str] = []
    keys = list(raw)
    filled = dict(zip(keys, _fill_all([raw[k] for k in keys], facts, errors), strict=True))
    if errors:
        raise TemplateError(list(dict.fromkeys(errors)))
    return Header(so=so, ngay=ngay, thang=thang, nam=nam, **filled)


def default_signature(unit_level: UnitLevel, facts: dict[str, str]) -> Signature:
    raw = _level(unit_level)["signature"]
    errors: list[str] = []
    quyen_han, ten = _fill_all([raw.get("quyen_han", ""), raw["ten"]], facts, errors)
    chuc_vu = _fill_all(list(raw["chuc_vu"]), facts, errors)
    if errors:
        raise TemplateError(list(dict.fromkeys(errors)))
    return Signature(quyen_han=quyen_han, chuc_vu=chuc_vu, ten=ten)


def default_noi_nhan(unit_level: UnitLevel, facts: dict[str, str]) -> list[str]:
    errors: list[str] = []
    items = _fill_all(list(_level(unit_level)["noi_nhan"]), facts, errors)
    if errors:
        raise TemplateError(list(dict.fromkeys(errors)))
    return items


def _blocks(paragraphs: list[dict[str, Any]], facts: dict[str, str],
            errors: list[str]) -> list[Block]:
    blocks: list[Block] = []
    heading_no = number = 0
    for i, para in enumerate(paragraphs, 1):
        kind = para.get("kind", "paragraph")
        label = para.get("id") or f"đoạn {i}"
        if kind not in BLOCK_KINDS:
            errors.append(f'Đoạn "{label}": loại "{kind}" không hợp lệ.')
            continue
        try:
            text = fill_template(str(para.get("text", "")), facts)
        except TemplateError as exc:
            errors.extend(f'Đoạn "{label}": {m}' for m in exc.messages)
            continue
        if not text.strip():
            continue  # an emptied paragraph is dropped
        prefix = str(para.get("bold_prefix", ""))
        if kind == "heading":
            number = 0
            if para.get("danh_so"):
                heading_no += 1
                roman = _ROMAN[heading_no - 1] if heading_no <= len(_ROMAN) else str(heading_no)
                text = f"{roman}. {text}"
        elif para.get("danh_so") and kind in ("subheading", "paragraph"):
            number += 1
            if kind == "subheading":
                text = f"{number}. {text}"
            else:
                prefix = f"{number}."
        blocks.append(Block(kind=kind, text=text, bold_prefix=prefix))
    return blocks


def compose_notice(facts: dict[str, str], header: Header, signature: Signature,
                   noi_nhan: list[str], paragraphs: list[dict[str, Any]],
                   can_cu: list[str], appendix: Appendix | None = None) -> Notice:
    """Fill every placeholder (in paragraphs and in header/signature/noi_nhan/can_cu texts),
    number headings, khoản and numbered paragraphs, define acronyms at first use and say
    "(có Phụ lục kèm theo)" when the appendix is attached. Raises TemplateError listing every
    problem; the result still needs model.validate() (render_* call it)."""
    facts = {k: nfc(str(v)) for k, v in facts.items()}
    errors: list[str] = []
    body = _blocks(paragraphs, facts, errors)
    text_fields = ["co_quan_chu_quan", "co_quan_ban_hanh", "loai", "ky_hieu_co_quan",
                   "dia_danh", "trich_yeu"]
    values = _fill_all([getattr(header, f) for f in text_fields], facts, errors)
    header = Header(so=header.so, ngay=header.ngay, thang=header.thang, nam=header.nam,
                    **dict(zip(text_fields, values, strict=True)))
    quyen_han, ten = _fill_all([signature.quyen_han, signature.ten], facts, errors)
    signature = Signature(quyen_han=quyen_han, ten=ten,
                          chuc_vu=_fill_all(signature.chuc_vu, facts, errors))
    noi_nhan = [t for t in _fill_all(noi_nhan, facts, errors) if t.strip()]
    can_cu = [t for t in _fill_all(can_cu, facts, errors) if t.strip()]
    if errors:
        raise TemplateError(list(dict.fromkeys(errors)))
    body = define_acronyms(body)
    if appendix is not None:
        body = mention_appendix(body)
    return Notice(header=header, can_cu=can_cu, body=body, noi_nhan=noi_nhan,
                  signature=signature, appendix=appendix)
