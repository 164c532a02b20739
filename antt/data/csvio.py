"""Reading CSV bytes into a table of text cells, with the spreadsheet row number of each row.

Every cell comes back as NFC text with surrounding spaces removed; typing happens in
validation, never by auto-detection here.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from antt.problems import Problem


@dataclass
class RawTable:
    """Cells as text. `row_numbers[i]` is the file line of data row i (header = line 1)."""

    columns: list[str]
    data: pa.Table  # all string columns, "" for empty
    row_numbers: np.ndarray

    @property
    def num_rows(self) -> int:
        return self.data.num_rows


def decode_text(raw: bytes, file_label: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> NFC text. UTF-8 (with or without BOM) and UTF-16 with BOM are accepted."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [Problem(file_label, None, None, "Tệp không đọc được theo mã UTF-16.")]
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return None, [
                Problem(
                    file_label,
                    line,
                    None,
                    "Tệp không phải mã UTF-8. Hãy lưu lại tệp dạng “CSV UTF-8” rồi thử lại.",
                )
            ]
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, []


def sniff_delimiter(header_line: str) -> str:
    """The separator used in the header line: comma, semicolon or tab."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def repeated(header: list[str]) -> str | None:
    """The first header repeated in the list, in linear time (40.000 columns in ms)."""
    counts = Counter(header)
    return next((h for h in header if counts[h] > 1), None)


HEADER_UNREADABLE = "Dòng tiêu đề không đọc được: có ô dài quá 131.072 ký tự."


def parse_csv_text(text: str, file_label: str) -> tuple[RawTable | None, list[Problem]]:
    """Parse CSV text whose first line is the header. Blank lines are skipped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n", 1)
    header_line = lines[0]
    if not header_line.strip():
        return None, [Problem(file_label, 1, None, "Tệp rỗng hoặc thiếu dòng tiêu đề.")]
    delimiter = sniff_delimiter(header_line)
    try:
        header = next(csv.reader([header_line], delimiter=delimiter))
    except csv.Error:  # a cell beyond the csv module's field limit (128 KiB)
        return None, [Problem(file_label, 1, None, HEADER_UNREADABLE)]
    columns = [unicodedata.normalize("NFC", h).strip() for h in header]
    dup = repeated(columns)
    if dup is not None:
        return None, [Problem(file_label, 1, dup, "Tên cột bị lặp lại trong dòng tiêu đề.")]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=columns, skip_rows=1),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types={c: pa.string() for c in columns},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        return None, [_arrow_problem(file_label, text, str(exc))]
    table = pa.table({c: _strip(table.column(c)) for c in columns})
    return RawTable(columns, table, _row_numbers(text, table.num_rows)), []


def _strip(column: pa.ChunkedArray) -> pa.ChunkedArray:
    import pyarrow.compute as pc

    return pc.utf8_trim_whitespace(column)


def _row_numbers(text: str, num_rows: int) -> np.ndarray:
    """File line of each data row; only computed line by line when blank lines shift them."""
    body = text.split("\n", 1)[1] if "\n" in text else ""
    if "\n\n" not in body and not body.startswith("\n") and '"' not in body:
        return np.arange(2, num_rows + 2)
    numbers = []
    line_no = 1
    for line in body.split("\n"):
        line_no += 1
        if line.strip():
            numbers.append(line_no)
    if len(numbers) != num_rows:  # quoted newlines: fall back to record order
        return np.arange(2, num_rows + 2)
    return np.asarray(numbers)


def _arrow_problem(file_label: str, text: str, message: str) -> Problem:
    """Turn pyarrow's 'Expected N columns, got M: <row>' into a Vietnamese message."""
    import re

    match = re.search(r"Expected (\d+) columns, got (\d+): (.*)", message, re.S)
    if match:
        expected, got, row_text = match.group(1), match.group(2), match.group(3).strip()
        line = None
        for i, line_text in enumerate(text.split("\n"), start=1):
            if row_text and line_text.startswith(row_text[:60]):
                line = i
                break
        return Problem(
            file_label, line, None, f"Dòng có {got} cột, trong khi tiêu đề có {expected} cột."
        )
    return Problem(file_label, None, None, "Tệp không phải bảng CSV hợp lệ.")


