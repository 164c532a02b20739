"""Figures that stay true while data arrive (issue 23): one completeness rule
(antt.data.complete), the default period to the last complete month, cùng kỳ only like for
like, every figure counting what its caption says, DHIS2 reporting rates.

Invariants on copies of the sample data (today 07/12/2026, records to 31/10/2026) with records
added: for today, for one commune only, and for a month one commune has not reported. One
record moves a figure by at most its own value and no cùng kỳ change by more; the tiles are
the totals of the tables under them; the meeting page shows Tổng quan's figures; a partial
period or year is marked.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from antt.data.complete import DataThrough, UnitThrough, covered_through, last_month_end
from antt.data.queries import run_query
from antt.data.store import Store
from antt.indicators import kpi_cards, like_for_like, view_text
from antt.indicators.filters import Filters
from antt.reporting import progress
from antt.reporting.progress import load_reports
from antt.text.fmt import today_local
from tests.conftest import BUNDLED_DATA, MINI_DATA, copy_data

REPO = Path(__file__).resolve().parent.parent
D = dt.date
TODAY = today_local()
# the per-card parts of one outreach record with 40 attendees
OUTREACH = {"outreach_sessions": 1, "outreach_attendees": 40}


def plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def _append(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + ("" if text.endswith("\n") else "\n") + line + "\n", encoding="utf-8")


def outreach_record(folder: Path, record_id: str, day: dt.date, village: str) -> None:
    _append(folder / "outreach.csv",
            f"{record_id},{day.isoformat()},{village},,luat_vk_vln_ccht,hop_thon,40")


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample data, and copies with: a record dated today (Xã Vũ Lăng, 06367); records of
    one commune only after everyone else's (Xã Bắc Sơn, in November); a record in kỳ 9/2026,
    which Xã Nhất Hòa has not reported (01/09/2026, village 06376-01)."""
    root = tmp_path_factory.mktemp("live")
    out = {"base": copy_data(BUNDLED_DATA, root / "base")}
    out["today"] = copy_data(BUNDLED_DATA, root / "today")
    outreach_record(out["today"], "TT-900001", TODAY, "06367-01")
    out["one"] = copy_data(BUNDLED_DATA, root / "one")
    outreach_record(out["one"], "TT-900002", D(2026, 11, 20), "06325-01")
    outreach_record(out["one"], "TT-900003", D(2026, 11, 25), "06325-01")
    out["unreported"] = copy_data(BUNDLED_DATA, root / "unreported")
    outreach_record(out["unreported"], "TT-900004", D(2026, 9, 1), "06376-01")
    return out


class Shown:
    """What Tổng quan shows for a data folder, by the same functions the page calls."""

    def __init__(self, folder: Path, filters: Filters | None = None):
        self.store = Store(folder)
        assert self.store.refresh(), self.store.problems[:3]
        self.reports = load_reports(self.store)
        self.filters = filters or view_text.default_view(
            lambda unit_set: self.through(unit_set).complete, TODAY)
        self.latest = run_query("latest_record_date", store=self.store)["latest_on"].iloc[0]
        self.latest = self.latest.date()
        f = self.filters
        self.scope = self.through(f.unit_set, f.communes)
        kpis = run_query("kpis", store=self.store, **f.params(self.latest))
        self.kpis = kpis.set_index("period")
        self.reason = like_for_like.not_comparable(f.comparison(self.latest), self.scope)
        self.cards = {c.key: c for c in kpi_cards.kpi_cards(kpis, self.reason)}

    def through(self, unit_set: str, communes: tuple[str, ...] = ()) -> DataThrough:
        return progress.data_through(self.reports, self.store, unit_set, communes, TODAY)


# ---------------------------------------------------------------- the rule


