"""The Dữ liệu page for people (issue 13): labels instead of codes on screen, the rows the
sidebar filters select with their count, downloads with Vietnamese headers, dd/mm/yyyy dates,
Có/Không and the codes in their own columns; editor hints only for editors."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from signed_in import sign_in
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor
from antt.data.queries import run_query
from antt.data.schema import IMPORTABLE_TABLES
from antt.data.store import Store
from antt.indicators import data_rows
from antt.indicators.filters import Filters
from antt.ui.downloads import csv_bytes, xlsx_bytes

REPO = Path(__file__).resolve().parent.parent
PAGE = str(REPO / "views" / "data.py")
VILLAGE_CODE = re.compile(r"\b\d{5}-\d{2}\b")


def _page(data_dir: Path, monkeypatch, filters: Filters, table: str,
          editor: Editor | None = None) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(data_dir / "editors.toml"))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["filters"] = filters
    at.session_state["table"] = table
    if editor is not None:
        sign_in(at, editor)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _codes(store: Store) -> set[str]:
    """Every vocab code that is not its own label (a 'Phật giáo' religion is both)."""
    vocab = run_query("vocab", store=store)
    return {v for v, label in zip(vocab["value"], vocab["label"], strict=True) if v != label}


@pytest.mark.parametrize("table", IMPORTABLE_TABLES)
def test_data_page_shows_no_vocab_code(sample_dir, monkeypatch, table):
    at = _page(sample_dir, monkeypatch, Filters(period_kind="year", year=2024), table)
    codes = _codes(Store(sample_dir))
    shown = at.dataframe[0].value
    assert len(shown) > 1
    cells = {str(v) for col in shown.columns for v in shown[col].tolist()}
    texts = cells | set(shown.columns) | {m.value for m in at.markdown} \
        | {c.value for c in at.caption}
    assert not texts & codes, sorted(texts & codes)[:5]
    assert not [t for t in texts if VILLAGE_CODE.search(t)]


def test_table_follows_the_filters_and_counts_the_matches(mini_dir, monkeypatch):
    at = _page(mini_dir, monkeypatch, Filters(period_kind="year", year=2024), "outreach")
    stored = len(pd.read_csv(mini_dir / "outreach.csv"))
    assert at.markdown[0].value == (
        f"4 dòng khớp bộ lọc ở đầu trang (bảng Tuyên truyền có {stored} dòng).")
    shown = at.dataframe[0].value
    assert shown["Thôn, khối phố"].tolist()[:4] == ["Bình An", "Phố Một", "Nà Lầu", "Ân Phú"]
    assert shown.columns[0] == "Ngày tổ chức" and shown.columns[-1] == "Mã bản ghi"
    one = _page(mini_dir, monkeypatch,
                Filters(period_kind="year", year=2024, communes=("00002",)), "outreach")
    assert one.markdown[0].value.startswith("1 dòng khớp bộ lọc")  # Xã Bình's one session


def test_downloads_have_vietnamese_headers_codes_and_dd_mm_yyyy(mini_store):
    f = Filters(period_kind="year", year=2024)
    frame = run_query("data_rows_incidents", store=mini_store, row_limit=None, **f.params())
    shaped = data_rows.shape(frame, "incidents", f.unit_set, download=True)
    assert list(shaped.columns) == [
        "Mã bản ghi", "Ngày xảy ra", "Mã thôn", "Thôn, khối phố", "Xã, thị trấn",
        "Mã loại vụ việc", "Loại vụ việc", "Mã lĩnh vực", "Lĩnh vực", "Đã giải quyết"]
    rows = list(csv.reader(io.StringIO(csv_bytes(shaped).decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Mã bản ghi", "Ngày xảy ra"]
    assert re.fullmatch(r"\d\d/\d\d/2024", rows[1][1])
    assert {r[-1] for r in rows[1:]} <= {"Có", "Không"}
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(shaped, []))).active
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert sheet["J2"].value in ("Có", "Không")


def test_xlsx_numbers_group_thousands():
    frame = pd.DataFrame({"Xã": ["A"], "Số nhân khẩu": [74392], "Tỷ lệ": [0.43]})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, []))).active
    assert sheet["B2"].value == 74392 and sheet["B2"].number_format == "#,##0"
    assert sheet["C2"].number_format == "#,##0.00"


def test_editor_hints_only_for_editors_of_every_commune(mini_dir, monkeypatch):
    f = Filters(period_kind="year", year=2024)
    viewer = _page(mini_dir, monkeypatch, f, "outreach")
    assert not any("python -m antt editor" in c.value for c in viewer.caption)
    editor = _page(mini_dir, monkeypatch, f, "outreach", Editor("lan", ()))
    assert any("python -m antt editor add" in c.value for c in editor.caption)
    commune = _page(mini_dir, monkeypatch, f, "outreach", Editor("lan", ("00002",)))
    assert not any("python -m antt editor" in c.value for c in commune.caption)


def test_one_data_rows_query_per_importable_table(mini_store):
    assert set(data_rows.QUERIES) == set(IMPORTABLE_TABLES)
    f = Filters(period_kind="year", year=2024)
    for name in IMPORTABLE_TABLES:  # every stored column has its place on screen or in files
        frame = run_query(data_rows.QUERIES[name], store=mini_store, row_limit=None,
                          **data_rows.query_params(name), **f.params())
        for download in (False, True):
            assert len(data_rows.shape(frame, name, "2024", download=download)) == len(frame)
    outreach = run_query("activity_records", store=mini_store, activity="outreach",
                         row_limit=None, **f.params())
    shaped = data_rows.shape(outreach, "outreach", "2024", download=True)
    assert list(shaped.columns) == [
        "Mã bản ghi", "Ngày tổ chức", "Mã thôn", "Thôn, khối phố", "Xã, thị trấn", "Mã mô hình",
        "Tên mô hình", "Mã nội dung", "Nội dung", "Mã hình thức", "Hình thức",
        "Số lượt người tham dự"]
