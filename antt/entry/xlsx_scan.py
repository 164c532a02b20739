"""A streaming look at an .xlsx's sheet and string XML before openpyxl parses it (issue 25).

openpyxl builds a whole row before the importer can count its cells, and keeps every shared
string: one row of 6M `<c><v>1</v></c>` (172 KB zipped) took 48–106 s and 2,8 GB before the
column limit refused it, one 95 MB cell 86 s and 4,5 GB. Here each worksheet and the shared
strings are unzipped in 64 KB pieces and their tags counted with byte searches (no XML tree,
nothing kept), stopping at the first limit: cells in a row, cells in all, characters between two
tags (a cell's or a string's text), shared strings. Memory stays at a piece or two; a 2M-cell
row is refused after its first thousand cells. A DOCTYPE or ENTITY declaration (entity
expansion) is refused: Excel never writes one. Counting tags this way can only over-count
(a tag name inside a comment), never miss one.
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np

from antt.problems import Problem
from antt.text.fmt import number

MAX_CELLS_PER_ROW = 1_000  # written cells (<c>) in one row, empty or not; data needs <= 100
MAX_CELLS = 3_000_000  # in all sheets
# Written cells with nothing in them (<c r="B2" s="1"/>): openpyxl spends as long on them as on
# full ones (2,5M of them: 75–148 s), and a staff file has few.
MAX_EMPTY_CELLS = 100_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# Bytes of text between two tags: a cell's 32.767 characters, each up to 4 bytes in UTF-8 or
# written as an entity such as &#x1EA0; (8 bytes).
MAX_TEXT_BYTES = 8 * MAX_CELL_CHARS
MAX_SHARED_STRINGS = 1_000_000
CHUNK = 64 * 1024
_MIN_CELL_BYTES = 4  # <c/>

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_EMPTY_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c(?:\s[^<>]*)?/>")
_LONG_TEXT = re.compile(rb"[^<]{%d}" % (MAX_TEXT_BYTES + 1))
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _tags(data: bytes, name: bytes) -> int:
    """Start tags `<name …>` (with or without a namespace prefix) in `data`, by byte counts."""
    return sum(data.count(lead + name + end) for lead in (b"<", b":") for end in (b" ", b">", b"/"))


class _Refused(Exception):
    def __init__(self, row: int | None, what: str, too_big: bool = True) -> None:
        super().__init__(what)
        self.row = row
        self.what = what
        self.too_big = too_big


class _Counts:
    def __init__(self, cells: int) -> None:
        self.rows = 0
        self.cells_in_row = 0
        self.cells = cells
        self.strings = 0
        self.empty = 0

    def add_cells(self, count: int) -> None:
        self.cells_in_row += count
        self.cells += count
        if self.cells_in_row > MAX_CELLS_PER_ROW:
            raise _Refused(self.rows or None, f"quá {number(MAX_CELLS_PER_ROW)} ô trên một dòng")
        if self.cells > MAX_CELLS:
            raise _Refused(self.rows or None, f"quá {number(MAX_CELLS)} ô")

    def sheet_piece(self, data: bytes) -> None:
        self.empty += len(_EMPTY_CELL.findall(data))
        if self.empty > MAX_EMPTY_CELLS:
            raise _Refused(None, f"quá {number(MAX_EMPTY_CELLS)} ô trống")
        starts = [m.start() for m in _ROW.finditer(data)]
        if not starts:  # the row of the last piece goes on
            self.add_cells(_tags(data, b"c"))
            return
        self.add_cells(_tags(data[:starts[0]], b"c"))
        self.cells += _tags(data[starts[0]:], b"c")
        if self.cells > MAX_CELLS:
            raise _Refused(self.rows + len(starts), f"quá {number(MAX_CELLS)} ô")
        # A row of more than MAX_CELLS_PER_ROW cells takes at least 4 bytes a cell ("<c/>"):
        # only rows that long are counted one by one.
        gaps = np.diff(np.asarray([*starts, len(data)]))
        for i in np.nonzero(gaps >= _MIN_CELL_BYTES * (MAX_CELLS_PER_ROW + 1))[0]:
            if _tags(data[starts[i]:starts[i] + gaps[i]], b"c") > MAX_CELLS_PER_ROW:
                raise _Refused(self.rows + int(i) + 1,
                               f"quá {number(MAX_CELLS_PER_ROW)} ô trên một dòng")
        self.rows += len(starts)
        self.cells_in_row = _tags(data[starts[-1]:], b"c")

    def strings_piece(self, data: bytes) -> None:
        self.strings += _tags(data, b"si")
        if self.strings > MAX_SHARED_STRINGS:
            raise _Refused(None, f"quá {number(MAX_SHARED_STRINGS)} chuỗi dùng chung")


def _scan_member(book: zipfile.ZipFile, info: zipfile.ZipInfo, kind: str, cells: int) -> int:
    """Count one member's tags piece by piece; the cells counted so far (raises _Refused).
    A piece is cut after its last '<' so that no tag is split between two pieces."""
    counts = _Counts(cells)
    piece = counts.sheet_piece if kind == "sheet" else counts.strings_piece
    carry = b""
    first = True
    with book.open(info) as stream:
        while chunk := stream.read(CHUNK):
            data = carry + chunk
            if first and _DECLARATION.search(data[:4096]):
                raise _Refused(None, "Tệp Excel có khai báo DOCTYPE/ENTITY (Excel không tạo "
                               "khai báo này): không đọc tệp.", too_big=False)
            first = False
            if _LONG_TEXT.search(data):
                where = "chuỗi" if kind == "strings" else "ô"
                raise _Refused(counts.rows or None,
                               f"một {where} dài quá {number(MAX_CELL_CHARS)} ký tự")
            cut = data.rfind(b"<")
            if cut <= 0:
                carry = data
                continue
            piece(data[:cut])
            carry = data[cut:]
        piece(carry)
    return counts.cells


def xlsx_bomb_problem(raw: bytes, file_name: str) -> Problem | None:
    """A Problem naming the first limit the workbook's sheets or shared strings go over, None
    when openpyxl may read it (a broken file is left to openpyxl to report)."""
    from antt.entry.upload import limits_text  # one text of the limits

    cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as book:
            for info in book.infolist():
                name = info.filename.lower()
                if name == "xl/sharedstrings.xml":
                    _scan_member(book, info, "strings", 0)
                elif name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    cells = _scan_member(book, info, "sheet", cells)
    except _Refused as refused:
        return Problem(file_name, refused.row, None,
                       f"Tệp quá lớn: {refused.what}. {limits_text()}" if refused.too_big
                       else refused.what)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # openpyxl says the file is broken, in the importer's words
    return None