def test_rule_pure_functions():
    months = [(D(2026, 8, 15), D(2026, 9, 14), False), (D(2026, 9, 15), D(2026, 10, 14), True),
              (D(2026, 10, 15), D(2026, 11, 14), True)]
    # kỳ 9 not reported but the records reach past its end: covered, and so are the next two
    assert covered_through(months, D(2026, 10, 29)) == D(2026, 11, 14)
    # records stop before kỳ 9 ends: the run stops there, the records' day counts
    assert covered_through(months, D(2026, 9, 1)) == D(2026, 9, 1)
    assert covered_through([], None) is None
    assert last_month_end(D(2026, 10, 27)) == D(2026, 9, 30)
    assert last_month_end(D(2026, 10, 31)) == D(2026, 10, 31)
    assert last_month_end(D(2026, 10, 27), report_months=True) == D(2026, 10, 14)
    assert last_month_end(D(2026, 10, 13), report_months=True) == D(2026, 9, 14)
    through = DataThrough((UnitThrough("a", "Xã A", D(2026, 10, 27)),
                           UnitThrough("b", "Xã B", D(2026, 11, 14))), D(2026, 12, 7),
                          D(2020, 1, 1))
    assert through.complete == D(2026, 10, 27)
    assert [u.name for u in through.missing(D(2026, 10, 31))] == ["Xã A"]


def test_sample_is_complete_to_27_10_and_opens_on_01_01_to_30_09(copies):
    shown = Shown(copies["base"])
    units = {u.name: u.through for u in shown.through("2025").units}
    # Tân Tri's November report was sent back and its newest record is 27/10; Vũ Lăng has
    # reported neither October nor November, newest record 28/10; the others reported November
    assert units == {"Xã Bắc Sơn": D(2026, 11, 14), "Xã Hưng Vũ": D(2026, 11, 14),
                     "Xã Nhất Hòa": D(2026, 11, 14), "Xã Tân Tri": D(2026, 10, 27),
                     "Xã Vũ Lăng": D(2026, 10, 28), "Xã Vũ Lễ": D(2026, 11, 14)}
    f = shown.filters
    assert (f.period_kind, f.start, f.end, f.unit_set) == (
        "range", D(2026, 1, 1), D(2026, 9, 30), "2025")
    assert shown.reason is None  # complete, and 2025 is too: compared like for like
    assert shown.cards["outreach_sessions"].comparable


# ---------------------------------------------------------------- one record at a time


def _values(shown: Shown, row: str) -> dict[str, int]:
    return {k: int(v) for k, v in shown.kpis.loc[row].items() if k not in (
        "date_from", "date_to")}


def test_a_record_dated_today_moves_nothing_by_default(copies):
    base, today = Shown(copies["base"]), Shown(copies["today"])
    assert today.latest == TODAY  # "Số liệu tính đến" is today's...
    assert today.filters == base.filters  # ...but the default period does not move
    assert _values(today, "current") == _values(base, "current")
    assert _values(today, "previous") == _values(base, "previous")
    assert [(c.value, c.delta) for c in today.cards.values()] == [
        (c.value, c.delta) for c in base.cards.values()]
    # Chosen, the year 2026 counts the record, and says it is not complete: no false declines
    year = Filters(unit_set="2025", period_kind="year", year=2026)
    with_it, without = Shown(copies["today"], year), Shown(copies["base"], year)
    for key, part in OUTREACH.items():
        assert with_it.kpis.loc["current", key] - without.kpis.loc["current", key] <= part
    assert with_it.kpis.loc["current", "outreach_sessions"] == \
        without.kpis.loc["current", "outreach_sessions"] + 1
    assert with_it.reason == "kỳ chưa đủ số liệu"
    assert like_for_like.not_comparable_detail(year.comparison(with_it.latest), with_it.scope) \
        == "kỳ chưa đủ số liệu (đủ đến 27/10/2026)"
    card = with_it.cards["outreach_sessions"]
    assert card.delta == "Chưa so sánh được: kỳ chưa đủ số liệu"
    assert card.direction == 0 and not card.comparable
    text = like_for_like.incomplete_text(year.comparison(with_it.latest), with_it.scope)
    assert text == ("Kỳ chưa đủ số liệu: số liệu của các xã mới đủ đến 27/10/2026, chưa xã nào "
                    f"đủ đến {TODAY:%d/%m/%Y}; các số liệu đã gồm mọi bản ghi đã nhập.")


