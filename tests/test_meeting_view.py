"""The Trình chiếu page shows the view the user chose: a bare /meeting shows Tổng quan's
default view (same figures, same changes, no warning), the sidebar's filters reach it from the
menu, a link's filters win; the settings link is absolute; `cycle=communes` reviews the
communes one by one; `theme=contrast` restyles the page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.indicators.view_text import default_filters
from antt.text.fmt import number, today_local

REPO = Path(__file__).resolve().parent.parent
MEETING = str(REPO / "views" / "meeting.py")


def _plain(text: str) -> str:
    """Markdown source as a reader sees it (antt.text.escape.md's backslashes resolved)."""
    return re.sub(r"\\(.)", r"\1", text)


def _tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _text(at: AppTest) -> str:
    return _plain("\n".join(m.value for m in at.markdown))


def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


def _run(script: str, data_dir: Path, monkeypatch: pytest.MonkeyPatch, **query: str
         ) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(script, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _latest(data_dir: Path) -> dt.date:
    return run_query("latest_record_date", store=Store(data_dir))["latest_on"].iloc[0].date()


# ---------------------------------------------------------------- the view shown


def test_bare_meeting_link_shows_the_overview_defaults(sample_dir, monkeypatch):
    overview = _run(str(REPO / "views" / "overview.py"), sample_dir, monkeypatch)
    shown = _run(MEETING, sample_dir, monkeypatch)
    assert not shown.warning, [w.value for w in shown.warning]  # no "Khoảng ngày ..." notice
    expected = _tiles(overview)
    tiles = _tiles(shown)
    assert len(tiles) == len(meeting.TILE_KEYS)
    for label, value_and_delta in tiles.items():
        assert value_and_delta == expected[label], label
    # Real figures, not an empty page: the default view is this year to the last complete
    # month (antt.data.complete: Xã Tân Tri's data are complete to 27/10/2026, so 30/09).
    f = default_filters(dt.date(2026, 10, 27), today_local())
    assert f.period.end == dt.date(2026, 9, 30)
    kpis = run_query("kpis", store=Store(sample_dir), **f.params(_latest(sample_dir)))
    assert tiles["Cuộc tuần tra"][0] == number(int(kpis.set_index("period").loc[
        "current", "patrols"]))
    # The address bar now opens that same view.
    assert _param(shown, "unit") == f.unit_set and _param(shown, "period") == f.period_kind


def test_sidebar_filters_reach_the_meeting_page(sample_dir, monkeypatch):
    """Through app.py as a user does it: choose a commune and a period in the filter bar of
    Tổng quan (the shared filters), then open Trình chiếu from the menu."""
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    at.selectbox(key="f_unit").set_value("2024").run()
    at.multiselect(key="f_communes").set_value(["06325"]).run()
    at.selectbox(key="f_period").set_value("year").run()
    at.selectbox(key="f_year").set_value(2024).run()
    chosen = at.session_state["filters"]
    assert chosen.communes == ("06325",) and chosen.period_kind == "year"
    on_overview = _tiles(at)

    at.switch_page("views/meeting.py").run()
    assert not at.exception, [e.value for e in at.exception]
    name = run_query("units", store=Store(sample_dir), unit_set="2024").set_index(
        "unit_code").loc["06325", "unit_name"]
    text = _text(at)
    assert text.startswith(f"{name} · năm 2024 · Tất cả loại mô hình"), text[:120]
    tiles = _tiles(at)
    for label in ("Buổi tuyên truyền", "Cuộc tuần tra", "Vụ việc về ANTT"):
        assert tiles[label] == on_overview[label]
    kpis = run_query("kpis", store=Store(sample_dir), **Filters(
        communes=("06325",), period_kind="year", year=2024).params(_latest(sample_dir)))
    assert tiles["Cuộc tuần tra"][0] == number(int(kpis["patrols"].iloc[0]))
    assert _param(at, "communes") == "06325" and _param(at, "year") == "2024"


def test_a_link_wins_over_the_session_and_becomes_the_sidebar_view(sample_dir, monkeypatch):
    monkeypatch.setenv("ANTT_DATA_DIR", str(sample_dir))
    at = AppTest.from_file(MEETING, default_timeout=60)
    at.session_state["filters"] = Filters(period_kind="year", year=2023)
    at.query_params.update({"unit": "2024", "communes": "06325", "period": "year",
                            "year": "2024"})
    at.run()
    assert not at.exception
    f = at.session_state["filters"]
    assert (f.unit_set, f.communes, f.period_kind, f.year) == ("2024", ("06325",), "year", 2024)
    assert "năm 2024" in _text(at)


def test_settings_link_is_absolute():
    rel = "/meeting?unit=2024&period=year&year=2024&every=60"
    assert meeting.absolute_link("http://10.0.0.5:8501/meeting?unit=2025", rel) == (
        "http://10.0.0.5:8501/meeting?unit=2024&period=year&year=2024&every=60")
    # served under a proxy prefix
    assert meeting.absolute_link("https://antt.local/bacson/meeting", rel) == (
        "https://antt.local/bacson/meeting?unit=2024&period=year&year=2024&every=60")
    assert meeting.absolute_link("http://h:1/", rel) == "http://h:1" + rel
    assert meeting.absolute_link(None, rel) == rel and meeting.absolute_link("", rel) == rel


# ---------------------------------------------------------------- communes in turn, theme


def test_parse_cycle_and_theme():
    parsed = meeting.parse_settings({"cycle": "communes", "theme": "contrast", "pace": "15"})
    s = parsed.settings
    assert (s.cycle, s.theme, s.pace, s.moving, s.advancing) == (
        "communes", "contrast", 15, True, False)
    assert s.to_query() == {"every": "60", "pace": "15", "cycle": "communes",
                            "theme": "contrast"}
    bad = meeting.parse_settings({"cycle": "thon", "theme": "dark"})
    assert bad.settings.cycle == "" and bad.settings.theme == ""
    assert bad.notices == [
        "Cách chuyển “thon” không có (chọn: communes), đã bỏ qua.",
        "Giao diện “dark” không có (chọn: contrast), đã bỏ qua."]


def test_screens_go_commune_by_commune_then_panel_by_panel():
    both = meeting.MeetingSettings(panels=("tong-quan", "ban-do"), cycle="communes")
    shows = meeting.screens(both, ["A", "B"])
    assert [(s.commune, s.panel, s.place, s.of) for s in shows] == [
        ("A", "tong-quan", 1, 2), ("A", "ban-do", 1, 2),
        ("B", "tong-quan", 2, 2), ("B", "ban-do", 2, 2)]
    assert meeting.screens(meeting.MeetingSettings(), ["A"]) == [meeting.Screen()]


def test_cycle_communes_shows_each_commune_with_its_own_tiles_and_map(sample_dir, monkeypatch):
    at = _run(MEETING, sample_dir, monkeypatch, unit="2024", period="year", year="2024",
              cycle="communes", pace="20")
    store = Store(sample_dir)
    units = run_query("units", store=store, unit_set="2024")
    latest = _latest(sample_dir)
    for step in range(2):
        code, name = units["unit_code"].iloc[step], units["unit_name"].iloc[step]
        text = _text(at)
        assert text.startswith(f"{name} ({step + 1}/{len(units)}) · năm 2024"), text[:80]
        kpis = run_query("kpis", store=store, **Filters(
            communes=(code,), period_kind="year", year=2024).params(latest))
        assert _tiles(at)["Buổi tuyên truyền"][0] == number(int(kpis["outreach_sessions"].iloc[0]))
        # the commune outlined, the view zoomed to it
        assert any('"Xã đang xem"' in c.proto.spec for c in at.get("plotly_chart"))
        at.session_state["meeting_started"] -= dt.timedelta(seconds=20)
        at.run()
    assert _param(at, "cycle") == "communes" and _param(at, "pace") == "20"


def test_contrast_theme_restyles_the_page(sample_dir, monkeypatch):
    plain = _run(MEETING, sample_dir, monkeypatch, theme="")
    contrast = _run(MEETING, sample_dir, monkeypatch, theme="contrast")

    def styles(at: AppTest) -> str:
        return "\n".join(e.proto.body for e in at.get("html"))

    assert "box-shadow: inset 0 0 0 2px #000000" in styles(contrast)
    assert "box-shadow: inset 0 0 0 2px #000000" not in styles(plain)
    assert _param(contrast, "theme") == "contrast"
