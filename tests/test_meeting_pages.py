"""A province on the Trình chiếu page (issue 24): the summary ranks the communes (the first 8,
then "Các xã còn lại (K xã)" in one row) and the commune review goes a page at a time ("Trang
1/9"), on a Lạng Sơn folder made by `area init` (tests/province.py); the bundled Bắc Sơn sample
keeps its screens."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from markup_check import HTML, LINK, assert_shows_literally
from province import PERIOD, make_province, outreach_sessions
from streamlit.testing.v1 import AppTest

from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import meeting
from antt.indicators.filters import Filters
from antt.indicators.meeting_pages import (
    Page,
    balanced_chunks,
    commune_pages,
    page_table,
    top_and_rest,
)
from antt.text.fmt import number

MEETING = str(Path(__file__).resolve().parent.parent / "views" / "meeting.py")


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    """Lạng Sơn with a village in each of its 194 old communes (read-only)."""
    return make_province(tmp_path_factory.mktemp("meeting_pages") / "ls")


def _units(folder: Path, unit_set: str) -> dict[str, str]:
    units = run_query("units", store=Store(folder), unit_set=unit_set)
    return dict(zip(units["unit_code"], units["unit_name"], strict=True))


def _districts(folder: Path) -> dict[str, str]:
    frame = run_query("unit_districts", store=Store(folder))
    return dict(zip(frame["commune_code"], frame["district_name"], strict=True))


def _run(folder: Path, monkeypatch: pytest.MonkeyPatch, **query: str) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(folder))
    at = AppTest.from_file(MEETING, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _title(at: AppTest) -> str:
    return re.sub(r"\\(.)", r"\1", at.markdown[0].value)


def _chart(at: AppTest, key: str) -> dict:
    return json.loads(next(c for c in at.get("plotly_chart") if c.key == key).proto.spec)


# ---------------------------------------------------------------- the rules


def test_top_and_rest_adds_up_to_the_total():
    names = [f"Xã {c}" for c in "ABCDEGHIKLMN"]  # 12 communes
    values = [5, 9, 0, 9, 3, 12, 1, 7, 2, 4, 6, 8]
    ranked = top_and_rest(names, values)
    assert ranked.names == ["Xã G", "Xã B", "Xã D", "Xã N", "Xã I", "Xã M", "Xã A", "Xã L",
                            "Các xã còn lại (4 xã)"]  # 9 and 9: Vietnamese order
    assert ranked.values == [12, 9, 9, 8, 7, 6, 5, 4, 6]  # the rest: 3 + 1 + 2 + 0
    assert sum(ranked.values) == ranked.total == sum(values) == 66
    assert ranked.rest == 4 and ranked.rest_mean == 1.5
    # one commune left over keeps its own row; fewer than 9 communes: every one named
    assert top_and_rest(names[:9], values[:9]).rest == 0
    assert top_and_rest(names[:9], values[:9]).names[-1] == "Xã C"
    assert top_and_rest(names[:10], values[:10]).names[-1] == "Các xã còn lại (2 xã)"


def test_balanced_chunks_never_leave_a_page_of_one():
    codes = [str(i) for i in range(65)]
    assert [len(c) for c in balanced_chunks(codes, 8)] == [8, 8, 7, 7, 7, 7, 7, 7, 7]
    assert [len(c) for c in balanced_chunks(codes[:23], 12)] == [12, 11]
    assert [len(c) for c in balanced_chunks(codes[:12], 12)] == [12]
    assert sum(balanced_chunks(codes, 8), ()) == tuple(codes)


def test_pages_of_the_65_and_the_194_communes(province):
    new = _units(province, "2025")
    pages = commune_pages(list(new), new)
    assert len(new) == 65 and len(pages) == 9
    assert [len(p.communes) for p in pages] == [8, 8, 7, 7, 7, 7, 7, 7, 7]
    assert sum((p.communes for p in pages), ()) == tuple(new)  # once each, Vietnamese order
    assert pages[0].label == "Phường Đông Kinh – Xã Bình Gia"
    assert pages[-1].label == "Xã Văn Quan – Xã Yên Phúc"
    old = _units(province, "2024")
    by_district = commune_pages(list(old), old, _districts(province))
    assert len(old) == 194 and len(by_district) == 20
    assert [(p.label, len(p.communes)) for p in by_district[:2]] == [
        ("Huyện Bắc Sơn, phần 1/2", 9), ("Huyện Bắc Sơn, phần 2/2", 9)]
    assert ("Huyện Đình Lập", 12) in [(p.label, len(p.communes)) for p in by_district]
    assert by_district[-1].label == "Thành phố Lạng Sơn"
    assert sorted(sum((p.communes for p in by_district), ())) == sorted(old)


def test_a_small_area_has_no_pages(sample_dir):
    for unit_set, count in (("2024", 18), ("2025", 6)):
        names = _units(sample_dir, unit_set)
        assert len(names) == count and commune_pages(list(names), names) == []


def test_screens_go_page_by_page_then_panel_by_panel():
    pages = [Page("A – C", ("a", "b", "c")), Page("D – E", ("d", "e"))]
    both = meeting.MeetingSettings(panels=("tong-quan", "ban-do"), cycle="communes")
    shows = meeting.screens(both, list("abcde"), pages)
    assert [(s.page.label, s.panel, s.place, s.of, s.commune) for s in shows] == [
        ("A – C", "tong-quan", 1, 2, None), ("A – C", "ban-do", 1, 2, None),
        ("D – E", "tong-quan", 2, 2, None), ("D – E", "ban-do", 2, 2, None)]


# ---------------------------------------------------------------- the page


def test_the_review_of_65_communes_goes_by_pages(province, monkeypatch):
    at = _run(province, monkeypatch, unit="2025", **PERIOD, cycle="communes", pace="30")
    new = _units(province, "2025")
    pages = commune_pages(list(new), new)
    latest = run_query("latest_record_date", store=Store(province))["latest_on"].iloc[0].date()
    for place in (1, 2):
        page = pages[place - 1]
        assert _title(at).startswith(
            f"Trang {place}/9 · {page.label} ({len(page.communes)} xã) · "), _title(at)
        assert not at.metric  # the page's communes side by side, not one screen each
        shown = at.table[0].value
        units = run_query("activities_by_unit", store=Store(province), **Filters(
            unit_set="2025", communes=page.communes, period_kind="range",
            start=dt.date(2026, 1, 1), end=dt.date(2026, 9, 30)).params(latest))
        expected = page_table(units, page)
        assert list(shown.iloc[:, 0]) == [new[c] for c in page.communes] + ["Cộng"]
        assert shown.iloc[:, 1].tolist() == expected["Buổi tuyên truyền"].tolist()
        assert shown.iloc[-1]["Buổi tuyên truyền"] == number(int(units["outreach_sessions"].sum()))
        # nine patrols a village: the page's villages times nine
        assert shown.iloc[-1]["Cuộc tuần tra"] == number(9 * int(units["villages"].sum()))
        at.session_state["meeting_started"] -= dt.timedelta(seconds=30)
        at.run()
    # back from the first page is the last: nine screens in the show, not 65
    at = _run(province, monkeypatch, unit="2025", **PERIOD, cycle="communes", pace="30")
    at.button(key="meeting-prev").click().run()
    assert _title(at).startswith(f"Trang 9/9 · {pages[-1].label} (7 xã) · "), _title(at)


def test_the_review_before_july_2025_goes_by_former_district(province, monkeypatch):
    at = _run(province, monkeypatch, unit="2024", **PERIOD, cycle="communes")
    title = _title(at)
    assert title.startswith("Trang 1/20 · Huyện Bắc Sơn, phần 1/2 (9 xã, thị trấn) · "), title
    table = at.table[0].value
    assert len(table) == 10 and table.columns[0] == "Xã, thị trấn"  # nine communes, their sum
    assert table.iloc[0, 0] == "Thị trấn Bắc Sơn" and table.iloc[-1, 0] == "Cộng"


def test_the_summary_ranks_65_communes_top_8_and_the_rest(province, monkeypatch):
    at = _run(province, monkeypatch, unit="2025", **PERIOD)
    assert {c.key for c in at.get("plotly_chart")} == {"meeting_ranking", "meeting_trend_1"}
    bars = _chart(at, "meeting_ranking")["data"][0]
    units = run_query("activities_by_unit", store=Store(province), unit_set="2025",
                      communes=[], date_from=dt.date(2026, 1, 1),
                      date_to=dt.date(2026, 9, 30), prev_from=dt.date(2025, 1, 1),
                      prev_to=dt.date(2025, 9, 30), model_type="")
    top = units.sort_values("outreach_sessions", ascending=False, kind="stable")
    assert bars["y"][-1] == "Các xã còn lại (57 xã)" and len(bars["y"]) == 9
    assert bars["x"][:8] == top["outreach_sessions"].head(8).tolist()
    rest = outreach_sessions() - sum(bars["x"][:8])
    assert bars["text"][-1] == f"TB {number(rest / 57, 1)}/xã · cộng {number(rest)}"
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Buổi tuyên truyền"] == number(outreach_sessions())  # rows add up to it


def test_a_period_with_no_outreach_ranks_nothing(province, monkeypatch):
    at = _run(province, monkeypatch, unit="2025", period="range", **{"from": "2025-07-01",
                                                                     "to": "2025-12-31"})
    assert "meeting_ranking" not in {c.key for c in at.get("plotly_chart")}
    assert [i.value for i in at.info] == [
        "Chưa xếp hạng được các xã: số buổi tuyên truyền bằng 0 trong phạm vi và kỳ đã chọn.",
        "Không có hoạt động nào trong phạm vi và kỳ đã chọn."]


def test_the_bundled_sample_keeps_its_map(sample_dir, monkeypatch):
    at = _run(sample_dir, monkeypatch)
    assert "meeting_map_small" in {c.key for c in at.get("plotly_chart")}
    assert "meeting_ranking" not in {c.key for c in at.get("plotly_chart")}


def test_page_table_cells_show_names_literally(province, tmp_path, monkeypatch):
    # st.table reads its cells as Markdown: a name from communes_2025.csv is drawn as text
    folder = Path(shutil.copytree(province, tmp_path / "ls"))
    path = folder / "communes_2025.csv"
    hostile = f"Phường Đông Kinh {LINK} {HTML}"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Phường Đông Kinh", hostile), encoding="utf-8")
    at = _run(folder, monkeypatch, unit="2025", **PERIOD, cycle="communes")
    assert_shows_literally(at.table[0].value.iloc[0, 0], hostile)
