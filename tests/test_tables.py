"""The one table formatter (antt.ui.tables, issue 13): widths that hold the longest formatted
value and the header, numbers right-aligned in vi-VN form with rates keeping their decimals,
a "Tổng cộng" row only where the columns add up, the key column pinned when the table is wider
than the page."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from antt.access.editors_file import Editor
from antt.indicators.filters import Filters
from antt.ui import tables
from antt.ui.tables import TOTAL_LABEL, prepare, text_width
from tests.test_record_form import PAGE, page_env, sign_in  # noqa: F401  (page_env: a fixture)


def test_text_width_follows_the_glyphs():
    # Source Sans at 14,875 px: a digit is half an em; tone marks add nothing, a horn a little.
    assert text_width("74.392") == pytest.approx((5 * 0.5 + 0.25) * 14.875)
    assert text_width("Xã") == text_width("Xa")
    assert text_width("ư") > text_width("u")
    # Chromium measured 168,2 px: the estimate may be a little wide, never narrow.
    assert 168.2 <= text_width("Lượt người dự tuyên truyền") <= 175


def test_widths_hold_the_longest_value_and_the_header():
    frame = pd.DataFrame({
        "Nội dung": ["Phòng chống lừa đảo qua không gian mạng", "Luật Cư trú"],
        "Số buổi": [30, 6],
        "Lượt người dự": [3206, 499],
    })
    widths = {c: f.width for c, f in prepare(frame).formats.items()}
    padding = tables.CELL_PADDING
    assert widths["Nội dung"] >= text_width("Phòng chống lừa đảo qua không gian mạng") + padding
    # the header is wider than "30" (and than the total 36)
    assert widths["Số buổi"] >= text_width("Số buổi") + padding
    # the total 3.705 decides, as wide as "3.206": the header is wider still
    assert widths["Lượt người dự"] >= max(text_width("Lượt người dự"), text_width("3.705")) \
        + padding
    # and no more than a few px of slack
    assert widths["Số buổi"] <= text_width("Số buổi") + padding + tables.SLACK + 1


def test_a_wide_number_widens_its_column():
    frame = pd.DataFrame({"Xã": ["A", "B"], "Dân": [74392123, 1]})
    assert prepare(frame).formats["Dân"].width >= text_width("74.392.124") + tables.CELL_PADDING


def test_numbers_right_aligned_in_vi_vn_and_rates_keep_decimals():
    frame = pd.DataFrame({"Nhóm thôn": ["Thôn có mô hình", "Thôn khác"],
                          "Số nhân khẩu": [11568, 62824],
                          "Vụ việc / 1.000 dân": [0.432, 0.557],
                          "Tỷ lệ (%)": [45.61, 12.0]})
    table = prepare(frame)
    f = table.formats
    assert [f[c].alignment for c in frame.columns] == ["left", "right", "right", "right"]
    html = table.data().to_html()
    assert "11.568" in html and "74.392" in html  # the totals row too
    assert "0,43" in html and "0,56" in html and "45,6" in html
    config = table.config()
    assert config["Vụ việc / 1.000 dân"]["alignment"] == "right"
    assert config["Nhóm thôn"]["width"] == f["Nhóm thôn"].width


def test_totals_row_sums_counts_only():
    frame = pd.DataFrame({
        "Năm": ["2023", "2024"],
        "Vụ việc": [41, 43],
        "Vụ việc / 1.000 dân": [0.55, 0.58],
        "Số tháng đã qua sau thành lập": [12, 3],
        "Ngày thành lập": [dt.date(2024, 1, 2), None],
    })
    table = prepare(frame)
    assert table.has_totals
    last = table.frame.iloc[-1]
    assert last["Năm"] == TOTAL_LABEL and last["Vụ việc"] == 84
    assert pd.isna(last["Vụ việc / 1.000 dân"])  # a rate does not add up
    assert pd.isna(last["Số tháng đã qua sau thành lập"])
    assert table.frame["Vụ việc"].dtype.kind == "i"


def test_totals_row_takes_a_recomputed_rate():
    frame = pd.DataFrame({"Nhóm": ["a", "b"], "Vụ việc": [5, 35], "Tỷ lệ": [0.43, 0.56]})
    table = prepare(frame, total_values={"Tỷ lệ": 0.54})
    assert table.frame.iloc[-1]["Tỷ lệ"] == 0.54
    assert "0,54" in table.data().to_html()


@pytest.mark.parametrize("frame", [
    pd.DataFrame({"Xã": ["A"], "Số": [1]}),  # one row: the total would repeat it
    pd.DataFrame({"Xã": ["A", "B"], "Tỷ lệ": [0.1, 0.2]}),  # nothing adds up
    pd.DataFrame({"Ngày": [dt.date(2024, 1, 1)] * 2, "Buổi": [1, 2]}),  # no place for the label
])
def test_no_totals_row_where_nothing_adds_up(frame):
    assert not prepare(frame).has_totals


def test_dates_and_empty_dates_display_without_breaking_arrow():
    # A date column with an empty cell ("" from vi_table) made Arrow fail (issue 13, Mô hình).
    frame = pd.DataFrame({"Tên": ["a", "b"], "Ngày kết thúc": [dt.date(2024, 10, 2), ""]})
    table = prepare(frame, totals=False)
    assert str(table.frame["Ngày kết thúc"].dtype).startswith("datetime64")
    assert "02/10/2024" in table.data().to_html()
    pa.Table.from_pandas(table.frame)  # no ArrowTypeError


def test_key_column_pinned_only_when_wider_than_the_page():
    narrow = pd.DataFrame({"Xã": ["Xã Bắc Sơn"], "Số buổi": [21]})
    wide = pd.DataFrame({"Xã": ["Xã Bắc Sơn"], **{f"Cột số liệu thứ {i}": [1] for i in range(9)}})
    assert prepare(narrow).config()["Xã"]["pinned"] is None
    assert prepare(wide).width > tables.PAGE_WIDTH
    assert prepare(wide).config()["Xã"]["pinned"] is True
    assert prepare(narrow).config(available=10)["Xã"]["pinned"] is True


def test_short_header_gets_its_full_name_as_tooltip():
    from antt.indicators import table_frames

    frame = table_frames.vi_table(pd.DataFrame({"unit_name": ["Xã Bắc Sơn"], "incidents": [3]}),
                               ["unit_name", "incidents"], table_frames.SHORT_LABELS, "2025")
    assert list(frame.columns) == ["Xã", "Vụ việc"]
    config = prepare(frame).config(helps=table_frames.SHORT_HELPS)
    assert config["Vụ việc"]["help"] == "Vụ việc về ANTT"
    assert config["Xã"].get("help") is None
    # The files keep the full headers.
    assert list(table_frames.full_headers(frame).columns) == ["Xã", "Vụ việc về ANTT"]


def _overview_like() -> None:
    import pandas as pd

    from antt.ui import tables

    tables.show(pd.DataFrame({"Xã": ["Xã Bắc Sơn", "Xã Vũ Lễ"], "Lượt người dự": [2538, 2255],
                              "Vụ việc / 1.000 dân": [0.43, 0.56]}), key="t")


def test_shown_table_carries_widths_alignment_and_totals():
    at = AppTest.from_function(_overview_like, default_timeout=30).run()
    assert not at.exception
    shown = at.dataframe[0]
    assert shown.value["Xã"].tolist() == ["Xã Bắc Sơn", "Xã Vũ Lễ", TOTAL_LABEL]
    assert shown.value["Lượt người dự"].tolist()[-1] == 4793
    config = json.loads(shown.proto.columns)
    assert config["Lượt người dự"]["alignment"] == "right"
    assert config["Lượt người dự"]["width"] >= text_width("Lượt người dự") + 18


def _marshalled(styler) -> tuple[list[list[str]], str]:
    """What st.dataframe sends for a Styler: the display texts and the CSS (uuid removed)."""
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    proto = ArrowData()
    marshall_styler(proto, styler, "x")
    texts = pa.ipc.open_stream(proto.styler.display_values).read_all().to_pylist()
    css = proto.styler.styles.replace(str(styler.uuid), "UUID")
    return [[str(v) for v in row.values()] for row in texts], css


def test_a_frozen_styler_sends_what_pandas_computes_every_time():
    """The table's Styler is computed once and shared by every session (issue 16): what
    Streamlit sends from it, again and again, equals a fresh Styler's rendering."""
    frame = pd.DataFrame({"Xã": ["Xã Bắc Sơn", "Xã Vũ Lễ"], "Lượt người dự": [2538, 2255],
                          "Vụ việc / 1.000 dân": [0.43, None]})
    table = prepare(frame)
    first, css = _marshalled(table.data())
    assert _marshalled(table.data()) == (first, css)  # the same on every draw
    assert first[0][1:] == ["2.538", "0,43"] and first[1][2] == tables.MISSING
    assert first[2][:2] == [TOTAL_LABEL, "4.793"] and first[2][2] == ""  # totals: not "–"
    assert "font-weight: bold" in css and "row2_col0" in css
    # Unfrozen, pandas computes the same texts and styles.
    plain = table.frame.style.format({c: f.text for c, f in table.formats.items()})
    assert _marshalled(plain)[0][:2] == first[:2]
    # A copy (pandas' to_html) still renders on its own.
    assert "4.793" in table.data().to_html()


