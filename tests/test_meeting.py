"""Meeting mode: link and settings parsing, the panel schedule, the last-good-figures rule
(antt/indicators/meeting.py) and the Trình chiếu page with AppTest on private copies of the sample
data."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.reporting import progress
from antt.reporting.progress import load_reports
from antt.text.fmt import TZ, date_short, today_local

PAGE = str(Path(__file__).resolve().parent.parent / "views" / "meeting.py")
# The reference scope of the sample data (see data/README.md).
REFERENCE_QUERY = {"unit": "2024", "period": "range", "from": "2020-01-01", "to": "2024-10-02",
                   "model": "nhom_dao_binh_an"}
T0 = dt.datetime(2024, 10, 2, 8, 0, 0, tzinfo=TZ)


# ---------------------------------------------------------------- link and settings


def test_meeting_link_carries_filters_and_interval():
    f = Filters(unit_set="2024", period_kind="year", year=2024)
    assert meeting.meeting_link(f) == "/meeting?unit=2024&period=year&year=2024&every=60"
    f = Filters(unit_set="2025", communes=("06337", "06364"), period_kind="quarter", year=2025,
                number=3, model_type="to_tu_quan")
    assert meeting.meeting_link(f, every=30, panels=("tong-quan", "ban-do"), pace=15) == (
        "/meeting?unit=2025&period=quarter&communes=06337,06364&year=2025&n=3"
        "&model=to_tu_quan&every=30&panels=tong-quan,ban-do&pace=15")


def test_meeting_link_leaves_out_a_single_panel():
    link = meeting.meeting_link(Filters(), panels=("ban-do",))
    assert "panels" not in link and "pace" not in link


@pytest.mark.parametrize("text, seconds", [(None, 60), ("", 60), ("10", 10), ("60", 60),
                                           ("3600", 3600), ("45s", 45), (" 90 ", 90)])
def test_parse_interval_accepts_10_to_3600_seconds(text, seconds):
    assert meeting.parse_interval(text) == (seconds, None)


@pytest.mark.parametrize("text", ["9", "0", "3601", "abc", "-5", "1e3", "12.5"])
def test_parse_interval_replaces_invalid_with_default_and_says_so(text):
    seconds, notice = meeting.parse_interval(text)
    assert seconds == 60
    assert notice == (f"Chu kỳ cập nhật “{text}” không hợp lệ (cần từ 10 đến 3600 giây), "
                      "đã dùng 60 giây.")


def test_parse_panels_keeps_known_codes_in_order_without_repeats():
    assert meeting.parse_panels("ban-do,tong-quan,ban-do") == (("ban-do", "tong-quan"), [])
    panels, notices = meeting.parse_panels("tong-quan,lich,vu-viec")
    assert panels == ("tong-quan", "vu-viec")
    assert notices == ["Màn hình không có: lich (đã bỏ qua)."]


def test_parse_panels_needs_two():
    panels, notices = meeting.parse_panels("ban-do")
    assert panels == ()
    assert notices == ["Cần chọn từ 2 đến 4 màn hình để tự chuyển; đang hiển thị một màn hình "
                       "tổng hợp."]


def test_parse_settings_reads_every_panels_pace():
    parsed = meeting.parse_settings({"every": "30", "panels": "tong-quan,ban-do,hoat-dong",
                                     "pace": "15", "unit": "2024"})
    assert parsed.settings == meeting.MeetingSettings(30, ("tong-quan", "ban-do", "hoat-dong"),
                                                      15)
    assert parsed.notices == []
    assert parsed.settings.advancing and parsed.settings.tick == 15
    assert parsed.settings.to_query() == {"every": "30", "panels": "tong-quan,ban-do,hoat-dong",
                                          "pace": "15"}


def test_parse_settings_bad_pace_gets_default_with_notice():
    parsed = meeting.parse_settings({"panels": "tong-quan,ban-do", "pace": "2"})
    assert parsed.settings.pace == 30
    assert parsed.notices == ["Thời gian mỗi màn hình “2” không hợp lệ (cần từ 5 đến 600 giây), "
                              "đã dùng 30 giây."]


def test_without_panels_the_tick_is_the_interval():
    s = meeting.MeetingSettings(every=60)
    assert not s.advancing and s.tick == 60 and s.to_query() == {"every": "60"}


# ---------------------------------------------------------------- panel schedule


def test_panel_at_advances_by_the_clock_and_wraps():
    panels = ("tong-quan", "ban-do", "vu-viec")
    at = [meeting.panel_at(panels, T0, T0 + dt.timedelta(seconds=s), 20)
          for s in (0, 19, 20, 39, 40, 60, 79, 80)]
    assert at == ["tong-quan", "tong-quan", "ban-do", "ban-do", "vu-viec", "tong-quan",
                  "tong-quan", "ban-do"]


def test_panel_at_tolerates_an_early_timer_tick():
    # A tick 0,3 s before the 20 s boundary already shows the next panel.
    assert meeting.panel_at(("a", "b"), T0, T0 + dt.timedelta(seconds=19.7), 20) == "b"
    assert meeting.panel_at(("a", "b"), T0, T0 - dt.timedelta(seconds=5), 20) == "a"


# ---------------------------------------------------------------- last good figures


def test_problem_warning_names_the_files():
    assert meeting.problem_warning([]) is None
    assert meeting.problem_warning(["patrols.csv", "patrols.csv"]) == (
        "⚠ Tệp patrols.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất.")
    assert meeting.problem_warning(["patrols.csv", "outreach.csv"]) == (
        "⚠ Các tệp patrols.csv, outreach.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất.")


def test_next_snapshot_takes_new_figures_and_flags_bad_files():
    first = meeting.next_snapshot(None, lambda: ({"patrols": 50}, "v1"), [], T0)
    assert first == meeting.Snapshot({"patrols": 50}, "v1", T0, None)
    later = T0 + dt.timedelta(seconds=60)
    # The store keeps serving v1 while patrols.csv is broken: same figures, a warning.
    second = meeting.next_snapshot(first, lambda: ({"patrols": 50}, "v1"), ["patrols.csv"],
                                   later)
    assert second.figures == {"patrols": 50} and second.fetched_at == later
    assert second.warning == "⚠ Tệp patrols.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất."


def test_next_snapshot_keeps_last_figures_when_reading_fails():
    first = meeting.Snapshot({"patrols": 50}, "v1", T0)

    def broken():
        raise RuntimeError("database gone")

    kept = meeting.next_snapshot(first, broken, ["patrols.csv"], T0 + dt.timedelta(seconds=60))
    assert kept.figures == {"patrols": 50} and kept.version == "v1" and kept.fetched_at == T0
    assert kept.warning == "⚠ Tệp patrols.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất."
    assert meeting.next_snapshot(None, broken, [], T0) is None


# ---------------------------------------------------------------- the page (AppTest)


def _app(data_dir: Path, monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _param(at: AppTest, key: str) -> str:
    """A URL parameter as the page left it (AppTest may hold a list of values)."""
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


def _metrics(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _plain(text: str) -> str:
    """Markdown source as a reader sees it (antt.text.escape.md's backslashes resolved)."""
    return re.sub(r"\\(.)", r"\1", text)


def _markdown(at: AppTest) -> str:
    return _plain("\n".join(m.value for m in at.markdown))


def _latest_text(data_dir: Path) -> str:
    latest = run_query("latest_record_date", store=Store(data_dir))["latest_on"].iloc[0]
    return date_short(latest.date())


def _nhom_dao_patrol(data_dir: Path) -> dict[str, str]:
    """A patrol of a nhom_dao_binh_an model inside the reference period."""
    with (data_dir / "models.csv").open(encoding="utf-8") as fh:
        models = {r["model_id"] for r in csv.DictReader(fh) if r["model_type"] ==
                  "nhom_dao_binh_an"}
    with (data_dir / "patrols.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["model_id"] in models
                and "2020-01-01" <= r["held_on"] <= "2024-10-02"]
    return rows[-1]


def _append(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n",
                    encoding="utf-8")


def test_page_shows_reference_figures_as_tiles(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, every="30")
    at.run()
    assert not at.exception
    tiles = _metrics(at)
    # 01/01/2020–02/10/2024 against 01/01/2019–02/10/2023: the data start on 01/01/2020, so
    # no change is shown (issue 23: it read "+14 (+66,7%)", a year of no data against none)
    not_comparable = "Chưa so sánh được"  # why: in the subtitle
    assert tiles["Buổi tuyên truyền"] == ("35", not_comparable)
    assert tiles["Lượt người dự tuyên truyền"] == ("3.560", not_comparable)
    assert tiles["Cuộc tuần tra"] == ("50", not_comparable)
    assert tiles["Lượt người tham gia tuần tra"][0] == "450"
    assert tiles["Vụ việc về ANTT"][0] == "0"
    assert tiles["Mô hình đang hoạt động"][0] == "3"
    assert len(tiles) == len(meeting.TILE_KEYS)
    text = _markdown(at)
    assert "Cập nhật lúc " in text
    # the day the figures are complete to (antt.data.complete), as the sidebar says it, not
    # the newest record (issue 28: a record dated today must not read as the data's date)
    store = Store(sample_copy)
    done = progress.data_through(load_reports(store), store, REFERENCE_QUERY["unit"], (),
                                 today_local()).complete
    assert f"Số liệu đủ đến hết {date_short(done)}" in text and "Số liệu tính đến" not in text
    assert "Nhóm đạo bình an" in text and "từ 01/01/2020 đến 02/10/2024" in text
    # the days the changes compare, on screen (the tiles' tooltips are hidden there)
    assert ("Kỳ này 01/01/2020–02/10/2024, chưa so sánh được với cùng kỳ: không có số liệu "
            "cùng kỳ") in text
    assert not at.warning
    # the map and the trend are drawn; the link keeps the interval
    assert len(at.get("plotly_chart")) == 2
    assert _param(at, "every") == "30"
    assert _setting(at, "Tự cập nhật sau (giây)").value == 30


def _setting(at: AppTest, label: str):
    return next(n for n in at.number_input if n.label == label)


def test_settings_are_drawn_with_the_values_in_force(sample_copy, monkeypatch):
    """The browser draws a widget of the closed settings popover from its default when the
    popover opens, and sends that back with the next click: the default must be the value in
    force, not the minimum (every=60 became every=10 when “Tương phản cao” was ticked)."""
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, every="60", pace="45",
              cycle="communes")
    at.run()
    assert _setting(at, "Tự cập nhật sau (giây)").proto.default == 60
    assert _setting(at, "Mỗi màn hình (giây)").proto.default == 45
    next(c for c in at.checkbox if c.label.startswith("Tương phản")).check().run()
    assert (_param(at, "every"), _param(at, "pace"), _param(at, "theme")) == (
        "60", "45", "contrast")
    assert _setting(at, "Tự cập nhật sau (giây)").proto.default == 60


