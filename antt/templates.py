"""Import templates (CSV and .xlsx) and exports, built from the schema and the stored data."""

from __future__ import annotations

import datetime as dt
import io

import pyarrow as pa

from antt import writer
from antt.schema import TABLES, Table

_TYPE_HELP = {
    "code": "mã",
    "text": "chữ",
    "int": "số nguyên không âm (có thể ghi 1.200)",
    "float": "số thập phân",
    "date": "ngày, ghi 02/10/2024 hoặc 2024-10-02",
    "bool": "có / không",
}
_EXTRA_HELP = {
    "record_id": "Để trống để hệ thống tự đánh số.",
    "village_code": "Có thể ghi tên thôn thay cho mã; nếu tên thôn trùng ở nhiều xã, thêm cột "
    "“Xã” ghi tên xã.",
}


def example_row(table: Table, tables: dict[str, pa.Table]) -> list[str]:
    """The last stored row as an example (dates as dd/mm/yyyy, record id left blank)."""
    stored = tables.get(table.name)
    if stored is None or stored.num_rows == 0:
        return ["" for _ in table.columns]
    row = []
    for col in table.columns:
        value = stored.column(col.name)[stored.num_rows - 1].as_py()
        if col.name == "record_id":
            value = None
        elif isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        elif isinstance(value, bool):
            value = "có" if value else "không"
        row.append(writer.cell_text(value))
    return row


def column_help(table: Table, tables: dict[str, pa.Table]) -> list[list[str]]:
    """One line per column: header, system name, required, kind, explanation, allowed values."""
    vocab = tables.get("vocab")
    allowed: dict[str, list[str]] = {}
    if vocab is not None:
        for t, c, v, label in zip(*(vocab.column(n).to_pylist()
                                    for n in ("table", "column", "value", "label")), strict=True):
            if t == table.name:
                allowed.setdefault(c, []).append(v if v == label else f"{v} ({label})")
    lines = [["Cột", "Tên trong hệ thống", "Bắt buộc", "Kiểu", "Giải thích", "Giá trị cho phép"]]
    for col in table.columns:
        explain = " ".join(x for x in (col.help, _EXTRA_HELP.get(col.name, "")) if x)
        if col.references:
            explain = (explain + f" Phải có trong bảng {col.references.split('.')[0]}.").strip()
        lines.append([
            col.label, col.name, "có" if col.required and col.name != "record_id" else "không",
            _TYPE_HELP[col.type], explain, "; ".join(allowed.get(col.name, [])),
        ])
    return lines


def template_csv(table_name: str, tables: dict[str, pa.Table]) -> bytes:
    """Header (Vietnamese labels) and one example row, UTF-8 with BOM so Excel shows the marks."""
    table = TABLES[table_name]
    rows = [[c.label for c in table.columns], example_row(table, tables)]
    return b"\xef\xbb\xbf" + writer.rows_to_csv(rows, "\r\n")


def template_xlsx(table_name: str, tables: dict[str, pa.Table]) -> bytes:
    """Sheet “Dữ liệu” (header + example row) and sheet “Giải thích” (one line per column)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table = TABLES[table_name]
    book = Workbook()
    data = book.active
    data.title = "Dữ liệu"
    data.append([c.label for c in table.columns])
    data.append(example_row(table, tables))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for i, col in enumerate(table.columns, start=1):
        data.column_dimensions[data.cell(1, i).column_letter].width = max(14, len(col.label) + 4)
        for row in (1, 2):
            data.cell(row, i).number_format = "@"  # text: keeps 06340 and 00002-02 as written
    explain = book.create_sheet("Giải thích")
    for line in column_help(table, tables):
        explain.append(line)
    for cell in explain[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (24, 18, 10, 30, 50, 60), strict=True):
        explain.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_xlsx(table_name: str, stored: pa.Table) -> bytes:
    """The stored table as .xlsx with Vietnamese headers (export). Written row by row in
    openpyxl's write-only mode: linear in the rows (built on click only)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    table = TABLES[table_name]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(table.label[:31])
    sheet.append([c.label for c in table.columns])
    for row in zip(*(stored.column(c.name).to_pylist() for c in table.columns), strict=True):
        cells = []
        for v in row:
            value = writer.cell_text(v) if isinstance(v, str | bool) or v is None else v
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula, whatever the stored file holds
                value = cell
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
