"""The villages template (“Tên thôn, Xã, Xã cũ, Xã mới, Loại, Số hộ, Số nhân khẩu”): CSV, or
Excel whose commune and kind columns offer dropdowns of the folder's two unit sets. What it
reads back: antt.entry.import_villages."""

from __future__ import annotations

import csv
import io

import pyarrow as pa

from antt.entry.templates import _text_cell, _write_list
from antt.entry.unit_names import UnitNames

TEMPLATE_ROWS = 3000  # a province has a few thousand villages
COLUMNS = (
    ("Tên thôn", "Tên thôn, khối phố, không cần chữ “Thôn”.", True),
    ("Xã", "Xã, phường từ 01/7/2025 (hoặc xã trước đó): chọn trong danh sách, hoặc ghi tên "
     "hay mã.", True),
    ("Xã cũ", "Xã trước 01/7/2025 của thôn: cần khi xã mới gồm nhiều xã cũ.", False),
    ("Xã mới", "Chỉ cần khi xã cũ bị chia cho nhiều xã mới: xã mới của thôn.", False),
    ("Loại", "Thôn hoặc Khối phố (để trống: Thôn).", False),
    ("Số hộ", "Số nguyên.", True),
    ("Số nhân khẩu", "Số nguyên.", True),
)


def _kind_labels(tables: dict[str, pa.Table]) -> list[str]:
    vocab = tables["vocab"].to_pydict()
    return [label for t, c, label in zip(vocab["table"], vocab["column"], vocab["label"],
                                         strict=True) if (t, c) == ("villages", "kind")]


def villages_template_csv(tables: dict[str, pa.Table]) -> bytes:
    """Header and one example row (a 2025 commune of the folder)."""
    names = UnitNames(tables)
    new, _ = names.template_choices()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c[0] for c in COLUMNS])
    example = new[0] if new else ""
    old = names.predecessors.get(next((u.code for u in names.new.values()
                                       if u.label == example), ""), [])
    writer.writerow(["Nà Lầu", example, names.old[old[0]].label if len(old) > 1 else "", "",
                     "Thôn", "120", "480"])
    return out.getvalue().encode("utf-8")


def villages_template_xlsx(tables: dict[str, pa.Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    names = UnitNames(tables)
    communes, olds = names.template_choices()
    news = sorted({u.label for u in names.new.values()}, key=communes.index)
    lists = {"Xã": communes, "Xã cũ": olds, "Xã mới": news, "Loại": _kind_labels(tables)}
    book = Workbook()
    data = book.active
    data.title = "Danh sách thôn"
    hidden = book.create_sheet("Danh mục")
    hidden.sheet_state = "hidden"
    last = TEMPLATE_ROWS + 1
    for i, (title, _, required) in enumerate(COLUMNS, start=1):
        _text_cell(data, 1, i, title).font = Font(bold=required)
        letter = data.cell(1, i).column_letter
        width = max([len(title)] + [len(v) for v in lists.get(title, [])][:300])
        data.column_dimensions[letter].width = min(max(12, width + 2), 55)
        for row in range(2, last + 1):
            data.cell(row, i).number_format = "@" if title not in ("Số hộ", "Số nhân khẩu") \
                else "#,##0"
        if lists.get(title):
            check = DataValidation(type="list", formula1=_write_list(hidden, i, title,
                                                                     lists[title]),
                                   allow_blank=True, showErrorMessage=True, errorStyle="warning",
                                   error=f"Nên chọn “{title}” trong danh sách (mã cũng được).")
            check.add(f"{letter}2:{letter}{last}")
            data.add_data_validation(check)
    data.freeze_panes = "A2"
    explain = book.create_sheet("Giải thích", 1)
    for r, (title, help_text, required) in enumerate(COLUMNS, start=1):
        _text_cell(explain, r, 1, title).font = Font(bold=True)
        _text_cell(explain, r, 2, "bắt buộc" if required else "không bắt buộc")
        _text_cell(explain, r, 3, help_text)
    explain.column_dimensions["A"].width = 16
    explain.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