def _display_texts(element) -> list[list[str]]:
    """The cell texts a shown Styler table sends the browser (what the user reads)."""
    proto = element.proto.arrow_data.styler.display_values
    assert proto, "raw values: the table did not go through antt.ui.tables"
    return [[str(v) for v in row.values()] for row in pa.ipc.open_stream(proto).read_all()
            .to_pylist()]


def _picker() -> None:
    import pandas as pd
    import streamlit as st

    from antt.ui import tables

    frame = pd.DataFrame({"Xã": ["Xã Bắc Sơn", "Xã Vũ Lễ", "Xã Tân Lập"],
                          "Lượt người dự": [2538, 2255, 12], "Có mô hình": [True, False, True]})
    event = tables.show(frame, key="pick", on_select="rerun", selection_mode="single-row")
    rows = event.selection.rows
    st.markdown(f"Chọn: {frame.iloc[rows[0]]['Xã']}" if rows else "Chưa chọn")


def test_a_selectable_table_is_formatted_has_no_totals_and_maps_rows_back():
    at = AppTest.from_function(_picker, default_timeout=30).run()
    assert not at.exception
    shown = at.dataframe[0]
    assert shown.proto.selection_mode == [0]  # single row
    texts = _display_texts(shown)
    # vi-VN numbers and Có/Không like every table, and no "Tổng cộng" row to select.
    assert texts == [["Xã Bắc Sơn", "2.538", "Có"], ["Xã Vũ Lễ", "2.255", "Không"],
                     ["Xã Tân Lập", "12", "Có"]]
    assert at.markdown[-1].value == "Chưa chọn"
    at.session_state["pick"] = {"selection": {"rows": [2], "columns": []}}
    at.run()
    assert at.markdown[-1].value == "Chọn: Xã Tân Lập"