def test_records_of_one_commune_only_move_nothing_by_default(copies):
    base, one = Shown(copies["base"]), Shown(copies["one"])
    assert one.filters == base.filters
    assert [(c.value, c.delta) for c in one.cards.values()] == [
        (c.value, c.delta) for c in base.cards.values()]
    # Xã Bắc Sơn alone: its data reach 25/11 now, the commune's own view may end in October
    units = {u.code: u.through for u in one.through("2025").units}
    assert units["06325"] == D(2026, 11, 25)
    assert one.through("2025").complete == D(2026, 10, 27)


def test_a_record_in_a_month_one_commune_has_not_reported(copies):
    # Nhất Hòa never reported kỳ 9/2026; a record of 01/09/2026 is inside the default period
    base, added = Shown(copies["base"]), Shown(copies["unreported"])
    assert added.filters == base.filters and added.reason is None
    now, before = _values(added, "current"), _values(base, "current")
    assert {k: now[k] - before[k] for k in now if now[k] != before[k]} == OUTREACH
    assert _values(added, "previous") == _values(base, "previous")
    for key, card in added.cards.items():
        old = base.cards[key]
        if key in OUTREACH:  # the change moves by exactly the record's own value
            assert card.delta != old.delta
            assert card.delta.startswith("+") or card.delta.startswith("-")
        else:
            assert (card.value, card.delta) == (old.value, old.delta), key


def test_downloads_state_what_the_page_says(copies):
    year = Filters(unit_set="2025", period_kind="year", year=2026)
    shown = Shown(copies["today"], year)
    lines = dict(view_text.filter_lines(year, {}, {}, shown.latest, shown.scope))
    assert lines["Cùng kỳ năm trước"] == (
        "chưa so sánh được: kỳ chưa đủ số liệu (đủ đến 27/10/2026)")
    assert lines["Số liệu đủ đến"] == "27/10/2026"
    assert lines["Tình trạng kỳ"].startswith("Kỳ chưa đủ số liệu: ")
    base = Shown(copies["base"])
    lines = dict(view_text.filter_lines(base.filters, {}, {}, base.latest, base.scope))
    assert lines["Cùng kỳ năm trước"] == "01/01/2025 – 30/09/2025"
    assert lines["Tình trạng kỳ"] == "đủ số liệu"


def test_no_comparison_with_a_year_before_the_data_start(copies):
    shown = Shown(copies["base"], Filters(unit_set="2024", period_kind="year", year=2020))
    assert shown.reason == "không có số liệu cùng kỳ"
    assert like_for_like.not_comparable_detail(shown.filters.comparison(shown.latest),
                                               shown.scope) == (
        "không có số liệu cùng kỳ (số liệu bắt đầu từ 01/01/2020)")
    assert all(not c.comparable and c.direction == 0 for c in shown.cards.values())
    assert shown.cards["outreach_sessions"].delta.startswith("Chưa so sánh được: ")
    complete = Shown(copies["base"], Filters(unit_set="2024", period_kind="year", year=2021))
    assert complete.reason is None and complete.cards["patrols"].comparable


# ---------------------------------------------------------------- the pages


def _run(script: str, folder: Path, monkeypatch, filters: Filters | None = None) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(folder))
    at = AppTest.from_file(str(REPO / script), default_timeout=120)
    if filters is not None:
        at.session_state["filters"] = filters
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _tiles(at: AppTest) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def _vi_int(text: str) -> int:
    return int(text.replace(".", ""))


