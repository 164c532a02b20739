"""Import templates (CSV and .xlsx) and exports, built from the schema and the stored data."""

from __future__ import annotations

import datetime as dt
import io

import pyarrow as pa

from antt.data.cells import FORMULA_STARTS, escape_cell
from antt.data.schema import TABLES, Table
from antt.text.fmt import vi_sorted
from antt.text.place_labels import PlaceNames
from antt.writes import csv_rows

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
    "village_code": "Chọn thôn trong danh sách, theo xã từ 01/7/2025 (“Thôn Nà Ngàm – Xã Vũ "
    "Lễ”). Cũng nhận mã thôn, tên thôn theo xã cũ (tệp mẫu trước đây) hoặc chỉ tên thôn; nếu tên "
    "thôn trùng ở nhiều xã, thêm cột “Xã” ghi tên xã (mới hoặc cũ).",
}


def example_row(table: Table, tables: dict[str, pa.Table]) -> list[str]:
    """The last stored row as an example: dates as dd/mm/yyyy, labels instead of codes, the
    record id left blank (the system numbers it)."""
    stored = tables.get(table.name)
    if stored is None or stored.num_rows == 0:
        return ["" for _ in table.columns]
    labels = _vocab_labels(table, tables)
    labels.update(_lookup_labels(table, tables))
    row = []
    for col in table.columns:
        value = stored.column(col.name)[stored.num_rows - 1].as_py()
        if col.name == "record_id":
            value = None
        elif isinstance(value, dt.date):
            value = value.strftime("%d/%m/%Y")
        elif isinstance(value, bool):
            value = "có" if value else "không"
        elif col.name in labels:
            value = labels[col.name].get(value, value)
        row.append(csv_rows.cell_text(value))
    return row


def _vocab_labels(table: Table, tables: dict[str, pa.Table]) -> dict[str, dict[str, str]]:
    """column -> {code: label} for the coded columns of `table`, in vocab order."""
    vocab = tables.get("vocab")
    out: dict[str, dict[str, str]] = {}
    if vocab is None:
        return out
    for t, c, v, label in zip(*(vocab.column(n).to_pylist()
                                for n in ("table", "column", "value", "label")), strict=True):
        if t == table.name:
            out.setdefault(c, {})[v] = label or v
    return out


def _lookup_labels(table: Table, tables: dict[str, pa.Table]) -> dict[str, dict[str, str]]:
    """village_code -> {code: “Thôn X – Xã Y”} (today's communes, Vietnamese order by commune
    then village: antt.text.place_labels) and model_id -> {id: name}, where known."""
    out: dict[str, dict[str, str]] = {}
    if "village_code" in table.column_names and all(
            tables.get(t) is not None for t in ("villages", "communes", "communes_2025")):
        places = PlaceNames.from_tables(tables)
        out["village_code"] = {code: places.label[code] for code in places.ordered_codes()}
    models = tables.get("models")
    if "model_id" in table.column_names and table.name != "models" and models is not None:
        out["model_id"] = dict(zip(models.column("model_id").to_pylist(),
                                   models.column("model_name").to_pylist(), strict=True))
    return out


def hint_row(table: Table) -> list[str]:
    """The explanation row under the .xlsx template's header: the importer skips a row equal
    to it, so a filled template imports without deleting it."""
    return [f"({_TYPE_HELP[c.type]}{', bắt buộc' if _required(c) else ''})"
            for c in table.columns]


def _required(col) -> bool:
    return col.required and col.name != "record_id"


def column_help(table: Table, tables: dict[str, pa.Table]) -> list[list[str]]:
    """One line per column: header, system name, required, kind, explanation, allowed values."""
    vocab = tables.get("vocab")
    allowed: dict[str, list[str]] = {}
    if vocab is not None:
        for t, c, v, label in zip(*(vocab.column(n).to_pylist()
                                    for n in ("table", "column", "value", "label")), strict=True):
            if t == table.name:
                allowed.setdefault(c, []).append(v if v == label else f"{v} ({label})")
    lines = [["Cột", "Tên trong hệ thống", "Bắt buộc", "Kiểu", "Giải thích", "Giá trị cho phép",
              "Ví dụ"]]
    for col, example in zip(table.columns, example_row(table, tables), strict=True):
        explain = " ".join(x for x in (col.help, _EXTRA_HELP.get(col.name, "")) if x)
        if col.references:
            explain = (explain + f" Phải có trong bảng {col.references.split('.')[0]}.").strip()
        lines.append([
            col.label, col.name, "có" if _required(col) else "không",
            _TYPE_HELP[col.type], explain, "; ".join(allowed.get(col.name, [])), example,
        ])
    return lines


def template_csv(table_name: str, tables: dict[str, pa.Table]) -> bytes:
    """Header (Vietnamese labels) and the explanation row the .xlsx template has (what each
    column takes: the importer skips it, so a filled template imports as it is), UTF-8 with
    BOM so Excel shows the marks. Not a copy of a stored record: left in, it would be refused
    as a repeat of that record."""
    table = TABLES[table_name]
    rows = [[c.label for c in table.columns], hint_row(table)]
    return b"\xef\xbb\xbf" + csv_rows.rows_to_csv(
        [[escape_cell(v) for v in row] for row in rows], "\r\n")


