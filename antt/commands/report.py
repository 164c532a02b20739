"""`python -m antt report submit|approve|return|reopen UNIT PERIOD --user NAME [--reason …]`
and `python -m antt report status [--period YYYY-MM] [--unit-set 2024|2025]`.

The same actions as the Dữ liệu page (an operator at the server acts for every commune), with
the same checks, locks and audit lines; `status` prints the grid's summary for one period:
the units missing and the rates.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from antt import config
from antt.commands import command_line_actor
from antt.commands.editor import viewer_refused
from antt.data import report_rules
from antt.data.store import Store
from antt.problems import summarize
from antt.quality import gate
from antt.reporting import approval, coverage, progress
from antt.reporting.progress import latest_ended, load_reports
from antt.text.fmt import date_short, number, percent, today_local


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    helps = {"submit": "nộp báo cáo của một xã cho một kỳ", "approve": "duyệt báo cáo đã nộp",
             "return": "trả lại báo cáo đã nộp (ghi lý do)",
             "reopen": "mở khóa kỳ đã duyệt (ghi lý do)"}
    for action, text in helps.items():
        p = sub.add_parser(action, help=text, description=text)
        p.add_argument("unit", help="mã xã theo bộ đơn vị của kỳ (ví dụ 06367)")
        p.add_argument("period", help="kỳ báo cáo tháng, dạng YYYY-MM (2024-10 = 15/09–14/10)")
        p.add_argument("--user", default=None,
                       help="tên ghi vào nhật ký, kèm tài khoản máy chủ (không kiểm tra)")
        p.add_argument("--reason", "--note", dest="note", default="",
                       help="lý do (bắt buộc khi trả lại, mở khóa) hoặc ghi chú")
        p.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")
    status = sub.add_parser("status", help="tóm tắt tiến độ báo cáo một kỳ")
    status.add_argument("--period", default=None,
                        help="kỳ YYYY-MM (mặc định: kỳ gần nhất đã kết thúc)")
    status.add_argument("--unit-set", choices=("2024", "2025"), default=None,
                        help="bộ đơn vị (mặc định: bộ của kỳ)")
    status.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")


def run(args: argparse.Namespace) -> int:
    data_dir = args.data or config.data_dir()
    if args.action == "status":
        return _status(data_dir, args.period, args.unit_set)
    user = command_line_actor(args.user)
    if args.user and viewer_refused(args.user):
        return 1
    try:
        entry = approval.act(data_dir, args.action, args.unit, args.period, user, args.note)
    except approval.writer.WriteError as exc:
        print("Không thực hiện được:")
        for line in summarize(exc.problems):
            print(f"  - {line}")
        return 1
    print(f"{entry.note} (nhật ký số {entry.id}).")
    if args.action == "approve":  # medium and low data-quality flags: shown, not blocking
        lines = gate.shown_to_approver(data_dir, args.unit, args.period)
        if lines:
            print("Cảnh báo chất lượng số liệu chưa xử lý (không chặn duyệt):")
            print("\n".join(f"  - {line}" for line in lines))
    return 0


def _status(data_dir: Path, period: str | None, unit_set: str | None) -> int:
    store = Store(data_dir)
    if not store.refresh() and store.problems:
        print("Dữ liệu có lỗi:")
        for line in summarize(store.problems, 20):
            print(f"  - {line}")
        return 2
    today = today_local()
    try:
        period = period or latest_ended(today)
        report_rules.parse_period(period)
    except ValueError as exc:
        print(exc)
        return 2
    reports = load_reports(store)
    for problem in reports.settings.problems:
        print(problem)
    if not reports.settings.tracking:
        print(reports.settings.rules_text())
        return 0
    display = unit_set or report_rules.unit_set_of(period)
    grid, summary = reports.grid([period], display, (), today)
    print(f"Kỳ báo cáo {report_rules.period_text(period)}, hạn nộp "
          f"{date_short(reports.settings.deadline(period))}.")
    if summary.expected == 0:
        print("Chưa có báo cáo nào phải nộp trong kỳ này (chưa đến hạn hoặc trước tháng bắt "
              "đầu theo dõi).")
        return 0
    print(_rates(summary))
    missing = grid[grid["reported"] < grid["natives"]]
    if missing.empty:
        print("Mọi xã đã nộp.")
    else:
        print(f"Chưa nộp ({number(len(missing))}):")
        for row in missing.itertuples():
            print(f"  - {row.unit_code} {row.unit_name}: {coverage.CELL_LABELS[row.cell]}")
    through = progress.data_through(reports, store, display, (), today)
    late = ", ".join(f"{u.name} ({date_short(u.through) if u.through else '–'})"
                     for u in through.missing(report_rules.period_bounds(period)[1]))
    done = date_short(through.complete) if through.complete else "–"
    print(f"Số liệu đủ (mọi xã, đã báo cáo hoặc có bản ghi) đến {done}"
          + (f"; chưa đủ đến hết kỳ: {late}." if late else "; kỳ này đủ số liệu."))
    start = reports.settings.start
    if start < period:
        periods = report_rules.periods_between(start, period)
        _, overall = reports.grid(periods, display, (), today)
        label = report_rules.period_label
        print(f"Từ kỳ {label(start)} đến kỳ {label(period)}: "
              f"{_rates(overall)}; báo cáo đều (đủ mọi kỳ): {number(overall.regular_units)}/"
              f"{number(overall.units)} xã ({percent(overall.regular_rate)}).")
    return 0


def _rates(s: coverage.Summary) -> str:
    """The page's rates (antt.reporting.coverage.Summary), in the unit set of the grid:
    received / owed, on time / owed (and on time among those received, labelled)."""
    return (f"đã nộp {number(s.reported)}/{number(s.expected)} báo cáo "
            f"({percent(s.rate)}), đúng hạn {number(s.on_time)}/{number(s.expected)} "
            f"({percent(s.on_time_rate)}; {percent(s.on_time_of_received)} số đã nộp), "
            f"đã duyệt {number(s.approved)}")