def test_page_invalid_interval_gets_default_and_notice(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, every="5000")
    at.run()
    assert not at.exception
    assert [_plain(w.value) for w in at.warning] == [
        "Chu kỳ cập nhật “5000” không hợp lệ (cần từ 10 đến 3600 giây), đã dùng 60 giây."]
    assert _setting(at, "Tự cập nhật sau (giây)").value == 60
    assert _param(at, "every") == "60"
    assert _metrics(at)["Cuộc tuần tra"][0] == "50"


def test_page_interval_set_on_the_page_goes_to_the_link(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY)
    at.run()
    _setting(at, "Tự cập nhật sau (giây)").set_value(120).run()
    assert _param(at, "every") == "120"
    link = at.get("code")[0].proto.code_text
    assert link == ("/meeting?unit=2024&period=range&from=2020-01-01&to=2024-10-02"
                    "&model=nhom_dao_binh_an&every=120")


def test_page_shows_new_figures_after_a_file_changes(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, every="10")
    at.run()
    assert _metrics(at)["Cuộc tuần tra"][0] == "50"
    row = _nhom_dao_patrol(sample_copy)
    _append(sample_copy / "patrols.csv", ",".join([
        "TR-999001", row["held_on"], row["village_code"], row["model_id"], row["occasion"],
        "100"]))
    at.run()
    tiles = _metrics(at)
    assert tiles["Cuộc tuần tra"] == ("51", "Chưa so sánh được")
    assert tiles["Lượt người tham gia tuần tra"][0] == "550"
    assert "⚠" not in _markdown(at)


