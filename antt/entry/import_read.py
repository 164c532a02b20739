"""Reading a staff file: CSV or .xlsx bytes -> its cells as text, headers mapped to columns.

Headers are matched ignoring case, tone marks and punctuation, with the spellings met in staff
spreadsheets; a village name and a commune column (which only help find a village code) are
read too. The file's size and shape are limited while it is read (antt.entry.upload).
"""

from __future__ import annotations

import csv
import re
import unicodedata

from antt.data.csvio import (
    HEADER_UNREADABLE,
    RawTable,
    decode_upload,
    parse_csv_text,
    sniff_delimiter,
)
from antt.data.schema import Table
from antt.entry import upload
from antt.entry.upload import MAX_COLUMNS
from antt.problems import Problem

# Extra header spellings met in staff spreadsheets (the column name and label always work).
_ALIASES: dict[str, tuple[str, ...]] = {
    "record_id": ("mã", "id", "mã hoạt động", "mã vụ việc"),
    "village_code": ("thôn mã",),
    "model_id": ("mô hình",),
    "attendees": ("số người tham dự", "số lượt tham dự", "người tham dự", "số người"),
    "participants": ("số người tham gia", "số lượt tham gia", "người tham gia", "số người"),
    "topic": ("nội dung tuyên truyền", "chủ đề"),
    "format": ("hình thức tuyên truyền",),
    "households": ("số hộ", "hộ"),
    "people": ("số người", "nhân khẩu"),
    "members": ("thành viên",),
    "resolved": ("giải quyết", "đã giải quyết xong"),
}
# Columns that only help find a village code; they are not stored.
VILLAGE_NAME = "(tên thôn)"
COMMUNE = "(xã)"
_LOOKUP_ALIASES = {
    VILLAGE_NAME: (
        "tên thôn", "thôn", "thôn khối phố", "thôn bản", "thôn tổ dân phố", "tên thôn khối phố",
        "village name", "village",
    ),
    COMMUNE: (
        "xã", "tên xã", "mã xã", "xã thị trấn", "tên xã thị trấn", "commune", "commune code",
        "commune name",
    ),
}


def read_upload(
    raw: bytes, file_name: str, table: Table | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """CSV or .xlsx bytes -> cells as text with the headers as written in the file.

    With `table`, a CSV whose header names none of its columns is refused before its rows are
    read (a letter or a report is “not this table”, whatever its commas)."""
    too_big = upload.size_problem(raw, file_name)
    if too_big is not None:
        return None, [too_big]
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        return None, [Problem(file_name, None, None, "Tệp rỗng.")]
    if raw.startswith(b"PK\x03\x04"):
        return upload.read_xlsx(raw, file_name)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [
            Problem(file_name, None, None, "Tệp Excel 97-2003 (.xls) chưa được hỗ trợ: hãy mở "
                    "bằng Excel và lưu lại dạng .xlsx hoặc “CSV UTF-8”.")
        ]
    text, problems = decode_upload(raw, file_name)
    if text is None:
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    skipped = next((i for i, line in enumerate(lines) if line.strip(" ,;\t")), len(lines))
    if skipped < len(lines):
        try:
            header = next(csv.reader([lines[skipped]], delimiter=sniff_delimiter(lines[skipped])))
        except csv.Error:  # a cell beyond the csv module's field limit (128 KiB)
            return None, [Problem(file_name, skipped + 1, None, HEADER_UNREADABLE)]
        too_big = upload.csv_shape_problem(text, header, skipped + 1, file_name)
        if too_big is not None:
            return None, [too_big]
    if table is not None and skipped < len(lines):
        aliases = header_aliases(table)
        if not any(header_key(h) in aliases for h in header):
            return None, [Problem(file_name, skipped + 1, None, NOT_THIS_TABLE.format(table.label))]
    parsed, problems = parse_csv_text("\n".join(lines[skipped:]), file_name)
    if parsed is None:
        return None, [
            Problem(p.file, p.row + skipped if p.row else p.row, p.column, p.message)
            for p in problems
        ]
    parsed.row_numbers = parsed.row_numbers + skipped
    parsed.extra_header_row = 1 + skipped  # type: ignore[attr-defined]
    return parsed, []


def header_key(text: str) -> str:
    """Header spelling that ignores case, tone marks, punctuation and spacing."""
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return " ".join(text.split())


def header_aliases(table: Table) -> dict[str, str]:
    """header_key -> column name (schema columns, then the village/commune lookup columns)."""
    out: dict[str, str] = {}
    for col in table.columns:
        spellings = (col.name, col.label, *_ALIASES.get(col.name, ()))
        if col.name == table.date_column:
            spellings += ("ngày",)
        for spelling in spellings:
            out.setdefault(header_key(spelling), col.name)
    if "village_code" in table.column_names:
        for name, spellings in _LOOKUP_ALIASES.items():
            for spelling in spellings:
                out.setdefault(header_key(spelling), name)
    return out


def map_headers(
    table: Table, raw: RawTable, file_name: str
) -> tuple[dict[str, str], list[Problem]]:
    """file header -> column name; problems for unknown or repeated columns."""
    aliases = header_aliases(table)
    header_row = getattr(raw, "extra_header_row", 1)
    mapping: dict[str, str] = {}
    problems: list[Problem] = []
    if len(raw.columns) > MAX_COLUMNS:
        return {}, [Problem(file_name, header_row, None, NOT_THIS_TABLE.format(table.label))]
    for header in raw.columns:
        name = aliases.get(header_key(header))
        if name is None:
            continue
        if name in mapping.values():
            first = next(h for h, n in mapping.items() if n == name)
            same = _label(table, name)
            problems.append(Problem(file_name, header_row, header,
                                    f"Cột “{header}” và cột “{first}” cùng là “{same}”."))
            continue
        mapping[header] = name
    if not mapping:
        return {}, [Problem(file_name, header_row, None, NOT_THIS_TABLE.format(table.label))]
    allowed = ", ".join(f"{c.name} ({c.label})" for c in table.columns)
    for header in raw.columns:
        if header not in mapping and not any(p.column == header for p in problems):
            problems.append(Problem(file_name, header_row, header,
                                    f"Cột “{header}” không thuộc bảng “{table.label}”. "
                                    f"Các cột dùng được: {allowed}."))
    return mapping, problems


NOT_THIS_TABLE = (
    "Dòng tiêu đề không có cột nào của bảng “{}”: tệp không phải bảng này. Hãy dùng tệp mẫu."
)


def _label(table: Table, name: str) -> str:
    if name == VILLAGE_NAME:
        return "Tên thôn"
    if name == COMMUNE:
        return "Xã"
    return table.column(name).label
