"""Filters, periods and the URL form of the filters (parse_query), and the default filters."""

from __future__ import annotations

import datetime as dt

from antt.indicators.filters import Filters, parse_query
from antt.indicators.periods import make_period
from antt.indicators.view_text import default_filters, unit_set_for
from antt.text.escape import md

UNITS = {"2024": {"00001", "00002", "00003"}, "2025": {"00002", "00005"}}
TYPES = {"nhom_dao_binh_an", "to_tu_quan"}


def test_filters_params_give_period_and_same_period_last_year():
    p = Filters(period_kind="quarter", year=2024, number=3, communes=("00002",)).params()
    assert (p["date_from"], p["date_to"]) == (dt.date(2024, 7, 1), dt.date(2024, 9, 30))
    assert (p["prev_from"], p["prev_to"]) == (dt.date(2023, 7, 1), dt.date(2023, 9, 30))
    assert p["communes"] == ["00002"] and p["model_type"] == ""


def test_report_periods_follow_decree_09_2019():
    month = make_period("report_month", 2024, 1)
    assert (month.start, month.end) == (dt.date(2023, 12, 15), dt.date(2024, 1, 14))
    year = make_period("report_year", 2024)
    assert (year.start, year.end) == (dt.date(2023, 12, 15), dt.date(2024, 12, 14))
    nine = make_period("report_9m", 2024)
    assert nine.end == dt.date(2024, 9, 14)


def test_url_round_trip_keeps_every_filter():
    f = Filters(unit_set="2025", communes=("00005",), period_kind="range",
                start=dt.date(2020, 1, 1), end=dt.date(2024, 10, 2), model_type="to_tu_quan")
    query = f.to_query()
    assert query == {"unit": "2025", "period": "range", "communes": "00005",
                     "from": "2020-01-01", "to": "2024-10-02", "model": "to_tu_quan"}
    parsed = parse_query(query, UNITS, TYPES)
    assert parsed.filters == f and parsed.dropped == []


def test_url_invalid_values_are_dropped_with_a_notice_each():
    parsed = parse_query(
        {"unit": "2024", "communes": "00001,99999", "period": "month", "year": "20x4",
         "n": "13", "model": "khong_co"}, UNITS, TYPES)
    assert parsed.filters.communes == ("00001",)
    assert parsed.filters.model_type == ""
    assert parsed.dropped == [
        "Mã xã không có trong danh sách: 99999 (đã bỏ qua).",
        "Năm “20x4” không hợp lệ, đã bỏ qua.",
        "Số kỳ “13” không hợp lệ, đã bỏ qua.",
        "Loại mô hình “khong_co” không hợp lệ, đã bỏ qua.",
    ]


def test_url_commune_codes_are_checked_against_the_chosen_unit_set():
    parsed = parse_query({"unit": "2025", "communes": "00003"}, UNITS, TYPES)
    assert parsed.filters.communes == ()
    assert parsed.dropped == ["Mã xã không có trong danh sách: 00003 (đã bỏ qua)."]