def test_page_keeps_last_good_figures_when_a_file_turns_invalid(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY)
    at.run()
    assert _metrics(at)["Cuộc tuần tra"][0] == "50"
    good = (sample_copy / "patrols.csv").read_text(encoding="utf-8")
    _append(sample_copy / "patrols.csv", "TR-999002,không-phải-ngày,06364-05,,thuong_xuyen,5")
    at.run()
    assert not at.exception
    assert not at.error
    tiles = _metrics(at)
    assert tiles["Cuộc tuần tra"][0] == "50" and tiles["Buổi tuyên truyền"][0] == "35"
    # in the footer line (no extra height), not as a box above the tiles
    assert "⚠ Tệp patrols.csv có lỗi; đang hiển thị số liệu hợp lệ gần nhất." in _markdown(at)
    assert not at.warning
    # fixed again: the warning goes
    (sample_copy / "patrols.csv").write_text(good, encoding="utf-8")
    at.run()
    assert "⚠" not in _markdown(at)
    assert _metrics(at)["Cuộc tuần tra"][0] == "50"


def test_page_without_any_good_data_shows_a_friendly_message(sample_copy, monkeypatch):
    _append(sample_copy / "villages.csv", "không,hợp,lệ")
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY)
    at.run()
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [meeting.NO_DATA_MESSAGE]
    assert not at.metric


