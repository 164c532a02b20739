"""Reporting completeness, approval and locking (issue 17): the expected-report arithmetic
across 01/7/2025, late and missing reports, the approval lock on imports, edits and undos,
the report CLI. Pages are in test_reports_pages.py."""

from __future__ import annotations

import datetime as dt
import getpass
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from antt.data import report_rules
from antt.data.queries import run_query
from antt.data.store import Store
from antt.entry.importer import import_file
from antt.reporting import approval, coverage, progress
from antt.reporting.progress import load_reports
from antt.writes import writer

REPO = Path(__file__).resolve().parent.parent
HEADER = "record_id,unit_code,period,status,done_on,user,note\n"
SETTINGS = '[bao_cao]\nthang_bat_dau = "{start}"\nhan_nop_sau_ky_ngay = 3\n'


def events(*rows: tuple) -> pd.DataFrame:
    """(unit, period, status, done_on, user, note) -> reports.csv rows as the query gives."""
    return pd.DataFrame(
        [(f"BC-{i:06d}", u, p, s, dt.date.fromisoformat(d), who, note)
         for i, (u, p, s, d, who, note) in enumerate(rows, start=1)],
        columns=["record_id", "unit_code", "period", "status", "done_on", "user", "note"])


def tracked(folder: Path, start: str = "2024-01", reports: str = "") -> Path:
    (folder / "reporting.toml").write_text(SETTINGS.format(start=start), encoding="utf-8")
    (folder / "reports.csv").write_text(HEADER + reports, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- periods and expectations


def test_reporting_month_and_deadline():
    assert report_rules.period_of(dt.date(2024, 9, 15)) == "2024-10"
    assert report_rules.period_of(dt.date(2024, 10, 14)) == "2024-10"
    assert report_rules.period_of(dt.date(2024, 12, 15)) == "2025-01"
    assert report_rules.period_bounds("2024-10") == (dt.date(2024, 9, 15), dt.date(2024, 10, 14))
    assert report_rules.Settings("2024-01").deadline("2024-10") == dt.date(2024, 10, 17)
    # the month that straddles 01/7/2025 ends after it: the new communes report it
    assert [report_rules.unit_set_of(p) for p in ("2025-06", "2025-07")] == ["2024", "2025"]
    with pytest.raises(ValueError, match="YYYY-MM"):
        report_rules.parse_period("2024-13")


def test_expected_reports_across_the_unit_set_change(sample_store):
    reports = load_reports(sample_store)
    units = reports.units
    settings = report_rules.Settings("2025-05")
    periods = report_rules.periods_between("2025-04", "2025-08")  # 2025-04: before the start
    native = coverage.native_cells(report_rules.report_states(events()), units, settings,
                                    periods, dt.date(2025, 12, 1))
    per_period = native.groupby("period")["expected"].sum().to_dict()
    assert per_period == {"2025-05": 18, "2025-06": 18, "2025-07": 6, "2025-08": 6}
    assert native["expected"].sum() == 48 and native["reported"].sum() == 0
    # in the 2025 unit set a new xã owes its old communes' reports before 07/2025
    grid = coverage.display_cells(native, units, "2025")
    vu_lang = grid[grid["unit_code"] == "06367"].set_index("period")
    assert vu_lang["natives"].to_dict() == {"2025-05": 4, "2025-06": 4, "2025-07": 1,
                                            "2025-08": 1}
    # in the 2024 unit set an old commune is carried by its successor after 07/2025
    old = coverage.display_cells(native, units, "2024")
    assert len(old[old["period"] == "2025-08"]) == 18
    # Counted in the unit set shown (issue 23): 6 xã × 5 months, or 18 old units × 5 months,
    # never 18 old reports in a page that shows 6 xã
    _, summary = reports.grid(periods, "2025", (), dt.date(2025, 12, 1))
    assert (summary.expected, summary.reported) == (6 * 5, 30)  # the sample's own
    _, summary = reports.grid(periods, "2024", (), dt.date(2025, 12, 1))
    assert (summary.expected, summary.reported, summary.units) == (18 * 5, 90, 18)


def test_old_communes_roll_up_into_the_new_one(sample_store):
    units = load_reports(sample_store).units
    settings = report_rules.Settings("2025-06")
    two_of_three = events(("06325", "2025-06", "nộp", "2025-06-15", "a", ""),
                          ("06328", "2025-06", "nộp", "2025-06-16", "b", ""))
    native = coverage.native_cells(report_rules.report_states(two_of_three), units, settings,
                                    ["2025-06"], dt.date(2025, 8, 1))
    grid = coverage.display_cells(native, units, "2025").set_index("unit_code")
    assert grid.loc["06325", "cell"] == "partial"
    assert (grid.loc["06325", "reported"], grid.loc["06325", "natives"]) == (2, 3)
    three = events(("06325", "2025-06", "nộp", "2025-06-15", "a", ""),
                   ("06328", "2025-06", "nộp", "2025-06-16", "b", ""),
                   ("06343", "2025-06", "nộp", "2025-06-25", "c", ""))
    native = coverage.native_cells(report_rules.report_states(three), units, settings,
                                    ["2025-06"], dt.date(2025, 8, 1))
    grid = coverage.display_cells(native, units, "2025").set_index("unit_code")
    assert grid.loc["06325", "cell"] == "late"  # one of the three came after 17/06


def test_late_missing_returned_and_not_due(mini_store):
    units = load_reports(mini_store).units
    settings = report_rules.Settings("2024-10")
    states = report_rules.report_states(events(
        ("00001", "2024-10", "nộp", "2024-10-17", "a", ""),  # the deadline day: on time
        ("00002", "2024-10", "nộp", "2024-10-18", "b", ""),  # a day late
        ("00003", "2024-10", "nộp", "2024-10-15", "c", ""),
        ("00003", "2024-10", "trả lại", "2024-10-16", "h", "Thiếu số liệu"),
        ("00001", "2024-11", "nộp", "2024-11-15", "a", ""),
    ))
    today = dt.date(2024, 11, 16)  # 2024-11 is due on 17/11: not yet late
    native = coverage.native_cells(states, units, settings, ["2024-10", "2024-11"], today)
    cells = native.set_index(["unit_code", "period"])["cell"].to_dict()
    assert cells == {
        ("00001", "2024-10"): "on_time", ("00002", "2024-10"): "late",
        ("00003", "2024-10"): "returned",
        ("00001", "2024-11"): "on_time", ("00002", "2024-11"): "not_due",
        ("00003", "2024-11"): "not_due",
    }
    grid = coverage.display_cells(native, units, "2024")
    summary = coverage.summarize(grid, today)
    assert (summary.expected, summary.reported, summary.on_time) == (4, 3, 2)
    # DHIS2: on time / owed (issue 23), and on time among those received, labelled apart
    assert summary.rate == pytest.approx(0.75) and summary.on_time_rate == pytest.approx(2 / 4)
    assert summary.on_time_of_received == pytest.approx(2 / 3)
    assert summary.current == "2024-11"
    # two days later 2024-11 is overdue for the two that have not sent it
    native = coverage.native_cells(states, units, settings, ["2024-10", "2024-11"],
                                    dt.date(2024, 11, 18))
    assert sorted(native.loc[native["cell"] == "missing", "unit_code"]) == ["00002", "00003"]
    # '% báo cáo đều': only 00001 reported both months
    grid = coverage.display_cells(native, units, "2024")
    summary = coverage.summarize(grid, dt.date(2024, 11, 18))
    assert (summary.regular_units, summary.units) == (1, 3)
    assert list(summary.missing_now["unit_code"]) == ["00002", "00003"]


def test_reports_file_is_checked(mini_dir):
    tracked(mini_dir, reports="BC-000001,00005,2024-06,nộp,2024-06-15,a,\n"
                              "BC-000002,00001,2025-09,nộp,2025-09-15,a,\n"
                              "BC-000003,00002,2024-6,nộp,2024-06-15,a,\n"
                              "BC-000004,00002,2024-06,nộp,2024-05-01,a,\n")
    store = Store(mini_dir)
    assert not store.refresh()
    texts = [str(p) for p in store.problems]
    assert texts == [
        "reports.csv, dòng 2, cột “unit_code”: Mã xã “00005” không thuộc xã, thị trấn trước "
        "01/7/2025, bộ đơn vị của kỳ tháng 6/2024.",
        "reports.csv, dòng 3, cột “unit_code”: Mã xã “00001” không thuộc xã mới (từ 01/7/2025), "
        "bộ đơn vị của kỳ tháng 9/2025.",
        "reports.csv, dòng 4, cột “period”: Kỳ báo cáo “2024-6” không đúng dạng YYYY-MM (ví dụ "
        "2024-10).",
        "reports.csv, dòng 5, cột “done_on”: Ngày 01/05/2024 trước khi kỳ tháng 6/2024 bắt đầu "
        "(15/05/2024).",
    ]


def test_missing_reports_file_reads_as_no_reports(mini_dir):
    assert not (mini_dir / "reports.csv").exists()
    store = Store(mini_dir)
    assert store.refresh(), store.problems
    assert run_query("report_events", store=store).empty


# ---------------------------------------------------------------- approval locks


TODAY = dt.date(2025, 1, 10)
OUT_HEADER = "record_id,held_on,village_code,model_id,topic,format,attendees\n"


def test_locked_period_refuses_import_edit_delete_and_undo_until_reopened(mini_dir):
    # Xã Bình (00002) had its reports of 2024-02 and 2024-06 approved.
    tracked(mini_dir, reports="BC-000001,00002,2024-02,nộp,2024-02-15,Công an xã Bình,\n"
                              "BC-000002,00002,2024-02,duyệt,2024-02-20,Trưởng ban,\n"
                              "BC-000003,00002,2024-06,nộp,2024-06-15,Công an xã Bình,\n"
                              "BC-000004,00002,2024-06,duyệt,2024-06-20,Trưởng ban,\n")
    row = ",2024-06-05,00002-02,M1,luat_cu_tru,hop_thon,45\n"
    result = import_file("outreach", (OUT_HEADER + row).encode(), "moi.csv", mini_dir,
                         user="x", today=TODAY)
    assert result.audit is None
    message = " ".join(p.message for p in result.problems)
    assert "Kỳ báo cáo tháng 6/2024 (15/05/2024 – 14/06/2024) của Xã Bình" in message
    assert "Trưởng ban duyệt ngày 20/06/2024" in message
    # the file's rows and the column as the file heads it, not the data file's code
    two = ",2024-07-01,00002-01,,luat_dat_dai,to_roi,20\n" + row + row.replace("45", "46")
    locked = import_file("outreach", (OUT_HEADER + two).encode(), "hai.csv", mini_dir,
                         user="x", today=TODAY).problems
    assert [(p.row, p.column) for p in locked] == [(3, "Ngày tổ chức")]
    assert "(2 dòng: dòng 3, 4)" in locked[0].message
    before = (mini_dir / "outreach.csv").read_bytes()
    with pytest.raises(writer.WriteError, match="tháng 2/2024"):  # T2 is 10/02/2024
        writer.correct_record(mini_dir, "outreach", {"record_id": "T2"}, {"attendees": "71"},
                              "x", today=TODAY)
    with pytest.raises(writer.WriteError, match="Trưởng ban"):
        writer.delete_record(mini_dir, "outreach", {"record_id": "T2"}, "x", today=TODAY)
    # moving a record out of the locked month is an edit of it too
    with pytest.raises(writer.WriteError, match="tháng 2/2024"):
        writer.correct_record(mini_dir, "outreach", {"record_id": "T2"},
                              {"held_on": "2024-03-01"}, "x", today=TODAY)
    assert (mini_dir / "outreach.csv").read_bytes() == before
    # another commune of the same month is not locked
    other = ",2024-06-05,00001-01,,luat_cu_tru,hop_thon,45\n"
    assert import_file("outreach", (OUT_HEADER + other).encode(), "b.csv", mini_dir,
                       user="x", today=TODAY).audit is not None

    # an import in an open month, approved afterwards: its undo is refused
    july = ",2024-07-01,00002-01,,luat_dat_dai,to_roi,20\n"
    done = import_file("outreach", (OUT_HEADER + july).encode(), "c.csv", mini_dir, user="x",
                       today=TODAY)
    assert done.audit is not None
    approval.act(mini_dir, "submit", "00002", "2024-07", "Công an xã Bình", today=TODAY)
    approval.act(mini_dir, "approve", "00002", "2024-07", "Trưởng ban", today=TODAY)
    assert writer.last_undoable(mini_dir).id == done.audit.id  # report events are skipped
    with pytest.raises(writer.WriteError, match="tháng 7/2024.*Trưởng ban duyệt ngày 10/01/2025"):
        writer.undo_last(mini_dir, "x", today=TODAY)

    # reopening (with a reason, kept in the audit log) lets the change through
    with pytest.raises(approval.ReportError, match="cần ghi lý do"):
        approval.act(mini_dir, "reopen", "00002", "2024-07", "Trưởng ban", today=TODAY)
    with pytest.raises(approval.ReportError, match="người được sửa mọi xã"):
        approval.act(mini_dir, "reopen", "00002", "2024-07", "Cán bộ xã", "sửa",
                     communes=("00002",), today=TODAY)
    entry = approval.act(mini_dir, "reopen", "00002", "2024-07", "Trưởng ban",
                         "Nhập nhầm buổi tuyên truyền", today=TODAY)
    assert "Lý do: Nhập nhầm buổi tuyên truyền" in entry.note
    last = writer.read_audit(mini_dir)[-1]
    assert last.action == "reopen" and "Nhập nhầm buổi tuyên truyền" in last.note
    undone = writer.undo_last(mini_dir, "x", today=TODAY)
    assert undone.undoes == done.audit.id
    assert b"2024-07-01,00002-01" not in (mini_dir / "outreach.csv").read_bytes()
    approval.act(mini_dir, "reopen", "00002", "2024-06", "Trưởng ban", "Bổ sung", today=TODAY)
    assert import_file("outreach", (OUT_HEADER + row).encode(), "moi.csv", mini_dir,
                       user="x", today=TODAY).audit is not None


def test_an_editor_of_one_old_commune_cannot_report_for_the_whole_new_one(mini_dir):
    """Issue 25 item 8: the new 00002 holds the old 00001 and 00002; an editor of 00001 alone
    submitted 00002's report (their import for 00002 is refused). Free-text notes refuse
    control characters too."""
    tracked(mini_dir)
    after = dt.date(2025, 9, 1)
    with pytest.raises(approval.ReportError, match="không được báo cáo cho"):
        approval.act(mini_dir, "submit", "00002", "2025-08", "c", communes=("00001",),
                     today=after)
    approval.act(mini_dir, "submit", "00002", "2025-08", "c", communes=("00001", "00002"),
                 today=after)
    with pytest.raises(approval.ReportError, match="U\\+001B"):
        approval.act(mini_dir, "return", "00002", "2025-08", "h", "Thiếu\x1b[2J", today=after)


def test_a_model_type_or_religion_change_in_an_approved_period_is_refused(mini_dir):
    """Issue 25 item 8: M1's type changed while its activity of 10/02/2024 lay in Xã Bình's
    approved 2024-02 (the per-type figures changed without a reopen), and a religion row of an
    approved year was accepted."""
    tracked(mini_dir)
    approval.act(mini_dir, "submit", "00002", "2024-02", "c", today=TODAY)
    approval.act(mini_dir, "approve", "00002", "2024-02", "Trưởng ban", today=TODAY)
    before = {p.name: p.read_bytes() for p in mini_dir.glob("*.csv")}
    with pytest.raises(writer.WriteError) as exc:
        writer.correct_record(mini_dir, "models", {"model_id": "M1"},
                              {"model_type": "to_tu_quan"}, "lan", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "models.csv: Kỳ báo cáo tháng 2/2024 (15/01/2024 – 14/02/2024) của Xã Bình đã được "
        "Trưởng ban duyệt ngày 10/01/2025: không thêm, sửa, xóa hay hoàn tác được số liệu của "
        "kỳ này (4 dòng). "
        "Người được sửa mọi xã có thể mở khóa kỳ này (ghi lý do)."]
    with pytest.raises(writer.WriteError, match="của Xã Bình đã được Trưởng ban duyệt"):
        writer.correct_record(mini_dir, "religion",
                              {"year": "2024", "village_code": "00002-02", "religion": "Tin lành"},
                              {"households": "21"}, "lan", today=TODAY)
    assert {p.name: p.read_bytes() for p in mini_dir.glob("*.csv")} == before
    # Other columns of the model, and another commune's religion rows, stay open.
    writer.correct_record(mini_dir, "models", {"model_id": "M1"}, {"members": "13"}, "lan",
                          today=TODAY)
    writer.correct_record(mini_dir, "religion",
                          {"year": "2024", "village_code": "00003-01", "religion": "Công giáo"},
                          {"households": "6"}, "lan", today=TODAY)


def test_a_file_edited_outside_the_app_blocks_approval_until_acknowledged(mini_dir):
    """Issue 25 item 8: a hand edit of a data file while the app runs was served with no audit
    line. It is found against the log's last hash; approval waits for an acknowledgement."""
    from antt.writes import outside_edits

    tracked(mini_dir)
    import_file("patrols", b"record_id,held_on,village_code,model_id,occasion,participants\n"
                b"P9,2024-02-05,00002-01,,tet,7\n", "p.csv", mini_dir, user="lan", today=TODAY)
    approval.act(mini_dir, "submit", "00002", "2024-02", "c", today=TODAY)
    assert outside_edits.changed_outside(mini_dir) == []
    with (mini_dir / "patrols.csv").open("a", encoding="utf-8") as fh:
        fh.write("P10,2024-02-06,00002-01,,tet,900\n")  # by hand, on the server
    assert outside_edits.changed_outside(mini_dir) == ["patrols"]
    with pytest.raises(approval.ReportError) as exc:
        approval.act(mini_dir, "approve", "00002", "2024-02", "Trưởng ban", today=TODAY)
    assert [str(p) for p in exc.value.problems] == [
        "patrols.csv: Tệp patrols.csv đã bị sửa ngoài ứng dụng (không qua trang Dữ liệu hay "
        "dòng lệnh, không có dòng nhật ký): chưa duyệt được kỳ báo cáo nào cho đến khi người "
        "được sửa mọi xã kiểm tra tệp và xác nhận ở trang Dữ liệu."]
    [entry] = outside_edits.acknowledge(mini_dir, "truong_ban")
    assert (entry.action, entry.table, entry.user) == ("acknowledge", "patrols", "truong_ban")
    assert outside_edits.changed_outside(mini_dir) == []
    approval.act(mini_dir, "approve", "00002", "2024-02", "Trưởng ban", today=TODAY)
    # The acknowledgement is not a change to undo: the last undoable change is the import, and
    # its file changed since, so undo refuses.
    with pytest.raises(writer.WriteError, match="đã bị thay đổi sau lần ghi số 1"):
        writer.undo_last(mini_dir, "lan", today=TODAY)


def test_report_actions_follow_the_states(mini_dir):
    tracked(mini_dir)
    act = approval.act
    with pytest.raises(approval.ReportError, match="chưa nộp"):
        act(mini_dir, "approve", "00003", "2024-09", "h", today=TODAY)
    with pytest.raises(approval.ReportError, match="chưa kết thúc"):
        act(mini_dir, "submit", "00003", "2025-01", "c", today=TODAY)
    with pytest.raises(approval.ReportError, match="không được báo cáo cho Xã Đồng Ý"):
        act(mini_dir, "submit", "00003", "2024-09", "c", communes=("00001",), today=TODAY)
    with pytest.raises(approval.ReportError, match="không thuộc xã mới"):
        act(mini_dir, "submit", "00003", "2025-08", "c", today=dt.date(2025, 9, 1))
    act(mini_dir, "submit", "00003", "2024-09", "c", communes=("00005",), today=TODAY)
    with pytest.raises(approval.ReportError, match="đã nộp ngày 10/01/2025"):
        act(mini_dir, "submit", "00003", "2024-09", "c", today=TODAY)
    with pytest.raises(approval.ReportError, match="cần ghi lý do"):
        act(mini_dir, "return", "00003", "2024-09", "h", today=TODAY)
    act(mini_dir, "return", "00003", "2024-09", "h", "Thiếu số liệu", today=TODAY)
    act(mini_dir, "submit", "00003", "2024-09", "c", today=TODAY)
    act(mini_dir, "approve", "00003", "2024-09", "h", today=TODAY)
    lines = (mini_dir / "reports.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[3] for line in lines[1:]] == ["nộp", "trả lại", "nộp", "duyệt"]
    assert lines[1].startswith("BC-000001,00003,2024-09,nộp,2025-01-10,c,")
    with pytest.raises(writer.WriteError, match="Không có thay đổi nào để hoàn tác"):
        writer.undo_last(mini_dir, "h", today=TODAY)  # report events are not undone


# ---------------------------------------------------------------- the CLI


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "antt", "report", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=120)


def test_cli_submit_approve_reopen_status(mini_dir):
    tracked(mini_dir, reports="BC-000001,00001,2024-03,nộp,2024-03-15,Công an thị trấn An,\n")
    data = ("--data", str(mini_dir))
    ok = cli("submit", "00002", "2024-03", "--user", "Công an xã Bình", *data)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "Nộp báo cáo: Xã Bình, kỳ tháng 3/2024" in ok.stdout
    again = cli("submit", "00002", "2024-03", "--user", "Công an xã Bình", *data)
    assert again.returncode == 1 and "đã nộp ngày" in again.stdout
    status = cli("status", "--period", "2024-03", *data)
    assert status.returncode == 0, status.stderr
    out = status.stdout
    assert "Kỳ báo cáo tháng 3/2024 (15/02/2024 – 14/03/2024), hạn nộp 17/03/2024." in out
    assert ("đã nộp 2/3 báo cáo (66,7%), đúng hạn 1/3 (33,3%; 50,0% số đã nộp), đã duyệt 0"
            in out)
    assert "00003 Xã Đồng Ý: Chưa nộp" in out
    assert "báo cáo đều (đủ mọi kỳ): 0/3 xã" in out
    assert cli("approve", "00002", "2024-03", "--user", "Trưởng ban", *data).returncode == 0
    refused = cli("reopen", "00002", "2024-03", "--user", "Trưởng ban", *data)
    assert refused.returncode == 1 and "cần ghi lý do" in refused.stdout
    reopened = cli("reopen", "00002", "2024-03", "--user", "Trưởng ban", "--reason",
                   "Sửa số liệu tuần tra", *data)
    assert reopened.returncode == 0, reopened.stdout
    audit = (mini_dir / "audit.jsonl").read_text(encoding="utf-8")
    assert "Mở khóa kỳ đã duyệt: Xã Bình, kỳ tháng 3/2024. Lý do: Sửa số liệu tuần tra" in audit
    # Issue 25 item 12: --user is not checked; the server account that ran it is recorded.
    account = getpass.getuser()
    assert f'"user": "Trưởng ban (dòng lệnh, tài khoản máy chủ {account})"' in audit
    reports = (mini_dir / "reports.csv").read_text(encoding="utf-8")
    assert f"Công an xã Bình (dòng lệnh, tài khoản máy chủ {account})" in reports
    bad = cli("status", "--period", "2024-3", *data)
    assert bad.returncode == 2 and "YYYY-MM" in bad.stdout


def test_sample_reports_are_as_described(sample_store):
    reports = load_reports(sample_store)
    assert reports.settings == report_rules.Settings("2024-01", 3)
    today = dt.date(2026, 11, 28)
    native = reports.cells(report_rules.periods_between("2024-01", "2026-11"), today)
    counts = native["cell"].value_counts().to_dict()
    assert native["expected"].sum() == 18 * 18 + 17 * 6  # 2024-01..2025-06 old, then new
    assert counts["approved"] == len(native[native["period"] <= "2026-08"])
    late = native[(native["reported"] == 1) & (native["on_time"] == 0)]
    assert 0.05 < len(late) / native["reported"].sum() < 0.2  # most on time, some late
    missing = native[native["reported"] == 0]
    assert sorted(missing["period"]) == ["2026-09", "2026-10", "2026-11", "2026-11"]
    assert reports.approved_through("2024", ()) == "2026-08"


def test_complete_through_per_scope(sample_store):
    # Issue 23: the one completeness rule (antt.data.complete) replaces the per-period
    # "Tính trên 5/6 xã đã báo cáo" count: Vũ Lăng has not reported kỳ 10/2026 but its records
    # reach 28/10/2026, past the month's end (14/10): its data are complete for that month.
    reports = load_reports(sample_store)
    today = dt.date(2026, 11, 28)
    through = progress.data_through(reports, sample_store, "2025", (), today)
    assert through.complete_through(dt.date(2026, 10, 14))
    assert [u.name for u in through.missing(dt.date(2026, 11, 14))] == [
        "Xã Tân Tri", "Xã Vũ Lăng"]
    two = progress.data_through(reports, sample_store, "2025", ("06367", "06325"), today)
    assert [u.code for u in two.units] == ["06325", "06367"]
    assert two.complete == dt.date(2026, 10, 28)
    old = progress.data_through(reports, sample_store, "2024", (), today)
    assert len(old.units) == 18 and old.first == dt.date(2020, 1, 1)