# --- Files staff produce (import): more encodings, legacy fonts refused -----------------------

# Every letter of the Vietnamese alphabet with its tone marks (NFC), lower and upper case.
_VI_BASES = "aăâeêioôơuưy"
_VI_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    ch
    for base in _VI_BASES
    for tone in _VI_TONES
    for ch in (
        unicodedata.normalize("NFC", base + tone),
        unicodedata.normalize("NFC", base.upper() + tone),
    )
) | frozenset("đĐ")
# Legacy 8-bit Vietnamese fonts read as Windows/Unicode text show letters Vietnamese never uses
# (VNI: "Vieät" for "Việt", "ñ" for "đ") or symbols inside words (TCVN3/ABC: "ViÖt", "®" for "đ").
_VNI_MARKS = frozenset("øûïåäëöñØÛÏÅÄËÖÑ")
_TCVN3_MARKS = frozenset("¡¢£¤¥¦§¨©ª«¬®¯±´µ¶·¸¹º»¼½¾¿")
LEGACY_ADVICE = (
    "Hãy chuyển tệp sang bảng mã Unicode (ví dụ dùng Unikey: Công cụ… > Chuyển mã, "
    "nguồn {legacy}, đích Unicode) rồi lưu lại dạng “CSV UTF-8” hoặc .xlsx."
)


def legacy_encoding(text: str) -> tuple[str | None, int | None]:
    """("TCVN3"/"VNI", line of the first sign) when text typed with a legacy font is detected.

    Two signs are needed so a single foreign name (e.g. “Müller”) is not refused.
    """
    vni = tcvn3 = 0
    first_line = None
    for line_no, line in enumerate(text.split("\n"), start=1):
        for i, ch in enumerate(line):
            if ch in _VNI_MARKS:
                vni += 1
            elif ch in _TCVN3_MARKS and _next_to_letter(line, i):
                tcvn3 += 1
            else:
                continue
            if first_line is None:
                first_line = line_no
    if vni + tcvn3 < 2:
        return None, None
    return ("TCVN3" if tcvn3 >= vni else "VNI"), first_line


def _next_to_letter(line: str, i: int) -> bool:
    return (i > 0 and line[i - 1].isalpha()) or (i + 1 < len(line) and line[i + 1].isalpha())


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without a byte order mark: text with a NUL byte beside every ASCII character."""
    sample = raw[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.4 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.4 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    return None


def decode_upload(raw: bytes, file_label: str) -> tuple[str | None, list[Problem]]:
    """Bytes of a CSV file made by staff -> NFC text.

    Accepts UTF-8 with or without BOM, UTF-16 (with or without BOM) and Windows-1258 (Excel's
    "CSV" on a Vietnamese Windows: decoded here in Python, its separate tone marks composed to
    NFC). Text typed with the legacy TCVN3 (ABC) or VNI fonts is refused with advice.
    """
    not_table = [Problem(file_label, None, None, NOT_A_TABLE)]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = _looks_utf16(raw) or "utf-8"
    if encoding == "utf-8" and b"\x00" in raw:
        return None, not_table
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        if encoding != "utf-8":
            return None, not_table
        try:
            text = raw.decode("cp1258")
        except UnicodeDecodeError:
            # bytes Windows-1258 leaves undefined: legacy fonts use them, binary files too
            text = raw.decode("latin-1")
            if not legacy_encoding(text)[0]:
                return None, not_table
    text = unicodedata.normalize("NFC", text)
    if "\x00" in text or _control_share(text) > 0.01:
        return None, not_table
    legacy, line = legacy_encoding(text)
    if legacy:
        message = (
            f"Tệp có vẻ được gõ bằng bảng mã cũ {legacy}, không phải Unicode. "
            + LEGACY_ADVICE.format(legacy="TCVN3 (ABC)" if legacy == "TCVN3" else "VNI Windows")
        )
        return None, [Problem(file_label, line, None, message)]
    return text, []


NOT_A_TABLE = "Tệp không phải bảng dữ liệu (CSV hoặc Excel .xlsx)."


def _control_share(text: str) -> float:
    """Share of control characters other than tab and line breaks (binary files have many)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return bad / len(sample)
