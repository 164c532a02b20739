"""The .xlsx import template: dropdowns fed from a hidden sheet, dd/mm/yyyy dates, an explanation
row, and a template filled as staff would (choosing from the dropdowns) that imports as it is."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from antt.entry import templates
from antt.entry.importer import import_file
from antt.writes.change_checks import check_folder

TODAY = dt.date(2025, 6, 30)


def _template(mini_dir: Path, table: str = "outreach") -> bytes:
    tables, _, problems = check_folder(mini_dir, today=TODAY)
    assert not problems
    return templates.template_xlsx(table, tables)


def _lists(book) -> dict[str, list[str]]:
    """column header -> the values its data validation offers (read from the hidden sheet)."""
    data, hidden = book["Dữ liệu"], book["Danh mục"]
    out = {}
    for check in data.data_validations.dataValidation:
        assert check.type == "list"
        first = str(check.sqref).split(":")[0]
        column = "".join(ch for ch in first if ch.isalpha())
        ref = check.formula1.split("!")[1].replace("$", "")
        start, end = ref.split(":")
        cells = hidden[start:end]
        out[data[f"{column}1"].value] = [row[0].value for row in cells]
    return out


def test_template_has_dropdowns_for_every_coded_column(mini_dir: Path):
    book = load_workbook(io.BytesIO(_template(mini_dir)))
    assert book["Danh mục"].sheet_state == "hidden"
    lists = _lists(book)
    assert set(lists) == {"Nội dung", "Hình thức", "Mã thôn", "Mã mô hình"}
    assert lists["Hình thức"][:4] == ["Họp thôn", "Lồng ghép sinh hoạt tôn giáo",
                                      "Loa truyền thanh", "Tờ rơi, pa nô"]
    # today's communes (from 01/7/2025), in Vietnamese order by commune then village
    assert lists["Mã thôn"] == ["Thôn Ân Phú – Xã Mới Hai", "Thôn Nà Lầu – Xã Mới Hai",
                                "Khối phố Phố Một – Xã Mới Một", "Thôn Bình An – Xã Mới Một",
                                "Thôn Nà Lầu – Xã Mới Một"]
    assert lists["Mã mô hình"][0] == "Nhóm đạo bình an Ân Phú"
    data = book["Dữ liệu"]
    assert [c.value for c in data[2]][1] == "(ngày, ghi 02/10/2024 hoặc 2024-10-02, bắt buộc)"
    assert data["B3"].number_format == "DD/MM/YYYY" and data["B500"].number_format == "DD/MM/YYYY"
    assert data["C3"].number_format == "@"  # codes stay text (06340 keeps its 0)
    assert data["G3"].number_format == "#,##0"
    explain = book["Giải thích"]
    assert [c.value for c in explain[1]][-1] == "Ví dụ"
    assert explain["A6"].value == "Nội dung"
    assert explain["G6"].value in lists["Nội dung"]  # the example shows a label, not a code


def test_no_cell_of_the_template_is_a_formula(mini_dir: Path):
    model = (mini_dir / "models.csv").read_text(encoding="utf-8")
    (mini_dir / "models.csv").write_text(model.replace("Tổ tự quản Nà Lầu", "=1+1 Nà Lầu"),
                                         encoding="utf-8")
    book = load_workbook(io.BytesIO(_template(mini_dir, "outreach")))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


def _fill(raw: bytes) -> bytes:
    """What a clerk does: keep the explanation row, pick from the dropdowns, type a date."""
    book = load_workbook(io.BytesIO(raw))
    lists = _lists(book)
    data = book["Dữ liệu"]
    header = [c.value for c in data[1]]
    row = {"Ngày tổ chức": dt.datetime(2024, 6, 5), "Mã thôn": "Thôn Bình An – Xã Mới Một",
           "Mã mô hình": "Nhóm đạo bình an thôn Bình An", "Nội dung": lists["Nội dung"][3],
           "Hình thức": "Họp thôn", "Số lượt người tham dự": 45}
    for col, name in enumerate(header, start=1):
        data.cell(3, col, row.get(name))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_filled_template_imports_without_edits(mini_dir: Path):
    filled = _fill(_template(mini_dir))
    result = import_file("outreach", filled, "mau.xlsx", mini_dir, user="thu", today=TODAY)
    assert result.ok, result.problems
    assert result.added == 1  # the explanation row is skipped
    last = (mini_dir / "outreach.csv").read_text(encoding="utf-8").splitlines()[-1]
    assert last.split(",")[1:] == ["2024-06-05", "00002-02", "M1", "luat_cu_tru", "hop_thon",
                                   "45"]


def _calc() -> bool:
    """LibreOffice with Calc (libreoffice-calc-nogui), which converting .xlsx needs."""
    return shutil.which("soffice") is not None and any(
        Path(p).exists() for p in ("/usr/lib/libreoffice/program/libsclo.so",
                                   "/usr/lib/libreoffice/program/libsc.so"))


@pytest.mark.skipif(not _calc(), reason="LibreOffice Calc not installed (libreoffice-calc-nogui)")
def test_template_round_trips_through_libreoffice(mini_dir: Path, tmp_path: Path):
    source = tmp_path / "mau.xlsx"
    source.write_bytes(_fill(_template(mini_dir)))
    out = tmp_path / "out"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    saved = (out / "mau.xlsx").read_bytes()
    assert set(_lists(load_workbook(io.BytesIO(saved)))) == {
        "Nội dung", "Hình thức", "Mã thôn", "Mã mô hình"}
    result = import_file("outreach", saved, "mau.xlsx", mini_dir, user="thu", today=TODAY)
    assert result.ok, result.problems
    assert result.added == 1
