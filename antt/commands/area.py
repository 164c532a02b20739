"""`python -m antt area init DIR --province NAME [--district NAME|CODE] [--commune NAME|CODE]`:
a new data folder for any area, from the official unit lists (antt.area)."""

from __future__ import annotations

import argparse
from pathlib import Path

from antt.area.folder import FolderError, write_folder
from antt.area.units import AreaError, select_area
from antt.text.fmt import number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="VIỆC")
    init = sub.add_parser("init", help="tạo thư mục dữ liệu cho một tỉnh, huyện cũ hoặc xã",
                          description="Tạo thư mục dữ liệu cho một địa bàn từ danh mục hành chính")
    init.add_argument("dir", type=Path, help="thư mục dữ liệu mới")
    init.add_argument("--province", required=True,
                      help="tỉnh: tên (có dấu hay không) hoặc mã, trước hay từ 01/7/2025")
    init.add_argument("--district", default=None, help="huyện trước 01/7/2025: tên hoặc mã")
    init.add_argument("--commune", default=None,
                      help="một xã: tên hoặc mã, xã từ 01/7/2025 hoặc xã trước đó")
    init.add_argument("--force", action="store_true", help="ghi vào thư mục đã có tệp")


def run(args: argparse.Namespace) -> int:
    try:
        area = select_area(args.province, args.district, args.commune)
        counts = write_folder(area, args.dir, force=args.force)
    except (AreaError, FolderError) as exc:
        print(exc)
        return 2
    districts = {r["district_code"] for r in area.old}
    print(f"Đã tạo {args.dir} cho {area.scope}:")
    print(f"  - trước 01/7/2025: {number(counts['communes'])} xã, phường, thị trấn của "
          f"{number(len(districts))} huyện")
    print(f"  - từ 01/7/2025: {number(counts['communes_2025'])} xã, phường")
    print(f"  - bảng chuyển đổi: {number(counts['commune_links'])} dòng")
    print(f"  - ranh giới (vietnam63, 2013, gộp theo danh mục): "
          f"{number(counts['polygons_2024'])}/{number(counts['communes'])} xã trước 01/7/2025, "
          f"{number(counts['polygons_2025'])}/{number(counts['communes_2025'])} xã từ 01/7/2025;"
          f" xã không có ranh giới là một chấm tại tâm xã (xem {args.dir / 'geo' / 'SOURCE.md'})")
    names = {r["commune_code_2025"]: r["commune_name_2025"] for r in area.new}
    old_names = {r["commune_code"]: r["commune_name"] for r in area.old}
    if area.split:
        print("  Xã cũ bị chia cho nhiều xã mới (xã mới mặc định là ước tính, hãy xác nhận theo "
              "từng thôn ở cột “Xã mới” của danh sách thôn):")
        for old, new in sorted(area.split.items()):
            print(f"    {old_names[old]} ({old}): mặc định {names[new[0]]}; còn "
                  + ", ".join(names[c] for c in new[1:]))
    print("Chưa có thôn nào. Nhập danh sách thôn: python -m antt import villages TỆP "
          f"--data {args.dir}")
    print(f"Chạy ứng dụng: ANTT_DATA_DIR={args.dir} streamlit run app.py")
    return 0