def test_overview_and_meeting_with_a_record_dated_today(copies, monkeypatch):
    overview = _run("views/overview.py", copies["today"], monkeypatch)
    meeting = _run("views/meeting.py", copies["today"], monkeypatch)
    tiles, projected = _tiles(overview), _tiles(meeting)
    assert projected and all(projected[k] == tiles[k] for k in projected)  # same view
    base = Shown(copies["base"])
    assert tiles["Buổi tuyên truyền"] == (base.cards["outreach_sessions"].value,
                                          base.cards["outreach_sessions"].delta)
    # the tiles are the totals of the table under them
    units = overview.dataframe[0].value.set_index("Xã")
    for tile, column in (("Buổi tuyên truyền", "Buổi tuyên truyền"),
                         ("Cuộc tuần tra", "Cuộc tuần tra"), ("Vụ hòa giải", "Vụ hòa giải"),
                         ("Vụ việc về ANTT", "Vụ việc"),
                         ("Lượt người dự tuyên truyền", "Lượt người dự")):
        assert _vi_int(tiles[tile][0]) == units.loc["Tổng cộng", column], tile
    assert set(units["Báo cáo"].drop("Tổng cộng")) == {"đủ"}
    captions = " ".join(plain(c.value) for c in overview.caption)
    assert "Số liệu đủ: 6/6 xã đã báo cáo hoặc có số liệu đến hết 30/09/2026." in captions


def test_sidebar_says_how_far_the_figures_are_complete_and_the_newest_record(copies,
                                                                            monkeypatch):
    """Issue 28: with a record dated today the sidebar said "Số liệu tính đến 07/12/2026" beside
    figures complete only to an earlier day; it now says both, by the rule of the line under
    the tiles (antt.data.complete)."""
    at = _run("app.py", copies["today"], monkeypatch)
    stamps = [m.value for m in at.sidebar.markdown]
    assert "**Số liệu đủ đến hết 27/10/2026**" in stamps
    assert not any("tính đến" in s for s in stamps)
    captions = [c.value for c in at.sidebar.caption]
    assert (f"Bản ghi mới nhất: {TODAY:%d/%m/%Y} (sau 27/10/2026 có xã đang xem chưa đủ số "
            "liệu).") in captions
    under_tiles = " ".join(plain(c.value) for c in at.main.caption)
    assert "đến hết 30/09/2026." in under_tiles
    # the day follows the units in view (the default view stops at the last whole month,
    # 30/09, before it): Xã Bắc Sơn before 01/7/2025 has reported to 14/11/2026
    at.selectbox(key="f_unit").set_value("2024").run()
    at.multiselect(key="f_communes").set_value(["06325"]).run()
    assert "**Số liệu đủ đến hết 14/11/2026**" in [m.value for m in at.sidebar.markdown]
    assert (f"Bản ghi mới nhất: {TODAY:%d/%m/%Y} (sau 14/11/2026 có xã đang xem chưa đủ số "
            "liệu).") in [c.value for c in at.sidebar.caption]


def test_overview_of_a_period_not_complete_says_so(copies, monkeypatch):
    year = Filters(unit_set="2025", period_kind="year", year=2026)
    at = _run("views/overview.py", copies["today"], monkeypatch, year)
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "Kỳ chưa đủ số liệu: số liệu của các xã mới đủ đến 27/10/2026" in captions
    assert "Chưa so sánh với cùng kỳ: kỳ chưa đủ số liệu (đủ đến 27/10/2026)." in captions
    tiles = _tiles(at)
    assert {d for _, d in tiles.values()} == {"Chưa so sánh được: kỳ chưa đủ số liệu"}
    units = at.dataframe[0].value.set_index("Xã")
    assert units.loc["Xã Tân Tri", "Báo cáo"] == "chưa đủ (đến 27/10/2026)"
    # the units not complete are counted, as the caption says: tile = table total
    assert _vi_int(tiles["Buổi tuyên truyền"][0]) == units.loc["Tổng cộng", "Buổi tuyên truyền"]
    # the months after 27/10 stand next to complete ones, shaded and named
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert [a["text"] for a in trend["annotations"]] == ["chưa đủ số liệu"]
    assert trend["shapes"][0]["x0"].startswith("2026-09-16")  # from October's bar


