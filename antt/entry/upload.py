"""The size limits of an uploaded file (one place), checked while the file is read.

A small .xlsx can unpack to gigabytes and a million rows (issue 15): the limits are checked
before anything big is built: the zip members' unpacked sizes first (zipfile stops at the
declared size, so they cannot lie), then rows and columns while openpyxl streams the sheet
(read-only mode, each row cut at MAX_COLUMNS + 1 cells), after a streaming look at the sheet
XML has counted cells per row, cell lengths and shared strings (antt.entry.xlsx_scan: openpyxl
builds a whole row, and keeps every string, before anything can be counted); a CSV's lines are
counted before it is parsed. The same limits hold on the Dữ liệu page and in
`python -m antt import`.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile

import numpy as np
import pyarrow as pa

from antt.data.csvio import RawTable, repeated
from antt.entry.xlsx_scan import xlsx_bomb_problem
from antt.problems import Problem
from antt.text.fmt import number

MAX_FILE_BYTES = 20 * 1024 * 1024  # keep Streamlit's server.maxUploadSize above this
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx, unpacked
MAX_ROWS = 100_000  # lines after the header
MAX_COLUMNS = 100


def limits_text() -> str:
    return (f"Mỗi tệp tối đa {number(MAX_ROWS)} dòng dữ liệu, {number(MAX_COLUMNS)} cột, "
            f"{number(MAX_FILE_BYTES / 1024 / 1024)} MB (tệp .xlsx: "
            f"{number(MAX_UNPACKED_BYTES / 1024 / 1024)} MB khi giải nén). "
            "Hãy chia thành nhiều tệp nhỏ hơn.")


def too_big(file_name: str, row: int | None, what: str) -> Problem:
    return Problem(file_name, row, None, f"Tệp quá lớn: {what}. {limits_text()}")


def size_problem(raw: bytes, file_name: str) -> Problem | None:
    if len(raw) <= MAX_FILE_BYTES:
        return None
    return too_big(file_name, None, f"{number(len(raw) / 1024 / 1024, 1)} MB")


def csv_shape_problem(text: str, header: list[str], header_line: int,
                      file_name: str) -> Problem | None:
    """Too many columns in the header, or too many lines after it (blank lines count)."""
    if len(header) > MAX_COLUMNS:
        return too_big(file_name, header_line, f"dòng tiêu đề có {number(len(header))} cột")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines - header_line > MAX_ROWS:
        return too_big(file_name, None, f"{number(lines - header_line)} dòng sau tiêu đề")
    return None


def _xlsx_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def read_xlsx(raw: bytes, file_name: str) -> tuple[RawTable | None, list[Problem]]:
    """The first sheet's cells as text; None with problems when broken or over the limits."""
    import openpyxl

    broken = [Problem(file_name, None, None, "Tệp Excel bị hỏng hoặc không phải .xlsx.")]
    try:
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(raw)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, broken
    if unpacked > MAX_UNPACKED_BYTES:
        return None, [too_big(file_name, None,
                              f"{number(unpacked / 1024 / 1024, 1)} MB khi giải nén")]
    # Cells per row, cell lengths and shared strings, streamed, before openpyxl builds rows.
    bomb = xlsx_bomb_problem(raw, file_name)
    if bomb is not None:
        return None, [bomb]
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        return None, broken
    try:
        return _read_sheet(book.worksheets[0], file_name)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, EOFError):
        return None, broken
    finally:
        book.close()


def _read_sheet(sheet, file_name: str) -> tuple[RawTable | None, list[Problem]]:
    # A sheet's declared size can claim 16.384 columns: ignore it, and never pad a row beyond
    # MAX_COLUMNS + 1 cells (a value in the extra cell means too many columns).
    sheet.reset_dimensions()
    header: list[str] | None = None
    header_row = 0
    cells: list[list[str]] = []
    numbers: list[int] = []
    problems: list[Problem] = []
    width = MAX_COLUMNS
    for row_no, values in enumerate(
            sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
        if row_no - max(header_row, 1) > MAX_ROWS:
            return None, [too_big(file_name, row_no, f"quá {number(MAX_ROWS)} dòng sau tiêu đề")]
        if values[MAX_COLUMNS] is not None and values[MAX_COLUMNS] != "":
            return None, [too_big(file_name, row_no, f"có ô ở cột thứ {number(MAX_COLUMNS + 1)}")]
        if header is None:
            texts = [_xlsx_cell(v) for v in values]
            if not any(texts):
                continue
            while texts and not texts[-1]:
                texts.pop()
            header, header_row, width = texts, row_no, len(texts)
            continue
        if any(v is not None and _xlsx_cell(v) for v in values[width:]):
            if len(problems) < 50:
                problems.append(Problem(file_name, row_no, None,
                                        f"Dòng có ô dữ liệu nằm ngoài {width} cột có tiêu đề."))
            continue
        texts = [_xlsx_cell(v) for v in values[:width]]
        if any(texts):
            cells.append(texts)
            numbers.append(row_no)
    if header is None:
        return None, [Problem(file_name, None, None, "Tệp rỗng.")]
    if "" in header:
        problems.append(Problem(file_name, header_row, None, "Dòng tiêu đề có ô trống."))
    dup = repeated(header)
    if dup is not None:
        problems.append(
            Problem(file_name, header_row, dup, "Tên cột bị lặp lại trong dòng tiêu đề."))
    if problems:
        return None, problems
    data = pa.table({h: pa.array([row[i] for row in cells], pa.string())
                     for i, h in enumerate(header)})
    raw_table = RawTable(header, data, np.asarray(numbers, dtype=int))
    raw_table.extra_header_row = header_row  # type: ignore[attr-defined]
    return raw_table, []