def test_page_advances_panels_by_the_clock(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, panels="tong-quan,ban-do,vu-viec",
              pace="20")
    at.run()
    assert not at.exception
    assert "\nTổng quan · Tất cả xã" in "\n" + _markdown(at)
    assert len(at.metric) == len(meeting.TILE_KEYS)
    # 25 s into the show: the map panel, no tiles
    at.session_state["meeting_started"] = at.session_state["meeting_started"] - dt.timedelta(
        seconds=25)
    at.run()
    assert "\nBản đồ · Tất cả xã" in "\n" + _markdown(at)
    assert not at.metric
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and '"choropleth"' in charts[0].proto.spec
    # 45 s in: incidents, with its three tiles
    at.session_state["meeting_started"] = at.session_state["meeting_started"] - dt.timedelta(
        seconds=20)
    at.run()
    assert "\nVụ việc về ANTT · Tất cả xã" in "\n" + _markdown(at)
    assert list(_metrics(at)) == ["Vụ việc về ANTT", "Vụ hòa giải", "Tỷ lệ hòa giải thành"]
    assert _param(at, "panels") == "tong-quan,ban-do,vu-viec"
    assert _param(at, "pace") == "20"


def test_show_clock_steps_and_pauses():
    shows = ("a", "b", "c")
    clock = meeting.ShowClock(T0)
    now = T0 + dt.timedelta(seconds=25)  # 25 s in at 20 s a screen: "b"
    assert clock.screen(shows, now, 20) == "b"
    ahead = clock.step(1, 3, now, 20)
    assert ahead.screen(shows, now, 20) == "c"
    assert ahead.step(1, 3, now, 20).screen(shows, now, 20) == "a"  # round and round
    assert clock.step(-1, 3, now, 20).screen(shows, now, 20) == "a"
    assert clock.step(-2, 3, now, 20).screen(shows, now, 20) == "c"
    # a new screen starts its full time: 19 s after stepping it is still on
    assert ahead.screen(shows, now + dt.timedelta(seconds=19), 20) == "c"
    paused = clock.toggled(now)
    later = now + dt.timedelta(minutes=10)
    assert paused.screen(shows, later, 20) == "b"  # held while paused
    assert paused.step(1, 3, later, 20).screen(shows, later, 20) == "c"  # steps while paused
    resumed = paused.toggled(later)
    assert resumed.paused_at is None
    assert resumed.screen(shows, later, 20) == "b"
    assert resumed.screen(shows, later + dt.timedelta(seconds=15), 20) == "c"


def test_page_next_previous_and_pause(sample_copy, monkeypatch):
    at = _app(sample_copy, monkeypatch, **REFERENCE_QUERY, panels="tong-quan,ban-do,vu-viec",
              pace="20")
    at.run()
    assert "\nTổng quan · Tất cả xã" in "\n" + _markdown(at)
    at.button(key="meeting-next").click().run()
    assert "\nBản đồ · Tất cả xã" in "\n" + _markdown(at)
    at.button(key="meeting-pause").click().run()
    assert at.button(key="meeting-pause").help.startswith("Chạy tiếp")
    # ten minutes later, still held on the map
    at.session_state["meeting_started"] -= dt.timedelta(minutes=10)
    at.run()
    assert "\nBản đồ · Tất cả xã" in "\n" + _markdown(at)
    at.button(key="meeting-prev").click().run()
    assert "\nTổng quan · Tất cả xã" in "\n" + _markdown(at)
    at.button(key="meeting-prev").click().run()  # round: back to the last screen
    assert "\nVụ việc về ANTT · Tất cả xã" in "\n" + _markdown(at)
    # one screen only: nothing to step through, no buttons
    still = _app(sample_copy, monkeypatch, **REFERENCE_QUERY)
    still.run()
    assert not [b for b in still.button if b.key and b.key.startswith("meeting-")]
