"""Excel files of the recognition: the scored list (Vietnamese headers, a summary sheet, one
sheet per commune, the criteria with their citations) and the entry template the committee
fills (one row per unit and entered criterion, with the values entered so far), read back with
Vietnamese messages naming file, row and column.
"""

from __future__ import annotations

import io
import re

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from antt.data.cells import escape_cell
from antt.entry.upload import read_xlsx, size_problem
from antt.problems import Problem
from antt.recognition.assess import MISSING, Assessment, Unit
from antt.recognition.entries import Entry
from antt.recognition.rules import LEVEL_LABELS
from antt.text.fmt import nfc

YES, NO = "có", "không"
TEMPLATE_SHEET = "Nhập tiêu chí"
TEMPLATE_HEADERS = ("Năm", "Cấp", "Mã đơn vị", "Tên đơn vị", "Xã", "Mã tiêu chí", "Tiêu chí",
                    "Căn cứ", "Đạt (có/không)", "Số, ngày văn bản", "Ghi chú")
# the columns read back, and the Entry field each one fills (messages name the header)
READ: dict[str, str] = {"Năm": "year", "Mã đơn vị": "unit_code", "Mã tiêu chí": "criterion",
        "Đạt (có/không)": "met", "Số, ngày văn bản": "document", "Ghi chú": "note"}

FILE_HEADERS = {v: k for k, v in READ.items()}  # messages about a file name its headers


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", name)[:31]
    out, n = base, 2
    while out in used:
        out = f"{base[:28]} ({n})"
        n += 1
    used.add(out)
    return out


def _fit(ws, widths: dict[int, int]) -> None:
    for col, width in widths.items():
        ws.column_dimensions[ws.cell(1, col).column_letter].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"


def _status(unit: Unit, criterion_id: str) -> str:
    return next((c.status for c in unit.checks if c.criterion.id == criterion_id), MISSING)


def scored_workbook(result: Assessment) -> bytes:
    """The year's scored list: 'Tổng hợp', one sheet per commune, 'Tiêu chí'."""
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Tổng hợp"
    frame = result.summary()
    summary.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        summary.append([escape_cell(v) for v in row])
    _fit(summary, {1: 9, 2: 22, 3: 9, 4: 10, 5: 14, 6: 20, 7: 20})
    thon = result.rules.of_level("thon")
    xa = result.rules.of_level("xa")
    used = {"Tổng hợp", "Tiêu chí"}
    for commune in result.communes:
        ws = wb.create_sheet(_sheet_name(commune.name, used))
        ws.append(["STT", "Mã thôn", "Tên thôn", "Kết quả",
                   *[f"Tiêu chí {i}" for i in range(1, len(thon) + 1)], "Lý do chính"])
        for i, v in enumerate(result.villages_of(commune.code), 1):
            ws.append([i, v.code, escape_cell(v.name), v.result,
                       *[_status(v, c.id) for c in thon], escape_cell(v.first_reason)])
        ws.append([])
        ws.append(["", "Mã xã", "Tên xã", "Kết quả của xã"])
        ws.append(["", commune.code, commune.name, commune.result])
        ws.append([])
        ws.append(["STT", "Tiêu chí của xã", "Căn cứ", "Kết quả", "Lý do, bản ghi"])
        for i, c in enumerate(commune.checks, 1):
            ws.append([i, c.criterion.name, c.criterion.citation, c.status,
                       escape_cell(c.reason)])
        _fit(ws, {1: 6, 2: 12, 3: 24, 4: 18, **{5 + i: 12 for i in range(len(thon))},
                  5 + len(thon): 70})
    legend = wb.create_sheet("Tiêu chí")
    legend.append(["Cột", "Cấp", "Mã tiêu chí", "Tiêu chí", "Căn cứ", "Nguồn", "Xác minh"])
    for prefix, crits in (("Tiêu chí", thon), ("Tiêu chí của xã", xa)):
        for i, c in enumerate(crits, 1):
            legend.append([f"{prefix} {i}", LEVEL_LABELS[c.level], c.id, c.name, c.citation,
                           "nhập" if c.entered else "tính từ dữ liệu",
                           "đã xác minh" if c.verified else "chưa xác minh"])
    _fit(legend, {1: 16, 2: 14, 3: 30, 4: 70, 5: 40, 6: 16, 7: 14})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def entry_template(result: Assessment) -> bytes:
    """One row per unit of the assessment and entered criterion, with what is entered."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    ws.append(list(TEMPLATE_HEADERS))
    for unit in [*result.villages, *result.communes]:
        for check in unit.checks:
            crit = check.criterion
            if not crit.entered:
                continue
            met = "" if check.status == MISSING else (YES if check.status == "Đạt" else NO)
            ws.append([result.year, LEVEL_LABELS[unit.level], unit.code, escape_cell(unit.name),
                       escape_cell(unit.commune_name), crit.id, crit.name, crit.citation, met,
                       escape_cell(check.document), escape_cell(check.note)])
    check = DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True)
    ws.add_data_validation(check)
    check.add(f"I2:I{max(ws.max_row, 2)}")
    for row in ws.iter_rows(min_row=2, max_col=6):
        for cell in row:
            cell.number_format = "@"  # codes keep their leading zeros
    _fit(ws, {1: 7, 2: 13, 3: 11, 4: 20, 5: 16, 6: 28, 7: 60, 8: 32, 9: 10, 10: 30, 11: 30})
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_template(raw: bytes, file_name: str) -> tuple[list[Entry], list[Problem]]:
    """The filled template (its first sheet) -> entries; rows with 'Đạt' blank are left as
    they are. Read by the entry path's .xlsx reader (size, rows and columns limits)."""
    big = size_problem(raw, file_name)
    if big is not None:
        return [], [big]
    table, problems = read_xlsx(raw, file_name)
    if table is None:
        return [], problems
    missing = [h for h in READ if h not in table.columns]
    if missing:
        return [], [Problem(file_name, 1, h, "Thiếu cột này (dùng tệp mẫu của trang).")
                    for h in missing]
    columns = {h: table.data.column(h).to_pylist() for h in READ}
    entries: list[Entry] = []
    for i, n in enumerate(table.row_numbers):
        cell = {h: nfc(str(columns[h][i]).strip()) for h in READ}
        met_text = cell["Đạt (có/không)"].lower()
        if not met_text:
            continue
        if met_text not in (YES, NO, "đạt", "không đạt"):
            problems.append(Problem(file_name, int(n), "Đạt (có/không)",
                                    f"“{met_text}” không hợp lệ: ghi “có” hoặc “không”."))
            continue
        year_text = cell["Năm"].removesuffix(".0")
        if not year_text.isdigit():
            problems.append(Problem(file_name, int(n), "Năm", f"“{year_text}” không phải là năm."))
            continue
        entries.append(Entry(int(year_text), cell["Mã đơn vị"], cell["Mã tiêu chí"],
                             met_text in (YES, "đạt"), cell["Số, ngày văn bản"],
                             cell["Ghi chú"], int(n)))
    return entries, problems
