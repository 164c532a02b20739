"""Reading CSV bytes into a table of text cells, with the spreadsheet row number of each row.

Every cell comes back as NFC text with surrounding spaces removed; typing happens in
validation, never by auto-detection here.
"""

from __future__ import annotations

import csv
import io
import unicodedata
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


def parse_csv_text(text: str, file_label: str) -> tuple[RawTable | None, list[Problem]]:
    """Parse CSV text whose first line is the header. Blank lines are skipped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n", 1)
    header_line = lines[0]
    if not header_line.strip():
        return None, [Problem(file_label, 1, None, "Tệp rỗng hoặc thiếu dòng tiêu đề.")]
    delimiter = sniff_delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter))
    columns = [unicodedata.normalize("NFC", h).strip() for h in header]
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
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