def test_a_plain_table_still_returns_nothing_and_keeps_its_totals():
    at = AppTest.from_function(_overview_like, default_timeout=30).run()
    shown = at.dataframe[0]
    assert list(shown.proto.selection_mode) == []
    assert _display_texts(shown)[-1][:2] == [TOTAL_LABEL, "4.793"]


@pytest.mark.usefixtures("page_env")
def test_record_picker_shows_formatted_cells_and_opens_the_chosen_record():
    """Dữ liệu › “Sửa, xóa bản ghi”: the picker goes through antt.ui.tables (dd/mm/yyyy, no
    totals row, labels) and the row clicked is the record the form opens."""
    # The year 2024, where T5 (01/12/2024) is: the default view now ends at the last complete
    # month (31/07/2024 in the mini data, issue 23) and would not list it.
    at = AppTest.from_file(PAGE, default_timeout=60)
    sign_in(at, Editor("lan", ()))
    at.session_state["table"] = "outreach"
    at.session_state["filters"] = Filters(period_kind="year", year=2024)
    at.run()
    assert not at.exception, at.exception
    picker = next(d for d in at.dataframe if d.proto.id.endswith("pick_outreach"))
    records = picker.value["Mã bản ghi"].tolist()
    texts = _display_texts(picker)
    assert len(texts) == len(records) >= 3 and TOTAL_LABEL not in {r[0] for r in texts}
    cells = [dict(zip(picker.value.columns, r, strict=True)) for r in texts]
    assert all(len(c["Ngày tổ chức"]) == 10 and c["Ngày tổ chức"][2] == "/" for c in cells)
    # Names and labels, not codes: T5 is luat_cu_tru / hop_thon in 00003-02, model M3.
    newest = cells[0]
    assert newest["Mã bản ghi"] == "T5" and newest["Ngày tổ chức"] == "01/12/2024"
    assert newest["Nội dung"] == "Luật Cư trú" and "_" not in newest["Hình thức"]
    assert newest["Thôn, khối phố"].startswith("Thôn ") and "-" not in newest["Thôn, khối phố"]
    at.session_state["pick_outreach"] = {"selection": {"rows": [1], "columns": []}}
    at.run()
    assert not at.exception, at.exception
    assert at.subheader[-1].value == f"Sửa bản ghi {records[1]}"


def test_a_just_saved_record_is_shown_with_values_not_stored_text():
    from antt.ui.record_form import _typed_row

    row = {"Mã bản ghi": "T7", "Ngày tổ chức": "2024-06-05", "Mã thôn": "00002-02",
           "Số lượt người tham dự": "1200"}
    texts = _marshalled(prepare(_typed_row("outreach", row), totals=False).data())[0]
    assert texts == [["T7", "05/06/2024", "00002-02", "1.200"]]
    resolved = _typed_row("incidents", {"Đã giải quyết": "true", "Ngày xảy ra": "05/06/2024"})
    assert resolved.iloc[0].tolist() == [True, "05/06/2024"]  # unparsable text kept as it is
