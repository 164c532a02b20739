"""Pages under AppTest (issue 17): a unit that has not reported reads "chưa báo cáo", not 0;
the Tiến độ báo cáo page; report actions on the Dữ liệu page; the notice restricted to
approved periods."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from signed_in import add_account
from streamlit.testing.v1 import AppTest

from antt.access import editors_file
from antt.data.queries import run_query
from antt.indicators.filters import Filters
from antt.maps.boundaries import load_boundaries
from antt.maps.colours import DEFAULT_INDICATOR, INDICATORS
from antt.maps.plotly_map import map_figure
from antt.ui.editor_auth import BINDING_KEY, binding_of

REPO = Path(__file__).resolve().parent.parent
HEADER = "record_id,unit_code,period,status,done_on,user,note\n"
MARCH = Filters(unit_set="2024", period_kind="report_month", year=2024, number=3)
# 2024-03 = 15/02–14/03/2024: Thị trấn An and Xã Bình reported, Xã Đồng Ý did not
REPORTS = ("BC-000001,00001,2024-03,nộp,2024-03-15,Công an thị trấn An,\n"
           "BC-000002,00002,2024-03,nộp,2024-03-20,Công an xã Bình,\n"
           "BC-000003,00002,2024-03,duyệt,2024-03-25,Trưởng ban,\n")


def plain(markdown: str) -> str:
    """Text as shown: the escapes of antt.text.escape.md removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def tracked(folder: Path) -> Path:
    (folder / "reporting.toml").write_text('[bao_cao]\nthang_bat_dau = "2024-01"\n',
                                           encoding="utf-8")
    (folder / "reports.csv").write_text(HEADER + REPORTS, encoding="utf-8")
    return folder