def test_default_filters_current_year_to_last_complete_month():
    f = default_filters(dt.date(2026, 10, 31), today=dt.date(2026, 11, 26))
    assert (f.period_kind, f.start, f.end) == ("range", dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    assert f.unit_set == "2025" and f.communes == () and f.model_type == ""
    # complete only to 27/10: October is not a complete month, the view ends on 30/09
    f = default_filters(dt.date(2026, 10, 27), today=dt.date(2026, 12, 7))
    assert (f.period_kind, f.start, f.end) == ("range", dt.date(2026, 1, 1), dt.date(2026, 9, 30))


def test_default_filters_end_at_the_last_complete_month_of_an_old_year():
    # Issue 23: data complete to 02/10/2024 make 01/01–30/09/2024, not the whole year 2024
    # (whose last three months would have no data and compare falsely with 2023).
    f = default_filters(dt.date(2024, 10, 2), today=dt.date(2026, 3, 1))
    assert (f.period_kind, f.start, f.end, f.unit_set) == (
        "range", dt.date(2024, 1, 1), dt.date(2024, 9, 30), "2024")
    f = default_filters(dt.date(2025, 1, 20), today=dt.date(2026, 3, 1))
    assert (f.period_kind, f.year) == ("year", 2024)  # complete through December


def test_default_filters_without_data_use_this_year():
    f = default_filters(None, today=dt.date(2025, 3, 1))
    assert (f.period_kind, f.start, f.end) == ("range", dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    assert f.unit_set == "2024"  # the period ends before 01/7/2025


def test_unit_set_for_period_end():
    assert unit_set_for(make_period("year", 2025)) == "2025"
    assert unit_set_for(make_period("report_6m", 2025)) == "2024"


def _filters_only() -> None:
    """AppTest script: just the shared filter bar and sidebar stamps (as app.py draws them)."""
    from antt.ui.sidebar import render_filters

    render_filters()


def test_map_communes_between_unit_sets():
    from antt.text.unit_map import map_communes

    pairs = [("00001", "00002"), ("00002", "00002"), ("00003", "00005"), ("00004", None)]
    assert map_communes(["00001"], "2025", pairs) == ("00002",)
    assert map_communes(["00001", "00003"], "2025", pairs) == ("00002", "00005")
    assert map_communes(["00002"], "2024", pairs) == ("00001", "00002")  # the whole area
    assert map_communes(["00004"], "2025", pairs) == ()  # no 2025 commune known: dropped
    assert map_communes([], "2024", pairs) == ()


def test_switching_unit_set_carries_the_chosen_communes_over(mini_dir, monkeypatch):
    """Mini data: Thị trấn An (00001) and Xã Bình (00002) merged into Xã Mới Một (00002),
    Xã Đồng Ý (00003) became Xã Mới Hai (00005)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    at = AppTest.from_function(_filters_only, default_timeout=60).run()
    assert not at.exception
    at.multiselect(key="f_communes").set_value(["00001"]).run()
    assert at.session_state["filters"].communes == ("00001",)

    at.selectbox(key="f_unit").set_value("2025").run()
    assert not at.exception
    assert at.multiselect(key="f_communes").value == ["00002"]
    assert at.session_state["filters"].unit_set == "2025"
    assert at.session_state["filters"].communes == ("00002",)
    captions = [c.value for c in at.main.caption]
    assert md("Đã chuyển các xã đã chọn sang đơn vị từ 01/7/2025: Xã Mới Một.") in captions

    at.selectbox(key="f_unit").set_value("2024").run()
    assert at.session_state["filters"].communes == ("00001", "00002")  # all inside Xã Mới Một
    captions = [c.value for c in at.main.caption]
    assert (md("Đã chuyển các xã đã chọn sang đơn vị trước 01/7/2025: Thị trấn An, Xã Bình.")
            in captions)

    # The notice is for the switch only; the next rerun drops it and keeps the choice.
    at.run()
    assert not any(c.value.startswith("Đã chuyển") for c in at.main.caption)
    assert at.session_state["filters"].communes == ("00001", "00002")


def test_switching_unit_set_with_no_commune_chosen_keeps_all(mini_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    at = AppTest.from_function(_filters_only, default_timeout=60).run()
    at.selectbox(key="f_unit").set_value("2025").run()
    assert at.session_state["filters"].communes == ()
    assert not any(c.value.startswith("Đã chuyển") for c in at.main.caption)


def test_a_link_without_dates_keeps_the_default_range_silently():
    # The default view is 01/01 to the data date (a range): a link that names only the unit
    # set must not report "Khoảng ngày ... không hợp lệ" nor switch to the whole year.
    default = Filters(unit_set="2025", period_kind="range", year=2026,
                      start=dt.date(2026, 1, 1), end=dt.date(2026, 10, 31))
    parsed = parse_query({"unit": "2025"}, UNITS, TYPES, default=default)
    assert parsed.dropped == [] and parsed.filters == default
    parsed = parse_query({}, UNITS, TYPES, default=default)
    assert parsed.dropped == [] and parsed.filters == default
    # period=range with no dates is still an invalid link
    parsed = parse_query({"period": "range"}, UNITS, TYPES, default=default)
    assert parsed.dropped == ["Khoảng ngày trong đường dẫn không hợp lệ, đã dùng năm."]


def test_a_link_with_repeated_or_many_codes_gives_one_short_key():
    """Issue 25: `communes=00001,00001,…` up to Streamlit's 512 KB query string made every
    distinct list a new cache key; now repeats collapse and the notice stays short."""
    long = ",".join(["00002", "00001"] * 40_000 + [f"9{i:04d}" for i in range(5000)])
    parsed = parse_query({"unit": "2024", "communes": long}, UNITS, TYPES)
    assert parsed.filters.communes == ("00001", "00002")
    assert parsed.filters == Filters(communes=("00002", "00001", "00002"))
    assert parsed.filters.params()["communes"] == ["00001", "00002"]
    assert parsed.dropped == ["Mã xã không có trong danh sách: 90000, 90001, 90002, 90003, "
                              "90004 và 4995 mã khác (đã bỏ qua)."]
    assert len(parse_query({"communes": "x" * 500_000}, UNITS, TYPES).dropped[0]) < 300
