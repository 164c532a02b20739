"""The filter bar: relative periods, the commune picker across unit sets, the summary line.

Mini data (tests/fixtures/mini): Thị trấn An (00001) and Xã Bình (00002) merged into Xã Mới Một
(00002); Xã Đồng Ý (00003) became Xã Mới Hai (00005).
"""

from __future__ import annotations

import datetime as dt

import pytest

from antt.indicators.filters import Filters, parse_query
from antt.indicators.periods import make_period
from antt.text.escape import md
from antt.text.unit_map import mapping_text, picker_options, resolve_pick

NAMES = {"2024": {"00001": "Thị trấn An", "00002": "Xã Bình", "00003": "Xã Đồng Ý"},
         "2025": {"00002": "Xã Mới Một", "00005": "Xã Mới Hai"}}
PAIRS = [("00001", "00002"), ("00002", "00002"), ("00003", "00005")]
UNITS = {s: set(n) for s, n in NAMES.items()}


# ---------------------------------------------------------------- relative periods


@pytest.mark.parametrize(("kind", "today", "start", "end"), [
    ("last_12_months", dt.date(2026, 11, 28), dt.date(2025, 11, 29), dt.date(2026, 11, 28)),
    ("last_12_months", dt.date(2024, 2, 29), dt.date(2023, 3, 1), dt.date(2024, 2, 29)),
    ("this_quarter", dt.date(2026, 11, 28), dt.date(2026, 10, 1), dt.date(2026, 11, 28)),
    ("this_quarter", dt.date(2025, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 1)),
    ("previous_quarter", dt.date(2026, 11, 28), dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
    ("previous_quarter", dt.date(2025, 2, 10), dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ("previous_quarter", dt.date(2024, 5, 31), dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
])
def test_relative_periods_count_back_from_today(kind, today, start, end):
    period = make_period(kind, 2000, today=today)  # the year argument plays no part
    assert (period.start, period.end) == (start, end)


def test_relative_period_labels_name_the_quarter():
    today = dt.date(2025, 2, 10)
    assert make_period("this_quarter", 0, today=today).label == "quý này (quý 1/2025)"
    assert make_period("previous_quarter", 0, today=today).label == "quý trước (quý 4/2024)"
    assert make_period("last_12_months", 0, today=today).label == "12 tháng gần nhất"
    with pytest.raises(ValueError):
        make_period("this_quarter", 2025)  # no day to count back from


def test_relative_period_link_stays_relative():
    f = Filters(period_kind="previous_quarter", year=2023, number=2,
                today=dt.date(2026, 11, 28))
    assert f.to_query() == {"unit": "2024", "period": "previous_quarter"}  # no year, no dates
    parsed = parse_query(f.to_query(), UNITS, set())
    assert parsed.dropped == [] and parsed.filters.period_kind == "previous_quarter"
    # Opened another day, the same link shows that day's previous quarter.
    later = Filters(period_kind="previous_quarter", today=dt.date(2027, 1, 3))
    assert (later.period.start, later.period.end) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    p = f.params()
    assert (p["date_from"], p["date_to"]) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert (p["prev_from"], p["prev_to"]) == (dt.date(2025, 7, 1), dt.date(2025, 9, 30))


# ---------------------------------------------------------------- commune picker


def test_mapping_text_old_to_new_and_new_from_old():
    assert mapping_text("2024", "00002", NAMES, PAIRS) == \
        "Xã Bình (trước 01/7/2025) → nay thuộc Xã Mới Một"
    assert mapping_text("2025", "00002", NAMES, PAIRS) == \
        "Xã Mới Một (từ 01/7/2025) ← gồm Thị trấn An, Xã Bình"
    assert mapping_text("2024", "00009", {**NAMES, "2024": {"00009": "Xã Lạ"}}, PAIRS) == \
        "Xã Lạ (trước 01/7/2025) → nay thuộc chưa rõ xã mới"


def test_picker_lists_both_unit_sets_current_first():
    options = picker_options("2025", NAMES, PAIRS)
    assert list(options) == ["00002", "00005", "2024:00001", "2024:00002", "2024:00003"]
    assert options["00002"] == "Xã Mới Một"
    assert options["2024:00003"] == "Xã Đồng Ý (trước 01/7/2025) → nay thuộc Xã Mới Hai"
    # Typing an old name finds it under the new units, and the reverse.
    assert any("Đồng Ý" in label for label in options.values())
    assert any("Mới Hai" in label for label in picker_options("2024", NAMES, PAIRS).values())


def test_picking_a_unit_of_the_other_set_switches_and_carries_the_rest_over():
    assert resolve_pick(["00005"], "2025", PAIRS) == ("2025", ("00005",))
    # 2025 choice Xã Mới Một + old Xã Đồng Ý picked -> 2024 units: An, Bình (same area), Đồng Ý
    assert resolve_pick(["00002", "2024:00003"], "2025", PAIRS) == (
        "2024", ("00001", "00002", "00003"))
    assert resolve_pick(["2025:00005"], "2024", PAIRS) == ("2025", ("00005",))


# ---------------------------------------------------------------- in the app (AppTest)


def _filters_only() -> None:
    from antt.ui.sidebar import render_filters

    render_filters()


@pytest.fixture
def app(mini_dir, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ANTT_DATA_DIR", str(mini_dir))
    at = AppTest.from_function(_filters_only, default_timeout=60).run()
    assert not at.exception
    return at


def test_picker_finds_old_commune_under_new_units_and_switches(app):
    app.selectbox(key="f_unit").set_value("2025").run()
    picker = app.multiselect(key="f_communes")
    assert "Xã Đồng Ý (trước 01/7/2025) → nay thuộc Xã Mới Hai" in picker.options
    picker.select("2024:00003").run()
    assert not app.exception
    f = app.session_state["filters"]
    assert (f.unit_set, f.communes) == ("2024", ("00003",))
    assert app.selectbox(key="f_unit").value == "2024"
    assert app.multiselect(key="f_communes").value == ["00003"]
    captions = [c.value for c in app.main.caption]
    assert md("Đã chuyển các xã đã chọn sang đơn vị trước 01/7/2025: Xã Đồng Ý.") in captions
    assert app.query_params["unit"] == "2024" and app.query_params["communes"] == "00003"
    # The next run says how the chosen commune maps, instead of the switch notice.
    app.run()
    captions = [c.value for c in app.main.caption]
    assert md("Xã Đồng Ý (trước 01/7/2025) → nay thuộc Xã Mới Hai") in captions


def test_summary_line_states_every_filter(app):
    app.multiselect(key="f_communes").select("00002").run()
    app.selectbox(key="f_period").set_value("quarter").run()
    app.selectbox(key="f_n").set_value(3).run()
    # The cùng kỳ days are in the tiles' tooltips (card_help), not in this line.
    # Xã Bình's newest record is 01/08/2024 (no reports file): the quarter is not complete
    assert app.caption[0].value == md(
        "Đang xem: Xã Bình (trước 01/7/2025) · quý 3/2024 (01/07/2024 – 30/09/2024) · "
        "kỳ chưa đủ số liệu · Tất cả loại mô hình")
    # The data stop on 01/12/2024: quarter 4 is counted to that day.
    app.selectbox(key="f_n").set_value(4).run()
    assert app.caption[0].value == md(
        "Đang xem: Xã Bình (trước 01/7/2025) · quý 4/2024 (01/10/2024 – 01/12/2024, số liệu "
        "tính đến 01/12/2024) · kỳ chưa đủ số liệu · Tất cả loại mô hình")
    app.selectbox(key="f_n").set_value(2).run()  # to 30/06: complete for Xã Bình
    assert app.caption[0].value == md(
        "Đang xem: Xã Bình (trước 01/7/2025) · quý 2/2024 (01/04/2024 – 30/06/2024) · "
        "Tất cả loại mô hình")


def test_period_kinds_read_short_in_the_bar(app):
    from antt.indicators.periods import PERIOD_LABELS
    from antt.ui.sidebar import KIND_SHORT
    from antt.ui.tables import text_width

    kinds = app.selectbox(key="f_period")
    # Every kind, in the same order, the Decree 09/2019 ones read like the calendar ones
    # ("Tháng (NĐ 09/2019)" beside "Tháng (dương lịch)"), none wider than "Từ ngày … đến
    # ngày …", which the box shows whole in Chromium (tests/browser/test_browser_filters.py).
    assert list(KIND_SHORT) == list(PERIOD_LABELS)
    assert kinds.options == [KIND_SHORT[k] for k in PERIOD_LABELS]
    assert "Tháng (NĐ 09/2019)" in kinds.options and "6 tháng (NĐ 09/2019)" in kinds.options
    widest = max(KIND_SHORT.values(), key=text_width)
    assert widest == PERIOD_LABELS["range"]
    assert text_width(PERIOD_LABELS["report_6m"]) > text_width(widest)  # why they are short
    kinds.set_value("report_6m").run()
    assert not app.exception
    assert app.session_state["filters"].period_kind == "report_6m"
    assert app.query_params["period"] == "report_6m"


def test_relative_period_in_the_bar(app):
    from antt.text.fmt import today_local

    app.selectbox(key="f_period").set_value("previous_quarter").run()
    assert not app.exception
    f = app.session_state["filters"]
    expected = make_period("previous_quarter", 0, today=today_local())
    assert (f.period.start, f.period.end) == (expected.start, expected.end)
    assert app.query_params["period"] == "previous_quarter"
    assert "year" not in app.query_params and "n" not in app.query_params
    # No year or quarter to choose for a relative period.
    assert not [s for s in app.selectbox if s.key in ("f_year", "f_n")]


def test_unit_set_follows_the_period_until_chosen_by_hand(app):
    # Mini data end on 01/12/2024: the first view is 2024 in the 2024 units.
    assert app.selectbox(key="f_unit").value == "2024"
    app.multiselect(key="f_communes").select("00003").run()
    # "Quý trước" counted back from today ends after 30/06/2025: the new xã, the choice
    # carried over to the commune it became.
    app.selectbox(key="f_period").set_value("previous_quarter").run()
    assert not app.exception
    f = app.session_state["filters"]
    assert (f.unit_set, f.communes) == ("2025", ("00005",))
    assert app.query_params["unit"] == "2025"
    captions = [c.value for c in app.main.caption]
    assert md("Kỳ đã chọn kết thúc sau 01/7/2025: đã chuyển sang đơn vị hành chính từ "
              "01/7/2025 (Xã Mới Hai).") in captions
    # Back to a year of 2024: back to the units of 2024.
    app.selectbox(key="f_period").set_value("year").run()
    assert app.session_state["filters"].unit_set == "2024"
    # Chosen by hand, the unit set stays whatever the period.
    app.selectbox(key="f_unit").set_value("2025").run()
    app.selectbox(key="f_period").set_value("quarter").run()
    assert app.session_state["filters"].unit_set == "2025"


def test_link_without_unit_reads_the_period_in_its_units():
    parsed = parse_query({"period": "year", "year": "2026"}, UNITS, set())
    assert parsed.filters.unit_set == "2025" and parsed.dropped == []
    parsed = parse_query({"period": "year", "year": "2024", "communes": "00003"}, UNITS, set())
    assert (parsed.filters.unit_set, parsed.filters.communes) == ("2024", ("00003",))
    parsed = parse_query({"period": "range", "from": "2025-01-01", "to": "2025-07-01"},
                         UNITS, set(), default=Filters(unit_set="2024"))
    assert parsed.filters.unit_set == "2025"
    # a link that names its unit set keeps it
    assert parse_query({"unit": "2024", "period": "year", "year": "2026"}, UNITS,
                       set()).filters.unit_set == "2024"


def test_every_run_sends_the_bar_its_values(app):
    """Issue 28: Streamlit sends a keyed widget's value to the browser only in a run that set
    it; a browser that had forgotten it drew the first option ("Trước 01/7/2025", "Năm")
    beside figures of another view and sent that back with the next click. Every run now
    draws every widget of the bar with the value the figures use."""
    app.selectbox(key="f_unit").set_value("2025").run()
    app.selectbox(key="f_period").set_value("quarter").run()
    app.run()  # a run in which nothing changed, as a click on the page's own menu entry
    f = app.session_state["filters"]
    shown = {w.key: (w.value, w.proto.set_value) for w in [*app.selectbox, *app.multiselect]}
    assert shown == {"f_unit": ("2025", True), "f_communes": ([], True),
                     "f_period": ("quarter", True), "f_year": (f.year, True),
                     "f_n": (f.number, True), "f_model": ("", True)}
    app.selectbox(key="f_period").set_value("range").run()
    assert app.date_input(key="f_range").proto.set_value
    assert app.date_input(key="f_range").value == (f.period.start, f.period.end)


def test_a_link_with_only_a_year_opens_that_year():
    # The default view is a range: `?year=2024` was read as that range with the year ignored.
    default = Filters(unit_set="2025", period_kind="range", year=2026,
                      start=dt.date(2026, 1, 1), end=dt.date(2026, 9, 30))
    parsed = parse_query({"year": "2024"}, UNITS, set(), default=default)
    f = parsed.filters
    assert (f.period_kind, f.year, f.unit_set, parsed.dropped) == ("year", 2024, "2024", [])
    assert parse_query({"year": "2026"}, UNITS, set(), default=default).filters.unit_set == "2025"
    parsed = parse_query({"year": "20x4"}, UNITS, set(), default=default)
    assert parsed.filters == default and parsed.dropped == ["Năm “20x4” không hợp lệ, đã bỏ qua."]