def test_partial_year_marked_on_security_page(copies, monkeypatch):
    at = _run("views/security.py", copies["base"], monkeypatch)
    years = next(f.value for f in at.dataframe if "Năm" in f.value.columns)
    notes = dict(zip(years["Năm"].astype(str), years["Ghi chú"], strict=True))
    assert notes["2026"] == "chưa đủ năm (01/01–30/09/2026)"
    assert notes["2025"] == "" and notes["2020"] == ""


# ---------------------------------------------------------------- reporting rates


MARCH_REPORTS = ("record_id,unit_code,period,status,done_on,user,note\n"
                 "BC-000001,00001,2024-03,nộp,2024-03-15,Công an thị trấn An,\n"  # on time
                 "BC-000002,00002,2024-03,nộp,2024-03-20,Công an xã Bình,\n")  # late
# 00003 (Xã Đồng Ý) never reports kỳ 3/2024 (due 17/03/2024)


def test_on_time_rate_with_one_late_and_one_missing_report(tmp_path, monkeypatch):
    folder = copy_data(MINI_DATA, tmp_path / "mini")
    (folder / "reporting.toml").write_text('[bao_cao]\nthang_bat_dau = "2024-03"\n',
                                           encoding="utf-8")
    (folder / "reports.csv").write_text(MARCH_REPORTS, encoding="utf-8")
    store = Store(folder)
    assert store.refresh()
    _, summary = load_reports(store).grid(["2024-03"], "2024", (), TODAY)
    assert (summary.expected, summary.reported, summary.on_time) == (3, 2, 1)
    assert summary.rate == pytest.approx(2 / 3)
    assert summary.on_time_rate == pytest.approx(1 / 3)  # on time / owed, as DHIS2
    assert summary.on_time_of_received == pytest.approx(1 / 2)
    month = Filters(unit_set="2024", period_kind="report_month", year=2024, number=3)
    page = _run("views/reports.py", folder, monkeypatch, month)
    shown = {m.label: m.value for m in page.metric}
    assert (shown["Tỷ lệ báo cáo"], shown["Tỷ lệ đúng hạn"]) == ("66,7%", "33,3%")
    status = subprocess.run([sys.executable, "-m", "antt", "report", "status", "--period",
                             "2024-03", "--data", str(folder)], cwd=REPO, capture_output=True,
                            text=True, timeout=120)
    assert ("đã nộp 2/3 báo cáo (66,7%), đúng hạn 1/3 (33,3%; 50,0% số đã nộp)"
            in status.stdout), status.stdout + status.stderr
    rules = " ".join(plain(m.value) for m in page.markdown)
    assert "Tỷ lệ đúng hạn = số báo cáo nộp đúng hạn / số báo cáo phải nộp" in rules
    assert "Đúng hạn trong số đã nộp = số nộp đúng hạn / số đã nộp" in rules


def test_progress_counts_in_the_unit_set_shown(copies, monkeypatch):
    # Kỳ 11/2026 seen "Trước 01/7/2025": 18 old communes, carried by their 6 successors
    month = Filters(unit_set="2024", period_kind="report_month", year=2026, number=11)
    at = _run("views/reports.py", copies["base"], monkeypatch, month)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Đã duyệt"] == "0/18"
    banner = plain(at.error[0].value)
    # Tân Tri (sent back) and Vũ Lăng (missing) carry 3 + 4 old communes
    assert ": 7 xã, thị trấn chưa báo cáo: " in banner
    rates = next(f.value for f in at.dataframe if "Báo cáo phải nộp" in f.value.columns)
    units = rates.iloc[:-1]  # the last row is the total
    assert len(units) == 18
    assert units["Báo cáo phải nộp"].sum() == 18 and units["Báo cáo đã nộp"].sum() == 11
    assert shown["Tỷ lệ báo cáo"] == "61,1%"  # 11/18
    assert "Đúng hạn / đã nộp (%)" in rates.columns


