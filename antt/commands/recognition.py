"""`python -m antt recognition status --year YYYY [--data DIR] [--communes …]`: the year's
"An toàn về ANTT" assessment (antt/recognition), one line per thôn (code, name, commune, result,
first reason) and a summary per commune. `recognition import FILE --user NAME`: the entry
template (Excel) filled by the committee, with the same checks and audit as the page's form.
"""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from antt import config
from antt.problems import summarize
from antt.recognition import workbook
from antt.recognition.assess import assess
from antt.recognition.entries import EntryError, save_entries
from antt.recognition.rules import RulesError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    status = sub.add_parser("status", help="kết quả đánh giá một năm, mỗi thôn một dòng")
    status.add_argument("--year", type=int, required=True, help="năm đánh giá (ví dụ 2026)")
    status.add_argument("--communes", nargs="+", default=[],
                        help="mã xã theo bộ đơn vị của năm (trước 2025: xã cũ; từ 2025: xã mới)")
    status.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")
    imp = sub.add_parser("import", help="nhập tệp Excel tiêu chí (theo tệp mẫu của trang)")
    imp.add_argument("file", type=Path, help="tệp .xlsx")
    imp.add_argument("--user", default=None, help="tên ghi vào nhật ký (mặc định: tên máy)")
    imp.add_argument("--data", type=Path, default=None, help="thư mục dữ liệu")


def run(args: argparse.Namespace) -> int:
    data_dir = args.data or config.data_dir()
    if args.action == "import":
        return _import(data_dir, args.file, args.user or f"{getpass.getuser()} (dòng lệnh)")
    communes = tuple(c.strip() for part in args.communes for c in part.split(",") if c.strip())
    try:
        result = assess(args.year, data_dir, communes)
    except RulesError as exc:
        print("Không đọc được tiêu chí:", *exc.messages, sep="\n  - ")
        return 1
    w = result.windows
    print(f"Công nhận “An toàn về an ninh, trật tự” năm {args.year} (đơn vị hành chính "
          f"{'từ 01/7/2025' if result.unit_set == '2025' else 'trước 01/7/2025'}); mốc đánh giá "
          f"thôn {w['thon'].start:%d/%m/%Y}–{w['thon'].end:%d/%m/%Y}, "
          f"xã {w['xa'].start:%d/%m/%Y}–{w['xa'].end:%d/%m/%Y}")
    for v in result.villages:
        print("\t".join((v.code, v.name, v.commune_name, v.result, v.first_reason)))
    print()
    print("Tổng hợp theo xã:")
    for row in result.summary().to_dict("records"):
        print(f"  {row['Mã xã']} {row['Xã']}: {row['Số thôn']} thôn, đạt {row['Thôn đạt']}, "
              f"không đạt {row['Thôn không đạt']}, chưa đủ thông tin "
              f"{row['Thôn chưa đủ thông tin']}; xã: {row['Kết quả của xã']}")
    return 0


def _import(data_dir: Path, file: Path, user: str) -> int:
    entries, problems = workbook.read_template(file.read_bytes(), file.name)
    try:
        if problems:
            raise EntryError(problems)
        entry = save_entries(data_dir, entries, user=user, file_name=file.name,
                             headers=workbook.FILE_HEADERS)
    except EntryError as exc:
        print("Không nhập được:")
        for line in summarize(exc.problems):
            print(f"  - {line}")
        return 1
    print("Không có thay đổi nào." if entry is None else
          f"Đã ghi: thêm {entry.rows_added}, sửa {entry.rows_changed}, xóa {entry.rows_deleted} "
          f"(nhật ký số {entry.id}).")
    return 0
