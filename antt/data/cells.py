"""The one cell policy for every write (import, upsert, record editor) and every download.

New text and code cells are refused when they
- start like a spreadsheet formula (`=`, `+`, `-`, `@`, tab, CR): Excel would run them when
  someone opens a downloaded file. Refused, not neutralised: such a cell is a wrong value anyway
  (codes and topics come from the vocab). Numbers are not text: `-5` is judged by its column's
  number check;
- hold an invisible or direction-changing character (zero-width space, bidi overrides…):
  `MH001` + U+200B would be a second model that looks the same as `MH001`; or a control
  character (NUL, ESC…: openpyxl cannot write them, and every Excel download of the table
  failed for everyone) or another character that draws nothing: soft hyphen, Mongolian vowel
  separator, invisible operators, variation selectors, tag characters, Hangul fillers, the
  combining grapheme joiner, every Unicode "format" (Cf) character (issue 25). Tab and line
  breaks inside a cell stay allowed;
- (codes) do not match CODE_PATTERN: ASCII letters, digits and `-` `_` `.` only.
Cells already stored are not judged again on reading (nothing stored becomes unreadable); every
download escapes formula-like text with `escape_cell` whatever is stored.
"""

from __future__ import annotations

import re

from antt.data.schema import Column

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Zero-width characters and the Unicode bidirectional controls.
INVISIBLE = {
    "\u200b": "khoảng trắng độ rộng 0",
    "\u200c": "ký tự nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ",
    "\ufeff": "BOM/khoảng trắng độ rộng 0",
    "\u200e": "dấu hướng chữ",
    "\u200f": "dấu hướng chữ",
    "\u061c": "dấu hướng chữ",
    **{ch: "ký tự đổi hướng chữ" for ch in "\u202a\u202b\u202c\u202d\u202e"},
    **{ch: "ký tự đổi hướng chữ" for ch in "\u2066\u2067\u2068\u2069"},
}
# Drawn as nothing, or a control character (by range; named in the message by kind).
HIDDEN_RANGES = {
    "ký tự điều khiển": "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f",
    "ký tự định dạng ẩn": ("\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e"
                           "\u2061-\u2064\u206a-\u206f\ufff9-\ufffb\U000110bd\U000110cd"
                           "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"),
    "ký tự thẻ ẩn": "\U000e0001\U000e0020-\U000e007f",
    "bộ chọn biến thể": "\ufe00-\ufe0f\U000e0100-\U000e01ef\u180b-\u180d\u180f",
    "ký tự trống ẩn": "\u115f\u1160\u3164\uffa0\u034f\u17b4\u17b5\u2800",
    "ký tự ngắt dòng/đoạn Unicode": "\u2028\u2029",
}
_HIDDEN_KIND = [(re.compile(f"[{chars}]"), kind) for kind, chars in HIDDEN_RANGES.items()]
INVISIBLE_CLASS = "[" + "".join(INVISIBLE) + "".join(HIDDEN_RANGES.values()) + "]"
_INVISIBLE = re.compile(INVISIBLE_CLASS)
CODE_MAX = 40
CODE_PATTERN = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{CODE_MAX - 1}}}$")
CODE_RULE = (f"mã chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . (bắt đầu bằng chữ hoặc "
             f"số, tối đa {CODE_MAX} ký tự)")


def shown(value: str) -> str:
    """A cell as quoted in a message: invisible characters made visible as <U+200B>."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)


def hidden_kind(ch: str) -> str:
    """What an invisible or control character is, in Vietnamese."""
    if ch in INVISIBLE:
        return INVISIBLE[ch]
    return next((kind for pattern, kind in _HIDDEN_KIND if pattern.match(ch)), "ký tự ẩn")


def text_problem(value: str) -> str | None:
    """Why a free text (a report's note, a reason) is refused: an invisible or control
    character; None when it may be stored."""
    hidden = _INVISIBLE.search(value or "")
    if hidden is None:
        return None
    ch = hidden.group()
    return (f"“{shown(value)}” chứa ký tự ẩn U+{ord(ch):04X} ({hidden_kind(ch)}). "
            "Hãy gõ lại đoạn chữ này.")


def cell_problem(col: Column, value: str, *, code_shape: bool = True) -> str | None:
    """Why a new cell of column `col` is refused (Vietnamese), or None when it may be stored.
    `code_shape=False` leaves out the code pattern (a file's cell may still be a name that the
    importer reads as a code; it checks the code it finds with `code_problem`)."""
    if not value or col.type not in ("text", "code"):
        return None
    hidden = _INVISIBLE.search(value)
    if hidden:
        ch = hidden.group()
        return (f"Ô “{shown(value)}” chứa ký tự ẩn U+{ord(ch):04X} ({hidden_kind(ch)}): ô nhìn "
                "giống giá trị khác nhưng không phải. Hãy gõ lại ô này.")
    if value.startswith(FORMULA_STARTS):
        first = {"\t": "dấu tab", "\r": "dấu xuống dòng"}.get(value[0], value[0])
        return (f"Ô bắt đầu bằng “{first}” giống công thức bảng tính: không được chấp nhận. "
                "Hãy bỏ ký tự này ở đầu ô.")
    if code_shape:
        return code_problem(col, value)
    return None


def code_problem(col: Column, value: str) -> str | None:
    if col.type == "code" and value and not CODE_PATTERN.match(value):
        return f"Mã “{shown(value)}” không hợp lệ: {CODE_RULE}."
    return None


def escape_cell(value):
    """For downloads: '=1+1' -> \"'=1+1\" (shown as text by spreadsheets); others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