def test_a_province_mostly_missing_is_counted_not_listed():
    # Lạng Sơn's 65 communes, two with records: the line named all 64 missing ones ("Phường
    # Đông Kinh (chưa có), …") and buried the tiles; now counted, the partly-in ones named.
    units = tuple([UnitThrough(f"{i:05d}", f"Xã {i}", None) for i in range(62)] + [
        UnitThrough("06613", "Xã Đình Lập", D(2026, 11, 20)),
        UnitThrough("06364", "Xã Vũ Lễ", D(2026, 11, 12)),
        UnitThrough("06367", "Xã Vũ Lăng", D(2026, 12, 31))])
    year = Filters(unit_set="2025", period_kind="year", year=2026)
    text = like_for_like.incomplete_text(year.comparison(D(2026, 12, 6)),
                                         DataThrough(units, latest=D(2026, 12, 6)))
    assert text == (
        "Kỳ chưa đủ số liệu: 64/65 xã chưa báo cáo hoặc chưa có số liệu đến 06/12/2026 (62 xã "
        "chưa có số liệu nào; 2 xã có một phần: Xã Đình Lập đủ đến 20/11/2026, Xã Vũ Lễ đủ "
        "đến 12/11/2026); từng xã ở trang Tiến độ báo cáo. Các số liệu đã gồm phần đã nhập.")
    # up to eight missing units are still named one by one
    few = DataThrough(units[-9:], latest=D(2026, 12, 6))
    assert like_for_like.incomplete_text(year.comparison(D(2026, 12, 6)), few).startswith(
        "Kỳ chưa đủ số liệu: Xã 56 (chưa có), Xã 57 (chưa có)")
    # none of the missing has any data: said once, not "64/65 … (64 xã chưa có …)"
    none = DataThrough(units[:62] + units[-1:], latest=D(2026, 12, 6))
    assert like_for_like.incomplete_text(year.comparison(D(2026, 12, 6)), none) == (
        "Kỳ chưa đủ số liệu: 62/63 xã chưa có số liệu nào (chưa báo cáo, chưa nhập bản ghi); "
        "từng xã ở trang Tiến độ báo cáo.")


def test_the_projector_footer_says_it_in_one_short_line():
    year = Filters(unit_set="2025", period_kind="year", year=2026)
    c = year.comparison(D(2026, 10, 31))
    units = (UnitThrough("06355", "Xã Tân Tri", D(2026, 10, 27)),
             UnitThrough("06358", "Xã Vũ Lăng", D(2026, 10, 28)),
             UnitThrough("06325", "Xã Bắc Sơn", D(2026, 11, 30)))
    assert like_for_like.counted_short(c, DataThrough(units)) == (
        "Chưa đủ số liệu đến 31/10/2026: Xã Tân Tri (đến 27/10), Xã Vũ Lăng (đến 28/10); đã "
        "gồm phần đã nhập.")
    assert like_for_like.counted_short(c, DataThrough(units[2:])) == "Kỳ này đủ số liệu: 1/1 xã."
    province = tuple(UnitThrough(f"{i:05d}", f"Xã {i}", None) for i in range(62)) + units
    assert like_for_like.counted_short(c, DataThrough(province)) == (
        "Chưa đủ số liệu đến 31/10/2026: 64/65 xã chưa đủ, 62 chưa có số liệu nào; đã gồm "
        "phần đã nhập.")
    assert like_for_like.counted_short(c, DataThrough(province[:62] + units[2:])) == (
        "Chưa đủ số liệu đến 31/10/2026: 62/63 xã chưa có số liệu nào; đã gồm phần đã nhập.")