def run(script: str, data_dir: Path, monkeypatch, filters: Filters, **state) -> AppTest:
    monkeypatch.setenv("ANTT_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(REPO / script), default_timeout=120)
    at.session_state["filters"] = filters
    for key, value in state.items():
        at.session_state[key] = value
    if "editor" in state:  # signed in from this browser (AppTest sends no cookies)
        at.session_state[BINDING_KEY] = binding_of({})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    for frame in at.dataframe:
        value = frame.value
        value = value.data if hasattr(value, "data") else value  # a Styler
        if column in value.columns:
            return value
    raise AssertionError(f"no table with {column!r}")


def test_overview_counts_what_its_caption_says(mini_dir, monkeypatch):
    # Issue 23: Xã Đồng Ý did not report 2024-03 but has records after 14/03/2024, so its data
    # are complete (antt.data.complete): its 0 is a real 0, counted in the tiles and the table
    # alike (it used to be blanked in the table while the tiles counted it).
    at = run("views/overview.py", tracked(mini_dir), monkeypatch, MARCH)
    captions = " ".join(plain(c.value) for c in at.caption)
    assert ("Số liệu đủ: 3/3 xã, thị trấn đã báo cáo hoặc có số liệu đến hết 14/03/2024."
            in captions)
    units = table_with(at, "Báo cáo").set_index("Xã, thị trấn")
    assert units.loc[["Thị trấn An", "Xã Bình", "Xã Đồng Ý"], "Báo cáo"].tolist() == ["đủ"] * 3
    assert units.loc["Xã Đồng Ý", "Buổi tuyên truyền"] == 0
    assert units.loc["Thị trấn An", "Buổi tuyên truyền"] == 1  # T3, 05/03/2024
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Buổi tuyên truyền"] == "1" and units.loc["Tổng cộng", "Buổi tuyên truyền"] == 1


def test_overview_names_units_not_complete_and_keeps_their_figures(mini_dir, monkeypatch):
    # Quarter 4/2024, counted to 01/12/2024 (the newest record): Thị trấn An (to 01/09) and Xã
    # Bình (to 01/08) have no report and no record through its end.
    q4 = Filters(unit_set="2024", period_kind="quarter", year=2024, number=4)
    at = run("views/overview.py", tracked(mini_dir), monkeypatch, q4)
    captions = " ".join(plain(c.value) for c in at.caption)
    assert ("Kỳ chưa đủ số liệu: Thị trấn An (đủ đến 01/09/2024), Xã Bình (đủ đến 01/08/2024) "
            "chưa báo cáo hoặc chưa có số liệu đến 01/12/2024; các số liệu đã gồm phần đã nhập "
            "của các xã này.") in captions
    assert "Chưa so sánh với cùng kỳ: 2/3 xã chưa đủ số liệu." in captions
    units = table_with(at, "Báo cáo").set_index("Xã, thị trấn")
    assert units.loc["Xã Bình", "Báo cáo"] == "chưa đủ (đến 01/08/2024)"
    assert units.loc["Xã Đồng Ý", "Báo cáo"] == "đủ"
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Buổi tuyên truyền"] == "Chưa so sánh được: 2/3 xã chưa đủ số liệu"


def test_map_draws_unreported_units_grey_with_the_word(sample_dir, sample_store):
    params = Filters(unit_set="2025", period_kind="report_month", year=2026, number=10).params()
    units = run_query("activities_by_unit", store=sample_store, **params)
    villages = run_query("activities_by_village", store=sample_store, **params)
    boundaries = load_boundaries(sample_dir, "2025")
    fig = map_figure(units, villages, boundaries, DEFAULT_INDICATOR, title="t",
                     unreported=["06367"])
    grey = [t for t in fig.data if t.name == "Chưa báo cáo"]
    assert len(grey) == 1 and list(grey[0].locations) == ["06367"]
    assert grey[0].hovertext[0] == "<b>Xã Vũ Lăng</b><br>Chưa báo cáo: chưa có số liệu của kỳ này"
    coloured = [t for t in fig.data if t.name == INDICATORS[DEFAULT_INDICATOR].label]
    assert "06367" not in coloured[0].locations and len(coloured[0].locations) == 5


def test_figures_without_tracking_use_the_records(mini_dir, monkeypatch):
    # No reporting.toml: the same rule on the records alone (issue 23: one rule everywhere)
    at = run("views/overview.py", mini_dir, monkeypatch, MARCH)
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "Số liệu đủ: 3/3 xã, thị trấn" in captions
    frame = table_with(at, "Buổi tuyên truyền")
    assert frame.set_index("Xã, thị trấn").loc["Xã Đồng Ý", "Buổi tuyên truyền"] == 0


def test_progress_page(mini_dir, monkeypatch):
    year = Filters(unit_set="2024", period_kind="range", start=dt.date(2024, 1, 1),
                   end=dt.date(2024, 3, 31))
    at = run("views/reports.py", tracked(mini_dir), monkeypatch, year)
    # periods 2024-01..2024-04; only 2024-03 was reported, by two of the three
    errors = [plain(e.value) for e in at.error]
    assert errors == ["Kỳ tháng 4/2024 (15/03/2024 – 14/04/2024), hạn nộp 17/04/2024: 3 "
                      "xã, thị trấn chưa báo cáo: Thị trấn An (chưa nộp), Xã Bình (chưa nộp), "
                      "Xã Đồng Ý (chưa nộp)."]
    shown = {m.label: m.value for m in at.metric}
    # on time / owed, the DHIS2 way (issue 23): 1 of 12, not 1 of the 2 received
    assert shown == {"Tỷ lệ báo cáo": "16,7%", "Tỷ lệ đúng hạn": "8,3%", "Báo cáo đều": "0,0%",
                     "Đã duyệt": "1/12"}
    grid = table_with(at, "03/2024").set_index("Xã, thị trấn")
    assert list(grid.columns) == ["01/2024", "02/2024", "03/2024", "04/2024"]
    assert grid.loc["Xã Bình", "03/2024"] == "Đã duyệt"
    assert grid.loc["Thị trấn An", "03/2024"] == "Đúng hạn"  # 15/03, due 17/03
    assert grid.loc["Xã Đồng Ý", "03/2024"] == "Chưa nộp"
    rates = table_with(at, "Tỷ lệ báo cáo (%)").set_index("Xã, thị trấn")
    assert rates.loc["Xã Bình", "Báo cáo đã nộp"] == 1
    assert rates.loc["Xã Bình", "Báo cáo phải nộp"] == 4
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels.count("⬇️ CSV (dấu ;)") == 2 and labels.count("⬇️ Excel") == 2


def test_data_page_submit_and_approve(mini_dir, monkeypatch):
    tracked(mini_dir)
    editor = editors_file.Editor("truong_ban")
    monkeypatch.setenv("ANTT_EDITORS_FILE", str(mini_dir / "editors.toml"))
    add_account(editor)
    at = run("views/data.py", mini_dir, monkeypatch, MARCH, editor=editor,
             report_period="2024-03", report_unit="00003")
    assert any("Trạng thái: chưa nộp (hạn nộp 17/03/2024)" in plain(c.value) for c in at.caption)
    at.button(key="report_submit").click().run()
    assert not at.exception
    assert any("Nộp báo cáo: Xã Đồng Ý, kỳ tháng 3/2024" in plain(s.value) for s in at.success)
    at.button(key="report_approve").click().run()
    assert any("Duyệt báo cáo: Xã Đồng Ý" in plain(s.value) for s in at.success)
    lines = (mini_dir / "reports.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[1:5:2] for line in lines[-2:]] == [["00003", "nộp"],
                                                                ["00003", "duyệt"]]


def test_notice_restricted_to_approved_periods(sample_copy, monkeypatch):
    # Xã Vũ Sơn's report of 09/2024 reopened: approved only through 08/2024
    with (sample_copy / "reports.csv").open("a", encoding="utf-8") as fh:
        fh.write("BC-900001,06355,2024-09,mở khóa,2026-11-20,Tổng hợp BCĐ 138,Bổ sung\n")
    filters = Filters(unit_set="2024", period_kind="range", start=dt.date(2024, 1, 1),
                      end=dt.date(2024, 10, 2))
    at = run("views/notice.py", sample_copy, monkeypatch, filters)
    before = figures(at)
    at.checkbox(key="nt_approved_only").check().run()
    assert not at.exception, [e.value for e in at.exception]
    infos = [plain(i.value) for i in at.info]
    assert any(i.startswith("Số liệu đã được duyệt đến 14/08/2024 (hết kỳ báo cáo tháng "
                            "8/2024); thông báo tính số liệu đến 14/08/2024.") for i in infos)
    after = figures(at)
    assert after != before


def figures(at: AppTest) -> dict[str, str]:
    table = table_with(at, "Giá trị")
    return dict(zip(table["Chỗ trống"], table["Giá trị"], strict=True))


def test_notice_cli_restricted_to_approved_periods(sample_copy, tmp_path, capsys):
    from antt.__main__ import main

    with (sample_copy / "reports.csv").open("a", encoding="utf-8") as fh:
        fh.write("BC-900001,06355,2024-09,mở khóa,2026-11-20,Tổng hợp BCĐ 138,Bổ sung\n")
    out = tmp_path / "tb.pdf"
    assert main(["notice", "--data", str(sample_copy), "-o", str(out), "--to", "2024-10-02",
                 "--approved-only"]) == 0
    printed = capsys.readouterr().out
    assert ("Số liệu đã được duyệt đến 14/08/2024 (hết kỳ báo cáo tháng 8/2024); thông báo "
            "tính số liệu đến 14/08/2024.") in printed
    assert "đến 14/08/2024" in printed.splitlines()[-1]
    full = tmp_path / "full.pdf"
    assert main(["notice", "--data", str(sample_copy), "-o", str(full), "--to",
                 "2024-10-02"]) == 0
    assert "đến 02/10/2024" in capsys.readouterr().out.splitlines()[-1]
