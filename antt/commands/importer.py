"""`python -m antt import TABLE FILE [--dry-run] [--user NAME] [--data DIR]`.

Same checks and the same all-or-nothing write as the Dữ liệu page, with the same audit line.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from antt import config
from antt.commands import command_line_actor
from antt.commands.editor import viewer_refused
from antt.data.schema import IMPORTABLE_TABLES
from antt.entry.import_villages import import_villages
from antt.entry.importer import import_file
from antt.problems import summarize
from antt.text.fmt import number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", choices=(*IMPORTABLE_TABLES, "villages"),
                        help="bảng nhận dữ liệu (villages: danh sách thôn theo tên xã)")
    parser.add_argument("file", type=Path, help="tệp CSV hoặc .xlsx")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    parser.add_argument("--user", default=None,
                        help="tên ghi vào nhật ký, kèm tài khoản máy chủ (không kiểm tra)")
    parser.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu (mặc định data/)")


def run(args: argparse.Namespace) -> int:
    data_dir = args.data or config.data_dir()
    try:
        raw = args.file.read_bytes()
    except OSError:
        print(f"{args.file}: Không đọc được tệp.")
        return 2
    user = command_line_actor(args.user)
    if args.user and viewer_refused(args.user):
        return 1
    if args.table == "villages":
        result = import_villages(raw, args.file.name, data_dir, user=user, dry_run=args.dry_run)
        for note in result.notes:
            print(note)
    else:
        result = import_file(args.table, raw, args.file.name, data_dir, user=user,
                             dry_run=args.dry_run)
    if not result.ok:
        print(f"Tệp có {number(len(result.problems))} lỗi, không ghi gì:")
        for line in summarize(result.problems):
            print(f"  - {line}")
        return 1
    if result.diff is not None and len(result.diff):
        print(result.diff.to_string(index=False))
    counts = (f"{number(result.added)} dòng mới, {number(result.changed)} dòng thay đổi, "
              f"{number(result.unchanged)} dòng không đổi")
    if result.nothing_to_do:
        print(f"Không có gì thay đổi ({counts}).")
    elif args.dry_run:
        print(f"Kiểm tra xong, không có lỗi: {counts}. Chưa ghi (--dry-run).")
    else:
        print(f"Đã ghi vào {args.table}: {counts} (nhật ký số {result.audit.id}).")
    return 0
