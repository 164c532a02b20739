"""Table downloads: CSV with BOM and Vietnamese headers, XLSX with a filter sheet, escaping."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

from antt.indicators.filters import Filters
from antt.indicators.table_frames import vi_table
from antt.indicators.view_text import file_stem
from antt.ui.downloads import csv_bytes, escape_cell, xlsx_bytes
from antt.ui.tables import prepare

FILTERS = [("Xã, thị trấn", "Xã Bình"), ("Kỳ", "năm 2024 (01/01/2024 – 31/12/2024)"),
           ("Số liệu tính đến", "02/10/2024")]


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "unit_name": ["Xã Bình", "=HYPERLINK(\"http://x\")", "-1+2", "@SUM(A1)", "+x"],
        "outreach_sessions": [74392, 2, 3, 4, 5],
        "established_on": pd.to_datetime(["2024-10-02", None, "2020-01-05", None, None]),
    })


def test_escape_cell_only_touches_text_starting_with_formula_characters():
    assert escape_cell("=1+1") == "'=1+1"
    assert escape_cell("+84 912") == "'+84 912"
    assert escape_cell("-x") == "'-x"
    assert escape_cell("@a") == "'@a"
    assert escape_cell("Xã Bình") == "Xã Bình"
    assert escape_cell(-5) == -5


def test_csv_has_bom_vietnamese_headers_vi_dates_and_escaped_formulas():
    table = vi_table(frame(), ["unit_name", "outreach_sessions", "established_on"])
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "Xã, thị trấn;Buổi tuyên truyền;Ngày thành lập"
    assert lines[1] == "Xã Bình;74392;02/10/2024"
    assert lines[2] == "\"'=HYPERLINK(\"\"http://x\"\")\";2;"
    assert lines[3] == "'-1+2;3;05/01/2020"
    assert lines[4].startswith("'@SUM(A1);4")
    assert lines[5].startswith("'+x;5")


def test_xlsx_has_data_sheet_and_filter_sheet():
    table = vi_table(frame(), ["unit_name", "outreach_sessions", "established_on"])
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(table, FILTERS)))
    assert book.sheetnames == ["Số liệu", "Bộ lọc"]
    data = book["Số liệu"]
    assert [c.value for c in data[1]] == ["Xã, thị trấn", "Buổi tuyên truyền", "Ngày thành lập"]
    assert data["A2"].value == "Xã Bình" and data["B2"].value == 74392
    assert data["C2"].value.date() == dt.date(2024, 10, 2)
    assert data["C2"].number_format == "DD/MM/YYYY"
    assert data["A3"].value == "'=HYPERLINK(\"http://x\")"
    info = book["Bộ lọc"]
    rows = [(r[0].value, r[1].value) for r in info.iter_rows(min_row=2)]
    assert rows == FILTERS


def test_file_name_states_the_filter():
    f = Filters(unit_set="2024", communes=("00002",), period_kind="year", year=2024,
                model_type="nhom_dao_binh_an")
    assert file_stem("Tổng hợp theo xã", f, {"00002": "Xã Bình"}) == (
        "tong-hop-theo-xa_2024-01-01_2024-12-31_dv2024_xa-binh_nhom-dao-binh-an")
    assert file_stem("Đồng Ý", Filters(), {}).startswith("dong-y_2024-01-01_2024-12-31_dv2024_"
                                                         "tat-ca-xa")


def test_styled_shows_vi_vn_numbers_and_dates():
    table = vi_table(pd.DataFrame({"incidents_per_1000": [695.9, 1.5], "population": [74392, 1],
                                   "established_on": pd.to_datetime(["2024-10-02", None])}),
                     ["incidents_per_1000", "population", "established_on"])
    html = prepare(table).data().to_html()
    assert "695,9" in html and "74.392" in html and "02/10/2024" in html