def table_csv(table_name: str, stored: pa.Table) -> bytes:
    """The stored table as the data file writes it (column names, ISO dates), from the data
    being served, with formula-like text escaped: the raw “Tải CSV” of the Dữ liệu page."""
    table = TABLES[table_name]
    columns = [stored.column(c.name).to_pylist() for c in table.columns]
    rows = [[escape_cell(csv_rows.cell_text(v)) for v in row] for row in zip(*columns, strict=True)]
    return csv_rows.rows_to_csv([table.column_names, *rows])


TEMPLATE_ROWS = 1000  # rows of the .xlsx template that carry the dropdowns and formats
_FORMATS = {"date": "DD/MM/YYYY", "int": "#,##0", "float": "#,##0.0"}


def _choice_lists(table: Table, tables: dict[str, pa.Table]) -> dict[str, list[str]]:
    """column -> the values its dropdown offers (labels, villages, model names)."""
    lists = {c: list(labels.values()) for c, labels in _vocab_labels(table, tables).items()}
    for column, labels in _lookup_labels(table, tables).items():
        # villages come in their own order (by commune, then village); model names sorted
        ordered = labels.values() if column == "village_code" else vi_sorted(labels.values())
        lists[column] = list(dict.fromkeys(ordered))
    return lists


def template_xlsx(table_name: str, tables: dict[str, pa.Table]) -> bytes:
    """Sheet “Dữ liệu”: header, an explanation row, and TEMPLATE_ROWS empty rows whose coded
    columns offer dropdowns (labels, “Thôn X – Xã Y”, model names) fed from the
    hidden sheet “Danh mục”, dates formatted dd/mm/yyyy, codes kept as text. Sheet “Giải
    thích”: one line per column, with an example (kept out of “Dữ liệu”: a filled template
    imports as it is, and an example row would repeat a stored record). Every cell is written
    as text or a typed value, never as a formula, whatever the stored data holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    table = TABLES[table_name]
    book = Workbook()
    data = book.active
    data.title = "Dữ liệu"
    lists_sheet = book.create_sheet("Danh mục")
    lists_sheet.sheet_state = "hidden"
    lists = _choice_lists(table, tables)
    last = TEMPLATE_ROWS + 2
    for i, col in enumerate(table.columns, start=1):
        letter = data.cell(1, i).column_letter
        _text_cell(data, 1, i, col.label).font = Font(bold=True)
        hint = _text_cell(data, 2, i, hint_row(table)[i - 1])
        hint.font = Font(italic=True, color="666666")
        hint.alignment = Alignment(wrap_text=True, vertical="top")
        fmt = _FORMATS.get(col.type, "@")  # text keeps 06340 and 00002-02 as written
        for row in range(3, last + 1):
            data.cell(row, i).number_format = fmt
        width = max(len(col.label), *(len(v) for v in lists.get(col.name, [""])[:200]))
        data.column_dimensions[letter].width = min(max(14, width + 2), 60)
        if col.name in lists and lists[col.name]:
            source = _write_list(lists_sheet, i, col.label, lists[col.name])
            check = DataValidation(
                type="list", formula1=source, allow_blank=True, showErrorMessage=True,
                errorStyle="warning", errorTitle="Giá trị không có trong danh sách",
                error=f"Nên chọn “{col.label}” trong danh sách (mã cũng được chấp nhận).")
            check.add(f"{letter}3:{letter}{last}")
            data.add_data_validation(check)
    data.freeze_panes = "A3"
    explain = book.create_sheet("Giải thích", 1)
    for r, line in enumerate(column_help(table, tables), start=1):
        for c, value in enumerate(line, start=1):
            _text_cell(explain, r, c, value)
    for cell in explain[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFG", (24, 18, 10, 30, 50, 60, 30), strict=True):
        explain.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text_cell(sheet, row: int, column: int, value: str):
    """A cell holding `value` as text: a stored “=…” never becomes a live formula."""
    cell = sheet.cell(row, column)
    cell.value = escape_cell(value)  # and escaped, as in every download (antt.data.cells)
    cell.data_type = "s"
    cell.number_format = "@"
    return cell


def _write_list(sheet, column: int, title: str, values: list[str]) -> str:
    """Write one dropdown's values down a column of the hidden sheet; return its reference."""
    _text_cell(sheet, 1, column, title)
    for row, value in enumerate(values, start=2):
        _text_cell(sheet, row, column, value)
    letter = sheet.cell(1, column).column_letter
    return f"'{sheet.title}'!${letter}$2:${letter}${len(values) + 1}"


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
            value = csv_rows.cell_text(v) if isinstance(v, str | bool) or v is None else v
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell = WriteOnlyCell(sheet, value=escape_cell(value))
                cell.data_type = "s"  # text, never a formula, whatever the stored file holds
                value = cell
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
