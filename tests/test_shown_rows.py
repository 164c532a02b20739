"""Large tables on screen (issue 8): the first rows with a note, every row in the downloads; the
vi-VN column formats used instead of a per-cell Styler; the data page's per-table queries and
its .xlsx export."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.schema import IMPORTABLE_TABLES
from antt.entry import templates
from antt.indicators.filters import Filters
from antt.ui import data_editing
from antt.ui.downloads import shown_note
from antt.ui.tables import INTEGER_FORMAT, prepare

YEAR_2024 = Filters(period_kind="year", year=2024)


def test_first_records_equal_the_full_list_and_count_it(mini_store):
    for activity, count in (("outreach", 4), ("patrols", 3), ("commitments", 2),
                            ("mediations", 3)):
        full = run_query("activity_records", store=mini_store, activity=activity,
                         row_limit=None, **YEAR_2024.params())
        first = run_query("activity_records", store=mini_store, activity=activity,
                          row_limit=2, **YEAR_2024.params())
        assert len(full) == count and len(first) == 2
        assert full["total_rows"].tolist() == [count] * count
        assert first["total_rows"].tolist() == [count] * 2  # counts every match, not the shown
        pd.testing.assert_frame_equal(first, full.head(2))


def test_first_records_of_an_empty_view_are_empty(mini_store):
    first = run_query("activity_records", store=mini_store, activity="outreach", row_limit=1000,
                      **Filters(period_kind="year", year=2019).params())
    assert first.empty and "total_rows" in first.columns


def test_first_rows_queries_return_each_table_in_file_order(mini_store, mini_dir):
    assert set(data_editing.FIRST_ROWS) == set(IMPORTABLE_TABLES)
    for name, query_name in data_editing.FIRST_ROWS.items():
        rows = run_query(query_name, store=mini_store)
        lines = (mini_dir / f"{name}.csv").read_text(encoding="utf-8-sig").strip().splitlines()
        assert len(rows) == len(lines) - 1
        assert rows["total_rows"].tolist() == [len(lines) - 1] * len(rows)
        first_key = lines[1].split(",")[0]
        assert str(rows.iloc[0, 0]) == first_key


def test_shown_note_only_when_rows_are_left_out():
    assert shown_note(1000, 85095) == "Hiển thị 1.000/85.095 dòng; tải về để xem đủ."
    assert shown_note(4, 4) is None


def test_column_config_formats_integers_vi_vn_and_dates_dd_mm_yyyy():
    # Past STYLER_ROWS rows the grid formats the cells itself (no per-cell Python).
    frame = pd.DataFrame({"Ngày": [pd.Timestamp("2024-10-02").date()] * 300,
                          "Số buổi": [74392] * 300, "Xã": ["Xã Bình"] * 300})
    table = prepare(frame, totals=False)
    assert not table.styled
    config = table.config()
    assert config["Số buổi"]["type_config"]["format"] == INTEGER_FORMAT == "%'.,d"
    assert config["Số buổi"]["alignment"] == "right"
    assert config["Ngày"]["type_config"]["format"] == "DD/MM/YYYY"
    assert config["Xã"]["alignment"] == "left"


def _big_table() -> None:
    import pandas as pd

    from antt.ui.downloads import table_with_downloads

    frame = pd.DataFrame({"Xã": [f"Xã {i}" for i in range(1500)], "Số buổi": range(1500)})
    table_with_downloads(frame, "bang", [("Kỳ", "Năm 2024")], key="big")


def test_a_big_table_shows_1000_rows_and_says_so():
    at = AppTest.from_function(_big_table, default_timeout=30).run()
    assert not at.exception
    assert [c.value for c in at.caption] == ["Hiển thị 1.000/1.500 dòng; tải về để xem đủ."]
    shown = at.dataframe[0].value
    # No totals row under a part of the rows: it would add up only what is shown.
    assert len(shown) == 1000 and shown["Số buổi"].tolist()[-1] == 999
    assert len(at.get("download_button")) == 2


def test_table_xlsx_writes_every_row_and_keeps_formulas_as_text():
    stored = pa.table({
        "record_id": ["T1", "T2", "T3"],
        "held_on": pa.array([pd.Timestamp("2024-10-02").date()] * 3),
        "village_code": ["=1+1", "00001-01", "00001-02"],
        "model_id": [None, "M1", None],
        "topic": ["luat_dat_dai"] * 3,
        "format": ["rieng"] * 3,
        "attendees": [70, 5, 1200],
    })
    book = openpyxl.load_workbook(io.BytesIO(templates.table_xlsx("outreach", stored)))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[1][0] == "T1" and rows[3][6] == 1200
    # escaped as in every download (antt.data.cells), and a text cell, never a formula
    assert sheet["C2"].value == "'=1+1" and sheet["C2"].data_type == "s"


@pytest.mark.parametrize("name", ["outreach", "models"])
def test_stored_table_reads_every_row_from_the_store(mini_dir, monkeypatch, name):
    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    table = data_editing.stored_table(str(mini_dir), name)
    lines = (mini_dir / f"{name}.csv").read_text(encoding="utf-8-sig").strip().splitlines()
    assert table.num_rows == len(lines) - 1
    with pytest.raises(ValueError):
        data_editing.stored_table(str(mini_dir), "bang_khong_co; drop table x")
