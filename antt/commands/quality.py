"""`python -m antt quality check [--data DIR] [--period YYYY-MM] [--communes …]`: every
data-quality flag (rules of data/rules.toml, unusual values, missing reports, double entries)
with its record, rule and importance; exit status 1 when a high-importance flag is open.
`python -m antt quality follow|unfollow|confirm FLAG --user NAME [--reason …]`: the follow-up
marks of the page (antt.quality.marks), with the same checks and audit lines."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from antt import config
from antt.data import report_rules
from antt.data.store import Store
from antt.problems import summarize
from antt.quality import flags as quality_flags
from antt.quality import marks
from antt.text.fmt import date_short, number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    p = sub.add_parser("check", help="in các cảnh báo chất lượng số liệu",
                       description="In các cảnh báo chất lượng số liệu; mã thoát 1 khi còn "
                                   "cảnh báo mức độ cao chưa xử lý.")
    p.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")
    p.add_argument("--period", default=None,
                   help="chỉ kỳ báo cáo tháng này, dạng YYYY-MM (2024-10 = 15/09–14/10)")
    p.add_argument("--communes", nargs="+", default=[],
                   help="chỉ các xã này (mã xã trước hoặc từ 01/7/2025)")
    for action, text in (("follow", "đánh dấu theo dõi một cảnh báo"),
                         ("unfollow", "bỏ theo dõi một cảnh báo (ghi lý do)"),
                         ("confirm", "xác nhận số liệu đúng, gỡ cảnh báo (ghi lý do)")):
        m = sub.add_parser(action, help=text, description=text)
        m.add_argument("flag", help="mã cảnh báo, ví dụ CK-SO-HO:CK-000123 (xem `check`)")
        m.add_argument("--user", default=None, help="tên ghi vào nhật ký (mặc định: tên máy)")
        m.add_argument("--reason", "--note", dest="note", default="", help="lý do, ghi chú")
        m.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")


def run(args: argparse.Namespace) -> int:
    if args.action != "check":
        user = args.user or f"{getpass.getuser()} (dòng lệnh)"
        try:
            entry = marks.act(args.data or config.data_dir(), args.action, args.flag, user,
                              args.note)
        except marks.writer.WriteError as exc:
            print("Không thực hiện được:")
            for line in summarize(exc.problems):
                print(f"  - {line}")
            return 1
        print(f"{entry.note} (nhật ký số {entry.id}).")
        return 0
    store = Store(args.data or config.data_dir())
    if not store.refresh() and store.problems:
        print("Dữ liệu có lỗi:")
        for line in summarize(store.problems, 20):
            print(f"  - {line}")
        return 2
    if args.period:
        try:
            report_rules.parse_period(args.period)
        except ValueError as exc:
            print(exc)
            return 2
    found = quality_flags.check(store)
    for problem in found.problems:
        print(f"Tệp quy tắc: {problem}")
    frame = select(found.frame, args.period, tuple(args.communes))
    for r in frame.itertuples():
        where = r.village_name and f"thôn {r.village_name}, {r.commune_name}" or r.commune_name
        day = date_short(r.on_date.date()) if r.record_id else \
            f"kỳ {report_rules.period_label(r.period)}"
        state = "" if r.state == quality_flags.OPEN else f" [{r.state}: {r.mark_note}]"
        print(f"[{r.importance}] {r.record_id or '—'} ({where}, {day}; {r.flag}) {r.check_id}: "
              f"{r.rule_text}. {r.message}{state}")
    open_ = frame[frame["state"] != quality_flags.CONFIRMED]
    high = int((open_["importance"] == quality_flags.HIGH).sum())
    counts = open_["importance"].value_counts()
    print(f"{number(len(frame))} cảnh báo; chưa xử lý: cao {number(high)}, trung bình "
          f"{number(int(counts.get('trung bình', 0)))}, thấp {number(int(counts.get('thấp', 0)))}.")
    return 1 if high else 0


def select(frame, period: str | None, communes: tuple[str, ...]):
    """The flags of one reporting month and some communes (codes of either unit set)."""
    if period:
        frame = frame[frame["period"] == period]
    if communes:
        frame = frame[frame["commune_code"].isin(communes)
                      | frame["commune_code_2025"].isin(communes)]
    return frame
